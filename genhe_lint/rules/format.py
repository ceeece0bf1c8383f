"""GL0xx: the file itself: readable YAML, and the shape of the catalog format."""

from __future__ import annotations

from collections.abc import Iterable

from genhe_lint.diagnostic import Diagnostic, Msg, Severity, Span
from genhe_lint.rules.base import BaseRule, Context


class YamlSyntaxError(BaseRule):
    """
    文件无法作为 YAML 读取（GL001 yaml-syntax-error）

    检查什么：文件不是 UTF-8 文本、YAML 语法错误（缩进、制表符、未闭合的引号或括号、多余的冒号）、
    重复的键、锚点和别名。

    为什么：读不出来的文件，其余规则都无法检查；重复的键会让后一个值悄悄覆盖前一个。

    示例：
        name: 政策解读
          content: 对规范性文件的解读    # 缩进多了两格

    改为：
        name: 政策解读
        content: 对规范性文件的解读

    按提示修改所在行；值里含有“: ”时给整个值加引号；用空格缩进。

    修正是否安全：没有自动修正，--fix 不改动。

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


class InvalidCatalogFormat(BaseRule):
    """
    文件不符合目录格式（GL002 invalid-catalog-format）

    检查什么：顶层须为映射，含 department 和 sections；每个事项须有 name；只能使用约定的键
    （serial、name、content、deadline、publisher、channels、audience、unit、items）；
    值的类型须正确（serial 为整数，channels、audience 为列表，其余为文字）；version 不能高于工具支持的版本。

    为什么：键名拼错（如 chanels）时，这一列的内容会被悄悄忽略，其他检查也就查不到它。

    示例：
        - name: 政策解读
          chanels: [政府网站]      # 应为 channels

    改为：
        - name: 政策解读
          channels: [政府网站]

    按提示改正键名或值的写法；参见 docs/format.md 的键与表头对照表。

    修正是否安全：没有自动修正，--fix 不改动。

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
                yield ctx.report(
                    self, Span(1, 1, 1, 1), "文件是空的，没有目录内容", "file is empty: no catalog in it",
                    hint=("至少需要 department 和 sections", "a catalog needs department and sections"))
            return
        if any(p.kind == "alias" for p in ctx.document.problems):
            return  # expanding aliases could explode; GL001 already reported them
        from genhe_lint.catalog.validate import problems  # imported when a file is checked

        # The plain data is read only here: it is taken off the document and freed once validated, while
        # it is still in the cache, not with the tree at the end of the file's pass.
        data, ctx.document.data = ctx.document.data, None
        for p in problems(root, ctx.document.source, data):
            yield ctx.report(self, p.span, p.zh, p.en, hint=p.hint, data=p.data)


class UnusedSuppression(BaseRule):
    """
    无用的抑制注释（GL003 unused-suppression）

    检查什么：“# genhe-lint: disable=代码”注释所写的规则在它管辖的范围内并没有报出问题，或写了不存在的规则。
    这条规则在其他规则运行、抑制注释生效之后检查。

    为什么：问题修好以后留下的抑制注释会悄悄掩盖以后再出现的同类问题；写错代码的注释根本不起作用。

    示例：
        - name: 部门文件   # genhe-lint: disable=GL102
          content: 根河市民政局印发的主动公开文件      # 本部门名称，没有 GL102 问题

    改为：
        - name: 部门文件
          content: 根河市民政局印发的主动公开文件

    删除这条注释，或改正其中的规则代码。

    修正是否安全：没有自动修正，--fix 不改动。

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
                    yield ctx.report(
                        self, span, f"抑制注释中的规则“{pattern}”不存在",
                        f"unknown rule '{pattern}' in suppression comment",
                        hint=("genhe-lint rules 列出全部规则", "genhe-lint rules lists all rules"))
                elif codes & ctx.ran_codes:  # a rule that did not run (deselected) is not this run's business
                    yield ctx.report(self, span, f"抑制注释“{pattern}”没有抑制任何问题，可以删除",
                                     f"suppression of '{pattern}' suppresses nothing; remove it",
                                     hint=("删除这条注释", "remove the comment"))


RULES: list[type[BaseRule]] = [YamlSyntaxError, InvalidCatalogFormat, UnusedSuppression]
