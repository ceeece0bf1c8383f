"""The catalog format's keys and their printed column headers: plain constants, no pydantic.

The loader, the model and the rules need only these; the pydantic models in :mod:`genhe_lint.catalog.schema`
(which generate the JSON Schema and GL002's compiled validator) are imported only where they are needed.
"""

from __future__ import annotations

FORMAT_VERSION = 1

ATTRIBUTES = ("deadline", "publisher", "channels", "audience", "unit")
NODE_KEYS = ("serial", "name", "content", *ATTRIBUTES, "items")
TOP_KEYS = ("version", "department", "title", "sections")

# key -> printed column header; used in messages and in the documentation table
COLUMN_HEADERS: dict[str, str] = {
    "version": "格式版本",
    "department": "公开主体（整个目录）",
    "title": "目录标题",
    "sections": "一级事项",
    "serial": "序号",
    "name": "事项名称",
    "content": "公开内容（要素）",
    "deadline": "公开时限",
    "publisher": "公开主体",
    "channels": "公开渠道和载体",
    "audience": "公开对象",
    "unit": "责任科室",
    "items": "下级事项",
}
