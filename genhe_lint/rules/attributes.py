"""GL4xx: 公开时限 (deadline), 责任科室 (unit), 公开主体 (publisher)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import TypeVar

from genhe_lint.catalog.model import Text
from genhe_lint.diagnostic import Diagnostic, Msg, Severity
from genhe_lint.ruledata.compiled import MEMO_MAX_CHARS, Department, RuleData, normalize
from genhe_lint.rules.base import REGISTER_HINT, BaseRule, Context, empty_or_absent
from genhe_lint.rules.names import as_own_region


class MissingDeadline(BaseRule):
    """
    缺少公开时限（GL401 missing-deadline）

    检查什么：公开时限为空（deadline: ''），或末级事项本身和上级都没有填写 deadline。

    为什么：《政府信息公开条例》第二十六条要求在信息形成或变更之日起20个工作日内公开，目录须写明时限。

    示例：
        deadline: ''

    改为：
        deadline: 信息产生或变更之日起20个工作日内公开

    填写时限，如“信息产生或变更之日起20个工作日内公开”“即时公开”。

    修正是否安全：没有自动修正，--fix 不改动。

    English: no deadline (an explicit '' or nothing set on the item or its parents).
    """

    code = "GL401"
    name = "missing-deadline"
    severity = Severity.ERROR
    summary = Msg("缺少公开时限", "no deadline")

    def check(self, ctx: Context) -> Iterable[Diagnostic]:
        yield from empty_or_absent(ctx, self.__class__, "deadline", "公开时限", "deadline",
                                    ("填写公开时限，如“信息产生或变更之日起20个工作日内公开”",
                                     "write a deadline, e.g. 信息产生或变更之日起20个工作日内公开"))


class UnrecognizedDeadline(BaseRule):
    """
    公开时限写法无法识别（GL402 unrecognized-deadline）

    检查什么：公开时限不符合 lint_rules/deadlines.yaml 中任何一种认可的写法
    （N个工作日内、即时公开、与政策文件同步发布、批复后N日内……）。

    为什么：时限必须具体、可核查；“及时公开”“按要求公开”之类的说法无法监督。

    示例：
        deadline: 及时公开

    改为：
        deadline: 即时公开

    改为认可的写法；本地确有的其他写法可加入 deadlines.yaml。

    修正是否安全：没有自动修正，--fix 不改动。

    English: a deadline that matches none of the accepted wordings.
    """

    code = "GL402"
    name = "unrecognized-deadline"
    severity = Severity.WARNING
    summary = Msg("公开时限写法无法识别", "unrecognized deadline wording")

    def check(self, ctx: Context) -> Iterable[Diagnostic]:
        assert ctx.catalog is not None
        written = ctx.catalog.written("deadline")  # the values the items set, blank ones left out
        # a catalog writes its few wordings many times over: each distinct one is judged once
        ok = ctx.data.deadline_ok
        bad = {value for value in {t.value for _i, t in written if type(t) is Text} if not ok(value)}
        if not bad:
            return
        for _item, text in written:
            if type(text) is Text and text.value in bad:
                yield ctx.report(
                    self, ctx.text_span(text),
                    f"公开时限“{text.value}”不是认可的写法",
                    f"deadline '{text.value}' is not an accepted wording",
                    hint=("如“信息产生或变更之日起20个工作日内公开”“即时公开”；认可的写法见 deadlines.yaml",
                          "e.g. 信息产生或变更之日起20个工作日内公开 or 即时公开; see deadlines.yaml"))


class MissingUnit(BaseRule):
    """
    缺少责任科室（GL403 missing-unit）

    检查什么：责任科室为空（unit: ''），或末级事项本身和上级都没有填写 unit。

    为什么：责任科室落实到人，是公开工作考核和追责的依据。

    示例：
        unit: ''

    改为：填写负责该事项的内设科室。

    修正是否安全：没有自动修正，--fix 不改动。

    English: no responsible unit (an explicit '' or nothing set on the item or its parents).
    """

    code = "GL403"
    name = "missing-unit"
    severity = Severity.ERROR
    summary = Msg("缺少责任科室", "no responsible unit")

    def check(self, ctx: Context) -> Iterable[Diagnostic]:
        yield from empty_or_absent(ctx, self.__class__, "unit", "责任科室", "responsible unit",
                                    ("填写负责的内设科室", "write the responsible internal unit"))


VerdictT = TypeVar("VerdictT")
UnitVerdict = tuple[str | None, bool, str | None]  # canonical unit, written canonically, the nearest unit


class _Verdicts:
    """What GL404 and GL405 decided about a unit or publisher as written, per department: the same few
    values recur in every catalog of a department, and a verdict depends only on the rule data, the
    department and the value, so each is reached once per run. The verdicts are those of one rule-data
    object, held here: another one starts afresh and never reads them. A department is known by its
    identity (it cannot be hashed), which stays its own while the rule data holding it is held here."""

    __slots__ = ("data", "publishers", "units")

    def __init__(self) -> None:
        self.data: RuleData | None = None
        self.units: dict[int, dict[str, UnitVerdict]] = {}  # id(department) -> unit as written -> verdict
        # id(department) -> publisher as written -> is it the department or one of its units
        self.publishers: dict[int, dict[str, bool]] = {}

    def _fresh(self, data: RuleData) -> None:
        if self.data is not data or len(self.units) + len(self.publishers) > 1 << 12:
            self.data, self.units, self.publishers = data, {}, {}

    def units_of(self, data: RuleData, dep: Department) -> dict[str, UnitVerdict]:
        self._fresh(data)
        return _table(self.units, dep)

    def publishers_of(self, data: RuleData, dep: Department) -> dict[str, bool]:
        self._fresh(data)
        return _table(self.publishers, dep)


def _table(tables: dict[int, dict[str, VerdictT]], dep: Department) -> dict[str, VerdictT]:
    """The department's table of verdicts among ``tables``, started afresh when it has grown too large."""
    found = tables.get(id(dep))
    if found is None or len(found) > 1 << 14:
        found = tables[id(dep)] = {}
    return found


