"""``--format junit``: JUnit XML for CI test reports (GitLab, Jenkins, Azure Pipelines ...).

Each linted file is a test case: it passes when it has no error or warning, and otherwise carries one
``<failure>`` per error or warning (a warning is something an editor should change, so it shows up as a
failure in the CI's test report; the exit code still counts errors only). Info-level findings (提示) are not
failures: they go to the test case's ``<system-out>``, one block each, so the report shows them without
failing the file. ``tests`` counts files and ``failures`` the files that failed, as JUnit counts test cases.

Text from catalogs and file names shows control, separator and bidi characters as escapes (the document stays
well-formed XML 1.0, and a CI log that prints a failure prints nothing a terminal acts on); no line of a
failure's text begins with ``::``. A long source line is cut to a window around the finding, as in the text
format.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections import defaultdict
from typing import TextIO

from genhe_lint.diagnostic import Diagnostic, Severity
from genhe_lint.lint.result import Result
from genhe_lint.output.inert import inert, not_a_command, visible
from genhe_lint.output.text import excerpt

SUITE = "genhe-lint"
# Characters XML 1.0 cannot carry at all, not even as references, that escaping leaves: lone surrogates,
# U+FFFE and U+FFFF.
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _xml_text(value: str) -> str:
    return _NOT_XML.sub("\ufffd", value)


def _failure_text(d: Diagnostic, lang: str, lines: list[str]) -> str:
    where = not_a_command(f"{visible(d.path)}:{d.span.line}:{d.span.column}")
    out = [f"{where} {d.severity.label(lang)} {d.code} [{d.name}]", inert(d.message.get(lang))]
    if 1 <= d.span.line <= len(lines):
        raw = lines[d.span.line - 1].rstrip()
        start = max(0, d.span.column - 1)
        out.append(f"{d.span.line} │ {excerpt(raw, start, start + 1)[0]}")
    if d.hint is not None:
        out.append(("hint: " if lang == "en" else "提示：") + visible(d.hint.get(lang)))
    return "\n".join(out)


def junit_tree(result: Result, lang: str) -> ET.Element:
    by_path: dict[str, list[Diagnostic]] = defaultdict(list)
    for d in result.diagnostics:
        by_path[d.path].append(d)
    # Every linted file, and (defensively) any other path a diagnostic names, each once, in order.
    paths = list(dict.fromkeys([*result.files, *by_path]))
    failed = sum(1 for p in paths if any(d.severity is not Severity.INFO for d in by_path.get(p, [])))
    counts = {"tests": str(len(paths)), "failures": str(failed), "errors": "0"}
    root = ET.Element("testsuites", {"name": SUITE, **counts})
    suite = ET.SubElement(root, "testsuite", {"name": SUITE, **counts, "skipped": "0"})
    for path in paths:
        shown = _xml_text(visible(path))
        case = ET.SubElement(suite, "testcase", {"classname": shown, "name": shown})
        infos: list[str] = []
        for d in by_path.get(path, []):
            if d.severity is Severity.INFO:
                infos.append(_xml_text(_failure_text(d, lang, result.lines.get(path, []))))
                continue
            where = f"{visible(d.path)}:{d.span.line}:{d.span.column}"
            message = f"{where} {d.code} {visible(d.message.get(lang))}"
            failure = ET.SubElement(case, "failure", {"message": _xml_text(message), "type": d.code})
            failure.text = _xml_text(_failure_text(d, lang, result.lines.get(path, [])))
        if infos:
            ET.SubElement(case, "system-out").text = "\n\n".join(infos)
    return root


def render(result: Result, lang: str, stream: TextIO) -> None:
    root = junit_tree(result, lang)
    ET.indent(root)
    stream.write('<?xml version="1.0" encoding="UTF-8"?>\n')
    stream.write(ET.tostring(root, encoding="unicode"))
    stream.write("\n")
