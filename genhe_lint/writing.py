"""Writing the files a command is asked for with ``-o`` (reports, exports, baselines, schemas, imports).

Such a path may come from a script or a pull request's settings, and the folder may hold anything: an output
is never written through a symbolic link (one placed at the path could send it over a file elsewhere), a
dangling link included. It is written to a temporary file in the same folder and renamed over the path in one
step, so a reader never sees half a file and an interrupted run leaves the old one. A path that is a
character device or a named pipe (``-o /dev/null``, a pipe a script reads) is written into, never replaced:
renaming over it would put a plain file in its place.
"""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import TextIO

from genhe_lint.errors import UsageError


def check_target(path: Path, *, overwrite: bool = True) -> None:
    """Refuse a path that is a symbolic link (dangling or not), a folder, or a kind of file that cannot be
    written to (a socket, a block device), and an existing file unless ``overwrite`` (a character device or a
    named pipe is written into, so it may always be named)."""
    if path.is_symlink():
        raise UsageError("输出路径是符号链接，不会写入 / the output path is a symbolic link; "
                         f"not written: {path}")
    if path.is_dir():
        raise UsageError(f"输出路径是文件夹 / the output path is a folder: {path}")
    if _stream_target(path):
        return  # a device or pipe is written into, not overwritten
    if not overwrite and path.exists():
        raise UsageError("文件已存在，加 --force 覆盖 / the file exists; "
                         f"add --force to overwrite it: {path}")


def _stream_target(path: Path) -> bool:
    """Whether ``path`` is a character device or a named pipe (not followed if it is a link), which is written
    into rather than replaced. Any other kind of file that is not a regular one (a block device, a socket) is
    refused."""
    try:
        mode = path.lstat().st_mode
    except OSError:
        return False
    if stat.S_ISCHR(mode) or stat.S_ISFIFO(mode):
        return True
    if not (stat.S_ISREG(mode) or stat.S_ISLNK(mode) or stat.S_ISDIR(mode)):
        raise UsageError(f"输出路径不是普通文件 / the output path is not a regular file: {path}")
    return False


@contextlib.contextmanager
def _replacing(path: Path, overwrite: bool) -> Iterator[int]:
    """A new temporary file's descriptor, renamed over ``path`` when the block ends without an error; or,
    for a character device or named pipe, a descriptor of ``path`` itself."""
    if _stream_target(path):
        try:
            fd = os.open(path, os.O_WRONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0))
        except OSError as exc:
            raise _cannot_write(path, exc) from None
        yield fd
        return
    check_target(path, overwrite=overwrite)
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        raise UsageError(f"输出文件夹不存在 / the output folder does not exist: {folder}")
    try:
        fd, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    except OSError as exc:
        raise _cannot_write(path, exc) from None
    try:
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(temporary, 0o666 & ~umask)  # as an ordinary new file, not the temporary file's 0600
        yield fd
        check_target(path, overwrite=overwrite)  # a link made while the output was being written
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise


def _cannot_write(path: Path, exc: OSError) -> UsageError:
    return UsageError(f"无法写入 {path}：{exc.strerror} / cannot write {path}: {exc.strerror}")


@contextlib.contextmanager
def text_output(path: Path, *, overwrite: bool = True) -> Iterator[TextIO]:
    """A text stream (UTF-8) whose content replaces ``path`` when the block ends without an error."""
    with _replacing(path, overwrite) as fd, \
            os.fdopen(fd, "w", encoding="utf-8", errors="backslashreplace", newline="") as stream:
        yield stream


def write_text(path: Path, text: str, *, overwrite: bool = True) -> None:
    with text_output(path, overwrite=overwrite) as stream:
        stream.write(text)


def write_bytes(path: Path, data: bytes, *, overwrite: bool = True) -> None:
    with _replacing(path, overwrite) as fd, os.fdopen(fd, "wb") as stream:
        stream.write(data)
