"""Every command with the typical mistakes of a new user: the message is Chinese (English with ``--lang en``
or ``GENHE_LINT_LANG=en``), names what is wrong, and the exit code is the documented one (2 usage, 1
findings)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.conftest import ROOT, clean_catalog, run_cli

MZ = str(ROOT / "catalogs" / "genhe-minzhengju.yaml")
CJK = re.compile("[\u4e00-\u9fff]")

# (command line, the words the message must name, exit code). "{empty}" is an empty folder, "{out}" a file to
# write, "{typo}" a catalog with a misspelt key.
MISTAKES = [
    (["chek", MZ], ["chek", "check"], 2),
    (["check", "--fromat", "json", MZ], ["--fromat", "--format"], 2),
    (["check"], ["PATHS"], 2),
    (["check", MZ, "--jobs", "x"], ["--jobs"], 2),
    (["check", MZ, "--lang", "fr"], ["--lang", "zh、en"], 2),
    (["check", MZ, "--fix=yes"], ["--fix"], 2),
    (["check", MZ, "--format"], ["--format"], 2),
    (["check", MZ, "--format", "xml"], ["xml", "junit"], 2),
    (["check", MZ, "--unsafe-fixes"], ["--unsafe-fixes", "--fix"], 2),
    (["check", "no/such.yaml"], ["no/such.yaml"], 2),
    (["check", "{empty}"], ["{empty}", "*.yaml", "*.yml"], 2),
    (["check", MZ, "--select", "GL999"], ["GL999"], 2),
    (["check", MZ, "--diff-base", "nosuchref"], ["nosuchref"], 2),
    (["report", "{empty}", "-o", "{out}"], ["{empty}", "*.yaml"], 2),
    (["report", MZ], ["--output"], 2),
    (["baseline", "{empty}", "-o", "{out}"], ["{empty}", "*.yaml"], 2),
    (["baseline", MZ], ["--output"], 2),
    (["explain"], ["RULE"], 2),
    (["explain", "GL9999"], ["GL9999"], 2),
    (["rules", "--lang", "fr"], ["--lang"], 2),
    (["export", "{typo}", "-f", "md"], ["typo.yaml:9:5", "chanels", "“channels”", "未导出"], 1),
    (["export", MZ, "-f", "pdf"], ["--format"], 2),
    (["export", "{empty}/none.yaml", "-f", "md"], ["none.yaml"], 2),
    (["import", "{empty}/none.docx"], ["none.docx"], 2),
    (["schema", "--bogus"], ["--bogus"], 2),
    (["config", "--config", "{empty}/none.yaml"], ["none.yaml"], 2),
]


def _fill(args: list[str], tmp_path: Path) -> list[str]:
    empty = tmp_path / "empty"
    empty.mkdir(exist_ok=True)
    typo = tmp_path / "typo.yaml"
    typo.write_text(clean_catalog("根河市民政局").replace("channels:", "chanels:"), encoding="utf-8")
    names = {"{empty}": str(empty), "{out}": str(tmp_path / "out.html"), "{typo}": str(typo)}
    filled = []
    for arg in args:
        for key, value in names.items():
            arg = arg.replace(key, value)
        filled.append(arg)
    return filled


@pytest.mark.parametrize(("args", "named", "code"), MISTAKES, ids=[" ".join(m[0])[-40:] for m in MISTAKES])
def test_a_mistake_is_said_in_chinese_naming_what_is_wrong(tmp_path: Path, args: list[str], named: list[str],
                                                           code: int) -> None:
    proc = run_cli(*_fill(args, tmp_path), cwd=tmp_path)
    assert proc.returncode == code, proc.stderr
    assert CJK.search(proc.stderr), proc.stderr
    for word in _fill(named, tmp_path):
        assert word in proc.stderr, (word, proc.stderr)
    assert "Traceback" not in proc.stderr and "内部错误" not in proc.stderr
    assert "errors.pydantic.dev" not in proc.stderr


@pytest.mark.parametrize("lang", [["--lang", "en"], ["--lang=en"]])
def test_english_on_request(tmp_path: Path, lang: list[str]) -> None:
    proc = run_cli("check", *lang, "--fromat", "json", MZ, cwd=tmp_path)
    assert proc.returncode == 2
    first = proc.stderr.splitlines()[0]
    assert "no such option '--fromat'; did you mean --format?" in first and not CJK.search(first)


def test_help_labels_are_bilingual() -> None:
    out = run_cli("check", "--help").stdout
    for label in ("用法 / Usage:", "选项 / Options", "参数 / Arguments", "[必填 / required]",
                  "[默认 / default: text]", "显示本帮助并退出 / show this message and exit"):
        assert label in out
    assert "Show this message and exit." not in out
    assert "命令 / Commands" in run_cli("--help").stdout


def test_an_unsafe_fix_is_offered_as_such(tmp_path: Path) -> None:
    catalog = tmp_path / "c.yaml"
    catalog.write_text(clean_catalog("根河市民政局").replace("人事任免信息", "根河市教育局人事任免信息"),
                       encoding="utf-8")
    proc = run_cli("check", str(catalog), "--no-cache", "--select", "GL102")
    assert proc.returncode == 1
    assert "[foreign-department] (可用 --unsafe-fixes 修正)" in proc.stdout
    assert "另有 1 处可用 --fix --unsafe-fixes 修正" in proc.stdout
    fixed = run_cli("check", str(catalog), "--no-cache", "--select", "GL102", "--fix", "--unsafe-fixes")
    assert fixed.returncode == 0 and "根河市教育局" not in catalog.read_text(encoding="utf-8")


def test_rules_table_severity_in_the_chosen_language() -> None:
    zh = run_cli("rules").stdout
    assert "│ 错误 " in zh and "│ error " not in zh
    assert "│ error " in run_cli("rules", "--lang", "en").stdout
