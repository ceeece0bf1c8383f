"""Parse YAML text into a node tree with exact positions (libyaml's C parser) and check the tree.

Tags are resolved as PyYAML's safe schema does. The tree is checked for what the composer accepts
silently: duplicate keys, anchors and aliases, merge keys, nesting beyond the depth limit.

Limits: a cheap count of the structural characters shows whether a text *could* nest deeper than the
composer safely goes or hold more nodes than the limit; only such texts are first walked event by event
(the parser keeps its own stack, so nesting cannot overflow the C stack there), and the tree is built
only when they fit. Ordinary catalogs are parsed once.

libyaml may carry a nesting limit of its own (the one PyYAML 6.0.4 bundles stops at 1000 levels). Its
scanner reads up to a line ahead of the parser, so on a deep line it would stop first, with an English
message at another place. The loader bounds nesting itself, so it lifts libyaml's limit while it parses:
the loader's depth limit is what the writer is told, at the same place, on every PyYAML.
"""

from __future__ import annotations

import functools
import re
import sys
from collections.abc import Callable, Iterable

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from genhe_lint.diagnostic import Msg
from genhe_lint.load.document import FATAL_KINDS, Document, Problem, printable
from genhe_lint.load.fullwidth import fullwidth_problems
from genhe_lint.load.limits import Limits, current_limits, too_deep, too_many_nodes
from genhe_lint.load.messages import explain_yaml_error
from genhe_lint.load.source import Source

try:  # libyaml is bundled with PyYAML's wheels; fall back to pure Python where it is missing
    _Base: type = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - depends on the platform's wheel
    _Base = yaml.SafeLoader

_STR_TAG = "tag:yaml.org,2002:str"
_SEQ_TAG = "tag:yaml.org,2002:seq"
_MAP_TAG = "tag:yaml.org,2002:map"
_MERGE_TAG = "tag:yaml.org,2002:merge"


def _resolve(kind: type, value: str, implicit: tuple[bool, bool]) -> str:
    """The tag of a node written without one, as the safe schema's resolver gives it."""
    if kind is ScalarNode:
        if implicit[0]:
            for tag, regexp in _IMPLICIT.get(value[:1], _WILDCARD):
                if regexp.match(value):
                    return str(tag)
        return _STR_TAG
    return _SEQ_TAG if kind is SequenceNode else _MAP_TAG


class _Loader(_Base):  # type: ignore[misc]
    """The safe loader with the same tags, resolved faster: the composer calls ``resolve`` for every
    scalar and the two path-resolver hooks for every node, which the safe schema never uses (no path
    resolvers are registered)."""

    # C-level callables that accept the composer's arguments and do nothing: slice(parent, index), tuple()
    descend_resolver = slice
    ascend_resolver = tuple
    # Keys and most values recur (name, content, channel names ...): a small C-level cache answers nearly
    # every call without running Python code; bounded, so memory does not grow with the files read.
    resolve = staticmethod(functools.lru_cache(maxsize=1024)(_resolve))


# First character -> the safe schema's implicit resolvers for plain scalars (then the wildcard ones).
_WILDCARD: list[tuple[str, re.Pattern[str]]] = list(
    yaml.resolver.Resolver.yaml_implicit_resolvers.get(None, []))
_IMPLICIT: dict[str, list[tuple[str, re.Pattern[str]]]] = {
    first: [*resolvers, *_WILDCARD]
    for first, resolvers in yaml.resolver.Resolver.yaml_implicit_resolvers.items() if first is not None
}
assert not yaml.resolver.Resolver.yaml_path_resolvers, "path resolvers would need the default hooks"

# Below this nesting the tree is built directly (libyaml's composer recurses on the C stack: about
# 30 000 levels overflow an 8 MB stack). Texts that could nest deeper are walked event by event first.
_SAFE_COMPOSE_DEPTH = 5000
_SAFE_INDENT = 1000

