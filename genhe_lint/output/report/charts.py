"""The charts: findings by department and by rule, as horizontal stacked bars in inline SVG."""

from __future__ import annotations

import unicodedata
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from genhe_lint.diagnostic import Severity
from genhe_lint.lint.result import Result
from genhe_lint.output.report.files import SEVERITIES, CatalogFile, department_name
from genhe_lint.output.report.words import TEXT, esc

# Colour is never the only carrier: every bar has its numbers in words, every cell its mark and text.
_COLOR = {Severity.ERROR: "#c0392b", Severity.WARNING: "#d99a00", Severity.INFO: "#2f6db5"}


def text_width(text: str, size: float) -> float:
    """Rough rendered width: CJK characters are square, Latin ones about 0.6 em."""
    return sum(size if unicodedata.east_asian_width(c) in "WF" else size * 0.6 for c in text)


@dataclass(frozen=True, slots=True)
class Bar:
    key: str
    label: str
    sub: str
    counts: dict[Severity, int]
    href: str | None = None

    @property
    def total(self) -> int:
        return sum(self.counts.values())


def breakdown(counts: dict[Severity, int], lang: str) -> str:
    return " · ".join(f"{s.label(lang)} {counts[s]}" for s in SEVERITIES if counts.get(s))


# A chart with more bars than this lays them out in two columns (down the first, then the second), so that
# it is about as wide as the page and half as tall.
TWO_COLUMNS_FROM = 9
_COLUMN_W, _GUTTER = 600, 24


def chart(chart_id: str, title: str, desc: str, bars: Sequence[Bar], lang: str) -> str:
    """A horizontal stacked bar chart as inline SVG, as tall as its bars: one row per bar, its numbers
    written beside it; many bars go in two columns."""
    if not bars:
        return f'<p class="empty">{esc(TEXT[lang]["no_findings"])}</p>'
    columns = 2 if len(bars) >= TWO_COLUMNS_FROM else 1
    per_column = -(-len(bars) // columns)
    width = _COLUMN_W
    two_lines = any(b.sub for b in bars)
    row = 40 if two_lines else 28
    top = 8
    label_w = min(380.0, max(max(text_width(b.label, 13), text_width(b.sub, 11.5)) for b in bars) + 12)
    x0 = label_w + 10
    number_w = max(text_width(f"{b.total}  " + breakdown(b.counts, lang), 12) for b in bars) + 16
    span = max(120.0, width - x0 - number_w)
    most = max(b.total for b in bars)
    height = top + row * per_column + 6
    full = columns * _COLUMN_W + (columns - 1) * _GUTTER
    out = [
        f'<svg id="{esc(chart_id)}" class="chart" role="img" aria-labelledby="{chart_id}-t {chart_id}-d" '
        f'viewBox="0 0 {full} {height}" width="{full}" height="{height}" '
        f'xmlns="http://www.w3.org/2000/svg">',
        f'<title id="{chart_id}-t">{esc(title)}</title><desc id="{chart_id}-d">{esc(desc)}</desc>',
    ]
    for i, bar in enumerate(bars):
        y = top + (i % per_column) * row
        mid = y + row / 2
        left = (i // per_column) * (_COLUMN_W + _GUTTER)
        tip = f"{bar.label} {bar.sub}: {bar.total} ({breakdown(bar.counts, lang)})".replace(" :", ":")
        parts = [f'<g class="bar" data-key="{esc(bar.key)}" data-total="{bar.total}">'
                 f'<title>{esc(tip)}</title>']
        if i % 2 == 0:
            parts.append(f'<rect class="band" x="{left}" y="{y}" width="{width}" height="{row}"/>')
        if bar.sub:
            parts.append(f'<text class="lbl" x="{left + label_w:.0f}" y="{mid - 3:.1f}" text-anchor="end">'
                         f'{esc(bar.label)}</text>'
                         f'<text class="sub" x="{left + label_w:.0f}" y="{mid + 12:.1f}" text-anchor="end">'
                         f'{esc(bar.sub)}</text>')
        else:
            parts.append(f'<text class="lbl" x="{left + label_w:.0f}" y="{mid + 4.5:.1f}" text-anchor="end">'
                         f'{esc(bar.label)}</text>')
        x = left + x0
        bar_h = 16 if two_lines else 14
        for severity in SEVERITIES:
            n = bar.counts.get(severity, 0)
            if not n:
                continue
            w = max(2.0, span * n / most)
            parts.append(f'<rect class="seg sev-{severity.value}" data-severity="{severity.value}" '
                         f'data-count="{n}" '
                         f'x="{x:.1f}" y="{mid - bar_h / 2:.1f}" width="{w:.1f}" height="{bar_h}" '
                         f'fill="{_COLOR[severity]}"/>')
            if w >= 22:
                parts.append(f'<text class="in" x="{x + w / 2:.1f}" y="{mid + 4.5:.1f}" '
                             f'text-anchor="middle">{n}</text>')
            x += w
        parts.append(f'<text class="num" x="{x + 8:.1f}" y="{mid + 4.5:.1f}">'
                     f'<tspan class="total">{bar.total}</tspan>'
                     f'<tspan class="split" dx="8">{esc(breakdown(bar.counts, lang))}</tspan></text>')
        parts.append("</g>")
        body = "".join(parts)
        if bar.href:
            body = f'<a href="{esc(bar.href)}">{body}</a>'
        out.append(body)
    out.append("</svg>")
    return "".join(out)


def severity_legend(lang: str) -> str:
    items = "".join(f'<li><span class="swatch sev-{s.value}" aria-hidden="true"></span>'
                    f'{esc(s.label(lang))}</li>'
                    for s in SEVERITIES)
    return f'<ul class="legend" aria-label="{esc(TEXT[lang]["legend"])}">{items}</ul>'


def charts_section(result: Result, files: list[CatalogFile], lang: str) -> str:
    t = TEXT[lang]
    info = {r.code: r for r in result.rules}
    per_rule: dict[str, Counter[Severity]] = {}
    names: dict[str, str] = {}
    for d in result.diagnostics:
        per_rule.setdefault(d.code, Counter())[d.severity] += 1
        names.setdefault(d.code, d.name)
    rule_bars = [Bar(code, f"{code} {names[code]}", info[code].summary.get(lang) if code in info else "",
                      dict(counts)) for code, counts in per_rule.items()]
    rule_bars.sort(key=lambda b: (-b.total, b.key))
    dep_bars = [Bar(f.path, department_name(f, lang), f.path if len(files) <= 12 else "",
                     {s: f.count(s) for s in SEVERITIES}, f"#{f.anchor}") for f in files if f.diagnostics]
    dep_bars.sort(key=lambda b: (-b.total, b.key))
    return (f'<section id="charts"><h2>{esc(t["charts"])}</h2>{severity_legend(lang)}<div class="charts">'
            f'<figure class="fig-dep"><figcaption>{esc(t["by_department"])}</figcaption>'
            f'{chart("chart-departments", t["by_department"], t["chart_departments_desc"], dep_bars, lang)}'
            '</figure>'
            f'<figure class="fig-rule"><figcaption>{esc(t["by_rule"])}</figcaption>'
            f'{chart("chart-rules", t["by_rule"], t["chart_rules_desc"], rule_bars, lang)}</figure>'
            f"</div></section>")
