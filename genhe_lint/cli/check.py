"""What ``genhe-lint check`` does, given its options as one :class:`CheckRequest`.

The typer commands (:mod:`genhe_lint.cli.app`) build the request from the command line and call
:func:`run_check`; ``baseline`` and ``report`` use the same :func:`prepare` and :func:`lint`. A usage or
configuration problem is raised as :class:`genhe_lint.errors.UsageError`; the app turns it into one message
and exit code 2. The linter, the formatters and rich are imported only when a check runs.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from genhe_lint.cli.messages import say
from genhe_lint.errors import UsageError

if TYPE_CHECKING:
    from genhe_lint.diagnostic import Diagnostic
    from genhe_lint.lint.fix import FileFix
    from genhe_lint.lint.options import Options
    from genhe_lint.lint.result import Result
    from genhe_lint.ruledata.compiled import RuleData

# Kept in step with genhe_lint.output.FORMATTERS (a test checks); listed here so --help imports no formatter.
FORMAT_NAMES = ("text", "json", "github", "sarif", "junit")


@dataclass(frozen=True, slots=True)
class CheckRequest:
    """The options of one ``check`` (or ``baseline``/``report``) run, as given on the command line."""

    paths: tuple[str, ...]
    output_format: str = "text"
    lang: str | None = None  # None: the config file's language
    rules_dirs: tuple[str, ...] = ()  # beside the config file's
    select: tuple[str, ...] = ()  # empty: the config file's selection
    ignore: tuple[str, ...] = ()  # added to the config file's
    config: str | None = None
    isolated: bool = False
    fix: bool = False
    unsafe_fixes: bool = False
    diff: bool = False
    baseline: Path | None = None  # None: the config file's ``baseline``, if any
    no_baseline: bool = False  # leave the config file's ``baseline`` unused
    diff_base: str | None = None
    jobs: int = 0  # 0: every core
    no_cache: bool = False
    cache_dir: Path | None = None
    color: bool | None = None  # None: colour on a terminal
    output: Path | None = None  # None: standard output
    follow_symlinks: bool = False  # read symbolic links that lead out of the folders checked


@dataclass(frozen=True, slots=True)
class Prepared:
    """The settings of a run: lint options, rule data, message language and the config file they came from."""

    options: Options
    data: RuleData
    lang: str
    config_file: Path | None
    # The baseline of the run: --baseline, else the config file's (unless --no-baseline); None for none.
    baseline: Path | None = None
    baseline_from_config: bool = False


def echo_err(message: str) -> None:
    say(message)


def run_check(request: CheckRequest) -> int:
    """``genhe-lint check``: lint, report, and return the exit code (0 no error-level finding, 1 findings)."""
    if request.output_format not in FORMAT_NAMES:
        raise UsageError(f"未知的输出格式 / unknown format: {request.output_format} "
                         f"(可选 / choose from: {', '.join(FORMAT_NAMES)})")
    if request.unsafe_fixes and not (request.fix or request.diff):
        raise UsageError("--unsafe-fixes 要和 --fix（写入修正）或 --diff（只显示差异）一起用 / "
                         "--unsafe-fixes needs --fix (apply) or --diff (show the changes)")
    prepared = prepare(request)
    result = lint(request, prepared)
    if result.outside:
        shown = "、".join(result.outside[:10]) + ("…" if len(result.outside) > 10 else "")
        count = len(result.outside)
        echo_err(f"genhe-lint: 未读取 {count} 个指向所查文件夹之外的符号链接：{shown}"
                 f"（要读取请加 --follow-symlinks）/ skipped {count} symbolic link(s) "
                 "that lead out of the folders checked (--follow-symlinks reads them)")
    if request.diff:
        return show_diffs(result, request.unsafe_fixes)
    if request.fix and apply_fixes(result, request.unsafe_fixes, prepared.lang):
        result = lint(request, prepared)
    hidden = hide_known(result, prepared)
    if request.diff_base is not None:
        result.diagnostics = only_new(result, request, prepared)
    render(result, request, prepared.lang)
    if hidden:
        echo_err(f"{hidden} more finding(s) recorded in the baseline are not shown." if prepared.lang == "en"
                 else f"另有 {hidden} 处已记录在基线中的问题未显示。")
    return 1 if result.has_errors else 0


def hide_known(result: Result, prepared: Prepared) -> int:
    """Drop the findings the run's baseline records from ``result``; returns how many were dropped."""
    if prepared.baseline is None:
        return 0
    from genhe_lint.lint import baseline

    try:
        known = baseline.read(prepared.baseline)
    except baseline.BaselineError as exc:
        if prepared.baseline_from_config:
            raise UsageError(f"配置文件 {prepared.config_file} 的 baseline / "
                             f"the config file's baseline: {exc}"
                             "（用 genhe-lint baseline 写出它，或加 --no-baseline / write it with "
                             "genhe-lint baseline, or pass --no-baseline）") from None
        raise UsageError(str(exc)) from None
    before = len(result.diagnostics)
    result.diagnostics = baseline.filter_new(result.diagnostics, result.lines, known)
    return before - len(result.diagnostics)


