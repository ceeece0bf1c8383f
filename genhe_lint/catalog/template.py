"""Match a catalog against the standard catalog (lint_rules/template.yaml), once per file.

Names are compared after folding width, spaces and a bracketed note (重大建设项目（本单位）), and then with
rapidfuzz, so small wording changes (财政预算决算 for 部门预决算's alias 财政预决算) still match.
"""

from __future__ import annotations

from dataclasses import dataclass

from genhe_lint.catalog.model import Catalog, Item, Text
from genhe_lint.ruledata.compiled import RuleData, StandardItem, name_key


@dataclass(slots=True)
class Match:
    std: StandardItem
    item: Item | None  # the catalog's node for it, if any
    section: Item | None  # the top-level section that node stands in
    misplaced: bool = False

    @property
    def found(self) -> bool:
        return self.item is not None


class _Names:
    """A catalog's names as compared with the standard's: in order, and indexed for the exact look-up."""

    __slots__ = ("first", "keys")

    def __init__(self, keys: list[str]) -> None:
        self.keys = keys
        self.first: dict[str, int] = {}  # a name -> where it first stands
        for i, key in enumerate(keys):
            self.first.setdefault(key, i)


def _best(keys: tuple[str, ...], names: _Names, cutoff: int) -> tuple[int, float] | None:
    """The name that matches one of ``keys``: the first key written exactly (looked up), else the best
    fuzzy match of any key (rapidfuzz, for what no exact look-up finds)."""
    for key in keys:
        at = names.first.get(key)
        if at is not None:
            return at, 100.0
    from rapidfuzz import fuzz, process  # imported when first needed: keeps start-up lean

    best: tuple[int, float] | None = None
    for key in keys:
        hit = process.extractOne(key, names.keys, scorer=fuzz.ratio, score_cutoff=cutoff)
        if hit is not None and (best is None or hit[1] > best[1]):
            best = (hit[2], hit[1])
    return best


# (a standard section's keys, a section's name, cutoff) -> does the name stand for that section? The same
# few section names recur in every catalog of a corpus: each is compared once.
_NAMED: dict[tuple[tuple[str, ...], str, int], bool] = {}


def _names_section(keys: tuple[str, ...], name: str, cutoff: int) -> bool:
    named = _NAMED.get((keys, name, cutoff))
    if named is None:
        named = _best(keys, _Names([name]), cutoff) is not None
        if len(_NAMED) >= 1 << 14:
            _NAMED.clear()
        _NAMED[(keys, name, cutoff)] = named
    return named


def _section_of(item: Item) -> Item:
    while item.parent is not None:
        item = item.parent
    return item


def match(catalog: Catalog, data: RuleData) -> list[Match]:
    sections = [s for s in catalog.sections if s.name is not None and s.name.value.strip()]
    section_keys = _Names([name_key(s.name.value) for s in sections if s.name is not None])
    nodes = [i for i in catalog.items if i.depth > 0 and i.name is not None and i.name.value.strip()]
    node_keys = _Names([name_key(i.name.value) for i in nodes if i.name is not None])
    cutoff = data.match_score
    std_sections = {s.name: s for s in data.standard if not s.section}
    out: list[Match] = []
    for std in data.standard:
        if not std.section:
            hit = _best(std.keys, section_keys, cutoff)
            out.append(Match(std, sections[hit[0]] if hit else None, sections[hit[0]] if hit else None))
            continue
        hit = _best(std.keys, node_keys, cutoff)
        if hit is None:
            # a section of that name counts too (人事信息 written as a one-row section)
            sec_hit = _best(std.keys, section_keys, cutoff)
            if (sec_hit is not None
                    and name_key(sections[sec_hit[0]].label) not in std_sections[std.section].keys):
                out.append(Match(std, sections[sec_hit[0]], sections[sec_hit[0]]))
            else:
                out.append(Match(std, None, None))
            continue
        item = nodes[hit[0]]
        section = _section_of(item)
        expected = std_sections[std.section]
        misplaced = bool(section.name and section.name.value.strip()) and not _names_section(
            expected.keys, name_key(section.label), cutoff)
        out.append(Match(std, item, section, misplaced))
    return out


def effective_deadline(item: Item) -> Text | None:
    value, _owner = item.effective("deadline")
    return value if isinstance(value, Text) else None
