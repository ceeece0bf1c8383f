"""Output formats. Each formatter sees only the result (diagnostics and files), never the rules.

To add a format, write a module with ``render(result, lang, stream)`` and list it in ``FORMATTERS``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TextIO

from genhe_lint.engine import Result
from genhe_lint.formatters import github, json_format, junit, sarif, text

Formatter = Callable[[Result, str, TextIO], None]

FORMATTERS: dict[str, Formatter] = {
    "text": text.render,
    "json": json_format.render,
    "github": github.render,
    "sarif": sarif.render,
    "junit": junit.render,
}
