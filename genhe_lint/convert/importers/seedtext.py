"""Text extracted from a catalog table: the two forms seen in practice.

- *Tab form* (a Word/HTML table copied as text): one line per row, cells separated by tabs, checkboxes as
  ``<input type="checkbox" checked>`` or glyphs; a merged cell prints once and leaves its column out of the
  other rows, so columns shift.
- *PDF form* (``pdftotext`` of a table): cells broken over lines and pages, ■ checked and £ unchecked boxes,
  several cells on one line separated by spaces, no column positions at all.

Both are read into printed rows (:class:`Row`), then into the tree by the same rules, which are the
judgements written down in the hand transcriptions of ``catalogs/`` where they generalise:

1. A row with a 一级事项 label starts a section; a 序号 printed alone (the label printed one row up, in the
   middle of a merged cell) belongs to the section started just above it, if that has none.
2. Rows without a 一级 label after a section that is one complete row (a leaf) cannot belong to it: they
   belong to the next labelled section, whose label prints in the middle of its merged cell.
3. Rows at the end of a section that print nothing in a column that every other row of the section prints
   (so that column is not merged there) belong to the next labelled section too.
4. A column printed once covers the rows below it up to the next printed cell in the same section; rows of
   a section above its first printed cell are covered by that cell too (text prints mid-span). A section
   with nothing printed in a column gets an empty value (``''``, ``[]``): printed empty is a defect, kept.
5. A box cell cut by a page break (its head lacks the last channel, the next box cell lacks the first) is
   one cell, covering both parts' rows.
6. A row with only content under a named row is a further row of that name's merged cell (unnamed items).
7. Words broken over lines are joined; a line starting with a list number starts a new line of content.

Where these rules read the text differently from a person, the difference is documented in
``tests/test_convert_seeds.py``.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field

from genhe_lint.convert import glyphs
from genhe_lint.convert.build import department_from
from genhe_lint.convert.draft import Draft, Node
from genhe_lint.convert.problems import JUDGEMENT, NO_DEPARTMENT, NO_TABLE, UNPLACED_TEXT, Problems
from genhe_lint.convert.tree import TreeIndex
from genhe_lint.convert.vocab import Vocab, load

HEADER_WORDS = {"序号", "公开事项", "公开内容", "公开内容（要素）", "公开时限", "公开主体", "公开渠道和载体", "公开对象",
                "责任科室", "一级事项", "二级事项", "三级事项", "全社会", "特定", "对象", "群体", "特定对象", "特定群体"}
_NEW_LIST = re.compile(r"^1(?:[.、．]|[^\d\s.、．年月日个])")
_LIST_START = re.compile(r"^\d{1,2}(?:[.、．]|(?=[^\d\s.、．年月日个]))")


@dataclass
class Row:
    line: int
    serial: int | None = None
    names: list[tuple[int, str]] = field(default_factory=list)  # (level, name)
    content: list[str] = field(default_factory=list)
    content_level: int | None = None  # where an unnamed row's content stands (tab form)
    deadline: str | None = None
    publisher: str | None = None
    boxes: glyphs.BoxCell | None = None
    marks: list[str] = field(default_factory=list)
    unit: str | None = None
    stray: list[str] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not (self.names or self.content or self.serial is not None)


@dataclass
class Parsed:
    title: str | None
    header: list[str]
    audiences: list[str]
    rows: list[Row]
    leftovers: list[tuple[int, str]] = field(default_factory=list)


# -- helpers -------------------------------------------------------------------------------------------------


def _content_like(text: str) -> bool:
    body = text.strip()
    return bool(_LIST_START.match(body)) or body.startswith("（") or any(p in body for p in "，。；、：,;") \
        or len(body) > 20


def _split_list(text: str) -> list[str]:
    """``1. 甲 2. 乙`` (a cell's paragraphs run together) -> lines."""
    parts = re.split(r"\s+(?=\d{1,2}[.、．])", text.strip())
    return [p.strip() for p in parts if p.strip()]


def _audiences(header: list[str]) -> list[str]:
    words = " ".join(header).split()
    out: list[str] = []
    i = 0
    while i < len(words):
        w = words[i]
        if w == "特定" and i + 1 < len(words) and words[i + 1] in ("对象", "群体"):
            out.append(w + words[i + 1])
            i += 2
            continue
        if w in ("全社会", "特定对象", "特定群体"):
            out.append(w)
        i += 1
    return out or ["全社会", "特定群体"]


# -- tab form ------------------------------------------------------------------------------------------------


def _tab_fields(line: str, vocab: Vocab) -> list[tuple[str, str]]:
    """A row's fields, each classified: serial, text, deadline, dept (公开主体 or 责任科室), boxes, mark, empty."""
    raw = line.split("\t")
    m = re.match(r"^(\d{1,3})\s+(\S.*)$", raw[0].strip())
    if m:
        raw = [m.group(1), m.group(2), *raw[1:]]
    out: list[tuple[str, str]] = []
    for i, text in enumerate(raw):
        body = text.strip()
        if not body:
            out.append(("empty", ""))
            continue
        if i == 0 and re.fullmatch(r"\d{1,3}", body):
            out.append(("serial", body))
            continue
        out.extend(_classify(body, vocab))
    return out


def _classify(body: str, vocab: Vocab) -> list[tuple[str, str]]:
    if body[0] in "√✓" and (len(body) == 1 or body[1].isspace()):
        rest = body[1:].strip()
        return [("mark", body[0]), *(_classify(rest, vocab) if rest else [])]
    if glyphs.has_boxes(body) and glyphs.parse_boxes(body).boxes and not glyphs.parse_boxes(body).stray:
        return [("boxes", body)]
    if vocab.is_deadline(body):
        return [("deadline", body)]
    if vocab.is_unit(body) or vocab.is_department(body):
        return [("dept", body)]
    head, _, tail = body.rpartition(" ")
    if head and (vocab.is_unit(tail) or vocab.is_department(tail)) and vocab.is_deadline(head):
        return [("deadline", head.strip()), ("dept", tail)]
    return [("text", body)]


def parse_tab(lines: list[str], vocab: Vocab) -> Parsed:
    title: str | None = None
    header: list[str] = []
    rows: list[Row] = []
    leftovers: list[tuple[int, str]] = []
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        body = line.strip()
        if title is None and "\t" not in line:
            title = body.lstrip("#").strip()
            continue
        words = [w for w in re.split(r"[\t ]+", body) if w]
        if words and all(w in HEADER_WORDS for w in words):
            header.append(body)
            continue
        fields = _tab_fields(line, vocab)
        row = Row(number)
        kinds = [k for k, _ in fields]
        texts = [i for i, k in enumerate(kinds) if k == "text"]
        first_attr = next((i for i, k in enumerate(kinds) if k in ("deadline", "dept", "boxes", "mark")), len(kinds))
        texts = [i for i in texts if i < first_attr]
        stray = [fields[i][1] for i, k in enumerate(kinds) if k == "text" and i >= first_attr]
        if kinds and kinds[0] == "serial":
            row.serial = int(fields[0][1])
        if texts:
            *name_idx, content_idx = texts
            content_text = fields[content_idx][1]
            row.content = _split_list(content_text)
            if name_idx:
                level = name_idx[0] - 1
                if row.serial is None and level == 0 and len(name_idx) == 1:
                    level = 1  # one name and no 序号: never a 一级事项 (rule 1)
                for n, i in enumerate(name_idx):
                    row.names.append((level + n, fields[i][1]))
            else:
                row.content_level = max(1, content_idx - 1)
        depts = [i for i, k in enumerate(kinds) if k == "dept"]
        for i, k in enumerate(kinds):
            value = fields[i][1]
            if k == "deadline":
                row.deadline = value
            elif k == "boxes":
                row.boxes = glyphs.parse_boxes(value)
            elif k == "mark":
                row.marks.append(value)
            elif k == "dept":
                later = any(kk in ("dept", "boxes", "mark") for kk in kinds[i + 1 :])
                if later or (len(depts) == 1 and any(kk in ("boxes",) for kk in kinds[i + 1 :])):
                    row.publisher = value
                else:
                    row.unit = value
        row.stray = stray
        if row.empty:
            leftovers.append((number, body))
            continue
        rows.append(row)
    return Parsed(title, header, _audiences(header), rows, leftovers)


# -- PDF form ------------------------------------------------------------------------------------------------


@dataclass
class Tok:
    kind: str  # serial, text, deadline, dept, box, mark
    value: str
    line: int
    parts: list[str] = field(default_factory=list)
    had_deadline: bool = False
    after_serial: bool = False  # printed on the 序号's line: a whole name, not a fragment


def _pdf_tokens(lines: list[str], vocab: Vocab) -> tuple[str | None, list[str], list[Tok]]:
    title: str | None = None
    header: list[str] = []
    toks: list[Tok] = []
    in_header = False
    header_done = False
    pending_label: Tok | None = None
    for number, raw in enumerate(lines, start=1):
        line = raw.rstrip()
        body = line.strip()
        if not body:
            continue
        if title is None:
            title = body
            continue
        if not header_done:
            words = body.split()
            if all(w in HEADER_WORDS for w in words):
                in_header = True
                header.append(body)
                continue
            if in_header:
                header_done = True
        if body[0] in glyphs.GLYPHS and body[0] not in "√✓":
            mark = None
            m = re.match(r"^(.*?)\s+([√✓])$", body)
            if m:
                body, mark = m.group(1), m.group(2)
            tok = Tok("box", body, number)
            toks.append(tok)
            pending_label = tok if body.rstrip().endswith("/") else None
            if mark:
                toks.append(Tok("mark", mark, number))
            continue
        if pending_label is not None and body[0] not in glyphs.GLYPHS and not vocab.is_deadline(body):
            pending_label.value += body  # a box label broken over lines
            pending_label = None
            continue
        pending_label = None
        if body in ("√", "✓"):
            toks.append(Tok("mark", body, number))
            continue
        parts = body.split()
        tail: list[Tok] = []
        had_deadline = False
        if len(parts) > 1 and vocab.is_department(parts[-1]):
            tail.insert(0, Tok("dept", parts.pop(), number))
        if parts and vocab.is_deadline(parts[-1]):
            tail.insert(0, Tok("deadline", parts.pop(), number))
            had_deadline = True
        if len(parts) == 1 and vocab.is_department(parts[0]):
            tail.insert(0, Tok("dept", parts.pop(), number))
        after_serial = False
        if parts:
            m = re.match(r"^(\d{1,2})$", parts[0])
            if m:
                toks.append(Tok("serial", m.group(1), number))
                parts = parts[1:]
                after_serial = True
        if parts:
            # keep the line's own spacing for content (``成立 ”文件``)
            start = line.find(parts[0])
            end = line.rfind(parts[-1]) + len(parts[-1])
            text = line[start:end]
            toks.append(Tok("text", text, number, parts, had_deadline, after_serial))
        toks.extend(tail)
    return title, header, toks


def _unit_prefix(text: str, vocab: Vocab) -> bool:
    return any(u.startswith(text) for u in vocab.units)


def parse_pdf(lines: list[str], vocab: Vocab) -> Parsed:
    title, header, toks = _pdf_tokens(lines, vocab)
    rows: list[Row] = []
    row: Row | None = None
    phase = "start"  # start (a new row may begin), content, attrs
    prev_content = ""
    i = 0

    def next_text(j: int) -> Tok | None:
        return toks[j] if j < len(toks) and toks[j].kind == "text" else None

    def new_row(line: int) -> Row:
        nonlocal row, phase
        row = Row(line)
        rows.append(row)
        phase = "names"
        return row

    while i < len(toks):
        tok = toks[i]
        if tok.kind == "serial":
            new_row(tok.line).serial = int(tok.value)
            i += 1
            continue
        if tok.kind == "box":
            if row is not None:
                cell = glyphs.parse_boxes(tok.value)
                if row.boxes is None:
                    row.boxes = cell
                else:
                    row.boxes.boxes += cell.boxes
                phase = "attrs"
            i += 1
            continue
        if tok.kind == "mark":
            if row is not None:
                row.marks.append(tok.value)
                phase = "attrs"
            i += 1
            continue
        if tok.kind == "deadline":
            if row is not None:
                row.deadline = tok.value
                phase = "attrs"
            i += 1
            continue
        if tok.kind == "dept":
            if row is not None:
                if row.publisher is None and row.unit is None and row.boxes is None and not row.marks:
                    row.publisher = tok.value
                else:
                    row.unit = tok.value
                phase = "attrs"
            i += 1
            continue
        # text: a unit broken over lines?
        if row is not None and phase in ("attrs", "content") and len(tok.parts) == 1 and len(tok.value) <= 4 \
                and _unit_prefix(tok.value, vocab):
            joined, j = tok.value, i + 1
            while not vocab.is_unit(joined) and j < len(toks) and toks[j].kind == "text" \
                    and len(toks[j].parts) == 1 and _unit_prefix(joined + toks[j].value, vocab):
                joined += toks[j].value
                j += 1
            if vocab.is_unit(joined):
                row.unit = joined
                phase = "attrs"
                i = j
                continue
        text = tok.value
        first = tok.parts[0] if tok.parts else text
        name_content = len(tok.parts) > 1 and not _content_like(first)
        following = next_text(i + 1)
        starts_row = False
        if row is None or phase in ("start", "attrs") or (phase == "content" and (name_content or (
                not _content_like(text) and following is not None and _content_like(following.value)
                and (re.search(r"[。；;）)]$", prev_content) or _NEW_LIST.match(following.value.strip()))))):
            starts_row = True
        if starts_row and phase != "names":
            new_row(tok.line)
        assert row is not None
        if phase == "names":
            level = (len(row.names) if row.serial is not None else len(row.names) + 1)
            if tok.after_serial and len(tok.parts) == 1:
                row.names.append((level, text))
                i += 1
                continue
            if len(tok.parts) == 1 and len(text) <= 4 and not _content_like(text) and following is not None \
                    and not tok.had_deadline:
                # a narrow column's label broken over lines: join while the column is full (4 characters)
                joined, j = text, i + 1
                while len(toks[j - 1].value) == 4 and j < len(toks) and toks[j].kind == "text" \
                        and len(toks[j].parts) == 1 and len(toks[j].value) <= 4 \
                        and not _unit_prefix(toks[j].value, vocab):
                    joined += toks[j].value
                    j += 1
                row.names.append((level, joined))
                i = j
                continue
            if name_content:
                row.names.append((level, first))
                row.content.append(text[text.find(tok.parts[1]):].strip())
                phase = "content"
                prev_content = row.content[-1]
                i += 1
                continue
            if not tok.had_deadline and not _content_like(text) and following is not None \
                    and _content_like(following.value):
                row.names.append((level, text))
                i += 1
                continue
            phase = "content"
        # content
        line_text = text.strip()
        if row.content and not _LIST_START.match(line_text):
            row.content[-1] += line_text
        else:
            row.content.append(line_text)
        prev_content = row.content[-1]
        phase = "content"
        if tok.had_deadline:
            phase = "attrs"
        i += 1
    # names: levels of rows without a 序号 (rule: after a 三级 row, a one-name row is a 三级 sibling unless
    # it prints its own 责任科室 or 公开主体, which starts a new 二级 cell)
    last_depth = 0
    for r in rows:
        if r.serial is not None:
            last_depth = len(r.names) - 1
            continue
        if len(r.names) == 1 and last_depth >= 2 and r.unit is None and r.publisher is None:
            r.names = [(2, r.names[0][1])]
        if r.names:
            last_depth = r.names[-1][0]
        if not r.names:
            r.content_level = last_depth + 1
    return Parsed(title, header, _audiences(header), rows, [])


# -- rows -> tree ------------------------------------------------------------------------------------------


@dataclass
class _Sec:
    node: Node
    rows: list[tuple[Row, Node]] = field(default_factory=list)  # each printed row and its leaf
    labelled_row: Row | None = None


class _Assembler:
    def __init__(self, parsed: Parsed, source: str, problems: Problems) -> None:
        self.parsed, self.source, self.problems = parsed, source, problems
        self.sections: list[_Sec] = []
        self.held: list[Row] = []

    def where(self, row: Row) -> str:
        return f"{self.source} 第{row.line}行"

    def run(self) -> list[_Sec]:
        for row in self.parsed.rows:
            has_label = any(level == 0 for level, _ in row.names)
            if has_label:
                self._label(row)
                continue
            current = self.sections[-1] if self.sections else None
            if row.serial is not None and current is not None and current.node.serial is None \
                    and current.labelled_row is not None:
                current.node.serial = row.serial  # rule 1
                current.node.notes.append(f"序号 {row.serial} 印在下一行（{self.where(row)}），属于本一级事项")
                row.serial = None
            if current is None or (self._is_leaf_section(current) and not row.serial):
                self.held.append(row)  # rule 2
                continue
            self._attach(current, row)
        if self.held:
            sec = self._new_section(self.held[0], None, None)
            for row in self.held:
                self._attach(sec, row)
            self.held = []
        self._rule8()
        self._rule3()
        return self.sections

    def _rule8(self) -> None:
        """A second 公开主体 cell that starts a complete set of merged cells to the section's end starts a
        一级 group of its own, whose label cell is empty."""
        for k in range(len(self.sections) - 1, -1, -1):
            sec = self.sections[k]
            rows = sec.rows
            printed = [i for i, (r, _) in enumerate(rows) if r.publisher]
            if len(printed) < 2 or printed[1] - printed[0] < 2:
                continue
            at = printed[1]
            r = rows[at][0]
            if not (r.deadline and r.publisher and r.boxes and r.marks and r.unit):
                continue
            if any(x.deadline or x.publisher or x.boxes or x.marks or x.unit for x, _ in rows[at + 1 :]):
                continue
            leaves = [n for _, n in rows[at:]]
            if any(n not in sec.node.items for n in leaves):
                continue
            group = _Sec(Node(name="", source=self.where(r)), rows[at:])
            group.node.items = leaves
            group.node.notes.append(
                f"{self.where(r)} 起的 {len(leaves)} 行没有序号和一级事项，但有自己的一组合并单元格（公开时限、公开主体、"
                "渠道、对象、责任科室）直到表格的这一组结束：原表在此另有一个一级事项，其名称单元格为空")
            self.problems.add(JUDGEMENT, r.line, 1, f"第{r.line}行起的 {len(leaves)} 行是一个没有名称的一级事项",
                              f"{len(leaves)} row(s) from line {r.line} form a 一级事项 without a label")
            sec.node.items = [n for n in sec.node.items if n not in leaves]
            sec.rows = rows[:at]
            self.sections.insert(k + 1, group)

    def _is_leaf_section(self, sec: _Sec) -> bool:
        return not sec.node.items and bool(sec.rows)

    def _new_section(self, row: Row, serial: int | None, name: str | None) -> _Sec:
        node = Node(serial=serial, name=name if name is not None else "", source=self.where(row))
        sec = _Sec(node)
        self.sections.append(sec)
        return sec

    def _label(self, row: Row) -> None:
        name = next(n for level, n in row.names if level == 0)
        sec = self._new_section(row, row.serial, name)
        sec.labelled_row = row
        if self.held:
            held, self.held = self.held, []
            first = held[0]
            sec.node.notes.append(f"{self.where(first)} 起的 {len(held)} 行印在“{name}”标签之前，"
                                  "上一个一级事项只有一行，所以属于本事项（标签印在合并单元格中部）")
            self.problems.add(JUDGEMENT, first.line, 1, f"第{first.line}行起的 {len(held)} 行归入“{name}”",
                              f"{len(held)} row(s) from line {first.line} taken as items of {name!r}")
            sec.node.source = self.where(first)
            for h in held:
                self._attach(sec, h)
        rest = Row(**{**row.__dict__, "names": [(lv, n) for lv, n in row.names if lv > 0]})
        if rest.names or row.content:
            self._attach(sec, rest, own_row=not rest.names)

    def _attach(self, sec: _Sec, row: Row, own_row: bool = False) -> None:
        """Place a row in the section: its names open nodes; its content goes to the deepest one."""
        if own_row:  # the section's own row (a one-row 一级事项)
            sec.rows.append((row, sec.node))
            self._fill(sec.node, row)
            return
        parent = sec.node
        path: list[Node] = [sec.node]
        if row.names:
            base = row.names[0][0]
            # the node at level base-1 is the last such node in this section
            parent = self._last_at(sec.node, base - 1) or sec.node
            for _level, name in row.names:
                node = Node(name=name, source=self.where(row))
                self._adopt(parent, node)
                parent = node
                path.append(node)
            leaf = parent
        else:
            level = row.content_level or 1
            holder = self._last_at(sec.node, level - 1) or sec.node
            if holder is not sec.node and not holder.items and self._row_of(sec, holder) is not None:
                # rule 6: the named row's merged cell goes on: its own row becomes the first unnamed item
                first_row = self._row_of(sec, holder)
                assert first_row is not None
                moved = Node(source=holder.source)
                for key in ("content",):
                    moved.set(key, holder.get(key))
                    holder.set(key, None)
                holder.items.append(moved)
                sec.rows = [(r, moved if n is holder else n) for r, n in sec.rows]
            leaf = Node(source=self.where(row))
            self._adopt(holder, leaf)
        sec.rows.append((row, leaf))
        self._fill(leaf, row)

    def _adopt(self, parent: Node, child: Node) -> None:
        parent.items.append(child)

    def _row_of(self, sec: _Sec, node: Node) -> Row | None:
        return next((r for r, n in sec.rows if n is node), None)

    def _last_at(self, root: Node, level: int) -> Node | None:
        if level <= 0:
            return root
        node = root
        for _ in range(level):
            if not node.items:
                return None
            node = node.items[-1]
        return node

    def _fill(self, node: Node, row: Row) -> None:
        if row.content:
            node.content = "\n".join(row.content) + ("\n" if len(row.content) > 1 else "")
        for text in row.stray:
            node.notes.append(f"无法归属的文字：{text}")
            self.problems.add(UNPLACED_TEXT, row.line, 1, f"第{row.line}行的文字“{text}”无法归属，作为注释保留",
                              f"text {text!r} on line {row.line} kept as a comment")

    def _rule3(self) -> None:
        """Rows at the end of a section that miss a column every other row prints go to the next section."""
        for k in range(len(self.sections) - 1):
            sec, nxt = self.sections[k], self.sections[k + 1]
            if len(sec.rows) < 4 or nxt.labelled_row is None or not sec.node.items:
                continue
            for attr in ("publisher", "marks"):
                printed = [bool(getattr(r, attr)) for r, _ in sec.rows]
                cut = len(printed)
                while cut > 0 and not printed[cut - 1]:
                    cut -= 1
                if cut == len(printed) or cut < 3 or not all(printed[:cut]):
                    continue
                label_row = nxt.labelled_row
                if not getattr(label_row, attr):
                    continue
                moving = sec.rows[cut:]
                leaves = [n for _, n in moving]
                if any(n not in sec.node.items for n in leaves):
                    continue
                sec.node.items = [n for n in sec.node.items if n not in leaves]
                nxt.node.items[:0] = leaves
                nxt.rows[:0] = moving
                sec.rows = sec.rows[:cut]
                first = moving[0][0]
                nxt.node.notes.append(
                    f"{self.where(first)} 起的 {len(moving)} 行印在“{nxt.node.name}”标签之前；上一个一级事项的其他行每行都印"
                    f"{'公开主体' if attr == 'publisher' else '公开对象'}，这些行没有，所以属于本事项")
                self.problems.add(JUDGEMENT, first.line, 1, f"第{first.line}行起的 {len(moving)} 行归入“{nxt.node.name}”",
                                  f"{len(moving)} row(s) from line {first.line} taken as items of {nxt.node.name!r}")
                nxt.node.source = self.where(first)
                break


# -- printed cells -> attributes (rules 4, 5) ----------------------------------------------------------------

FIRST_CHANNEL, LAST_CHANNELS = "政府网站", ("其他", "其他方式")


def _place_attributes(secs: list[_Sec], audiences: list[str], problems: Problems) -> None:
    all_rows: list[tuple[Row, Node, int]] = []
    for k, sec in enumerate(secs):
        all_rows += [(r, n, k) for r, n in sec.rows]
    index = TreeIndex([s.node for s in secs])
    row_of_leaf = {id(e.node): i for i, e in enumerate(index.rows)}
    # rows in index order (rows were attached in order, but rule 3 may have moved some)
    ordered: list[tuple[Row, Node, int] | None] = [None] * len(index.rows)
    for r, n, k in all_rows:
        ordered[row_of_leaf[id(n)]] = (r, n, k)
    rows = [x for x in ordered if x is not None]
    if len(rows) != len(index.rows):  # pragma: no cover - every leaf is a printed row
        raise AssertionError("rows and leaves out of step")
    section_of = [k for _, _, k in rows]

    def values(get: object) -> list[object]:
        return [get(r) for r, _, _ in rows]  # type: ignore[operator]

    columns: dict[str, list[object]] = {
        "deadline": values(lambda r: r.deadline),
        "publisher": values(lambda r: r.publisher),
        "unit": values(lambda r: r.unit),
        "channels": values(lambda r: r.boxes),
        "audience": values(lambda r: [audiences[0]] * min(1, len(r.marks)) if r.marks else None),
    }
    # rule 5: a box cell cut by a page break
    boxes = columns["channels"]
    joined_until: dict[int, int] = {}
    printed = [i for i, b in enumerate(boxes) if b is not None]
    for a, b in itertools.pairwise(printed):
        head, tail = boxes[a], boxes[b]
        if not isinstance(head, glyphs.BoxCell) or not isinstance(tail, glyphs.BoxCell):
            continue
        if head.boxes and tail.boxes and head.boxes[-1].label not in LAST_CHANNELS \
                and tail.boxes[0].label != FIRST_CHANNEL and head.boxes[0].label == FIRST_CHANNEL \
                and tail.boxes[-1].label in LAST_CHANNELS:
            boxes[a] = glyphs.BoxCell(head.boxes + tail.boxes)
            boxes[b] = None
            joined_until[a] = b
            r = rows[a][0]
            problems.add(JUDGEMENT, r.line, 1, f"第{r.line}行的方框单元格被分页截断，与第{rows[b][0].line}行的方框合为一格",
                         f"the box cell on line {r.line} is cut by a page break; joined with line {rows[b][0].line}")
            rows[a][1].notes.append(
                f"公开渠道和载体：此处的方框单元格被分页截断，后半部分印在第{rows[b][0].line}行，合为一格")
    # rule 5, continued: the joined cell's span is one merged group; the rows of its head part that print
    # nothing in a column take what the span prints further down (centred in the same span)
    for a, b in joined_until.items():
        span_end = max(i for i, x in enumerate(section_of) if x == section_of[b])
        for key in ("deadline", "publisher", "audience"):
            col = columns[key]
            if all(col[i] is None for i in range(a, b)):
                t = next((i for i in range(b, span_end + 1) if col[i] is not None), None)
                if t is not None:
                    col[a] = col[t]
    for key, col in columns.items():
        runs: list[tuple[int, int, object]] = []
        for k in sorted(set(section_of)):
            idx = [i for i, s in enumerate(section_of) if s == k]
            lo, hi = idx[0], idx[-1]
            starts = [i for i in idx if col[i] is not None]
            if not starts:
                empty: object = [] if key in ("channels", "audience") else ""
                if not any(lo <= a <= hi or lo <= b <= hi for a, b in ((x, y) for x, y in joined_until.items())) \
                        or key != "channels":
                    runs.append((lo, hi, empty))
                continue
            for m, s in enumerate(starts):
                first = lo if m == 0 else s
                last = starts[m + 1] - 1 if m + 1 < len(starts) else hi
                if key == "channels" and s in joined_until:
                    end = joined_until[s]
                    tail_sec = section_of[end]
                    last = max(i for i, x in enumerate(section_of) if x == tail_sec)
                runs.append((first, last, col[s]))
        # a joined cell's run may reach into the next section: later runs start after it
        covered = -1
        for first, last, value in runs:
            first = max(first, covered + 1)
            if first > last:
                continue
            covered = max(covered, last)
            for entry in index.owners(first, last):
                node = entry.node
                if key == "channels":
                    cell = value
                    if isinstance(cell, glyphs.BoxCell):
                        node.channels = cell.checked
                        node.key_notes["channels"] = "印刷：" + cell.describe()
                    else:
                        node.channels = []
                        node.key_notes["channels"] = "印刷：公开渠道和载体一格为空"
                elif key == "audience":
                    node.audience = list(value) if isinstance(value, list) else []
                else:
                    node.set(key, value if isinstance(value, str) else "")


# -- entry point -------------------------------------------------------------------------------------------


def read(data: bytes, name: str, problems: Problems) -> Draft | None:
    text = data.decode("utf-8-sig", errors="replace")
    lines = text.replace("\r\n", "\n").split("\n")
    vocab = load()
    if any("\t" in line for line in lines):
        parsed = parse_tab([glyphs.inputs_to_glyphs(line) for line in lines], vocab)
    else:
        parsed = parse_pdf(lines, vocab)
    if not parsed.rows or not parsed.header:
        problems.add(NO_TABLE, 1, 1, "没有找到目录表格的表头（序号、公开事项……）",
                     "no catalog table header found (序号, 公开事项 …)")
        return None
    secs = _Assembler(parsed, name, problems).run()
    _place_attributes(secs, parsed.audiences, problems)
    department = department_from(parsed.title, vocab)
    if department is None:
        problems.add(NO_DEPARTMENT, 1, 1, "无法从标题确定公开主体（部门）", "the department cannot be read from the title")
        department = ""
    draft = Draft(department=department, title=parsed.title, sections=[s.node for s in secs], source=name)
    draft.notes.append("表头（印刷）：" + " / ".join(parsed.header))
    for line, text in parsed.leftovers:
        draft.notes.append(f"第{line}行只印了“{' '.join(text.split())}”，不构成事项")
        problems.add(UNPLACED_TEXT, line, 1, f"第{line}行只有“{' '.join(text.split())}”，不构成事项，作为注释保留",
                     f"line {line} holds only {text.strip()!r}; kept as a comment")
    return draft
