"""Check a parsed file against the catalog format (``GL002``) and explain each departure where it is written.

The format is described once, by the pydantic models in :mod:`genhe_lint.catalog.schema`. The validator
built from them is a result kept in the user's cache (:mod:`genhe_lint.usercache`), keyed by the models'
source, the tool's version and pydantic-core's: a run that finds it there needs pydantic-core alone, and
pydantic, and building the models, are left to the first run and to the commands that need them.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path

from pydantic_core import ErrorDetails, SchemaError, SchemaValidator, ValidationError
from pydantic_core import __version__ as pydantic_core_version
from yaml.nodes import MappingNode, Node, ScalarNode

from genhe_lint import usercache
from genhe_lint.catalog.fields import COLUMN_HEADERS, FORMAT_VERSION, NODE_KEYS, TOP_KEYS
from genhe_lint.diagnostic import Span
from genhe_lint.load.parse import node_at, scalar_value, to_python
from genhe_lint.load.source import Source

CACHE_KIND = "catalog-validator"
_MODELS = Path(__file__).with_name("schema.py")

__all__ = ["FormatProblem", "problems", "validator"]


@cache
def validator() -> SchemaValidator:
    """The format's validator: the models' core schema as the user cache keeps it, or built from the
    models (and kept) when the cache has none for this tool and these models."""
    entry_key = usercache.key(CACHE_KIND, [_MODELS.read_bytes(), pydantic_core_version.encode()])
    kept = usercache.read(CACHE_KIND, entry_key)
    if isinstance(kept, dict):
        try:
            return SchemaValidator(kept)
        except SchemaError:
            pass  # not one this pydantic-core reads: build it again
    from genhe_lint.catalog.schema import validator_schema

    schema = validator_schema()
    usercache.write(CACHE_KIND, entry_key, schema)
    return SchemaValidator(schema)


@dataclass(frozen=True, slots=True)
class FormatProblem:
    """One departure from the format, placed in the file and said in Chinese and English."""

    span: Span
    zh: str
    en: str
    hint: tuple[str, str] | None = None
    data: dict[str, str] | None = None


def problems(root: Node, source: Source, data: object = None) -> list[FormatProblem]:
    """Where and how the parsed file departs from the format: the models' validation errors, each at the
    key or value it is about, and a format version newer than this tool's. ``data`` is the tree's plain
    data as the loader keeps it on the document (``Document.data``); None: built here from the tree."""
    if isinstance(root, MappingNode) and not any(
            isinstance(k, ScalarNode) and k.value in ("department", "sections") for k, _ in root.value):
        return [_not_a_catalog(root, source)]
    out: list[FormatProblem] = []
    try:
        validator().validate_python(to_python(root) if data is None else data)
    except ValidationError as exc:
        explain = _Explainer(root, source)
        out = [explain(err) for err in exc.errors(include_url=False, include_input=False)]
    node = node_at(root, ("version",))
    version = _plain_int(node) if node is not root else None
    if version is not None and version > FORMAT_VERSION:
        out.append(FormatProblem(
            source.node_span(node),
            f"格式版本 {version} 高于本工具支持的版本 {FORMAT_VERSION}",
            f"format version {version} is newer than this tool supports ({FORMAT_VERSION})",
            hint=("请升级 genhe-lint", "upgrade genhe-lint")))
    return out


def _not_a_catalog(root: MappingNode, source: Source) -> FormatProblem:
    """One finding for a mapping with neither ``department`` nor ``sections`` (a workflow, a settings
    file): its keys, as written, show what it is instead."""
    keys = [k.value if isinstance(k, ScalarNode) else "…" for k, _ in root.value]
    shown = "、".join(keys[:6]) + ("……" if len(keys) > 6 else "")
    start = root.start_mark
    return FormatProblem(
        Span(start.line + 1, start.column + 1, start.line + 1, start.column + 2),
        f"这不是目录文件：顶层既没有 department 也没有 sections（顶层的键：{shown or '无'}）",
        f"not a catalog: neither department nor sections at the top level (its keys: "
        f"{', '.join(keys[:6]) or 'none'})",
        hint=("目录文件须有 department 和 sections；不是目录的文件，用设置中的 exclude 排除或不要交给 check",
              "a catalog has department and sections; exclude other files in the settings or do not pass "
              "them to check"),
        data={"kind": "not-a-catalog"})


_TYPE_NAMES = {
    "string_type": ("文字", "text"),
    "int_type": ("整数", "an integer"),
    "list_type": ("列表（如 [政府网站, 其他]）", "a list (like [政府网站, 其他])"),
    "dict_type": ("映射（键: 值）", "a mapping (key: value)"),
}


@dataclass(slots=True)
class _Explainer:
    """Turns a validation error (a location in the data and a kind) into a problem at the node it names."""

    root: Node
    source: Source

    def __call__(self, err: ErrorDetails) -> FormatProblem:
        loc = tuple(err["loc"])
        kind = err["type"]
        if kind == "extra_forbidden":
            return self.unknown_key(loc[:-1], str(loc[-1]))
        if kind == "missing":
            field_name = str(loc[-1])
            parent = node_at(self.root, loc[:-1])
            start = parent.start_mark
            return FormatProblem(
                Span(start.line + 1, start.column + 1, start.line + 1, start.column + 2),
                f"缺少必填的键“{field_name}”（{COLUMN_HEADERS.get(field_name, field_name)}）",
                f"missing required key '{field_name}'",
                hint=(f"加上 {field_name}: …", f"add {field_name}: ..."))
        node = node_at(self.root, loc)
        span = self.source.node_span(node)
        where_zh, where_en = _where(loc)
        expected = _TYPE_NAMES.get(kind)
        if expected is not None:
            return FormatProblem(
                span, f"{where_zh}的值应为{expected[0]}", f"{where_en}: expected {expected[1]}",
                hint=("参见 docs/format.md 中的格式说明", "see docs/format.md"))
        return FormatProblem(span, f"{where_zh}的值不符合格式：{err['msg']}", f"{where_en}: {err['msg']}")

    def unknown_key(self, parent_loc: tuple[int | str, ...], key: str) -> FormatProblem:
        """A key the format does not know, in the mapping at ``parent_loc``, with the nearest known key."""
        where_zh, where_en = _where(parent_loc)
        parent = node_at(self.root, parent_loc)
        key_node = parent
        if isinstance(parent, MappingNode):
            # the validator names a key by its value (on: is True in YAML 1.1): found, and shown, as written
            named = (k for k, _ in parent.value
                     if isinstance(k, ScalarNode) and (k.value == key or str(scalar_value(k)) == key))
            key_node = next(named, parent)
            if isinstance(key_node, ScalarNode):
                key = key_node.value
        span = self.source.node_span(key_node)
        allowed = TOP_KEYS if len(parent_loc) == 0 else NODE_KEYS
        guess = _nearest_key(key, len(parent_loc) == 0)
        if guess:
            hint = (f"是不是要写“{guess}”（{COLUMN_HEADERS[guess]}）？", f"did you mean '{guess}'?")
        else:
            hint = ("可用的键：" + "、".join(allowed), "allowed keys: " + ", ".join(allowed))
        return FormatProblem(span, f"{where_zh}出现未知的键“{key}”", f"unknown key '{key}' {where_en}",
                             hint=hint, data={"key": key})


@lru_cache(maxsize=256)
def _nearest_key(key: str, top: bool) -> str | None:
    """The known key (of the top level, or of a section or item) nearest to ``key``, if near enough. The same
    misspelling recurs in file after file, and the fuzzy comparison with every known key is dear: each key
    is compared once."""
    from rapidfuzz import process  # imported when first needed: keeps start-up lean

    guess = process.extractOne(key, TOP_KEYS if top else NODE_KEYS, score_cutoff=60)
    return guess[0] if guess else None


def _plain_int(node: Node) -> int | None:
    """The value of a scalar the safe schema reads as an integer written in plain decimal digits."""
    if type(node) is ScalarNode and node.tag == "tag:yaml.org,2002:int":
        text = node.value.lstrip("+")
        digits = text[1:] if text.startswith("-") else text
        if digits.isdecimal() and digits.isascii() and "_" not in digits:
            return int(text)
    return None


def _where(loc: tuple[int | str, ...]) -> tuple[str, str]:
    if not loc:
        return "顶层", "at the top level"
    key = loc[-1]
    if isinstance(key, int):
        return f"第 {key + 1} 项", f"at entry {key + 1}"
    header = COLUMN_HEADERS.get(str(key))
    return (f"“{key}”（{header}）" if header else f"“{key}”"), f"'{key}'"
