"""The command line itself: version, help, usage errors, options, and the error handling around commands."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from genhe_lint import __version__
from genhe_lint.cli import app as cli
from genhe_lint.cli.check import FORMAT_NAMES, CheckRequest
from genhe_lint.errors import UsageError
from genhe_lint.output import FORMATTERS
from tests.conftest import ROOT, clean_catalog, run_cli

MZ = "catalogs/genhe-minzhengju.yaml"


def test_format_names_match_the_formatters() -> None:
    assert set(FORMAT_NAMES) == set(FORMATTERS) | {"text"}


def test_version() -> None:
    proc = run_cli("--version")
    assert proc.returncode == 0 and proc.stdout.strip() == f"genhe-lint {__version__}"


def test_help_lists_the_commands() -> None:
    proc = run_cli("--help")
    assert proc.returncode == 0
    commands = ("check", "rules", "explain", "schema", "baseline", "report", "config", "import", "export")
    for command in commands:
        assert command in proc.stdout


def test_check_help_lists_every_option() -> None:
    proc = run_cli("check", "--help")
    assert proc.returncode == 0
    options = ("--format", "--lang", "--rules-dir", "--select", "--ignore", "--config", "--isolated", "--fix",
               "--unsafe-fixes", "--diff", "--baseline", "--diff-base", "--jobs", "--no-cache", "--cache-dir",
               "--color", "--output")
    for option in options:
        assert option in proc.stdout


def test_unknown_format_is_a_usage_error() -> None:
    proc = run_cli("check", "catalogs/", "--format", "xml")
    assert proc.returncode == 2 and "xml" in proc.stderr


@pytest.mark.parametrize("args", [["--jobs", "-1"], ["--jobs", "x"], ["--lang", "fr"], ["--fix=yes"],
                                  ["--bogus"], ["--format"]])
def test_what_typer_rejects_is_a_usage_error(args: list[str]) -> None:
    proc = run_cli("check", MZ, "--no-cache", *args)
    assert proc.returncode == 2 and "check --help" in proc.stderr and proc.stdout == ""
    assert args[0].split("=")[0] in proc.stderr


def test_a_check_without_paths_is_a_usage_error() -> None:
    proc = run_cli("check", "--no-cache")
    assert proc.returncode == 2 and "Usage: " in proc.stderr


@pytest.mark.parametrize(("args", "message"), [
    (["check", "no/such/path", "--no-cache"], "路径不存在 / path does not exist: no/such/path"),
    (["check", MZ, "--no-cache", "--select", "GL9999"], "未知的规则 / unknown rule: GL9999"),
    (["explain", "GL9"], "没有这条规则 / no such rule: GL9"),
    (["export", "none.yaml", "-f", "md"], "文件不存在 / no such file: none.yaml"),
])
def test_usage_errors_are_one_line_and_exit_2(args: list[str], message: str) -> None:
    proc = run_cli(*args)
    assert proc.returncode == 2 and proc.stdout == ""
    assert proc.stderr.startswith(f"genhe-lint: {message}") and proc.stderr.count("\n") == 1


def test_the_error_handler_reports_usage_and_internal_errors(monkeypatch: pytest.MonkeyPatch) -> None:
    """Around every command: a UsageError is its message and exit 2; anything unexpected is a short report
    and exit 2."""
    from genhe_lint.cli import check

    def raise_usage(request: CheckRequest) -> int:
        raise UsageError("bad call")

    monkeypatch.setattr(check, "run_check", raise_usage)
    result = CliRunner().invoke(cli.app, ["check", MZ])
    assert (result.exit_code, result.output) == (2, "genhe-lint: bad call\n")

    def crash(request: CheckRequest) -> int:
        raise ValueError("boom")

    monkeypatch.setattr(check, "run_check", crash)
    result = CliRunner().invoke(cli.app, ["check", MZ])
    assert result.exit_code == 2
    assert result.output.startswith("genhe-lint: 内部错误 / internal error: ValueError: boom\n")


def test_output_file(tmp_path: Path) -> None:
    target = tmp_path / "out.json"
    proc = run_cli("check", "catalogs/", "--format", "json", "-o", str(target))
    assert proc.returncode == 1 and proc.stdout == ""
    assert '"GL101"' in target.read_text(encoding="utf-8")


def test_no_catalog_files_is_a_usage_error_naming_the_folder(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    proc = run_cli("check", "empty", "--no-cache", cwd=tmp_path)
    assert proc.returncode == 2 and "没有找到目录文件" in proc.stderr
    assert "在 empty 中" in proc.stderr and "*.yaml" in proc.stderr and "*.yml" in proc.stderr


def test_escape_sequences_in_a_message_are_shown_escaped(tmp_path: Path) -> None:
    proc = run_cli("check", "no\x1b[31mred\x1b[0m.yaml", "--no-cache", cwd=tmp_path)
    assert proc.returncode == 2 and "\x1b" not in proc.stderr
    assert "no\\x1b[31mred\\x1b[0m.yaml" in proc.stderr
    injected = run_cli("check", "x\n::error file=a,line=1::fake.yaml", "--no-cache", cwd=tmp_path)
    assert injected.returncode == 2
    assert not any(line.lstrip().startswith("::") for line in injected.stderr.splitlines()), injected.stderr


def _run_in_english(*args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONIOENCODING": "utf-8", "GENHE_LINT_LANG": "en"}
    return subprocess.run([sys.executable, "-m", "genhe_lint", *args], cwd=ROOT, env=env, capture_output=True,
                          text=True, encoding="utf-8", timeout=120)


def test_language_from_the_environment_and_the_flag() -> None:
    english = _run_in_english("check", MZ, "--no-cache")
    assert english.returncode == 1 and "Found " in english.stdout
    chinese = _run_in_english("check", MZ, "--no-cache", "--lang", "zh")
    assert chinese.returncode == 1 and "共检查" in chinese.stdout
    assert run_cli("check", MZ, "--no-cache", "--lang=en", "--lang", "zh").stdout == chinese.stdout


def test_config_rules_dir_and_cache_give_the_same_output(tmp_path: Path) -> None:
    rules = tmp_path / "rules"
    rules.mkdir()
    (rules / "substitutions.yaml").write_text("substitutions:\n  - wrong: 人事任免\n    right: 人事任用\n",
                                              encoding="utf-8")
    conf = tmp_path / "conf.yaml"
    conf.write_text("ignore: [GL105]\nseverity: {GL201: info}\n", encoding="utf-8")
    out = tmp_path / "out.json"
    outputs = []
    for _ in range(2):  # cold, then from the cache
        proc = run_cli("check", MZ, "--config", str(conf), "--rules-dir", str(rules), "--cache-dir",
                       str(tmp_path / "cache"), "-o", str(out), "--format", "json")
        assert proc.returncode == 1
        outputs.append(out.read_text(encoding="utf-8"))
    assert outputs[0] == outputs[1]
    found = json.loads(outputs[0])["diagnostics"]
    assert not any(d["code"] == "GL105" for d in found)  # ignored by the config file
    assert any(d["code"] == "GL201" and d["severity"] == "info" for d in found)  # made milder by it
    # the extra rule data
    assert any(d["code"] == "GL107" and d["data"]["found"] == "人事任免" for d in found)


def test_a_bad_config_file_is_a_usage_error_at_its_line(tmp_path: Path) -> None:
    (tmp_path / "c.yaml").write_text(clean_catalog("根河市民政局"), encoding="utf-8")
    (tmp_path / ".genhe-lint.yaml").write_text("select: [GL1]\nseverity:\n  GL105: fatal\n", encoding="utf-8")
    proc = run_cli("check", "c.yaml", "--no-cache", cwd=tmp_path)
    assert proc.returncode == 2 and "配置错误 / configuration error" in proc.stderr
    assert ".genhe-lint.yaml:2:" in proc.stderr and "severity.GL105" in proc.stderr


def test_config_command_shows_the_settings_as_written(tmp_path: Path) -> None:
    (tmp_path / ".genhe-lint.yaml").write_text(
        "severity: {GL105: error}\nper-file-ignores: {'a/*.yaml': [GL106]}\n", encoding="utf-8")
    (tmp_path / "c.yaml").write_text(clean_catalog("根河市民政局"), encoding="utf-8")
    proc = run_cli("config", "c.yaml", cwd=tmp_path)
    assert proc.returncode == 0
    shown = json.loads(proc.stdout.split("\n", 2)[2])
    assert shown["severity"] == {"GL105": "error"} and shown["per-file-ignores"] == {"a/*.yaml": ["GL106"]}


@pytest.mark.parametrize("args", [["check", "no/such/path", "--no-cache"],
                                  ["check", MZ, "--no-cache", "--diff"],
                                  ["check", MZ, "--no-cache", "--select", "GL101"]])
def test_a_console_that_claims_ascii(args: list[str]) -> None:
    """Messages go out as UTF-8 past the claim (as click's echo writes them), text output escaped: no
    crash."""
    env = {**os.environ, "PYTHONIOENCODING": "ascii"}
    env.pop("GENHE_LINT_LANG", None)
    proc = subprocess.run([sys.executable, "-m", "genhe_lint", *args], cwd=ROOT, env=env, capture_output=True,
                          timeout=120)
    assert proc.returncode in (1, 2) and proc.stdout + proc.stderr
    assert b"Traceback" not in proc.stderr



def test_schema_all_writes_every_committed_schema(tmp_path: Path) -> None:
    """`genhe-lint schema --all` writes the catalog, settings and rule-data schemas exactly as committed."""
    proc = run_cli("schema", "--all", "-o", str(tmp_path / "out"))
    assert proc.returncode == 0, proc.stderr
    written = {p.relative_to(tmp_path / "out").as_posix(): p.read_text(encoding="utf-8")
               for p in (tmp_path / "out").rglob("*.json")}
    committed = {p.relative_to(ROOT / "schema").as_posix(): p.read_text(encoding="utf-8")
                 for p in (ROOT / "schema").rglob("*.json")}
    from genhe_lint.ruledata import FILE_NAMES

    assert written == committed and len(written) == 2 + len(FILE_NAMES)  # catalog, settings, rule data


@pytest.mark.parametrize("flag", ["--select", "--ignore"])
def test_a_flag_may_list_several_rules(flag: str) -> None:
    """`--select GL101,GL102` (ruff's style, full-width comma too) picks the same rules as the flag given
    once per rule; an unknown rule in the list is still named."""
    def codes(*args: str) -> list[str]:
        proc = run_cli("check", MZ, "--no-cache", "--format", "json", *args)
        assert proc.returncode in (0, 1), proc.stderr
        return [d["code"] for d in json.loads(proc.stdout)["diagnostics"]]

    one_each = codes(flag, "GL101", flag, "GL402")
    assert codes(flag, "GL101,GL402") == one_each
    assert codes(flag, "GL101，GL402") == one_each
    picked = set(codes(flag, "GL101,GL402"))
    assert picked <= {"GL101", "GL402"} if flag == "--select" else not picked & {"GL101", "GL402"}
    bad = run_cli("check", MZ, "--no-cache", flag, "GL101,GL9999")
    assert bad.returncode == 2 and "unknown rule: GL9999" in bad.stderr
