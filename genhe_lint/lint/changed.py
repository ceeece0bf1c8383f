"""``--diff-base REF``: which lines of which files changed since REF, so a pull request is judged on
what it touches. Files that git does not track yet count as wholly changed."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

_HUNK = re.compile(r"^@@ -\d+(?:,\d+)? \+(\d+)(?:,(\d+))? @@")


class GitError(Exception):
    pass


def _git(args: list[str], cwd: Path) -> str:
    try:
        proc = subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, encoding="utf-8",
                              check=False)
    except FileNotFoundError:
        raise GitError("找不到 git 命令 / git is not installed") from None
    if proc.returncode != 0:
        raise GitError(proc.stderr.strip() or f"git {' '.join(args)} failed")
    return proc.stdout


def changed_lines(ref: str, cwd: Path | None = None) -> dict[Path, set[int] | None]:
    """Resolved file path -> changed (new-side) line numbers; None means the whole file is new."""
    cwd = cwd or Path.cwd()
    top = Path(_git(["rev-parse", "--show-toplevel"], cwd).strip())
    _git(["rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}"], cwd)
    out: dict[Path, set[int] | None] = {}
    current: Path | None = None
    for line in _git(["diff", "--no-color", "--no-ext-diff", "-U0", ref, "--"], top).splitlines():
        if line.startswith("+++ "):
            name = line[4:]
            current = None if name == "/dev/null" else (top / name[2:]).resolve()
            if current is not None:
                out.setdefault(current, set())
        elif line.startswith("@@") and current is not None:
            m = _HUNK.match(line)
            if m:
                start, count = int(m.group(1)), int(m.group(2) or "1")
                bucket = out[current]
                assert bucket is not None
                bucket.update(range(start, start + count))
    for name in _git(["ls-files", "--others", "--exclude-standard"], top).splitlines():
        out[(top / name).resolve()] = None
    return out
