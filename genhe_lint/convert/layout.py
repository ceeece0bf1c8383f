"""A catalog laid out as the printed table (the grid every exporter renders).

Columns, as in the originals: 序号 | 一级/二级/三级事项 | 公开内容（要素） | 公开时限 | 公开主体 | one ☑/☐
column per channel | 全社会 | 特定群体 | 责任科室. Each node's attribute is one cell merged over the node's
rows; a cell gets a hint only where the shared placement rule (:meth:`TreeIndex.owners`) would read it back
onto another node, or where a blank cell stands for a value the table cannot show (``''`` against "not set").
"""

from __future__ import annotations

from dataclasses import dataclass, field

from genhe_lint.convert import glyphs
from genhe_lint.convert.build import department_from
from genhe_lint.convert.draft import Draft
from genhe_lint.convert.table import Cell, Table
from genhe_lint.convert.tree import Entry, TreeIndex, serial_owner
from genhe_lint.convert.vocab import load

LEVEL_NAMES = "一二三四五六七八九"


class ExportError(Exception):
    """A catalog that the printed table cannot show (the message says what and where)."""


@dataclass
class Layout:
    table: Table
    header_rows: int
    roles: list[tuple[str, str]]  # per column: (role, label)
    title: str | None
    department_line: str | None  # "公开主体：…" when the title does not name the department
    sections: list[tuple[int, int]] = field(default_factory=list)  # body rows (first, last) of each section

    @property
    def ncols(self) -> int:
        return len(self.roles)


def _values(draft: Draft, key: str, standard: tuple[str, ...]) -> list[str]:
    labels = list(standard)
    for node in draft.walk():
        for value in node.get(key) or []:
            if value not in labels:
                labels.append(value)
    return labels


def _owner_of(entry: Entry, key: str) -> Entry | None:
    """The node on the row's path whose value the row shows: the nearest one that sets ``key`` (a merged
    cell of a parent; content and 序号 are not inherited, but a parent's cell covers its rows all the
    same)."""
    e: Entry | None = entry
    while e is not None:
        if e.node.get(key) is not None:
            return e
        e = e.parent
    return None


def layout(draft: Draft) -> Layout:
    vocab = load()
    index = TreeIndex(draft.sections)
    if not index.rows:
        raise ExportError("目录没有任何事项，无法生成表格 / the catalog has no items to print")
    depth = max(e.depth for e in index.entries) + 1
    levels = max(3, depth)
    channels = _values(draft, "channels", vocab.channels)
    audiences = _values(draft, "audience", ("全社会", "特定群体"))
    roles: list[tuple[str, str]] = [("serial", "序号")]
    roles += [("level", f"{LEVEL_NAMES[i]}级事项") for i in range(levels)]
    roles += [("content", "公开内容（要素）"), ("deadline", "公开时限"), ("publisher", "公开主体")]
    roles += [("channel", c) for c in channels]
    roles += [("audience", a) for a in audiences]
    roles += [("unit", "责任科室")]
    col = {role: i for i, (role, _) in reversed(list(enumerate(roles)))}
    table = Table(name="")
    # header: two rows
    singles = ("serial", "content", "deadline", "publisher", "unit")
    for i, (role, label) in enumerate(roles):
        if role in singles:
            table.add(Cell(label, 0, i, rowspan=2, header=True, scope="col"))
    table.add(Cell("公开事项", 0, col["level"], colspan=levels, header=True, scope="colgroup"))
    table.add(Cell("公开渠道和载体", 0, col["channel"], colspan=len(channels), header=True, scope="colgroup"))
    table.add(Cell("公开对象", 0, col["audience"], colspan=len(audiences), header=True, scope="colgroup"))
    for i, (role, label) in enumerate(roles):
        if role in ("level", "channel", "audience"):
            table.add(Cell(label, 1, i, header=True, scope="col", kind="vertical" if role != "level" else ""))
    top = 2
    rows = index.rows

    def place(first: int, last: int, c: int, text: str, hint: str = "", kind: str = "text") -> None:
        table.add(Cell(text, top + first, c, rowspan=last - first + 1, hint=hint, kind=kind))

    # 事项 columns
    for entry in index.entries:
        node = entry.node
        leaf = not node.items
        blank = not node.name
        words = []
        if blank:
            words.append("node")
            if node.name == "" and entry.depth > 0:
                words.append("empty")
            if node.name is None and entry.depth == 0:
                words.append("none")
        table.add(Cell(node.name or "", top + entry.first, col["level"] + entry.depth,
                       rowspan=entry.last - entry.first + 1, colspan=levels - entry.depth if leaf else 1,
                       hint=" ".join(words), kind="name", header=True,
                       scope="rowgroup" if entry.depth == 0 and entry.first != entry.last else "row"))
    # text columns and 序号
    for key in ("serial", "content", "deadline", "publisher", "unit"):
        runs = _runs([_owner_of(rows[r], key) for r in range(len(rows))])
        for first, last, owner in runs:
            if owner is None:
                for r in range(first, last + 1):
                    place(r, r, col[key], "", "none" if key in ("deadline", "publisher", "unit") else "")
                continue
            value = owner.node.get(key)
            text = str(value) if key == "serial" else str(value).rstrip("\n")
            words = []
            if key == "serial":
                if serial_owner(index, first) is not owner:
                    words.append(f"owner={owner.path}")
            elif index.owners(first, last, deepest=key == "content") != [owner]:
                words.append(f"owner={owner.path}")
            if key == "content" and value == "":
                words.append("empty")
            place(first, last, col[key], text, " ".join(words))
    # box columns
    for key, labels, start in (("channels", channels, col["channel"]),
                               ("audience", audiences, col["audience"])):
        runs = _runs([_owner_of(rows[r], key) for r in range(len(rows))])
        for first, last, owner in runs:
            if owner is None:
                for r in range(first, last + 1):
                    for j in range(len(labels)):
                        place(r, r, start + j, "", "none" if j == 0 else "", "box")
                continue
            checked = owner.node.get(key) or []
            hint = "" if index.owners(first, last) == [owner] else f"owner={owner.path}"
            for j, label in enumerate(labels):
                place(first, last, start + j, glyphs.ON if label in checked else glyphs.OFF,
                      hint if j == 0 else "", "box")
    for key, label in (("content", "公开内容"), ("serial", "序号")):
        for entry in index.entries:
            if entry.node.get(key) is None or not entry.node.items:
                continue
            for inner in entry.node.walk():
                if inner is not entry.node and inner.get(key) is not None:
                    raise ExportError(
                        f"“{entry.node.name}”和它的下级事项“{inner.name}”都有{label}，"
                        "表格的一列无法同时显示 / "
                        f"{entry.node.name!r} and its item {inner.name!r} both have a {key}")
    for r, entry in enumerate(rows):
        table.row_labels[top + r] = entry.path
    department_line = None
    if department_from(draft.title, vocab) != draft.department:
        department_line = f"公开主体：{draft.department}"
    sections = [(index.entry(s).first, index.entry(s).last) for s in draft.sections]
    return Layout(table, top, roles, draft.title, department_line, sections)


def _runs(owners: list[Entry | None]) -> list[tuple[int, int, Entry | None]]:
    runs: list[tuple[int, int, Entry | None]] = []
    for r, owner in enumerate(owners):
        if runs and runs[-1][2] is owner and owner is not None:
            runs[-1] = (runs[-1][0], r, owner)
        else:
            runs.append((r, r, owner))
    return runs

