"""Positions are sacred: a value's character k maps to the exact line and column, whatever the style."""

from __future__ import annotations

import pytest
import yaml

from genhe_lint.load.source import Source


def _value_node(text: str) -> tuple[Source, yaml.ScalarNode]:
    root = yaml.compose(text, Loader=yaml.CSafeLoader)
    return Source(text), root.value[0][1]


def _where(text: str, needle: str) -> tuple[int, int]:
    """1-based position of ``needle`` in the value of the first key, via Source."""
    source, node = _value_node(text)
    offset = node.value.index(needle)
    line, col = source.value_position(node, offset)
    return line + 1, col + 1


def _find(text: str, needle: str) -> tuple[int, int]:
    """Where ``needle`` really is in the file text (the expected answer, found independently)."""
    for n, line in enumerate(text.split("\n"), start=1):
        if needle in line:
            return n, line.index(needle) + 1
    raise AssertionError(needle)


@pytest.mark.parametrize("text", [
    "content: 根河市民政局XX年度\n",
    "content: '根河市民政局XX年度'\n",
    'content: "根河市民政局XX年度"\n',
    "content: |\n  第一行\n  根河市民政局XX年度\n",
    "content: |2\n    缩进 根河市民政局XX年度\n",
    "content: |-\n\n  空行之后 根河市民政局XX年度\n",
    "content: >\n  折叠 第一行\n  根河市民政局XX年度\n",
    "content: 多行的\n  普通值 根河市民政局XX年度\n",
    "content: '多行的\n  单引号 根河市民政局XX年度'\n",
    "content: \"转义\\t之后 根河市民政局XX年度\"\n",
    "content: \"双引号\n  跨行 根河市民政局XX年度\"\n",
    "content: '带''引号 根河市民政局XX年度'\n",
    "\ufeffcontent: BOM之后 根河市民政局XX年度\n",
])
def test_value_offsets_map_to_the_file(text: str) -> None:
    text = text.lstrip("\ufeff")
    assert _where(text, "XX") == _find(text, "XX")
    assert _where(text, "根河") == _find(text, "根河")


def test_block_scalar_span_is_the_text_line_not_the_indicator() -> None:
    text = "content: |\n  1. 第一条\n  2. 第二条\n"
    source, node = _value_node(text)
    span = source.node_span(node)
    assert (span.line, span.column) == (2, 3)
    inner = source.span(node, node.value.index("第二条"), node.value.index("第二条") + 3)
    assert (inner.line, inner.column, inner.end_line, inner.end_column) == (3, 6, 3, 9)


def test_crlf_line_endings() -> None:
    text = "a: 1\r\ncontent: 根河市民政局XX\r\n"
    source, node = Source(text), yaml.compose(text, Loader=yaml.CSafeLoader).value[1][1]
    line, col = source.value_position(node, node.value.index("XX"))
    assert (line + 1, col + 1) == (2, 16)
