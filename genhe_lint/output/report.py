"""``genhe-lint report``: the city-wide report, one self-contained HTML page for the 政务公开 office.

The page needs nothing but itself: inline CSS, inline SVG charts, no script, no external resource. It
shows per department the counts of findings, charts of findings by rule and by department, the coverage
of the standard catalog (lint_rules/template.yaml) as a table, and every finding linked to the line of
the catalog it concerns, in an embedded, numbered copy of the catalog with the offending text marked.
Everything that comes from catalogs, rule data or messages is escaped.
"""

from __future__ import annotations

import datetime
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from html import escape
from itertools import pairwise

from genhe_lint import __version__
from genhe_lint.diagnostic import Diagnostic, Severity
from genhe_lint.lint.result import Result
from genhe_lint.ruledata.compiled import RuleData, StandardItem
from genhe_lint.rules.facts import CatalogFacts

SEVERITIES = (Severity.ERROR, Severity.WARNING, Severity.INFO)
_SYMBOL = {Severity.ERROR: "✖", Severity.WARNING: "▲", Severity.INFO: "ℹ"}
# Colour is never the only carrier: every bar has its numbers in words, every cell its mark and text.
_COLOR = {Severity.ERROR: "#c0392b", Severity.WARNING: "#d99a00", Severity.INFO: "#2f6db5"}

# Coverage states: (css class, mark)
PRESENT, MISPLACED, MISSING, UNKNOWN = "present", "misplaced", "missing", "unknown"
_MARK = {PRESENT: "✓", MISPLACED: "⚠", MISSING: "✗", UNKNOWN: "—"}

_TEXT: dict[str, dict[str, str]] = {
    "zh": {
        "title": "{region}政府信息主动公开目录检查报告",
        "generated": "生成日期",
        "data": "规则数据",
        "files": "目录文件",
        "departments_n": "个部门",
        "findings": "问题总数",
        "fixable": "可自动修正",
        "coverage_rate": "标准事项覆盖",
        "error": "错误", "warning": "警告", "info": "提示",
        "nav_departments": "各部门", "nav_charts": "问题分布", "nav_coverage": "标准事项覆盖",
        "nav_findings": "问题清单",
        "departments": "各部门概况",
        "departments_note": "每个目录文件一行；点击部门名称查看该目录的问题清单和原文。",
        "department": "部门", "file": "文件", "total": "合计", "coverage": "标准事项",
        "undeclared": "（未写明部门）",
        "all": "全市合计",
        "charts": "问题分布",
        "by_rule": "按规则统计",
        "by_department": "按部门统计",
        "chart_rules_desc": "每条规则发现的问题数，按级别分段",
        "chart_departments_desc": "每个部门目录的问题数，按级别分段",
        "no_findings": "没有发现问题。",
        "coverage_title": "标准事项覆盖情况",
        "coverage_note": ("行为部门，列为标准目录（基层政务公开标准目录和本市目录模板）要求每个部门都有的事项；"
                          "点击 ⚠ 或 ✗ 查看对应的问题。"),
        PRESENT: "已有", MISPLACED: "位置不对", MISSING: "缺失",
        UNKNOWN: "无法判断（文件未能解析、规则未启用或已被抑制）",
        "unknown_short": "无法判断",
        "section_missing": "整个一级事项“{section}”缺失",
        "at_line": "第 {line} 行",
        "findings_title": "问题清单",
        "findings_note": "每个问题链接到目录原文中的那一行，原文中问题所在的文字已标出。",
        "where": "位置", "severity": "级别", "rule": "规则", "message": "说明",
        "hint": "修改建议：", "other": "对方位置：", "source": "复制来源：",
        "fixable_mark": "可自动修正（genhe-lint check --fix）",
        "listing": "目录原文",
        "listing_note": "行号可作链接；标出的文字即问题所在。",
        "file_ok": "本目录没有发现问题。",
        "no_files": "没有找到目录文件。",
        "counts": "{total} 处",
        "footer": "由 genhe-lint {version} 生成。规则说明：genhe-lint explain 代码（如 genhe-lint explain GL601）。",
        "legend": "图例",
    },
    "en": {
        "title": "{region} information-disclosure catalogs: check report",
        "generated": "Generated",
        "data": "Rule data",
        "files": "catalog files",
        "departments_n": "departments",
        "findings": "findings",
        "fixable": "fixable",
        "coverage_rate": "standard items covered",
        "error": "errors", "warning": "warnings", "info": "infos",
        "nav_departments": "Departments", "nav_charts": "Charts", "nav_coverage": "Standard items",
        "nav_findings": "Findings",
        "departments": "Departments",
        "departments_note": "One row per catalog file; follow a department's name to its findings and source.",
        "department": "Department", "file": "File", "total": "Total", "coverage": "Standard items",
        "undeclared": "(no department declared)",
        "all": "City total",
        "charts": "Findings at a glance",
        "by_rule": "By rule",
        "by_department": "By department",
        "chart_rules_desc": "Findings per rule, split by severity",
        "chart_departments_desc": "Findings per department's catalog, split by severity",
        "no_findings": "No findings.",
        "coverage_title": "Coverage of the standard catalog",
        "coverage_note": ("Departments as rows; as columns the items every department's catalog must include "
                          "(national standard for 基层政务公开 and the city's template). Follow ⚠ or ✗ to "
                          "the finding."),
        PRESENT: "present", MISPLACED: "misplaced", MISSING: "missing",
        UNKNOWN: "unknown (file could not be read, rule not run, or suppressed)",
        "unknown_short": "unknown",
        "section_missing": "the whole section '{section}' is missing",
        "at_line": "line {line}",
        "findings_title": "Findings",
        "findings_note": "Each finding links to its line in the catalog's source below, where its text is marked.",
        "where": "Line", "severity": "Severity", "rule": "Rule", "message": "Message",
        "hint": "Hint: ", "other": "Other side: ", "source": "Copied from: ",
        "fixable_mark": "fixable (genhe-lint check --fix)",
        "listing": "Catalog source",
        "listing_note": "Line numbers are links; marked text is where a finding is.",
        "file_ok": "No findings in this catalog.",
        "no_files": "No catalog files found.",
        "counts": "{total}",
        "footer": "Made by genhe-lint {version}. Rule documentation: genhe-lint explain CODE (e.g. GL601).",
        "legend": "Legend",
    },
}

