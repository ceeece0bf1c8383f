"""Load, validate and compile the declarative rule data in ``lint_rules/*.yaml``.

The data is read with the same positioned loader as catalogs and checked against the shapes below (named
tuples, checked by :func:`_dump` without pydantic, so that start-up stays fast). A file that does not
pass is validated again by the pydantic models of :mod:`genhe_lint.ruledata.models`, which either accept it
(a value the plain check is too strict for) or say what is wrong: a broken file is reported as a
:class:`RuleDataError` with its own path, line and column (exit code 2).
Everything that rules match against is compiled once per process here: one multi-pattern matcher
(Aho-Corasick) for every literal name and phrase, one regex for all placeholders, one per deadline wording.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal, NamedTuple, TypeVar

from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from genhe_lint.load.loader import load_path
from genhe_lint.load.parse import to_python
from genhe_lint.ruledata.prefilter import first_chars, with_prefilter

# -- file shapes -------------------------------------------------------------------------------
# Each rule-data file and entry, as rules see it: the fields of the pydantic models of genhe_lint.ruledata.models,
# in their order. Named tuples, not dataclasses: a dozen dataclasses took 8 ms to create at every start.
# _SHAPES below says how each field is checked and its default (a test compares both with the models).


class RegionFile(NamedTuple):
    replace: bool
    name: str
    level: str
    parents: list[str]
    near_miss_allowed: list[str]
    channel_names: dict[str, str]


class DepartmentEntry(NamedTuple):
    name: str
    aliases: list[str]
    old_names: list[str]
    units: list[str]
    unit_aliases: dict[str, str]


class DepartmentsFile(NamedTuple):
    replace: bool
    departments: list[DepartmentEntry]
    references: list[str]


class VocabEntry(NamedTuple):
    id: str
    name: str
    variants: list[str]


class ChannelsFile(NamedTuple):
    replace: bool
    channels: list[VocabEntry]


class AudiencesFile(NamedTuple):
    replace: bool
    audiences: list[VocabEntry]


class DeadlineEntry(NamedTuple):
    name: str
    pattern: str  # a regular expression; {N} stands for a number


class DeadlinesFile(NamedTuple):
    replace: bool
    deadlines: list[DeadlineEntry]


class PhraseEntry(NamedTuple):
    phrase: str
    why: str
    exclude: list[str]


class HigherLevelFile(NamedTuple):
    replace: bool
    phrases: list[PhraseEntry]


class PlaceholderEntry(NamedTuple):
    pattern: str  # a regular expression
    example: str


class PlaceholdersFile(NamedTuple):
    replace: bool
    placeholders: list[PlaceholderEntry]


TextField = Literal["title", "name", "content", "deadline", "publisher", "unit", "department"]
TEXT_FIELDS: tuple[TextField, ...] = ("title", "name", "content", "deadline", "publisher", "unit", "department")


class SubstitutionEntry(NamedTuple):
    wrong: str
    right: str
    why: str
    fields: list[TextField]


class SubstitutionsFile(NamedTuple):
    replace: bool
    substitutions: list[SubstitutionEntry]


class TemplateItem(NamedTuple):
    name: str
    aliases: list[str]
    deadline: str | None  # a regular expression; {N} stands for a number
    deadline_example: str
    items: list[TemplateItem]


class TemplateFile(NamedTuple):
    replace: bool
    match_score: int  # 50 to 100
    sections: list[TemplateItem]


FILES: dict[str, type] = {
    "region.yaml": RegionFile,
    "departments.yaml": DepartmentsFile,
    "channels.yaml": ChannelsFile,
    "audiences.yaml": AudiencesFile,
    "deadlines.yaml": DeadlinesFile,
    "higher_level.yaml": HigherLevelFile,
    "placeholders.yaml": PlaceholdersFile,
    "substitutions.yaml": SubstitutionsFile,
    "template.yaml": TemplateFile,
}


class RuleDataError(Exception):
    """A rule-data file that cannot be used; carries the file's path and the position."""

    def __init__(self, path: str, line: int, column: int, message: str) -> None:
        super().__init__(f"{path}:{line}:{column}: {message}")
        self.path, self.line, self.column, self.message = path, line, column, message


# -- helpers -----------------------------------------------------------------------------------

_NUM = r"[0-9０-９一二三四五六七八九十百两]+"


