"""Settings: one model describes the config file; it validates, explains errors with the line, and gives the
JSON Schema."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from genhe_lint.config import settings
from genhe_lint.config.model import json_schema_text
from genhe_lint.diagnostic import Severity
from tests.conftest import ROOT

GOOD_SETTINGS: list[tuple[dict[str, Any], dict[str, Any]]] = [
    ({}, {}),
    ({"select": ["GL1"], "ignore": ["GL105", "template-placeholder"], "lang": "en"},
     {"select": ["GL1"], "ignore": ["GL105", "template-placeholder"], "lang": "en"}),
    ({"severity": {"GL105": "error", "GL2": "info"},
      "per-file-ignores": {"catalogs/legacy/*.yaml": ["GL106"]}},
     {"severity": {"GL105": Severity.ERROR, "GL2": Severity.INFO},
      "per_file_ignores": {"catalogs/legacy/*.yaml": ["GL106"]}}),
    ({"per_file_ignores": {"a": []}, "rules_dirs": ["r"], "exclude": ["drafts/*"]},
     {"per_file_ignores": {"a": []}, "rules_dirs": ["r"], "exclude": ["drafts/*"]}),
    ({"rules-dirs": [], "exclude": []}, {}),
]
BAD_SETTINGS: list[dict[str, Any]] = [
    {"selct": ["GL1"]}, {"select": "GL1"}, {"select": [1]}, {"severity": {"GL105": "fatal"}},
    {"severity": {"GL105": "ERROR"}}, {"lang": "fr"}, {"lang": None}, {"per-file-ignores": {"a": "GL1"}},
    {"exclude": None}, {"severity": []},
]


@pytest.mark.parametrize(("raw", "expected"), GOOD_SETTINGS)
def test_good_settings(raw: dict[str, Any], expected: dict[str, Any]) -> None:
    got = settings.validate(raw, {}, Path("x.yaml"))
    assert got == settings.Settings(**expected)
    assert all(type(v) is Severity for v in got.severity.values())


@pytest.mark.parametrize("raw", BAD_SETTINGS)
def test_bad_settings(raw: dict[str, Any]) -> None:
    with pytest.raises(settings.ConfigError):
        settings.validate(raw, {}, Path("x.yaml"))


def test_a_bad_config_file_is_explained_with_its_line(tmp_path: Path) -> None:
    path = tmp_path / ".genhe-lint.yaml"
    path.write_text("select: [GL1]\nseverity:\n  GL105: fatal\n", encoding="utf-8")
    with pytest.raises(settings.ConfigError) as caught:
        settings.load_file(path)
    assert caught.value.line == 2 and "severity.GL105" in caught.value.message
    path.write_text("selct: [GL1]\n", encoding="utf-8")
    with pytest.raises(settings.ConfigError) as caught:
        settings.load_file(path)
    assert caught.value.line == 1
    keys = "select, ignore, severity, per-file-ignores, rules-dirs, exclude, lang, baseline"
    assert f"（可用的键：{keys}）" in caught.value.message


def test_a_bad_pyproject_is_explained_with_its_line(tmp_path: Path) -> None:
    path = tmp_path / "pyproject.toml"
    path.write_text("[project]\nname = 'x'\n\n[tool.genhe-lint]\nlang = 'fr'\n", encoding="utf-8")
    with pytest.raises(settings.ConfigError) as caught:
        settings.load_file(path)
    assert caught.value.line == 5 and "lang" in caught.value.message
    path.write_bytes(b"[tool.genhe-lint]\r\nselect = ['GL1']\r\n# \xff\r\n")
    with pytest.raises(settings.ConfigError) as caught:
        settings.load_file(path)
    assert caught.value.line == 3 and "UTF-8" in caught.value.message
    path.write_bytes(b"[tool.genhe-lint]\r\nselect = ['GL1']\r\nexclude = ['a/*']\r\n")
    assert settings.load_file(path).exclude == ["a/*"]


def test_committed_settings_schema_is_up_to_date() -> None:
    committed = (ROOT / "schema" / "settings.schema.json").read_text(encoding="utf-8")
    assert committed == json_schema_text(), "run: genhe-lint schema --all"
    schema = json.loads(committed)
    assert set(schema["properties"]) == {"select", "ignore", "severity", "per-file-ignores", "rules-dirs",
                                         "exclude", "lang", "baseline"}
    assert schema["additionalProperties"] is False and schema["properties"]["lang"]["title"] == "语言"


def test_a_config_validates_against_the_schema() -> None:
    import jsonschema
    import yaml

    schema = json.loads(json_schema_text())
    good = yaml.safe_load("severity: {GL105: error}\nper-file-ignores: {'a/*': [GL106]}\n")
    jsonschema.validate(good, schema)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({"selct": ["GL1"]}, schema)
