""""Disable for this node": the suppression comment that covers exactly one finding's code at its node.

The comment goes at the end of the node's first line (``# genhe-lint: disable=CODE``) or, where that would
change a value (the line is inside a block or a quoted text), on a line of its own above the node. Each
place is tried from the finding's own line outwards to the keys that contain it; a place is taken only when
the edited text parses to the same values and the suppression module reads a directive there that covers
the finding. Nothing else decides what a comment covers.
"""

from __future__ import annotations

from msgspec.structs import replace
from yaml.nodes import MappingNode, Node, SequenceNode

from genhe_lint.diagnostic import Diagnostic, Span
from genhe_lint.lint import suppression
from genhe_lint.load.document import Document
from genhe_lint.load.parse import parse, to_python


def comment(code: str) -> str:
    return f"# genhe-lint: disable={code}"


def disabled_text(document: Document, text: str, d: Diagnostic) -> str | None:
    """``text`` with a comment that suppresses ``d``'s code at ``d``'s node, or None when no place works
    (a file that does not parse has no nodes)."""
    if document.root is None:
        return None
    lines = text.split("\n")
    first = d.span.line - 1
    places = [first, *(line for line in _heads(document.root, first) if line != first)]
    values = to_python(document.root)
    kinds = {p.kind for p in document.problems}
    for line in places:
        if not 0 <= line < len(lines):
            continue
        body = lines[line].rstrip("\r")
        ending = lines[line][len(body):]
        trailing = [*lines[:line], f"{body}  {comment(d.code)}{ending}", *lines[line + 1:]]
        if _covers("\n".join(trailing), values, kinds, d, 0):
            return "\n".join(trailing)
        indent = body[: len(body) - len(body.lstrip(" "))]
        above = [*lines[:line], f"{indent}{comment(d.code)}{ending}", *lines[line:]]
        if _covers("\n".join(above), values, kinds, d, 1 if line <= first else 0):
            return "\n".join(above)
    return None


def _covers(text: str, values: object, kinds: set[str], d: Diagnostic, shift: int) -> bool:
    """The edited text has the same values and no new kind of problem, and a directive in it covers ``d``
    (moved down ``shift`` lines)."""
    document = parse(d.path, text)
    if (document.root is None or not {p.kind for p in document.problems} <= kinds
            or to_python(document.root) != values):
        return False
    s = d.span
    moved = replace(d, span=Span(s.line + shift, s.column, s.end_line + shift, s.end_column))
    return any(directive.kind == "disable" and directive.matches(moved) is not None
               for directive in suppression.parse(document))


def _heads(root: Node, line: int) -> list[int]:
    """0-based first lines of the keys and list items whose node contains ``line``, innermost first."""
    out: list[int] = []
    node: Node | None = root
    while isinstance(node, MappingNode | SequenceNode):
        pairs = list(node.value) if isinstance(node, MappingNode) else [(i, i) for i in node.value]
        node = None
        for head, body in pairs:
            end = body.end_mark
            if head.start_mark.line <= line and (line < end.line or (line == end.line and end.column > 0)):
                out.append(head.start_mark.line)
                node = body
                break
    return out[::-1]
