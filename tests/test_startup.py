"""Fast start-up: the console script's own ``check`` parser, held to typer's: same output byte for byte, same
exit code.
"""

from __future__ import annotations

import inspect
import json
import os
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path
from typing import Any

import pytest
import typer.main

from genhe_lint import __version__
from genhe_lint.cli import app as cli
from genhe_lint.cli import entry
from genhe_lint.cli.check import run_check
from tests.conftest import CATALOGS, ROOT, clean_catalog

MZ = "catalogs/genhe-minzhengju.yaml"

# -- the option table and the typer signature ------------------------------------------------------------------


def _check_command() -> Any:
    return typer.main.get_command(cli.app).commands["check"]  # type: ignore[attr-defined]


def _kind(param: Any) -> str:
    annotation = param.type_descriptor.annotation
    if param.is_flag:
        return "flag"
    if param.multiple:
        return "list"
    return {str: "str", int: "int", Path: "path", cli.Lang: "lang"}[annotation]


def test_option_table_matches_the_typer_signature() -> None:
    """Every option of `check` is in the fast parser's table, with the parameter and kind typer gives it."""
    expected: dict[str, tuple[str, str]] = {}
    envvars = {}
    for param in _check_command().params:
        if param.name == "paths":
            assert param.nargs == -1 and param.required
            continue
        kind = _kind(param)
        for opt in param.opts:
            expected[opt] = (param.name, "true" if kind == "flag" else kind)
        for opt in param.secondary_opts:
            expected[opt] = (param.name, "false")
        if param.envvar:
            envvars[param.name] = param.envvar
    assert expected == entry.CHECK_OPTIONS
    assert envvars == entry.CHECK_ENVVARS
    assert tuple(lang.value for lang in cli.Lang) == entry.LANGS
    jobs = next(p for p in _check_command().params if p.name == "jobs")
    assert jobs.type_descriptor.parameter_info.min == 0  # the fast parser reads only counts from 0 up


def test_run_check_has_the_typer_command_defaults() -> None:
    typed = {p.name: p.default for p in _check_command().params if p.name != "paths"}
    plain = {name: p.default for name, p in inspect.signature(run_check).parameters.items() if name != "paths"}
    assert plain == typed


def test_console_script_and_module_start_in_the_entry_module() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert project["project"]["scripts"]["genhe-lint"] == "genhe_lint.cli.entry:main"
    assert "from genhe_lint.cli.entry import main" in (ROOT / "genhe_lint" / "__main__.py").read_text(encoding="utf-8")


# -- the two paths give the same result ------------------------------------------------------------------------


