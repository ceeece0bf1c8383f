"""Apply fixes to catalog files without losing anything.

Every fix replaces exactly the characters a diagnostic points at, in the file's own text: comments, key
order, quoting, block scalars, line endings, a byte-order mark and the final newline stay as they were.
A fix is applied only where the source holds exactly the flagged text (not across a line break or an
escape), and the result is parsed again: if it no longer parses, has a problem the original did not
have, changes the structure, or changes any value other than the fixed ones (and those in any way but
the planned replacement), the whole file is left untouched and the refusal is reported.

Writes go to a temporary file in the same folder (flushed and synced), then an atomic rename; the
file's mode (and, where permitted, its owner) is kept, and a symbolic link is written through, not
replaced. A failure or a kill before the rename leaves the original as it was.
"""

from __future__ import annotations

import contextlib
import difflib
import os
import signal
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from genhe_lint.diagnostic import Diagnostic
from genhe_lint.load.document import Document
from genhe_lint.load.parse import parse, scalar_value
from genhe_lint.load.source import Source

# Test hook (fault injection): when set, write_atomic kills its own process with SIGKILL after the
# temporary file is written and synced, just before the rename.
CRASH_ENV = "GENHE_LINT_TEST_CRASH_BEFORE_RENAME"


class ChangedOnDisk(OSError):
    """The file changed between reading and writing (someone else edited it); nothing was written."""


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
    applied: list[tuple[int, int, str]] = []
    cursor = 0
    for start, end, replacement, d in edits:
        if start < cursor:
            continue  # overlaps an earlier edit; a second run picks it up
        pieces.append(text[cursor:start])
        pieces.append(replacement)
        cursor = end
        result.applied.append(d)
        applied.append((start, end, replacement))
    pieces.append(text[cursor:])
    result.fixed = "".join(pieces)
    if not result.applied:
        return result
    result.refused = _check(path, text, result.fixed, applied)
    return result


_REFUSED_PARSE = "修正后文件无法解析，未修改 / the fixed file would not parse; left unchanged"
_REFUSED_PROBLEM = "修正会带来新的问题（{}），未修改 / the fix would introduce a problem ({}); left unchanged"
_REFUSED_SHAPE = "修正会改变文件结构，未修改 / the fix would change the file's structure; left unchanged"
_REFUSED_VALUE = ("修正会改变其他值（第 {} 行），未修改 / the fix would change another value (line {}); "
                  "left unchanged")


def _check(path: str, text: str, fixed: str, edits: list[tuple[int, int, str]]) -> str | None:
    """Why the fixed text must not be written, or None: parse both and compare every value."""
    before, after = parse(path, text), parse(path, fixed)
    if before.root is None:
        return _REFUSED_PARSE  # pragma: no cover - fixes come from rules that had a tree
    if after.root is None:
        return _REFUSED_PARSE
    known = _problem_keys(before)
    for p in after.problems:
        if (p.kind, p.message.en) not in known:
            return _REFUSED_PROBLEM.format(p.message.zh, p.message.en)
    return _compare(before.root, after.root, before.source, text, edits)


def _problem_keys(doc: Document) -> set[tuple[str, str]]:
    return {(p.kind, p.message.en) for p in doc.problems}


