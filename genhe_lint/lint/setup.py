"""The settings of a run, the one way every command and the language server get them: the config file found
for the paths, then the flags; every rule pattern checked against the rules there are; the rule data."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from genhe_lint import ruledata
from genhe_lint.config import settings
from genhe_lint.config.settings import Settings
from genhe_lint.errors import UsageError
from genhe_lint.lint import selection
from genhe_lint.lint.options import Options


@dataclass(frozen=True, slots=True)
class Loaded:
    options: Options
    data: ruledata.RuleData
    settings: Settings
    source: Path | None  # the config file used, if any


def is_rule_pattern(pattern: str) -> bool:
    from genhe_lint.rules import ALL_RULES

    return any(selection.matches(pattern, r.code, r.name) for r in ALL_RULES)


def _listed(values: Sequence[str]) -> list[str]:
    """Rule patterns given on the command line: each flag may list several, separated by commas (full-width
    ones too) or spaces, as ``--select GL101,GL102`` in ruff's style."""
    return [p for v in values for p in v.replace("，", ",").replace(" ", ",").split(",") if p]


def load_settings(paths: Sequence[str], *, config: str | None = None, isolated: bool = False,
                  select: Sequence[str] = (), ignore: Sequence[str] = (),
                  rules_dirs: Sequence[str] = ()) -> Loaded:
    """The settings for ``paths`` with the flags' select, ignore and rule-data folders; a
    :class:`UsageError` naming the file for a broken config, an unknown rule or broken rule data."""
    try:
        found = settings.load(list(paths), config, isolated)
    except settings.ConfigError as exc:
        raise UsageError(f"配置错误 / configuration error: {exc}") from None
    conf = found.settings
    select, ignore = _listed(select), _listed(ignore)
    if select:
        conf.select = select
    if ignore:
        conf.ignore = [*conf.ignore, *ignore]
    patterns = [*conf.select, *conf.ignore, *conf.severity]
    patterns += [p for codes in conf.per_file_ignores.values() for p in codes]
    unknown = [p for p in patterns if not is_rule_pattern(p)]
    if unknown:
        where = f"（{found.source}）" if found.source else ""
        raise UsageError(f"未知的规则{where} / unknown rule: {', '.join(unknown)} "
                         "(genhe-lint rules 列出全部规则)")
    try:
        data = ruledata.load(tuple([*conf.rules_dirs, *rules_dirs]))
    except ruledata.RuleDataError as exc:
        raise UsageError(f"规则数据错误 / rule-data error: {exc}") from None
    return Loaded(Options.from_settings(conf), data, conf, found.source)
