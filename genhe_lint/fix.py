"""Apply fixes to catalog files without losing anything.

Every fix replaces exactly the characters a diagnostic points at, in the file's own text: comments, key
order, quoting, block scalars, line endings, a byte-order mark and the final newline stay as they were.
A fix is applied only where the source holds exactly the flagged text (not across a line break or an
escape), and the result is parsed again: if it no longer parses, or any value other than the fixed
strings changed shape, the whole file is left untouched and the refusal is reported. Writes go to a
temporary file in the same folder, then an atomic rename; the file's mode is kept.
"""

from __future__ import annotations

import difflib
import os
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from genhe_lint.diagnostic import Diagnostic
from genhe_lint.loader import parse, to_python
from genhe_lint.source import Source


@dataclass(slots=True)
class FileFix:
    path: str
    original: str
    fixed: str
    applied: list[Diagnostic] = field(default_factory=list)
    refused: str | None = None  # why the file was left alone

    @property
    def changed(self) -> bool:
        return self.refused is None and self.fixed != self.original

    def diff(self) -> str:
        return "".join(difflib.unified_diff(
            self.original.splitlines(keepends=True), self.fixed.splitlines(keepends=True),
            fromfile=f"a/{self.path}", tofile=f"b/{self.path}"))


def wanted(d: Diagnostic, unsafe: bool) -> bool:
    return d.fix is not None and (d.fix.safe or unsafe)


def _shape(value: object) -> object:
    """The data with every string replaced by a marker: what a fix must not change."""
    if isinstance(value, dict):
        return {k: _shape(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_shape(v) for v in value]
    return "<str>" if isinstance(value, str) else value


def plan(path: str, text: str, diagnostics: Iterable[Diagnostic], unsafe: bool = False) -> FileFix:
    """Work out the fixed text for one file (nothing is written)."""
    source = Source(text)
    edits: list[tuple[int, int, str, Diagnostic]] = []
    for d in diagnostics:
        if not wanted(d, unsafe):
            continue
        assert d.fix is not None
        span = d.fix.span
        start = source.index(span.line - 1, span.column - 1)
        end = source.index(span.end_line - 1, span.end_column - 1)
        found = d.data.get("found")
        if found is not None and text[start:end] != found:
            continue  # the flagged text is split over lines or escaped: leave it to the editor
        edits.append((start, end, d.fix.replacement, d))
    edits.sort(key=lambda e: (e[0], e[1]))
    result = FileFix(path, text, text)
    pieces: list[str] = []
    cursor = 0
    for start, end, replacement, d in edits:
        if start < cursor:
            continue  # overlaps an earlier edit; a second run picks it up
        pieces.append(text[cursor:start])
        pieces.append(replacement)
        cursor = end
        result.applied.append(d)
    pieces.append(text[cursor:])
    result.fixed = "".join(pieces)
    if not result.applied:
        return result
    before, after = parse(path, text), parse(path, result.fixed)
    if after.problems or after.root is None:
        result.refused = "修正后文件无法解析，未修改 / the fixed file would not parse; left unchanged"
    elif before.root is not None and _shape(to_python(before.root)) != _shape(to_python(after.root)):
        result.refused = "修正会改变文件结构，未修改 / the fix would change the file's structure; left unchanged"
    return result


def write_atomic(path: Path, text: str) -> None:
    """Write ``text`` (UTF-8, BOM kept if the file had one) via a temporary file and a rename."""
    data = text.encode("utf-8")
    try:
        if path.read_bytes().startswith(b"\xef\xbb\xbf"):
            data = b"\xef\xbb\xbf" + data
        mode = path.stat().st_mode & 0o7777
    except OSError:
        mode = 0o644
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
