"""The bad-input corpus (tests/bad_inputs/): each file gets its one clear diagnostic, exactly where the
manifest says; the run exits 1, never shows a traceback or an internal error, and the good catalog in
the same run is linted all the same. Also: paths (missing, empty folder, unreadable, symlink loops,
FIFOs, non-ASCII names) and broken configuration."""

from __future__ import annotations

import importlib.util
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
import yaml

from genhe_lint import ruledata
from genhe_lint.lint import runner as engine
from genhe_lint.load import loader
from genhe_lint.load.limits import DEFAULT_MAX_FILE_SIZE, DEFAULT_MAX_NODES, MAX_DEPTH_CEILING, Limits
from genhe_lint.load.parse import parse
from tests.conftest import CATALOGS, ROOT, run_cli

CORPUS = ROOT / "tests" / "bad_inputs"
MANIFEST: dict[str, dict[str, Any]] = yaml.safe_load((CORPUS / "expected.yaml").read_text(encoding="utf-8"))
GOOD_NAME = "zz-good.yaml"  # the real catalog, linted in the same run
BROKEN = ("Traceback", "内部错误", "internal error")


def _make() -> ModuleType:
    spec = importlib.util.spec_from_file_location("bad_inputs_make", CORPUS / "make.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


MAKE = _make()


def _no_crash(proc: subprocess.CompletedProcess[str]) -> None:
    for word in BROKEN:
        assert word not in proc.stdout and word not in proc.stderr, (word, proc.stderr[-2000:])


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("corpus")
    for path in CORPUS.glob("*.yaml"):
        if path.name != "expected.yaml":
            shutil.copy(path, folder / path.name)
    MAKE.generate(folder, big=True)
    shutil.copy(CATALOGS / "genhe-minzhengju.yaml", folder / GOOD_NAME)
    return folder


@pytest.fixture(scope="module")
def runs(corpus: Path) -> dict[str, Any]:
    """The CLI over the whole corpus: JSON in Chinese (1 and 2 processes), in English, and text."""
    out: dict[str, Any] = {}
    started = time.perf_counter()
    variants = {"zh": ["--jobs", "1"], "zh2": ["--jobs", "2"], "en": ["--lang", "en", "--jobs", "1"]}
    for key, extra in variants.items():
        proc = run_cli("check", str(corpus), "--format", "json", "--no-cache", *extra)
        _no_crash(proc)
        out[key] = proc
    out["text"] = run_cli("check", str(corpus), "--no-cache")
    out["seconds"] = time.perf_counter() - started
    return out


def test_manifest_names_every_file() -> None:
    committed = {p.name for p in CORPUS.glob("*.yaml")} - {"expected.yaml"}
    generated = set(MAKE.CASES) | {MAKE.BIG_NAME}
    assert not committed & generated
    assert set(MANIFEST) == committed | generated


def test_the_run_exits_1_without_crashing_and_within_bounds(runs: dict[str, Any]) -> None:
    for key in ("zh", "zh2", "en", "text"):
        proc = runs[key]
        _no_crash(proc)
        assert proc.returncode == 1, (key, proc.stderr[-2000:])
    # 60-odd hostile files, four runs, a 50 MB file, 100 000-deep nesting: seconds, not minutes
    assert runs["seconds"] < 60


def test_every_file_was_checked_and_the_good_catalog_too(runs: dict[str, Any]) -> None:
    report = json.loads(runs["zh"].stdout)
    assert report["summary"]["files"] == len(MANIFEST) + 1
    good = [d for d in report["diagnostics"] if d["path"].endswith(GOOD_NAME)]
    assert any(d["code"] == "GL101" for d in good)  # its real defects are still found
    assert not any(d["code"] in ("GL001", "GL002") for d in good)
    assert f"{GOOD_NAME}:" in runs["text"].stdout


def test_output_does_not_depend_on_the_number_of_processes(runs: dict[str, Any]) -> None:
    assert json.loads(runs["zh"].stdout) == json.loads(runs["zh2"].stdout)


def _mine(runs: dict[str, Any], key: str, name: str) -> list[dict[str, Any]]:
    return [d for d in json.loads(runs[key].stdout)["diagnostics"] if Path(d["path"]).name == name]


@pytest.mark.parametrize("name", sorted(MANIFEST))
def test_each_bad_input_gets_its_one_clear_diagnostic(runs: dict[str, Any], name: str) -> None:
    want = MANIFEST[name]
    found = _mine(runs, "zh", name)
    found_en = _mine(runs, "en", name)
    file_level = [d for d in found if d["code"] in ("GL001", "GL002")]
    if want["code"] is None:
        assert not file_level, file_level
        return
    also = want.get("also", [])
    assert len(file_level) == 1 + len(also), file_level
    for extra, got in zip(also, file_level[1:], strict=True):
        expected = (extra["code"], extra["line"], extra["column"])
        assert (got["code"], got["line"], got["column"]) == expected, got
        assert extra["message"] in got["message"]
    d = file_level[0]
    d_en = next(d for d in found_en if d["code"] in ("GL001", "GL002"))
    assert (d["code"], d["line"], d["column"]) == (want["code"], want["line"], want["column"]), d
    assert d["severity"] == "error"
    assert want["message"] in d["message"], d["message"]
    assert want["en"] in d_en["message"], d_en["message"]
    assert d["hint"], "every file-level diagnostic says how to mend the file"
    if want["only"]:
        assert found == [d], found
    # the text output names the file with the same position
    assert f"{name}:{d['line']}:{d['column']} " in runs["text"].stdout


def test_generated_cases_are_what_their_names_say() -> None:
    assert MAKE.CASES["encoding-utf8-bom.yaml"]().startswith(b"\xef\xbb\xbf")
    assert b"\r\n" in MAKE.CASES["encoding-crlf.yaml"]()
    assert not MAKE.CASES["encoding-utf8-bom-crlf-no-final-newline.yaml"]().endswith(b"\n")
    gb = MAKE.CASES["encoding-gb18030.yaml"]()
    with pytest.raises(UnicodeEncodeError):
        gb.decode("gb18030").encode("gbk")  # a character GBK does not have
    assert len(MAKE.CASES["hostile-long-line.yaml"]()) > 1_000_000


# -- limits are configurable ----------------------------------------------------------------------


def test_limits_come_from_the_environment() -> None:
    assert Limits.from_env({}) == Limits(10 * 1024 * 1024, 20, 500_000)
    custom = Limits.from_env({"GENHE_LINT_MAX_FILE_SIZE": "20M", "GENHE_LINT_MAX_DEPTH": "5",
                              "GENHE_LINT_MAX_NODES": "1000"})
    assert custom == Limits(20 * 1024 * 1024, 5, 1000)
    # garbage falls back to the default; the depth has a ceiling that keeps recursion safe
    odd = Limits.from_env({"GENHE_LINT_MAX_FILE_SIZE": "lots", "GENHE_LINT_MAX_DEPTH": "100000",
                           "GENHE_LINT_MAX_NODES": "-3"})
    assert odd == Limits(DEFAULT_MAX_FILE_SIZE, MAX_DEPTH_CEILING, DEFAULT_MAX_NODES)


def test_raised_limits_let_a_file_through(corpus: Path) -> None:
    name = "nested-30-deep.yaml"
    strict = run_cli("check", str(corpus / name), "--format", "json", "--no-cache")
    loose = run_cli("check", str(corpus / name), "--format", "json", "--no-cache",
                    env={"GENHE_LINT_MAX_DEPTH": "40"})
    assert any(d["code"] == "GL001" for d in json.loads(strict.stdout)["diagnostics"])
    assert not any(d["code"] in ("GL001", "GL002") for d in json.loads(loose.stdout)["diagnostics"])
    # the real catalog is 22 KB; the tool's own rule data is read with the default limits
    small = run_cli("check", str(CATALOGS / "genhe-minzhengju.yaml"), "--format", "json", "--no-cache",
                    env={"GENHE_LINT_MAX_FILE_SIZE": "16K"})
    [d] = json.loads(small.stdout)["diagnostics"]
    assert d["code"] == "GL001" and small.returncode == 1
    assert "文件太大（21.9 KB），超过上限 16 KB" in d["message"]


@pytest.mark.parametrize("depth", [41, 42, 43, 1000, 1001, 1999, 6000])
def test_depth_limit_is_exact_and_safe_for_any_nesting(depth: int) -> None:
    """At most 42 levels of YAML (20 of items) are read; deeper is one diagnostic, however deep, at the
    first node beyond the limit: libyaml's own nesting limit (where it has one) never speaks first."""
    for text, where in (("a: " + "[" * (depth - 1) + "]" * (depth - 1) + "\n", (0, 44)),
                        ("- " * depth + "x\n", (0, 84)),
                        ("".join(" " * i + "-\n" for i in range(depth)), (42, 42))):
        doc = parse("deep.yaml", text)
        if depth <= 42:
            assert doc.root is not None and not doc.problems
        else:
            [problem] = doc.problems
            assert problem.kind == "limit" and doc.root is None
            assert problem.message.zh.startswith("嵌套太深")
            assert (problem.line, problem.column) == where


def test_libyaml_nesting_limit_is_left_as_found() -> None:
    nesting = getattr(getattr(yaml, "_yaml", None), "_get_max_nest_level", None)
    if nesting is None:
        pytest.skip("this libyaml has no nesting limit of its own")
    before = nesting()
    parse("deep.yaml", "a: " + "[" * 2000 + "]" * 2000 + "\n")
    parse("deep.yaml", "a: [" + "[" * 2000 + "\n")
    assert nesting() == before


# -- paths ----------------------------------------------------------------------------------------


def test_missing_path_is_a_usage_error() -> None:
    proc = run_cli("check", "no/such/catalog.yaml", "--no-cache")
    _no_crash(proc)
    assert proc.returncode == 2 and "no/such/catalog.yaml" in proc.stderr


def test_folder_without_catalogs_is_a_usage_error_and_says_so(tmp_path: Path) -> None:
    (tmp_path / "readme.txt").write_text("不是目录文件", encoding="utf-8")
    proc = run_cli("check", str(tmp_path), "--no-cache")
    _no_crash(proc)
    assert proc.returncode == 2 and "no catalog files found" in proc.stderr


def test_symlink_loops_and_broken_links_are_reported_and_others_linted(tmp_path: Path) -> None:
    shutil.copy(CATALOGS / "genhe-minzhengju.yaml", tmp_path / "good.yaml")
    (tmp_path / "loop-a.yaml").symlink_to("loop-b.yaml")
    (tmp_path / "loop-b.yaml").symlink_to("loop-a.yaml")
    (tmp_path / "self.yaml").symlink_to("self.yaml")
    (tmp_path / "dangling.yaml").symlink_to("nowhere.yaml")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "up").symlink_to("..")  # a folder loop: not followed
    proc = run_cli("check", str(tmp_path), "--format", "json", "--no-cache")
    _no_crash(proc)
    assert proc.returncode == 1
    report = json.loads(proc.stdout)
    by_file: dict[str, list[dict[str, Any]]] = {}
    for d in report["diagnostics"]:
        by_file.setdefault(Path(d["path"]).name, []).append(d)
    for name in ("loop-a.yaml", "loop-b.yaml", "self.yaml"):
        [d] = by_file[name]
        assert d["code"] == "GL001" and "符号链接形成了循环" in d["message"]
        assert (d["line"], d["column"]) == (1, 1)
    [d] = by_file["dangling.yaml"]
    assert "文件不存在" in d["message"]
    assert any(d["code"] == "GL101" for d in by_file["good.yaml"])
    assert report["summary"]["files"] == 5
    # named on the command line, a loop is reported the same way
    single = run_cli("check", str(tmp_path / "self.yaml"), "--no-cache")
    _no_crash(single)
    assert single.returncode == 1 and "符号链接形成了循环" in single.stdout


