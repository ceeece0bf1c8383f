"""Importing tables made the way bureaus make them: Word and Excel files built here with python-docx and
openpyxl (merged cells, every checkbox style, two-row headers, a table split across pages that repeats its
header), and a published HTML page. Each is checked node by node."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest
from docx import Document
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from openpyxl import Workbook

from genhe_lint.catalog.schema import Catalog
from genhe_lint.convert.api import ImportResult, import_bytes

HEADER_TOP = ["序号", "公开事项", "", "", "公开内容（要素）", "公开时限", "公开主体", "公开渠道和载体",
              "公开对象", "", "责任科室"]
HEADER_SUB = ["", "一级事项", "二级事项", "三级事项", "", "", "", "", "全社会", "特定群体", ""]


def imported(data: bytes, suffix: str) -> tuple[ImportResult, Catalog]:
    result = import_bytes(data, Path(f"fixture{suffix}"))
    assert result.catalog is not None, result.diagnostics
    assert result.text is not None
    return result, result.catalog


# -- Word ------------------------------------------------------------------------------------------------


def _wingdings(cell: Any, char: str, font: str = "Wingdings") -> None:
    """Append a checkbox inserted as a symbol (Insert > Symbol > Wingdings), then a label."""
    run = cell.paragraphs[0].add_run()
    sym = OxmlElement("w:sym")
    sym.set(qn("w:font"), font)
    sym.set(qn("w:char"), char)
    run._r.append(sym)


def _header(table: Any) -> None:
    for c, text in enumerate(HEADER_TOP):
        table.cell(0, c).text = text
    for c, text in enumerate(HEADER_SUB):
        if text:
            table.cell(1, c).text = text
    table.cell(0, 1).merge(table.cell(0, 3))
    table.cell(0, 8).merge(table.cell(0, 9))
    for c in (0, 4, 5, 6, 7, 10):
        table.cell(0, c).merge(table.cell(1, c))


def build_docx() -> bytes:
    doc = Document()
    doc.add_paragraph("根河市民政局主动公开目录")
    t1 = doc.add_table(rows=5, cols=11)
    _header(t1)
    rows = [
        ["1", "履职依据", "法律法规规章", "", "1. 国家有关领域的法律\n2. 国务院有关领域的规章",
         "信息产生或变更之日起20个工作日内公开",
         "办公室", "☑政府网站 ☐政府公报 ■两微一端 □广播电视 £纸质传媒 √其他", "√", "", "办公室"],
        ["", "", "意见征集及反馈", "", "征求意见公告", "即时公开", "", "", "", "", ""],
        ["", "", "", "", "公众意见采纳反馈情况", "公告期后满一个月", "", "✓政府网站 ☒政务服务中心 ☐其他",
         "", "", ""],
    ]
    for r, values in enumerate(rows, start=2):
        for c, text in enumerate(values):
            if text:
                t1.cell(r, c).text = text
    # merged cells: 序号, 一级事项, 公开主体, 公开对象, 责任科室 over the section; 意见征集及反馈 over its
    # two rows
    for c in (0, 1, 6, 8, 10):
        t1.cell(2, c).merge(t1.cell(4, c))
    t1.cell(3, 2).merge(t1.cell(4, 2))
    t1.cell(2, 2).merge(t1.cell(2, 3))  # 法律法规规章 spans 二级 and 三级
    t1.cell(2, 7).merge(t1.cell(3, 7))  # the first box cell covers two rows
    doc.add_paragraph("（续表）")
    # page 2: a second table repeating the header
    t2 = doc.add_table(rows=4, cols=11)
    _header(t2)
    values2 = ["2", "部门会议", "", "", "会议名称、时间、地点", "即时公开", "办公室", "", "", "", "财务室"]
    for c, text in enumerate(values2):
        if text:
            t2.cell(2, c).text = text
    t2.cell(2, 1).merge(t2.cell(2, 3))
    _wingdings(t2.cell(2, 7), "F0FE")
    t2.cell(2, 7).paragraphs[0].add_run("政府网站 ")
    _wingdings(t2.cell(2, 7), "F0A8")
    t2.cell(2, 7).paragraphs[0].add_run("政府公报 ")
    _wingdings(t2.cell(2, 7), "F052", "Wingdings 2")
    t2.cell(2, 7).paragraphs[0].add_run("其他")
    t2.cell(2, 9).text = "✓"  # 特定群体
    values3 = ["3", "人事信息", "", "", "", "即时公开", "办公室", "☐政府网站", "", "", ""]
    for c, text in enumerate(values3):
        if text:
            t2.cell(3, c).text = text
    t2.cell(3, 1).merge(t2.cell(3, 3))
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def test_docx_merged_cells_boxes_and_split_table() -> None:
    result, cat = imported(build_docx(), ".docx")
    assert cat.department == "根河市民政局" and cat.title == "根河市民政局主动公开目录"
    s1, s2, s3 = cat.sections
    # merged over the section: attributes of the section
    assert (s1.serial, s1.name, s1.publisher, s1.audience, s1.unit) == (
        1, "履职依据", "办公室", ["全社会"], "办公室")
    law, opinion = s1.items or []
    assert law.name == "法律法规规章" and law.items is None
    assert law.content == "1. 国家有关领域的法律\n2. 国务院有关领域的规章\n"
    assert law.deadline == "信息产生或变更之日起20个工作日内公开"
    # a box cell over two rows that are not one node: on each node it covers
    assert law.channels == ["政府网站", "两微一端", "其他"]
    assert opinion.name == "意见征集及反馈" and opinion.channels is None
    first, second = opinion.items or []
    assert (first.name, first.content, first.deadline) == (None, "征求意见公告", "即时公开")
    assert first.channels == ["政府网站", "两微一端", "其他"]
    assert (second.name, second.content, second.deadline) == (
        None, "公众意见采纳反馈情况", "公告期后满一个月")
    assert second.channels == ["政府网站", "政务服务中心"]
    # the continuation table (page 2) repeats the header: read as the same table
    assert (s2.serial, s2.name, s2.content, s2.unit) == (2, "部门会议", "会议名称、时间、地点", "财务室")
    assert s2.channels == ["政府网站", "其他"]  # Wingdings ☑ (F0FE), ☐ (F0A8), Wingdings 2 ☑ (F052)
    assert s2.audience == ["特定群体"]
    # defects kept: no content, nothing ticked, empty 公开对象 and 责任科室 cells
    assert (s3.serial, s3.name, s3.content, s3.channels, s3.audience, s3.unit) == (
        3, "人事信息", None, [], [], "")
    assert "（续表）" not in result.text  # a paragraph between tables is not catalog content
    assert "# 来源：fixture.docx 表1 第3行" in result.text and "表2 第3行" in result.text
    assert "印刷：☑政府网站 ☐政府公报 ☑两微一端 ☐广播电视 ☐纸质传媒 ☑其他" in result.text
    assert [d.code for d in result.diagnostics] == []


# -- Excel -----------------------------------------------------------------------------------------------


def build_xlsx() -> bytes:
    wb = Workbook()
    ws: Any = wb.active
    ws.append(["根河市政务服务与数据管理局主动公开目录"])
    ws.merge_cells("A1:L1")
    top = ["序号", "一级事项", "二级事项", "公开内容", "公开时限", "公开主体", "公开渠道和载体", "", "",
           "公开对象", "", "备注"]
    sub = ["", "", "", "", "", "", "政府网站", "两微一端", "其他方式", "全社会", "特定对象", ""]
    ws.append(top)
    ws.append(sub)
    for col in "ABCDEFL":
        ws.merge_cells(f"{col}2:{col}3")
    ws.merge_cells("G2:I2")
    ws.merge_cells("J2:K2")
    data = [
        [1, "政府重点工作", "年度重点工作分解", "本部门重点工作任务分解信息",
         "信息产生或变更之日起20个工作日内公开", "根河市政务服务与数据管理局", "■", "£", "√", "✓", "",
         "见附件"],
        [None, None, "政策落实", "1.根河市政务服务与数据管理局XX年重点工作总结", None, None, "☒", "☐", "□",
         None, "", None],
        # the header repeated on the next printed page
        top, sub,
        [None, None, "督查督办", "其他需要公开的相关信息", "即时公开", None, "✓", "☑", "☐", "", "", None],
        [2, "人事信息", None, "人事任免信息", "即时公开", "根河市政务服务与数据管理局", "", "", "", "", "",
         None],
    ]
    for row in data:
        ws.append(row)
    # 序号, 一级事项 and 公开主体 merged over the section's rows on the first page; on the next page (after
    # the repeated header) the cells are left blank: the same merged cells, cut by the page break
    ws.merge_cells("A4:A5")
    ws.merge_cells("B4:B5")
    ws.merge_cells("F4:F5")
    ws.merge_cells("J4:J5")  # 全社会 over two rows
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def test_xlsx_box_columns_every_glyph_and_repeated_header() -> None:
    result, cat = imported(build_xlsx(), ".xlsx")
    assert cat.department == "根河市政务服务与数据管理局"
    s1, s2 = cat.sections
    assert (s1.serial, s1.name, s1.publisher) == (1, "政府重点工作", "根河市政务服务与数据管理局")
    plan, done, check = s1.items or []
    assert [n.name for n in (plan, done, check)] == ["年度重点工作分解", "政策落实", "督查督办"]
    # per-channel columns, labels as printed: ■ and √ checked, £ not; ☒ checked, ☐ □ not; ✓ ☑ checked
    assert plan.channels == ["政府网站", "其他方式"]
    assert done.channels == ["政府网站"]
    assert check.channels == ["政府网站", "两微一端"]
    # 全社会 merged over the first page's two rows; blank on the first row after the repeated header, like
    # 序号, 一级事项 and 公开主体: a merged cell cut by the page break, so it covers the whole section
    assert s1.audience == ["全社会"] and plan.audience is None and check.audience is None
    # done.deadline: an empty cell, kept
    assert plan.deadline == "信息产生或变更之日起20个工作日内公开" and done.deadline == ""
    assert (s2.serial, s2.name, s2.items, s2.content, s2.channels) == (
        2, "人事信息", None, "人事任免信息", [])
    # an unknown column: its text kept as a comment, and a warning
    assert "# 未识别的列“备注”：见附件" in (result.text or "")
    assert [d.code for d in result.diagnostics] == ["GL903"]


def test_xlsx_sloppy_unmerged_blank_first_level_cell_continues_the_section() -> None:
    wb = Workbook()
    ws: Any = wb.active
    ws.append(["序号", "一级事项", "二级事项", "公开内容", "公开时限", "公开主体", "公开渠道和载体",
               "公开对象", "责任科室"])
    ws.append([1, "财政信息", "部门预决算", "预算", "即时公开", "办公室", "☑政府网站☐其他", "全社会",
               "财务室"])
    ws.append([None, None, "政府采购", "采购", "即时公开", "办公室", "☑政府网站☑其他", "全社会", "财务室"])
    out = io.BytesIO()
    wb.save(out)
    _, cat = imported(out.getvalue(), ".xlsx")
    (section,) = cat.sections
    assert [(n.name, n.channels, n.audience) for n in section.items or []] == [
        ("部门预决算", ["政府网站"], ["全社会"]), ("政府采购", ["政府网站", "其他"], ["全社会"])]


# -- HTML ------------------------------------------------------------------------------------------------

PAGE = """<!DOCTYPE html><html><head><meta charset="utf-8"><title>网站标题</title></head><body>
<h2>根河市民政局主动公开目录</h2>
<table border="1">
<tr><td rowspan="2">序号</td><td colspan="3">公开事项</td><td rowspan="2">公开内容（要素）</td>\
<td rowspan="2">公开时限</td>
<td rowspan="2">公开主体</td><td rowspan="2">公开渠道和载体</td><td colspan="2">公开对象</td>\
<td rowspan="2">责任科室</td></tr>
<tr><td>一级事项</td><td>二级事项</td><td>三级事项</td><td>全社会</td><td>特定群体</td></tr>
<tr><td rowspan="2">4</td><td rowspan="2">政府重点工作</td><td colspan="2">年度重点工作分解</td><td>本部门重点
   工作任务分解信息</td><td rowspan="2">即时公开</td><td rowspan="2">办公室</td>
