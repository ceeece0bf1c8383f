"""Regular expressions of the rule data, run on RE2: matching time linear in the text, whatever the pattern.

The patterns of ``lint_rules/*.yaml`` come from whoever writes a rules folder, a pull request's own
included, so they never run on Python's backtracking ``re``. RE2 has no look-arounds and no
back-references: a pattern that uses them, or another construct RE2 lacks, is refused when the data is
validated (:func:`check`), with what to write instead. What a look-around does for a placeholder, the
entry says as data (``not_after``, ``not_before``), and :class:`Placeholders` builds it into its one RE2
pattern. RE2's ``\\d``, ``\\s``, ``\\w`` and ``\\b`` know only ASCII characters.

Texts are searched as UTF-8 bytes; positions are given back as ``str`` indexes count.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, Literal, Protocol, TypeVar

Kind = Literal["placeholder", "deadline"]

_NUM = r"[0-9０-９一二三四五六七八九十百两]+"


def expand_deadline(pattern: str) -> str:
    """A deadline pattern as a regular expression: ``{N}`` stands for a number (Arabic or Chinese
    numerals)."""
    return pattern.replace("{N}", _NUM)


class Spanned(Protocol):
    def start(self) -> int: ...


_Found_co = TypeVar("_Found_co", bound=Spanned, covariant=True)


class Searcher(Protocol[_Found_co]):
    """What finds matches in a text: a compiled ``re`` pattern of the tool's own, or :class:`Placeholders`."""

    def finditer(self, string: str, /) -> Iterator[_Found_co]: ...


class PatternError(ValueError):
    """A rule-data pattern RE2 cannot run: a Chinese and an English message, and where in the pattern."""

    def __init__(self, zh: str, en: str, offset: int | None = None) -> None:
        super().__init__(f"{zh} / {en}")
        self.offset = offset  # None: the pattern as a whole


# -- refusing what RE2 cannot run ---------------------------------------------------------------------

_ENGINE = ("（规则数据的正则表达式由 RE2 执行，匹配时间与文字长度成正比）",
           " (rule-data patterns run on RE2, in time linear in the text)")
_AROUND = {
    ("placeholder", "behind"): ("；请删去它，把前一个字不能是的字符写进 not_after，如 not_after: '[A-Za-z]'",
                                "; remove it and put the characters that must not come before the "
                                "placeholder in not_after, e.g. not_after: '[A-Za-z]'"),
    ("placeholder", "ahead"): ("；请删去它，把后一个字不能是的字符写进 not_before，如 not_before: '[A-Za-z]'",
                               "; remove it and put the characters that must not come after the placeholder "
                               "in not_before, e.g. not_before: '[A-Za-z]'"),
    ("deadline", "behind"): ("；时限是整个匹配的，请把认可的写法直接写出，如 (甲|乙)",
                             "; the whole deadline is matched: write the accepted wordings out, e.g. (a|b)"),
}
_AROUND[("deadline", "ahead")] = _AROUND[("deadline", "behind")]

# (?X... constructs RE2 lacks or the joined pattern cannot hold twice: what they are, in Chinese and
# English, and what to write instead (the look-arounds first: "(?<" opens them too)
_GROUPS = (
    ("(?<=", "behind"), ("(?<!", "behind"), ("(?=", "ahead"), ("(?!", "ahead"),
    ("(?P<", ("不需要命名分组“(?P<”（规则数据的各条写法合成一个表达式）；请改为 (?:…)",
              "named group '(?P<' is not needed (the entries are joined into one pattern); write (?:...)")),
    ("(?<", ("不需要命名分组“(?<”（规则数据的各条写法合成一个表达式）；请改为 (?:…)",
             "named group '(?<' is not needed (the entries are joined into one pattern); write (?:...)")),
    ("(?P=", ("不支持反向引用“(?P=”；请把要重复的文字直接写出，如 (甲甲|乙乙)",
              "back-reference '(?P=' is not supported; write the repeated text out, e.g. (aa|bb)")),
    ("(?>", ("不支持原子组“(?>”；请改为普通分组 (?:…)",
             "atomic group '(?>' is not supported; write (?:...)")),
    ("(?(", ("不支持条件分组“(?(”；请用 | 把各种写法写出", "conditional '(?(' is not supported; write the "
             "alternatives out with |")),
    ("(?#", ("不支持注释“(?#”；请删去", "comment '(?#' is not supported; remove it")),
)
_ESCAPES = {
    "Z": ("不支持“\\Z”；请改为 \\z（文字末尾）", "'\\Z' is not supported; write \\z (end of text)"),
    "u": ("不支持“\\u”；请改为 \\x{4E00} 或直接写出该字", "'\\u' is not supported; write \\x{4E00} or the "
          "character itself"),
    "U": ("不支持“\\U”；请改为 \\x{1F600} 或直接写出该字", "'\\U' is not supported; write \\x{1F600} or the "
          "character itself"),
    "N": ("不支持“\\N”；请直接写出该字", "'\\N' is not supported; write the character itself"),
    "C": ("不允许“\\C”（匹配半个汉字）；请改为 .", "'\\C' (one byte of a character) is not allowed; write ."),
}
_BACKREF = ("不支持反向引用“\\{d}”；请把要重复的文字直接写出，如 (甲甲|乙乙)",
            "back-reference '\\{d}' is not supported; write the repeated text out, e.g. (aa|bb)")
