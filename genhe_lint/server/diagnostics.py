"""Findings as LSP diagnostics: range in UTF-16 positions, severity, ``code`` with a link to the rule's
section of the rule docs, ``source: genhe-lint``, and the message in the user's language."""

from __future__ import annotations

import functools
from pathlib import Path

from lsprotocol import types

from genhe_lint.diagnostic import Diagnostic, Severity
from genhe_lint.server.positions import Lines

SOURCE = "genhe-lint"

_SEVERITY = {
    Severity.ERROR: types.DiagnosticSeverity.Error,
    Severity.WARNING: types.DiagnosticSeverity.Warning,
    Severity.INFO: types.DiagnosticSeverity.Information,
}


@functools.cache
def rules_doc() -> Path | None:
    """docs/rules.md as installed: inside the package (the wheel puts it there), or the source checkout's."""
    package = Path(__file__).resolve().parents[1]
    for candidate in (package / "docs" / "rules.md", package.parent / "docs" / "rules.md"):
        if candidate.is_file():
            return candidate
    return None


def rule_href(code: str) -> str | None:
    """A ``file://`` link to the rule's section of docs/rules.md (None when the docs are not installed)."""
    doc = rules_doc()
    return f"{doc.as_uri()}#{code.lower()}" if doc is not None else None


def message(d: Diagnostic, lang: str) -> str:
    text = d.message.get(lang)
    if d.hint is not None:
        text += ("\nHint: " if lang == "en" else "\n提示：") + d.hint.get(lang)
    return text


def to_lsp(d: Diagnostic, lines: Lines, lang: str) -> types.Diagnostic:
    href = rule_href(d.code)
    return types.Diagnostic(
        range=lines.range(d.span),
        message=message(d, lang),
        severity=_SEVERITY[d.severity],
        code=d.code,
        code_description=types.CodeDescription(href=href) if href else None,
        source=SOURCE,
        data={"name": d.name, "fixable": d.fixable},
    )
