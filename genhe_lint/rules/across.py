"""GL7xx: across catalogs. These rules see the facts of every catalog linted together (never a parse
tree), index them by key, and report on each side, naming the other file and line."""

from __future__ import annotations

import abc
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from typing import TYPE_CHECKING, Any, ClassVar

from genhe_lint.diagnostic import Diagnostic, Msg, Severity
from genhe_lint.ruledata.compiled import RuleData
from genhe_lint.rules.base import BaseRule, Context, make_diagnostic

if TYPE_CHECKING:  # facts imports the rule modules; the rules need its types only
    from genhe_lint.rules.facts import CatalogFacts, Passage


class ProjectRule(BaseRule):
    """The base of a rule over all catalogs of one run: it implements ``check_project``, given the facts of
    every catalog; the per-file pass skips it, so its ``check`` finds nothing."""

    project: ClassVar[bool] = True
    needs_catalog = False
    # per-file rules whose finding on the same span this rule's finding replaces (one finding per defect)
    outranks: ClassVar[tuple[str, ...]] = ()
    # what it reads of each catalog's facts (facts.FACT_KINDS): the per-file pass extracts only what the
    # run's cross-catalog rules read
    reads: ClassVar[frozenset[str]] = frozenset()

    def check(self, ctx: Context) -> Iterable[Diagnostic]:
        return ()

    @abc.abstractmethod
    def check_project(self, catalogs: Sequence[CatalogFacts], data: RuleData) -> Iterable[Diagnostic]:
        """The findings across ``catalogs``, each reported in the file it concerns."""


def _where(facts: CatalogFacts, line: int) -> str:
    return f"{facts.path}:{line}"


class DuplicateDepartment(ProjectRule):
    """
    两个目录声明同一个部门（GL701 duplicate-department）

    检查什么：一起检查的多个目录文件中，有两个（或更多）的 department 是同一个部门（按登记表，
    简称和旧称也算同一部门）。

    为什么：一个部门只应有一份主动公开目录；两份目录内容不一致时，公众不知道以哪份为准，
    多半是复制别的部门的目录后忘了改 department。

    示例：
        # catalogs/a.yaml
        department: 根河市民政局
        # catalogs/b.yaml
        department: 民政局

    改为：合并两份目录，或改正其中一份的 department。

    修正是否安全：没有自动修正，--fix 不改动。

    English: two catalogs declare the same department.
    """

    code = "GL701"
    name = "duplicate-department"
    severity = Severity.ERROR
    summary = Msg("两个目录声明同一个部门", "two catalogs declare the same department")
    reads = frozenset(("department",))

    def check_project(self, catalogs: Sequence[CatalogFacts], data: RuleData) -> Iterable[Diagnostic]:
        groups: dict[str, list[CatalogFacts]] = defaultdict(list)
        for facts in catalogs:
            if facts.department and facts.department_span is not None:
                groups[facts.department].append(facts)
        for department, same in groups.items():
            if len(same) < 2:
                continue
            for facts in same:
                other = next(o for o in same if o is not facts)
                assert facts.department_span is not None and other.department_span is not None
                where = _where(other, other.department_span.line)
                yield make_diagnostic(
                    self, facts.path, facts.department_span,
                    f"{where} 也声明了部门“{department}”：一个部门只应有一份目录",
                    f"{where} declares the same department '{department}'",
                    hint=("合并两份目录，或改正其中一份的 department",
                          "merge the two or correct one department"),
                    data={"other": where})


