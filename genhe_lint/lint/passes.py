"""Run the rules over files: load -> model -> rules -> sorted, filtered diagnostics.

This is the only place that knows the order of the pipeline; it never prints.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from pathlib import Path

from msgspec.structs import replace

from genhe_lint.catalog import model
from genhe_lint.diagnostic import Diagnostic, Fix
from genhe_lint.lint import suppression
from genhe_lint.lint.options import Options, Selection
from genhe_lint.load.document import Document
from genhe_lint.load.loader import load_path
from genhe_lint.load.parse import parse
from genhe_lint.ruledata.compiled import RuleData
from genhe_lint.rules import BaseRule, Context
from genhe_lint.rules.across import RULES as ALL_PROJECT_RULES
from genhe_lint.rules.across import ProjectRule, facts_read
from genhe_lint.rules.facts import REPORT_READS, CatalogFacts
from genhe_lint.rules.facts import extract as extract_facts


def lint_document(document: Document, data: RuleData, rules: Sequence[type[BaseRule]],
                  options: Options | None = None) -> list[Diagnostic]:
    return lint_document_with_facts(document, data, rules, options)[0]


def lint_document_with_facts(
    document: Document, data: RuleData, rules: Sequence[type[BaseRule]], options: Options | None = None,
) -> tuple[list[Diagnostic], CatalogFacts]:
    """The per-file pass: the diagnostics, and the facts that the run's cross-catalog rules read (those of
    the whole run, not this file's alone: another file's findings may stand on this file's facts)."""
    ctx = Context(document=document, data=data, ran_codes=frozenset(r.code for r in rules))
    if document.root is not None and not any(p.kind == "alias" for p in document.problems):
        ctx.catalog = model.build(document.path, document.source, document.root)
        if ctx.catalog is not None and ctx.catalog.department is not None:
            found = data.department(ctx.catalog.department.value)
            ctx.department = found[0] if found else None
    out: list[Diagnostic] = []
    post: list[type[BaseRule]] = []
    for rule_cls in rules:
        if rule_cls.project:
            continue
        if rule_cls.post_pass:
            post.append(rule_cls)
        elif not (rule_cls.needs_catalog and ctx.catalog is None):
            out.extend(rule_cls().check(ctx))
    ctx.directives = suppression.parse(document)
    out = suppression.apply(out, ctx.directives)
    for rule_cls in post:
        out.extend(rule_cls().check(ctx))
    if options is not None and options.settings.severity:
        out = [options.severity_of(d) for d in out]
    facts = extract_facts(ctx, _facts_read(options, rules))
    if ctx.catalog is not None:
        ctx.catalog.dispose()
    return _distinct(out), facts


def _facts_read(options: Options | None, rules: Sequence[type[BaseRule]]) -> frozenset[str]:
    """What the run reads of each catalog's facts: its cross-catalog rules (those of the whole run, not of
    this file alone), and the report."""
    if options is None:
        return facts_read(rules)
    return _run_reads(options.selection, options.report)


@functools.lru_cache(maxsize=64)
def _run_reads(selection: Selection, report: bool) -> frozenset[str]:
    return facts_read(selection.rules()) | (REPORT_READS if report else frozenset())


def lint_project(facts: Sequence[CatalogFacts], data: RuleData, options: Options) -> list[Diagnostic]:
    """The cross-catalog pass over the facts of every file; per-file settings and suppressions apply."""
    from genhe_lint.lint.suppression import Directive

    out: list[Diagnostic] = []
    by_path = {f.path: f for f in facts}
    for rule_cls in options.selection.rules():
        if not issubclass(rule_cls, ProjectRule):
            continue
        for d in rule_cls().check_project(facts, data):
            if rule_cls not in options.rules_for(d.path):
                continue
            owner = by_path.get(d.path)
            if owner is not None and any(
                Directive("disable", list(p), 0, 0, first, last).matches(d)
                for p, first, last in owner.suppressions
            ):
                continue
            out.append(options.severity_of(d))
    return _distinct(out)


def _distinct(found: list[Diagnostic]) -> list[Diagnostic]:
    """``found`` in report order, each finding once (two paths of a rule may find the same). Equal findings
    have equal sort keys: each is compared only with those of its key, not hashed (a finding's hash is
    computed in Python, field by field)."""
    keys = [d.sort_key() for d in found]
    out: list[Diagnostic] = []
    last: tuple[str, int, int, str, str] | None = None
    same: list[Diagnostic] = []
    for i in sorted(range(len(found)), key=keys.__getitem__):
        d = found[i]
        if keys[i] != last:
            last, same = keys[i], [d]
            out.append(d)
        elif d not in same:
            same.append(d)
            out.append(d)
    return out


def outranked(diagnostics: list[Diagnostic], across: Sequence[Diagnostic]) -> list[Diagnostic]:
    """One file's findings, per-file and cross-catalog, with one finding per defect: a per-file finding
    that a cross-catalog finding on the same span outranks is merged into it (its fix, if the other has
    none, goes with it).

    A project rule names, in ``outranks``, the per-file rules whose finding on the same span says less
    about the same defect (GL703 names the copied passage's source; GL102 only the foreign name)."""
    ranks = {r.code: r.outranks for r in ALL_PROJECT_RULES if issubclass(r, ProjectRule) and r.outranks}
    taken = {(d.path, code, d.span): d for d in across for code in ranks.get(d.code, ())}
    if not taken:
        return sorted(diagnostics + list(across), key=Diagnostic.sort_key)
    kept: list[Diagnostic] = []
    fixes: dict[int, Fix] = {}
    for d in diagnostics:
        winner = taken.get((d.path, d.code, d.span))
        if winner is None:
            kept.append(d)
        elif d.fix is not None and winner.fix is None:
            fixes.setdefault(id(winner), d.fix)
    merged = [replace(d, fix=fixes[id(d)]) if id(d) in fixes else d for d in across]
    return sorted(kept + merged, key=Diagnostic.sort_key)


def lint_text(text: str, data: RuleData, path: str = "<text>",
              selection: Selection | None = None) -> list[Diagnostic]:
    """Lint a catalog given as text (tests, editors' stdin)."""
    return lint_document(parse(path, text), data, (selection or Selection()).rules())


FileOutcome = tuple[list[Diagnostic], CatalogFacts]  # what a file's pass ships back: results, not trees


def lint_file(path: Path, shown: str, data: RuleData, options: Options) -> FileOutcome:
    document = load_path(path, shown)
    return lint_document_with_facts(document, data, options.rules_for(shown), options)
