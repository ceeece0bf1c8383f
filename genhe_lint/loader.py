"""Read a YAML file into a node tree with exact positions, using libyaml's C parser.

Nothing here raises on bad input: every problem (undecodable bytes, syntax errors, duplicate keys,
anchors and aliases) becomes a :class:`Problem` with a position, and the caller turns it into a
diagnostic. The round-trip loader (slow, keeps comments) is used only by ``--fix``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from genhe_lint.diagnostic import Msg
from genhe_lint.source import Source

try:  # libyaml is bundled with PyYAML's wheels; fall back to pure Python where it is missing
    _Loader: type = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - depends on the platform's wheel
    _Loader = yaml.SafeLoader


@dataclass(slots=True)
class Problem:
    """A problem found while reading, 0-based position."""

    kind: str  # "encoding", "syntax", "duplicate-key", "alias"
    message: Msg
    line: int = 0
    column: int = 0
    hint: Msg | None = None


@dataclass(slots=True)
class Document:
    path: str
    source: Source
    root: Node | None
    problems: list[Problem] = field(default_factory=list)


# libyaml's wording -> Chinese. Anything not listed keeps the English text after a Chinese lead.
_YAML_PROBLEMS: list[tuple[re.Pattern[str], str, str]] = [
    (re.compile(r"mapping values are not allowed"), "此处不允许出现“键: 值”", "check the indentation and quote values containing ': '"),
    (re.compile(r"could not find expected ':'"), "缺少冒号“:”", "each key needs a ':' after it"),
    (re.compile(r"did not find expected key"), "缩进不一致或缺少键", "align keys of one mapping at the same indentation"),
    (re.compile(r"found character that cannot start any token"), "出现不能开始一个值的字符（常见原因：制表符 Tab）", "indent with spaces, not tabs"),
    (re.compile(r"found unexpected end of stream"), "文件在引号或括号闭合之前结束", "close the quote or bracket"),
    (re.compile(r"did not find expected ',' or '\]'"), "方括号列表未闭合", "close the list with ']'"),
    (re.compile(r"did not find expected ',' or '\}'"), "花括号映射未闭合", "close the mapping with '}'"),
    (re.compile(r"did not find expected '-' indicator"), "列表项缩进不一致", "align the '-' of one list at the same indentation"),
    (re.compile(r"expected a single document"), "文件中有多个 YAML 文档（---），目录文件只能有一个", "keep one document per catalog file"),
    (re.compile(r"found undefined alias"), "引用了未定义的锚点", "catalogs should not use anchors or aliases"),
    (re.compile(r"found duplicate anchor"), "锚点重复定义", "catalogs should not use anchors or aliases"),
]


def _explain_yaml_error(exc: yaml.YAMLError) -> Problem:
    problem = getattr(exc, "problem", None) or str(exc)
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    line, column = (mark.line, mark.column) if mark is not None else (0, 0)
    context = getattr(exc, "context", None)
    en = f"YAML syntax error: {problem}" + (f" ({context})" if context else "")
    zh = f"YAML 语法错误：{problem}"
    hint = None
    for pattern, zh_text, en_hint in _YAML_PROBLEMS:
        if pattern.search(problem) or (context and pattern.search(context)):
            zh = f"YAML 语法错误：{zh_text}"
            hint = Msg(zh=_HINTS_ZH.get(en_hint, en_hint), en=en_hint)
            break
    return Problem("syntax", Msg(zh=zh, en=en), line, column, hint)


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
}


def decode(data: bytes) -> tuple[str | None, Problem | None]:
    """Bytes -> text. UTF-8 (with or without BOM) is the format; anything else is a clear problem."""
    if b"\x00" in data[:8192] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return None, Problem(
            "encoding",
            Msg(zh="这不是文本文件（含有 NUL 字节），可能是被改了扩展名的 Word/Excel 文件",
                en="not a text file (contains NUL bytes); perhaps a Word/Excel file renamed to .yaml"),
            hint=Msg(zh="用 genhe-lint 的导入功能或手工把表格转成 YAML", en="convert the table to YAML"),
        )
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return None, Problem(
            "encoding",
            Msg(zh="文件是 UTF-16 编码，目录文件须为 UTF-8", en="file is UTF-16 encoded; catalogs must be UTF-8"),
            hint=Msg(zh="在编辑器中另存为 UTF-8（无 BOM）", en="save it as UTF-8 (without BOM) in your editor"),
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start)
        column = exc.start - (data.rfind(b"\n", 0, exc.start) + 1)
        guess = ""
        try:
            data.decode("gb18030")
            guess = "GBK/GB18030"
        except UnicodeDecodeError:
            pass
        zh = "文件不是 UTF-8 编码" + (f"（看起来是 {guess}）" if guess else "")
        en = "file is not UTF-8" + (f" (looks like {guess})" if guess else "")
        return None, Problem(
            "encoding", Msg(zh=zh, en=en), line, column,
            Msg(zh="转换：iconv -f GB18030 -t UTF-8 旧文件 > 新文件，或在编辑器中另存为 UTF-8",
                en="convert: iconv -f GB18030 -t UTF-8 old > new, or save as UTF-8 in your editor"),
        )
    return text, None


def parse(path: str, text: str) -> Document:
    source = Source(text)
    doc = Document(path, source, None)
    loader = _Loader(text)
    try:
        doc.root = loader.get_single_node()
    except yaml.YAMLError as exc:
        doc.problems.append(_explain_yaml_error(exc))
        return doc
    finally:
        loader.dispose()
    if doc.root is not None:
        doc.problems.extend(_check_tree(doc.root))
        if any(p.kind == "alias" for p in doc.problems):
            doc.problems = [p for p in doc.problems if p.kind != "alias"] + _alias_problems(text)
            doc.problems.sort(key=lambda p: (p.line, p.column))
    return doc


def _alias_problems(text: str) -> list[Problem]:
    """Where the aliases (``*name``) and merge keys stand; scanned only when the tree shares nodes."""
    problems = []
    try:
        for token in yaml.scan(text, Loader=_Loader):
            if isinstance(token, yaml.AliasToken):
                problems.append(Problem(
                    "alias", Msg(zh="目录文件不能使用锚点和别名（& 和 *）",
                                 en="anchors and aliases (& and *) are not allowed in catalogs"),
                    token.start_mark.line, token.start_mark.column,
                    Msg(zh="把被引用的内容直接写出来", en="write the referenced content out in full")))
    except yaml.YAMLError:  # pragma: no cover - the text already parsed once
        pass
    return problems


def load_path(path: Path, display: str | None = None) -> Document:
    shown = display if display is not None else str(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        reason = exc.strerror or str(exc)
        return Document(shown, Source(""), None, [Problem(
            "encoding", Msg(zh=f"无法读取文件：{reason}", en=f"cannot read file: {reason}"))])
    return load_bytes(data, shown)


def load_bytes(data: bytes, shown: str) -> Document:
    text, problem = decode(data)
    if text is None:
        assert problem is not None
        return Document(shown, Source(""), None, [problem])
    return parse(shown, text)


def _check_tree(root: Node) -> list[Problem]:
    """Duplicate keys and anchors/aliases (the composer accepts both silently)."""
    problems: list[Problem] = []
    seen: set[int] = set()
    stack: list[Node] = [root]
    while stack:
        node = stack.pop()
        if id(node) in seen:
            problems.append(Problem(
                "alias", Msg(zh="目录文件不能使用锚点和别名（& 和 *）", en="anchors and aliases (& and *) are not allowed in catalogs"),
                node.start_mark.line, node.start_mark.column,
                Msg(zh="把被引用的内容直接写出来", en="write the referenced content out in full")))
            continue
        seen.add(id(node))
        if isinstance(node, MappingNode):
            keys: dict[str, ScalarNode] = {}
            for key, value in node.value:
                if isinstance(key, ScalarNode):
                    if key.value == "<<" and key.tag == "tag:yaml.org,2002:merge":
                        problems.append(Problem(
                            "merge", Msg(zh="目录文件不能使用合并键 <<", en="merge keys (<<) are not allowed in catalogs"),
                            key.start_mark.line, key.start_mark.column))
                    elif key.value in keys:
                        first = keys[key.value]
                        problems.append(Problem(
                            "duplicate-key",
                            Msg(zh=f"键“{key.value}”重复（第一次出现在第 {first.start_mark.line + 1} 行）",
                                en=f"duplicate key '{key.value}' (first at line {first.start_mark.line + 1})"),
                            key.start_mark.line, key.start_mark.column,
                            Msg(zh="删除或合并重复的键", en="remove or merge the duplicate key")))
                    else:
                        keys[key.value] = key
                stack.append(value)
        elif isinstance(node, SequenceNode):
            stack.extend(node.value)
    problems.sort(key=lambda p: (p.line, p.column))
    return problems


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
    except (ValueError, yaml.YAMLError):
        return node.value


def to_python(node: Node) -> object:
    """Plain Python data (for schema validation). Aliases are already reported; not expanded twice."""
    if isinstance(node, ScalarNode):
        return scalar_value(node)
    if isinstance(node, SequenceNode):
        return [to_python(n) for n in node.value]
    if isinstance(node, MappingNode):
        out: dict[object, object] = {}
        for k, v in node.value:
            key = scalar_value(k) if isinstance(k, ScalarNode) else repr(k)
            out[key if isinstance(key, str) else str(key)] = to_python(v)
        return out
    return None  # pragma: no cover
