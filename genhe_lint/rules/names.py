"""GL1xx (names): the region's name and the departments' names."""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable

from genhe_lint.catalog.model import Text
from genhe_lint.diagnostic import Diagnostic, Msg, Severity
from genhe_lint.ruledata.compiled import Hit, RuleData
from genhe_lint.rules.base import REGISTER_HINT, BaseRule, Context, is_cjk

# Characters after which a place name plausibly starts (beginning of a phrase).
_LEADS = set("的在对由向和与及于为是将把从按经原")


class WrongRegionName(BaseRule):
    """
    地名写错（GL101 wrong-region-name）

    检查什么：文字中与本地名称（region.yaml 的 name，如“根河市”）只差一个字的地名，
    例如“天河市民政局”。也检查 department 键。

    为什么：照抄其他地方的目录时最容易留下别处的地名；地名写错的目录不能作为本市的公开依据。

    示例：
        content: 天河市民政局人事任免信息及职级晋升信息。

    改为：
        content: 根河市民政局人事任免信息及职级晋升信息。

    改为“根河市”。确属正常用语的词（如“根据市…”）可加入
    region.yaml 的 near_miss_allowed。

    修正是否安全：安全，--fix 把疑似写错的地名替换为本市名称（region.yaml 的 name）。

    English: a near-miss of the region's name (天河市 for 根河市). Fixable.
    """

    code = "GL101"
    name = "wrong-region-name"
    severity = Severity.ERROR
    summary = Msg("地名写错（与本市名称只差一个字）", "near-miss of the region's name")
    fixable = True

    def check(self, ctx: Context) -> Iterable[Diagnostic]:
        assert ctx.catalog is not None
        region = ctx.data.region.name
        if len(region) < 2:
            return
        allowed = set(ctx.data.region.near_miss_allowed)
        for text, m, base in ctx.pattern_hits(_near_pattern(region)):  # where a near-miss window ends
            near = _near_miss(text.value, m.start() - base, region, allowed, ctx)
            if near is not None:
                start, found = near
                yield ctx.report(
                    self, ctx.text_span(text, start, start + len(found)),
                    f"地名“{found}”疑似写错，本市是“{region}”",
                    f"place name '{found}' looks like a misspelling of '{region}'",
                    hint=(f"改为“{region}”", f"write '{region}'"),
                    fix=region, data={"found": found, "expected": region})


_CJK = "[\u3400-\u4dbf\u4e00-\u9fff]"  # what is_cjk accepts


@functools.lru_cache(maxsize=16)
def _near_pattern(region: str) -> re.Pattern[str]:
    """The region name's last character where the window it ends differs from the name in exactly one other
    character, a CJK one (天河市, 根海市 for 根河市): found by the regex engine in one pass over the catalog's
    text (the last character is searched for as a literal, the window checked by a lookbehind), so that only
    real candidates reach the checks of :func:`_near_miss`."""
    n, last = len(region), re.escape(region[-1])
    ways = [re.escape(region[:k]) + f"(?!{re.escape(region[k])}){_CJK}" + re.escape(region[k + 1 : n - 1])
            for k in range(n - 1)]
    return re.compile(f"{last}(?<=(?:{'|'.join(ways)}){last})")


def _near_miss(value: str, i: int, region: str, allowed: set[str], ctx: Context) -> tuple[int, str] | None:
    """The window of ``value`` that ends at ``i`` (where the region name's last character stands), when it
    differs from the name in exactly one character and starts a phrase: (start, window)."""
    n = len(region)
    start = i - n + 1
    if start < 0:
        return None
    window = value[start : i + 1]
    if (
        window != region
        and window not in allowed
        and all(is_cjk(c) for c in window)
        and sum(a != b for a, b in zip(window, region, strict=True)) <= 1  # same length: one substitution
        and _starts_phrase(value, start, i + 1, ctx)
    ):
        return start, window
    return None


