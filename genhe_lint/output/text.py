"""``--format text`` (default): grouped per file, the offending line shown and underlined, a summary last.

Each printed line is a list of segments, ``(style, text)``; a style is a key of :data:`COLORS`, and ``""``
is unstyled. The colour table is swapped for :data:`COLORS_OFF` (every code empty) when colour is off, so
coloured and uncoloured output are the same text and differ only by escape codes.

Nothing from a catalog or a file name acts on the terminal or the CI log: control, separator and bidi
characters are shown as escapes (:mod:`genhe_lint.output.inert`), and no line begins with ``::``. Tabs in a
source line are layout: expanded to the next multiple of eight columns. The underline is as wide as the
underlined text (CJK characters take two columns). A source line longer than :data:`LONG` is shown as a
window of about :data:`WINDOW` columns around the finding, cut with ``…``, so each finding costs the same
whatever the length of its line.
"""

from __future__ import annotations

import os
import re
import sys
import unicodedata
from bisect import bisect_right
from collections.abc import Iterator, Sequence
from functools import cache
from itertools import accumulate, groupby, islice
from typing import TYPE_CHECKING, TextIO

from genhe_lint.diagnostic import Diagnostic, Severity
from genhe_lint.output.inert import not_a_command, visible

if TYPE_CHECKING:
    from genhe_lint.lint.result import Result

COLORS = {
    "path": "\x1b[1;4m",  # bold, underlined
    "dim": "\x1b[2m",
    "bold": "\x1b[1m",
    "good": "\x1b[32m",  # green
    # A finding's severity (its value) colours its label and its underline.
    "error": "\x1b[1;31m",  # bold red
    "warning": "\x1b[33m",  # yellow
    "info": "\x1b[36m",  # cyan
    "reset": "\x1b[0m",
}
COLORS_OFF = dict.fromkeys(COLORS, "")

TAB_SIZE = 8
LONG = 400  # a source line of more characters or columns than this is shown as a window
WINDOW = 120  # columns of a long line shown around the finding
BEFORE = 40  # of those, columns before the finding's first character

Segment = tuple[str, str]  # (style, text)
Line = Sequence[Segment]


@cache
def _char_width(char: str) -> int:
    """Terminal columns of one character: none for controls, combining marks and joiners, two for wide
    (East Asian wide and full-width) characters, one otherwise."""
    if unicodedata.category(char) in ("Cc", "Mn", "Me", "Cf"):
        return 0
    return 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1


def cell_len(text: str) -> int:
    """Terminal columns ``text`` takes."""
    if text.isascii() and text.isprintable():
        return len(text)
    return sum(map(_char_width, text))


def _lines(result: Result, lang: str) -> Iterator[Line]:
    """The output, one list of segments per printed line (an empty list: an empty line)."""
    en = lang == "en"
    for path, group in groupby(result.diagnostics, key=lambda d: d.path):
        shown = visible(path)
        yield [("path", not_a_command(shown))]
        lines = result.lines.passing(path)  # not kept: one file's lines at a time
        stripped: dict[int, str] = {}  # line number: its text without the carriage return, made once
        for d in group:
            severity = d.severity.value
            line: list[Segment] = [
                ("", "  "), ("dim", not_a_command(f"{shown}:{d.span.line}:{d.span.column}")), ("", " "),
                (severity, d.severity.label(lang)), ("", " "), ("bold", d.code),
                ("", f" {visible(d.message.get(lang))} "), ("dim", f"[{d.name}]"),
            ]
            if d.fixable:
                line += [("", " "), ("good", "(fixable)" if en else "(可自动修正)")]
            elif d.fix is not None:  # a fuzzy guess: applied only with --fix --unsafe-fixes
                label = "(fixable with --unsafe-fixes)" if en else "(可用 --unsafe-fixes 修正)"
                line += [("", " "), ("dim", label)]
            yield line
            yield from _snippet(d, lines, stripped)
            if d.hint is not None:
                yield [("", "    "), ("dim", ("hint: " if en else "提示：") + visible(d.hint.get(lang)))]
        yield []
    yield _summary(result, lang)


