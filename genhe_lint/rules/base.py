"""What a rule is, and the context it is given.

A rule is a small class with a stable ``code``, a kebab-case ``name``, a ``severity``, a one-line
``summary`` in both languages, and its documentation as the class docstring, written under fixed
headings (parsed by :mod:`genhe_lint.rules.docs`, printed by ``genhe-lint explain CODE``). A per-file
rule subclasses :class:`BaseRule` and implements ``check``, which yields diagnostics made with
:meth:`Context.report`; a rule over all catalogs of a run subclasses
:class:`genhe_lint.rules.across.ProjectRule` and implements ``check_project``. A rule never prints,
never reads files and never knows the output format.
"""

from __future__ import annotations

import abc
import bisect
import inspect
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import ClassVar, TypeVar

from yaml.nodes import Node

from genhe_lint.catalog.model import Catalog, Item, Text
from genhe_lint.diagnostic import Diagnostic, Fix, Msg, Severity, Span
from genhe_lint.lint.suppression import Directive
from genhe_lint.load.document import Document
from genhe_lint.ruledata.compiled import Department, Hit, RuleData
from genhe_lint.ruledata.patterns import Searcher, Spanned

FoundT = TypeVar("FoundT", bound=Spanned)
Match = tuple[int, int, int]  # a literal found by the rule data's matcher: (its number, start, end)


# The hint for a name missing from the department registry: the built-in registry lives inside the installed
# package (an upgrade replaces it), so an addition goes in a rule-data folder of one's own, given with
# --rules-dir.
REGISTER_HINT = ("{what}请写进自己的规则数据文件夹里的 departments.yaml，检查时加 --rules-dir 该文件夹"
                 "（内置的登记表在安装的程序包里，升级会覆盖，不要直接改）",
                 "register {what} in departments.yaml in a rule-data folder of your own and check with "
                 "--rules-dir FOLDER (the built-in registry is inside the installed package; an upgrade "
                 "replaces it)")


class BaseRule(abc.ABC):
    """A rule: its identity as class attributes, and ``check``, run once per file."""

    code: ClassVar[str]
    name: ClassVar[str]
    severity: ClassVar[Severity]
    summary: ClassVar[Msg]
    fixable: ClassVar[bool] = False  # some of its findings carry a safe fix
    needs_catalog: ClassVar[bool] = True  # skipped when the file gives no catalog model
    post_pass: ClassVar[bool] = False  # runs after inline suppressions are applied
    project: ClassVar[bool] = False  # runs once over all catalogs (genhe_lint/rules/across.py)

    @abc.abstractmethod
    def check(self, ctx: Context) -> Iterable[Diagnostic]:
        """The findings of this rule in the file ``ctx`` describes."""

    @classmethod
    def doc(cls) -> str:
        return inspect.cleandoc(cls.__doc__ or "")


