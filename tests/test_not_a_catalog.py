"""A YAML file that is not a catalog gets one finding that says so, not a cascade of format and
standard-catalog findings; keys are shown as written."""

from __future__ import annotations

import json
from pathlib import Path

from tests.conftest import run_cli

WORKFLOW = """\
name: CI
on:
  push:
    branches: [main]
jobs:
  test:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
"""


def test_a_workflow_is_one_not_a_catalog_finding(tmp_path: Path) -> None:
    path = tmp_path / "ci.yaml"
    path.write_text(WORKFLOW, encoding="utf-8")
    proc = run_cli("check", str(path), "--format", "json", "--no-cache")
    assert proc.returncode == 1, proc.stderr
    found = json.loads(proc.stdout)["diagnostics"]
    assert [(d["code"], d["line"], d["data"].get("kind")) for d in found] == [("GL002", 1, "not-a-catalog")]
    assert "name、on、jobs" in found[0]["message"] and "True" not in found[0]["message"]
    english = run_cli("check", str(path), "--lang", "en", "--no-cache")
    assert "not a catalog" in english.stdout and "name, on, jobs" in english.stdout


def test_an_on_key_in_a_catalog_is_shown_as_written(tmp_path: Path) -> None:
    path = tmp_path / "c.yaml"
    path.write_text("department: 根河市民政局\non: 1\nsections:\n  - name: 人事信息\n", encoding="utf-8")
    proc = run_cli("check", str(path), "--format", "json", "--no-cache", "--select", "GL002")
    [found] = json.loads(proc.stdout)["diagnostics"]
    assert (found["line"], found["column"], found["data"]["key"]) == (2, 1, "on")
    assert "“on”" in found["message"]
