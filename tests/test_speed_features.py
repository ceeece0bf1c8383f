"""Cache and process pool give exactly the results of a cold, single-process run (no timing here)."""

from __future__ import annotations

import shutil
from pathlib import Path

from genhe_lint import engine, ruledata
from genhe_lint.cache import Cache
from tests.conftest import CATALOGS, ROOT, run_cli


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
    assert len(serial.files) >= 2 * engine.MIN_FILES_PER_JOB  # enough files for two workers
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
    again = engine.lint_paths([str(corpus)], data, cache=Cache.open(tmp_path / "cache", data.fingerprint, "opts"))
    assert len([d for d in again.diagnostics if d.code == "GL101"]) == 1


def test_changed_rule_data_invalidates_the_cache(tmp_path: Path) -> None:
    corpus = _corpus(tmp_path, copies=1)
    rules = tmp_path / "rules"
    rules.mkdir()
    (rules / "higher_level.yaml").write_text("phrases:\n  - phrase: 按季度\n", encoding="utf-8")
    args = ["check", str(corpus), "--format", "json", "--rules-dir", str(rules), "--cache-dir", str(tmp_path / "c")]
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
