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
- where its facts for the cross-catalog pass are in the file, and their hash: they are stored after the
  index of every file's entry, read (and checked against that hash) only when that pass must run again or
  a caller asks for ``Result.facts`` (the HTML report). A run answered by the cache reads the index alone,
  so its memory grows with the findings, not with the facts.

and, for the last few runs, the cross-catalog findings keyed by the hash of every (path, content hash) pair
of the run, in order: a run over the same files with the same contents reuses them without looking at any
facts. Different files or contents give a different key; the settings and rule data are in the file's key. A
run with a file that has no hash (unreadable, or a FIFO named on the command line) runs the pass every time.

Entries of files that are not part of a run are kept for the next run that includes them.

The cache folder sits in the repository, where a pull request or a cloned project may have put anything: it
is data, never code, and only this user's own runs are believed. The index is MessagePack (msgspec), decoded
against the exact types below, and signed (HMAC-SHA256) with a random key kept in the user's cache folder
(:func:`genhe_lint.usercache.secret`): a file with another signature (one that came with the
catalogs) or that does not decode is ignored and rebuilt, so a planted cache can neither run code nor hide a
finding. The facts after the index are believed only if their hash is the one the signed index records;
a file's facts that do not match are made again by linting that file. Without such a key no cache is used.
A cache folder or file that is a symbolic link is neither read nor written through.

Layout: the signature (32 bytes) of what follows up to the facts, the index's length (8 bytes, little
endian), the index, then the facts of every entry one after another.
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
from typing import TYPE_CHECKING, Any, BinaryIO

import msgspec

from genhe_lint import __version__
from genhe_lint.diagnostic import Diagnostic
from genhe_lint.usercache import secret

if TYPE_CHECKING:  # facts imports the rules; reading the cache needs none of them (facts stay encoded)
    from genhe_lint.rules.facts import CatalogFacts

DEFAULT_DIR = ".genhe-lint-cache"
FORMAT = 4  # the layout of the cache file; part of the key
# A file modified less than this before the run that hashed it is re-hashed next time (see above). FAT keeps
# modification times to 2 s; the rest is slack for clocks. Costs one extra read of a freshly edited file.
RACY_NS = 3_000_000_000
MAX_RUNS = 4  # cross-catalog results kept (one per distinct set of files and contents)

# size, mtime_ns, ctime_ns, inode, device
StatKey = tuple[int, int, int, int, int]


class FactsRef(msgspec.Struct, frozen=True, array_like=True):
    """Where an entry's encoded facts are in the cache file: from the end of the index, and their hash."""

    offset: int
    length: int
    digest: bytes


class Entry(msgspec.Struct, frozen=True, array_like=True):
    digest: bytes
    stat: StatKey | None  # None: racy when hashed, so not to be trusted without reading the file
    diagnostics: list[Diagnostic]
    # An encoded CatalogFacts (see dump_facts): made in this run, or where it is in the file read
    facts: bytes | FactsRef

    def with_stat(self, stat: StatKey | None) -> Entry:
        return msgspec.structs.replace(self, stat=stat)


class _Index(msgspec.Struct, array_like=True):
    format: int
    entries: dict[str, Entry]
    runs: list[tuple[bytes, list[Diagnostic]]]  # oldest first


def content_hash(data: bytes) -> bytes:
    return hashlib.blake2b(data, digest_size=16).digest()


def facts_hash(blob: bytes) -> bytes:
    """The hash of an entry's encoded facts, recorded in the signed index."""
    return hashlib.blake2b(blob, digest_size=16, person=b"genhe-lint facts").digest()


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
_INDEX_DECODER = msgspec.msgpack.Decoder(_Index)


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


def decode_facts(blob: bytes) -> CatalogFacts:
    return _decoders()[0].decode(blob)


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
_LENGTH = 8  # the index's length, after the signature
_HEAD = _SIGNATURE + _LENGTH


def _sign(signing_key: bytes, payload: bytes | memoryview) -> bytes:
    return hmac.new(signing_key, payload, hashlib.sha256).digest()


def signed_index(signing_key: bytes, index: bytes) -> bytes:
    """The start of a cache file: the signature, the index's length and the index (the facts follow)."""
    length = len(index).to_bytes(_LENGTH, "little")
    return _sign(signing_key, length + index) + length + index


def _open_plain(path: Path) -> BinaryIO | None:
    """``path`` opened for reading if it is a regular file reached without following a symbolic link."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_BINARY", 0))
    except OSError:
        return None
    handle = open(fd, "rb")  # noqa: SIM115 - kept open to read facts from, closed by Cache.close
    if not stat.S_ISREG(os.fstat(fd).st_mode):
        handle.close()
        return None
    return handle


def _read_index(handle: BinaryIO, signing_key: bytes) -> _Index | None:
    """The signed index at the start of the file, or ``None`` if it is not one this user's runs wrote."""
    head = handle.read(_HEAD)
    if len(head) < _HEAD:
        return None
    length = int.from_bytes(head[_SIGNATURE:], "little")
    if length > os.fstat(handle.fileno()).st_size - _HEAD:
        return None  # not this file's length: not read, whatever it claims
    index = handle.read(length)
    if len(index) != length:
        return None
    if not hmac.compare_digest(head[:_SIGNATURE], _sign(signing_key, head[_SIGNATURE:] + index)):
        return None  # not written by this user's runs
    was_enabled = gc.isenabled()
    gc.disable()  # decoding allocates many objects and no cycles: the collector would only slow it down
    try:
        return _INDEX_DECODER.decode(index)
    except (msgspec.DecodeError, msgspec.ValidationError, ValueError, TypeError, NotImplementedError):
        return None  # broken or foreign: start afresh
    finally:
        if was_enabled:
            gc.enable()


