"""Markdown tables (as ``export --format md`` writes them, or any GitHub table with a 目录 header)."""

from __future__ import annotations

import html
import re

from genhe_lint.convert.table import Cell, Table

_COMMENT = re.compile(r"<!--\s*genhe\s+(.*?)\s*-->")
_ANY_COMMENT = re.compile(r"<!--.*?-->")
_SPLIT = re.compile(r"(?<!\\)\|")


def _cells(line: str) -> list[str]:
    body = line.strip()
    if body.startswith("|"):
        body = body[1:]
    if body.endswith("|") and not body.endswith("\\|"):
        body = body[:-1]
    return [part.strip() for part in _SPLIT.split(body)]


def _text(raw: str) -> str:
    text = _ANY_COMMENT.sub("", raw).replace("\\|", "|")
    text = re.sub(r"<br\s*/?>", "\n", text, flags=re.IGNORECASE)
    return html.unescape(text).strip()


def read(data: bytes, name: str) -> list[Table]:
    lines = data.decode("utf-8-sig").split("\n")
    tables: list[Table] = []
    before: list[str] = []
    i = 0
    while i < len(lines):
        line = lines[i]
        is_table = line.strip().startswith("|") and i + 1 < len(lines) and re.fullmatch(
            r"\s*\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?\s*", lines[i + 1]) is not None
        if not is_table:
            text = line.strip().lstrip("#").strip()
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
        taken: set[tuple[int, int]] = set()
        for r, (lineno, row_line) in enumerate(rows):
            table.row_lines[r] = lineno + 1
            table.row_labels[r] = f"第{lineno + 1}行"
            for c, raw in enumerate(_cells(row_line)):
                if (r, c) in taken:
                    continue  # a slot of a merged cell (written empty)
                hint = " ".join(_COMMENT.findall(raw))
                words = dict(w.partition("=")[::2] for w in hint.split())
                rowspan, colspan = 1, 1
                if "span" in words:
                    a, _, b = words.pop("span").partition("x")
                    rowspan, colspan = int(a), int(b)
                rest = " ".join(k if not v else f"{k}={v}" for k, v in words.items())
                table.add(Cell(_text(raw), r, c, rowspan, colspan, hint=rest))
                for rr in range(r, r + rowspan):
                    for cc in range(c, c + colspan):
                        taken.add((rr, cc))
        tables.append(table)
    return tables
