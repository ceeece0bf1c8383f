"""The intermediate grid model shared by every importer and exporter: cells with row and column spans.

A reader turns a file into :class:`Table` objects (one per table in the file); :mod:`build` turns tables into
a catalog. Exporters lay a catalog out as a :class:`Table` and render it. A cell may carry a *hint*: a few
machine-readable words (``owner=0.2``, ``node``, ``empty``, ``none``) that exporters hide in the file (an
HTML ``data-genhe`` attribute, hidden text in Word, a hidden sheet in Excel, a comment in Markdown) where the
printed table alone cannot say which node a merged cell belongs to; see ``docs/convert.md``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

HINT_OPEN, HINT_CLOSE = "⟦genhe ", "⟧"  # how a hint is written inside a cell's text (Word's hidden text)


@dataclass(eq=False)
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
        grid: list[list[Cell | None]] = [[None] * self.ncols for _ in range(self.nrows)]
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
