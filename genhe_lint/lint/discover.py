"""Run the rules over files: load -> model -> rules -> sorted, filtered diagnostics.

This is the only place that knows the order of the pipeline; it never prints.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from genhe_lint.errors import UsageError

CATALOG_SUFFIXES = (".yaml", ".yml")


@dataclass(frozen=True, slots=True)
class Found:
    files: list[tuple[str, str]]  # (path, display path), sorted by display path
    outside: list[str]  # display paths of symbolic links that lead out of the folders searched, not linted


def discover(paths: Iterable[str], *, follow_symlinks: bool = False) -> Found:
    """Catalog files under ``paths``, each once.

    A file named on the command line is linted whatever its suffix; directories are searched for
    ``*.yaml``/``*.yml``, skipping hidden folders. A path that does not exist is a usage error.
    Whatever cannot be read is still listed, so that the loader reports it: a folder that cannot be
    listed, a symlink loop. FIFOs, sockets and devices found in folders are skipped: reading one
    could block forever. A symbolic link found in a folder that leads out of it (to a token file, a
    git config: whatever a pull request points it at) is not read unless ``follow_symlinks``; it is
    listed in :attr:`Found.outside`. Symlinked folders are never followed. Paths stay strings: the warm
    path handles thousands of them."""
    found: dict[str, tuple[str, str]] = {}  # real path -> (path, display path)
    outside: set[str] = set()
    paths = list(paths)
    fences = None if follow_symlinks else tuple(os.path.join(_identity(Path(raw)), "")
                                                   for raw in paths if Path(raw).is_dir())
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            unreadable: list[OSError] = []
            for root, entries in _walk(str(path), unreadable.append):
                outside.update(_add_folder(found, root, entries, fences))
            for error in unreadable:
                if error.filename is not None:
                    p = Path(os.fsdecode(error.filename))
                    found.setdefault(_identity(p), (str(p), display_path(p)))
        elif path.exists() or path.is_symlink():
            found.setdefault(_identity(path), (str(path), display_path(path)))
        else:
            raise UsageError(f"路径不存在 / path does not exist: {raw}")
    kept = {shown for _, shown in found.values()}
    return Found(sorted(found.values(), key=lambda pair: pair[1]), sorted(outside - kept))


def _walk(top: str, onerror: Callable[[OSError], object]) -> Iterator[tuple[str, list[os.DirEntry[str]]]]:
    """``os.walk(top, followlinks=False)`` top-down, sorted, without hidden folders, yielding each folder's
    non-folder entries as ``DirEntry`` (whose type, known from the listing, spares a ``stat`` per file)."""
    stack = [top]
    while stack:
        root = stack.pop()
        try:
            with os.scandir(root) as listing:
                entries = list(listing)
        except OSError as error:
            onerror(error)
            continue
        folders: list[str] = []
        files: list[os.DirEntry[str]] = []
        for entry in entries:
            try:
                is_dir = entry.is_dir()
            except OSError:
                is_dir = False
            if not is_dir:
                files.append(entry)
            elif not entry.name.startswith(".") and not entry.is_symlink():  # symlinked folders: not followed
                folders.append(entry.name)
        yield root, files
        stack.extend(os.path.join(root, name) for name in sorted(folders, reverse=True))


def _add_folder(found: dict[str, tuple[str, str]], root: str, entries: list[os.DirEntry[str]],
                fences: tuple[str, ...] | None) -> list[str]:
    """The catalogs among one folder's entries; returns the display paths of links that lead out of every
    one of ``fences`` (the real paths of the folders searched, each with a final separator; ``None``:
    follow them all).
    The folder's real and displayed paths are worked out once: a file in it that is neither a symlink nor
    special has them plus its name (as ``_identity`` and ``display_path`` would give, one ``realpath`` and
    one ``relpath`` per file)."""
    names = sorted(e.name for e in entries
                   if e.name.endswith(CATALOG_SUFFIXES) and not e.name.startswith("."))
    outside: list[str] = []
    if not names:
        return outside
    plain = {e.name for e in entries if _is_plain_file(e)}
    base = Path(root)
    prefix = "" if str(base) == "." else os.path.join(base, "")  # so prefix + name == str(base / name)
    real_prefix = os.path.join(_identity(base), "")
    try:
        shown_root: str | None = os.path.relpath(base)
    except ValueError:  # another drive on Windows
        shown_root = None
    shown_prefix = "" if shown_root is None or shown_root == "." else os.path.join(shown_root, "")
    for name in names:
        path = prefix + name
        if name in plain:
            shown = shown_prefix + name
            if shown_root is None or shown.startswith(".."):
                shown = path
            found.setdefault(real_prefix + name, (path, shown))
            continue
        real = _identity(Path(path))
        if fences is not None and not real.startswith(fences):
            outside.append(display_path(Path(path)))
        elif not _is_special(Path(path)):
            found.setdefault(real, (path, display_path(Path(path))))
    return outside


def _is_plain_file(entry: os.DirEntry[str]) -> bool:
    try:
        return entry.is_file(follow_symlinks=False)
    except OSError:
        return False


def _identity(path: Path) -> str:
    """The real path, so that a file reached twice is linted once; a symlink loop has none."""
    try:
        return str(path.resolve())
    except (OSError, RuntimeError):  # RuntimeError: Python < 3.13 on a symlink loop
        return os.path.abspath(path)


def _is_special(path: Path) -> bool:
    """A FIFO, socket or device: not a catalog, and reading it could block."""
    try:
        mode = path.stat().st_mode
    except OSError:
        return False  # a broken or looping symlink: listed, and the loader says why it cannot be read
    return stat.S_ISFIFO(mode) or stat.S_ISSOCK(mode) or stat.S_ISCHR(mode) or stat.S_ISBLK(mode)


def display_path(path: Path) -> str:
    try:
        shown = os.path.relpath(path)
    except ValueError:  # another drive on Windows
        shown = str(path)
    return shown if not shown.startswith("..") else str(path)
