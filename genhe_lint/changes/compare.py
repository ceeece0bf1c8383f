"""The changes between two versions of the catalogs, as 事项 (items).

Each file is read once by the loader and modelled by :func:`genhe_lint.catalog.model.build`. The items of
the two versions are paired level by level (sections first, so that every item's parent is paired before
the item): the same name under the same parent; then the same name elsewhere (moved to another section);
then, among what is left, the most similar names (``rapidfuzz``), so that a small wording change is a rename
and not a removal plus an addition. Paired items are compared field by field, as written: a value set on a
section (a merged cell) is compared on the section, where it is written, not on each item that inherits it.

The old catalogs at a git revision are read by :func:`genhe_lint.lint.changed.base_files`.
"""

from __future__ import annotations

import tempfile
from collections import defaultdict, deque
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from genhe_lint.catalog.model import Catalog, Item, TextList, build
from genhe_lint.lint import changed
from genhe_lint.lint.discover import discover
from genhe_lint.load.document import FATAL_KINDS
from genhe_lint.load.loader import load_path

# Two names at least this similar (rapidfuzz's ratio, 0-100) are one item renamed, when neither has its
# exact name on the other side: 人事任免 -> 人事任免信息 (80), 法律法规规章 -> 法律法规和规章 (92).
RENAME_SCORE = 70.0

TEXT_FIELDS = ("content", "deadline", "publisher", "unit")
LIST_FIELDS = ("channels", "audience")
PATH_SEPARATOR = " › "

# Every kind of change, in the order the documentation lists them.
KINDS = ("catalog-added", "catalog-removed", "catalog-unreadable", "section-added", "section-removed",
         "section-renamed", "item-added", "item-removed", "item-renamed", "item-moved", "field-changed",
         "entry-added", "entry-removed")


@dataclass(frozen=True, slots=True)
class Change:
    """One change. ``item`` is the item's path of names (sections first), empty for the catalog itself;
    ``field`` the key that changed (``field-changed``, ``entry-*``); ``old``/``new`` the values before and
    after; ``line`` where it is in the new file, or in the old one for what was removed."""

    kind: str
    catalog: str
    item: str = ""
    field: str | None = None
    old: str | None = None
    new: str | None = None
    line: int | None = None


class CatalogFile:
    """One version of one catalog: the model, or why the file could not be read as one."""

    def __init__(self, path: str, shown: str) -> None:
        self.shown = shown
        doc = load_path(Path(path), shown)
        fatal = [p for p in doc.problems if p.kind in FATAL_KINDS]
        self.catalog: Catalog | None = None
        self.problem: str | None = None
        if fatal or doc.root is None:
            self.problem = fatal[0].message.zh if fatal else "文件为空"
        else:
            self.catalog = build(shown, doc.source, doc.root)
            if self.catalog is None:
                self.problem = "顶层不是映射（键: 值）"


def between_revision(ref: str, paths: list[str], cwd: Path | None = None) -> list[Change]:
    """The changes to the catalogs under ``paths`` from git revision ``ref`` to the working tree."""
    found = discover(paths).files
    with tempfile.TemporaryDirectory(prefix="genhe-lint-changes-") as folder:
        base = changed.base_files(ref, paths, Path(folder), cwd)
        old = {shown: CatalogFile(path, shown) for path, shown in base}
    new = {shown: CatalogFile(path, shown) for path, shown in found}
    out: list[Change] = []
    for shown in sorted(old.keys() | new.keys()):
        out.extend(compare(old.get(shown), new.get(shown), shown))
    return out


def between_files(old_path: str, new_path: str) -> list[Change]:
    """The changes from one catalog file to another (named by the new file)."""
    (_, new_shown), = discover([new_path]).files
    (_, old_shown), = discover([old_path]).files
    return list(compare(CatalogFile(old_path, old_shown), CatalogFile(new_path, new_shown), new_shown))


def compare(old: CatalogFile | None, new: CatalogFile | None, shown: str) -> Iterator[Change]:
    """The changes from ``old`` to ``new`` (None: the catalog does not exist on that side)."""
    if old is None or new is None:
        kind = "catalog-added" if old is None else "catalog-removed"
        count = _count(new if old is None else old)
        yield Change(kind, shown, new=str(count) if old is None else None,
                     old=str(count) if new is None else None)
        return
    if old.problem is not None:
        yield Change("catalog-unreadable", shown, old=old.problem)
    if new.problem is not None:
        yield Change("catalog-unreadable", shown, new=new.problem)
    if old.catalog is None or new.catalog is None:
        return
    yield from _catalog_changes(old.catalog, new.catalog, shown)


def _count(version: CatalogFile | None) -> int:
    return 0 if version is None or version.catalog is None else len(version.catalog.items)


