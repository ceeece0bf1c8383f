"""Cache and process pool give exactly the results of a cold, single-process run (no timing here)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any, ClassVar

import pytest

from genhe_lint import ruledata
from genhe_lint.diagnostic import Diagnostic, Span
from genhe_lint.lint import cache as caching
from genhe_lint.lint import discover, options, passes, pool
from genhe_lint.lint import runner as engine
from genhe_lint.lint.cache import Cache
from genhe_lint.rules.facts import CatalogFacts, StandardFact
from tests.conftest import CATALOGS, ROOT, clean_catalog, run_cli


def _corpus(tmp_path: Path, copies: int = 12) -> Path:
    folder = tmp_path / "corpus"
    folder.mkdir()
    for i in range(copies):
        for source in sorted(CATALOGS.glob("*.yaml")):
            text = source.read_text(encoding="utf-8").replace("name: 人事信息", f"name: 人事信息{i}")
            (folder / f"{i:03d}-{source.name}").write_text(text, encoding="utf-8")
    return folder


def test_jobs_give_identical_output(tmp_path: Path) -> None:
    corpus = _corpus(tmp_path)
    one = run_cli("check", str(corpus), "--format", "json", "--jobs", "1", "--no-cache")
    two = run_cli("check", str(corpus), "--format", "json", "--jobs", "2", "--no-cache")
    assert one.returncode == two.returncode == 1
    assert one.stdout == two.stdout
    assert one.stdout.count('"GL101"') == 12  # one per copy of the 民政局 catalog


def test_pool_is_really_used(tmp_path: Path, data: ruledata.RuleData) -> None:
    corpus = _corpus(tmp_path)
    serial = engine.lint_paths([str(corpus)], data, jobs=1)
    pooled = engine.lint_paths([str(corpus)], data, jobs=2)
    assert len(serial.files) >= 2 * pool.MIN_FILES_PER_JOB  # enough files for two workers
    assert serial.diagnostics == pooled.diagnostics and serial.lines == pooled.lines


def test_warm_cache_gives_cold_results_and_sees_changes(tmp_path: Path, data: ruledata.RuleData) -> None:
    corpus = _corpus(tmp_path, copies=2)
    cold = engine.lint_paths([str(corpus)], data)
    cache = Cache.open(tmp_path / "cache", data.fingerprint, "opts")
    filled = engine.lint_paths([str(corpus)], data, cache=cache)
    warm_cache = Cache.open(tmp_path / "cache", data.fingerprint, "opts")
    assert len(warm_cache.entries) == 4
    warm = engine.lint_paths([str(corpus)], data, cache=warm_cache)
    assert cold.diagnostics == filled.diagnostics == warm.diagnostics
    assert cold.lines == warm.lines
    # edit one file: only its result changes
    target = sorted(corpus.iterdir())[0]
    target.write_text(target.read_text(encoding="utf-8").replace("天河市", "根河市"), encoding="utf-8")
    again = engine.lint_paths([str(corpus)], data,
                              cache=Cache.open(tmp_path / "cache", data.fingerprint, "opts"))
    assert len([d for d in again.diagnostics if d.code == "GL101"]) == 1


def test_changed_rule_data_invalidates_the_cache(tmp_path: Path) -> None:
    corpus = _corpus(tmp_path, copies=1)
    rules = tmp_path / "rules"
    rules.mkdir()
    (rules / "higher_level.yaml").write_text("phrases:\n  - phrase: 按季度\n", encoding="utf-8")
    args = ["check", str(corpus), "--format", "json", "--rules-dir", str(rules), "--cache-dir",
            str(tmp_path / "c")]
    first = run_cli(*args)
    assert first.stdout.count("“按季度”") == 1
    (rules / "higher_level.yaml").write_text("phrases:\n  - phrase: 养老机构\n", encoding="utf-8")
    second = run_cli(*args)
    assert "“按季度”" not in second.stdout and "“养老机构”" in second.stdout
    third = run_cli(*args)  # warm
    assert third.stdout == second.stdout


def test_cache_folder_ignores_itself(tmp_path: Path) -> None:
    run_cli("check", str(CATALOGS / "genhe-minzhengju.yaml"), "--cache-dir", str(tmp_path / "c"))
    assert (tmp_path / "c" / ".gitignore").read_text(encoding="utf-8").strip().endswith("*")
    assert ".genhe-lint-cache/" in (ROOT / ".gitignore").read_text(encoding="utf-8")
    shutil.rmtree(tmp_path / "c")


# -- the cache: served without reading unchanged files, never stale (genhe_lint/lint/cache.py) ---------------

GENERATE = ROOT / "bench" / "generate.py"
HOUR_NS = 3600 * 10**9


def _generated(tmp_path: Path, files: int = 40) -> Path:
    """A benchmark corpus (its own rule data and config) with cross-catalog findings of every kind."""
    out = tmp_path / "generated"
    subprocess.run([sys.executable, str(GENERATE), "--out", str(out), "--files", str(files),
                    "--defect-rate", "0.3", "--quiet"], check=True, timeout=120)
    _age(out / "catalogs")
    return out


def _age(folder: Path, by_ns: int = HOUR_NS) -> None:
    """Modified an hour ago: older than the racy window, so the cache may trust these files' stat."""
    past = time.time_ns() - by_ns
    for p in folder.rglob("*.yaml"):
        os.utime(p, ns=(past, past))


