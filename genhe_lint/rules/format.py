"""GL0xx: the file itself: readable YAML, and the shape of the catalog format."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from genhe_lint.catalog.fields import COLUMN_HEADERS, FORMAT_VERSION, NODE_KEYS, TOP_KEYS
from genhe_lint.catalog.model import Catalog, Item
from genhe_lint.diagnostic import Diagnostic, Msg, Severity, Span
from genhe_lint.load.parse import to_python
from genhe_lint.rules.base import BaseRule, Context


class YamlSyntaxError(BaseRule):
    """
    文件无法作为 YAML 读取（GL001 yaml-syntax-error）

    检查什么：文件不是 UTF-8 文本、YAML 语法错误（缩进、制表符、未闭合的引号或括号、多余的冒号）、
    重复的键、锚点和别名。

    为什么：读不出来的文件，其余规则都无法检查；重复的键会让后一个值悄悄覆盖前一个。

    示例（错误）：
        name: 政策解读
          content: 对规范性文件的解读    # 缩进多了两格

    修正：按提示修改所在行；值里含有“: ”时给整个值加引号；用空格缩进。

    English: the file cannot be read as YAML (encoding, syntax, duplicate keys, anchors). Fix the line shown.
    """

    code = "GL001"
    name = "yaml-syntax-error"
    severity = Severity.ERROR
    summary = Msg("文件不是有效的 YAML", "file is not valid YAML")
    needs_catalog = False

    def check(self, ctx: Context) -> Iterable[Diagnostic]:
        for p in ctx.document.problems:
            span = Span(p.line + 1, p.column + 1, p.line + 1, p.column + 2)
            hint = (p.hint.zh, p.hint.en) if p.hint else None
            yield ctx.report(self, span, p.message.zh, p.message.en, hint=hint, data={"kind": p.kind})


_TYPE_NAMES = {
    "string_type": ("文字", "text"),
    "int_type": ("整数", "an integer"),
    "list_type": ("列表（如 [政府网站, 其他]）", "a list (like [政府网站, 其他])"),
    "model_type": ("映射（键: 值）", "a mapping (key: value)"),
    "dict_type": ("映射（键: 值）", "a mapping (key: value)"),
    "model_attributes_type": ("映射（键: 值）", "a mapping (key: value)"),
}


def _node_and_key(root: Node, loc: tuple[int | str, ...]) -> tuple[Node, ScalarNode | None]:
    """The node a validation error's location points to, and the key node naming it."""
    node: Node = root
    key_node: ScalarNode | None = None
    for part in loc:
        if isinstance(node, MappingNode):
            for k, v in node.value:
                if isinstance(k, ScalarNode) and k.value == part:
                    node, key_node = v, k
                    break
            else:
                return node, key_node
        elif isinstance(node, SequenceNode) and isinstance(part, int) and part < len(node.value):
            node, key_node = node.value[part], None
        else:
            return node, key_node
    return node, key_node


