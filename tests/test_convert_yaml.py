"""The YAML writer: values come back exactly as written, whatever characters they hold."""

from __future__ import annotations

import pytest
import yaml

from genhe_lint.convert import yamlwriter
from genhe_lint.convert.draft import Draft, Node


@pytest.mark.parametrize("text", [
    "办公室", "yes", "no", "null", "~", "1", "1.5", "2024-01-01", "a: b", "a #b", "#x", "- x", "[x]", "{x}",
    "x:", "'单引号'", '"双引号"', "  前导空格", "尾随空格  ", "", "@x", "%x", "!x", "&x", "*x", "|x", ">x",
    "`x", "a\tb",
    "控制\x07字符", "é", "１２３", "“放管服”改革",
])
def test_scalars_round_trip(text: str) -> None:
    assert yaml.safe_load(f"k: {yamlwriter.scalar(text)}")["k"] == text
    assert yaml.safe_load(f"k: [{yamlwriter.scalar(text, flow=True)}, x]")["k"] == [text, "x"]


@pytest.mark.parametrize("text", ["a\nb\n", "a\nb", "a\nb\n\n", "  缩进\n第二行\n", "行尾空格 \n下一行\n",
                                  "a\r\nb\n"])
def test_multi_line_values_round_trip(text: str) -> None:
    draft = Draft(department="根河市民政局", title=None,
                  sections=[Node(name="x", content=text, source="第1行")])
    out = yamlwriter.dump(draft)
    assert yaml.safe_load(out)["sections"][0]["content"] == text


def test_layout_of_the_written_yaml() -> None:
    node = Node(serial=1, name="履职依据", content="1. 甲\n2. 乙\n", channels=["政府网站", "其他"],
                audience=[], source="x.docx 表1 第3行", notes=["一条说明"],
                key_notes={"channels": "印刷：☑政府网站 ☐政府公报 ☑其他"})
    out = yamlwriter.dump(Draft(department="根河市民政局", title="根河市民政局主动公开目录", sections=[node]),
                          ["导入说明"])
    assert out.split("\n")[:14] == [
        "# yaml-language-server: $schema=../schema/catalog.schema.json",
        "# 导入说明",
        "version: 1",
        "department: 根河市民政局",
        "title: 根河市民政局主动公开目录",
        "sections:",
        "  # 来源：x.docx 表1 第3行",
        "  # 一条说明",
        "  - serial: 1",
        "    name: 履职依据",
        "    content: |",
        "      1. 甲",
        "      2. 乙",
        "    channels: [政府网站, 其他]  # 印刷：☑政府网站 ☐政府公报 ☑其他",
    ]