def _expand_deadline(pattern: str) -> str:
    return pattern.replace("{N}", _NUM)


R = TypeVar("R", str, str | None)


def _regex(value: R, expand: bool) -> R:
    """A rule-data pattern must compile (``{N}`` expanded first where the file allows it)."""
    if value is not None:
        try:
            re.compile(_expand_deadline(value) if expand else value)
        except re.error as exc:
            raise ValueError(f"不是有效的正则表达式 / not a valid regular expression: {exc}") from exc
    return value


# -- the plain check ---------------------------------------------------------------------------
# Accepts only what the pydantic models accept, and gives what their model_dump() gives (every field, defaults
# filled in); anything else is _Unusual, and then pydantic decides. It may be stricter than pydantic (exact
# types only: `replace: yes` goes to pydantic, which takes it), never more lenient.


class _Unusual(Exception):
    """The plain check cannot vouch for this value: let pydantic judge it."""


Check = Callable[[Any], Any]
_REQUIRED: Any = object()


def _str(value: Any) -> Any:
    if type(value) is not str:
        raise _Unusual
    return value


def _min_len(n: int) -> Check:
    def check(value: Any) -> Any:
        if type(value) is not str or len(value) < n:
            raise _Unusual
        return value
    return check


def _bool(value: Any) -> Any:
    if type(value) is not bool:
        raise _Unusual
    return value


def _int_between(low: int, high: int) -> Check:
    def check(value: Any) -> Any:
        if type(value) is not int or not low <= value <= high:
            raise _Unusual
        return value
    return check


def _str_dict(value: Any) -> Any:
    if type(value) is not dict or any(type(k) is not str or type(v) is not str for k, v in value.items()):
        raise _Unusual
    return dict(value)


def _list(item: Check) -> Check:
    def check(value: Any) -> Any:
        if type(value) is not list:
            raise _Unusual
        return [item(v) for v in value]
    return check


def _one_of(choices: tuple[str, ...]) -> Check:
    def check(value: Any) -> Any:
        if type(value) is not str or value not in choices:
            raise _Unusual
        return value
    return check


def _pattern(expand: bool, optional: bool = False) -> Check:
    def check(value: Any) -> Any:
        if optional and value is None:
            return None
        try:
            return _regex(_str(value), expand)
        except ValueError:
            raise _Unusual from None
    return check


def _entry(shape: type) -> Check:
    return lambda value: _dump(shape, value)


_STRS = _list(_str)
# shape -> its fields: (name, check, default: a factory, or _REQUIRED)
_SHAPES: dict[type, tuple[tuple[str, Check, Any], ...]] = {
    RegionFile: (("replace", _bool, bool), ("name", _str, _REQUIRED), ("level", _str, str),
                 ("parents", _STRS, list), ("near_miss_allowed", _STRS, list), ("channel_names", _str_dict, dict)),
    DepartmentEntry: (("name", _min_len(2), _REQUIRED), ("aliases", _STRS, list), ("old_names", _STRS, list),
                      ("units", _STRS, list), ("unit_aliases", _str_dict, dict)),
    DepartmentsFile: (("replace", _bool, bool), ("departments", _list(_entry(DepartmentEntry)), list),
                      ("references", _STRS, list)),
    VocabEntry: (("id", _str, str), ("name", _str, _REQUIRED), ("variants", _STRS, list)),
    ChannelsFile: (("replace", _bool, bool), ("channels", _list(_entry(VocabEntry)), _REQUIRED)),
    AudiencesFile: (("replace", _bool, bool), ("audiences", _list(_entry(VocabEntry)), _REQUIRED)),
    DeadlineEntry: (("name", _str, _REQUIRED), ("pattern", _pattern(expand=True), _REQUIRED)),
    DeadlinesFile: (("replace", _bool, bool), ("deadlines", _list(_entry(DeadlineEntry)), _REQUIRED)),
    PhraseEntry: (("phrase", _min_len(1), _REQUIRED), ("why", _str, str), ("exclude", _STRS, list)),
    HigherLevelFile: (("replace", _bool, bool), ("phrases", _list(_entry(PhraseEntry)), _REQUIRED)),
    PlaceholderEntry: (("pattern", _pattern(expand=False), _REQUIRED), ("example", _str, str)),
    PlaceholdersFile: (("replace", _bool, bool), ("placeholders", _list(_entry(PlaceholderEntry)), _REQUIRED)),
    SubstitutionEntry: (("wrong", _min_len(1), _REQUIRED), ("right", _str, _REQUIRED), ("why", _str, str),
                        ("fields", _list(_one_of(TEXT_FIELDS)), list)),
    SubstitutionsFile: (("replace", _bool, bool), ("substitutions", _list(_entry(SubstitutionEntry)), _REQUIRED)),
    TemplateItem: (("name", _min_len(1), _REQUIRED), ("aliases", _STRS, list),
                   ("deadline", _pattern(expand=True, optional=True), lambda: None), ("deadline_example", _str, str),
                   ("items", _list(_entry(TemplateItem)), list)),
    TemplateFile: (("replace", _bool, bool), ("match_score", _int_between(50, 100), lambda: 85),
                   ("sections", _list(_entry(TemplateItem)), list)),
}


