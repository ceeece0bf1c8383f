"""--fix and --diff: only the flagged text changes; comments, order, quoting, line endings stay;
idempotent."""

from __future__ import annotations

import difflib
import shutil
import stat
from pathlib import Path
from typing import Any

from msgspec.structs import replace

from genhe_lint import ruledata
from genhe_lint.diagnostic import Fix
from genhe_lint.lint import fix as fixing
from tests.conftest import CATALOGS, lint, run_cli


def _copy(tmp_path: Path, name: str = "genhe-zhengwu-shuju.yaml") -> Path:
    target = tmp_path / name
    shutil.copy(CATALOGS / name, target)
    return target


def test_fix_changes_only_the_flagged_text_and_is_idempotent(tmp_path: Path) -> None:
    path = _copy(tmp_path)
    before = path.read_text(encoding="utf-8")
    first = run_cli("check", str(path), "--fix")
    assert first.returncode == 1  # errors that cannot be fixed remain
    after = path.read_text(encoding="utf-8")
    assert "已修正 7 处问题" in first.stderr
    changed = [(a, b) for a, b in zip(before.split("\n"), after.split("\n"), strict=True) if a != b]
    assert len(changed) == 7  # one line per fix, nothing else touched: comments and order intact
    assert all(a.count("#") == b.count("#") for a, b in changed)
    assert "根河市政务服务与数据管理局印发的主动公开文件" in after
    assert "根河市民政局XX工作整改" in after  # the foreign name is an unsafe suggestion: not applied
    assert "GL103" not in first.stdout and "GL102" in first.stdout  # what is printed is what remains
    second = run_cli("check", str(path), "--fix")
    assert path.read_text(encoding="utf-8") == after
    assert "已修正 0 处问题" in second.stderr


def test_unsafe_fixes_only_when_asked(tmp_path: Path) -> None:
    path = _copy(tmp_path)
    run_cli("check", str(path), "--fix", "--unsafe-fixes")
    assert "根河市政务服务与数据管理局XX工作整改" in path.read_text(encoding="utf-8")


def test_diff_writes_nothing(tmp_path: Path) -> None:
    path = _copy(tmp_path)
    before = path.read_bytes()
    proc = run_cli("check", str(path), "--diff")
    assert proc.returncode == 1
    assert path.read_bytes() == before
    assert "-        content: 根河市政务服务局印发的主动公开文件" in proc.stdout
    assert "+        content: 根河市政务服务与数据管理局印发的主动公开文件" in proc.stdout


def test_crlf_bom_mode_and_quoting_survive(tmp_path: Path) -> None:
    path = tmp_path / "c.yaml"
    text = ("department: 根河市民政局\r\nsections:\r\n  - name: '部门文件'   # 注释\r\n"
            "    content: \"依法备案登记的民政局规范性文件目录\"\r\n    channels: [政府网站, 广播电视台]\r\n")
    path.write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    path.chmod(0o640)
    run_cli("check", str(path), "--fix")
    data = path.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    out = data[3:].decode("utf-8")
    assert out == text.replace("的民政局", "的根河市民政局").replace("广播电视台", "广播电视")
    assert stat.S_IMODE(path.stat().st_mode) == 0o640
    assert not [p for p in tmp_path.iterdir() if p.name != "c.yaml"]  # no temporary file left


def test_a_fix_that_would_break_the_file_is_refused(data: ruledata.RuleData) -> None:
    text = "department: 根河市民政局\nsections:\n  - name: a\n    channels: [政府网站, 广播电视台]\n"
    diags = [d for d in lint(text, data) if d.code == "GL203"]
    assert diags and diags[0].fix is not None
    # a replacement that is not a plain scalar would change the structure: refused, nothing changes
    broken = [replace(d, fix=Fix(d.fix.span, "a: b]", True)) for d in diags]  # type: ignore[union-attr]
    plan = fixing.plan("c.yaml", text, broken)
    assert plan.refused is not None and not plan.changed


