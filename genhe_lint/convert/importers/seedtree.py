"""Printed rows of a catalog table -> the catalog tree.

Both text forms are read into printed rows (:class:`Row`), then into the tree by the same rules, which are the
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
from dataclasses import dataclass, field

from genhe_lint.convert import glyphs
from genhe_lint.convert.draft import Node
from genhe_lint.convert.problems import JUDGEMENT, UNPLACED_TEXT, Problems
from genhe_lint.convert.tree import TreeIndex

FIRST_CHANNEL, LAST_CHANNELS = "政府网站", ("其他", "其他方式")


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


@dataclass
class _Sec:
    node: Node
    rows: list[tuple[Row, Node]] = field(default_factory=list)  # each printed row and its leaf
    labelled_row: Row | None = None


class Assembler:
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
                current.node.notes.append(f"序号 {row.serial} 印在下一行（{self.where(row)}），"
                                          "属于本一级事项")
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
                f"{self.where(r)} 起的 {len(leaves)} 行没有序号和一级事项，"
                "但有自己的一组合并单元格（公开时限、公开主体、"
                "渠道、对象、责任科室）直到表格的这一组结束：原表在此另有一个一级事项，其名称单元格为空")
            self.problems.add(JUDGEMENT, r.line, 1,
                              f"第{r.line}行起的 {len(leaves)} 行是一个没有名称的一级事项",
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
            self.problems.add(UNPLACED_TEXT, row.line, 1,
                              f"第{row.line}行的文字“{text}”无法归属，作为注释保留",
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
                    f"{self.where(first)} 起的 {len(moving)} 行印在“{nxt.node.name}”标签之前；"
                    "上一个一级事项的其他行每行都印"
                    f"{'公开主体' if attr == 'publisher' else '公开对象'}，这些行没有，所以属于本事项")
                self.problems.add(JUDGEMENT, first.line, 1,
                                  f"第{first.line}行起的 {len(moving)} 行归入“{nxt.node.name}”",
                                  f"{len(moving)} row(s) from line {first.line} "
                                  f"taken as items of {nxt.node.name!r}")
                nxt.node.source = self.where(first)
                break


def place_attributes(secs: list[_Sec], audiences: list[str], problems: Problems) -> None:
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
            problems.add(JUDGEMENT, r.line, 1,
                         f"第{r.line}行的方框单元格被分页截断，与第{rows[b][0].line}行的方框合为一格",
                         f"the box cell on line {r.line} is cut by a page break; "
                         f"joined with line {rows[b][0].line}")
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
                if not any(lo <= a <= hi or lo <= b <= hi
                           for a, b in ((x, y) for x, y in joined_until.items())) \
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
