"""The fix contract: a safe fix is made only where the finding is certain.

Property (hypothesis): insert any real place name (lint_rules/gazetteer.yaml) or any reference phrase into a
text field of a bundled catalog, at the start or the end of the value or after a punctuation mark; ``--fix``
then changes exactly what it changed without the insertion, and leaves the inserted text as written.
"""

from __future__ import annotations

import re
from functools import lru_cache

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from genhe_lint import ruledata
from genhe_lint.lint import fix as fixing
from tests.conftest import ROOT, lint

CATALOGS = sorted((ROOT / "catalogs").glob("*.yaml"))
# Text fields written plainly on one line: (key, value) of the catalog's line.
FIELD_LINE = re.compile(r"^(\s*(?:- )?(?:content|name|publisher|unit): )([^|>\"'\[{#&*!%@`].*?)\s*$")
REFERENCES = ["转发内蒙古自治区民政厅关于做好全区低保工作的通知", "依据《全省养老服务条例》",
              "按照各盟市统一部署要求", "与黑河市民政局签订协议", "沿河市场", "滨河市民广场", "银河市政公司",
              "报自治区民政厅备案", "根据市政务公开办要求", "配合根河市财政局开展检查",
              "呼伦贝尔市民政局转发的文件"]
PUNCTUATION = "，、；。：）"


@lru_cache(maxsize=1)
def _data() -> ruledata.RuleData:
    return ruledata.load()


@lru_cache(maxsize=1)
def _phrases() -> list[str]:
    return sorted(_data().places) + REFERENCES


@lru_cache(maxsize=64)
def _fixed(text: str) -> str:
    return fixing.plan("case.yaml", text, lint(text, _data()), False).fixed


def _slots(text: str) -> list[tuple[int, int]]:
    """(line index, character offset in the line) where a phrase may be inserted: a text field's value at
    its start, its end, or after a punctuation mark."""
    out = []
    for n, line in enumerate(text.split("\n")):
        m = FIELD_LINE.match(line)
        if m is None or " #" in m.group(2):
            continue
        start, end = m.start(2), m.end(2)
        out += [(n, start), (n, end)]
        out += [(n, i + 1) for i in range(start, end) if line[i] in PUNCTUATION]
    return out


@settings(max_examples=150, deadline=None, database=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(st.data())
def test_an_inserted_place_name_or_reference_changes_nothing_fix_does(data: st.DataObject) -> None:
    path = data.draw(st.sampled_from(CATALOGS), label="catalog")
    text = path.read_text(encoding="utf-8")
    line_no, offset = data.draw(st.sampled_from(_slots(text)), label="where")
    phrase = data.draw(st.sampled_from(_phrases()), label="phrase")
    lines = text.split("\n")
    lines[line_no] = lines[line_no][:offset] + phrase + lines[line_no][offset:]
    inserted = "\n".join(lines)
    before, after = _fixed(text).split("\n"), _fixed(inserted).split("\n")
    assert len(before) == len(after)
    assert after[:line_no] + after[line_no + 1:] == before[:line_no] + before[line_no + 1:]
    line = after[line_no]
    starts = [m.start() for m in re.finditer(re.escape(phrase), line)]
    assert any(line[:i] + line[i + len(phrase):] == before[line_no] for i in starts), (
        f"--fix changed the line differently:\n{before[line_no]}\n{line}")


def test_the_bundled_catalogs_offer_places_to_insert() -> None:
    assert all(len(_slots(path.read_text(encoding="utf-8"))) > 50 for path in CATALOGS)