# What libyaml's own nesting limit is lifted to while the loader parses: beyond any nesting it can meet
# here (the composer runs only below _SAFE_COMPOSE_DEPTH, the event walk stops at the depth limit, and the
# scanner reads at most 1024 characters ahead of the parser).
_LIBYAML_NESTING = 2 * _SAFE_COMPOSE_DEPTH
_yaml_ext = getattr(yaml, "_yaml", None)
_get_nesting: Callable[[], int] | None = getattr(_yaml_ext, "_get_max_nest_level", None)
_set_nesting: Callable[[int], None] | None = getattr(_yaml_ext, "_set_max_nest_level", None)

_MAX_PROBLEMS_PER_KIND = 100


def parse(path: str, text: str, limits: Limits | None = None, utf8: bytes | None = None) -> Document:
    """The document of ``text``: its tree when nothing fatal was found, and every problem found.

    ``utf8`` is the text's UTF-8 encoding (without a byte-order mark) where the caller has it, as read from
    the file: the parser reads UTF-8 (libyaml does, given text or bytes), so the text need not be encoded
    again."""
    limits = limits or current_limits()
    source = Source(text)
    doc = Document(path, source, None)
    odd = _odd_line_break(text, source)
    if odd is not None:
        doc.source = Source(printable(ODD_BREAKS.sub("\ufffd", text)))
        doc.problems = [odd]
        return doc
    restore = _lift_libyaml_nesting()
    try:
        root = _compose(text, limits, text.encode() if utf8 is None else utf8)
    finally:
        if restore is not None and _set_nesting is not None:
            _set_nesting(restore)
    if isinstance(root, Problem):
        return _failed(doc, root, text)
    if root is None:
        return doc
    if not text.endswith("\n"):
        _clamp_marks(root, source)
    problems, suspect_lines, data = _check_tree(root, limits, text)
    if any(p.kind == "limit" for p in problems):
        doc.problems = [p for p in problems if p.kind == "limit"]
        return doc
    if suspect_lines:
        fullwidth = [p for p in fullwidth_problems(text) if p.line in suspect_lines]
        if fullwidth:
            doc.problems = fullwidth
            return doc
    if any(p.kind in ("alias", "merge") for p in problems):
        problems = _merge_alias_problems(problems, text)
    doc.problems = _capped(problems)
    if not any(p.kind in FATAL_KINDS for p in doc.problems):
        doc.root = root
        # the walk's data, unless it saw keys that were then dropped from the tree as duplicates
        doc.data = to_python(root) if any(p.kind == "duplicate-key" for p in problems) else data
    return doc


# -- limits ----------------------------------------------------------------------------------------


def _may_exceed(utf8: bytes, limits: Limits) -> bool:
    """Whether a text (its UTF-8 bytes) could nest deeper than the composer safely goes, or hold too many
    nodes.

    Every collection on a chain of nested collections owns an indicator character: ``[`` or ``{``
    (flow; an implicit ``a: b`` pair inside ``[...]`` counts once more), ``-`` (block list), ``?``
    (explicit key), or starts a new line indented further than its parent (block mapping inside a
    block mapping). Every node owns a ``:``, ``,``, an indicator or is the root. Cheap counts of those
    characters bound depth and size from above. In UTF-8 each of them is one byte that no other character
    contains, so the bytes are counted: the four indicators in one pass, the bytes left out of a copy.
    """
    structural = len(utf8) - len(utf8.translate(None, b"[{-?"))
    if 2 * structural + _SAFE_INDENT + 2 > _SAFE_COMPOSE_DEPTH:
        return True
    if b" " * _SAFE_INDENT in utf8:
        return True
    if 3 * len(utf8) + 3 <= limits.max_nodes:  # a bound on the bound (bytes >= characters): no need to count
        return False
    return 3 * (structural + utf8.count(b",") + utf8.count(b":")) + 3 > limits.max_nodes


def _lift_libyaml_nesting() -> int | None:
    """Raise libyaml's own nesting limit (where it has one) to ``_LIBYAML_NESTING``; the limit to restore."""
    if _get_nesting is None or _set_nesting is None:
        return None
    before = _get_nesting()
    if before >= _LIBYAML_NESTING:
        return None
    _set_nesting(_LIBYAML_NESTING)
    return before