class InvalidCatalogFormat(BaseRule):
    """
    文件不符合目录格式（GL002 invalid-catalog-format）

    检查什么：顶层须为映射，含 department 和 sections；每个事项须有 name；只能使用约定的键
    （serial、name、content、deadline、publisher、channels、audience、unit、items）；
    值的类型须正确（serial 为整数，channels、audience 为列表，其余为文字）；version 不能高于工具支持的版本。

    为什么：键名拼错（如 chanels）时，这一列的内容会被悄悄忽略，其他检查也就查不到它。

    示例（错误）：
        - name: 政策解读
          chanels: [政府网站]      # 应为 channels

    修正：按提示改正键名或值的写法；参见 docs/format.md 的键与表头对照表。

    English: the file does not fit the catalog format (unknown key, wrong type, missing key, newer version).
    """

    code = "GL002"
    name = "invalid-catalog-format"
    severity = Severity.ERROR
    summary = Msg("文件不符合目录格式", "file does not fit the catalog format")
    needs_catalog = False

    def check(self, ctx: Context) -> Iterable[Diagnostic]:
        root = ctx.document.root
        if root is None:
            if not ctx.document.problems:
                yield ctx.report(self, Span(1, 1, 1, 1), "文件是空的，没有目录内容", "file is empty: no catalog in it",
                                 hint=("至少需要 department 和 sections", "a catalog needs department and sections"))
            return
        if any(p.kind == "alias" for p in ctx.document.problems):
            return  # expanding aliases could explode; GL001 already reported them
        if not fits(root, ctx.catalog):  # the pydantic models say what is wrong, and where
            from pydantic import ValidationError

            from genhe_lint.catalog.schema import Catalog

            try:
                Catalog.model_validate(to_python(root))
            except ValidationError as exc:
                for err in exc.errors():
                    yield self._explain(ctx, root, err)
        elif ctx.catalog is not None:  # fits, but for keys it does not know: what the models would say of them
            for item, keys in ctx.catalog.unknown_keys:
                loc = _item_loc(ctx.catalog, item)
                for key_node in keys:
                    yield self._unknown_key(ctx, root, loc, key_node.value)
        node, _ = _node_and_key(root, ("version",))
        version = _plain_int(node) if node is not root else None
        if version is not None and version > FORMAT_VERSION:
            yield ctx.report(
                self, ctx.node_span(node),
                f"格式版本 {version} 高于本工具支持的版本 {FORMAT_VERSION}",
                f"format version {version} is newer than this tool supports ({FORMAT_VERSION})",
                hint=("请升级 genhe-lint", "upgrade genhe-lint"))

    def _explain(self, ctx: Context, root: Node, err: Any) -> Diagnostic:
        loc: tuple[int | str, ...] = tuple(err["loc"])
        kind: str = err["type"]
        where_zh, where_en = _where(loc)
        if kind == "extra_forbidden":
            return self._unknown_key(ctx, root, loc[:-1], str(loc[-1]))
        node, _ = _node_and_key(root, loc)
        if kind == "missing":
            field_name = str(loc[-1])
            parent, _ = _node_and_key(root, loc[:-1])
            header = COLUMN_HEADERS.get(field_name, field_name)
            return ctx.report(
                self, _head_span(ctx, parent), f"缺少必填的键“{field_name}”（{header}）",
                f"missing required key '{field_name}'",
                hint=(f"加上 {field_name}: …", f"add {field_name}: ..."))
        expected = _TYPE_NAMES.get(kind)
        span = ctx.node_span(node)
        if expected is not None:
            return ctx.report(
                self, span, f"{where_zh}的值应为{expected[0]}", f"{where_en}: expected {expected[1]}",
                hint=("参见 docs/format.md 中的格式说明", "see docs/format.md"))
        return ctx.report(self, span, f"{where_zh}的值不符合格式：{err['msg']}", f"{where_en}: {err['msg']}")


    def _unknown_key(self, ctx: Context, root: Node, parent_loc: tuple[int | str, ...], key: str) -> Diagnostic:
        """A key the format does not know, in the mapping at ``parent_loc``, with the nearest known key."""
        where_zh, where_en = _where(parent_loc)
        parent, _ = _node_and_key(root, parent_loc)
        key_node = next((k for k, _ in getattr(parent, "value", []) if getattr(k, "value", None) == key), None)
        span = ctx.node_span(key_node) if key_node is not None else ctx.node_span(parent)
        allowed = TOP_KEYS if len(parent_loc) == 0 else NODE_KEYS
        from rapidfuzz import process

        guess = process.extractOne(key, allowed, score_cutoff=60)
        hint = None
        if guess:
            hint = (f"是不是要写“{guess[0]}”（{COLUMN_HEADERS[guess[0]]}）？", f"did you mean '{guess[0]}'?")
        return ctx.report(
            self, span, f"{where_zh}出现未知的键“{key}”", f"unknown key '{key}' {where_en}",
            hint=hint or ("可用的键：" + "、".join(allowed), "allowed keys: " + ", ".join(allowed)),
            data={"key": key})


def _item_loc(catalog: Catalog, item: Item) -> tuple[int | str, ...]:
    """Where an item is, as the schema's errors say it: ("sections", 2, "items", 0)."""
    parts: list[int | str] = []
    at: Item | None = item
    while at is not None:
        parent = at.parent
        seq = catalog.sections_node if parent is None else next(
            v for k, v in parent.node.value if type(k) is ScalarNode and k.value == "items")
        assert seq is not None
        node = at.node
        parts += (next(i for i, n in enumerate(seq.value) if n is node), "sections" if parent is None else "items")
        at = parent
    return tuple(reversed(parts))


_STR = "tag:yaml.org,2002:str"
_NULL = "tag:yaml.org,2002:null"
_INT = "tag:yaml.org,2002:int"
_TOP = frozenset(TOP_KEYS)


