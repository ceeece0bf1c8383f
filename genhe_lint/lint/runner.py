"""Run the rules over files: load -> model -> rules -> sorted, filtered diagnostics.

This is the only place that knows the order of the pipeline; it never prints.
"""

from __future__ import annotations

import gc
import os
import stat
import time
from collections.abc import Callable, Iterable
from functools import partial
from pathlib import Path

import msgspec

from genhe_lint.diagnostic import Diagnostic
from genhe_lint.lint import cache as caching
from genhe_lint.lint.cache import Cache, Entry, StatKey
from genhe_lint.lint.discover import discover
from genhe_lint.lint.options import Options, Selection
from genhe_lint.lint.passes import FileOutcome, lint_file, lint_project, outranked
from genhe_lint.lint.pool import run_todo
from genhe_lint.lint.result import Result, RuleInfo, SourceLines
from genhe_lint.load.limits import current_limits
from genhe_lint.ruledata.compiled import RuleData
from genhe_lint.rules.facts import CatalogFacts


def lint_paths(
    paths: Iterable[str], data: RuleData, options: Options | Selection | None = None, *,
    jobs: int = 1, cache: Cache | None = None, progress: Callable[[int, int], None] | None = None,
    follow_symlinks: bool = False,
) -> Result:
    """Lint every catalog under ``paths``. Output order is the sorted file order, whatever ``jobs`` is.
    Symbolic links that lead out of the folders searched are listed in ``Result.outside``, not read."""
    found = discover(paths, follow_symlinks=follow_symlinks)
    result = lint_files(found.files, data, options, jobs=jobs, cache=cache, progress=progress)
    result.outside = found.outside
    return result


def lint_files(
    files: list[tuple[str, str]], data: RuleData, options: Options | Selection | None = None, *,
    jobs: int = 1, cache: Cache | None = None, progress: Callable[[int, int], None] | None = None,
) -> Result:
    """Lint the given (path, display path) pairs, sorted by display path, as one run."""
    if isinstance(options, Selection) or options is None:
        options = Options(selection=options or Selection())
    # Parse trees are freed by reference counting (model.dispose breaks the only cycles), and what is kept
    # (diagnostics, facts, cache entries) has no cycles: the cyclic GC would only rescan it again and again.
    gc_was_enabled = gc.isenabled()
    gc.disable()
    try:
        return _lint_files(files, data, options, jobs, cache, progress)
    finally:
        if gc_was_enabled:
            gc.enable()


def _lint_files(files: list[tuple[str, str]], data: RuleData, options: Options, jobs: int,
                cache: Cache | None, progress: Callable[[int, int], None] | None) -> Result:
    rules = options.selection.rules()
    result = Result(rules=[RuleInfo.of(r) for r in rules])
    if options.settings.exclude:
        files = [(p, shown) for p, shown in files if not options.settings.excluded(shown)]
    result.files = [shown for _, shown in files]
    result.lines = SourceLines({shown: path for path, shown in files})
    outcome: dict[str, FileOutcome] = {}  # linted in this run
    hits: dict[str, Entry] = {}  # answered by the cache
    digests: dict[str, bytes] = {}  # display path -> content hash, for the cache
    # (path, shown, its stat when hashed, if to be trusted); the path as a string: a Path object per file,
    # kept for the whole run, would cost more than the rest of what is kept for a file without findings
    todo: list[tuple[str, str, StatKey | None]] = []
    if cache is None:
        todo = [(path, shown, None) for path, shown in files]
    else:
        _check_cache(files, cache, hits, digests, todo)
    if progress:
        progress(len(hits), len(files))
    run_todo(todo, outcome, data, options, jobs, progress, len(hits), len(files))
    if cache is not None:
        for _, shown, stat_now in todo:
            digest = digests.get(shown)
            if digest is not None:
                diagnostics, facts = outcome[shown]
                cache.put(shown, Entry(digest, stat_now, diagnostics, caching.dump_facts(facts)))
    per_file: list[list[Diagnostic]] = []
    pending: list[CatalogFacts | Callable[[], CatalogFacts]] = []
    paths = dict(zip(result.files, (path for path, _ in files), strict=True))
    for shown in result.files:
        hit = hits.get(shown)
        if hit is not None:
            per_file.append(hit.diagnostics)
            assert cache is not None
            pending.append(partial(_cached_facts, cache, paths[shown], shown, data, options))
        else:
            per_file.append(outcome[shown][0])
            pending.append(outcome[shown][1])
    result.defer_facts(pending)
    across: list[Diagnostic] = []
    if any(r.project for r in rules) and len(result.files) > 1:
        key = None
        if cache is not None and len(digests) == len(result.files):  # every file has a known content
            key = caching.run_key((shown, digests[shown]) for shown in result.files)
        cached = cache.project(key) if cache is not None and key is not None else None
        if cached is not None:
            across = cached
        else:
            across = lint_project(result.facts, data, options)
            if cache is not None and key is not None:
                cache.put_project(key, across)
    result.diagnostics = _merge(result.files, per_file, across)
    if cache is not None:
        cache.save()
    return result