def _starts_phrase(value: str, start: int, end: int, ctx: Context) -> bool:
    """The window begins a name: at the text's start, after punctuation or a function word,
    or it is followed by a department's or the government's name."""
    if start == 0 or not is_cjk(value[start - 1]) or value[start - 1] in _LEADS:
        return True
    rest = value[end:]
    if rest.startswith(("人民政府", "政府")):
        return True
    return any(
        form == "alias" and rest.startswith(tag_name)
        for tag_name, (_dep, form) in ctx.data.department_forms.items()
    )


class ForeignDepartment(BaseRule):
    """
    出现其他部门的名称（GL102 foreign-department）

    检查什么：本目录文字中出现登记表里另一个部门的全称或旧称，例如政务服务与数据管理局的目录里写着
    “根河市民政局XX工作整改情况报告”。departments.yaml 中 references 列出的机构（本级政府财政部门、
    市本级督查室、根河市人民政府网等）属于正当引用，不报。

    为什么：这几乎总是从别的部门目录复制后忘了改名，公开的就成了别的部门的事项。

    示例：
        department: 根河市政务服务与数据管理局
        content: 根河市民政局XX工作整改情况报告

    改为：本部门名称；如确实要提到该部门，可在该行上方加注释
    “# genhe-lint: disable=GL102”，或在 references 中登记。

    修正是否安全：不安全，建议替换为本部门的名称，只在 --fix --unsafe-fixes 时改动；
    文字也可能确实要提到该部门，改前须确认。

    English: another registered department's name in this catalog, where its own is meant.
    """

    code = "GL102"
    name = "foreign-department"
    severity = Severity.ERROR
    summary = Msg("出现其他部门的名称", "another department's name in this catalog")
    fixable = False

    def check(self, ctx: Context) -> Iterable[Diagnostic]:
        own = ctx.department
        assert own is not None or not foreign_mentions(ctx)
        for text, hit, department in foreign_mentions(ctx):
            assert own is not None
            yield ctx.report(
                self, ctx.text_span(text, hit.start, hit.end),
                f"出现其他部门的名称“{hit.text}”，本目录的公开主体是“{own.name}”",
                f"another department's name '{hit.text}'; this catalog belongs to '{own.name}'",
                hint=(f"若指本部门，改为“{own.name}”", f"if this means this department, write '{own.name}'"),
                fix=own.name, safe=False,
                data={"found": hit.text, "department": department})


def foreign_mentions(ctx: Context) -> list[tuple[Text, Hit, str]]:
    """Other registered departments' full or old names in this catalog's text: (text, hit, department).

    A bare short name (财政局) is a reference, not a pasted name; bodies listed as references never count."""
    assert ctx.catalog is not None
    cached = ctx.memo.get("foreign")
    if cached is not None:
        return cached  # type: ignore[return-value]
    out: list[tuple[Text, Hit, str]] = []
    own = ctx.department
    if own is not None:
        region = ctx.data.region.name
        for text, item, hit in ctx.text_hits():
            if item is None and text.key == "department":
                continue
            tag = next((t for t in hit.tags if t.kind == "department" and t.value != own.name
                        and (t.form != "alias" or hit.text.startswith(region))), None)
            if tag is not None:
                out.append((text, hit, tag.value))
    ctx.memo["foreign"] = out
    return out