def test_non_ascii_file_and_folder_names(tmp_path: Path) -> None:
    folder = tmp_path / "根河市 目录"
    folder.mkdir()
    shutil.copy(CATALOGS / "genhe-minzhengju.yaml", folder / "根河市民政局（2024）.yaml")
    proc = run_cli("check", str(folder), "--format", "json", "--no-cache")
    _no_crash(proc)
    report = json.loads(proc.stdout)
    assert report["summary"]["files"] == 1
    assert all(d["path"].endswith("根河市民政局（2024）.yaml") for d in report["diagnostics"])
    text = run_cli("check", str(folder), "--no-cache")
    _no_crash(text)
    assert "根河市民政局（2024）.yaml:" in text.stdout


@pytest.mark.skipif(sys.platform != "linux", reason="file names that are not UTF-8 are a POSIX matter")
def test_file_name_that_is_not_utf8(tmp_path: Path) -> None:
    name = os.fsdecode(b"gbk-\xb8\xf9\xba\xd3.yaml")  # 根河 in GBK
    shutil.copy(CATALOGS / "genhe-minzhengju.yaml", tmp_path / name)
    for fmt in ("json", "text"):
        proc = run_cli("check", str(tmp_path), "--format", fmt, "--no-cache")
        _no_crash(proc)
        assert proc.returncode == 1


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs on this platform")
def test_a_fifo_named_like_a_catalog_does_not_hang(tmp_path: Path) -> None:
    shutil.copy(CATALOGS / "genhe-minzhengju.yaml", tmp_path / "good.yaml")
    os.mkfifo(tmp_path / "pipe.yaml")
    started = time.perf_counter()
    proc = run_cli("check", str(tmp_path), "--format", "json")  # with the cache: it reads every file first
    _no_crash(proc)
    assert time.perf_counter() - started < 60
    assert json.loads(proc.stdout)["summary"]["files"] == 1
    # named on the command line with no writer: read as empty, no hang
    named = run_cli("check", str(tmp_path / "pipe.yaml"), "--format", "json", "--no-cache")
    _no_crash(named)
    assert [d["code"] for d in json.loads(named.stdout)["diagnostics"]] == ["GL002"]


