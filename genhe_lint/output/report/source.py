"""The catalog's source on the page: the numbered listing (folded away from the findings) and the one-line
excerpt of a finding, with the text each finding concerns marked."""

from __future__ import annotations

import re
from itertools import pairwise

from genhe_lint.diagnostic import Diagnostic
from genhe_lint.output.report.files import CatalogFile
from genhe_lint.output.report.words import TEXT, esc, esc_source

_INDENT = re.compile(r"\s*")


def span_range(d: Diagnostic, line: int, text: str) -> tuple[int, int] | None:
    """The 0-based character range of ``d`` on ``line`` (end exclusive), or None."""
    s = d.span
    if not s.line <= line <= max(s.line, s.end_line):
        return None
    start = s.column - 1 if line == s.line else 0
    end = s.end_column - 1 if line == s.end_line else len(text)
    start = min(max(start, 0), len(text))
    end = min(max(end, start), len(text))
    if end == start and start < len(text) and line == s.line:
        end = start + 1  # an empty span still points at a character
    return start, end


def marked(text: str, hits: list[tuple[int, int, int, Diagnostic]], lang: str) -> str:
    """``text`` escaped, with <mark> around every finding's range (overlaps split into segments)."""
    if not hits:
        return esc_source(text)
    cuts = sorted({0, len(text), *(h[0] for h in hits), *(h[1] for h in hits)})
    out: list[str] = []

    def mark(cover: list[tuple[int, int, int, Diagnostic]], body: str, extra: str = "") -> str:
        worst = max((h[3].severity for h in cover), key=lambda s: s.rank)
        ids = " ".join(f"d{h[2]}" for h in cover)
        tip = "\n".join(esc(f"{h[3].code} {h[3].message.get(lang)}") for h in cover)  # a line each
        return f'<mark class="sev-{worst.value}{extra}" data-d="{ids}" title="{tip}">{body}</mark>'

    for a, b in pairwise(cuts):
        points = [h for h in hits if h[0] == h[1] == a]
        if points:
            out.append(mark(points, "", " pt"))
        cover = [h for h in hits if h[0] <= a and b <= h[1] and h[0] < h[1]]
        out.append(mark(cover, esc_source(text[a:b])) if cover else esc_source(text[a:b]))
    ends = [h for h in hits if h[0] == h[1] == len(text)]
    if ends:
        out.append(mark(ends, "", " pt"))
    return "".join(out)


# Lines of context shown around each finding; a run of hidden lines shorter than _MIN_FOLD stays shown,
# since its fold would take about as much room as the lines themselves.
CONTEXT = 2
_MIN_FOLD = 3


def shown_lines(f: CatalogFile, context: int = CONTEXT) -> set[int]:
    """The lines the listing shows unfolded: every finding's lines and those a cross-catalog finding points
    at (``f.referenced``), each with ``context`` lines either side; short runs between them as well."""
    shown: set[int] = set()
    spans = [(d.span.line, max(d.span.line, d.span.end_line)) for _, d in f.diagnostics]
    spans += [(line, line) for line in f.referenced]
    for first, last in spans:
        shown.update(range(max(1, first - context), min(len(f.lines), last + context) + 1))
    hidden_run: list[int] = []
    for line in range(1, len(f.lines) + 2):
        if line <= len(f.lines) and line not in shown:
            hidden_run.append(line)
            continue
        if 0 < len(hidden_run) < _MIN_FOLD:
            shown.update(hidden_run)
        hidden_run = []
    return shown


def listing(f: CatalogFile, lang: str) -> str:
    """The numbered source, every line with its anchor; lines away from any finding are folded into a
    ``<details>`` (no script needed to open it, and a browser opens it when a link leads into it)."""
    t = TEXT[lang]
    on_line: dict[int, list[tuple[int, int, int, Diagnostic]]] = {}
    for number, d in f.diagnostics:
        for line in range(d.span.line, max(d.span.line, d.span.end_line) + 1):
            if 1 <= line <= len(f.lines):
                r = span_range(d, line, f.lines[line - 1])
                if r is not None:
                    on_line.setdefault(line, []).append((r[0], r[1], number, d))
    shown = shown_lines(f)
    out: list[str] = []
    fold: list[str] = []
    fold_from = 0

    def close_fold(last: int) -> None:
        if fold:
            words = t["fold"].format(first=fold_from, last=last, n=last - fold_from + 1)
            out.append(f'<details class="fold" data-first="{fold_from}" data-last="{last}">'
                       f'<summary>{esc(words)}</summary>{"".join(fold)}</details>')
            fold.clear()

    for line, text in enumerate(f.lines, start=1):
        row = _line(f, line, text, on_line.get(line, []), lang)
        if line in shown:
            close_fold(line - 1)
            out.append(row)
        else:
            if not fold:
                fold_from = line
            fold.append(row)
    close_fold(len(f.lines))
    return f'<div class="listing" lang="zh-CN">{"".join(out)}</div>'


def _line(f: CatalogFile, line: int, text: str, hits: list[tuple[int, int, int, Diagnostic]],
          lang: str) -> str:
    """One numbered line of the listing, its findings' text marked and tagged with links to them."""
    anchor = f"{f.anchor}-L{line}"
    cls = "ln cmt" if text.lstrip().startswith("#") else "ln"
    tags = ""
    if hits:
        worst = max((h[3].severity for h in hits), key=lambda s: s.rank)
        cls += f" hit sev-{worst.value}"
        seen: list[int] = []
        for h in hits:
            if h[2] not in seen:
                seen.append(h[2])
        tags = '<span class="tags">' + "".join(
            f'<a class="tag sev-{d.severity.value}" href="#d{n}" title="{esc(d.message.get(lang))}">'
            f'{esc(d.code)}</a>'
            for n, d in f.diagnostics if n in seen) + "</span>"
    return (f'<div class="{cls}" id="{anchor}"><a class="no" href="#{anchor}">{line}</a>'
            f'<span class="src">{marked(text, hits, lang)}</span>{tags}</div>')


def snippet(f: CatalogFile, number: int, d: Diagnostic, lang: str, room: int = 70) -> str:
    """The finding's first line, indentation dropped, its text marked (long lines cut around it)."""
    if not 1 <= d.span.line <= len(f.lines):
        return ""
    text = f.lines[d.span.line - 1]
    r = span_range(d, d.span.line, text)
    if r is None:
        return ""
    indent = _INDENT.match(text)  # the indentation, found without reading the whole line
    first = indent.end() if indent else 0
    start, end = min(first, r[0]), len(text)
    head = tail = ""
    if r[0] - start > room:
        start, head = r[0] - room, "…"
    if end - max(r[1], r[0] + 1) > room:
        end, tail = max(r[1], r[0] + 1) + room, "…"
    body = marked(text[start:end], [(r[0] - start, min(r[1], end) - start, number, d)], lang)
    return (f'<div class="snip" lang="zh-CN"><span class="lnno">{d.span.line}</span>'
            f'{esc(head)}{body}{esc(tail)}</div>')