_SEV_WORD = {
    "zh": {Severity.ERROR: "错误", Severity.WARNING: "警告", Severity.INFO: "提示"},
    "en": {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "info"},
}

_REF = re.compile(r"^(?P<path>.+):(?P<line>[0-9]+)$")


def _e(text: object) -> str:
    return escape(str(text), quote=True)


# -- the facts the page shows ------------------------------------------------------------------------


@dataclass(slots=True)
class _File:
    index: int  # f1, f2 ... in file order
    path: str
    department: str | None
    facts: CatalogFacts | None
    diagnostics: list[tuple[int, Diagnostic]] = field(default_factory=list)  # (global number, diagnostic)
    lines: list[str] = field(default_factory=list)

    @property
    def anchor(self) -> str:
        return f"f{self.index}"

    def line_anchor(self, line: int) -> str | None:
        return f"f{self.index}-L{line}" if 1 <= line <= len(self.lines) else None

    def count(self, severity: Severity) -> int:
        return sum(1 for _, d in self.diagnostics if d.severity is severity)


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
    t = _TEXT[lang]
    section_missing: Cell | None = None
    for number, d in diagnostics:
        wanted = d.data.get("item")
        if d.code == "GL602" and wanted == item.label:
            return Cell(MISPLACED, number, d.span.line, d.message.get(lang))
        if d.code == "GL601" and wanted == item.label:
            return Cell(MISSING, number, d.span.line, d.message.get(lang))
        if d.code == "GL601" and item.section and wanted == item.section and section_missing is None:
            section_missing = Cell(MISSING, number, d.span.line, t["section_missing"].format(section=item.section))
    # An item whose rows exist counts as present even when its section is missing (e.g. printed without a name:
    # the section's own finding says so); only items that are nowhere take the section's ✗.
    for fact in facts.standard if facts is not None else ():
        if fact.item == item.label:
            return Cell(PRESENT, None, fact.span.line, f"{fact.label}（{t['at_line'].format(line=fact.span.line)}）"
                        if lang != "en" else f"{fact.label} ({t['at_line'].format(line=fact.span.line)})")
    return section_missing or Cell(UNKNOWN)


def _files(result: Result) -> list[_File]:
    facts_of = {f.path: f for f in result.facts}
    files: dict[str, _File] = {}
    for path in result.files:
        facts = facts_of.get(path)
        files[path] = _File(len(files) + 1, path, facts.department if facts else None, facts)
    for number, d in enumerate(result.diagnostics, start=1):
        if d.path not in files:  # not expected: every finding is of a linted file
            files[d.path] = _File(len(files) + 1, d.path, None, None)
        files[d.path].diagnostics.append((number, d))
    for f in files.values():
        lines = [line.rstrip("\r") for line in result.lines.get(f.path, [])]
        if lines and lines[-1] == "":
            lines.pop()  # the final newline
        f.lines = lines
    return list(files.values())


# -- small drawing helpers ---------------------------------------------------------------------------


def _text_width(text: str, size: float) -> float:
    """Rough rendered width: CJK characters are square, Latin ones about 0.6 em."""
    return sum(size if unicodedata.east_asian_width(c) in "WF" else size * 0.6 for c in text)


@dataclass(frozen=True, slots=True)
class _Bar:
    key: str
    label: str
    sub: str
    counts: dict[Severity, int]
    href: str | None = None

    @property
    def total(self) -> int:
        return sum(self.counts.values())


def _breakdown(counts: dict[Severity, int], lang: str) -> str:
    words = _SEV_WORD[lang]
    return " · ".join(f"{words[s]} {counts[s]}" for s in SEVERITIES if counts.get(s))


