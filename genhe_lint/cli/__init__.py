"""The command line. :func:`main` is the process entry of the console script ``genhe-lint`` and of
``python -m genhe_lint``; the commands are the typer app in :mod:`genhe_lint.cli.app`."""

from __future__ import annotations

import sys


def main(argv: list[str] | None = None) -> None:
    """Run the typer app for ``argv`` (default: the command line).

    A file name that is not UTF-8 (a GBK name from a Windows zip) is printed escaped, never a crash. The
    cyclic garbage collector is off while the command runs: a one-shot command would only have it rescan
    the modules being imported, again and again; what a command builds is freed by reference counting."""
    import gc

    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            reconfigure(errors="backslashreplace")
    gc_was_enabled = gc.isenabled()
    gc.disable()
    try:
        from genhe_lint.cli.app import app

        app(args=argv)
    except SystemExit as exc:
        if argv is None and isinstance(exc.code, int | None):
            _exit_now(exc.code or 0)
        raise
    finally:
        if gc_was_enabled:
            gc.enable()


def _exit_now(code: int) -> None:
    """End the whole process once everything is written, without taking the interpreter apart module by
    module (as mypy ends): the exit handlers run and the standard streams are flushed first. Only in the plain
    case: with other threads or worker processes started, or a stream that cannot be flushed, the ordinary
    exit does what it always does."""
    import atexit
    import os

    threading = sys.modules.get("threading")
    if "multiprocessing" in sys.modules or (threading is not None and threading.active_count() > 1):
        return
    atexit._run_exitfuncs()
    try:
        for stream in (sys.stdout, sys.stderr):
            if stream is not None:
                stream.flush()
    except (OSError, ValueError):
        return
    os._exit(code)
