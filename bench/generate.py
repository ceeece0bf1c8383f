#!/usr/bin/env python3
"""Deterministic corpus generator for the genhe-lint benchmark.

    python bench/generate.py --out /tmp/corpus --files 2000 --seed 1 --defect-rate 0.05
    genhe-lint check /tmp/corpus/catalogs            # finds /tmp/corpus/.genhe-lint.yaml -> rules/

Writes a corpus folder:

    catalogs/catalog-00001.yaml ...   the catalogs, in the project's format (docs/format.md)
    rules/departments.yaml            the corpus's departments beyond the built-in registry (a rule-data
                                      folder for --rules-dir: every catalog has a department of its own)
    .genhe-lint.yaml                  config pointing at rules/, so a plain `genhe-lint check` works
    corpus.json                       manifest: options, sizes, items, defects injected, generator hash

The text is realistic Chinese taken from the real catalogs (catalogs/*.yaml: section and item names,
contents, deadlines) and the rule data (lint_rules/: the region, the departments and their units, the 13
channels, the audiences, the standard catalog), with ``|`` blocks, flow lists, comments and three levels of
nesting. Every catalog includes the standard catalog's items (template.yaml) with the same deadline and
channels as every other catalog, so that a clean corpus (``--defect-rate 0``) has no findings at all, also
across catalogs.

Sizes: the defaults (30-50 items per file, about 28 KB a file) match the issue's reference corpus
(2,000 files, 57 MB, 79k items). An item is a row of the printed table: a node without sub-items.

Determinism: file i depends only on (seed, i, the options, this script, the material files), never on the
number of files, the clock or hash randomisation: the same seed gives byte-identical files, and the first
500 files of a 2,000-file corpus are the 500-file corpus. The material is read from the project at run
time so that clean text stays clean under the current rule data; ``material_fingerprint()`` hashes
everything the output depends on (bench/run.py uses it to decide whether a corpus can be reused).

Defects (``--defect-rate R``): each item gets one item-level defect with probability R (wrong region name,
another department's name, alias or old name, higher-level wording, placeholders, known wrong wording,
empty/unknown/variant channels, empty/unknown audience, empty/unknown unit, unknown publisher, unrecognized
or missing deadline, empty name, missing content, duplicate name, the misspelt key ``chanels``); each file
gets, with probability R each, a serial defect, a department-key defect, an unused suppression, a missing
and a misplaced standard item, a contradicted standard deadline, and with probability R/2 the department of
an earlier file (two catalogs, one department); a YAML syntax error with probability R/10.
"""

from __future__ import annotations

import argparse
import functools
import hashlib
import json
import random
import re
import sys
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
RULES_DIR = ROOT / "lint_rules"
CATALOG_DIR = ROOT / "catalogs"
GENERATOR_VERSION = "2"

DEFAULT_FILES = 2000
DEFAULT_SEED = 1
DEFAULT_DEFECT_RATE = 0.05
DEFAULT_ITEMS = (30, 50)
PROFILES = ("clean", "messy")
# The messy profile's default defect rate: with its renamed, moved and varied standard items, findings on
# more than a third of the items.
MESSY_DEFECT_RATE = 0.15

CATALOGS = "catalogs"
RULES = "rules"
MANIFEST = "corpus.json"

# Mirrors genhe_lint.ruledata.compiled: {N} in a deadline pattern is a number.
_NUM = r"[0-9０-９一二三四五六七八九十百两]+"
_BRACKETS = str.maketrans({"(": "（", ")": "）"})

# ---------------------------------------------------------------------------------------------------------
# Hand-written material (besides what is read from catalogs/ and lint_rules/)
# ---------------------------------------------------------------------------------------------------------

# Subjects of 重点领域 items, as city catalogs list them; combined with LINE_TEMPLATES into contents.
AREAS = [
    "行政许可", "行政处罚", "行政检查", "行政强制", "行政奖励", "行政给付", "行政确认", "公共服务事项",
    "双随机一公开", "安全生产", "应急管理", "社会信用体系建设", "招标投标", "项目审批",
    "民生实事", "乡村振兴", "生态环境保护", "优化营商环境", "统计数据", "规划计划", "标准规范", "专项资金",
    "减税降费", "就业创业", "社会保险", "医疗救助", "教育资源配置", "文化惠民工程", "全民健身",
    "农村公路建设", "水利工程建设", "森林草原防火", "食品安全", "药品安全", "城市管理执法", "保障性住房",
    "退役军人服务保障", "信访事项办理", "人大代表建议和政协委员提案办理", "扫黑除恶", "河湖长制",
    "防汛抗旱", "疫情防控", "消费者权益保护", "知识产权保护", "重大行政决策", "行政复议",
]

LINE_TEMPLATES = [
    "{a}相关的法律法规、规章及规范性文件",
    "{a}工作的办事指南、办理流程、办理时限和收费标准",
    "{a}工作开展情况及结果信息",
    "{a}年度工作计划和上年度工作总结",
    "{a}相关的通知、公告、公示等信息",
    "{a}专项资金的分配、使用和绩效评价情况",
    "{a}监督检查结果及整改落实情况",
    "{a}政策措施的解读材料（文字、图表、音视频等形式）",
    "全市{a}工作的统计数据和分析报告",
    "{a}相关的咨询、投诉渠道和办理结果",
    "{a}责任清单、工作制度和工作流程",
    "{a}重要会议、重大活动的相关信息",
    "{a}办理结果（办理对象、办理事项、办理依据、办理时间、办理结果），涉及个人隐私的除外",
    "{a}相关的权力清单、责任清单及权力运行流程图（有则公开）",
    "{a}中公众参与的事项范围、方式、征求意见稿及意见采纳情况",
    "{a}工作的督查督办、绩效考核结果及问题整改落实情况",
    "{a}相关的标准、规范和技术要求，以及执行和落实情况报告",
    "落实上级和本级政府关于{a}工作的部署要求的情况",
    "{a}工作联系方式（办公地址、办公时间、工作电话、监督投诉电话）",
    "{a}相关的应急预案、预警信息及应对处置情况",
]


def join(area: str, rest: str) -> str:
    """``area`` followed by ``rest``, without the doubled word that an area ending in the words ``rest``
    starts with would make (政府重点工作 + 工作的… -> 政府重点工作的…): a clean corpus has no repeated
    word."""
    for k in range(len(area), 1, -1):
        if rest.startswith(area[-k:]):
            return area + rest[k:]
    return area + rest


def fill(template: str, area: str) -> str:
    """A content line of ``template`` for ``area`` (see ``join``)."""
    first, *rests = template.split("{a}")
    return first + "".join(join(area, rest) for rest in rests)


# Names of 三级事项 under an area (area + suffix).
SUB_ITEMS = ["政策文件", "办事指南", "工作动态", "结果公开", "统计信息", "监督检查", "专项资金", "工作计划"]

