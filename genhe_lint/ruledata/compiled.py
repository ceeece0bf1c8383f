"""Rule data compiled for the rules: what they look up and match against, built once per process.

The input is the validated dump of every rule-data file (see :mod:`genhe_lint.ruledata.files`): plain dicts
and lists, as the models of :mod:`genhe_lint.ruledata.models` give them. Everything that rules match against
is compiled here: one multi-pattern matcher (Aho-Corasick) for every literal name and phrase, and the
patterns for RE2 (:mod:`genhe_lint.ruledata.patterns`): one search for all placeholders, one pattern for all
deadline wordings, one per deadline of the standard catalog.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, Literal

from genhe_lint.ruledata.patterns import Placeholders, Regex, expand_deadline
from genhe_lint.ruledata.prefilter import first_chars

# The rule-data files, in the order they are read (their models: genhe_lint.ruledata.models.MODELS).
FILE_NAMES = ("region.yaml", "departments.yaml", "channels.yaml", "audiences.yaml", "deadlines.yaml",
              "higher_level.yaml", "placeholders.yaml", "substitutions.yaml", "template.yaml",
              "gazetteer.yaml", "guide_wording.yaml")

_BRACKETS = str.maketrans({"(": "（", ")": "）", ",": "，", ";": "；", ":": "："})


@lru_cache(maxsize=65536)
def normalize(text: str) -> str:
    """Fold the spelling differences that are not real differences: width, brackets, spaces."""
    folded = unicodedata.normalize("NFKC", text).translate(_BRACKETS)
    return "".join(folded.split())


@dataclass(frozen=True, slots=True)
class Department:
    name: str
    aliases: tuple[str, ...]
    old_names: tuple[str, ...]
    units: tuple[str, ...]
    unit_aliases: dict[str, str]

    def all_names(self) -> tuple[str, ...]:
        return (self.name, *self.aliases, *self.old_names)


@dataclass(frozen=True, slots=True)
class Region:
    """The region the rule data is for (``region.yaml``)."""

    name: str
    level: str
    parents: tuple[str, ...]
    near_miss_allowed: tuple[str, ...]
    near_miss_words: tuple[str, ...]  # ordinary words that start with the name's last character (市场)
    channel_names: dict[str, str]


@dataclass(frozen=True, slots=True)
class Phrase:
    """Wording of a higher level of government (``higher_level.yaml``)."""

    phrase: str
    why: str
    exclude: tuple[str, ...]
    body: bool = False  # names a body (民政厅): after a province-level name it is that body's full name


@dataclass(frozen=True, slots=True)
class References:
    """Where wording of a higher level is a reference, not this catalog's own wording (higher_level.yaml)."""

    quotes: tuple[str, ...] = ()  # pairs of title marks, as two-character strings (《》)
    cited: tuple[tuple[str, str], ...] = ()  # (before, after) in one clause: 转发……通知
    body_prefixes: tuple[str, ...] = ()  # right before a body's name (自治区民政厅): a higher body's name
    mention_before: tuple[str, ...] = ()  # right before another body's name (与, 配合): a mention of it
    mention_after: tuple[str, ...] = ()  # right after another body's name (下达, 印发): a mention of it
    clause_ends: str = "。；;！？!?\n"
    cited_leads: tuple[str, ...] = field(init=False)  # the distinct ``before`` words of ``cited``

    def __post_init__(self) -> None:
        object.__setattr__(self, "cited_leads", tuple(dict.fromkeys(lead for lead, _ in self.cited)))


@dataclass(frozen=True, slots=True)
class Substitution:
    """A known wrong wording and its correction (``substitutions.yaml``)."""

    wrong: str
    right: str
    why: str
    fields: tuple[str, ...]  # the text columns it is looked for in (none: all)


@dataclass(frozen=True, slots=True)
class GuidePhrase:
    """Template wording of a national or regional guide, left in place (``guide_wording.yaml``)."""

    phrase: str
    why: str
    instead: str
    exclude: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Tag:
    """What a literal found in text stands for."""

    kind: Literal["department", "reference", "higher", "substitution"]
    value: str  # department canonical name, reference, phrase or wrong wording
    form: str = ""  # for departments: "canonical", "alias" or "old"


@dataclass(slots=True)
class Hit:
    start: int
    end: int
    text: str
    tags: tuple[Tag, ...]


# Per-run memories keyed by a value as written keep only values of at most this many characters: the same
# short values recur in every catalog, while a hostile file's huge value would otherwise stay alive for the
# whole run.
MEMO_MAX_CHARS = 256


