"""The catalog as rules see it: items with positioned values, attribute inheritance resolved once.

Built leniently from the parser's node tree: a value of the wrong type is left out here (the format
check reports it), so every other rule still runs on the rest of the file.
"""

from __future__ import annotations

from collections.abc import Iterator

import msgspec
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from genhe_lint.catalog.fields import ATTRIBUTES
from genhe_lint.diagnostic import Span
from genhe_lint.load.parse import scalar_value
from genhe_lint.load.source import Source

TEXT_FIELDS = ("name", "content", "deadline", "publisher", "unit")


# The model's classes are msgspec structs: built in C (a catalog has hundreds of texts and dozens of items,
# and a run builds them for every file), with the slots, equality and repr a dataclass would give.


class Text(msgspec.Struct, gc=False):  # nothing it holds refers back to it: no cycle to collect
    """A string value and the scalar node it came from."""

    value: str
    node: ScalarNode
    key: str


class TextList(msgspec.Struct, gc=False):
    """A list value (channels, audience): its entries and the sequence node."""

    entries: list[Text]
    node: Node

    @property
    def values(self) -> list[str]:
        return [e.value for e in self.entries]


class Serial(msgspec.Struct, gc=False):
    value: int
    node: ScalarNode


class Item(msgspec.Struct, eq=False):
    """One 一级/二级/三级事项."""

    node: MappingNode
    depth: int
    parent: Item | None
    serial: Serial | None = None
    name: Text | None = None
    content: Text | None = None
    deadline: Text | None = None
    publisher: Text | None = None
    unit: Text | None = None
    channels: TextList | None = None
    audience: TextList | None = None
    items: list[Item] = msgspec.field(default_factory=list)
    # The value of each attribute (in ATTRIBUTES order) the item shows: its own, else the nearest parent's.
    # Set by build(), handed down from parent to child.
    shown: tuple[Text | TextList | None, ...] = ()

    @property
    def keys(self) -> dict[str, ScalarNode]:
        """The item's keys as written (the first of a duplicated key), found when a finding needs one."""
        out: dict[str, ScalarNode] = {}
        for key, _ in self.node.value:
            if isinstance(key, ScalarNode):
                out.setdefault(key.value, key)
        return out

    @property
    def is_leaf(self) -> bool:
        return not self.items

    @property
    def label(self) -> str:
        if self.name is not None and self.name.value:
            return self.name.value
        if self.parent is not None and "name" not in self.keys:
            return f"{self.parent.label}（续行）"  # a further row under the parent's merged cell
        return "（无名称）"

    def own(self, attr: str) -> Text | TextList | None:
        value: Text | TextList | None = getattr(self, attr)
        return value

    def effective(self, attr: str) -> Text | TextList | None:
        """The value of ``attr`` this item shows after inheritance: its own, else the nearest parent's."""
        return self.shown[_ATTRIBUTE_AT[attr]]

    def walk(self) -> Iterator[Item]:
        yield self
        for child in self.items:
            yield from child.walk()

    def texts(self) -> Iterator[Text]:
        for key in TEXT_FIELDS:
            value = getattr(self, key)
            if value is not None:
                yield value


