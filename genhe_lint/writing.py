"""Writing the files a command is asked for with ``-o`` (reports, exports, baselines, schemas, imports).

Such a path may come from a script or a pull request's settings, and the folder may hold anything: an output
is never written through a symbolic link (one placed at the path could send it over a file elsewhere), a
dangling link included. It is written to a temporary file in the same folder and renamed over the path in one
step, so a reader never sees half a file and an interrupted run leaves the old one.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import TextIO

from genhe_lint.errors import UsageError


def check_target(path: Path, *, overwrite: bool = True) -> None:
    """Refuse a path that is a symbolic link (dangling or not) or a folder, and an existing file unless
    ``overwrite``."""
    if path.is_symlink():
        raise UsageError("输出路径是符号链接，不会写入 / the output path is a symbolic link; "
                         f"not written: {path}")
    if path.is_dir():
        raise UsageError(f"输出路径是文件夹 / the output path is a folder: {path}")
    if not overwrite and path.exists():
        raise UsageError("文件已存在，加 --force 覆盖 / the file exists; "
                         f"add --force to overwrite it: {path}")


@contextlib.contextmanager
def _replacing(path: Path, overwrite: bool) -> Iterator[int]:
    """A new temporary file's descriptor, renamed over ``path`` when the block ends without an error."""
    check_target(path, overwrite=overwrite)
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        raise UsageError(f"输出文件夹不存在 / the output folder does not exist: {folder}")
    try:
        fd, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    except OSError as exc:
        raise UsageError(f"无法写入 {path}：{exc.strerror} / cannot write {path}: {exc.strerror}") from None
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