@dataclass(slots=True)
class Vocabulary:
    """A closed set of values with canonical spellings (channels, audiences)."""

    canonical: list[str]
    lookup: dict[str, str]  # normalized spelling -> canonical
    # the canonical values: the only values that resolve to themselves
    plain: frozenset[str] = field(init=False, repr=False, compare=False)
    # a value as written -> canonical: the same few spellings recur in every catalog
    _resolved: dict[str, str | None] = field(default_factory=dict, repr=False, compare=False)
    # an unknown value -> the nearest canonical value (None: none near): unknown values recur too
    _nearest: dict[str, str | None] = field(default_factory=dict, repr=False, compare=False)

    def __post_init__(self) -> None:
        self.plain = frozenset(self.canonical)

    def resolve(self, value: str) -> str | None:
        resolved = self._resolved
        if value in resolved:
            return resolved[value]
        canonical = self.lookup.get(normalize(value))
        if len(resolved) < 1 << 12 and len(value) <= MEMO_MAX_CHARS:
            resolved[value] = canonical
        return canonical

    def nearest(self, value: str) -> str | None:
        """The canonical value nearest ``value``, if any is near enough (an unknown value's suggestion)."""
        nearest = self._nearest
        if value in nearest:
            return nearest[value]
        from rapidfuzz import process  # only for a finding: keeps start-up lean

        guess = process.extractOne(value, self.canonical, score_cutoff=50)
        found = guess[0] if guess is not None else None
        if len(nearest) < 1 << 12 and len(value) <= MEMO_MAX_CHARS:
            nearest[value] = found
        return found


@dataclass(frozen=True, slots=True)
class StandardItem:
    """One item of the standard catalog (a section when ``section`` is empty)."""

    name: str
    section: str  # the standard section it belongs under ("" for a section itself)
    keys: tuple[str, ...]  # normalized name and aliases, for matching
    deadline: Regex | None
    deadline_text: str
    label: str  # "section > name", or the name of a section: one string shared by every catalog's facts
    # deadline as written -> matches this item's? The same few wordings recur in every catalog.
    _deadline_seen: dict[str, bool] = field(default_factory=dict, repr=False, compare=False)

    def deadline_matches(self, text: str) -> bool:
        """Whether ``text`` is this item's standard deadline (true when the item states none)."""
        seen = self._deadline_seen.get(text)
        if seen is None:
            seen = self.deadline is None or self.deadline.fullmatch(deadline_body(text))
            if len(self._deadline_seen) < 1 << 12:
                self._deadline_seen[text] = seen
        return seen


def deadline_body(text: str) -> str:
    """A deadline as matched against the wordings: spaces anywhere (full-width too) and a final stop
    left out. Done here, not in the patterns: RE2's ``\\s`` knows ASCII spaces only."""
    return "".join(text.split()).rstrip("。.；;")


@lru_cache(maxsize=1 << 16)
def name_key(name: str) -> str:
    """A name as compared with the standard catalog: width, spaces and bracketed notes folded away."""
    return _TRAILING_NOTE.sub("", normalize(name))


_TRAILING_NOTE = re.compile(r"（[^）]*）$")