def _dump(shape: type, value: Any) -> dict[str, Any]:
    """``value`` checked against ``shape``, as pydantic's model_dump() of it; :class:`_Unusual` otherwise."""
    if type(value) is not dict:
        raise _Unusual
    fields = _SHAPES[shape]
    if len(value) > len(fields):
        raise _Unusual  # an unknown key
    out: dict[str, Any] = {}
    seen = 0
    for name, check, default in fields:
        if name in value:
            out[name] = check(value[name])
            seen += 1
        elif default is _REQUIRED:
            raise _Unusual
        else:
            out[name] = default()
    if seen != len(value):
        raise _Unusual  # an unknown key
    return out


def _build(shape: type, dumped: dict[str, Any]) -> Any:
    """The named tuple of a checked dump (nested entries become their named tuples too)."""
    values = dict(dumped)
    for name, _check, _default in _SHAPES[shape]:
        entry = _ENTRIES.get((shape, name))
        if entry is not None:
            values[name] = [_build(entry, v) for v in values[name]]
    return shape(**values)


# (shape, field) -> the shape of the field's list entries
_ENTRIES: dict[tuple[type, str], type] = {
    (DepartmentsFile, "departments"): DepartmentEntry,
    (ChannelsFile, "channels"): VocabEntry,
    (AudiencesFile, "audiences"): VocabEntry,
    (DeadlinesFile, "deadlines"): DeadlineEntry,
    (HigherLevelFile, "phrases"): PhraseEntry,
    (PlaceholdersFile, "placeholders"): PlaceholderEntry,
    (SubstitutionsFile, "substitutions"): SubstitutionEntry,
    (TemplateItem, "items"): TemplateItem,
    (TemplateFile, "sections"): TemplateItem,
}


_BRACKETS = str.maketrans({"(": "（", ")": "）", ",": "，", ";": "；", ":": "："})


@lru_cache(maxsize=65536)
def normalize(text: str) -> str:
    """Fold the spelling differences that are not real differences: width, brackets, spaces."""
    folded = unicodedata.normalize("NFKC", text).translate(_BRACKETS)
    return "".join(folded.split())


def _node_at(root: Node | None, loc: Iterable[int | str], key: bool = False) -> Node | None:
    """The node at a validation error's location (with ``key``, the last step's key node)."""
    node = root
    parts = list(loc)
    for i, part in enumerate(parts):
        if isinstance(node, MappingNode):
            for k, v in node.value:
                if isinstance(k, ScalarNode) and k.value == part:
                    node = k if key and i == len(parts) - 1 else v
                    break
            else:
                return node
        elif isinstance(node, SequenceNode) and isinstance(part, int) and part < len(node.value):
            node = node.value[part]
        else:
            return node
    return node


def default_dir() -> Path:
    """The rule data shipped with the tool: inside the installed package (the wheel puts ``lint_rules/``
    there), or the source checkout's ``lint_rules/``."""
    packaged = Path(__file__).parents[1] / "lint_rules"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parents[2] / "lint_rules"


