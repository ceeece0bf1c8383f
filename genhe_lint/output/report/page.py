"""The page: header and cards, the departments table, the findings per catalog, and the document around
them with its stylesheet."""

from __future__ import annotations

import datetime
from functools import cache
from importlib.resources import files as package_files

from genhe_lint import __version__
from genhe_lint.diagnostic import Diagnostic, Severity
from genhe_lint.lint.result import Result
from genhe_lint.output.report.charts import charts_section
from genhe_lint.output.report.coverage import (
    PRESENT,
    UNKNOWN,
    Cell,
    coverage_cell,
    coverage_columns,
    coverage_section,
)
from genhe_lint.output.report.files import (
    REF_KEYS,
    SEVERITIES,
    CatalogFile,
    catalog_files,
    department_name,
    reference,
)
from genhe_lint.output.report.source import listing, snippet
from genhe_lint.output.report.words import TEXT, esc
from genhe_lint.ruledata.compiled import RuleData

_SYMBOL = {Severity.ERROR: "✖", Severity.WARNING: "▲", Severity.INFO: "ℹ"}


def _badge(severity: Severity, lang: str) -> str:
    return (f'<span class="sev sev-{severity.value}"><span aria-hidden="true">{_SYMBOL[severity]}</span> '
            f'{esc(severity.label(lang))}</span>')


def _xref(d: Diagnostic, by_path: dict[str, CatalogFile], lang: str) -> str:
    """A link to the other catalog's line that a cross-catalog finding names (data other / source)."""
    t = TEXT[lang]
    out: list[str] = []
    for key in REF_KEYS:
        ref = reference(d, key)
        if ref is None:
            continue
        target = by_path.get(ref[0])
        anchor = target.line_anchor(ref[1]) if target is not None else None
        shown = f'<a href="#{anchor}">{esc(d.data[key])}</a>' if anchor else esc(d.data[key])
        out.append(f'<div class="xref">{esc(t[key])}{shown}</div>')
    return "".join(out)


def _findings(f: CatalogFile, by_path: dict[str, CatalogFile], lang: str) -> str:
    t = TEXT[lang]
    rows: list[str] = []
    for number, d in f.diagnostics:
        anchor = f.line_anchor(d.span.line) or f.anchor
        hint = f'<div class="hint">{esc(t["hint"])}{esc(d.hint.get(lang))}</div>' if d.hint else ""
        fixable = f'<div class="fix">{esc(t["fixable_mark"])}</div>' if d.fixable else ""
        rows.append(
            f'<tr id="d{number}" class="sev-{d.severity.value}" data-code="{esc(d.code)}" '
            f'data-path="{esc(d.path)}" '
            f'data-line="{d.span.line}" data-column="{d.span.column}">'
            f'<td class="where"><a href="#{anchor}">{d.span.line}:{d.span.column}</a></td>'
            f"<td>{_badge(d.severity, lang)}</td>"
            f'<td class="rule"><code>{esc(d.code)}</code><span class="name">{esc(d.name)}</span></td>'
            f'<td class="msg"><div class="text">{esc(d.message.get(lang))}</div>'
            f'{snippet(f, number, d, lang)}{hint}'
            f"{_xref(d, by_path, lang)}"
            f"{fixable}</td></tr>")
    head = (f'<thead><tr><th scope="col">{esc(t["where"])}</th><th scope="col">{esc(t["severity"])}</th>'
            f'<th scope="col">{esc(t["rule"])}</th><th scope="col">{esc(t["message"])}</th></tr></thead>')
    return f'<table class="diags">{head}<tbody>{"".join(rows)}</tbody></table>'


def _header(result: Result, data: RuleData, files: list[CatalogFile], cells: dict[str, list[Cell]],
            lang: str, today: datetime.date) -> str:
    t = TEXT[lang]
    checked = [c for row in cells.values() for c in row if c.status != UNKNOWN]
    present = sum(1 for c in checked if c.status == PRESENT)
    rate = f"{present}/{len(checked)}（{round(present * 100 / len(checked))}%）" if checked else "—"
    if lang == "en" and checked:
        rate = f"{present}/{len(checked)} ({round(present * 100 / len(checked))}%)"
    departments = len({f.department for f in files if f.department})
    fixable = sum(1 for d in result.diagnostics if d.fixable)
    cards = [
        ("files", str(len(files)), f"{t['files']}（{departments} {t['departments_n']}）" if lang != "en"
         else f"{t['files']} ({departments} {t['departments_n']})"),
        ("error", str(result.count(Severity.ERROR)), t["error"]),
        ("warning", str(result.count(Severity.WARNING)), t["warning"]),
        ("info", str(result.count(Severity.INFO)), t["info"]),
        ("fixable", str(fixable), t["fixable"]),
        ("coverage", rate, t["coverage_rate"]),
    ]
    card_html = "".join(f'<li class="card card-{k}"><span class="n">{esc(n)}</span>'
                        f'<span class="l">{esc(label)}</span></li>'
                        for k, n, label in cards)
    nav = "".join(f'<a href="#{k}">{esc(t["nav_" + k])}</a>'
                  for k in ("departments", "charts", "coverage", "findings"))
    region = data.region.name
    meta = (f'{esc(t["generated"])} <time datetime="{today.isoformat()}">{today.isoformat()}</time> · '
            f'genhe-lint {esc(__version__)} · {esc(t["data"])}：{esc(region)}' if lang != "en" else
            f'{esc(t["generated"])} <time datetime="{today.isoformat()}">{today.isoformat()}</time> · '
            f'genhe-lint {esc(__version__)} · {esc(t["data"])}: {esc(region)}')
    return (f'<header class="top"><h1>{esc(t["title"].format(region=region))}</h1><p class="meta">{meta}</p>'
            f'<ul class="cards">{card_html}</ul><nav>{nav}</nav></header>')