def test_unreadable_file_is_a_finding_and_others_are_linted(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                            data: ruledata.RuleData) -> None:
    """Tests run as root here, where chmod 000 does not stop reading: the refusal is injected."""
    shutil.copy(CATALOGS / "genhe-minzhengju.yaml", tmp_path / "good.yaml")
    secret = tmp_path / "secret.yaml"
    secret.write_text("department: 根河市民政局\n", encoding="utf-8")
    real_open = os.open

    def refusing_open(path: Any, flags: int, *args: Any, **kwargs: Any) -> int:
        if os.fspath(path) == os.fspath(secret):
            raise PermissionError(13, "Permission denied", os.fspath(path))
        return real_open(path, flags, *args, **kwargs)

    monkeypatch.setattr(os, "open", refusing_open)
    result = engine.lint_paths([str(tmp_path)], data)
    mine = [d for d in result.diagnostics if d.path.endswith("secret.yaml")]
    assert [(d.code, d.span.line, d.span.column) for d in mine] == [("GL001", 1, 1)]
    assert "没有读取权限" in mine[0].message.zh and "permission denied" in mine[0].message.en
    assert any(d.code == "GL101" and d.path.endswith("good.yaml") for d in result.diagnostics)


def test_unreadable_folder_is_reported_not_skipped(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                   data: ruledata.RuleData) -> None:
    shutil.copy(CATALOGS / "genhe-minzhengju.yaml", tmp_path / "good.yaml")
    locked = tmp_path / "locked"
    locked.mkdir()
    shutil.copy(CATALOGS / "genhe-minzhengju.yaml", locked / "hidden-from-us.yaml")
    real_scandir, real_listdir = os.scandir, os.listdir

    def deny(path: Any) -> None:
        if os.fspath(path) == os.fspath(locked):
            raise PermissionError(13, "Permission denied", os.fspath(path))

    def scandir(path: Any = ".") -> Any:
        deny(path)
        return real_scandir(path)

    def listdir(path: Any = ".") -> list[str]:
        deny(path)
        return real_listdir(path)

    monkeypatch.setattr(os, "scandir", scandir)
    monkeypatch.setattr(os, "listdir", listdir)
    result = engine.lint_paths([str(tmp_path)], data)
    assert len(result.files) == 2  # good.yaml and the folder that could not be listed
    [d] = [d for d in result.diagnostics if d.path.endswith("locked")]
    assert d.code == "GL001" and "无法读取文件夹" in d.message.zh and "Permission denied" in d.message.zh
    assert any(d.code == "GL101" and d.path.endswith("good.yaml") for d in result.diagnostics)


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root reads files whatever their mode")
def test_unreadable_file_for_real(tmp_path: Path) -> None:  # pragma: no cover - runs only as non-root
    secret = tmp_path / "secret.yaml"
    secret.write_text("department: 根河市民政局\n", encoding="utf-8")
    secret.chmod(0)
    proc = run_cli("check", str(tmp_path), "--format", "json", "--no-cache")
    _no_crash(proc)
    [d] = json.loads(proc.stdout)["diagnostics"]
    assert proc.returncode == 1 and d["code"] == "GL001" and "没有读取权限" in d["message"]