def _compose(text: str, limits: Limits, utf8: bytes) -> Node | Problem | None:
    """The node tree (None for an empty document), or the limit or syntax error that stops it. A text
    that could go beyond the limits is walked event by event first, and composed only when it fits.
    The parser reads ``utf8``, the text's UTF-8 bytes; errors are explained with the text."""
    if _may_exceed(utf8, limits):
        found = _prescan(text, limits, utf8)
        if found is not None:
            return found
    loader = _Loader(utf8)
    try:
        root: Node | None = loader.get_single_node()
    except yaml.YAMLError as exc:
        return explain_yaml_error(exc, text)
    finally:
        loader.dispose()
    return root


def _prescan(text: str, limits: Limits, utf8: bytes) -> Problem | None:
    """Walk the parser's events without building a tree: stop at the first limit or syntax error."""
    loader = _Loader(utf8)
    depth = nodes = 0
    max_depth, max_nodes = limits.yaml_depth, limits.max_nodes
    starts = (yaml.MappingStartEvent, yaml.SequenceStartEvent)
    ends = (yaml.MappingEndEvent, yaml.SequenceEndEvent)
    try:
        while True:
            event = loader.get_event()
            if event is None or isinstance(event, yaml.StreamEndEvent):
                return None
            if isinstance(event, starts):
                depth += 1
                nodes += 1
                if depth > max_depth:
                    return too_deep(*_where(event), limits)
            elif isinstance(event, ends):
                depth -= 1
            elif isinstance(event, (yaml.ScalarEvent, yaml.AliasEvent)):
                nodes += 1
            if nodes > max_nodes:
                return too_many_nodes(*_where(event), limits)
    except yaml.YAMLError as exc:
        return explain_yaml_error(exc, text)
    finally:
        loader.dispose()


def _where(event: yaml.Event) -> tuple[int, int]:
    mark = event.start_mark
    return (mark.line, mark.column) if mark is not None else (0, 0)


# -- text that does not parse ---------------------------------------------------------------------

# Line breaks that YAML counts and editors (and the positions in diagnostics) may not.
ODD_BREAKS = re.compile("\r(?!\n)|[\x85\u2028\u2029]")


def _odd_line_break(text: str, source: Source) -> Problem | None:
    """A line break that YAML counts and editors (and our positions) may not: a lone CR, NEL, LS or PS."""
    if "\r" not in text and "\x85" not in text and "\u2028" not in text and "\u2029" not in text:
        return None
    found = ODD_BREAKS.search(text)
    if found is None:
        return None
    line, column = source.line_col(found.start())
    char = found.group()
    if char == "\r":
        return Problem(
            "syntax",
            Msg(zh="文件中有单独的回车符 CR（旧式 Mac 换行），YAML 会把它当作换行",
                en="a lone carriage return (CR, an old Mac line ending), which YAML reads as a line break"),
            line, column,
            Msg(zh="把换行符改为 LF 或 CRLF（编辑器右下角的“换行符”设置），或删除这个字符",
                en="use LF or CRLF line endings (the editor's line-ending setting), or remove the character"))
    return Problem(
        "syntax",
        Msg(zh=f"文件中有 Unicode 分行符 U+{ord(char):04X}（常见于从网页或 Word 复制的文字），"
               f"YAML 会把它当作换行",
            en=f"Unicode line separator U+{ord(char):04X} (often pasted from web pages or Word), "
               f"which YAML reads as a line break"),
        line, column,
        Msg(zh="删除这个字符，或换成普通换行",
            en="remove the character or replace it with an ordinary line break"))


def _failed(doc: Document, problem: Problem, text: str) -> Document:
    """A file that did not parse. A full-width key at or before the error is its likely cause."""
    if problem.kind == "syntax":
        fullwidth = [p for p in fullwidth_problems(text) if p.line <= problem.line]
        if fullwidth:
            doc.problems = fullwidth
            return doc
        if problem.message.en.startswith("control character"):
            # Keep the positions, but never echo control characters (terminal escapes) to the output.
            doc.source = Source(printable(text))
    doc.problems = [_inside(problem, doc.source)]
    return doc


def _inside(problem: Problem, source: Source) -> Problem:
    """libyaml places the end of a file without a final newline on a line after it: keep positions in
    the file."""
    starts = source.line_starts
    if problem.line >= len(starts):
        last = len(starts) - 1
        problem.line, problem.column = last, len(source.text) - starts[last]
    return problem


