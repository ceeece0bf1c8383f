"""A cache of results for unchanged files, like ruff's; one file read per run.

One cache file per key: the tool's version and code (the size and modification time of every module of the
package, so that an edited rule in a source checkout is never answered from an older run), the rule data's
fingerprint (every data file's bytes), the settings and the loader's limits, and the layout of the cache file
(``FORMAT``). Changing any of them gives a new file, so nothing stale is served. Stored in
``.genhe-lint-cache/`` (which ignores itself in git); ``--no-cache`` turns it off.

The file holds, for each linted path (as displayed):

- the BLAKE2b hash of the file's bytes (for a file larger than the size limit, which the loader refuses
  without reading it, a hash of its size: the outcome depends on nothing else);
- the file's ``stat`` when the hash was taken: size, modification and change times in nanoseconds, inode and
  device. When a later run finds the same ``stat``, the stored hash is trusted without reading the file, as
  git and ruff do; any difference (an edit, ``touch``, a file replaced by a rename, ``os.utime`` restoring
  the old modification time, which still moves the change time) and the file is read and hashed again, and
  the hash decides. A file modified less than ``RACY_NS`` before the run that hashed it is "racy", as git
  calls it: on a file system with coarse timestamps a second edit in the same tick, of the same size, would
  leave the ``stat`` unchanged. Such an entry is stored without a ``stat`` and re-hashed on every run until
  its modification time is older than that (git compares with the index file's time; the same caveat
  applies: it assumes the catalogs' file system and this machine agree on the time);
- the file's diagnostics;
- its facts for the cross-catalog pass, encoded apart (``bytes``): decoded only when that pass must run
  again or a caller asks for ``Result.facts`` (the HTML report).

and, for the last few runs, the cross-catalog findings keyed by the hash of every (path, content hash) pair
of the run, in order: a run over the same files with the same contents reuses them without looking at any
facts. Different files or contents give a different key; the settings and rule data are in the file's key. A
run with a file that has no hash (unreadable, or a FIFO named on the command line) runs the pass every time.

Entries of files that are not part of a run are kept for the next run that includes them.

The cache folder sits in the repository, where a pull request or a cloned project may have put anything: it
is data, never code, and only this user's own runs are believed. The file is MessagePack (msgspec), decoded
against the exact types below, and signed (HMAC-SHA256) with a random key kept in the user's cache folder
(:func:`genhe_lint.usercache.secret`): a file with another signature (one that came with the
catalogs) or that does not decode is ignored and rebuilt, so a planted cache can neither run code nor hide a
finding. Without such a key no cache is used. A cache folder or file that is a symbolic link is neither read
nor written through.
"""

from __future__ import annotations

import gc
import hashlib
import hmac
import os
import stat
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import msgspec

from genhe_lint import __version__
from genhe_lint.diagnostic import Diagnostic
from genhe_lint.usercache import secret

if TYPE_CHECKING:  # facts imports the rules; reading the cache needs none of them (facts stay encoded)
    from genhe_lint.rules.facts import CatalogFacts

DEFAULT_DIR = ".genhe-lint-cache"
FORMAT = 3  # the layout of the cache file; part of the key
# A file modified less than this before the run that hashed it is re-hashed next time (see above). FAT keeps
# modification times to 2 s; the rest is slack for clocks. Costs one extra read of a freshly edited file.
RACY_NS = 3_000_000_000
MAX_RUNS = 4  # cross-catalog results kept (one per distinct set of files and contents)

# size, mtime_ns, ctime_ns, inode, device
StatKey = tuple[int, int, int, int, int]


class Entry(msgspec.Struct, frozen=True, array_like=True):
    digest: bytes
    stat: StatKey | None  # None: racy when hashed, so not to be trusted without reading the file
    diagnostics: list[Diagnostic]
    facts: bytes  # an encoded CatalogFacts (see dump_facts)

    def with_stat(self, stat: StatKey | None) -> Entry:
        return msgspec.structs.replace(self, stat=stat)


