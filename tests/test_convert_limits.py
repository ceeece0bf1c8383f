"""Hostile files through ``import`` and ``export``: every one is refused or read within a time and memory
bound, with a ``GL9xx`` finding (import) or a Chinese message with a position (export), never a traceback.

The hostile imports run in a child process whose address space is capped, so a regression fails the test
instead of exhausting the machine."""

from __future__ import annotations

import io
import os
import resource
import struct
import subprocess
import sys
import tempfile
import time
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from docx import Document
from openpyxl import Workbook, load_workbook

from genhe_lint.catalog.schema import Catalog
from genhe_lint.convert import limits
from genhe_lint.convert.api import export_catalog, import_bytes, import_file, read_catalog
from genhe_lint.diagnostic import Diagnostic
from tests.conftest import ROOT

HEADER = ("序号", "一级事项", "二级事项", "公开内容", "公开时限", "公开主体", "责任科室")


# -- hostile files, built here ---------------------------------------------------------------------------


def span_bomb_html() -> bytes:
    """A few hundred bytes of HTML whose cells ask for a million slots each."""
    head = "".join(f"<th>{h}</th>" for h in HEADER[:4])
    big = '<td rowspan=1000 colspan=1000>x</td>'
    return (f"<table><tr>{head}</tr><tr>{big * 4}</tr><tr>{big * 4}</tr></table>").encode()


def plain_rows_html(rows: int = 5000) -> bytes:
    """An ordinary table of ``rows`` rows, one 一级事项 each."""
    out = ["<html><body><p>根河市民政局主动公开目录</p><table>",
           "<tr>" + "".join(f"<th>{h}</th>" for h in HEADER) + "</tr>"]
    for i in range(rows):
        out.append(f"<tr><td>{i + 1}</td><td>事项{i}</td><td>子项{i}</td><td>第{i}项内容，说明文字</td>"
                   "<td>即时公开</td><td>根河市民政局</td><td>办公室</td></tr>")
    out.append("</table></body></html>")
    return "\n".join(out).encode()


def _workbook(rows: int = 3) -> bytes:
    wb = Workbook()
    ws: Any = wb.active
    ws.append(["根河市民政局主动公开目录"])
    ws.append(list(HEADER))
    for i in range(rows):
        ws.append([i + 1, f"事项{i}", f"子项{i}", f"内容{i}", "即时公开", "根河市民政局", "办公室"])
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _replace_member(data: bytes, name: str, edit: Any) -> bytes:
    """The zip with one member's text passed through ``edit`` (the others copied as they are)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            body = src.read(info)
            if info.filename == name:
                edit(dst, info.filename, body)
            else:
                dst.writestr(info, body)
    return out.getvalue()


def giant_merge_xlsx(ref: str = "A3:XFD1048576") -> bytes:
    """A small sheet with one merged range over the whole rest of the sheet."""

    def edit(dst: zipfile.ZipFile, name: str, body: bytes) -> None:
        merge = f'<mergeCells count="1"><mergeCell ref="{ref}"/></mergeCells>'.encode()
        dst.writestr(name, body.replace(b"</sheetData>", b"</sheetData>" + merge, 1))

    return _replace_member(_workbook(), "xl/worksheets/sheet1.xml", edit)


def _docx() -> bytes:
    doc = Document()
    doc.add_paragraph("根河市民政局主动公开目录")
    table = doc.add_table(rows=2, cols=len(HEADER))
    for c, text in enumerate(HEADER):
        table.cell(0, c).text = text
    for c, text in enumerate(("1", "事项", "子项", "内容", "即时公开", "根河市民政局", "办公室")):
        table.cell(1, c).text = text
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def inflation_bomb_docx(megabytes: int = 60) -> bytes:
    """A docx of well under a megabyte whose document.xml inflates to ``megabytes`` MB of paragraphs."""
    paragraph = b"<w:p><w:r><w:t>x</w:t></w:r></w:p>"
    chunk = paragraph * (1 << 14)

    def edit(dst: zipfile.ZipFile, name: str, body: bytes) -> None:
        head, tail = body.split(b"</w:body>", 1)
        info = zipfile.ZipInfo(name)
        info.compress_type = zipfile.ZIP_DEFLATED
        with dst.open(info, "w") as out:  # streamed: the test holds no 60 MB string
            out.write(head)
            for _ in range(megabytes * (1 << 20) // len(chunk)):
                out.write(chunk)
            out.write(b"</w:body>" + tail)

    return _replace_member(_docx(), "word/document.xml", edit)


CATALOG = """version: 1
department: 根河市民政局
title: {title}
sections:
  - serial: 1
    name: 履职依据
    content: 法律法规
    deadline: 即时公开
    channels: [政府网站]
    audience: [全社会]
    unit: 办公室