def _clamp_marks(root: Node, source: Source) -> None:
    """Without a final newline, libyaml puts what ends with the file on a line after it; move it back."""
    starts = source.line_starts
    last = len(starts) - 1
    end = yaml.error.Mark("", len(source.text), last, len(source.text) - starts[last], None, 0)
    seen: set[int] = set()
    stack = [root]
    while stack:
        node = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        if node.start_mark is not None and node.start_mark.line > last:
            node.start_mark = end
        if node.end_mark is not None and node.end_mark.line > last:
            node.end_mark = end
        if isinstance(node, MappingNode):
            for key, value in node.value:
                stack.extend((key, value))
        elif isinstance(node, SequenceNode):
            stack.extend(node.value)


# -- the tree --------------------------------------------------------------------------------------


def _check_tree(root: Node, limits: Limits, text: str) -> tuple[list[Problem], set[int], object]:
    """Duplicate keys, anchors/aliases and merge keys (the composer accepts them silently), nesting depth;
    and, from the same walk, the tree's plain Python data (what :func:`to_python` gives).

    Also the lines where a key might be written with full-width characters: keys that are not ASCII,
    and plain (unquoted, not ``|``/``>``) text that holds a full-width colon. Block and quoted text is
    content, where such words are legitimate.

    Only a text with an anchor (``&``) can share a node between places in the tree: then every node is
    looked up in a set of those met, and one met again is an alias (not walked again, so an alias bomb
    costs its size in the text). A shared node is walked where it is first met in the order of the text,
    which is where its anchor is written. The earlier of duplicated keys are dropped from the tree after
    the walk (see ``_last_of_each_key``): the data is then the caller's to build again.
    """
    problems: list[Problem] = []
    suspects: set[int] = set()
    deepest: list[tuple[int, int]] = []
    duplicated: list[MappingNode] = []
    data = _walk(root, problems, suspects, deepest, duplicated, set() if "&" in text else None,
                 "：" in text, limits.yaml_depth)
    if deepest:
        return [too_deep(*min(deepest), limits)], set(), None
    for node in duplicated:
        node.value = _last_of_each_key(node.value)
    problems.sort(key=lambda p: (p.line, p.column))
    return problems, suspects, data


