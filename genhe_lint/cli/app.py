"""The command line: one typer app parses every invocation (the console script ``genhe-lint`` and
``python -m genhe_lint`` both start in :func:`genhe_lint.cli.main`). Exit codes: 0 no error-level finding,
1 findings, 2 usage or configuration error, or an internal error.

Each command imports what it needs in its body, so a run loads only its own command's modules.
:func:`error_handler` is the one place where a :class:`genhe_lint.errors.UsageError` becomes its message
and exit code 2, and an unexpected exception a short report and exit code 2.
"""

from __future__ import annotations

import contextlib
import enum
import errno
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Annotated, Any, Optional

import typer
from typer._click import exceptions as click_errors  # typer's own copy of click (typer is pinned)
from typer.core import TyperCommand, TyperGroup

from genhe_lint import __version__
from genhe_lint.cli.check import FORMAT_NAMES, CheckRequest
from genhe_lint.cli.messages import say
from genhe_lint.cli.usage import BilingualHelp, NoSuchCommand, install_help_labels
from genhe_lint.errors import UsageError

install_help_labels()

INTERNAL_ERROR = ("genhe-lint: 内部错误 / internal error: {kind}: {error}\n"
                  "请把这条信息和所检查的文件报告给维护者 / "
                  "please report this with the file being checked.\n")


@contextlib.contextmanager
def error_handler() -> Iterator[None]:
    """Around every command: a usage error is one line on stderr and exit code 2; any other fault is a short
    report and exit code 2, never a traceback. typer's exits and usage errors, end of input, Ctrl-C and a
    closed output pipe go on to typer, which reports them as click does."""
    try:
        yield
    except UsageError as exc:
        say(f"genhe-lint: {exc}")
        raise typer.Exit(2) from None
    except (typer.Exit, typer.Abort, typer.TyperException, EOFError):
        raise
    except Exception as exc:
        if isinstance(exc, OSError) and exc.errno == errno.EPIPE:
            raise
        say(INTERNAL_ERROR.format(kind=type(exc).__name__, error=exc).rstrip("\n"))
        raise typer.Exit(2) from None


class _Commands(BilingualHelp, TyperGroup):
    """The app's group: runs each command inside :func:`error_handler`, and renders click's parse errors
    (unknown command or option, missing argument, bad value) through :mod:`genhe_lint.cli.usage`: one
    message in the user's language naming the wrong word, exit code 2."""

    def invoke(self, ctx: Any) -> Any:
        with error_handler():
            return super().invoke(ctx)

    command_line: tuple[str, ...] = ()  # the words after the program name, as typer passed them

    def make_context(self, info_name: str | None, args: list[str], parent: Any = None, **extra: Any) -> Any:
        self.command_line = tuple(args)
        return super().make_context(info_name, args, parent, **extra)

    def resolve_command(self, ctx: Any, args: list[str]) -> Any:
        try:
            return super().resolve_command(ctx, args)
        except click_errors.UsageError as exc:
            if type(exc) is not click_errors.UsageError or not args or args[0] in self.commands:
                raise
            import difflib

            near = difflib.get_close_matches(args[0], list(self.commands))
            raise NoSuchCommand(args[0], near, ctx) from None

    def main(self, args: Sequence[str] | None = None, prog_name: str | None = None,
             complete_var: str | None = None, standalone_mode: bool = True, windows_expand_args: bool = True,
             **extra: Any) -> Any:
        from genhe_lint.cli import usage

        try:
            code = super().main(args, prog_name, complete_var, standalone_mode=False,
                               windows_expand_args=windows_expand_args, **extra)
        except click_errors.ClickException as exc:
            say(usage.render(exc, usage.english(self.command_line)))
            code = 2
        except typer.Abort:
            say("已中止 / aborted")
            code = 1
        if not standalone_mode:
            return code
        sys.exit(code if isinstance(code, int) else 0)


class _Command(BilingualHelp, TyperCommand):
    """Each command: bilingual usage line and ``--help``."""


app = typer.Typer(
    name="genhe-lint",
    cls=_Commands,
    help="政府信息主动公开目录检查工具 / linter for government information-disclosure catalogs.",
    add_completion=False,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)


class Lang(enum.StrEnum):
    zh = "zh"
    en = "en"


def _version(value: bool) -> None:
    if value:
        typer.echo(f"genhe-lint {__version__}")
        raise typer.Exit(0)


@app.callback()
def _root(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="显示版本 / show the version")
    ] = False,
) -> None:
    """政府信息主动公开目录检查工具 / linter for government information-disclosure catalogs."""


