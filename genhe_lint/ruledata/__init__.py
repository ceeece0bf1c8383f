"""Rule data: the declarative data in ``lint_rules/*.yaml`` that rules match against.

:mod:`~genhe_lint.ruledata.models` describes each file (pydantic: validation and JSON Schema),
:mod:`~genhe_lint.ruledata.files` finds, validates, merges and caches the files, and
:mod:`~genhe_lint.ruledata.compiled` builds what rules use (:class:`RuleData`), with the patterns run
on RE2 (:mod:`~genhe_lint.ruledata.patterns`).
"""

from __future__ import annotations

from genhe_lint.ruledata.compiled import (
    FILE_NAMES,
    Department,
    Hit,
    Matcher,
    Phrase,
    References,
    Region,
    RuleData,
    StandardItem,
    Substitution,
    Tag,
    Vocabulary,
    name_key,
    normalize,
)
from genhe_lint.ruledata.files import RuleDataError, default_dir, load
from genhe_lint.ruledata.patterns import Regex

__all__ = ["FILE_NAMES", "Department", "Hit", "Matcher", "Phrase", "References", "Regex", "Region",
           "RuleData", "RuleDataError", "StandardItem", "Substitution", "Tag", "Vocabulary", "default_dir",
           "load", "name_key", "normalize"]
