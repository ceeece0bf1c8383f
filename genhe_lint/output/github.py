"""``--format github``: GitHub Actions workflow commands, so findings show as annotations on the pull request.

One ``::error``/``::warning``/``::notice`` line per diagnostic, then one plain summary line. Text from
catalogs and file names is made visible first (:func:`genhe_lint.output.inert.visible`: no line break, ESC or
bidi control reaches the log), then escaped as the Actions runner expects: in the message ``%``, ``\\r`` and
``\\n``; in properties also ``:`` and ``,``.
"""

from __future__ import annotations

from pathlib import PurePath
from typing import TextIO

from genhe_lint.diagnostic import Diagnostic, Severity
from genhe_lint.lint.result import Result
from genhe_lint.output.inert import visible

_COMMAND = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


def message_text(d: Diagnostic, lang: str) -> str:
    """The message in ``lang`` followed by the hint, if any (shared by the one-line formats), with control,
    separator and bidi characters shown as escapes."""
    message = visible(d.message.get(lang))
    if d.hint is None:
        return message
    hint = visible(d.hint.get(lang))
    return f"{message} (hint: {hint})" if lang == "en" else f"{message}（提示：{hint}）"


def posix_path(path: str) -> str:
    """The path as given, with forward slashes (Windows separators converted)."""
    return PurePath(path).as_posix()


def escape_data(value: str) -> str:
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(value: str) -> str:
    return escape_data(value).replace(":", "%3A").replace(",", "%2C")


def command(d: Diagnostic, lang: str) -> str:
    properties = {
        "file": visible(posix_path(d.path)),
        "line": str(d.span.line),
        "col": str(d.span.column),
        "endLine": str(d.span.end_line),
        "endColumn": str(d.span.end_column),
        "title": f"{d.code} {d.name}",
    }
    props = ",".join(f"{key}={escape_property(value)}" for key, value in properties.items())
    return f"::{_COMMAND[d.severity]} {props}::{escape_data(message_text(d, lang))}"


def summary(result: Result, lang: str) -> str:
    files = len(result.files)
    with_findings = len({d.path for d in result.diagnostics})
    errors, warnings = result.count(Severity.ERROR), result.count(Severity.WARNING)
    infos, fixable = result.count(Severity.INFO), sum(1 for d in result.diagnostics if d.fixable)
    error, warning, info = (s.label(lang) for s in (Severity.ERROR, Severity.WARNING, Severity.INFO))
    if lang == "en":
        return (f"genhe-lint: {files} file(s) checked, {with_findings} with findings: "
                f"{errors} {error}(s), {warnings} {warning}(s), {infos} {info}, {fixable} fixable.")
    return (f"genhe-lint：共检查 {files} 个文件，其中 {with_findings} 个有问题："
            f"{error} {errors}，{warning} {warnings}，{info} {infos}，可自动修正 {fixable}。")


def render(result: Result, lang: str, stream: TextIO) -> None:
    for d in result.diagnostics:
        stream.write(command(d, lang) + "\n")
    stream.write(summary(result, lang) + "\n")
