"""Never lose a catalog: faults injected around ``fix.write_atomic`` (a failure between write and rename,
a SIGKILL at the write point, a kill at a random moment of ``--fix``) leave the original intact and no
temporary file behind (except after a SIGKILL, which nothing can clean up: then the leftover is hidden
and ignored); and what ``--fix`` writes keeps mode, owner, BOM, line endings and the final newline."""

from __future__ import annotations

import errno
import json
import os
import shutil
import signal
import stat
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from msgspec.structs import replace

from genhe_lint import ruledata
from genhe_lint.diagnostic import Fix
from genhe_lint.lint import fix as fixing
from tests.conftest import CATALOGS, ROOT, lint, run_cli

# no final newline
ORIGINAL = ("department: 根河市民政局\r\nsections:\r\n  - name: 部门文件   # 注释\r\n"
            "    content: 天河市民政局印发的主动公开文件\r\n    channels: [政府网站, 广播电视台]")
FIXED = ORIGINAL.replace("天河市", "根河市").replace("广播电视台", "广播电视")


def _catalog(tmp_path: Path, mode: int = 0o640) -> Path:
    path = tmp_path / "c.yaml"
    path.write_bytes(b"\xef\xbb\xbf" + ORIGINAL.encode("utf-8"))
    path.chmod(mode)
    return path


def _others(folder: Path, keep: str = "c.yaml") -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name != keep)


# -- a failure anywhere before the rename ------------------------------------------------------------


def _raise(error: BaseException) -> Callable[..., Any]:
    def fail(*args: Any, **kwargs: Any) -> Any:
        raise error

    return fail


@pytest.mark.parametrize(("target", "error"), [
    ("os.replace", OSError(errno.EXDEV, "Invalid cross-device link")),   # the rename itself fails
    ("os.fsync", OSError(errno.ENOSPC, "No space left on device")),      # the data cannot be made durable
    ("os.chmod", PermissionError(errno.EPERM, "Operation not permitted")),
    ("os.replace", KeyboardInterrupt()),                                 # Ctrl-C between write and rename
])
def test_failure_between_write_and_rename_leaves_the_original(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                              target: str, error: BaseException) -> None:
    path = _catalog(tmp_path)
    before = path.read_bytes()
    monkeypatch.setattr(target, _raise(error))
    with pytest.raises(type(error)):
        fixing.write_atomic(path, FIXED)
    assert path.read_bytes() == before
    assert stat.S_IMODE(path.stat().st_mode) == 0o640
    assert _others(tmp_path) == []  # the temporary file was removed


