"""HTML: the catalog table as published on a website (any page with a 目录 table), read with the standard
library's parser. ``rowspan``/``colspan`` are merged cells; ``<input type=checkbox checked>`` is ☑ and
``<input type=checkbox>`` is ☐; an image's ``alt`` text is read (checkbox pictures); ``<br>`` and block
elements break lines; the page's other whitespace is collapsed as a browser shows it."""

from __future__ import annotations

import re
from html.parser import HTMLParser

from genhe_lint.convert import glyphs, limits
from genhe_lint.convert.table import Cell, Table, place

_BLOCKS = {"p", "div", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "section", "article", "header",
           "footer", "blockquote", "pre", "dd", "dt"}
_SKIP = {"script", "style", "head", "title", "template", "noscript"}
_WS = re.compile(r"[ \t\r\n\f\u00a0]+")


class _Reader(HTMLParser):
    def __init__(self, name: str) -> None:
        super().__init__(convert_charrefs=True)
        self.name = name
        self.tables: list[Table] = []
        self.before: list[str] = []  # text blocks outside tables since the last table
        self.block: list[str] = []  # the text block being read outside tables
        self.depth = 0  # table nesting
        self.skip = 0
        self.table: Table | None = None
        self.rows: list[list[Cell]] = []  # the table's cells, row by row, before they are placed
        self.lines: list[int] = []  # the line each row starts on
        self.count = 0  # cells read in the file
        self.cell: Cell | None = None
        self.parts: list[str] = []  # the cell's (or caption's) text pieces
        self.in_caption = False

    # -- text ----------------------------------------------------------------------------------------

    def _emit(self, text: str) -> None:
        if self.cell is not None or self.in_caption:
            self.parts.append(text)
        elif self.depth == 0:
            self.block.append(text)

    def _flush_block(self) -> None:
        text = _clean("".join(self.block))
        if text:
            self.before.extend(t for t in text.split("\n") if t)
        self.block = []

    def handle_data(self, data: str) -> None:
        if self.skip:
            return
        self._emit(_WS.sub(" ", data))

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k.lower(): (v or "") for k, v in attrs}
        if tag in _SKIP:
            self.skip += 1
            return
        if self.skip:
            return
        if tag == "table":
            self.depth += 1
            if self.depth == 1:
                self._flush_block()
                self.table = Table(name=f"表{len(self.tables) + 1}" if self.tables else "",
                                   before=self.before)
                self.before = []
                self.rows, self.lines = [], []
            return
        if self.depth > 1:
            if tag == "br" or tag in _BLOCKS or tag in ("tr", "td", "th"):
                self._emit("\n")
            return
        if tag == "caption" and self.depth == 1:
            self.in_caption, self.parts = True, []
        elif tag == "tr" and self.depth == 1 and self.table is not None:
            self._end_cell()
            self._new_row()
        elif tag in ("td", "th") and self.depth == 1 and self.table is not None:
            self._end_cell()
            if not self.rows:
                self._new_row()
            self.count += 1
            line, offset = self.getpos()
            limits.check_cells(self.count, line, offset + 1)
            rowspan, colspan = _span(a.get("rowspan")), _span(a.get("colspan"))
            self.cell = Cell("", len(self.rows) - 1, 0, rowspan, colspan, hint=a.get("data-genhe", ""))
            self.parts = []
        elif tag == "br" or tag in _BLOCKS:
            self._emit("\n")
        elif tag == "input" and a.get("type", "").lower() in ("checkbox", "radio"):
            self._emit(glyphs.ON if "checked" in a else glyphs.OFF)
        elif tag == "img" and a.get("alt"):
            self._emit(a["alt"])

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag not in ("br", "input", "img", "col", "hr", "meta", "link"):
            self.handle_endtag(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIP:
            self.skip = max(0, self.skip - 1)
            return
        if self.skip:
            return
        if tag == "table":
            if self.depth == 1 and self.table is not None:
                self.end_table()
            self.depth = max(0, self.depth - 1)
            return
        if self.depth > 1:
            return
        if tag == "caption" and self.in_caption and self.table is not None:
            self.in_caption = False
            text = _clean("".join(self.parts))
            if text:
                self.table.before.extend(t for t in text.split("\n") if t)
            self.parts = []
        elif tag in ("td", "th"):
            self._end_cell()
        elif tag in _BLOCKS and self.depth == 0:
            self._emit("\n")

    def _new_row(self) -> None:
        self.rows.append([])
        self.lines.append(self.getpos()[0])

    def _end_cell(self) -> None:
        if self.cell is not None and self.table is not None:
            self.cell.text = _clean("".join(self.parts))
            self.rows[self.cell.row].append(self.cell)
        self.cell = None
        self.parts = []

    def end_table(self) -> None:
        """Place the table's cells (see :func:`~genhe_lint.convert.table.place`) and keep the table."""
        self._end_cell()
        table = self.table
        if table is None:
            return
        try:
            table.clipped = place(self.rows)
        except limits.LimitExceeded as exc:
            exc.line = self.lines[exc.line - 1]  # the row's line in the file
            raise
        for r, cells in enumerate(self.rows):
            for cell in cells:
                table.add(cell)
            if cells:
                table.row_labels[r] = f"第{r + 1}行"
        self.tables.append(table)
        self.table = None
        self.rows, self.lines = [], []


def _span(value: str | None) -> int:
    try:
        return max(1, min(int((value or "1").strip()), limits.MAX_SPAN))
    except ValueError:
        return 1


def _clean(text: str) -> str:
    return "\n".join(line.strip() for line in text.split("\n") if line.strip())


def read(data: bytes, name: str) -> list[Table]:
    text = data.decode("utf-8-sig", errors="replace")
    m = re.search(rb"<meta[^>]+charset=[\"']?([A-Za-z0-9_-]+)", data[:2048], re.IGNORECASE)
    if m and m.group(1).lower() not in (b"utf-8", b"utf8"):
        text = data.decode(m.group(1).decode("ascii"), errors="replace")
    reader = _Reader(name)
    reader.feed(text)
    reader.close()
    if reader.table is not None:  # an unclosed table
        reader.end_table()
    return reader.tables
