"""The intermediate grid model shared by every importer and exporter: cells with row and column spans.

A reader turns a file into :class:`Table` objects (one per table in the file); :mod:`build` turns tables into
a catalog. Exporters lay a catalog out as a :class:`Table` and render it. A cell may carry a *hint*: a few
machine-readable words (``owner=0.2``, ``node``, ``empty``, ``none``) that exporters hide in the file (an
HTML ``data-genhe`` attribute, hidden text in Word, a hidden sheet in Excel, a comment in Markdown) where the
printed table alone cannot say which node a merged cell belongs to; see ``docs/convert.md``.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field

from genhe_lint.convert import limits

HINT_OPEN, HINT_CLOSE = "⟦genhe ", "⟧"  # how a hint is written inside a cell's text (Word's hidden text)


@dataclass(eq=False, slots=True)
class Cell:
    text: str
    row: int
    col: int
    rowspan: int = 1
    colspan: int = 1
    hint: str = ""
    header: bool = False  # a header cell (exporters render it as <th>)
    scope: str = ""  # exporters: "col", "colgroup", "row", "rowgroup"
    kind: str = ""  # exporters: "box" (a checkbox), "name", "text"

    @property
    def last_row(self) -> int:
        return self.row + self.rowspan - 1

    @property
    def last_col(self) -> int:
        return self.col + self.colspan - 1


@dataclass
class Table:
    cells: list[Cell] = field(default_factory=list)
    row_labels: dict[int, str] = field(default_factory=dict)  # row -> how the source names it
    row_lines: dict[int, int] = field(default_factory=dict)  # row -> line/row number for diagnostics
    before: list[str] = field(default_factory=list)  # paragraphs above the table (title, 公开主体 …)
    name: str = ""  # "表1", a sheet's name
    clipped: int = 0  # merged cells cut at the table's edge (they reached past its last row or column)

    @property
    def nrows(self) -> int:
        return max((c.last_row + 1 for c in self.cells), default=0)

    @property
    def ncols(self) -> int:
        return max((c.last_col + 1 for c in self.cells), default=0)

    def add(self, cell: Cell) -> Cell:
        self.cells.append(cell)
        return cell

    def slots(self) -> list[list[Cell]]:
        """rows x columns, each slot the cell covering it; holes are filled with empty cells."""
        ncols = self.ncols
        grid: list[list[Cell | None]] = [[None] * ncols for _ in range(self.nrows)]
        for cell in self.cells:
            for r in range(cell.row, cell.last_row + 1):
                for c in range(cell.col, cell.last_col + 1):
                    if grid[r][c] is None:
                        grid[r][c] = cell
        filled: list[list[Cell]] = []
        for r, row in enumerate(grid):
            filled.append([slot if slot is not None else Cell("", r, c) for c, slot in enumerate(row)])
        return filled

    def label(self, row: int) -> str:
        return self.row_labels.get(row, f"第{row + 1}行")

    def line(self, row: int) -> int:
        return self.row_lines.get(row, row + 1)


def place(rows: list[list[Cell]]) -> int:
    """Give the cells of each row their columns as a browser lays out an HTML table: a cell takes the first
    column of its row not covered by a merged cell from a row above. Then only the columns some cell
    starts in are kept (a span never creates columns of its own), and a span reaching past the last row
    is cut there. Returns how many spans were cut.

    Work and memory grow with the cells, not with the slots they cover: the merged cells coming down from
    above are kept as column ranges, never spread out into slots. Raises
    :class:`~genhe_lint.convert.limits.LimitExceeded` (line = the row) for a table beyond the area limit."""
    nrows = len(rows)
    active: list[tuple[int, int, int]] = []  # (first column, end column, last row), by first column
    starts: set[int] = set()
    cut = 0
    for r, cells in enumerate(rows):
        active = [a for a in active if a[2] >= r]
        col, i = 0, 0
        new: list[tuple[int, int, int]] = []
        for cell in cells:
            while i < len(active) and active[i][0] <= col:
                col = max(col, active[i][1])
                i += 1
            cell.row, cell.col = r, col
            starts.add(col)
            if r + cell.rowspan > nrows:
                cell.rowspan = nrows - r
                cut += 1
            if cell.rowspan > 1:
                new.append((col, col + cell.colspan, r + cell.rowspan - 1))
            col += cell.colspan
        if new:
            active = sorted(active + new)
        limits.check_area(r + 1, len(starts), line=r + 1)  # each range in ``active`` starts a column
    columns = sorted(starts)
    index = {c: i for i, c in enumerate(columns)}
    for cells in rows:
        for cell in cells:
            first = index[cell.col]
            last = bisect.bisect_right(columns, cell.last_col) - 1
            if last - first + 1 < cell.colspan:
                cut += 1
            cell.col, cell.colspan = first, last - first + 1
    return cut


_HINT_RE = re.compile(re.escape(HINT_OPEN) + r"([^⟧]*)" + re.escape(HINT_CLOSE))


def split_hint(text: str) -> tuple[str, str]:
    """Text with an embedded ``⟦genhe …⟧`` hint -> (text without it, hint)."""
    hints = _HINT_RE.findall(text)
    return _HINT_RE.sub("", text), " ".join(h.strip() for h in hints)


def embed_hint(hint: str) -> str:
    return f"{HINT_OPEN}{hint}{HINT_CLOSE}" if hint else ""


def hint_words(hint: str) -> dict[str, str]:
    """``owner=0.1 empty`` -> {"owner": "0.1", "empty": ""}."""
    words: dict[str, str] = {}
    for word in hint.split():
        key, _, value = word.partition("=")
        words[key] = value
    return words
