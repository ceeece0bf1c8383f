"""The rule registry: every rule registered once, named and documented as the project requires."""

from __future__ import annotations

import inspect
import re

from genhe_lint import rules as rules_pkg
from genhe_lint.rules import ALL_RULES, MODULES, BaseRule
from tests.conftest import run_cli


def test_every_rule_class_is_registered() -> None:
    defined = {
        obj for module in MODULES for _, obj in inspect.getmembers(module, inspect.isclass)
        if issubclass(obj, BaseRule) and obj.__module__ == module.__name__ and "code" in vars(obj)
    }
    assert defined == set(ALL_RULES)


def test_codes_and_names_are_unique_and_well_formed() -> None:
    codes = [r.code for r in ALL_RULES]
    names = [r.name for r in ALL_RULES]
    assert len(set(codes)) == len(codes) and len(set(names)) == len(names)
    for rule in ALL_RULES:
        assert re.fullmatch(r"GL\d{3}", rule.code)
        assert re.fullmatch(r"[a-z]+(-[a-z]+)+", rule.name), rule.name


def test_rules_command_lists_every_rule() -> None:
    proc = run_cli("rules")
    assert proc.returncode == 0
    for rule in ALL_RULES:
        assert rule.code in proc.stdout and rule.name in proc.stdout


def test_explain_prints_the_rule_doc() -> None:
    proc = run_cli("explain", "GL101")
    assert proc.returncode == 0
    assert "wrong-region-name" in proc.stdout and "天河市" in proc.stdout and "修正" in proc.stdout
    assert run_cli("explain", "foreign-department").stdout.startswith("GL102")
    bad = run_cli("explain", "GL999")
    assert bad.returncode == 2 and "GL999" in bad.stderr


def test_families_are_documented_in_the_registry_module() -> None:
    assert "GL1xx" in (rules_pkg.__doc__ or "")


def test_rule_docs_file_is_generated_and_current() -> None:
    from genhe_lint.rules.docs import rules_markdown
    from tests.conftest import ROOT

    committed = (ROOT / "docs" / "rules.md").read_text(encoding="utf-8")
    assert committed == rules_markdown(), "run: genhe-lint rules --markdown > docs/rules.md"
    assert run_cli("rules", "--markdown").stdout == committed
