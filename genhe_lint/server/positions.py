"""Positions as the Language Server Protocol counts them, and text edits between two versions of a text.

The linter's spans are 1-based lines and columns counted in characters (code points). LSP positions are
0-based lines and columns counted in UTF-16 code units: a character outside the Basic Multilingual Plane
(an astral character, such as the CJK extension B ideograph 𠀀) counts 2, every other character 1.
"""

from __future__ import annotations

from lsprotocol import types

from genhe_lint.diagnostic import Span


def _width(char: str) -> int:
    return 2 if ord(char) > 0xFFFF else 1


def utf16_column(line: str, column: int) -> int:
    """The UTF-16 offset of character ``column`` (0-based) of ``line``; past the end of the line each missing
    character counts 1."""
    head = line[:column]
    return len(head) + sum(1 for c in head if ord(c) > 0xFFFF) + max(0, column - len(line))


def char_column(line: str, utf16: int) -> int:
    """The character index of UTF-16 offset ``utf16`` in ``line`` (inside a surrogate pair: the character)."""
    units = 0
    for index, char in enumerate(line):
        if units >= utf16:
            return index
        units += _width(char)
        if units > utf16:
            return index
    return len(line) + max(0, utf16 - units)


class Lines:
    """A text split into lines as the loader counts them (at ``\\n``; a ``\\r`` before it stays on the line,
    where it comes after every column a finding can have)."""

    def __init__(self, text: str) -> None:
        self.lines = text.split("\n")

    def line(self, index: int) -> str:
        return self.lines[index] if 0 <= index < len(self.lines) else ""

    def position(self, line: int, column: int) -> types.Position:
        """1-based ``line`` and character ``column`` -> an LSP position."""
        index = max(0, line - 1)
        return types.Position(line=index, character=utf16_column(self.line(index), max(0, column - 1)))

    def range(self, span: Span) -> types.Range:
        return types.Range(start=self.position(span.line, span.column),
                           end=self.position(span.end_line, span.end_column))

    def point(self, position: types.Position) -> tuple[int, int]:
        """An LSP position -> 1-based line and character column."""
        return position.line + 1, char_column(self.line(position.line), position.character) + 1

    def offset_position(self, offset: int) -> types.Position:
        """A character offset into the text -> an LSP position."""
        line, start = 0, 0
        while line < len(self.lines) - 1 and offset > start + len(self.lines[line]):
            start += len(self.lines[line]) + 1
            line += 1
        return types.Position(line=line, character=utf16_column(self.line(line), offset - start))


def text_edit(before: str, after: str) -> types.TextEdit | None:
    """One edit turning ``before`` into ``after``: the span between their common start and common end
    (None when they are equal)."""
    if before == after:
        return None
    prefix = 0
    limit = min(len(before), len(after))
    while prefix < limit and before[prefix] == after[prefix]:
        prefix += 1
    suffix = 0
    while suffix < limit - prefix and before[-1 - suffix] == after[-1 - suffix]:
        suffix += 1
    lines = Lines(before)
    start = lines.offset_position(prefix)
    end = lines.offset_position(len(before) - suffix)
    return types.TextEdit(range=types.Range(start=start, end=end),
                          new_text=after[prefix:len(after) - suffix])
