"""The one thing rules produce and formatters consume: a positioned, bilingual diagnostic."""

from __future__ import annotations

import enum
from typing import NamedTuple

import msgspec


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


# Msg, Fix and Diagnostic are frozen msgspec structs: a run makes one or more of each per finding (tens of
# thousands), and a struct is built at C speed, where a frozen dataclass sets each field through
# ``object.__setattr__``. None of them can hold itself, so the cyclic GC need not track them (``gc=False``).


class Msg(msgspec.Struct, frozen=True, gc=False):
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


class Fix(msgspec.Struct, frozen=True, gc=False):
    """Replace the text at ``span`` with ``replacement``. Unsafe fixes are fuzzy guesses."""

    span: Span
    replacement: str
    safe: bool = True


class Diagnostic(msgspec.Struct, frozen=True, gc=False):
    """A finding; a changed copy is made with ``msgspec.structs.replace``. Two findings are equal when all
    but their ``data`` is."""

    code: str
    name: str
    severity: Severity
    path: str
    span: Span
    message: Msg
    hint: Msg | None = None
    fix: Fix | None = None
    # Extra, machine-readable facts (the matched text, the suggestion ...).
    data: dict[str, str] = {}  # a new dict for each finding

    def _compared(self) -> tuple[object, ...]:
        return (self.code, self.name, self.severity, self.path, self.span, self.message, self.hint, self.fix)

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        assert isinstance(other, Diagnostic)
        return self._compared() == other._compared()

    def __hash__(self) -> int:
        return hash(self._compared())

    @property
    def fixable(self) -> bool:
        return self.fix is not None and self.fix.safe

    def sort_key(self) -> tuple[str, int, int, str, str]:
        return (self.path, self.span.line, self.span.column, self.code, self.message.zh)
