"""The model's per-attribute tables, built with the items, say what walking the items and climbing to the
parents says."""

from __future__ import annotations

from pathlib import Path

import pytest

from genhe_lint.catalog import model
from genhe_lint.catalog.fields import ATTRIBUTES
from genhe_lint.catalog.model import Item, Text, TextList
from genhe_lint.load.loader import load_path
from genhe_lint.load.parse import parse
from tests.conftest import ROOT

_ODD = """\
version: 1
department: 根河市民政局
sections:
  - name: 甲
    items:
      - name: 甲一
        deadline: ''
      - name: 甲二
        items: []
    deadline: 即时公开
    channels: [政府网站]
  - name: 乙
    unit: 办公室
    unit: {a: 1}
    items: [1, {name: 乙一, channels: []}, {name: 乙二, audience: [全社会], items: [2]}]
  - name: 丙
    deadline:
    publisher: 根河市民政局
    items:
      - name: 丙一
    items:
      - name: 丙二
        audience: ['  ']
"""


def _climbed(item: Item, attr: str) -> Text | TextList | None:
    at: Item | None = item
    while at is not None:
        value = getattr(at, attr)
        if value is not None:
            return value
        at = at.parent
    return None


def _blank(value: Text | TextList) -> bool:
    return not value.entries if isinstance(value, TextList) else not value.value.strip()


def _catalogs() -> list[model.Catalog]:
    documents = [parse("odd.yaml", _ODD)]
    documents += [load_path(p, str(p)) for p in sorted(Path(ROOT / "catalogs").glob("*.yaml"))]
    catalogs = [model.build(d.path, d.source, d.root) for d in documents]
    return [c for c in catalogs if c is not None]


@pytest.mark.parametrize("attr", ATTRIBUTES)
def test_tables_agree_with_the_items(attr: str) -> None:
    for catalog in _catalogs():
        own = [(item, getattr(item, attr)) for item in catalog.items if getattr(item, attr) is not None]
        assert catalog.written(attr) == [(i, v) for i, v in own if not _blank(v)]
        assert catalog.blank(attr) == [(i, v) for i, v in own if _blank(v)]
        assert catalog.leaves_without(attr) == [
            i for i in catalog.items if not i.items and _climbed(i, attr) is None]
        assert all(item.effective(attr) is _climbed(item, attr) for item in catalog.items)


def test_odd_shapes() -> None:
    catalog = _catalogs()[0]
    by_name = {i.name.value: i for i in catalog.items if i.name is not None}
    assert by_name["甲一"].effective("deadline") is by_name["甲一"].deadline  # blank, but its own
    assert by_name["甲二"].effective("deadline") is by_name["甲"].deadline  # set after the items
    assert by_name["乙二"] in catalog.leaves_without("deadline")  # no item below it
    assert [i.name.value for i, _ in catalog.blank("channels") if i.name] == ["乙一"]
    assert [i.name.value for i, _ in catalog.blank("audience") if i.name] == []  # an entry, if blank
