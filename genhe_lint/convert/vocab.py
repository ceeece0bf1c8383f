"""What the importers know about the region's words: channels, audiences, departments, units, deadlines.

Taken from the rule data (``lint_rules/``), so an importer recognises what the linter knows.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from genhe_lint import ruledata


def norm(text: str) -> str:
    return ruledata.normalize(text)


@dataclass(frozen=True)
class Vocab:
    channels: tuple[str, ...]  # canonical, in the printed order
    audiences: tuple[str, ...]
    channel_lookup: dict[str, str]
    audience_lookup: dict[str, str]
    departments: tuple[str, ...]  # every name form of every department, longest first
    units: tuple[str, ...]  # every unit spelling of every department, longest first
    deadlines: tuple[ruledata.Regex, ...]

    def channel(self, label: str) -> str | None:
        return self.channel_lookup.get(norm(label))

    def audience(self, label: str) -> str | None:
        return self.audience_lookup.get(norm(label))

    def is_deadline(self, text: str) -> bool:
        body = text.strip().rstrip("。.；;")
        return bool(body) and any(p.fullmatch(body) for p in self.deadlines)

    def is_department(self, text: str) -> bool:
        return text.strip() in self.departments

    def is_unit(self, text: str) -> bool:
        return text.strip() in self.units


@lru_cache(maxsize=1)
def load() -> Vocab:
    data = ruledata.load()
    departments: set[str] = set()
    units: set[str] = set()
    for dep in data.departments.values():
        departments.update(dep.all_names())
        units.update(dep.units)
        units.update(dep.unit_aliases)
    return Vocab(
        channels=tuple(data.channels.canonical), audiences=tuple(data.audiences.canonical),
        channel_lookup=dict(data.channels.lookup), audience_lookup=dict(data.audiences.lookup),
        departments=tuple(sorted(departments, key=len, reverse=True)),
        units=tuple(sorted(units, key=len, reverse=True)),
        deadlines=tuple(p for _, p in data.deadlines))
