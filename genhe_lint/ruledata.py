"""Load, validate and compile the declarative rule data in ``lint_rules/*.yaml``.

The data is read with the same positioned loader as catalogs, validated with pydantic, and a broken
file is reported as a :class:`RuleDataError` with its own path, line and column (exit code 2).
Everything that rules match against is compiled once per process here: one multi-pattern matcher
for every literal name and phrase, one regex for all placeholders, one per deadline wording.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any, Literal, TypeVar

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from genhe_lint.loader import load_path, to_python
from genhe_lint.prefilter import with_prefilter

# -- file models -------------------------------------------------------------------------------


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class RegionFile(_Strict):
    replace: bool = False
    name: str
    level: str = ""
    parents: list[str] = []
    near_miss_allowed: list[str] = []
    channel_names: dict[str, str] = {}


class DepartmentEntry(_Strict):
    name: str = Field(min_length=2)
    aliases: list[str] = []
    old_names: list[str] = []
    units: list[str] = []
    unit_aliases: dict[str, str] = {}


class DepartmentsFile(_Strict):
    replace: bool = False
    departments: list[DepartmentEntry] = []
    references: list[str] = []


class VocabEntry(_Strict):
    id: str = ""
    name: str
    variants: list[str] = []


class ChannelsFile(_Strict):
    replace: bool = False
    channels: list[VocabEntry]


class AudiencesFile(_Strict):
    replace: bool = False
    audiences: list[VocabEntry]


class DeadlineEntry(_Strict):
    name: str
    pattern: str

    @field_validator("pattern")
    @classmethod
    def _compiles(cls, value: str) -> str:
        return _regex(value, expand=True)


class DeadlinesFile(_Strict):
    replace: bool = False
    deadlines: list[DeadlineEntry]


class PhraseEntry(_Strict):
    phrase: str = Field(min_length=1)
    why: str = ""
    exclude: list[str] = []


class HigherLevelFile(_Strict):
    replace: bool = False
    phrases: list[PhraseEntry]


class PlaceholderEntry(_Strict):
    pattern: str
    example: str = ""

    @field_validator("pattern")
    @classmethod
    def _compiles(cls, value: str) -> str:
        return _regex(value, expand=False)


class PlaceholdersFile(_Strict):
    replace: bool = False
    placeholders: list[PlaceholderEntry]


TextField = Literal["title", "name", "content", "deadline", "publisher", "unit", "department"]


class SubstitutionEntry(_Strict):
    wrong: str = Field(min_length=1)
    right: str
    why: str = ""
    fields: list[TextField] = []


class SubstitutionsFile(_Strict):
    replace: bool = False
    substitutions: list[SubstitutionEntry]


class TemplateItem(_Strict):
    name: str = Field(min_length=1)
    aliases: list[str] = []
    deadline: str | None = None
    deadline_example: str = ""
    items: list[TemplateItem] = []

    @field_validator("deadline")
    @classmethod
    def _compiles(cls, value: str | None) -> str | None:
        return _regex(value, expand=True)


class TemplateFile(_Strict):
    replace: bool = False
    match_score: int = Field(85, ge=50, le=100)
    sections: list[TemplateItem] = []


FILES: dict[str, type[BaseModel]] = {
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
    """The rule data shipped with the tool: inside the wheel, or the source checkout's lint_rules/."""
    packaged = resources.files("genhe_lint") / "lint_rules"
    if packaged.is_dir():
        return Path(str(packaged))
    return Path(__file__).resolve().parent.parent / "lint_rules"


M = TypeVar("M", bound=BaseModel)


def _load_file(path: Path, model: type[M]) -> M:
    doc = load_path(path)
    if doc.problems:
        p = doc.problems[0]
        raise RuleDataError(str(path), p.line + 1, p.column + 1, p.message.zh + " / " + p.message.en)
    if doc.root is None:
        raise RuleDataError(str(path), 1, 1, "文件为空 / file is empty")
    try:
        return model.model_validate(to_python(doc.root))
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

    @property
    def label(self) -> str:
        return f"{self.section} > {self.name}" if self.section else self.name


def name_key(name: str) -> str:
    """A name as compared with the standard catalog: width, spaces and bracketed notes folded away."""
    return re.sub(r"（[^）]*）$", "", normalize(name))


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
    matcher: re.Pattern[str] | None
    literal_tags: dict[str, tuple[Tag, ...]]
    standard: list[StandardItem] = field(default_factory=list)
    match_score: int = 85
    sources: list[str] = field(default_factory=list)
    extra_dirs: tuple[str, ...] = ()  # as given to load(): lets worker processes load the same data
    fingerprint: str = ""  # hash of every data file's bytes: part of the cache key

    def scan(self, text: str) -> list[Hit]:
        """Every literal name or phrase in ``text``: leftmost, longest, not overlapping."""
        if self.matcher is None or not text:
            return []
        tags = self.literal_tags
        return [Hit(m.start(), m.end(), m.group(), tags[m.group()]) for m in self.matcher.finditer(text)]

    def deadline_ok(self, text: str) -> bool:
        body = text.strip().rstrip("。.；;")
        return any(p.fullmatch(body) for _, p in self.deadlines)

    def department(self, name: str) -> tuple[Department, str] | None:
        return self.department_forms.get(name) or self.department_forms.get(normalize(name))


def trie_pattern(words: Iterable[str]) -> str:
    """One regular expression for many literal words, shaped as a trie: at each position only the
    branch of the next character is tried (a flat alternation tries every word), and a word that
    continues into a longer one is matched greedily, so the longest word at a position wins."""
    trie: dict[str, Any] = {}
    for word in words:
        node = trie
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}

    def build(node: dict[str, Any]) -> str:
        branches = [re.escape(ch) + build(child) for ch, child in sorted(node.items()) if ch]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{body})?" if "" in node else body

    return build(trie)


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


def compile_data(files: dict[str, BaseModel], sources: list[str]) -> RuleData:
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
        return StandardItem(entry.name, section, keys, pattern, entry.deadline_example or entry.deadline or "")

    for sec in template.sections:
        standard.append(std(sec, ""))
        standard.extend(std(item, sec.name) for item in sec.items)

    matcher = re.compile(trie_pattern(literal_tags)) if literal_tags else None
    placeholder_re = (
        with_prefilter("|".join(f"(?:{p.pattern})" for p in placeholders_file.placeholders))
        if placeholders_file.placeholders else None
    )
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
        substitutions=substitutions,
        matcher=matcher,
        literal_tags={k: tuple(v) for k, v in literal_tags.items()},
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
        for filename, model in FILES.items():
            path = folder / filename
            if not path.is_file():
                continue
            validated = _load_file(path, model)  # validate each file on its own, for exact positions
            raw[filename] = _merge(raw[filename], validated.model_dump())
            sources.append(str(path))
    files: dict[str, BaseModel] = {}
    for filename, model in FILES.items():
        data = raw[filename]
        if data is None:
            raise RuleDataError(str(base / filename), 1, 1, "缺少规则数据文件 / rule-data file is missing")
        files[filename] = model.model_validate(data)
    compiled = compile_data(files, sources)
    compiled.extra_dirs = extra_dirs
    digest = hashlib.sha256()
    for source in sources:
        digest.update(source.encode("utf-8") + b"\0" + Path(source).read_bytes() + b"\0")
    compiled.fingerprint = digest.hexdigest()
    return compiled
