"""GL002's quick check on the nodes never lets through what the pydantic models reject."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from genhe_lint.catalog.model import build
from genhe_lint.catalog.schema import Catalog
from genhe_lint.diagnostic import Diagnostic
from genhe_lint.lint.passes import lint_text
from genhe_lint.load import loader
from genhe_lint.load.parse import parse, to_python
from genhe_lint.load.source import Source
from genhe_lint.ruledata import compiled as ruledata
from genhe_lint.rules import format as format_rules
from genhe_lint.rules.format import _item_loc, fits

DATA = ruledata.load()

ROOT = Path(__file__).resolve().parent.parent

VALUES = ["根河市民政局", "~", "", "1", "-1", "0", "+3", "0x1F", "1_0", "1.5", "true", "'7'", "2024-01-01", "[a, b]",
          "[]", "[1, a]", "[[a]]", "{a: b}", "|\n    块文字", "null"]
KEYS = ["serial", "name", "content", "deadline", "publisher", "channels", "audience", "unit", "items", "chanels", "1"]
TOP = ["version", "department", "title", "sections", "sectons"]


GOOD = {"serial": "3", "name": "政策解读", "content": "|\n    块文字", "deadline": "20个工作日内", "publisher": "本局",
        "channels": "[政府网站, 其他]", "audience": "[全社会]", "unit": "办公室", "version": "1",
        "department": "根河市民政局", "title": "目录"}


def _value(draw: st.DrawFn, key: str) -> str:
    """Mostly a well-formed value for ``key``, sometimes any value: near the boundary the check draws."""
    if key in GOOD and draw(st.integers(0, 9)) < 8:
        return GOOD[key]
    return draw(st.sampled_from(VALUES))


@st.composite
def catalogs(draw: st.DrawFn) -> str:
    keys = ["department", "sections", *draw(st.lists(st.sampled_from(TOP), max_size=2, unique=True))]
    lines = []
    for key in dict.fromkeys(keys):
        if key.startswith("sect") and draw(st.integers(0, 9)) < 9:
            lines.append(f"{key}:")
            for _ in range(draw(st.integers(0, 2))):
                lines.extend(_item(draw, "  "))
        else:
            lines.append(f"{key}: {_value(draw, key)}")
    return "\n".join(lines) + "\n"


def _item(draw: st.DrawFn, indent: str, depth: int = 0) -> list[str]:
    keys = draw(st.lists(st.sampled_from(KEYS[:9] * 3 + KEYS[9:]), min_size=1, max_size=4, unique=True))
    out = []
    for i, key in enumerate(keys):
        lead = indent + ("- " if i == 0 else "  ")
        if key == "items" and depth < 2 and draw(st.integers(0, 4)) < 4:
            out.append(f"{lead}items:")
            for _ in range(draw(st.integers(1, 2))):
                out.extend(_item(draw, indent + "    ", depth + 1))
        else:
            value = _value(draw, key).replace("\n", "\n" + indent + "    ")
            out.append(f"{lead}{key}: {value}")
    return out


def _fits(root: yaml.Node) -> bool:
    return fits(root, build("t.yaml", Source(""), root))


def _pydantic_errors(root: yaml.Node) -> list[Any]:
    try:
        Catalog.model_validate(to_python(root))
    except ValidationError as exc:
        return exc.errors()
    return []


def _pydantic_ok(root: yaml.Node) -> bool:
    return not _pydantic_errors(root)


@settings(max_examples=400, deadline=None)
@given(catalogs())
def test_quick_check_passes_only_what_pydantic_accepts_but_unknown_keys(text: str) -> None:
    """fits => pydantic accepts the file, or says only that the item keys the model found unknown are."""
    doc = parse("t.yaml", text)
    if doc.root is None:
        return
    catalog = build("t.yaml", Source(""), doc.root)
    if not fits(doc.root, catalog):
        return
    assert catalog is not None
    unknown = sorted(((*_item_loc(catalog, item), k.value) for item, keys in catalog.unknown_keys for k in keys),
                     key=repr)
    errors = _pydantic_errors(doc.root)
    assert all(e["type"] == "extra_forbidden" for e in errors), text
    assert sorted((tuple(e["loc"]) for e in errors), key=repr) == unknown, text


def _gl002(text: str, force_models: bool, monkeypatch: pytest.MonkeyPatch) -> list[Diagnostic]:
    with monkeypatch.context() as m:
        if force_models:
            m.setattr(format_rules, "fits", lambda root, catalog: False)
        return [d for d in lint_text(text, DATA) if d.code == "GL002"]


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=catalogs())
def test_unknown_keys_are_reported_as_the_models_report_them(text: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """GL002 finds a file's unknown keys itself when nothing else is wrong with it: the same findings
    (message, position, hint, data) as asking the pydantic models."""
    assert _gl002(text, False, monkeypatch) == _gl002(text, True, monkeypatch), text


def test_unknown_keys_at_every_depth_without_pydantic(monkeypatch: pytest.MonkeyPatch) -> None:
    text = ("department: 根河市民政局\nsections:\n  - name: 一\n    chanels: [政府网站]\n    items:\n"
            "      - name: 二\n      - name: 三\n        unti: 办公室\n        items:\n          - name: 四\n"
            "            chanels: []\n")
    fast = _gl002(text, False, monkeypatch)
    assert [(d.span.line, d.span.column, d.data["key"]) for d in fast] == [(4, 5, "chanels"), (8, 9, "unti"),
                                                                           (11, 13, "chanels")]
    assert fast[0].message.zh == "第 1 项出现未知的键“chanels”" and "channels" in fast[0].hint.zh  # type: ignore[union-attr]
    assert fast == _gl002(text, True, monkeypatch)


def test_quick_check_passes_the_well_formed_catalogs() -> None:
    """Otherwise it saves nothing: the bundled catalogs and the corrected examples all take the quick path."""
    files = sorted((ROOT / "catalogs").glob("*.yaml")) + sorted((ROOT / "tests" / "examples" / "corrected").glob("*.yaml"))
    assert files
    for path in files:
        doc = loader.load_path(path)
        assert doc.root is not None and _pydantic_ok(doc.root)
        assert _fits(doc.root), path
