"""GL105-GL107 (wording): higher-level wording, placeholders, known wrong wordings."""

from __future__ import annotations

from collections.abc import Iterable

from genhe_lint.diagnostic import Diagnostic, Msg, Severity
from genhe_lint.ruledata.compiled import Phrase, RuleData
from genhe_lint.rules.base import BaseRule, Context


class HigherLevelWording(BaseRule):
    """
    上级政府的用语（GL105 higher-level-wording）

    检查什么：属于自治区、盟市或省级政府的用语出现在县级市目录中：全省、全区、各盟市、民政厅、
    自治区本级等（lint_rules/higher_level.yaml）。引用不是用语，不报：上级机构的全称
    （“内蒙古自治区民政厅”）、书名号内的文件名称（《…》）、引用文件的句式（“转发……通知”“依据……”
    “按照……要求”，见 higher_level.yaml 的 quotes、body_prefixes、cited）。

    为什么：这些句子多是照抄上级部门的职责或模板，在县级市目录里意思不对（根河市没有“各盟市”可组织）。

    示例：
        content: 组织各盟市开展慈善超市的申报和审核工作

    改为：
        content: 组织各乡镇（办事处）开展慈善超市的申报和审核工作

    改为本级的说法（全市、各乡镇（办事处）、本局），或删去不属于本级的职责。

    修正是否安全：没有自动修正，--fix 不改动。

    English: wording of a higher level of government (全省, 全区, 各盟市, 民政厅) in a city catalog.
    """

    code = "GL105"
    name = "higher-level-wording"
    severity = Severity.WARNING
    summary = Msg("出现上级政府的用语", "wording of a higher level of government")

    def check(self, ctx: Context) -> Iterable[Diagnostic]:
        assert ctx.catalog is not None
        level = ctx.data.region.level or "本级"
        for text, _item, hit in ctx.text_hits("higher"):
            entry = ctx.data.higher_level[hit.text]
            if any(_covers(text.value, hit.start, hit.end, word) for word in entry.exclude):
                continue
            if is_reference(text.value, hit.start, hit.end, entry, ctx.data):
                continue
            why = f"：{entry.why}" if entry.why else ""
            yield ctx.report(
                self, ctx.text_span(text, hit.start, hit.end),
                f"“{hit.text}”是上级政府的用语，不适合{level}目录{why}",
                f"'{hit.text}' is wording of a higher level of government, not of a {level} catalog",
                hint=("改为本级的说法（如“全市”“各乡镇（办事处）”），或删去不属于本级的内容",
                      "use this level's wording (全市, 各乡镇（办事处）) or remove it"),
                data={"found": hit.text})


def is_reference(value: str, start: int, end: int, entry: Phrase, data: RuleData) -> bool:
    """Is the phrase at [start, end) part of a reference to a higher body or its document: the body's full
    name (内蒙古自治区民政厅), a document title (《…》) or a cited document (转发……通知) in one clause?"""
    refs = data.references_ctx
    before = value[:start]
    if entry.body and (before.endswith(refs.body_prefixes) or before.endswith(data.provinces())):
        return True
    for pair in refs.quotes:
        opened = value.rfind(pair[0], 0, start)
        if opened != -1 and value.rfind(pair[1], opened, start) == -1 and value.find(pair[1], end) != -1:
            return True
    return cited_in_clause(value, start, end, data)


def cited_in_clause(value: str, start: int, end: int, data: RuleData) -> bool:
    """Is [start, end) inside a cited document's wording (转发……通知, 依据……) within one clause?"""
    refs = data.references_ctx
    if all(value.find(lead, 0, start) == -1 for lead in refs.cited_leads):
        return False  # no cited document's first word before it: the usual case, told without the clause
    ends = refs.clause_ends
    lo = max((value.rfind(c, 0, start) for c in ends), default=-1) + 1
    found_ends = [i for i in (value.find(c, end) for c in ends) if i != -1]
    hi = min(found_ends, default=len(value))
    return any(value.find(lead, lo, start) != -1 and (not tail or value.find(tail, end, hi) != -1)
               for lead, tail in refs.cited)


