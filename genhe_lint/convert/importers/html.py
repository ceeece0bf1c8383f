"""HTML: the catalog table as published on a website (any page with a 目录 table), read with the standard
library's parser. ``rowspan``/``colspan`` are merged cells; ``<input type=checkbox checked>`` is ☑ and
``<input type=checkbox>`` is ☐; an image's ``alt`` text is read (checkbox pictures); ``<br>`` and block
elements break lines; the page's other whitespace is collapsed as a browser shows it."""

from __future__ import annotations

import re
from html.parser import HTMLParser

from genhe_lint.convert import glyphs
from genhe_lint.convert.table import Cell, Table

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
        self.taken: set[tuple[int, int]] = set()
        self.row = -1
        self.col = 0
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
                self.taken, self.row = set(), -1
            return
        if self.depth > 1:
            if tag == "br" or tag in _BLOCKS or tag in ("tr", "td", "th"):
                self._emit("\n")
            return
        if tag == "caption" and self.depth == 1:
            self.in_caption, self.parts = True, []
        elif tag == "tr" and self.depth == 1 and self.table is not None:
            self._end_cell()
            self.row += 1
            self.col = 0
        elif tag in ("td", "th") and self.depth == 1 and self.table is not None:
            self._end_cell()
            if self.row < 0:
                self.row = 0
            while (self.row, self.col) in self.taken:
                self.col += 1
            rowspan, colspan = _span(a.get("rowspan")), _span(a.get("colspan"))
            self.cell = Cell("", self.row, self.col, rowspan, colspan, hint=a.get("data-genhe", ""))
            for r in range(self.row, self.row + rowspan):
                for c in range(self.col, self.col + colspan):
                    self.taken.add((r, c))
            self.col += colspan
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
                self._end_cell()
                self.tables.append(self.table)
                self.table = None
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

    def _end_cell(self) -> None:
        if self.cell is not None and self.table is not None:
            self.cell.text = _clean("".join(self.parts))
            self.table.add(self.cell)
            self.table.row_labels[self.cell.row] = f"第{self.cell.row + 1}行"
        self.cell = None
        self.parts = []


def _span(value: str | None) -> int:
    try:
        return max(1, min(int((value or "1").strip()), 1000))
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
        reader._end_cell()
        reader.tables.append(reader.table)
    return reader.tables