@dataclass(slots=True)
class RuleData:
    region: Region
    departments: dict[str, Department]
    department_forms: dict[str, tuple[Department, str]]  # any name -> (department, form)
    references: frozenset[str]
    channels: Vocabulary
    audiences: Vocabulary
    deadlines: list[tuple[str, Regex]]
    deadline_any: Regex | None  # every deadline wording as one pattern
    higher_level: dict[str, Phrase]
    placeholder_re: Placeholders | None
    substitutions: dict[str, Substitution]
    matcher: Matcher | None
    literal_tags: dict[str, tuple[Tag, ...]]
    standard: list[StandardItem] = field(default_factory=list)
    # real place names (gazetteer.yaml): name -> level ("provinces", "cities", "counties")
    places: dict[str, str] = field(default_factory=dict)
    references_ctx: References = field(default_factory=References)
    guide_wording: tuple[GuidePhrase, ...] = ()
    # the characters a placeholder can start with (None: any): a text without one holds no placeholder
    placeholder_starts: frozenset[str] | None = None
    match_score: int = 85
    sources: list[str] = field(default_factory=list)
    extra_dirs: tuple[str, ...] = ()  # as given to load(): lets worker processes load the same data
    fingerprint: str = ""  # hash of every data file's bytes: part of the cache key
    # deadline wording -> accepted? The same few wordings recur in every catalog: each is matched once.
    _deadline_seen: dict[str, bool] = field(default_factory=dict, repr=False, compare=False)
    # channels as written -> the set cross-catalog rules compare (facts.py): the same few sets recur
    # everywhere
    channel_sets: dict[tuple[str, ...], tuple[str, ...]] = field(
        default_factory=dict, repr=False, compare=False)
    # an unregistered department's name -> the nearest registered one (GL104's hint), looked for once per
    # name
    nearest_departments: dict[str, tuple[str, float, int] | None] = field(
        default_factory=dict, repr=False, compare=False)
    # a department's name -> a literal found in its catalogs (its number in the matcher) -> what the literal
    # names there: another department (None: none) and the form of the department's own name ("": none),
    # decided once per run (GL102, GL103)
    department_literals: dict[str, dict[int, tuple[str | None, str]]] = field(
        default_factory=dict, repr=False, compare=False)
    # names gathered from the tables above for one string search (aliases(), provinces())
    _names: dict[str, tuple[str, ...]] = field(default_factory=dict, repr=False, compare=False)
    # a department or publisher as written -> the other real place it starts with (GL108), looked at once
    # per run
    foreign_places: dict[str, str | None] = field(default_factory=dict, repr=False, compare=False)

    def aliases(self) -> tuple[str, ...]:
        """Every department's short name (alias), as written and normalized: what a place's name followed
        by one reads as a body of that place (天河市民政局). One tuple, for one ``startswith``."""
        found = self._names.get("aliases")
        if found is None:
            found = self._names["aliases"] = tuple(
                name for name, (_dep, form) in self.department_forms.items() if form == "alias")
        return found

    def provinces(self) -> tuple[str, ...]:
        """The province-level places of the gazetteer. One tuple, for one ``endswith``."""
        found = self._names.get("provinces")
        if found is None:
            found = self._names["provinces"] = tuple(
                name for name, level in self.places.items() if level == "provinces")
        return found

    def scan(self, text: str) -> list[Hit]:
        """Every literal name or phrase in ``text``: leftmost, longest, not overlapping."""
        if self.matcher is None or not text:
            return []
        return self.matcher.hits(text)

    def deadline_ok(self, text: str) -> bool:
        seen = self._deadline_seen.get(text)
        if seen is None:
            seen = self.deadline_any is not None and self.deadline_any.fullmatch(deadline_body(text))
            if len(self._deadline_seen) < 1 << 16:
                self._deadline_seen[text] = seen
        return seen

    def department(self, name: str) -> tuple[Department, str] | None:
        return self.department_forms.get(name) or self.department_forms.get(normalize(name))


class Matcher:
    """Every literal name and phrase of the rule data in a text, in one pass: an Aho-Corasick automaton
    (the algorithm of grep -F and of multi-pattern search in linters), leftmost-longest and not
    overlapping: at the first position where any literal starts, the longest one that starts there, then
    on after it. The automaton builds in time linear in the names' total length, where one regular
    expression for thousands of names would be slow to compile at every start. It is built at the first
    search: a run whose every file comes from the cache never searches."""

    __slots__ = ("_automaton", "kinds", "literals", "numbers", "tags")

    def __init__(self, tags: dict[str, tuple[Tag, ...]]) -> None:
        self.literals = [literal for literal in tags if literal]
        self.tags = [tags[literal] for literal in self.literals]
        self.kinds = [tuple(dict.fromkeys(t.kind for t in tags[literal])) for literal in self.literals]
        # a tag kind -> the numbers of the literals with a tag of that kind
        numbers: dict[str, set[int]] = {}
        for n, kinds in enumerate(self.kinds):
            for kind in kinds:
                numbers.setdefault(kind, set()).add(n)
        self.numbers = {kind: frozenset(ns) for kind, ns in numbers.items()}
        self._automaton: Any = None

    def found(self, text: str) -> list[tuple[int, int, int]]:
        """The literals found in ``text``: (the literal's number, start, end)."""
        automaton = self._automaton
        if automaton is None:
            from ahocorasick_rs import AhoCorasick, MatchKind

            automaton = self._automaton = AhoCorasick(self.literals, matchkind=MatchKind.LeftmostLongest)
        found: list[tuple[int, int, int]] = automaton.find_matches_as_indexes(text)
        return found

    def hits(self, text: str) -> list[Hit]:
        """The literals found in ``text``, with their character offsets (as ``str`` indexes count)."""
        literals, tags = self.literals, self.tags
        return [Hit(start, end, literals[i], tags[i]) for i, start, end in self.found(text)]


Dump = Mapping[str, Any]  # a rule-data file as its model's model_dump() gives it


def _vocabulary(entries: list[Dump], renames: Mapping[str, str]) -> Vocabulary:
    canonical: list[str] = []
    lookup: dict[str, str] = {}
    for entry in entries:
        name = renames.get(entry["id"], entry["name"]) if entry["id"] else entry["name"]
        canonical.append(name)
        for spelling in (entry["name"], *entry["variants"], name):
            lookup.setdefault(normalize(spelling), name)
        lookup[normalize(name)] = name
    return Vocabulary(canonical, lookup)


