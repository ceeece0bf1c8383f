"""Excel (.xlsx, also as saved by WPS): every sheet's used range, merged ranges as merged cells.

Cell values are read as shown (numbers as their text); a hidden ``genhe-lint`` sheet written by
``export --format xlsx`` supplies the hints.
"""

from __future__ import annotations

import datetime
import io
from typing import Any

from openpyxl import load_workbook  # type: ignore[import-untyped, unused-ignore]

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


def read(data: bytes, name: str) -> list[Table]:
    wb: Any = load_workbook(io.BytesIO(data), data_only=True)
    hints: dict[tuple[str, str], str] = {}
    if HINT_SHEET in wb.sheetnames:
        hs = wb[HINT_SHEET]
        for row in hs.iter_rows(min_row=2, values_only=True):
            if row and row[0] and len(row) > 1 and row[1]:
                hints[(wb.sheetnames[0], str(row[0]))] = str(row[1])
    tables: list[Table] = []
    for ws in wb.worksheets:
        if ws.title == HINT_SHEET or ws.sheet_state != "visible":
            continue
        nrows, ncols = ws.max_row, ws.max_column
        table = Table(name=ws.title if len(wb.worksheets) > 1 and ws.title != wb.sheetnames[0] else "")
        merged: dict[tuple[int, int], tuple[int, int, int, int]] = {}
        for rng in ws.merged_cells.ranges:
            for r in range(rng.min_row, rng.max_row + 1):
                for c in range(rng.min_col, rng.max_col + 1):
                    merged[(r, c)] = (rng.min_row, rng.min_col, rng.max_row, rng.max_col)
        rows = list(ws.iter_rows(min_row=1, max_row=nrows, max_col=ncols))
        for r in range(1, nrows + 1):
            table.row_labels[r - 1] = f"第{r}行"
            table.row_lines[r - 1] = r
            for c in range(1, ncols + 1):
                top = merged.get((r, c))
                if top is not None and (top[0], top[1]) != (r, c):
                    continue
                cell = rows[r - 1][c - 1]
                rowspan = top[2] - top[0] + 1 if top else 1
                colspan = top[3] - top[1] + 1 if top else 1
                hint = hints.get((ws.title, cell.coordinate), "")
                table.add(Cell(_text(cell.value), r - 1, c - 1, rowspan, colspan, hint=hint))
        tables.append(table)
    return tables