@dataclass(slots=True)
class Context:
    """Everything a rule may look at for one file."""

    document: Document
    data: RuleData
    catalog: Catalog | None = None
    department: Department | None = None  # the catalog's own department, when registered
    directives: list[Directive] = field(default_factory=list)  # inline suppression comments
    ran_codes: frozenset[str] = frozenset()  # codes of the rules run on this file
    memo: dict[str, object] = field(default_factory=dict)  # work shared by several rules, done once
    _found: list[Match] | None = None
    _found_by_kind: dict[str, list[Match]] = field(default_factory=dict)
    _numbers_found: set[int] | None = None
    _all_text: tuple[list[int], str] | None = None

    @property
    def path(self) -> str:
        return self.document.path

    def hits(self, text: Text) -> list[Hit]:
        """Names and phrases of the rule data found in ``text``, one of the catalog's texts.

        The first call scans all of the catalog's texts at once (see :meth:`literal_matches`); a text's
        hits are picked from them."""
        if self.catalog is None:
            return self.data.scan(text.value)
        found = self.literal_matches()
        starts = self._joined()[0]
        for i, (t, _item) in enumerate(self.catalog.text_list):
            if t is text:  # each text is listed once
                lo = bisect.bisect_left(found, starts[i], key=_start)
                hi = bisect.bisect_left(found, starts[i] + len(text.value) + 1, key=_start)
                return [self.hit_at(m)[2] for m in found[lo:hi]]
        return []

    def text_hits(self, kind: str | None = None) -> list[tuple[Text, Item | None, Hit]]:
        """Every name and phrase of the rule data found in the catalog's texts, in text order, with the
        text and its item; with ``kind`` (a :class:`~genhe_lint.ruledata.compiled.Tag` kind), only the
        hits with a tag of that kind. A hit object for each: for kinds that are found rarely (a rule that
        looks at most of the department names decides per literal, see :meth:`literal_matches`)."""
        return [self.hit_at(m) for m in self.literal_matches(kind)]

    def literal_matches(self, kind: str | None = None) -> list[Match]:
        """Every name and phrase of the rule data found in the catalog's texts, in text order, compact:
        (the literal's number in the rule data's matcher, start, end), positions in :meth:`joined_text`;
        with ``kind`` (a :class:`~genhe_lint.ruledata.compiled.Tag` kind), only the literals with a tag
        of that kind. A catalog holds its few names many times over: a rule decides per literal number,
        and builds a hit (:meth:`hit_at`) only for the matches it looks at closer.

        The first call scans all of the catalog's texts at once: one pass of the compiled matcher over
        their concatenation."""
        found = self._found
        matcher = self.data.matcher
        if found is None:
            assert self.catalog is not None
            found = self._found = []
            if self.catalog.text_list and matcher is not None:
                found = self._found = matcher.found(self._joined()[1])  # one pass over all the texts
        if kind is None or matcher is None:
            return found
        of_kind = self._found_by_kind.get(kind)
        if of_kind is None:
            numbers = matcher.numbers.get(kind, frozenset())
            # most kinds are found in few catalogs: the literals found tell without a pass over the matches
            of_kind = self._found_by_kind[kind] = (
                [] if self.literals_found().isdisjoint(numbers) else [m for m in found if m[0] in numbers])
        return of_kind

    def literals_found(self, kind: str | None = None) -> set[int]:
        """The numbers of the distinct literals in :meth:`literal_matches` (with ``kind``, those with a tag of
        that kind): a catalog names its few departments many times over, and a rule decides per literal."""
        found = self._numbers_found
        if found is None:
            found = self._numbers_found = {m[0] for m in self.literal_matches()}
        if kind is None or self.data.matcher is None:
            return found
        return found & self.data.matcher.numbers.get(kind, frozenset())

    def hit_at(self, match: Match) -> tuple[Text, Item | None, Hit]:
        """The text a match of :meth:`literal_matches` stands in, its item, and the hit, positions in the
        text."""
        assert self.catalog is not None and self.data.matcher is not None
        n, start, end = match
        i, base = self.text_at(start)
        text, item = self.catalog.text_list[i]
        matcher = self.data.matcher
        return text, item, Hit(start - base, end - base, matcher.literals[n], matcher.tags[n])

    def text_starts(self) -> list[int]:
        """Where each of the catalog's texts starts in :meth:`joined_text`, in ``text_list`` order."""
        return self._joined()[0]

    def text_at(self, position: int) -> tuple[int, int]:
        """The text that holds ``position`` of :meth:`joined_text`: its index in the catalog's
        ``text_list``, and where it starts."""
        starts = self._joined()[0]
        i = bisect.bisect_right(starts, position) - 1
        return i, starts[i]

    def pattern_hits(self, pattern: Searcher[FoundT]) -> Iterator[tuple[Text, FoundT, int]]:
        """Matches of ``pattern`` in every text of the catalog, found in one pass: (text, match, offset
        of the text in the match's string)."""
        assert self.catalog is not None
        pairs = self.catalog.text_list
        starts, joined = self._joined()
        for m in pattern.finditer(joined):
            i = bisect.bisect_right(starts, m.start()) - 1
            yield pairs[i][0], m, starts[i]

    def may_contain(self, chars: frozenset[str] | None) -> bool:
        """Whether any of ``chars`` is in the catalog's texts (always, for None): a substring search per
        character, cheaper than a regex tried at every position, and most catalogs hold none of the
        characters a placeholder starts with."""
        if chars is None:
            return True
        joined = self._joined()[1]
        return any(ch in joined for ch in chars)

    def joined_text(self) -> str:
        """All of the catalog's texts joined by NUL: one substring search tells whether any text holds a
        string."""
        return self._joined()[1]

    def _joined(self) -> tuple[list[int], str]:
        """All of the catalog's texts joined by NUL, and the offset where each starts (found again by
        bisection)."""
        if self._all_text is None:
            assert self.catalog is not None
            values = [t.value for t, _ in self.catalog.text_list]
            starts: list[int] = []
            pos = 0
            for value in values:
                starts.append(pos)
                pos += len(value) + 1
            self._all_text = (starts, "\0".join(values))
        return self._all_text

    # -- positions ---------------------------------------------------------------------------

    def text_span(self, text: Text, start: int = 0, end: int | None = None) -> Span:
        assert self.catalog is not None
        return self.catalog.span(text, start, end)

    def node_span(self, node: Node) -> Span:
        return self.document.source.node_span(node)

    # -- reporting ---------------------------------------------------------------------------

    def report(
        self,
        rule: type[BaseRule] | BaseRule,
        span: Span,
        zh: str,
        en: str,
        *,
        hint: tuple[str, str] | None = None,
        fix: str | None = None,
        safe: bool = True,
        data: dict[str, str] | None = None,
    ) -> Diagnostic:
        """A finding of ``rule`` at ``span`` in this catalog; ``fix`` replaces the text at ``span`` (an unsafe
        fix, ``safe=False``, is a guess applied only with ``--unsafe-fixes``)."""
        return make_diagnostic(rule, self.document.path, span, zh, en, hint=hint, data=data,
                               fix=None if fix is None else Fix(span, fix, safe))


