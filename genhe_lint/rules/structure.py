"""GL5xx: the shape of the table: names, content, duplicates."""

from __future__ import annotations

from collections.abc import Iterable

from genhe_lint.catalog.model import Item
from genhe_lint.diagnostic import Diagnostic, Msg, Severity
from genhe_lint.rules.base import BaseRule, Context


class EmptyName(BaseRule):
    """
    事项名称为空（GL501 empty-name）

    检查什么：一级、二级或三级事项的 name 写成了空值（name: ''），或一级事项没有 name。
    下级事项可以不写 name：表示它是上级事项合并单元格下的又一行（如同一事项的两行公开内容）。

    为什么：没有名称的事项无法查找和引用；多是分页时合并单元格的文字没有印出来。

    示例：
        - name: ''
          content: 征求意见后的公众意见采纳反馈情况

    改为：填写事项名称；若只是同一事项的另一行，并入上一个事项。

    修正是否安全：没有自动修正，--fix 不改动。

    English: an item (section, item or sub-item) with an empty name.
    """

    code = "GL501"
    name = "empty-name"
    severity = Severity.ERROR
    summary = Msg("事项名称为空", "empty item name")

    def check(self, ctx: Context) -> Iterable[Diagnostic]:
        assert ctx.catalog is not None
        # the items with no name or a blank one, picked out in one pass
        for item in [i for i in ctx.catalog.items if i.name is None or not i.name.value.strip()]:
            level = ("一级", "section") if item.depth == 0 else ("下级", "item")
            if item.name is not None:
                yield ctx.report(
                    self, ctx.node_span(item.name.node),
                    f"{level[0]}事项名称为空", f"{level[1]} has an empty name",
                    hint=("填写事项名称", "write the item's name"))
            elif item.depth == 0 and "name" not in item.keys:
                yield ctx.report(
                    self, ctx.catalog.item_span(item), "一级事项没有名称（缺少 name）", "section has no name",
                    hint=("加上 name: 一级事项名称", "add name: ..."))


class MissingContent(BaseRule):
    """
    末级事项没有公开内容（GL502 missing-content）

    检查什么：没有下级事项的事项没有 content（公开内容（要素））。

    为什么：目录要说清公开什么；只有名称没有内容要素，公众无法判断应当公开的范围。

    示例：
        - name: 依申请公开
          # 没有 content

    改为：填写公开内容（要素）。

    修正是否安全：没有自动修正，--fix 不改动。

    English: a leaf item without content (公开内容（要素）).
    """

    code = "GL502"
    name = "missing-content"
    severity = Severity.WARNING
    summary = Msg("末级事项没有公开内容", "leaf item has no content")

    def check(self, ctx: Context) -> Iterable[Diagnostic]:
        assert ctx.catalog is not None
        # the leaves with no content or a blank one, picked out in one pass
        for item in [i for i in ctx.catalog.items
                     if not i.items and (i.content is None or not i.content.value.strip())]:
            span = (ctx.node_span(item.content.node) if item.content is not None
                    else ctx.catalog.item_span(item))
            yield ctx.report(
                self, span, f"“{item.label}”没有公开内容（要素）", f"'{item.label}' has no content",
                hint=("填写公开内容（要素）", "write the content (公开内容（要素）)"))


class DuplicateItemName(BaseRule):
    """
    同级事项重名（GL503 duplicate-item-name）

    检查什么：同一上级下有两个同名事项（一级事项之间也算）。

    为什么：重名多是分页时重复了合并单元格，或复制行后忘了改名；同名事项让人不知道以哪一行为准。

    示例：
        - serial: 8
          name: 重点领域
        - serial: 8
          name: 重点领域

    改为：
        - serial: 8
          name: 重点领域

    合并为一个事项，或改成能区分的名称。

    修正是否安全：没有自动修正，--fix 不改动。

    English: two items with the same name under one parent (sections included).
    """

    code = "GL503"
    name = "duplicate-item-name"
    severity = Severity.WARNING
    summary = Msg("同级事项重名", "duplicate item name under one parent")

    def check(self, ctx: Context) -> Iterable[Diagnostic]:
        assert ctx.catalog is not None
        groups: list[list[Item]] = [ctx.catalog.sections] + [i.items for i in ctx.catalog.walk() if i.items]
        for siblings in groups:
            names = [i.name.value for i in siblings if i.name is not None]
            if len(set(names)) == len(names):
                continue  # no name written twice under this parent
            seen: dict[str, Item] = {}
            for item in siblings:
                if item.name is None:
                    continue
                # a blank name is kept as well: it only meets the same blank name, and that is let pass
                first = seen.setdefault(item.name.value, item)
                if first is item or not item.name.value.strip():
                    continue
                assert first.name is not None
                line = first.name.node.start_mark.line + 1
                yield ctx.report(
                    self, ctx.text_span(item.name),
                    f"事项“{item.name.value}”与第 {line} 行的同级事项重名",
                    f"item '{item.name.value}' has the same name as its sibling at line {line}",
                    hint=("合并为一个事项，或改成能区分的名称", "merge the two or rename one"),
                    data={"first_line": str(line)})


class NamelessItemRow(BaseRule):
    """
    同级事项都有名称，唯独这一行没有（GL504 nameless-item-row）

    检查什么：下级事项没有写 name，而它的同级事项有名称。下级事项不写 name 本是“上级事项合并单元格下的
    又一行”的写法，这时同级各行都没有名称；同级中有的有名称、有的没有，多半是表格里这一行的二级事项
    名称单元格是空的。

    为什么：没有名称的事项无法查找和引用，公众也看不出它公开的是什么；GL501 只报写成空值的名称，
    这里是整个 name 都没写。

    示例：
        - name: 履职依据
          items:
            - name: 规范性文件
              content: 本部门制定的规范性文件
            - content: 对规范性文件的解读材料     # 没有 name

    改为：
        - name: 履职依据
          items:
            - name: 规范性文件
              content: 本部门制定的规范性文件
            - name: 政策解读
              content: 对规范性文件的解读材料

    填写这一行的事项名称；若它只是上一事项的又一行，把内容并入上一事项。

    修正是否安全：没有自动修正，--fix 不改动。

    English: an item row without a name among siblings that have names.
    """

    code = "GL504"
    name = "nameless-item-row"
    severity = Severity.ERROR
    summary = Msg("同级事项都有名称，这一行没有", "item row without a name among named siblings")

    def check(self, ctx: Context) -> Iterable[Diagnostic]:
        assert ctx.catalog is not None
        items = ctx.catalog.items
        # the parents of the sub-items with no name: the only ones that may have such a row
        parents = {id(i.parent) for i in items if i.name is None and i.parent is not None}
        if not parents:
            return
        for parent in items:
            if id(parent) not in parents:
                continue
            siblings = parent.items
            named = [i for i in siblings if i.name is not None and i.name.value.strip()]
            if not named:
                continue
            for item in siblings:
                if item.name is None and "name" not in item.keys:
                    neighbour = named[0]
                    assert neighbour.name is not None
                    yield ctx.report(
                        self, ctx.catalog.item_span(item),
                        f"“{parent.label}”下的这一行没有事项名称，而同级的“{neighbour.name.value}”等有名称",
                        f"a row under '{parent.label}' has no name, where its siblings "
                        f"('{neighbour.name.value}') have names",
                        hint=("填写这一行的事项名称；若只是上一事项的又一行，把内容并入上一事项",
                              "write the row's name, or merge it into the item it continues"),
                        data={"parent": parent.label})


RULES: list[type[BaseRule]] = [EmptyName, MissingContent, DuplicateItemName, NamelessItemRow]