_OPEN_REPEAT = re.compile(r"\{,[0-9]+\}")  # Python's {,n}; RE2 reads it as the text "{,n}"
_REPEAT_END = re.compile(r"(?:[*+?]|\{[0-9]+(?:,[0-9]*)?\})\+")  # a possessive quantifier


def _unsupported(source: str, kind: Kind) -> tuple[str, str, int] | None:
    """The first construct of ``source`` that RE2 lacks or reads otherwise: (zh, en, offset)."""
    i, n, in_class = 0, len(source), False
    while i < n:
        c = source[i]
        if c == "\\":
            d = source[i + 1 : i + 2]
            if d and d in "123456789" and not in_class:
                return _BACKREF[0].format(d=d), _BACKREF[1].format(d=d), i
            if d in _ESCAPES and d:
                return *_ESCAPES[d], i
            i += 2
        elif in_class:
            if source.startswith("[:", i) and ":]" in source[i + 2 :]:
                i = source.index(":]", i + 2) + 2
                continue
            in_class = c != "]"
            i += 1
        elif c == "[":
            i += 1 + source.startswith("^", i + 1)
            i += source.startswith("]", i)  # a ] first in a class is the character itself
            in_class = True
        else:
            found = _construct(source, i, kind)
            if found is not None:
                return found
            i += 1
    return None


def _construct(source: str, i: int, kind: Kind) -> tuple[str, str, int] | None:
    for opening, what in _GROUPS:
        if source.startswith(opening, i):
            if isinstance(what, tuple):
                return *what, i
            zh, en = _AROUND[(kind, what)]
            name = ("后顾断言", "look-behind") if what == "behind" else ("前瞻断言", "look-ahead")
            return (f"不支持{name[0]}“{opening}”{_ENGINE[0]}{zh}",
                    f"{name[1]} '{opening}' is not supported{_ENGINE[1]}{en}", i)
    possessive = _REPEAT_END.match(source, i)
    if possessive is not None:
        return ("不支持占有型量词“+”；请删去量词后面的 +",
                "possessive quantifier '+' is not supported; remove the + after the quantifier",
                possessive.end() - 1)
    if _OPEN_REPEAT.match(source, i):
        return ("RE2 把“{,n}”当作文字；请写成 {0,n}", "RE2 reads '{,n}' as text; write {0,n}", i)
    return None


@lru_cache(maxsize=1)
def _options() -> Any:
    import re2

    options = re2.Options()
    options.log_errors = False  # a refused pattern is reported once, with its file and line
    return options


def _compile(source: str) -> Any:
    """``source`` compiled by RE2 for UTF-8 bytes (the engine keeps a cache of compiled patterns); a
    :class:`PatternError` where RE2 refuses it."""
    import re2

    try:
        return re2.compile(source.encode("utf-8", "surrogatepass"), _options())
    except re2.error as exc:
        reason = exc.args[0].decode("utf-8", "replace") if exc.args and isinstance(exc.args[0], bytes) \
            else str(exc)
        raise PatternError(f"不是有效的正则表达式（RE2 语法）：{reason}",
                           f"not a valid regular expression (RE2 syntax): {reason}") from None


def check(source: str, kind: Kind) -> None:
    """Refuse (:class:`PatternError`) a pattern RE2 cannot run or reads otherwise than Python's ``re``."""
    found = _unsupported(source, kind)
    if found is not None:
        raise PatternError(*found)
    compiled = _compile(expand_deadline(source) if kind == "deadline" else source)
    if kind == "placeholder" and compiled.fullmatch(b"") is not None:
        raise PatternError("占位符的写法不能匹配空文字（如 X* 应写成 X+）",
                           "a placeholder pattern must not match empty text (write X+, not X*)")


def check_class(value: str) -> None:
    """Refuse (:class:`PatternError`) a ``not_after``/``not_before`` value that is not one character class
    (``[...]`` or ``[^...]``)."""
    body = value[1:-1].removeprefix("^")
    ok = len(value) > 2 and value[0] == "[" and value[-1] == "]" and bool(body)
    i = 0
    while ok and i < len(body):
        if body[i] == "\\":
            ok = i + 1 < len(body)
            i += 2
        elif body.startswith("[:", i) and ":]" in body[i + 2 :]:
            i = body.index(":]", i + 2) + 2
        else:
            ok = body[i] not in "[]"
            i += 1
    if ok:
        try:
            check(value, "deadline")
            check(negated_class(value), "deadline")
        except PatternError:
            ok = False
    if not ok:
        raise PatternError("须是一个字符类，如 [A-Za-z]（类中的 [ 和 ] 写成 \\[ 和 \\]）",
                           "must be one character class, e.g. [A-Za-z] (write [ and ] in it as \\[ and \\])")


