"""Markdown tables (as ``export --format md`` writes them, or any GitHub table with a 目录 header)."""

from __future__ import annotations

import html
import re

from genhe_lint.convert import limits
from genhe_lint.convert.table import Cell, Table

_COMMENT = re.compile(r"\s*genhe\s+(.*?)\s*", re.DOTALL)  # a comment's body
_SPLIT = re.compile(r"(?<!\\)\|")


def _cells(line: str) -> list[str]:
    body = line.strip()
    if body.startswith("|"):
        body = body[1:]
    if body.endswith("|") and not body.endswith("\\|"):
        body = body[:-1]
    return [part.strip() for part in _SPLIT.split(body)]


def _comments(raw: str) -> tuple[str, list[str]]:
    """The text without its ``<!-- … -->`` comments, and the bodies of those comments (linear: an unclosed
    ``<!--`` ends the search instead of being looked for again from every later position)."""
    out: list[str] = []
    bodies: list[str] = []
    pos = 0
    while (start := raw.find("<!--", pos)) >= 0:
        end = raw.find("-->", start + 4)
        if end < 0:
            break
        out.append(raw[pos:start])
        bodies.append(raw[start + 4 : end])
        pos = end + 3
    out.append(raw[pos:])
    return "".join(out), bodies


def _hint(bodies: list[str]) -> str:
    return " ".join(m.group(1) for b in bodies if (m := _COMMENT.fullmatch(b)) is not None)


def _text(raw: str) -> str:
    text = _comments(raw)[0].replace("\\|", "|")
    text = re.sub(r"<br\s*/?>", "\n", text, flags=re.IGNORECASE)
    return html.unescape(text).strip()


def _span(value: str) -> tuple[int, int]:
    """``ROWSxCOLS`` -> (rows, cols), each 1 to the span limit; anything else is one slot."""
    a, _, b = value.partition("x")
    try:
        return max(1, min(int(a), limits.MAX_SPAN)), max(1, min(int(b), limits.MAX_SPAN))
    except ValueError:
        return 1, 1


# The comment a table's exporter writes above it: in that table an empty cell is part of a merged cell
# (see :func:`merged_cells`). Without it every cell of a table is its own.
BLANKS_MERGE = "<!-- genhe blank=merged -->"
_BLANKS_MERGE = re.compile(r"\s*genhe\s+blank=merged\s*")


def merged_cells(grid: list[list[str]], blanks_merge: bool) -> tuple[list[tuple[int, int, int, int]], int]:
    """Where each cell of a table is and what it covers, from the raw cells of its rows (the header row
    first): a list of (row, column, rows, columns), and how many merged cells were cut at the table's edge.

    A cell with ``<!-- genhe span=ROWSxCOLS -->`` covers exactly that. With ``blanks_merge``, a blank slot
    of the body (no text, no comment) is read as part of a merged cell without that hint: of the cell
    above it if that cell is one column wide (its rows continue down), else of the cell to its left if
    that one is one row high (its columns continue right); a blank slot neither can take is an empty cell.
    """
    height = len(grid)
    width = max((len(row) for row in grid), default=0)
    owner: dict[tuple[int, int], int] = {}  # slot -> index of the cell covering it
    cells: list[list[int]] = []  # [row, col, rows, cols]
    growing: set[int] = set()  # cells without a span hint: blanks may extend them
    clipped = 0
    for r, row in enumerate(grid):
        for c in range(width):
            if (r, c) in owner or c >= len(row):  # covered, or past a short row's end (no cell)
                continue
            raw = row[c]
            if blanks_merge and r > 0 and not raw.strip():
                above, left = owner.get((r - 1, c)), owner.get((r, c - 1))
                if above is not None and above in growing and cells[above][3] == 1 and cells[above][0] > 0:
                    cells[above][2] += 1
                    owner[(r, c)] = above
                    continue
                if left is not None and left in growing and cells[left][2] == 1 and cells[left][0] == r:
                    cells[left][3] += 1
                    owner[(r, c)] = left
                    continue
            words = dict(w.partition("=")[::2] for w in _hint(_comments(raw)[1]).split())
            rowspan, colspan = _span(words["span"]) if "span" in words else (1, 1)
            if rowspan > height - r or colspan > width - c:  # past the table's edge: cut there
                rowspan, colspan = min(rowspan, height - r), min(colspan, width - c)
                clipped += 1
            index = len(cells)
            cells.append([r, c, rowspan, colspan])
            if "span" not in words:
                growing.add(index)
            for rr in range(r, r + rowspan):
                for cc in range(c, c + colspan):
                    owner.setdefault((rr, cc), index)
    return [(a, b, c, d) for a, b, c, d in cells], clipped


def read(data: bytes, name: str) -> list[Table]:
    lines = data.decode("utf-8-sig").split("\n")
    tables: list[Table] = []
    before: list[str] = []
    blanks_merge = False
    area = 0
    i = 0
    while i < len(lines):
        line = lines[i]
        is_table = line.strip().startswith("|") and i + 1 < len(lines) and re.fullmatch(
            r"\s*\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?\s*", lines[i + 1]) is not None
        if not is_table:
            text, bodies = _comments(line.strip().lstrip("#").strip())
            blanks_merge = blanks_merge or any(_BLANKS_MERGE.fullmatch(b) for b in bodies)
            text = _text(text)
            if text:
                before.append(text)
            i += 1
            continue
        table = Table(name=f"表{len(tables) + 1}" if tables else "", before=before)
        before = []
        rows = [(i, line)]
        i += 2
        while i < len(lines) and lines[i].strip().startswith("|"):
            rows.append((i, lines[i]))
            i += 1
        split = [_cells(row_line) for _, row_line in rows]
        width = max(len(cells) for cells in split)
        limits.check_area(len(rows), width, area, rows[0][0] + 1, 1)
        area += len(rows) * width
        for r, (lineno, _) in enumerate(rows):
            table.row_lines[r] = lineno + 1
            table.row_labels[r] = f"第{lineno + 1}行"
        found, table.clipped = merged_cells(split, blanks_merge)
        blanks_merge = False
        for r, c, rowspan, colspan in found:
            raw = split[r][c]
            words = dict(w.partition("=")[::2] for w in _hint(_comments(raw)[1]).split())
            words.pop("span", None)
            rest = " ".join(k if not v else f"{k}={v}" for k, v in words.items())
            table.add(Cell(_text(raw), r, c, rowspan, colspan, hint=rest))
        tables.append(table)
    return tables
