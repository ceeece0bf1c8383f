"""Matching a catalog against the standard catalog: each standard item finds the row a plain search finds.

The reference here searches every name of the catalog with rapidfuzz for every standard item, as the
matching is specified: the first name written exactly as one of the item's keys (in the keys' order), else
the best fuzzy match of any key (the first name, and the first key, on a tie).
"""

from __future__ import annotations

from dataclasses import replace

from hypothesis import given, settings
from hypothesis import strategies as st
from rapidfuzz import fuzz, process

from genhe_lint import ruledata
from genhe_lint.catalog import model, template
from genhe_lint.catalog.model import Item
from genhe_lint.load.parse import parse
from genhe_lint.ruledata.compiled import name_key


def _search(keys: tuple[str, ...], names: list[Item], cutoff: float) -> Item | None:
    written = [name_key(i.name.value) if i.name is not None else "" for i in names]
    for key in keys:
        if key in written:
            return names[written.index(key)]
    best: tuple[Item, float] | None = None
    for key in keys:
        hit = process.extractOne(key, written, scorer=fuzz.ratio, score_cutoff=cutoff)
        if hit is not None and (best is None or hit[1] > best[1]):
            best = (names[hit[2]], hit[1])
    return best[0] if best else None


def _reference(catalog: model.Catalog, data: ruledata.RuleData) -> list[tuple[str, int, int, bool]]:
    def named(i: Item) -> bool:
        return i.name is not None and bool(i.name.value.strip())

    sections = [s for s in catalog.sections if named(s)]
    nodes = [i for i in catalog.items if i.depth > 0 and named(i)]
    cutoff = data.match_score
    std_sections = {s.name: s for s in data.standard if not s.section}
    out: list[tuple[str, int, int, bool]] = []
    for std in data.standard:
        if not std.section:
            hit = _search(std.keys, sections, cutoff)
            out.append((std.label, id(hit), id(hit), False))
            continue
        item = _search(std.keys, nodes, cutoff)
        if item is None:
            sec = _search(std.keys, sections, cutoff)
            if sec is not None and name_key(sec.label) not in std_sections[std.section].keys:
                out.append((std.label, id(sec), id(sec), False))
            else:
                out.append((std.label, id(None), id(None), False))
            continue
        section = item
        while section.parent is not None:
            section = section.parent
        misplaced = named(section) and _search(
            std_sections[std.section].keys, [section], cutoff) is None
        out.append((std.label, id(item), id(section), misplaced))
    return out


_WORDS = ["履职依据", "法律法规规章", "规范性文件", "机关简介", "机构领导", "领导信息", "部门预决算",
          "财政预算决算", "财政预决算", "政府采购", "政府信息公开指南", "信息公开指南", "年度报告",
          "政府信息公开年度报告", "政府信息公开", "人事信息", "建议提案", "其他相关信息", "（注）", " ",
          "财政信息", "政府信息公开工作", "政策解读", "下属机构", "财政专项资金"]
_NAME = st.builds(lambda w, cut, extra: (w[:cut] + extra) or w, st.sampled_from(_WORDS),
                  st.integers(1, 12), st.sampled_from(["", "类", "（本单位）", "信息", "表"]))


@settings(max_examples=150, deadline=None)
@given(tree=st.lists(st.tuples(_NAME, st.lists(_NAME, max_size=6)), min_size=1, max_size=6),
       cutoff=st.sampled_from([85, 60, 100]))
def test_match_finds_what_a_plain_search_finds(
        data: ruledata.RuleData, tree: list[tuple[str, list[str]]], cutoff: int) -> None:
    lines = ["version: 1", "department: 根河市民政局", "sections:"]
    for section, items in tree:
        lines += [f"  - name: '{section}'", "    items:"] + [f"      - name: '{i}'" for i in items or [""]]
    document = parse("case.yaml", "\n".join(lines) + "\n")
    catalog = model.build(document.path, document.source, document.root)
    assert catalog is not None
    run_data = replace(data, match_score=cutoff)
    got = [(m.std.label, id(m.item), id(m.section), m.misplaced)
           for m in template.match(catalog, run_data)]
    assert got == _reference(catalog, run_data)