# Sentences naming a department ({d}); {d} starts the sentence or follows "1. ", so that a wrong name
# in it is reported (it starts a phrase).
MENTION_TEMPLATES = [
    "{d}印发的主动公开文件",
    "{d}人事任免信息及职级晋升信息。（本单位非领导职务人员岗位调整、人员招聘等信息）",
    "{d}各类专项资金的管理办法及相关制度。",
    "{d}管理和使用的专项资金来源、分配、使用结果等信息。集中展示。",
    "{d}重大项目进展情况表，各项目进展信息",
    "1. {d}年度重点工作总结\n2. {d}政策执行和落实情况报告。",
    "1. {d}工作开展情况报告\n2. 其他需要公开的相关信息",
]
PLACEHOLDER_TEMPLATES = [
    "1. {d}XX年重点工作总结\n2. {d}XX政策执行和落实情况报告。",
    "1. {d}XX工作开展情况报告、{d}XX工作整改情况报告\n2. 其他需要公开的相关信息",
    "{d}XX年度政府集中采购目录、标准及实施情况（包括网上商城相关信息）",
    "××工作开展情况及结果信息",
    "由某某科室负责的{a}相关信息",
]
HIGHER_LEVEL_LINES = [
    "负责制定{a}工作标准，组织各盟市开展{a}的申报和审核工作",
    "指导全区{a}工作",
    "提出加强和改进全省{a}工作的建议",
    "承办民政厅本级{a}相关工作",
    "自治区本级{a}专项资金的分配情况",
    "督促各旗市区落实{a}相关措施",
]
WRONG_WORDING_LINES = [
    "涉及公民、法人、其他组织权力义务的规范性文件征求意见公告及所附的起草说明、征求意见稿全文",
    "{a}专项资金帐户的开设和使用情况",
    "组织指导全市行政区划界限的得勘定管理等信息",
]
NEAR_MISS_REGIONS = ["天河市", "天河市", "天河市", "根和市", "银河市"]
UNKNOWN_CHANNELS = ["政府网址", "微信公众号", "电子显示屏", "宣传栏", "新闻媒体", "政府网站专栏"]
UNKNOWN_AUDIENCES = ["全体居民", "服务对象", "相关企业"]
UNKNOWN_UNITS = ["综合股", "业务股", "财务股", "人事股", "法规股", "综合办公室"]
BAD_DEADLINES = ["及时公开", "按规定时限公开", "常年公开", "随时更新", "定期公开", "不定期公开", "每季度公开",
                 "信息产生后尽快公开"]
# The messy profile: lines naming the department, renamed standard items and sections.
MESSY_MENTIONS = ["由{d}负责公开", "{d}相关工作信息", "{d}依职责公开的相关信息", "详见{d}门户网站专栏"]
MESSY_RENAMES = ["{n}情况", "本单位{n}", "{n}有关信息", "{n}公开"]
MESSY_SECTION_SUFFIXES = ["类信息", "情况", "事项"]
UNREGISTERED_DEPARTMENTS = ["根河市老干部局", "根河市档案史志馆", "根河市机关事务服务中心"]

# The corpus's own departments beyond the 25 of the built-in registry (lint_rules/departments.yaml): the
# towns and streets of 根河市, their offices, and the villages' and communities' bodies. Written to
# rules/departments.yaml next to the catalogs, as a region's full registry would be.
TOWNS = ["好里堡街道", "河西街道", "森工街道", "河东街道", "金河镇", "阿龙山镇", "满归镇", "得耳布尔镇",
         "敖鲁古雅鄂温克族乡"]
TOWN_BODIES = ["财政所", "司法所", "卫生院", "中心学校", "农牧业综合服务中心", "综合文化站", "林业工作站",
               "市场监管所", "综合行政执法队", "便民服务中心", "退役军人服务站", "社会保障服务中心",
               "应急服务站", "生态环境保护站", "规划建设服务中心", "党群服务中心"]
VILLAGE_FIRST = "兴和胜光新友建民幸东北南"
VILLAGE_SECOND = "安平利明华谊山岭泉林"
VILLAGE_BODIES = {
    "村": ["村民委员会", "卫生室", "党群服务中心", "便民服务站", "综合文化服务站", "小学", "农牧业服务站",
          "股份经济合作社"],
    "社区": ["居民委员会", "卫生服务站", "党群服务中心", "便民服务站", "综合文化服务站", "幼儿园",
            "老年活动中心", "网格服务站"],
}
SYNTHETIC_UNITS = [["办公室"], ["办公室", "财务室"], ["办公室", "业务科"], ["办公室", "综合服务科", "财务室"]]
# Standard items a file may lose (GL601) or have moved (GL602): none has a look-alike that would take its
# place.
DROPPABLE_STANDARD = ["履职依据 > 法律法规规章", "机关简介 > 下属机构", "其他相关信息 > 建议提案"]
MOVABLE_STANDARD = [("政府信息公开工作 > 政府信息公开指南", "财政信息"),
                    ("履职依据 > 政策解读", "政府重点工作"),
                    ("其他相关信息 > 建议提案", "政民互动")]
# The one standard item whose deadline a file may contradict (GL603).
CONTRADICTED_STANDARD = ("财政信息 > 部门预决算", "信息产生或变更之日起20个工作日内公开")
# The one standard item whose deadline (not fixed by the standard catalog) a file may change: the other
# catalogs keep the corpus's wording, and GL702 reports the file that deviates from that majority.
DEVIATING_STANDARD = ("财政信息 > 政府采购", "实时更新")
EXTRA_DEADLINES = ["信息产生或变更之日起20个工作日内公开", "信息形成之日起15个工作日内公开", "即时公开",
                   "信息产生或变更之日起20个工作日内公开，保持长期公开", "每年3月底前公开", "实时更新"]

HEADER_NOTES = [
    "# - 公开对象: √ prints only in the 全社会 column unless noted; no other mark is printed.",
    "# - Checkbox cells print in two notations (☑/☐ and ■/□); only checked boxes are listed in `channels`.",
    "# - 责任科室 is written once, on the highest node where it is uniform (merged cells are inherited).",
    "# - Merged cells: the extraction emits a merged cell's text once, with the first row it spans.",
    "# - Words and labels split by the PDF's line breaks are joined; trailing padding spaces are dropped.",
    "# - Defects are kept as printed (wrong names, placeholders, empty cells); "
    "nothing is silently corrected.",
    "# - 公开主体 column prints the bureau's name or the responsible unit, as on the printed table.",
    "# - 公开时限 cells that print nothing are read as merged with the nearest printed cell above "
    "in the group.",
    "# - Point numbers are kept as printed (1. / 1、 / 1.), including missing dots and stray spaces.",
    "# - The extracted text shifts columns where cells are merged and where pages break; "
    "the structure below is",
    "#   the one the printed table evidently had, and each such judgement is noted where it applies.",
]
SECTION_NOTES = [
    "# 公开时限, 公开主体 and the box cell print once, on the {first} row: merged over the section.",
    "# 公开时限, 公开主体, boxes, √ and 责任科室 are each printed once, at the {first} row: "
    "merged over the group\n"
    "# of rows below; a row that prints nothing in a column is read as covered by that merged cell.",
    "# √ prints once, on the {first} row: one merged 公开对象 cell over the section.",
    "# The table prints this 一级事项 over a page break; the rows below are the ones it evidently spans.\n"
    "# The 序号 and the 一级事项 label print on the {first} row only (merged cell, label printed mid-span).",
    "# 公开主体 and the box cell print once, on the {first} row, "
    "and cover the rows of this 一级事项 as in the\n"
    "# city template; the 公开时限 printed on some rows below is their own and overrides the merged cell.",
]
ITEM_NOTES = [
    "# 公开时限 prints nothing on this row: merged with the row above, repeated here.",
    "# the PDF breaks the cell before “（”; read as a line wrap and joined",
    "# covered by the box cell printed at the first row of the group",
    "# printed at this row; the next row prints no 公开时限: read as one merged cell, repeated on each",
    "# The 二级事项 cell is merged over several rows, each with its own 公开内容 and 公开时限; "
    "written as rows\n"
    "# under it, as the printed table evidently had them.",
    "# The box cell of this row is split by a page break: 4 boxes print here, the other 9 on the next page;\n"
    "# it is one 13-box cell, read as such.",
    "# 责任科室 prints on this row only; the rows below print nothing in that column (merged cell).",
]

