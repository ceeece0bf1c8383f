"""The rule-data files as pydantic models: imported only when a file does not pass the plain check in
:mod:`genhe_lint.ruledata.compiled`, so that its validation errors explain what is wrong (with the path, line and
column that :func:`genhe_lint.ruledata.compiled.load` adds).

Kept in step with the dataclasses of :mod:`genhe_lint.ruledata.compiled` (same fields, same defaults; a test
compares them): those describe the well-formed case, these the messages for every other one.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field, field_validator

from genhe_lint.ruledata.compiled import FILES, TextField, _regex


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class RegionFile(_Strict):
    replace: bool = False
    name: str
    level: str = ""
    parents: list[str] = []
    near_miss_allowed: list[str] = []
    channel_names: dict[str, str] = {}


class DepartmentEntry(_Strict):
    name: str = Field(min_length=2)
    aliases: list[str] = []
    old_names: list[str] = []
    units: list[str] = []
    unit_aliases: dict[str, str] = {}


class DepartmentsFile(_Strict):
    replace: bool = False
    departments: list[DepartmentEntry] = []
    references: list[str] = []


class VocabEntry(_Strict):
    id: str = ""
    name: str
    variants: list[str] = []


class ChannelsFile(_Strict):
    replace: bool = False
    channels: list[VocabEntry]


class AudiencesFile(_Strict):
    replace: bool = False
    audiences: list[VocabEntry]


class DeadlineEntry(_Strict):
    name: str
    pattern: str

    @field_validator("pattern")
    @classmethod
    def _compiles(cls, value: str) -> str:
        return _regex(value, expand=True)


class DeadlinesFile(_Strict):
    replace: bool = False
    deadlines: list[DeadlineEntry]


class PhraseEntry(_Strict):
    phrase: str = Field(min_length=1)
    why: str = ""
    exclude: list[str] = []


class HigherLevelFile(_Strict):
    replace: bool = False
    phrases: list[PhraseEntry]


class PlaceholderEntry(_Strict):
    pattern: str
    example: str = ""

    @field_validator("pattern")
    @classmethod
    def _compiles(cls, value: str) -> str:
        return _regex(value, expand=False)


class PlaceholdersFile(_Strict):
    replace: bool = False
    placeholders: list[PlaceholderEntry]


class SubstitutionEntry(_Strict):
    wrong: str = Field(min_length=1)
    right: str
    why: str = ""
    fields: list[TextField] = []


class SubstitutionsFile(_Strict):
    replace: bool = False
    substitutions: list[SubstitutionEntry]


class TemplateItem(_Strict):
    name: str = Field(min_length=1)
    aliases: list[str] = []
    deadline: str | None = None
    deadline_example: str = ""
    items: list[TemplateItem] = []

    @field_validator("deadline")
    @classmethod
    def _compiles(cls, value: str | None) -> str | None:
        return _regex(value, expand=True)


class TemplateFile(_Strict):
    replace: bool = False
    match_score: int = Field(85, ge=50, le=100)
    sections: list[TemplateItem] = []


# The same file names as the plain shapes in genhe_lint.ruledata.compiled, each with the model of the same name.
MODELS: dict[str, type[BaseModel]] = {name: globals()[shape.__name__] for name, shape in FILES.items()}
