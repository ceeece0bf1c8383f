"""The catalog format, described once as pydantic models. They generate ``schema/catalog.schema.json``
(for editors) and the validator that checks every file for ``GL002`` (:mod:`genhe_lint.catalog.validate`).

Titles and descriptions are Chinese, so editors that read JSON Schema show Chinese hover help.
Rules read catalogs through :mod:`genhe_lint.catalog.model` (which keeps positions and is lenient);
these models say what a well-formed file looks like.
"""

from __future__ import annotations

import json
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, StrictInt, StrictStr

# The format's keys live in the pydantic-free genhe_lint.catalog.fields (start-up stays fast); re-exported.
from genhe_lint.catalog.fields import ATTRIBUTES, COLUMN_HEADERS, FORMAT_VERSION, NODE_KEYS, TOP_KEYS

__all__ = ["ATTRIBUTES", "COLUMN_HEADERS", "FORMAT_VERSION", "NODE_KEYS", "TOP_KEYS", "Catalog",
           "CatalogNode", "json_schema", "json_schema_text", "validator_schema"]


class CatalogNode(BaseModel):
    """目录中的一个事项（一级、二级或三级事项）。未填写的属性从上级事项继承（合并单元格）。"""

    model_config = ConfigDict(extra="forbid", title="事项")

    serial: StrictInt | None = Field(None, title="序号", description="印刷的序号（一般只在一级事项上）", ge=0)
    name: StrictStr | None = Field(
        None, title="事项名称",
        description="一级、二级或三级事项的名称；下级事项不写 name 表示它是上级合并单元格下的又一行")
    content: StrictStr | None = Field(
        None, title="公开内容（要素）", description="公开内容（要素）；多条时用 | 块逐行书写")
    deadline: StrictStr | None = Field(
        None, title="公开时限", description="如“信息产生或变更之日起20个工作日内公开”；不填则继承上级")
    publisher: StrictStr | None = Field(
        None, title="公开主体", description="本部门或其内设科室；不填则继承上级")
    channels: list[StrictStr] | None = Field(
        None, title="公开渠道和载体",
        description="勾选的渠道，如 [政府网站, 政务服务中心]；[] 表示一个也没勾（缺陷）；不填则继承上级")
    audience: list[StrictStr] | None = Field(
        None, title="公开对象", description="全社会 和/或 特定群体；[] 表示未勾选（缺陷）；不填则继承上级")
    unit: StrictStr | None = Field(None, title="责任科室", description="本部门的内设科室；不填则继承上级")
    items: list[CatalogNode] | None = Field(None, title="下级事项", description="二级或三级事项")


class Catalog(BaseModel):
    """根河市政府信息主动公开目录（一个部门一个文件）。"""

    model_config = ConfigDict(extra="forbid", title="政府信息主动公开目录")

    version: StrictInt | None = Field(
        FORMAT_VERSION, title="格式版本", description=f"目录文件格式的版本，当前为 {FORMAT_VERSION}")
    department: StrictStr = Field(
        title="公开主体（部门）", description="整个目录的公开主体，须为登记的部门全称，如“根河市民政局”")
    title: StrictStr | None = Field(None, title="目录标题", description="如“根河市民政局主动公开目录”")
    sections: list[CatalogNode] = Field(title="一级事项", description="按表格顺序排列的一级事项")


def json_schema() -> dict[str, Any]:
    schema = Catalog.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    return schema


def json_schema_text() -> str:
    return json.dumps(json_schema(), ensure_ascii=False, indent=2) + "\n"


def validator_schema() -> dict[str, Any]:
    """The models' pydantic-core schema as plain data, for a validator built without importing pydantic.

    Each model becomes a typed dict with the same fields, in the same order, and the same rule for unknown
    keys: a file gets the same errors, and validating builds no model instances. Defaults are left out (the
    check wants only the errors), and so are references to Python classes and functions (JSON Schema hooks),
    so the result is JSON."""

    def name(ref: str) -> str:  # "genhe_lint.catalog.schema.CatalogNode:1234" -> "CatalogNode"
        return ref.split(":")[0].rsplit(".", 1)[-1]

    def plain(schema: Any) -> Any:
        if isinstance(schema, list):
            return [plain(s) for s in schema]
        if not isinstance(schema, dict):
            return schema
        kind = schema.get("type")
        if kind == "default":
            return plain(schema["schema"])
        if kind == "definition-ref":
            return {"type": kind, "schema_ref": name(schema["schema_ref"])}
        if kind == "model":
            return {
                "type": "typed-dict", "ref": name(schema["ref"]),
                "extra_behavior": schema["config"]["extra_fields_behavior"],
                "fields": {key: {"type": "typed-dict-field", "required": field["schema"]["type"] != "default",
                                 "schema": plain(field["schema"])}
                           for key, field in schema["schema"]["fields"].items()}}
        return {key: plain(value) for key, value in schema.items() if key != "metadata"}

    result: dict[str, Any] = plain(Catalog.__pydantic_core_schema__)
    return result

