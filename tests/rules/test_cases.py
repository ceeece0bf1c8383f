"""Each rule's cases, kept as data in tests/rules/cases/<CODE>.yaml (in the manner of sqlfluff's fail_str,
fix_str and pass_str).

A case is a small catalog (``catalog``, or ``catalogs``: file name -> text, linted together) and the exact
positions (``expect``: line:column, or file:line:column) where the rule must report; an empty list says
what the rule must NOT report. Every rule has at least one case of each kind.

When the rule's findings in a case carry fixes, the case states the text they give, as ``check --fix``
applies them (the planning of :mod:`genhe_lint.lint.fix`), counting the case's own rule only:
``fix_str`` for the safe fixes (``--fix``), ``unsafe_fix_str`` for the safe and the unsafe ones
(``--fix --unsafe-fixes``). Fixing the fixed text again must change nothing. Every fixable rule has a case
whose ``fix_str`` changes the catalog, and every rule whose docs promise an unsafe fix has one whose
``unsafe_fix_str`` does.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from genhe_lint.diagnostic import Diagnostic
from genhe_lint.lint import fix as fixing
from genhe_lint.lint import runner as engine
from genhe_lint.ruledata.compiled import RuleData
from genhe_lint.rules import ALL_RULES, BaseRule
from genhe_lint.rules.docs import of as doc_of
from tests.conftest import lint

CASES_DIR = Path(__file__).parent / "cases"
FIX_KEYS = {False: "fix_str", True: "unsafe_fix_str"}  # unsafe -> the key stating the fixed text


def _specs() -> list[dict[str, Any]]:
    return [yaml.safe_load(path.read_text(encoding="utf-8")) for path in sorted(CASES_DIR.glob("*.yaml"))]


def _load_cases() -> list[Any]:
    return [pytest.param(spec["rule"], case, id=f"{spec['rule']}-{case['name']}")
            for spec in _specs() for case in spec["cases"]]


def _findings(text: str, code: str, data: RuleData) -> list[Diagnostic]:
    """The rule's findings in a catalog, all rules running (as in real use)."""
    return [d for d in lint(text, data) if d.code == code]


def _fix(text: str, found: list[Diagnostic], unsafe: bool) -> str:
    """The text ``check --fix`` (with ``unsafe``: ``--unsafe-fixes``) writes for these findings."""
    plan = fixing.plan("case.yaml", text, found, unsafe)
    assert plan.refused is None, plan.refused
    return plan.fixed


@pytest.mark.parametrize(("code", "case"), _load_cases())
def test_rule_case(code: str, case: dict[str, Any], data: RuleData, tmp_path: Path) -> None:
    if "catalogs" in case:  # several files linted together: positions are "file:line:column"
        for name, text in case["catalogs"].items():
            (tmp_path / name).write_text(text, encoding="utf-8")
        result = engine.lint_paths([str(tmp_path)], data)
        found = [d for d in result.diagnostics if d.code == code]
        positions = [f"{Path(d.path).name}:{d.span.line}:{d.span.column}" for d in found]
        # a safe fix is stated in a single-catalog case; an unsafe suggestion may come with a finding
        # that outranks a per-file one (GL703 over GL102)
        assert not any(d.fix and d.fix.safe for d in found), "state fixes in a single-catalog case"
    else:
        found = _findings(case["catalog"], code, data)
        positions = [f"{d.span.line}:{d.span.column}" for d in found]
    shown = "\n".join(f"{d.span.line}:{d.span.column} {d.message.zh}" for d in found)
    assert positions == case["expect"], shown
    if "message_contains" in case:
        assert any(case["message_contains"] in d.message.zh + (d.hint.zh if d.hint else "") for d in found)
    for d in found:  # every diagnostic is complete, in both languages
        assert d.message.zh and d.message.en and d.name and d.severity
    if "catalog" in case:
        _check_fixes(code, case, found, data)


def _check_fixes(code: str, case: dict[str, Any], found: list[Diagnostic], data: RuleData) -> None:
    for unsafe, key in FIX_KEYS.items():
        offered = any(d.fix is not None and not d.fix.safe for d in found) if unsafe else any(
            d.fix is not None and d.fix.safe for d in found)
        if key not in case:
            assert not offered, f"the findings carry {'unsafe ' if unsafe else ''}fixes: state {key}"
            continue
        fixed = _fix(case["catalog"], found, unsafe)
        flags = "--fix --unsafe-fixes" if unsafe else "--fix"
        assert fixed == case[key], f"{key}, as check {flags} writes it:\n{fixed}"
        again = _fix(fixed, _findings(fixed, code, data), unsafe)
        assert again == fixed, f"a second fix changes the text:\n{again}"


@pytest.mark.parametrize("rule", ALL_RULES, ids=lambda r: r.code)
def test_every_rule_has_catching_passing_and_fixing_cases(rule: type[BaseRule]) -> None:
    path = CASES_DIR / f"{rule.code}.yaml"
    assert path.is_file(), f"add {path.relative_to(CASES_DIR.parent.parent.parent)}"
    spec = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert spec["rule"] == rule.code
    cases = spec["cases"]
    assert any(c["expect"] for c in cases), "a case the rule must catch"
    assert any(not c["expect"] for c in cases), "a case the rule must not report"
    if rule.fixable:
        assert any(c.get("fix_str", c.get("catalog")) != c.get("catalog") for c in cases), \
            "a case with fix_str: the text after --fix"
    if "--unsafe-fixes" in doc_of(rule).section("修正是否安全"):
        assert any(c.get("unsafe_fix_str", c.get("catalog")) != c.get("catalog") for c in cases), \
            "a case with unsafe_fix_str: the text after --fix --unsafe-fixes"
