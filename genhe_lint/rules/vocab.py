"""GL2xx: the closed vocabularies: 公开渠道和载体 (channels) and 公开对象 (audience)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from genhe_lint.catalog.model import Text, TextList
from genhe_lint.diagnostic import Diagnostic, Msg, Severity
from genhe_lint.ruledata.compiled import Vocabulary
from genhe_lint.rules.base import BaseRule, Context, empty_or_absent


def _odd_entries(ctx: Context, attr: str, vocab: Vocabulary) -> list[tuple[Text, str | None]]:
    """The entries of ``attr`` not written as a canonical value, in table order, with the canonical value
    they stand for (None: unknown): found once per catalog for the rules that report them."""
    assert ctx.catalog is not None
    key = "vocab:" + attr
    odd: list[tuple[Text, str | None]] | None = ctx.memo.get(key)  # type: ignore[assignment]
    if odd is None:
        resolve, plain = vocab.resolve, vocab.plain  # a canonical value is the only one resolved to itself
        odd = ctx.memo[key] = [
            (entry, resolve(entry.value)) for _item, own in ctx.catalog.written(attr) if type(own) is TextList
            for entry in own.entries if entry.value not in plain]
    return odd


def _check_vocab(
    ctx: Context, attr: str, vocab: Vocabulary,
    unknown: type[BaseRule] | None, variant: type[BaseRule] | None, zh: str, en: str,
) -> Iterator[Diagnostic]:
    """Unknown values (reported by ``unknown``) and variant spellings (by ``variant``); None skips."""
    for entry, canonical in _odd_entries(ctx, attr, vocab):
        if canonical is None and unknown is not None:
            guess = vocab.nearest(entry.value)
            ask_zh = f"，是不是“{guess}”？" if guess is not None else ""
            ask_en = f"; did you mean '{guess}'?" if guess is not None else ""
            yield ctx.report(
                unknown, ctx.text_span(entry),
                f"“{entry.value}”不是规范的{zh}{ask_zh}", f"'{entry.value}' is not a known {en}{ask_en}",
                hint=(f"可选值：{'、'.join(vocab.canonical)}",
                      f"known values: {', '.join(vocab.canonical)}"),
                fix=guess, safe=False, data={"found": entry.value, "suggestion": guess or ""})
        elif canonical is not None and variant is not None:
            yield ctx.report(
                variant, ctx.text_span(entry),
                f"{zh}“{entry.value}”应写作规范名称“{canonical}”",
                f"{en} '{entry.value}' should be written '{canonical}'",
                hint=(f"改为“{canonical}”", f"write '{canonical}'"),
                fix=canonical, data={"found": entry.value, "expected": canonical})


class MissingChannel(BaseRule):
    """
    没有公开渠道（GL201 missing-channel）

    检查什么：事项一个公开渠道也没有勾选：写成 channels: []，或末级事项本身和上级都没有填写 channels。

    为什么：没有渠道就等于没有公开；《政府信息公开条例》要求通过政府网站等渠道主动公开。

    示例：
        - serial: 6
          name: 新闻发布
          channels: []

    改为：
        - serial: 6
          name: 新闻发布
          channels: [政府网站]

    按实际情况勾选渠道，通常至少有“政府网站”。

    修正是否安全：没有自动修正，--fix 不改动。

    English: an item with no channel (an explicit [] or nothing set on it or its parents).
    """

    code = "GL201"
    name = "missing-channel"
    severity = Severity.ERROR
    summary = Msg("没有勾选公开渠道", "no channel checked")

    def check(self, ctx: Context) -> Iterable[Diagnostic]:
        yield from empty_or_absent(ctx, self.__class__, "channels", "公开渠道", "channel",
                                    ("至少勾选一个渠道，如“政府网站”",
                                     "check at least one channel, e.g. 政府网站"))


class UnknownChannel(BaseRule):
    """
    未知的公开渠道（GL202 unknown-channel）

    检查什么：channels 中不属于 13 个标准渠道（lint_rules/channels.yaml）、也不是已知别写的名称。

    为什么：渠道是固定的勾选项；写成别的名字，统计和公开平台都无法识别。

    示例：
        channels: [政府网址]

    改为：
        channels: [政府网站]

    改为最接近的标准渠道；若是本地确实使用的写法，加到 channels.yaml 对应渠道的 variants 中。

    修正是否安全：不安全，有相近的标准渠道时，建议替换为最接近的一个，需人工确认，
    只在 --fix --unsafe-fixes 时改动。

    English: a channel that is not one of the standard channels; the nearest is suggested (unsafe fix).
    """

    code = "GL202"
    name = "unknown-channel"
    severity = Severity.ERROR
    summary = Msg("未知的公开渠道", "unknown channel")

    def check(self, ctx: Context) -> Iterable[Diagnostic]:
        yield from _check_vocab(ctx, "channels", ctx.data.channels, UnknownChannel, None,
                                "公开渠道", "channel")


class NonCanonicalChannel(BaseRule):
    """
    公开渠道写法不规范（GL203 non-canonical-channel）

    检查什么：渠道名称是已知的其他写法：广播电视台（应为广播电视）、政务服务大厅（应为政务服务中心）、
    其他方式（应为其他）、半角括号“公示栏(电子屏)”等。本地区的规范叫法见 region.yaml（如纸质传媒）。

    为什么：同一渠道写法不一，汇总统计时会被当成不同渠道。

    示例：
        channels: [政府网站, 广播电视台]

    改为：
        channels: [政府网站, 广播电视]

    改为规范写法。

    修正是否安全：安全，--fix 把已知的其他写法替换为规范写法。

    English: a known variant spelling of a standard channel. Fixable.
    """

    code = "GL203"
    name = "non-canonical-channel"
    severity = Severity.WARNING
    summary = Msg("公开渠道写法不规范", "variant spelling of a channel")
    fixable = True

    def check(self, ctx: Context) -> Iterable[Diagnostic]:
        yield from _check_vocab(ctx, "channels", ctx.data.channels, None, NonCanonicalChannel,
                                "公开渠道", "channel")


class EmptyAudience(BaseRule):
    """
    没有公开对象（GL204 empty-audience）

    检查什么：公开对象一个也没有勾选（audience: []），或末级事项本身和上级都没有填写 audience。

    为什么：公开对象决定了信息面向全社会还是特定群体，是目录的必填项。

    示例：
        audience: []

    改为：
        audience: [全社会]

    勾选“全社会”或“特定群体”。

    修正是否安全：没有自动修正，--fix 不改动。

    English: no audience checked (an explicit [] or nothing set on the item or its parents).
    """

    code = "GL204"
    name = "empty-audience"
    severity = Severity.ERROR
    summary = Msg("没有勾选公开对象", "no audience checked")

    def check(self, ctx: Context) -> Iterable[Diagnostic]:
        yield from empty_or_absent(ctx, self.__class__, "audience", "公开对象", "audience",
                                    ("勾选“全社会”或“特定群体”", "check 全社会 or 特定群体"))


class UnknownAudience(BaseRule):
    """
    公开对象取值不规范（GL205 unknown-audience）

    检查什么：audience 中除“全社会”“特定群体”以外的值。已知的其他写法（如“特定对象”应为“特定群体”，
    lint_rules/audiences.yaml）可自动修正；完全不认识的值报错并给出建议。

    为什么：公开对象只有两个勾选项；写法不一会让统计出错。

    示例：
        audience: [特定对象]

    改为：
        audience: [特定群体]

    改为“全社会”或“特定群体”。

    修正是否安全：已知的其他写法（audiences.yaml）安全，--fix 替换为规范写法。
    完全不认识的值不安全，有相近的取值时建议替换为最接近的一个，只在 --fix --unsafe-fixes 时改动。

    English: an audience value other than 全社会/特定群体; known variants (特定对象) are fixable.
    """

    code = "GL205"
    name = "unknown-audience"
    severity = Severity.ERROR
    summary = Msg("公开对象取值不规范", "unknown audience value")
    fixable = True

    def check(self, ctx: Context) -> Iterable[Diagnostic]:
        yield from _check_vocab(ctx, "audience", ctx.data.audiences, UnknownAudience, UnknownAudience,
                                "公开对象", "audience")


RULES: list[type[BaseRule]] = [
    MissingChannel, UnknownChannel, NonCanonicalChannel, EmptyAudience, UnknownAudience,
]
