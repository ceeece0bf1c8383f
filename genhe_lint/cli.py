"""The command line: a thin typer app. Exit codes: 0 no error-level finding, 1 findings, 2 usage/config."""

from __future__ import annotations

import enum
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Annotated, Any, NoReturn, Optional

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


# Kept in step with genhe_lint.formatters.FORMATTERS (a test checks); listed here so --help stays fast.
FORMAT_NAMES = ("text", "json", "github", "sarif", "junit")

LangOpt = Annotated[Lang, typer.Option("--lang", envvar="GENHE_LINT_LANG", help="提示语言 / message language")]


ListOpt = Optional[list[str]]  # noqa: UP045 - typer reads the annotation at run time
PathOpt = Optional[Path]  # noqa: UP045


def _common_setup(
    paths: list[str], config: str | None, isolated: bool, lang: Lang | None, rules_dir: list[str] | None,
    select: list[str] | None, ignore: list[str] | None,
) -> tuple[Any, Any, str, Path | None]:
    """Settings (config file, then flags) -> (lint options, rule data, language, config file).

    Exits 2 on a bad set-up."""
    from genhe_lint import engine, ruledata, settings

    try:
        loaded = settings.load(paths, config, isolated)
    except settings.ConfigError as exc:
        _fail_usage(f"配置错误 / configuration error: {exc}")
    conf = loaded.settings
    if select:
        conf.select = list(select)
    if ignore:
        conf.ignore = [*conf.ignore, *ignore]
    unknown = [p for p in conf.select + conf.ignore if not _is_rule_pattern(p)]
    for codes in conf.per_file_ignores.values():
        unknown += [p for p in codes if not _is_rule_pattern(p)]
    unknown += [p for p in conf.severity if not _is_rule_pattern(p)]
    if unknown:
        where = f"（{loaded.source}）" if loaded.source else ""
        _fail_usage(f"未知的规则{where} / unknown rule: {', '.join(unknown)} (genhe-lint rules 列出全部规则)")
    try:
        data = ruledata.load(tuple([*conf.rules_dirs, *(rules_dir or ())]))
    except ruledata.RuleDataError as exc:
        _fail_usage(f"规则数据错误 / rule-data error: {exc}")
    return engine.Options.from_settings(conf), data, (lang.value if lang else conf.lang), loaded.source


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
    if output_format not in FORMAT_NAMES:
        _fail_usage(f"未知的输出格式 / unknown format: {output_format} (可选 / choose from: {', '.join(FORMAT_NAMES)})")
    options, data, language, source = _common_setup(paths, config, isolated, lang, rules_dir, select, ignore)
    result = _run(paths, options, data, jobs, None if no_cache else (cache_dir, source))
    if not result.files:
        typer.echo("genhe-lint: 没有找到目录文件（*.yaml）/ no catalog files found", err=True)
    if diff:
        raise typer.Exit(_show_diffs(result, unsafe_fixes))
    if fix and _apply_fixes(result, unsafe_fixes, language):
        result = _run(paths, options, data, jobs, None if no_cache else (cache_dir, source))
    if baseline_file is not None:
        from genhe_lint import baseline

        try:
            known = baseline.read(baseline_file)
        except baseline.BaselineError as exc:
            _fail_usage(str(exc))
        result.diagnostics = baseline.filter_new(result.diagnostics, result.lines, known)
    if diff_base is not None:
        result.diagnostics = _only_changed(result.diagnostics, diff_base)
    _render(result, output_format, language, color, output)
    raise typer.Exit(1 if result.has_errors else 0)


def _render(result: Any, output_format: str, lang: str, color: bool | None, output: Path | None) -> None:
    from genhe_lint.formatters import FORMATTERS, text

    stream = output.open("w", encoding="utf-8", errors="backslashreplace") if output else sys.stdout
    try:
        if output_format == "text":
            text.render(result, lang, stream, color=color if output is None else False)
        else:
            FORMATTERS[output_format](result, lang, stream)
    finally:
        if output:
            stream.close()


def _fix_plans(result: Any, unsafe: bool) -> Iterator[Any]:
    """For each linted file with fixes to apply, its plan (a refused plan is reported and skipped)."""
    from genhe_lint import fix as fixing

    for path in result.files:
        wanted = [d for d in result.diagnostics if d.path == path and fixing.wanted(d, unsafe)]
        if not wanted:
            continue
        plan = fixing.plan(path, "\n".join(result.lines[path]), wanted, unsafe)
        if plan.refused:
            typer.echo(f"{path}: {plan.refused}", err=True)
        elif plan.changed:
            yield plan


def _show_diffs(result: Any, unsafe: bool) -> int:
    """--diff: print what --fix would change; exit 1 when there is something to fix."""
    changed = 0
    for plan in _fix_plans(result, unsafe):
        sys.stdout.write(plan.diff())
        changed += 1
    typer.echo(f"{changed} 个文件可修正 / {changed} file(s) would be fixed", err=True)
    return 1 if changed else 0


