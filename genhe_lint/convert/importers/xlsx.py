"""Excel (.xlsx, also as saved by WPS): every sheet's used range, merged ranges as merged cells.

Cell values are read as shown (numbers as their text); a hidden ``genhe-lint`` sheet written by
``export --format xlsx`` supplies the hints. The sheets are read as their XML holds them (openpyxl's
parser in read-only mode): the used range is where the cells are, whatever size the sheet declares, and a
merged range reaching past the last cell is cut there, so neither is spread out into millions of slots.
"""

from __future__ import annotations

import datetime
import io
from typing import Any

from openpyxl import load_workbook  # type: ignore[import-untyped, unused-ignore]
from openpyxl.utils import get_column_letter, range_boundaries  # type: ignore[import-untyped, unused-ignore]

from genhe_lint.convert import limits
from genhe_lint.convert.exporters.xlsx import HINT_SHEET
from genhe_lint.convert.table import Cell, Table


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime.datetime | datetime.date):
        return value.isoformat()
    return str(value)


def _sheet(wb: Any, ws: Any) -> tuple[dict[tuple[int, int], Any], list[str]]:
    """The cells a sheet's XML holds ((row, column) -> value, 1-based) and its merged ranges, read as
    written: never spread out to the sheet's declared dimensions or over its merged ranges."""
    from openpyxl.worksheet._reader import WorkSheetParser  # type: ignore[import-untyped, unused-ignore]

    cells: dict[tuple[int, int], Any] = {}
    with ws._get_source() as src:
        parser = WorkSheetParser(src, ws._shared_strings, data_only=True, epoch=wb.epoch,
                                 date_formats=wb._date_formats, timedelta_formats=wb._timedelta_formats)
        for _, row in parser.parse():
            for cell in row:
                cells[(cell["row"], cell["column"])] = cell["value"]
            if row:
                limits.check_cells(len(cells), row[-1]["row"], row[-1]["column"])
        merged = parser.merged_cells
    return cells, [str(m.ref) for m in merged.mergeCell] if merged else []


Merges = dict[tuple[int, int], tuple[int, int, int, int]]


def _merges(refs: list[str], nrows: int, ncols: int) -> tuple[Merges, int]:
    """Slot -> (first row, first column, last row, last column) of the merged range covering it, each range
    cut at the sheet's last row and column; and how many ranges were cut."""
    merged: Merges = {}
    cut = spread = 0
    for ref in refs:
        try:
            min_col, min_row, max_col, max_row = range_boundaries(ref)
        except (ValueError, TypeError):
            continue
        if min_row > nrows or min_col > ncols:
            continue
        if max_row > nrows or max_col > ncols:
            cut += 1
            max_row, max_col = min(max_row, nrows), min(max_col, ncols)
        limits.check_area(max_row - min_row + 1, max_col - min_col + 1, spread, min_row, min_col)
        spread += (max_row - min_row + 1) * (max_col - min_col + 1)  # overlapping ranges count twice
        for r in range(min_row, max_row + 1):
            for c in range(min_col, max_col + 1):
                merged[(r, c)] = (min_row, min_col, max_row, max_col)
    return merged, cut


def read(data: bytes, name: str) -> list[Table]:
    wb: Any = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    try:
        return _read(wb)
    finally:
        wb.close()


def _read(wb: Any) -> list[Table]:
    hints: dict[tuple[str, str], str] = {}
    if HINT_SHEET in wb.sheetnames:
        values, _ = _sheet(wb, wb[HINT_SHEET])
        for (r, c), value in values.items():
            if r >= 2 and c == 1 and value and values.get((r, 2)):
                hints[(wb.sheetnames[0], str(value))] = str(values[(r, 2)])
    tables: list[Table] = []
    area = 0
    for ws in wb.worksheets:
        if ws.title == HINT_SHEET or ws.sheet_state != "visible":
            continue
        values, refs = _sheet(wb, ws)
        nrows = max((r for r, _ in values), default=0)
        ncols = max((c for _, c in values), default=0)
        limits.check_area(nrows, ncols, area, nrows, ncols)
        area += nrows * ncols
        table = Table(name=ws.title if len(wb.worksheets) > 1 and ws.title != wb.sheetnames[0] else "")
        merged, table.clipped = _merges(refs, nrows, ncols)
        for r in range(1, nrows + 1):
            table.row_labels[r - 1] = f"第{r}行"
            table.row_lines[r - 1] = r
            for c in range(1, ncols + 1):
                top = merged.get((r, c))
                if top is not None and (top[0], top[1]) != (r, c):
                    continue
                rowspan = top[2] - top[0] + 1 if top else 1
                colspan = top[3] - top[1] + 1 if top else 1
                hint = hints.get((ws.title, f"{get_column_letter(c)}{r}"), "")
                table.add(Cell(_text(values.get((r, c))), r - 1, c - 1, rowspan, colspan, hint=hint))
        tables.append(table)
    return tables
