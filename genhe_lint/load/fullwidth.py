"""Full-width punctuation where YAML needs ASCII: a catalog key written with full-width letters, a full-width
colon after a key, full-width spaces or dashes in the indentation (what a Chinese input method types).

YAML reads such a line as text, so the parser either fails or gives a tree with a strange key; these
problems say what was typed and what to type instead.
"""

from __future__ import annotations

import re
import unicodedata

from genhe_lint.catalog.fields import NODE_KEYS, TOP_KEYS
from genhe_lint.diagnostic import Msg
from genhe_lint.load.document import Problem

_KNOWN_KEYS = frozenset((*TOP_KEYS, *NODE_KEYS))
_FULLWIDTH_CHARS = "\u3000：－\uff21-\uff3a\uff41-\uff5a\uff3f"
# A line whose first key (before the first colon) is written with a full-width character. The lookahead
# keeps ordinary lines (the great majority) out of the Python loop below.
_FULLWIDTH_LINE = re.compile(
    rf"^(?=[^\n:：]*[{_FULLWIDTH_CHARS}])"
    r"(?P<lead>[ \u3000]*(?:[-－][ \u3000]+)*)"
    r"(?P<key>[A-Za-z_\uff21-\uff3a\uff41-\uff5a\uff3f]+)"
    r"(?P<gap>[ \u3000]*)(?P<colon>[:：])", re.M)


def fullwidth_problems(text: str) -> list[Problem]:
    """Lines that begin with a catalog key written with full-width characters (，：、全角空格)."""
    problems = []
    for m in _FULLWIDTH_LINE.finditer(text):
        key = m.group("key")
        plain_key = unicodedata.normalize("NFKC", key)
        if plain_key not in _KNOWN_KEYS:
            continue
        line = text.count("\n", 0, m.start())
        col0 = m.start() - (text.rfind("\n", 0, m.start()) + 1)
        lead, gap, colon = m.group("lead"), m.group("gap"), m.group("colon")
        if "\u3000" in lead or "－" in lead:
            column = col0 + min(i for i, c in enumerate(lead) if c in "\u3000－")
            what_zh, what_en = ("全角空格“　”", "a full-width space") if lead[column - col0] == "\u3000" \
                else ("全角减号“－”（列表项应为半角“-”）", "a full-width dash '－' (a list item needs '-')")
            problems.append(Problem(
                "fullwidth",
                Msg(zh=f"键“{plain_key}”前面的缩进里有{what_zh}",
                    en=f"{what_en} in the indentation before '{plain_key}'"),
                line, column,
                Msg(zh="缩进只能用半角空格（切换到英文输入法再输入）", en="indent with ASCII spaces only")))
        elif key != plain_key:
            problems.append(Problem(
                "fullwidth",
                Msg(zh=f"键“{key}”用了全角字母，应为“{plain_key}”",
                    en=f"key '{key}' is written in full-width letters; write '{plain_key}'"),
                line, col0 + len(lead),
                Msg(zh="键名用半角英文字母（切换到英文输入法）", en="write keys in ASCII letters")))
        elif colon == "：":
            problems.append(Problem(
                "fullwidth",
                Msg(zh=f"键“{plain_key}”后面是全角冒号“：”，应为半角冒号“:”加一个空格",
                    en=f"full-width colon '：' after '{plain_key}'; write an ASCII ':' and a space"),
                line, col0 + len(lead) + len(key) + len(gap),
                Msg(zh=f"改为“{plain_key}: ”（切换到英文输入法输入冒号）",
                    en=f"write '{plain_key}: ' (type the colon with the English input method)")))
        elif "\u3000" in gap:
            problems.append(Problem(
                "fullwidth",
                Msg(zh=f"键“{plain_key}”和冒号之间有全角空格",
                    en=f"full-width space between '{plain_key}' and its colon"),
                line, col0 + len(lead) + len(key),
                Msg(zh="删除键和冒号之间的空格", en="remove the space before the colon")))
    return problems

