"""The rule registry. To add a rule: write a class in the module of its family (or a new module),
give it the next free code of that family, and add it to the module's ``RULES`` list. A test checks
that every rule class defined in these modules is registered, and that codes and names are unique.

Families: GL0xx file and format · GL1xx names and wording · GL2xx channels and audience ·
GL3xx serial numbers · GL4xx deadline, unit, publisher · GL5xx structure.
"""

from __future__ import annotations

from genhe_lint.rules import attributes, format, names, serials, structure, vocab, wording
from genhe_lint.rules.base import BaseRule, Context, Rule

MODULES = (format, names, wording, vocab, serials, attributes, structure)

ALL_RULES: list[type[BaseRule]] = [rule for module in MODULES for rule in module.RULES]
BY_CODE: dict[str, type[BaseRule]] = {r.code: r for r in ALL_RULES}
BY_NAME: dict[str, type[BaseRule]] = {r.name: r for r in ALL_RULES}


def find(code_or_name: str) -> type[BaseRule] | None:
    key = code_or_name.strip()
    return BY_CODE.get(key.upper()) or BY_NAME.get(key.lower())


__all__ = ["ALL_RULES", "BY_CODE", "BY_NAME", "BaseRule", "Context", "Rule", "find"]