def _departments(files: list[CatalogFile], cells: dict[str, list[Cell]], lang: str) -> str:
    t = TEXT[lang]
    rows: list[str] = []
    for f in files:
        row = cells.get(f.path, [])
        checked = [c for c in row if c.status != UNKNOWN]
        present = sum(1 for c in checked if c.status == PRESENT)
        cov = f"{present}/{len(row)}" if checked else "—"
        counts = "".join(f'<td class="n{" zero" if not f.count(s) else ""} c-{s.value}">{f.count(s)}</td>'
                         for s in SEVERITIES)
        rows.append(f'<tr data-path="{esc(f.path)}"><th scope="row"><a href="#{f.anchor}">'
                    f'{esc(department_name(f, lang))}</a></th><td class="path">{esc(f.path)}</td>{counts}'
                    f'<td class="n total">{len(f.diagnostics)}</td><td class="n">{esc(cov)}</td></tr>')
    totals = "".join(f'<td class="n c-{s.value}">{sum(f.count(s) for f in files)}</td>' for s in SEVERITIES)
    foot = (f'<tfoot><tr><th scope="row">{esc(t["all"])}</th><td></td>{totals}'
            f'<td class="n total">{sum(len(f.diagnostics) for f in files)}</td><td></td></tr></tfoot>')
    sev_heads = "".join(f'<th scope="col" class="n">{_badge(s, lang)}</th>' for s in SEVERITIES)
    head = (f'<thead><tr><th scope="col">{esc(t["department"])}</th><th scope="col">{esc(t["file"])}</th>'
            f'{sev_heads}<th scope="col" class="n">{esc(t["total"])}</th>'
            f'<th scope="col" class="n">{esc(t["coverage"])}</th></tr></thead>')
    return (f'<section id="departments"><h2>{esc(t["departments"])}</h2>'
            f'<p class="note">{esc(t["departments_note"])}</p>'
            f'<table class="depts" id="departments-table">{head}<tbody>{"".join(rows)}</tbody>{foot}</table>'
            '</section>')


def findings_section(files: list[CatalogFile], lang: str) -> str:
    t = TEXT[lang]
    by_path = {f.path: f for f in files}
    parts = [f'<section id="findings"><h2>{esc(t["findings_title"])}</h2>'
             f'<p class="note">{esc(t["findings_note"])}</p>']
    for f in files:
        counts = " · ".join(f"{s.label(lang)} {f.count(s)}" for s in SEVERITIES)
        parts.append(f'<section class="file" id="{f.anchor}" data-path="{esc(f.path)}">'
                     f'<h3>{esc(department_name(f, lang))} <span class="path">{esc(f.path)}</span>'
                     f'<span class="counts">{esc(counts)}</span></h3>')
        if f.diagnostics:
            parts.append(_findings(f, by_path, lang))
        else:
            parts.append(f'<p class="ok">{esc(t["file_ok"])}</p>')
        if f.lines:
            parts.append(f'<h4>{esc(t["listing"])} <span class="note">{esc(t["listing_note"])}</span></h4>')
            parts.append(listing(f, lang))
        parts.append("</section>")
    parts.append("</section>")
    return "".join(parts)


def render(result: Result, data: RuleData, lang: str = "zh", *, today: datetime.date | None = None) -> str:
    """The whole report as one HTML document (a string); ``lang`` is "zh" (default) or "en"."""
    lang = "en" if lang == "en" else "zh"
    t = TEXT[lang]
    today = today or datetime.date.today()
    files = catalog_files(result)
    columns = coverage_columns(data)
    cells = {f.path: [coverage_cell(item, f.facts, f.diagnostics, lang) for item in columns] for f in files}
    if files:
        body = (_departments(files, cells, lang) + charts_section(result, files, lang)
                + coverage_section(data, files, cells, lang) + findings_section(files, lang))
    else:
        body = f'<p class="empty">{esc(t["no_files"])}</p>'
    title = t["title"].format(region=data.region.name)
    return (
        "<!DOCTYPE html>\n"
        f'<html lang="{"en" if lang == "en" else "zh-CN"}">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        '<meta name="generator" content="genhe-lint">\n'
        f"<title>{esc(title)}</title>\n<style>{stylesheet()}</style>\n</head>\n<body>\n"
        f"{_header(result, data, files, cells, lang, today)}\n<main>\n{body}\n</main>\n"
        f'<footer>{esc(t["footer"].format(version=__version__))}</footer>\n</body>\n</html>\n'
    )


@cache
def stylesheet() -> str:
    """The page's CSS (``report.css`` beside this module), inlined in the page."""
    return package_files(__package__).joinpath("report.css").read_text(encoding="utf-8")
