"""Import a file, export a catalog: the functions the CLI and the tests call."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from genhe_lint.catalog.schema import Catalog
from genhe_lint.convert import limits, yamlwriter
from genhe_lint.convert.build import build
from genhe_lint.convert.draft import Draft, from_catalog
from genhe_lint.convert.layout import ExportError, layout
from genhe_lint.convert.problems import LIMIT, SPAN_CUT, UNREADABLE_FILE, Problems
from genhe_lint.convert.table import Table
from genhe_lint.diagnostic import Diagnostic

IMPORT_SUFFIXES = (".docx", ".xlsx", ".xlsm", ".html", ".htm", ".md", ".txt")
EXPORT_FORMATS = ("html", "xlsx", "docx", "md")


@dataclass
class ImportResult:
    path: str
    draft: Draft | None
    text: str | None  # the YAML
    diagnostics: list[Diagnostic] = field(default_factory=list)

    @property
    def catalog(self) -> Catalog | None:
        return self.draft.validated() if self.draft is not None else None


def _tables(path: Path, data: bytes, problems: Problems) -> list[Table]:
    tables = _read_tables(path, data)
    area = 0
    for table in tables:
        nrows, ncols = table.nrows, table.ncols
        limits.check_area(nrows, ncols, area, table.line(nrows - 1) if nrows else 1, ncols)
        area += nrows * ncols
        if table.clipped:
            problems.add(SPAN_CUT, 1, 1,
                         f"{table.name or '表格'}有 {table.clipped} 个合并单元格超出表格的边缘，已截断",
                         f"{table.name or 'the table'}: {table.clipped} merged cell(s) reach past the "
                         "table's edge; cut there")
    return tables


def _read_tables(path: Path, data: bytes) -> list[Table]:
    suffix = path.suffix.lower()
    if suffix in (".docx", ".xlsx", ".xlsm"):
        limits.check_zip(data)
    if suffix == ".docx":
        from genhe_lint.convert.importers import docx

        return docx.read(data, path.name)
    if suffix in (".xlsx", ".xlsm"):
        from genhe_lint.convert.importers import xlsx

        return xlsx.read(data, path.name)
    if suffix in (".html", ".htm"):
        from genhe_lint.convert.importers import html

        return html.read(data, path.name)
    if suffix == ".md":
        from genhe_lint.convert.importers import md

        return md.read(data, path.name)
    raise ValueError(suffix)


def import_bytes(data: bytes, path: Path, display: str | None = None) -> ImportResult:
    shown = display or str(path)
    problems = Problems(shown)
    draft: Draft | None = None
    try:
        limits.check_file_size(len(data))
        if path.suffix.lower() == ".txt":
            from genhe_lint.convert.importers.seedtext import read as read_text

            draft = read_text(data, path.name, problems)
        else:
            draft = build(_tables(path, data, problems), problems, path.name)
    except limits.LimitExceeded as exc:
        problems.add(LIMIT, exc.line, exc.column, exc.zh, exc.en)
        draft = None
    except Exception as exc:  # a damaged or foreign file: say so, never a traceback
        problems.add(UNREADABLE_FILE, 1, 1, f"文件无法读取：{type(exc).__name__}: {exc}",
                     f"cannot read the file: {type(exc).__name__}: {exc}")
        draft = None
    text = None
    if draft is not None:
        header = [f"由 genhe-lint import 从 {path.name} 导入 / "
                  f"imported from {path.name} by genhe-lint import",
                  "每个事项上方的“来源”注释指出它在原表中的行，便于核对 / "
                  "each node's 来源 comment names its source rows"]
        text = yamlwriter.dump(draft, header)
    return ImportResult(shown, draft, text, problems.items)


def import_file(path: Path, display: str | None = None) -> ImportResult:
    """Import one file; a file beyond the size limit is refused before it is read."""
    try:
        size = path.stat().st_size
        limits.check_file_size(size)
    except limits.LimitExceeded as exc:
        problems = Problems(display or str(path))
        problems.add(LIMIT, exc.line, exc.column, exc.zh, exc.en)
        return ImportResult(problems.path, None, None, problems.items)
    return import_bytes(path.read_bytes(), path, display)


def export_catalog(catalog: Catalog, fmt: str) -> bytes:
    """The catalog as the printed table in ``fmt`` (html, xlsx, docx, md). Raises :class:`ExportError`."""
    lay = layout(from_catalog(catalog))
    if fmt == "html":
        from genhe_lint.convert.exporters import html

        return html.render(lay)
    if fmt == "xlsx":
        from genhe_lint.convert.exporters import xlsx

        return xlsx.render(lay)
    if fmt == "docx":
        from genhe_lint.convert.exporters import docx

        return docx.render(lay)
    if fmt == "md":
        from genhe_lint.convert.exporters import md

        return md.render(lay)
    raise ExportError(f"未知的导出格式 / unknown format: {fmt}")


__all__ = ["EXPORT_FORMATS", "IMPORT_SUFFIXES", "ExportError", "ImportResult", "export_catalog",
           "import_file"]
