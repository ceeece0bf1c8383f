"""Checkbox glyphs and box cells (a cell listing the channels, each behind a box).

Checked: ☑ ☒ ■ √ ✓ ✔ ✅ ⊠ (and ``<input checked>``, which the readers turn into ☑). Unchecked: □ ☐ £ ◻ ▢ ⬜
(£ is how one PDF font's empty box comes out of text extraction). Word's Wingdings boxes (``w:sym``) are
mapped to these by the Word reader.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

CHECKED = "☑☒■√✓✔✅⊠"
UNCHECKED = "□☐£◻▢⬜"
GLYPHS = CHECKED + UNCHECKED

# How exported tables print a box.
ON = "☑"
OFF = "☐"

_INPUT = re.compile(r"<input\b[^>]*>", re.IGNORECASE)


def inputs_to_glyphs(text: str) -> str:
    """``<input type="checkbox" checked>`` -> ☑, without ``checked`` -> ☐ (the HTML seed's notation)."""

    def repl(m: re.Match[str]) -> str:
        tag = m.group(0).lower()
        if "checkbox" not in tag and "radio" not in tag:
            return m.group(0)
        return ON if re.search(r"\bchecked\b", tag) else OFF

    return _INPUT.sub(repl, text)


def squash(text: str) -> str:
    """Remove all whitespace (labels and names broken over lines are one word in CJK text)."""
    return "".join(text.split())


def mark(text: str) -> bool | None:
    """A single box or mark: True (checked), False (empty box), None (no box at all)."""
    body = squash(text)
    if any(c in CHECKED for c in body):
        return True
    if any(c in UNCHECKED for c in body):
        return False
    return None


@dataclass
class Box:
    checked: bool
    label: str  # as printed, whitespace removed


@dataclass
class BoxCell:
    boxes: list[Box] = field(default_factory=list)
    stray: str = ""  # text before the first box (not understood)

    @property
    def checked(self) -> list[str]:
        return [b.label for b in self.boxes if b.checked]

    def describe(self) -> str:
        """The cell as printed, for a YAML comment: ``☑政府网站 ☐政府公报 …``."""
        return " ".join((ON if b.checked else OFF) + b.label for b in self.boxes)


_BOX_SPLIT = re.compile(f"([{GLYPHS}])")


def parse_boxes(text: str) -> BoxCell:
    """``☑政府网站 ☐政府公报 …`` -> boxes; text before the first glyph is kept as ``stray``."""
    parts = _BOX_SPLIT.split(inputs_to_glyphs(text))
    cell = BoxCell(stray=parts[0].strip())
    for i in range(1, len(parts), 2):
        label = squash(parts[i + 1]) if i + 1 < len(parts) else ""
        cell.boxes.append(Box(parts[i] in CHECKED, label))
    return cell


def has_boxes(text: str) -> bool:
    return any(c in GLYPHS for c in inputs_to_glyphs(text))
