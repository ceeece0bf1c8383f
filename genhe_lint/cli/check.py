"""What ``genhe-lint check`` does, without typer: one source for the typer command (:mod:`genhe_lint.cli.app`) and
for the fast start-up path of the console script (:mod:`genhe_lint.cli.entry`).

Messages go to stderr as ``typer.echo`` writes them; a usage or configuration problem is a
:class:`UsageFailure`, which :func:`run_check` reports as ``genhe-lint: <message>`` with exit code 2.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any, NoReturn

# Kept in step with genhe_lint.output.FORMATTERS (a test checks); listed here so --help stays fast.
FORMAT_NAMES = ("text", "json", "github", "sarif", "junit")


class UsageFailure(Exception):
    """A usage or configuration error: reported as ``genhe-lint: <message>``, exit code 2."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def fail(message: str) -> NoReturn:
    raise UsageFailure(message)


def echo_err(message: str) -> None:
    """A line on stderr, exactly as ``typer.echo(message, err=True)`` writes it.

    Written directly in the common case; typer's own ``echo`` (imported then) handles the rest: ANSI escapes in
    the message (it strips them when stderr is not a terminal), a stream that claims ASCII (it writes UTF-8
    past it), Windows consoles."""
    stream = sys.stderr
    if stream is None:
        return
    if "\x1b" in message or os.name == "nt" or _ascii_stream(stream):
        import typer

        typer.echo(message, err=True)
        return
    stream.write(message + "\n")
    stream.flush()


def _ascii_stream(stream: Any) -> bool:
    import codecs

    try:
        return codecs.lookup(getattr(stream, "encoding", None) or "ascii").name == "ascii"
    except LookupError:
        return False


def is_rule_pattern(pattern: str) -> bool:
    from genhe_lint.lint import selection
    from genhe_lint.rules import ALL_RULES

    return any(selection.matches(pattern, r.code, r.name) for r in ALL_RULES)


def common_setup(
    paths: list[str], config: str | None, isolated: bool, lang: str | None, rules_dir: list[str] | None,
    select: list[str] | None, ignore: list[str] | None,
) -> tuple[Any, Any, str, Path | None]:
    """Settings (config file, then flags) -> (lint options, rule data, language, config file).

    Raises :class:`UsageFailure` on a bad set-up."""
    from genhe_lint.config import settings
    from genhe_lint.lint import options
    from genhe_lint.ruledata import compiled as ruledata

    try:
        loaded = settings.load(paths, config, isolated)
    except settings.ConfigError as exc:
        fail(f"配置错误 / configuration error: {exc}")
    conf = loaded.settings
    if select:
        conf.select = list(select)
    if ignore:
        conf.ignore = [*conf.ignore, *ignore]
    unknown = [p for p in conf.select + conf.ignore if not is_rule_pattern(p)]
    for codes in conf.per_file_ignores.values():
        unknown += [p for p in codes if not is_rule_pattern(p)]
    unknown += [p for p in conf.severity if not is_rule_pattern(p)]
    if unknown:
        where = f"（{loaded.source}）" if loaded.source else ""
        fail(f"未知的规则{where} / unknown rule: {', '.join(unknown)} (genhe-lint rules 列出全部规则)")
    try:
        data = ruledata.load(tuple([*conf.rules_dirs, *(rules_dir or ())]))
    except ruledata.RuleDataError as exc:
        fail(f"规则数据错误 / rule-data error: {exc}")
    return options.Options.from_settings(conf), data, (lang or conf.lang), loaded.source


def run_check(
    paths: list[str], *, output_format: str = "text", lang: str | None = None, rules_dir: list[str] | None = None,
    select: list[str] | None = None, ignore: list[str] | None = None, config: str | None = None,
    isolated: bool = False, fix: bool = False, unsafe_fixes: bool = False, diff: bool = False,
    baseline_file: Path | None = None, diff_base: str | None = None, jobs: int = 0, no_cache: bool = False,
    cache_dir: Path | None = None, color: bool | None = None, output: Path | None = None,
) -> int:
    """``genhe-lint check``: lint, report, and return the exit code (0 no error-level finding, 1 findings,
    2 usage or configuration error, its message already written to stderr)."""
    try:
        return _check(paths, output_format, lang, rules_dir, select, ignore, config, isolated, fix, unsafe_fixes,
                      diff, baseline_file, diff_base, jobs, no_cache, cache_dir, color, output)
    except UsageFailure as exc:
        echo_err(f"genhe-lint: {exc.message}")
        return 2


