"""Run the rules over files: load -> model -> rules -> sorted, filtered diagnostics.

This is the only place that knows the order of the pipeline; it never prints.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field

from msgspec.structs import replace

from genhe_lint.config.settings import Settings
from genhe_lint.diagnostic import Diagnostic, Severity
from genhe_lint.lint import selection
from genhe_lint.rules import ALL_RULES, BaseRule


@dataclass(frozen=True, slots=True)
class Selection:
    """Which rules run: codes or prefixes (GL1, GL10, GL101) or names."""

    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()

    def enabled(self, rule: type[BaseRule]) -> bool:
        if self.select and not selection.matches_any(self.select, rule.code, rule.name):
            return False
        return not selection.matches_any(self.ignore, rule.code, rule.name)

    def rules(self) -> list[type[BaseRule]]:
        return list(_selected(self))


@functools.lru_cache(maxsize=64)
def _selected(selection: Selection) -> tuple[type[BaseRule], ...]:
    return tuple(r for r in ALL_RULES if selection.enabled(r))


@dataclass(frozen=True, slots=True)
class Options:
    """How to lint: which rules, severity overrides, per-file ignores (from settings and flags)."""

    selection: Selection = Selection()
    settings: Settings = field(default_factory=Settings)
    # The run makes the HTML report, which shows each catalog's department and standard items: their facts
    # are kept whatever the selected rules read.
    report: bool = False

    @classmethod
    def from_settings(cls, settings: Settings) -> Options:
        return cls(Selection(tuple(settings.select), tuple(settings.ignore)), settings)

    def rules_for(self, path: str) -> list[type[BaseRule]]:
        rules = self.selection.rules()
        ignored = self.settings.ignored_for(path)
        if not ignored:
            return rules
        extra = Selection(ignore=tuple(ignored))
        return [r for r in rules if extra.enabled(r)]

    def severity_of(self, d: Diagnostic) -> Diagnostic:
        best: tuple[int, Severity] | None = None
        for pattern, severity in self.settings.severity.items():
            rank = selection.specificity(pattern, d.code, d.name)
            if rank and (best is None or rank > best[0]):  # the most specific pattern wins
                best = (rank, severity)
        return d if best is None or best[1] is d.severity else replace(d, severity=best[1])
