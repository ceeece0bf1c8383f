"""Output formats. Each formatter sees only the result (diagnostics and files), never the rules.

To add a format, write a module with ``render(result, lang, stream)`` and list it in ``FORMATTERS``.
A format's module is imported when it is used, so a run pays only for its own format.
"""

from __future__ import annotations

from collections.abc import Callable
from importlib import import_module
from typing import TYPE_CHECKING, TextIO

if TYPE_CHECKING:
    from genhe_lint.lint.result import Result

Formatter = Callable[["Result", str, TextIO], None]


def _lazy(module: str) -> Formatter:
    """``render`` of ``genhe_lint.output.<module>``, imported on the first call."""

    def render(result: Result, lang: str, stream: TextIO) -> None:
        import_module(f"genhe_lint.output.{module}").render(result, lang, stream)

    return render


FORMATTERS: dict[str, Formatter] = {
    "text": _lazy("text"),
    "json": _lazy("json_format"),
    "github": _lazy("github"),
    "sarif": _lazy("sarif"),
    "junit": _lazy("junit"),
}
