"""GL109's test of all of a catalog's texts at once picks every text where a word is doubled."""

from __future__ import annotations

import json
from pathlib import Path

from hypothesis import example, given, settings
from hypothesis import strategies as st

from genhe_lint import ruledata
from genhe_lint.catalog import model
from genhe_lint.load.loader import load_path
from genhe_lint.load.parse import parse
from genhe_lint.rules.base import Context
from genhe_lint.rules.text import _REPEATED, _texts_with_doubling

ROOT = Path(__file__).resolve().parent.parent


def _context(document_text: str, data: ruledata.RuleData) -> Context:
    document = parse("a.yaml", document_text)
    catalog = model.build(document.path, document.source, document.root)
    assert catalog is not None
    return Context(document=document, data=data, catalog=catalog)


def _catalog(contents: list[str]) -> str:
    sections = "".join(f"  - name: 第{i}节\n    content: {json.dumps(c, ensure_ascii=False)}\n"
                       for i, c in enumerate(contents))
    return f"version: 1\ndepartment: 根河市民政局\nsections:\n{sections}"


# Few Chinese characters (so that words double often; 㐀 and 龥 near the ends of the pattern's range), a
# punctuation mark above U+2000 that is no Chinese
# character, letters, a digit, a space, a line break and a character beyond U+FFFF.
_ALPHABET = "领导公开室㐀龥、a1 \n😀"


@settings(max_examples=400, deadline=None)
@given(contents=st.lists(st.text(alphabet=_ALPHABET, max_size=24), min_size=1, max_size=6))
@example(contents=["机构领导领导分工", "领导"])
@example(contents=["公开公开", "开室开室", "领导室领导室", "公开室领公开室领"])
@example(contents=["室", "室", "室", "领导\n领导", "导 导"])
@example(contents=["㐀龥㐀龥", "龥领龥领"])
@example(contents=["a" * 700 + "领导领导"])
def test_every_text_where_the_pattern_matches_is_picked(contents: list[str],
                                                        data: ruledata.RuleData) -> None:
    ctx = _context(_catalog(contents), data)
    assert ctx.catalog is not None
    picked = list(_texts_with_doubling(ctx))
    texts = [text for text, _item in ctx.catalog.text_list]
    assert picked == [t for t in texts if any(t is p for p in picked)]  # in text order, each once
    for text in texts:
        if _REPEATED.search(text.value):
            assert any(text is p for p in picked), text.value


def test_texts_without_a_doubled_word_are_rarely_picked(data: ruledata.RuleData) -> None:
    """The bundled catalogs hold no doubled word: few of their hundreds of texts are picked (the test
    lets through only Chinese characters whose bytes line up as a doubling's would)."""
    total = picked = 0
    for path in sorted((ROOT / "catalogs").glob("*.yaml")):
        document = load_path(path, str(path))
        catalog = model.build(document.path, document.source, document.root)
        assert catalog is not None
        ctx = Context(document=document, data=data, catalog=catalog)
        assert not any(_REPEATED.search(t.value) for t, _ in catalog.text_list)
        picked += len(_texts_with_doubling(ctx))
        total += len(catalog.text_list)
    assert total > 200 and picked <= total // 50, (picked, total)
