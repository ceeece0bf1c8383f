"""GL6xx: the standard catalog (lint_rules/template.yaml): required items, placement, deadlines."""

from __future__ import annotations

from collections.abc import Iterable

from genhe_lint.catalog import template
from genhe_lint.catalog.model import Item
from genhe_lint.diagnostic import Diagnostic, Msg, Severity
from genhe_lint.rules.base import BaseRule, Context


def matches(ctx: Context) -> list[template.Match]:
    assert ctx.catalog is not None
    found = ctx.memo.get("template")
    if found is None:
        found = ctx.memo["template"] = template.match(ctx.catalog, ctx.data)
    return found  # type: ignore[return-value]


class MissingStandardItem(BaseRule):
    """
    缺少标准目录事项（GL601 missing-standard-item）

    检查什么：基层政务公开标准目录和本市模板要求每个部门都有的事项（lint_rules/template.yaml），本目录没有。
    名称允许少量字差（如“财政预算决算”与“财政预决算”）。缺少整个一级事项时只报一次。
    一级事项名称为空、但下面是标准目录该一级事项的事项时，不算缺少（名称为空由 GL501 报出），
    它缺少的事项在这个一级事项处报出。

    为什么：这些是每个部门都必须主动公开的通用事项（履职依据、机关简介、财政信息、政府信息公开指南和
    年度报告等）；漏了一项，公众就找不到本应公开的信息。

    示例：
        - serial: 1
          name: 履职依据
          items:
            - name: 规范性文件      # 缺少“法律法规规章”

    改为：
        - serial: 1
          name: 履职依据
          items:
            - name: 法律法规规章
            - name: 规范性文件

    按标准目录补上该事项；确实不适用的，用“# genhe-lint: disable=GL601”注明。

    修正是否安全：没有自动修正，--fix 不改动。

    English: an item the standard catalog requires is missing.
    """

    code = "GL601"
    name = "missing-standard-item"
    severity = Severity.WARNING
    summary = Msg("缺少标准目录要求的事项", "standard catalog item missing")

    def check(self, ctx: Context) -> Iterable[Diagnostic]:
        assert ctx.catalog is not None
        all_matches = matches(ctx)
        # A standard section whose items stand under a section printed without a name is there, nameless:
        # GL501 reports the empty name, and that section is where its missing items are reported.
        nameless: dict[str, Item] = {}
        for x in all_matches:
            if x.std.section and x.found and x.section is not None and _unnamed(x.section):
                nameless.setdefault(x.std.section, x.section)
        anchors = {m.std.name: m.item for m in all_matches if not m.std.section and m.item is not None}
        anchors = {**nameless, **anchors}
        for m in all_matches:
            if m.found:
                continue
            if not m.std.section:
                if m.std.name in nameless:
                    continue
                wanted = [x.std.name for x in all_matches if x.std.section == m.std.name]
                extra_zh = f"（应含：{'、'.join(wanted)}）" if wanted else ""
                extra_en = f" (with: {', '.join(wanted)})" if wanted else ""
                yield ctx.report(
                    self, ctx.catalog.key_span(None, "sections"),
                    f"缺少标准目录的一级事项“{m.std.name}”{extra_zh}",
                    f"standard section '{m.std.name}' is missing{extra_en}",
                    hint=("按标准目录补上；若已有这个一级事项，把它的名称改为标准名称",
                          "add it as the standard catalog has it; if the section is there, give it the "
                          "standard name"),
                    data={"item": m.std.label})
            elif m.std.section in anchors:
                anchor = anchors[m.std.section]
                yield ctx.report(
                    self, ctx.catalog.item_span(anchor),
                    f"一级事项“{anchor.label}”缺少标准目录的事项“{m.std.name}”",
                    f"section '{anchor.label}' lacks the standard item '{m.std.name}'",
                    hint=("按标准目录补上", "add it as the standard catalog has it"),
                    data={"item": m.std.label})