class InconsistentStandardItem(ProjectRule):
    """
    同一标准事项与多数目录的写法不同（GL702 inconsistent-standard-item）

    检查什么：标准目录中的同一事项（如“部门预决算”“政策解读”），在一起检查的至少 3 份目录中，
    公开时限或公开渠道有明显多数（不少于三分之二）的写法一致，而本目录与多数不同。只报与多数不同的
    目录，每份目录每项只报一次，并指出一份多数写法的目录和那种写法。
    标准目录（lint_rules/template.yaml）已规定时限的事项不在此比较：与规定不符由 GL603 报出，
    同一处不重复报告。只有两份目录、或没有明显多数时不报：那只说明两个部门选择不同，编辑无从判断
    该改哪一方。

    为什么：通用事项的时限和渠道由全市统一规定；绝大多数部门写法一致而个别部门不同，
    多半是个别部门抄错或没有更新。

    示例：
        # 民政局、财政局：人事信息  deadline: 即时公开
        # 教育局：        人事信息  deadline: 信息产生或变更之日起20个工作日内公开

    改为：
        # 教育局：        人事信息  deadline: 即时公开

    按多数目录的写法改正；确有差别的，用“# genhe-lint: disable=GL702”注明理由。

    修正是否安全：没有自动修正，--fix 不改动。

    English: a standard item's deadline or channels differ from what 2/3 of 3 or more catalogs agree on.
    """

    code = "GL702"
    name = "inconsistent-standard-item"
    severity = Severity.INFO
    summary = Msg("标准事项的时限或渠道与多数目录不同", "standard item differs from the majority of catalogs")

    reads = frozenset(("standard",))

    MIN_CATALOGS: ClassVar[int] = 3  # fewer: a difference records two choices, not a deviation
    MAJORITY: ClassVar[tuple[int, int]] = (2, 3)  # at least two thirds of the catalogs that state a value

    _FIELDS: ClassVar[tuple[tuple[str, str, str], ...]] = (
        ("deadline", "公开时限", "deadline"), ("channels", "公开渠道", "channels"))

    def check_project(self, catalogs: Sequence[CatalogFacts], data: RuleData) -> Iterable[Diagnostic]:
        """Two passes over the catalogs, so that what is kept grows with the distinct values, not with the
        catalogs: first, per standard item and field, how many catalogs state each value and the first that
        does; then every catalog's value against the item's majority, if it has one."""
        fixed_deadline = {s.label for s in data.standard if s.deadline is not None}
        tally: dict[tuple[str, str], dict[object, list[Any]]] = {}  # value -> [count, first facts, index]
        for facts in catalogs:
            for item, index in _first_rows(facts):
                for what, _zh, _en in self._FIELDS:
                    if what == "deadline" and item in fixed_deadline:
                        continue  # the standard catalog fixes it: GL603 reports a deviation
                    value = facts.standard.value(index, what)
                    if value is None:
                        continue
                    seen = tally.setdefault((item, what), {})
                    entry = seen.get(value)
                    if entry is None:
                        seen[value] = [1, facts, index]
                    else:
                        entry[0] += 1
        majorities = {key: majority for key, seen in tally.items()
                      if (majority := self._majority(seen)) is not None}
        if not majorities:
            return
        for facts in catalogs:
            for item, index in _first_rows(facts):
                for what, zh, en in self._FIELDS:
                    found = majorities.get((item, what))
                    mine = facts.standard.value(index, what) if found is not None else None
                    if found is None or mine is None or mine == found[0]:
                        continue
                    yield self._deviation(facts, index, item, mine, found, (what, zh, en))

    def _majority(self, seen: dict[object, list[Any]]) -> tuple[object, int, int, str] | None:
        """The value that 2/3 of the catalogs stating one agree on (of at least 3), with its count, the number
        stating one and where it is first written; None when there is no clear majority."""
        stated = sum(entry[0] for entry in seen.values())
        if stated < self.MIN_CATALOGS or len(seen) < 2:
            return None
        common, (count, other, other_index) = max(seen.items(), key=lambda kv: kv[1][0])  # first of a tie
        num, den = self.MAJORITY
        if count * den < num * stated:
            return None
        return common, count, stated, _where(other, other.standard[other_index].span.line)

    def _deviation(self, facts: CatalogFacts, index: int, item: str, mine: object,
                   found: tuple[object, int, int, str], words: tuple[str, str, str]) -> Diagnostic:
        common, count, stated, where = found
        what, zh, en = words
        show_common = _show(common)
        return make_diagnostic(
            self, facts.path, facts.standard[index].span,
            f"标准事项“{item}”的{zh}“{_show(mine)}”与多数目录（{count}/{stated}）不同，"
            f"多数写作“{show_common}”（如 {where}）",
            f"standard item '{item}': {en} '{_show(mine)}' differs from the majority "
            f"({count} of {stated}, e.g. {where}): '{show_common}'",
            hint=(f"{zh}改为“{show_common}”，或用抑制注释说明本部门为何不同",
                  f"change the {en} to '{show_common}', or say why it differs in a suppression comment"),
            data={"item": item, "other": where, "field": what})


