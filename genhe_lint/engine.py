"""Run the rules over files: load -> model -> rules -> sorted, filtered diagnostics.

This is the only place that knows the order of the pipeline; it never prints.
"""

from __future__ import annotations

import functools
import gc
import os
import stat
import time
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from genhe_lint import cache as caching
from genhe_lint import model, suppression
from genhe_lint.cache import Cache, Entry, StatKey
from genhe_lint.diagnostic import Diagnostic, Msg, Severity
from genhe_lint.facts import CatalogFacts
from genhe_lint.facts import extract as extract_facts
from genhe_lint.loader import Document, current_limits, display_text, load_path, parse
from genhe_lint.ruledata import RuleData
from genhe_lint.rules import ALL_RULES, BaseRule, Context
from genhe_lint.settings import Settings

CATALOG_SUFFIXES = (".yaml", ".yml")


class UsageError(Exception):
    """A problem with how the tool was called (exit code 2)."""


@dataclass(frozen=True, slots=True)
class Selection:
    """Which rules run: codes or prefixes (GL1, GL10, GL101) or names."""

    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()

    def enabled(self, rule: type[BaseRule]) -> bool:
        def matches(patterns: tuple[str, ...]) -> bool:
            return any(rule.code.startswith(p.upper()) or rule.name == p.lower() for p in patterns)

        if self.select and not matches(self.select):
            return False
        return not matches(self.ignore)

    def rules(self) -> list[type[BaseRule]]:
        return list(_selected(self))


@functools.lru_cache(maxsize=64)
def _selected(selection: Selection) -> tuple[type[BaseRule], ...]:
    return tuple(r for r in ALL_RULES if selection.enabled(r))


@dataclass(frozen=True, slots=True)
class RuleInfo:
    """What formatters may know of a rule (SARIF's rule table, help links): plain data, no behaviour."""

    code: str
    name: str
    severity: Severity
    summary: Msg
    doc: str
    fixable: bool

    @classmethod
    def of(cls, rule: type[BaseRule]) -> RuleInfo:
        return cls(rule.code, rule.name, rule.severity, rule.summary, rule.doc(), rule.fixable)


class SourceLines(dict[str, list[str]]):
    """Display path -> the file's text lines, loaded on first access."""

    def __init__(self, paths: Mapping[str, str | Path]) -> None:
        super().__init__()
        self._paths = paths

    def __missing__(self, key: str) -> list[str]:
        path = self._paths.get(key)
        if path is None:
            raise KeyError(key)
        try:
            text = display_text(Path(path), key)  # read, not parsed again
        except Exception:
            text = ""
        lines = text.split("\n")
        self[key] = lines
        return lines

    def get(self, key: str, default: list[str] | None = None) -> list[str]:  # type: ignore[override]
        """The lines, or ``default`` (an empty list when not given) for a path that was not linted."""
        try:
            return self[key]
        except KeyError:
            return default if default is not None else []

    def __contains__(self, key: object) -> bool:
        return dict.__contains__(self, key) or key in self._paths


@dataclass(slots=True)
class Result:
    # The rules that ran, in registry order.
    rules: list[RuleInfo] = field(default_factory=list)
    files: list[str] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    # The text lines of linted files, read from disk when a formatter first asks (so memory does not grow
    # with the number of files); --fix puts the lines it wrote here.
    lines: SourceLines = field(default_factory=lambda: SourceLines({}))
    # Behind ``facts``: the facts, or, until first asked for, as found (some still pickled, from the cache).
    _facts: list[CatalogFacts] = field(default_factory=list, repr=False)
    _pending: list[CatalogFacts | bytes] | None = field(default=None, repr=False)

    @property
    def facts(self) -> list[CatalogFacts]:
        """What each file contributed to the cross-catalog pass (in file order); reports use it too.

        Facts from the cache are unpickled on first access: a run whose cross-catalog findings come from the
        cache never needs them."""
        if self._pending is not None:
            self._facts = caching.load_facts(self._pending)
            self._pending = None
        return self._facts

    @facts.setter
    def facts(self, value: list[CatalogFacts]) -> None:
        self._facts = value
        self._pending = None

    def count(self, severity: Severity) -> int:
        return sum(1 for d in self.diagnostics if d.severity is severity)

    @property
    def has_errors(self) -> bool:
        return any(d.severity is Severity.ERROR for d in self.diagnostics)


