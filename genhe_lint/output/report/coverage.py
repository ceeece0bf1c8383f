"""Coverage of the standard catalog: one cell per catalog and required item, and the table of them."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from genhe_lint.diagnostic import Diagnostic
from genhe_lint.output.report.files import CatalogFile, department_name
from genhe_lint.output.report.words import TEXT, esc
from genhe_lint.ruledata.compiled import RuleData, StandardItem
from genhe_lint.rules.facts import CatalogFacts

# Coverage states: each is a CSS class and a key of the wording (TEXT).
PRESENT, MISPLACED, MISSING, UNKNOWN = "present", "misplaced", "missing", "unknown"
_MARK = {PRESENT: "✓", MISPLACED: "⚠", MISSING: "✗", UNKNOWN: "—"}


@dataclass(frozen=True, slots=True)
class Cell:
    status: str  # PRESENT, MISPLACED, MISSING or UNKNOWN
    diagnostic: int | None = None  # the finding that says so (d<n>)
    line: int | None = None  # where the item is (present)
    why: str = ""


def standard_columns(data: RuleData) -> list[tuple[StandardItem, list[StandardItem]]]:
    """The standard catalog as (section, its items); a section without items is its own column."""
    out: list[tuple[StandardItem, list[StandardItem]]] = []
    for item in data.standard:
        if not item.section:
            out.append((item, []))
        elif out and out[-1][0].name == item.section:
            out[-1][1].append(item)
    return out


def coverage_columns(data: RuleData) -> list[StandardItem]:
    """The table's columns: every required item (a section that has no items of its own stands for itself)."""
    return [leaf for section, items in standard_columns(data) for leaf in (items or [section])]


def coverage_cell(item: StandardItem, facts: CatalogFacts | None,
                  diagnostics: Iterable[tuple[int, Diagnostic]], lang: str = "zh") -> Cell:
    """One catalog's state for one standard item: misplaced (GL602), missing (GL601), present or unknown."""
    t = TEXT[lang]
    section_missing: Cell | None = None
    for number, d in diagnostics:
        wanted = d.data.get("item")
        if d.code == "GL602" and wanted == item.label:
            return Cell(MISPLACED, number, d.span.line, d.message.get(lang))
        if d.code == "GL601" and wanted == item.label:
            return Cell(MISSING, number, d.span.line, d.message.get(lang))
        if d.code == "GL601" and item.section and wanted == item.section and section_missing is None:
            why = t["section_missing"].format(section=item.section)
            section_missing = Cell(MISSING, number, d.span.line, why)
    # An item whose rows exist counts as present even when its section is missing (e.g. printed without a
    # name: the section's own finding says so); only items that are nowhere take the section's ✗.
    for fact in facts.standard if facts is not None else ():
        if fact.item == item.label:
            at = t["at_line"].format(line=fact.span.line)
            return Cell(PRESENT, None, fact.span.line,
                        f"{fact.label}（{at}）" if lang != "en" else f"{fact.label} ({at})")
    return section_missing or Cell(UNKNOWN)


def coverage_section(data: RuleData, files: list[CatalogFile], cells: dict[str, list[Cell]],
                     lang: str) -> str:
    t = TEXT[lang]
    groups = standard_columns(data)
    top: list[str] = [f'<th scope="col" rowspan="2" class="dep">{esc(t["department"])}</th>']
    second: list[str] = []
    for section, items in groups:
        if items:
            top.append(f'<th scope="colgroup" colspan="{len(items)}" class="sec">{esc(section.name)}</th>')
            second.extend(f'<th scope="col" class="item" data-item="{esc(i.label)}" title="{esc(i.label)}">'
                          f'<span>{esc(i.name)}</span></th>' for i in items)
        else:
            top.append(f'<th scope="col" rowspan="2" class="item sec-item" data-item="{esc(section.label)}" '
                       f'title="{esc(section.label)}"><span>{esc(section.name)}</span></th>')
    top.append(f'<th scope="col" rowspan="2" class="rate">{esc(t["coverage"])}</th>')
    columns = coverage_columns(data)
    body: list[str] = []
    for f in files:
        row = cells[f.path]
        tds: list[str] = []
        for item, cell in zip(columns, row, strict=True):
            word = t[cell.status] if cell.status != UNKNOWN else t["unknown_short"]
            tip = f"{item.label}：{word}" if lang != "en" else f"{item.label}: {word}"
            if cell.why:
                tip += f" — {cell.why}"
            target = (f"#d{cell.diagnostic}" if cell.diagnostic is not None
                      else (f"#{f.line_anchor(cell.line)}" if cell.line and f.line_anchor(cell.line) else ""))
            inner = (f'<span class="mk" aria-hidden="true">{_MARK[cell.status]}</span>'
                     f'<span class="vh">{esc(word)}</span>')
            if target:
                inner = f'<a href="{esc(target)}">{inner}</a>'
            tds.append(f'<td class="cov {cell.status}" data-item="{esc(item.label)}" '
                       f'data-status="{cell.status}" '
                       f'title="{esc(tip)}">{inner}</td>')
        checked = [c for c in row if c.status != UNKNOWN]
        present = sum(1 for c in checked if c.status == PRESENT)
        rate = f"{present}/{len(row)}" if checked else "—"
        body.append(f'<tr data-path="{esc(f.path)}"><th scope="row" class="dep"><a href="#{f.anchor}">'
                    f'{esc(department_name(f, lang))}</a><span class="path">{esc(f.path)}</span></th>'
                    f'{"".join(tds)}'
                    f'<td class="rate">{esc(rate)}</td></tr>')
    legend = "".join(f'<li><span class="cov {s} mk" aria-hidden="true">{_MARK[s]}</span> {esc(t[s])}</li>'
                     for s in (PRESENT, MISPLACED, MISSING, UNKNOWN))
    return (f'<section id="coverage"><h2>{esc(t["coverage_title"])}</h2>'
            f'<p class="note">{esc(t["coverage_note"])}</p>'
            f'<ul class="legend cov-legend" aria-label="{esc(t["legend"])}">{legend}</ul>'
            f'<div class="scroll"><table class="coverage" id="coverage-table"><thead><tr>{"".join(top)}</tr>'
            f'<tr>{"".join(second)}</tr></thead><tbody>{"".join(body)}</tbody></table></div></section>')