def _check(
    paths: list[str], output_format: str, lang: str | None, rules_dir: list[str] | None, select: list[str] | None,
    ignore: list[str] | None, config: str | None, isolated: bool, fix: bool, unsafe_fixes: bool, diff: bool,
    baseline_file: Path | None, diff_base: str | None, jobs: int, no_cache: bool, cache_dir: Path | None,
    color: bool | None, output: Path | None,
) -> int:
    if output_format not in FORMAT_NAMES:
        fail(f"未知的输出格式 / unknown format: {output_format} (可选 / choose from: {', '.join(FORMAT_NAMES)})")
    options, data, language, source = common_setup(paths, config, isolated, lang, rules_dir, select, ignore)
    result = lint(paths, options, data, jobs, None if no_cache else (cache_dir, source))
    if not result.files:
        echo_err("genhe-lint: 没有找到目录文件（*.yaml）/ no catalog files found")
    if diff:
        return show_diffs(result, unsafe_fixes)
    if fix and apply_fixes(result, unsafe_fixes, language):
        result = lint(paths, options, data, jobs, None if no_cache else (cache_dir, source))
    if baseline_file is not None:
        from genhe_lint.lint import baseline

        try:
            known = baseline.read(baseline_file)
        except baseline.BaselineError as exc:
            fail(str(exc))
        result.diagnostics = baseline.filter_new(result.diagnostics, result.lines, known)
    if diff_base is not None:
        result.diagnostics = only_changed(result.diagnostics, diff_base)
    render(result, output_format, language, color, output)
    return 1 if result.has_errors else 0


def render(result: Any, output_format: str, lang: str, color: bool | None, output: Path | None) -> None:
    stream = output.open("w", encoding="utf-8", errors="backslashreplace") if output else sys.stdout
    try:
        if output_format == "text":
            from genhe_lint.output import text

            text.render(result, lang, stream, color=color if output is None else False)
        else:
            from genhe_lint.output import FORMATTERS

            FORMATTERS[output_format](result, lang, stream)
    finally:
        if output:
            stream.close()


def fix_plans(result: Any, unsafe: bool) -> Iterator[Any]:
    """For each linted file with fixes to apply, its plan (a refused plan is reported and skipped)."""
    from genhe_lint.lint import fix as fixing

    for path in result.files:
        wanted = [d for d in result.diagnostics if d.path == path and fixing.wanted(d, unsafe)]
        if not wanted:
            continue
        plan = fixing.plan(path, "\n".join(result.lines[path]), wanted, unsafe)
        if plan.refused:
            echo_err(f"{path}: {plan.refused}")
        elif plan.changed:
            yield plan


def show_diffs(result: Any, unsafe: bool) -> int:
    """--diff: print what --fix would change; exit 1 when there is something to fix."""
    changed = 0
    for plan in fix_plans(result, unsafe):
        sys.stdout.write(plan.diff())
        changed += 1
    echo_err(f"{changed} 个文件可修正 / {changed} file(s) would be fixed")
    return 1 if changed else 0


def apply_fixes(result: Any, unsafe: bool, lang: str) -> int:
    """--fix: write the fixes; returns how many files changed (the caller lints again, so what is printed,
    cross-catalog findings included, is what remains)."""
    from genhe_lint.lint import fix as fixing

    fixed_count = 0
    fixed_files = 0
    for plan in fix_plans(result, unsafe):
        try:
            fixing.write_atomic(Path(plan.path), plan.fixed, expected=plan.original)
        except (OSError, fixing.ChangedOnDisk) as exc:
            echo_err(f"{plan.path}: 未能写入修正，文件未改动 / fixes not written, file unchanged: {exc}")
            continue
        fixed_count += len(plan.applied)
        fixed_files += 1
    message = (f"Fixed {fixed_count} problem(s) in {fixed_files} file(s)." if lang == "en"
               else f"已修正 {fixed_count} 处问题（{fixed_files} 个文件）。")
    echo_err(message)
    return fixed_files


def only_changed(diagnostics: list[Any], ref: str) -> list[Any]:
    from genhe_lint.lint import changed as gitdiff

    try:
        changed = gitdiff.changed_lines(ref)
    except gitdiff.GitError as exc:
        fail(f"--diff-base {ref}: {exc}")
    out = []
    for d in diagnostics:
        lines = changed.get(Path(d.path).resolve(), set())
        if lines is None or any(line in lines for line in range(d.span.line, d.span.end_line + 1)):
            out.append(d)
    return out


def lint(paths: list[str], options: Any, data: Any, jobs: int, cache_at: tuple[Path | None, Path | None] | None) -> Any:
    """Lint with the cache and the process pool, with a progress bar on a terminal for long runs."""
    from genhe_lint import errors
    from genhe_lint.lint import pool
    from genhe_lint.lint import runner as engine
    from genhe_lint.lint.cache import DEFAULT_DIR, Cache

    cache = None
    if cache_at is not None:
        folder, config_file = cache_at
        if folder is None:
            folder = (config_file.parent if config_file else Path.cwd()) / DEFAULT_DIR
        from genhe_lint.load.limits import current_limits

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
        return engine.lint_paths(paths, data, options, jobs=jobs or pool.default_jobs(), cache=cache,
                                 progress=progress)
    except errors.UsageError as exc:
        fail(str(exc))
    finally:
        if bar is not None:
            bar.stop()
