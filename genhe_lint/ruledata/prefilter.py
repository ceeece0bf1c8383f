"""Make a regular expression of the rule data search fast: a look-ahead on the characters a match can
begin with.

Python's ``re`` scans quickly for a pattern that begins with a literal or a character class, but a
pattern that begins with a look-behind (``(?<![A-Za-z])XX``) or an alternation of mixed branches is
tried at every position of the text, which is ten times slower on long catalogs. When the set of
first characters can be worked out, ``(?=[...])`` in front lets the engine skip to the candidates.
"""

from __future__ import annotations

import re
from typing import Any

try:  # Python 3.11+: the parser behind re.compile (internal, hence the fallback)
    from re import _constants as _c  # type: ignore[attr-defined]
    from re import _parser as _p  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover - an interpreter without them: no prefilter
    _p = _c = None

_MAX_CHARS = 512  # a wider first-character set is no real filter


class _GiveUp(Exception):
    pass


def first_chars(pattern: str, flags: int = 0) -> frozenset[str] | None:
    """The characters a match of ``pattern`` can start with, or None when that is unknown or unbounded
    (the pattern can match the empty string, starts with ``.``, a negated class, ``\\w``, a back-reference,
    or is case-insensitive)."""
    if _p is None or flags & (re.IGNORECASE | re.VERBOSE):
        return None
    try:
        parsed = _p.parse(pattern, flags)
        if parsed.state.flags & re.IGNORECASE:
            return None
        chars, nullable = _first(list(parsed))
    except (_GiveUp, re.error, AttributeError, TypeError, ValueError, IndexError):
        return None
    if nullable or not chars or len(chars) > _MAX_CHARS:
        return None
    return frozenset(chars)


def _first(items: list[Any]) -> tuple[set[str], bool]:
    """(first characters, can the sequence match the empty string?)"""
    out: set[str] = set()
    for op, av in items:
        chars, nullable = _first_of(op, av)
        out |= chars
        if not nullable:
            return out, False
    return out, True


def _first_of(op: Any, av: Any) -> tuple[set[str], bool]:
    assert _c is not None
    if op is _c.LITERAL:
        return {chr(av)}, False
    if op is _c.IN:
        return _class(av), False
    if op is _c.BRANCH:
        out: set[str] = set()
        nullable = False
        for branch in av[1]:
            chars, empty = _first(list(branch))
            out |= chars
            nullable = nullable or empty
        return out, nullable
    if op is _c.SUBPATTERN:
        add_flags, body = av[1], av[3]
        if add_flags & re.IGNORECASE:
            raise _GiveUp
        return _first(list(body))
    if op in (_c.MAX_REPEAT, _c.MIN_REPEAT) or op is getattr(_c, "POSSESSIVE_REPEAT", None):
        low, _high, body = av
        chars, empty = _first(list(body))
        return chars, empty or low == 0
    if op is getattr(_c, "ATOMIC_GROUP", None):
        return _first(list(av))
    if op in (_c.ASSERT, _c.ASSERT_NOT, _c.AT):
        return set(), True  # zero width: the next item decides
    raise _GiveUp


def _class(items: list[tuple[Any, Any]]) -> set[str]:
    assert _c is not None
    out: set[str] = set()
    for op, av in items:
        if op is _c.LITERAL:
            out.add(chr(av))
        elif op is _c.RANGE:
            low, high = av
            if high - low > _MAX_CHARS:
                raise _GiveUp
            out.update(chr(c) for c in range(low, high + 1))
        else:  # NEGATE, CATEGORY (\w, \d ...), CHARSET/BIGCHARSET
            raise _GiveUp
    return out


def with_prefilter(pattern: str, flags: int = 0) -> re.Pattern[str]:
    """``pattern`` compiled, with a look-ahead on its first characters when they are known. Matches
    exactly what ``pattern`` matches: the look-ahead only excludes positions where no match can start."""
    chars = first_chars(pattern, flags)
    if chars is None:
        return re.compile(pattern, flags)
    cls = "".join(re.escape(ch) for ch in sorted(chars))
    return re.compile(f"(?=[{cls}])(?:{pattern})", flags)
