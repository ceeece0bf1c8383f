"""The first-character look-ahead put in front of rule-data patterns never changes what they match."""

from __future__ import annotations

import re
from typing import Any

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from genhe_lint.ruledata.prefilter import first_chars, with_prefilter

PATTERNS = [
    r"(?<![A-Za-z])[XxＸｘ]{2,}(?![A-Za-z])",
    r"×{2,}|＊{2,}|\*{2,}",
    r"某某",
    r"\?{2,}|？{2,}|□{2,}|○{2,}",
    r"(?:(?<![A-Za-z])[XxＸｘ]{2,}(?![A-Za-z]))|(?:某某)|(?:\?{2,}|？{2,})",
    r"(?:全|本)?省(?:内|级)",
    r"a*b",
    r"^第[一二三]",
]


@pytest.mark.parametrize(("pattern", "expected"), [
    (r"某某", {"某"}),
    (r"(?<![A-Za-z])[XxＸｘ]{2,}", {"X", "x", "Ｘ", "ｘ"}),
    (r"×{2,}|某某", {"×", "某"}),
    (r"(?:全|本)?省", {"全", "本", "省"}),
    (r"a*b", {"a", "b"}),
])
def test_first_chars(pattern: str, expected: set[str]) -> None:
    assert first_chars(pattern) == expected


@pytest.mark.parametrize("pattern", [r"x*", r".某", r"[^a]b", r"\w+", r"(?i)xx", r"\d+", r"[\u0000-\uffff]"])
def test_no_prefilter_when_unknown_or_unbounded(pattern: str) -> None:
    assert first_chars(pattern) is None
    assert with_prefilter(pattern).pattern == pattern


ALPHABET = "XxＸｘ×＊*?？□○某全本省内级ab第一 \0年"


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=ALPHABET, max_size=40), st.sampled_from(PATTERNS))
def test_same_matches_as_the_plain_pattern(text: str, pattern: str) -> None:
    plain, fast = re.compile(pattern), with_prefilter(pattern)
    assert [m.span() for m in fast.finditer(text)] == [m.span() for m in plain.finditer(text)]


def test_placeholder_pattern_of_the_rule_data_is_prefiltered() -> None:
    from genhe_lint import ruledata

    pattern = ruledata.load(()).placeholder_re
    assert pattern is not None and pattern.pattern.startswith("(?=[")


_DATA = None


def _data() -> object:
    global _DATA
    if _DATA is None:
        from genhe_lint import ruledata

        _DATA = ruledata.load()
    return _DATA


@settings(max_examples=200, deadline=None)
@given(st.lists(st.text(alphabet="某XxＸ×＊*?？□○根河市 年度ab\n", max_size=12), min_size=1, max_size=4))
@example(["某某科室"]).via("each family of placeholders alone")
@example(["XX年"]).via("each family of placeholders alone")
@example(["××工作"]).via("each family of placeholders alone")
@example(["？？年度"]).via("each family of placeholders alone")
@example(["ｘｘ年"]).via("each family of placeholders alone")
def test_placeholder_rule_gated_on_first_characters_finds_the_same(contents: list[str]) -> None:
    """GL106 first looks whether the catalog holds any character a placeholder starts with: the same
    findings as without that look (every text tried by the regex)."""
    import dataclasses
    import json

    from genhe_lint.lint.options import Selection
    from genhe_lint.lint.passes import lint_text

    data: Any = _data()
    assert data.placeholder_starts is not None and "某" in data.placeholder_starts
    items = "\n".join(f"  - name: 事项{i}\n    content: {json.dumps(c, ensure_ascii=False)}"
                      for i, c in enumerate(contents))
    text = f"department: 根河市民政局\nsections:\n{items}\n"
    only = Selection(select=("GL106",))
    gated = lint_text(text, data, selection=only)
    ungated = lint_text(text, dataclasses.replace(data, placeholder_starts=None), selection=only)
    assert gated == ungated
    if any(p in c for c in contents for p in ("某某", "？？", "□□")):
        assert gated