_VERDICTS = _Verdicts()



def _judged(ctx: Context, dep: Department, attr: str, verdicts: dict[str, VerdictT],
            judge: Callable[[Context, Department, str], VerdictT]) -> Iterator[tuple[Text, VerdictT]]:
    """Each text the catalog's items write for ``attr``, with ``judge``'s verdict on its value: judged once
    per value for the run (``verdicts``, the run's table for ``dep``)."""
    assert ctx.catalog is not None
    for _item, text in ctx.catalog.written(attr):
        if type(text) is not Text:
            continue
        verdict = verdicts.get(text.value)
        if verdict is None:
            verdict = judge(ctx, dep, text.value)
            if len(text.value) <= MEMO_MAX_CHARS:
                verdicts[text.value] = verdict
        yield text, verdict


def _resolve_unit(ctx: Context, value: str) -> tuple[str | None, bool]:
    """(canonical unit, is it written canonically) for this catalog's department."""
    dep = ctx.department
    assert dep is not None
    if value in dep.units:
        return value, True
    norm = normalize(value)
    for unit in dep.units:
        if normalize(unit) == norm:
            return unit, False
    for alias, unit in dep.unit_aliases.items():
        if normalize(alias) == norm:
            return unit, False
    return None, False


class UnknownUnit(BaseRule):
    """
    责任科室不是本部门的内设科室（GL404 unknown-unit）

    检查什么：unit 不在本部门登记的内设科室中（lint_rules/departments.yaml 的 units）。登记为
    unit_aliases 的其他写法（如“电子政务和政务公开办”应为“电子政务与政务公开办”）可自动修正。

    为什么：科室名称写法不一或写了别的单位，考核和追责时对不上人。

    示例：
        unit: 电子政务和政务公开办

    改为：
        unit: 电子政务与政务公开办

    改为登记的科室名称；新设科室加到 departments.yaml 的 units。

    修正是否安全：登记为 unit_aliases 的写法和只在全角半角、括号、空格上不同的写法安全，
    --fix 替换为登记的科室名称。其他不认识的科室名不安全，有相近的登记科室时建议替换为最接近的一个，
    只在 --fix --unsafe-fixes 时改动。

    English: the unit is not one of the department's registered units; known variants are fixable.
    """

    code = "GL404"
    name = "unknown-unit"
    severity = Severity.WARNING
    summary = Msg("责任科室不是本部门的内设科室", "unit is not one of the department's units")
    fixable = True

    def check(self, ctx: Context) -> Iterable[Diagnostic]:
        dep = ctx.department
        if dep is None:
            return
        assert ctx.catalog is not None
        for text, (canonical, exact, guess) in _judged(ctx, dep, "unit", _VERDICTS.units_of(ctx.data, dep),
                                                       _unit_verdict):
            if exact:
                continue
            span = ctx.text_span(text)
            if canonical is not None:
                yield ctx.report(
                    self, span, f"责任科室“{text.value}”应写作“{canonical}”",
                    f"unit '{text.value}' should be written '{canonical}'",
                    hint=(f"改为“{canonical}”", f"write '{canonical}'"), fix=canonical,
                    data={"found": text.value, "expected": canonical})
                continue
            ask_zh = f"，是不是“{guess}”？" if guess is not None else ""
            ask_en = f"; did you mean '{guess}'?" if guess is not None else ""
            yield ctx.report(
                self, span, f"“{text.value}”不是{dep.name}登记的内设科室{ask_zh}",
                f"'{text.value}' is not a registered unit of {dep.name}{ask_en}",
                hint=(f"登记的科室：{'、'.join(dep.units)}；" + REGISTER_HINT[0].format(what="新科室"),
                      f"registered units: {', '.join(dep.units)}; "
                      + REGISTER_HINT[1].format(what="a new unit")),
                fix=guess, safe=False, data={"found": text.value})