LangOpt = Annotated[
    Lang, typer.Option("--lang", envvar="GENHE_LINT_LANG", help="提示语言 / message language"),
]


ListOpt = Optional[list[str]]  # noqa: UP045 - typer reads the annotation at run time
PathOpt = Optional[Path]  # noqa: UP045


@app.command(cls=_Command)
def check(
    paths: Annotated[list[str], typer.Argument(help="目录文件或文件夹 / catalog files or folders")],
    output_format: Annotated[
        str, typer.Option("--format", "-f", help="输出格式 / output format: " + ", ".join(FORMAT_NAMES))
    ] = "text",
    lang: Annotated[
        Optional[Lang],  # noqa: UP045
        typer.Option("--lang", envvar="GENHE_LINT_LANG", help="提示语言 / message language (zh, en)"),
    ] = None,
    rules_dir: Annotated[
        ListOpt,
        typer.Option("--rules-dir", help="额外的规则数据目录（扩展或覆盖内置数据）/ extra rule-data folder"),
    ] = None,
    select: Annotated[
        ListOpt, typer.Option("--select", help="只运行这些规则（代码、前缀或名称）/ run only these rules"),
    ] = None,
    ignore: Annotated[ListOpt, typer.Option("--ignore", help="不运行这些规则 / skip these rules")] = None,
    config: Annotated[
        Optional[str],  # noqa: UP045
        typer.Option("--config",
                     help="配置文件（默认向上查找 .genhe-lint.yaml 或 pyproject.toml）/ config file"),
    ] = None,
    isolated: Annotated[
        bool, typer.Option("--isolated", help="不读任何配置文件 / ignore all config files"),
    ] = False,
    fix: Annotated[
        bool, typer.Option("--fix", help="自动修正可安全修正的问题 / apply safe fixes in place"),
    ] = False,
    unsafe_fixes: Annotated[
        bool, typer.Option("--unsafe-fixes", help="也应用需人工确认的修正 / also apply unsafe (fuzzy) fixes"),
    ] = False,
    diff: Annotated[
        bool, typer.Option("--diff", help="只显示修正的差异，不写文件 / show fixes as a diff, write nothing"),
    ] = False,
    baseline_file: Annotated[
        PathOpt,
        typer.Option("--baseline",
                     help="只报告基线文件中没有的新问题（默认用配置文件的 baseline）/ "
                          "report only findings not in this baseline (default: the config file's)"),
    ] = None,
    no_baseline: Annotated[
        bool, typer.Option("--no-baseline",
                           help="不用配置文件中的基线 / leave the config file's baseline unused"),
    ] = False,
    diff_base: Annotated[
        Optional[str],  # noqa: UP045
        typer.Option("--diff-base",
                     help="只报告自 REF 以来新出现的问题（按问题比较，不按行）/ "
                          "only findings that are new since this git ref"),
    ] = None,
    follow_symlinks: Annotated[
        bool,
        typer.Option("--follow-symlinks",
                     help="也读取指向所查文件夹之外的符号链接 / "
                          "also read symbolic links that lead out of the folders checked"),
    ] = False,
    jobs: Annotated[
        int,
        typer.Option("--jobs", "-j", min=0,
                     help="并行进程数（0 = 全部核心）/ worker processes (0 = all cores)"),
    ] = 0,
    no_cache: Annotated[
        bool, typer.Option("--no-cache", help="不使用缓存 / do not read or write the cache"),
    ] = False,
    cache_dir: Annotated[
        PathOpt, typer.Option("--cache-dir", help="缓存目录（默认 .genhe-lint-cache）/ cache folder"),
    ] = None,
    color: Annotated[
        Optional[bool],  # noqa: UP045
        typer.Option("--color/--no-color", help="彩色输出（默认：终端上彩色）/ colour output"),
    ] = None,
    output: Annotated[
        PathOpt,
        typer.Option("--output", "-o", help="写入文件而不是标准输出 / write to a file instead of stdout"),
    ] = None,
) -> None:
    """检查目录文件 / lint catalog files."""
    from genhe_lint.cli.check import run_check

    request = CheckRequest(
        tuple(paths), output_format=output_format, lang=lang.value if lang else None,
        rules_dirs=tuple(rules_dir or ()), select=tuple(select or ()), ignore=tuple(ignore or ()),
        config=config, isolated=isolated, fix=fix, unsafe_fixes=unsafe_fixes, diff=diff,
        baseline=baseline_file, no_baseline=no_baseline, diff_base=diff_base, jobs=jobs, no_cache=no_cache,
        cache_dir=cache_dir,
        color=color, output=output, follow_symlinks=follow_symlinks)
    raise typer.Exit(run_check(request))


