"""Match a catalog against the standard catalog (lint_rules/template.yaml), once per file.

Names are compared after folding width, spaces and a bracketed note (重大建设项目（本单位）), and then with
rapidfuzz, so small wording changes (财政预算决算 for 部门预决算's alias 财政预决算) still match. The same few
hundred names recur in every catalog of a corpus: each distinct name is compared with the standard's names
once per run, and a catalog is matched by one look-up per item.
"""

from __future__ import annotations

from collections.abc import Iterable

import msgspec

from genhe_lint.catalog.model import Catalog, Item, Text
from genhe_lint.ruledata.compiled import MEMO_MAX_CHARS, RuleData, StandardItem, name_key


class Match(msgspec.Struct):
    std: StandardItem
    item: Item | None  # the catalog's node for it, if any
    section: Item | None  # the top-level section that node stands in
    misplaced: bool = False

    @property
    def found(self) -> bool:
        return self.item is not None


_EXACT = 100.0


class _Scores:
    """How the names catalogs write compare with the standard's names (every name and alias of every
    standard item): per distinct name as written, the standard keys it matches and how well, found once."""

    __slots__ = ("by_name", "cutoff", "keys", "section_keys", "standard")

    def __init__(self, data: RuleData) -> None:
        self.standard = data.standard
        self.cutoff = data.match_score
        self.keys = tuple(dict.fromkeys(key for std in data.standard for key in std.keys))
        self.section_keys = {std.name: std.keys for std in data.standard if not std.section}
        self.by_name: dict[str, dict[str, float]] = {}

    def of(self, name: str) -> dict[str, float]:
        """The standard keys ``name`` matches: the key it is after folding (score 100), and those it is
        within the cutoff of (rapidfuzz's ratio, as ``process.extractOne`` scores them). Nothing for a blank
        name."""
        found = self.by_name.get(name)
        if found is None:
            found = {}
            if name.strip():
                from rapidfuzz import fuzz  # imported when first needed: keeps start-up lean

                key, cutoff = name_key(name), self.cutoff
                for std_key in self.keys:
                    if std_key == key:
                        found[std_key] = _EXACT
                    else:
                        score = fuzz.ratio(std_key, key, score_cutoff=cutoff)
                        if score >= cutoff:
                            found[std_key] = score
            if len(name) <= MEMO_MAX_CHARS:
                if len(self.by_name) >= 1 << 14:
                    self.by_name.clear()
                self.by_name[name] = found
        return found


_scores: _Scores | None = None


def _scores_for(data: RuleData) -> _Scores:
    """The run's scores: kept while the standard catalog and the cutoff stay the same."""
    global _scores
    if _scores is None or _scores.standard is not data.standard or _scores.cutoff != data.match_score:
        _scores = _Scores(data)
    return _scores


def _nearest(items: Iterable[Item], scores: _Scores, sections: bool) -> dict[str, tuple[Item, float]]:
    """For each standard key, the first of ``items`` (the sections, or the items below them) whose name
    matches it best (a blank name matches nothing)."""
    near: dict[str, tuple[Item, float]] = {}
    by_name = scores.by_name
    for item in items:
        name = item.name
        if name is None or (item.depth == 0) is not sections:
            continue
        found = by_name.get(name.value)
        if found is None:
            found = scores.of(name.value)
        for key, score in found.items():
            held = near.get(key)
            if held is None or score > held[1]:
                near[key] = (item, score)
    return near


def _best(keys: tuple[str, ...], near: dict[str, tuple[Item, float]]) -> Item | None:
    """The item that matches one of ``keys``: the first key written exactly, else the best fuzzy match of
    any key (the first key on a tie)."""
    for key in keys:
        hit = near.get(key)
        if hit is not None and hit[1] == _EXACT:
            return hit[0]
    best: tuple[Item, float] | None = None
    for key in keys:
        hit = near.get(key)
        if hit is not None and (best is None or hit[1] > best[1]):
            best = hit
    return best[0] if best is not None else None


def _section_of(item: Item) -> Item:
    while item.parent is not None:
        item = item.parent
    return item


def match(catalog: Catalog, data: RuleData) -> list[Match]:
    scores = _scores_for(data)
    near_sections = _nearest(catalog.sections, scores, True)
    near_nodes = _nearest(catalog.items, scores, False)
    section_keys = scores.section_keys
    out: list[Match] = []
    for std in data.standard:
        if not std.section:
            section = _best(std.keys, near_sections)
            out.append(Match(std, section, section))
            continue
        item = _best(std.keys, near_nodes)
        if item is None:
            # a section of that name counts too (人事信息 written as a one-row section)
            section = _best(std.keys, near_sections)
            if section is not None and name_key(section.label) not in section_keys[std.section]:
                out.append(Match(std, section, section))
            else:
                out.append(Match(std, None, None))
            continue
        section = _section_of(item)
        misplaced = False
        if section.name is not None and section.name.value.strip():
            misplaced = scores.of(section.name.value).keys().isdisjoint(section_keys[std.section])
        out.append(Match(std, item, section, misplaced))
    return out


def effective_deadline(item: Item) -> Text | None:
    value = item.effective("deadline")
    return value if isinstance(value, Text) else None
