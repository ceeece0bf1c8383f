"""The config file (``.genhe-lint.yaml``, or ``[tool.genhe-lint]`` in ``pyproject.toml``) as a pydantic model:
the one description of its keys. It validates a config file (its errors become
:class:`genhe_lint.config.settings.ConfigError` with the file and line) and generates
``schema/settings.schema.json``. Imported only to validate a config file whose result is not in the user's
cache.

Write the schema with ``genhe-lint schema --all``.
"""

from __future__ import annotations

import json
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from genhe_lint.diagnostic import Severity


class SettingsModel(BaseModel):
    """genhe-lint 的配置（.genhe-lint.yaml，或 pyproject.toml 的 [tool.genhe-lint]）。"""

    model_config = ConfigDict(extra="forbid", populate_by_name=True, title="genhe-lint 配置")

    select: list[str] = Field(
        default_factory=list, title="只运行的规则", description="只运行这些规则（代码、前缀或名称）")
    ignore: list[str] = Field(default_factory=list, title="不运行的规则", description="不运行这些规则")
    severity: dict[str, Severity] = Field(
        default_factory=dict, title="规则级别", description="改变规则的级别，如 GL105: error")
    per_file_ignores: dict[str, list[str]] = Field(
        default_factory=dict, alias="per-file-ignores", title="按文件忽略",
        description="按文件忽略规则：glob -> 规则列表")
    rules_dirs: list[str] = Field(
        default_factory=list, alias="rules-dirs", title="规则数据目录", description="额外的规则数据目录")
    exclude: list[str] = Field(default_factory=list, title="不检查的文件", description="不检查的文件（glob）")
    lang: Literal["zh", "en"] = Field(default="zh", title="语言", description="提示语言")
    baseline: str | None = Field(
        default=None, title="基线文件",
        description="基线文件（genhe-lint baseline 写出），相对于配置文件所在文件夹："
                    "check、pre-commit 钩子和 GitHub Action 只报告其中没有记录的问题；--no-baseline 不用它")


def written_keys() -> list[str]:
    """The keys as written in a config file (hyphens where the file spells them so)."""
    return [info.alias or name for name, info in SettingsModel.model_fields.items()]


def json_schema_text() -> str:
    schema: dict[str, Any] = SettingsModel.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    return json.dumps(schema, ensure_ascii=False, indent=2) + "\n"

