"""A cache of results for unchanged files, like ruff's.

One cache file per (tool version, rule data, settings): a pickle mapping each linted path to the hash of
its bytes, its diagnostics and its facts for the cross-catalog pass. Changing
a rule-data file, the configuration or the tool gives a new key, so nothing stale is ever served.
Stored in ``.genhe-lint-cache/`` (which ignores itself in git); ``--no-cache`` turns it off.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from genhe_lint import __version__
from genhe_lint.diagnostic import Diagnostic
from genhe_lint.facts import CatalogFacts

DEFAULT_DIR = ".genhe-lint-cache"

# (content hash, diagnostics, facts for the cross-catalog pass)
Entry = tuple[str, list[Diagnostic], CatalogFacts]


def content_hash(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=16).hexdigest()


@dataclass(slots=True)
class Cache:
    folder: Path
    key: str
    entries: dict[str, Entry] = field(default_factory=dict)
    dirty: bool = False

    @classmethod
    def open(cls, folder: Path, *parts: str) -> Cache:
        key = hashlib.sha256("\x1f".join((__version__, *parts)).encode("utf-8")).hexdigest()[:32]
        cache = cls(folder, key)
        try:
            with (folder / f"{key}.pickle").open("rb") as handle:
                loaded = pickle.load(handle)
            if isinstance(loaded, dict):
                cache.entries = loaded
        except (OSError, pickle.PickleError, EOFError, AttributeError, ImportError, TypeError, ValueError):
            cache.entries = {}  # missing or unreadable: start afresh
        return cache

    def get(self, path: str, digest: str) -> Entry | None:
        entry = self.entries.get(path)
        return entry if entry is not None and entry[0] == digest else None

    def put(self, path: str, entry: Entry) -> None:
        self.entries[path] = entry
        self.dirty = True

    def save(self) -> None:
        if not self.dirty:
            return
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            ignore = self.folder / ".gitignore"
            if not ignore.exists():
                ignore.write_text("# Automatically created by genhe-lint.\n*\n", encoding="utf-8")
            fd, tmp = tempfile.mkstemp(dir=self.folder, suffix=".tmp")
            with os.fdopen(fd, "wb") as handle:
                pickle.dump(self.entries, handle, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(tmp, self.folder / f"{self.key}.pickle")
        except OSError:
            pass  # a read-only checkout: linting still works, just uncached