<td rowspan="2"><input checked="" type="checkbox"/> 政府网站 <input type="checkbox"/> 政府公报<br>
<input type="checkbox" checked> 其他</td><td rowspan="2">√</td><td rowspan="2"></td>\
<td rowspan="2">办公室</td></tr>
<tr><td colspan="2">督查督办</td><td><p>1. 根河市民政局XX工作开展情况报告</p>\
<p>2. 其他需要公开的相关信息</p></td></tr>
</table></body></html>"""


def test_html_published_table_with_input_checkboxes() -> None:
    result, cat = imported(PAGE.encode("utf-8"), ".html")
    assert cat.title == "根河市民政局主动公开目录" and cat.department == "根河市民政局"
    (section,) = cat.sections
    assert (section.serial, section.name, section.deadline, section.publisher, section.unit) == (
        4, "政府重点工作", "即时公开", "办公室", "办公室")
    assert section.channels == ["政府网站", "其他"] and section.audience == ["全社会"]
    plan, check = section.items or []
    # the page's line break is a space, as a browser shows it
    assert plan.content == "本部门重点 工作任务分解信息"
    assert check.content == "1. 根河市民政局XX工作开展情况报告\n2. 其他需要公开的相关信息\n"
    assert result.diagnostics == []


# -- problems ------------------------------------------------------------------------------------------


def test_no_table_is_an_error() -> None:
    result = import_bytes(b"<html><body><p>nothing here</p></body></html>", Path("empty.html"))
    assert result.draft is None and [d.code for d in result.diagnostics] == ["GL901"]
    assert result.diagnostics[0].severity.value == "error"


def test_a_damaged_file_is_an_error_not_a_traceback() -> None:
    result = import_bytes(b"PK\x03\x04 not really a zip", Path("broken.docx"))
    assert result.draft is None and [d.code for d in result.diagnostics] == ["GL902"]


def test_a_title_without_department_is_an_error_and_text_in_a_box_column_is_kept() -> None:
    wb = Workbook()
    ws: Any = wb.active
    ws.append(["公开目录"])
    ws.append(["序号", "公开事项", "公开内容", "公开时限", "公开渠道和载体", "", "责任科室"])
    ws.append(["", "", "", "", "政府网站", "其他", ""])
    ws.merge_cells("E2:F2")
    ws.append(["一", "甲", "内容", "即时公开", "☑", "见说明", "办公室"])
    out = io.BytesIO()
    wb.save(out)
    result, cat = imported(out.getvalue(), ".xlsx")
    assert cat.department == "" and cat.sections[0].serial is None
    codes = sorted(d.code for d in result.diagnostics)
    assert codes == ["GL904", "GL904", "GL905"]
    assert "序号印刷为“一”" in (result.text or "") and "其他：见说明" in (result.text or "")


@pytest.mark.parametrize("suffix", [".docx", ".xlsx", ".html", ".md"])
def test_every_source_character_reaches_the_yaml(suffix: str) -> None:
    from genhe_lint.convert.api import export_catalog
    from tests.test_convert_roundtrip import BUNDLED, load

    if suffix == ".docx":
        data, texts = build_docx(), _docx_texts(build_docx())
    elif suffix == ".xlsx":
        data, texts = build_xlsx(), _xlsx_texts(build_xlsx())
    elif suffix == ".html":
        data, texts = PAGE.encode("utf-8"), [t for t in PAGE.split("</head>")[1].split("<") if t]
        texts = [t.split(">", 1)[-1] for t in texts]
    else:
        data = export_catalog(load(BUNDLED[0]), "md")
        lines = data.decode().split("\n")
        body = lines[next(i for i, line in enumerate(lines) if line.startswith("|---")) + 1 :]
        texts = [part for line in body for part in line.split("|")]
    result, _ = imported(data, suffix)
    yaml_text = "".join((result.text or "").replace("''", "'").split())
    headers = set("".join(HEADER_TOP + HEADER_SUB)) | set("---")
    for text in texts:
        body = "".join(ch for ch in "".join(text.split()) if ch not in "☑☐■□£√✓☒<>!-#")
        if body and not set(body) <= headers and "genhe" not in body and "html" not in body.lower():
            for word in text.replace("<br>", " ").split():
                word = "".join(ch for ch in word if ch not in "☑☐■□£√✓☒")
                if word and not any(k in word for k in ("genhe", "=", "DOCTYPE", "charset", "</", "/>")) \
                        and word not in HEADER_TOP + HEADER_SUB + [
                            "公开内容", "备注", "特定对象", "其他方式"]:
                    assert word in yaml_text, (word, text)


def _docx_texts(data: bytes) -> list[str]:
    doc = Document(io.BytesIO(data))
    return [c.text for t in doc.tables for row in t.rows for c in row.cells if c.text.strip()]


def _xlsx_texts(data: bytes) -> list[str]:
    from openpyxl import load_workbook

    ws = load_workbook(io.BytesIO(data)).active
    assert ws is not None
    return [str(c.value) for row in ws.iter_rows() for c in row if c.value is not None]