class _File(msgspec.Struct, array_like=True):
    format: int
    entries: dict[str, Entry]
    runs: list[tuple[bytes, list[Diagnostic]]]  # oldest first


def content_hash(data: bytes) -> bytes:
    return hashlib.blake2b(data, digest_size=16).digest()


def size_hash(size: int) -> bytes:
    """The identity of a file above the size limit: the loader reports its size and reads nothing."""
    return hashlib.blake2b(b"too large: %d" % size, digest_size=16).digest()


def stat_key(st: os.stat_result) -> StatKey:
    return (st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino, st.st_dev)


def run_key(files: Iterable[tuple[str, bytes]]) -> bytes:
    """The identity of a run's input for the cross-catalog pass: every (path, content hash), in order."""
    h = hashlib.blake2b(digest_size=16)
    for shown, digest in files:
        h.update(shown.encode("utf-8", "surrogatepass"))
        h.update(b"\0")
        h.update(digest)
    return h.digest()


@lru_cache(maxsize=1)
def code_stamp() -> str:
    """Size and modification time of every module of the package: an edited checkout gets a new cache key."""
    package = Path(__file__).parents[1]
    parts: list[str] = []
    for root, dirs, files in os.walk(package):
        dirs[:] = sorted(d for d in dirs if d != "__pycache__")
        for name in sorted(files):
            if name.endswith(".py"):
                try:
                    st = os.stat(os.path.join(root, name))
                except OSError:
                    continue
                module = os.path.relpath(os.path.join(root, name), package)
                parts.append(f"{module}:{st.st_size}:{st.st_mtime_ns}")
    return hashlib.sha256("\n".join(parts).encode("utf-8", "surrogatepass")).hexdigest()


def _enc_hook(obj: Any) -> Any:
    packed = getattr(obj, "packed", None)  # StandardFacts: its shared values and its positions
    if packed is not None:
        return packed()
    raise NotImplementedError(f"cannot encode {type(obj).__name__}")


def _dec_hook(kind: type, obj: Any) -> Any:
    unpack = getattr(kind, "unpack", None)
    if unpack is not None:
        return unpack(obj)
    raise NotImplementedError(f"cannot decode {kind.__name__}")


_ENCODER = msgspec.msgpack.Encoder(enc_hook=_enc_hook)
_FILE_DECODER = msgspec.msgpack.Decoder(_File)


@lru_cache(maxsize=1)
def _decoders() -> tuple[msgspec.msgpack.Decoder[CatalogFacts],
                         msgspec.msgpack.Decoder[tuple[list[Diagnostic], CatalogFacts]]]:
    from genhe_lint.rules.facts import CatalogFacts

    return (msgspec.msgpack.Decoder(CatalogFacts, dec_hook=_dec_hook),
            msgspec.msgpack.Decoder(tuple[list[Diagnostic], CatalogFacts], dec_hook=_dec_hook))


def dump_facts(facts: CatalogFacts) -> bytes:
    return _ENCODER.encode(facts)


def dump_outcome(outcome: tuple[list[Diagnostic], CatalogFacts]) -> bytes:
    """A file's diagnostics and facts, as a worker process ships them to the parent."""
    return _ENCODER.encode(outcome)


def load_outcome(blob: bytes) -> tuple[list[Diagnostic], CatalogFacts]:
    return _decoders()[1].decode(blob)


def load_facts(blobs: Iterable[bytes | CatalogFacts]) -> list[CatalogFacts]:
    """Facts as stored in the cache (or already at hand), in the same order."""
    decode = _decoders()[0].decode
    was_enabled = gc.isenabled()
    gc.disable()  # thousands of small tuples, none of them in a cycle
    try:
        return [decode(b) if isinstance(b, bytes) else b for b in blobs]
    finally:
        if was_enabled:
            gc.enable()


_SIGNATURE = 32


def _sign(signing_key: bytes, payload: bytes | memoryview) -> bytes:
    return hmac.new(signing_key, payload, hashlib.sha256).digest()