@app.command(cls=_Command)
def baseline(
    paths: Annotated[list[str], typer.Argument(help="目录文件或文件夹 / catalog files or folders")],
    output: Annotated[
        PathOpt, typer.Option("--output", "-o",
                              help="基线文件（默认为配置文件的 baseline）/ "
                                   "baseline file (default: the config's)"),
    ] = None,
    config: Annotated[Optional[str], typer.Option("--config", help="配置文件 / config file")] = None,  # noqa: UP045
    rules_dir: Annotated[
        ListOpt, typer.Option("--rules-dir", help="额外的规则数据目录 / extra rule data"),
    ] = None,
) -> None:
    """记录现有问题，之后 check --baseline 只报告新问题 / record today's findings as a baseline."""
    from genhe_lint.cli.check import lint, prepare
    from genhe_lint.lint import baseline as baselines

    request = CheckRequest(tuple(paths), config=config, rules_dirs=tuple(rules_dir or ()), no_cache=True)
    prepared = prepare(request)
    output = output or prepared.baseline
    if output is None:
        raise UsageError("请用 -o/--output 指定基线文件，或在配置文件中写 baseline: PATH / "
                         "give the baseline file with -o/--output, or set baseline: PATH in the config file")
    result = lint(request, prepared)
    from genhe_lint import writing

    text, count = baselines.dumps(result.diagnostics, result.lines)
    output.parent.mkdir(parents=True, exist_ok=True)
    writing.write_text(output, text)
    say(f"已记录 {count} 个问题到 {output} / recorded {count} finding(s) in {output}")


@app.command(cls=_Command)
def report(
    paths: Annotated[list[str], typer.Argument(help="目录文件或文件夹 / catalog files or folders")],
    output: Annotated[Path, typer.Option("--output", "-o", help="HTML 报告文件 / the HTML report to write")],
    lang: Annotated[
        Optional[Lang],  # noqa: UP045
        typer.Option("--lang", envvar="GENHE_LINT_LANG", help="报告语言 / report language (zh, en)"),
    ] = None,
    config: Annotated[Optional[str], typer.Option("--config", help="配置文件 / config file")] = None,  # noqa: UP045
    rules_dir: Annotated[
        ListOpt, typer.Option("--rules-dir", help="额外的规则数据目录 / extra rule data"),
    ] = None,
    no_cache: Annotated[bool, typer.Option("--no-cache", help="不使用缓存 / do not use the cache")] = False,
) -> None:
    """全市目录检查报告（一个自包含的 HTML 页面）/ city-wide report as one self-contained HTML page."""
    from dataclasses import replace

    from genhe_lint.cli.check import lint, prepare
    from genhe_lint.output import report as reporting

    request = CheckRequest(tuple(paths), lang=lang.value if lang else None, config=config,
                           rules_dirs=tuple(rules_dir or ()), no_cache=no_cache)
    prepared = prepare(request)
    # the report shows every catalog's department and standard items, whatever rules the settings select
    prepared = replace(prepared, options=replace(prepared.options, report=True))
    result = lint(request, prepared)
    from genhe_lint import writing

    writing.write_text(output, reporting.render(result, prepared.data, prepared.lang))
    say(f"报告已写入 {output} / report written to {output}")


@app.command("config", cls=_Command)
def show_config(
    paths: Annotated[ListOpt, typer.Argument(help="从这里向上查找配置 / where to look for config")] = None,
    config: Annotated[Optional[str], typer.Option("--config", help="配置文件 / config file")] = None,  # noqa: UP045
) -> None:
    """显示生效的配置及其来源 / show the effective settings and where they come from."""
    import json

    from genhe_lint import ruledata
    from genhe_lint.config import settings

    try:
        loaded = settings.load(paths or [], config)
    except settings.ConfigError as exc:
        raise UsageError(f"配置错误 / configuration error: {exc}") from None
    typer.echo(f"# 配置文件 / config file: {loaded.source or '（无，使用默认值）/ none, defaults'}")
    typer.echo(f"# 内置规则数据 / built-in rule data: {ruledata.default_dir()}")
    typer.echo(json.dumps(loaded.settings.to_dict(), ensure_ascii=False, indent=2))


