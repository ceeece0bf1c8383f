"""Rule documentation: every docstring has the fixed headings, in order, and the docs are made from them."""

from __future__ import annotations

import pytest

from genhe_lint.rules import ALL_RULES, BaseRule
from genhe_lint.rules.docs import HEADINGS, DocError, explain_text, parse
from genhe_lint.rules.docs import of as doc_of

GOOD = """地名写错（GL101 wrong-region-name）

检查什么：文字中的地名。

为什么：地名写错的目录不能作为依据。

示例：
    content: 天河市民政局

改为：
    content: 根河市民政局

改为“根河市”。

修正是否安全：安全，--fix 替换。

English: a near-miss of the region's name."""


@pytest.mark.parametrize("rule", ALL_RULES, ids=lambda r: r.code)
def test_every_rule_doc_has_the_headings_in_order(rule: type[BaseRule]) -> None:
    doc = doc_of(rule)  # raises DocError, naming the rule, when a heading is missing or out of order
    assert tuple(h for h, _ in doc.sections) == HEADINGS
    assert f"{rule.code} {rule.name}" in doc.title and doc.english


@pytest.mark.parametrize("rule", ALL_RULES, ids=lambda r: r.code)
def test_fix_safety_section_agrees_with_the_fixable_flag(rule: type[BaseRule]) -> None:
    safety = doc_of(rule).section("修正是否安全")
    if rule.fixable:
        assert "--fix" in safety and "没有自动修正" not in safety
    elif "不安全" not in safety:
        assert safety.startswith("没有自动修正")


def test_a_well_formed_doc_is_split_into_its_sections() -> None:
    doc = parse(GOOD, "GL101", "wrong-region-name")
    assert doc.title == "地名写错（GL101 wrong-region-name）"
    assert doc.section("示例") == "    content: 天河市民政局"
    assert doc.section("改为") == "    content: 根河市民政局\n\n改为“根河市”。"
    assert doc.english == "a near-miss of the region's name."


@pytest.mark.parametrize(("broken", "complaint"), [
    (GOOD.replace("为什么：地名写错的目录不能作为依据。\n\n", ""), "missing 为什么"),
    (GOOD.replace("示例：", "示例（错误）："), "write a heading exactly"),
    (GOOD.replace("修正是否安全：", "修正："), "write a heading exactly"),
    (GOOD.replace("检查什么：文字中的地名。\n\n为什么：地名写错的目录不能作为依据。",
                  "为什么：地名写错的目录不能作为依据。\n\n检查什么：文字中的地名。"), "in this order"),
    (GOOD + "\n\n为什么：又一次。", "nothing may follow"),
    (GOOD.replace("\n\nEnglish: a near-miss of the region's name.", ""), "English"),
    (GOOD.replace("检查什么：", "说明一句。\n\n检查什么："), "text before the first heading"),
    (GOOD.replace("（GL101 wrong-region-name）", ""), "title"),
    (GOOD.replace("为什么：地名写错的目录不能作为依据。", "为什么："), "is empty"),
])
def test_a_doc_that_departs_from_the_headings_fails_loudly(broken: str, complaint: str) -> None:
    with pytest.raises(DocError, match=complaint) as info:
        parse(broken, "GL101", "wrong-region-name")
    assert str(info.value).startswith("GL101")


def test_explain_prints_every_section_under_its_heading() -> None:
    rule = ALL_RULES[0]
    lines = explain_text(rule).split("\n")
    assert lines[0] == f"{rule.code} {rule.name}"
    positions = [lines.index(h) for h in HEADINGS]
    assert positions == sorted(positions)
    assert lines[-1].startswith("English: ")