TRAILING_NOTES = [
    ("audience", ["√ printed in the 全社会 column", "printed on every row (√)", "√ prints once: merged cell",
                  "印刷: √ (✓ on some rows)", "same merged span as the box cell"], 0.6),
    ("publisher", ["printed once, at the first row: one merged cell over the group", "printed on every row",
                   "as printed (公开主体 column)"], 0.35),
    ("unit", ["printed per 二级事项", "its own cell", "printed once: merged over the rows below"], 0.3),
    ("deadline", ["printed at this row; merged with the next row's empty cell", "as printed"], 0.15),
]



# ---------------------------------------------------------------------------------------------------------
# Material read from the project
# ---------------------------------------------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class Dept:
    name: str
    aliases: tuple[str, ...] = ()
    old_names: tuple[str, ...] = ()
    units: tuple[str, ...] = ("办公室",)
    unit_aliases: tuple[str, ...] = ()
    synthetic: bool = False


@dataclass(frozen=True, slots=True)
class Standard:
    """One entry of the standard catalog (template.yaml): a section (section == "") or an item."""

    name: str
    section: str
    names: frozenset[str]  # the name and its aliases
    deadline: re.Pattern[str] | None
    example: str | None

    @property
    def label(self) -> str:
        return f"{self.section} > {self.name}" if self.section else self.name


@dataclass(slots=True)
class Template:
    """An item of a real catalog, cleaned: {D} stands for the catalog's department."""

    name: str | None
    content: str | None
    deadline: str | None
    children: list[Template] = field(default_factory=list)
    standard: str | None = None  # the standard label, if this is a standard item

    def standards(self) -> set[str]:
        out = {self.standard} if self.standard else set()
        for c in self.children:
            out |= c.standards()
        return out


@dataclass(slots=True)
class Material:
    region: str
    departments: list[Dept]  # the built-in registry
    channels: list[str]  # the 13 canonical names, in table order
    channel_variants: dict[str, list[str]]  # canonical -> variants
    audiences: list[str]
    audience_variants: list[str]
    deadlines: list[str]
    sections: list[tuple[str, list[Template]]]  # section name -> its items (templates), in table order
    section_content: dict[str, str]  # one-row sections' own content
    standard: list[Standard]
    clean: Cleaner


def _material_files() -> list[Path]:
    return sorted(RULES_DIR.glob("*.yaml")) + sorted(CATALOG_DIR.glob("*.yaml"))


def material_fingerprint() -> str:
    """Hash of everything the output depends on: this script and the material files."""
    h = hashlib.sha256(GENERATOR_VERSION.encode())
    h.update(Path(__file__).read_bytes())
    for path in _material_files():
        h.update(path.name.encode() + b"\0" + path.read_bytes())
    return h.hexdigest()[:16]


def _load(name: str) -> Any:
    path = RULES_DIR / name
    return yaml.safe_load(path.read_text(encoding="utf-8")) if path.exists() else {}


def normalize(text: str) -> str:
    return "".join(unicodedata.normalize("NFKC", text).translate(_BRACKETS).split())


_REPEATED = re.compile(r"([\u3400-\u4dbf\u4e00-\u9fff]{2,4})\1")


class Cleaner:
    """Decides whether a text from the real catalogs is free of defects under the rule data."""

    def __init__(self, region: str, allowed: list[str], departments: list[Dept]) -> None:
        self.region = region
        self.allowed = set(allowed)
        self.full_names = sorted({n for d in departments for n in (d.name, *d.old_names)}, key=len,
                                 reverse=True)
        self.old_names = {n for d in departments for n in d.old_names}
        self.aliases = sorted({a for d in departments for a in d.aliases}, key=len, reverse=True)
        self.placeholders = [re.compile(p["pattern"]) for p in _load("placeholders.yaml")["placeholders"]]
        self.higher = [(p["phrase"], tuple(p.get("exclude") or ()))
                       for p in _load("higher_level.yaml")["phrases"]]
        self.wrong = [s["wrong"] for s in _load("substitutions.yaml")["substitutions"]]
        self.guide = [p["phrase"] for p in _load("guide_wording.yaml")["phrases"]]
        self.deadline_patterns = [re.compile(d["pattern"].replace("{N}", _NUM))
                                  for d in _load("deadlines.yaml")["deadlines"]]

    def deadline_ok(self, text: str) -> bool:
        text = text.strip().removesuffix("。")
        return any(p.fullmatch(text) for p in self.deadline_patterns)

    def generic(self, text: str) -> str | None:
        """The text with department names replaced by {D}, or None if it carries a defect."""
        if any(old in text for old in self.old_names):
            return None
        for name in self.full_names:
            text = text.replace(name, "{D}")
        if any(alias in text for alias in self.aliases):
            return None
        return None if self.has_defect(text.replace("{D}", "")) else text

    def has_defect(self, text: str) -> bool:
        if any(p.search(text) for p in self.placeholders):
            return True
        for phrase, exclude in self.higher:
            start = text.find(phrase)
            while start != -1:
                if not any(ex in text and text.find(ex) <= start < text.find(ex) + len(ex) for ex in exclude):
                    return True
                start = text.find(phrase, start + 1)
        if any(w in text for w in self.wrong) or any(g in text for g in self.guide):
            return True
        # half-width or unpaired parentheses, and a word written twice (GL110, GL109): left out whole
        if "(" in text or ")" in text or text.count("（") != text.count("）") or _REPEATED.search(text):
            return True
        n = len(self.region)
        for i in range(len(text) - n + 1):
            window = text[i:i + n]
            if window != self.region and window not in self.allowed and window[-1] == self.region[-1] \
                    and sum(a != b for a, b in zip(window, self.region, strict=True)) <= 1:
                return True
        return False


def _standard() -> list[Standard]:
    out: list[Standard] = []

    def entry(raw: dict[str, Any], section: str) -> Standard:
        names = frozenset([raw["name"], *(raw.get("aliases") or [])])
        pattern = raw.get("deadline")
        return Standard(raw["name"], section, names,
                        re.compile(pattern.replace("{N}", _NUM)) if pattern else None,
                        raw.get("deadline_example"))

    for sec in _load("template.yaml").get("sections") or []:
        out.append(entry(sec, ""))
        out.extend(entry(item, sec["name"]) for item in sec.get("items") or [])
    return out


def standard_deadline(std: Standard, clean: Cleaner) -> str | None:
    """A wording that satisfies both the standard's deadline and the accepted deadline wordings."""
    if std.deadline is None:
        return None
    candidates = [std.example or "", (std.example or "").replace("公布", "公开"),
                  "与政策文件同步发布", "即时公开", "本级政府财政部门批复后20日内", "每年1月31日前公开"]
    for text in candidates:
        if text and std.deadline.fullmatch(text) and clean.deadline_ok(text):
            return text
    raise SystemExit(f"generate: no deadline wording satisfies both the standard ({std.label}) "
                     "and deadlines.yaml")


def _template(node: dict[str, Any], clean: Cleaner, section: str, std: list[Standard]) -> Template | None:
    name = node.get("name")
    if isinstance(name, str):
        if not name.strip():
            return None
        name = clean.generic(name)
        if name is None or "{D}" in name:
            return None
    content = node.get("content")
    if isinstance(content, str):
        content = clean.generic(content.rstrip("\n"))
        if content is None:
            return None
    deadline = node.get("deadline")
    if not (isinstance(deadline, str) and clean.deadline_ok(deadline)):
        deadline = None
    label = None
    if isinstance(name, str):
        owner = next((s for s in std if s.section and name in s.names), None)
        if owner is not None:
            if owner.section != section:
                # a standard item under the wrong section (as 民政局's 政府信息公开指南): a defect
                return None
            label = owner.label
    children = [t for t in (_template(c, clean, section, std) for c in node.get("items") or [])
                if t is not None]
    if node.get("items") and not children:
        return None
    if not children and content is None:
        return None
    return Template(name if isinstance(name, str) else None, content, deadline, children, label)