@dataclass(slots=True)
class Cache:
    folder: Path
    key: str
    signing_key: bytes | None  # None: no private key could be had, so nothing is read or written
    entries: dict[str, Entry] = field(default_factory=dict)
    # run key -> the cross-catalog diagnostics of that run (oldest first)
    runs: dict[bytes, list[Diagnostic]] = field(default_factory=dict)
    dirty: bool = False
    # The file the entries' FactsRef point into, and where its facts begin.
    _file: BinaryIO | None = None
    _base: int = 0

    @classmethod
    def open(cls, folder: Path, *parts: str) -> Cache:
        key = hashlib.sha256(
            "\x1f".join((__version__, code_stamp(), str(FORMAT), *parts)).encode("utf-8", "surrogatepass")
        ).hexdigest()[:32]
        cache = cls(folder, key, secret())
        if not folder.is_symlink() and cache.signing_key is not None:
            cache._load(folder / f"{key}.msgpack", cache.signing_key)
        return cache

    def _load(self, path: Path, signing_key: bytes) -> None:
        handle = _open_plain(path)
        if handle is None:
            return
        loaded = _read_index(handle, signing_key)
        if loaded is None or loaded.format != FORMAT:
            handle.close()
            return
        self.entries = loaded.entries
        self.runs = dict(loaded.runs)
        self._file, self._base = handle, handle.tell()

    def close(self) -> None:
        if self._file is not None:
            self._file.close()
            self._file = None

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

    def facts(self, entry: Entry) -> bytes | None:
        """The entry's encoded facts; ``None`` if they cannot be read or are not the ones the signed index
        records (the file was changed in place)."""
        ref = entry.facts
        if isinstance(ref, bytes):
            return ref
        if self._file is None:
            return None
        try:
            self._file.seek(self._base + ref.offset)
            blob = self._file.read(ref.length)
        except (OSError, ValueError):
            return None
        return blob if len(blob) == ref.length and facts_hash(blob) == ref.digest else None

    def project(self, key: bytes) -> list[Diagnostic] | None:
        return self.runs.get(key)

    def put_project(self, key: bytes, diagnostics: list[Diagnostic]) -> None:
        self.runs.pop(key, None)
        self.runs[key] = diagnostics
        while len(self.runs) > MAX_RUNS:
            del self.runs[next(iter(self.runs))]
        self.dirty = True

    def save(self) -> None:
        """Write the entries and runs, when anything changed: the index, then every entry's facts (those
        of earlier runs copied from the file read). Afterwards the entries point into the new file."""
        if not self.dirty or self.signing_key is None:
            return
        target = self.folder / f"{self.key}.msgpack"
        try:
            if self.folder.is_symlink():
                return  # never write through a link placed in the repository
            self.folder.mkdir(parents=True, exist_ok=True)
            _write_ignore(self.folder / ".gitignore")
            entries: dict[str, Entry] = {}
            offset = 0
            for path, entry in self.entries.items():
                facts = entry.facts
                ref = (FactsRef(offset, len(facts), facts_hash(facts)) if isinstance(facts, bytes)
                       else FactsRef(offset, facts.length, facts.digest))
                entries[path] = msgspec.structs.replace(entry, facts=ref)
                offset += ref.length
            index = _ENCODER.encode(_Index(FORMAT, entries, list(self.runs.items())))
            fd, tmp = tempfile.mkstemp(dir=self.folder, suffix=".tmp")
            try:
                with os.fdopen(fd, "wb") as handle:
                    handle.write(signed_index(self.signing_key, index))
                    for entry in self.entries.values():
                        handle.write(self._facts_to_copy(entry))
                self.close()  # Windows replaces no open file
                # replaces a link in its place, never writes through it
                os.replace(tmp, target)
            except BaseException:
                Path(tmp).unlink(missing_ok=True)
                if self._file is None:
                    self._file = _open_plain(target)  # still the file read: its facts are checked as read
                raise
        except OSError:
            return  # a read-only checkout: linting still works, just uncached
        self.dirty = False
        self.entries = entries
        self._file = _open_plain(target)
        self._base = _HEAD + len(index)

    def _facts_to_copy(self, entry: Entry) -> bytes:
        """The entry's facts as they go into the new file: as read (checked when read back), or, when the
        old file cannot be read, bytes that match no hash (that file is then linted when its facts are
        needed)."""
        ref = entry.facts
        if isinstance(ref, bytes):
            return ref
        blob = b""
        if self._file is not None:
            try:
                self._file.seek(self._base + ref.offset)
                blob = self._file.read(ref.length)
            except (OSError, ValueError):
                blob = b""
        return blob.ljust(ref.length, b"\0")


def _write_ignore(path: Path) -> None:
    """The folder's ``.gitignore`` (``*``), created once; an existing file or link is left alone."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)
    try:
        fd = os.open(path, flags, 0o644)
    except FileExistsError:
        return
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write("# Automatically created by genhe-lint.\n*\n")
