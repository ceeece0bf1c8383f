"""Run the rules over files: load -> model -> rules -> sorted, filtered diagnostics.

This is the only place that knows the order of the pipeline; it never prints.
"""

from __future__ import annotations

import gc
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from genhe_lint.diagnostic import Diagnostic, Msg, Severity
from genhe_lint.load.loader import display_text
from genhe_lint.rules import BaseRule
from genhe_lint.rules.facts import CatalogFacts


@dataclass(frozen=True, slots=True)
class RuleInfo:
    """What formatters may know of a rule (SARIF's rule table, help links): plain data, no behaviour."""

    code: str
    name: str
    severity: Severity
    summary: Msg
    doc: str
    fixable: bool

    @classmethod
    def of(cls, rule: type[BaseRule]) -> RuleInfo:
        return cls(rule.code, rule.name, rule.severity, rule.summary, rule.doc(), rule.fixable)


class SourceLines(dict[str, list[str]]):
    """Display path -> the file's text lines, loaded on first access."""

    def __init__(self, paths: Mapping[str, str | Path]) -> None:
        super().__init__()
        self._paths = paths

    @classmethod
    def given(cls, lines: Mapping[str, list[str]]) -> SourceLines:
        """Lines at hand (a test's, an editor's), none to read."""
        given = cls({})
        given.update(lines)
        return given

    def __missing__(self, key: str) -> list[str]:
        lines = self._read(key)
        self[key] = lines
        return lines

    def _read(self, key: str) -> list[str]:
        path = self._paths.get(key)
        if path is None:
            raise KeyError(key)
        try:
            text = display_text(Path(path), key)  # read, not parsed again
        except Exception:
            text = ""
        return text.split("\n")

    def passing(self, key: str) -> list[str]:
        """The lines, as :meth:`get` gives them, but not kept when read now: for a writer that needs a file's
        lines once, so that the lines of every file are never in memory together."""
        if dict.__contains__(self, key):
            return dict.__getitem__(self, key)
        try:
            return self._read(key)
        except KeyError:
            return []

    def get(self, key: str, default: list[str] | None = None) -> list[str]:  # type: ignore[override]
        """The lines, or ``default`` (an empty list when not given) for a path that was not linted."""
        try:
            return self[key]
        except KeyError:
            return default if default is not None else []

    def __contains__(self, key: object) -> bool:
        return dict.__contains__(self, key) or key in self._paths


@dataclass(slots=True)
class Result:
    # The rules that ran, in registry order.
    rules: list[RuleInfo] = field(default_factory=list)
    files: list[str] = field(default_factory=list)
    # Symbolic links found in the folders searched that lead out of them: skipped, and said so.
    outside: list[str] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    # The text lines of linted files, read from disk when a formatter first asks (so memory does not grow
    # with the number of files); --fix puts the lines it wrote here.
    lines: SourceLines = field(default_factory=lambda: SourceLines({}))
    # Behind ``facts``: the facts, or, until first asked for, the facts at hand and for the others (those in
    # the cache) what reads them.
    _facts: list[CatalogFacts] = field(default_factory=list, repr=False)
    _pending: list[CatalogFacts | Callable[[], CatalogFacts]] | None = field(default=None, repr=False)

    @property
    def facts(self) -> list[CatalogFacts]:
        """What each file contributed to the cross-catalog pass (in file order); reports use it too.

        Facts from the cache are read and decoded on first access: a run whose cross-catalog findings come
        from the cache never needs them."""
        if self._pending is not None:
            was_enabled = gc.isenabled()
            gc.disable()  # thousands of small tuples, none of them in a cycle
            try:
                self._facts = [f if isinstance(f, CatalogFacts) else f() for f in self._pending]
            finally:
                if was_enabled:
                    gc.enable()
            self._pending = None
        return self._facts

    @facts.setter
    def facts(self, value: list[CatalogFacts]) -> None:
        self._facts = value
        self._pending = None

    def defer_facts(self, found: list[CatalogFacts | Callable[[], CatalogFacts]]) -> None:
        """Keep each file's facts at hand, or what reads them from the cache, until first asked for."""
        self._pending = found

    def count(self, severity: Severity) -> int:
        return sum(1 for d in self.diagnostics if d.severity is severity)

    @property
    def has_errors(self) -> bool:
        return any(d.severity is Severity.ERROR for d in self.diagnostics)