class NonCanonicalDepartmentName(BaseRule):
    """
    本部门名称不规范（GL103 non-canonical-department-name）

    检查什么：本部门的简称或旧称，例如政务服务与数据管理局目录里的“根河市政务服务局”（旧称）、
    “根河市政务服务与数据局”（不完整），民政局目录里的“民政局”（简称）；也检查 department 键。

    为什么：公开目录是正式文件，部门名称应使用“三定方案”确定的规范全称；旧称会让公众找错机构。

    示例：
        content: 根河市政务服务局印发的主动公开文件

    改为：
        content: 根河市政务服务与数据管理局印发的主动公开文件

    改为规范全称。别称与旧称登记在 departments.yaml。

    修正是否安全：安全，--fix 把本部门的简称或旧称替换为规范全称。

    English: an alias or old name of the catalog's own department. Fixable.
    """

    code = "GL103"
    name = "non-canonical-department-name"
    severity = Severity.WARNING
    summary = Msg("本部门名称不规范（简称或旧称）", "alias or old name of this department")
    fixable = True

    def check(self, ctx: Context) -> Iterable[Diagnostic]:
        assert ctx.catalog is not None
        own = ctx.department
        if own is None:
            return
        for text, _item, hit in ctx.text_hits():
            tag = next((t for t in hit.tags if t.kind == "department" and t.value == own.name), None)
            if tag is None or tag.form == "canonical":
                continue
            if tag.form == "alias" and _inside_place_name(text.value, hit.start, hit.text):
                continue  # part of a longer place-prefixed name (天河市民政局): GL101's finding
            kind_zh, kind_en = ("旧称", "an old name") if tag.form == "old" else ("简称", "a short name")
            yield ctx.report(
                self, ctx.text_span(text, hit.start, hit.end),
                f"“{hit.text}”是本部门的{kind_zh}，应写规范全称“{own.name}”",
                f"'{hit.text}' is {kind_en} of this department; write '{own.name}'",
                hint=(f"改为“{own.name}”", f"write '{own.name}'"),
                fix=own.name, data={"found": hit.text, "expected": own.name})


def _inside_place_name(value: str, start: int, found: str) -> bool:
    """Is a short name the tail of a longer place-prefixed name (天河市民政局, 某县民政局)?"""
    if start == 0:
        return False
    before = value[start - 1]
    if before in "市县旗区盟省":
        return True
    return found[0] in "市县旗区" and is_cjk(before) and before not in _LEADS


class UnknownDepartment(BaseRule):
    """
    部门不在登记表中（GL104 unknown-department）

    检查什么：department 键写的部门不在 lint_rules/departments.yaml 中（按全称、简称、旧称查找）。

    为什么：登记表决定了本部门的内设科室、别称和旧称；不在表中的部门，其他检查无法确认名称和科室。

    示例：
        department: 天河市民政局

    改为：
        department: 根河市民政局

    改为登记表中的规范全称（工具会给出最接近的名称）；若是新部门，在 departments.yaml 中
    复制一段，填写 name、aliases、units 即可。

    修正是否安全：不安全，有相近的登记名称时，建议替换为最接近的一个，只在 --fix --unsafe-fixes 时改动；
    最接近的名称不一定是本部门，改前须确认。

    English: the department key is not in the registry; the nearest registered name is suggested.
    """

    code = "GL104"
    name = "unknown-department"
    severity = Severity.ERROR
    summary = Msg("部门不在登记表中", "department is not in the registry")

    def check(self, ctx: Context) -> Iterable[Diagnostic]:
        assert ctx.catalog is not None
        dep = ctx.catalog.department
        if dep is None or not dep.value.strip() or ctx.data.department(dep.value) is not None:
            return
        guess = nearest_department(ctx.data, dep.value)
        hint_zh = f"是不是“{guess[0]}”？" if guess else ""
        hint_en = f"did you mean '{guess[0]}'? " if guess else ""
        yield ctx.report(
            self, ctx.text_span(dep),
            f"部门“{dep.value}”不在部门登记表中",
            f"department '{dep.value}' is not in the registry",
            hint=(hint_zh + REGISTER_HINT[0].format(what="新部门"),
                  hint_en + REGISTER_HINT[1].format(what="a new department")),
            fix=guess[0] if guess else None, safe=False,
            data={"found": dep.value, "suggestion": guess[0] if guess else ""})


def nearest_department(data: RuleData, name: str) -> tuple[str, float, int] | None:
    """The registered department nearest to ``name`` (rapidfuzz, score 60 at least), or None. The same few
    unregistered names recur across a region's catalogs: each is looked for once."""
    memo = data.nearest_departments
    if name not in memo:
        from rapidfuzz import process  # only for a finding: keeps start-up lean

        if len(memo) >= 4096:
            memo.clear()
        memo[name] = process.extractOne(name, list(data.departments), score_cutoff=60)
    return memo[name]


RULES: list[type[BaseRule]] = [
    WrongRegionName, ForeignDepartment, NonCanonicalDepartmentName, UnknownDepartment,
]
