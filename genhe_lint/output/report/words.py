"""The report's wording in each language, and the one escaping of everything the page shows."""

from __future__ import annotations

from html import escape

from genhe_lint.output.inert import visible

TEXT: dict[str, dict[str, str]] = {
    "zh": {
        "title": "{region}政府信息主动公开目录检查报告",
        "generated": "生成日期",
        "data": "规则数据",
        "files": "目录文件",
        "departments_n": "个部门",
        "findings": "问题总数",
        "fixable": "可自动修正",
        "coverage_rate": "标准事项覆盖",
        "error": "错误", "warning": "警告", "info": "提示",
        "nav_departments": "各部门", "nav_charts": "问题分布", "nav_coverage": "标准事项覆盖",
        "nav_findings": "问题清单",
        "departments": "各部门概况",
        "departments_note": "每个目录文件一行；点击部门名称查看该目录的问题清单和原文。",
        "department": "部门", "file": "文件", "total": "合计", "coverage": "标准事项",
        "undeclared": "（未写明部门）",
        "all": "全市合计",
        "charts": "问题分布",
        "by_rule": "按规则统计",
        "by_department": "按部门统计",
        "chart_rules_desc": "每条规则发现的问题数，按级别分段",
        "chart_departments_desc": "每个部门目录的问题数，按级别分段",
        "no_findings": "没有发现问题。",
        "coverage_title": "标准事项覆盖情况",
        "coverage_note": ("行为部门，列为标准目录（基层政务公开标准目录和本市目录模板）"
                          "要求每个部门都有的事项；点击 ⚠ 或 ✗ 查看对应的问题。"),
        "present": "已有", "misplaced": "位置不对", "missing": "缺失",
        "unknown": "无法判断（文件未能解析、规则未启用或已被抑制）",
        "unknown_short": "无法判断",
        "section_missing": "整个一级事项“{section}”缺失",
        "at_line": "第 {line} 行",
        "findings_title": "问题清单",
        "findings_note": "每个问题链接到目录原文中的那一行，原文中问题所在的文字已标出。",
        "where": "位置", "severity": "级别", "rule": "规则", "message": "说明",
        "hint": "修改建议：", "other": "对方位置：", "source": "复制来源：",
        "fixable_mark": "可自动修正（genhe-lint check --fix）",
        "listing": "目录原文",
        "listing_note": ("只列出问题所在行及前后几行，其余已折叠，点击展开；"
                         "行号可作链接；标出的文字即问题所在。"),
        "fold": "第 {first}–{last} 行（{n} 行）未列出，点击展开",
        "file_ok": "本目录没有发现问题。",
        "no_files": "没有找到目录文件。",
        "counts": "{total} 处",
        "footer": ("由 genhe-lint {version} 生成。"
                   "规则说明：genhe-lint explain 代码（如 genhe-lint explain GL601）。"),
        "legend": "图例",
    },
    "en": {
        "title": "{region} information-disclosure catalogs: check report",
        "generated": "Generated",
        "data": "Rule data",
        "files": "catalog files",
        "departments_n": "departments",
        "findings": "findings",
        "fixable": "fixable",
        "coverage_rate": "standard items covered",
        "error": "errors", "warning": "warnings", "info": "infos",
        "nav_departments": "Departments", "nav_charts": "Charts", "nav_coverage": "Standard items",
        "nav_findings": "Findings",
        "departments": "Departments",
        "departments_note": ("One row per catalog file; follow a department's name to its findings and "
                             "source."),
        "department": "Department", "file": "File", "total": "Total", "coverage": "Standard items",
        "undeclared": "(no department declared)",
        "all": "City total",
        "charts": "Findings at a glance",
        "by_rule": "By rule",
        "by_department": "By department",
        "chart_rules_desc": "Findings per rule, split by severity",
        "chart_departments_desc": "Findings per department's catalog, split by severity",
        "no_findings": "No findings.",
        "coverage_title": "Coverage of the standard catalog",
        "coverage_note": ("Departments as rows; as columns the items every department's catalog must include "
                          "(national standard for 基层政务公开 and the city's template). Follow ⚠ or ✗ to "
                          "the finding."),
        "present": "present", "misplaced": "misplaced", "missing": "missing",
        "unknown": "unknown (file could not be read, rule not run, or suppressed)",
        "unknown_short": "unknown",
        "section_missing": "the whole section '{section}' is missing",
        "at_line": "line {line}",
        "findings_title": "Findings",
        "findings_note": ("Each finding links to its line in the catalog's source below, where its text is "
                          "marked."),
        "where": "Line", "severity": "Severity", "rule": "Rule", "message": "Message",
        "hint": "Hint: ", "other": "Other side: ", "source": "Copied from: ",
        "fixable_mark": "fixable (genhe-lint check --fix)",
        "listing": "Catalog source",
        "listing_note": ("Only the lines around findings are listed, the rest folded (click to unfold); line "
                         "numbers are links; marked text is where a finding is."),
        "fold": "lines {first}–{last} ({n} lines) folded: click to show",
        "file_ok": "No findings in this catalog.",
        "no_files": "No catalog files found.",
        "counts": "{total}",
        "footer": "Made by genhe-lint {version}. Rule documentation: genhe-lint explain CODE (e.g. GL601).",
        "legend": "Legend",
    },
}



def esc(text: object) -> str:
    """``text`` for HTML, in an element or an attribute: markup characters escaped, and control, separator
    and bidi characters shown as escapes (``\\x1b``, ``\\n``, ``\\u202e``)."""
    return escape(visible(str(text)), quote=True)


def esc_source(text: str) -> str:
    """A piece of a catalog's source line for HTML: as :func:`esc`, with tabs kept (layout)."""
    return escape(visible(text, tabs=True), quote=True)
