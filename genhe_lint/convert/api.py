"""Import a file, export a catalog: the functions the CLI and the tests call."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from genhe_lint.catalog.schema import Catalog
from genhe_lint.convert import limits, yamlwriter
from genhe_lint.convert.build import build
from genhe_lint.convert.draft import Draft, from_catalog
from genhe_lint.convert.layout import ExportError, layout
from genhe_lint.convert.problems import LIMIT, SPAN_CUT, UNPRINTABLE, UNREADABLE_FILE, Problems
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


# characters no table cell can hold (XML forbids them in .xlsx and .docx) or that a terminal would act on
_UNPRINTABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")


def read_catalog(path: Path, display: str | None = None) -> Catalog | list[Diagnostic]:
    """The catalog in a YAML file, for export: read by the loader ``check`` uses (its size, depth, node and
    alias limits apply) and validated by the catalog schema. A file that cannot be exported gives its
    findings instead, in Chinese and English with line and column: ``check``'s GL001 (unreadable YAML,
    beyond a limit) and GL002 (not the catalog format), or GL911 for a control character in a value."""
    from genhe_lint.load.loader import load_path
    from genhe_lint.load.parse import to_python
    from genhe_lint.ruledata import load as load_rule_data
    from genhe_lint.rules.base import Context
    from genhe_lint.rules.format import InvalidCatalogFormat, YamlSyntaxError

    doc = load_path(path, display)
    ctx = Context(document=doc, data=load_rule_data())
    found = [*YamlSyntaxError().check(ctx), *InvalidCatalogFormat().check(ctx)]
    if found or doc.root is None:
        return sorted(found, key=Diagnostic.sort_key)
    problems = Problems(doc.path)
    stack: list[yaml.Node] = [doc.root]
    while stack:
        node = stack.pop()
        if isinstance(node, yaml.MappingNode):
            stack.extend(value for _, value in node.value)
        elif isinstance(node, yaml.SequenceNode):
            stack.extend(node.value)
        elif (bad := _UNPRINTABLE.search(node.value)) is not None:
            code = f"U+{ord(bad.group()):04X}"
            problems.add(UNPRINTABLE, node.start_mark.line + 1, node.start_mark.column + 1,
                         f"值中有控制字符 {code}，表格无法显示；请删除",
                         f"a value holds the control character {code}, which no table can show; remove it")
    if problems.items:
        return sorted(problems.items, key=Diagnostic.sort_key)
    return Catalog.model_validate(to_python(doc.root))


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
           "import_file", "read_catalog"]
