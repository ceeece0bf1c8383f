"""``--diff-base REF``: the findings a change brings, wherever they sit.

The catalogs are linted twice: as they are, and as they were at REF (read from git into a temporary folder,
the working tree untouched), with the same rules, data and settings. A finding of the working tree is new
when no finding at REF has its fingerprint (the baseline's matching: rule, file, the flagged line's text and
the flagged characters). So a change is judged by what it does, not by the lines it touches: deleting a
section's ``channels:`` (which its items inherit) reports the items that lost it, deleting a required
section reports it missing, and a change in one catalog that makes another one wrong reports that too.
"""

from __future__ import annotations

import subprocess
from collections import Counter
from pathlib import Path, PurePosixPath

from genhe_lint.diagnostic import Diagnostic
from genhe_lint.lint.baseline import filter_new, fingerprint
from genhe_lint.lint.discover import CATALOG_SUFFIXES, display_path
from genhe_lint.lint.result import Result


class GitError(Exception):
    """git is missing, the folder is not in a repository, or the revision does not exist."""


def _git(args: list[str], cwd: Path, stdin: bytes | None = None) -> bytes:
    try:
        proc = subprocess.run(["git", *args], cwd=cwd, input=stdin, capture_output=True, check=False)
    except FileNotFoundError:
        raise GitError("找不到 git 命令，请先安装 git / git is not installed") from None
    if proc.returncode != 0:
        raise GitError(proc.stderr.decode("utf-8", "replace").strip() or f"git {args[0]} failed")
    return proc.stdout


def _top(cwd: Path) -> Path:
    try:
        return Path(_git(["rev-parse", "--show-toplevel"], cwd).decode("utf-8", "surrogateescape").strip())
    except GitError:
        raise GitError(f"“{cwd}”不在 git 仓库中 / not inside a git repository: {cwd}") from None


def _commit(ref: str, top: Path) -> str:
    try:
        found = _git(["rev-parse", "--verify", "--quiet", "--end-of-options", f"{ref}^{{commit}}"], top)
        return found.decode().strip()
    except GitError:
        raise GitError(f"git 中没有修订“{ref}”（分支、标签或提交）/ no such git revision: {ref}") from None


def _wanted(name: str, specs: list[tuple[str, bool]]) -> bool:
    """Whether a file of the base tree is a catalog of this run: a file named on the command line whatever
    its suffix, or a ``*.yaml``/``*.yml`` under a named folder outside hidden folders (as discovery does)."""
    for spec, is_file in specs:
        if is_file:
            if name == spec:
                return True
            continue
        below = name if not spec else name[len(spec) + 1:] if name.startswith(spec + "/") else None
        if below is None:
            continue
        parts = PurePosixPath(below).parts
        if name.endswith(CATALOG_SUFFIXES) and not any(p.startswith(".") for p in parts):
            return True
    return False


def base_files(ref: str, paths: list[str], folder: Path, cwd: Path | None = None) -> list[tuple[str, str]]:
    """Write the catalogs under ``paths`` as they were at ``ref`` into ``folder``; return them as
    (path in ``folder``, display path of the same file in the working tree) pairs, for the runner."""
    cwd = cwd or Path.cwd()
    top = _top(cwd)
    commit = _commit(ref, top)
    specs: list[tuple[str, bool]] = []
    for raw in paths:
        path = Path(raw).resolve()
        try:
            rel = path.relative_to(top.resolve()).as_posix()
        except ValueError:
            continue  # outside the repository: nothing of it is in git
        specs.append(("" if rel == "." else rel, path.is_file()))
    listing = _git(["ls-tree", "-r", "-z", "--full-tree", commit], top).split(b"\0")
    chosen: list[tuple[str, str]] = []  # (object id, repository path)
    for record in listing:
        if not record:
            continue
        meta, _, raw_name = record.partition(b"\t")
        mode, kind, oid = meta.decode().split()
        name = raw_name.decode("utf-8", "surrogateescape")
        if kind == "blob" and mode in ("100644", "100755") and _wanted(name, specs):
            chosen.append((oid, name))
    blobs = _read_blobs([oid for oid, _ in chosen], top)
    out: list[tuple[str, str]] = []
    root = folder.resolve()
    for (_, name), data in zip(chosen, blobs, strict=True):
        target = (root / name).resolve()
        if root not in target.parents:
            continue  # a name that would leave the folder
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
        out.append((str(target), display_path(top / name)))
    return sorted(out, key=lambda pair: pair[1])


def _read_blobs(oids: list[str], top: Path) -> list[bytes]:
    """The contents of the given blobs, read by one ``git cat-file --batch``."""
    if not oids:
        return []
    raw = _git(["cat-file", "--batch"], top, stdin="".join(f"{oid}\n" for oid in oids).encode())
    out: list[bytes] = []
    at = 0
    for oid in oids:
        end = raw.index(b"\n", at)
        header = raw[at:end].split()
        if len(header) != 3 or header[0].decode() != oid:
            raise GitError(f"git cat-file: unexpected answer for {oid}")
        size = int(header[2])
        out.append(raw[end + 1 : end + 1 + size])
        at = end + 1 + size + 1
    return out


def new_findings(head: Result, base: Result) -> list[Diagnostic]:
    """The findings of ``head`` that ``base`` does not have (counted: a second copy of a defect is new)."""
    known = Counter(fingerprint(d, base.lines.get(d.path, [])) for d in base.diagnostics)
    return filter_new(head.diagnostics, head.lines, known)

