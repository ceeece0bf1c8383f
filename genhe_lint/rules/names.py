"""GL1xx (names): the region's name and the departments' names."""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable

from genhe_lint.catalog.model import Item, Text
from genhe_lint.diagnostic import Diagnostic, Msg, Severity, Span
from genhe_lint.ruledata.compiled import Department, Hit, RuleData
from genhe_lint.rules.base import REGISTER_HINT, BaseRule, Context, is_cjk
from genhe_lint.rules.wording import cited_in_clause

# Characters after which a place name plausibly starts (beginning of a phrase).
_LEADS = set("的在对由向和与及于为是将把从按经原")


class WrongRegionName(BaseRule):
    """
    地名写错（GL101 wrong-region-name）

    检查什么：文字中与本地名称（region.yaml 的 name，如“根河市”）只差一个字的地名，
    例如“天河市民政局”。也检查 department 键。真实存在的地名（gazetteer.yaml，如“黑河市”“漠河市”）
    不是写错；地名末字与后文组成常用词的（“沿河市场”“滨河市民广场”“银河市政公司”，
    见 region.yaml 的 near_miss_words）也不报。

    为什么：照抄其他地方的目录时最容易留下别处的地名；地名写错的目录不能作为本市的公开依据。

    示例：
        content: 天河市民政局人事任免信息及职级晋升信息。

    改为：
        content: 根河市民政局人事任免信息及职级晋升信息。

    改为“根河市”。确属正常用语的词（如“根据市…”）可加入
    region.yaml 的 near_miss_allowed。

    修正是否安全：只在确定时安全：疑似写错的地名后面紧跟部门或政府的名称（“天河市民政局”），
    或写在 department、publisher 键的开头时，--fix 替换为本市名称（region.yaml 的 name）；
    其余情况只是建议，在 --fix --unsafe-fixes 时替换，改前须确认。

    English: a near-miss of the region's name (天河市 for 根河市), not a real place. Fixable where certain.
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
            if near is None:
                continue
            start, found = near
            end = start + len(found)
            if real_place_at(text.value, start, end, ctx.data.places) is not None:
                continue  # a real place (黑河市) is never a typo; GL108 says when it reads as this catalog's
            certain = _stands_as_place(text.value, end, ctx) or (
                start == 0 and text.key in _OWN_NAME_KEYS)
            if not certain and _runs_into_word(text.value, end - 1, ctx.data.region.near_miss_words):
                continue  # 沿河市场: the 市 belongs to 市场
            yield ctx.report(
                self, ctx.text_span(text, start, end),
                f"地名“{found}”疑似写错，本市是“{region}”",
                f"place name '{found}' looks like a misspelling of '{region}'",
                hint=(f"改为“{region}”", f"write '{region}'"),
                fix=region, safe=certain, data={"found": found, "expected": region})


# The keys whose text names the catalog's own body: a place name at their start reads as this region.
_OWN_NAME_KEYS = frozenset({"department", "publisher"})


def real_place_at(value: str, start: int, end: int, places: dict[str, str]) -> str | None:
    """The real place name (gazetteer) in ``value`` that covers [start, end), if any (黑河市, 漠河市)."""
    for a in range(max(0, start - 8), start + 1):
        for b in range(end, min(len(value), a + 12) + 1):
            if value[a:b] in places:
                return value[a:b]
    return None


def _runs_into_word(value: str, last: int, words: tuple[str, ...]) -> bool:
    """Does the name's last character, at ``last``, begin an ordinary word (市场, 市民, 市政)?"""
    return any(value.startswith(word, last) for word in words)


def _stands_as_place(value: str, end: int, ctx: Context) -> bool:
    """Is the window followed by the government's or a department's name (天河市民政局, 天河市人民政府)?"""
    return value.startswith(("人民政府", "政府"), end) or value.startswith(ctx.data.aliases(), end)


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
    return _stands_as_place(value, end, ctx)


