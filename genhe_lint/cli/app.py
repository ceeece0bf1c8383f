"""The command line: a thin typer app. Exit codes: 0 no error-level finding, 1 findings, 2 usage/config.

What ``check`` does is :func:`genhe_lint.cli.check.run_check` (typer-free): the console script
(:mod:`genhe_lint.cli.entry`) calls it directly for the usual invocations and comes here for everything else
(help, usage errors, the other commands), so the two always do the same.
"""

from __future__ import annotations

import enum
import sys
from pathlib import Path
from typing import Annotated, Any, NoReturn, Optional

import typer

from genhe_lint import __version__
from genhe_lint.cli.check import FORMAT_NAMES, UsageFailure, common_setup, lint, run_check

app = typer.Typer(
    name="genhe-lint",
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


def _fail_usage(message: str) -> NoReturn:
    typer.echo(f"genhe-lint: {message}", err=True)
    raise typer.Exit(2)


LangOpt = Annotated[Lang, typer.Option("--lang", envvar="GENHE_LINT_LANG", help="提示语言 / message language")]


ListOpt = Optional[list[str]]  # noqa: UP045 - typer reads the annotation at run time
PathOpt = Optional[Path]  # noqa: UP045


def _common_setup(
    paths: list[str], config: str | None, isolated: bool, lang: Lang | None, rules_dir: list[str] | None,
    select: list[str] | None, ignore: list[str] | None,
) -> tuple[Any, Any, str, Path | None]:
    """Settings (config file, then flags) -> (lint options, rule data, language, config file).

    Exits 2 on a bad set-up."""
    try:
        return common_setup(paths, config, isolated, lang.value if lang else None, rules_dir, select, ignore)
    except UsageFailure as exc:
        _fail_usage(exc.message)


def _run(paths: list[str], options: Any, data: Any, jobs: int, cache_at: tuple[Path | None, Path | None] | None) -> Any:
    """Lint (see :func:`genhe_lint.cli.check.lint`); exits 2 on a usage error."""
    try:
        return lint(paths, options, data, jobs, cache_at)
    except UsageFailure as exc:
        _fail_usage(exc.message)


@app.command()
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
        ListOpt, typer.Option("--rules-dir", help="额外的规则数据目录（扩展或覆盖内置数据）/ extra rule-data folder"),
    ] = None,
    select: Annotated[
        ListOpt, typer.Option("--select", help="只运行这些规则（代码、前缀或名称）/ run only these rules"),
    ] = None,
    ignore: Annotated[ListOpt, typer.Option("--ignore", help="不运行这些规则 / skip these rules")] = None,
    config: Annotated[
        Optional[str],  # noqa: UP045
        typer.Option("--config", help="配置文件（默认向上查找 .genhe-lint.yaml 或 pyproject.toml）/ config file"),
    ] = None,
    isolated: Annotated[bool, typer.Option("--isolated", help="不读任何配置文件 / ignore all config files")] = False,
    fix: Annotated[bool, typer.Option("--fix", help="自动修正可安全修正的问题 / apply safe fixes in place")] = False,
    unsafe_fixes: Annotated[
        bool, typer.Option("--unsafe-fixes", help="也应用需人工确认的修正 / also apply unsafe (fuzzy) fixes"),
    ] = False,
    diff: Annotated[
        bool, typer.Option("--diff", help="只显示修正的差异，不写文件 / show fixes as a diff, write nothing"),
    ] = False,
    baseline_file: Annotated[
        PathOpt, typer.Option("--baseline", help="只报告基线文件中没有的新问题 / report only findings not in this baseline"),
    ] = None,
    diff_base: Annotated[
        Optional[str],  # noqa: UP045
        typer.Option("--diff-base", help="只报告自 REF 以来改动的行上的问题 / only lines changed since this git ref"),
    ] = None,
    jobs: Annotated[
        int, typer.Option("--jobs", "-j", min=0, help="并行进程数（0 = 全部核心）/ worker processes (0 = all cores)"),
    ] = 0,
    no_cache: Annotated[bool, typer.Option("--no-cache", help="不使用缓存 / do not read or write the cache")] = False,
    cache_dir: Annotated[
        PathOpt, typer.Option("--cache-dir", help="缓存目录（默认 .genhe-lint-cache）/ cache folder"),
    ] = None,
    color: Annotated[
        Optional[bool],  # noqa: UP045
        typer.Option("--color/--no-color", help="彩色输出（默认：终端上彩色）/ colour output"),
    ] = None,
    output: Annotated[
        PathOpt, typer.Option("--output", "-o", help="写入文件而不是标准输出 / write to a file instead of stdout"),
    ] = None,
) -> None:
    """检查目录文件 / lint catalog files."""
    raise typer.Exit(run_check(
        paths, output_format=output_format, lang=lang.value if lang else None, rules_dir=rules_dir, select=select,
        ignore=ignore, config=config, isolated=isolated, fix=fix, unsafe_fixes=unsafe_fixes, diff=diff,
        baseline_file=baseline_file, diff_base=diff_base, jobs=jobs, no_cache=no_cache, cache_dir=cache_dir,
        color=color, output=output))