def _first_rows(facts: CatalogFacts) -> Iterator[tuple[str, int]]:
    """Each standard item of a catalog once, with the row that stands for it (the first)."""
    standard = facts.standard
    seen: set[str] = set()
    for index in range(len(standard)):
        item = standard.value(index, "item")
        if item not in seen:
            seen.add(item)
            yield item, index


def _show(value: object) -> str:
    return "、".join(value) if isinstance(value, tuple) else str(value or "无")


class CopiedPassage(ProjectRule):
    """
    从其他部门目录复制的文字（GL703 copied-passage）

    检查什么：一段文字带着另一个部门的名称，而且与那个部门目录里的某一行（部门名称和编号除外）相同或
    几乎相同：几乎可以肯定是从那份目录复制过来后忘了改名。会指出来源文件和行。

    为什么：复制来的事项往往不属于本部门，或者要公开的是别的部门的信息；这比单纯出现别的部门名称
    （GL102）更确定，也告诉编辑去哪里对照。所以同一处名称只报本规则，不再同时报 GL102
    （一处问题一条结果）。

    示例：
        # 政务服务与数据管理局目录
        content: 1.根河市政务服务与数据局XX工作开展情况报告、根河市民政局XX工作整改情况报告
        # 民政局目录第 127 行
        content: 1. 根河市民政局XX工作开展情况报告、根河市民政局XX工作整改情况报告

    改为：改成本部门的名称和实际内容，并核对整段是否适用于本部门。

    修正是否安全：没有安全的修正，--fix 不改动；同一处 GL102 的猜测（换成本部门的名称）并入本条，
    是不安全的修正，需人工确认。

    English: a passage copied from another catalog that still carries that catalog's department name.
    """

    code = "GL703"
    name = "copied-passage"
    severity = Severity.ERROR
    summary = Msg("从其他部门目录复制、仍带着对方名称的文字", "passage copied from another catalog")
    outranks = ("GL102",)  # the same name in the same place: this finding also names where it came from
    reads = frozenset(("department", "passages", "mentions"))

    def check_project(self, catalogs: Sequence[CatalogFacts], data: RuleData) -> Iterable[Diagnostic]:
        # Only the catalogs of a department that another catalog names can be a source: only their passages
        # are indexed, so what is kept grows with the mentions, not with the catalogs.
        mentioned = {mention.department for facts in catalogs for mention in facts.mentions}
        if not mentioned:
            return
        by_department: dict[str, list[CatalogFacts]] = defaultdict(list)
        for facts in catalogs:
            if facts.department in mentioned:
                by_department[facts.department].append(facts)
        index: dict[tuple[str, str], Passage] = {}
        for sources in by_department.values():
            for facts in sources:
                for passage in facts.passages:
                    index.setdefault((facts.path, passage.key), passage)
        for facts in catalogs:
            for mention in facts.mentions:
                for source in by_department.get(mention.department, ()):
                    found = index.get((source.path, mention.key)) or _nearest(source, mention.key)
                    if found is None:
                        continue
                    passage = found
                    where = _where(source, passage.line)
                    yield make_diagnostic(
                        self, facts.path, mention.span,
                        f"这段文字与 {where}（“{passage.item}”）相同，仍带着“{mention.found}”的名称："
                        "疑似从该目录复制后未改名",
                        f"passage copied from {where} ('{passage.item}'), still naming '{mention.found}'",
                        hint=("改成本部门的名称和实际内容",
                              "rewrite it with this department's name and content"),
                        data={"source": where, "found": mention.found})
                    break


def _nearest(source: CatalogFacts, key: str) -> Passage | None:
    if not source.passages:
        return None
    from rapidfuzz import fuzz, process  # imported when first needed: keeps start-up lean

    hit = process.extractOne(key, [p.key for p in source.passages], scorer=fuzz.ratio, score_cutoff=90)
    return source.passages[hit[2]] if hit is not None else None


RULES: list[type[BaseRule]] = [DuplicateDepartment, InconsistentStandardItem, CopiedPassage]


def facts_read(rules: Iterable[type[BaseRule]]) -> frozenset[str]:
    """What the cross-catalog rules among ``rules`` read of each catalog's facts."""
    return frozenset().union(*(r.reads for r in rules if issubclass(r, ProjectRule)))