def _load_file(path: Path, filename: str) -> dict[str, Any]:
    """One rule-data file, validated on its own (for exact positions), as its model_dump()."""
    doc = load_path(path)
    if doc.problems:
        p = doc.problems[0]
        raise RuleDataError(str(path), p.line + 1, p.column + 1, p.message.zh + " / " + p.message.en)
    if doc.root is None:
        raise RuleDataError(str(path), 1, 1, "文件为空 / file is empty")
    raw = to_python(doc.root)
    try:
        return _dump(FILES[filename], raw)
    except _Unusual:
        pass
    from pydantic import ValidationError

    from genhe_lint.ruledata.models import MODELS

    try:
        return MODELS[filename].model_validate(raw).model_dump()
    except ValidationError as exc:
        errors = exc.errors()
        # An unknown key (a misspelling) explains a "missing" one better than the other way round.
        err = next((e for e in errors if e["type"] == "extra_forbidden"), errors[0])
        node = _node_at(doc.root, err["loc"], key=err["type"] == "extra_forbidden")
        line, col = (node.start_mark.line + 1, node.start_mark.column + 1) if node is not None else (1, 1)
        where = ".".join(str(p) for p in err["loc"]) or "(top)"
        zh = {"extra_forbidden": "未知的键", "missing": "缺少必填的键"}.get(err["type"], "值不正确")
        more = f"（另有 {len(errors) - 1} 处问题）" if len(errors) > 1 else ""
        raise RuleDataError(str(path), line, col, f"{where}: {zh}{more} / {err['msg']}") from None


def _shaped(filename: str, data: dict[str, Any]) -> Any:
    """Merged data (every part already validated) as the file's named tuple."""
    shape = FILES[filename]
    try:
        return _build(shape, _dump(shape, data))
    except _Unusual:
        from genhe_lint.ruledata.models import MODELS

        return _build(shape, MODELS[filename].model_validate(data).model_dump())


def _merge(base: dict[str, Any] | None, extra: dict[str, Any]) -> dict[str, Any]:
    """Extend ``base`` with an extra folder's file: lists are extended (same key replaces)."""
    if base is None or extra.get("replace"):
        return extra
    out = dict(base)
    for key, value in extra.items():
        if key == "replace":
            continue
        if isinstance(value, list) and isinstance(out.get(key), list):
            merged: list[Any] = list(out[key])
            index = {_entry_key(e): i for i, e in enumerate(merged)}
            for entry in value:
                k = _entry_key(entry)
                if k is not None and k in index:
                    merged[index[k]] = entry
                else:
                    merged.append(entry)
            out[key] = merged
        elif isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = {**out[key], **value}
        else:
            out[key] = value
    return out


def _entry_key(entry: Any) -> Any:
    if isinstance(entry, dict):
        for k in ("id", "name", "phrase", "wrong", "pattern"):
            if entry.get(k):
                return (k, entry[k])
        return None
    return entry


# -- compiled data -----------------------------------------------------------------------------


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


@dataclass(slots=True)
class Vocabulary:
    """A closed set of values with canonical spellings (channels, audiences)."""

    canonical: list[str]
    lookup: dict[str, str]  # normalized spelling -> canonical

    def resolve(self, value: str) -> str | None:
        return self.lookup.get(normalize(value))


@dataclass(frozen=True, slots=True)
class StandardItem:
    """One item of the standard catalog (a section when ``section`` is empty)."""

    name: str
    section: str  # the standard section it belongs under ("" for a section itself)
    keys: tuple[str, ...]  # normalized name and aliases, for matching
    deadline: re.Pattern[str] | None
    deadline_text: str
    label: str  # "section > name", or the name of a section: one string shared by every catalog's facts


@lru_cache(maxsize=1 << 16)
def name_key(name: str) -> str:
    """A name as compared with the standard catalog: width, spaces and bracketed notes folded away."""
    return _TRAILING_NOTE.sub("", normalize(name))


_TRAILING_NOTE = re.compile(r"（[^）]*）$")


