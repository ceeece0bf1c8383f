"""Suppression comments look only at the part of the tree around their lines: the same answers as a
walk of the whole tree, for every line of the real catalogs."""

from __future__ import annotations

from pathlib import Path

import pytest

from genhe_lint.lint import suppression
from genhe_lint.load import loader

ROOT = Path(__file__).resolve().parent.parent
CATALOGS = sorted((ROOT / "catalogs").glob("*.yaml"))


@pytest.mark.parametrize("path", CATALOGS, ids=lambda p: p.name)
def test_node_ranges_of_one_line_as_of_all_lines(path: Path) -> None:
    doc = loader.load_path(path)
    every = set(range(1, len(doc.source.text.split("\n")) + 1))
    whole = suppression._ranges(doc.root, every)
    assert len(whole) > 100
    for line in every:
        assert suppression._ranges(doc.root, {line}).get(line) == whole.get(line), line


@pytest.mark.parametrize("path", CATALOGS, ids=lambda p: p.name)
def test_scalar_spans_of_one_line_as_of_all_lines(path: Path) -> None:
    doc = loader.load_path(path)
    every = set(range(len(doc.source.text.split("\n"))))
    whole = suppression._scalar_spans(doc.root, every)
    assert len(whole) > 100
    for line in every:
        assert sorted(suppression._scalar_spans(doc.root, {line}).get(line, [])) \
            == sorted(whole.get(line, [])), line
