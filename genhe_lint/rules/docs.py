"""Rule documentation: every rule's docstring, split into fixed headings, in the manner of ruff's rule pages.

A rule's docstring is written as::

    地名写错（GL101 wrong-region-name）

    检查什么：...
    为什么：...
    示例：
        content: 天河市民政局……        (an example block: indented by four spaces)
    改为：...
    修正是否安全：...

    English: one line in English.

The title comes first and names the code and the name; then each heading, once and in this order, at the
start of a line and followed by a full-width colon; its text may begin on the same line. Anything else
(a missing, repeated, misspelt or misplaced heading, text before the first heading) is a
:class:`DocError` naming the rule: the docs tests parse every rule, and ``explain`` and ``docs/rules.md``
are made from the parsed sections only.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from genhe_lint.rules.base import BaseRule

HEADINGS = ("检查什么", "为什么", "示例", "改为", "修正是否安全")
ENGLISH = "English:"
CODE_INDENT = "    "

_HEADING = re.compile(f"^({'|'.join(HEADINGS)})：(.*)$")
# A heading written some other way: with a qualifier (示例（错误）：), a half-width colon, or as 修正：.
_HEADING_LIKE = re.compile(f"^({'|'.join(HEADINGS)}|修正\\w*)(（[^）]*）)?\\s*[：:]")


class DocError(ValueError):
    """A rule's docstring does not follow the fixed headings."""


@dataclass(frozen=True, slots=True)
class RuleDoc:
    title: str  # 地名写错（GL101 wrong-region-name）
    sections: tuple[tuple[str, str], ...]  # (heading, text) for each of HEADINGS, in order
    english: str  # the English one-line summary, without "English:"

    def section(self, heading: str) -> str:
        return dict(self.sections)[heading]


def parse(doc: str, code: str, name: str) -> RuleDoc:
    """Split the docstring ``doc`` (already dedented) of rule ``code``/``name`` into its sections."""
    lines = doc.strip("\n").split("\n")
    title = lines[0].strip()
    if f"{code} {name}" not in title:
        raise DocError(f"{code}: the first line must be the title naming '{code} {name}', not {title!r}")
    found: list[tuple[str, list[str]]] = []
    english: str | None = None
    for line in lines[1:]:
        if english is not None:
            if line.strip():
                raise DocError(f"{code}: nothing may follow the {ENGLISH} line, found {line.strip()!r}")
            continue
        m = _HEADING.match(line)
        if m is not None:
            found.append((m.group(1), [m.group(2)] if m.group(2).strip() else []))
        elif line.startswith(ENGLISH):
            english = line[len(ENGLISH):].strip()
        elif _HEADING_LIKE.match(line):
            raise DocError(f"{code}: write a heading exactly as one of {'/'.join(HEADINGS)} and '：', "
                           f"not {line.strip()!r}")
        elif found:
            found[-1][1].append(line)
        elif line.strip():
            raise DocError(f"{code}: text before the first heading: {line.strip()!r}")
    headings = tuple(heading for heading, _ in found)
    if headings != HEADINGS:
        missing = "、".join(h for h in HEADINGS if h not in headings)
        raise DocError(f"{code}: the headings must be {' / '.join(HEADINGS)}, in this order, each once; "
                       f"found {' / '.join(headings) or 'none'}"
                       + (f" (missing {missing})" if missing else ""))
    if not english:
        raise DocError(f"{code}: the docstring must end with an '{ENGLISH} ...' summary line")
    sections = []
    for heading, body in found:
        text = "\n".join(body).strip("\n")
        if not text.strip():
            raise DocError(f"{code}: the section {heading} is empty")
        sections.append((heading, text))
    return RuleDoc(title, tuple(sections), english)


@functools.cache
def of(rule: type[BaseRule]) -> RuleDoc:
    """The parsed documentation of ``rule``."""
    return parse(rule.doc(), rule.code, rule.name)


def _flags(rule: type[BaseRule]) -> str:
    return f"级别 severity: {rule.severity.value}" + ("；可自动修正 fixable" if rule.fixable else "")


def explain_text(rule: type[BaseRule]) -> str:
    """What ``genhe-lint explain CODE`` prints: the rule, its flags, then each section indented under its
    heading."""
    doc = of(rule)
    out = [f"{rule.code} {rule.name}", _flags(rule), "", doc.title, ""]
    for heading, text in doc.sections:
        out += [heading, *(f"  {line}" if line.strip() else "" for line in text.split("\n")), ""]
    out.append(f"{ENGLISH} {doc.english}")
    return "\n".join(out)


def _markdown_body(text: str) -> list[str]:
    """A section's text as Markdown: prose as written, example blocks (indented lines) fenced as YAML."""
    out: list[str] = []
    in_code = False
    for line in text.split("\n"):
        code = line.startswith(CODE_INDENT)
        if code and not in_code:
            out += ["", "```yaml"] if out else ["```yaml"]
            in_code = True
        elif not code and in_code:
            if not line.strip():
                continue  # a blank line inside a block: the block goes on or the prose starts after it
            out += ["```", ""]
            in_code = False
        out.append(line[len(CODE_INDENT):].rstrip() if code else line.rstrip())
    if in_code:
        out.append("```")
    return out


def rules_markdown() -> str:
    """docs/rules.md: the table of rules and every rule's sections, generated from the docstrings."""
    from genhe_lint.rules import ALL_RULES

    out = [
        "# 规则 / Rules",
        "",
        "<!-- 由 `genhe-lint rules --markdown > docs/rules.md` 生成，请勿手工编辑 / "
        "generated, do not edit -->",
        "",
        "| 代码 code | 名称 name | 级别 severity | 可修正 fixable | 说明 summary |",
        "|---|---|---|---|---|",
    ]
    for rule in ALL_RULES:
        out.append(f"| [{rule.code}](#{rule.code.lower()}) | {rule.name} | {rule.severity.value} | "
                   f"{'✓' if rule.fixable else ''} | {rule.summary.zh} / {rule.summary.en} |")
    for rule in ALL_RULES:
        doc = of(rule)
        out += ["", f"## {rule.code}", "", f"**{rule.name}** · {rule.severity.value}"
                + (" · 可自动修正 fixable" if rule.fixable else ""), "", f"### {doc.title}", ""]
        for heading, text in doc.sections:
            out += [f"#### {heading}", "", *_markdown_body(text), ""]
        out.append(f"English: {doc.english}")
    return "\n".join(out) + "\n"