class ForeignDepartment(BaseRule):
    """
    出现其他部门的名称（GL102 foreign-department）

    检查什么：本目录文字中出现登记表里另一个部门的全称或旧称，例如政务服务与数据管理局的目录里写着
    “根河市民政局XX工作整改情况报告”。departments.yaml 中 references 列出的机构（本级政府财政部门、
    市本级督查室、根河市人民政府网等）属于正当引用，不报；提到该部门的句式（“配合……”“报……”
    “……下达”“……转发”“转发……通知”，见 higher_level.yaml 的 mention_before、mention_after、cited）也不报。

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
        for _text, _item, hit, department, _at, span in foreign_mentions(ctx):
            assert own is not None
            yield ctx.report(
                self, span,
                f"出现其他部门的名称“{hit.text}”，本目录的公开主体是“{own.name}”",
                f"another department's name '{hit.text}'; this catalog belongs to '{own.name}'",
                hint=(f"若指本部门，改为“{own.name}”", f"if this means this department, write '{own.name}'"),
                fix=own.name, safe=False,
                data={"found": hit.text, "department": department})


def foreign_mentions(ctx: Context) -> list[tuple[Text, Item | None, Hit, str, int, Span]]:
    """Other registered departments' full or old names in this catalog's text: (text, its item, hit,
    department, where the name stands in the joined texts, where in the file: GL102 reports it, the
    cross-catalog facts keep it).

    A bare short name (财政局) is a reference, not a pasted name; bodies listed as references never count.
    A catalog names its few departments many times over: what a name is is decided once per literal, and
    only the names of another department are looked at where they stand."""
    assert ctx.catalog is not None
    cached = ctx.memo.get("foreign")
    if cached is not None:
        return cached  # type: ignore[return-value]
    out: list[tuple[Text, Item | None, Hit, str, int, Span]] = []
    own = ctx.department
    if own is not None:
        found = ctx.literal_matches("department")
        table = _literal_table(ctx.data, own.name)
        others = {n: other for n in ctx.literals_found("department")
                  if (other := _names(ctx.data, own, n, table)[0]) is not None}
        for match in [m for m in found if m[0] in others] if others else ():
            other = others[match[0]]
            text, item, hit = ctx.hit_at(match)
            if item is None and text.key == "department":
                continue
            if not _mentioned(text.value, hit.start, hit.end, ctx.data):
                out.append((text, item, hit, other, match[1], ctx.text_span(text, hit.start, hit.end)))
    ctx.memo["foreign"] = out
    return out


def _names(data: RuleData, own: Department, n: int, table: dict[int, tuple[str | None, str]]
           ) -> tuple[str | None, str]:
    """What the literal number ``n`` of the matcher names in a catalog of the department ``own``: another
    department (its full or old name, or an alias written after the region's name), and the form of
    ``own``'s name it is ("" for none); kept in ``table``, the run's table for ``own``'s catalogs."""
    named = table.get(n)
    if named is None:
        assert data.matcher is not None
        literal, tags, region = data.matcher.literals[n], data.matcher.tags[n], data.region.name
        other = next((t.value for t in tags if t.kind == "department" and t.value != own.name
                      and (t.form != "alias" or literal.startswith(region))), None)
        form = next((t.form for t in tags if t.kind == "department" and t.value == own.name), "")
        named = table[n] = (other, form)
    return named


def _mentioned(value: str, start: int, end: int, data: RuleData) -> bool:
    """Is the body's name at [start, end) mentioned (配合根河市财政局, 根河市财政局下达) rather than presented
    as the catalog's own, or part of a cited document (转发……通知)?"""
    refs = data.references_ctx
    if value[:start].endswith(refs.mention_before) or value.startswith(refs.mention_after, end):
        return True
    return cited_in_clause(value, start, end, data)


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
        found = ctx.literal_matches("department")
        table = _literal_table(ctx.data, own.name)
        forms = {n: written for n in ctx.literals_found("department")
                 if (written := _names(ctx.data, own, n, table)[1]) not in ("", "canonical")}
        for match in found if forms else ():
            form = forms.get(match[0])
            if form is None:
                continue
            text, _item, hit = ctx.hit_at(match)
            if form == "alias" and _inside_place_name(text.value, hit.start, hit.text):
                continue  # part of a longer place-prefixed name (天河市民政局): GL101's finding
            kind_zh, kind_en = ("旧称", "an old name") if form == "old" else ("简称", "a short name")
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
        if as_own_region(dep.value, ctx) is not None:
            return  # a registered department under another place's name: GL101's or GL108's finding
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


_LITERAL_TABLES = 256  # departments whose tables are kept at most (a region has one catalog per department)


def _literal_table(data: RuleData, department: str) -> dict[int, tuple[str | None, str]]:
    """The per-run table of what each literal (by its number in the matcher) names in ``department``'s
    catalogs (GL102, GL103). A region has about one catalog per department, so the tables of departments
    met long ago are rarely read again: at most ``_LITERAL_TABLES`` are kept, and memory does not grow with
    the number of catalogs."""
    tables = data.department_literals
    table = tables.get(department)
    if table is None:
        if len(tables) >= _LITERAL_TABLES:
            tables.clear()
        table = tables[department] = {}
    return table


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


class ForeignRegionName(BaseRule):
    """
    其他地区的地名用作本地名称（GL108 foreign-region-name）

    检查什么：department、publisher 键开头写着另一个真实存在的地区（gazetteer.yaml 中的全国行政区划名称，
    本地区及其上级除外），读起来像是本目录的公开主体，例如根河市目录里的“黑河市民政局”。
    正文里提到其他地区（“与黑河市民政局签订协议”）是正当引用，不报。

    为什么：照抄其他地区的目录后忘了改地名，公开主体就成了别的地区的机构；因为那是真实的地名，
    不能当作错字自动改正。

    示例：
        department: 根河市民政局
        sections:
          - name: 人事信息
            publisher: 黑河市民政局

    改为：
        publisher: 根河市民政局

    改为本地名称；如确是其他地区的机构（联合发文等），可在该行上方加注释“# genhe-lint: disable=GL108”。

    修正是否安全：不安全，建议把地名替换为本地名称（region.yaml 的 name），只在 --fix --unsafe-fixes
    时改动；那是真实存在的地区，改前须确认。

    English: another real region's name heading the department or publisher. An unsafe suggestion.
    """

    code = "GL108"
    name = "foreign-region-name"
    severity = Severity.WARNING
    summary = Msg("其他地区的地名用作本地名称", "another real region's name read as this catalog's own")

    def check(self, ctx: Context) -> Iterable[Diagnostic]:
        assert ctx.catalog is not None
        region = ctx.data.region.name
        places = ctx.data.foreign_places
        department = ctx.catalog.department
        for text in ([department] if department is not None else []) + [
                item.publisher for item in ctx.catalog.items if item.publisher is not None]:
            value = text.value
            place = places[value] if value in places else _foreign_place(value, ctx)
            if place is None:
                continue
            yield ctx.report(
                self, ctx.text_span(text, 0, len(place)),
                f"“{place}”是另一个地区，本目录属于“{region}”",
                f"'{place}' is another region; this catalog belongs to '{region}'",
                hint=(f"若指本地的机构，改为“{region}”",
                      f"if this means this region's body, write '{region}'"),
                fix=region, safe=False, data={"found": place, "expected": region})


def _foreign_place(value: str, ctx: Context) -> str | None:
    """The real place other than this region and its parents that ``value`` starts with, when the value
    is not a registered name (the longest such place). The same few names head a corpus's catalogs and
    columns: each is looked at once per run."""
    place = None
    if value and ctx.data.department(value) is None and value not in ctx.data.references:
        region = ctx.data.region
        own = {region.name, *region.parents}
        for n in range(min(len(value), 12), 1, -1):
            head = value[:n]
            if head in ctx.data.places:
                place = None if head in own else head
                break
    places = ctx.data.foreign_places
    if len(places) >= 1 << 14:
        places.clear()
    places[value] = place
    return place


def as_own_region(value: str, ctx: Context) -> str | None:
    """``value`` with a leading other place (a real one, or a near-miss of the region's name) replaced by the
    region's name, when that is a registered department (黑河市民政局, 天河市民政局 -> 根河市民政局)."""
    region = ctx.data.region.name
    for n in range(2, min(len(value), 12) + 1):
        head = value[:n]
        near = len(head) == len(region) and sum(a != b for a, b in zip(head, region, strict=True)) == 1
        if (near or head in ctx.data.places) and head != region:
            candidate = region + value[n:]
            if ctx.data.department(candidate) is not None:
                return candidate
    return None


RULES: list[type[BaseRule]] = [
    WrongRegionName, ForeignDepartment, NonCanonicalDepartmentName, UnknownDepartment, ForeignRegionName,
]