def _covers(value: str, start: int, end: int, word: str) -> bool:
    """Does an occurrence of ``word`` in ``value`` contain the range [start, end)?"""
    lo = max(0, end - len(word))
    i = value.find(word, lo)
    while i != -1 and i <= start:
        if i + len(word) >= end:
            return True
        i = value.find(word, i + 1)
    return False


class TemplatePlaceholder(BaseRule):
    """
    模板占位符未替换（GL106 template-placeholder）

    检查什么：模板里的占位符留在了正文中：XX年、XX工作、××、某某（lint_rules/placeholders.yaml）。

    为什么：占位符说明这一行是照抄模板，没有填写本部门的实际内容，公众无从知道公开的是什么。

    示例：
        content: 根河市民政局XX年重点工作总结

    改为：
        content: 根河市民政局2024年重点工作总结

    填写实际内容（如“2024年”“养老服务工作”），或写成通用的说法（“年度重点工作总结”）。

    修正是否安全：没有自动修正，--fix 不改动。

    English: a template placeholder (XX, ××, 某某) left in the text.
    """

    code = "GL106"
    name = "template-placeholder"
    severity = Severity.ERROR
    summary = Msg("模板占位符未替换", "template placeholder left in text")

    def check(self, ctx: Context) -> Iterable[Diagnostic]:
        assert ctx.catalog is not None
        pattern = ctx.data.placeholder_re
        if pattern is None or not ctx.may_contain(ctx.data.placeholder_starts):
            return
        for text, m, base in ctx.pattern_hits(pattern):
            if "\0" in m.group():
                continue  # a match across two texts of the catalog
            yield ctx.report(
                self, ctx.text_span(text, m.start() - base, m.end() - base),
                f"模板占位符“{m.group()}”未替换为实际内容",
                f"template placeholder '{m.group()}' was not replaced",
                hint=("填写实际内容，或改为通用说法", "fill in the actual content or a general wording"),
                data={"found": m.group()})


class KnownWrongWording(BaseRule):
    """
    已知的错误写法（GL107 known-wrong-wording）

    检查什么：lint_rules/substitutions.yaml 中登记的错误写法，如“权力义务”（应为“权利义务”）、
    “的得勘定”（应为“的勘定”）。

    为什么：这些是模板里流传的错字，一处错、处处错；集中登记后可以一次查出、自动改正。

    示例：
        content: 涉及公民、法人、其他组织权力义务的规范性文件

    改为：
        content: 涉及公民、法人、其他组织权利义务的规范性文件

    改为登记的正确写法。新的错误写法加到 substitutions.yaml 即可。

    修正是否安全：安全，--fix 把登记的错误写法替换为 substitutions.yaml 中的正确写法。

    English: a known wrong wording with its correction (substitution rule, as in Vale). Fixable.
    """

    code = "GL107"
    name = "known-wrong-wording"
    severity = Severity.WARNING
    summary = Msg("已知的错误写法", "known wrong wording")
    fixable = True

    def check(self, ctx: Context) -> Iterable[Diagnostic]:
        assert ctx.catalog is not None
        for text, _item, hit in ctx.text_hits("substitution"):
            entry = ctx.data.substitutions[hit.text]
            if entry.fields and text.key not in entry.fields:
                continue
            why = f"（{entry.why}）" if entry.why else ""
            yield ctx.report(
                self, ctx.text_span(text, hit.start, hit.end),
                f"“{hit.text}”应为“{entry.right}”{why}",
                f"'{hit.text}' should be '{entry.right}'",
                hint=(f"改为“{entry.right}”", f"write '{entry.right}'"),
                fix=entry.right, data={"found": hit.text, "expected": entry.right})


RULES: list[type[BaseRule]] = [HigherLevelWording, TemplatePlaceholder, KnownWrongWording]
