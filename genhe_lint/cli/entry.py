"""The console script ``genhe-lint`` (and ``python -m genhe_lint``): starts in a few tens of milliseconds.

Typer builds a pydantic validator for each of ``check``'s options on every call, and importing typer and
pydantic is most of a one-file run's start-up. So this module answers ``--version`` itself, and parses the
usual ``check`` invocation itself, with the same rules as typer's parser (click's: ``--opt value``,
``--opt=value``, ``-j4``, options and paths in any order, the last of a repeated option wins), then calls
:func:`genhe_lint.cli.check.run_check`, which is also what the typer command calls. Whatever it does not fully
understand (``--help``, an unknown option, a missing or unusual value, another command, no path, a shell
completion request, Windows' argument globbing) goes to the typer app (:func:`genhe_lint.cli.app.main`)
unchanged, so typer still writes every help text and usage error.

``CHECK_OPTIONS`` is kept in step with the signature of :func:`genhe_lint.cli.app.check` by a test, and
``GENHE_LINT_TYPER=1`` sends every invocation through typer (the tests compare the two paths with it).
"""

from __future__ import annotations

import os
import sys

TYPE_CHECKING = False
if TYPE_CHECKING:  # typing, re and pathlib are not imported for `--version`
    from typing import Any

# option -> (parameter of run_check, kind). Kinds: "str", "list" (repeatable), "path", "int" (0 or more),
# "lang" (zh or en), "true"/"false" (a flag that sets the parameter).
CHECK_OPTIONS: dict[str, tuple[str, str]] = {
    "--format": ("output_format", "str"),
    "-f": ("output_format", "str"),
    "--lang": ("lang", "lang"),
    "--rules-dir": ("rules_dir", "list"),
    "--select": ("select", "list"),
    "--ignore": ("ignore", "list"),
    "--config": ("config", "str"),
    "--isolated": ("isolated", "true"),
    "--fix": ("fix", "true"),
    "--unsafe-fixes": ("unsafe_fixes", "true"),
    "--diff": ("diff", "true"),
    "--baseline": ("baseline_file", "path"),
    "--diff-base": ("diff_base", "str"),
    "--jobs": ("jobs", "int"),
    "-j": ("jobs", "int"),
    "--no-cache": ("no_cache", "true"),
    "--cache-dir": ("cache_dir", "path"),
    "--color": ("color", "true"),
    "--no-color": ("color", "false"),
    "--output": ("output", "path"),
    "-o": ("output", "path"),
}
# parameter -> the environment variable typer reads when the option is not given
CHECK_ENVVARS = {"lang": "GENHE_LINT_LANG"}
LANGS = ("zh", "en")


def parse_check(args: list[str]) -> dict[str, Any] | None:
    """The keyword arguments of :func:`genhe_lint.cli.check.run_check` for ``args`` (``check`` and what follows),
    or None when typer should see them: anything not certainly parsed as typer would parse it."""
    if not args or args[0] != "check" or os.name == "nt":
        return None
    if any(name.startswith("_") and name.endswith("_COMPLETE") for name in os.environ):
        return None  # a shell-completion request
    values: dict[str, Any] = {}
    paths: list[str] = []
    rest = args[1:]
    i = 0
    while i < len(rest):
        arg = rest[i]
        i += 1
        if not arg.startswith("-"):
            paths.append(arg)
            continue
        value: str | None = None
        if arg in CHECK_OPTIONS:
            option = arg
        elif arg.startswith("--") and "=" in arg:
            option, value = arg.split("=", 1)
        elif arg[:2] in CHECK_OPTIONS and len(arg) > 2 and arg[1] != "-":
            option, value = arg[:2], arg[2:]  # a short option with its value attached: -j4, -fjson
        else:
            return None  # "--", "-", --help, an unknown or combined option
        name, kind = CHECK_OPTIONS.get(option, ("", ""))
        if kind in ("true", "false"):
            if value is not None:
                return None  # --fix=yes: typer's error
            values[name] = kind == "true"
            continue
        if not kind:
            return None
        if value is None:
            if i >= len(rest):
                return None  # a missing value: typer's error
            value = rest[i]
            i += 1
        converted = _convert(kind, value)
        if converted is None:
            return None
        if kind == "list":
            values.setdefault(name, []).extend(converted)
        else:
            values[name] = converted
    if not paths:
        return None
    for name, variable in CHECK_ENVVARS.items():
        if name not in values:
            found = os.environ.get(variable)
            if found:  # typer ignores an empty variable
                converted = _convert("lang", found)
                if converted is None:
                    return None
                values[name] = converted
    return {"paths": paths, **values}