@dataclass(slots=True)
class RuleData:
    region: RegionFile
    departments: dict[str, Department]
    department_forms: dict[str, tuple[Department, str]]  # any name -> (department, form)
    references: frozenset[str]
    channels: Vocabulary
    audiences: Vocabulary
    deadlines: list[tuple[str, re.Pattern[str]]]
    higher_level: dict[str, PhraseEntry]
    placeholder_re: re.Pattern[str] | None
    substitutions: dict[str, SubstitutionEntry]
    matcher: Matcher | None
    literal_tags: dict[str, tuple[Tag, ...]]
    standard: list[StandardItem] = field(default_factory=list)
    # the characters a placeholder can start with (None: any): a text without one holds no placeholder
    placeholder_starts: frozenset[str] | None = None
    match_score: int = 85
    sources: list[str] = field(default_factory=list)
    extra_dirs: tuple[str, ...] = ()  # as given to load(): lets worker processes load the same data
    fingerprint: str = ""  # hash of every data file's bytes: part of the cache key
    # deadline wording -> accepted? The same few wordings recur in every catalog: each is matched once.
    _deadline_seen: dict[str, bool] = field(default_factory=dict, repr=False, compare=False)
    # channels as written -> the set cross-catalog rules compare (facts.py): the same few sets recur everywhere
    channel_sets: dict[tuple[str, ...], tuple[str, ...]] = field(default_factory=dict, repr=False, compare=False)
    # an unregistered department's name -> the nearest registered one (GL104's hint), looked for once per name
    nearest_departments: dict[str, tuple[str, float, int] | None] = field(default_factory=dict, repr=False, compare=False)

    def scan(self, text: str) -> list[Hit]:
        """Every literal name or phrase in ``text``: leftmost, longest, not overlapping."""
        if self.matcher is None or not text:
            return []
        return self.matcher.hits(text)

    def deadline_ok(self, text: str) -> bool:
        seen = self._deadline_seen.get(text)
        if seen is None:
            body = text.strip().rstrip("。.；;")
            seen = any(p.fullmatch(body) for _, p in self.deadlines)
            if len(self._deadline_seen) < 1 << 16:
                self._deadline_seen[text] = seen
        return seen

    def department(self, name: str) -> tuple[Department, str] | None:
        return self.department_forms.get(name) or self.department_forms.get(normalize(name))


class Matcher:
    """Every literal name and phrase of the rule data in a text, in one pass: an Aho-Corasick automaton
    (the algorithm of grep -F and of multi-pattern search in linters), leftmost-longest and not
    overlapping: at the first position where any literal starts, the longest one that starts there, then
    on after it. Built in milliseconds for a region's thousands of names, where one regular expression for
    them took a tenth of a second to compile at every start; its cost does not grow with the registry."""

    __slots__ = ("_automaton", "_literals", "_tags")

    def __init__(self, tags: dict[str, tuple[Tag, ...]]) -> None:
        from ahocorasick_rs import AhoCorasick, MatchKind

        self._literals = [literal for literal in tags if literal]
        self._tags = [tags[literal] for literal in self._literals]
        self._automaton = AhoCorasick(self._literals, matchkind=MatchKind.LeftmostLongest)

    def hits(self, text: str) -> list[Hit]:
        """The literals found in ``text``, with their character offsets (as ``str`` indexes count)."""
        literals, tags = self._literals, self._tags
        return [Hit(start, end, literals[i], tags[i])
                for i, start, end in self._automaton.find_matches_as_indexes(text)]


def _vocabulary(entries: list[VocabEntry], renames: dict[str, str]) -> Vocabulary:
    canonical: list[str] = []
    lookup: dict[str, str] = {}
    for entry in entries:
        name = renames.get(entry.id, entry.name) if entry.id else entry.name
        canonical.append(name)
        for spelling in (entry.name, *entry.variants, name):
            lookup.setdefault(normalize(spelling), name)
        lookup[normalize(name)] = name
    return Vocabulary(canonical, lookup)


