"""``--format json``: one object with ``diagnostics`` and ``summary``, stable for scripts."""

from __future__ import annotations

import gc
import re
from collections.abc import Iterator
from typing import Any, TextIO

import msgspec

from genhe_lint import __version__
from genhe_lint.diagnostic import Diagnostic, Severity
from genhe_lint.lint.result import Result
from genhe_lint.output.inert import json_inert

_SEVERITY = {s: s.value for s in Severity}  # a plain str, looked up faster than the enum's ``.value``


class FixOut(msgspec.Struct):
    replacement: str
    safe: bool


class Finding(msgspec.Struct, omit_defaults=True):
    """One finding as the JSON format writes it, keys in this order; ``fix`` and ``data`` only when there
    is one. A struct rather than a dict: built and encoded at C speed, a few microseconds per finding."""

    code: str
    name: str
    severity: str
    message: str
    hint: str | None
    path: str
    line: int
    column: int
    end_line: int
    end_column: int
    fixable: bool
    fix: FixOut | None = None
    data: dict[str, str] | None = None


def finding(d: Diagnostic, lang: str) -> Finding:
    en = lang == "en"
    span, hint, fix = d.span, d.hint, d.fix
    return Finding(
        d.code, d.name, _SEVERITY[d.severity], d.message.en if en else d.message.zh,
        None if hint is None else hint.en if en else hint.zh, d.path,
        span.line, span.column, span.end_line, span.end_column, fix is not None and fix.safe,
        None if fix is None else FixOut(fix.replacement, fix.safe), d.data or None,
    )


_ENCODER = msgspec.json.Encoder()


def dumps(value: Any, indent: int | None) -> str:
    """``value`` as ``json.dumps(value, ensure_ascii=False, indent=indent)`` writes it (its default
    separators: ``", "`` and ``": "`` on one line, ``","`` and ``": "`` when indented), by msgspec.

    msgspec encodes text as UTF-8 and so refuses a lone surrogate (a file name that is not UTF-8, as Python
    reads it): a value holding one is encoded with each surrogate marked, and the mark then written as the
    surrogate's JSON escape ``\\udcXX``, the bytes the output stream's error handler writes for a raw one
    (as earlier versions printed it) and the same value when the JSON is read back."""
    mark = None
    try:
        encoded = _ENCODER.encode(value)
    except UnicodeEncodeError:
        mark, marked = _surrogates_marked(msgspec.to_builtins(value))
        encoded = _ENCODER.encode(marked)
    text = msgspec.json.format(encoded, indent=0 if indent is None else indent).decode()
    if mark is not None:
        text = re.sub(re.escape(mark) + "([0-9a-f]{4})", r"\\u\1", text)
    return text


_SURROGATE = re.compile("[\ud800-\udfff]")


def _surrogates_marked(value: Any) -> tuple[str, Any]:
    """``value`` (plain data) with every lone surrogate written as a mark and its four hex digits; the mark
    is a private-use character that no text of ``value`` holds, so that every mark in the output is one."""
    texts: list[str] = []

    def collect(v: Any) -> None:
        if isinstance(v, str):
            texts.append(v)
        elif isinstance(v, dict):
            for k, item in v.items():
                collect(k)
                collect(item)
        elif isinstance(v, list):
            for item in v:
                collect(item)

    collect(value)
    used = set("".join(texts))
    mark = next(chr(c) for c in range(0xE000, 0xF900) if chr(c) not in used)

    def swap(v: Any) -> Any:
        if isinstance(v, str):
            return _SURROGATE.sub(lambda m: f"{mark}{ord(m[0]):04x}", v)
        if isinstance(v, dict):
            return {swap(k): swap(item) for k, item in v.items()}
        if isinstance(v, list):
            return [swap(item) for item in v]
        return v

    return mark, swap(value)


def render(result: Result, lang: str, stream: TextIO) -> None:
    """The whole object, written in slices of diagnostics: the text of one slice at a time is in memory, not
    the output of every finding at once (tens of megabytes over thousands of files). Byte for byte what
    ``json.dumps`` of the whole object writes (a test compares them), with the characters a terminal acts on
    and ``json.dumps`` leaves raw written as ``\\uXXXX`` (:func:`genhe_lint.output.inert.json_inert`)."""
    # Thousands of small structs, none in a cycle: the cyclic GC would only rescan them.
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
    fixable = 0
    for d in result.diagnostics:
        counts[d.severity] += 1
        if d.fix is not None and d.fix.safe:
            fixable += 1
    return {
        "tool": {"name": "genhe-lint", "version": __version__},
        "diagnostics": diagnostics,
        "summary": {
            "files": len(result.files),
            "files_with_findings": len({d.path for d in result.diagnostics}),
            "errors": counts[Severity.ERROR],
            "warnings": counts[Severity.WARNING],
            "infos": counts[Severity.INFO],
            "fixable": fixable,
        },
    }


def _pieces(result: Result, lang: str, indent: int | None) -> Iterator[str]:
    # Indented for a person at a terminal; on one line for programs.
    diagnostics = result.diagnostics
    if not diagnostics:
        yield dumps(_payload(result, []), indent)
        return
    # The object with a marker list in place of the findings, split around it; the findings are encoded
    # as the same list would be, a slice at a time, with the separators json.dumps puts between items.
    head, tail = dumps(_payload(result, [_MARK]), indent).split(dumps(_MARK, None), 1)
    head, tail = head[: head.rindex("[")], tail[tail.index("]") + 1:]
    if indent is None:
        opening, separator, closing = "[", ", ", "]"
        level = 0
    else:
        level = _indent_of(head)
        opening = "[\n" + " " * (level + indent)
        separator = ",\n" + " " * (level + indent)
        closing = "\n" + " " * level + "]"
    yield head + opening
    for start in range(0, len(diagnostics), _SLICE):
        text = dumps([finding(d, lang) for d in diagnostics[start : start + _SLICE]], indent)
        # The list's items; indented, moved from the first level of indentation to the findings' list's.
        text = text[1:-1] if indent is None else text[2 + indent : -2].replace("\n", "\n" + " " * level)
        yield text if start == 0 else separator + text
    yield closing + tail


_MARK = "\x00genhe-lint-diagnostics\x00"


def _indent_of(head: str) -> int:
    """The indentation of the line the findings' list opens on (the ``"diagnostics": [`` line)."""
    line = head[head.rindex("\n") + 1 :]
    return len(line) - len(line.lstrip(" "))