@app.command()
def baseline(
    paths: Annotated[list[str], typer.Argument(help="目录文件或文件夹 / catalog files or folders")],
    output: Annotated[Path, typer.Option("--output", "-o", help="基线文件 / baseline file to write")],
    config: Annotated[Optional[str], typer.Option("--config", help="配置文件 / config file")] = None,  # noqa: UP045
    rules_dir: Annotated[ListOpt, typer.Option("--rules-dir", help="额外的规则数据目录 / extra rule data")] = None,
) -> None:
    """记录现有问题，之后 check --baseline 只报告新问题 / record today's findings as a baseline."""
    from genhe_lint.lint import baseline as baselines

    options, data, _, _ = _common_setup(paths, config, False, None, rules_dir, None, None)
    result = _run(paths, options, data, 0, None)
    count = baselines.write(output, result.diagnostics, result.lines)
    typer.echo(f"已记录 {count} 个问题到 {output} / recorded {count} finding(s) in {output}", err=True)


@app.command()
def report(
    paths: Annotated[list[str], typer.Argument(help="目录文件或文件夹 / catalog files or folders")],
    output: Annotated[Path, typer.Option("--output", "-o", help="HTML 报告文件 / the HTML report to write")],
    lang: Annotated[
        Optional[Lang],  # noqa: UP045
        typer.Option("--lang", envvar="GENHE_LINT_LANG", help="报告语言 / report language (zh, en)"),
    ] = None,
    config: Annotated[Optional[str], typer.Option("--config", help="配置文件 / config file")] = None,  # noqa: UP045
    rules_dir: Annotated[ListOpt, typer.Option("--rules-dir", help="额外的规则数据目录 / extra rule data")] = None,
    no_cache: Annotated[bool, typer.Option("--no-cache", help="不使用缓存 / do not use the cache")] = False,
) -> None:
    """全市目录检查报告（一个自包含的 HTML 页面）/ city-wide report as one self-contained HTML page."""
    from genhe_lint.output import report as reporting

    options, data, language, source = _common_setup(paths, config, False, lang, rules_dir, None, None)
    result = _run(paths, options, data, 0, None if no_cache else (None, source))
    output.write_text(reporting.render(result, data, language), encoding="utf-8")
    typer.echo(f"报告已写入 {output} / report written to {output}", err=True)


@app.command("config")
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
        _fail_usage(f"配置错误 / configuration error: {exc}")
    typer.echo(f"# 配置文件 / config file: {loaded.source or '（无，使用默认值）/ none, defaults'}")
    typer.echo(f"# 内置规则数据 / built-in rule data: {ruledata.default_dir()}")
    typer.echo(json.dumps(loaded.settings.to_dict(), ensure_ascii=False, indent=2))


@app.command("rules")
def list_rules(
    lang: LangOpt = Lang.zh,
    markdown: Annotated[
        bool, typer.Option("--markdown", help="输出全部规则文档（Markdown，即 docs/rules.md）/ full docs as Markdown"),
    ] = False,
) -> None:
    """列出全部规则 / list all rules."""
    from rich.console import Console
    from rich.table import Table

    from genhe_lint.rules import ALL_RULES

    if markdown:
        from genhe_lint.rules.docs import rules_markdown

        sys.stdout.write(rules_markdown())
        return

    en = lang is Lang.en
    table = Table(title="genhe-lint rules" if en else "genhe-lint 规则")
    for header in (("代码", "code"), ("名称", "name"), ("级别", "severity"), ("可修正", "fixable"), ("说明", "summary")):
        table.add_column(header[1] if en else header[0])
    for rule in ALL_RULES:
        table.add_row(rule.code, rule.name, rule.severity.value, "✓" if rule.fixable else "",
                      rule.summary.get(lang.value))
    console = Console()
    if not console.is_terminal:
        console.width = 160  # a pipe or file: do not cut the summaries at 80 columns
    console.print(table)


@app.command()
def explain(
    rule: Annotated[str, typer.Argument(help="规则代码或名称，如 GL101 / rule code or name")],
) -> None:
    """显示规则的说明 / show a rule's documentation."""
    from genhe_lint.rules import find
    from genhe_lint.rules.docs import explain_text

    found = find(rule)
    if found is None:
        _fail_usage(f"没有这条规则 / no such rule: {rule} (genhe-lint rules 列出全部规则)")
    typer.echo(explain_text(found))


@app.command()
def schema(
    output: Annotated[
        Optional[Path],  # noqa: UP045
        typer.Option("--output", "-o", help="写入文件 / write to a file"),
    ] = None,
) -> None:
    """输出目录格式的 JSON Schema（供编辑器补全和悬停提示）/ print the catalog JSON Schema."""
    from genhe_lint.catalog.schema import json_schema_text

    text = json_schema_text()
    if output is None:
        sys.stdout.write(text)
    else:
        output.write_text(text, encoding="utf-8")


def main(argv: list[str] | None = None) -> None:
    """The typer app, for ``argv`` (default: the command line). Never shows a traceback; an internal fault
    exits 2 with a short report. The console script starts in :func:`genhe_lint.cli.entry.main`, which comes here
    for whatever it does not handle itself."""
    for stream in (sys.stdout, sys.stderr):
        # A file name that is not UTF-8 (a GBK name from a Windows zip) is printed escaped, never a crash.
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            reconfigure(errors="backslashreplace")
    try:
        app(args=argv)
    except SystemExit:
        raise
    except KeyboardInterrupt:
        sys.stderr.write("genhe-lint: 已中断 / interrupted\n")
        sys.exit(130)
    except Exception as exc:  # pragma: no cover - a bug; say so plainly
        sys.stderr.write(
            f"genhe-lint: 内部错误 / internal error: {type(exc).__name__}: {exc}\n"
            "请把这条信息和所检查的文件报告给维护者 / please report this with the file being checked.\n")
        sys.exit(2)


# import / export (genhe_lint/convert): registered here so `genhe-lint --help` lists them.
from genhe_lint.cli.convert import register as _register_convert  # noqa: E402

_register_convert(app)