class Catalog(msgspec.Struct, eq=False):
    path: str
    source: Source
    root: MappingNode
    keys: dict[str, ScalarNode] = msgspec.field(default_factory=dict)
    department: Text | None = None
    title: Text | None = None
    sections: list[Item] = msgspec.field(default_factory=list)
    sections_node: Node | None = None
    # Computed once by build(): every item in table order, every free-text value with its item; for each
    # attribute (in ATTRIBUTES order) the values the items set themselves, written and blank ('' or []),
    # with the item; the leaf items that show no value of some attribute.
    items: list[Item] = msgspec.field(default_factory=list)
    text_list: list[tuple[Text, Item | None]] = msgspec.field(default_factory=list)
    written_values: tuple[list[tuple[Item, Text | TextList]], ...] = ()
    blank_values: tuple[list[tuple[Item, Text | TextList]], ...] = ()
    unset_leaves: list[Item] = msgspec.field(default_factory=list)

    def walk(self) -> Iterator[Item]:
        return iter(self.items)

    def written(self, attr: str) -> list[tuple[Item, Text | TextList]]:
        """The values of the attribute ``attr`` the items set themselves and that are not blank, in table
        order, with the item."""
        return self.written_values[_ATTRIBUTE_AT[attr]]

    def blank(self, attr: str) -> list[tuple[Item, Text | TextList]]:
        """The values of the attribute ``attr`` written blank ('' or []), in table order, with the item."""
        return self.blank_values[_ATTRIBUTE_AT[attr]]

    def leaves_without(self, attr: str) -> list[Item]:
        """The leaf items that show no value of the attribute ``attr``: neither they nor a parent set it."""
        at = _ATTRIBUTE_AT[attr]
        return [item for item in self.unset_leaves if item.shown[at] is None]

    def dispose(self) -> None:
        """Break the parent <-> child cycles so the tree is freed at once, not by the cyclic GC
        (which otherwise dominates the run time over thousands of files)."""
        for item in self.items:
            item.parent = None
            item.items = []
        self.items = []
        self.sections = []
        self.written_values = self.blank_values = ()
        self.unset_leaves = []

    def texts(self) -> Iterator[tuple[Text, Item | None]]:
        """Every free-text value, with the item it belongs to (None for top-level keys)."""
        return iter(self.text_list)

    def span(self, text: Text, start: int = 0, end: int | None = None) -> Span:
        return self.source.span(text.node, start, end)

    def node_span(self, node: Node) -> Span:
        return self.source.node_span(node)

    def key_span(self, item: Item | None, key: str) -> Span:
        """Where a key is written (for findings about a value that is absent or a whole node)."""
        keys = self.keys if item is None else item.keys
        if key in keys:
            return self.node_span(keys[key])
        node = self.root if item is None else item.node
        start = node.start_mark
        return Span(start.line + 1, start.column + 1, start.line + 1, start.column + 2)

    def item_span(self, item: Item) -> Span:
        """The item's name if it has one, else the start of its mapping."""
        if item.name is not None and item.name.value:
            return self.span(item.name)
        return self.key_span(item, "name")


_STR = "tag:yaml.org,2002:str"
_NULL = "tag:yaml.org,2002:null"
_INT = "tag:yaml.org,2002:int"


def _text(node: Node, key: str) -> Text | None:
    if type(node) is not ScalarNode:
        return None
    tag = node.tag
    if tag == _STR:
        return Text(node.value, node, key)
    if tag == _NULL:
        if node.value not in ("", "~", "null", "Null", "NULL"):
            return None
        return Text("", node, key)
    return Text(node.value, node, key)  # a number or date written where text is expected: keep its text


def _serial(value: Node) -> Serial | None:
    if type(value) is not ScalarNode or value.tag != _INT:
        return None
    text = value.value
    v = int(text) if text.isdecimal() and text.isascii() else scalar_value(value)
    return Serial(v, value) if type(v) is int else None


_ATTRIBUTE_AT = {attr: i for i, attr in enumerate(ATTRIBUTES)}
_NOTHING_SHOWN: tuple[None, ...] = (None,) * len(ATTRIBUTES)