def prepare(request: CheckRequest) -> Prepared:
    """Settings (config file, then the request's flags), checked rule patterns, and rule data."""
    from genhe_lint.lint.setup import load_settings

    loaded = load_settings(request.paths, config=request.config, isolated=request.isolated,
                           select=request.select, ignore=request.ignore, rules_dirs=request.rules_dirs)
    conf = loaded.settings
    chosen = request.baseline
    from_config = chosen is None and conf.baseline is not None and not request.no_baseline
    if from_config:
        chosen = Path(str(conf.baseline))
    return Prepared(loaded.options, loaded.data, request.lang or conf.lang, loaded.source, chosen,
                    from_config)


def lint(request: CheckRequest, prepared: Prepared) -> Result:
    """Lint with the cache and the process pool, with a progress bar on a terminal for long runs."""
    from genhe_lint.lint import pool
    from genhe_lint.lint import runner as engine
    from genhe_lint.lint.cache import DEFAULT_DIR, Cache

    cache = None
    if not request.no_cache:
        folder = request.cache_dir
        if folder is None:
            folder = (prepared.config_file.parent if prepared.config_file else Path.cwd()) / DEFAULT_DIR
        from genhe_lint.load.limits import current_limits

        cache = Cache.open(folder, prepared.data.fingerprint, repr(prepared.options), repr(current_limits()))
    progress = _ProgressBar(sys.stderr.isatty() and not os.environ.get("CI"))
    try:
        result = engine.lint_paths(request.paths, prepared.data, prepared.options,
                                   jobs=request.jobs or pool.default_jobs(), cache=cache, progress=progress,
                                   follow_symlinks=request.follow_symlinks)
    finally:
        progress.stop()
    if not result.files:
        raise UsageError(no_catalogs_message(request.paths, len(result.outside)))
    return result


def no_catalogs_message(paths: tuple[str, ...], links_skipped: int) -> str:
    """A run with nothing to check is a usage error (a gate must not pass on nothing): which paths were
    searched, what counts as a catalog in a folder, and what to do."""
    from genhe_lint.lint.discover import CATALOG_SUFFIXES

    searched = "、".join(paths)
    patterns = "、".join(f"*{suffix}" for suffix in CATALOG_SUFFIXES)
    links = (f"；跳过了 {links_skipped} 个指向文件夹之外的符号链接（要读取请加 --follow-symlinks）"
             if links_skipped else "")
    links_en = (f"; {links_skipped} symbolic link(s) leading out of the folder were skipped "
                "(--follow-symlinks reads them)" if links_skipped else "")
    return (f"没有找到目录文件：在 {searched} 中查找了 {patterns} 文件"
            f"（不进入以“.”开头的隐藏文件夹）{links}。"
            "请检查路径，或直接写出目录文件名（直接写出的文件不论扩展名都会检查）/ "
            f"no catalog files found in {', '.join(paths)}: in a folder, files named "
            f"{', '.join('*' + s for s in CATALOG_SUFFIXES)} count, hidden folders are skipped{links_en}; "
            "check the path, or name the files (a file named on the command line is checked whatever its "
            "suffix)")


class _ProgressBar:
    """rich's progress bar on stderr for runs of 50 files or more, started at the first report."""

    def __init__(self, show: bool) -> None:
        self.show = show
        self.bar: Any = None
        self.task: Any = None

    def __call__(self, done: int, total: int) -> None:
        if not self.show or total < 50:
            return
        if self.bar is None:
            from rich.progress import Progress

            self.bar = Progress(transient=True)
            self.bar.start()
            self.task = self.bar.add_task("检查中 / checking", total=total)
        self.bar.update(self.task, completed=done)

    def stop(self) -> None:
        if self.bar is not None:
            self.bar.stop()


def render(result: Result, request: CheckRequest, lang: str) -> None:
    if request.output is None:
        _render_to(result, request, lang, sys.stdout)
        return
    from genhe_lint import writing

    with writing.text_output(request.output) as stream:
        _render_to(result, request, lang, stream)


def _render_to(result: Result, request: CheckRequest, lang: str, stream: TextIO) -> None:
    if request.output_format == "text":
        from genhe_lint.output import text

        text.render(result, lang, stream, color=request.color if request.output is None else False)
    else:
        from genhe_lint.output import FORMATTERS

        FORMATTERS[request.output_format](result, lang, stream)


def fix_plans(result: Result, unsafe: bool) -> Iterator[FileFix]:
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


def show_diffs(result: Result, unsafe: bool) -> int:
    """--diff: print what --fix would change; exit 1 when there is something to fix."""
    changed = 0
    for plan in fix_plans(result, unsafe):
        sys.stdout.write(plan.diff())
        changed += 1
    echo_err(f"{changed} 个文件可修正 / {changed} file(s) would be fixed")
    return 1 if changed else 0


def apply_fixes(result: Result, unsafe: bool, lang: str) -> int:
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


def only_new(result: Result, request: CheckRequest, prepared: Prepared) -> list[Diagnostic]:
    """The findings of ``result`` that the catalogs did not have at ``--diff-base`` (see lint/changed.py)."""
    import tempfile

    from genhe_lint.lint import changed, pool, runner

    ref = request.diff_base
    assert ref is not None
    try:
        with tempfile.TemporaryDirectory(prefix="genhe-lint-base-") as folder:
            files = changed.base_files(ref, list(request.paths), Path(folder))
            base = runner.lint_files(files, prepared.data, prepared.options,
                                     jobs=request.jobs or pool.default_jobs())
            return changed.new_findings(result, base)
    except changed.GitError as exc:
        raise UsageError(f"--diff-base {ref}: {exc}") from None
