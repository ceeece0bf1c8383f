"""Markdown: a GitHub table. Markdown has no merged cells: a merged cell is written once, in its first
row, with ``<!-- genhe span=ROWSxCOLS -->``, and the slots it covers are left empty."""

from __future__ import annotations

import html

from genhe_lint.convert.layout import Layout
from genhe_lint.convert.table import Cell
from genhe_lint.convert.vocab import load


def cell_text(text: str) -> str:
    """Text as inert Markdown: ``&``, ``<``, ``>``, backticks and carriage returns as character references,
    ``|`` escaped (a cell's edge), line breaks as ``<br>``; the importer reads it back unchanged."""
    escaped = html.escape(text, quote=False).replace("`", "&#96;").replace("\r", "&#13;").replace("|", "\\|")
    return "<br>".join(line.strip() for line in escaped.split("\n"))


def _hint(cell: Cell, extra: str = "") -> str:
    words = [w for w in (f"span={cell.rowspan}x{cell.colspan}"
                         if cell.rowspan > 1 or cell.colspan > 1 else "",
                         cell.hint, extra) if w]
    return f"<!-- genhe {' '.join(words)} -->" if words else ""


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
    out.append("| " + " | ".join(headers) + " |")
    out.append("|" + "|".join("---" for _ in lay.roles) + "|")
    body = [c for c in lay.table.cells if c.row >= lay.header_rows]
    nrows = max((c.last_row for c in body), default=lay.header_rows - 1) + 1
    grid: list[list[str]] = [[""] * lay.ncols for _ in range(nrows - lay.header_rows)]
    for cell in body:
        grid[cell.row - lay.header_rows][cell.col] = cell_text(cell.text) + _hint(cell)
    for row in grid:
        out.append("| " + " | ".join(row) + " |")
    return ("\n".join(out) + "\n").encode("utf-8")
