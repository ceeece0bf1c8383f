"""Word (.docx, also as saved by WPS): every table of the document, in order, with the paragraphs above it.

Merged cells come from ``w:gridSpan`` and ``w:vMerge``. A cell's text is read run by run: line breaks and
paragraphs are line breaks; checkbox symbols inserted from the Wingdings fonts (``w:sym``, or a run in a
Wingdings font) become the glyphs they show; a checkbox content control shows its state as ☒/☐ text;
hidden text ``⟦genhe …⟧`` carries hints (see :mod:`genhe_lint.convert.table`).
"""

from __future__ import annotations

import io
from typing import Any

from docx import Document
from docx.oxml.ns import qn
from docx.oxml.simpletypes import ST_Merge

from genhe_lint.convert import limits
from genhe_lint.convert.table import Cell, Table, split_hint

# element and attribute names, spelled out once (qn builds them from the prefix on every call)
_P = qn("w:p")
_T = qn("w:t")
_R = qn("w:r")
_RPR = qn("w:rPr")
_RFONTS = qn("w:rFonts")
_BR = qn("w:br")
_CR = qn("w:cr")
_TAB = qn("w:tab")
_SYM = qn("w:sym")
_FONT = qn("w:font")
_CHAR = qn("w:char")
_TBL = qn("w:tbl")

# Wingdings code points -> what they show (only the box and tick shapes)
_WINGDINGS = {"FE": "☑", "FD": "☒", "FC": "✓", "A8": "☐", "6F": "☐", "71": "☐", "78": "☒", "6E": "■",
              "A7": "■"}
_WINGDINGS2 = {"52": "☑", "53": "☒", "54": "☒", "51": "☒", "50": "✓", "A3": "☐", "A2": "☐", "A1": "☐",
               "A4": "■"}


def _symbol(font: str, code: str) -> str:
    code = code.upper()
    if len(code) == 4 and code.startswith("F0"):
        code = code[2:]
    table = _WINGDINGS2 if "2" in font else _WINGDINGS
    if "wingdings" in font.lower():
        return table.get(code, "")
    try:
        return chr(int(code, 16))
    except ValueError:
        return ""


def _run_font(run: Any) -> str:
    rpr = run.find(_RPR)
    if rpr is None:
        return ""
    fonts = rpr.find(_RFONTS)
    if fonts is None:
        return ""
    return " ".join(v for k, v in fonts.attrib.items() if k.endswith(("ascii", "hAnsi", "eastAsia", "cs")))


def _paragraph_text(p: Any) -> str:
    text: list[str] = []
    for el in p.iter(_T, _BR, _CR, _TAB, _SYM):  # only these: lxml skips the rest without a proxy
        tag = el.tag
        if tag == _T:
            value = el.text or ""
            run = el.getparent()
            font = _run_font(run) if run is not None and run.tag == _R else ""
            if "wingdings" in font.lower():
                value = "".join(_symbol(font, f"{ord(ch):02X}") or ch for ch in value)
            text.append(value)
        elif tag in (_BR, _CR):
            text.append("\n")
        elif tag == _TAB:
            text.append(" ")
        elif tag == _SYM:
            text.append(_symbol(el.get(_FONT, ""), el.get(_CHAR, "")))
    return "".join(text)


def _cell_text(tc: Any) -> str:
    """The cell's paragraphs as lines. A checkbox content control (``w14:checkbox``) shows its state as a
    glyph in its text (☒ or ☐), which is read like any other glyph; hidden text (hints) is read too."""
    return "\n".join(_paragraph_text(p) for p in tc.iter(_P))


def _grid(tbl: Any, used: int) -> tuple[list[list[Any]], int]:
    """The table's layout grid: rows of ``w:tc`` elements, a merged cell's element repeated in each slot
    it covers (``w:gridSpan`` across, ``w:vMerge`` down), as Word lays the cells on the table's grid
    columns; and how many spans were cut at the grid's last column. A span never reaches past the grid,
    and the slots are counted against the area limit (``used`` by the tables before) as they are laid."""
    ncols = len(tbl.tblGrid.gridCol_lst) if tbl.tblGrid is not None else 0
    if ncols == 0:
        return [], 0
    slots: list[Any] = []
    cut = 0
    for tc in tbl.iter_tcs():
        span = tc.grid_span
        if span > ncols:
            span, cut = ncols, cut + 1
        limits.check_area((len(slots) + span - 1) // ncols + 1, ncols, used)
        for i in range(span):
            if tc.vMerge == ST_Merge.CONTINUE:
                slots.append(slots[-ncols])  # the cell above (IndexError: no cell above)
            elif i > 0:
                slots.append(slots[-1])
            else:
                slots.append(tc)
    return [slots[i : i + ncols] for i in range(0, len(slots), ncols)], cut


def read(data: bytes, name: str) -> list[Table]:
    doc: Any = Document(io.BytesIO(data))
    tables: list[Table] = []
    before: list[str] = []
    body = doc.element.body
    used = 0  # slots of the tables read so far
    for child in body.iterchildren():
        if child.tag == _P:
            text = _paragraph_text(child)
            if text.strip():
                before.append(text.strip())
            continue
        if child.tag != _TBL:
            continue
        number = len(tables) + 1
        table = Table(name=f"表{number}", before=before)
        before = []
        try:
            grid, table.clipped = _grid(child, used)
        except limits.LimitExceeded:
            raise
        except Exception:  # an irregular table that cannot be laid on its grid: read as empty
            grid = []
        used += sum(len(row) for row in grid)
        seen: dict[int, Cell] = {}
        for r, row in enumerate(grid):
            table.row_labels[r] = f"第{r + 1}行"
            for c, tc in enumerate(row):
                key = id(tc)
                if key in seen:
                    cell = seen[key]
                    cell.rowspan = max(cell.rowspan, r - cell.row + 1)
                    cell.colspan = max(cell.colspan, c - cell.col + 1)
                    continue
                raw = _cell_text(tc)
                text, hint = split_hint(raw)
                cell = Cell(text, r, c, hint=hint)
                seen[key] = cell
                table.add(cell)
        tables.append(table)
    return tables
