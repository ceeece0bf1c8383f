"""GL109–GL112: the text as an auditor reads it: a word printed twice, brackets, the title, and guide
wording left in place."""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Iterator

from genhe_lint.catalog.model import Text
from genhe_lint.diagnostic import Diagnostic, Msg, Severity
from genhe_lint.rules.base import BaseRule, Context, is_cjk

# A word of two to four Chinese characters written twice in a row (领导领导). One character doubled (常常,
# 人人) is ordinary Chinese and is never looked at.
_REPEATED = re.compile(r"([\u3400-\u4dbf\u4e00-\u9fff]{2,4})\1")
# Doubled words that are ordinary Chinese (a verb tried out, a count step by step).
_REPEAT_OK = frozenset({"研究研究", "讨论讨论", "商量商量", "考虑考虑", "学习学习", "了解了解", "一个一个",
                        "一步一步", "一年一年", "一次一次", "一点一点", "一天一天"})
_URL = re.compile(r"(?:https?://|www\.)[!-~]+")
_BRACKET = re.compile(r"[()（）]")
_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]")
_TITLE = re.compile(r"《[^《》]*》")
# A full-width pair with no parenthesis inside, within one text (the texts are joined by NUL).
_INNER_PAIR = re.compile("（[^（）\0]*）")


# 0xFF for the high byte of a UTF-16 unit outside U+3400..U+9FFF (the pattern's Chinese characters), else 0.
_NOT_CHINESE = bytes(0 if 0x34 <= b <= 0x9F else 0xFF for b in range(256))


def _texts_with_doubling(ctx: Context) -> list[Text]:
    """The catalog's texts where a doubled word may stand, in text order: every text the pattern matches
    in, and seldom another (a cheap test of all the texts at once, that the pattern then settles).

    A word of n characters doubled at position i means character i + j equals character i + n + j for
    every j < n. The low bytes of the texts' UTF-16 units, joined, are read as one big integer, a byte
    per character (equal characters, equal bytes); shifting it by n bytes and XOR-ing lines each byte
    up with the one n places on, in a few whole-number operations (C loops) where the pattern would try
    every position. A byte stays non-zero where the n bytes from there on differ from the next n in
    some place, or where the four characters from there on hold one that is no Chinese character of
    the pattern (a line break, the NUL between texts, a letter, a digit, a punctuation mark): the zero
    bytes left are where a doubled word may start."""
    assert ctx.catalog is not None
    pairs = ctx.catalog.text_list
    joined = ctx.joined_text()
    raw = joined.encode("utf-16-le", "surrogatepass")
    if len(raw) != 2 * len(joined):  # a character beyond U+FFFF takes two units: positions drift
        return [text for text, _item in pairs]
    code = int.from_bytes(raw[::2], "little")
    other = int.from_bytes(raw[1::2].translate(_NOT_CHINESE), "little")
    other |= other >> 8
    other |= other >> 16  # non-zero where one of the four characters from there on is no Chinese one
    starts = ctx.text_starts()
    picked: set[int] = set()
    for n in (2, 3, 4):
        d = code ^ (code >> 8 * n)  # zero where a character's byte equals the one n places on
        differ = d
        for k in range(1, n):
            differ |= d >> 8 * k  # zero where n in a row do
        bytes_left = (differ | other).to_bytes(len(joined), "little")
        at = bytes_left.find(0)
        while at != -1:
            i = ctx.text_at(at)[0]
            picked.add(i)
            at = bytes_left.find(0, starts[i + 1]) if i + 1 < len(starts) else -1  # the next text on
    return [pairs[i][0] for i in sorted(picked)]


def _masked(value: str, pattern: re.Pattern[str]) -> str:
    """``value`` with every match of ``pattern`` blanked out (same length: offsets still hold)."""
    return pattern.sub(lambda m: "\0" * len(m.group()), value)


class RepeatedWord(BaseRule):
    """
    词语重复（GL109 repeated-word）

    检查什么：两到四个汉字的词紧接着重复写了一遍，如“领导领导”“公开公开”。单字叠用（常常、人人、
    逐一）是正常的汉语，不报；“研究研究”“一步一步”这类常见的叠用也不报。

    为什么：重复的词多是复制粘贴或分页时多印了一次；印在公开目录里，读者会怀疑整份目录没有校对。

    示例：
        content: 机构领导领导分工

    改为：
        content: 机构领导分工

    删去重复的一遍。

    修正是否安全：不安全，只在加 --unsafe-fixes 时删去重复的一遍：少数叠用是有意的，删之前请看一眼。

    English: a word of two to four Chinese characters written twice in a row.
    """

    code = "GL109"
    name = "repeated-word"
    severity = Severity.WARNING
    summary = Msg("词语重复", "word written twice")

    def check(self, ctx: Context) -> Iterable[Diagnostic]:
        for text in _texts_with_doubling(ctx):
            for m in _REPEATED.finditer(text.value):
                if m.group() in _REPEAT_OK:
                    continue
                word = m.group(1)
                yield ctx.report(
                    self, ctx.text_span(text, m.start(), m.end()),
                    f"“{word}”重复写了两遍", f"'{word}' is written twice",
                    hint=(f"删去重复的“{word}”", f"remove the second '{word}'"),
                    fix=word, safe=False, data={"word": word})