@app.command("rules", cls=_Command)
def list_rules(
    lang: LangOpt = Lang.zh,
    markdown: Annotated[
        bool,
        typer.Option("--markdown",
                     help="输出全部规则文档（Markdown，即 docs/rules.md）/ full docs as Markdown"),
    ] = False,
) -> None:
    """列出全部规则 / list all rules."""
    from genhe_lint.rules import ALL_RULES

    if markdown:
        from genhe_lint.rules.docs import rules_markdown

        sys.stdout.write(rules_markdown())
        return

    from rich.console import Console
    from rich.table import Table

    en = lang is Lang.en
    table = Table(title="genhe-lint rules" if en else "genhe-lint 规则")
    headers = (("代码", "code"), ("名称", "name"), ("级别", "severity"), ("可修正", "fixable"),
               ("说明", "summary"))
    for header in headers:
        table.add_column(header[1] if en else header[0])
    for rule in ALL_RULES:
        table.add_row(rule.code, rule.name, rule.severity.label(lang.value), "✓" if rule.fixable else "",
                      rule.summary.get(lang.value))
    console = Console()
    if not console.is_terminal:
        console.width = 160  # a pipe or file: do not cut the summaries at 80 columns
    console.print(table)


@app.command(cls=_Command)
def explain(
    rule: Annotated[str, typer.Argument(help="规则代码或名称，如 GL101 / rule code or name")],
) -> None:
    """显示规则的说明 / show a rule's documentation."""
    from genhe_lint.rules import find
    from genhe_lint.rules.docs import explain_text

    found = find(rule)
    if found is None:
        raise UsageError(f"没有这条规则 / no such rule: {rule} (genhe-lint rules 列出全部规则)")
    typer.echo(explain_text(found))


@app.command(cls=_Command)
def schema(
    output: Annotated[
        Optional[Path],  # noqa: UP045
        typer.Option("--output", "-o",
                     help="写入文件（--all 时为文件夹）/ write to a file (a folder with --all)"),
    ] = None,
    write_all: Annotated[
        bool,
        typer.Option("--all", help="写出全部 JSON Schema：目录、配置、规则数据 / "
                                   "write every schema: catalog, settings, rule data"),
    ] = False,
) -> None:
    """输出目录格式的 JSON Schema（供编辑器补全和悬停提示）/ print the catalog JSON Schema."""
    from genhe_lint import writing
    from genhe_lint.catalog.schema import json_schema_text

    if write_all:
        from genhe_lint.config import model as settings_model
        from genhe_lint.ruledata import models as ruledata_models

        folder = output or Path("schema")
        texts = {"catalog.schema.json": json_schema_text(),
                 "settings.schema.json": settings_model.json_schema_text(),
                 **ruledata_models.json_schema_texts()}
        for relative, text in texts.items():
            target = folder / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            writing.write_text(target, text)
        return
    text = json_schema_text()
    if output is None:
        sys.stdout.write(text)
    else:
        writing.write_text(output, text)


@app.command(cls=_Command)
def changes(
    paths: Annotated[
        ListOpt, typer.Argument(help="目录文件或文件夹（默认当前文件夹），或 OLD NEW 两个文件 / "
                                     "catalogs, or two files"),
    ] = None,
    base: Annotated[
        Optional[str],  # noqa: UP045
        typer.Option("--base",
                     help="与这个 git 修订比较（分支、标签或提交）/ compare with this git revision"),
    ] = None,
    output_format: Annotated[
        str, typer.Option("--format", "-f", help="输出格式 / output format: text, json, markdown"),
    ] = "text",
    lang: LangOpt = Lang.zh,
    findings: Annotated[
        PathOpt,
        typer.Option("--findings",
                     help="check --format json 的输出，其问题列在 Markdown 摘要最前 / "
                          "findings to list first"),
    ] = None,
) -> None:
    """列出改动的事项：新增、删除、改名、移动、字段修改 / what a change does to the catalogs' items."""
    from genhe_lint.cli.changes import run_changes

    raise typer.Exit(run_changes(list(paths or []), base, output_format, lang.value, findings))


@app.command(cls=_Command)
def server(
    lang: Annotated[
        Optional[Lang],  # noqa: UP045
        typer.Option("--lang", envvar="GENHE_LINT_LANG",
                     help="提示语言（默认：配置文件的 lang）/ message language (default: the config file's)"),
    ] = None,
    stdio: Annotated[
        bool, typer.Option("--stdio", help="经标准输入输出通信（默认，也是唯一方式）/ talk over stdin/stdout "
                                           "(the default and only transport)"),
    ] = False,
) -> None:
    """语言服务器（LSP，经标准输入输出），供编辑器使用 / language server (LSP over stdio) for editors."""
    from genhe_lint.server.app import serve

    raise typer.Exit(serve(lang.value if lang else None))


# import / export (genhe_lint/convert): registered here so `genhe-lint --help` lists them.
from genhe_lint.cli.convert import register as _register_convert  # noqa: E402

_register_convert(app, _Command)
