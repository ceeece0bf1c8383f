"""Export then import gives back the same catalog, for every bundled catalog and every format; and the
exported files look like the printed table (merged cells, box columns, accessible HTML, A4 landscape)."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
import yaml

from genhe_lint.catalog.schema import Catalog
from genhe_lint.convert.api import EXPORT_FORMATS, export_catalog, import_bytes
from genhe_lint.convert.layout import ExportError
from tests.conftest import CATALOGS

BUNDLED = sorted(CATALOGS.glob("*.yaml"))


def load(path: Path) -> Catalog:
    return Catalog.model_validate(yaml.safe_load(path.read_text(encoding="utf-8")))


def roundtrip(catalog: Catalog, fmt: str) -> Catalog:
    data = export_catalog(catalog, fmt)
    result = import_bytes(data, Path(f"exported.{fmt}"))
    assert [d for d in result.diagnostics if d.severity.value != "info"] == []
    assert result.catalog is not None and result.text is not None
    # the YAML written is the catalog compared
    assert Catalog.model_validate(yaml.safe_load(result.text)) == result.catalog
    return result.catalog


@pytest.mark.parametrize("fmt", EXPORT_FORMATS)
@pytest.mark.parametrize("path", BUNDLED, ids=lambda p: p.stem)
def test_bundled_catalog_round_trip(path: Path, fmt: str) -> None:
    catalog = load(path)
    assert roundtrip(catalog, fmt).model_dump() == catalog.model_dump()


def test_both_bundled_catalogs_are_covered() -> None:
    assert {p.name for p in BUNDLED} == {"genhe-minzhengju.yaml", "genhe-zhengwu-shuju.yaml"}


# Shapes the bundled catalogs do not have: where the table alone is ambiguous, hints must carry it.
TRICKY = """
version: 1
department: 根河市某某局
title: 另一个标题
sections:
  - name: 甲
    deadline: 即时公开
    channels: [政府网站, 广播电视台, 自定义渠道]
    audience: [全社会, 特定对象]
    items:
      - name: 甲一
        content: '1: 不是映射'
      - name: 甲二
        deadline: ''
        content: "#号开头\\n第二行 'quoted'\\n"
      - name: 甲三
        content: 'yes'
  - items:
      - name: ''
        serial: 8
        publisher: '8'
        unit: ''
        items:
          - content: 只有一个无名下级
      - name: 乙二
        content: 乙二的内容
  - name: 丙
    channels: []
    audience: []
    content: 一行
"""


@pytest.mark.parametrize("fmt", EXPORT_FORMATS)
def test_ambiguous_shapes_round_trip(fmt: str) -> None:
    catalog = Catalog.model_validate(yaml.safe_load(TRICKY))
    assert roundtrip(catalog, fmt).model_dump() == catalog.model_dump()


@pytest.mark.parametrize("key", ["content", "serial"])
def test_a_parent_and_its_item_both_with_content_or_serial_cannot_be_printed(key: str) -> None:
    catalog = Catalog.model_validate(yaml.safe_load(
        (f"department: 根河市民政局\nsections:\n  - name: a\n    {key}: 1\n"
         f"    items:\n      - name: b\n        {key}: 2\n")
        .replace("content: 1", "content: x").replace("content: 2", "content: y")))
    with pytest.raises(ExportError):
        export_catalog(catalog, "html")


def test_html_is_an_accessible_table_for_a4_landscape() -> None:
    page = export_catalog(load(CATALOGS / "genhe-minzhengju.yaml"), "html").decode("utf-8")
    assert page.startswith("<!DOCTYPE html>") and '<html lang="zh-CN">' in page
    assert "@page { size: A4 landscape" in page
    assert "<caption>根河市民政局主动公开目录</caption>" in page
    assert page.count("<table>") == 1 and "<thead>" in page and "display: table-header-group" in page
    for header in ("序号", "一级事项", "二级事项", "三级事项", "公开内容（要素）", "公开时限", "公开主体",
                   "政府网站", "其他", "全社会", "特定群体", "责任科室"):
        assert re.search(rf'<th scope="col"[^>]*>{re.escape(header)}</th>', page), header
    assert '<th scope="colgroup" colspan="13">公开渠道和载体</th>' in page
    assert page.count("<tbody>") == 13  # one per 一级事项
    assert 'scope="rowgroup"' in page and 'aria-label="已勾选"' in page and 'aria-label="未勾选"' in page
    assert re.search(r'<th scope="rowgroup" rowspan="6"[^>]*>履职依据</th>', page)


def test_xlsx_has_merged_cells_box_columns_and_print_setup() -> None:
    from openpyxl import load_workbook

    data = export_catalog(load(CATALOGS / "genhe-zhengwu-shuju.yaml"), "xlsx")
    wb = load_workbook(io.BytesIO(data))
    ws = wb["主动公开目录"]
    assert wb["genhe-lint"].sheet_state == "hidden"
    assert ws["A1"].value == "根河市政务服务与数据管理局主动公开目录"
    assert [ws.cell(row=2, column=c).value for c in (1, 2, 5, 6, 7, 8, 21, 23)] == [
        "序号", "公开事项", "公开内容（要素）", "公开时限", "公开主体", "公开渠道和载体", "公开对象",
        "责任科室"]
    assert ws.cell(row=3, column=8).value == "政府网站" and ws.cell(row=3, column=21).value == "全社会"
    assert ws.cell(row=3, column=22).value == "特定群体"
    merged = {str(r) for r in ws.merged_cells.ranges}
    assert "A4:A9" in merged and "B4:B9" in merged  # 序号 and 一级事项 of 履职依据 over its six rows
    assert {ws.cell(row=4, column=c).value for c in range(8, 21)} == {"☑", "☐"}
    assert ws.page_setup.orientation == "landscape" and int(ws.page_setup.paperSize) == 9
    assert ws.print_title_rows.replace("$", "") == "2:3"


def test_docx_is_landscape_with_repeated_header_and_merges() -> None:
    from docx import Document

    data = export_catalog(load(CATALOGS / "genhe-minzhengju.yaml"), "docx")
    doc = Document(io.BytesIO(data))
    section = doc.sections[0]
    assert section.page_width > section.page_height
    table = doc.tables[0]
    assert doc.paragraphs[0].text == "根河市民政局主动公开目录"
    xml = table._tbl.xml
    assert xml.count("<w:tblHeader/>") == 2 and "w:vMerge" in xml and "w:gridSpan" in xml
    assert table.cell(0, 0).text == "序号" and table.cell(1, 1).text == "一级事项"


def test_markdown_is_a_table_with_box_columns() -> None:
    text = export_catalog(load(CATALOGS / "genhe-minzhengju.yaml"), "md").decode("utf-8")
    lines = text.split("\n")
    assert lines[0] == "# 根河市民政局主动公开目录"
    header = next(line for line in lines if line.startswith("| 序号"))
    assert "| 政府网站 |" in header and "| 全社会 | 特定群体 | 责任科室 |" in header
    assert "☑" in text and "☐" in text


# Text that a table would run or render if it were not written as plain text (formulas, markup, code).
INERT = """
version: 1
department: 根河市<b>民政局</b> & `办公室` | 1
title: "=HYPERLINK(\\"http://example.com\\",\\"<script>alert(1)</script>目录\\")"
sections:
  - name: "+1 <i>甲</i>"
    content: "-1 `代码` | 竖线 & <br> 换行"
    deadline: "@SUM(A1)"
    unit: "=1+1"
    channels: [政府网站]
    audience: [全社会]