def test_failure_while_writing_the_temporary_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = _catalog(tmp_path)
    before = path.read_bytes()
    real_fdopen = os.fdopen

    class HalfWriter:
        def __init__(self, handle: Any) -> None:
            self.handle = handle

        def __enter__(self) -> HalfWriter:
            return self

        def __exit__(self, *exc: object) -> None:
            self.handle.close()

        def write(self, data: bytes) -> int:
            self.handle.write(data[: len(data) // 2])  # half of it reaches the disk, then the disk is full
            raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fdopen",
                        lambda fd, mode="r", *a, **k: HalfWriter(real_fdopen(fd, mode, *a, **k)))
    with pytest.raises(OSError, match="No space"):
        fixing.write_atomic(path, FIXED)
    assert path.read_bytes() == before and _others(tmp_path) == []


def test_no_temporary_file_can_be_created(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = _catalog(tmp_path)
    before = path.read_bytes()
    monkeypatch.setattr("tempfile.mkstemp", _raise(PermissionError(errno.EACCES, "Permission denied")))
    with pytest.raises(PermissionError):
        fixing.write_atomic(path, FIXED)
    assert path.read_bytes() == before and _others(tmp_path) == []


def test_file_changed_since_it_was_read_is_not_overwritten(tmp_path: Path) -> None:
    path = _catalog(tmp_path)
    path.write_bytes(path.read_bytes() + "\r\n# 同事刚加的一行".encode())
    before = path.read_bytes()
    with pytest.raises(fixing.ChangedOnDisk):
        fixing.write_atomic(path, FIXED, expected=ORIGINAL)
    assert path.read_bytes() == before and _others(tmp_path) == []
    fixing.write_atomic(path, FIXED + "\r\n# 同事刚加的一行", expected=before[3:].decode())
    assert path.read_bytes() == b"\xef\xbb\xbf" + (FIXED + "\r\n# 同事刚加的一行").encode()



def test_an_edit_made_while_the_fix_is_written_is_not_lost(tmp_path: Path,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    """Another program appends to the catalog while --fix writes its temporary file: the fix is refused and
    the appended line stays (every time, not by luck of timing: the append happens inside the write)."""
    path = _catalog(tmp_path)
    real_fsync = os.fsync
    for attempt in range(15):
        line = f"\r\n# 第 {attempt} 次并发追加".encode()

        def fsync_and_append(fd: int, line: bytes = line) -> None:
            real_fsync(fd)
            with path.open("ab") as other:
                other.write(line)

        monkeypatch.setattr(fixing.os, "fsync", fsync_and_append)
        before = path.read_bytes()
        with pytest.raises(fixing.ChangedOnDisk):
            fixing.write_atomic(path, FIXED, expected=before[3:].decode())
        monkeypatch.setattr(fixing.os, "fsync", real_fsync)
        assert path.read_bytes() == before + line and _others(tmp_path) == []

# -- a kill at the write point, and at random moments ------------------------------------------------


def test_sigkill_before_the_rename_leaves_the_original(tmp_path: Path) -> None:
    path = _catalog(tmp_path)
    before = path.read_bytes()
    proc = run_cli("check", str(path), "--fix", "--no-cache", env={fixing.CRASH_ENV: "1"})
    assert proc.returncode == -signal.SIGKILL, (proc.returncode, proc.stderr)
    assert path.read_bytes() == before
    # the temporary file that a kill leaves is hidden: never linted, never mistaken for the catalog
    leftovers = _others(tmp_path)
    assert all(name.startswith(".c.yaml.") and name.endswith(".tmp") for name in leftovers)
    report = json.loads(run_cli("check", str(tmp_path), "--format", "json", "--no-cache").stdout)
    assert report["summary"]["files"] == 1
    # and the next run, not killed, applies the fixes
    again = run_cli("check", str(path), "--fix", "--no-cache")
    assert again.returncode in (0, 1) and "Traceback" not in again.stderr
    assert path.read_bytes() == b"\xef\xbb\xbf" + FIXED.encode("utf-8")


def test_kill_at_random_moments_never_leaves_a_half_written_file(tmp_path: Path) -> None:
    """SIGKILL ``--fix`` after 0 .. 1.2 s: the file is always exactly the old or exactly the new bytes."""
    old = (CATALOGS / "genhe-zhengwu-shuju.yaml").read_bytes()
    path = tmp_path / "c.yaml"
    path.write_bytes(old)
    run_cli("check", str(path), "--fix", "--no-cache")
    new = path.read_bytes()
    assert new != old
    env = {**os.environ, "PYTHONIOENCODING": "utf-8", "NO_COLOR": "1"}
    outcomes = set()
    for i in range(10):
        path.write_bytes(old)
        proc = subprocess.Popen([sys.executable, "-m", "genhe_lint", "check", str(path), "--fix",
                                 "--no-cache"],
                                cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(0.12 * i)
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        data = path.read_bytes()
        assert data in (old, new)
        outcomes.add(data == new)
        for leftover in tmp_path.glob(".c.yaml.*.tmp"):
            leftover.unlink()
    assert False in outcomes  # at least one kill came before the rename (the other case depends on speed)


# -- what is written keeps everything ------------------------------------------------------------------


def test_fix_keeps_bom_crlf_no_final_newline_mode_and_comments(tmp_path: Path) -> None:
    path = _catalog(tmp_path, mode=0o604)
    proc = run_cli("check", str(path), "--fix", "--no-cache")
    assert "Traceback" not in proc.stderr
    assert path.read_bytes() == b"\xef\xbb\xbf" + FIXED.encode("utf-8")
    assert stat.S_IMODE(path.stat().st_mode) == 0o604
    assert _others(tmp_path) == []


@pytest.mark.parametrize("ending", ["\n", "\r\n"])
@pytest.mark.parametrize("final", [True, False])
@pytest.mark.parametrize("bom", [True, False])
def test_write_atomic_round_trips_every_layout(tmp_path: Path, ending: str, final: bool, bom: bool) -> None:
    text = ORIGINAL.replace("\r\n", ending) + (ending if final else "")
    path = tmp_path / "c.yaml"
    path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + text.encode("utf-8"))
    fixed = text.replace("天河市", "根河市")
    fixing.write_atomic(path, fixed)
    assert path.read_bytes() == (b"\xef\xbb\xbf" if bom else b"") + fixed.encode("utf-8")


@pytest.mark.skipif(os.name != "posix" or os.geteuid() != 0, reason="changing a file's owner needs root")
def test_owner_is_kept(tmp_path: Path) -> None:  # pragma: no cover - runs only as root
    path = _catalog(tmp_path)
    os.chown(path, 4321, 4321)
    fixing.write_atomic(path, FIXED)
    assert (path.stat().st_uid, path.stat().st_gid) == (4321, 4321)


def test_a_symlinked_catalog_stays_a_symlink(tmp_path: Path) -> None:
    real = _catalog(tmp_path)
    (tmp_path / "shared").mkdir()
    link = tmp_path / "shared" / "link.yaml"
    link.symlink_to(real)
    fixing.write_atomic(link, FIXED)
    assert link.is_symlink() and real.read_bytes() == b"\xef\xbb\xbf" + FIXED.encode("utf-8")
    assert _others(tmp_path / "shared", keep="link.yaml") == []


# -- fixes that would change something else are refused ----------------------------------------------


def _diags(text: str, data: ruledata.RuleData, code: str) -> list[Any]:
    found = [d for d in lint(text, data) if d.code == code]
    assert found and all(d.fix is not None for d in found)
    return found


@pytest.mark.parametrize(("replacement", "why"), [
    ("广播电视 #备注", "a comment marker would cut the rest of the value off"),
    ("广播电视, 其他", "a comma would split one list entry into two"),
    ("广播电视]", "a bracket would end the list early"),
    ("'广播电视'", "quotes: the value would not be the replacement as written"),
])
def test_a_fix_that_would_change_another_value_is_refused(data: ruledata.RuleData, replacement: str,
                                                          why: str) -> None:
    text = "department: 根河市民政局\nsections:\n  - name: a\n    channels: [政府网站, 广播电视台]\n"
    broken = [replace(d, fix=Fix(d.fix.span, replacement, True)) for d in _diags(text, data, "GL203")]
    plan = fixing.plan("c.yaml", text, broken)
    assert plan.refused is not None and not plan.changed, why


def test_a_fix_inside_a_plain_value_that_would_truncate_it_is_refused(data: ruledata.RuleData) -> None:
    text = "department: 根河市民政局\nsections:\n  - name: a\n    content: 天河市民政局印发的文件\n"
    broken = [replace(d, fix=Fix(d.fix.span, "根河市 #", True)) for d in _diags(text, data, "GL101")]
    plan = fixing.plan("c.yaml", text, broken)
    assert plan.refused is not None and "另一" not in plan.refused and "value" in plan.refused


def test_a_fix_changing_a_number_into_text_is_refused(data: ruledata.RuleData) -> None:
    text = "department: 根河市民政局\nsections:\n  - serial: 1\n    name: 天河市民政局政策\n"
    [d] = _diags(text, data, "GL101")
    # aim the fix at the serial number instead of the name
    moved = replace(d, fix=Fix(d.fix.span._replace(line=3, column=13, end_line=3, end_column=14), "一", True),
                    data={})
    plan = fixing.plan("c.yaml", text, [moved])
    assert plan.refused is not None and not plan.changed


def test_a_file_with_duplicate_keys_can_still_be_fixed(data: ruledata.RuleData) -> None:
    """The duplicate is reported, and it is not a reason to refuse an unrelated, verified fix."""
    text = ("department: 根河市民政局\nsections:\n  - name: 天河市民政局文件\n"
            "    content: 一份\n    content: 另一份\n")
    plan = fixing.plan("c.yaml", text, _diags(text, data, "GL101"))
    assert plan.refused is None and plan.fixed == text.replace("天河市", "根河市")


def test_refusal_is_reported_and_the_file_left_alone_by_the_cli(tmp_path: Path,
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    """Whatever makes the check refuse, ``--fix`` says so for that file and writes nothing to it."""
    from typer.testing import CliRunner

    from genhe_lint.cli import app as cli

    path = tmp_path / "c.yaml"
    shutil.copy(CATALOGS / "genhe-minzhengju.yaml", path)
    before = path.read_bytes()
    monkeypatch.setattr(fixing, "_check", lambda *args: fixing._REFUSED_VALUE.format(7, 7))
    result = CliRunner().invoke(cli.app, ["check", str(path), "--fix", "--no-cache"])
    assert result.exit_code == 1 and path.read_bytes() == before
    assert "修正会改变其他值（第 7 行），未修改" in result.output
    assert _others(tmp_path) == []