def _unnamed(section: Item) -> bool:
    return section.name is None or not section.name.value.strip()


class MisplacedStandardItem(BaseRule):
    """
    标准事项位置不对（GL602 misplaced-standard-item）

    检查什么：标准目录中的事项出现在了别的一级事项下，例如“政府信息公开指南”放在“财政信息”下，
    而标准目录中它属于“政府信息公开工作”。

    为什么：公众和考核都按标准目录的结构查找；放错位置的事项等于找不到。

    示例：
        - name: 财政信息
          items:
            - name: 政府信息公开指南

    改为：
        - name: 政府信息公开工作
          items:
            - name: 政府信息公开指南

    把该事项移到标准目录规定的一级事项下。

    修正是否安全：没有自动修正，--fix 不改动。

    English: a standard item stands under the wrong section.
    """

    code = "GL602"
    name = "misplaced-standard-item"
    severity = Severity.WARNING
    summary = Msg("标准事项不在规定的一级事项下", "standard item under the wrong section")

    def check(self, ctx: Context) -> Iterable[Diagnostic]:
        assert ctx.catalog is not None
        for m in matches(ctx):
            if m.misplaced and m.item is not None and m.section is not None:
                yield ctx.report(
                    self, ctx.catalog.item_span(m.item),
                    f"“{m.item.label}”应在一级事项“{m.std.section}”下，现位于“{m.section.label}”",
                    f"'{m.item.label}' belongs under '{m.std.section}', not '{m.section.label}'",
                    hint=(f"移到“{m.std.section}”下", f"move it under '{m.std.section}'"),
                    data={"item": m.std.label, "section": m.section.label})


class DeadlineContradictsTemplate(BaseRule):
    """
    公开时限与标准目录不符（GL603 deadline-contradicts-template）

    检查什么：标准目录为某事项规定了时限（lint_rules/template.yaml 的 deadline），本目录该事项的时限
    （含从上级继承的）与之不符。例如部门预决算应为“本级政府财政部门批复后20日内”；
    政府信息公开年度报告应在每年1月31日前公布（《政府信息公开条例》第五十条）。

    为什么：这些时限由法规或上级文件规定，目录写错，实际公开就会按错的时限执行。

    示例：
        - name: 部门预决算
          deadline: 信息产生或变更之日起20个工作日内公开

    改为：
        - name: 部门预决算
          deadline: 本级政府财政部门批复后20日内

    改为标准目录规定的时限。

    修正是否安全：没有自动修正，--fix 不改动。

    English: the item's deadline (own or inherited) contradicts the standard catalog's.
    """

    code = "GL603"
    name = "deadline-contradicts-template"
    severity = Severity.WARNING
    summary = Msg("公开时限与标准目录不符", "deadline contradicts the standard catalog")

    def check(self, ctx: Context) -> Iterable[Diagnostic]:
        assert ctx.catalog is not None
        for m in matches(ctx):
            if m.item is None or m.std.deadline is None:
                continue
            deadline = template.effective_deadline(m.item)
            if deadline is None or not deadline.value.strip():
                continue  # GL401's finding
            if m.std.deadline_matches(deadline.value.strip().rstrip("。")):
                continue
            inherited = deadline.node is not (m.item.deadline.node if m.item.deadline else None)
            span = ctx.catalog.item_span(m.item) if inherited else ctx.text_span(deadline)
            how_zh = "（继承自上级）" if inherited else ""
            yield ctx.report(
                self, span,
                f"“{m.item.label}”的公开时限“{deadline.value}”{how_zh}与标准目录不符（应为：{m.std.deadline_text}）",
                f"deadline of '{m.item.label}' ('{deadline.value}') contradicts the standard "
                f"({m.std.deadline_text})",
                hint=("改为标准目录规定的时限", "use the standard catalog's deadline"),
                data={"item": m.std.label, "found": deadline.value})


RULES: list[type[BaseRule]] = [MissingStandardItem, MisplacedStandardItem, DeadlineContradictsTemplate]
