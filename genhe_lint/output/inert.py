"""Text from catalogs and file names, made inert for the terminal, the CI log and the page it reaches.

A catalog value or a file name may hold characters that the reader's side acts on instead of showing: ESC
starts an ANSI or OSC sequence (clear the screen, set the window title), a line feed starts a line that GitHub
Actions reads as a workflow command (``::error``, ``::add-mask::``), the bidi controls reorder what is shown
so that text disguises itself. Every format shows such characters as escapes (``\\x1b``, ``\\n``,
``\\u202e``): a reader still sees that something is there, and nothing acts on it.

The characters escaped: C0 controls (tab too, unless it is layout, as in a source line), DEL, C1 controls,
the line and paragraph separators U+2028/U+2029, and the bidi embeddings, overrides and isolates
U+202A-U+202E, U+2066-U+2069. Backslashes are not escaped: the escapes are for a person, not for a parser.

:func:`visible` is for text inside a line, :func:`inert` for text that may begin one (a file name, a
message on a line of its own, a message the command line writes to stderr), :func:`json_inert` for JSON.
"""

from __future__ import annotations

import re
from functools import cache

_CONTROLS = "\x00-\x08\x0a-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069"
_UNSAFE = re.compile(f"[\t{_CONTROLS}]")
_UNSAFE_BUT_TAB = re.compile(f"[{_CONTROLS}]")
_NAMED = {"\t": "\\t", "\n": "\\n", "\r": "\\r"}
# A line that is a workflow command to GitHub Actions: ``::`` after optional whitespace.
_COMMAND = re.compile(r"\s*::")
# What JSON text may carry raw inside a string (``json.dumps(..., ensure_ascii=False)`` leaves it) and a
# terminal or an editor acts on: DEL, C1 controls, U+2028/U+2029 and the bidi controls.
_JSON_RAW = re.compile("[\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


@cache
def _escape(char: str) -> str:
    named = _NAMED.get(char)
    if named is not None:
        return named
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def _escaped(match: re.Match[str]) -> str:
    return _escape(match[0])


def visible(text: str, *, tabs: bool = False) -> str:
    """``text`` with every control, separator and bidi character written as an escape (``\\x1b``, ``\\n``,
    ``\\u202e``); tabs are kept when ``tabs`` (a source line's indentation), escaped otherwise."""
    if text.isprintable():  # no Cc, Cf, Zl, Zp character: the common case, checked at C speed
        return text
    return (_UNSAFE_BUT_TAB if tabs else _UNSAFE).sub(_escaped, text)


def not_a_command(line: str) -> str:
    """``line`` unchanged, unless it begins with ``::`` after optional whitespace: then its first colon is
    written ``\\x3a``, so GitHub Actions does not read the line as a workflow command."""
    match = _COMMAND.match(line)
    if match is None:
        return line
    colon = match.end() - 2
    return f"{line[:colon]}\\x3a{line[colon + 1:]}"


def inert(text: str) -> str:
    """``text`` as the start of an output line: :func:`visible`, and not a workflow command (a file name or
    a message printed at the start of a line)."""
    return not_a_command(visible(text))


def json_inert(encoded: str) -> str:
    """JSON text with DEL, C1, U+2028/U+2029 and the bidi controls written as ``\\uXXXX`` escapes: the same
    JSON value (those characters occur only inside strings), and nothing in its bytes that a terminal or an
    editor acts on. ``json.dumps`` escapes the C0 controls itself."""
    # Each of those characters is a control, a format character or a separator: printable text (the
    # common case, checked at C speed, twice as fast as the search) has none.
    if encoded.isascii() or encoded.isprintable():
        return encoded
    return _JSON_RAW.sub(lambda m: f"\\u{ord(m[0]):04x}", encoded)
