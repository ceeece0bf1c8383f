"""The command line: a thin typer app. Exit codes: 0 no error-level finding, 1 findings, 2 usage/config."""

from __future__ import annotations

import enum
import sys
from pathlib import Path
from typing import Annotated, NoReturn, Optional

import typer

from genhe_lint import __version__

app = typer.Typer(
    name="genhe-lint",
    help="政府信息主动公开目录检查工具 / linter for government information-disclosure catalogs.",
    add_completion=False,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)


class Lang(str, enum.Enum):
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


# Kept in step with genhe_lint.formatters.FORMATTERS (a test checks); listed here so --help stays fast.
FORMAT_NAMES = ("text", "json")

LangOpt = Annotated[Lang, typer.Option("--lang", envvar="GENHE_LINT_LANG", help="提示语言 / message language")]


@app.command()
def check(
    paths: Annotated[list[str], typer.Argument(help="目录文件或文件夹 / catalog files or folders")],
    output_format: Annotated[
        str, typer.Option("--format", "-f", help="输出格式 / output format: " + ", ".join(FORMAT_NAMES))
    ] = "text",
    lang: LangOpt = Lang.zh,
    rules_dir: Annotated[
        Optional[list[str]],  # noqa: UP045 - typer reads the annotation at run time
        typer.Option("--rules-dir", help="额外的规则数据目录（扩展或覆盖内置数据）/ extra rule-data folder"),
    ] = None,
    select: Annotated[
        Optional[list[str]],  # noqa: UP045
        typer.Option("--select", help="只运行这些规则（代码、前缀或名称）/ run only these rules"),
    ] = None,
    ignore: Annotated[
        Optional[list[str]],  # noqa: UP045
        typer.Option("--ignore", help="不运行这些规则 / skip these rules"),
    ] = None,
    color: Annotated[
        Optional[bool],  # noqa: UP045
        typer.Option("--color/--no-color", help="彩色输出（默认：终端上彩色）/ colour output"),
    ] = None,
    output: Annotated[
        Optional[Path],  # noqa: UP045
        typer.Option("--output", "-o", help="写入文件而不是标准输出 / write to a file instead of stdout"),
    ] = None,
) -> None:
    """检查目录文件 / lint catalog files."""
    from genhe_lint import engine, ruledata
    from genhe_lint.formatters import FORMATTERS, text

    if output_format not in FORMAT_NAMES:
        _fail_usage(f"未知的输出格式 / unknown format: {output_format} (可选 / choose from: {', '.join(FORMAT_NAMES)})")
    unknown = [p for p in (select or []) + (ignore or []) if not _is_rule_pattern(p)]
    if unknown:
        _fail_usage(f"未知的规则 / unknown rule: {', '.join(unknown)} (genhe-lint rules 列出全部规则)")
    try:
        data = ruledata.load(tuple(rules_dir or ()))
    except ruledata.RuleDataError as exc:
        _fail_usage(f"规则数据错误 / rule-data error: {exc}")
    selection = engine.Selection(tuple(select or ()), tuple(ignore or ()))
    try:
        result = engine.lint_paths(paths, data, selection)
    except engine.UsageError as exc:
        _fail_usage(str(exc))
    if not result.files:
        typer.echo("genhe-lint: 没有找到目录文件（*.yaml）/ no catalog files found", err=True)
    stream = output.open("w", encoding="utf-8") if output else sys.stdout
    try:
        if output_format == "text":
            text.render(result, lang.value, stream, color=color if output is None else False)
        else:
            FORMATTERS[output_format](result, lang.value, stream)
    finally:
        if output:
            stream.close()
    raise typer.Exit(1 if result.has_errors else 0)


def _is_rule_pattern(pattern: str) -> bool:
    from genhe_lint.rules import ALL_RULES

    p = pattern.strip()
    return any(r.code.startswith(p.upper()) or r.name == p.lower() for r in ALL_RULES) and bool(p)


@app.command("rules")
def list_rules(lang: LangOpt = Lang.zh) -> None:
    """列出全部规则 / list all rules."""
    from rich.console import Console
    from rich.table import Table

    from genhe_lint.rules import ALL_RULES

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

    found = find(rule)
    if found is None:
        _fail_usage(f"没有这条规则 / no such rule: {rule} (genhe-lint rules 列出全部规则)")
    flags = f"级别 severity: {found.severity.value}" + ("；可自动修正 fixable" if found.fixable else "")
    typer.echo(f"{found.code} {found.name}\n{flags}\n\n{found.doc()}")


@app.command()
def schema(
    output: Annotated[
        Optional[Path],  # noqa: UP045
        typer.Option("--output", "-o", help="写入文件 / write to a file"),
    ] = None,
) -> None:
    """输出目录格式的 JSON Schema（供编辑器补全和悬停提示）/ print the catalog JSON Schema."""
    from genhe_lint.schema import json_schema_text

    text = json_schema_text()
    if output is None:
        sys.stdout.write(text)
    else:
        output.write_text(text, encoding="utf-8")


def main() -> None:
    """Entry point: never shows a traceback; an internal fault exits 2 with a short report."""
    try:
        app()
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
