"""``baseline: PATH`` in the config file: ``check`` (and so the hooks and the Action) reports only what the
baseline does not record, says how many known findings it hid, and ``--no-baseline`` leaves it unused."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

from tests.conftest import CATALOGS, run_cli

MZ = CATALOGS / "genhe-minzhengju.yaml"
HIDDEN = re.compile(r"另有 (\d+) 处已记录在基线中的问题未显示。")


def _project(tmp_path: Path, config: str = ".genhe-lint.yaml",
             text: str = "baseline: meta/known.json\n") -> Path:
    root = tmp_path / "project"
    (root / "catalogs").mkdir(parents=True)
    shutil.copy2(MZ, root / "catalogs" / "mz.yaml")
    (root / config).write_text(text, encoding="utf-8")
    return root


def _record(root: Path) -> int:
    """``genhe-lint baseline`` with no -o writes the config file's baseline; returns how many it recorded."""
    proc = run_cli("baseline", "catalogs/", cwd=root)
    assert proc.returncode == 0, proc.stderr
    recorded = json.loads((root / "meta" / "known.json").read_text(encoding="utf-8"))["findings"]
    assert f"已记录 {len(recorded)} 个问题" in proc.stderr
    return len(recorded)


def _edit(root: Path, old: str, new: str) -> None:
    path = root / "catalogs" / "mz.yaml"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_the_config_files_baseline_hides_known_findings(tmp_path: Path) -> None:
    root = _project(tmp_path)
    known = _record(root)
    assert known >= 20  # the bundled catalog keeps its real defects

    proc = run_cli("check", "catalogs/", "--no-cache", cwd=root)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "检查通过" in proc.stdout
    assert HIDDEN.search(proc.stderr) and HIDDEN.search(proc.stderr)[1] == str(known), proc.stderr  # type: ignore[index]

    # One word of the catalog edited where there was no finding: still nothing new.
    _edit(root, "content: 本部门印发制定的规范性文件", "content: 本部门制定的规范性文件")
    proc = run_cli("check", "catalogs/", "--no-cache", cwd=root)
    assert proc.returncode == 0, proc.stdout + proc.stderr

    # A new defect is reported, alone; the known ones stay hidden.
    _edit(root, "content: 本部门制定的规范性文件", "content: 天河市本部门制定的规范性文件")
    proc = run_cli("check", "catalogs/", "--format", "json", "--no-cache", cwd=root)
    assert proc.returncode == 1, proc.stderr
    found = json.loads(proc.stdout)["diagnostics"]
    assert [(d["code"], d["line"]) for d in found] == [("GL101", 45)]
    assert HIDDEN.search(proc.stderr) and HIDDEN.search(proc.stderr)[1] == str(known), proc.stderr  # type: ignore[index]

    # --no-baseline: every finding, nothing said about a baseline.
    proc = run_cli("check", "catalogs/", "--format", "json", "--no-cache", "--no-baseline", cwd=root)
    assert proc.returncode == 1
    assert len(json.loads(proc.stdout)["diagnostics"]) == known + 1
    assert "基线" not in proc.stderr

    proc = run_cli("check", "catalogs/", "--no-cache", "--lang", "en", cwd=root)
    assert f"{known} more finding(s) recorded in the baseline are not shown." in proc.stderr


def test_baseline_is_relative_to_the_config_file_and_works_in_pyproject(tmp_path: Path) -> None:
    root = _project(tmp_path, "pyproject.toml", '[tool.genhe-lint]\nbaseline = "meta/known.json"\n')
    known = _record(root)
    # Run from inside the catalogs folder: the baseline is still the one beside the config file.
    proc = run_cli("config", cwd=root / "catalogs")
    assert proc.returncode == 0, proc.stderr
    shown = json.loads(proc.stdout.split("\n", 2)[2])
    assert Path(shown["baseline"]) == (root / "meta" / "known.json").resolve()
    proc = run_cli("check", "catalogs/", "--no-cache", cwd=root)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert f"另有 {known} 处" in proc.stderr


def test_a_baseline_given_on_the_command_line_wins(tmp_path: Path) -> None:
    root = _project(tmp_path)
    _record(root)
    (root / "empty.json").write_text('{"genhe-lint-baseline": 2, "findings": []}\n', encoding="utf-8")
    proc = run_cli("check", "catalogs/", "--no-cache", "--baseline", "empty.json", cwd=root)
    assert proc.returncode == 1
    assert "基线" not in proc.stderr


def test_a_missing_baseline_is_a_configuration_error(tmp_path: Path) -> None:
    root = _project(tmp_path)
    proc = run_cli("check", "catalogs/", "--no-cache", cwd=root)
    assert proc.returncode == 2, proc.stdout + proc.stderr
    assert ".genhe-lint.yaml 的 baseline" in proc.stderr
    assert "known.json" in proc.stderr and "--no-baseline" in proc.stderr
    proc = run_cli("check", "catalogs/", "--no-cache", "--no-baseline", cwd=root)
    assert proc.returncode == 1, proc.stderr

    (root / ".genhe-lint.yaml").write_text("baseline: [a, b]\n", encoding="utf-8")
    proc = run_cli("check", "catalogs/", cwd=root)
    assert proc.returncode == 2 and "配置项“baseline”有误" in proc.stderr and ":1:" in proc.stderr


def test_baseline_without_output_or_config_is_a_usage_error(tmp_path: Path) -> None:
    (tmp_path / "catalogs").mkdir()
    shutil.copy2(MZ, tmp_path / "catalogs" / "mz.yaml")
    proc = run_cli("baseline", "catalogs/", "--config", str(tmp_path / "none.yaml"), cwd=tmp_path)
    assert proc.returncode == 2
    proc = run_cli("baseline", "catalogs/", cwd=tmp_path)
    assert proc.returncode == 2 and "baseline: PATH" in proc.stderr
