"""The rule registry.

To add a rule:

1. Write a class in the module of its family (table below), give it the next free code of that family
   and a kebab-case name. A per-file rule subclasses :class:`~genhe_lint.rules.base.BaseRule` and
   implements ``check``; a rule over all catalogs of a run subclasses
   :class:`~genhe_lint.rules.across.ProjectRule` and implements ``check_project``.
2. Write its docstring under the fixed headings 检查什么 / 为什么 / 示例 / 改为 / 修正是否安全, then an
   ``English:`` line (see :mod:`genhe_lint.rules.docs`), and regenerate the docs:
   ``genhe-lint rules --markdown > docs/rules.md``.
3. Add it to the module's ``RULES`` list.
4. Add ``tests/rules/cases/<CODE>.yaml``: catalogs it must report (with positions), catalogs it must not,
   and, when its findings carry fixes, the text after ``--fix`` (see ``tests/rules/test_cases.py``).

Tests check that every rule class defined in these modules is registered, that codes and names are
unique, that every docstring has the headings in order, and that every rule has its cases.

Families: GL0xx file and format (format.py) · GL1xx names and wording (names.py, wording.py, text.py) ·
GL2xx channels and audience (vocab.py) · GL3xx serial numbers (serials.py) · GL4xx deadline, unit,
publisher (attributes.py) · GL5xx structure (structure.py) · GL6xx the standard catalog (standard.py) ·
GL7xx across catalogs (across.py).
"""

from __future__ import annotations

from genhe_lint.lint.selection import NAME_SPECIFICITY, specificity
from genhe_lint.rules import (
    across,
    attributes,
    format,
    names,
    serials,
    standard,
    structure,
    text,
    vocab,
    wording,
)
from genhe_lint.rules.base import BaseRule, Context

MODULES = (format, names, wording, text, vocab, serials, attributes, structure, standard, across)

ALL_RULES: list[type[BaseRule]] = [rule for module in MODULES for rule in module.RULES]
BY_CODE: dict[str, type[BaseRule]] = {r.code: r for r in ALL_RULES}
BY_NAME: dict[str, type[BaseRule]] = {r.name: r for r in ALL_RULES}


def find(code_or_name: str) -> type[BaseRule] | None:
    """The one rule a pattern names in full (its whole code or its name), or None; a code prefix names
    a family, not a rule."""
    for rule in ALL_RULES:
        how = specificity(code_or_name, rule.code, rule.name)
        if how == NAME_SPECIFICITY or how == len(rule.code):
            return rule
    return None


__all__ = ["ALL_RULES", "BY_CODE", "BY_NAME", "BaseRule", "Context", "find"]