"""


def alias_bomb_yaml() -> str:
    """The billion laughs inside a catalog: nine levels of nine aliases."""
    lines = ["version: 1", "department: 根河市民政局", f"x0: &a0 [{', '.join(['lol'] * 9)}]"]
    for i in range(1, 10):
        lines.append(f"x{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 9)}]")
    lines += ["sections:", "  - name: *a9"]
    return "\n".join(lines) + "\n"


def deep_yaml(depth: int = 20000) -> str:
    return "version: 1\ndepartment: 根河市民政局\nsections: " + "[" * depth + "]" * depth + "\n"


def control_yaml() -> str:
    return CATALOG.format(title='"根河市民政局\\x1b[31m主动公开目录\\x07"')


def lying_zip_docx() -> bytes:
    """A docx whose document.xml says (in both headers) it inflates to 1 KB, and inflates to 30 MB."""
    real = inflation_bomb_docx(30)
    out = bytearray(real)
    name = b"word/document.xml"
    for signature, size_at, name_at in ((b"PK\x03\x04", 22, 30), (b"PK\x01\x02", 24, 46)):
        pos = out.find(signature)
        while pos >= 0:
            if out[pos + name_at : pos + name_at + len(name)] == name:
                out[pos + size_at : pos + size_at + 4] = struct.pack("<I", 1024)
            pos = out.find(signature, pos + 4)
    return bytes(out)


# -- a child process with its address space capped ------------------------------------------------------

ADDRESS_SPACE = 1536 << 20  # the tool with lxml, openpyxl and pydantic loaded stays well inside this
CPU_SECONDS = 20  # the kernel stops a runaway


@dataclass
class Run:
    code: int
    stdout: str
    stderr: str
    seconds: float  # CPU time, user + system: steadier than the wall clock on a busy machine
    peak_mb: float


def _cap() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (ADDRESS_SPACE, ADDRESS_SPACE))
    resource.setrlimit(resource.RLIMIT_CPU, (CPU_SECONDS, CPU_SECONDS))


def run_capped(*args: str, cwd: Path) -> Run:
    env = {**os.environ, "PYTHONIOENCODING": "utf-8", "NO_COLOR": "1", "PYTHONPATH": str(ROOT)}
    env.pop("GENHE_LINT_LANG", None)
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        proc = subprocess.Popen([sys.executable, "-m", "genhe_lint", *args], cwd=cwd, env=env,
                                stdout=out, stderr=err, preexec_fn=_cap)
        _, status, usage = os.wait4(proc.pid, 0)
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        text = [f.read().decode("utf-8", "replace") for f in (out, err)]
        return Run(proc.returncode, text[0], text[1], usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024)


def assert_bounded(run: Run, seconds: float = 4.0, megabytes: float = 400) -> None:
    assert "Traceback" not in run.stderr and "internal error" not in run.stderr, run.stderr[-2000:]
    assert run.seconds < seconds, (run.seconds, run.stderr[-500:])
    assert run.peak_mb < megabytes, run.peak_mb


# -- hostile imports --------------------------------------------------------------------------------------


def test_span_bomb_html_is_cut_at_the_table_edge(tmp_path: Path) -> None:
    source = tmp_path / "span.html"
    source.write_bytes(span_bomb_html())
    assert len(source.read_bytes()) < 500
    run = run_capped("import", str(source), cwd=tmp_path)
    assert_bounded(run)
    assert "GL910" in run.stderr


def test_five_thousand_rows_import_in_linear_time(tmp_path: Path) -> None:
    source = tmp_path / "rows.html"
    source.write_bytes(plain_rows_html(5000))
    run = run_capped("import", str(source), cwd=tmp_path)
    assert_bounded(run, seconds=4.0)
    assert run.code == 0, run.stderr
    assert run.stdout.count("- serial:") == 5000


def test_xlsx_merge_over_the_whole_sheet_is_cut_at_the_last_cell(tmp_path: Path) -> None:
    source = tmp_path / "merge.xlsx"
    source.write_bytes(giant_merge_xlsx())
    run = run_capped("import", str(source), cwd=tmp_path)
    assert_bounded(run)
    assert "GL910" in run.stderr


def test_xlsx_cell_at_the_sheet_corner_is_refused_by_area(tmp_path: Path) -> None:
    def edit(dst: zipfile.ZipFile, name: str, body: bytes) -> None:
        corner = b'<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>x</t></is></c></row>'
        dst.writestr(name, body.replace(b"</sheetData>", corner + b"</sheetData>", 1))

    result = import_bytes(_replace_member(_workbook(), "xl/worksheets/sheet1.xml", edit), Path("corner.xlsx"))
    assert [(d.code, d.span.line) for d in result.diagnostics] == [("GL909", 1048576)]
    assert result.text is None


def test_docx_inflation_bomb_is_refused_before_it_is_parsed(tmp_path: Path) -> None:
    source = tmp_path / "bomb.docx"
    source.write_bytes(inflation_bomb_docx(60))
    assert source.stat().st_size < 1 << 20
    run = run_capped("import", str(source), cwd=tmp_path)
    assert_bounded(run, megabytes=200)
    assert run.code == 1 and "bomb.docx:1:1 错误 GL909" in run.stderr


def test_a_zip_that_understates_its_sizes_is_refused_not_inflated() -> None:
    result = import_bytes(lying_zip_docx(), Path("lying.docx"))
    assert [d.code for d in result.diagnostics] in (["GL902"], ["GL909"])
    assert result.text is None


def test_a_zip_with_too_many_members_is_refused() -> None:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        for i in range(limits.MAX_ZIP_MEMBERS + 1):
            z.writestr(f"m{i}", b"")
    result = import_bytes(out.getvalue(), Path("many.xlsx"))
    assert [d.code for d in result.diagnostics] == ["GL909"]


def test_file_size_limit_is_the_loaders(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    source = tmp_path / "rows.html"
    source.write_bytes(plain_rows_html(20))
    monkeypatch.setenv("GENHE_LINT_MAX_FILE_SIZE", "1K")
    result = import_file(source)
    assert [d.code for d in result.diagnostics] == ["GL909"] and "GENHE_LINT_MAX_FILE_SIZE" in \
        result.diagnostics[0].message.zh


def test_cell_and_area_limits_name_the_line(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(limits, "MAX_CELLS", 50)
    result = import_bytes(plain_rows_html(20), Path("rows.html"))
    assert [(d.code, d.span.line) for d in result.diagnostics] == [("GL909", 9)]  # the 51st cell
    monkeypatch.setattr(limits, "MAX_CELLS", 1000)
    monkeypatch.setattr(limits, "MAX_AREA", 50)
    result = import_bytes(plain_rows_html(20), Path("rows.html"))
    assert [d.code for d in result.diagnostics] == ["GL909"]
    assert "行 × 7 列" in result.diagnostics[0].message.zh


def test_markdown_span_beyond_the_table_is_cut() -> None:
    md = ("# 根河市民政局主动公开目录\n\n| 序号 | 一级事项 | 公开内容 | 公开时限 |\n|---|---|---|---|\n"
          "| 1 | 甲<!-- genhe span=1000000x1000000 --> | 内容 | 即时公开 |\n| 2 | | 内容 | 即时公开 |\n")
    result = import_bytes(md.encode(), Path("span.md"))
    assert "GL910" in [d.code for d in result.diagnostics]
    assert result.catalog is not None


# -- hostile exports --------------------------------------------------------------------------------------

CATALOG_WITH = CATALOG.format(title="根河市民政局主动公开目录")


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "catalog.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def _codes(found: Catalog | list[Diagnostic]) -> list[tuple[str, int, int]]:
    assert isinstance(found, list), found
    return [(d.code, d.span.line, d.span.column) for d in found]


def test_alias_bomb_export_is_refused_by_the_loader(tmp_path: Path) -> None:
    path = _write(tmp_path, alias_bomb_yaml())
    run = run_capped("export", str(path), "-o", str(tmp_path / "out.xlsx"), cwd=tmp_path)
    assert_bounded(run, megabytes=300)
    assert run.code == 1 and "catalog.yaml:4:10 错误 GL001" in run.stderr and "别名" in run.stderr


def test_deep_nesting_export_is_refused_with_a_position(tmp_path: Path) -> None:
    found = read_catalog(_write(tmp_path, deep_yaml()))
    assert [c[:2] for c in _codes(found)] == [("GL001", 3)]


def test_control_character_export_is_refused_with_a_position(tmp_path: Path) -> None:
    found = read_catalog(_write(tmp_path, control_yaml()))
    assert _codes(found) == [("GL911", 3, 8)]
    assert isinstance(found, list) and "U+001B" in found[0].message.zh


def test_broken_catalog_gives_chinese_findings_not_pydantic(tmp_path: Path) -> None:
    typo = CATALOG_WITH.replace("channels: [政府网站]", "chanels: [政府网站]")
    found = read_catalog(_write(tmp_path, typo))
    assert _codes(found) == [("GL002", 9, 5)]
    assert isinstance(found, list) and "未知的键" in found[0].message.zh
    found = read_catalog(_write(tmp_path, "department: x\nsections: [\n"))
    assert [c[0] for c in _codes(found)] == ["GL001"]
    assert isinstance(read_catalog(_write(tmp_path, CATALOG_WITH)), Catalog)


@pytest.mark.parametrize("lead", ["=", "+", "-", "@", "\t", "\r"])
def test_xlsx_cells_are_text_whatever_they_start_with(lead: str) -> None:
    formula = f"{lead}HYPERLINK(\"http://example.com\",\"x\")"
    catalog = Catalog.model_validate({
        "version": 1, "department": "根河市民政局", "title": formula,
        "sections": [{"name": formula, "content": formula, "unit": "=1+1"}]})
    book = load_workbook(io.BytesIO(export_catalog(catalog, "xlsx")))
    cells = [c for ws in book.worksheets for row in ws.iter_rows() for c in row if c.value is not None]
    assert cells and all(c.data_type == "s" for c in cells)
    assert book.active["A1"].value == formula


def test_markdown_title_and_department_are_escaped() -> None:
    catalog = Catalog.model_validate({
        "version": 1, "department": "民政局<img src=x onerror=alert(1)>|`x`",
        "title": "<script>alert(1)</script>目录", "sections": [{"name": "a", "content": "`b` | <i>c</i>"}]})
    text = export_catalog(catalog, "md").decode()
    assert "<script>" not in text and "<img" not in text and "<i>" not in text and "`" not in text
    assert text.startswith("# &lt;script&gt;alert(1)&lt;/script&gt;目录\n")


def test_each_hostile_export_is_quick(tmp_path: Path) -> None:
    start = time.perf_counter()
    for text in (deep_yaml(), control_yaml(), alias_bomb_yaml()):
        read_catalog(_write(tmp_path, text))
    assert time.perf_counter() - start < 2.0