"""


@pytest.mark.parametrize("fmt", EXPORT_FORMATS)
def test_formulas_and_markup_round_trip_as_text(fmt: str) -> None:
    catalog = Catalog.model_validate(yaml.safe_load(INERT))
    assert roundtrip(catalog, fmt).model_dump() == catalog.model_dump()


# -- Markdown: a span hint only where the table cannot be read back without it ---------------------

_SPAN = re.compile(r"<!-- genhe span=\d+x\d+ ?(?P<rest>[^>]*)-->")


def md_cells(data: bytes) -> list[tuple[int, int, int, int, str, str]]:
    from genhe_lint.convert.importers.md import read

    (table,) = read(data, "t.md")
    return sorted((c.row, c.col, c.rowspan, c.colspan, c.text, c.hint) for c in table.cells)


@pytest.mark.parametrize("catalog", [*(load(p) for p in BUNDLED),
                                     Catalog.model_validate(yaml.safe_load(TRICKY))],
                         ids=[*(p.stem for p in BUNDLED), "tricky"])
def test_each_markdown_span_hint_is_needed(catalog: Catalog) -> None:
    text = export_catalog(catalog, "md").decode("utf-8")
    cells = md_cells(text.encode("utf-8"))
    lines = text.split("\n")
    for n, line in enumerate(lines):
        for m in _SPAN.finditer(line):  # take away one hint: the table reads back differently
            rest = f"<!-- genhe {m['rest']}-->" if m["rest"] else ""  # the comment as written without it
            without = [*lines[:n], line[:m.start()] + rest + line[m.end():], *lines[n + 1:]]
            assert md_cells("\n".join(without).encode("utf-8")) != cells, line


@pytest.mark.parametrize("path", BUNDLED, ids=lambda p: p.stem)
def test_most_merged_cells_need_no_hint_in_markdown(path: Path) -> None:
    catalog = load(path)
    merged = len(re.findall(r"<t[dh][^>]* (?:rowspan|colspan)=", export_catalog(catalog, "html").decode()))
    hints = len(_SPAN.findall(export_catalog(catalog, "md").decode("utf-8")))
    assert merged > 60 and hints < merged / 5


def test_markdown_spans_read_back_from_blank_slots() -> None:
    text = export_catalog(load(CATALOGS / "genhe-minzhengju.yaml"), "md").decode("utf-8")
    assert "<!-- genhe blank=merged -->" in text
    cells = {(c[4], c[1]): c for c in md_cells(text.encode("utf-8")) if c[4]}
    assert cells[("履职依据", 1)][2:4] == (6, 1)  # 一级事项 down its six rows, written once
    assert cells[("部门会议", 1)][2:4] == (1, 3)  # an item without 二级/三级 across the name columns
    assert cells[("法律法规规章", 2)][2:4] == (1, 2)
    assert "部门会议<!--" not in text and "履职依据<!--" not in text


def test_a_markdown_table_without_the_comment_keeps_its_blank_cells() -> None:
    table = "| 序号 | 一级事项 | 公开时限 |\n|---|---|---|\n| 1 | 甲 | 即时公开 |\n| 2 | 乙 |  |\n"
    cells = md_cells(table.encode("utf-8"))
    assert (2, 2, 1, 1, "", "") in cells and all(c[2:4] == (1, 1) for c in cells)
    merged = md_cells(("<!-- genhe blank=merged -->\n\n" + table).encode("utf-8"))
    assert (1, 2, 2, 1, "即时公开", "") in merged and len(merged) == len(cells) - 1
