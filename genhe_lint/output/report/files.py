"""The catalog files the report shows: each with its department, facts, findings and source lines."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from genhe_lint.diagnostic import Diagnostic, Severity
from genhe_lint.lint.result import Result
from genhe_lint.output.report.words import TEXT
from genhe_lint.rules.facts import CatalogFacts

SEVERITIES = (Severity.ERROR, Severity.WARNING, Severity.INFO)
# A cross-catalog finding's reference to the other catalog (data "other" or "source"): "path:line".
_REF = re.compile(r"^(?P<path>.+):(?P<line>[0-9]+)$")
REF_KEYS = ("other", "source")


def reference(d: Diagnostic, key: str) -> tuple[str, int] | None:
    """The catalog and line a cross-catalog finding names under ``key``, or None."""
    m = _REF.match(d.data.get(key) or "")
    return (m["path"], int(m["line"])) if m is not None else None


@dataclass(slots=True)
class CatalogFile:
    """One catalog as the page shows it."""

    index: int  # f1, f2 ... in file order
    path: str
    department: str | None
    facts: CatalogFacts | None
    diagnostics: list[tuple[int, Diagnostic]] = field(default_factory=list)  # (global number, diagnostic)
    lines: list[str] = field(default_factory=list)
    referenced: set[int] = field(default_factory=set)  # lines that findings in other catalogs point at

    @property
    def anchor(self) -> str:
        return f"f{self.index}"

    def line_anchor(self, line: int) -> str | None:
        return f"f{self.index}-L{line}" if 1 <= line <= len(self.lines) else None

    def count(self, severity: Severity) -> int:
        return sum(1 for _, d in self.diagnostics if d.severity is severity)


def catalog_files(result: Result) -> list[CatalogFile]:
    """Every linted file in order, each with its findings numbered across the page (d1, d2 ...)."""
    facts_of = {f.path: f for f in result.facts}
    files: dict[str, CatalogFile] = {}
    for path in result.files:
        facts = facts_of.get(path)
        files[path] = CatalogFile(len(files) + 1, path, facts.department if facts else None, facts)
    for number, d in enumerate(result.diagnostics, start=1):
        if d.path not in files:  # not expected: every finding is of a linted file
            files[d.path] = CatalogFile(len(files) + 1, d.path, None, None)
        files[d.path].diagnostics.append((number, d))
    for d in result.diagnostics:
        for key in REF_KEYS:
            ref = reference(d, key)
            if ref is not None and ref[0] in files:
                files[ref[0]].referenced.add(ref[1])
    for f in files.values():
        lines = [line.rstrip("\r") for line in result.lines.get(f.path, [])]
        if lines and lines[-1] == "":
            lines.pop()  # the final newline
        f.lines = lines
    return list(files.values())


def department_name(f: CatalogFile, lang: str) -> str:
    return f.department or TEXT[lang]["undeclared"]
