"""Write a draft as catalog YAML, in the layout of the hand-made catalogs, with comments.

Written as text (not through a YAML emitter) so the layout is the project's: key order of the format,
channel lists in flow style, content as ``|`` blocks, a ``# 来源`` comment on each node naming the source
rows. What is written is read back and compared with the draft: a quoting mistake is a bug, never a
silently different value.
"""

from __future__ import annotations

import json
from typing import Any

import yaml
from yaml.nodes import ScalarNode
from yaml.resolver import Resolver

from genhe_lint.convert.draft import Draft, Node

SCHEMA_LINE = "# yaml-language-server: $schema=../schema/catalog.schema.json"
_RESOLVER = Resolver()
_INDICATORS = set("-?:,[]{}#&*!|>'\"%@`")


def _printable(text: str) -> bool:
    return all(ch == "\n" or (ord(ch) >= 32 and ch not in "\x7f\ufeff\u2028\u2029\x85") for ch in text)


def _plain_ok(text: str, flow: bool) -> bool:
    if not text or text != text.strip() or "\n" in text or not _printable(text):
        return False
    if text[0] in _INDICATORS or ": " in text or " #" in text or text.endswith(":"):
        return False
    if flow and any(ch in text for ch in ",[]{}"):
        return False
    tag: str = _RESOLVER.resolve(ScalarNode, text, (True, False))  # type: ignore[no-untyped-call]
    return tag == "tag:yaml.org,2002:str"


def scalar(text: str, flow: bool = False) -> str:
    """A string as a one-line YAML scalar: plain where safe, else single- or double-quoted."""
    if _plain_ok(text, flow):
        return text
    if "\n" not in text and _printable(text):
        return "'" + text.replace("'", "''") + "'"
    return json.dumps(text, ensure_ascii=False)


def _block(text: str, indent: str) -> list[str] | None:
    """A multi-line string as a literal block (``|``), or None where a block cannot hold it exactly."""
    if "\n" not in text.rstrip("\n") or not _printable(text) or "\t" in text or "\r" in text:
        return None
    body = text.rstrip("\n")
    trailing = len(text) - len(body)
    chomp = "-" if trailing == 0 else ("" if trailing == 1 else "+")
    lines = body.split("\n")
    if any(line != line.rstrip(" ") for line in lines):
        return None
    head = "|" + ("2" if lines[0].startswith(" ") else "") + chomp
    out = [head]
    out += [(indent + line) if line else "" for line in lines]
    out += [""] * (trailing - 1)
    return out


def _comment(text: str) -> str:
    return " ".join(text.replace("\r", " ").split())


def _value_lines(key: str, value: Any, indent: str, note: str | None) -> list[str]:
    tail = f"  # {_comment(note)}" if note else ""
    if isinstance(value, list):
        return [f"{indent}{key}: [{', '.join(scalar(v, flow=True) for v in value)}]{tail}"]
    if isinstance(value, int):
        return [f"{indent}{key}: {value}{tail}"]
    assert isinstance(value, str)
    lines = _block(value, indent + "  ")
    if lines is not None:
        return [f"{indent}{key}: {lines[0]}{tail}", *lines[1:]]
    return [f"{indent}{key}: {scalar(value)}{tail}"]


def _node_lines(node: Node, indent: str) -> list[str]:
    """A node as a list entry: ``- serial: 1`` at ``indent``, its keys two spaces further in."""
    out: list[str] = []
    if node.source:
        out.append(f"{indent}# 来源：{_comment(node.source)}")
    out += [f"{indent}# {_comment(n)}" for n in node.notes]
    out += [f"{indent}# {key}: {_comment(note)}"
            for key, note in node.key_notes.items() if node.get(key) is None]
    inner = indent + "  "
    body: list[str] = []
    for key in ("serial", "name", "content", "deadline", "publisher", "channels", "audience", "unit"):
        value = node.get(key)
        if value is not None:
            body += _value_lines(key, value, inner, node.key_notes.get(key))
    if node.items:
        body.append(f"{inner}items:")
        for child in node.items:
            body += _node_lines(child, inner + "  ")
    if not body:
        body = [f"{inner}{{}}"]
    first = body[0]
    out.append(f"{indent}- {first[len(inner):]}")
    out += body[1:]
    return out


def dump(draft: Draft, header: list[str] | None = None) -> str:
    lines = [SCHEMA_LINE, *(f"# {_comment(h)}" for h in (header or [])),
             *(f"# {_comment(n)}" for n in draft.notes)]
    if draft.version is not None:
        lines.append(f"version: {draft.version}")
    lines.append(f"department: {scalar(draft.department)}")
    if draft.title is not None:
        lines.append(f"title: {scalar(draft.title)}")
    lines.append("sections:" if draft.sections else "sections: []")
    for section in draft.sections:
        lines += _node_lines(section, "  ")
    text = "\n".join(lines) + "\n"
    loaded = yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))  # the safe loader, in C
    if loaded != draft.to_data():  # pragma: no cover - a quoting bug
        raise AssertionError("genhe-lint: YAML writer produced a different value; please report this")
    return text
