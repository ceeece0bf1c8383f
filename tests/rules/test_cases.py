"""Each rule's cases, kept as data in tests/rules/cases/<CODE>.yaml (in the manner of sqlfluff).

A case is a small catalog and the exact positions (line:column) where the rule must report; an empty
list says what the rule must NOT report. Every rule must have at least one case of each kind.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from genhe_lint.lint import runner as engine
from genhe_lint.rules import ALL_RULES
from tests.conftest import lint

CASES_DIR = Path(__file__).parent / "cases"


def _load_cases() -> list[Any]:
    params = []
    for path in sorted(CASES_DIR.glob("*.yaml")):
        spec = yaml.safe_load(path.read_text(encoding="utf-8"))
        for case in spec["cases"]:
            params.append(pytest.param(spec["rule"], case, id=f"{spec['rule']}-{case['name']}"))
    return params


@pytest.mark.parametrize(("code", "case"), _load_cases())
def test_rule_case(code: str, case: dict[str, Any], data: Any, tmp_path: Path) -> None:
    # all rules run (as in real use); the case speaks of its own rule's findings
    if "catalogs" in case:  # several files linted together: positions are "file:line:column"
        for name, text in case["catalogs"].items():
            (tmp_path / name).write_text(text, encoding="utf-8")
        result = engine.lint_paths([str(tmp_path)], data)
        found = [d for d in result.diagnostics if d.code == code]
        positions = [f"{Path(d.path).name}:{d.span.line}:{d.span.column}" for d in found]
    else:
        found = [d for d in lint(case["catalog"], data) if d.code == code]
        positions = [f"{d.span.line}:{d.span.column}" for d in found]
    assert positions == case["expect"], "\n".join(f"{d.span.line}:{d.span.column} {d.message.zh}" for d in found)
    if "message_contains" in case:
        assert any(case["message_contains"] in d.message.zh + (d.hint.zh if d.hint else "") for d in found)
    for d in found:  # every diagnostic is complete, in both languages
        assert d.message.zh and d.message.en and d.name and d.severity


@pytest.mark.parametrize("rule", ALL_RULES, ids=lambda r: r.code)
def test_every_rule_has_catching_and_passing_cases(rule: Any) -> None:
    path = CASES_DIR / f"{rule.code}.yaml"
    assert path.is_file(), f"add {path.relative_to(CASES_DIR.parent.parent.parent)}"
    spec = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert spec["rule"] == rule.code
    assert any(c["expect"] for c in spec["cases"]), "a case the rule must catch"
    assert any(not c["expect"] for c in spec["cases"]), "a case the rule must not report"
