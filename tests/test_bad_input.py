"""Bad input gets a clear diagnostic with path and line, never a traceback; other files are still linted."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from tests.conftest import CATALOGS, run_cli

GOOD = CATALOGS / "genhe-minzhengju.yaml"


def _check_json(*paths: Path | str) -> tuple[int, dict, str]:  # type: ignore[type-arg]
    proc = run_cli("check", *map(str, paths), "--format", "json")
    assert "Traceback" not in proc.stderr + proc.stdout
    return proc.returncode, json.loads(proc.stdout) if proc.stdout else {}, proc.stderr


BAD_FILES = {
    "indent.yaml": ("department: 根河市民政局\nsections:\n  - name: a\n      content: b\n", "GL001", 4),
    "tab.yaml": ("department: 根河市民政局\nsections:\n\t- name: a\n", "GL001", 3),
    "quote.yaml": ("department: 根河市民政局\nsections:\n  - name: '未闭合\n", "GL001", 4),
    "multi.yaml": ("department: 根河市民政局\n---\ndepartment: 根河市民政局\n", "GL001", 2),
    "dupkey.yaml": ("department: 根河市民政局\ndepartment: 根河市财政局\nsections: []\n", "GL001", 2),
    "list.yaml": ("- 根河市民政局\n", "GL002", 1),
    "scalar.yaml": ("根河市民政局\n", "GL002", 1),
    "empty.yaml": ("", "GL002", 1),
    "comments.yaml": ("# 只有注释\n", "GL002", 1),
    "unknown-key.yaml": ("department: 根河市民政局\nsections:\n  - name: a\n    chanels: [政府网站]\n",
                         "GL002", 4),
    "wrong-type.yaml": ("department: 根河市民政局\nsections:\n  - name: a\n    audience: {全社会: 是}\n",
                        "GL002", 4),
}


@pytest.mark.parametrize("name", sorted(BAD_FILES))
def test_bad_file_is_a_finding_and_others_are_still_linted(tmp_path: Path, name: str) -> None:
    text, code, line = BAD_FILES[name]
    bad = tmp_path / name
    bad.write_text(text, encoding="utf-8")
    shutil.copy(GOOD, tmp_path / "zz-good.yaml")
    rc, out, _ = _check_json(tmp_path)
    assert rc == 1
    mine = [d for d in out["diagnostics"] if d["path"].endswith(name)]
    assert any(d["code"] == code and d["line"] == line and d["severity"] == "error" for d in mine), mine
    assert all(d["message"] for d in mine)
    # the good file next to it was linted all the same
    assert any(d["path"].endswith("zz-good.yaml") and d["code"] == "GL101" for d in out["diagnostics"])
    assert out["summary"]["files"] == 2


def test_did_you_mean_for_a_misspelt_key(tmp_path: Path) -> None:
    (tmp_path / "c.yaml").write_text(BAD_FILES["unknown-key.yaml"][0], encoding="utf-8")
    _, out, _ = _check_json(tmp_path / "c.yaml")
    [d] = [d for d in out["diagnostics"] if d["code"] == "GL002"]
    assert "chanels" in d["message"] and "channels" in d["hint"]
    assert (d["line"], d["column"]) == (4, 5)


@pytest.mark.parametrize(("payload", "words"), [
    ("department: 根河市民政局\n".encode("gb18030"), "GBK"),
    (b"PK\x03\x04\x00\x00binary docx", "NUL"),
    ("department: 根河市民政局\n".encode("utf-16"), "UTF-16"),
])
def test_encodings_and_binary_files(tmp_path: Path, payload: bytes, words: str) -> None:
    (tmp_path / "c.yaml").write_bytes(payload)
    rc, out, _ = _check_json(tmp_path / "c.yaml")
    assert rc == 1
    [d] = out["diagnostics"]
    assert d["code"] == "GL001"
    assert words in d["message"] or words in (d["hint"] or "") or words in json.dumps(d, ensure_ascii=False)


def test_utf8_bom_is_read(tmp_path: Path) -> None:
    (tmp_path / "c.yaml").write_bytes(b"\xef\xbb\xbf" + GOOD.read_bytes())
    _, out, _ = _check_json(tmp_path / "c.yaml")
    assert not any(d["code"] in ("GL001", "GL002") for d in out["diagnostics"])
    assert any(d["code"] == "GL101" for d in out["diagnostics"])


def test_missing_path_is_a_usage_error() -> None:
    rc, out, err = _check_json("no/such/catalog.yaml")
    assert rc == 2 and "no/such/catalog.yaml" in err and out == {}


def test_folder_without_catalogs(tmp_path: Path) -> None:
    proc = run_cli("check", str(tmp_path), "--format", "json", "--no-cache")
    assert proc.returncode == 2 and proc.stdout == "" and "没有找到目录文件" in proc.stderr


def test_unknown_option_is_a_usage_error() -> None:
    proc = run_cli("check", "catalogs/", "--no-such-option")
    assert proc.returncode == 2 and "Traceback" not in proc.stderr


def test_alias_bomb_is_refused_quickly(tmp_path: Path) -> None:
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x]"]
    lines += [f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 9) + "]" for i in range(1, 9)]
    (tmp_path / "bomb.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    rc, out, _ = _check_json(tmp_path / "bomb.yaml")
    assert rc == 1
    assert {d["code"] for d in out["diagnostics"]} == {"GL001"}
    assert out["diagnostics"][0]["line"] == 2