@dataclass(frozen=True, slots=True)
class Options:
    """How to lint: which rules, severity overrides, per-file ignores (from settings and flags)."""

    selection: Selection = Selection()
    settings: Settings = field(default_factory=Settings)

    @classmethod
    def from_settings(cls, settings: Settings) -> Options:
        return cls(Selection(tuple(settings.select), tuple(settings.ignore)), settings)

    def rules_for(self, path: str) -> list[type[BaseRule]]:
        rules = self.selection.rules()
        ignored = self.settings.ignored_for(path)
        if not ignored:
            return rules
        extra = Selection(ignore=tuple(ignored))
        return [r for r in rules if extra.enabled(r)]

    def severity_of(self, d: Diagnostic) -> Diagnostic:
        best: tuple[int, Severity] | None = None
        for pattern, severity in self.settings.severity.items():
            p = pattern.upper()
            if d.code.startswith(p) or d.name == pattern.lower():
                rank = len(p) if d.code.startswith(p) else 99  # the most specific pattern wins
                if best is None or rank > best[0]:
                    best = (rank, severity)
        return d if best is None or best[1] is d.severity else replace(d, severity=best[1])


def lint_document(document: Document, data: RuleData, rules: Sequence[type[BaseRule]],
                  options: Options | None = None) -> list[Diagnostic]:
    return lint_document_with_facts(document, data, rules, options)[0]


def lint_document_with_facts(
    document: Document, data: RuleData, rules: Sequence[type[BaseRule]], options: Options | None = None,
) -> tuple[list[Diagnostic], CatalogFacts]:
    """The per-file pass: the diagnostics, and the facts that cross-catalog rules need."""
    ctx = Context(document=document, data=data, ran_codes=frozenset(r.code for r in rules))
    if document.root is not None and not any(p.kind == "alias" for p in document.problems):
        ctx.catalog = model.build(document.path, document.source, document.root)
        if ctx.catalog is not None and ctx.catalog.department is not None:
            found = data.department(ctx.catalog.department.value)
            ctx.department = found[0] if found else None
    out: list[Diagnostic] = []
    post: list[type[BaseRule]] = []
    for rule_cls in rules:
        if rule_cls.project:
            continue
        if rule_cls.post_pass:
            post.append(rule_cls)
        elif not (rule_cls.needs_catalog and ctx.catalog is None):
            out.extend(rule_cls().check(ctx))  # type: ignore[attr-defined]
    ctx.directives = suppression.parse(document)
    out = suppression.apply(out, ctx.directives)
    for rule_cls in post:
        out.extend(rule_cls().check(ctx))  # type: ignore[attr-defined]
    if options is not None and options.settings.severity:
        out = [options.severity_of(d) for d in out]
    facts = extract_facts(ctx)
    if ctx.catalog is not None:
        ctx.catalog.dispose()
    return sorted(set(out), key=Diagnostic.sort_key), facts


def lint_project(facts: Sequence[CatalogFacts], data: RuleData, options: Options) -> list[Diagnostic]:
    """The cross-catalog pass over the facts of every file; per-file settings and suppressions apply."""
    from genhe_lint.suppression import Directive

    out: list[Diagnostic] = []
    by_path = {f.path: f for f in facts}
    for rule_cls in options.selection.rules():
        if not rule_cls.project:
            continue
        for d in rule_cls().check_project(facts, data):  # type: ignore[attr-defined]
            if rule_cls not in options.rules_for(d.path):
                continue
            owner = by_path.get(d.path)
            if owner is not None and any(
                Directive("disable", list(p), 0, 0, first, last).matches(d) for p, first, last in owner.suppressions
            ):
                continue
            out.append(options.severity_of(d))
    return sorted(set(out), key=Diagnostic.sort_key)


def lint_text(text: str, data: RuleData, path: str = "<text>", selection: Selection | None = None) -> list[Diagnostic]:
    """Lint a catalog given as text (tests, editors' stdin)."""
    return lint_document(parse(path, text), data, (selection or Selection()).rules())


