"""How settings, flags and comments name rules: the one matcher behind select, ignore, per-file-ignores,
severity overrides, suppression comments and ``explain``.

A pattern names a rule by its code (``GL101``), a code prefix (``GL1``, ``GL10``, ``GL``) or its kebab-case
name (``wrong-region-name``); case and surrounding spaces do not matter.
"""

from __future__ import annotations

from collections.abc import Iterable

NAME_SPECIFICITY = 99  # a name is more specific than any code prefix


def specificity(pattern: str, code: str, name: str) -> int:
    """How specifically ``pattern`` names the rule ``code``/``name``: 0 when it does not name it, the
    length of the code prefix when it is one, :data:`NAME_SPECIFICITY` for the rule's name."""
    p = pattern.strip()
    if not p:
        return 0
    if code.startswith(p.upper()):
        return len(p)
    if name == p.lower():
        return NAME_SPECIFICITY
    return 0


def matches(pattern: str, code: str, name: str) -> bool:
    return specificity(pattern, code, name) > 0


def matches_any(patterns: Iterable[str], code: str, name: str) -> bool:
    return any(specificity(p, code, name) for p in patterns)


def first_match(patterns: Iterable[str], code: str, name: str) -> str | None:
    """The first of ``patterns`` that names the rule (suppression comments record which one was used)."""
    return next((p for p in patterns if specificity(p, code, name)), None)