def make_diagnostic(
    rule: type[BaseRule] | BaseRule,
    path: str,
    span: Span,
    zh: str,
    en: str,
    *,
    hint: tuple[str, str] | None = None,
    data: dict[str, str] | None = None,
    fix: Fix | None = None,
) -> Diagnostic:
    """A finding of ``rule`` in the file ``path`` (cross-catalog rules name the file they report in)."""
    return Diagnostic(rule.code, rule.name, rule.severity, path, span, Msg(zh, en),
                      Msg(*hint) if hint else None, fix, data or {})


def _start(match: Match) -> int:
    return match[1]


def is_cjk(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff" or "\u3400" <= ch <= "\u4dbf"


def empty_or_absent(
    ctx: Context, rule: type[BaseRule], attr: str, zh: str, en: str, hint: tuple[str, str]
) -> Iterator[Diagnostic]:
    """A value written empty (``''`` or ``[]``, reported where it is written), or a leaf item that inherits
    nothing (reported at the item): what the GL201/GL204/GL401/GL403-style "missing" rules look for."""
    catalog = ctx.catalog
    assert catalog is not None
    for item, own in catalog.blank(attr):
        yield ctx.report(rule, ctx.node_span(own.node), f"“{item.label}”的{zh}为空",
                         f"{en} of '{item.label}' is empty", hint=hint)
    for item in catalog.leaves_without(attr):
        yield ctx.report(rule, catalog.item_span(item),
                         f"“{item.label}”没有{zh}（本项和上级都未填写）",
                         f"'{item.label}' has no {en} (neither it nor a parent sets it)", hint=hint)