def load_material() -> Material:
    region_data = _load("region.yaml")
    region = region_data["name"]
    departments = [
        Dept(d["name"], tuple(d.get("aliases") or ()), tuple(d.get("old_names") or ()),
             tuple(d.get("units") or ("办公室",)), tuple((d.get("unit_aliases") or {}).keys()))
        for d in _load("departments.yaml")["departments"]
    ]
    local = region_data.get("channel_names") or {}
    channels: list[str] = []
    variants: dict[str, list[str]] = {}
    for c in _load("channels.yaml")["channels"]:
        name = local.get(c["id"], c["name"])
        channels.append(name)
        variants[name] = [v for v in [c["name"], *(c.get("variants") or [])] if v != name]
    board = "社区/企事业单位/公示栏（电子屏）"
    variants[board] = [*variants.get(board, []), "社区/企事业单位/公示栏(电子屏)", "公示栏(电子屏)"]
    aud = _load("audiences.yaml")["audiences"]
    clean = Cleaner(region, region_data.get("near_miss_allowed") or [], departments)
    std = _standard()
    std_sections = {s.name: s for s in std if not s.section}

    sections: dict[str, list[Template]] = {}
    section_content: dict[str, str] = {}
    deadlines: set[str] = set(d for d in EXTRA_DEADLINES if clean.deadline_ok(d))
    for path in sorted(CATALOG_DIR.glob("*.yaml")):
        doc = yaml.safe_load(path.read_text(encoding="utf-8"))
        for sec in doc.get("sections") or []:
            name = sec.get("name")
            if not isinstance(name, str) or not name.strip() or clean.generic(name) != name:
                continue
            section = next((s.name for s in std_sections.values() if name in s.names), name)
            items = sections.setdefault(section, [])
            known = {t.name for t in items}
            have = set().union(*(t.standards() for t in items)) if items else set()
            for child in sec.get("items") or []:
                t = _template(child, clean, section, std)
                if t is None or (t.name is not None and t.name in known) or (t.standards() & have):
                    continue
                items.append(t)
                known.add(t.name)
                have |= t.standards()
            if not sec.get("items") and isinstance(sec.get("content"), str):
                text = clean.generic(sec["content"].rstrip("\n"))
                if text is not None:
                    section_content.setdefault(section, text)
        for node in _walk(doc.get("sections") or []):
            d = node.get("deadline")
            if isinstance(d, str) and clean.deadline_ok(d):
                deadlines.add(d)
    # Standard sections and items the real catalogs lack (or lost to cleaning) are written generically.
    for s in std:
        if not s.section:
            sections.setdefault(s.name, [])
        elif s.label not in set().union(*(t.standards() for t in sections[s.section])):
            sections[s.section].append(Template(s.name, f"{s.name}相关信息", None, standard=s.label))
    return Material(
        region=region, departments=departments, channels=channels, channel_variants=variants,
        audiences=[a["name"] for a in aud],
        audience_variants=[v for a in aud for v in a.get("variants") or []],
        deadlines=sorted(deadlines), sections=list(sections.items()), section_content=section_content,
        standard=std, clean=clean)


def _walk(nodes: list[dict[str, Any]]) -> Iterator[dict[str, Any]]:
    for n in nodes:
        if isinstance(n, dict):
            yield n
            yield from _walk(n.get("items") or [])


