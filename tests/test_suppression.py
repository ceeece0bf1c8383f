"""Inline suppression: scope of a directive (its node and children), file-wide, and what it leaves alone."""

from __future__ import annotations

from genhe_lint import ruledata
from tests.conftest import lint

CATALOG = """\
department: 根河市民政局
sections:
  - serial: 1     # genhe-lint: disable=GL106
    name: 政府重点工作
    items:
      - name: 政策落实
        content: 根河市民政局XX年重点工作总结
  - serial: 2
    name: 督查督办
    content: XX工作开展情况报告
    # genhe-lint: disable=GL106
  - serial: 3
    name: 政府采购
    content: XX年度政府集中采购目录
"""


def test_directive_covers_its_node_and_children_only(data: ruledata.RuleData) -> None:
    found = [(d.code, d.span.line) for d in lint(CATALOG, data) if d.code in ("GL106", "GL003")]
    assert found == [("GL106", 10)]  # section 1 (line 3..7) and section 3 (next node) suppressed


def test_file_directive(data: ruledata.RuleData) -> None:
    text = "# genhe-lint: disable-file=GL1\n" + CATALOG
    assert not [d for d in lint(text, data) if d.code.startswith("GL1")]
    # other families still report
    assert [d for d in lint(text, data) if d.code == "GL201"]


def test_directive_inside_a_string_is_not_a_directive(data: ruledata.RuleData) -> None:
    text = CATALOG.replace("XX工作开展情况报告", "'XX工作 #genhe-lint: disable=GL106'")
    assert [d.span.line for d in lint(text, data) if d.code == "GL106"] == [10]
