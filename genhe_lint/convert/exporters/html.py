"""HTML: one accessible ``<table>`` (caption, ``<th scope>``, one ``<tbody>`` per 一级事项) that prints on A4
landscape with the header repeated on every page."""

from __future__ import annotations

import html

from genhe_lint.convert import glyphs
from genhe_lint.convert.layout import Layout
from genhe_lint.convert.table import Cell

# a backslash at the end of a line joins the next line onto it (the font declaration is one line)
CSS = """
@page { size: A4 landscape; margin: 8mm; }
* { box-sizing: border-box; }
body { margin: 0 auto; max-width: 281mm; padding: 4mm;
       font: 8.5pt/1.35 "Noto Sans CJK SC", "Source Han Sans SC", "Microsoft YaHei", "PingFang SC", \
SimSun, sans-serif;
       color: #000; background: #fff; }
p.department { margin: 0 0 2mm; text-align: center; font-size: 10pt; }
table { border-collapse: collapse; width: 99.6%; table-layout: fixed; }
caption { font-size: 15pt; font-weight: bold; padding: 0 0 3mm; letter-spacing: 0.05em; }
th, td { border: 0.6pt solid #000; padding: 1.2mm 1mm; vertical-align: middle; word-break: break-all; }
thead th { background: #eef1f5; font-weight: bold; text-align: center; }
/* vertical-lr: CJK top to bottom; a name broken into several columns (发布会/ 听证会) reads left to right */
thead th.vertical { writing-mode: vertical-lr; text-orientation: upright; white-space: nowrap;
                    padding: 1mm 0; font-weight: normal; vertical-align: top; text-align: start; }
tbody th { font-weight: normal; text-align: center; }
td.box { text-align: center; font-size: 10pt; padding: 0; }
td.serial { text-align: center; }
thead { display: table-header-group; }
tr { break-inside: avoid; page-break-inside: avoid; }
@media print { body { padding: 0; max-width: none; } thead th { background: #eef1f5;
               -webkit-print-color-adjust: exact; print-color-adjust: exact; } }
"""

# column widths in millimetres on A4 landscape (281 mm inside the margins), written as shares of the width
WIDTHS = {"serial": 7.0, "level": 17.0, "content": 60.0, "deadline": 24.0, "publisher": 17.0, "channel": 5.2,
          "audience": 7.5, "unit": 15.0}
SEGMENT = 3.6  # mm per column of vertical text


def _text(text: str) -> str:
    return "<br>".join(html.escape(line, quote=False) for line in text.split("\n"))


def _segments(label: str) -> list[str]:
    """A long channel name written vertically in several short columns, broken after each “/”."""
    parts = [p + "/" for p in label.split("/")]
    parts[-1] = parts[-1][:-1]
    return [p for p in parts if p]


def _width(role: str, label: str) -> float:
    if role == "channel":
        return max(WIDTHS[role], SEGMENT * len(_segments(label)) + 1.0)
    return WIDTHS[role]


def _cell(cell: Cell, role: str) -> str:
    attrs = []
    if cell.rowspan > 1:
        attrs.append(f'rowspan="{cell.rowspan}"')
    if cell.colspan > 1:
        attrs.append(f'colspan="{cell.colspan}"')
    if cell.hint:
        attrs.append(f'data-genhe="{html.escape(cell.hint)}"')
    if cell.kind == "box":
        attrs.append('class="box"')
        if cell.text:
            state = "已勾选" if cell.text == glyphs.ON else "未勾选"
            body = f'<span role="img" aria-label="{state}">{cell.text}</span>'
        else:
            body = ""
        return f"<td {' '.join(attrs)}>{body}</td>"
    if role == "serial":
        attrs.append('class="serial"')
    if cell.header:
        scope = cell.scope or "row"
        body = _text(cell.text)
        if cell.kind == "vertical":
            attrs.append('class="vertical"')
            body = "<br>".join(html.escape(p, quote=False) for p in _segments(cell.text))
        return f"<th scope=\"{scope}\"{' ' if attrs else ''}{' '.join(attrs)}>{body}</th>"
    return f"<td{' ' if attrs else ''}{' '.join(attrs)}>{_text(cell.text)}</td>"


def render(lay: Layout) -> bytes:
    title = lay.title or ""
    out = ["<!DOCTYPE html>", '<html lang="zh-CN">', "<head>", '<meta charset="utf-8">',
           '<meta name="viewport" content="width=device-width, initial-scale=1">',
           f"<title>{html.escape(title or '主动公开目录')}</title>", f"<style>{CSS}</style>", "</head>",
           "<body>", "<main>"]
    if lay.department_line:
        out.append(f'<p class="department">{html.escape(lay.department_line)}</p>')
    out.append("<table>")
    if lay.title is not None:
        out.append(f"<caption>{html.escape(lay.title)}</caption>")
    out.append("<colgroup>")
    widths = [_width(role, label) for role, label in lay.roles]
    for width in widths:  # shares of the page width, so the table always fits the page
        out.append(f'<col style="width:{100 * width / sum(widths):.2f}%">')
    out.append("</colgroup>")
    by_row: dict[int, list[Cell]] = {}
    for cell in lay.table.cells:
        by_row.setdefault(cell.row, []).append(cell)
    out.append("<thead>")
    for r in range(lay.header_rows):
        out.append("<tr>" + "".join(_cell(c, "") for c in sorted(by_row.get(r, []), key=lambda c: c.col))
                   + "</tr>")
    out.append("</thead>")
    for first, last in lay.sections:
        out.append("<tbody>")
        for r in range(first + lay.header_rows, last + lay.header_rows + 1):
            cells = sorted(by_row.get(r, []), key=lambda c: c.col)
            out.append("<tr>" + "".join(_cell(c, lay.roles[c.col][0]) for c in cells) + "</tr>")
        out.append("</tbody>")
    out += ["</table>", "</main>", "</body>", "</html>", ""]
    return "\n".join(out).encode("utf-8")
