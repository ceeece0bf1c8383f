"""The changes as text (Chinese by default), JSON (a ``changes`` list) or a Markdown summary for a job summary
or a pull-request comment, where the findings the change introduces (``check --format json`` output) come
first. Catalog text is shown inert: escaped controls in text, escaped Markdown in Markdown."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import asdict
from typing import Any, TextIO

from genhe_lint.changes.compare import Change
from genhe_lint.diagnostic import Severity
from genhe_lint.output.inert import inert, json_inert, visible

FORMATS = ("text", "json", "markdown")

_FIELDS = {
    "zh": {"department": "公开主体（整个目录）", "title": "目录标题", "serial": "序号", "name": "事项名称",
           "content": "公开内容", "deadline": "公开时限", "publisher": "公开主体", "channels": "公开渠道",
           "audience": "公开对象", "unit": "责任科室"},
    "en": {"department": "department", "title": "title", "serial": "serial", "name": "name",
           "content": "content", "deadline": "deadline", "publisher": "publisher", "channels": "channel",
           "audience": "audience", "unit": "unit"},
}
_KINDS = {
    "zh": {"catalog-added": "新增目录", "catalog-removed": "删除目录", "catalog-unreadable": "无法读取目录",
           "section-added": "新增一级事项", "section-removed": "删除一级事项",
           "section-renamed": "一级事项改名",
           "item-added": "新增事项", "item-removed": "删除事项", "item-renamed": "事项改名",
           "item-moved": "事项移到其他一级事项", "field-changed": "修改{field}", "entry-added": "新增{field}",
           "entry-removed": "取消{field}"},
    "en": {"catalog-added": "catalog added", "catalog-removed": "catalog removed",
           "catalog-unreadable": "catalog unreadable", "section-added": "section added",
           "section-removed": "section removed", "section-renamed": "section renamed",
           "item-added": "item added", "item-removed": "item removed", "item-renamed": "item renamed",
           "item-moved": "item moved", "field-changed": "{field} changed", "entry-added": "{field} added",
           "entry-removed": "{field} removed"},
}
_REMOVED = frozenset({"section-removed", "item-removed"})
_SEVERITIES = frozenset(s.value for s in Severity)
_SHORT = 60  # characters of a value shown in text and Markdown (JSON has it whole)


def label(change: Change, lang: str) -> str:
    """What kind of change it is, in words: 修改公开时限, 取消公开渠道."""
    words = _KINDS["en" if lang == "en" else "zh"][change.kind]
    field = _FIELDS["en" if lang == "en" else "zh"].get(change.field or "", change.field or "")
    return words.format(field=field)


def _short(value: str | None) -> str:
    if value is None:
        return ""
    value = " ".join(value.split())  # a multi-line content on one line
    return value if len(value) <= _SHORT else value[: _SHORT - 1] + "…"


def render(changes: list[Change], output_format: str, lang: str, stream: TextIO,
           findings: list[dict[str, Any]] | None = None) -> None:
    if output_format == "json":
        payload = {"changes": [asdict(c) for c in changes]}
        stream.write(json_inert(json.dumps(payload, ensure_ascii=False, indent=2)) + "\n")
    elif output_format == "markdown":
        stream.write(markdown(changes, lang, findings))
    else:
        stream.write(text(changes, lang))


def text(changes: list[Change], lang: str) -> str:
    en = lang == "en"
    lines: list[str] = []
    catalog = None
    for change in changes:
        if change.catalog != catalog:
            catalog = change.catalog
            lines.append(inert(catalog))
        where = ""
        if change.line is not None:
            old = change.kind in _REMOVED
            where = (f"{'old ' if old else ''}line {change.line}" if en
                     else f"{'原' if old else ''}第 {change.line} 行")
        detail = _detail(change, lang)
        parts = [p for p in (where, label(change, lang), visible(change.item), detail) if p]
        lines.append("  " + "  ".join(parts))
    catalogs = len({c.catalog for c in changes})
    if not changes:
        lines.append("No changes to the catalogs." if en else "目录没有改动。")
    else:
        lines.append(f"{len(changes)} change(s) in {catalogs} catalog(s)." if en
                     else f"共 {len(changes)} 处改动，涉及 {catalogs} 个目录。")
    return "\n".join(lines) + "\n"


def _detail(change: Change, lang: str) -> str:
    old, new = visible(_short(change.old)), visible(_short(change.new))
    if change.kind in ("catalog-added", "catalog-removed"):
        count = change.new if change.kind == "catalog-added" else change.old
        return f"({count} item(s))" if lang == "en" else f"（{count} 个事项）"
    if change.kind == "catalog-unreadable":
        side = ("new" if lang == "en" else "新版本") if change.new else ("old" if lang == "en" else "原版本")
        return f"{side}: {new or old}" if lang == "en" else f"{side}：{new or old}"
    if change.kind == "entry-added":
        return f"“{new}”"
    if change.kind == "entry-removed":
        return f"“{old}”"
    if change.old is None and change.new is None:
        return ""
    none = "(none)" if lang == "en" else "（无）"
    before = none if change.old is None else f"“{old}”"
    after = none if change.new is None else f"“{new}”"
    return f"{before} → {after}"


# ---- Markdown ------------------------------------------------------------------------------------

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+!|~])")


def md(value: str) -> str:
    """``value`` as inert Markdown table text: controls escaped, HTML and @mentions written as entities,
    Markdown punctuation escaped, so catalog text cannot format, link, mention or break the table."""
    value = visible(value).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return _MD_SPECIAL.sub(r"\\\1", value).replace("@", "&#64;")


def markdown(changes: list[Change], lang: str, findings: list[dict[str, Any]] | None = None) -> str:
    en = lang == "en"
    out: list[str] = []
    if findings is not None:
        out += _findings_table(findings, en)
    out.append("### genhe-lint: changes to the catalogs" if en else "### genhe-lint：本次改动的事项")
    out.append("")
    if not changes:
        out.append("No changes to the catalogs." if en else "目录没有改动。")
        return "\n".join(out) + "\n"
    heads = (("Change", "Catalog", "Item", "Before", "After", "Line") if en
             else ("改动", "目录", "事项", "原来", "现在", "行"))
    out.append("| " + " | ".join(heads) + " |")
    out.append("|" + "---|" * len(heads))
    for change in changes:
        before, after = _md_values(change, lang)
        line = "" if change.line is None else (f"原 {change.line}" if change.kind in _REMOVED and not en
                                               else f"old {change.line}" if change.kind in _REMOVED
                                               else str(change.line))
        cells = (label(change, lang), md(change.catalog), md(change.item), before, after, line)
        out.append("| " + " | ".join(cells) + " |")
    catalogs = len({c.catalog for c in changes})
    out.append("")
    out.append(f"{len(changes)} change(s) in {catalogs} catalog(s)." if en
               else f"共 {len(changes)} 处改动，涉及 {catalogs} 个目录。")
    return "\n".join(out) + "\n"


def _md_values(change: Change, lang: str) -> tuple[str, str]:
    if change.kind in ("catalog-added", "catalog-removed"):
        count = change.new or change.old or "0"
        shown = f"{count} item(s)" if lang == "en" else f"{count} 个事项"
        return ("", shown) if change.kind == "catalog-added" else (shown, "")
    return md(_short(change.old)), md(_short(change.new))


def _findings_table(findings: Iterable[dict[str, Any]], en: bool) -> list[str]:
    rows = list(findings)
    out = [f"### genhe-lint: findings this change introduces ({len(rows)})" if en
           else f"### genhe-lint：本次改动带来的问题（{len(rows)} 处）", ""]
    if not rows:
        out += ["None." if en else "没有新问题。", ""]
        return out
    heads = ("Severity", "Rule", "Where", "Finding") if en else ("级别", "规则", "位置", "问题")
    out.append("| " + " | ".join(heads) + " |")
    out.append("|" + "---|" * len(heads))
    for d in rows:
        where = f"{d.get('path', '')}:{d.get('line', '')}:{d.get('column', '')}"
        rule = f"{d.get('code', '')} {d.get('name', '')}".strip()
        level = str(d.get("severity", ""))
        shown = Severity(level).label("en" if en else "zh") if level in _SEVERITIES else md(level)
        cells = (shown, md(rule), md(where),
                 md(str(d.get("message", ""))))
        out.append("| " + " | ".join(cells) + " |")
    out.append("")
    return out
