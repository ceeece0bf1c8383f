"""Tables -> a catalog draft: find the header, give each column a role, build the tree, place the cells.

- The header may take several rows (公开事项 over 一级/二级/三级事项, 公开渠道和载体 over one column per
  channel, 公开对象 over 全社会/特定群体); a table that repeats it (one Word table per page, or the header
  repeated inside the table) is read as one table.
- The 一级/二级/三级事项 columns give the tree: a name cell merged over several rows is a node whose
  items are those rows. A name cell that reaches the last 事项 column is a leaf (one row).
- Every other cell is placed by :meth:`TreeIndex.owners`: a merged cell becomes an attribute of the node
  whose rows it covers, which the node's items inherit.
- Defects are kept: an empty cell is an empty value (``''``, ``[]``), a typo stays a typo.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from genhe_lint.convert import glyphs
from genhe_lint.convert.draft import Draft, Node
from genhe_lint.convert.problems import (
    HEADER_MISMATCH,
    NO_DEPARTMENT,
    NO_TABLE,
    UNKNOWN_COLUMN,
    UNREADABLE_CELL,
    Problems,
)
from genhe_lint.convert.table import Cell, Table, hint_words
from genhe_lint.convert.tree import Entry, TreeIndex, serial_owner
from genhe_lint.convert.vocab import Vocab, load

# header words -> column role; the first match wins, so specific words come first
ROLE_WORDS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("serial", ("序号", "编号")),
    ("level0", ("一级事项", "一级")),
    ("level1", ("二级事项", "二级")),
    ("level2", ("三级事项", "三级")),
    ("level3", ("四级事项", "四级")),
    ("content", ("公开内容", "内容（要素）", "内容")),
    ("deadline", ("公开时限", "时限")),
    ("publisher", ("公开主体",)),
    ("channels", ("公开渠道", "公开载体", "渠道和载体", "公开方式", "渠道")),
    ("audience", ("公开对象",)),
    ("unit", ("责任科室", "责任部门", "责任单位", "科室")),
    ("level0", ("公开事项", "事项名称", "事项")),
)
TEXT_ROLES = ("content", "deadline", "publisher", "unit")


def header_role(text: str) -> str | None:
    body = glyphs.squash(text)
    if not body:
        return None
    for role, words in ROLE_WORDS:
        if any(body.startswith(w) or (len(w) > 2 and w in body) for w in words):
            return role
    return None


@dataclass
class Column:
    # serial, level, content, deadline, publisher, channels, channel, audience, audience-col, unit, unknown
    role: str
    label: str = ""  # a channel's or audience's label as printed; an unknown column's header
    level: int = 0


@dataclass
class Sheet:
    """The data rows of one catalog table (continuation tables appended), with column roles."""

    columns: list[Column]
    rows: list[list[Cell]] = field(default_factory=list)
    labels: list[str] = field(default_factory=list)
    lines: list[int] = field(default_factory=list)
    starts: set[int] = field(default_factory=set)  # rows where a continuation table begins
    above: list[str] = field(default_factory=list)  # texts above the header (title …)


def _is_blank(cell: Cell) -> bool:
    return not cell.text.strip()


def _headerish(text: str, vocab: Vocab, hint: str = "") -> bool:
    if "role" in hint_words(hint):
        return True
    body = glyphs.squash(text)
    return not body or header_role(body) is not None or vocab.channel(body) is not None \
        or vocab.audience(body) is not None or body in ("全社会", "特定群体", "特定对象", "特定", "对象")


def find_header(slots: list[list[Cell]], vocab: Vocab) -> tuple[int, int] | None:
    """(first, last) rows of the header block, or None."""
    for r, row in enumerate(slots):
        cells = list({id(c): c for c in row}.values())
        roles = {header_role(c.text) for c in cells} - {None}
        if len(roles) >= 3 and sum(1 for c in cells if not _headerish(c.text, vocab, c.hint)) <= 1:
            last = max(c.last_row for c in cells if c.row == r or c.last_row >= r)
            last = max(last, r)
            while last + 1 < len(slots) and all(_headerish(c.text, vocab, c.hint) for c in slots[last + 1]) \
                    and any(not _is_blank(c) for c in slots[last + 1]):
                last += 1
            return r, last
    return None


def _columns(slots: list[list[Cell]], first: int, last: int, vocab: Vocab) -> list[Column]:
    columns: list[Column] = []
    ncols = len(slots[first]) if slots else 0
    for c in range(ncols):
        texts: list[str] = []
        seen: set[int] = set()
        marked = ""
        for r in range(first, last + 1):
            cell = slots[r][c]
            if id(cell) not in seen and not _is_blank(cell):
                seen.add(id(cell))
                texts.append(glyphs.squash(cell.text))
                marked = hint_words(cell.hint).get("role", marked)
        roles = [header_role(t) for t in texts]
        deepest = texts[-1] if texts else ""
        if marked == "channel" or "channels" in roles[:-1]:
            columns.append(Column("channel", deepest))
        elif marked == "audience" or "audience" in roles[:-1]:
            columns.append(Column("audience-col", deepest))
        elif roles and roles[-1] == "channels":
            columns.append(Column("channels"))
        elif roles and roles[-1] == "audience":
            columns.append(Column("audience"))
        elif deepest and vocab.channel(deepest) is not None and roles[-1] is None:
            columns.append(Column("channel", deepest))
        elif deepest and (vocab.audience(deepest) is not None or deepest in ("特定对象", "特定群体")) \
                and roles[-1] is None:
            columns.append(Column("audience-col", deepest))
        else:
            role = next((r for r in reversed(roles) if r is not None), None)
            if role is None:
                columns.append(Column("unknown", deepest))
            elif role.startswith("level"):
                columns.append(Column("level", deepest, int(role[-1])))
            else:
                columns.append(Column(role, deepest))
    # level columns numbered in order (a table may have only 一级/二级)
    for i, col in enumerate(sorted((c for c in columns if c.role == "level"), key=lambda c: c.level)):
        col.level = i
    return columns


def _signature(columns: list[Column]) -> list[tuple[str, str]]:
    return [(c.role, c.label) for c in columns]


def assemble(tables: list[Table], problems: Problems, vocab: Vocab) -> Sheet | None:
    """The first catalog table and its continuations as one sheet of data rows."""
    sheet: Sheet | None = None
    header_texts: list[set[str]] = []
    for table in tables:
        slots = table.slots()
        if not slots:
            continue
        found = find_header(slots, vocab)
        if sheet is None:
            if found is None:
                continue
            first, last = found
            sheet = Sheet(_columns(slots, first, last, vocab))
            sheet.above = [*table.before]
            for r in range(first):
                sheet.above.extend(t for t in dict.fromkeys(c.text.strip() for c in slots[r]) if t)
            header_texts = [{glyphs.squash(slots[r][c].text) for r in range(first, last + 1)}
                            for c in range(len(slots[first]))]
            data_from = last + 1
        else:
            if found is not None:
                first, last = found
                if _signature(_columns(slots, first, last, vocab)) != _signature(sheet.columns):
                    problems.add(HEADER_MISMATCH, table.line(first), 1,
                                 f"{table.name or '表格'}的表头与首表不同，未导入该表",
                                 f"{table.name or 'a table'}: header differs from the first table's; "
                                 "not imported")
                    continue
                data_from = last + 1
            elif len(slots[0]) == len(sheet.columns):
                data_from = 0
            else:
                continue
            sheet.starts.add(len(sheet.rows))
        previous_was_header = False
        for r in range(data_from, len(slots)):
            row = slots[r][: len(sheet.columns)]
            row += [Cell("", r, c) for c in range(len(row), len(sheet.columns))]
            if all(_is_blank(c) for c in row):
                continue
            texts = [glyphs.squash(c.text) for c in row]
            as_header = all(not t or t in header_texts[c] for c, t in enumerate(texts))
            if as_header and (sum(1 for t in texts if header_role(t)) >= 3 or previous_was_header):
                sheet.starts.add(len(sheet.rows))  # the header repeated inside the table: a page break
                previous_was_header = True
                continue
            previous_was_header = False
            sheet.rows.append(row)
            sheet.labels.append(f"{table.name} {table.label(r)}".strip())
            sheet.lines.append(table.line(r))
    if sheet is not None:
        _join_page_splits(sheet)
    return sheet


def _join_page_splits(sheet: Sheet) -> None:
    """A cell blank on the first row of a continuation table continues the cell above it (page break)."""
    joinable = ("serial", "level", *TEXT_ROLES[1:], "channels", "channel", "audience", "audience-col")
    level0 = [c for c, col in enumerate(sheet.columns) if col.role == "level" and col.level == 0]
    for start in sorted(sheet.starts):
        if start == 0 or start >= len(sheet.rows):
            continue
        if level0 and not _is_blank(sheet.rows[start][level0[0]]):
            continue  # a new 一级事项 starts the page: nothing is cut
        for c, column in enumerate(sheet.columns):
            if column.role not in joinable:
                continue
            cell, above = sheet.rows[start][c], sheet.rows[start - 1][c]
            if _is_blank(cell) and not cell.hint and not _is_blank(above):
                for row in sheet.rows[start:]:  # the rows a cell covers follow each other
                    if row[c] is not cell:
                        break
                    row[c] = above


# -- text of a cell --------------------------------------------------------------------------------------


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.replace("\r", "\n").split("\n") if line.strip()]


def one_line(text: str) -> str:
    """A name or short value: lines joined (CJK text broken over lines is one word)."""
    out = ""
    for line in _lines(text):
        if out and out[-1].isascii() and out[-1].isalnum() and line[0].isascii() and line[0].isalnum():
            out += " "
        out += line
    return out


def block(text: str) -> str:
    """Content: lines kept; several lines end with a line break (written as a ``|`` block)."""
    lines = _lines(text)
    return "\n".join(lines) + "\n" if len(lines) > 1 else (lines[0] if lines else "")


# -- the tree --------------------------------------------------------------------------------------------


def _hinted(cell: Cell, word: str) -> bool:
    return word in hint_words(cell.hint)


class _Builder:
    def __init__(self, sheet: Sheet, problems: Problems, source: str, vocab: Vocab) -> None:
        self.sheet, self.problems, self.source, self.vocab = sheet, problems, source, vocab
        self.levels = sorted((i for i, c in enumerate(sheet.columns) if c.role == "level"),
                             key=lambda i: sheet.columns[i].level)

    def _name(self, cell: Cell, depth: int) -> str | None:
        words = hint_words(cell.hint)
        if "empty" in words:
            return ""
        if "none" in words:
            return None
        text = one_line(cell.text)
        return text if text else ("" if depth == 0 else None)

    def nodes(self, rows: list[int], k: int, depth: int) -> list[Node]:
        if k >= len(self.levels):  # rows below the last 事项 column: unnamed rows
            return [Node() for _ in rows]
        col = self.levels[k]
        groups: list[tuple[Cell, list[int]]] = []
        for r in rows:
            cell = self.sheet.rows[r][col]
            if groups and groups[-1][0] is cell:
                groups[-1][1].append(r)
            elif (groups and k == 0 and _is_blank(cell) and not cell.hint and cell.rowspan == 1
                  and not _is_blank(groups[-1][0])):
                groups[-1][1].append(r)  # an unmerged blank 一级事项 cell: the section goes on
            else:
                groups.append((cell, [r]))
        out: list[Node] = []
        for cell, group in groups:
            j = k
            while j + 1 < len(self.levels) \
                    and all(self.sheet.rows[r][self.levels[j + 1]] is cell for r in group):
                j += 1
            node = Node(name=self._name(cell, depth))
            deeper = [self.sheet.rows[r][self.levels[m]]
                      for r in group for m in range(j + 1, len(self.levels))]
            deeper_blank = all(_is_blank(c) and not _hinted(c, "node") for c in deeper)
            if len(group) == 1 and deeper_blank:
                out.append(node)
                continue
            node.items = self.nodes(group, j + 1, depth + 1)
            out.append(node)
        return out

    def build(self) -> list[Node]:
        sections = self.nodes(list(range(len(self.sheet.rows))), 0, 0)
        index = TreeIndex(sections)
        for entry in index.entries:
            first, last = self.sheet.labels[entry.first], self.sheet.labels[entry.last]
            where = first if entry.first == entry.last else f"{first}–{last.split()[-1]}"
            entry.node.source = f"{self.source} {where}".strip()
        self._place(index)
        return sections

    # -- cells -> attributes ------------------------------------------------------------------------------

    def _runs(self, cols: list[int], marks: bool = False) -> list[tuple[int, int, list[Cell]]]:
        """Rows grouped by the cells they show. For box columns (``marks``) a blank one-row cell does not
        split a group (an unticked box printed blank): only cells with something in them do."""
        runs: list[tuple[int, int, list[Cell]]] = []
        last_key: list[object] = []
        for r, row in enumerate(self.sheet.rows):
            cells = [row[c] for c in cols]
            key: list[object] = [c if not (marks and _is_blank(c) and c.rowspan == 1 and not c.hint) else None
                                 for c in cells]
            if marks and all(k is None for k in key):
                key = [r]  # nothing printed at all: a row of its own
            if runs and len(key) == len(last_key) and all(a is b for a, b in zip(key, last_key, strict=True)):
                runs[-1] = (runs[-1][0], r, runs[-1][2])
            else:
                runs.append((r, r, cells))
            last_key = key
        return runs

    def _owners(self, index: TreeIndex, first: int, last: int, cells: list[Cell],
                deepest: bool) -> list[Entry]:
        for cell in cells:
            path = hint_words(cell.hint).get("owner")
            if path:
                if path in index.by_path:
                    return [index.by_path[path]]
                self._cell_problem(first, cell, f"单元格的归属标记指向不存在的事项 {path}",
                                   f"the cell's owner mark names no node ({path})")
        return index.owners(first, last, deepest)

    def _cell_problem(self, row: int, cell: Cell, zh: str, en: str) -> None:
        self.problems.add(UNREADABLE_CELL, self.sheet.lines[row], cell.col + 1,
                          f"{self.sheet.labels[row]}：{zh}", f"{self.sheet.labels[row]}: {en}")

    def _set(self, entry: Entry, key: str, value: object, row: int, cell: Cell) -> None:
        node = entry.node
        old = node.get(key)
        if old is not None and old != value:
            self._cell_problem(row, cell, f"同一事项的“{key}”有两个不同的值，保留第一个，另一个见注释",
                               f"two different values of {key} for one node; the first is kept, "
                               "the other is a comment")
            node.notes.append(f"另有 {key}（{self.sheet.labels[row]}）：{value}")
            return
        node.set(key, value)

    def _place(self, index: TreeIndex) -> None:
        by_role: dict[str, list[int]] = {}
        for i, column in enumerate(self.sheet.columns):
            role = {"channel": "channels", "audience-col": "audience"}.get(column.role, column.role)
            by_role.setdefault(role, []).append(i)
        for role in TEXT_ROLES:
            for col in by_role.get(role, []):
                self._place_text(index, role, col)
        for col in by_role.get("serial", []):
            self._place_serial(index, col)
        for role in ("channels", "audience"):
            if role in by_role:
                self._place_marks(index, role, by_role[role])
        for col in by_role.get("unknown", []):
            self._place_unknown(index, col)

    def _place_text(self, index: TreeIndex, key: str, col: int) -> None:
        for first, last, (cell,) in self._runs([col]):
            words = hint_words(cell.hint)
            if "none" in words:
                continue
            text = block(cell.text) if key == "content" else one_line(cell.text)
            if key == "content" and not text and "empty" not in words:
                continue  # no content printed: the node has none (a blank content cell is not a value)
            for entry in self._owners(index, first, last, [cell], deepest=key == "content"):
                self._set(entry, key, text, first, cell)

    def _place_serial(self, index: TreeIndex, col: int) -> None:
        for first, _last, (cell,) in self._runs([col]):
            text = glyphs.squash(cell.text)
            if not text:
                continue
            owners = self._owners(index, first, first, [cell], deepest=False) if cell.hint else []
            entry = owners[0] if owners else serial_owner(index, first)
            m = re.fullmatch(r"(\d+)[.、．]?", text)
            if m is None:
                self._cell_problem(first, cell, f"序号“{text}”不是数字，作为注释保留",
                                   f"serial {text!r} is not a number; kept as a comment")
                entry.node.notes.append(f"序号印刷为“{cell.text.strip()}”")
                continue
            if m.group(0) != m.group(1):
                entry.node.notes.append(f"序号印刷为“{text}”")
            self._set(entry, "serial", int(m.group(1)), first, cell)

    def _place_marks(self, index: TreeIndex, key: str, cols: list[int]) -> None:
        columns = self.sheet.columns
        for first, last, cells in self._runs(cols, marks=True):
            if any("none" in hint_words(c.hint) for c in cells):
                continue
            checked: list[str] = []
            printed: list[str] = []
            for col, cell in zip(cols, cells, strict=True):
                column = columns[col]
                text = glyphs.inputs_to_glyphs(cell.text)
                if column.role in ("channels", "audience"):  # one cell listing the values
                    if not text.strip():
                        continue
                    parsed = glyphs.parse_boxes(text)
                    if parsed.boxes:
                        checked += parsed.checked
                        printed.append(parsed.describe())
                        if parsed.stray:
                            printed.append(parsed.stray)
                            self._cell_problem(first, cell,
                                               f"方框前的文字“{parsed.stray}”无法理解，作为注释保留",
                                               f"text before the first box ({parsed.stray!r}) "
                                               "kept as a comment")
                    else:  # the values written out as text: each one is listed
                        checked += [v for v in re.split(r"[、，,；;\s]+", text.strip()) if v]
                    continue
                mark = glyphs.mark(text)
                rest = "".join(ch for ch in glyphs.squash(text) if ch not in glyphs.GLYPHS)
                if mark:
                    checked.append(column.label)
                if rest and rest != column.label:
                    printed.append(f"{column.label}：{text.strip()}")
                    self._cell_problem(first, cell,
                                       f"“{column.label}”列中的文字“{text.strip()}”无法理解，作为注释保留",
                                       f"text {text.strip()!r} in the {column.label} column "
                                       "kept as a comment")
            owners = self._owners(index, first, last, cells, deepest=False)
            for entry in owners:
                self._set(entry, key, list(dict.fromkeys(checked)), first, cells[0])
                if printed and not any(f"印刷：{p}" in entry.node.key_notes.get(key, "") for p in printed):
                    entry.node.key_notes[key] = "印刷：" + "；".join(printed)

    def _place_unknown(self, index: TreeIndex, col: int) -> None:
        header = self.sheet.columns[col].label or f"第{col + 1}列"
        self.problems.add(UNKNOWN_COLUMN, self.sheet.lines[0] if self.sheet.lines else 1, col + 1,
                          f"无法识别的列“{header}”，内容作为注释保留",
                          f"unknown column {header!r}; text kept as comments")
        for first, last, (cell,) in self._runs([col]):
            text = one_line(cell.text)
            if text:
                for entry in index.owners(first, last):
                    entry.node.notes.append(f"未识别的列“{header}”：{text}")


# -- title and department --------------------------------------------------------------------------------

_TITLE_SUFFIX = re.compile(r"^(?P<dep>.+?)(?:政府信息)?(?:主动)?(?:公开)(?:事项)?(?:目录|清单|标准).*$")


def department_from(title: str | None, vocab: Vocab) -> str | None:
    if not title:
        return None
    m = _TITLE_SUFFIX.match(glyphs.squash(title))
    if m:
        return m.group("dep")
    for name in vocab.departments:
        if glyphs.squash(title).startswith(name):
            return name
    return None


def title_and_department(texts: list[str], problems: Problems, vocab: Vocab) -> tuple[str | None, str]:
    title: str | None = None
    department: str | None = None
    for text in texts:
        body = text.strip()
        m = re.match(r"^公开主体[：:]\s*(.+)$", body)
        if m:
            department = m.group(1).strip()
        elif body and ("目录" in body or title is None):
            title = one_line(body)
    if department is None:
        department = department_from(title, vocab)
    if department is None:
        problems.add(NO_DEPARTMENT, 1, 1, "无法从标题确定公开主体（部门），department 留空，请填写",
                     "the department cannot be read from the title; department is left empty: fill it in")
        department = ""
    return title, department


def build(tables: list[Table], problems: Problems, source: str) -> Draft | None:
    vocab = load()
    sheet = assemble(tables, problems, vocab)
    if sheet is None or not sheet.rows:
        problems.add(NO_TABLE, 1, 1, "没有找到目录表格（需要“序号”“公开内容”“公开时限”等表头）",
                     "no catalog table found (headers such as 序号, 公开内容, 公开时限 are needed)")
        return None
    if not any(c.role == "level" for c in sheet.columns):
        problems.add(NO_TABLE, 1, 1, "表格没有“一级事项”或“公开事项”列",
                     "the table has no 一级事项 / 公开事项 column")
        return None
    title, department = title_and_department(sheet.above, problems, vocab)
    sections = _Builder(sheet, problems, source, vocab).build()
    return Draft(department=department, title=title, sections=sections, source=source)
