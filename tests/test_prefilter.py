"""The first-character gate in front of the rule data's placeholder search never changes what is found."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from genhe_lint.ruledata.patterns import Placeholders
from genhe_lint.ruledata.prefilter import first_chars

PATTERNS = [
    r"[XxＸｘ]{2,}",
    r"×{2,}|＊{2,}|\*{2,}",
    r"某某",
    r"\?{2,}|？{2,}|□{2,}|○{2,}",
    r"(?:[XxＸｘ]{2,})|(?:某某)|(?:\?{2,}|？{2,})",
    r"(?:全|本)?省(?:内|级)",
    r"a*b",
    r"^第[一二三]",
    r"\b某+",
    r"(a|某)+?省",
]


@pytest.mark.parametrize(("pattern", "expected"), [
    (r"某某", {"某"}),
    (r"[XxＸｘ]{2,}", {"X", "x", "Ｘ", "ｘ"}),
    (r"×{2,}|某某", {"×", "某"}),
    (r"(?:全|本)?省", {"全", "本", "省"}),
    (r"a*b", {"a", "b"}),
])
def test_first_chars(pattern: str, expected: set[str]) -> None:
    assert first_chars(pattern) == expected


@pytest.mark.parametrize("pattern", [r"x*", r".某", r"[^a]b", r"\w+", r"(?i)xx", r"\d+", r"[\u0000-\uffff]",
                                     r"[[:alpha:]]x", r"\p{Han}", r"\x{4E00}"])
def test_no_gate_when_unknown_unbounded_or_read_otherwise_by_re2(pattern: str) -> None:
    assert first_chars(pattern) is None


ALPHABET = "XxＸｘ×＊*?？□○某全本省内级ab第一 \0年"

# small patterns RE2 and Python's parser both read: literals, classes, groups, alternation, quantifiers
_ATOM = st.sampled_from(["a", "b", "某", "省", "X", "[ab]", "[某省]", "[a-c]", "\\?", "\\*", "^", "\\b"])


def _bigger(inner: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    """Two patterns in a row or as alternatives, or one repeated."""
    return st.one_of(
        st.tuples(inner, inner).map("".join),
        st.tuples(inner, inner).map(lambda t: f"(?:{t[0]}|{t[1]})"),
        st.tuples(inner, st.sampled_from(["?", "*", "+", "{2,}", "{1,3}", "+?"])).map(
            lambda t: f"(?:{t[0]}){t[1]}"))


_PATTERN = st.recursive(_ATOM, _bigger, max_leaves=6)


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet=ALPHABET, max_size=40), st.one_of(st.sampled_from(PATTERNS), _PATTERN))
@example("某X某", r"(?:\b)+某").via("a pattern that begins with an assertion")
def test_every_match_starts_with_a_first_character(text: str, pattern: str) -> None:
    """Where the gate has a set, every placeholder RE2 finds begins with one of its characters, so a text
    holding none of them holds no placeholder."""
    chars = first_chars(pattern)
    if chars is None:
        return
    found = list(Placeholders(((pattern, None, None),)).finditer(text))
    assert all(text[m.start()] in chars for m in found if m.end() > m.start())
    if not any(ch in text for ch in chars):
        assert not found


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
