"""Output formats. Each formatter sees only the result (diagnostics and files), never the rules.

A format is a module of this package with a ``render`` function (the :class:`Formatter` protocol), listed by
its ``--format`` name in :data:`FORMATTERS`. A format's module is imported when it is used, so a run pays
only for its own format. To add a format, write the module and add its line to the table.
"""

from __future__ import annotations

from collections.abc import Callable
from importlib import import_module
from typing import TYPE_CHECKING, Protocol, TextIO, cast

if TYPE_CHECKING:
    from genhe_lint.lint.result import Result


class Formatter(Protocol):
    """What a format's module provides: ``render`` writes the result to the stream, in "zh" or "en"."""

    def render(self, result: Result, lang: str, stream: TextIO, /) -> None: ...


Render = Callable[["Result", str, TextIO], None]


def _lazy(module: str) -> Render:
    """``render`` of ``genhe_lint.output.<module>``, imported on the first call."""

    def render(result: Result, lang: str, stream: TextIO) -> None:
        cast(Formatter, import_module(f"{__name__}.{module}")).render(result, lang, stream)

    return render


FORMATTERS: dict[str, Render] = {
    "text": _lazy("text"),
    "json": _lazy("json_format"),
    "github": _lazy("github"),
    "sarif": _lazy("sarif"),
    "junit": _lazy("junit"),
}

if TYPE_CHECKING:
    # Every format's module satisfies the protocol (checked by mypy; nothing is imported at run time).
    from genhe_lint.output import github, json_format, junit, sarif, text

    _CHECKED: tuple[Formatter, ...] = (text, json_format, github, sarif, junit)
