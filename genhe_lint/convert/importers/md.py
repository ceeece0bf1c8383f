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


def read(data: bytes, name: str) -> list[Table]:
    lines = data.decode("utf-8-sig").split("\n")
    tables: list[Table] = []
    before: list[str] = []
    area = 0
    i = 0
    while i < len(lines):
        line = lines[i]
        is_table = line.strip().startswith("|") and i + 1 < len(lines) and re.fullmatch(
            r"\s*\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?\s*", lines[i + 1]) is not None
        if not is_table:
            text = _text(line.strip().lstrip("#").strip())
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
        below = [-1] * width  # column -> the last row a merged cell covers there
        for r, ((lineno, _), cells) in enumerate(zip(rows, split, strict=True)):
            table.row_lines[r] = lineno + 1
            table.row_labels[r] = f"第{lineno + 1}行"
            for c, raw in enumerate(cells):
                if below[c] >= r:
                    continue  # a slot of a merged cell (written empty)
                words = dict(w.partition("=")[::2] for w in _hint(_comments(raw)[1]).split())
                rowspan, colspan = _span(words.pop("span", ""))
                if rowspan > len(rows) - r or colspan > width - c:  # past the table's edge: cut there
                    rowspan, colspan = min(rowspan, len(rows) - r), min(colspan, width - c)
                    table.clipped += 1
                rest = " ".join(k if not v else f"{k}={v}" for k, v in words.items())
                table.add(Cell(_text(raw), r, c, rowspan, colspan, hint=rest))
                for cc in range(c, c + colspan):
                    below[cc] = max(below[cc], r + rowspan - 1)
        tables.append(table)
    return tables
