"""The one thing rules produce and formatters consume: a positioned, bilingual diagnostic."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from typing import NamedTuple


class Severity(enum.StrEnum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @property
    def rank(self) -> int:
        return {"error": 3, "warning": 2, "info": 1}[self.value]

    def label(self, lang: str) -> str:
        """The word shown for this severity: 错误/警告/提示, or error/warning/info when ``lang`` is "en"."""
        return self.value if lang == "en" else _LABEL_ZH[self.value]


_LABEL_ZH = {"error": "错误", "warning": "警告", "info": "提示"}


@dataclass(frozen=True, slots=True)
class Msg:
    """A message in both languages; formatters pick one with ``--lang``."""

    zh: str
    en: str

    def get(self, lang: str) -> str:
        return self.en if lang == "en" else self.zh


class Span(NamedTuple):
    """A source range, 1-based lines and columns (columns count characters); end is exclusive.

    A named tuple rather than a dataclass: thousands of them are cached and unpickled per run."""

    line: int
    column: int
    end_line: int
    end_column: int


@dataclass(frozen=True, slots=True)
class Fix:
    """Replace the text at ``span`` with ``replacement``. Unsafe fixes are fuzzy guesses."""

    span: Span
    replacement: str
    safe: bool = True


@dataclass(frozen=True, slots=True)
class Diagnostic:
    code: str
    name: str
    severity: Severity
    path: str
    span: Span
    message: Msg
    hint: Msg | None = None
    fix: Fix | None = None
    # Extra, machine-readable facts (the matched text, the suggestion ...).
    data: dict[str, str] = field(default_factory=dict, compare=False, hash=False)

    @property
    def fixable(self) -> bool:
        return self.fix is not None and self.fix.safe

    def sort_key(self) -> tuple[str, int, int, str, str]:
        return (self.path, self.span.line, self.span.column, self.code, self.message.zh)