def _cn(n: int) -> str:
    digits = "零一二三四五六七八九"
    if n < 10:
        return digits[n]
    if n < 20:
        return "十" + (digits[n % 10] if n % 10 else "")
    return digits[n // 10] + "十" + (digits[n % 10] if n % 10 else "")


def synthetic_department(k: int) -> Dept:
    """The k-th department of the corpus beyond the built-in registry (deterministic, unique)."""
    region = "根河市"
    units = tuple(SYNTHETIC_UNITS[k % len(SYNTHETIC_UNITS)])
    if k < len(TOWNS):
        town = TOWNS[k]
        name = f"{region}{town}{'办事处' if town.endswith('街道') else '人民政府'}"
        return Dept(name, (name.removeprefix(region),), units=units, synthetic=True)
    k -= len(TOWNS)
    if k < len(TOWNS) * len(TOWN_BODIES):
        name = f"{region}{TOWNS[k % len(TOWNS)]}{TOWN_BODIES[k // len(TOWNS)]}"
        return Dept(name, (name.removeprefix(region),), units=units, synthetic=True)
    k -= len(TOWNS) * len(TOWN_BODIES)
    villages = [a + b for a in VILLAGE_FIRST for b in VILLAGE_SECOND]
    per_round = len(TOWNS) * len(villages) * 8
    round_, k = divmod(k, per_round)
    town = TOWNS[k % len(TOWNS)]
    k //= len(TOWNS)
    village = villages[k % len(villages)]
    kind = "社区" if town.endswith("街道") else "村"
    body = VILLAGE_BODIES[kind][k // len(villages)]
    name = f"{region}{town}{village}{kind}{body}" + (f"第{_cn(round_ + 1)}分部" if round_ else "")
    return Dept(name, (name.removeprefix(region),), units=units, synthetic=True)


def department_of(material: Material, seed: int, index: int) -> Dept:
    """File ``index``'s department (1-based): the built-in registry first, in an order set by the seed, then
    the corpus's own departments. Depends on the seed and the index only."""
    real = list(material.departments)
    random.Random(f"genhe-lint-bench:{GENERATOR_VERSION}:{seed}:departments").shuffle(real)
    if index <= len(real):
        return real[index - 1]
    k = index - len(real) - 1
    for taken in _synthetic_taken(frozenset(d.name for d in material.departments)):
        if taken <= k:
            k += 1  # that synthetic name is a built-in department's (好里堡街道办事处): skip it
    return synthetic_department(k)


@functools.lru_cache(maxsize=4)
def _synthetic_taken(builtin: frozenset[str]) -> tuple[int, ...]:
    """The synthetic departments whose name the built-in registry already has, in order: skipped, so that
    no two files of a corpus declare the same department by accident (GL701 is injected on purpose only).
    Only the first round can repeat a built-in name (later rounds end in 第N分部)."""
    villages = len(VILLAGE_FIRST) * len(VILLAGE_SECOND)
    first_round = len(TOWNS) * (1 + len(TOWN_BODIES)) + len(TOWNS) * villages * 8
    return tuple(k for k in range(first_round) if synthetic_department(k).name in builtin)


def standard_attributes(material: Material, seed: int) -> dict[str, tuple[str, list[str]]]:
    """Deadline and channels of each standard entry, the same in every catalog of a corpus (as the city
    prescribes them; GL702 reports a catalog that deviates from the majority)."""
    rng = random.Random(f"genhe-lint-bench:{GENERATOR_VERSION}:{seed}:standard")
    out: dict[str, tuple[str, list[str]]] = {}
    for s in material.standard:
        deadline = standard_deadline(s, material.clean) or rng.choice(
            [d for d in material.deadlines if "20个工作日" in d] or material.deadlines)
        picked = set(rng.sample(material.channels[1:], rng.choice([0, 1, 2, 3])))
        out[s.label] = (deadline, [c for c in material.channels if c == material.channels[0] or c in picked])
    return out


# ---------------------------------------------------------------------------------------------------------
# The catalog tree and its YAML text
# ---------------------------------------------------------------------------------------------------------

@dataclass(slots=True)
class Node:
    name: str | None = None
    content: str | None = None
    deadline: str | None = None
    publisher: str | None = None
    channels: list[str] | None = None
    audience: list[str] | None = None
    unit: str | None = None
    serial: int | None = None
    children: list[Node] = field(default_factory=list)
    parent: Node | None = None
    comments: list[str] = field(default_factory=list)  # whole-line comments before the node
    trailing: dict[str, str] = field(default_factory=dict)  # key -> trailing comment
    channels_key: str = "channels"
    standard: str | None = None  # the standard label, if this is a standard section or item

    def inherited(self, attr: str) -> Any:
        node: Node | None = self
        while node is not None:
            value = getattr(node, attr)
            if value is not None:
                return value
            node = node.parent
        return None

    def has_standard(self) -> bool:
        return self.standard is not None or any(c.has_standard() for c in self.children)

    def count(self) -> int:
        """Items: the rows of the printed table, i.e. leaf nodes (事项 without 下级事项)."""
        return sum(c.count() for c in self.children) if self.children else 1


_INDICATORS = set("-?:,[]{}#&*!|>'\"%@`")
_RESOLVER = yaml.resolver.Resolver()


def scalar(value: str, flow: bool = False) -> str:
    """A YAML scalar for a one-line string: plain when that reads back as the same string, else quoted."""
    plain = (
        value != ""
        and value == value.strip()
        and value[0] not in _INDICATORS
        and ": " not in value and " #" not in value and not value.endswith(":")
        and not (flow and any(c in value for c in ",[]{}"))
        and _RESOLVER.resolve(yaml.ScalarNode, value, (True, False)) == "tag:yaml.org,2002:str"  # type: ignore[no-untyped-call]
    )
    return value if plain else "'" + value.replace("'", "''") + "'"


def flow_list(values: list[str]) -> str:
    return "[" + ", ".join(scalar(v, flow=True) for v in values) + "]"


def emit_node(node: Node, indent: int, out: list[str]) -> None:
    pad = " " * indent
    for c in node.comments:
        out.extend(pad + line for line in c.split("\n"))
    lines: list[tuple[str, str]] = []  # (key part, value part) without indentation
    if node.serial is not None:
        lines.append(("serial", str(node.serial)))
    if node.name is not None:
        lines.append(("name", scalar(node.name)))
    block: list[str] | None = None
    if node.content is not None:
        if "\n" in node.content:
            lines.append(("content", "|"))
            block = node.content.split("\n")
        else:
            lines.append(("content", scalar(node.content)))
    first = True
    body_pad = pad + "  "

    def put(key: str, value: str) -> None:
        nonlocal first
        trailing = node.trailing.get(key)
        text = f"{key}: {value}" + (f"  # {trailing}" if trailing else "")
        out.append((pad + "- " if first else body_pad) + text)
        first = False

    for key, value in lines:
        put(key, value)
        if key == "content" and block is not None:
            out.extend(body_pad + "  " + line if line else "" for line in block)
    if node.deadline is not None:
        put("deadline", scalar(node.deadline))
    if node.publisher is not None:
        put("publisher", scalar(node.publisher))
    if node.channels is not None:
        put(node.channels_key, flow_list(node.channels))
    if node.audience is not None:
        put("audience", flow_list(node.audience))
    if node.unit is not None:
        put("unit", scalar(node.unit))
    if node.children:
        put("items", "")
        out[-1] = out[-1].rstrip()
        for child in node.children:
            emit_node(child, indent + 4, out)



# ---------------------------------------------------------------------------------------------------------
# Building one catalog
# ---------------------------------------------------------------------------------------------------------

@dataclass(slots=True)
class Options:
    seed: int = DEFAULT_SEED
    defect_rate: float = DEFAULT_DEFECT_RATE
    items: tuple[int, int] = DEFAULT_ITEMS
    profile: str = "clean"  # or "messy" (see Builder.messy)


# Item-level defects that change a deadline or the channels: never on standard entries (see
# CONTRADICTED_STANDARD), nor renames that would lose one.
_ATTRIBUTE_DEFECTS = {"empty_channels", "unknown_channel", "variant_channel", "bad_deadline",
                      "missing_deadline", "misspelt_key", "empty_name", "duplicate_name"}
_TEXT_DEFECTS = {"region", "foreign", "alias", "higher", "placeholder", "wording"}


class Builder:
    def __init__(self, material: Material, options: Options, index: int,
                 standard: dict[str, tuple[str, list[str]]] | None = None) -> None:
        self.m = material
        self.o = options
        self.index = index
        # A string seed is hashed with SHA-512 by random.seed: stable across runs and Python versions.
        self.rng = random.Random(f"genhe-lint-bench:{GENERATOR_VERSION}:{options.seed}:{index}")
        self.dept = department_of(material, options.seed, index)
        self.standard = standard if standard is not None else standard_attributes(material, options.seed)
        self.defects: list[str] = []
        self.items = 0  # rows (leaf nodes) written

    # --- clean structure --------------------------------------------------------------------------------

    def text(self, template: str, dept: str | None = None) -> str:
        return template.replace("{D}", dept or self.dept.name)

    def area_content(self, area: str) -> str:
        k = self.rng.choices([1, 2, 3, 4, 5, 6, 7, 8], weights=[1, 1, 2, 3, 4, 5, 5, 4])[0]
        lines = self.rng.sample(LINE_TEMPLATES, k)
        if k == 1:
            return fill(lines[0], area)
        style = self.rng.choice(["{i}. ", "{i}.", "{i}、"])
        return "\n".join(style.format(i=i + 1) + fill(t, area) for i, t in enumerate(lines))

    def channels(self) -> list[str]:
        k = self.rng.choices([1, 2, 3, 4, 5, 6], weights=[6, 4, 3, 2, 1, 1])[0]
        picked = set(self.rng.sample(self.m.channels[1:], k - 1))
        return [c for c in self.m.channels if c == self.m.channels[0] or c in picked]

    def channel_comment(self, checked: list[str]) -> str:
        unchecked = [c for c in self.m.channels if c not in checked]
        if self.rng.random() < 0.5:
            return "unchecked: " + ", ".join(unchecked)
        box = self.rng.choice(["☑", "■"])
        return f"印刷: {' '.join(box + c for c in checked)}; 其余{len(unchecked)}项未勾选" + self.rng.choice(
            ["", " (标准标签)", " (标准标签, 含“广播电视”)", ", 含“广播电视台”",
             ", 含半角括号“公示栏(电子屏)”"])

    def audience(self) -> list[str]:
        return self.rng.choices([["全社会"], ["全社会", "特定群体"], ["特定群体"]], weights=[14, 3, 1])[0]

    def deadline(self) -> str:
        weights = [6 if "20个工作日" in d else 3 if d.startswith("即时") else 1 for d in self.m.deadlines]
        return self.rng.choices(self.m.deadlines, weights=weights)[0]

    def publisher(self) -> str:
        return self.dept.name if self.rng.random() < 0.6 else self.rng.choice(self.dept.units)

    def set_attributes(self, node: Node, deadline: str | None) -> None:
        node.deadline = deadline or self.deadline()
        node.publisher = self.publisher()
        node.channels = self.channels()
        node.audience = self.audience()
        node.unit = self.rng.choice(self.dept.units)
        for key, notes, p in TRAILING_NOTES:
            if self.rng.random() < p:
                node.trailing[key] = self.rng.choice(notes)
        self.set_standard(node)
        if self.rng.random() < 0.9:
            node.trailing["channels"] = self.channel_comment(node.channels or [])

    def set_standard(self, node: Node) -> None:
        """A standard entry carries the corpus-wide deadline and channels."""
        if node.standard is not None:
            deadline, channels = self.standard[node.standard]
            node.deadline, node.channels = deadline, list(channels)

    def from_template(self, t: Template, parent: Node) -> Node:
        node = Node(name=t.name, content=self.text(t.content) if t.content is not None else None,
                    deadline=t.deadline, parent=parent, standard=t.standard)
        node.children = [self.from_template(c, node) for c in t.children]
        return node

    def area_item(self, used: set[str], parent: Node) -> Node:
        free = [a for a in AREAS if a not in used]
        area = self.rng.choice(free) if free else f"{self.rng.choice(AREAS)}专项{len(used) + 1}"
        used.add(area)
        if self.rng.random() < 0.2:  # a 二级事项 with 三级事项 of its own
            node = Node(name=area + "工作", parent=parent)
            for suffix, t in zip(self.rng.sample(SUB_ITEMS, self.rng.randint(2, 3)),
                                 self.rng.sample(LINE_TEMPLATES, 3), strict=False):
                node.children.append(Node(name=join(area, suffix), content=fill(t, area), parent=node))
            return node
        return Node(name=area, content=self.area_content(area), parent=parent)

    def build(self) -> list[Node]:
        lo, hi = self.o.items
        target = self.rng.randint(lo, hi)
        std_sections = {s.name for s in self.m.standard if not s.section}
        sections: list[Node] = []
        for name, templates in self.m.sections:
            std = name in std_sections
            if not (std or name in {"重点领域信息", "重点领域"} or self.rng.random() < 0.8):
                continue
            sec = Node(name=name, standard=name if std else None)
            for t in templates:
                if t.standards() or self.rng.random() < 0.6:
                    sec.children.append(self.from_template(t, sec))
            if not sec.children:
                sec.content = self.text(self.m.section_content.get(name) or self.area_content(name))
            sections.append(sec)
        # Fill the 重点领域 sections up to the target size, or cut non-standard items down to it.
        areas = [s for s in sections if s.name in {"重点领域信息", "重点领域"}]
        used: set[str] = {c.name for s in areas for c in s.children if c.name}
        total = sum(s.count() for s in sections)
        while total < target and areas:
            sec = self.rng.choice(areas)
            sec.content = None
            sec.children.append(self.area_item(used, sec))
            total = sum(s.count() for s in sections)
        while total > target:
            victims = [n for n in self.walk(sections) if n.parent is not None and not n.has_standard()]
            if not victims:
                break
            victim = self.rng.choice(victims)
            parent = victim.parent
            assert parent is not None
            if victim.children and total - victim.count() < target:
                victim.children.pop()
                if not victim.children:
                    victim.content = self.area_content(victim.name or self.rng.choice(AREAS))
            else:
                parent.children.remove(victim)
                if not parent.children:
                    parent.content = self.area_content(parent.name or self.rng.choice(AREAS))
            total = sum(s.count() for s in sections)
        for i, sec in enumerate(sections, 1):
            sec.serial = i
            self.place_attributes(sec)
        return sections

    def place_attributes(self, sec: Node) -> None:
        """Where the table's cells are merged: on the section, on 二级事项, or on every row."""
        mode = (self.rng.choices(["section", "item", "row"], weights=[2, 3, 5])[0] if sec.children
                else "section")
        if mode == "section":
            self.set_attributes(sec, None)
            if sec.children and self.rng.random() < 0.9:
                first = sec.children[0].name or "first"
                sec.comments.append(self.rng.choice(SECTION_NOTES).format(first=first))
            for leaf in self.leaves(sec):
                if leaf is not sec and not (leaf.deadline is not None and self.rng.random() < 0.5):
                    # else the row's own 公开时限 (from the template) overrides the merged cell
                    leaf.deadline = None
        else:
            if self.rng.random() < 0.6:
                sec.comments.append(
                    self.rng.choice(SECTION_NOTES).format(first=sec.children[0].name or "first"))
            for child in sec.children:
                if mode == "item" or child.children:
                    self.set_attributes(child, child.deadline)
                    for leaf in self.leaves(child):
                        if leaf is not child and self.rng.random() < 0.7:
                            leaf.deadline = None
                else:
                    self.set_attributes(child, child.deadline)
                if self.rng.random() < 0.75:
                    child.comments.append(self.rng.choice(ITEM_NOTES))
        for node in self.walk([sec]):  # standard entries below carry their own deadline and channels
            if node.standard is not None and node is not sec and node.channels is None:
                self.set_standard(node)
                node.trailing["channels"] = self.channel_comment(node.channels or [])

    @staticmethod
    def leaves(node: Node) -> Iterator[Node]:
        if not node.children:
            yield node
        for c in node.children:
            yield from Builder.leaves(c)

    @staticmethod
    def walk(nodes: list[Node]) -> Iterator[Node]:
        for n in nodes:
            yield n
            yield from Builder.walk(n.children)

    # --- the messy profile ------------------------------------------------------------------------------

    def messy(self, sections: list[Node]) -> None:
        """Depart from the standard catalog as a whole region's real catalogs do: most contents name the
        department, standard sections and items are renamed, moved or missing, and the deadlines and
        channels of standard items vary by district. Drawn from a generator of its own, so the clean
        profile's draws are untouched."""
        rng = random.Random(f"genhe-lint-bench:{GENERATOR_VERSION}:{self.o.seed}:messy:{self.index}")
        for node in list(self.walk(sections)):
            if node.content is not None and rng.random() < 0.75:
                self.append_line(node, rng.choice(MESSY_MENTIONS).format(d=self.dept.name))
        for sec in sections:
            if sec.standard is not None and rng.random() < 0.08:
                sec.name = f"{sec.name}{rng.choice(MESSY_SECTION_SUFFIXES)}"
                sec.standard = None
        for node in [n for n in self.walk(sections) if n.standard is not None and n.parent is not None]:
            parent = node.parent
            assert parent is not None
            roll = rng.random()
            if roll < 0.1:  # renamed: no longer the standard item (GL601 reports it missing)
                node.name = rng.choice(MESSY_RENAMES).format(n=node.name)
                node.standard = None
            elif roll < 0.16 and len(parent.children) > 1:  # missing
                parent.children.remove(node)
            elif roll < 0.22 and len(parent.children) > 1:  # moved under another section
                target = rng.choice([s for s in sections if s is not parent and s.children] or [parent])
                parent.children.remove(node)
                node.parent = target
                target.children.append(node)
        # Regional variation: each district (a fifth of the files) words some standard deadlines and
        # picks some standard channels its own way; GL702 reports the files against the majority.
        district = random.Random(f"genhe-lint-bench:{GENERATOR_VERSION}:{self.o.seed}:district:"
                                 f"{self.index % 5}")
        variants = {}
        for s in self.m.standard:
            if s.section and s.deadline is None and district.random() < 0.3:
                variants[s.label] = (district.choice(self.m.deadlines),
                                     sorted(district.sample(self.m.channels, 3), key=self.m.channels.index))
        for node in self.walk(sections):
            if node.standard in variants and node.channels is not None:
                node.deadline, node.channels = variants[node.standard]
                node.channels = list(node.channels)

    # --- defects ----------------------------------------------------------------------------------------

    def other_dept(self) -> Dept:
        """Another department with a catalog in the corpus (an earlier file's, or a built-in one)."""
        n = len(self.m.departments)
        k = self.rng.choice([i for i in range(1, max(n, self.index - 1) + 1) if i != self.index])
        return department_of(self.m, self.o.seed, k)

    def own_wrong_name(self) -> str:
        return self.rng.choice([*self.dept.aliases, *self.dept.old_names, *self.dept.old_names])

    def append_line(self, node: Node, line: str) -> None:
        lines = (node.content or "").split("\n") if node.content else []
        if len(lines) == 1 and not re.match(r"\d", lines[0]):
            lines = [f"1. {lines[0]}"]
        lines.append(f"{len(lines) + 1}. {line}")
        node.content = "\n".join(lines)

    def effective_channels(self, node: Node) -> list[str]:
        return list(node.inherited("channels") or [self.m.channels[0]])

    def node_defect(self, node: Node, siblings: list[Node]) -> None:
        leaf = not node.children
        kinds = ["region", "foreign", "alias", "higher", "placeholder", "wording", "empty_channels",
                 "unknown_channel", "variant_channel", "empty_audience", "unknown_audience", "empty_unit",
                 "unknown_unit", "unknown_publisher", "bad_deadline", "empty_name", "duplicate_name",
                 "misspelt_key"]
        if leaf:
            kinds += ["missing_content"]
            if node.deadline is not None \
                    and (node.parent is None or node.parent.inherited("deadline") is None):
                kinds += ["missing_deadline"]
        else:
            kinds = [k for k in kinds if k not in _TEXT_DEFECTS]
        if node.has_standard():
            kinds = [k for k in kinds if k not in _ATTRIBUTE_DEFECTS]
        if not any(s is not node and s.name for s in siblings[: siblings.index(node)]) \
                and "duplicate_name" in kinds:
            kinds.remove("duplicate_name")
        kind = self.rng.choice(kinds)
        self.defects.append(kind)
        area = self.rng.choice(AREAS)
        if kind == "region":
            wrong = self.rng.choice(NEAR_MISS_REGIONS) + self.dept.name.removeprefix(self.m.region)
            node.content = self.rng.choice(MENTION_TEMPLATES).format(d=wrong)
        elif kind == "foreign":  # usually also a passage copied from that department's catalog (GL703)
            node.content = self.rng.choice(MENTION_TEMPLATES).format(d=self.other_dept().name)
            if self.rng.random() < 0.2:  # a deliberate mention, suppressed
                node.comments.append("# genhe-lint: disable=GL102,GL703")
        elif kind == "alias":
            node.content = self.rng.choice(MENTION_TEMPLATES).format(d=self.own_wrong_name())
        elif kind == "higher":
            self.append_line(node, fill(self.rng.choice(HIGHER_LEVEL_LINES), area))
        elif kind == "placeholder":
            t = self.rng.choice(PLACEHOLDER_TEMPLATES)
            node.content = t.replace("{d}", self.dept.name).replace("{a}", area)
        elif kind == "wording":
            if self.rng.random() < 0.3 and not node.has_standard():
                node.deadline = "信息产生或变更之日起20个工作日内公开，保持常期公开"
            else:
                self.append_line(node, fill(self.rng.choice(WRONG_WORDING_LINES), area))
        elif kind == "empty_channels":
            node.channels = []
            node.trailing["channels"] = "印刷: 公开渠道和载体 cell empty (no box printed)"
        elif kind == "unknown_channel":
            node.channels = [*self.effective_channels(node), self.rng.choice(UNKNOWN_CHANNELS)]
            node.trailing.pop("channels", None)
        elif kind == "variant_channel":
            chans = self.effective_channels(node)
            if self.rng.random() < 0.5:
                chans.append("广播电视台")
            else:
                canonical = self.rng.choice([c for c in self.m.channels if self.m.channel_variants.get(c)])
                variant = self.rng.choice(self.m.channel_variants[canonical])
                chans = [c for c in chans if c != canonical] + [variant]
            node.channels = chans
            node.trailing.pop("channels", None)
        elif kind == "empty_audience":
            node.audience = []
            node.trailing["audience"] = "印刷: 公开对象 cell empty"
        elif kind == "unknown_audience":
            node.audience = [self.rng.choice(self.m.audience_variants + UNKNOWN_AUDIENCES)]
        elif kind == "empty_unit":
            node.unit = ""
            node.trailing["unit"] = "责任科室 printed empty"
        elif kind == "unknown_unit":
            node.unit = self.rng.choice([*UNKNOWN_UNITS, *self.dept.unit_aliases])
        elif kind == "unknown_publisher":
            node.publisher = self.rng.choice([self.other_dept().name, "上级主管部门", "宣传科"])
        elif kind == "bad_deadline":
            node.deadline = self.rng.choice(BAD_DEADLINES)
        elif kind == "missing_deadline":
            node.deadline = None
        elif kind == "empty_name":
            node.name = ""
        elif kind == "missing_content":
            node.content = None
        elif kind == "duplicate_name":
            node.name = self.rng.choice([s.name for s in siblings[: siblings.index(node)] if s.name])
        elif kind == "misspelt_key":
            if node.channels is None:
                node.channels = self.effective_channels(node)
            node.channels_key = "chanels"

    def find(self, sections: list[Node], label: str) -> Node | None:
        return next((n for n in self.walk(sections) if n.standard == label), None)

    def file_defects(self, sections: list[Node]) -> str:
        department = self.dept.name
        rate = self.o.defect_rate
        if self.rng.random() < rate and len(sections) >= 3:
            kind = self.rng.choice(["duplicate_serial", "serial_gap", "serial_out_of_order",
                                    "missing_serial"])
            self.defects.append(kind)
            k = self.rng.randrange(1, len(sections) - 1)
            if kind == "duplicate_serial":
                sections[k].serial = sections[k - 1].serial
                sections[k].comments.append(
                    f"# The table prints 序号 {sections[k].serial} twice; kept as printed.")
            elif kind == "serial_gap":
                for s in sections[k:]:
                    s.serial = (s.serial or 0) + 1
            elif kind == "serial_out_of_order":
                sections[k].serial, sections[k + 1].serial = sections[k + 1].serial, sections[k].serial
            else:
                sections[k].serial = None
                sections[k].comments.append(
                    "# 序号 prints nothing on this row (page break); kept without a serial.")
        if self.rng.random() < rate:
            kind = self.rng.choice(["department_alias", "department_unregistered", "department_region"])
            self.defects.append(kind)
            if kind == "department_alias":
                department = self.own_wrong_name()
            elif kind == "department_unregistered":
                department = self.rng.choice(UNREGISTERED_DEPARTMENTS)
            else:
                department = "天河市" + self.dept.name.removeprefix(self.m.region)
        elif self.index > 1 and self.rng.random() < rate / 4:
            self.defects.append("duplicate_department")  # copied from an earlier catalog, department kept
            department = department_of(self.m, self.o.seed, self.rng.randrange(1, self.index)).name
        if self.rng.random() < rate:
            self.defects.append("unused_suppression")
            anywhere = self.rng.choice(list(self.walk(sections)))
            anywhere.comments.append(
                self.rng.choice(["# genhe-lint: disable=GL301", "# genhe-lint: disable=GL999"]))
        if self.rng.random() < rate:
            node = self.find(sections, self.rng.choice(DROPPABLE_STANDARD))
            if node is not None and node.parent is not None and len(node.parent.children) > 1:
                self.defects.append("missing_standard_item")
                node.parent.children.remove(node)
        if self.rng.random() < rate:
            label, where = self.rng.choice(MOVABLE_STANDARD)
            node = self.find(sections, label)
            target = next((s for s in sections if s.name == where and s.children), None)
            if node is not None and target is not None and node.parent is not None \
                    and len(node.parent.children) > 1:
                self.defects.append("misplaced_standard_item")
                node.parent.children.remove(node)
                node.parent = target
                target.children.append(node)
                node.comments.append("# printed under this 一级事项 in the table; kept as printed")
        if self.rng.random() < rate:
            node = self.find(sections, CONTRADICTED_STANDARD[0])
            if node is not None:
                self.defects.append("contradicted_standard_deadline")
                node.deadline = CONTRADICTED_STANDARD[1]
        # drawn from a generator of its own, so that adding this defect left every other draw as it was
        if random.Random(f"genhe-lint-bench:deviate:{department}").random() < rate / 2:
            node = self.find(sections, DEVIATING_STANDARD[0])
            if node is not None and node.deadline != DEVIATING_STANDARD[1]:
                self.defects.append("deviating_standard_deadline")
                node.deadline = DEVIATING_STANDARD[1]
        return department

    def syntax_error(self, lines: list[str]) -> None:
        kind = self.rng.choice(["indent", "flow", "quote", "tab"])
        self.defects.append("syntax_" + kind)
        body = [i for i, line in enumerate(lines) if i > 5 and not line.lstrip().startswith("#")]
        i = self.rng.choice(body)
        if kind == "indent":
            candidates = [j for j in body if lines[j].lstrip().startswith("- name:")] or body
            j = self.rng.choice(candidates)
            lines.insert(j + 1, " " * (len(lines[j]) - len(lines[j].lstrip()) + 4) + "content: 缩进多了两格")
        elif kind == "flow":
            candidates = [j for j in body if "channels: [" in lines[j]] or [i]
            j = self.rng.choice(candidates)
            lines[j] = lines[j].split("]")[0] if "]" in lines[j] else lines[j] + " ["
        elif kind == "quote":
            candidates = [j for j in body if "name: " in lines[j]] or [i]
            j = self.rng.choice(candidates)
            lines[j] = lines[j].replace("name: ", "name: '", 1)
        else:
            lines[i] = "\t" + lines[i].lstrip()

    def catalog(self) -> str:
        sections = self.build()
        if self.o.profile == "messy":
            self.messy(sections)
        self.items = sum(s.count() for s in sections)
        department = self.dept.name
        if self.o.defect_rate > 0:
            for node in list(self.walk(sections)):
                if self.rng.random() < self.o.defect_rate:
                    siblings = node.parent.children if node.parent is not None else sections
                    self.node_defect(node, siblings)
            department = self.file_defects(sections)
        out = [
            "# yaml-language-server: $schema=../schema/catalog.schema.json",
            f"# Source: {self.dept.name}主动公开目录, transcribed from the published table (bench corpus "
            f"file {self.index}, seed {self.o.seed}).",
            "# Faithful transcription: every defect of the printed table is kept as printed.",
            "# Global notes:",
            *self.rng.sample(HEADER_NOTES[:-2], self.rng.randint(3, 6)),
            *(HEADER_NOTES[-2:] if self.rng.random() < 0.5 else []),
            "version: 1",
            f"department: {scalar(department)}",
            f"title: {scalar(self.dept.name + '主动公开目录')}",
            "sections:",
        ]
        for sec in sections:
            emit_node(sec, 2, out)
        if self.o.defect_rate > 0 and self.rng.random() < self.o.defect_rate / 10:
            self.syntax_error(out)
        return "\n".join(out) + "\n"


# ---------------------------------------------------------------------------------------------------------
# The corpus
# ---------------------------------------------------------------------------------------------------------

def registry_text(departments: list[Dept]) -> str:
    """rules/departments.yaml: the corpus's departments that the built-in registry does not have."""
    out = ["# 基准测试语料的部门登记表（由 bench/generate.py 生成）：内置登记表之外的部门。",
           "# The benchmark corpus's departments beyond the built-in registry "
           "(generated by bench/generate.py).",
           "departments:" if departments else "departments: []"]
    for d in departments:
        out.append(f"  - name: {scalar(d.name)}")
        out.append(f"    aliases: {flow_list(list(d.aliases))}")
        out.append(f"    units: {flow_list(list(d.units))}")
    return "\n".join(out) + "\n"


def parse_range(text: str) -> tuple[int, int]:
    lo, _, hi = text.partition("-")
    try:
        a, b = int(lo), int(hi or lo)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected N or LO-HI, got {text!r}") from None
    if a < 1 or b < a:
        raise argparse.ArgumentTypeError(f"bad range {text!r}")
    return a, b


def rate(text: str) -> float:
    value = float(text)
    if not 0.0 <= value <= 1.0:
        raise argparse.ArgumentTypeError("the defect rate is between 0 and 1")
    return value


def generate(out: Path, files: int, options: Options, material: Material | None = None) -> dict[str, Any]:
    """Write the corpus (see the module docstring) and return its manifest. Other ``catalog-*.yaml`` files
    in ``out/catalogs`` are removed."""
    material = material or load_material()
    catalogs = out / CATALOGS
    catalogs.mkdir(parents=True, exist_ok=True)
    (out / RULES).mkdir(exist_ok=True)
    width = max(5, len(str(files)))
    standard = standard_attributes(material, options.seed)
    paths = []
    size = items = 0
    defects: dict[str, int] = {}
    for i in range(1, files + 1):
        path = catalogs / f"catalog-{i:0{width}d}.yaml"
        builder = Builder(material, options, i, standard)
        data = builder.catalog().encode("utf-8")
        path.write_bytes(data)
        paths.append(path)
        size += len(data)
        items += builder.items
        for kind in builder.defects:
            defects[kind] = defects.get(kind, 0) + 1
    keep = set(paths)
    for stale in catalogs.glob("catalog-*.yaml"):
        if stale not in keep:
            stale.unlink()
    own = [d for d in (department_of(material, options.seed, i) for i in range(1, files + 1)) if d.synthetic]
    (out / RULES / "departments.yaml").write_text(registry_text(own), encoding="utf-8")
    (out / ".genhe-lint.yaml").write_text(
        "# The benchmark corpus's configuration (generated by bench/generate.py): its own departments.\n"
        f"rules-dirs: [{RULES}]\n", encoding="utf-8")
    manifest = {
        "generator": material_fingerprint(), "files": files, "seed": options.seed,
        "defect_rate": options.defect_rate, "items_per_file": list(options.items),
        **({"profile": options.profile} if options.profile != "clean" else {}),
        "bytes": size, "items": items, "departments_added": len(own), "catalogs": CATALOGS, "rules": RULES,
        "defects": dict(sorted(defects.items())),
    }
    (out / MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return manifest


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description="Deterministic corpus generator for the genhe-lint benchmark.")
    parser.add_argument("--files", type=int, default=DEFAULT_FILES,
                        help=f"number of catalogs (default {DEFAULT_FILES})")
    parser.add_argument("--out", type=Path, required=True,
                        help=f"corpus folder (created): {CATALOGS}/, {RULES}/, .genhe-lint.yaml, {MANIFEST}")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED,
                        help=f"random seed (default {DEFAULT_SEED})")
    parser.add_argument("--profile", choices=PROFILES, default="clean",
                        help="clean: every catalog has the standard items with the same deadlines and "
                        "channels; messy: most contents name the department, standard sections and items "
                        "renamed, moved or missing, deadlines and channels varying by district")
    parser.add_argument("--defect-rate", type=rate, default=None,
                        help="per-item (and per-file) defect probability, 0..1 "
                        f"(default {DEFAULT_DEFECT_RATE}; {MESSY_DEFECT_RATE} with --profile messy)")
    parser.add_argument("--items-per-file", type=parse_range, default=DEFAULT_ITEMS, metavar="LO-HI",
                        help="items (table rows) per file, N or a range "
                        f"(default {DEFAULT_ITEMS[0]}-{DEFAULT_ITEMS[1]})")
    parser.add_argument("--quiet", "-q", action="store_true", help="print nothing")
    args = parser.parse_args(argv)
    if args.files < 1:
        parser.error("--files must be at least 1")
    if args.defect_rate is None:
        args.defect_rate = MESSY_DEFECT_RATE if args.profile == "messy" else DEFAULT_DEFECT_RATE
    options = Options(seed=args.seed, defect_rate=args.defect_rate, items=args.items_per_file,
                      profile=args.profile)
    manifest = generate(args.out, args.files, options)
    if not args.quiet:
        print(f"wrote {manifest['files']} catalogs, {manifest['bytes'] / 1e6:.1f} MB, "
              f"{manifest['items']} items, "
              f"to {args.out / CATALOGS}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