def _plain_int(node: Node) -> int | None:
    """The value of a scalar the safe schema reads as an integer written in plain decimal digits."""
    if type(node) is ScalarNode and node.tag == _INT:
        text = node.value.lstrip("+")
        digits = text[1:] if text.startswith("-") else text
        if digits.isdecimal() and digits.isascii() and "_" not in digits:
            return int(text)
    return None


def fits(root: Node, catalog: Catalog | None) -> bool:
    """Whether the tree certainly fits the catalog format (genhe_lint.catalog.schema) but for item keys the format
    does not know (``catalog.unknown_keys``, which GL002 reports itself), checked on the nodes without
    building Python data or importing pydantic: the top level here, the items while the model was built
    (``catalog.odd``). False means "ask the models": they find the errors (and where a value is merely
    unusual, like ``serial: 0x1F``, they decide)."""
    if type(root) is not MappingNode or catalog is None or catalog.odd:
        return False
    seen = set()
    for key, value in root.value:
        if type(key) is not ScalarNode or key.tag != _STR or key.value not in _TOP:
            return False
        name = key.value
        seen.add(name)
        tag = value.tag
        if name == "sections":
            if type(value) is not SequenceNode:
                return False
        elif name == "department":
            if type(value) is not ScalarNode or tag != _STR:
                return False
        elif name == "title":
            if type(value) is not ScalarNode or tag not in (_STR, _NULL):
                return False
        elif not (tag == _NULL and type(value) is ScalarNode) and _plain_int(value) is None:  # version
            return False
    return "department" in seen and "sections" in seen


def _head_span(ctx: Context, node: Node) -> Span:
    start = node.start_mark
    return Span(start.line + 1, start.column + 1, start.line + 1, start.column + 2)


def _where(loc: tuple[int | str, ...]) -> tuple[str, str]:
    if not loc:
        return "顶层", "at the top level"
    key = loc[-1]
    if isinstance(key, int):
        return f"第 {key + 1} 项", f"at entry {key + 1}"
    header = COLUMN_HEADERS.get(str(key))
    return (f"“{key}”（{header}）" if header else f"“{key}”"), f"'{key}'"


class UnusedSuppression(BaseRule):
    """
    无用的抑制注释（GL003 unused-suppression）

    检查什么：“# genhe-lint: disable=代码”注释所写的规则在它管辖的范围内并没有报出问题，或写了不存在的规则。
    这条规则在其他规则运行、抑制注释生效之后检查。

    为什么：问题修好以后留下的抑制注释会悄悄掩盖以后再出现的同类问题；写错代码的注释根本不起作用。

    示例（错误）：
        - name: 部门文件   # genhe-lint: disable=GL102
          content: 根河市民政局印发的主动公开文件      # 本部门名称，没有 GL102 问题

    修正：删除这条注释，或改正其中的规则代码。

    English: a suppression comment that suppresses nothing, or names an unknown rule.
    """

    code = "GL003"
    name = "unused-suppression"
    severity = Severity.WARNING
    summary = Msg("无用的抑制注释", "suppression comment suppresses nothing")
    needs_catalog = False
    post_pass = True  # runs after suppressions were applied; sees ctx.directives

    def check(self, ctx: Context) -> Iterable[Diagnostic]:
        from genhe_lint.lint import selection
        from genhe_lint.rules import ALL_RULES

        for directive in ctx.directives:
            for pattern in directive.patterns:
                if pattern in directive.used:
                    continue
                codes = {r.code for r in ALL_RULES if selection.matches(pattern, r.code, r.name)}
                span = Span(directive.line, directive.column, directive.line, directive.column + 1)
                if not codes:
                    yield ctx.report(self, span, f"抑制注释中的规则“{pattern}”不存在",
                                     f"unknown rule '{pattern}' in suppression comment",
                                     hint=("genhe-lint rules 列出全部规则", "genhe-lint rules lists all rules"))
                elif codes & ctx.ran_codes:  # a rule that did not run (deselected) is not this run's business
                    yield ctx.report(self, span, f"抑制注释“{pattern}”没有抑制任何问题，可以删除",
                                     f"suppression of '{pattern}' suppresses nothing; remove it",
                                     hint=("删除这条注释", "remove the comment"))


RULES: list[type[BaseRule]] = [YamlSyntaxError, InvalidCatalogFormat, UnusedSuppression]