def _chart(chart_id: str, title: str, desc: str, bars: Sequence[_Bar], lang: str) -> str:
    """A horizontal stacked bar chart as inline SVG: one row per bar, its numbers written beside it."""
    if not bars:
        return f'<p class="empty">{_e(_TEXT[lang]["no_findings"])}</p>'
    width = 600
    two_lines = any(b.sub for b in bars)
    row = 40 if two_lines else 28
    top = 8
    label_w = min(380.0, max(max(_text_width(b.label, 13), _text_width(b.sub, 11.5)) for b in bars) + 12)
    x0 = label_w + 10
    number_w = max(_text_width(f"{b.total}  " + _breakdown(b.counts, lang), 12) for b in bars) + 16
    span = max(120.0, width - x0 - number_w)
    most = max(b.total for b in bars)
    height = top + row * len(bars) + 6
    out = [
        f'<svg id="{_e(chart_id)}" class="chart" role="img" aria-labelledby="{chart_id}-t {chart_id}-d" '
        f'viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
        f'xmlns="http://www.w3.org/2000/svg">',
        f'<title id="{chart_id}-t">{_e(title)}</title><desc id="{chart_id}-d">{_e(desc)}</desc>',
    ]
    for i, bar in enumerate(bars):
        y = top + i * row
        mid = y + row / 2
        tip = f"{bar.label} {bar.sub}: {bar.total} ({_breakdown(bar.counts, lang)})".replace(" :", ":")
        parts = [f'<g class="bar" data-key="{_e(bar.key)}" data-total="{bar.total}"><title>{_e(tip)}</title>']
        if i % 2 == 0:
            parts.append(f'<rect class="band" x="0" y="{y}" width="{width}" height="{row}"/>')
        if bar.sub:
            parts.append(f'<text class="lbl" x="{label_w:.0f}" y="{mid - 3:.1f}" text-anchor="end">{_e(bar.label)}</text>'
                         f'<text class="sub" x="{label_w:.0f}" y="{mid + 12:.1f}" text-anchor="end">{_e(bar.sub)}</text>')
        else:
            parts.append(f'<text class="lbl" x="{label_w:.0f}" y="{mid + 4.5:.1f}" text-anchor="end">{_e(bar.label)}</text>')
        x = x0
        bar_h = 16 if two_lines else 14
        for severity in SEVERITIES:
            n = bar.counts.get(severity, 0)
            if not n:
                continue
            w = max(2.0, span * n / most)
            parts.append(f'<rect class="seg sev-{severity.value}" data-severity="{severity.value}" data-count="{n}" '
                         f'x="{x:.1f}" y="{mid - bar_h / 2:.1f}" width="{w:.1f}" height="{bar_h}" '
                         f'fill="{_COLOR[severity]}"/>')
            if w >= 22:
                parts.append(f'<text class="in" x="{x + w / 2:.1f}" y="{mid + 4.5:.1f}" text-anchor="middle">{n}</text>')
            x += w
        parts.append(f'<text class="num" x="{x + 8:.1f}" y="{mid + 4.5:.1f}"><tspan class="total">{bar.total}</tspan>'
                     f'<tspan class="split" dx="8">{_e(_breakdown(bar.counts, lang))}</tspan></text>')
        parts.append("</g>")
        body = "".join(parts)
        if bar.href:
            body = f'<a href="{_e(bar.href)}">{body}</a>'
        out.append(body)
    out.append("</svg>")
    return "".join(out)


def _severity_legend(lang: str) -> str:
    words = _SEV_WORD[lang]
    items = "".join(f'<li><span class="swatch sev-{s.value}" aria-hidden="true"></span>{_e(words[s])}</li>'
                    for s in SEVERITIES)
    return f'<ul class="legend" aria-label="{_e(_TEXT[lang]["legend"])}">{items}</ul>'


def _badge(severity: Severity, lang: str) -> str:
    return (f'<span class="sev sev-{severity.value}"><span aria-hidden="true">{_SYMBOL[severity]}</span> '
            f'{_e(_SEV_WORD[lang][severity])}</span>')


# -- the embedded catalog source ---------------------------------------------------------------------


def _ranges(d: Diagnostic, line: int, text: str) -> tuple[int, int] | None:
    """The 0-based character range of ``d`` on ``line`` (end exclusive), or None."""
    s = d.span
    if not s.line <= line <= max(s.line, s.end_line):
        return None
    start = s.column - 1 if line == s.line else 0
    end = s.end_column - 1 if line == s.end_line else len(text)
    start = min(max(start, 0), len(text))
    end = min(max(end, start), len(text))
    if end == start and start < len(text) and line == s.line:
        end = start + 1  # an empty span still points at a character
    return start, end


def _marked(text: str, hits: list[tuple[int, int, int, Diagnostic]], lang: str) -> str:
    """``text`` escaped, with <mark> around every finding's range (overlaps split into segments)."""
    if not hits:
        return _e(text)
    cuts = sorted({0, len(text), *(h[0] for h in hits), *(h[1] for h in hits)})
    out: list[str] = []

    def mark(cover: list[tuple[int, int, int, Diagnostic]], body: str, extra: str = "") -> str:
        worst = max((h[3].severity for h in cover), key=lambda s: s.rank)
        ids = " ".join(f"d{h[2]}" for h in cover)
        tip = "\n".join(f"{h[3].code} {h[3].message.get(lang)}" for h in cover)
        return f'<mark class="sev-{worst.value}{extra}" data-d="{ids}" title="{_e(tip)}">{body}</mark>'

    for a, b in pairwise(cuts):
        points = [h for h in hits if h[0] == h[1] == a]
        if points:
            out.append(mark(points, "", " pt"))
        cover = [h for h in hits if h[0] <= a and b <= h[1] and h[0] < h[1]]
        out.append(mark(cover, _e(text[a:b])) if cover else _e(text[a:b]))
    ends = [h for h in hits if h[0] == h[1] == len(text)]
    if ends:
        out.append(mark(ends, "", " pt"))
    return "".join(out)


