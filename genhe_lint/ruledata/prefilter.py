"""The characters a match of a rule-data pattern can begin with: a cheap gate in front of the search.

Most catalogs hold none of the characters a placeholder begins with; a substring test per character
(:meth:`genhe_lint.rules.base.Context.may_contain`) then spares the search. The set is worked out from the
pattern's syntax by the parser behind Python's ``re`` (the patterns run on RE2, whose syntax agrees with
it on what the set is read from); where the two read a pattern differently, or the set is unknown or
unbounded, there is no set and no gate.
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
    or is case-insensitive), or when it holds a POSIX class (``[[:alpha:]]``), which RE2 reads as a class
    and Python as characters."""
    if _p is None or flags & (re.IGNORECASE | re.VERBOSE) or "[:" in pattern:
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
