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

from genhe_lint.convert.table import Cell, Table, split_hint

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
    rpr = run.find(qn("w:rPr"))
    if rpr is None:
        return ""
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        return ""
    return " ".join(v for k, v in fonts.attrib.items() if k.endswith(("ascii", "hAnsi", "eastAsia", "cs")))


def _paragraph_text(p: Any) -> str:
    text: list[str] = []
    for el in p.iter():
        tag = el.tag
        if tag == qn("w:t"):
            value = el.text or ""
            run = el.getparent()
            font = _run_font(run) if run is not None and run.tag == qn("w:r") else ""
            if "wingdings" in font.lower():
                value = "".join(_symbol(font, f"{ord(ch):02X}") or ch for ch in value)
            text.append(value)
        elif tag in (qn("w:br"), qn("w:cr")):
            text.append("\n")
        elif tag == qn("w:tab"):
            text.append(" ")
        elif tag == qn("w:sym"):
            text.append(_symbol(el.get(qn("w:font"), ""), el.get(qn("w:char"), "")))
    return "".join(text)


def _cell_text(tc: Any) -> str:
    """The cell's paragraphs as lines. A checkbox content control (``w14:checkbox``) shows its state as a
    glyph in its text (☒ or ☐), which is read like any other glyph; hidden text (hints) is read too."""
    return "\n".join(_paragraph_text(p) for p in tc.iter(qn("w:p")))


def read(data: bytes, name: str) -> list[Table]:
    doc: Any = Document(io.BytesIO(data))
    tables: list[Table] = []
    before: list[str] = []
    body = doc.element.body
    for child in body.iterchildren():
        if child.tag == qn("w:p"):
            text = _paragraph_text(child)
            if text.strip():
                before.append(text.strip())
            continue
        if child.tag != qn("w:tbl"):
            continue
        from docx.table import Table as DocxTable

        dt = DocxTable(child, doc._body)
        number = len(tables) + 1
        table = Table(name=f"表{number}", before=before)
        before = []
        try:
            slots = dt._cells
            ncols = dt._column_count
        except Exception:  # an irregular table python-docx cannot lay out: read row by row
            slots, ncols = [], 0
        if ncols == 0:
            tables.append(table)
            continue
        grid = [slots[i : i + ncols] for i in range(0, len(slots), ncols)]
        seen: dict[int, Cell] = {}
        for r, row in enumerate(grid):
            table.row_labels[r] = f"第{r + 1}行"
            for c, dcell in enumerate(row):
                key = id(dcell._tc)
                if key in seen:
                    cell = seen[key]
                    cell.rowspan = max(cell.rowspan, r - cell.row + 1)
                    cell.colspan = max(cell.colspan, c - cell.col + 1)
                    continue
                raw = _cell_text(dcell._tc)
                text, hint = split_hint(raw)
                cell = Cell(text, r, c, hint=hint)
                seen[key] = cell
                table.add(cell)
        tables.append(table)
    return tables