def _listing(f: _File, lang: str) -> str:
    on_line: dict[int, list[tuple[int, int, int, Diagnostic]]] = {}
    for number, d in f.diagnostics:
        for line in range(d.span.line, max(d.span.line, d.span.end_line) + 1):
            if 1 <= line <= len(f.lines):
                r = _ranges(d, line, f.lines[line - 1])
                if r is not None:
                    on_line.setdefault(line, []).append((r[0], r[1], number, d))
    rows: list[str] = []
    for line, text in enumerate(f.lines, start=1):
        anchor = f"{f.anchor}-L{line}"
        hits = on_line.get(line, [])
        cls = "ln cmt" if text.lstrip().startswith("#") else "ln"
        tags = ""
        if hits:
            worst = max((h[3].severity for h in hits), key=lambda s: s.rank)
            cls += f" hit sev-{worst.value}"
            seen: list[int] = []
            for h in hits:
                if h[2] not in seen:
                    seen.append(h[2])
            tags = '<span class="tags">' + "".join(
                f'<a class="tag sev-{d.severity.value}" href="#d{n}" title="{_e(d.message.get(lang))}">{_e(d.code)}</a>'
                for n, d in f.diagnostics if n in seen) + "</span>"
        rows.append(f'<div class="{cls}" id="{anchor}"><a class="no" href="#{anchor}">{line}</a>'
                    f'<span class="src">{_marked(text, hits, lang)}</span>{tags}</div>')
    return f'<div class="listing" lang="zh-CN">{"".join(rows)}</div>'


# -- the page ----------------------------------------------------------------------------------------


def _department_name(f: _File, lang: str) -> str:
    return f.department or _TEXT[lang]["undeclared"]


def _xref(d: Diagnostic, by_path: dict[str, _File], lang: str) -> str:
    """A link to the other catalog's line that a cross-catalog finding names (data other / source)."""
    t = _TEXT[lang]
    out: list[str] = []
    for key in ("other", "source"):
        ref = d.data.get(key)
        m = _REF.match(ref or "")
        if ref is None or m is None:
            continue
        target = by_path.get(m["path"])
        anchor = target.line_anchor(int(m["line"])) if target is not None else None
        shown = f'<a href="#{anchor}">{_e(ref)}</a>' if anchor else _e(ref)
        out.append(f'<div class="xref">{_e(t[key])}{shown}</div>')
    return "".join(out)


def _snippet(f: _File, number: int, d: Diagnostic, lang: str, room: int = 70) -> str:
    """The finding's first line, indentation dropped, its text marked (long lines cut around it)."""
    if not 1 <= d.span.line <= len(f.lines):
        return ""
    text = f.lines[d.span.line - 1]
    r = _ranges(d, d.span.line, text)
    if r is None:
        return ""
    first = len(text) - len(text.lstrip())
    start, end = min(first, r[0]), len(text)
    head = tail = ""
    if r[0] - start > room:
        start, head = r[0] - room, "…"
    if end - max(r[1], r[0] + 1) > room:
        end, tail = max(r[1], r[0] + 1) + room, "…"
    body = _marked(text[start:end], [(r[0] - start, min(r[1], end) - start, number, d)], lang)
    return f'<div class="snip" lang="zh-CN"><span class="lnno">{d.span.line}</span>{_e(head)}{body}{_e(tail)}</div>'


def _findings(f: _File, by_path: dict[str, _File], lang: str) -> str:
    t = _TEXT[lang]
    rows: list[str] = []
    for number, d in f.diagnostics:
        anchor = f.line_anchor(d.span.line) or f.anchor
        hint = f'<div class="hint">{_e(t["hint"])}{_e(d.hint.get(lang))}</div>' if d.hint else ""
        fixable = f'<div class="fix">{_e(t["fixable_mark"])}</div>' if d.fixable else ""
        rows.append(
            f'<tr id="d{number}" class="sev-{d.severity.value}" data-code="{_e(d.code)}" data-path="{_e(d.path)}" '
            f'data-line="{d.span.line}" data-column="{d.span.column}">'
            f'<td class="where"><a href="#{anchor}">{d.span.line}:{d.span.column}</a></td>'
            f"<td>{_badge(d.severity, lang)}</td>"
            f'<td class="rule"><code>{_e(d.code)}</code><span class="name">{_e(d.name)}</span></td>'
            f'<td class="msg"><div class="text">{_e(d.message.get(lang))}</div>{_snippet(f, number, d, lang)}{hint}'
            f"{_xref(d, by_path, lang)}"
            f"{fixable}</td></tr>")
    head = (f'<thead><tr><th scope="col">{_e(t["where"])}</th><th scope="col">{_e(t["severity"])}</th>'
            f'<th scope="col">{_e(t["rule"])}</th><th scope="col">{_e(t["message"])}</th></tr></thead>')
    return f'<table class="diags">{head}<tbody>{"".join(rows)}</tbody></table>'