def _read_plain(path: Path) -> bytes | None:
    """The bytes of ``path`` if it is a regular file reached without following a symbolic link."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_BINARY", 0))
    except OSError:
        return None
    with open(fd, "rb") as handle:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            return None
        return handle.read()


@dataclass(slots=True)
class Cache:
    folder: Path
    key: str
    signing_key: bytes | None  # None: no private key could be had, so nothing is read or written
    entries: dict[str, Entry] = field(default_factory=dict)
    # run key -> the cross-catalog diagnostics of that run (oldest first)
    runs: dict[bytes, list[Diagnostic]] = field(default_factory=dict)
    dirty: bool = False

    @classmethod
    def open(cls, folder: Path, *parts: str) -> Cache:
        key = hashlib.sha256(
            "\x1f".join((__version__, code_stamp(), str(FORMAT), *parts)).encode("utf-8", "surrogatepass")
        ).hexdigest()[:32]
        cache = cls(folder, key, secret())
        if folder.is_symlink() or cache.signing_key is None:
            return cache
        signed = _read_plain(folder / f"{key}.msgpack")
        if signed is None or len(signed) < _SIGNATURE:
            return cache
        signature, blob = signed[:_SIGNATURE], memoryview(signed)[_SIGNATURE:]
        if not hmac.compare_digest(signature, _sign(cache.signing_key, blob)):
            return cache  # not written by this user's runs
        was_enabled = gc.isenabled()
        gc.disable()  # decoding allocates many objects and no cycles: the collector would only slow it down
        try:
            loaded = _FILE_DECODER.decode(blob)
        except (msgspec.DecodeError, msgspec.ValidationError, ValueError, TypeError, NotImplementedError):
            return cache  # broken or foreign: start afresh
        finally:
            if was_enabled:
                gc.enable()
        if loaded.format == FORMAT:
            cache.entries = loaded.entries
            cache.runs = dict(loaded.runs)
        return cache

    def trusted(self, path: str, stat: StatKey) -> Entry | None:
        """The entry of ``path`` if the file's ``stat`` is the one recorded with its hash (never a racy
        one)."""
        entry = self.entries.get(path)
        return entry if entry is not None and entry.stat == stat else None

    def get(self, path: str, digest: bytes) -> Entry | None:
        entry = self.entries.get(path)
        return entry if entry is not None and entry.digest == digest else None

    def put(self, path: str, entry: Entry) -> None:
        self.entries[path] = entry
        self.dirty = True

    def project(self, key: bytes) -> list[Diagnostic] | None:
        return self.runs.get(key)

    def put_project(self, key: bytes, diagnostics: list[Diagnostic]) -> None:
        self.runs.pop(key, None)
        self.runs[key] = diagnostics
        while len(self.runs) > MAX_RUNS:
            del self.runs[next(iter(self.runs))]
        self.dirty = True

    def save(self) -> None:
        if not self.dirty or self.signing_key is None:
            return
        try:
            if self.folder.is_symlink():
                return  # never write through a link placed in the repository
            self.folder.mkdir(parents=True, exist_ok=True)
            _write_ignore(self.folder / ".gitignore")
            payload = _ENCODER.encode(_File(FORMAT, self.entries, list(self.runs.items())))
            payload = _sign(self.signing_key, payload) + payload
            fd, tmp = tempfile.mkstemp(dir=self.folder, suffix=".tmp")
            try:
                with os.fdopen(fd, "wb") as handle:
                    handle.write(payload)
                # replaces a link in its place, never writes through it
                os.replace(tmp, self.folder / f"{self.key}.msgpack")
            except BaseException:
                Path(tmp).unlink(missing_ok=True)
                raise
        except OSError:
            pass  # a read-only checkout: linting still works, just uncached
        else:
            self.dirty = False


def _write_ignore(path: Path) -> None:
    """The folder's ``.gitignore`` (``*``), created once; an existing file or link is left alone."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)
    try:
        fd = os.open(path, flags, 0o644)
    except FileExistsError:
        return
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write("# Automatically created by genhe-lint.\n*\n")