def _catalog_changes(old: Catalog, new: Catalog, shown: str) -> Iterator[Change]:
    for key in ("department", "title"):
        before, after = getattr(old, key), getattr(new, key)
        a, b = _value(before), _value(after)
        if a != b:
            line = None if after is None else new.span(after).line
            yield Change("field-changed", shown, field=key, old=a, new=b, line=line)
    pairs = pair_items(old, new)
    was = {id(after): before for before in old.items if (after := pairs.get(id(before))) is not None}
    for item in new.items:  # in table order: what was added or changed, then what was removed
        line = new.item_span(item).line
        before = was.get(id(item))
        if before is None:
            yield Change("section-added" if item.depth == 0 else "item-added", shown, path(item), line=line)
        else:
            yield from _item_changes(before, item, pairs, line, shown)
    for item in old.items:
        if id(item) not in pairs:
            kind = "section-removed" if item.depth == 0 else "item-removed"
            yield Change(kind, shown, path(item), line=old.item_span(item).line)


def _item_changes(old: Item, new: Item, pairs: dict[int, Item], line: int, shown: str) -> Iterator[Change]:
    where = path(new)
    if old.label != new.label:
        kind = "section-renamed" if new.depth == 0 else "item-renamed"
        yield Change(kind, shown, where, field="name", old=old.label, new=new.label, line=line)
    if old.parent is not None and new.parent is not None and pairs.get(id(old.parent)) is not new.parent:
        yield Change("item-moved", shown, where, old=path(old.parent), new=path(new.parent), line=line)
    a = None if old.serial is None else str(old.serial.value)
    b = None if new.serial is None else str(new.serial.value)
    if a != b:
        yield Change("field-changed", shown, where, field="serial", old=a, new=b,
                     line=_line(new, "serial", line))
    for key in TEXT_FIELDS:
        a, b = _value(getattr(old, key)), _value(getattr(new, key))
        if a != b:
            yield Change("field-changed", shown, where, field=key, old=a, new=b, line=_line(new, key, line))
    for key in LIST_FIELDS:
        before = _entries(old, key)
        after = _entries(new, key)
        at = _line(new, key, line)
        for entry in after:
            if entry not in before:
                yield Change("entry-added", shown, where, field=key, new=entry, line=at)
        for entry in before:
            if entry not in after:
                yield Change("entry-removed", shown, where, field=key, old=entry, line=at)


def _entries(item: Item, key: str) -> list[str]:
    value = item.own(key)
    return value.values if isinstance(value, TextList) else []


def _line(item: Item, key: str, default: int) -> int:
    """The line of the item's value for ``key``, or ``default`` (its name's line) when it has none."""
    value = item.own(key) if key != "serial" else item.serial
    return default if value is None else value.node.start_mark.line + 1


def _value(text: object) -> str | None:
    value = getattr(text, "value", None)
    return value if isinstance(value, str) else None


def path(item: Item) -> str:
    """The item's names from its section down: 履职依据 › 规范性文件."""
    names: list[str] = []
    node: Item | None = item
    while node is not None:
        names.append(node.label)
        node = node.parent
    return PATH_SEPARATOR.join(reversed(names))


def pair_items(old: Catalog, new: Catalog) -> dict[int, Item]:
    """``id(old item)`` -> the new item it became, for every old item that is still there."""
    pairs: dict[int, Item] = {}
    depth = 0
    while True:
        olds = [i for i in old.items if i.depth == depth]
        news = [i for i in new.items if i.depth == depth]
        if not olds or not news:
            return pairs
        _pair_level(olds, news, pairs)
        depth += 1


def _pair_level(olds: list[Item], news: list[Item], pairs: dict[int, Item]) -> None:
    """Pair one level's items, in the order the module docstring gives; items with the same name are taken
    in table order."""
    taken: set[int] = set()

    def parent_key(item: Item, mapped: bool) -> int | None:
        if item.parent is None:
            return None
        parent = pairs.get(id(item.parent)) if mapped else item.parent
        return -1 if parent is None else id(parent)

    for key_of in (lambda i, m: (parent_key(i, m), i.label), lambda i, m: i.label):
        waiting: dict[object, deque[Item]] = defaultdict(deque)
        for item in news:
            if id(item) not in taken:
                waiting[key_of(item, False)].append(item)
        for item in olds:
            if id(item) in pairs:
                continue
            queue = waiting.get(key_of(item, True))
            if queue:
                found = queue.popleft()
                pairs[id(item)] = found
                taken.add(id(found))
    left_old = [i for i in olds if id(i) not in pairs]
    left_new = [i for i in news if id(i) not in taken]
    if not left_old or not left_new:
        return
    from rapidfuzz import fuzz

    scored: list[tuple[float, int, int, int]] = []
    for a, before in enumerate(left_old):
        for b, after in enumerate(left_new):
            score = fuzz.ratio(before.label, after.label, score_cutoff=RENAME_SCORE)
            if score:
                same_parent = parent_key(before, True) == parent_key(after, False)
                scored.append((score, same_parent, -a, -b))
    for _, _, a, b in sorted(scored, reverse=True):
        before, after = left_old[-a], left_new[-b]
        if id(before) not in pairs and id(after) not in taken:
            pairs[id(before)] = after
            taken.add(id(after))
