"""Code actions: a quick fix per fixable finding, unsafe suggestions as separate actions, "disable for this
node", and ``source.fixAll.genhe-lint``. Every fix is a plan of :mod:`genhe_lint.lint.fix` (the one that
``check --fix`` writes), sent as the edit from the buffer's text to the plan's fixed text."""

from __future__ import annotations

from collections.abc import Sequence

from lsprotocol import types

from genhe_lint.diagnostic import Diagnostic
from genhe_lint.lint import fix as fixing
from genhe_lint.server.diagnostics import to_lsp
from genhe_lint.server.disable import comment, disabled_text
from genhe_lint.server.engine import Linted
from genhe_lint.server.positions import Lines, text_edit

FIX_ALL = "source.fixAll.genhe-lint"


def wanted(kind: str, only: Sequence[str] | None) -> bool:
    """Whether a client that asked for the kinds ``only`` wants an action of ``kind`` (kinds are dotted
    hierarchies: ``source`` covers ``source.fixAll.genhe-lint``)."""
    return not only or any(kind == o or kind.startswith(o + ".") for o in only)


def _insert(uri: str, before: str, after: str) -> types.WorkspaceEdit | None:
    change = text_edit(before, after)
    return types.WorkspaceEdit(changes={uri: [change]}) if change is not None else None


def _fix_edit(uri: str, linted: Linted, findings: Sequence[Diagnostic],
              unsafe: bool) -> types.WorkspaceEdit | None:
    """The edit that ``--fix`` (``--unsafe-fixes``) makes of the buffer with these findings: one text edit
    per fix the plan applies, or None when it applies none or refuses (the plan's text is made of exactly
    these replacements)."""
    if linted.document.source.text != linted.text:
        return None  # the findings are not positioned in the buffer's text (its bytes were linted)
    plan = fixing.plan(linted.document.path, linted.text, findings, unsafe)
    if not plan.changed:
        return None
    lines = Lines(linted.text)
    edits = [types.TextEdit(range=lines.range(d.fix.span), new_text=d.fix.replacement)
             for d in plan.applied if d.fix is not None]
    return types.WorkspaceEdit(changes={uri: edits})


def _titles(d: Diagnostic, text: str, lang: str) -> tuple[str, str]:
    assert d.fix is not None
    s = d.fix.span
    lines = text.split("\n")
    found = d.data.get("found") or (lines[s.line - 1][s.column - 1:s.end_column - 1]
                                    if s.line == s.end_line and s.line <= len(lines) else "")
    new = d.fix.replacement
    if lang == "en":
        return (f"Fix {d.code}: replace “{found}” with “{new}”",
                f"Unsafe fix, review it: {d.code} replace “{found}” with “{new}”")
    return f"修正 {d.code}：把“{found}”改为“{new}”", f"需人工确认的修正：{d.code} 把“{found}”改为“{new}”"


def fix_all(uri: str, linted: Linted, findings: Sequence[Diagnostic], lang: str) -> types.CodeAction | None:
    edit = _fix_edit(uri, linted, findings, unsafe=False)
    if edit is None:
        return None
    title = ("Fix all safely fixable problems (genhe-lint)" if lang == "en"
             else "修正全部可安全修正的问题（genhe-lint）")
    return types.CodeAction(title=title, kind=FIX_ALL, edit=edit)


def for_findings(uri: str, linted: Linted, findings: Sequence[Diagnostic], only: Sequence[str] | None,
                 lang: str) -> list[types.CodeAction]:
    """The quick fixes, unsafe suggestions and "disable" actions of the findings under the request."""
    out: list[types.CodeAction] = []
    lines = Lines(linted.text)
    quick = wanted(types.CodeActionKind.QuickFix, only)
    for d in findings if quick else ():
        shown = [to_lsp(d, lines, lang)]
        if d.fix is not None:
            safe_title, unsafe_title = _titles(d, linted.text, lang)
            edit = _fix_edit(uri, linted, [d], unsafe=not d.fix.safe)
            if edit is not None:
                out.append(types.CodeAction(
                    title=safe_title if d.fix.safe else unsafe_title, kind=types.CodeActionKind.QuickFix,
                    diagnostics=shown, edit=edit, is_preferred=d.fix.safe))
        positioned = linted.document.source.text == linted.text
        disabled = disabled_text(linted.document, linted.text, d) if positioned else None
        edit = _insert(uri, linted.text, disabled) if disabled is not None else None
        if edit is not None:
            title = (f"Disable {d.code} for this node ({comment(d.code)})" if lang == "en"
                     else f"在此节点禁用 {d.code}（{comment(d.code)}）")
            out.append(types.CodeAction(title=title, kind=types.CodeActionKind.QuickFix, diagnostics=shown,
                                        edit=edit))
    return out