def compile_data(files: dict[str, Any], sources: list[str]) -> RuleData:
    region = files["region.yaml"]
    deps_file = files["departments.yaml"]
    assert isinstance(region, RegionFile) and isinstance(deps_file, DepartmentsFile)
    channels_file, audiences_file = files["channels.yaml"], files["audiences.yaml"]
    assert isinstance(channels_file, ChannelsFile) and isinstance(audiences_file, AudiencesFile)
    deadlines_file, higher_file = files["deadlines.yaml"], files["higher_level.yaml"]
    assert isinstance(deadlines_file, DeadlinesFile) and isinstance(higher_file, HigherLevelFile)
    placeholders_file, subst_file = files["placeholders.yaml"], files["substitutions.yaml"]
    assert isinstance(placeholders_file, PlaceholdersFile) and isinstance(subst_file, SubstitutionsFile)

    departments: dict[str, Department] = {}
    forms: dict[str, tuple[Department, str]] = {}
    literal_tags: dict[str, list[Tag]] = {}

    def add(literal: str, tag: Tag) -> None:
        bucket = literal_tags.setdefault(literal, [])
        if tag not in bucket:
            bucket.append(tag)

    for entry in deps_file.departments:
        dep = Department(entry.name, tuple(entry.aliases), tuple(entry.old_names), tuple(entry.units),
                         dict(entry.unit_aliases))
        departments[dep.name] = dep
        for form, names in (("canonical", [dep.name]), ("alias", dep.aliases), ("old", dep.old_names)):
            for n in names:
                forms.setdefault(n, (dep, form))
                forms.setdefault(normalize(n), (dep, form))
                add(n, Tag("department", dep.name, form))
    for ref in deps_file.references:
        add(ref, Tag("reference", ref))
    higher = {p.phrase: p for p in higher_file.phrases}
    for phrase in higher:
        add(phrase, Tag("higher", phrase))
    substitutions = {s.wrong: s for s in subst_file.substitutions}
    for wrong in substitutions:
        add(wrong, Tag("substitution", wrong))

    template = files["template.yaml"]
    assert isinstance(template, TemplateFile)
    standard: list[StandardItem] = []

    def std(entry: TemplateItem, section: str) -> StandardItem:
        keys = tuple(dict.fromkeys(name_key(n) for n in (entry.name, *entry.aliases)))
        pattern = re.compile(_expand_deadline(entry.deadline)) if entry.deadline else None
        return StandardItem(entry.name, section, keys, pattern, entry.deadline_example or entry.deadline or "",
                            f"{section} > {entry.name}" if section else entry.name)

    for sec in template.sections:
        standard.append(std(sec, ""))
        standard.extend(std(item, sec.name) for item in sec.items)

    frozen_tags = {k: tuple(v) for k, v in literal_tags.items()}
    matcher = Matcher(frozen_tags) if literal_tags else None
    placeholder_source = "|".join(f"(?:{p.pattern})" for p in placeholders_file.placeholders)
    placeholder_re = with_prefilter(placeholder_source) if placeholders_file.placeholders else None
    return RuleData(
        region=region,
        departments=departments,
        department_forms=forms,
        references=frozenset(deps_file.references),
        channels=_vocabulary(channels_file.channels, region.channel_names),
        audiences=_vocabulary(audiences_file.audiences, {}),
        deadlines=[(d.name, re.compile(_expand_deadline(d.pattern))) for d in deadlines_file.deadlines],
        higher_level=higher,
        placeholder_re=placeholder_re,
        placeholder_starts=first_chars(placeholder_source) if placeholders_file.placeholders else None,
        substitutions=substitutions,
        matcher=matcher,
        literal_tags=frozen_tags,
        standard=standard,
        match_score=template.match_score,
        sources=sources,
    )


def load(extra_dirs: tuple[str, ...] = ()) -> RuleData:
    return _load_cached(tuple(str(Path(d).resolve()) for d in extra_dirs))


@lru_cache(maxsize=8)
def _load_cached(extra_dirs: tuple[str, ...]) -> RuleData:
    base = default_dir()
    raw: dict[str, dict[str, Any] | None] = dict.fromkeys(FILES)
    sources: list[str] = []
    for folder in (base, *map(Path, extra_dirs)):
        if not folder.is_dir():
            raise RuleDataError(str(folder), 1, 1, "规则数据目录不存在 / rule-data folder does not exist")
        for filename in FILES:
            path = folder / filename
            if not path.is_file():
                continue
            validated = _load_file(path, filename)  # validate each file on its own, for exact positions
            raw[filename] = _merge(raw[filename], validated)
            sources.append(str(path))
    files: dict[str, Any] = {}
    for filename in FILES:
        data = raw[filename]
        if data is None:
            raise RuleDataError(str(base / filename), 1, 1, "缺少规则数据文件 / rule-data file is missing")
        files[filename] = _shaped(filename, data)
    compiled = compile_data(files, sources)
    compiled.extra_dirs = extra_dirs
    digest = hashlib.sha256()
    for source in sources:
        digest.update(source.encode("utf-8") + b"\0" + Path(source).read_bytes() + b"\0")
    compiled.fingerprint = digest.hexdigest()
    return compiled