def _invoke(argv: list[str], typer_path: bool, monkeypatch: pytest.MonkeyPatch,
            capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    if typer_path:
        monkeypatch.setenv("GENHE_LINT_TYPER", "1")
    else:
        monkeypatch.delenv("GENHE_LINT_TYPER", raising=False)
    capsys.readouterr()
    with pytest.raises(SystemExit) as exited:
        entry.main(argv)
    out, err = capsys.readouterr()
    code = exited.value.code
    return (code if isinstance(code, int) else 0 if code is None else 1), out, err


# (arguments after `check`, whether the fast path takes them)
CASES: list[tuple[list[str], bool]] = [
    ([MZ, "--no-cache"], True),
    (["catalogs/", "--no-cache"], True),
    (["catalogs", MZ, "--no-cache", "--lang", "en"], True),
    ([MZ, "--no-cache", "--lang=en", "--lang", "zh"], True),
    (["--no-cache", "--format", "json", MZ], True),
    ([MZ, "--no-cache", "-fjson"], True),
    ([MZ, "--no-cache", "--format=sarif"], True),
    ([MZ, "--no-cache", "-f", "github", "--lang", "en"], True),
    (["catalogs/", "--no-cache", "--format", "junit"], True),
    ([MZ, "--no-cache", "--select", "GL1", "--ignore", "GL105"], True),
    ([MZ, "--no-cache", "--select", "GL101", "--select", "wrong-region-name", "--select", "GL2"], True),
    ([MZ, "--no-cache", "--color"], True),
    ([MZ, "--no-cache", "--color", "--no-color"], True),
    ([MZ, "--no-cache", "-j1"], True),
    ([MZ, "--no-cache", "--jobs", "2", "--jobs=0"], True),
    ([MZ, "--no-cache", "--isolated"], True),
    (["catalogs/", "--no-cache", "--baseline", ".genhe-lint-baseline.json"], True),
    ([MZ, "--no-cache", "--diff-base", "HEAD"], True),
    ([MZ, "--no-cache", "--diff"], True),
    # what typer says, unchanged
    ([MZ, "--no-cache", "--format", "xml"], True),  # our own message, from run_check
    ([MZ, "--no-cache", "--select", "GL9999"], True),
    (["no/such/path", "--no-cache"], True),
    ([MZ, "--no-cache", "--jobs", "-1"], False),
    ([MZ, "--no-cache", "--jobs", "x"], False),
    ([MZ, "--no-cache", "--jobs", "01"], False),
    ([MZ, "--no-cache", "--lang", "fr"], False),
    ([MZ, "--no-cache", "--lang", "EN"], False),
    ([MZ, "--no-cache", "--fix=yes"], False),
    ([MZ, "--no-cache", "--bogus"], False),
    ([MZ, "--no-cache", "--format"], False),
    ([MZ, "--no-cache", "--select", ""], False),
    (["--no-cache", "--", MZ], False),
    (["--no-cache"], False),
    (["--help"], False),
]


@pytest.mark.parametrize(("args", "fast"), CASES, ids=[" ".join(a) or "-" for a, _ in CASES])
def test_fast_and_typer_paths_agree(args: list[str], fast: bool, monkeypatch: pytest.MonkeyPatch,
                                    capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(ROOT)
    monkeypatch.delenv("GENHE_LINT_LANG", raising=False)
    argv = ["check", *args]
    assert (entry.parse_check(argv) is not None) is fast
    quick = _invoke(argv, False, monkeypatch, capsys)
    slow = _invoke(argv, True, monkeypatch, capsys)
    assert quick == slow
    if "--help" not in args:
        assert quick[0] in (0, 1, 2) and quick[1] + quick[2]


@pytest.mark.parametrize(("value", "fast"), [("en", True), ("zh", True), ("", True), ("fr", False)])
def test_lang_environment_variable_as_typer_reads_it(value: str, fast: bool, monkeypatch: pytest.MonkeyPatch,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(ROOT)
    monkeypatch.setenv("GENHE_LINT_LANG", value)
    for argv in (["check", MZ, "--no-cache"], ["check", MZ, "--no-cache", "--lang", "zh"]):
        assert (entry.parse_check(argv) is not None) is (fast or "--lang" in argv)
        assert _invoke(argv, False, monkeypatch, capsys) == _invoke(argv, True, monkeypatch, capsys)


def test_config_rules_dir_cache_and_output_file_agree(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                      capsys: pytest.CaptureFixture[str]) -> None:
    rules = tmp_path / "rules"
    rules.mkdir()
    (rules / "substitutions.yaml").write_text("substitutions:\n  - wrong: 人事任免\n    right: 人事任用\n",
                                              encoding="utf-8")
    conf = tmp_path / "conf.yaml"
    conf.write_text("ignore: [GL105]\nseverity: {GL201: info}\n", encoding="utf-8")
    monkeypatch.chdir(ROOT)
    outputs = []
    for typer_path in (False, True):
        out = tmp_path / f"out-{typer_path}.json"
        argv = ["check", MZ, "--config", str(conf), "--rules-dir", str(rules), "--cache-dir",
                str(tmp_path / f"cache-{typer_path}"), "-o", str(out), "--format", "json"]
        assert entry.parse_check(argv) is not None
        for _ in range(2):  # cold, then from the cache
            outputs.append((_invoke(argv, typer_path, monkeypatch, capsys), out.read_text(encoding="utf-8")))
    assert all(o == outputs[0] for o in outputs)
    found = json.loads(outputs[0][1])["diagnostics"]
    assert not any(d["code"] == "GL105" for d in found)  # ignored by the config file
    assert any(d["code"] == "GL201" and d["severity"] == "info" for d in found)  # made milder by it
    assert any(d["code"] == "GL107" and d["data"]["found"] == "人事任免" for d in found)  # the extra rule data


def test_fix_agrees(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    results = []
    for typer_path in (False, True):
        folder = tmp_path / str(typer_path)
        shutil.copytree(CATALOGS, folder / "catalogs")
        monkeypatch.chdir(folder)
        run = _invoke(["check", "catalogs", "--fix", "--no-cache", "--lang", "en"], typer_path, monkeypatch, capsys)
        fixed = {p.name: p.read_text(encoding="utf-8") for p in (folder / "catalogs").iterdir()}
        results.append((run, fixed))
    assert results[0] == results[1]
    assert "Fixed " in results[0][0][2]


def test_an_unusual_stderr_goes_through_typer_echo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    """An escape sequence in a message: stripped as typer strips it when stderr is not a terminal."""
    monkeypatch.chdir(tmp_path)
    argv = ["check", "no\x1b[31mred\x1b[0m.yaml", "--no-cache"]
    quick = _invoke(argv, False, monkeypatch, capsys)
    assert quick == _invoke(argv, True, monkeypatch, capsys)
    assert quick[0] == 2 and "nored.yaml" in quick[2] and "\x1b" not in quick[2]


def test_no_catalog_files_message_agrees(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "empty").mkdir()
    argv = ["check", "empty", "--no-cache"]
    quick = _invoke(argv, False, monkeypatch, capsys)
    assert quick == _invoke(argv, True, monkeypatch, capsys)
    assert quick[0] == 0 and "no catalog files found" in quick[2]


# -- what a one-file run imports -------------------------------------------------------------------------------

_PROBE = """
import atexit, sys
atexit.register(lambda: sys.stderr.write("MODULES " + " ".join(
    m for m in ("typer", "click", "pydantic", "rich", "genhe_lint.cli.app", "genhe_lint.lint.runner") if m in sys.modules)
    + "\\n"))
sys.argv = ["genhe-lint", *sys.argv[1:]]
from genhe_lint.cli.entry import main
main()
"""


def _probe(*args: str, cwd: Path = ROOT) -> tuple[int, str, set[str]]:
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    for name in ("GENHE_LINT_TYPER", "GENHE_LINT_LANG", "FORCE_COLOR", "TTY_COMPATIBLE"):
        env.pop(name, None)
    proc = subprocess.run([sys.executable, "-c", _PROBE, *args], cwd=cwd, env=env, capture_output=True, text=True,
                          encoding="utf-8", timeout=120)
    line = next(line for line in proc.stderr.splitlines() if line.startswith("MODULES"))
    return proc.returncode, proc.stdout, set(line.split()[1:])


def test_a_one_file_check_imports_neither_typer_nor_pydantic_nor_rich(tmp_path: Path) -> None:
    _probe("check", MZ, "--no-cache")  # puts the validated rule data in the user's cache, if not there yet
    code, out, modules = _probe("check", MZ, "--no-cache")
    assert code == 1 and "GL101" in out
    assert modules == {"genhe_lint.lint.runner"}
    code, out, modules = _probe("check", MZ, "--cache-dir", str(tmp_path), "--lang", "en")  # cold, then warm
    assert list(tmp_path.glob("*.msgpack"))  # written before the process ended (it ends the short way)
    code, out, modules = _probe("check", MZ, "--cache-dir", str(tmp_path), "--lang", "en")
    assert code == 1 and "GL101" in out and modules == {"genhe_lint.lint.runner"}
    report = tmp_path / "out.json"
    code, out, modules = _probe("check", MZ, "--no-cache", "--format", "json", "-o", str(report))
    assert code == 1 and out == "" and json.loads(report.read_text(encoding="utf-8"))["summary"]["errors"] > 0


def test_version_loads_nothing_of_the_linter() -> None:
    code, out, modules = _probe("--version")
    assert (code, out, modules) == (0, f"genhe-lint {__version__}\n", set())


def test_help_still_comes_from_typer() -> None:
    code, out, modules = _probe("check", "--help")
    assert code == 0 and "--rules-dir" in out and {"typer", "genhe_lint.cli.app"} <= modules




def test_config_command_shows_the_settings_as_written(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                      capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / ".genhe-lint.yaml").write_text(
        "severity: {GL105: error}\nper-file-ignores: {'a/*.yaml': [GL106]}\n", encoding="utf-8")
    (tmp_path / "c.yaml").write_text(clean_catalog("根河市民政局"), encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    with pytest.raises(SystemExit):
        cli.main(["config", "c.yaml"])
    shown = json.loads(capsys.readouterr().out.split("\n", 2)[2])
    assert shown["severity"] == {"GL105": "error"} and shown["per-file-ignores"] == {"a/*.yaml": ["GL106"]}


@pytest.mark.parametrize("args", [["check", "no/such/path", "--no-cache"], ["check", MZ, "--no-cache", "--diff"],
                                  ["check", MZ, "--no-cache", "--select", "GL101"]])
def test_both_paths_write_the_same_bytes_to_an_ascii_console(args: list[str]) -> None:
    """A console that claims ASCII: typer's echo writes UTF-8 past it, the text output escapes; both paths alike."""
    runs = []
    for typer_path in (False, True):
        env = {**os.environ, "PYTHONIOENCODING": "ascii"}
        env.pop("GENHE_LINT_LANG", None)
        env.pop("GENHE_LINT_TYPER", None)
        if typer_path:
            env["GENHE_LINT_TYPER"] = "1"
        proc = subprocess.run([sys.executable, "-m", "genhe_lint", *args], cwd=ROOT, env=env, capture_output=True,
                              timeout=120)
        runs.append((proc.returncode, proc.stdout, proc.stderr))
    assert runs[0] == runs[1]
    assert runs[0][1] + runs[0][2]
