"""Excel: the printed table on one sheet (merged cells, borders, A4 landscape, header rows repeated on every
page). Hints go to a hidden sheet ``genhe-lint`` (cell -> hint), so the visible sheet is exactly the table."""

from __future__ import annotations

import io
import math
import unicodedata
from typing import Any

from openpyxl import Workbook  # type: ignore[import-untyped, unused-ignore]
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side  # type: ignore[import-untyped, unused-ignore]
from openpyxl.utils import get_column_letter  # type: ignore[import-untyped, unused-ignore]

from genhe_lint.convert.layout import Layout

HINT_SHEET = "genhe-lint"
# column widths in characters
WIDTHS = {"serial": 4.5, "level": 11.0, "content": 42.0, "deadline": 16.0, "publisher": 12.0, "channel": 3.6,
          "audience": 4.2, "unit": 10.0}
FONT = "Noto Sans CJK SC"


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _lines_needed(text: str, chars: float) -> int:
    return sum(max(1, math.ceil(_width(line) / max(chars * 1.0, 1.0)))
               for line in text.split("\n")) if text else 1


def _text(ws: Any, row: int, column: int, text: str | None) -> Any:
    """A cell holding ``text`` as text (type ``s``): never a formula, whatever it starts with."""
    cell = ws.cell(row=row, column=column)
    cell.value = text or None
    if text:
        cell.data_type = "s"
    return cell


def render(lay: Layout) -> bytes:
    wb = Workbook()
    ws: Any = wb.active
    ws.title = "主动公开目录"
    thin = Side(style="thin", color="000000")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    offset = 1  # the title row
    if lay.department_line:
        offset += 1
    ncols = lay.ncols
    title = lay.title or ""
    _text(ws, 1, 1, title).font = Font(name=FONT, size=14, bold=True)
    ws.cell(row=1, column=1).alignment = Alignment(horizontal="center", vertical="center")
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=ncols)
    ws.row_dimensions[1].height = 28
    if lay.department_line:
        _text(ws, 2, 1, lay.department_line).alignment = Alignment(horizontal="center")
        ws.merge_cells(start_row=2, start_column=1, end_row=2, end_column=ncols)
    hints: list[tuple[str, str]] = []
    head_fill = PatternFill("solid", fgColor="EEF1F5")
    needed: dict[int, float] = {}
    for cell in lay.table.cells:
        r, c = cell.row + 1 + offset, cell.col + 1
        target = _text(ws, r, c, cell.text)
        box = cell.kind == "box"
        vertical = cell.kind == "vertical"
        target.alignment = Alignment(
            horizontal="center" if (box or cell.header or lay.roles[cell.col][0] == "serial") else "left",
            vertical="top" if vertical else "center", wrap_text=True, text_rotation=255 if vertical else 0)
        is_head = cell.row < lay.header_rows
        target.font = Font(name=FONT, size=10 if box else 9, bold=is_head)
        if is_head:
            target.fill = head_fill
        for rr in range(r, r + cell.rowspan):
            for cc in range(c, c + cell.colspan):
                ws.cell(row=rr, column=cc).border = border
        if cell.rowspan > 1 or cell.colspan > 1:
            ws.merge_cells(start_row=r, start_column=c,
                           end_row=r + cell.rowspan - 1, end_column=c + cell.colspan - 1)
        if cell.hint:
            hints.append((target.coordinate, cell.hint))
        if not is_head and cell.text:
            chars = sum(WIDTHS[lay.roles[cc - 1][0]] for cc in range(c, c + cell.colspan)) / 1.8
            height = _lines_needed(cell.text, chars) * 11.5 + 3
            per_row = height / cell.rowspan
            for rr in range(r, r + cell.rowspan):
                needed[rr] = max(needed.get(rr, 15.0), per_row)
    for i, (role, _) in enumerate(lay.roles):
        ws.column_dimensions[get_column_letter(i + 1)].width = WIDTHS[role]
    longest = max((len(c.text) for c in lay.table.cells if c.kind == "vertical"), default=4)
    ws.row_dimensions[offset + 2].height = longest * 12.5 + 10  # the channel names, written vertically
    for r, height in needed.items():
        ws.row_dimensions[r].height = round(height, 1)
    first_head, last_head = offset + 1, offset + lay.header_rows
    ws.print_title_rows = f"{first_head}:{last_head}"
    ws.freeze_panes = ws.cell(row=last_head + 1, column=1)
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_options.horizontalCentered = True
    ws.page_margins.left = ws.page_margins.right = 0.3
    ws.page_margins.top = ws.page_margins.bottom = 0.4
    if hints:
        hs: Any = wb.create_sheet(HINT_SHEET)
        hs.sheet_state = "hidden"
        for i, (coordinate, hint) in enumerate([("cell", "hint"), *hints], start=1):
            _text(hs, i, 1, coordinate)
            _text(hs, i, 2, hint)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