def _unit_verdict(ctx: Context, dep: Department, value: str) -> UnitVerdict:
    """GL404's verdict on a unit as written: the unit it stands for, whether it is written so, and for an
    unknown one the nearest registered unit."""
    canonical, exact = _resolve_unit(ctx, value)
    if exact or canonical is not None:
        return canonical, exact, None
    from rapidfuzz import process  # only for a finding: keeps start-up lean

    guess = process.extractOne(value, list(dep.units), score_cutoff=60)
    return None, False, guess[0] if guess is not None else None


class UnknownPublisher(BaseRule):
    """
    公开主体不是本部门（GL405 unknown-publisher）

    检查什么：“公开主体”列既不是本部门（全称、简称或旧称），也不是本部门的内设科室。

    为什么：公开主体是对外承担公开义务的机关；写成别的单位，责任就落不到本部门。

    示例：
        department: 根河市民政局
        publisher: 根河市财政局

    改为：
        department: 根河市民政局
        publisher: 根河市民政局

    改为本部门全称或负责的内设科室。

    修正是否安全：没有自动修正，--fix 不改动。

    English: the publisher column is neither this department nor one of its units.
    """

    code = "GL405"
    name = "unknown-publisher"
    severity = Severity.WARNING
    summary = Msg("公开主体不是本部门或其内设科室", "publisher is not this department or one of its units")

    def check(self, ctx: Context) -> Iterable[Diagnostic]:
        dep = ctx.department
        if dep is None:
            return
        assert ctx.catalog is not None
        for text, ok in _judged(ctx, dep, "publisher", _VERDICTS.publishers_of(ctx.data, dep), _publisher_ok):
            if ok:
                continue
            yield ctx.report(
                self, ctx.text_span(text),
                f"公开主体“{text.value}”不是{dep.name}或其内设科室",
                f"publisher '{text.value}' is neither {dep.name} nor one of its units",
                hint=(f"改为“{dep.name}”或负责的内设科室", f"write '{dep.name}' or one of its units"),
                data={"found": text.value})


def _publisher_ok(ctx: Context, dep: Department, value: str) -> bool:
    """GL405's verdict on a publisher as written: is it the department or one of its units."""
    found = ctx.data.department(value)
    if found is not None and found[0].name == dep.name:
        return True
    if _resolve_unit(ctx, value)[0] is not None:
        return True
    # this department under another place's name: GL101's or GL108's finding
    return as_own_region(value, ctx) == dep.name


RULES: list[type[BaseRule]] = [
    MissingDeadline, UnrecognizedDeadline, MissingUnit, UnknownUnit, UnknownPublisher,
]