def _summary(result: Result, lang: str) -> Line:
    errors, warnings = result.count(Severity.ERROR), result.count(Severity.WARNING)
    infos, fixable = result.count(Severity.INFO), sum(1 for d in result.diagnostics if d.fixable)
    unsafe = sum(1 for d in result.diagnostics if d.fix is not None and not d.fix.safe)
    files, found = len(result.files), len(result.diagnostics)
    with_findings = len({d.path for d in result.diagnostics})
    error, warning, info = (s.label(lang) for s in (Severity.ERROR, Severity.WARNING, Severity.INFO))
    if lang == "en":
        if not found:
            return [("good", "All good:"), ("", f" {files} file(s) checked, no problems found.")]
        line = [("", f"Found {found} problem(s) in {with_findings} of {files} file(s): "),
                ("error", f"{errors} {error}(s)"), ("", ", "), ("warning", f"{warnings} {warning}(s)"),
                ("", f", {infos} {info}.")]
        if fixable:
            line += [("", " "), ("good", f"{fixable} fixable with --fix.")]
        return [*line, ("", f" {unsafe} more with --fix --unsafe-fixes (check each).")] if unsafe else line
    if not found:
        return [("good", "检查通过："), ("", f"共检查 {files} 个文件，没有发现问题。")]
    line = [("", f"共检查 {files} 个文件，其中 {with_findings} 个有问题，共 {found} 处："),
            ("error", f"{error} {errors}"), ("", "，"), ("warning", f"{warning} {warnings}"),
            ("", f"，{info} {infos}。")]
    if fixable:
        line += [("good", f"其中 {fixable} 处可用 --fix 自动修正。")]
    if not unsafe:
        return line
    return [*line, ("", f"另有 {unsafe} 处可用 --fix --unsafe-fixes 修正（请逐一核对）。")]


def _snippet(d: Diagnostic, lines: list[str], stripped: dict[int, str]) -> Iterator[Line]:
    """The finding's source line and, under it, ``^`` as wide as the text the finding covers."""
    if not 1 <= d.span.line <= len(lines):
        return
    raw = stripped.get(d.span.line)
    if raw is None:
        raw = stripped[d.span.line] = lines[d.span.line - 1].rstrip("\r")
    start = max(0, d.span.column - 1)
    end = d.span.end_column - 1 if d.span.end_line == d.span.line else len(raw)
    shown, pad, width = excerpt(raw, start, max(end, start + 1))
    number = str(d.span.line)
    # Tabs are expanded to the columns of the printed line: after "    ", the number and " │".
    yield [("", "    "), ("dim", f"{number} │"), ("", _tabs_expanded(f" {shown}", len(number) + 6))]
    yield [("", "    "), ("dim", f"{' ' * len(number)} │"), ("", " " * (pad + 1)),
           (d.severity.value, "^" * width)]


def excerpt(raw: str, start: int, end: int) -> tuple[str, int, int]:
    """What is shown of the source line ``raw`` for the characters ``start:end``: the text (escaped, tabs
    kept), the columns before the underline and the underline's width (at least one).

    A line of at most :data:`LONG` characters and columns is shown whole. A longer one is cut to a window:
    up to :data:`BEFORE` columns before ``start``, :data:`WINDOW` in all, ``…`` where it is cut; the
    underline stops at the window's end. The window is measured from ``start``, never over the whole line.
    """
    low, high = 0, len(raw)
    if high > LONG or _width(raw) > LONG:
        # Columns taken by the characters before ``start`` (nearest first), then from ``start`` on; no
        # character takes less than none, so a slice of as many characters as columns is enough.
        start = min(start, high)
        before = list(accumulate(map(_shown_width, reversed(raw[max(0, start - BEFORE):start]))))
        low = start - bisect_right(before, BEFORE)
        room = WINDOW - (before[start - low - 1] if low < start else 0)
        after = list(accumulate(map(_shown_width, raw[start:start + room])))
        high = start + bisect_right(after, room)
    head = "…" if low > 0 else ""
    tail = "…" if high < len(raw) else ""
    shown = head + visible(raw[low:high], tabs=True) + tail
    pad = cell_len(head) + _width(raw[low:start])
    width = max(1, _width(raw[start:min(end, high)]))
    return shown, pad, width


