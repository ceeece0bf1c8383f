"""The CLI, run as users run it, on the two real catalogs: every real defect at the line that holds it.

Expected positions are found independently, by searching the catalog's text for the defect (the n-th
occurrence of a string), so a comment added above does not break the test, but a wrong line or column does.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import CATALOGS, run_cli

MZ = "catalogs/genhe-minzhengju.yaml"
ZW = "catalogs/genhe-zhengwu-shuju.yaml"


def locate(path: str, needle: str, occurrence: int = 1) -> tuple[int, int]:
    """1-based (line, column) of the n-th occurrence of ``needle`` outside comments."""
    lines = (CATALOGS.parent / path).read_text(encoding="utf-8").split("\n")
    seen = 0
    for number, full_line in enumerate(lines, start=1):
        # not in comments
        line = full_line.split(" #", 1)[0] if not full_line.lstrip().startswith("#") else ""
        col = line.find(needle)
        while col != -1:
            seen += 1
            if seen == occurrence:
                return number, col + 1
            col = line.find(needle, col + 1)
    raise AssertionError(f"{needle!r} not found in {path}")


@pytest.fixture(scope="module")
def report() -> dict[str, Any]:
    proc = run_cli("check", "catalogs/", "--format", "json")
    assert proc.returncode == 1, proc.stderr
    assert proc.stderr == ""
    return json.loads(proc.stdout)  # type: ignore[no-any-return]


def has(report: dict[str, Any], path: str, code: str, line: int, column: int | None = None) -> bool:
    return any(
        d["path"] == path and d["code"] == code and d["line"] == line
        and (column is None or d["column"] == column)
        for d in report["diagnostics"]
    )


# (file, rule, text to find, its occurrence, where the defect starts inside that text; None: check the line
# only)
REAL_DEFECTS = [
    # the city name written 天河市
    (MZ, "GL101", "天河市", 1, 0),
    # another bureau's name pasted into the 政务服务与数据管理局 catalog, with the passage it stands in:
    # one finding, the copied passage (GL703), which names its source
    (ZW, "GL703", "根河市民政局", 1, 0),
    # abbreviated and old department names
    (MZ, "GL103", "登记的民政局", 1, 3),
    (ZW, "GL103", "根河市政务服务局印发", 1, 0),
    (ZW, "GL103", "根河市政务服务与数据局", 1, 0),
    (ZW, "GL103", "根河市政务服务局各类", 1, 0),
    # province and region wording in a city catalog
    (MZ, "GL105", "全省", 1, 0),
    (MZ, "GL105", "全区", 1, 0),
    (MZ, "GL105", "民政厅", 1, 0),
    (MZ, "GL105", "各盟市", 1, 0),
    # XX template placeholders
    (MZ, "GL106", "XX年重点", 1, 0),
    (MZ, "GL106", "XX政策", 1, 0),
    (MZ, "GL106", "XX工作开展", 1, 0),
    (MZ, "GL106", "XX工作整改", 1, 0),
    (MZ, "GL106", "XX年度", 1, 0),
    (ZW, "GL106", "XX年重点", 1, 0),
    (ZW, "GL106", "XX工作开展", 1, 0),
    (ZW, "GL106", "XX工作整改", 1, 0),
    (ZW, "GL106", "XX年度", 1, 0),
    # known wrong wordings
    (MZ, "GL107", "的得勘定", 1, 0),
    (MZ, "GL107", "权力义务", 1, 0),
    (ZW, "GL107", "权力义务", 1, 0),
    # rows with no channel
    (MZ, "GL201", "channels: []", 1, None),  # 新闻发布
    (MZ, "GL201", "channels: []", 2, None),  # 政民互动
    (MZ, "GL201", "channels: []", 3, None),  # 重点领域信息
    # empty audience
    (MZ, "GL204", "audience: []", 1, None),
    (MZ, "GL204", "audience: []", 2, None),
    (ZW, "GL204", "audience: []", 1, None),
    # duplicated serial numbers: two sections numbered 1, two numbered 8
    (MZ, "GL301", "serial: 1", 2, None),
    (ZW, "GL301", "serial: 8", 2, None),
    # a section printed without serial and name
    (ZW, "GL304", "- name: ''", 1, None),
    (ZW, "GL501", "- name: ''", 1, None),
    # parentheses: a half-width pair, and a pair opened half-width and closed full-width
    (MZ, "GL110", "(本单位", 1, 0),
    (ZW, "GL110", "(办事处）", 1, 0),
    # empty 责任科室, and a unit spelled another way
    (ZW, "GL403", "unit: ''", 2, None),
    (ZW, "GL404", "电子政务和政务公开办", 1, 0),
]


@pytest.mark.parametrize(("path", "code", "needle", "occurrence", "offset"), REAL_DEFECTS,
                         ids=[f"{p.split('/')[-1]}-{c}-{n}-{o}" for p, c, n, o, _ in REAL_DEFECTS])
def test_real_defect_is_reported_at_its_line(
    report: dict[str, Any], path: str, code: str, needle: str, occurrence: int, offset: int | None
) -> None:
    line, col = locate(path, needle, occurrence)
    column = None if offset is None else col + offset
    assert has(report, path, code, line, column), f"{code} expected at {path}:{line}:{column}"


def test_legitimate_references_are_not_flagged(report: dict[str, Any]) -> None:
    foreign = [d for d in report["diagnostics"] if d["code"] in ("GL102", "GL703")]
    # the only other department's name in either catalog is the pasted 根河市民政局, reported once
    assert [(d["path"], d["code"], d["data"]["found"]) for d in foreign] == [(ZW, "GL703", "根河市民政局")]
    for text in ("本级政府财政部门", "市本级督查室", "根河市人民政府网", "市政务公开办"):
        for path in (MZ, ZW):
            source = (CATALOGS.parent / path).read_text(encoding="utf-8")
            if text in source:
                line, _ = locate(path, text)
                assert not any(d["path"] == path and d["line"] == line and d["code"].startswith("GL1")
                               for d in report["diagnostics"]), f"{text} flagged in {path}:{line}"


def test_summary_and_shape(report: dict[str, Any]) -> None:
    summary = report["summary"]
    assert summary["files"] == 2 and summary["files_with_findings"] == 2
    assert summary["errors"] == sum(1 for d in report["diagnostics"] if d["severity"] == "error") > 0
    keys = {"code", "name", "severity", "message", "path", "line", "column", "end_line", "end_column",
            "fixable"}
    for d in report["diagnostics"]:
        assert keys <= set(d)
        assert d["severity"] in ("error", "warning", "info")
        assert (d["end_line"], d["end_column"]) >= (d["line"], d["column"])


def test_output_is_deterministic() -> None:
    first = run_cli("check", "catalogs/", "--format", "json").stdout
    again = run_cli("check", ZW, MZ, "--format", "json").stdout
    assert first == again


def test_text_output_in_chinese_and_english() -> None:
    zh = run_cli("check", MZ)
    assert zh.returncode == 1
    assert "地名“天河市”疑似写错" in zh.stdout and "GL101" in zh.stdout and "wrong-region-name" in zh.stdout
    line, col = locate(MZ, "天河市")
    assert f"{MZ}:{line}:{col}" in zh.stdout
    assert "共检查 1 个文件" in zh.stdout
    en = run_cli("check", MZ, "--lang", "en")
    assert "looks like a misspelling of '根河市'" in en.stdout and "Found" in en.stdout
    assert "地名" not in en.stdout


def test_json_messages_follow_lang() -> None:
    out = json.loads(run_cli("check", ZW, "--format", "json", "--lang", "en").stdout)
    assert any("another department's name" in d["message"] for d in out["diagnostics"])


def test_select_and_ignore() -> None:
    only = json.loads(run_cli("check", "catalogs/", "--format", "json", "--select", "GL10").stdout)
    codes = {d["code"] for d in only["diagnostics"]}
    assert codes and all(c.startswith("GL10") for c in codes)
    without = json.loads(run_cli("check", "catalogs/", "--format", "json", "--ignore", "GL106",
                                 "--ignore", "template-placeholder").stdout)
    assert "GL106" not in {d["code"] for d in without["diagnostics"]}
    assert run_cli("check", "catalogs/", "--select", "GL999").returncode == 2


def test_exit_code_zero_when_only_warnings() -> None:
    proc = run_cli("check", "catalogs/", "--select", "GL105")
    assert proc.returncode == 0, proc.stdout
    assert "警告" in proc.stdout


def test_corrected_copies_lint_clean() -> None:
    folder = Path(__file__).parent / "examples" / "corrected"
    proc = run_cli("check", str(folder), "--format", "json")
    out = json.loads(proc.stdout)
    assert out["summary"]["files"] == 2
    assert [d for d in out["diagnostics"] if d["severity"] == "error"] == []
    assert proc.returncode == 0


def test_recorded_baseline_covers_exactly_the_known_defects() -> None:
    """The gate on main: the known real defects are baselined, so it passes; a new one would fail it."""
    proc = run_cli("check", "catalogs/", "--baseline", ".genhe-lint-baseline.json", "--format", "json")
    assert proc.returncode == 0, proc.stdout
    assert json.loads(proc.stdout)["diagnostics"] == []
    entries = json.loads(
        (CATALOGS.parent / ".genhe-lint-baseline.json").read_text(encoding="utf-8"))["findings"]
    full = json.loads(run_cli("check", "catalogs/", "--format", "json").stdout)["diagnostics"]
    assert len(entries) == len(full)  # nothing stale in it either


def test_across_catalogs_copied_passage_names_its_source(report: dict[str, Any]) -> None:
    [copied] = [d for d in report["diagnostics"] if d["code"] == "GL703"]
    line, col = locate(ZW, "根河市民政局")
    assert (copied["path"], copied["line"], copied["column"]) == (ZW, line, col)
    source_line, _ = locate(MZ, "XX工作开展情况报告")  # the 督查督办 row of the 民政局 catalog
    assert copied["data"]["source"] == f"{MZ}:{source_line}"
    assert "督查督办" in copied["message"]


def test_standard_catalog_findings_on_the_real_catalogs(report: dict[str, Any]) -> None:
    def items(code: str, path: str) -> set[str]:
        return {d["data"]["item"] for d in report["diagnostics"] if d["code"] == code and d["path"] == path}

    line, _ = locate(MZ, "name: 政府信息公开指南")
    assert has(report, MZ, "GL602", line)
    assert items("GL602", MZ) == {"政府信息公开工作 > 政府信息公开指南"}
    # the 机关简介 rows stand under a section printed without a name: GL501's finding, not a missing section
    assert items("GL601", ZW) == {"履职依据 > 法律法规规章"}
    assert items("GL601", MZ) == set()
    assert "政府信息公开工作 > 政府信息公开年度报告" in items("GL603", MZ) & items("GL603", ZW)