def discover(paths: Iterable[str]) -> list[tuple[Path, str]]:
    """Catalog files under ``paths`` as (path, display path), sorted, each once.

    A file named on the command line is linted whatever its suffix; directories are searched for
    ``*.yaml``/``*.yml``, skipping hidden folders. A path that does not exist is a usage error.
    Whatever cannot be read is still listed, so that the loader reports it: a folder that cannot be
    listed, a symlink loop. FIFOs, sockets and devices found in folders are skipped: reading one
    could block forever.
    """
    return [(Path(p), shown) for p, shown in _find(paths)]


def _find(paths: Iterable[str]) -> list[tuple[str, str]]:
    """``discover`` with the paths as strings (a ``Path`` per file is a tenth of a warm run's own time)."""
    found: dict[str, tuple[str, str]] = {}  # real path -> (path, display path)
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            unreadable: list[OSError] = []
            for root, entries in _walk(str(path), unreadable.append):
                _add_folder(found, root, entries)
            for error in unreadable:
                if error.filename is not None:
                    p = Path(os.fsdecode(error.filename))
                    found.setdefault(_identity(p), (str(p), _display(p)))
        elif path.exists() or path.is_symlink():
            found.setdefault(_identity(path), (str(path), _display(path)))
        else:
            raise UsageError(f"路径不存在 / path does not exist: {raw}")
    return sorted(found.values(), key=lambda pair: pair[1])


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


def _add_folder(found: dict[str, tuple[str, str]], root: str, entries: list[os.DirEntry[str]]) -> None:
    """The catalogs among one folder's entries. The folder's real and displayed paths are worked out once:
    a file in it that is neither a symlink nor special has them plus its name (as ``_identity`` and
    ``_display`` would give, one ``realpath`` and one ``relpath`` per file)."""
    names = sorted(e.name for e in entries if e.name.endswith(CATALOG_SUFFIXES) and not e.name.startswith("."))
    if not names:
        return
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
        elif not _is_special(Path(path)):
            found.setdefault(_identity(Path(path)), (path, _display(Path(path))))


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


def _display(path: Path) -> str:
    try:
        shown = os.path.relpath(path)
    except ValueError:  # another drive on Windows
        shown = str(path)
    return shown if not shown.startswith("..") else str(path)


# -- running over many files -----------------------------------------------------------------------

_WORKER: tuple[RuleData, Options] | None = None


def _init_worker(extra_dirs: tuple[str, ...], options: Options) -> None:
    global _WORKER
    from genhe_lint import ruledata

    gc.disable()  # as in the parent (see lint_paths); a spawned worker does not inherit it

    _WORKER = (ruledata.load(extra_dirs), options)


FileOutcome = tuple[list[Diagnostic], CatalogFacts]  # what a file's pass ships back: results, not trees


def _lint_file(path: Path, shown: str, data: RuleData, options: Options) -> FileOutcome:
    document = load_path(path, shown)
    return lint_document_with_facts(document, data, options.rules_for(shown), options)


def _lint_in_worker(job: tuple[str, str]) -> bytes:
    """A file's outcome, pickled by the cache's pickler: the parent, which unpickles every file's while the
    workers use the cores, rebuilds it at C speed (the pool's own pickling restores each frozen dataclass
    through Python code)."""
    assert _WORKER is not None
    return caching.dump_outcome(_lint_file(Path(job[0]), job[1], *_WORKER))


def default_jobs() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not Linux
        return max(1, os.cpu_count() or 1)


# Below this many files per process, starting processes costs more than it saves.
MIN_FILES_PER_JOB = 8