def _header(result: Result, data: RuleData, files: list[_File], cells: dict[str, list[Cell]],
            lang: str, today: datetime.date) -> str:
    t = _TEXT[lang]
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
    card_html = "".join(f'<li class="card card-{k}"><span class="n">{_e(n)}</span><span class="l">{_e(label)}</span></li>'
                        for k, n, label in cards)
    nav = "".join(f'<a href="#{k}">{_e(t["nav_" + k])}</a>' for k in ("departments", "charts", "coverage", "findings"))
    region = data.region.name
    meta = (f'{_e(t["generated"])} <time datetime="{today.isoformat()}">{today.isoformat()}</time> · '
            f'genhe-lint {_e(__version__)} · {_e(t["data"])}：{_e(region)}' if lang != "en" else
            f'{_e(t["generated"])} <time datetime="{today.isoformat()}">{today.isoformat()}</time> · '
            f'genhe-lint {_e(__version__)} · {_e(t["data"])}: {_e(region)}')
    return (f'<header class="top"><h1>{_e(t["title"].format(region=region))}</h1><p class="meta">{meta}</p>'
            f'<ul class="cards">{card_html}</ul><nav>{nav}</nav></header>')


def _departments(files: list[_File], cells: dict[str, list[Cell]], lang: str) -> str:
    t = _TEXT[lang]
    rows: list[str] = []
    for f in files:
        row = cells.get(f.path, [])
        checked = [c for c in row if c.status != UNKNOWN]
        present = sum(1 for c in checked if c.status == PRESENT)
        cov = f"{present}/{len(row)}" if checked else "—"
        counts = "".join(f'<td class="n{" zero" if not f.count(s) else ""} c-{s.value}">{f.count(s)}</td>'
                         for s in SEVERITIES)
        rows.append(f'<tr data-path="{_e(f.path)}"><th scope="row"><a href="#{f.anchor}">'
                    f'{_e(_department_name(f, lang))}</a></th><td class="path">{_e(f.path)}</td>{counts}'
                    f'<td class="n total">{len(f.diagnostics)}</td><td class="n">{_e(cov)}</td></tr>')
    totals = "".join(f'<td class="n c-{s.value}">{sum(f.count(s) for f in files)}</td>' for s in SEVERITIES)
    foot = (f'<tfoot><tr><th scope="row">{_e(t["all"])}</th><td></td>{totals}'
            f'<td class="n total">{sum(len(f.diagnostics) for f in files)}</td><td></td></tr></tfoot>')
    sev_heads = "".join(f'<th scope="col" class="n">{_badge(s, lang)}</th>' for s in SEVERITIES)
    head = (f'<thead><tr><th scope="col">{_e(t["department"])}</th><th scope="col">{_e(t["file"])}</th>{sev_heads}'
            f'<th scope="col" class="n">{_e(t["total"])}</th><th scope="col" class="n">{_e(t["coverage"])}</th></tr></thead>')
    return (f'<section id="departments"><h2>{_e(t["departments"])}</h2><p class="note">{_e(t["departments_note"])}</p>'
            f'<table class="depts" id="departments-table">{head}<tbody>{"".join(rows)}</tbody>{foot}</table></section>')


def _charts(result: Result, files: list[_File], lang: str) -> str:
    t = _TEXT[lang]
    info = {r.code: r for r in result.rules}
    per_rule: dict[str, Counter[Severity]] = {}
    names: dict[str, str] = {}
    for d in result.diagnostics:
        per_rule.setdefault(d.code, Counter())[d.severity] += 1
        names.setdefault(d.code, d.name)
    rule_bars = [_Bar(code, f"{code} {names[code]}", info[code].summary.get(lang) if code in info else "",
                      dict(counts)) for code, counts in per_rule.items()]
    rule_bars.sort(key=lambda b: (-b.total, b.key))
    dep_bars = [_Bar(f.path, _department_name(f, lang), f.path if len(files) <= 12 else "",
                     {s: f.count(s) for s in SEVERITIES}, f"#{f.anchor}") for f in files if f.diagnostics]
    dep_bars.sort(key=lambda b: (-b.total, b.key))
    return (f'<section id="charts"><h2>{_e(t["charts"])}</h2>{_severity_legend(lang)}<div class="charts">'
            f'<figure class="fig-dep"><figcaption>{_e(t["by_department"])}</figcaption>'
            f'{_chart("chart-departments", t["by_department"], t["chart_departments_desc"], dep_bars, lang)}</figure>'
            f'<figure class="fig-rule"><figcaption>{_e(t["by_rule"])}</figcaption>'
            f'{_chart("chart-rules", t["by_rule"], t["chart_rules_desc"], rule_bars, lang)}</figure>'
            f"</div></section>")


