"""GL3xx: the 序号 (serial numbers) of the 一级事项."""

from __future__ import annotations

from collections.abc import Iterable

from genhe_lint.catalog.model import Item
from genhe_lint.diagnostic import Diagnostic, Msg, Severity
from genhe_lint.rules.base import BaseRule, Context


class _SerialPass:
    """One pass over the sections' serials, shared by the four serial rules."""

    def __init__(self, ctx: Context) -> None:
        assert ctx.catalog is not None
        self.duplicates: list[tuple[Item, Item]] = []  # (item, first item with that serial)
        self.gaps: list[tuple[Item, int, int]] = []  # (item, first missing, last missing)
        self.out_of_order: list[tuple[Item, int]] = []  # (item, previous serial)
        self.missing: list[Item] = []
        seen: dict[int, Item] = {}
        high = 0
        for section in ctx.catalog.sections:
            if section.serial is None:
                self.missing.append(section)
                continue
            n = section.serial.value
            if n in seen:
                self.duplicates.append((section, seen[n]))
            elif n < high:
                self.out_of_order.append((section, high))
            elif n > high + 1:
                self.gaps.append((section, high + 1, n - 1))
            seen.setdefault(n, section)
            high = max(high, n)


def _serial_pass(ctx: Context) -> _SerialPass:
    """The pass over this catalog's serials, made once for the four rules."""
    found = ctx.memo.get("serials")
    if not isinstance(found, _SerialPass):
        found = ctx.memo["serials"] = _SerialPass(ctx)
    return found


class DuplicateSerial(BaseRule):
    """
    序号重复（GL301 duplicate-serial）

    检查什么：两个一级事项印着同一个序号，例如两个“1”、两个“8”。

    为什么：序号重复通常是分页时重复了合并单元格、或复制行后忘了改号；引用“第8项”时会指向两处。

    示例：
        - serial: 8
          name: 重点领域
        - serial: 8
          name: 重点领域

    改为：
        - serial: 8
          name: 重点领域

    同一事项跨页的，合并为一个一级事项；不同事项的，重新编号。

    修正是否安全：没有自动修正，--fix 不改动。

    English: two sections print the same serial number.
    """

    code = "GL301"
    name = "duplicate-serial"
    severity = Severity.ERROR
    summary = Msg("序号重复", "duplicate serial number")

    def check(self, ctx: Context) -> Iterable[Diagnostic]:
        for item, first in _serial_pass(ctx).duplicates:
            assert item.serial is not None and first.serial is not None
            line = first.serial.node.start_mark.line + 1
            yield ctx.report(
                self, ctx.node_span(item.serial.node),
                f"序号 {item.serial.value} 重复（第 {line} 行的“{first.label}”已使用）",
                f"serial {item.serial.value} is used twice (first by '{first.label}' at line {line})",
                hint=("同一事项跨页的合并为一项，否则重新编号",
                      "merge a section split by a page break, or renumber"),
                data={"first_line": str(line)})


class SerialGap(BaseRule):
    """
    序号不连续（GL302 serial-gap）

    检查什么：一级事项的序号跳号，例如 3 之后是 5，或第一个序号不是 1。

    为什么：跳号往往说明漏了一个一级事项，或删除后没有重新编号。

    示例：
        - serial: 3
        - serial: 5

    改为：
        - serial: 3
        - serial: 4

    补上缺少的事项或重新编号。

    修正是否安全：没有自动修正，--fix 不改动。

    English: the serial numbers skip one or more numbers.
    """

    code = "GL302"
    name = "serial-gap"
    severity = Severity.WARNING
    summary = Msg("序号不连续", "gap in serial numbers")

    def check(self, ctx: Context) -> Iterable[Diagnostic]:
        for item, lo, hi in _serial_pass(ctx).gaps:
            assert item.serial is not None
            missing = str(lo) if lo == hi else f"{lo}–{hi}"
            yield ctx.report(
                self, ctx.node_span(item.serial.node),
                f"序号跳号：缺少 {missing}", f"serial numbers skip {missing}",
                hint=("补上缺少的事项或重新编号", "add the missing section or renumber"))


class SerialOutOfOrder(BaseRule):
    """
    序号顺序错乱（GL303 serial-out-of-order）

    检查什么：一级事项的序号比前面已出现的序号小（且不是重复）。

    为什么：目录按序号排列，顺序错乱的表格难以查找和引用。

    示例：
        - serial: 4
        - serial: 3

    改为：
        - serial: 3
        - serial: 4

    按序号调整事项顺序，或重新编号。

    修正是否安全：没有自动修正，--fix 不改动。

    English: a serial number smaller than one before it.
    """

    code = "GL303"
    name = "serial-out-of-order"
    severity = Severity.WARNING
    summary = Msg("序号顺序错乱", "serial out of order")

    def check(self, ctx: Context) -> Iterable[Diagnostic]:
        for item, previous in _serial_pass(ctx).out_of_order:
            assert item.serial is not None
            yield ctx.report(
                self, ctx.node_span(item.serial.node),
                f"序号 {item.serial.value} 排在 {previous} 之后",
                f"serial {item.serial.value} comes after {previous}",
                hint=("调整顺序或重新编号", "reorder or renumber"))


class MissingSerial(BaseRule):
    """
    缺少序号（GL304 missing-serial）

    检查什么：一级事项没有序号（没有 serial 键）。

    为什么：序号是目录的第一列；没有序号的一级事项常是分页时丢了合并单元格的文字。

    示例：
        - name: ''
          items: [...]

    改为：
        - serial: 3
          name: 财政信息
          items: [...]

    补上序号（及一级事项名称）。

    修正是否安全：没有自动修正，--fix 不改动。

    English: a section without a serial number.
    """

    code = "GL304"
    name = "missing-serial"
    severity = Severity.WARNING
    summary = Msg("一级事项缺少序号", "section has no serial")

    def check(self, ctx: Context) -> Iterable[Diagnostic]:
        assert ctx.catalog is not None
        for item in _serial_pass(ctx).missing:
            yield ctx.report(
                self, ctx.catalog.item_span(item),
                f"一级事项“{item.label}”没有序号", f"section '{item.label}' has no serial number",
                hint=("加上 serial: 序号", "add serial: N"))


RULES: list[type[BaseRule]] = [DuplicateSerial, SerialGap, SerialOutOfOrder, MissingSerial]
