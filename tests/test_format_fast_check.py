"""GL002's quick check on the nodes never lets through what the pydantic models reject."""

from __future__ import annotations

from pathlib import Path

import yaml
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from genhe_lint import loader
from genhe_lint.model import build
from genhe_lint.rules.format import fits
from genhe_lint.schema import Catalog

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
    return fits(root, build("t.yaml", loader.Source(""), root))


def _pydantic_ok(root: yaml.Node) -> bool:
    try:
        Catalog.model_validate(loader.to_python(root))
    except ValidationError:
        return False
    return True


@settings(max_examples=400, deadline=None)
@given(catalogs())
def test_quick_check_passes_only_what_pydantic_accepts(text: str) -> None:
    doc = loader.parse("t.yaml", text)
    if doc.root is None:
        return
    assert _fits(doc.root) <= _pydantic_ok(doc.root), text  # fits => pydantic accepts


def test_quick_check_passes_the_well_formed_catalogs() -> None:
    """Otherwise it saves nothing: the bundled catalogs and the corrected examples all take the quick path."""
    files = sorted((ROOT / "catalogs").glob("*.yaml")) + sorted((ROOT / "tests" / "examples" / "corrected").glob("*.yaml"))
    assert files
    for path in files:
        doc = loader.load_path(path)
        assert doc.root is not None and _pydantic_ok(doc.root)
        assert _fits(doc.root), path
