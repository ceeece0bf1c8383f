"""Paths a pull request can plant: a catalog that is a symbolic link to a file elsewhere is not read or
echoed, and ``-o`` never writes through a symbolic link (dangling or not)."""

from __future__ import annotations

import json
import os
import shutil
import socket
import stat
import threading
from pathlib import Path

import pytest

from tests.conftest import CATALOGS, clean_catalog, run_cli

SECRET = "ghp_TOKEN_abcdef0123456789"


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    (tmp_path / "catalogs").mkdir()
    (tmp_path / "catalogs" / "good.yaml").write_text(clean_catalog("根河市财政局"), encoding="utf-8")
    (tmp_path / "outside").mkdir()
    secret = tmp_path / "outside" / "token.txt"
    secret.write_text(f"{SECRET}\n", encoding="utf-8")
    (tmp_path / "catalogs" / "evil.yaml").symlink_to(secret)
    (tmp_path / "catalogs" / "inside.yaml").symlink_to(tmp_path / "catalogs" / "good.yaml")
    return tmp_path


def test_a_link_out_of_the_folder_is_skipped_and_said(tree: Path) -> None:
    for fmt in ("text", "json", "github", "sarif", "junit"):
        proc = run_cli("check", "catalogs/", "--no-cache", "--format", fmt, cwd=tree)
        assert proc.returncode == 0, proc.stdout + proc.stderr
        assert SECRET not in proc.stdout + proc.stderr
        assert "evil.yaml" in proc.stderr and "--follow-symlinks" in proc.stderr
        assert "evil.yaml" not in proc.stdout
    proc = run_cli("check", "catalogs/", "--no-cache", "--format", "json", "--follow-symlinks", cwd=tree)
    files = {d["path"] for d in json.loads(proc.stdout)["diagnostics"]}
    assert "catalogs/evil.yaml" in files  # read when asked: not a catalog (GL002)


def test_the_report_does_not_embed_a_file_from_elsewhere(tree: Path) -> None:
    proc = run_cli("report", "catalogs/", "-o", "report.html", "--no-cache", cwd=tree)
    assert proc.returncode == 0, proc.stderr
    assert SECRET not in (tree / "report.html").read_text(encoding="utf-8")


@pytest.mark.parametrize("command", [
    ("check", "catalogs/", "--no-cache", "--format", "json", "-o"),
    ("report", "catalogs/", "--no-cache", "-o"),
    ("baseline", "catalogs/", "-o"),
    ("schema", "-o"),
])
def test_output_is_never_written_through_a_link(tree: Path, command: tuple[str, ...]) -> None:
    victim = tree / "outside" / "victim.txt"
    victim.write_text("keep me\n", encoding="utf-8")
    (tree / "out.json").symlink_to(victim)
    (tree / "dangling.json").symlink_to(tree / "outside" / "not-there.txt")
    for target in ("out.json", "dangling.json"):
        proc = run_cli(*command, target, cwd=tree)
        assert proc.returncode == 2, proc.stdout + proc.stderr
        assert "符号链接" in proc.stderr and target in proc.stderr
    assert victim.read_text(encoding="utf-8") == "keep me\n"
    assert not (tree / "outside" / "not-there.txt").exists()
    proc = run_cli(*command, "plain.out", cwd=tree)
    assert proc.returncode in (0, 1) and (tree / "plain.out").stat().st_size > 0, proc.stderr


def test_output_replaces_a_file_in_one_step(tmp_path: Path) -> None:
    shutil.copytree(CATALOGS, tmp_path / "catalogs")
    (tmp_path / "result.json").write_text("old", encoding="utf-8")
    proc = run_cli("check", "catalogs/", "--no-cache", "--format", "json", "-o", "result.json", cwd=tmp_path)
    assert proc.returncode == 1
    assert json.loads((tmp_path / "result.json").read_text(encoding="utf-8"))["summary"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["catalogs", "result.json"]  # no temporary left


def test_export_and_import_never_write_through_a_link_and_export_asks_before_overwriting(tree: Path) -> None:
    victim = tree / "outside" / "victim.txt"
    victim.write_text("keep me\n", encoding="utf-8")
    shutil.copy2(CATALOGS / "genhe-minzhengju.yaml", tree / "mz.yaml")
    (tree / "out.html").symlink_to(victim)
    proc = run_cli("export", "mz.yaml", "--format", "html", "-o", "out.html", cwd=tree)
    assert proc.returncode == 2 and "符号链接" in proc.stderr
    assert victim.read_text(encoding="utf-8") == "keep me\n"
    assert run_cli("export", "mz.yaml", "-o", "table.html", cwd=tree).returncode == 0
    again = run_cli("export", "mz.yaml", "-o", "table.html", cwd=tree)
    assert again.returncode == 2 and "--force" in again.stderr
    assert run_cli("export", "mz.yaml", "-o", "table.html", "--force", cwd=tree).returncode == 0

    (tree / "imported").mkdir()
    (tree / "imported" / "table.yaml").symlink_to(tree / "outside" / "not-there.yaml")  # dangling
    proc = run_cli("import", "table.html", "-o", "imported/", cwd=tree)
    assert proc.returncode == 2 and "符号链接" in proc.stderr
    assert not (tree / "outside" / "not-there.yaml").exists()


def test_an_output_folder_that_does_not_exist_is_a_usage_error(tree: Path) -> None:
    proc = run_cli("report", "catalogs/", "--no-cache", "-o", "missing/report.html", cwd=tree)
    assert proc.returncode == 2 and "missing" in proc.stderr and "内部错误" not in proc.stderr


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are POSIX")
@pytest.mark.parametrize("command", [
    ("check", "catalogs/", "--no-cache", "--format", "json", "-o"),
    ("export", "catalogs/genhe-minzhengju.yaml", "--format", "md", "-o"),  # no --force needed: not a file
])
def test_output_into_a_pipe_or_device_writes_into_it_and_leaves_it_in_place(
        tmp_path: Path, command: tuple[str, ...]) -> None:
    """``-o /dev/null`` or a named pipe a script reads: written into, never replaced by a plain file (which
    renaming a temporary file over it would do, and, run as root, would put a file in place of /dev/null)."""
    shutil.copytree(CATALOGS, tmp_path / "catalogs")
    pipe = tmp_path / "out.pipe"
    os.mkfifo(pipe)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(pipe.read_bytes()), daemon=True)
    reader.start()
    proc = run_cli(*command, str(pipe), cwd=tmp_path)
    if reader.is_alive():  # nothing was written: let the reader end
        with open(pipe, "wb"):
            pass
    reader.join(timeout=60)
    assert proc.returncode in (0, 1), proc.stderr
    assert stat.S_ISFIFO(pipe.lstat().st_mode)
    assert received and received[0].strip()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["catalogs", "out.pipe"]  # no temporary left


@pytest.mark.skipif(not hasattr(socket, "AF_UNIX"), reason="Unix sockets")
def test_output_onto_a_socket_is_refused(tmp_path: Path) -> None:
    shutil.copytree(CATALOGS, tmp_path / "catalogs")
    with socket.socket(socket.AF_UNIX) as server:
        server.bind(str(tmp_path / "s"))
        proc = run_cli("check", "catalogs/", "--no-cache", "-o", "s", cwd=tmp_path)
        assert proc.returncode == 2 and "不是普通文件" in proc.stderr, proc.stderr
        assert stat.S_ISSOCK((tmp_path / "s").lstat().st_mode)