def _walk(root: Node, problems: list[Problem], suspects: set[int], deepest: list[tuple[int, int]],
          duplicated: list[MappingNode], seen: set[int] | None, colons: bool, max_depth: int) -> object:
    """The one walk of a tree: the plain Python data of ``root``; what it finds on the way is added to the
    lists and sets given (see ``_check_tree``). ``seen`` is None where nodes cannot be shared, ``colons``
    whether the text has a full-width colon at all.

    A collection's scalar children (most of a catalog) are looked at where they stand, without a call of
    their own, unless nodes may be shared, and so are those of a list that is a mapping's value (most lists,
    a call saved for each); entries are added in a loop, not in a comprehension (a call of its own for each
    collection)."""
    in_place = seen is None

    def walk(node: Node, depth: int) -> object:
        if seen is not None:
            if id(node) in seen:
                mark = node.start_mark
                problems.append(Problem("alias", Msg(zh="", en=""), mark.line, mark.column))
                return None
            seen.add(id(node))
        if isinstance(node, ScalarNode):  # the root, or any child where nodes may be shared
            if colons and not node.style and "：" in node.value:
                suspects.update(range(node.start_mark.line, node.end_mark.line + 1))
            return node.value if node.tag == _STR_TAG else scalar_value(node)
        if depth > max_depth:
            deepest.append((node.start_mark.line, node.start_mark.column))
            return None
        below = depth + 1
        if type(node) is MappingNode:
            mapping: dict[str, object] = {}
            text_keys = True  # every key a text scalar: its name in the data is its name as written
            for key, value in node.value:
                if type(key) is ScalarNode:
                    name = key.value
                    if not name.isascii():
                        suspects.add(key.start_mark.line)
                    if key.tag != _STR_TAG:
                        text_keys = False
                        name = _key(key)
                else:
                    text_keys = False
                    walk(key, below)
                    name = repr(key)
                if in_place and type(value) is ScalarNode:
                    if colons and not value.style and "：" in value.value:
                        suspects.update(range(value.start_mark.line, value.end_mark.line + 1))
                    mapping[name] = value.value if value.tag == _STR_TAG else scalar_value(value)
                elif in_place and type(value) is SequenceNode and below <= max_depth:
                    # a list under a key (channels, audience, items ...): its scalars looked at here too
                    listed: list[object] = []
                    for child in value.value:
                        if type(child) is ScalarNode:
                            if colons and not child.style and "：" in child.value:
                                suspects.update(range(child.start_mark.line, child.end_mark.line + 1))
                            listed.append(child.value if child.tag == _STR_TAG else scalar_value(child))
                        else:
                            listed.append(walk(child, below + 1))
                    mapping[name] = listed
                else:
                    mapping[name] = walk(value, below)
            # Text keys written twice leave fewer entries than keys; other keys (numbers, merge keys ...)
            # are named differently in the data than as written, and are looked at one by one.
            if (not text_keys or len(mapping) != len(node.value)) and _key_problems(node, problems):
                duplicated.append(node)
            return mapping
        entries: list[object] = []
        for child in node.value:
            if in_place and type(child) is ScalarNode:
                if colons and not child.style and "：" in child.value:
                    suspects.update(range(child.start_mark.line, child.end_mark.line + 1))
                entries.append(child.value if child.tag == _STR_TAG else scalar_value(child))
            else:
                entries.append(walk(child, below))
        return entries

    try:
        return walk(root, 1)
    finally:
        # ``walk`` calls itself through its closure, a reference cycle that would keep it and everything it
        # holds (the lists above, the nodes of duplicated keys) for the whole run: the cyclic collector is
        # off while files are linted. Emptying the name the closure reads breaks the cycle.
        walk = None  # type: ignore[assignment]


def _key_problems(node: MappingNode, problems: list[Problem]) -> bool:
    """Add the merge keys and duplicated keys (by their names as written) of a mapping to ``problems``;
    whether a key is duplicated."""
    keys: dict[str, ScalarNode] = {}
    twice = False
    for key, _ in node.value:
        if type(key) is not ScalarNode:
            continue
        name = key.value
        if name == "<<" and key.tag == _MERGE_TAG:
            mark = key.start_mark
            problems.append(Problem("merge", Msg(zh="", en=""), mark.line, mark.column))
        elif name in keys:
            twice = True
            problems.append(_duplicate_key(key, keys[name]))
        else:
            keys[name] = key
    return twice


def _duplicate_key(key: ScalarNode, first: ScalarNode) -> Problem:
    return Problem(
        "duplicate-key",
        Msg(zh=f"键“{key.value}”重复（第一次出现在第 {first.start_mark.line + 1} 行）",
            en=f"duplicate key '{key.value}' (first at line {first.start_mark.line + 1})"),
        key.start_mark.line, key.start_mark.column,
        Msg(zh="删除或合并重复的键", en="remove or merge the duplicate key"))


def _last_of_each_key(pairs: list[tuple[Node, Node]]) -> list[tuple[Node, Node]]:
    """Drop the earlier of duplicated keys, as reading the mapping as data does (the last one wins), so that
    every consumer of the tree (model, format check, fixes) sees the same one; the duplicate is reported."""
    last: dict[str, int] = {}
    for i, (key, _) in enumerate(pairs):
        if isinstance(key, ScalarNode):
            last[key.value] = i
    return [pair for i, pair in enumerate(pairs)
            if not isinstance(pair[0], ScalarNode) or last[pair[0].value] == i]


def _capped(problems: list[Problem]) -> list[Problem]:
    """At most ``_MAX_PROBLEMS_PER_KIND`` of each kind, then one line saying how many more there are."""
    counts: dict[str, int] = {}
    out = []
    for p in problems:
        n = counts[p.kind] = counts.get(p.kind, 0) + 1
        if n <= _MAX_PROBLEMS_PER_KIND:
            out.append(p)
    for kind, n in counts.items():
        if n > _MAX_PROBLEMS_PER_KIND:
            last = out[-1]
            more = n - _MAX_PROBLEMS_PER_KIND
            out.append(Problem(kind, Msg(zh=f"另有 {more} 处同类问题未列出",
                                         en=f"{more} more problem(s) of this kind not listed"),
                               last.line, last.column))
    return out


