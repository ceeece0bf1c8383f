"""The facts the per-file pass keeps for the cross-catalog rules: what the run's rules read, nothing more."""

from __future__ import annotations

import json
from pathlib import Path

from genhe_lint import ruledata
from genhe_lint.lint.options import Options, Selection
from genhe_lint.lint.passes import lint_file
from genhe_lint.rules.facts import StandardFacts
from tests.conftest import run_cli

_ROW = ("    deadline: 即时公开\n    publisher: 办公室\n    channels: [政府网站]\n    audience: [全社会]\n"
        "    unit: 办公室\n")
_REPORT = "1. 根河市民政局XX工作开展情况报告、根河市民政局XX工作整改情况报告"
# The 民政局 catalog says the same line twice: first in a | block (line 8), then as a plain value (line 16);
# and it has one item of the standard catalog.
SOURCE = ("version: 1\ndepartment: 根河市民政局\nsections:\n"
          f"  - serial: 1\n    name: 督查督办\n    content: |\n      督查督办事项：\n      {_REPORT}\n{_ROW}"
          f"  - serial: 2\n    name: 工作动态\n    content: {_REPORT}\n{_ROW}"
          f"  - serial: 3\n    name: 人事信息\n    content: 人事任免信息\n{_ROW}")
COPY = ("version: 1\ndepartment: 根河市政务服务与数据管理局\nsections:\n"
        "  - serial: 1\n    name: 督查督办\n"
        "    content: 1.根河市政务服务与数据局XX工作开展情况报告、根河市民政局XX工作整改情况报告\n" + _ROW)


def _write(folder: Path) -> None:
    (folder / "mz.yaml").write_text(SOURCE, encoding="utf-8")
    (folder / "zw.yaml").write_text(COPY, encoding="utf-8")


def test_a_copy_is_traced_to_the_first_line_that_has_its_text(tmp_path: Path) -> None:
    _write(tmp_path)
    assert SOURCE.splitlines()[7].strip() == _REPORT and SOURCE.splitlines()[15].endswith(_REPORT)
    proc = run_cli("check", ".", "--isolated", "--select", "GL7", "--format", "json", "--no-cache",
                   cwd=tmp_path)
    found = [(d["code"], d["path"], d["line"], d["data"]) for d in json.loads(proc.stdout)["diagnostics"]]
    assert found == [("GL703", "zw.yaml", 6, {"source": "mz.yaml:8", "found": "根河市民政局"})]


def test_facts_hold_what_the_runs_cross_catalog_rules_read(tmp_path: Path, data: ruledata.RuleData) -> None:
    _write(tmp_path)
    path = tmp_path / "mz.yaml"

    def facts(*select: str, report: bool = False):  # type: ignore[no-untyped-def]
        return lint_file(path, "mz.yaml", data, Options(Selection(select=select), report=report))[1]

    copied = facts("GL703")
    assert [(p.line, p.item) for p in copied.passages] == [(8, "督查督办")]  # the second line is the same
    every = facts()
    assert every.department == copied.department == "根河市民政局" and list(every.standard) != []
    assert list(copied.standard) == []  # GL703 reads the department, not the standard items
    department = facts("GL701")
    assert (department.department, department.department_span) == (every.department, every.department_span)
    assert (list(department.standard), department.passages, department.mentions) == ([], (), ())
    assert facts("GL1")[1:] == (None, None, StandardFacts(), (), (), ())  # no rule reads any
    # the HTML report shows each catalog's department and standard items, whatever rules run
    reported = facts("GL1", report=True)
    assert reported.department == every.department and list(reported.standard) == list(every.standard)
    assert (reported.passages, reported.mentions) == ((), ())
