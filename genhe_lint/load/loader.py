"""Load a catalog file: read its bytes (:mod:`.read`), decode them, and parse the text (:mod:`.parse`) into a
:class:`~genhe_lint.load.document.Document` with exact positions.

Nothing here raises on bad input: every problem becomes a :class:`~genhe_lint.load.document.Problem` with a
position, and the caller turns it into a diagnostic.
"""

from __future__ import annotations

import codecs
from pathlib import Path

from genhe_lint.load.document import CONTROL, Document, printable
from genhe_lint.load.limits import Limits, current_limits, too_large
from genhe_lint.load.parse import ODD_BREAKS, parse
from genhe_lint.load.read import decode, read_capped, read_problem
from genhe_lint.load.source import Source


def load_path(path: Path, display: str | None = None, limits: Limits | None = None) -> Document:
    """Read and parse one file. Reads at most the size limit; never blocks on a FIFO without a writer."""
    shown = display if display is not None else str(path)
    limits = limits or current_limits()
    try:
        data = read_capped(path, limits.max_file_size)
    except OSError as exc:
        return Document(shown, Source(""), None, [read_problem(path, exc)])
    if isinstance(data, int):
        return Document(shown, Source(""), None, [too_large(data, limits)])
    return load_bytes(data, shown, limits)


def load_bytes(data: bytes, shown: str, limits: Limits | None = None) -> Document:
    """Decode and parse one file's bytes, shown as ``shown`` in messages."""
    limits = limits or current_limits()
    if len(data) > limits.max_file_size:
        return Document(shown, Source(""), None, [too_large(len(data), limits)])
    text, problem = decode(data, shown)
    if text is None:
        assert problem is not None
        # With a position (a GBK character, a NUL byte), the lines are kept for display, undecodable
        # bytes and control characters shown as U+FFFD; a file with no position shows no line.
        at = (problem.line, problem.column) != (0, 0)
        shown_text = printable(data.decode("utf-8-sig", "replace")) if at else ""
        return Document(shown, Source(shown_text), None, [problem])
    # the parser reads the bytes as read (without the byte-order mark), not the text encoded again
    return parse(shown, text, limits, data[3:] if data.startswith(codecs.BOM_UTF8) else data)


def display_text(path: Path, display: str | None = None, limits: Limits | None = None) -> str:
    """The text of a file as :func:`load_path` shows it (``Document.source.text``), for printing its lines:
    read and decoded, not parsed again. Only a file whose text the loader changes for display (undecodable,
    odd line breaks, control characters, too large, unreadable) is loaded in full to get that same text."""
    limits = limits or current_limits()
    try:
        data = read_capped(path, limits.max_file_size)
    except OSError:
        data = 0
    if not isinstance(data, int):
        text, _problem = decode(data, display if display is not None else str(path))
        # CONTROL covers NEL, LS and PS: of the odd breaks only a lone CR is left to look for
        if text is not None and CONTROL.search(text) is None and ("\r" not in text
                                                                   or ODD_BREAKS.search(text) is None):
            return text
    return load_path(path, display, limits).source.text