def test_a_folder_named_on_the_command_line_as_a_file_is_explained(tmp_path: Path) -> None:
    doc = loader.load_path(tmp_path, "folder")
    [problem] = doc.problems
    assert problem.kind == "read" and "文件夹" in problem.message.zh


# -- broken rule data and configuration (cases not covered in test_ruledata.py / test_workflow.py) ---


def _project(tmp_path: Path) -> Path:
    (tmp_path / "catalogs").mkdir()
    shutil.copy(CATALOGS / "genhe-minzhengju.yaml", tmp_path / "catalogs" / "c.yaml")
    return tmp_path


@pytest.mark.parametrize(("name", "content", "where", "words"), [
    (".genhe-lint.yaml", b"select: [GL1]\n\tignore: [GL2]\n", ".genhe-lint.yaml:2", "制表符"),
    (".genhe-lint.yaml", "# 根河\nselect: [GL1]\n".encode("gb18030"), ".genhe-lint.yaml:1", "GB18030"),
    (".genhe-lint.yaml", b"\xff\xfes\x00e\x00", ".genhe-lint.yaml:1", "UTF-16"),
    (".genhe-lint.yaml", b"select: &a [GL1]\nignore: *a\n", ".genhe-lint.yaml:2", "别名"),
    ("pyproject.toml", b'[tool.genhe-lint]\nselect = ["GL1"\n', "pyproject.toml:", "TOML"),
])
def test_broken_config_is_reported_with_its_path(tmp_path: Path, name: str, content: bytes, where: str,
                                                 words: str) -> None:
    root = _project(tmp_path)
    (root / name).write_bytes(content)
    proc = run_cli("check", "catalogs", "--no-cache", cwd=root)
    _no_crash(proc)
    assert proc.returncode == 2 and where in proc.stderr and words in proc.stderr, proc.stderr