def _coverage(data: RuleData, files: list[_File], cells: dict[str, list[Cell]], lang: str) -> str:
    t = _TEXT[lang]
    groups = standard_columns(data)
    top: list[str] = [f'<th scope="col" rowspan="2" class="dep">{_e(t["department"])}</th>']
    second: list[str] = []
    for section, items in groups:
        if items:
            top.append(f'<th scope="colgroup" colspan="{len(items)}" class="sec">{_e(section.name)}</th>')
            second.extend(f'<th scope="col" class="item" data-item="{_e(i.label)}" title="{_e(i.label)}">'
                          f'<span>{_e(i.name)}</span></th>' for i in items)
        else:
            top.append(f'<th scope="col" rowspan="2" class="item sec-item" data-item="{_e(section.label)}" '
                       f'title="{_e(section.label)}"><span>{_e(section.name)}</span></th>')
    top.append(f'<th scope="col" rowspan="2" class="rate">{_e(t["coverage"])}</th>')
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
            inner = f'<span class="mk" aria-hidden="true">{_MARK[cell.status]}</span><span class="vh">{_e(word)}</span>'
            if target:
                inner = f'<a href="{_e(target)}">{inner}</a>'
            tds.append(f'<td class="cov {cell.status}" data-item="{_e(item.label)}" data-status="{cell.status}" '
                       f'title="{_e(tip)}">{inner}</td>')
        checked = [c for c in row if c.status != UNKNOWN]
        present = sum(1 for c in checked if c.status == PRESENT)
        rate = f"{present}/{len(row)}" if checked else "—"
        body.append(f'<tr data-path="{_e(f.path)}"><th scope="row" class="dep"><a href="#{f.anchor}">'
                    f'{_e(_department_name(f, lang))}</a><span class="path">{_e(f.path)}</span></th>{"".join(tds)}'
                    f'<td class="rate">{_e(rate)}</td></tr>')
    legend = "".join(f'<li><span class="cov {s} mk" aria-hidden="true">{_MARK[s]}</span> {_e(t[s])}</li>'
                     for s in (PRESENT, MISPLACED, MISSING, UNKNOWN))
    return (f'<section id="coverage"><h2>{_e(t["coverage_title"])}</h2><p class="note">{_e(t["coverage_note"])}</p>'
            f'<ul class="legend cov-legend" aria-label="{_e(t["legend"])}">{legend}</ul>'
            f'<div class="scroll"><table class="coverage" id="coverage-table"><thead><tr>{"".join(top)}</tr>'
            f'<tr>{"".join(second)}</tr></thead><tbody>{"".join(body)}</tbody></table></div></section>')


def _findings_section(files: list[_File], lang: str) -> str:
    t = _TEXT[lang]
    by_path = {f.path: f for f in files}
    parts = [f'<section id="findings"><h2>{_e(t["findings_title"])}</h2><p class="note">{_e(t["findings_note"])}</p>']
    for f in files:
        counts = " · ".join(f"{_SEV_WORD[lang][s]} {f.count(s)}" for s in SEVERITIES)
        parts.append(f'<section class="file" id="{f.anchor}" data-path="{_e(f.path)}">'
                     f'<h3>{_e(_department_name(f, lang))} <span class="path">{_e(f.path)}</span>'
                     f'<span class="counts">{_e(counts)}</span></h3>')
        if f.diagnostics:
            parts.append(_findings(f, by_path, lang))
        else:
            parts.append(f'<p class="ok">{_e(t["file_ok"])}</p>')
        if f.lines:
            parts.append(f'<h4>{_e(t["listing"])} <span class="note">{_e(t["listing_note"])}</span></h4>')
            parts.append(_listing(f, lang))
        parts.append("</section>")
    parts.append("</section>")
    return "".join(parts)


def render(result: Result, data: RuleData, lang: str = "zh", *, today: datetime.date | None = None) -> str:
    """The whole report as one HTML document (a string); ``lang`` is "zh" (default) or "en"."""
    lang = "en" if lang == "en" else "zh"
    t = _TEXT[lang]
    today = today or datetime.date.today()
    files = _files(result)
    columns = coverage_columns(data)
    cells = {f.path: [coverage_cell(item, f.facts, f.diagnostics, lang) for item in columns] for f in files}
    if files:
        body = (_departments(files, cells, lang) + _charts(result, files, lang) + _coverage(data, files, cells, lang)
                + _findings_section(files, lang))
    else:
        body = f'<p class="empty">{_e(t["no_files"])}</p>'
    title = t["title"].format(region=data.region.name)
    return (
        "<!DOCTYPE html>\n"
        f'<html lang="{"en" if lang == "en" else "zh-CN"}">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        '<meta name="generator" content="genhe-lint">\n'
        f"<title>{_e(title)}</title>\n<style>{_CSS}</style>\n</head>\n<body>\n"
        f"{_header(result, data, files, cells, lang, today)}\n<main>\n{body}\n</main>\n"
        f'<footer>{_e(t["footer"].format(version=__version__))}</footer>\n</body>\n</html>\n'
    )