def _width(text: str) -> int:
    """Columns ``text`` takes as shown (escaped; a tab counts as no column, as the underline measures it)."""
    if text.isascii() and text.isprintable():
        return len(text)
    return sum(map(_shown_width, text))


@cache
def _shown_width(char: str) -> int:
    return cell_len(visible(char, tabs=True))


def format_line(line: Line, colors: dict[str, str]) -> str:
    """One printed line with its end of line: segments in their colours."""
    reset = colors["reset"]
    if not reset:  # no colours: the texts as they are
        return "".join([text for _, text in line]) + "\n"
    return "".join([f"{colors[style]}{text}{reset}" if style else text for style, text in line]) + "\n"


def _tabs_expanded(text: str, column: int) -> str:
    """``text`` printed from ``column`` on, each tab expanded to the next multiple of :data:`TAB_SIZE`
    columns."""
    if "\t" not in text:
        return text
    pieces: list[str] = []
    for chunk in re.split("(?<=\t)", text):
        if chunk.endswith("\t"):
            chunk = chunk[:-1] + " "
            column += cell_len(chunk)
            if column % TAB_SIZE:
                chunk += " " * (TAB_SIZE - column % TAB_SIZE)
                column += TAB_SIZE - column % TAB_SIZE
        else:
            column += cell_len(chunk)
        pieces.append(chunk)
    return "".join(pieces)


def use_color(stream: TextIO, color: bool | None) -> bool:
    """``--color``/``--no-color`` when given; otherwise colour on a terminal, unless ``NO_COLOR`` is set or
    ``TERM`` is ``dumb``, and always when ``FORCE_COLOR`` is set (non-empty, as no-color.org and
    force-color.org read them)."""
    if color is not None:
        return color and _ansi_on_windows()
    if os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR"):
        return _ansi_on_windows()
    if os.environ.get("TERM") == "dumb":
        return False
    isatty = getattr(stream, "isatty", None)
    try:
        return bool(isatty is not None and isatty()) and _ansi_on_windows()
    except ValueError:  # a closed stream
        return False


@cache
def _ansi_on_windows() -> bool:
    """Whether the console reads escape codes: always off Windows; on Windows once virtual terminal
    processing is switched on for standard output (Windows 10 and later)."""
    if sys.platform != "win32":
        return True
    import ctypes
    from ctypes import wintypes

    kernel32 = ctypes.windll.kernel32
    handle = kernel32.GetStdHandle(-11)  # STD_OUTPUT_HANDLE
    mode = wintypes.DWORD()
    if not kernel32.GetConsoleMode(handle, ctypes.byref(mode)):
        return False
    enable_virtual_terminal_processing = 0x0004
    if mode.value & enable_virtual_terminal_processing:
        return True
    return bool(kernel32.SetConsoleMode(handle, mode.value | enable_virtual_terminal_processing))


_CHUNK = 4096  # lines joined per write


def render(result: Result, lang: str, stream: TextIO, *, color: bool | None = None) -> None:
    colors = COLORS if use_color(stream, color) else COLORS_OFF
    lines = _lines(result, lang)
    # Written a few thousand lines at a time: the text of every finding (with its source lines) is never
    # in memory at once.
    chunks = iter(lambda: "".join(format_line(line, colors) for line in islice(lines, _CHUNK)), "")
    try:
        for text in chunks:
            stream.write(text)
        stream.flush()
    except BrokenPipeError:
        # The reader has gone (``| head``): say nothing more, exit 1.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        raise SystemExit(1) from None
    except UnicodeEncodeError as error:
        advice = "*** You may need to add PYTHONIOENCODING=utf-8 to your environment ***"
        error.reason = f"{error.reason}\n{advice}"
        raise
