"""GL7xx: across catalogs. These rules see the facts of every catalog linted together (never a parse
tree), index them by key, and report on each side, naming the other file and line."""

from __future__ import annotations

import abc
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, ClassVar

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
    同一标准事项在各目录中不一致（GL702 inconsistent-standard-item）

    检查什么：标准目录中的同一事项（如“部门预决算”“政策解读”），在一起检查的各部门目录里公开时限或
    公开渠道不同。多数目录写法一致时，只报出与多数不同的目录，并指出一份多数写法的目录；
    没有多数时，每一方都报出，并指出另一方的文件和行。

    为什么：通用事项的时限和渠道由全市统一规定；各部门写法不同，说明至少有一方抄错或没有更新。

    示例：
        # 民政局：政策解读  deadline: 与政策文件同步发布   channels: [政府网站]
        # 政数局：政策解读  deadline: 与政策文件同步发布   channels: [政府网站, 政府公报, 公开查阅点]

    改为：与市政务公开办核对后统一；确有差别的可以用抑制注释说明。

    修正是否安全：没有自动修正，--fix 不改动。

    English: the same standard item has different deadlines or channel sets in different catalogs.
    """

    code = "GL702"
    name = "inconsistent-standard-item"
    severity = Severity.INFO
    summary = Msg("同一标准事项在各目录中时限或渠道不一致", "standard item differs between catalogs")

    def check_project(self, catalogs: Sequence[CatalogFacts], data: RuleData) -> Iterable[Diagnostic]:
        by_item: dict[str, list[tuple[CatalogFacts, int]]] = defaultdict(list)
        for facts in catalogs:
            standard = facts.standard
            for index in range(len(standard)):
                by_item[standard.value(index, "item")].append((facts, index))
        for item, entries in by_item.items():
            if len({f.path for f, _ in entries}) < 2:
                continue
            for what, zh, en in (("deadline", "公开时限", "a different deadline"),
                                 ("channels", "公开渠道", "different channels")):
                values: dict[object, tuple[CatalogFacts, int]] = {}
                counts: Counter[object] = Counter()
                for facts, index in entries:
                    value = facts.standard.value(index, what)
                    if value is not None:
                        values.setdefault(value, (facts, index))
                        counts[value] += 1
                if len(values) < 2:
                    continue
                # With a clear majority only the catalogs that deviate from it are reported, pointing at
                # one that follows it; without one, every side is reported, pointing at another.
                common, common_count = counts.most_common(1)[0]
                majority = common if common_count * 2 > sum(counts.values()) else None
                for facts, index in entries:
                    mine = facts.standard.value(index, what)
                    if mine is None or mine == majority:
                        continue
                    other, other_index = values[majority] if majority is not None else next(
                        v for k, v in values.items() if k != mine)
                    theirs = other.standard.value(other_index, what)
                    where = _where(other, other.standard[other_index].span.line)
                    show_mine = "、".join(mine) if isinstance(mine, tuple) else mine
                    show_theirs = "、".join(theirs) if isinstance(theirs, tuple) else theirs
                    yield make_diagnostic(
                        self, facts.path, facts.standard[index].span,
                        f"标准事项“{item}”的{zh}与 {where} 不同"
                        f"（本目录：{show_mine or '无'}；对方：{show_theirs or '无'}）",
                        f"standard item '{item}' has {en} from {where} ({show_mine} vs {show_theirs})",
                        hint=("与市政务公开办核对后统一", "agree on one with the city's 政务公开办"),
                        data={"item": item, "other": where, "field": what})


class CopiedPassage(ProjectRule):
    """
    从其他部门目录复制的文字（GL703 copied-passage）

    检查什么：一段文字带着另一个部门的名称，而且与那个部门目录里的某一行（部门名称和编号除外）相同或
    几乎相同：几乎可以肯定是从那份目录复制过来后忘了改名。会指出来源文件和行。

    为什么：复制来的事项往往不属于本部门，或者要公开的是别的部门的信息；这比单纯出现别的部门名称
    （GL102）更确定，也告诉编辑去哪里对照。

    示例：
        # 政务服务与数据管理局目录
        content: 1.根河市政务服务与数据局XX工作开展情况报告、根河市民政局XX工作整改情况报告
        # 民政局目录第 127 行
        content: 1. 根河市民政局XX工作开展情况报告、根河市民政局XX工作整改情况报告

    改为：改成本部门的名称和实际内容，并核对整段是否适用于本部门。

    修正是否安全：没有自动修正，--fix 不改动。

    English: a passage copied from another catalog that still carries that catalog's department name.
    """

    code = "GL703"
    name = "copied-passage"
    severity = Severity.ERROR
    summary = Msg("从其他部门目录复制、仍带着对方名称的文字", "passage copied from another catalog")

    def check_project(self, catalogs: Sequence[CatalogFacts], data: RuleData) -> Iterable[Diagnostic]:
        by_department: dict[str, list[CatalogFacts]] = defaultdict(list)
        for facts in catalogs:
            if facts.department:
                by_department[facts.department].append(facts)
        index: dict[tuple[str, str], Passage] = {}
        for facts in catalogs:
            for passage in facts.passages:
                index.setdefault((facts.path, passage.key), passage)
        for facts in catalogs:
            for mention in facts.mentions:
                for source in by_department.get(mention.department, ()):
                    found = index.get((source.path, mention.key)) or _nearest(source, mention.key)
                    if found is None:
                        continue
                    passage = found
                    where = _where(source, passage.span.line)
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
