"""``check --diff-base REF`` reports every finding a change brings, wherever it sits (not only on changed
lines): errors on unchanged child lines after an inherited attribute is deleted, a deleted required section,
a cross-catalog effect in a file the change did not touch."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from collections import Counter
from pathlib import Path
from typing import Any

from tests.conftest import CATALOGS, run_cli

MZ = "genhe-minzhengju.yaml"
ZW = "genhe-zhengwu-shuju.yaml"
GIT = ["git", "-c", "user.name=t", "-c", "user.email=t@example.invalid", "-c", "commit.gpgsign=false"]


def _repo(tmp_path: Path) -> Path:
    root = tmp_path / "repo"
    shutil.copytree(CATALOGS, root / "catalogs")
    subprocess.run([*GIT, "init", "-q"], cwd=root, check=True)
    subprocess.run([*GIT, "add", "-A"], cwd=root, check=True)
    subprocess.run([*GIT, "commit", "-qm", "base"], cwd=root, check=True)
    return root


def _found(root: Path, *extra: str) -> list[dict[str, Any]]:
    proc = run_cli("check", "catalogs/", "--format", "json", "--no-cache", *extra, cwd=root)
    assert proc.returncode in (0, 1), proc.stderr
    found: list[dict[str, Any]] = json.loads(proc.stdout)["diagnostics"]
    return found


def _keys(found: list[dict[str, Any]]) -> Counter[tuple[str, str, str]]:
    """What a finding is, apart from where: cross-catalog messages name the other file's line, which moves."""
    return Counter((d["path"], d["code"], re.sub(r"\.yaml:\d+", ".yaml", d["message"])) for d in found)


def _drop_lines(path: Path, *wanted: str) -> None:
    lines = path.read_text(encoding="utf-8").split("\n")
    for text in wanted:
        lines.remove(text)
    path.write_text("\n".join(lines), encoding="utf-8")


def test_deleting_inherited_attributes_reports_the_items_that_lost_them(tmp_path: Path) -> None:
    root = _repo(tmp_path)
    before = _found(root)
    # the second 履职依据 section's channels and unit, which its four items inherit
    _drop_lines(root / "catalogs" / MZ,
                "    channels: [政府网站]  # 印刷: ☑政府网站; 其余12项未勾选, 含“广播电视台”",
                "    unit: 办公室")
    after = _found(root)
    brought = _keys(after) - _keys(before)
    assert sum(brought.values()) >= 8 and {code for _, code, _ in brought} >= {"GL201", "GL403"}
    new = _found(root, "--diff-base", "HEAD")
    assert _keys(new) == brought
    lines = {d["line"] for d in new}
    assert all(line > 34 for line in lines)  # on the items' own lines, which the change did not touch
    proc = run_cli("check", "catalogs/", "--diff-base", "HEAD", "--no-cache", cwd=root)
    assert proc.returncode == 1


def test_deleting_a_required_section_is_reported(tmp_path: Path) -> None:
    root = _repo(tmp_path)
    path = root / "catalogs" / MZ
    text = path.read_text(encoding="utf-8").split("\n")
    start = next(i for i, line in enumerate(text) if line.strip() == "name: 机关简介") - 1
    end = next(i for i in range(start + 1, len(text)) if text[i].startswith("  - "))
    path.write_text("\n".join(text[:start] + text[end:]), encoding="utf-8")
    new = _found(root, "--diff-base", "HEAD")
    assert any(d["code"] == "GL601" and d["path"].endswith(MZ) and "机关简介" in d["message"]
               for d in new), new


def test_an_unchanged_change_reports_nothing_and_a_second_copy_is_new(tmp_path: Path) -> None:
    root = _repo(tmp_path)
    assert _found(root, "--diff-base", "HEAD") == []
    path = root / "catalogs" / MZ
    text = path.read_text(encoding="utf-8")
    assert text.count("天河市民政局人事任免") == 1
    changed = text.replace("sections:\n", "title: 天河市民政局人事任免\nsections:\n", 1)
    path.write_text(changed, encoding="utf-8")
    new = _found(root, "--diff-base", "HEAD")
    assert [d["code"] for d in new if d["code"] == "GL101"] == ["GL101"]


def test_unknown_revision_and_no_repository_are_usage_errors(tmp_path: Path) -> None:
    root = _repo(tmp_path)
    bad = run_cli("check", "catalogs/", "--diff-base", "no-such-ref", cwd=root)
    assert bad.returncode == 2 and "no-such-ref" in bad.stderr and "没有修订" in bad.stderr
    plain = tmp_path / "plain"
    shutil.copytree(CATALOGS, plain / "catalogs")
    outside = run_cli("check", "catalogs/", "--diff-base", "HEAD", cwd=plain)
    assert outside.returncode == 2 and "git 仓库" in outside.stderr


def test_a_change_that_makes_another_catalog_wrong_reports_that_catalog(tmp_path: Path) -> None:
    """Giving one catalog the other's department makes both duplicates (GL701): the untouched one too."""
    root = _repo(tmp_path)
    path = root / "catalogs" / MZ
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("department: 根河市民政局", "department: 根河市政务服务与数据管理局", 1),
                    encoding="utf-8")
    new = _found(root, "--diff-base", "HEAD")
    assert {d["path"] for d in new if d["code"] == "GL701"} == {f"catalogs/{MZ}", f"catalogs/{ZW}"}


def test_findings_on_one_line_are_told_apart_by_their_message(tmp_path: Path) -> None:
    """Several standard items missing are reported on the same `sections:` line: the one a change brings is
    the one reported, not another one that was already missing."""
    root = _repo(tmp_path)
    path = root / "catalogs" / MZ
    text = path.read_text(encoding="utf-8")
    assert text.count("    name: 人事信息\n") == 1
    path.write_text(text.replace("    name: 人事信息\n", "    name: 人员任免\n"), encoding="utf-8")
    new = [d for d in _found(root, "--diff-base", "HEAD") if d["code"] == "GL601"]
    assert new and all("人事信息" in d["message"] for d in new), new
