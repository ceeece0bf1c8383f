"""The rule-data files (``lint_rules/*.yaml``) as pydantic models: the one description of each file's shape.

They validate a file (their errors become :class:`genhe_lint.ruledata.files.RuleDataError` with the file's
path, line and column), give the dump that :func:`genhe_lint.ruledata.compiled.compile_data` compiles, and
generate the JSON Schemas in ``schema/lint_rules/`` (Chinese titles and descriptions, for the editors of the
data). Imported only to validate a file whose validated dump is not in the user's cache.

Write the schemas with ``genhe-lint schema --all``.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Literal, TypeVar

from pydantic import BaseModel, ConfigDict, Field, field_validator

from genhe_lint.ruledata import patterns
from genhe_lint.ruledata.compiled import FILE_NAMES

TextField = Literal["title", "name", "content", "deadline", "publisher", "unit", "department"]

_REPLACE = Field(False, title="替换内置数据",
                 description="true：本文件取代内置的同名文件；"
                             "不写或 false：在内置数据上增补（同名条目以本文件为准）")


R = TypeVar("R", str, str | None)


def _regex(value: R, kind: patterns.Kind) -> R:
    """A rule-data pattern must be one RE2 runs as written (``{N}`` expanded first for a deadline): a
    :class:`~genhe_lint.ruledata.patterns.PatternError` (a ValueError) says what is not allowed and what
    to write instead."""
    if value is not None:
        patterns.check(value, kind)
    return value


_RE2 = ("由线性时间的 RE2 引擎执行：不支持前瞻、后顾断言和反向引用；"
        "\\d、\\s、\\w、\\b 只认半角（ASCII）字符，如全角数字须写作 [0-9０-９]")


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class RegionFile(_Strict):
    """本地区（本级政府）的设定（region.yaml）。"""

    model_config = ConfigDict(title="本地区设定")

    replace: bool = _REPLACE
    name: str = Field(
        title="地名", description="本级政府的地名，如“根河市”；目录中与它只差一个字的地名报为写错")
    level: str = Field("", title="行政级别", description="如“县级市”，用于提示语")
    parents: list[str] = Field(
        [], title="上级地区", description="上级地区，由近及远，如 [呼伦贝尔市, 内蒙古自治区]")
    near_miss_allowed: list[str] = Field(
        [], title="不算地名错误的词", description="与本地名称只差一个字、但属于正常用语的词，如“根据市”")
    near_miss_words: list[str] = Field(
        [], title="地名末字开头的常用词",
        description="以本地名称末字开头的常用词，如“市场”“市民”“市政”：“沿河市场”中的“沿河市”不是地名")
    channel_names: dict[str, str] = Field(
        {}, title="本地区的渠道叫法",
        description="各地对同一渠道的叫法不同：键为 channels.yaml 中的 id，值为本地区的叫法")


class DepartmentEntry(_Strict):
    """登记的一个部门。"""

    model_config = ConfigDict(title="部门")

    name: str = Field(min_length=2, title="规范全称", description="部门的规范全称，如“根河市民政局”")
    aliases: list[str] = Field([], title="其他叫法", description="简称等其他叫法，如“民政局”")
    old_names: list[str] = Field([], title="旧称", description="机构改革前的名称")
    units: list[str] = Field([], title="内设科室", description="内设科室（责任科室、公开主体可用）")
    unit_aliases: dict[str, str] = Field({}, title="科室的其他写法", description="科室的其他写法 -> 规范写法")


class DepartmentsFile(_Strict):
    """发布主动公开目录的部门登记表（departments.yaml）。"""

    model_config = ConfigDict(title="部门登记表")

    replace: bool = _REPLACE
    departments: list[DepartmentEntry] = Field(
        [], title="部门", description="增加一个部门：复制一段，改名称和科室即可")
    references: list[str] = Field(
        [], title="可提及的其他机构",
        description="目录里可以正当提到的其他机构（不会被当作“他部门名称”报出）")


class VocabEntry(_Strict):
    """一个规范取值及其已知的其他写法。"""

    model_config = ConfigDict(title="取值")

    id: str = Field("", title="标识", description="供 region.yaml 的 channel_names 引用的标识")
    name: str = Field(title="规范写法")
    variants: list[str] = Field(
        [], title="其他写法", description="已知的其他写法（可自动修正）；空格和半角括号的差别不必列出")


class ChannelsFile(_Strict):
    """公开渠道和载体的规范取值（channels.yaml）。"""

    model_config = ConfigDict(title="公开渠道和载体")

    replace: bool = _REPLACE
    channels: list[VocabEntry] = Field(title="渠道")


class AudiencesFile(_Strict):
    """公开对象的规范取值（audiences.yaml）。"""

    model_config = ConfigDict(title="公开对象")

    replace: bool = _REPLACE
    audiences: list[VocabEntry] = Field(title="公开对象")


class DeadlineEntry(_Strict):
    """一种认可的公开时限写法。"""

    model_config = ConfigDict(title="时限写法")

    name: str = Field(title="名称")
    pattern: str = Field(
        title="写法", description="正则表达式，{N} 代表一个数字（阿拉伯数字或汉字数字）；"
                                  "整个时限（去掉末尾的句号）须完全匹配。" + _RE2)

    @field_validator("pattern")
    @classmethod
    def _compiles(cls, value: str) -> str:
        return _regex(value, "deadline")


class DeadlinesFile(_Strict):
    """公开时限的认可写法（deadlines.yaml）。"""

    model_config = ConfigDict(title="公开时限")

    replace: bool = _REPLACE
    deadlines: list[DeadlineEntry] = Field(title="认可的写法")


class PhraseEntry(_Strict):
    """属于上级政府的一个用语。"""

    model_config = ConfigDict(title="上级用语")

    phrase: str = Field(min_length=1, title="用语", description="要查找的词，如“全区”")
    why: str = Field("", title="说明", description="写进提示的说明")
    exclude: list[str] = Field([], title="例外", description="包含该词但属正常用语的更长的词（不报）")
    body: bool = Field(
        False, title="是机构名称",
        description="true：该词是上级机构的名称（如“民政厅”），前面紧跟省级地名时是机构全称（引用），不报")


class CitedContext(_Strict):
    """引用上级机构或文件的一种句式，如“转发……通知”。"""

    model_config = ConfigDict(title="引用句式")

    before: str = Field(
        min_length=1, title="开头", description="用语之前、同一分句内出现的词，如“转发”“依据”")
    after: str = Field(
        "", title="结尾", description="用语之后、同一分句内出现的词，如“通知”“要求”；不写则不要求")


class HigherLevelFile(_Strict):
    """属于上级政府而不属于本级目录的用语（higher_level.yaml）。"""

    model_config = ConfigDict(title="上级政府用语")

    replace: bool = _REPLACE
    phrases: list[PhraseEntry] = Field(title="用语")
    quotes: list[str] = Field(
        [], title="文件名号", description="成对的书名号，如“《》”：书名号内的用语是文件名称（引用），不报")
    body_prefixes: list[str] = Field(
        [], title="机构名称前缀",
        description="机构名称（body: true）前面紧跟这些词（或任一省级地名）时是上级机构的名称，如“自治区”")
    cited: list[CitedContext] = Field(
        [], title="引用句式", description="引用上级机构或文件的句式：用语在其中时是引用，不报")
    mention_before: list[str] = Field(
        [], title="提到机构的前置词",
        description="其他机构名称前面是这些词（如“与”“配合”“报”）时，是提到该机构，不是本目录的公开主体")
    mention_after: list[str] = Field(
        [], title="提到机构的后置词",
        description="其他机构名称后面紧跟这些词（如“下达”“印发”“批复”）时，是提到该机构")
    clause_ends: str = Field(
        "。；;！？!?\n", title="分句结束符", description="引用句式的开头和结尾须在同一分句内")

    @field_validator("quotes")
    @classmethod
    def _pairs(cls, value: list[str]) -> list[str]:
        for pair in value:
            if len(pair) != 2:
                raise ValueError(f"“{pair}”应为一对符号（两个字符），如“《》” / a pair of two characters")
        return value


class GuideWordingEntry(_Strict):
    """国家或自治区标准指引中写给各地的一句模板用语。"""

    model_config = ConfigDict(title="指引用语")

    phrase: str = Field(min_length=1, title="用语", description="要查找的词，如“各地配套”")
    why: str = Field("", title="说明", description="写进提示的说明")
    instead: str = Field("", title="改为", description="建议的写法，写进提示（不自动替换）")
    exclude: list[str] = Field([], title="例外", description="包含该词但属正常用语的更长的词（不报）")


class GuideWordingFile(_Strict):
    """照抄国家或自治区标准指引、未改成本级实际的模板用语（guide_wording.yaml）。"""

    model_config = ConfigDict(title="标准指引的模板用语")

    replace: bool = _REPLACE
    phrases: list[GuideWordingEntry] = Field(title="用语")


class PlaceholderEntry(_Strict):
    """一种模板占位符。"""

    model_config = ConfigDict(title="占位符")

    pattern: str = Field(title="写法", description="正则表达式，不能匹配空文字。" + _RE2)
    example: str = Field("", title="示例")
    not_after: str | None = Field(
        None, title="前一个字不能是",
        description="一个字符类，如 [A-Za-z]：占位符紧挨在这些字符之后时不算（文字开头总是算）。"
                    "XX 写在英文单词里（如 XXL）不是占位符，就这样排除")
    not_before: str | None = Field(
        None, title="后一个字不能是",
        description="一个字符类，如 [A-Za-z]：占位符后面紧跟这些字符时不算（文字末尾总是算）。"
                    "占位符的重复部分会少取一个字再看，如 XXXa 中的 XX 也不算（X 是字母）")

    @field_validator("pattern")
    @classmethod
    def _compiles(cls, value: str) -> str:
        return _regex(value, "placeholder")

    @field_validator("not_after", "not_before")
    @classmethod
    def _one_class(cls, value: str | None) -> str | None:
        if value is not None:
            patterns.check_class(value)
        return value


class PlaceholdersFile(_Strict):
    """模板占位符：照抄模板后忘了替换的文字（placeholders.yaml）。"""

    model_config = ConfigDict(title="模板占位符")

    replace: bool = _REPLACE
    placeholders: list[PlaceholderEntry] = Field(title="占位符")


class SubstitutionEntry(_Strict):
    """一个已知的错误写法及其改正。"""

    model_config = ConfigDict(title="错误写法")

    wrong: str = Field(min_length=1, title="错误写法")
    right: str = Field(title="改正为")
    why: str = Field("", title="说明")
    fields: list[TextField] = Field([], title="查找的列", description="只在这些列中查找；不写则查所有文字列")


class SubstitutionsFile(_Strict):
    """已知的错误写法及其改正（substitutions.yaml），可自动修正。"""

    model_config = ConfigDict(title="已知的错误写法")

    replace: bool = _REPLACE
    substitutions: list[SubstitutionEntry] = Field(title="错误写法")


class GazetteerFile(_Strict):
    """全国行政区划名称（gazetteer.yaml，由 scripts/refresh_gazetteer.py 生成）。"""

    model_config = ConfigDict(title="行政区划名称")

    replace: bool = _REPLACE
    source: str = Field("", title="来源")
    generated: str = Field("", title="生成日期")
    provinces: list[str] = Field([], title="省级", description="省级行政区的全称，如“内蒙古自治区”")
    cities: list[str] = Field([], title="地级", description="地级行政区的全称，如“呼伦贝尔市”")
    counties: list[str] = Field([], title="县级", description="县级行政区的全称，如“根河市”")


class TemplateItem(_Strict):
    """标准目录的一个事项。"""

    model_config = ConfigDict(title="标准事项")

    name: str = Field(min_length=1, title="标准名称")
    aliases: list[str] = Field(
        [], title="其他叫法", description="常见的其他叫法（比较时还会容忍少量字差，见 match_score）")
    deadline: str | None = Field(
        None, title="标准时限", description="写了才检查；正则表达式，{N} 代表一个数字。" + _RE2)
    deadline_example: str = Field("", title="时限示例", description="提示给编辑的时限写法")
    items: list[TemplateItem] = Field([], title="下级事项", description="该事项下应有的二级（或三级）事项")

    @field_validator("deadline")
    @classmethod
    def _compiles(cls, value: str | None) -> str | None:
        return _regex(value, "deadline")


class TemplateFile(_Strict):
    """标准目录：每个部门的主动公开目录都应包含的通用事项（template.yaml）。"""

    model_config = ConfigDict(title="标准目录")

    replace: bool = _REPLACE
    match_score: int = Field(
        85, ge=50, le=100, title="名称相似度",
        description="事项名称与标准名称的相似度（50 到 100）达到此值即视为同一事项")
    sections: list[TemplateItem] = Field([], title="一级事项")


# Every rule-data file's model, in the order of FILE_NAMES.
MODELS: dict[str, type[BaseModel]] = dict(zip(FILE_NAMES, (
    RegionFile, DepartmentsFile, ChannelsFile, AudiencesFile, DeadlinesFile, HigherLevelFile,
    PlaceholdersFile, SubstitutionsFile, TemplateFile, GazetteerFile, GuideWordingFile), strict=True))


def json_schema(filename: str) -> dict[str, Any]:
    schema = MODELS[filename].model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    return schema


def json_schema_texts() -> dict[str, str]:
    """Schema file name (under ``schema/``) -> its text, for every rule-data file."""
    return {f"lint_rules/{Path(name).stem}.schema.json":
            json.dumps(json_schema(name), ensure_ascii=False, indent=2) + "\n" for name in MODELS}