def test_pyproject_in_gbk_is_a_configuration_error(tmp_path: Path) -> None:
    root = _project(tmp_path)
    (root / "pyproject.toml").write_bytes('[tool.genhe-lint]\n# 根河\nselect = ["GL1"]\n'.encode("gb18030"))
    proc = run_cli("check", "catalogs", "--no-cache", cwd=root)
    _no_crash(proc)
    assert proc.returncode == 2 and "pyproject.toml" in proc.stderr


@pytest.mark.parametrize(("content", "where", "words"), [
    (b"placeholders:\n\t- pattern: XX\n", "placeholders.yaml:2:1", "制表符"),
    ("# 根河\nplaceholders:\n  - pattern: XX\n".encode("gb18030"), "placeholders.yaml:1:", "GB18030"),
    (b"PK\x03\x04\x00\x00", "placeholders.yaml:1:1", "ZIP"),
    (b"placeholders:\n  - pattern: XX\n  - pattern: XX\nplaceholders: []\n", "placeholders.yaml:4:1", "重复"),
    (b"", "placeholders.yaml:1:1", "空"),
])
def test_broken_rule_data_is_reported_with_its_path(tmp_path: Path, content: bytes, where: str,
                                                    words: str) -> None:
    root = _project(tmp_path)
    (root / "rules").mkdir()
    (root / "rules" / "placeholders.yaml").write_bytes(content)
    proc = run_cli("check", "catalogs", "--no-cache", "--rules-dir", "rules", cwd=root)
    _no_crash(proc)
    assert proc.returncode == 2 and where in proc.stderr and words in proc.stderr, proc.stderr
