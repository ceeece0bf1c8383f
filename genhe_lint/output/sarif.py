"""``--format sarif``: SARIF 2.1.0, for GitHub code scanning and other SARIF viewers.

One run; ``tool.driver.rules`` is the table of the rules that ran (``result.rules``). Columns count
characters, so the run declares ``columnKind: unicodeCodePoints``; SARIF regions, like our spans, end
exclusively. ``partialFingerprints["genheLint/v1"]`` does not depend on the line, so code scanning keeps an
alert when the text above it moves. Messages show control, separator and bidi characters as escapes; a fix's
inserted text is kept exact, and the JSON escapes what a terminal would act on.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from pathlib import PurePath
from typing import Any, TextIO
from urllib.parse import quote

from genhe_lint import __version__
from genhe_lint.diagnostic import Diagnostic, Severity, Span
from genhe_lint.lint.result import Result, RuleInfo
from genhe_lint.output.github import message_text, posix_path
from genhe_lint.output.inert import json_inert, visible

SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json"
FINGERPRINT_KEY = "genheLint/v1"
_LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}


def fingerprint(code: str, path: str, message_zh: str, occurrence: int = 1) -> str:
    """A stable id of a finding: sha256 of code, path and Chinese message (32 hex digits).

    ``occurrence`` numbers findings whose code, path and message are all the same (the same wrong word twice
    in a file), so that each stays its own alert; the first one hashes only the three parts.
    """
    parts = [code, posix_path(path), message_zh]
    if occurrence > 1:
        parts.append(str(occurrence))
    return hashlib.sha256("\0".join(parts).encode("utf-8")).hexdigest()[:32]


def artifact_location(path: str) -> dict[str, str]:
    """A relative path becomes a URI reference under ``%SRCROOT%``; an absolute one a ``file:`` URI."""
    pure = PurePath(path)
    if pure.is_absolute():
        return {"uri": pure.as_uri()}
    return {"uri": quote(pure.as_posix(), safe="/"), "uriBaseId": "%SRCROOT%"}


def region(span: Span) -> dict[str, int]:
    return {"startLine": span.line, "startColumn": span.column,
            "endLine": span.end_line, "endColumn": span.end_column}


def rule_descriptor(rule: RuleInfo, lang: str) -> dict[str, Any]:
    summary = rule.summary.get(lang)
    return {
        "id": rule.code,
        "name": rule.name,
        "shortDescription": {"text": summary},
        "fullDescription": {"text": summary},
        "help": {"text": rule.doc, "markdown": rule.doc},
        "defaultConfiguration": {"level": _LEVEL[rule.severity]},
        "properties": {"tags": ["genhe-lint"]},
    }


def sarif_result(d: Diagnostic, lang: str, rule_index: int | None, occurrence: int) -> dict[str, Any]:
    location = artifact_location(d.path)
    out: dict[str, Any] = {"ruleId": d.code}
    if rule_index is not None:
        out["ruleIndex"] = rule_index
    out |= {
        "level": _LEVEL[d.severity],
        "message": {"text": message_text(d, lang)},
        "locations": [{"physicalLocation": {"artifactLocation": location, "region": region(d.span)}}],
        "partialFingerprints": {FINGERPRINT_KEY: fingerprint(d.code, d.path, d.message.zh, occurrence)},
    }
    if d.fix is not None and d.fix.safe:
        if d.hint is not None:
            description = visible(d.hint.get(lang))
        else:
            replacement = visible(d.fix.replacement)
            description = f"Replace with “{replacement}”" if lang == "en" else f"改为“{replacement}”"
        out["fixes"] = [{
            "description": {"text": description},
            "artifactChanges": [{
                "artifactLocation": location,
                "replacements": [{"deletedRegion": region(d.fix.span),
                                  "insertedContent": {"text": d.fix.replacement}}],
            }],
        }]
    return out


def sarif_log(result: Result, lang: str) -> dict[str, Any]:
    index = {rule.code: i for i, rule in enumerate(result.rules)}
    seen: Counter[tuple[str, str, str]] = Counter()
    results = []
    for d in result.diagnostics:
        key = (d.code, posix_path(d.path), d.message.zh)
        seen[key] += 1
        results.append(sarif_result(d, lang, index.get(d.code), seen[key]))
    return {
        "$schema": SCHEMA_URI,
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "genhe-lint",
                "version": __version__,
                "rules": [rule_descriptor(rule, lang) for rule in result.rules],
            }},
            "invocations": [{"executionSuccessful": True}],
            "columnKind": "unicodeCodePoints",
            "results": results,
        }],
    }


def render(result: Result, lang: str, stream: TextIO) -> None:
    stream.write(json_inert(json.dumps(sarif_log(result, lang), ensure_ascii=False, indent=2)))
    stream.write("\n")