def _convert(kind: str, value: str) -> Any:
    """An option's value as typer converts it, or None when the value is unusual (typer then decides)."""
    if not value or value.startswith("-"):
        return None
    if kind == "str":
        return value
    if kind == "list":
        return [value]
    if kind == "path":
        from pathlib import Path

        return Path(value) if "\x00" not in value else None
    if kind == "int":  # plain decimal digits, no leading zero: what typer's int parsing surely reads the same
        plain = value.isascii() and value.isdigit() and len(value) < 10 and (value == "0" or value[0] != "0")
        return int(value) if plain else None
    if kind == "lang":
        return value if value in LANGS else None
    return None  # pragma: no cover - every kind is handled above


def main(argv: list[str] | None = None) -> None:
    """The console script. Never shows a traceback; an internal fault exits 2 with a short report."""
    args = sys.argv[1:] if argv is None else list(argv)
    for stream in (sys.stdout, sys.stderr):
        # A file name that is not UTF-8 (a GBK name from a Windows zip) is printed escaped, never a crash.
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            reconfigure(errors="backslashreplace")
    if args == ["--version"]:
        from genhe_lint import __version__

        if sys.stdout is not None:
            sys.stdout.write(f"genhe-lint {__version__}\n")
            sys.stdout.flush()
        sys.exit(0)
    call = parse_check(args) if os.environ.get("GENHE_LINT_TYPER") != "1" else None
    if call is None:
        from genhe_lint.cli.app import main as typer_main

        typer_main(argv)
        return
    code = _run_guarded(call)
    if argv is None:  # the whole process: no need to take the interpreter apart
        _exit_now(code)
    sys.exit(code)


def _exit_now(code: int) -> None:
    """End the process the short way once everything is written: the exit handlers run and the standard
    streams are flushed, but the interpreter is not torn down (freeing every module and object it loaded took
    a tenth of a one-file run). Only in the plain case: when other threads or worker processes were started,
    or a stream cannot be flushed, the ordinary exit does what it always does."""
    threading = sys.modules.get("threading")
    if "multiprocessing" in sys.modules or (threading is not None and threading.active_count() > 1):
        return
    import atexit

    atexit._run_exitfuncs()
    try:
        for stream in (sys.stdout, sys.stderr):
            if stream is not None:
                stream.flush()
    except (OSError, ValueError):
        return
    os._exit(code)


def _run_guarded(call: dict[str, Any]) -> int:
    """run_check, with what typer's main and :func:`genhe_lint.cli.app.main` do around a command."""
    import gc

    # A one-shot process: the cyclic collector would only rescan the modules being imported, again and again
    # (5 ms of a one-file run). The engine lints with it off anyway: trees are freed by reference counting.
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        return _run(call)
    finally:
        if was_enabled:
            gc.enable()


def _run(call: dict[str, Any]) -> int:
    try:
        try:
            from genhe_lint.cli.check import run_check

            return run_check(**call)
        except EOFError:
            _stderr_line("")
            _stderr_line("Aborted!")
            return 1
        except KeyboardInterrupt:
            return 130
        except OSError as exc:
            import errno

            if exc.errno != errno.EPIPE:
                raise
            # The reader of the output has gone: no traceback, and none at exit either.
            sys.stdout = _Pacified(sys.stdout)
            sys.stderr = _Pacified(sys.stderr)
            return 1
    except KeyboardInterrupt:  # pragma: no cover - only between the handlers above
        sys.stderr.write("genhe-lint: 已中断 / interrupted\n")
        return 130
    except Exception as exc:  # pragma: no cover - a bug; say so plainly
        sys.stderr.write(
            f"genhe-lint: 内部错误 / internal error: {type(exc).__name__}: {exc}\n"
            "请把这条信息和所检查的文件报告给维护者 / please report this with the file being checked.\n")
        return 2


def _stderr_line(message: str) -> None:
    from genhe_lint.cli.check import echo_err

    echo_err(message)


class _Pacified:
    """A stream whose ``flush`` ignores a broken pipe (as click's PacifyFlushWrapper)."""

    def __init__(self, wrapped: Any) -> None:
        self.wrapped = wrapped

    def flush(self) -> None:
        import errno

        try:
            self.wrapped.flush()
        except OSError as exc:
            if exc.errno != errno.EPIPE:
                raise

    def __getattr__(self, attr: str) -> Any:
        return getattr(self.wrapped, attr)
