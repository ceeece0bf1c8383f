"""What reading a file gives: the :class:`Document` (text, node tree) and the :class:`Problem` list.

Nothing in the loader raises on bad input: every problem (unreadable or undecodable files, syntax errors,
duplicate keys, anchors and aliases, full-width punctuation where YAML needs ASCII, files beyond the
limits) becomes a :class:`Problem` with a position, and the caller turns it into a diagnostic.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from yaml.nodes import Node

from genhe_lint.diagnostic import Msg
from genhe_lint.load.source import Source


@dataclass(slots=True)
class Problem:
    """A problem found while reading, 0-based position."""

    # "read", "encoding", "syntax", "fullwidth", "limit", "duplicate-key", "alias", "merge"
    kind: str
    message: Msg
    line: int = 0
    column: int = 0
    hint: Msg | None = None


# Problems after which the tree is not used (no model, no format check): only duplicate keys leave a
# tree worth checking further.
FATAL_KINDS = frozenset({"read", "encoding", "syntax", "fullwidth", "limit", "alias", "merge"})


@dataclass(slots=True)
class Document:
    path: str
    source: Source
    root: Node | None
    problems: list[Problem] = field(default_factory=list)
    # The tree's plain Python data (numbers, text, lists, mappings), built by the walk that checks it;
    # None where there is no tree (or the tree is a null scalar), and once the format check has taken it.
    data: object = None


# Characters never echoed to the output: C0/C1 controls (terminal escapes, NUL), line and paragraph
# separators, non-characters. Tab, LF and CR are text.
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\ufffe\uffff]")


def printable(text: str) -> str:
    """The text with control characters (terminal escapes, NUL) replaced one for one by U+FFFD."""
    return CONTROL.sub("\ufffd", text)