def negated_class(value: str) -> str:
    """The character class of every character that the class ``value`` does not hold."""
    body = value[1:-1]
    return f"[{body[1:]}]" if body.startswith("^") else f"[^{body}]"


# -- matching ------------------------------------------------------------------------------------------

_NOTHING = "[^\\x00-\\x{10FFFF}]"  # a class no character is in: a branch that never matches
_SURROGATE = re.compile("[\ud800-\udfff]")


def _utf8(text: str) -> bytes:
    try:
        return text.encode("utf-8")
    except UnicodeEncodeError:  # a lone surrogate: searched as U+FFFD, one character for one
        return _SURROGATE.sub("\ufffd", text).encode("utf-8")


@dataclass(frozen=True, slots=True)
class Regex:
    """A rule-data pattern matched against a whole text (a deadline), compiled on first use."""

    pattern: str  # as RE2 reads it ({N} expanded)
    _compiled: Any = field(default=None, compare=False, repr=False)

    def compile(self) -> Any:
        """The RE2 pattern (:class:`PatternError` where RE2 refuses it)."""
        compiled = self._compiled
        if compiled is None:
            compiled = _compile(self.pattern)
            object.__setattr__(self, "_compiled", compiled)
        return compiled

    def fullmatch(self, text: str) -> bool:
        return self.compile().fullmatch(_utf8(text)) is not None


class Found:
    """A placeholder found in a text: its position (``str`` indexes) and its text."""

    __slots__ = ("_end", "_start", "_text")

    def __init__(self, start: int, end: int, text: str) -> None:
        self._start, self._end, self._text = start, end, text

    def start(self) -> int:
        return self._start

    def end(self) -> int:
        return self._end

    def group(self) -> str:
        return self._text


Entry = tuple[str, str | None, str | None]  # a placeholder's pattern, not_after, not_before


@dataclass(frozen=True, slots=True)
class Placeholders:
    """Every placeholder of the rule data as one RE2 search, with the characters each may not come after
    (``not_after``) or before (``not_before``) checked by the same pattern.

    Each entry is ``X(P)S``: ``(P)`` is the placeholder, ``S`` is ``(?:[^B]|\\z)`` for ``not_before: B``,
    and ``X`` is the character before it: ``[^A]`` for ``not_after: A``, any character otherwise. A match
    that starts at the very beginning has no character before it: the same entries without ``X``, behind
    ``\\A``, come first. Every alternative so starts one character before its placeholder, and RE2's
    leftmost-first choice picks the placeholder that ``(?<![A])P(?![B])`` picks in a backtracking engine.
    The next search starts one character before the end of the placeholder found, its last character
    being the next one's ``X``."""

    entries: tuple[Entry, ...]
    _compiled: list[Any] = field(default_factory=list, compare=False, repr=False)

    @property
    def pattern(self) -> str:
        """The placeholders' patterns as one alternation (what the first-character gate reads)."""
        return "|".join(f"(?:{p})" for p, _, _ in self.entries)

    def finditer(self, string: str, /) -> Iterator[Found]:
        """The placeholders in ``string``, leftmost first, not overlapping; an empty match is none."""
        data = _utf8(string)
        (first, then), groups = self.compile()
        decoded, chars = 0, 0  # a byte offset already counted in characters, and that count
        m = first.search(data)
        while m is not None:
            start, end = next(s for s in (m.span(g) for g in groups) if s[0] >= 0)
            chars += len(data[decoded:start].decode("utf-8"))
            decoded = start
            if start == end:
                m = then.search(data, start)  # on past it
                continue
            length = len(data[start:end].decode("utf-8"))
            yield Found(chars, chars + length, string[chars : chars + length])
            pos = end - 1
            while data[pos] & 0xC0 == 0x80:  # back to the first byte of the placeholder's last character
                pos -= 1
            m = then.search(data, pos)

    def compile(self) -> tuple[tuple[Any, Any], list[int]]:
        """The RE2 search and the same without its branch at the beginning (for every search after the
        first), and the numbers of the groups around the placeholders; :class:`PatternError` where RE2
        refuses the entries joined (too large together)."""
        if not self._compiled:
            bodies: list[str] = []
            sizes: list[int] = []
            for pattern, _, not_before in self.entries:
                after = f"(?:{negated_class(not_before)}|\\z)" if not_before else ""
                bodies.append(f"({pattern}){after}")
                sizes.append(_compile(pattern).groups + 1)
            before = [negated_class(a) if a else "(?s:.)" for _, a, _ in self.entries]
            starts = "|".join(bodies)
            following = "|".join(b + body for b, body in zip(before, bodies, strict=True))
            numbers = [1 + n for n in itertools.accumulate([0, *sizes, *sizes])][:-1]
            self._compiled.extend([(_compile(f"\\A(?:{starts})|{following}"),
                                    _compile(f"{_NOTHING}(?:{starts})|{following}")), numbers])
        return self._compiled[0], self._compiled[1]