class BracketStyle(BaseRule):
    """
    中文里的括号用了半角或不成对（GL110 bracket-style）

    检查什么：中文文字里的圆括号：括号里有汉字却用了半角的“( )”，或一半全角一半半角（“（…)”），
    或只有左括号、只有右括号。英文、网址里的括号和括号里只有字母数字的（如“(PDF)”）不算。

    为什么：中文排版用全角括号（GB/T 15834《标点符号用法》）；不成对的括号多是删改时漏掉了一半，
    读者分不清括号里的说明到哪里为止。

    示例：
        content: 个人简介(性别、民族、出生年月）

    改为：
        content: 个人简介（性别、民族、出生年月）

    半角改为全角；不成对的补上或删去另一半。

    修正是否安全：安全，--fix 只把括号里有汉字、左右成对的半角括号改为全角；
    不成对的括号要人来补，--fix 不改动。

    English: half-width or unpaired parentheses in Chinese text.
    """

    code = "GL110"
    name = "bracket-style"
    severity = Severity.WARNING
    summary = Msg("中文里的括号用了半角或不成对", "half-width or unpaired parentheses in Chinese text")
    fixable = True

    def check(self, ctx: Context) -> Iterable[Diagnostic]:
        joined = ctx.joined_text()
        if "(" not in joined and ")" not in joined and _full_width_paired(joined):
            return  # every parenthesis is full-width and has its other half: nothing to report
        seen: set[int] = set()
        for text, _m, _offset in ctx.pattern_hits(_BRACKET):  # the texts that hold a parenthesis, once each
            if id(text) in seen:
                continue
            seen.add(id(text))
            value = text.value
            has_url = "/" in value or "www" in value  # what a URL needs before it can match
            yield from self._check(ctx, text, _masked(value, _URL) if has_url else value)

    def _check(self, ctx: Context, text: Text, value: str) -> Iterator[Diagnostic]:
        stack: list[int] = []
        pairs: list[tuple[int, int]] = []
        unpaired: list[int] = []
        for bracket in _BRACKET.finditer(value):
            i = bracket.start()
            if bracket.group() in "(（":
                stack.append(i)
            elif stack:
                pairs.append((stack.pop(), i))
            else:
                unpaired.append(i)
        unpaired.extend(stack)
        for start, end in pairs:
            inside = value[start + 1:end]
            half = (value[start] == "(") + (value[end] == ")")
            if not half or not _CJK.search(inside):
                continue  # full-width, or a note in letters and digits ((PDF), (1))
            fixed = "（" + text.value[start + 1:end] + "）"
            how_zh = "半角括号" if half == 2 else "一半全角一半半角的括号"
            yield ctx.report(
                self, ctx.text_span(text, start, end + 1),
                f"中文里用了{how_zh}“{text.value[start]}…{text.value[end]}”，应为全角“（…）”",
                f"{'half-width' if half == 2 else 'mixed-width'} parentheses in Chinese text; use （…）",
                hint=("改为全角括号“（）”", "use full-width （）"), fix=fixed,
                data={"found": text.value[start:end + 1]})
        for at in sorted(unpaired):
            ch = value[at]
            if ch in "()" and not _in_chinese(value, at):
                continue  # a half-width bracket among letters and digits: not Chinese text
            which = ("左", "opening") if ch in "(（" else ("右", "closing")
            yield ctx.report(
                self, ctx.text_span(text, at, at + 1),
                f"括号不成对：这个{which[0]}括号“{ch}”没有对应的另一半",
                f"unpaired {which[1]} parenthesis '{ch}'",
                hint=("补上另一半，或删去这一个", "add the other half or remove this one"))


def _full_width_paired(joined: str) -> bool:
    """Whether every full-width parenthesis in ``joined`` (texts joined by NUL) pairs with one in its text:
    pairs with nothing between are taken out until none is left, as the check's stack would pair them."""
    rest, taken = joined, 1
    while taken and ("（" in rest or "）" in rest):
        rest, taken = _INNER_PAIR.subn("", rest)
    return "（" not in rest and "）" not in rest


def _in_chinese(value: str, at: int) -> bool:
    """Whether a Chinese character stands right before or after position ``at``."""
    return any(0 <= j < len(value) and is_cjk(value[j]) for j in (at - 1, at + 1))


