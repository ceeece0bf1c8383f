"""``genhe-lint changes``: what a pull request does to the catalogs, as 事项, in text, JSON and Markdown."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Any

from tests.conftest import CATALOGS, run_cli

GIT = ["git", "-c", "user.name=t", "-c", "user.email=t@example.invalid", "-c", "commit.gpgsign=false"]

BASE = """\
version: 1
department: 根河市财政局
sections:
  - serial: 1
    name: 机构职能
    publisher: 办公室
    channels: [政府网站, 政务服务中心]
    audience: [全社会]
    unit: 办公室
    items:
      - name: 机构设置
        content: 内设机构及职责
        deadline: 信息形成之日起20个工作日内
      - name: 领导信息
        content: 领导姓名、职务、分工
        deadline: 即时公开
      - name: 联系方式
        content: 办公地址、电话
        deadline: 即时公开
  - serial: 2
    name: 财政资金
    publisher: 办公室
    channels: [政府网站]
    audience: [全社会]
    unit: 财务室
    items:
      - name: 部门预算
        content: 部门预算及说明
        deadline: 批复后20日内
      - name: 部门决算
        content: 部门决算及说明
        deadline: 批复后20日内
"""

# The pull request: renames 领导信息, removes 联系方式, adds 政府采购, changes 部门预算's deadline and
# unchecks 政务服务中心 on the section 机构职能.
PULL = (BASE.replace("name: 领导信息", "name: 领导班子信息")
        .replace("      - name: 联系方式\n        content: 办公地址、电话\n        deadline: 即时公开\n", "")
        .replace("deadline: 批复后20日内\n      - name: 部门决算",
                 "deadline: 批复后10日内\n      - name: 部门决算")
        .replace("channels: [政府网站, 政务服务中心]", "channels: [政府网站]")
        + "      - name: 政府采购\n        content: 采购意向及结果\n        deadline: 即时公开\n")

EXPECTED = [
    {"kind": "entry-removed", "catalog": "catalogs/czj.yaml", "item": "机构职能", "field": "channels",
     "old": "政务服务中心", "new": None, "line": 7},
    {"kind": "item-renamed", "catalog": "catalogs/czj.yaml", "item": "机构职能 › 领导班子信息",
     "field": "name", "old": "领导信息", "new": "领导班子信息", "line": 14},
    {"kind": "field-changed", "catalog": "catalogs/czj.yaml", "item": "财政资金 › 部门预算",
     "field": "deadline", "old": "批复后20日内", "new": "批复后10日内", "line": 26},
    {"kind": "item-added", "catalog": "catalogs/czj.yaml", "item": "财政资金 › 政府采购", "field": None,
     "old": None, "new": None, "line": 30},
    {"kind": "item-removed", "catalog": "catalogs/czj.yaml", "item": "机构职能 › 联系方式", "field": None,
     "old": None, "new": None, "line": 17},
]


def _repo(tmp_path: Path, files: dict[str, str]) -> Path:
    root = tmp_path / "repo"
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text, encoding="utf-8")
    subprocess.run([*GIT, "init", "-q"], cwd=root, check=True)
    subprocess.run([*GIT, "add", "-A"], cwd=root, check=True)
    subprocess.run([*GIT, "commit", "-qm", "base"], cwd=root, check=True)
    return root


def _changes(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    proc = run_cli("changes", *args, cwd=root)
    assert proc.returncode == 0, proc.stderr
    return proc


def _json(root: Path, *args: str) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = json.loads(_changes(root, *args, "--format", "json").stdout)["changes"]
    return found


def test_a_pull_request_lists_exactly_its_changes_in_every_format(tmp_path: Path) -> None:
    root = _repo(tmp_path, {"catalogs/czj.yaml": BASE})
    (root / "catalogs" / "czj.yaml").write_text(PULL, encoding="utf-8")

    assert _json(root, "--base", "HEAD", "catalogs/") == EXPECTED

    text = _changes(root, "--base", "HEAD", "catalogs/").stdout
    assert text.splitlines() == [
        "catalogs/czj.yaml",
        "  第 7 行  取消公开渠道  机构职能  “政务服务中心”",
        "  第 14 行  事项改名  机构职能 › 领导班子信息  “领导信息” → “领导班子信息”",
        "  第 26 行  修改公开时限  财政资金 › 部门预算  “批复后20日内” → “批复后10日内”",
        "  第 30 行  新增事项  财政资金 › 政府采购",
        "  原第 17 行  删除事项  机构职能 › 联系方式",
        "共 5 处改动，涉及 1 个目录。",
    ]

    markdown = _changes(root, "--base", "HEAD", "catalogs/", "--format", "markdown").stdout
    rows = [line for line in markdown.splitlines() if line.startswith("| ") and "catalogs/" in line]
    assert rows == [
        "| 取消公开渠道 | catalogs/czj.yaml | 机构职能 | 政务服务中心 |  | 7 |",
        "| 事项改名 | catalogs/czj.yaml | 机构职能 › 领导班子信息 | 领导信息 | 领导班子信息 | 14 |",
        "| 修改公开时限 | catalogs/czj.yaml | 财政资金 › 部门预算 | 批复后20日内 | 批复后10日内 | 26 |",
        "| 新增事项 | catalogs/czj.yaml | 财政资金 › 政府采购 |  |  | 30 |",
        "| 删除事项 | catalogs/czj.yaml | 机构职能 › 联系方式 |  |  | 原 17 |",
    ]
    assert markdown.startswith("### genhe-lint：本次改动的事项\n")
    assert "| 改动 | 目录 | 事项 | 原来 | 现在 | 行 |" in markdown

    english = _changes(root, "--base", "HEAD", "catalogs/", "--lang", "en").stdout
    assert "  old line 17  item removed  机构职能 › 联系方式" in english
    assert "  line 26  deadline changed  财政资金 › 部门预算  “批复后20日内” → “批复后10日内”" in english
    assert english.endswith("5 change(s) in 1 catalog(s).\n")


def test_no_change_and_a_committed_change(tmp_path: Path) -> None:
    root = _repo(tmp_path, {"catalogs/czj.yaml": BASE})
    assert _json(root, "--base", "HEAD") == []
    assert _changes(root, "--base", "HEAD").stdout == "目录没有改动。\n"
    (root / "catalogs" / "czj.yaml").write_text(PULL, encoding="utf-8")
    subprocess.run([*GIT, "commit", "-qam", "pull request"], cwd=root, check=True)
    # Committed: HEAD~1 to the working tree is the pull request; HEAD to it is nothing.
    assert _json(root, "--base", "HEAD~1", "catalogs/") == EXPECTED
    assert _json(root, "--base", "HEAD", "catalogs/") == []


def test_moves_sections_and_catalogs(tmp_path: Path) -> None:
    root = _repo(tmp_path, {"catalogs/czj.yaml": BASE, "catalogs/gone.yaml": BASE})
    dropped = "      - name: 部门决算\n        content: 部门决算及说明\n        deadline: 批复后20日内\n"
    moved = (BASE.replace(dropped, "")
             .replace("    items:\n      - name: 机构设置",
                      "    items:\n      - name: 部门决算\n        content: 部门决算及说明\n"
                      "        deadline: 批复后20日内\n      - name: 机构设置")
             .replace("name: 财政资金", "name: 财政资金信息")
             + "  - serial: 3\n    name: 重点领域\n")
    (root / "catalogs" / "czj.yaml").write_text(moved, encoding="utf-8")
    (root / "catalogs" / "gone.yaml").unlink()
    (root / "catalogs" / "new.yaml").write_text(BASE, encoding="utf-8")
    found = [(c["kind"], c["catalog"], c["item"], c["old"], c["new"]) for c in _json(root, "--base", "HEAD")]
    assert found == [
        ("item-moved", "catalogs/czj.yaml", "机构职能 › 部门决算", "财政资金", "机构职能"),
        ("section-renamed", "catalogs/czj.yaml", "财政资金信息", "财政资金", "财政资金信息"),
        ("section-added", "catalogs/czj.yaml", "重点领域", None, None),
        ("catalog-removed", "catalogs/gone.yaml", "", "7", None),
        ("catalog-added", "catalogs/new.yaml", "", None, "7"),
    ]


def test_two_files(tmp_path: Path) -> None:
    (tmp_path / "old.yaml").write_text(BASE, encoding="utf-8")
    (tmp_path / "new.yaml").write_text(PULL, encoding="utf-8")
    found = _json(tmp_path, "old.yaml", "new.yaml")
    assert [(c["kind"], c["catalog"], c["item"]) for c in found] == [
        (e["kind"], "new.yaml", e["item"]) for e in EXPECTED]


def test_a_real_catalog_renamed_item_is_not_removed_and_added(tmp_path: Path) -> None:
    """The bundled catalog has two sections of one name and items without names: a one-word edit is one
    change."""
    text = (CATALOGS / "genhe-minzhengju.yaml").read_text(encoding="utf-8")
    root = _repo(tmp_path, {"catalogs/mz.yaml": text})
    (root / "catalogs" / "mz.yaml").write_text(text.replace("name: 法律法规规章", "name: 法律法规和规章", 1),
                                               encoding="utf-8")
    found = _json(root, "--base", "HEAD")
    found_kinds = [(c["kind"], c["old"], c["new"]) for c in found]
    assert found_kinds == [("item-renamed", "法律法规规章", "法律法规和规章")]


def test_markdown_is_inert_and_lists_the_new_findings_first(tmp_path: Path) -> None:
    root = _repo(tmp_path, {"catalogs/czj.yaml": BASE})
    hostile = BASE.replace("name: 部门预算", "name: '部门预算 | @someone <b>x</b> [y](http://e.invalid) `z`'")
    hostile = hostile.replace("根河市财政局", "天河市财政局")
    (root / "catalogs" / "czj.yaml").write_text(hostile, encoding="utf-8")
    check = run_cli("check", "catalogs/", "--format", "json", "--no-cache", "--diff-base", "HEAD",
                    "--select", "GL101", cwd=root)
    assert check.returncode == 1, check.stderr
    (root / "new.json").write_text(check.stdout, encoding="utf-8")
    markdown = _changes(root, "--base", "HEAD", "catalogs/", "-f", "markdown",
                        "--findings", "new.json").stdout
    assert markdown.index("本次改动带来的问题（1 处）") < markdown.index("本次改动的事项")
    assert "| 错误 | GL101 wrong-region-name | catalogs/czj.yaml:2:13 | 地名“天河市”疑似写错" in markdown
    added = next(line for line in markdown.splitlines() if "新增事项" in line)
    assert "部门预算 \\| &#64;someone &lt;b&gt;x&lt;/b&gt; \\[y\\]\\(http://e.invalid\\) \\`z\\`" in added
    assert added.count(" | ") == 5  # the name's "|" does not add a column


def test_usage_errors(tmp_path: Path) -> None:
    root = _repo(tmp_path, {"catalogs/czj.yaml": BASE})
    proc = run_cli("changes", "--base", "no-such-branch", cwd=root)
    assert proc.returncode == 2
    assert "git 中没有修订“no-such-branch”" in proc.stderr
    proc = run_cli("changes", "catalogs/", cwd=root)
    assert proc.returncode == 2 and "--base REF" in proc.stderr
    proc = run_cli("changes", "--base", "HEAD", "--format", "sarif", cwd=root)
    assert proc.returncode == 2 and "text, json, markdown" in proc.stderr
    proc = run_cli("changes", "--base", "HEAD", "--findings", "catalogs/czj.yaml", cwd=root)
    assert proc.returncode == 2 and "check --format json" in proc.stderr
    outside = tmp_path / "outside"
    outside.mkdir()
    proc = run_cli("changes", "--base", "HEAD", cwd=outside)
    assert proc.returncode == 2 and "不在 git 仓库中" in proc.stderr
