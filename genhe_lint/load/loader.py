"""Read a YAML file into a node tree with exact positions, using libyaml's C parser.

Nothing here raises on bad input: every problem (unreadable or undecodable files, syntax errors,
duplicate keys, anchors and aliases, full-width punctuation where YAML needs ASCII, files beyond the
limits) becomes a :class:`Problem` with a position, and the caller turns it into a diagnostic.

Limits (see :class:`Limits`; README "Limits and bad input"): a file larger than the size limit is not
read; a tree nested deeper, or with more nodes, than the limits is not built. A cheap count of the
structural characters shows whether a file *could* exceed them; only such files are first walked
event by event (libyaml's parser keeps its own stack, so nesting cannot overflow the C stack there),
and the tree is built only when they fit. Ordinary catalogs are parsed once.
"""

from __future__ import annotations

import codecs
import errno
import functools
import os
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from genhe_lint.catalog.fields import NODE_KEYS, TOP_KEYS
from genhe_lint.diagnostic import Msg
from genhe_lint.load.source import Source

try:  # libyaml is bundled with PyYAML's wheels; fall back to pure Python where it is missing
    _Base: type = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - depends on the platform's wheel
    _Base = yaml.SafeLoader

_STR_TAG = "tag:yaml.org,2002:str"
_SEQ_TAG = "tag:yaml.org,2002:seq"
_MAP_TAG = "tag:yaml.org,2002:map"


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
    resolvers are registered). A third of the composing time went there."""

    # C-level callables that accept the composer's arguments and do nothing: slice(parent, index), tuple()
    descend_resolver = slice
    ascend_resolver = tuple
    # Keys and most values recur (name, content, channel names ...): a small C-level cache answers nearly
    # every call without running Python code; bounded, so memory does not grow with the files read.
    resolve = staticmethod(functools.lru_cache(maxsize=1024)(_resolve))


# First character -> the safe schema's implicit resolvers for plain scalars (then the wildcard ones).
_WILDCARD: list[tuple[str, re.Pattern[str]]] = list(yaml.resolver.Resolver.yaml_implicit_resolvers.get(None, []))
_IMPLICIT: dict[str, list[tuple[str, re.Pattern[str]]]] = {
    first: [*resolvers, *_WILDCARD]
    for first, resolvers in yaml.resolver.Resolver.yaml_implicit_resolvers.items() if first is not None
}
assert not yaml.resolver.Resolver.yaml_path_resolvers, "path resolvers would need the default hooks"


@dataclass(slots=True)
class Problem:
    """A problem found while reading, 0-based position."""

    # "read", "encoding", "syntax", "fullwidth", "limit", "duplicate-key", "alias", "merge"
    kind: str
    message: Msg
    line: int = 0
    column: int = 0
    hint: Msg | None = None


# Problems after which the tree is not used (no model, no format check): only duplicate keys leave a
# tree worth checking further.
FATAL_KINDS = frozenset({"read", "encoding", "syntax", "fullwidth", "limit", "alias", "merge"})


@dataclass(slots=True)
class Document:
    path: str
    source: Source
    root: Node | None
    problems: list[Problem] = field(default_factory=list)


# -- limits --------------------------------------------------------------------------------------

DEFAULT_MAX_FILE_SIZE = 10 * 1024 * 1024  # bytes
DEFAULT_MAX_DEPTH = 20  # levels of items (sections are level 1)
DEFAULT_MAX_NODES = 500_000  # keys, values and lists; the bundled catalogs have about 500 each

MAX_DEPTH_CEILING = 200  # 402 levels of YAML nesting: well inside Python's recursion limit of 1000

ENV_MAX_FILE_SIZE = "GENHE_LINT_MAX_FILE_SIZE"
ENV_MAX_DEPTH = "GENHE_LINT_MAX_DEPTH"
ENV_MAX_NODES = "GENHE_LINT_MAX_NODES"

# Below this nesting the tree is built directly (libyaml's composer recurses on the C stack: about
# 30 000 levels overflow an 8 MB stack). Files that could nest deeper are walked event by event first.
_SAFE_COMPOSE_DEPTH = 5000
_SAFE_INDENT = 1000

_MAX_PROBLEMS_PER_KIND = 100


@dataclass(frozen=True, slots=True)
class Limits:
    """How much the loader reads: file size in bytes, levels of items, YAML nodes."""

    max_file_size: int = DEFAULT_MAX_FILE_SIZE
    max_depth: int = DEFAULT_MAX_DEPTH
    max_nodes: int = DEFAULT_MAX_NODES

    @property
    def yaml_depth(self) -> int:
        """Nesting of YAML collections that ``max_depth`` levels of items need.

        The top mapping is level 1, ``sections`` 2; item level k is a mapping at 2k + 1 whose lists
        (``items``, ``channels``) are at 2k + 2.
        """
        return 2 * min(self.max_depth, MAX_DEPTH_CEILING) + 2

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> Limits:
        """The defaults, overridden by ``GENHE_LINT_MAX_*`` (a positive whole number; sizes may end in K, M or G).

        A value that is not a positive number is ignored (the default applies); the depth is at most
        ``MAX_DEPTH_CEILING``, so that no nesting the loader accepts can exhaust Python's recursion.
        """
        env = os.environ if environ is None else environ
        return cls(
            _env_number(env.get(ENV_MAX_FILE_SIZE), DEFAULT_MAX_FILE_SIZE, sizes=True),
            min(_env_number(env.get(ENV_MAX_DEPTH), DEFAULT_MAX_DEPTH), MAX_DEPTH_CEILING),
            _env_number(env.get(ENV_MAX_NODES), DEFAULT_MAX_NODES),
        )


_UNITS = {"": 1, "K": 1024, "KB": 1024, "M": 1024**2, "MB": 1024**2, "G": 1024**3, "GB": 1024**3}


def _env_number(raw: str | None, default: int, sizes: bool = False) -> int:
    """A positive number from the environment; anything else (unset, empty, garbage) gives the default."""
    if not raw:
        return default
    match = re.fullmatch(r"\s*(\d+)\s*([A-Za-z]*)\s*", raw)
    if match is None:
        return default
    unit = match.group(2).upper()
    if unit and (not sizes or unit not in _UNITS):
        return default
    value = int(match.group(1)) * _UNITS[unit]
    return value if value > 0 else default


def current_limits() -> Limits:
    return Limits.from_env()


def _size_text(n: int) -> str:
    if n >= 1024**2:
        return f"{n / 1024**2:.1f} MB".replace(".0 MB", " MB")
    if n >= 1024:
        return f"{n / 1024:.1f} KB".replace(".0 KB", " KB")
    return f"{n} B"


def _too_large(size: int, limits: Limits) -> Problem:
    limit = _size_text(limits.max_file_size)
    return Problem(
        "limit",
        Msg(zh=f"文件太大（{_size_text(size)}），超过上限 {limit}，未检查",
            en=f"file too large ({_size_text(size)}), over the {limit} limit; not checked"),
        hint=Msg(zh=f"目录文件通常只有几十 KB；确认这是目录文件。确需检查时设置环境变量 {ENV_MAX_FILE_SIZE}（如 20M）",
                 en=f"catalogs are a few dozen KB; check this is a catalog, or raise {ENV_MAX_FILE_SIZE} (e.g. 20M)"))


def _too_deep(line: int, column: int, limits: Limits) -> Problem:
    return Problem(
        "limit",
        Msg(zh=f"嵌套太深：超过上限 {limits.max_depth} 层事项（{limits.yaml_depth} 层 YAML 嵌套），未继续读取",
            en=f"nested too deep: more than {limits.max_depth} levels of items "
               f"({limits.yaml_depth} levels of YAML nesting); not read further"),
        line, column,
        Msg(zh=f"检查缩进和 items 的层次；确需更深时设置环境变量 {ENV_MAX_DEPTH}",
            en=f"check the indentation and the levels of items, or raise {ENV_MAX_DEPTH}"))


def _too_many_nodes(line: int, column: int, limits: Limits) -> Problem:
    return Problem(
        "limit",
        Msg(zh=f"文件中的键、值和列表超过上限 {limits.max_nodes} 个，未继续读取",
            en=f"more than {limits.max_nodes} keys, values and lists; not read further"),
        line, column,
        Msg(zh=f"目录文件通常只有几百个；确需检查时设置环境变量 {ENV_MAX_NODES}",
            en=f"catalogs have a few hundred; raise {ENV_MAX_NODES} if this one really is that large"))


# -- syntax errors ---------------------------------------------------------------------------------

# libyaml's wording -> Chinese (and a hint). Anything not listed keeps the English text after a Chinese lead.
_YAML_PROBLEMS: list[tuple[re.Pattern[str], str, str]] = [
    (re.compile(r"mapping values are not allowed"), "此处不允许出现“键: 值”", "check the indentation and quote values containing ': '"),
    (re.compile(r"could not find expected ':'"), "缺少冒号“:”", "each key needs a ':' after it"),
    (re.compile(r"did not find expected key"), "缩进不一致或缺少键", "align keys of one mapping at the same indentation"),
    (re.compile(r"tab character that violates? indentation"), "缩进里有制表符 Tab", "indent with spaces, not tabs"),
    (re.compile(r"found character that cannot start any token"), "出现不能开始一个值的字符（常见原因：制表符 Tab）", "indent with spaces, not tabs"),
    (re.compile(r"found unexpected end of stream"), "文件在引号或括号闭合之前结束", "close the quote or bracket"),
    (re.compile(r"did not find expected ',' or '\]'"), "方括号列表未闭合", "close the list with ']'"),
    (re.compile(r"did not find expected ',' or '\}'"), "花括号映射未闭合", "close the mapping with '}'"),
    (re.compile(r"did not find expected '-' indicator"), "列表项缩进不一致", "align the '-' of one list at the same indentation"),
    (re.compile(r"expected a single document"), "文件中有多个 YAML 文档（---），目录文件只能有一个", "keep one document per catalog file"),
    (re.compile(r"did not find expected <document start>"), "文档结束标记（...）之后还有内容", "keep one document per catalog file"),
    (re.compile(r"found undefined alias"), "引用了未定义的锚点", "catalogs should not use anchors or aliases"),
    (re.compile(r"found duplicate anchor"), "锚点重复定义", "catalogs should not use anchors or aliases"),
    (re.compile(r"block sequence entries are not allowed"), "此处不能开始列表（“- ”不能跟在“键: ”的同一行）", "start the list on a new line, or quote a value that begins with '- '"),
    (re.compile(r"mapping keys are not allowed"), "此处不能出现“? ”（复杂键）", "quote a value that begins with '?'"),
    (re.compile(r"found unknown escape character"), "双引号里的反斜杠“\\”是转义符", "use single quotes, or write a backslash as \\\\"),
    (re.compile(r"expected <block end>"), "缩进不一致", "align keys of one mapping at the same indentation"),
    (re.compile(r"did not find expected node content"), "缺少值", "write a value after the ':' or '-', or quote it"),
    (re.compile(r"found incompatible YAML document|found unknown directive"), "不支持的 YAML 指令（% 开头的行）", "remove the line beginning with '%', or quote it"),
]

# Where a value starts with a YAML indicator, the scanner says something obscure; say what it means.
_INDICATOR_CONTEXTS: list[tuple[str, str, str]] = [
    ("while scanning an alias", "值以“*”开头，会被当作别名", "quote a value that begins with '*'"),
    ("while scanning an anchor", "值以“&”开头，会被当作锚点", "quote a value that begins with '&'"),
    ("while scanning a tag", "值以“!”开头，会被当作类型标签", "quote a value that begins with '!'"),
    ("while scanning a block scalar", "“|”或“>”之后（多行文字的标记）同一行不能再写内容", "write the text on the following lines, or quote a value that begins with '|' or '>'"),
]

_HINTS_ZH = {
    "check the indentation and quote values containing ': '": "检查缩进；值里含有“: ”时请给整个值加引号",
    "each key needs a ':' after it": "每个键后面都要有英文冒号“:”",
    "align keys of one mapping at the same indentation": "同一层的键要对齐到相同的缩进",
    "indent with spaces, not tabs": "请用空格缩进，不要用制表符 Tab",
    "close the quote or bracket": "请补上缺少的引号或括号",
    "close the list with ']'": "请用“]”结束列表",
    "close the mapping with '}'": "请用“}”结束映射",
    "align the '-' of one list at the same indentation": "同一列表的“-”要对齐",
    "keep one document per catalog file": "每个目录文件只保留一个文档",
    "catalogs should not use anchors or aliases": "目录文件不要使用锚点（&）和别名（*）",
    "start the list on a new line, or quote a value that begins with '- '": "把列表写在下一行；值以“- ”开头时请给整个值加引号",
    "quote a value that begins with '?'": "值以“?”开头时请给整个值加引号",
    "use single quotes, or write a backslash as \\\\": "改用单引号，或把反斜杠写成“\\\\”",
    "write a value after the ':' or '-', or quote it": "在“:”或“-”后写上值，或给值加引号",
    "remove the line beginning with '%', or quote it": "删除以“%”开头的行，或给它加引号",
    "quote a value that begins with '*'": "值以“*”开头时请给整个值加引号",
    "quote a value that begins with '&'": "值以“&”开头时请给整个值加引号",
    "quote a value that begins with '!'": "值以“!”开头时请给整个值加引号",
    "write the text on the following lines, or quote a value that begins with '|' or '>'":
        "把文字写在下面几行，或给以“|”“>”开头的值加引号",
    "quote a value that begins with '@' or '`'": "值以“@”或“`”开头时请给整个值加引号",
    "check this line and the one before: indentation, colons, quotes and brackets":
        "检查这一行和上一行的缩进、冒号、引号和括号",
}


def _hint(en: str) -> Msg:
    return Msg(zh=_HINTS_ZH.get(en, en), en=en)


def _explain_yaml_error(exc: yaml.YAMLError, text: str) -> Problem:
    if isinstance(exc, yaml.reader.ReaderError):
        return _reader_problem(exc, text)
    problem = getattr(exc, "problem", None) or str(exc)
    context = getattr(exc, "context", None) or ""
    problem_mark = getattr(exc, "problem_mark", None)
    context_mark = getattr(exc, "context_mark", None)
    mark = problem_mark or context_mark
    line, column = (mark.line, mark.column) if mark is not None else (0, 0)
    en = f"YAML syntax error: {problem}" + (f" ({context})" if context else "")
    zh = f"YAML 语法错误：{problem}"
    hint: Msg | None = None
    for lead, zh_text, en_hint in _INDICATOR_CONTEXTS:
        if context.startswith(lead) and context_mark is not None:
            zh, hint = f"YAML 语法错误：{zh_text}", _hint(en_hint)
            line, column = context_mark.line, context_mark.column
            break
    else:
        for pattern, zh_text, en_hint in _YAML_PROBLEMS:
            if pattern.search(problem) or (context and pattern.search(context)):
                zh, hint = f"YAML 语法错误：{zh_text}", _hint(en_hint)
                break
    if problem.startswith("found character that cannot start any token"):
        found = _char_at(text, line, column)
        if found in ("@", "`"):
            zh, hint = f"YAML 语法错误：值不能以“{found}”开头", _hint("quote a value that begins with '@' or '`'")
        elif found == "\t":
            zh, hint = "YAML 语法错误：缩进里有制表符 Tab", _hint("indent with spaces, not tabs")
    # An unclosed quote or bracket is reported where the parser gave up (often the end of the file),
    # and the message says where it was opened. A key without its colon is reported at the key.
    opened = context_mark is not None and problem_mark is not None and context_mark.line < problem_mark.line
    if (context_mark is not None and problem_mark is not None and "while scanning a simple key" in context
            and not opened and problem_mark.column - context_mark.column >= 1024):
        zh = "YAML 语法错误：键太长（YAML 的键最多 1024 个字符），或缺少冒号“:”"
        en = "YAML syntax error: key too long (YAML keys have at most 1024 characters), or a missing ':'"
        hint = Msg(zh="缩短这个键，或检查冒号", en="shorten the key, or check the colon")
        line, column = context_mark.line, context_mark.column
    elif opened and "while scanning a simple key" in context:
        assert context_mark is not None and problem_mark is not None
        zh += f"（在第 {problem_mark.line + 1} 行发现）"
        en += f" (noticed at line {problem_mark.line + 1})"
        line, column = context_mark.line, context_mark.column
    elif opened and ("while scanning a quoted scalar" in context or "while parsing a flow" in context):
        assert context_mark is not None
        at_zh = f"第 {context_mark.line + 1} 行第 {context_mark.column + 1} 列"
        at_en = f"line {context_mark.line + 1}, column {context_mark.column + 1}"
        opener = _char_at(text, context_mark.line, context_mark.column)
        if "while scanning a quoted scalar" in context:
            zh = f"YAML 语法错误：{at_zh}的引号 {opener} 没有闭合"
            en = f"YAML syntax error: the quote {opener} at {at_en} is not closed"
            hint = Msg(zh=f"在{at_zh}开始的值末尾补上 {opener}", en=f"close the value that starts at {at_en} with {opener}")
        else:
            zh += f"（“{opener}”在{at_zh}）"
            en += f" (the '{opener}' at {at_en})"
    if hint is None:
        hint = _hint("check this line and the one before: indentation, colons, quotes and brackets")
    return Problem("syntax", Msg(zh=zh, en=en), line, column, hint)


def _char_at(text: str, line: int, column: int) -> str:
    starts = Source(text).line_starts
    if line >= len(starts):
        return ""
    i = starts[line] + column
    return text[i] if i < len(text) else ""


def _reader_problem(exc: yaml.reader.ReaderError, text: str) -> Problem:
    """A character libyaml does not accept (control characters). Its position is a UTF-8 byte offset."""
    index = len(text.encode("utf-8")[: exc.position].decode("utf-8", "ignore"))
    line, column = Source(text).line_col(min(index, len(text)))
    code = exc.character if isinstance(exc.character, int) else 0
    return Problem(
        "syntax",
        Msg(zh=f"文件中有不允许的控制字符 U+{code:04X}", en=f"control character U+{code:04X} is not allowed"),
        line, column,
        Msg(zh="删除这个字符（常见于从网页或 Word 复制的文字）",
            en="remove the character (it often comes with text copied from web pages or Word)"))


# -- full-width punctuation where YAML needs ASCII ---------------------------------------------------

_KNOWN_KEYS = frozenset((*TOP_KEYS, *NODE_KEYS))
_FULLWIDTH_CHARS = "\u3000：－\uff21-\uff3a\uff41-\uff5a\uff3f"
# A line whose first key (before the first colon) is written with a full-width character. The lookahead
# keeps ordinary lines (the great majority) out of the Python loop below.
_FULLWIDTH_LINE = re.compile(
    rf"^(?=[^\n:：]*[{_FULLWIDTH_CHARS}])"
    r"(?P<lead>[ \u3000]*(?:[-－][ \u3000]+)*)"
    r"(?P<key>[A-Za-z_\uff21-\uff3a\uff41-\uff5a\uff3f]+)"
    r"(?P<gap>[ \u3000]*)(?P<colon>[:：])", re.M)


def _fullwidth_problems(text: str) -> list[Problem]:
    """Lines that begin with a catalog key written with full-width characters (，：、全角空格)."""
    problems = []
    for m in _FULLWIDTH_LINE.finditer(text):
        key = m.group("key")
        plain_key = unicodedata.normalize("NFKC", key)
        if plain_key not in _KNOWN_KEYS:
            continue
        line = text.count("\n", 0, m.start())
        col0 = m.start() - (text.rfind("\n", 0, m.start()) + 1)
        lead, gap, colon = m.group("lead"), m.group("gap"), m.group("colon")
        if "\u3000" in lead or "－" in lead:
            column = col0 + min(i for i, c in enumerate(lead) if c in "\u3000－")
            what_zh, what_en = ("全角空格“　”", "a full-width space") if lead[column - col0] == "\u3000" \
                else ("全角减号“－”（列表项应为半角“-”）", "a full-width dash '－' (a list item needs '-')")
            problems.append(Problem(
                "fullwidth",
                Msg(zh=f"键“{plain_key}”前面的缩进里有{what_zh}",
                    en=f"{what_en} in the indentation before '{plain_key}'"),
                line, column,
                Msg(zh="缩进只能用半角空格（切换到英文输入法再输入）", en="indent with ASCII spaces only")))
        elif key != plain_key:
            problems.append(Problem(
                "fullwidth",
                Msg(zh=f"键“{key}”用了全角字母，应为“{plain_key}”",
                    en=f"key '{key}' is written in full-width letters; write '{plain_key}'"),
                line, col0 + len(lead),
                Msg(zh="键名用半角英文字母（切换到英文输入法）", en="write keys in ASCII letters")))
        elif colon == "：":
            problems.append(Problem(
                "fullwidth",
                Msg(zh=f"键“{plain_key}”后面是全角冒号“：”，应为半角冒号“:”加一个空格",
                    en=f"full-width colon '：' after '{plain_key}'; write an ASCII ':' and a space"),
                line, col0 + len(lead) + len(key) + len(gap),
                Msg(zh=f"改为“{plain_key}: ”（切换到英文输入法输入冒号）",
                    en=f"write '{plain_key}: ' (type the colon with the English input method)")))
        elif "\u3000" in gap:
            problems.append(Problem(
                "fullwidth",
                Msg(zh=f"键“{plain_key}”和冒号之间有全角空格", en=f"full-width space between '{plain_key}' and its colon"),
                line, col0 + len(lead) + len(key),
                Msg(zh="删除键和冒号之间的空格", en="remove the space before the colon")))
    return problems


# -- decoding ----------------------------------------------------------------------------------------

_MAGIC: list[tuple[bytes, str, str]] = [
    (b"PK\x03\x04", "ZIP 压缩包（很可能是改了扩展名的 Word .docx 或 Excel .xlsx 文件）",
     "a ZIP archive (most likely a Word .docx or Excel .xlsx file renamed to .yaml)"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "旧版 Office 文件（Word .doc 或 Excel .xls）", "an old Office file (Word .doc or Excel .xls)"),
    (b"%PDF-", "PDF 文件", "a PDF file"),
    (b"{\\rtf", "RTF 文档", "an RTF document"),
    (b"\x89PNG\r\n\x1a\n", "PNG 图片", "a PNG image"),
    (b"\xff\xd8\xff", "JPEG 图片", "a JPEG image"),
    (b"\x1f\x8b", "gzip 压缩文件", "a gzip archive"),
    (b"Rar!\x1a\x07", "RAR 压缩包", "a RAR archive"),
    (b"7z\xbc\xaf\x27\x1c", "7z 压缩包", "a 7z archive"),
]
_BOMS: list[tuple[bytes, str]] = [
    (b"\xff\xfe\x00\x00", "UTF-32"), (b"\x00\x00\xfe\xff", "UTF-32"),
    (b"\xff\xfe", "UTF-16"), (b"\xfe\xff", "UTF-16"),
]


def _convert_hint(encoding: str, shown: str) -> Msg:
    quoted = "'" + shown.replace("'", "'\\''") + "'"
    command = f"iconv -f {encoding} -t UTF-8 {quoted} > {quoted}.utf8 && mv {quoted}.utf8 {quoted}"
    return Msg(
        zh=f"转换为 UTF-8：{command}；或在记事本/WPS/VS Code 中“另存为”并选择编码 UTF-8",
        en=f"convert to UTF-8: {command}; or use Save As with encoding UTF-8 in Notepad, WPS or VS Code")


def _not_text(what_zh: str, what_en: str, nul: bool = False) -> Problem:
    why_zh, why_en = ("（含有 NUL 字节）", " (it contains NUL bytes)") if nul else ("", "")
    return Problem(
        "encoding",
        Msg(zh=f"这不是文本文件{why_zh}，而是{' ' if what_zh[0].isascii() else ''}{what_zh}",
            en=f"not a text file{why_en} but {what_en}"),
        hint=Msg(zh="用 genhe-lint 的导入功能或手工把表格转成 YAML 目录文件",
                 en="convert the document to a YAML catalog (genhe-lint's import, or by hand)"))


def _line_col_of_byte(data: bytes, offset: int) -> tuple[int, int]:
    """0-based line and character column of byte ``offset`` of UTF-8 ``data`` (BOM not counted)."""
    line = data.count(b"\n", 0, offset)
    start = data.rfind(b"\n", 0, offset) + 1
    if start == 0 and data.startswith(b"\xef\xbb\xbf"):
        start = 3
    return line, len(data[start:offset].decode("utf-8", "replace"))


def decode(data: bytes, shown: str = "文件") -> tuple[str | None, Problem | None]:
    """Bytes -> text. UTF-8 (with or without BOM) is the format; anything else is a clear problem.

    GBK/GB18030, UTF-16 and UTF-32 are recognised and reported with the exact command that converts
    the file; they are not read: a guess could misread the text, and ``--fix`` writes UTF-8 only.
    """
    for bom, name in _BOMS:
        if data.startswith(bom):
            return None, Problem(
                "encoding",
                Msg(zh=f"文件是 {name} 编码，须为 UTF-8", en=f"file is {name} encoded; it must be UTF-8"),
                hint=_convert_hint(name, shown))
    for magic, what_zh, what_en in _MAGIC:
        if data.startswith(magic):
            return None, _not_text(what_zh, what_en, b"\x00" in data[:65536])
    nul = data.find(b"\x00")
    if nul != -1:
        return None, _nul_problem(data, nul, shown)
    try:
        # bytes.decode("utf-8") is the codec's C fast path; "utf-8-sig" goes through Python code for the BOM
        text = data[3:].decode("utf-8") if data.startswith(codecs.BOM_UTF8) else data.decode("utf-8")
    except UnicodeDecodeError:
        try:
            data.decode("utf-8-sig")  # the error as the format's codec states it (positions count the BOM)
        except UnicodeDecodeError as exc:
            return None, _not_utf8(data, exc, shown)
        raise  # pragma: no cover - both codecs reject the same bytes
    return text, None


def _nul_problem(data: bytes, nul: int, shown: str) -> Problem:
    sample = data[:4096]
    even, odd = sample[0::2].count(0), sample[1::2].count(0)
    if len(sample) >= 4 and max(even, odd) > len(sample) // 4 and min(even, odd) * 8 < max(even, odd):
        # ASCII text in UTF-16 has a zero byte in every other position (no byte-order mark here).
        name = "UTF-16LE" if odd > even else "UTF-16BE"
        return Problem(
            "encoding",
            Msg(zh=f"文件是 {name} 编码（无 BOM），须为 UTF-8",
                en=f"file is {name} encoded (no byte-order mark); it must be UTF-8"),
            hint=_convert_hint(name, shown))
    text_like = data.count(b"\x00") * 100 < len(data) and _mostly_utf8(data)
    if text_like:
        line, column = _line_col_of_byte(data, nul)
        return Problem(
            "encoding",
            Msg(zh="文件中有 NUL 字节（\\0）", en="the file contains a NUL byte (\\0)"),
            line, column,
            Msg(zh="删除这个字符；文件可能已损坏，请与备份或版本库中的版本比较",
                en="remove it; the file may be damaged: compare it with a backup or the repository"))
    return _not_text("二进制文件（可能是改了扩展名的 Word/Excel 文件）",
                     "a binary file (perhaps a Word/Excel file renamed to .yaml)", nul=True)


def _mostly_utf8(data: bytes) -> bool:
    text = data.replace(b"\x00", b"").decode("utf-8", "replace")
    return text.count("\ufffd") * 100 < max(1, len(text))


def _not_utf8(data: bytes, exc: UnicodeDecodeError, shown: str) -> Problem:
    line, column = _line_col_of_byte(data, exc.start)
    try:
        as_gb = data.decode("gb18030")
    except UnicodeDecodeError:
        as_gb = None
    if as_gb is not None and any("\u4e00" <= c <= "\u9fff" for c in as_gb):
        bad_line = as_gb.split("\n")[line].strip() if line < as_gb.count("\n") + 1 else ""
        excerpt = bad_line if len(bad_line) <= 40 else bad_line[:40] + "…"
        return Problem(
            "encoding",
            Msg(zh=f"文件是 GBK/GB18030 编码（Windows 的“ANSI”），须为 UTF-8；按 GB18030 读，第 {line + 1} 行是“{excerpt}”",
                en=f"file is GBK/GB18030 encoded (Windows 'ANSI'); it must be UTF-8. "
                   f"Read as GB18030, line {line + 1} is \"{excerpt}\""),
            line, column, _convert_hint("GB18030", shown))
    return Problem(
        "encoding",
        Msg(zh="文件不是 UTF-8 编码，也不像 GBK/GB18030", en="file is not UTF-8, nor does it look like GBK/GB18030"),
        line, column,
        Msg(zh="在编辑器中用原来的编码打开，再“另存为”UTF-8", en="open it in an editor with its encoding and save it as UTF-8"))


# -- parsing -------------------------------------------------------------------------------------------


def _may_exceed(text: str, limits: Limits) -> bool:
    """Whether ``text`` could nest deeper than the composer safely goes, or hold too many nodes.

    Every collection on a chain of nested collections owns an indicator character: ``[`` or ``{``
    (flow; an implicit ``a: b`` pair inside ``[...]`` counts once more), ``-`` (block list), ``?``
    (explicit key), or starts a new line indented further than its parent (block mapping inside a
    block mapping). Every node owns a ``:``, ``,``, an indicator or is the root. Cheap counts of those
    characters bound depth and size from above.
    """
    count = text.count
    structural = count("[") + count("{") + count("-") + count("?")
    if 2 * structural + _SAFE_INDENT + 2 > _SAFE_COMPOSE_DEPTH:
        return True
    if " " * _SAFE_INDENT in text:
        return True
    if 3 * len(text) + 3 <= limits.max_nodes:  # a bound on the bound: no need to count
        return False
    return 3 * (structural + count(",") + count(":")) + 3 > limits.max_nodes


def _prescan(text: str, limits: Limits) -> Problem | None:
    """Walk the parser's events without building a tree: stop at the first limit or syntax error."""
    loader = _Loader(text)
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
                    return _too_deep(*_where(event), limits)
            elif isinstance(event, ends):
                depth -= 1
            elif isinstance(event, (yaml.ScalarEvent, yaml.AliasEvent)):
                nodes += 1
            if nodes > max_nodes:
                return _too_many_nodes(*_where(event), limits)
    except yaml.YAMLError as exc:
        return _explain_yaml_error(exc, text)
    finally:
        loader.dispose()


_ODD_BREAKS = re.compile("\r(?!\n)|[\x85\u2028\u2029]")


def _odd_line_break(text: str, source: Source) -> Problem | None:
    """A line break that YAML counts and editors (and our positions) may not: a lone CR, NEL, LS or PS."""
    if "\r" not in text and "\x85" not in text and "\u2028" not in text and "\u2029" not in text:
        return None
    found = _ODD_BREAKS.search(text)
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
        Msg(zh=f"文件中有 Unicode 分行符 U+{ord(char):04X}（常见于从网页或 Word 复制的文字），YAML 会把它当作换行",
            en=f"Unicode line separator U+{ord(char):04X} (often pasted from web pages or Word), which YAML reads "
               f"as a line break"),
        line, column,
        Msg(zh="删除这个字符，或换成普通换行", en="remove the character or replace it with an ordinary line break"))


def _where(event: yaml.Event) -> tuple[int, int]:
    mark = event.start_mark
    return (mark.line, mark.column) if mark is not None else (0, 0)


def parse(path: str, text: str, limits: Limits | None = None) -> Document:
    limits = limits or current_limits()
    source = Source(text)
    doc = Document(path, source, None)
    odd = _odd_line_break(text, source)
    if odd is not None:
        doc.source = Source(_printable(_ODD_BREAKS.sub("\ufffd", text)))
        doc.problems = [odd]
        return doc
    if _may_exceed(text, limits):
        found = _prescan(text, limits)
        if found is not None:
            return _failed(doc, found, text)
    loader = _Loader(text)
    try:
        root = loader.get_single_node()
    except yaml.YAMLError as exc:
        return _failed(doc, _explain_yaml_error(exc, text), text)
    finally:
        loader.dispose()
    if root is None:
        return doc
    if not text.endswith("\n"):
        _clamp_marks(root, source)
    if "&" in text or "<<" in text:  # anchors (so maybe shared nodes) or merge keys: the careful walk
        problems, suspect_lines = _check_tree(root, limits)
    else:
        problems, suspect_lines = _check_plain_tree(root, limits, "：" in text)
    if any(p.kind == "limit" for p in problems):
        doc.problems = [p for p in problems if p.kind == "limit"]
        return doc
    if suspect_lines:
        fullwidth = [p for p in _fullwidth_problems(text) if p.line in suspect_lines]
        if fullwidth:
            doc.problems = fullwidth
            return doc
    if any(p.kind in ("alias", "merge") for p in problems):
        problems = _merge_alias_problems(problems, text)
    doc.problems = _capped(problems)
    if not any(p.kind in FATAL_KINDS for p in doc.problems):
        doc.root = root
    return doc


def _failed(doc: Document, problem: Problem, text: str) -> Document:
    """A file that did not parse. A full-width key at or before the error is its likely cause."""
    if problem.kind == "syntax":
        fullwidth = [p for p in _fullwidth_problems(text) if p.line <= problem.line]
        if fullwidth:
            doc.problems = fullwidth
            return doc
        if problem.message.en.startswith("control character"):
            # Keep the positions, but never echo control characters (terminal escapes) to the output.
            doc.source = Source(_printable(text))
    doc.problems = [_inside(problem, doc.source)]
    return doc


def _inside(problem: Problem, source: Source) -> Problem:
    """libyaml places the end of a file without a final newline on a line after it: keep positions in the file."""
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
            out.append(Problem(kind, Msg(zh=f"另有 {more} 处同类问题未列出", en=f"{more} more problem(s) of this kind not listed"),
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
        zh, en = "目录文件不能使用锚点和别名（& 和 *）", "anchors and aliases (& and *) are not allowed in catalogs"
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


def load_path(path: Path, display: str | None = None, limits: Limits | None = None) -> Document:
    """Read and parse one file. Reads at most the size limit; never blocks on a FIFO without a writer."""
    shown = display if display is not None else str(path)
    limits = limits or current_limits()
    try:
        data = _read_capped(path, limits.max_file_size)
    except OSError as exc:
        return Document(shown, Source(""), None, [_read_problem(path, exc)])
    if isinstance(data, int):
        return Document(shown, Source(""), None, [_too_large(data, limits)])
    return load_bytes(data, shown, limits)


def display_text(path: Path, display: str | None = None, limits: Limits | None = None) -> str:
    """The text of a file as :func:`load_path` shows it (``Document.source.text``), for printing its lines:
    read and decoded, not parsed again. Only a file whose text the loader would change for display (undecodable,
    odd line breaks, control characters, too large, unreadable) is loaded in full to get that same text."""
    limits = limits or current_limits()
    try:
        data = _read_capped(path, limits.max_file_size)
    except OSError:
        data = 0
    if not isinstance(data, int):
        text, _problem = decode(data, display if display is not None else str(path))
        if text is not None and _CONTROL.search(text) is None and _ODD_BREAKS.search(text) is None:
            return text
    return load_path(path, display, limits).source.text


def _read_capped(path: Path, cap: int) -> bytes | int:
    """The file's bytes, or its size when it is larger than ``cap`` (then only ``cap + 1`` bytes are read)."""
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    fd = os.open(path, flags)  # non-blocking: opening a FIFO that has no writer returns at once
    try:
        if hasattr(os, "set_blocking"):
            os.set_blocking(fd, True)  # ... but reading waits for a writer that is there (process substitution)
        size = os.fstat(fd).st_size
        if size > cap:
            return size
        chunks = []
        total = 0
        # A regular file comes in one read of its size (+1 to see the end); a 1 MB buffer per read would cost
        # more than the read (each is a fresh allocation). Pipes and growing files take further reads.
        step = max(size + 1, 1 << 16)
        while total <= cap:
            chunk = os.read(fd, min(step, cap + 1 - total))
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
    finally:
        os.close(fd)
    return total if total > cap else b"".join(chunks)


def _read_problem(path: Path, exc: OSError) -> Problem:
    reason = exc.strerror or str(exc)
    if isinstance(exc, IsADirectoryError) or path.is_dir():
        try:
            os.listdir(path)
            zh, en = "这是文件夹，不是目录文件", "this is a folder, not a catalog file"
        except OSError as inner:
            reason = inner.strerror or str(inner)
            zh, en = f"无法读取文件夹（{reason}），其中的目录文件未检查", f"cannot read folder ({reason}); its catalogs were not checked"
        return Problem("read", Msg(zh=zh, en=en),
                       hint=Msg(zh="检查文件夹的权限", en="check the folder's permissions"))
    if isinstance(exc, PermissionError):
        return Problem("read", Msg(zh=f"无法读取文件：没有读取权限（{reason}）", en=f"cannot read file: permission denied ({reason})"),
                       hint=Msg(zh="检查文件的权限，如 chmod a+r 文件名", en="check the file's permissions, e.g. chmod a+r FILE"))
    if exc.errno == errno.ELOOP:
        return Problem("read", Msg(zh="无法读取文件：符号链接形成了循环", en="cannot read file: a loop of symbolic links"),
                       hint=Msg(zh="修正或删除这个符号链接", en="fix or remove the symbolic link"))
    if isinstance(exc, FileNotFoundError):
        return Problem("read", Msg(zh="无法读取文件：文件不存在（可能是失效的符号链接）",
                                   en="cannot read file: it does not exist (a broken symbolic link?)"),
                       hint=Msg(zh="修正或删除这个符号链接", en="fix or remove the symbolic link"))
    return Problem("read", Msg(zh=f"无法读取文件：{reason}", en=f"cannot read file: {reason}"))


def load_bytes(data: bytes, shown: str, limits: Limits | None = None) -> Document:
    limits = limits or current_limits()
    if len(data) > limits.max_file_size:
        return Document(shown, Source(""), None, [_too_large(len(data), limits)])
    text, problem = decode(data, shown)
    if text is None:
        assert problem is not None
        # With a position (a GBK character, a NUL byte), the lines are kept for display, undecodable
        # bytes and control characters shown as U+FFFD; a file with no position shows no line.
        shown_text = _printable(data.decode("utf-8-sig", "replace")) if (problem.line, problem.column) != (0, 0) else ""
        return Document(shown, Source(shown_text), None, [problem])
    return parse(shown, text, limits)


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\ufffe\uffff]")


def _printable(text: str) -> str:
    """The text with control characters (terminal escapes, NUL) replaced one for one by U+FFFD."""
    return _CONTROL.sub("\ufffd", text)


def _check_tree(root: Node, limits: Limits) -> tuple[list[Problem], set[int]]:
    """Duplicate keys, anchors/aliases and merge keys (the composer accepts them silently), nesting depth.

    Also the lines where a key might be written with full-width characters: keys that are not ASCII,
    and plain (unquoted, not ``|``/``>``) text that holds a full-width colon. Block and quoted text is
    content, where such words are legitimate.
    """
    problems: list[Problem] = []
    suspects: set[int] = set()
    seen: set[int] = set()
    max_depth = limits.yaml_depth
    too_deep: tuple[int, int] | None = None
    stack: list[tuple[Node, int]] = [(root, 1)]
    while stack:
        node, depth = stack.pop()
        if id(node) in seen:
            problems.append(Problem("alias", Msg(zh="", en=""), node.start_mark.line, node.start_mark.column))
            continue
        seen.add(id(node))
        if isinstance(node, ScalarNode):
            if node.style is None and "：" in node.value:
                suspects.update(range(node.start_mark.line, node.end_mark.line + 1))
            continue
        if depth > max_depth:
            where = (node.start_mark.line, node.start_mark.column)
            too_deep = where if too_deep is None else min(too_deep, where)
            continue
        if isinstance(node, MappingNode):
            keys: dict[str, ScalarNode] = {}
            duplicated = False
            for key, value in node.value:
                if isinstance(key, ScalarNode):
                    if not key.value.isascii():
                        suspects.add(key.start_mark.line)
                    if key.value == "<<" and key.tag == "tag:yaml.org,2002:merge":
                        problems.append(Problem("merge", Msg(zh="", en=""), key.start_mark.line, key.start_mark.column))
                    elif key.value in keys:
                        duplicated = True
                        problems.append(_duplicate_key(key, keys[key.value]))
                    else:
                        keys[key.value] = key
                else:
                    stack.append((key, depth + 1))
                stack.append((value, depth + 1))
            if duplicated:
                node.value = _last_of_each_key(node.value)
        elif isinstance(node, SequenceNode):
            stack.extend((child, depth + 1) for child in node.value)
    if too_deep is not None:
        return [_too_deep(*too_deep, limits)], set()
    problems.sort(key=lambda p: (p.line, p.column))
    return problems, suspects


def _check_plain_tree(root: Node, limits: Limits, colons: bool) -> tuple[list[Problem], set[int]]:
    """:func:`_check_tree` for a text with no anchor (``&``) and no merge key (``<<``), so no node is shared
    and none is a merge key: the same findings, with less work per node (most catalogs take this path).
    ``colons``: whether the text holds a full-width colon at all."""
    problems: list[Problem] = []
    suspects: set[int] = set()
    max_depth = limits.yaml_depth
    too_deep: tuple[int, int] | None = None
    stack: list[tuple[Node, int]] = [(root, 1)]
    push, pop = stack.append, stack.pop
    while stack:
        node, depth = pop()
        kind = type(node)
        if isinstance(node, ScalarNode):  # only a scalar root: children are looked at below
            if colons and node.style is None and "：" in node.value:
                suspects.update(range(node.start_mark.line, node.end_mark.line + 1))
            continue
        if depth > max_depth:
            where = (node.start_mark.line, node.start_mark.column)
            too_deep = where if too_deep is None else min(too_deep, where)
            continue
        below = depth + 1
        if kind is MappingNode:
            keys: dict[str, ScalarNode] = {}
            duplicated = False
            for key, value in node.value:
                if type(key) is ScalarNode:
                    text = key.value
                    if not text.isascii():
                        suspects.add(key.start_mark.line)
                    if text in keys:
                        duplicated = True
                        problems.append(_duplicate_key(key, keys[text]))
                    else:
                        keys[text] = key
                else:
                    push((key, below))
                if type(value) is ScalarNode:
                    if colons and value.style is None and "：" in value.value:
                        suspects.update(range(value.start_mark.line, value.end_mark.line + 1))
                else:
                    push((value, below))
            if duplicated:
                node.value = _last_of_each_key(node.value)
        else:
            for child in node.value:
                if type(child) is ScalarNode:
                    if colons and child.style is None and "：" in child.value:
                        suspects.update(range(child.start_mark.line, child.end_mark.line + 1))
                else:
                    push((child, below))
    if too_deep is not None:
        return [_too_deep(*too_deep, limits)], set()
    problems.sort(key=lambda p: (p.line, p.column))
    return problems, suspects


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
    return [pair for i, pair in enumerate(pairs) if not isinstance(pair[0], ScalarNode) or last[pair[0].value] == i]


_SAFE = yaml.constructor.SafeConstructor()


def scalar_value(node: ScalarNode) -> object:
    """The Python value of a scalar (int, str, bool, None ...), as YAML's safe schema reads it."""
    tag = node.tag
    if tag == "tag:yaml.org,2002:str":
        return node.value
    constructor = _SAFE.yaml_constructors.get(tag)
    if constructor is None:
        return node.value
    try:
        return constructor(_SAFE, node)
    except (ValueError, OverflowError, yaml.YAMLError):
        return node.value


def to_python(node: Node) -> object:
    """Plain Python data (for schema validation). Aliases are already reported; not expanded twice.
    Text scalars, most of a catalog, are taken as they are, without a call per value."""
    if type(node) is ScalarNode:
        return node.value if node.tag == _STR_TAG else scalar_value(node)
    if type(node) is SequenceNode:
        return [n.value if type(n) is ScalarNode and n.tag == _STR_TAG else to_python(n) for n in node.value]
    if type(node) is MappingNode:
        out: dict[str, object] = {}
        for k, v in node.value:
            if type(k) is ScalarNode:
                key = k.value if k.tag == _STR_TAG else scalar_value(k)
                if type(key) is not str:
                    key = str(key)
            else:
                key = repr(k)
            out[key] = v.value if type(v) is ScalarNode and v.tag == _STR_TAG else to_python(v)
        return out
    return None  # pragma: no cover
