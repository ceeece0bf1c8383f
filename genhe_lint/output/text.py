"""``--format text`` (default): grouped per file, coloured with rich, the offending line underlined.

The output is made as rich console markup, one string per printed line. Coloured output (a terminal,
``--color``) is printed by rich. Uncoloured output (a pipe, a file, ``--no-color`` or ``-o``), which is what
the pre-commit hook and CI see, is written by :func:`plain` without importing rich's console (it is a third
of a one-file run's start-up): the same text rich writes there, byte for byte (markup and escapes resolved
as rich resolves them, the control characters rich drops dropped, tabs expanded as rich expands them; tests
compare the two).
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Iterator
from itertools import groupby, islice
from typing import TYPE_CHECKING, TextIO

from genhe_lint.diagnostic import Diagnostic, Severity

if TYPE_CHECKING:
    from genhe_lint.lint.result import Result

_STYLE = {Severity.ERROR: "bold red", Severity.WARNING: "yellow", Severity.INFO: "cyan"}
_LABEL = {
    "zh": {Severity.ERROR: "错误", Severity.WARNING: "警告", Severity.INFO: "提示"},
    "en": {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "info"},
}
TAB_SIZE = 8  # rich's console default


# Characters whose width in rich's table (its default Unicode version) is known here, as ranges: one cell, and two
# (CJK ideographs, kana, CJK and full-width punctuation). A test compares every one with rich. A text with any other
# character (combining marks, emoji, joiners, other scripts) is measured by rich itself.
NARROW_RANGES = "\u0020-\u007e\u00a0-\u02ff\u0370-\u0482\u2010-\u2027\u2030-\u205e\u2100-\u22ff\u2460-\u24ff\u2500-\u25fc"
WIDE_RANGES = ("\u3000-\u3029\u3030-\u303e\u3041-\u3096\u309b-\u30ff\u4e00-\u9fff\ufe30-\ufe4f\uff01-\uff60"
               "\uffe0-\uffe6")
_KNOWN = re.compile(f"[{NARROW_RANGES}{WIDE_RANGES}]*")
_WIDE = re.compile(f"[{WIDE_RANGES}]")


def cell_len(text: str) -> int:
    """Terminal cells ``text`` takes, as rich counts them (rich's own table is imported only for characters
    outside the ranges above, or when ``UNICODE_VERSION`` asks rich for another version's widths)."""
    if text.isascii() and text.isprintable():
        return len(text)  # printable ASCII: one cell each, as rich counts it
    if _KNOWN.fullmatch(text) and "UNICODE_VERSION" not in os.environ:
        return len(text) + len(_WIDE.findall(text))
    from rich.cells import cell_len as rich_cell_len

    return rich_cell_len(text)


# rich.markup.escape and the tag syntax of rich.markup (the same expressions, so escaping is resolved alike).
_ESCAPE = re.compile(r"(\\*)(\[[a-z#/@][^[]*?])")
_TAGS = re.compile(r"((\\*)\[([a-z#/@][^[]*?)])")
# The control characters rich's Text drops: bell, backspace, vertical tab, form feed, carriage return.
_DROPPED = dict.fromkeys((7, 8, 11, 12, 13))


def escape(markup: str) -> str:
    """rich.markup.escape: text that is shown as it is, not read as markup."""

    def escape_backslashes(match: re.Match[str]) -> str:
        backslashes, text = match.groups()
        return f"{backslashes}{backslashes}\\{text}"

    markup = _ESCAPE.sub(escape_backslashes, markup)
    if markup.endswith("\\") and not markup.endswith("\\\\"):
        return markup + "\\"
    return markup


def _markup_lines(result: Result, lang: str) -> Iterator[str | None]:
    """The output as console markup, one string per printed line (None: an empty ``print()``)."""
    labels = _LABEL["en" if lang == "en" else "zh"]
    for path, group in groupby(result.diagnostics, key=lambda d: d.path):
        yield f"[bold underline]{escape(path)}[/]"
        lines = result.lines.get(path, [])
        for d in group:
            where = f"{path}:{d.span.line}:{d.span.column}"
            fix = ""
            if d.fixable:
                fix = " [green](可自动修正)[/]" if lang != "en" else " [green](fixable)[/]"
            yield (f"  [dim]{escape(where)}[/dim] [{_STYLE[d.severity]}]{labels[d.severity]}[/] "
                   f"[bold]{d.code}[/bold] {escape(d.message.get(lang))} [dim]\\[{d.name}][/dim]{fix}")
            yield from _snippet(d, lines)
            if d.hint is not None:
                lead = "提示：" if lang != "en" else "hint: "
                yield f"    [dim]{lead}{escape(d.hint.get(lang))}[/dim]"
        yield None
    errors, warnings = result.count(Severity.ERROR), result.count(Severity.WARNING)
    infos, fixable = result.count(Severity.INFO), sum(1 for d in result.diagnostics if d.fixable)
    files = len(result.files)
    with_findings = len({d.path for d in result.diagnostics})
    if lang == "en":
        if not result.diagnostics:
            yield f"[green]All good:[/] {files} file(s) checked, no problems found."
        else:
            yield (f"Found {len(result.diagnostics)} problem(s) in {with_findings} of {files} file(s): "
                   f"[bold red]{errors} error(s)[/], [yellow]{warnings} warning(s)[/], {infos} info."
                   + (f" [green]{fixable} fixable with --fix.[/]" if fixable else ""))
    else:
        if not result.diagnostics:
            yield f"[green]检查通过：[/]共检查 {files} 个文件，没有发现问题。"
        else:
            yield (f"共检查 {files} 个文件，其中 {with_findings} 个有问题，共 {len(result.diagnostics)} 处："
                   f"[bold red]错误 {errors}[/]，[yellow]警告 {warnings}[/]，提示 {infos}。"
                   + (f"[green]其中 {fixable} 处可用 --fix 自动修正。[/]" if fixable else ""))


def _snippet(d: Diagnostic, lines: list[str]) -> Iterator[str]:
    if not 1 <= d.span.line <= len(lines):
        return
    raw = lines[d.span.line - 1].rstrip("\r")
    number = str(d.span.line)
    yield f"    [dim]{number} │[/dim] {escape(raw)}"
    start = max(0, d.span.column - 1)
    end = d.span.end_column - 1 if d.span.end_line == d.span.line else len(raw)
    end = max(end, start + 1)
    pad = cell_len(raw[:start])
    width = max(1, cell_len(raw[start:end]))
    yield f"    [dim]{' ' * len(number)} │[/dim] {' ' * pad}[{_STYLE[d.severity]}]{'^' * width}[/]"


def plain(markup: str) -> str:
    """What rich prints for ``markup`` (soft wrap, no colour): the text, with its end of line."""
    text = _markup_text(markup).translate(_DROPPED)
    if "\t" in text:
        text = "\n".join(_expand_tabs(line) if "\t" in line else line for line in text.split("\n"))
    return text + "\n"


def _markup_text(markup: str) -> str:
    """The text of console markup, as rich.markup.render reads it (tags dropped, escapes resolved)."""
    if "[" not in markup:
        return markup
    out: list[str] = []
    opened: list[str] = []
    position = 0
    for match in _TAGS.finditer(markup):
        full_text, escapes, tag_text = match.groups()
        start, end = match.span()
        if start > position:
            out.append(markup[position:start].replace("\\[", "["))
        if escapes:
            backslashes, escaped = divmod(len(escapes), 2)
            if backslashes:
                out.append("\\" * backslashes)
            if escaped:
                out.append(full_text[len(escapes):])
                position = end
                continue
        name = tag_text.partition("=")[0]
        if name.startswith("/"):
            closing = " ".join(name[1:].strip().lower().split())
            if closing:
                if closing not in opened:
                    raise ValueError(f"closing tag '[{name}]' doesn't match any open tag")
                del opened[len(opened) - 1 - opened[::-1].index(closing)]
            elif not opened:
                raise ValueError("closing tag '[/]' has nothing to close")
            else:
                opened.pop()
        else:
            opened.append(" ".join(name.strip().lower().split()))
        position = end
    if position < len(markup):
        out.append(markup[position:].replace("\\[", "["))
    return "".join(out)


def _expand_tabs(line: str) -> str:
    """Tabs to spaces as rich's Text.expand_tabs does: each tab becomes a space, then spaces up to the next
    multiple of the tab size (counted in cells)."""
    out: list[str] = []
    position = 0
    for part in re.split("(?<=\t)", line):
        if part.endswith("\t"):
            part = part[:-1] + " "
            position += cell_len(part)
            remainder = position % TAB_SIZE
            if remainder:
                part += " " * (TAB_SIZE - remainder)
                position += TAB_SIZE - remainder
        else:
            position += cell_len(part)
        out.append(part)
    return "".join(out)


def uses_rich(stream: TextIO, color: bool | None) -> bool:
    """Whether rich's console is needed: coloured output, or a set-up where rich decides by itself (a
    terminal, FORCE_COLOR or TTY_COMPATIBLE, Jupyter, IDLE, Windows, a stream rich proxies). Otherwise rich
    would write no escape codes, and :func:`plain` writes the same text."""
    if color is True or os.name == "nt" or hasattr(stream, "rich_proxied_file"):
        return True
    import builtins

    if hasattr(builtins, "get_ipython") or getattr(sys.stdin, "__module__", "").startswith("idlelib"):
        return True
    if color is False:
        return False
    if "FORCE_COLOR" in os.environ or "TTY_COMPATIBLE" in os.environ:
        return True
    isatty = getattr(stream, "isatty", None)
    try:
        return bool(isatty is not None and isatty())
    except ValueError:
        return False


_CHUNK = 4096  # lines joined per write


def render(result: Result, lang: str, stream: TextIO, *, color: bool | None = None) -> None:
    lines = _markup_lines(result, lang)
    if uses_rich(stream, color):
        from rich.console import Console

        console = Console(file=stream, highlight=False, soft_wrap=True, force_terminal=color,
                          no_color=color is False, emoji=False)
        for markup in lines:
            if markup is None:
                console.print()
            else:
                console.print(markup)
        return
    # Written a few thousand lines at a time: the text of every finding (with its source lines) is never
    # in memory at once.
    chunks = iter(lambda: "".join("\n" if markup is None else plain(markup) for markup in islice(lines, _CHUNK)), "")
    try:
        for text in chunks:
            stream.write(text)
        stream.flush()
    except BrokenPipeError:
        # As rich does (Console.on_broken_pipe): the reader has gone; say nothing more, exit 1.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        raise SystemExit(1) from None
    except UnicodeEncodeError as error:
        error.reason = f"{error.reason}\n*** You may need to add PYTHONIOENCODING=utf-8 to your environment ***"
        raise