def _cached_facts(cache: Cache, path: str, shown: str, data: RuleData, options: Options) -> CatalogFacts:
    """The facts of a file the cache answered, as the cache keeps them; made again by linting the file if
    they cannot be read back as they were written."""
    entry = cache.entries.get(shown)
    blob = None if entry is None else cache.facts(entry)
    if blob is not None:
        try:
            return caching.decode_facts(blob)
        except (msgspec.DecodeError, msgspec.ValidationError, ValueError, TypeError, NotImplementedError):
            pass
    return lint_file(Path(path), shown, data, options)[1]


def _check_cache(files: list[tuple[str, str]], cache: Cache, hits: dict[str, Entry],
                 digests: dict[str, bytes], todo: list[tuple[str, str, StatKey | None]]) -> None:
    """Which files the cache answers (into ``hits``) and which must be linted (``todo``).

    A file whose ``stat`` is the one recorded with its hash is not read; any other is read and hashed, and
    answered if the hash is the stored one. The ``stat`` is taken before reading, so an edit during the run
    leaves a newer one than recorded; one of a file modified shortly before this run (``RACY_NS``) is not
    recorded, so it will be hashed again. A file that is not a regular file, or cannot be read, is linted
    and not cached."""
    max_size = current_limits().max_file_size
    racy_after = time.time_ns() - caching.RACY_NS
    for path, shown in files:
        try:
            st = os.stat(path)
        except OSError:
            todo.append((path, shown, None))
            continue
        entry = cache.trusted(shown, caching.stat_key(st)) if stat.S_ISREG(st.st_mode) else None
        if entry is None:
            found = _hash(path, max_size)
            if found is None:  # not a regular file (a FIFO named on the command line), or unreadable
                todo.append((path, shown, None))
                continue
            digest, st = found
            # a racy file is hashed again next time
            now = caching.stat_key(st) if st.st_mtime_ns < racy_after else None
            entry = cache.get(shown, digest)
            if entry is None:
                digests[shown] = digest
                todo.append((path, shown, now))  # read again when linted: the page cache makes it cheap
                continue
            if entry.stat != now:
                cache.put(shown, entry.with_stat(now))
        digests[shown] = entry.digest
        hits[shown] = entry


def _hash(path: str, max_size: int) -> tuple[bytes, os.stat_result] | None:
    """The file's content hash and its ``stat`` taken before reading it; ``None`` if it is not a regular
    file or cannot be read. Opened without blocking, as the loader does: it may have become a FIFO."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
        with open(fd, "rb") as handle:
            st = os.fstat(fd)
            if not stat.S_ISREG(st.st_mode):
                return None
            if st.st_size > max_size:
                return caching.size_hash(st.st_size), st  # the loader refuses it unread; so do we
            return caching.content_hash(handle.read()), st
    except OSError:
        return None


def _merge(files: list[str], per_file: list[list[Diagnostic]], across: list[Diagnostic]) -> list[Diagnostic]:
    """Every file's sorted diagnostics, in file order, with the cross-catalog ones sorted in: the order of
    ``sorted(all, key=Diagnostic.sort_key)``, sorting only the files that have cross-catalog findings."""
    if not across:
        return [d for diagnostics in per_file for d in diagnostics]
    extra: dict[str, list[Diagnostic]] = {}
    for d in across:
        extra.setdefault(d.path, []).append(d)
    if not extra.keys() <= set(files):  # not a file of this run: cannot happen, but never lose a finding
        return sorted([d for diagnostics in per_file for d in diagnostics] + across, key=Diagnostic.sort_key)
    out: list[Diagnostic] = []
    for shown, diagnostics in zip(files, per_file, strict=True):
        more = extra.get(shown)
        out.extend(diagnostics if more is None else outranked(diagnostics, more))
    return out