def _run_todo(
    todo: list[tuple[Path, str, StatKey | None]], outcome: dict[str, FileOutcome],
    data: RuleData, options: Options, jobs: int,
    progress: Callable[[int, int], None] | None, done: int, total: int,
) -> None:
    workers = min(jobs, len(todo) // MIN_FILES_PER_JOB) if jobs > 1 else 1
    if workers > 1:
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        method = "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"
        if method == "fork":  # imported once here, not once per worker: hints and fuzzy matches use it
            import rapidfuzz.process  # noqa: F401
        with ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context(method),
                                 initializer=_init_worker, initargs=(data.extra_dirs, options)) as pool:
            # Small enough that the workers finish together (the last chunk is the imbalance), large enough
            # that shipping them costs nothing: 16 files are about 30 ms of work.
            chunk = max(1, min(16, len(todo) // (workers * 8)))
            jobs_list = [(str(p), shown) for p, shown, _ in todo]
            for (_, shown, _), res in zip(todo, pool.map(_lint_in_worker, jobs_list, chunksize=chunk), strict=True):
                outcome[shown] = caching.load_outcome(res)
                done += 1
                if progress:
                    progress(done, total)
    else:
        for path, shown, _ in todo:
            outcome[shown] = _lint_file(path, shown, data, options)
            done += 1
            if progress:
                progress(done, total)


def lint_paths(
    paths: Iterable[str], data: RuleData, options: Options | Selection | None = None, *,
    jobs: int = 1, cache: Cache | None = None, progress: Callable[[int, int], None] | None = None,
) -> Result:
    """Lint every catalog under ``paths``. Output order is the sorted file order, whatever ``jobs`` is."""
    if isinstance(options, Selection) or options is None:
        options = Options(selection=options or Selection())
    # Parse trees are freed by reference counting (model.dispose breaks the only cycles), and what is kept
    # (diagnostics, facts, cache entries) has no cycles: the cyclic GC would only rescan it again and again,
    # a third of a cold run's time and a quarter of a warm one's.
    gc_was_enabled = gc.isenabled()
    gc.disable()
    try:
        return _lint_paths(paths, data, options, jobs, cache, progress)
    finally:
        if gc_was_enabled:
            gc.enable()


def _lint_paths(paths: Iterable[str], data: RuleData, options: Options, jobs: int, cache: Cache | None,
                progress: Callable[[int, int], None] | None) -> Result:
    rules = options.selection.rules()
    result = Result(rules=[RuleInfo.of(r) for r in rules])
    files = _find(paths)
    if options.settings.exclude:
        files = [(p, shown) for p, shown in files if not options.settings.excluded(shown)]
    result.files = [shown for _, shown in files]
    result.lines = SourceLines({shown: path for path, shown in files})
    outcome: dict[str, FileOutcome] = {}  # linted in this run
    hits: dict[str, Entry] = {}  # answered by the cache
    digests: dict[str, bytes] = {}  # display path -> content hash, for the cache
    todo: list[tuple[Path, str, StatKey | None]] = []  # (path, shown, its stat when hashed, if to be trusted)
    if cache is None:
        todo = [(Path(path), shown, None) for path, shown in files]
    else:
        _check_cache(files, cache, hits, digests, todo)
    if progress:
        progress(len(hits), len(files))
    _run_todo(todo, outcome, data, options, jobs, progress, len(hits), len(files))
    if cache is not None:
        for _, shown, stat_now in todo:
            digest = digests.get(shown)
            if digest is not None:
                diagnostics, facts = outcome[shown]
                cache.put(shown, Entry(digest, stat_now, diagnostics, caching.dump_facts(facts)))
    per_file: list[list[Diagnostic]] = []
    pending: list[CatalogFacts | bytes] = []
    for shown in result.files:
        hit = hits.get(shown)
        if hit is not None:
            per_file.append(hit.diagnostics)
            pending.append(hit.facts)
        else:
            per_file.append(outcome[shown][0])
            pending.append(outcome[shown][1])
    result._pending = pending
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


def _check_cache(files: list[tuple[str, str]], cache: Cache, hits: dict[str, Entry],
                 digests: dict[str, bytes], todo: list[tuple[Path, str, StatKey | None]]) -> None:
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
            todo.append((Path(path), shown, None))
            continue
        entry = cache.trusted(shown, caching.stat_key(st)) if stat.S_ISREG(st.st_mode) else None
        if entry is None:
            found = _hash(path, max_size)
            if found is None:  # not a regular file (a FIFO named on the command line), or unreadable
                todo.append((Path(path), shown, None))
                continue
            digest, st = found
            now = caching.stat_key(st) if st.st_mtime_ns < racy_after else None  # racy: hash it again next time
            entry = cache.get(shown, digest)
            if entry is None:
                digests[shown] = digest
                todo.append((Path(path), shown, now))  # read again when linted: the page cache makes it cheap
                continue
            if entry.stat != now:
                cache.put(shown, entry._replace(stat=now))
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
        out.extend(diagnostics if more is None else sorted(diagnostics + more, key=Diagnostic.sort_key))
    return out
