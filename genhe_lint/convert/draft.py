"""The catalog being imported: the format's nodes plus what the YAML writer needs (source rows, notes)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from genhe_lint.catalog.schema import FORMAT_VERSION, Catalog, CatalogNode

ATTRS = ("deadline", "publisher", "channels", "audience", "unit")


@dataclass(eq=False)
class Node:
    serial: int | None = None
    name: str | None = None
    content: str | None = None
    deadline: str | None = None
    publisher: str | None = None
    channels: list[str] | None = None
    audience: list[str] | None = None
    unit: str | None = None
    items: list[Node] = field(default_factory=list)
    # for the YAML writer
    source: str = ""  # where the node's first row is, e.g. "民政局.docx 表1 第5行"
    notes: list[str] = field(default_factory=list)  # comment lines above the node
    key_notes: dict[str, str] = field(default_factory=dict)  # comment after a key's value

    def walk(self) -> Iterator[Node]:
        yield self
        for child in self.items:
            yield from child.walk()

    def leaves(self) -> Iterator[Node]:
        if not self.items:
            yield self
        for child in self.items:
            yield from child.leaves()

    def get(self, key: str) -> Any:
        return getattr(self, key)

    def set(self, key: str, value: Any) -> None:
        setattr(self, key, value)

    def to_data(self) -> dict[str, Any]:
        data: dict[str, Any] = {}
        for key in ("serial", "name", "content", *ATTRS):
            value = getattr(self, key)
            if value is not None:
                data[key] = list(value) if isinstance(value, list) else value
        if self.items:
            data["items"] = [child.to_data() for child in self.items]
        return data


@dataclass(eq=False)
class Draft:
    department: str
    title: str | None
    sections: list[Node] = field(default_factory=list)
    source: str = ""  # the imported file, as named in comments
    notes: list[str] = field(default_factory=list)  # comment lines at the top
    version: int | None = FORMAT_VERSION

    def walk(self) -> Iterator[Node]:
        for section in self.sections:
            yield from section.walk()

    def to_data(self) -> dict[str, Any]:
        data: dict[str, Any] = {}
        if self.version is not None:
            data["version"] = self.version
        data["department"] = self.department
        if self.title is not None:
            data["title"] = self.title
        data["sections"] = [s.to_data() for s in self.sections]
        return data

    def validated(self) -> Catalog:
        return Catalog.model_validate(self.to_data())


def from_catalog(catalog: Catalog) -> Draft:
    """A validated catalog as a draft (for export, which lays out drafts)."""

    def node(n: CatalogNode) -> Node:
        return Node(
            serial=n.serial, name=n.name, content=n.content, deadline=n.deadline, publisher=n.publisher,
            channels=list(n.channels) if n.channels is not None else None,
            audience=list(n.audience) if n.audience is not None else None, unit=n.unit,
            items=[node(c) for c in n.items or []])

    return Draft(department=catalog.department, title=catalog.title,
                 sections=[node(s) for s in catalog.sections], version=catalog.version)

