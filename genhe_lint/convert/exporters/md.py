"""Markdown: a GitHub table. Markdown has no merged cells: a merged cell is written once, in its first
slot, and the slots it covers are left blank; the comment ``<!-- genhe blank=merged -->`` above the table
tells the importer so (:func:`genhe_lint.convert.importers.md.merged_cells`). It reads a blank slot as part
of the one-column cell above it, else of the one-row cell to its left. That is how the printed tables are
merged (the 序号, 一级事项 and shared columns down, an item's name across the deeper name columns), so most
merged cells need nothing more.

A cell carries ``<!-- genhe span=ROWSxCOLS -->`` only where that reading would get it wrong: a cell that
is merged both down and across, a blank cell of its own under a one-column cell (an empty 公开时限 under
a filled one) or beside a one-row cell, or a cell whose blank slots the reading would give to another
cell. The exporter reads its own table back, adds the hint to the first cell read wrongly until none is,
then drops each hint the table reads right without.
"""

from __future__ import annotations

import html

from genhe_lint.convert.importers.md import BLANKS_MERGE, merged_cells
from genhe_lint.convert.layout import Layout
from genhe_lint.convert.table import Cell
from genhe_lint.convert.vocab import load


def cell_text(text: str) -> str:
    """Text as inert Markdown: ``&``, ``<``, ``>``, backticks and carriage returns as character references,
    ``|`` escaped (a cell's edge), line breaks as ``<br>``; the importer reads it back unchanged."""
    escaped = html.escape(text, quote=False).replace("`", "&#96;").replace("\r", "&#13;").replace("|", "\\|")
    return "<br>".join(line.strip() for line in escaped.split("\n"))


def _hint(cell: Cell, span: bool) -> str:
    words = [w for w in (f"span={cell.rowspan}x{cell.colspan}" if span else "", cell.hint) if w]
    return f"<!-- genhe {' '.join(words)} -->" if words else ""


def _spans_needed(cells: list[Cell], header: list[str], first: int, nrows: int, ncols: int) -> set[int]:
    """The cells (indices into ``cells``, rows counted from ``first``) that must carry their span for the
    table to be read back as written: the importer's reading is run on the table until it is right, then
    each hint is taken away again if the table reads right without it."""
    real = {(c.row - first + 1, c.col, c.rowspan, c.colspan): i for i, c in enumerate(cells)}

    def misread(needed: set[int]) -> list[tuple[tuple[int, int, int, int], int]]:
        grid: list[list[str]] = [header] + [[""] * ncols for _ in range(nrows)]
        for i, cell in enumerate(cells):
            grid[cell.row - first + 1][cell.col] = cell_text(cell.text) + _hint(cell, i in needed)
        # once every cell is read back where it is, the slots left over (no cell covers them) are read as
        # empty cells of their own, as without the comment
        read = set(merged_cells(grid, blanks_merge=True)[0])
        return sorted((key, i) for key, i in real.items() if key not in read)

    needed: set[int] = set()
    while wrong := misread(needed):
        # the first cell read wrongly (in reading order) takes its hint; the cells after it may have been
        # read wrongly only because of it, so they are looked at again
        needed.add(wrong[0][1])
    changed = True
    while changed:  # a hint given early may have been made needless by one given later
        changed = False
        for i in sorted(needed):
            if not misread(needed - {i}):
                needed.discard(i)
                changed = True
    return needed


def render(lay: Layout) -> bytes:
    vocab = load()
    out: list[str] = []
    if lay.title is not None:
        out += [f"# {cell_text(lay.title)}", ""]
    if lay.department_line:
        out += [cell_text(lay.department_line), ""]
    # one header row: the deepest header of each column
    headers = []
    for role, label in lay.roles:
        extra = ""
        if role == "channel" and vocab.channel(label) is None:
            extra = "role=channel"
        elif role == "audience" and vocab.audience(label) is None and label not in ("特定群体", "特定对象"):
            extra = "role=audience"
        headers.append(cell_text(label) + (f"<!-- genhe {extra} -->" if extra else ""))
    out += [BLANKS_MERGE, ""]
    out.append("| " + " | ".join(headers) + " |")
    out.append("|" + "|".join("---" for _ in lay.roles) + "|")
    body = [c for c in lay.table.cells if c.row >= lay.header_rows]
    nrows = max((c.last_row for c in body), default=lay.header_rows - 1) + 1 - lay.header_rows
    needed = _spans_needed(body, headers, lay.header_rows, nrows, lay.ncols)
    grid: list[list[str]] = [[""] * lay.ncols for _ in range(nrows)]
    for i, cell in enumerate(body):
        grid[cell.row - lay.header_rows][cell.col] = cell_text(cell.text) + _hint(cell, i in needed)
    for row in grid:
        out.append("| " + " | ".join(row) + " |")
    return ("\n".join(out) + "\n").encode("utf-8")