def test_fix_skips_text_written_with_escapes(data: ruledata.RuleData) -> None:
    text = ('department: 根河市民政局\nsections:\n  - name: a\n'
            '    content: "依法备案登记的民\\u653f局规范性文件"\n')
    diags = [d for d in lint(text, data) if d.code == "GL103"]
    assert diags  # reported ...
    plan = fixing.plan("c.yaml", text, diags)
    assert plan.fixed == text  # ... but the escaped source is not rewritten blindly


def _leaves(value: object, path: str = "") -> dict[str, object]:
    if isinstance(value, dict):
        return {k2: v2 for k, v in value.items() for k2, v2 in _leaves(v, f"{path}/{k}").items()}
    if isinstance(value, list):
        return {k2: v2 for i, v in enumerate(value) for k2, v2 in _leaves(v, f"{path}/{i}").items()}
    return {path: value}


def _comments(text: str) -> list[str]:
    out = []
    for line in text.split("\n"):
        if line.lstrip().startswith("#"):
            out.append(line.strip())
        elif " #" in line:
            out.append(line[line.index(" #"):].strip())
    return out


def test_fix_on_copies_of_the_bundled_catalogs(tmp_path: Path) -> None:
    import json

    import yaml

    folder = tmp_path / "catalogs"
    shutil.copytree(CATALOGS, folder)
    before = {p.name: p.read_text(encoding="utf-8") for p in folder.iterdir()}
    report = json.loads(run_cli("check", str(folder), "--format", "json").stdout)
    fixes = {name: [(d["data"]["found"], d["fix"]["replacement"]) for d in report["diagnostics"]
                    if d["fixable"] and d["path"].endswith(name)] for name in before}
    assert all(fixes.values())
    fixed_run = run_cli("check", str(folder), "--fix")
    assert "GL703" in fixed_run.stdout  # what is printed after fixing includes the cross-catalog findings
    after = {p.name: p.read_text(encoding="utf-8") for p in folder.iterdir()}
    for name in before:
        assert _comments(after[name]) == _comments(before[name])  # every comment kept, in place
        old, new = _leaves(yaml.safe_load(before[name])), _leaves(yaml.safe_load(after[name]))
        assert old.keys() == new.keys()
        for key, value in old.items():
            if new[key] != value:  # a fixed value: every difference lies inside a flagged word and its fix
                assert isinstance(value, str) and isinstance(new[key], str)
                for op, a1, a2, b1, b2 in difflib.SequenceMatcher(None, value, new[key]).get_opcodes():
                    if op != "equal":
                        assert any(value[a1:a2] in found and new[key][b1:b2] in repl
                                   for found, repl in fixes[name]), (
                            key, value[a1:a2], new[key][b1:b2])
        changed_lines = [a for a, b in zip(before[name].split("\n"), after[name].split("\n"), strict=True)
                         if a != b]
        assert all(line.strip() for line in changed_lines)
    again = run_cli("check", str(folder), "--fix")
    assert {p.name: p.read_text(encoding="utf-8") for p in folder.iterdir()} == after
    assert "已修正 0 处问题" in again.stderr
    fixed_report = json.loads(run_cli("check", str(folder), "--format", "json").stdout)
    assert len(fixed_report["diagnostics"]) < len(report["diagnostics"])


def test_a_failed_write_leaves_the_file_and_is_reported(tmp_path: Path, monkeypatch: Any) -> None:
    """A full disk or a read-only folder while fixing: a clear message, the file untouched, no traceback."""
    from typer.testing import CliRunner

    from genhe_lint.cli import app as cli

    path = _copy(tmp_path)
    before = path.read_bytes()

    def full_disk(*args: object, **kwargs: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(fixing, "write_atomic", full_disk)
    result = CliRunner().invoke(cli.app, ["check", str(path), "--fix", "--no-cache"])
    assert result.exit_code == 1  # the findings remain; nothing crashed
    assert "未能写入修正" in result.output and "No space left" in result.output
    assert path.read_bytes() == before