def _standard(template: Dump) -> list[StandardItem]:
    """The standard catalog, sections and their items in order."""

    def std(entry: Dump, section: str) -> StandardItem:
        keys = tuple(dict.fromkeys(name_key(n) for n in (entry["name"], *entry["aliases"])))
        deadline = entry["deadline"]
        pattern = Regex(expand_deadline(deadline)) if deadline else None
        label = f"{section} > {entry['name']}" if section else entry["name"]
        example = entry["deadline_example"] or deadline or ""
        return StandardItem(entry["name"], section, keys, pattern, example, label)

    standard: list[StandardItem] = []
    for sec in template["sections"]:
        standard.append(std(sec, ""))
        standard.extend(std(item, sec["name"]) for item in sec["items"])
    return standard


def compile_data(files: Mapping[str, Dump], sources: list[str]) -> RuleData:
    """The rule data of every file's validated dump (``files``: file name -> dump)."""
    raw_region = files["region.yaml"]
    region = Region(raw_region["name"], raw_region["level"], tuple(raw_region["parents"]),
                    tuple(raw_region["near_miss_allowed"]), tuple(raw_region["near_miss_words"]),
                    dict(raw_region["channel_names"]))
    deps_file = files["departments.yaml"]
    departments: dict[str, Department] = {}
    forms: dict[str, tuple[Department, str]] = {}
    literal_tags: dict[str, list[Tag]] = {}

    def add(literal: str, tag: Tag) -> None:
        bucket = literal_tags.setdefault(literal, [])
        if tag not in bucket:
            bucket.append(tag)

    for entry in deps_file["departments"]:
        dep = Department(entry["name"], tuple(entry["aliases"]), tuple(entry["old_names"]),
                         tuple(entry["units"]), dict(entry["unit_aliases"]))
        departments[dep.name] = dep
        for form, names in (("canonical", (dep.name,)), ("alias", dep.aliases), ("old", dep.old_names)):
            for n in names:
                forms.setdefault(n, (dep, form))
                forms.setdefault(normalize(n), (dep, form))
                add(n, Tag("department", dep.name, form))
    references: list[str] = deps_file["references"]
    for ref in references:
        add(ref, Tag("reference", ref))
    higher_file = files["higher_level.yaml"]
    higher = {p["phrase"]: Phrase(p["phrase"], p["why"], tuple(p["exclude"]), p["body"])
              for p in higher_file["phrases"]}
    references_ctx = References(
        quotes=tuple(higher_file["quotes"]),
        cited=tuple((c["before"], c["after"]) for c in higher_file["cited"]),
        body_prefixes=tuple(higher_file["body_prefixes"]), clause_ends=higher_file["clause_ends"],
        mention_before=tuple(higher_file["mention_before"]),
        mention_after=tuple(higher_file["mention_after"]))
    gazetteer = files["gazetteer.yaml"]
    places = {name: level for level in ("counties", "cities", "provinces") for name in gazetteer[level]}
    for phrase in higher:
        add(phrase, Tag("higher", phrase))
    substitutions = {s["wrong"]: Substitution(s["wrong"], s["right"], s["why"], tuple(s["fields"]))
                     for s in files["substitutions.yaml"]["substitutions"]}
    for wrong in substitutions:
        add(wrong, Tag("substitution", wrong))

    frozen_tags = {k: tuple(v) for k, v in literal_tags.items()}
    placeholders = Placeholders(tuple((p["pattern"], p["not_after"], p["not_before"])
                                      for p in files["placeholders.yaml"]["placeholders"]))
    deadlines = [(d["name"], Regex(expand_deadline(d["pattern"])))
                 for d in files["deadlines.yaml"]["deadlines"]]
    template = files["template.yaml"]
    return RuleData(
        region=region,
        departments=departments,
        department_forms=forms,
        references=frozenset(references),
        channels=_vocabulary(files["channels.yaml"]["channels"], region.channel_names),
        audiences=_vocabulary(files["audiences.yaml"]["audiences"], {}),
        deadlines=deadlines,
        deadline_any=Regex("|".join(f"(?:{p.pattern})" for _, p in deadlines)) if deadlines else None,
        higher_level=higher,
        placeholder_re=placeholders if placeholders.entries else None,
        placeholder_starts=first_chars(placeholders.pattern) if placeholders.entries else None,
        substitutions=substitutions,
        matcher=Matcher(frozen_tags) if frozen_tags else None,
        literal_tags=frozen_tags,
        standard=_standard(template),
        places=places,
        references_ctx=references_ctx,
        guide_wording=tuple(GuidePhrase(g["phrase"], g["why"], g["instead"], tuple(g["exclude"]))
                            for g in files["guide_wording.yaml"]["phrases"]),
        match_score=template["match_score"],
        sources=sources,
    )