class TitleWithoutBody(BaseRule):
    """
    目录标题没有写出部门名称（GL111 title-without-body）

    检查什么：顶层的 title（目录标题）里没有本部门的名称，全称、登记的简称和旧称都算
    （如“根河市民政局政府信息主动公开目录”“民政局主动公开目录”都可以）。标题里写的是别的部门的
    名称时，由 GL102 报出，这里不重复。

    为什么：目录常被单独下载、转发；标题只写“政府信息主动公开目录”，读者不知道是哪个部门的目录，
    多半是照抄了模板的标题。

    示例：
        department: 根河市民政局
        title: 政府信息主动公开目录

    改为：
        department: 根河市民政局
        title: 根河市民政局政府信息主动公开目录

    在标题里写出部门名称。

    修正是否安全：没有自动修正，--fix 不改动。

    English: the catalog's title does not name the department.
    """

    code = "GL111"
    name = "title-without-body"
    severity = Severity.WARNING
    summary = Msg("目录标题没有写出部门名称", "title does not name the department")

    def check(self, ctx: Context) -> Iterable[Diagnostic]:
        catalog = ctx.catalog
        assert catalog is not None
        title, department = catalog.title, catalog.department
        if title is None or not title.value.strip() or department is None or not department.value.strip():
            return
        if any(t.kind == "department" for hit in ctx.hits(title) for t in hit.tags):
            return  # names a registered department: its own, or another (GL102's finding)
        names = {department.value.strip()}
        region = ctx.data.region.name
        if department.value.strip().startswith(region):
            names.add(department.value.strip()[len(region):])
        if ctx.department is not None:
            names.update(ctx.department.all_names())
        if any(n and n in title.value for n in names):
            return
        yield ctx.report(
            self, ctx.text_span(title),
            f"目录标题“{title.value}”没有写出部门名称“{department.value}”",
            f"the title '{title.value}' does not name the department '{department.value}'",
            hint=(f"在标题里写出部门名称，如“{department.value}政府信息主动公开目录”",
                  f"name the department in the title, e.g. '{department.value}政府信息主动公开目录'"))


class GuideWordingLeft(BaseRule):
    """
    照抄了标准指引里写给各地的用语（GL112 guide-wording-left）

    检查什么：国家或自治区基层政务公开标准指引里写给“各地”的模板用语（lint_rules/guide_wording.yaml，
    如“各地配套制定的……”“各地可结合实际……”“县（市、区）”），照抄进了本市部门的目录。
    写在书名号《》里的（引用文件的标题）不报。

    为什么：这些话是指引交给各地去落实的说明；目录照抄，说明这一行没有改成本市实际公开的内容，
    公众仍不知道本市公开什么、依据什么。

    示例：
        content: 各地配套制定的实施细则

    改为：
        content: 《根河市城乡居民最低生活保障实施细则》

    写出本市实际的文件名称或做法。

    修正是否安全：没有自动修正，--fix 不改动。

    English: template wording of a national or regional guide left in the catalog.
    """

    code = "GL112"
    name = "guide-wording-left"
    severity = Severity.WARNING
    summary = Msg("照抄了标准指引里写给各地的用语", "guide wording addressed to every locality left in place")

    def check(self, ctx: Context) -> Iterable[Diagnostic]:
        assert ctx.catalog is not None
        phrases = ctx.data.guide_wording
        if not phrases:
            return
        joined = ctx.joined_text()
        if _any_phrase(tuple(p.phrase for p in phrases)).search(joined) is None:
            return  # most catalogs hold none: one search for all the phrases
        phrases = tuple(p for p in phrases if p.phrase in joined)
        for text, _item in ctx.catalog.texts():
            value = text.value
            found = [p for p in phrases if p.phrase in value]
            if not found:
                continue
            masked = _masked(value, _TITLE) if "《" in value else value
            taken: list[tuple[int, int]] = []
            for p in sorted(found, key=lambda p: -len(p.phrase)):  # the longest phrase at a place wins
                start = masked.find(p.phrase)
                while start != -1:
                    end = start + len(p.phrase)
                    excluded = any(_covers(value, x, start, end) for x in p.exclude)
                    if not excluded and not any(s < end and start < e for s, e in taken):
                        taken.append((start, end))
                        yield ctx.report(
                            self, ctx.text_span(text, start, end),
                            f"“{p.phrase}”是标准指引里写给各地的用语：{p.why}",
                            f"'{p.phrase}' is a guide's wording addressed to every locality, left in place",
                            hint=(p.instead or "改成本市的实际", "write what the city actually does"),
                            data={"phrase": p.phrase})
                    start = masked.find(p.phrase, end)


@functools.lru_cache(maxsize=8)
def _any_phrase(phrases: tuple[str, ...]) -> re.Pattern[str]:
    """A pattern that finds any of ``phrases``: one scan of the text for the characters they start with,
    where a substring search per phrase scans it once per phrase."""
    return re.compile("|".join(map(re.escape, phrases)))


def _covers(value: str, longer: str, start: int, end: int) -> bool:
    """Whether an occurrence of ``longer`` in ``value`` covers ``start``..``end``."""
    at = value.find(longer, max(0, end - len(longer)))
    while at != -1 and at <= start:
        if at + len(longer) >= end:
            return True
        at = value.find(longer, at + 1)
    return False


RULES: list[type[BaseRule]] = [RepeatedWord, BracketStyle, TitleWithoutBody, GuideWordingLeft]
