"""The rule registry. To add a rule: write a class in the module of its family (or a new module),
give it the next free code of that family, and add it to the module's ``RULES`` list. A test checks
that every rule class defined in these modules is registered, and that codes and names are unique.

Families: GL0xx file and format · GL1xx names and wording · GL2xx channels and audience ·
GL3xx serial numbers · GL4xx deadline, unit, publisher · GL5xx structure ·
GL6xx the standard catalog · GL7xx across catalogs.
"""

from __future__ import annotations

from genhe_lint.lint.selection import NAME_SPECIFICITY, specificity
from genhe_lint.rules import across, attributes, format, names, serials, standard, structure, vocab, wording
from genhe_lint.rules.base import BaseRule, Context

MODULES = (format, names, wording, vocab, serials, attributes, structure, standard, across)

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


def rules_markdown() -> str:
    """docs/rules.md: every rule's documentation, generated from the rule classes (never edited by hand)."""
    out = [
        "# 规则 / Rules",
        "",
        "<!-- 由 `genhe-lint rules --markdown > docs/rules.md` 生成，请勿手工编辑 / generated, do not edit -->",
        "",
        "| 代码 code | 名称 name | 级别 severity | 可修正 fixable | 说明 summary |",
        "|---|---|---|---|---|",
    ]
    for rule in ALL_RULES:
        out.append(f"| [{rule.code}](#{rule.code.lower()}) | {rule.name} | {rule.severity.value} | "
                   f"{'✓' if rule.fixable else ''} | {rule.summary.zh} / {rule.summary.en} |")
    for rule in ALL_RULES:
        doc = rule.doc().split("\n")
        out += ["", f"## {rule.code}", "", f"**{rule.name}** · {rule.severity.value}"
                + (" · 可自动修正 fixable" if rule.fixable else ""), "", f"### {doc[0]}", ""]
        body: list[str] = []
        for line in doc[1:]:
            if line.startswith("    "):  # example blocks
                if not body or not body[-1].startswith("    "):
                    body.append("")
                body.append(line)
            else:
                if body and body[-1].startswith("    ") and line.strip():
                    body.append("")
                body.append(line)
        out += [line.rstrip() for line in body]
    return "\n".join(out).replace("\n\n\n", "\n\n") + "\n"


__all__ = ["ALL_RULES", "BY_CODE", "BY_NAME", "BaseRule", "Context", "find", "rules_markdown"]