def _apply_fixes(result: Any, unsafe: bool, lang: str) -> int:
    """--fix: write the fixes; returns how many files changed (the caller lints again, so what is printed,
    cross-catalog findings included, is what remains)."""
    from genhe_lint import fix as fixing

    fixed_count = 0
    fixed_files = 0
    for plan in _fix_plans(result, unsafe):
        try:
            fixing.write_atomic(Path(plan.path), plan.fixed, expected=plan.original)
        except (OSError, fixing.ChangedOnDisk) as exc:
            typer.echo(f"{plan.path}: 未能写入修正，文件未改动 / fixes not written, file unchanged: {exc}", err=True)
            continue
        fixed_count += len(plan.applied)
        fixed_files += 1
    message = (f"Fixed {fixed_count} problem(s) in {fixed_files} file(s)." if lang == "en"
               else f"已修正 {fixed_count} 处问题（{fixed_files} 个文件）。")
    typer.echo(message, err=True)
    return fixed_files


def _only_changed(diagnostics: list[Any], ref: str) -> list[Any]:
    from genhe_lint import gitdiff

    try:
        changed = gitdiff.changed_lines(ref)
    except gitdiff.GitError as exc:
        _fail_usage(f"--diff-base {ref}: {exc}")
    out = []
    for d in diagnostics:
        lines = changed.get(Path(d.path).resolve(), set())
        if lines is None or any(line in lines for line in range(d.span.line, d.span.end_line + 1)):
            out.append(d)
    return out


def _run(paths: list[str], options: Any, data: Any, jobs: int, cache_at: tuple[Path | None, Path | None] | None) -> Any:
    """Lint with the cache and the process pool, with a progress bar on a terminal for long runs."""
    import os

    from genhe_lint import engine
    from genhe_lint.cache import DEFAULT_DIR, Cache

    cache = None
    if cache_at is not None:
        folder, config_file = cache_at
        if folder is None:
            folder = (config_file.parent if config_file else Path.cwd()) / DEFAULT_DIR
        from genhe_lint.loader import current_limits

        cache = Cache.open(folder, data.fingerprint, repr(options), repr(current_limits()))
    show = sys.stderr.isatty() and not os.environ.get("CI")
    bar: Any = None
    task: Any = None

    def progress(done: int, total: int) -> None:
        nonlocal bar, task
        if not show or total < 50:
            return
        if bar is None:
            from rich.progress import Progress

            bar = Progress(transient=True)
            bar.start()
            task = bar.add_task("检查中 / checking", total=total)
        bar.update(task, completed=done)

    try:
        return engine.lint_paths(paths, data, options, jobs=jobs or engine.default_jobs(), cache=cache,
                                 progress=progress)
    except engine.UsageError as exc:
        _fail_usage(str(exc))
    finally:
        if bar is not None:
            bar.stop()


@app.command()
def baseline(
    paths: Annotated[list[str], typer.Argument(help="目录文件或文件夹 / catalog files or folders")],
    output: Annotated[Path, typer.Option("--output", "-o", help="基线文件 / baseline file to write")],
    config: Annotated[Optional[str], typer.Option("--config", help="配置文件 / config file")] = None,  # noqa: UP045
    rules_dir: Annotated[ListOpt, typer.Option("--rules-dir", help="额外的规则数据目录 / extra rule data")] = None,
) -> None:
    """记录现有问题，之后 check --baseline 只报告新问题 / record today's findings as a baseline."""
    from genhe_lint import baseline as baselines

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
    from genhe_lint import report as reporting

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

    from genhe_lint import ruledata, settings

    try:
        loaded = settings.load(paths or [], config)
    except settings.ConfigError as exc:
        _fail_usage(f"配置错误 / configuration error: {exc}")
    typer.echo(f"# 配置文件 / config file: {loaded.source or '（无，使用默认值）/ none, defaults'}")
    typer.echo(f"# 内置规则数据 / built-in rule data: {ruledata.default_dir()}")
    typer.echo(json.dumps(loaded.settings.model_dump(by_alias=True, mode="json"), ensure_ascii=False, indent=2))


def _is_rule_pattern(pattern: str) -> bool:
    from genhe_lint.rules import ALL_RULES

    p = pattern.strip()
    return any(r.code.startswith(p.upper()) or r.name == p.lower() for r in ALL_RULES) and bool(p)


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
        from genhe_lint.rules import rules_markdown

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
    for stream in (sys.stdout, sys.stderr):
        # A file name that is not UTF-8 (a GBK name from a Windows zip) is printed escaped, never a crash.
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            reconfigure(errors="backslashreplace")
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


# import / export (genhe_lint/convert): registered here so `genhe-lint --help` lists them.
from genhe_lint.convert.cli import register as _register_convert  # noqa: E402

_register_convert(app)
