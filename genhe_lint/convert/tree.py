"""Rows and nodes: each leaf is one printed row; a node covers the rows of its leaves.

:meth:`TreeIndex.owners` is *the* rule for where a merged cell's value goes, shared by the importers (to
place a cell) and the exporters (to know when a hint is needed because the rule would place it elsewhere):
a cell covering exactly the rows of some node belongs to the highest such node (for content: the deepest);
a cell covering rows of several nodes is repeated on each of the largest nodes inside it.
"""

from __future__ import annotations

from dataclasses import dataclass

from genhe_lint.convert.draft import Node


@dataclass(eq=False)
class Entry:
    node: Node
    path: str  # "0.2.1": section 0, its item 2, that item's item 1
    depth: int
    first: int
    last: int
    parent: Entry | None


class TreeIndex:
    def __init__(self, sections: list[Node]) -> None:
        self.entries: list[Entry] = []  # pre-order: a parent before its children
        self.by_node: dict[int, Entry] = {}
        self.by_path: dict[str, Entry] = {}
        self.rows: list[Entry] = []  # row -> its leaf
        for i, section in enumerate(sections):
            self._add(section, str(i), 0, None)
        # (first, last) -> the entries covering exactly those rows, highest first (a chain of only
        # children); first row -> the highest entry starting there
        self.by_rows: dict[tuple[int, int], list[Entry]] = {}
        self.starting: dict[int, Entry] = {}
        for e in self.entries:
            self.by_rows.setdefault((e.first, e.last), []).append(e)
            self.starting.setdefault(e.first, e)

    def _add(self, node: Node, path: str, depth: int, parent: Entry | None) -> Entry:
        entry = Entry(node, path, depth, len(self.rows), len(self.rows), parent)
        self.entries.append(entry)
        self.by_node[id(node)] = entry
        self.by_path[path] = entry
        if not node.items:
            self.rows.append(entry)
        for j, child in enumerate(node.items):
            self._add(child, f"{path}.{j}", depth + 1, entry)
        entry.last = len(self.rows) - 1
        return entry

    def entry(self, node: Node) -> Entry:
        return self.by_node[id(node)]

    def owners(self, first: int, last: int, deepest: bool = False) -> list[Entry]:
        """The nodes a cell covering rows first..last belongs to (see the module's docstring).

        Without an exact match: the largest nodes inside the rows, found from each row's leaf upwards,
        in row order (which is the order of the tree)."""
        exact = self.by_rows.get((first, last))
        if exact:
            return [exact[-1] if deepest else exact[0]]
        chosen: list[Entry] = []
        row = max(first, 0)
        while row <= last and row < len(self.rows):
            e = self.rows[row]
            if not _inside(e, first, last):  # pragma: no cover - a leaf is one row
                break
            while e.parent is not None and _inside(e.parent, first, last):
                e = e.parent
            chosen.append(self.by_rows[(e.first, e.last)][-1] if deepest else e)
            row = e.last + 1
        return chosen


def _inside(entry: Entry, first: int, last: int) -> bool:
    return first <= entry.first and entry.last <= last


def serial_owner(index: TreeIndex, first: int) -> Entry:
    """A 序号 cell belongs to the highest node that starts at its first row (usually the 一级事项)."""
    return index.starting[first]
