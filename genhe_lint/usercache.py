"""The user's own cache folder: validated data files (rule data, settings) as JSON, and the key the
project's result cache is signed with (:func:`secret`).

Validating a data file with its pydantic model costs the import of pydantic; the result depends only on
the file's bytes, the tool and its schema. So the validated result is stored, keyed by a hash of all of them,
and a later run with the same bytes reads it back without importing pydantic.

The cache lives in the user's cache folder (``$GENHE_LINT_CACHE_HOME``, else ``$XDG_CACHE_HOME/genhe-lint``,
else ``~/.cache/genhe-lint``), never in the folder being linted: files there come with the catalogs (a pull
request, say) and must not decide what counts as valid. An entry is a JSON object that names its own key; one
that cannot be read, does not parse, or names another key is ignored (the caller validates again and writes
it anew). Entries are written to a temporary file and renamed into place, and never through a symbolic link.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from genhe_lint import __version__

ENV = "GENHE_LINT_CACHE_HOME"
FORMAT = 1  # the layout of an entry; part of every key
_MAX_ENTRY = 64 << 20  # an entry larger than this is not ours


def cache_home() -> Path | None:
    """The folder of the user's cache, or None when no absolute one can be named."""
    own = os.environ.get(ENV)
    if own:
        return Path(own)
    xdg = os.environ.get("XDG_CACHE_HOME")
    if xdg and os.path.isabs(xdg):
        return Path(xdg) / "genhe-lint"
    home = os.path.expanduser("~")
    return Path(home) / ".cache" / "genhe-lint" if os.path.isabs(home) else None


def key(kind: str, parts: Iterable[bytes]) -> str:
    """The key of a validated result: the kind, the entry layout, the tool's version and ``parts`` (the data
    files' names and bytes, the schema's source), each part length-prefixed so that no two lists collide."""
    digest = hashlib.sha256()
    for part in (kind.encode(), str(FORMAT).encode(), __version__.encode(), *parts):
        digest.update(len(part).to_bytes(8, "little"))
        digest.update(part)
    return digest.hexdigest()


def _folder(kind: str) -> Path | None:
    home = cache_home()
    return None if home is None else home / kind


def read(kind: str, entry_key: str) -> Any:
    """The value stored under ``entry_key``; None when there is no entry or it is unreadable, corrupt or
    foreign."""
    folder = _folder(kind)
    if folder is None:
        return None
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(folder / f"{entry_key}.json", flags)
    except OSError:
        return None
    try:
        with os.fdopen(fd, "rb") as stream:
            data = stream.read(_MAX_ENTRY + 1)
        entry = json.loads(data) if len(data) <= _MAX_ENTRY else None
    except (OSError, ValueError):
        return None
    if not isinstance(entry, dict) or entry.get("key") != entry_key or "value" not in entry:
        return None
    return entry["value"]


def write(kind: str, entry_key: str, value: Any) -> None:
    """Store ``value`` (plain JSON data) under ``entry_key``. A cache that cannot be written is no error: the
    next run validates again."""
    folder = _folder(kind)
    if folder is None:
        return
    import tempfile  # only a cold run writes

    text = json.dumps({"key": entry_key, "value": value}, ensure_ascii=False, separators=(",", ":"))
    try:
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        if folder.is_symlink() or not folder.is_dir():
            return
        fd, temporary = tempfile.mkstemp(prefix=".tmp-", suffix=".json", dir=folder)  # O_EXCL: a new file
    except OSError:
        return
    try:
        with os.fdopen(fd, "wb") as stream:
            stream.write(text.encode("utf-8"))
        os.replace(temporary, folder / f"{entry_key}.json")  # replaces a link at that name, never follows it
    except OSError:
        with contextlib.suppress(OSError):
            os.unlink(temporary)


def secret() -> bytes | None:
    """This user's random key, created on first use (32 bytes, readable by the user only). The project's
    result cache is signed with it, so that a cache file that came with the catalogs (a pull request, a
    clone) is never taken for one this user's runs wrote. None when no private key file can be had."""
    home = cache_home()
    if home is None:
        return None
    path = home / "secret.key"
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_BINARY", 0)
    for _ in range(2):
        try:
            fd = os.open(path, flags)
        except FileNotFoundError:
            _create_secret(home, path)
            continue
        except OSError:
            return None
        with os.fdopen(fd, "rb") as stream:
            st = os.fstat(stream.fileno())
            if hasattr(os, "getuid") and (st.st_uid != os.getuid() or st.st_mode & 0o077):
                return None  # another user's, or readable by others: not a secret
            value = stream.read(64)
        return value if len(value) == 32 else None
    return None


def _create_secret(home: Path, path: Path) -> None:
    try:
        home.mkdir(parents=True, exist_ok=True, mode=0o700)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)
                     | getattr(os, "O_BINARY", 0), 0o600)
    except OSError:
        return  # another process made it first, or the folder cannot be written
    with os.fdopen(fd, "wb") as stream:
        stream.write(os.urandom(32))