def _build_item(node: Node, depth: int, parent: Item | None, catalog: Catalog,
                inherited: tuple[Text | TextList | None, ...]) -> Item | None:
    """The item of ``node`` and, below it, its sub-items; every item built is appended to the catalog's
    ``items`` (so they are in table order: an item, then its sub-items), and to its tables of attributes.
    Keys the format does not know and values of the wrong shape are left out (the format check reports
    them). ``inherited`` is what the parent shows of each attribute."""
    if type(node) is not MappingNode:
        return None
    item = Item(node, depth, parent)
    catalog.items.append(item)
    below: list[Node] | None = None  # the sub-items' nodes
    for key_node, value in node.value:
        if type(key_node) is not ScalarNode:
            continue
        key = key_node.value
        kind = type(value)
        if key in _TEXT_KEYS:
            if kind is ScalarNode and value.tag == _STR:
                setattr(item, key, Text(value.value, value, key))  # the usual case, without a call
            elif kind is ScalarNode and value.tag == _NULL and key != "name":
                continue  # `deadline:` with nothing after it: treat as not set
            else:
                setattr(item, key, _text(value, key))
        elif key == "serial":
            item.serial = _serial(value)
        elif key in _LIST_KEYS:
            if kind is SequenceNode:
                texts: list[Text] = []
                for n in value.value:
                    if type(n) is ScalarNode and n.tag == _STR:
                        texts.append(Text(n.value, n, key))
                    elif (t := _text(n, key)) is not None:  # a number or a null among the entries
                        texts.append(t)
                setattr(item, key, TextList(texts, value))
            else:
                setattr(item, key, None)
        elif key == "items" and kind is SequenceNode:
            below = value.value if below is None else below + value.value
    # Attributes are inherited: a value not set here is the parent's (a value is never false). The order
    # is that of ATTRIBUTES.
    deadline, publisher, channels, audience, unit = (
        item.deadline, item.publisher, item.channels, item.audience, item.unit)
    written, blank = catalog.written_values, catalog.blank_values
    if deadline is not None:
        (written if deadline.value.strip() else blank)[0].append((item, deadline))
    if publisher is not None:
        (written if publisher.value.strip() else blank)[1].append((item, publisher))
    if channels is not None:
        (written if channels.entries else blank)[2].append((item, channels))
    if audience is not None:
        (written if audience.entries else blank)[3].append((item, audience))
    if unit is not None:
        (written if unit.value.strip() else blank)[4].append((item, unit))
    shown = item.shown = (deadline or inherited[0], publisher or inherited[1], channels or inherited[2],
                          audience or inherited[3], unit or inherited[4])
    free = catalog.text_list  # the item's free texts, in TEXT_FIELDS order, before its sub-items'
    if item.name is not None:
        free.append((item.name, item))
    if item.content is not None:
        free.append((item.content, item))
    if deadline is not None:
        free.append((deadline, item))
    if publisher is not None:
        free.append((publisher, item))
    if unit is not None:
        free.append((unit, item))
    if below:  # built once all of the item's own keys are read, whatever their order
        children = item.items
        for child_node in below:
            child = _build_item(child_node, depth + 1, item, catalog, shown)
            if child is not None:
                children.append(child)
    if not item.items and (shown[0] is None or shown[1] is None or shown[2] is None or shown[3] is None
                           or shown[4] is None):
        catalog.unset_leaves.append(item)
    return item


_TEXT_KEYS = frozenset(TEXT_FIELDS)
_LIST_KEYS = frozenset(("channels", "audience"))


def build(path: str, source: Source, root: Node) -> Catalog | None:
    """The rules' view of a parsed file; None when the top level is not a mapping, or is one with neither
    ``department`` nor ``sections`` (not a catalog: GL002 says so once, and no rule looks further)."""
    if type(root) is not MappingNode or not any(
            type(k) is ScalarNode and k.value in ("department", "sections") for k, _ in root.value):
        return None
    catalog = Catalog(path=path, source=source, root=root, written_values=tuple([] for _ in ATTRIBUTES),
                      blank_values=tuple([] for _ in ATTRIBUTES))
    for key_node, value in root.value:
        if type(key_node) is not ScalarNode:
            continue
        key = key_node.value
        catalog.keys.setdefault(key, key_node)
        if key in ("department", "title"):
            setattr(catalog, key, _text(value, key))
        elif key == "sections" and type(value) is SequenceNode:
            catalog.sections_node = value
            for child_node in value.value:
                child = _build_item(child_node, 0, None, catalog, _NOTHING_SHOWN)
                if child is not None:
                    catalog.sections.append(child)
    # the top-level texts come first, wherever their keys stand
    catalog.text_list[:0] = [(t, None) for t in (catalog.department, catalog.title) if t is not None]
    return catalog


__all__ = ["ATTRIBUTES", "Catalog", "Item", "Serial", "Text", "TextList", "build"]