def _open(tmp_path: Path, data: ruledata.RuleData) -> Cache:
    return Cache.open(tmp_path / "cache", data.fingerprint, repr(options.Options()))


class _Spy:
    """Counts calls of module functions the cache path must (not) make; ``forbid`` makes a call fail."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.calls = Counter[str]()
        self.monkeypatch = monkeypatch

    def count(self, module: Any, name: str, forbid: bool = False) -> None:
        real = getattr(module, name)

        def spy(*args: Any, **kwargs: Any) -> Any:
            self.calls[name] += 1
            assert not forbid, f"{name} called"
            return real(*args, **kwargs)

        self.monkeypatch.setattr(module, name, spy)


def _json(proc: subprocess.CompletedProcess[str]) -> str:
    assert proc.returncode in (0, 1), proc.stderr
    assert json.loads(proc.stdout)["summary"]["files"] > 0
    return proc.stdout


def test_warm_cache_prints_what_a_cold_run_prints(tmp_path: Path) -> None:
    generated = _generated(tmp_path)
    for name, cwd in (("bundled", ROOT), ("generated", generated)):
        cache = ("--cache-dir", str(tmp_path / f"cache-{name}"))
        for fmt in ("json", "text"):
            cold = run_cli("check", "catalogs", "--format", fmt, "--no-cache", cwd=cwd)
            filled = run_cli("check", "catalogs", "--format", fmt, *cache, cwd=cwd)
            warm = run_cli("check", "catalogs", "--format", fmt, *cache, cwd=cwd)
            assert cold.returncode == filled.returncode == warm.returncode == 1, (name, fmt, warm.stderr)
            assert cold.stdout == filled.stdout == warm.stdout, (name, fmt)
    codes = {d["code"] for d in json.loads(run_cli("check", "catalogs", "--format", "json", "--cache-dir",
                                                     str(tmp_path / "cache-generated"),
                                                     cwd=generated).stdout)["diagnostics"]}
    assert {"GL701", "GL702", "GL703"} <= codes  # the cross-catalog pass's findings come from the cache too


def test_jobs_one_and_two_give_identical_output_with_the_cache(tmp_path: Path) -> None:
    generated = _generated(tmp_path)
    args = ("check", "catalogs", "--format", "json")
    cold = _json(run_cli(*args, "--no-cache", "--jobs", "1", cwd=generated))
    outputs = []
    for jobs in ("1", "2"):
        cache = ("--cache-dir", str(tmp_path / f"cache-{jobs}"))
        # filled by this many jobs
        outputs.append(_json(run_cli(*args, *cache, "--jobs", jobs, cwd=generated)))
        outputs.append(_json(run_cli(*args, *cache, "--jobs", jobs, cwd=generated)))  # warm
    target = generated / "catalogs" / "catalog-00007.yaml"
    target.write_text(target.read_text(encoding="utf-8").replace("根河市", "天河市"), encoding="utf-8")
    changed = _json(run_cli(*args, "--no-cache", "--jobs", "1", cwd=generated))
    for jobs in ("1", "2"):  # one file changed: linted again, whatever the number of processes
        outputs.append(_json(run_cli(*args, "--cache-dir", str(tmp_path / f"cache-{jobs}"), "--jobs", jobs,
                                     cwd=generated)))
    assert outputs[:4] == [cold] * 4
    assert outputs[4:] == [changed] * 2 and changed != cold


def test_warm_run_reads_no_file_and_needs_no_facts(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    generated = _generated(tmp_path)
    data = ruledata.load((str(generated / "rules"),))
    folder = [str(generated / "catalogs")]
    cold = engine.lint_paths(folder, data)
    filled = engine.lint_paths(folder, data, cache=_open(tmp_path, data))
    spy = _Spy(monkeypatch)
    spy.count(caching, "content_hash", forbid=True)
    spy.count(pool, "lint_file", forbid=True)
    spy.count(engine, "lint_project", forbid=True)
    spy.count(caching, "decode_facts")
    spy.count(caching.Cache, "facts")
    warm = engine.lint_paths(folder, data, cache=_open(tmp_path, data))
    assert cold.diagnostics == filled.diagnostics == warm.diagnostics
    assert any(d.code.startswith("GL7") for d in warm.diagnostics)
    # the cross-catalog findings came from the cache: no facts read from the file, none decoded ...
    assert spy.calls["facts"] == spy.calls["decode_facts"] == 0
    assert warm.facts == cold.facts  # ... until asked for (the HTML report asks)
    assert spy.calls["facts"] == spy.calls["decode_facts"] == len(cold.files)
    assert warm.lines == cold.lines
    # equal is not enough (a Span equals a plain tuple): the cached objects are of the same types
    assert all(type(d.span) is Span and (d.fix is None or type(d.fix.span) is Span) for d in warm.diagnostics)
    assert any(d.fix is not None for d in warm.diagnostics)
    assert all(type(f) is CatalogFacts
               and all(type(s) is StandardFact and type(s.span) is Span for s in f.standard)
               for f in warm.facts)
    assert any(f.standard for f in warm.facts)


def test_touched_file_is_served_and_changed_file_is_linted(tmp_path: Path, data: ruledata.RuleData,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    corpus = _corpus(tmp_path, copies=2)
    _age(corpus)
    engine.lint_paths([str(corpus)], data, cache=_open(tmp_path, data))
    target = sorted(corpus.iterdir())[0]
    spy = _Spy(monkeypatch)
    spy.count(caching, "content_hash")
    spy.count(pool, "lint_file")
    # touched (a new modification time, an hour ago: not racy), content unchanged: read, hashed, served
    os.utime(target, ns=(time.time_ns() - HOUR_NS // 2, time.time_ns() - HOUR_NS // 2))
    touched = engine.lint_paths([str(corpus)], data, cache=_open(tmp_path, data))
    assert (spy.calls["content_hash"], spy.calls["lint_file"]) == (1, 0)
    assert touched.diagnostics == engine.lint_paths([str(corpus)], data).diagnostics
    spy.calls.clear()
    engine.lint_paths([str(corpus)], data, cache=_open(tmp_path, data))  # the new stat was recorded
    assert (spy.calls["content_hash"], spy.calls["lint_file"]) == (0, 0)
    # changed: linted again, and only it
    target.write_text(target.read_text(encoding="utf-8").replace("name: 人事信息", "name: 人事"),
                      encoding="utf-8")
    changed = engine.lint_paths([str(corpus)], data, cache=_open(tmp_path, data))
    assert spy.calls["lint_file"] == 1
    spy.calls.clear()
    assert changed.diagnostics == engine.lint_paths([str(corpus)], data).diagnostics
    assert changed.diagnostics != touched.diagnostics


def test_same_size_and_restored_mtime_is_still_linted_again(tmp_path: Path, data: ruledata.RuleData) -> None:
    corpus = _corpus(tmp_path, copies=1)
    _age(corpus)
    filled = engine.lint_paths([str(corpus)], data, cache=_open(tmp_path, data))
    target = corpus / "000-genhe-minzhengju.yaml"
    before = target.stat()
    text = target.read_text(encoding="utf-8")
    target.write_text(text.replace("根河市", "天河市"), encoding="utf-8")  # the same number of bytes
    os.utime(target, ns=(before.st_atime_ns, before.st_mtime_ns))
    after = target.stat()
    assert (after.st_size, after.st_mtime_ns) == (before.st_size, before.st_mtime_ns)
    warm = engine.lint_paths([str(corpus)], data, cache=_open(tmp_path, data))
    assert warm.diagnostics == engine.lint_paths([str(corpus)], data).diagnostics
    assert [d.code for d in warm.diagnostics].count("GL101") \
        > [d.code for d in filled.diagnostics].count("GL101")


def test_racy_entries_are_hashed_again(tmp_path: Path, data: ruledata.RuleData,
                                       monkeypatch: pytest.MonkeyPatch) -> None:
    """On a file system that keeps only size and modification time (no change time, no inode), a file edited
    in the same tick as it was hashed keeps its stat: the cache must not trust it (git's racy case)."""
    monkeypatch.setattr(caching, "stat_key", lambda st: (st.st_size, st.st_mtime_ns, 0, 0, 0))
    corpus = _corpus(tmp_path, copies=1)  # just written: modified within the racy window
    filled = engine.lint_paths([str(corpus)], data, cache=_open(tmp_path, data))
    assert all(e.stat is None for e in _open(tmp_path, data).entries.values())
    target = corpus / "000-genhe-minzhengju.yaml"
    before = target.stat()
    target.write_text(target.read_text(encoding="utf-8").replace("根河市", "天河市"), encoding="utf-8")
    # the same tick, as a coarse clock would have it
    os.utime(target, ns=(before.st_atime_ns, before.st_mtime_ns))
    warm = engine.lint_paths([str(corpus)], data, cache=_open(tmp_path, data))
    assert warm.diagnostics == engine.lint_paths([str(corpus)], data).diagnostics
    assert "天河市" in str(warm.diagnostics) and warm.diagnostics != filled.diagnostics
    # once the files are older than the window, their stat is recorded and trusted
    _age(corpus)
    engine.lint_paths([str(corpus)], data, cache=_open(tmp_path, data))
    assert all(e.stat is not None for e in _open(tmp_path, data).entries.values())
    spy = _Spy(monkeypatch)
    spy.count(caching, "content_hash", forbid=True)
    assert engine.lint_paths([str(corpus)], data, cache=_open(tmp_path, data)).diagnostics == warm.diagnostics


def test_cross_catalog_findings_follow_a_change_in_another_file(tmp_path: Path,
                                                               data: ruledata.RuleData) -> None:
    folder = tmp_path / "two"
    folder.mkdir()
    a, b = folder / "a.yaml", folder / "b.yaml"
    a.write_text(clean_catalog("根河市民政局"), encoding="utf-8")

    def state(department: str, age: int) -> list[Diagnostic]:
        b.write_text(clean_catalog(department), encoding="utf-8")
        _age(folder, HOUR_NS + age)  # each state its own (old) modification time
        warm = engine.lint_paths([str(folder)], data, cache=_open(tmp_path, data)).diagnostics
        assert warm == engine.lint_paths([str(folder)], data).diagnostics
        return warm

    def duplicates(diagnostics: list[Diagnostic]) -> set[str]:
        return {Path(d.path).name for d in diagnostics if d.code == "GL701"}

    assert duplicates(state("根河市教育局", 1)) == set()
    # a.yaml did not change; its findings did
    assert duplicates(state("根河市民政局", 2)) == {"a.yaml", "b.yaml"}
    assert duplicates(state("根河市教育局", 3)) == set()
    assert duplicates(state("民政局", 4)) == {"a.yaml", "b.yaml"}  # an alias is the same department


def test_edited_rule_data_invalidates_the_cross_catalog_results(tmp_path: Path) -> None:
    folder = tmp_path / "two"
    folder.mkdir()
    (folder / "a.yaml").write_text(clean_catalog("根河市林业站"), encoding="utf-8")
    (folder / "b.yaml").write_text(clean_catalog("根河市营林站"), encoding="utf-8")
    _age(folder)
    rules = tmp_path / "rules"
    rules.mkdir()
    args = ["check", str(folder), "--format", "json", "--rules-dir", str(rules)]
    cached = ("--cache-dir", str(tmp_path / "c"))
    (rules / "departments.yaml").write_text(
        "departments:\n  - name: 根河市林业站\n  - name: 根河市营林站\n", encoding="utf-8")
    first = run_cli(*args, *cached)
    assert first.stdout == run_cli(*args, *cached).stdout == run_cli(*args, "--no-cache").stdout
    assert '"GL701"' not in first.stdout
    (rules / "departments.yaml").write_text(  # now one department under two names
        "departments:\n  - name: 根河市林业站\n    aliases: [根河市营林站]\n", encoding="utf-8")
    second = run_cli(*args, *cached)
    assert second.stdout == run_cli(*args, "--no-cache").stdout
    assert second.stdout.count('"GL701"') == 2


def test_file_over_the_size_limit_is_cached_by_its_size(tmp_path: Path, data: ruledata.RuleData,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GENHE_LINT_MAX_FILE_SIZE", "1K")
    folder = tmp_path / "big"
    folder.mkdir()
    big = folder / "big.yaml"
    big.write_text("# " + "x" * 2000 + "\n", encoding="utf-8")
    first = engine.lint_paths([str(folder)], data, cache=_open(tmp_path, data))
    assert [d.code for d in first.diagnostics] == ["GL001"]
    spy = _Spy(monkeypatch)
    spy.count(caching, "content_hash", forbid=True)  # never read, even though just written (racy)
    spy.count(pool, "lint_file", forbid=True)
    assert engine.lint_paths([str(folder)], data,
                             cache=_open(tmp_path, data)).diagnostics == first.diagnostics
    monkeypatch.undo()
    monkeypatch.setenv("GENHE_LINT_MAX_FILE_SIZE", "1K")
    big.write_text("# " + "x" * 3000 + "\n", encoding="utf-8")
    grown = engine.lint_paths([str(folder)], data, cache=_open(tmp_path, data))
    assert grown.diagnostics == engine.lint_paths([str(folder)], data).diagnostics != first.diagnostics


def test_unreadable_cache_file_starts_afresh(tmp_path: Path, data: ruledata.RuleData) -> None:
    corpus = _corpus(tmp_path, copies=1)
    cold = engine.lint_paths([str(corpus)], data)
    cache = _open(tmp_path, data)
    engine.lint_paths([str(corpus)], data, cache=cache)
    (cache.folder / f"{cache.key}.msgpack").write_bytes(b"\x80\x05not msgpack")
    assert _open(tmp_path, data).entries == {}
    assert engine.lint_paths([str(corpus)], data, cache=_open(tmp_path, data)).diagnostics == cold.diagnostics
    assert len(_open(tmp_path, data).entries) == 2  # written again


class _Planted:
    """What a planted pickle would run on load: it records that it ran."""

    ran: ClassVar[list[str]] = []

    def __reduce__(self) -> tuple[object, ...]:
        return (_Planted.ran.append, ("ran",))


def test_a_planted_cache_file_is_data_and_never_runs(tmp_path: Path, data: ruledata.RuleData) -> None:
    """A cache file is decoded against its exact types: a pickle (which could run code), a MessagePack file
    of the wrong shape, or a well-formed file whose findings were forged with the wrong types are ignored and
    the files linted again."""
    import pickle

    import msgspec

    corpus = _corpus(tmp_path, copies=1)
    cold = engine.lint_paths([str(corpus)], data)
    cache = _open(tmp_path, data)
    target = cache.folder / f"{cache.key}.msgpack"
    target.parent.mkdir(parents=True)
    forged = {"format": caching.FORMAT, "entries": {}, "runs": []}
    for planted in (pickle.dumps({"entries": _Planted()}), msgspec.msgpack.encode({"entries": "everything"}),
                    msgspec.msgpack.encode([caching.FORMAT, {"a.yaml": [b"x", None, [{"code": 1}], b""]},
                                            []]),
                    msgspec.msgpack.encode(forged)):
        target.write_bytes(planted)
        assert _open(tmp_path, data).entries == {}
        again = engine.lint_paths([str(corpus)], data, cache=_open(tmp_path, data))
        assert again.diagnostics == cold.diagnostics
    assert _Planted.ran == []
    broken = caching.dump_facts(cold.facts[0])[:-3]
    with pytest.raises((msgspec.DecodeError, msgspec.ValidationError, ValueError)):
        caching.load_facts([broken])


def test_a_forged_cache_that_hides_findings_is_not_believed(tmp_path: Path, data: ruledata.RuleData) -> None:
    """A cache file that decodes and matches every file's content hash, but whose entries say "no finding",
    was not written by this user's runs: its signature is not theirs, so it is ignored."""
    import msgspec

    corpus = _corpus(tmp_path, copies=1)
    cold = engine.lint_paths([str(corpus)], data)
    assert any(d.severity.value == "error" for d in cold.diagnostics)
    cache = _open(tmp_path, data)
    engine.lint_paths([str(corpus)], data, cache=cache)
    target = cache.folder / f"{cache.key}.msgpack"
    signed = target.read_bytes()
    length = int.from_bytes(signed[32:40], "little")
    stored = msgspec.msgpack.decode(signed[40 : 40 + length], type=caching._Index)
    facts = signed[40 + length :]
    hidden = caching._Index(caching.FORMAT, {path: msgspec.structs.replace(entry, diagnostics=[], stat=None)
                                             for path, entry in stored.entries.items()}, [])
    payload = caching._ENCODER.encode(hidden)
    for signature in (b"\0" * 32, caching.signed_index(b"another user's key".ljust(32), payload)[:32]):
        target.write_bytes(signature + len(payload).to_bytes(8, "little") + payload + facts)
        again = engine.lint_paths([str(corpus)], data, cache=_open(tmp_path, data))
        assert again.diagnostics == cold.diagnostics
    assert cache.signing_key is not None  # with this user's key the same file would be believed
    target.write_bytes(caching.signed_index(cache.signing_key, payload) + facts)
    believed = engine.lint_paths([str(corpus)], data, cache=_open(tmp_path, data))
    assert [d for d in believed.diagnostics if d.code not in ("GL701", "GL702", "GL703")] == []


def test_facts_changed_in_the_cache_file_are_not_believed(tmp_path: Path, data: ruledata.RuleData,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    """A file's facts, stored after the signed index, are used only if they hash to what the index records:
    facts changed in place (a flipped byte, or another file's facts) are made again by linting that file, and
    the others are read as stored."""
    corpus = _corpus(tmp_path, copies=3)
    _age(corpus)
    cold = engine.lint_paths([str(corpus)], data)
    cache = _open(tmp_path, data)
    engine.lint_paths([str(corpus)], data, cache=cache)
    target = cache.folder / f"{cache.key}.msgpack"
    signed = bytearray(target.read_bytes())
    base = 40 + int.from_bytes(signed[32:40], "little")
    refs = [entry.facts for entry in cache.entries.values()]
    assert len(refs) == len(cold.files) == 6  # two catalogs, three copies, in the order of their names
    first, second, third = refs[0], refs[2], refs[4]
    assert isinstance(first, caching.FactsRef) and isinstance(second, caching.FactsRef)
    assert isinstance(third, caching.FactsRef) and third.length == second.length  # copies of one catalog
    signed[base + first.offset + first.length // 2] ^= 0x01  # a flipped byte in the first file's facts
    # another copy's facts (they name their file) in place of the second's
    signed[base + second.offset : base + second.offset + second.length] = \
        signed[base + third.offset : base + third.offset + third.length]
    target.write_bytes(bytes(signed))
    spy = _Spy(monkeypatch)
    spy.count(pool, "lint_file", forbid=True)  # the findings come from the index
    spy.count(engine, "lint_file")  # facts made again
    warm = engine.lint_paths([str(corpus)], data, cache=_open(tmp_path, data))
    assert warm.diagnostics == cold.diagnostics and spy.calls["lint_file"] == 0
    assert warm.facts == cold.facts
    assert spy.calls["lint_file"] == 2


def test_a_symlinked_cache_folder_is_not_written_through(tmp_path: Path, data: ruledata.RuleData) -> None:
    corpus = _corpus(tmp_path, copies=1)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (tmp_path / "cache").symlink_to(elsewhere, target_is_directory=True)
    cold = engine.lint_paths([str(corpus)], data)
    assert engine.lint_paths([str(corpus)], data, cache=_open(tmp_path, data)).diagnostics == cold.diagnostics
    assert list(elsewhere.iterdir()) == []


def test_discovery_finds_what_it_always_found(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The per-folder shortcuts of discover (one realpath and one relpath per folder) change nothing:
    compared with the per-file way it replaced, from inside, beside and below the tree."""
    tree = tmp_path / "tree"
    (tree / "sub" / "deeper").mkdir(parents=True)
    (tree / ".hidden").mkdir()
    (tmp_path / "elsewhere").mkdir()
    for p in (tree / "a.yaml", tree / "b.yml", tree / "sub" / "c.yaml", tree / "sub" / "deeper" / "d.yaml",
              tree / ".hidden" / "e.yaml", tree / ".f.yaml", tree / "notes.txt",
              tmp_path / "elsewhere" / "g.yaml"):
        p.write_text("department: 根河市民政局\n", encoding="utf-8")
    if hasattr(os, "symlink"):
        os.symlink(tree / "a.yaml", tree / "sub" / "link-to-a.yaml")  # the same file twice: listed once
        os.symlink(tmp_path / "elsewhere", tree / "linked-folder")  # not followed
        os.symlink(tmp_path / "elsewhere" / "g.yaml", tree / "sub" / "g-link.yaml")
        # listed: the loader says why it cannot be read
        os.symlink(tree / "missing.yaml", tree / "broken.yaml")

    def reference(paths: list[str]) -> list[tuple[str, str]]:
        found: dict[str, tuple[str, str]] = {}
        for raw in paths:
            for root, dirs, files in os.walk(raw, followlinks=False):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                for name in sorted(files):
                    if name.endswith((".yaml", ".yml")) and not name.startswith("."):
                        p = Path(root) / name
                        if not discover._is_special(p):
                            found.setdefault(discover._identity(p), (str(p), discover.display_path(p)))
        return sorted(found.values(), key=lambda pair: pair[1])

    for cwd, paths in ((tree, ["."]), (tree, ["sub", "."]), (tmp_path, ["tree"]), (tmp_path, ["./tree/"]),
                       (tree / "sub", [".."]), (tree / "sub" / "deeper", ["../.."]), (tmp_path, [str(tree)])):
        monkeypatch.chdir(cwd)
        found = discover.discover(paths, follow_symlinks=True)
        assert found.files == reference(paths) and found.outside == [], (cwd, paths)
        assert len(found.files) >= 5
        fenced = discover.discover(paths)  # the link to elsewhere/g.yaml leads out of the tree
        assert fenced.files == [pair for pair in found.files if not pair[1].endswith("g-link.yaml")]
        assert [Path(shown).name for shown in fenced.outside] == ["g-link.yaml"], fenced.outside


def test_report_and_fix_with_the_cache(tmp_path: Path) -> None:
    """The report reads the facts the cache keeps encoded; --fix lints again what it wrote."""
    _corpus(tmp_path, copies=2)
    _age(tmp_path / "corpus")
    for name, extra in (("cold", ("--no-cache",)), ("filled", ()), ("warm", ())):
        proc = run_cli("report", "corpus", "-o", str(tmp_path / f"{name}.html"), *extra, cwd=tmp_path)
        assert proc.returncode == 0, proc.stderr
    assert (tmp_path / ".genhe-lint-cache").is_dir()
    cold = (tmp_path / "cold.html").read_bytes()
    assert cold == (tmp_path / "filled.html").read_bytes() == (tmp_path / "warm.html").read_bytes()
    check = ("check", "corpus", "--format", "json")
    before = _json(run_cli(*check, cwd=tmp_path))
    fixed = run_cli(*check, "--fix", cwd=tmp_path)
    assert "已修正" in fixed.stderr
    after = _json(run_cli(*check, "--no-cache", cwd=tmp_path))
    assert fixed.stdout == after != before
    assert _json(run_cli(*check, cwd=tmp_path)) == after


def test_standard_facts_are_packed_and_read_back_as_they_were(data: ruledata.RuleData) -> None:
    """The packed standard facts read as the facts they were built from: indexing, iteration, one field,
    equality, and through the cache's encoding; and they take far less memory than the named tuples."""
    import tracemalloc

    from genhe_lint.rules.facts import StandardFacts

    result = engine.lint_paths([str(ROOT / "catalogs")], data)
    packed = [f.standard for f in result.facts]
    assert all(type(p) is StandardFacts for p in packed) and sum(len(p) for p in packed) > 20
    for standard in packed:
        plain = [StandardFact(*s) for s in standard]
        assert StandardFacts(plain) == standard and list(standard) == plain
        for i, fact in enumerate(plain):
            assert standard[i] == fact and type(standard[i].span) is Span
            for name in ("item", "label", "deadline", "channels"):
                assert standard.value(i, name) == getattr(fact, name)
        with pytest.raises(IndexError):
            standard[len(plain)]
        assert caching.load_facts([caching.dump_facts(result.facts[0])]) == [result.facts[0]]
    assert StandardFacts() == StandardFacts([]) and not StandardFacts() and StandardFacts() != ()
    many = [StandardFact("财政信息 > 部门预决算", "部门预决算", Span(1000 + i, 11, 1000 + i, 16), "每年",
                         ("政府网站",))
            for i in range(30)]
    tracemalloc.start()
    before = tracemalloc.get_traced_memory()[0]
    as_tuples = [tuple(StandardFact(f.item, f.label, Span(*[n + 0 for n in f.span]), f.deadline, f.channels)
                       for f in many) for _ in range(50)]
    middle = tracemalloc.get_traced_memory()[0]
    as_packed = [StandardFacts(many) for _ in range(50)]
    after = tracemalloc.get_traced_memory()[0]
    tracemalloc.stop()
    assert len(as_tuples) == len(as_packed)
    assert (after - middle) * 3 < middle - before


def test_nearest_department_is_looked_for_once_per_name(monkeypatch: pytest.MonkeyPatch) -> None:
    """GL104's hint: the same as asking rapidfuzz each time, asked once per unregistered name."""
    from rapidfuzz import process

    from genhe_lint.rules import names

    data = ruledata.load()
    data.nearest_departments.clear()
    calls: list[str] = []
    real = process.extractOne

    def counting(query: str, *args: Any, **kwargs: Any) -> Any:
        calls.append(query)
        return real(query, *args, **kwargs)

    monkeypatch.setattr(process, "extractOne", counting)
    text = (ROOT / "catalogs" / "genhe-minzhengju.yaml").read_text(encoding="utf-8")
    wrong = text.replace("department: 根河市民政局", "department: 根河市民正局", 1)
    assert wrong != text
    first = [d for d in passes.lint_text(wrong, data, "a.yaml") if d.code == "GL104"]
    again = [d for d in passes.lint_text(wrong, data, "b.yaml") if d.code == "GL104"]
    assert len(first) == len(again) == 1 and first[0].data["suggestion"] == "根河市民政局"
    assert first[0].fix is not None and first[0].fix.replacement == again[0].fix.replacement  # type: ignore[union-attr]
    assert calls.count("根河市民正局") == 1
    assert names.nearest_department(data, "根河市民正局") == real("根河市民正局", list(data.departments),
                                                                 score_cutoff=60)


def test_a_long_line_with_a_doubled_word_is_found_in_every_catalog(tmp_path: Path) -> None:
    """A doubled word in a long line is found in each catalog that has it: a line met before is not
    passed over."""
    long_line = "机构领导领导分工" + "，各项工作按计划推进" * 150
    for name in ("a.yaml", "b.yaml"):
        (tmp_path / name).write_text(
            "version: 1\ndepartment: 根河市民政局\nsections:\n"
            f"  - name: 机构职能\n    content: {long_line}\n", encoding="utf-8")
    out = run_cli("check", str(tmp_path), "--select", "GL109", "--format", "json", "--no-cache",
                  "--jobs", "1")
    found = [d for d in json.loads(out.stdout)["diagnostics"] if d["code"] == "GL109"]
    assert sorted(Path(d["path"]).name for d in found) == ["a.yaml", "b.yaml"]


def test_per_run_memories_keep_no_huge_value() -> None:
    """The per-run memories keyed by a value as written (standard-item names, units, publishers, channel
    entries) keep short values only: a hostile file's huge value is judged, and found, but not kept for the
    whole run."""
    from genhe_lint.catalog import template
    from genhe_lint.ruledata.compiled import MEMO_MAX_CHARS
    from genhe_lint.rules import attributes

    data = ruledata.load(())
    huge = "财" * (MEMO_MAX_CHARS + 1)
    text = ("version: 1\ndepartment: 根河市民政局\nsections:\n"
            f"  - name: {huge}\n    content: 内容\n    unit: {huge}\n    publisher: {huge}\n"
            f"    channels: [{huge}, 政府网站]\n    audience: [全社会]\n"
            "    deadline: 信息形成之日起20个工作日内\n")
    found = {d.code for d in passes.lint_text(text, data, "huge.yaml")}
    assert {"GL202", "GL404", "GL405"} <= found  # judged as any other value
    assert template._scores is not None and huge not in template._scores.by_name
    tables = [*attributes._VERDICTS.units.values(), *attributes._VERDICTS.publishers.values()]
    assert tables and all(huge not in table for table in tables)
    assert huge not in data.channels._resolved and huge not in data.channels._nearest
    short = "财政预算"
    passes.lint_text(text.replace(huge, short), data, "short.yaml")
    assert short in template._scores.by_name  # a short value is remembered


def test_a_run_leaves_no_reference_cycles(tmp_path: Path, data: ruledata.RuleData) -> None:
    """The cyclic collector is off while files are linted, so an object that refers to itself (a recursive
    closure, a node tree with parent links) would stay for the whole run, once per file. After a first run
    has filled the per-run memories, a second run over other files leaves nothing for the collector."""
    import gc

    corpus = _corpus(tmp_path, copies=2)
    for bad in sorted((ROOT / "tests" / "bad_inputs").glob("*.yaml"))[:40]:
        shutil.copy(bad, corpus / f"bad-{bad.name}")
    more = tmp_path / "more"
    shutil.copytree(corpus, more)
    for path in more.glob("*.yaml"):
        path.write_bytes(path.read_bytes().replace("信息".encode(), "消息".encode()))
    was_enabled = gc.isenabled()
    gc.collect()
    try:
        engine.lint_paths([str(corpus)], data, jobs=1)
        gc.collect()
        result = engine.lint_paths([str(more)], data, jobs=1)
        left = gc.collect()
    finally:
        if was_enabled:
            gc.enable()
    assert len(result.files) > 40 and result.diagnostics
    assert left == 0


def test_standard_rows_are_shared_but_never_huge() -> None:
    """Equal rows of standard facts are one object across catalogs; a row with a hostile file's huge name
    is kept by its catalog's facts only, not by the table that shares rows."""
    from genhe_lint.ruledata.compiled import MEMO_MAX_CHARS
    from genhe_lint.rules import facts

    row = ("财政信息 > 部门预决算", "部门预决算", "每年", ("政府网站",))
    assert facts._shared_row(tuple(list(row))) is facts._shared_row(tuple(list(row)))
    huge = ("财政信息 > 部门预决算", "预" * (MEMO_MAX_CHARS + 1), "每年", ("政府网站",))
    assert facts._shared_row(huge) is huge and huge not in facts._ROWS
    long_deadline = (*row[:2], "年" * (MEMO_MAX_CHARS + 1), row[3])
    assert facts._shared_row(long_deadline) is long_deadline and long_deadline not in facts._ROWS
    long_channel = (*row[:3], ("政府网站", "渠" * (MEMO_MAX_CHARS + 1)))
    assert facts._shared_row(long_channel) is long_channel and long_channel not in facts._ROWS
    channels = ("政府网站", "渠" * (MEMO_MAX_CHARS + 1))
    assert facts._shared_tuple(channels) == channels and channels not in facts._TUPLES
    assert facts._shared_tuple(("政府网站",)) is facts._shared_tuple(tuple(["政府网站"]))