_CSS = """
:root {
  --err: #c0392b; --warn: #d99a00; --info: #2f6db5;
  --err-bg: #fdecea; --warn-bg: #fff5d6; --info-bg: #e8f0fb;
  --ok: #1e7b3c; --ok-bg: #e6f4ea; --ink: #1f2328; --muted: #5b6470; --line: #d7dce2; --paper: #fff;
  --band: #f5f7fa;
}
* { box-sizing: border-box; }
html { font-size: 15px; }
body {
  margin: 0; color: var(--ink); background: #eef1f5; line-height: 1.55;
  font-family: "Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC", "Microsoft YaHei", "Hiragino Sans GB",
    "WenQuanYi Micro Hei", "Helvetica Neue", Arial, sans-serif;
}
code, .listing, .path, .rule code {
  font-family: "Noto Sans Mono CJK SC", "Sarasa Mono SC", "Source Han Mono SC", ui-monospace, "DejaVu Sans Mono",
    Menlo, Consolas, monospace;
}
a { color: #0b57a4; }
header.top {
  background: #173a5e; color: #fff; padding: 22px max(24px, calc((100vw - 1280px) / 2)) 14px;
}
header.top h1 { margin: 0 0 4px; font-size: 1.7rem; font-weight: 700; letter-spacing: .02em; }
header.top .meta { margin: 0 0 14px; color: #c9d6e3; font-size: .93rem; }
.cards { list-style: none; margin: 0 0 12px; padding: 0; display: flex; flex-wrap: wrap; gap: 10px; }
.card {
  background: rgba(255,255,255,.1); border-radius: 8px; padding: 8px 16px; min-width: 120px;
  border-left: 5px solid #8fb3d9;
}
.card .n { display: block; font-size: 1.65rem; font-weight: 700; line-height: 1.2; }
.card .l { font-size: .9rem; color: #dbe5ef; }
.card-error { border-left-color: #ff6b5b; }
.card-warning { border-left-color: #ffc53d; }
.card-info { border-left-color: #7fb2f0; }
.card-fixable { border-left-color: #73d13d; }
.card-coverage { border-left-color: #b7eb8f; }
nav { display: flex; gap: 4px 18px; flex-wrap: wrap; font-size: .95rem; }
nav a { color: #fff; text-decoration: none; border-bottom: 2px solid transparent; padding: 2px 0; }
nav a:hover, nav a:focus { border-bottom-color: #ffc53d; }
main { max-width: 1280px; margin: 0 auto; padding: 8px 24px 24px; }
main > section, section.file {
  background: var(--paper); border: 1px solid var(--line); border-radius: 8px; padding: 14px 20px 18px;
  margin: 16px 0;
}
h2 { font-size: 1.3rem; margin: 0 0 6px; color: #173a5e; }
h3 { font-size: 1.12rem; margin: 0 0 8px; }
h4 { font-size: 1rem; margin: 16px 0 6px; }
.note { color: var(--muted); font-size: .9rem; margin: 0 0 10px; font-weight: normal; }
.path { color: var(--muted); font-size: .85em; font-weight: normal; }
table { border-collapse: collapse; width: 100%; }
th, td { border-bottom: 1px solid var(--line); padding: 6px 10px; text-align: left; vertical-align: top; }
thead th { background: #f0f3f7; font-weight: 600; border-bottom: 2px solid #b9c2cc; }
td.n, th.n { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
td.zero { color: #9aa3ad; }
td.c-error:not(.zero) { color: var(--err); font-weight: 700; }
td.c-warning:not(.zero) { color: #9a6700; font-weight: 700; }
td.total { font-weight: 700; }
tfoot th, tfoot td { border-top: 2px solid #b9c2cc; border-bottom: none; font-weight: 700; }
.sev { display: inline-block; white-space: nowrap; border-radius: 4px; padding: 0 6px; font-size: .85rem;
  font-weight: 600; }
.sev-error .sev, .sev.sev-error { background: var(--err-bg); color: var(--err); }
.sev.sev-warning { background: var(--warn-bg); color: #8a5a00; }
.sev.sev-info { background: var(--info-bg); color: var(--info); }
.legend { list-style: none; padding: 0; margin: 0 0 10px; display: flex; flex-wrap: wrap; gap: 6px 18px;
  font-size: .9rem; color: var(--muted); }
.legend .swatch { display: inline-block; width: 14px; height: 14px; border-radius: 3px; margin-right: 6px;
  vertical-align: -2px; }
.swatch.sev-error { background: var(--err); }
.swatch.sev-warning { background: var(--warn); }
.swatch.sev-info { background: var(--info); }
.charts { display: grid; grid-template-columns: 1fr; gap: 10px 28px; }
figure { margin: 0; }
figcaption { font-weight: 600; margin: 4px 0 4px; }
svg.chart { max-width: 100%; height: auto; display: block; }
svg.chart text { font-size: 13px; fill: var(--ink); }
svg.chart text.sub { font-size: 11.5px; fill: var(--muted); }
svg.chart text.in { font-size: 11px; fill: #fff; font-weight: 700; }
svg.chart .total { font-weight: 700; }
svg.chart .split { fill: var(--muted); font-size: 12px; }
svg.chart .band { fill: var(--band); }
svg.chart a:hover .band, svg.chart a:focus .band { fill: #e3ebf5; }
.scroll { overflow-x: auto; }
table.coverage { width: auto; min-width: 100%; }
table.coverage th, table.coverage td { border: 1px solid var(--line); padding: 4px 6px; text-align: center; }
table.coverage th.sec { font-size: .9rem; background: #e4eaf1; }
table.coverage th.item { vertical-align: bottom; font-weight: 500; font-size: .9rem; padding: 6px 4px; }
table.coverage th.item span { writing-mode: vertical-rl; display: inline-block; white-space: nowrap;
  letter-spacing: .04em; text-align: left; }
table.coverage th.dep { text-align: left; white-space: nowrap; }
table.coverage th.dep .path { display: block; font-size: .75rem; }
table.coverage td.cov { font-size: 1.15rem; font-weight: 700; min-width: 2.1em; line-height: 1.3; }
table.coverage td.cov a { text-decoration: none; color: inherit; display: block; }
table.coverage td.rate { font-variant-numeric: tabular-nums; white-space: nowrap; font-weight: 600; }
.cov.present { background: var(--ok-bg); color: var(--ok); }
.cov.misplaced { background: var(--warn-bg); color: #8a5a00; }
.cov.missing { background: var(--err-bg); color: var(--err); }
.cov.unknown { background: #f1f2f4; color: #8a939d; }
.cov-legend .mk { display: inline-block; min-width: 1.6em; text-align: center; border-radius: 3px;
  font-weight: 700; }
.vh { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
section.file { border-left: 5px solid #8fb3d9; }
section.file h3 .path { margin-left: 8px; }
section.file h3 .counts { float: right; font-size: .88rem; color: var(--muted); font-weight: normal; }
table.diags td { font-size: .93rem; }
table.diags td.where { white-space: nowrap; font-variant-numeric: tabular-nums; }
table.diags td.rule { white-space: nowrap; }
table.diags td.rule code { font-weight: 700; margin-right: 6px; }
table.diags td.rule .name { color: var(--muted); font-size: .85rem; }
table.diags tr.sev-error td:first-child { box-shadow: inset 4px 0 var(--err); }
table.diags tr.sev-warning td:first-child { box-shadow: inset 4px 0 var(--warn); }
table.diags tr.sev-info td:first-child { box-shadow: inset 4px 0 var(--info); }
table.diags .hint, table.diags .xref, table.diags .fix { color: var(--muted); font-size: .86rem; }
table.diags .fix { color: var(--ok); }
.snip { font-family: "Noto Sans Mono CJK SC", "Sarasa Mono SC", ui-monospace, "DejaVu Sans Mono", monospace;
  font-size: .82rem; background: #f6f8fa; border: 1px solid #e3e7ec; border-radius: 4px; padding: 1px 8px;
  margin: 3px 0; white-space: pre-wrap; word-break: break-all; width: fit-content; max-width: 100%; }
.snip .lnno { color: #98a1ab; margin-right: 10px; user-select: none; }
tr:target, .ln:target { outline: 3px solid #ffb020; outline-offset: -1px; background: #fff8e1; }
.listing { border: 1px solid var(--line); border-radius: 6px; font-size: .84rem; line-height: 1.6;
  background: #fbfcfd; overflow: hidden; }
.ln { display: grid; grid-template-columns: 3.6em 1fr auto; align-items: start; border-left: 4px solid transparent; }
.ln .no { color: #98a1ab; text-align: right; padding-right: 10px; text-decoration: none;
  user-select: none; border-right: 1px solid var(--line); }
.ln .src { white-space: pre-wrap; word-break: break-all; padding-left: 10px; }
.ln.cmt .src { color: #7a838d; }
.ln.hit { background: #fffdf3; }
.ln.hit.sev-error { border-left-color: var(--err); }
.ln.hit.sev-warning { border-left-color: var(--warn); }
.ln.hit.sev-info { border-left-color: var(--info); }
.ln.hit .no { color: var(--ink); font-weight: 700; }
mark { border-radius: 2px; padding: 0 1px; color: inherit; }
mark.sev-error { background: #ffc9c2; box-shadow: inset 0 -2px var(--err); }
mark.sev-warning { background: #ffe58f; box-shadow: inset 0 -2px var(--warn); }
mark.sev-info { background: #cfe0f7; box-shadow: inset 0 -2px var(--info); }
mark.pt::before { content: "▏"; color: var(--err); }
.tags { padding: 0 8px; white-space: nowrap; }
.tag { font-size: .75rem; font-weight: 700; text-decoration: none; border-radius: 3px; padding: 0 5px;
  margin-left: 4px; font-family: inherit; }
.tag.sev-error { background: var(--err-bg); color: var(--err); }
.tag.sev-warning { background: var(--warn-bg); color: #8a5a00; }
.tag.sev-info { background: var(--info-bg); color: var(--info); }
.ok, .empty { color: var(--ok); }
footer { max-width: 1280px; margin: 0 auto; padding: 0 24px 30px; color: var(--muted); font-size: .85rem; }
@media (min-width: 1200px) {
  .charts { grid-template-columns: minmax(0, 1fr) minmax(0, 1fr); align-items: start; }
}
@media print {
  @page { size: A4 landscape; margin: 12mm; }
  html { font-size: 10pt; }
  body { background: #fff; }
  * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  header.top { background: #fff; color: var(--ink); padding: 0 0 8px; border-bottom: 2px solid #173a5e; }
  header.top .meta, .card .l { color: var(--muted); }
  .card { background: #f3f5f8; }
  nav { display: none; }
  main { max-width: none; padding: 0; }
  main > section, section.file { border: none; padding: 0; margin: 12px 0; }
  section.file { break-before: page; }
  a { color: inherit; text-decoration: none; }
  tr, .ln, figure, #charts, #coverage { break-inside: avoid; }
  h2, h3, h4 { break-after: avoid; }
  thead { display: table-header-group; }
  .scroll { overflow: visible; }
  .listing { font-size: 7.5pt; line-height: 1.4; }
  .charts { grid-template-columns: 1fr 1fr; }
}
"""