def _merge_alias_problems(problems: list[Problem], text: str) -> list[Problem]:
    """One problem for all anchors, aliases and merge keys (an alias bomb has thousands), at the first."""
    merges = [p for p in problems if p.kind == "merge"]
    aliases = _alias_positions(text)
    others = [p for p in problems if p.kind not in ("alias", "merge")]
    if merges:
        first = merges[0]
        zh = "目录文件不能使用合并键 << 和别名（& 和 *）"
        en = "merge keys (<<) and aliases (& and *) are not allowed in catalogs"
        line, column = first.line, first.column
    elif aliases:
        line, column = aliases[0]
        zh = "目录文件不能使用锚点和别名（& 和 *）"
        en = "anchors and aliases (& and *) are not allowed in catalogs"
    else:  # pragma: no cover - a shared node always comes from an alias
        return others
    if len(aliases) > 1:
        zh += f"（共 {len(aliases)} 处别名）"
        en += f" ({len(aliases)} aliases)"
    merged = Problem("merge" if merges else "alias", Msg(zh=zh, en=en), line, column,
                     Msg(zh="把被引用的内容直接写出来", en="write the referenced content out in full"))
    return sorted([merged, *others], key=lambda p: (p.line, p.column))


def _alias_positions(text: str) -> list[tuple[int, int]]:
    """Where the aliases (``*name``) stand; scanned only when the tree shares nodes or has merge keys."""
    found = []
    try:
        for token in yaml.scan(text, Loader=_Loader):
            if isinstance(token, yaml.AliasToken):
                found.append((token.start_mark.line, token.start_mark.column))
    except yaml.YAMLError:  # pragma: no cover - the text already parsed once
        pass
    return found


# -- values ----------------------------------------------------------------------------------------

_SAFE = yaml.constructor.SafeConstructor()
# The tags the safe schema gives a plain scalar written without one: their values (numbers, booleans, null,
# dates) are immutable, so one value serves every scalar with the same tag and text.
_IMPLICIT_TAGS = frozenset(tag for resolvers in yaml.resolver.Resolver.yaml_implicit_resolvers.values()
                           for tag, _ in resolvers)


def scalar_value(node: ScalarNode) -> object:
    """The Python value of a scalar (int, str, bool, None ...), as YAML's safe schema reads it."""
    tag = node.tag
    if tag == _STR_TAG:
        return node.value
    if tag in _IMPLICIT_TAGS and len(node.value) <= _SHORT:
        return _implicit_value(tag, node.value)
    return _construct(node)


_SHORT = 64  # values kept by _implicit_value at most this long: a file's huge number is not kept alive


@functools.lru_cache(maxsize=1024)
def _implicit_value(tag: str, value: str) -> object:
    """The value of a scalar with one of ``_IMPLICIT_TAGS``: serial numbers and the like recur in every
    file, so each is constructed once."""
    return _construct(ScalarNode(tag, value))


def _construct(node: ScalarNode) -> object:
    constructor = _SAFE.yaml_constructors.get(node.tag)
    if constructor is None:
        return node.value
    try:
        return constructor(_SAFE, node)
    except (ValueError, OverflowError, yaml.YAMLError):
        return node.value


def to_python(node: Node) -> object:
    """Plain Python data (for schema validation), by the walk that checks a parsed tree: the data that
    :func:`parse` keeps on the document, for any node. Aliases are expanded (a parsed tree has none)."""
    return _walk(node, [], set(), [], [], None, False, sys.maxsize)


def _key(node: Node) -> str:
    """A mapping key as the validator names it: a scalar's value as text, a collection as written."""
    if type(node) is ScalarNode:
        return str(scalar_value(node))
    return repr(node)


def node_at(root: Node, loc: Iterable[int | str], key: bool = False) -> Node:
    """The node a validation error's location points to: the deepest part of it the file has (with ``key``,
    the last step's key node rather than its value)."""
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
