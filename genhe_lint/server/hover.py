"""Hover on a finding: the rule's documentation, as ``genhe-lint explain`` prints it."""

from __future__ import annotations

from lsprotocol import types

from genhe_lint.diagnostic import Diagnostic
from genhe_lint.rules import find
from genhe_lint.rules.docs import explain_text, of
from genhe_lint.server.diagnostics import message, rule_href


def hover_text(findings: list[Diagnostic], lang: str) -> str | None:
    """Markdown for the findings under the cursor: for each rule once, the finding's message, then the
    rule's documentation (for English readers its English summary comes first)."""
    parts: list[str] = []
    seen: set[str] = set()
    for d in findings:
        rule = find(d.code)
        if rule is None or d.code in seen:
            continue
        seen.add(d.code)
        head = f"**{d.code}** `{d.name}`: {message(d, lang)}"
        href = rule_href(d.code)
        if href:
            head += f" ([{'docs' if lang == 'en' else '文档'}]({href}))"
        if lang == "en":
            head += f"\n\n{of(rule).english}"
        parts.append(f"{head}\n\n```text\n{explain_text(rule)}\n```")
    return "\n\n---\n\n".join(parts) if parts else None


def hover(findings: list[Diagnostic], lang: str, where: types.Range) -> types.Hover | None:
    text = hover_text(findings, lang)
    if text is None:
        return None
    return types.Hover(contents=types.MarkupContent(kind=types.MarkupKind.Markdown, value=text), range=where)
