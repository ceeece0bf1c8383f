"""Gate workflow: config files found by walking up, baseline, --diff-base."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

from tests.conftest import CATALOGS, run_cli

MZ = "genhe-minzhengju.yaml"


def _codes(proc: subprocess.CompletedProcess[str]) -> list[str]:
    return [d["code"] for d in json.loads(proc.stdout)["diagnostics"]]


def _project(tmp_path: Path, config: str, name: str = ".genhe-lint.yaml") -> Path:
    (tmp_path / "catalogs" / "sub").mkdir(parents=True)
    shutil.copy(CATALOGS / MZ, tmp_path / "catalogs" / "sub" / MZ)
    (tmp_path / name).write_text(config, encoding="utf-8")
    return tmp_path


def test_yaml_config_is_found_walking_up(tmp_path: Path) -> None:
    root = _project(tmp_path, "ignore: [GL106]\nseverity:\n  GL105: error\nlang: en\n")
    proc = run_cli("check", "catalogs/sub", "--format", "json", cwd=root)
    codes = _codes(proc)
    assert "GL106" not in codes and "GL101" in codes
    found = json.loads(proc.stdout)["diagnostics"]
    assert all(d["severity"] == "error" for d in found if d["code"] == "GL105")
    assert any("misspelling" in d["message"] for d in found)  # lang: en from the config
    # the command line wins over the file
    zh = run_cli("check", "catalogs/sub", "--format", "json", "--lang", "zh", cwd=root)
    assert any("疑似写错" in d["message"] for d in json.loads(zh.stdout)["diagnostics"])
    assert "GL106" in _codes(run_cli("check", "catalogs/sub", "--format", "json", "--isolated", cwd=root))


def test_pyproject_config_and_per_file_ignores(tmp_path: Path) -> None:
    root = _project(tmp_path, '[tool.genhe-lint]\nselect = ["GL1"]\n\n[tool.genhe-lint.per-file-ignores]\n'
                              '"catalogs/sub/*.yaml" = ["GL105"]\n', name="pyproject.toml")
    codes = _codes(run_cli("check", "catalogs/sub", "--format", "json", cwd=root))
    assert codes and all(c.startswith("GL1") for c in codes) and "GL105" not in codes


def test_broken_config_is_a_usage_error_with_path_and_line(tmp_path: Path) -> None:
    root = _project(tmp_path, "select: [GL1]\nslect: [GL2]\n")
    proc = run_cli("check", "catalogs/sub", cwd=root)
    assert proc.returncode == 2 and ".genhe-lint.yaml:2" in proc.stderr and "Traceback" not in proc.stderr
    (root / ".genhe-lint.yaml").write_text("ignore: [GL9999]\n", encoding="utf-8")
    proc = run_cli("check", "catalogs/sub", cwd=root)
    assert proc.returncode == 2 and "GL9999" in proc.stderr


def test_config_command_shows_effective_settings(tmp_path: Path) -> None:
    root = _project(tmp_path, "ignore: [GL106]\nrules-dirs: [my_rules]\n")
    proc = run_cli("config", "catalogs/sub", cwd=root)
    assert proc.returncode == 0
    assert ".genhe-lint.yaml" in proc.stdout and '"GL106"' in proc.stdout
    assert str((root / "my_rules").resolve()) in proc.stdout


def test_baseline_reports_only_new_findings_and_survives_inserted_lines(tmp_path: Path) -> None:
    root = _project(tmp_path, "{}\n")
    catalog = root / "catalogs" / "sub" / MZ
    made = run_cli("baseline", "catalogs/", "-o", "baseline.json", cwd=root)
    assert made.returncode == 0, made.stderr
    assert run_cli("check", "catalogs/", "--baseline", "baseline.json", cwd=root).returncode == 0
    # unrelated lines inserted above, and one new defect added at the end
    text = catalog.read_text(encoding="utf-8")
    text = text.replace("sections:\n", "# 新增的注释\n# 又一行\nsections:\n", 1)
    text += "  - serial: 13\n    name: 新增事项\n    content: 天河市XX工作\n"
    catalog.write_text(text, encoding="utf-8")
    proc = run_cli("check", "catalogs/", "--baseline", "baseline.json", "--format", "json", cwd=root)
    found = json.loads(proc.stdout)["diagnostics"]
    assert proc.returncode == 1
    new_section = text.split("\n").index("  - serial: 13") + 1
    assert found and all(d["line"] >= new_section for d in found)  # only the new section's findings
    assert {"GL101", "GL106"} <= {d["code"] for d in found}
    assert not any(d["code"] == "GL105" for d in found)  # old findings, moved down, stay baselined


def test_diff_base_reports_only_changed_lines(tmp_path: Path) -> None:
    root = _project(tmp_path, "{}\n")
    git = ["git", "-c", "user.name=t", "-c", "user.email=t@example.invalid"]
    subprocess.run([*git, "init", "-q"], cwd=root, check=True)
    subprocess.run([*git, "add", "-A"], cwd=root, check=True)
    subprocess.run([*git, "commit", "-qm", "base"], cwd=root, check=True)
    catalog = root / "catalogs" / "sub" / MZ
    text = catalog.read_text(encoding="utf-8").replace("召开的新闻发布会", "召开的XX新闻发布会")
    catalog.write_text(text, encoding="utf-8")
    proc = run_cli("check", "catalogs/", "--diff-base", "HEAD", "--format", "json", cwd=root)
    found = json.loads(proc.stdout)["diagnostics"]
    line = text.split("\n").index("    content: 召开的XX新闻发布会") + 1
    assert [(d["code"], d["line"]) for d in found] == [("GL106", line)]
    bad = run_cli("check", "catalogs/", "--diff-base", "no-such-ref", cwd=root)
    assert bad.returncode == 2 and "no-such-ref" in bad.stderr


def test_baseline_new_defect_above_existing_lines_is_the_only_finding(tmp_path: Path) -> None:
    folder = tmp_path / "catalogs"
    shutil.copytree(CATALOGS, folder)
    assert run_cli("baseline", "catalogs/", "-o", "b.json", cwd=tmp_path).returncode == 0
    assert run_cli("check", "catalogs/", "--baseline", "b.json", cwd=tmp_path).returncode == 0
    catalog = folder / MZ
    lines = catalog.read_text(encoding="utf-8").split("\n")
    at = lines.index("      - name: 规范性文件") # first item of the second 履职依据 section, near the top
    lines[at:at] = ["      - name: 新增事项", "        content: 天河市民政局新增事项",
                    "        deadline: 即时公开"]
    catalog.write_text("\n".join(lines), encoding="utf-8")
    proc = run_cli("check", "catalogs/", "--baseline", "b.json", "--format", "json", cwd=tmp_path)
    assert proc.returncode == 1
    found = json.loads(proc.stdout)["diagnostics"]
    assert [(d["code"], d["line"], d["column"]) for d in found] == [("GL101", at + 2, 18)]
