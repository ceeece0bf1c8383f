"""GL002: the catalog format's models check a file and explain each departure where it is written."""

from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import ValidationError

from genhe_lint import ruledata
from genhe_lint.catalog.schema import Catalog
from genhe_lint.catalog.validate import problems, validator
from genhe_lint.diagnostic import Diagnostic
from genhe_lint.lint.passes import lint_text
from genhe_lint.load import loader, parse

DATA = ruledata.load()
ROOT = Path(__file__).resolve().parent.parent


def _gl002(text: str) -> list[Diagnostic]:
    return [d for d in lint_text(text, DATA) if d.code == "GL002"]


def _where(text: str) -> list[tuple[int, int, int, int]]:
    return [(d.span.line, d.span.column, d.span.end_line, d.span.end_column) for d in _gl002(text)]


def test_unknown_keys_at_every_depth_with_the_nearest_known_key() -> None:
    text = ("department: 根河市民政局\nsections:\n  - name: 一\n    chanels: [政府网站]\n    items:\n"
            "      - name: 二\n      - name: 三\n        unti: 办公室\n        items:\n          - name: 四\n"
            "            chanels: []\n")
    found = _gl002(text)
    assert [(d.span.line, d.span.column, d.data["key"]) for d in found] == [(4, 5, "chanels"), (8, 9, "unti"),
                                                                            (11, 13, "chanels")]
    assert found[0].message.zh == "第 1 项出现未知的键“chanels”"
    assert found[0].hint is not None and "“channels”（公开渠道和载体）" in found[0].hint.zh
    assert found[0].hint.en == "did you mean 'channels'?"
    assert found[1].hint is not None and found[1].hint.en == "did you mean 'unit'?"


def test_an_unknown_top_level_key_is_matched_against_the_top_level_keys() -> None:
    [sectons, other] = _gl002("department: 根河市民政局\nsectons: []\n备注: 无\n")[1:]
    assert sectons.message.en == "unknown key 'sectons' at the top level" and sectons.hint is not None
    assert sectons.hint.en == "did you mean 'sections'?"
    assert other.hint is not None and other.hint.en == "allowed keys: version, department, title, sections"


def test_a_value_of_the_wrong_type_is_reported_at_the_value() -> None:
    text = "department: 根河市民政局\nsections:\n  - name: 一\n    channels: 政府网站\n    serial: 一\n"
    found = _gl002(text)
    assert [(d.span.line, d.span.column, d.message.en) for d in found] == [
        (4, 15, "'channels': expected a list (like [政府网站, 其他])"),
        (5, 13, "'serial': expected an integer"),
    ]
    assert found[0].message.zh == "“channels”（公开渠道和载体）的值应为列表（如 [政府网站, 其他]）"


def test_a_list_entry_of_the_wrong_type_is_reported_at_the_entry() -> None:
    [d] = _gl002("department: 根河市民政局\nsections:\n  - name: 一\n    audience: [全社会, 3]\n")
    assert (d.span.line, d.span.column, d.message.en) == (4, 21, "at entry 2: expected text")


def test_a_missing_key_is_reported_at_the_start_of_its_mapping() -> None:
    [d] = _gl002("title: 目录\ndepartment: 根河市民政局\n")
    assert (d.span.line, d.span.column, d.span.end_column) == (1, 1, 2)
    assert d.message.zh == "缺少必填的键“sections”（一级事项）"
    assert d.hint is not None and (d.hint.zh, d.hint.en) == ("加上 sections: …", "add sections: ...")


def test_a_value_outside_the_allowed_range_says_what_the_model_says() -> None:
    [d] = _gl002("department: 根河市民政局\nsections:\n  - serial: -1\n")
    assert d.message.zh.startswith("“serial”（序号）的值不符合格式：")
    assert "greater than or equal to 0" in d.message.en


@pytest.mark.parametrize(("version", "newer"), [("99", True), ("1", False), ("0x10", False)])
def test_only_a_decimal_version_above_the_supported_one_is_newer(version: str, newer: bool) -> None:
    found = _gl002(f"version: {version}\ndepartment: 根河市民政局\nsections: []\n")
    assert [d.message.en for d in found] == (
        [f"format version {version} is newer than this tool supports (1)"] if newer else [])


def test_the_top_level_must_be_a_mapping() -> None:
    [d] = _gl002("- 根河市民政局\n")
    assert d.message.en == "at the top level: expected a mapping (key: value)"


def test_a_blank_first_line_of_a_block_scalar_is_reported_inside_the_line() -> None:
    """A blank line's line break in a block scalar sits at that line's end, not at the block's indentation."""
    assert _where("|\n\n :  \n") == [(2, 1, 2, 1)]
    doc = parse.parse("t.yaml", "content: |\n\n    甲\n\n    乙\n")
    assert doc.root is not None
    block = doc.root.value[0][1]
    assert [doc.source.value_position(block, i) for i in range(len(block.value))] == [
        (1, 0), (2, 4), (2, 5), (3, 0), (4, 4), (4, 5)]


def test_the_well_formed_catalogs_fit_the_format() -> None:
    corrected = ROOT / "tests" / "examples" / "corrected"
    files = sorted((ROOT / "catalogs").glob("*.yaml")) + sorted(corrected.glob("*.yaml"))
    assert files
    for path in files:
        doc = loader.load_path(path)
        assert doc.root is not None
        assert problems(doc.root, doc.source) == [], path


def _errors(validate: object, data: object) -> list[tuple[object, ...]]:
    try:
        validate(data)  # type: ignore[operator]
    except ValidationError as exc:
        return [(e["type"].replace("model_type", "dict_type"), e["loc"]) for e in exc.errors()]
    return []


@pytest.mark.parametrize("path", sorted((ROOT / "tests" / "bad_inputs").glob("*.yaml"))
                         + sorted((ROOT / "tests" / "rules" / "cases").glob("*.yaml")), ids=lambda p: p.name)
def test_the_compiled_validator_finds_what_the_models_find(path: Path) -> None:
    """Rule cases and bad inputs (and the rule-case files themselves, which are no catalogs) get the same
    errors, at the same places, from the compiled validator as from the models it is compiled from."""
    import yaml

    texts = [path.read_text(encoding="utf-8", errors="replace")]
    if path.parent.name == "cases":
        texts += [case.get("catalog", "") for case in yaml.safe_load(texts[0])["cases"]]
    for text in texts:
        doc = parse.parse(path.name, text)
        if doc.root is None or any(p.kind == "alias" for p in doc.problems):
            continue
        data = parse.to_python(doc.root)
        assert _errors(validator().validate_python, data) == _errors(Catalog.model_validate, data), text