def _compare(old_root: Node, new_root: Node, source: Source, text: str,
             edits: list[tuple[int, int, str]]) -> str | None:
    """Walk both trees together: same shape, same keys, every scalar equal except where edits explain it."""
    stack: list[tuple[Node, Node]] = [(old_root, new_root)]
    while stack:
        old, new = stack.pop()
        if type(old) is not type(new) or old.tag != new.tag:
            return _REFUSED_SHAPE
        if isinstance(old, MappingNode):
            if len(old.value) != len(new.value):
                return _REFUSED_SHAPE
            for (old_key, old_value), (new_key, new_value) in zip(old.value, new.value, strict=True):
                stack.append((old_key, new_key))
                stack.append((old_value, new_value))
        elif isinstance(old, SequenceNode):
            if len(old.value) != len(new.value):
                return _REFUSED_SHAPE
            stack.extend(zip(old.value, new.value, strict=True))
        elif isinstance(old, ScalarNode) and isinstance(new, ScalarNode):
            before, after = scalar_value(old), scalar_value(new)
            if before == after and type(before) is type(after):
                continue
            line = old.start_mark.line + 1
            if not (isinstance(before, str) and isinstance(after, str)):
                return _REFUSED_VALUE.format(line, line)
            start, end = old.start_mark.index, old.end_mark.index
            inside = [e for e in edits if start <= e[0] and e[1] <= end]
            if not inside or _expected(old, before, inside, source, text) != after:
                return _REFUSED_VALUE.format(line, line)
    return None


def _expected(node: ScalarNode, value: str, edits: list[tuple[int, int, str]], source: Source,
              text: str) -> str | None:
    """The value the edits should give: each edit's text replaced where it stands in the value."""
    placed: list[tuple[int, int, str]] = []
    for start, end, replacement in edits:
        found = text[start:end]
        target = source.line_col(start)
        offset = value.find(found)
        while offset != -1 and source.value_position(node, offset) != target:
            offset = value.find(found, offset + 1)
        if offset == -1:
            return None  # the edit does not stand for characters of the value as written
        placed.append((offset, offset + len(found), replacement))
    out = value
    for begin, finish, replacement in sorted(placed, reverse=True):
        out = out[:begin] + replacement + out[finish:]
    return out


def write_atomic(path: Path, text: str, *, expected: str | None = None) -> None:
    """Write ``text`` (UTF-8, BOM kept if the file had one) via a temporary file and a rename.

    The temporary file is created next to the file (same file system, so the rename is atomic),
    written, flushed and synced; then it gets the file's mode (and owner, where permitted) and replaces
    the file. A symbolic link is followed: its target is replaced, the link stays. On any error before
    the rename the temporary file is removed and the original is untouched. With ``expected``, the
    file must still hold that text (the text the fix was planned on), else :class:`ChangedOnDisk`.

    A concurrent edit is not lost: the file's bytes are read again just before the rename and, if another
    program changed them while the new text was being written, the rename does not happen
    (:class:`ChangedOnDisk`). What remains is the instant between that second read and the rename itself,
    which no portable file-system call closes.
    """
    target = Path(os.path.realpath(path))
    data = text.encode("utf-8")
    mode, owner = 0o644, None
    try:
        current = target.read_bytes()
        st = target.stat()
        mode, owner = st.st_mode & 0o7777, (st.st_uid, st.st_gid)
    except FileNotFoundError:
        current = None
    if current is not None:
        if current.startswith(b"\xef\xbb\xbf"):
            data = b"\xef\xbb\xbf" + data
        if expected is not None and current.decode("utf-8-sig", "replace") != expected:
            raise ChangedOnDisk("文件在检查之后被修改过，未写入 / file changed since it was read; "
                                f"not written: {path}")
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, mode)
        if owner is not None and hasattr(os, "chown"):
            # not permitted: the file becomes ours, as with any editor's save
            with contextlib.suppress(OSError):
                os.chown(tmp, *owner)
        if os.environ.get(CRASH_ENV):
            os.kill(os.getpid(), signal.SIGKILL)
        if _read_or_none(target) != current:
            raise ChangedOnDisk("文件在修正期间被其他程序修改，未写入 / file changed while the fix was being "
                                f"written; not written: {path}")
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    _sync_folder(target.parent)


def _read_or_none(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except FileNotFoundError:
        return None


def _sync_folder(folder: Path) -> None:
    """Make the rename itself durable (POSIX); best effort elsewhere."""
    try:
        fd = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except OSError:
        return
    try:
        with contextlib.suppress(OSError):
            os.fsync(fd)
    finally:
        os.close(fd)
