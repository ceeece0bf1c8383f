"""``--format json``: one object with ``diagnostics`` and ``summary``, stable for scripts."""

from __future__ import annotations

import gc
import json
from collections.abc import Iterator
from typing import Any, TextIO

from genhe_lint import __version__
from genhe_lint.diagnostic import Diagnostic, Severity
from genhe_lint.lint.result import Result
from genhe_lint.output.inert import json_inert

_SEVERITY = {s: s.value for s in Severity}  # a plain str, looked up faster than the enum's ``.value``


def diagnostic_dict(d: Diagnostic, lang: str) -> dict[str, Any]:
    en = lang == "en"
    span, hint, fix = d.span, d.hint, d.fix
    out: dict[str, Any] = {
        "code": d.code,
        "name": d.name,
        "severity": _SEVERITY[d.severity],
        "message": d.message.en if en else d.message.zh,
        "hint": None if hint is None else hint.en if en else hint.zh,
        "path": d.path,
        "line": span.line,
        "column": span.column,
        "end_line": span.end_line,
        "end_column": span.end_column,
        "fixable": fix is not None and fix.safe,
    }
    if fix is not None:
        out["fix"] = {"replacement": fix.replacement, "safe": fix.safe}
    if d.data:
        out["data"] = dict(d.data)
    return out


def render(result: Result, lang: str, stream: TextIO) -> None:
    """The whole object, written in slices of diagnostics: the text of one slice at a time is in memory, not
    the output of every finding at once (tens of megabytes over thousands of files). Byte for byte what
    ``json.dumps`` of the whole object writes (a test compares them), with the characters a terminal acts on
    and ``json.dumps`` leaves raw written as ``\\uXXXX`` (:func:`genhe_lint.output.inert.json_inert`)."""
    # Thousands of small dicts, none in a cycle: the cyclic GC would only rescan them (a third of the time).
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        for piece in _pieces(result, lang, indent=2 if stream.isatty() else None):
            stream.write(json_inert(piece))
    finally:
        if was_enabled:
            gc.enable()
    stream.write("\n")


_SLICE = 512  # diagnostics encoded per write


def _payload(result: Result, diagnostics: list[Any]) -> dict[str, Any]:
    counts = dict.fromkeys(Severity, 0)
    for d in result.diagnostics:
        counts[d.severity] += 1
    return {
        "tool": {"name": "genhe-lint", "version": __version__},
        "diagnostics": diagnostics,
        "summary": {
            "files": len(result.files),
            "files_with_findings": len({d.path for d in result.diagnostics}),
            "errors": counts[Severity.ERROR],
            "warnings": counts[Severity.WARNING],
            "infos": counts[Severity.INFO],
            "fixable": sum(1 for d in result.diagnostics if d.fixable),
        },
    }


def _pieces(result: Result, lang: str, indent: int | None) -> Iterator[str]:
    # Indented for a person at a terminal; compact for programs (and then encoded at C speed: the indenting
    # encoder is pure Python and took a quarter of a warm run over thousands of files). No cycles: built here.
    diagnostics = result.diagnostics
    if not diagnostics:
        yield json.dumps(_payload(result, []), ensure_ascii=False, indent=indent, check_circular=False)
        return
    # The object with a marker list in place of the findings, split around it; the findings are encoded
    # as the same list would be, a slice at a time, with the separators json.dumps puts between items.
    marker = [_MARK]
    head, tail = json.dumps(_payload(result, marker), ensure_ascii=False, indent=indent,
                            check_circular=False).split(json.dumps(_MARK), 1)
    head, tail = head[: head.rindex("[")], tail[tail.index("]") + 1:]
    if indent is None:
        opening, separator, closing = "[", ", ", "]"
        inner = 0
    else:
        level = _indent_of(head)
        inner = level + indent
        opening = "[\n" + " " * inner
        separator = ",\n" + " " * inner
        closing = "\n" + " " * level + "]"
    yield head + opening
    for start in range(0, len(diagnostics), _SLICE):
        dicts = [diagnostic_dict(d, lang) for d in diagnostics[start : start + _SLICE]]
        if indent is None:
            text = json.dumps(dicts, ensure_ascii=False, check_circular=False)[1:-1]
        else:
            text = separator.join(_indented(d, indent, inner) for d in dicts)
        yield text if start == 0 else separator + text
    yield closing + tail


_MARK = "\x00genhe-lint-diagnostics\x00"


def _indent_of(head: str) -> int:
    """The indentation of the line the findings' list opens on (the ``"diagnostics": [`` line)."""
    line = head[head.rindex("\n") + 1 :]
    return len(line) - len(line.lstrip(" "))


def _indented(value: dict[str, Any], indent: int, level: int) -> str:
    """One finding as ``json.dumps(..., indent=indent)`` writes it inside a list at ``level``."""
    text = json.dumps(value, ensure_ascii=False, indent=indent, check_circular=False)
    return text.replace("\n", "\n" + " " * level)
