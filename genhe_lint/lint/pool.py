"""Run the rules over files: load -> model -> rules -> sorted, filtered diagnostics.

This is the only place that knows the order of the pipeline; it never prints.
"""

from __future__ import annotations

import gc
import os
from collections.abc import Callable
from pathlib import Path

from genhe_lint.lint import cache as caching
from genhe_lint.lint.cache import StatKey
from genhe_lint.lint.options import Options
from genhe_lint.lint.passes import FileOutcome, lint_file
from genhe_lint.ruledata.compiled import RuleData

_WORKER: tuple[RuleData, Options] | None = None


def _init_worker(extra_dirs: tuple[str, ...], options: Options) -> None:
    global _WORKER
    from genhe_lint import ruledata

    gc.disable()  # as in the parent (see lint_paths); a spawned worker does not inherit it

    _WORKER = (ruledata.load(extra_dirs), options)


def _lint_in_worker(job: tuple[str, str]) -> bytes:
    """A file's outcome, serialized by the cache's pickler, which the parent loads without running Python code
    per frozen dataclass (the pool's own pickling would)."""
    assert _WORKER is not None
    return caching.dump_outcome(lint_file(Path(job[0]), job[1], *_WORKER))


def default_jobs() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not Linux
        return max(1, os.cpu_count() or 1)


# Below this many files per process, starting processes costs more than it saves.
MIN_FILES_PER_JOB = 8


def run_todo(
    todo: list[tuple[str, str, StatKey | None]], outcome: dict[str, FileOutcome],
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
            # that shipping a chunk costs little next to linting it.
            chunk = max(1, min(16, len(todo) // (workers * 8)))
            jobs_list = [(p, shown) for p, shown, _ in todo]
            shipped = pool.map(_lint_in_worker, jobs_list, chunksize=chunk)
            for (_, shown, _), res in zip(todo, shipped, strict=True):
                outcome[shown] = caching.load_outcome(res)
                done += 1
                if progress:
                    progress(done, total)
    else:
        for path, shown, _ in todo:
            outcome[shown] = lint_file(Path(path), shown, data, options)
            done += 1
            if progress:
                progress(done, total)
