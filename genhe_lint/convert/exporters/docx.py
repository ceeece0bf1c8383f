"""Word: an A4 landscape document with the title and one table (merged cells, header rows repeated on
every page). Hints are hidden text (``⟦genhe …⟧`` with Word's "hidden" font property) in their cell."""

from __future__ import annotations

import io
from typing import Any

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from genhe_lint.convert.layout import Layout
from genhe_lint.convert.table import embed_hint

# column widths in millimetres (A4 landscape, 10 mm margins: 277 mm)
WIDTHS = {"serial": 7.0, "level": 16.0, "content": 62.0, "deadline": 24.0, "publisher": 17.0, "channel": 5.4,
          "audience": 6.0, "unit": 15.0}
FONT = "SimSun"


def _font(run: Any, size: float, bold: bool = False) -> None:
    run.font.size = Pt(size)
    run.font.bold = bold
    run.font.name = FONT
    rpr = run._element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    fonts.set(qn("w:eastAsia"), FONT)


def render(lay: Layout) -> bytes:
    doc: Any = Document()
    section = doc.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Mm(297), Mm(210)
    section.left_margin = section.right_margin = Mm(10)
    section.top_margin = section.bottom_margin = Mm(10)
    if lay.title is not None:
        p = doc.add_paragraph()
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        _font(p.add_run(lay.title), 15, bold=True)
    if lay.department_line:
        p = doc.add_paragraph()
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        _font(p.add_run(lay.department_line), 10.5)
    nrows = max(c.last_row for c in lay.table.cells) + 1
    table = doc.add_table(rows=nrows, cols=lay.ncols)
    table.style = "Table Grid"
    table.autofit = False
    widths = [Mm(WIDTHS[role]) for role, _ in lay.roles]
    for i, col in enumerate(table.columns):
        col.width = widths[i]
    for r in range(lay.header_rows):  # repeat the header on every page
        tr_pr = table.rows[r]._tr.get_or_add_trPr()
        header = OxmlElement("w:tblHeader")
        tr_pr.append(header)
    cells = table._cells
    ncols = lay.ncols
    for cell in lay.table.cells:  # widths first: merging keeps the first cell's properties
        for c in range(cell.col, cell.last_col + 1):
            cells[cell.row * ncols + c].width = widths[c]
    for cell in lay.table.cells:
        if cell.rowspan > 1 or cell.colspan > 1:
            cells[cell.row * ncols + cell.col].merge(cells[cell.last_row * ncols + cell.last_col])
    cells = table._cells
    for cell in lay.table.cells:
        target = cells[cell.row * ncols + cell.col]
        target.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
        is_head = cell.row < lay.header_rows
        lines = cell.text.split("\n") if cell.text else [""]
        paragraph = target.paragraphs[0]
        for i, line in enumerate(lines):
            if i:
                paragraph = target.add_paragraph()
            fmt = paragraph.paragraph_format
            fmt.space_before = fmt.space_after = Pt(0)
            if cell.kind == "box" or is_head or lay.roles[cell.col][0] == "serial" or cell.kind == "name":
                paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
            if line:
                _font(paragraph.add_run(line), 10 if cell.kind == "box" else 8, bold=is_head)
        if cell.kind == "vertical":
            tc_pr = target._tc.get_or_add_tcPr()
            direction = OxmlElement("w:textDirection")
            direction.set(qn("w:val"), "tbRlV")
            tc_pr.append(direction)
        if cell.hint:
            run = paragraph.add_run(embed_hint(cell.hint))
            run.font.hidden = True
            run.font.size = Pt(6)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()
