"""Inline suppression comments, handled in one place (as flake8 and ruff do with ``noqa``).

    - serial: 8            # genhe-lint: disable=GL301       -> this node and its children
    # genhe-lint: disable=GL106,template-placeholder          -> the node on the next line
    # genhe-lint: disable-file=GL105                          -> the whole file

A directive that suppresses nothing is reported as GL003 unused-suppression.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from itertools import chain

from yaml.nodes import MappingNode, Node, SequenceNode

from genhe_lint.diagnostic import Diagnostic
from genhe_lint.lint import selection
from genhe_lint.load.document import Document

_MARKER = "genhe-lint:"
_DIRECTIVE = re.compile(r"(?:^|\s)#\s*genhe-lint:\s*(disable-file|disable)\s*=\s*([A-Za-z0-9_,\s-]*)")


@dataclass(slots=True)
class Directive:
    kind: str  # "disable" or "disable-file"
    patterns: list[str]
    line: int  # 1-based line of the comment
    column: int  # 1-based column of the '#'
    first: int  # lines covered, 1-based inclusive
    last: int
    used: set[str] = field(default_factory=set)

    def matches(self, d: Diagnostic) -> str | None:
        if not self.first <= d.span.line <= self.last:
            return None
        return selection.first_match(self.patterns, d.code, d.name)


def _nodes_covering(root: Node | None, lines: set[int]) -> Iterator[Node]:
    """Each node whose 0-based line range covers one of ``lines``, parents before their children; a
    collection that covers none of them is not entered. The tree is a document's, which shares no node
    (aliases are fatal: such a document has no tree), so no node is met twice."""
    ordered = sorted(lines)
    beyond = len(ordered)
    stack: list[Node] = [root] if root is not None else []
    while stack:
        node = stack.pop()
        at = bisect.bisect_left(ordered, node.start_mark.line)  # the first line from the node's start on
        if at == beyond or ordered[at] > node.end_mark.line:
            continue
        yield node
        if isinstance(node, MappingNode):
            stack.extend(chain.from_iterable(node.value))  # key, value, key, value ...
        elif isinstance(node, SequenceNode):
            stack.extend(node.value)


def _ranges(root: Node | None, wanted: set[int]) -> dict[int, int]:
    """For each 1-based line of ``wanted`` that starts a node (a key or a list item), the last line it
    covers; the outermost node wins (a list item that starts with a key covers the whole item)."""
    out: dict[int, int] = {}

    def last_line(node: Node) -> int:
        end = node.end_mark
        return end.line if end.column == 0 and end.line > node.start_mark.line else end.line + 1

    for node in _nodes_covering(root, {line - 1 for line in wanted}):
        if isinstance(node, MappingNode):
            children: list[tuple[Node, Node]] = list(node.value)
        elif isinstance(node, SequenceNode):
            children = [(item, item) for item in node.value]
        else:
            continue
        for head, body in children:
            start = head.start_mark.line + 1
            if start in wanted:
                out[start] = max(out.get(start, 0), last_line(body))
    return out


def _scalar_spans(
    root: Node | None, lines: set[int],
) -> dict[int, list[tuple[tuple[int, int], tuple[int, int]]]]:
    """0-based (line, column) ranges of the scalar values that cover one of ``lines`` (0-based), indexed by
    each line they cover."""
    out: dict[int, list[tuple[tuple[int, int], tuple[int, int]]]] = {}
    for node in _nodes_covering(root, lines):
        if isinstance(node, MappingNode | SequenceNode):
            continue
        span = ((node.start_mark.line, node.start_mark.column), (node.end_mark.line, node.end_mark.column))
        for line in range(node.start_mark.line, node.end_mark.line + 1):
            out.setdefault(line, []).append(span)
    return out


def parse(document: Document) -> list[Directive]:
    text = document.source.text
    at = text.find(_MARKER)
    if at == -1:
        return []
    # The 0-based lines that hold the marker, and where each starts, found by searching for it: only these
    # lines (and those after a comment on a line of its own) are cut out of the text.
    marked: dict[int, int] = {}
    index = counted = 0
    while at != -1:
        index += text.count("\n", counted, at)
        counted = at
        if index not in marked:
            marked[index] = text.rfind("\n", 0, at) + 1
        at = text.find(_MARKER, at + len(_MARKER))
    scalars = _scalar_spans(document.root, set(marked))
    found: list[tuple[str, list[str], int, int, int]] = []  # kind, patterns, line, column, first line covered
    for index, begin in marked.items():
        raw, after = _line_from(text, begin)
        m = _DIRECTIVE.search(raw)
        if m is None:
            continue
        kind = m.group(1)
        patterns = [p.strip() for p in m.group(2).split(",") if p.strip()]
        line = index + 1
        column = raw.index("#", m.start()) + 1
        if any(start <= (index, column - 1) < end for start, end in scalars.get(index, ())):
            continue  # the '#' is inside a quoted or block value, not a comment
        if kind == "disable-file":
            first = 0
        elif raw[: column - 1].strip():  # a trailing comment: the node whose key is on this line
            first = line
        else:  # a comment on its own line: the next node
            first = _next_node_line(text, after, line)
        found.append((kind, patterns, line, column, first))
    ranges = _ranges(document.root, {first for *_, first in found if first})
    last_line = text.count("\n") + 1 if any(not first for *_, first in found) else 0
    return [Directive(kind, patterns, line, column, first or 1,
                      ranges.get(first, first) if first else last_line)
            for kind, patterns, line, column, first in found]


def _line_from(text: str, begin: int) -> tuple[str, int]:
    """The line of ``text`` that starts at ``begin`` (without its line break), and where the next one starts
    (``len(text) + 1`` after the last line)."""
    end = text.find("\n", begin)
    if end == -1:
        end = len(text)
    return text[begin:end], end + 1


def _next_node_line(text: str, begin: int, line: int) -> int:
    """The 1-based line of the first line from ``begin`` on (line ``line + 1``) that is neither blank nor a
    comment; ``line`` where there is none."""
    following = line + 1
    while begin <= len(text):
        raw, begin = _line_from(text, begin)
        if raw.strip() and not raw.lstrip().startswith("#"):
            return following
        following += 1
    return line


def apply(diagnostics: list[Diagnostic], directives: list[Directive]) -> list[Diagnostic]:
    """Drop suppressed diagnostics, marking which directive patterns were used."""
    if not directives:
        return diagnostics
    kept: list[Diagnostic] = []
    for d in diagnostics:
        suppressed = False
        for directive in directives:
            pattern = directive.matches(d)
            if pattern is not None:
                directive.used.add(pattern)
                suppressed = True
        if not suppressed:
            kept.append(d)
    return kept
