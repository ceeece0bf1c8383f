"""Map positions inside a YAML scalar's *value* back to the file's line and column.

The parser gives each node a start and an end mark (0-based line, column and character index).
For a one-line plain scalar, character ``k`` of the value sits at ``column + k``; everything else
(quoted scalars with escapes, plain scalars folded over several lines, ``|`` and ``>`` blocks) is
mapped here, once, so that no rule ever converts positions itself.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import accumulate, repeat
from operator import add

from yaml.nodes import ScalarNode

from genhe_lint.diagnostic import Span


@dataclass(slots=True)
class Source:
    """The text of one file, with a table of where each line starts."""

    text: str
    _line_starts: list[int] | None = None
    _indents: dict[int, int] | None = None  # block scalar indentation, by node id

    @property
    def line_starts(self) -> list[int]:
        if self._line_starts is None:  # each line's length and its line break, summed (in C)
            lengths = map(len, self.text.split("\n")[:-1])
            self._line_starts = list(accumulate(map(add, lengths, repeat(1)), initial=0))
        return self._line_starts

    def index(self, line: int, column: int) -> int:
        """0-based line/column -> 0-based character index."""
        starts = self.line_starts
        if line >= len(starts):
            return len(self.text)
        return starts[line] + column

    def line_col(self, index: int) -> tuple[int, int]:
        """0-based character index -> 0-based line/column."""
        import bisect

        starts = self.line_starts
        line = bisect.bisect_right(starts, index) - 1
        return line, index - starts[line]

    # -- scalar value offsets ------------------------------------------------------------

    def value_position(self, node: ScalarNode, offset: int) -> tuple[int, int]:
        """0-based (line, column) of character ``offset`` of ``node``'s value."""
        start = node.start_mark
        style = node.style or ""
        value: str = node.value
        offset = max(0, min(offset, len(value)))
        if style == "" and start.line == node.end_mark.line:  # one line: character k at column + k
            return start.line, start.column + offset
        if style == "|":
            return self._literal_position(node, offset)
        # Quoted, folded or multi-line plain: align the value with the source text.
        first = start.index + (1 if style in ("'", '"') else 0)
        if style == ">":
            first = self.index(start.line + 1, 0)
        return self.line_col(self._align(value, first, node.end_mark.index, offset, style == '"'))

    def _literal_position(self, node: ScalarNode, offset: int) -> tuple[int, int]:
        value: str = node.value
        line_in_value = value.count("\n", 0, offset)
        col_in_line = offset - (value.rfind("\n", 0, offset) + 1)
        line = node.start_mark.line + 1 + line_in_value
        column = self._block_indent(node) + col_in_line
        # A blank line in the block may be shorter than the indentation; a line with text is not.
        blank = col_in_line == 0 and (offset == len(value) or value[offset] == "\n")
        if blank and line < len(self.line_starts):
            column = min(column, self._line_end(line) - self.line_starts[line])
        return line, column

    def _block_indent(self, node: ScalarNode) -> int:
        if self._indents is None:
            self._indents = {}
        indent = self._indents.get(id(node))
        if indent is None:
            indent = self._indents[id(node)] = self._find_block_indent(node)
        return indent

    def _find_block_indent(self, node: ScalarNode) -> int:
        """The indentation of a block scalar's text, read from the lines after its header (found by searching
        for line breaks from the node's start: most files never need the whole table of line starts)."""
        text = self.text
        start = node.start_mark
        header_end = _line_end_at(text, start.index)
        digits = [c for c in text[start.index : header_end].split("#", 1)[0] if c.isdigit()]
        if digits:  # explicit indentation indicator, relative to the parent's indentation
            parent_line = text[start.index - start.column : header_end]
            parent_indent = len(parent_line) - len(parent_line.lstrip(" "))
            return parent_indent + int(digits[0])
        pos = text.find("\n", start.index) + 1
        for _line in range(start.line + 1, node.end_mark.line + 1):
            if pos == 0 or pos > len(text):
                break
            body = text[pos : _line_end_at(text, pos)]
            if body.strip():
                return len(body) - len(body.lstrip(" "))
            pos = text.find("\n", pos) + 1
        return 0

    def _line_end(self, line: int) -> int:
        starts = self.line_starts
        end = starts[line + 1] - 1 if line + 1 < len(starts) else len(self.text)
        if end > starts[line] and self.text[end - 1] == "\r":
            end -= 1
        return end

    def _align(self, value: str, first: int, last: int, offset: int, escapes: bool = False) -> int:
        """Greedy alignment of value characters with source characters; returns a source index.

        Source characters that are not in the value (indentation, folded line breaks, quotes doubled
        in single-quoted scalars) are skipped; in double-quoted scalars an escape sequence such as
        ``\\t`` or ``\\u4e2d`` stands for one value character.
        """
        text = self.text
        pos = first
        for i in range(offset):
            ch = value[i]
            if escapes and pos < last and text[pos] == "\\" and ch != "\\":
                pos += _escape_length(text, pos)
                continue
            j = pos
            while j < last:
                sc = text[j]
                if sc == ch or (ch in " \n" and sc == "\n"):
                    break
                j += 1
            else:
                return min(pos, last)
            pos = j + 1
        # Skip indentation and line breaks to land on the character itself.
        target = value[offset] if offset < len(value) else ""
        while pos < last and target not in (" ", "\n") and text[pos] != target and text[pos] in " \t\r\n\\":
            pos += 1
        return pos

    def span(self, node: ScalarNode, start: int = 0, end: int | None = None) -> Span:
        """1-based span of value characters ``start``..``end`` (whole value when omitted)."""
        first = node.start_mark
        if not node.style and first.line == node.end_mark.line:  # plain: "" (libyaml) or None
            # A one-line plain scalar (most values): character k stands at column + k, worked out here
            # without further calls (the findings of a large run ask for tens of thousands of these).
            line, column = first.line + 1, first.column + 1
            if end is None:
                if start == 0:
                    return Span(line, column, line, node.end_mark.column + 1)
                end = len(node.value)
            size = len(node.value)
            begin = column + max(0, min(start, size))
            stop = column + max(0, min(end - 1, size)) + 1 if end > start else begin
            return Span(line, begin, line, stop)
        if end is None:
            if start == 0 and node.style not in ("'", '"'):
                return self.node_span(node)
            end = len(node.value)  # a quoted value: the text inside the quotes
        line, col = self.value_position(node, start)
        if end > start:
            eline, ecol = self.value_position(node, end - 1)
            ecol += 1
        else:
            eline, ecol = line, col
        return Span(line + 1, col + 1, eline + 1, ecol + 1)

    def node_span(self, node: object) -> Span:
        """1-based span of a whole node as the parser marks it (a block scalar: its first text line)."""
        start = node.start_mark  # type: ignore[attr-defined]
        end = node.end_mark  # type: ignore[attr-defined]
        if start.line == end.line:  # a one-line node (a block scalar with text takes two lines at least)
            return Span(start.line + 1, start.column + 1, end.line + 1, end.column + 1)
        if isinstance(node, ScalarNode) and node.style in ("|", ">") and node.value:
            line, col = self.value_position(node, 0)
            first_line_len = len(node.value.split("\n", 1)[0])
            return Span(line + 1, col + 1, line + 1, col + 1 + first_line_len)
        end_line, end_col = end.line, end.column
        if end_line > start.line and end_col == 0:  # block collections end at the next line's start
            end_line -= 1
            end_col = self._line_end(end_line) - self.line_starts[end_line]
        return Span(start.line + 1, start.column + 1, end_line + 1, end_col + 1)


def _line_end_at(text: str, index: int) -> int:
    """Where the line holding ``index`` ends (before its line break, and before a carriage return)."""
    end = text.find("\n", index)
    if end == -1:
        end = len(text)
    if end > index and text[end - 1] == "\r":
        end -= 1
    return end


def _escape_length(text: str, pos: int) -> int:
    """Length in the source of the double-quoted escape sequence starting at ``pos``."""
    kind = text[pos + 1] if pos + 1 < len(text) else ""
    return {"x": 4, "u": 6, "U": 10}.get(kind, 2)
