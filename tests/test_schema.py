"""The JSON Schema is generated from the pydantic models, kept in the repo for editors, and never drifts."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
import yaml

from genhe_lint.catalog.schema import json_schema, json_schema_text
from tests.conftest import CATALOGS, ROOT, run_cli


def test_committed_schema_is_up_to_date() -> None:
    committed = (ROOT / "schema" / "catalog.schema.json").read_text(encoding="utf-8")
    assert committed == json_schema_text(), "run: genhe-lint schema -o schema/catalog.schema.json"


def test_schema_command_prints_the_schema() -> None:
    proc = run_cli("schema")
    assert proc.returncode == 0
    assert json.loads(proc.stdout) == json_schema()


def test_titles_and_descriptions_are_chinese() -> None:
    schema = json_schema()
    node = schema["$defs"]["CatalogNode"]["properties"]
    assert node["channels"]["title"] == "公开渠道和载体"
    assert "继承" in node["deadline"]["description"]
    assert schema["properties"]["department"]["title"].startswith("公开主体")


@pytest.mark.parametrize("path", sorted(CATALOGS.glob("*.yaml")), ids=lambda p: p.name)
def test_bundled_catalogs_validate_against_the_schema(path: Path) -> None:
    jsonschema.validate(yaml.safe_load(path.read_text(encoding="utf-8")), json_schema())
    first_line = path.read_text(encoding="utf-8").split("\n", 1)[0]
    assert first_line == "# yaml-language-server: $schema=../schema/catalog.schema.json"


def test_schema_rejects_a_misspelt_key() -> None:
    bad = {"department": "根河市民政局", "sections": [{"name": "履职依据", "chanels": ["政府网站"]}]}
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(bad, json_schema())
