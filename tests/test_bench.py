"""The benchmark's corpus generator (bench/generate.py): deterministic, valid YAML, defects of many rules.

Nothing here is timed; the benchmark itself is bench/run.py.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import yaml

from tests.conftest import ROOT, run_cli

GENERATE = ROOT / "bench" / "generate.py"


def generate(out: Path, *args: str) -> dict[Path, bytes]:
    """Every file the generator writes (catalogs, rule data, config, manifest), by relative path."""
    subprocess.run([sys.executable, str(GENERATE), "--out", str(out), "--quiet", *args], check=True,
                   timeout=60)
    return {p.relative_to(out): p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()}


def check(corpus: Path) -> list[dict[str, object]]:
    proc = run_cli("check", str(corpus / "catalogs"), "--format", "json", "--no-cache", "--isolated",
                   "--rules-dir", str(corpus / "rules"))
    assert proc.returncode in (0, 1), proc.stderr
    diagnostics: list[dict[str, object]] = json.loads(proc.stdout)["diagnostics"]
    return diagnostics


def test_corpus_is_deterministic_valid_and_defective(tmp_path: Path) -> None:
    args = ("--files", "5", "--seed", "11", "--defect-rate", "0.3")
    first = generate(tmp_path / "a", *args)
    second = generate(tmp_path / "b", *args)
    catalogs = {p: data for p, data in first.items() if p.parts[0] == "catalogs"}
    assert len(catalogs) == 5
    assert first == second  # byte-identical, manifest and rule data included

    diagnostics = check(tmp_path / "a")
    broken = {Path(str(d["path"])).name for d in diagnostics if d["code"] == "GL001"}
    for name, data in catalogs.items():
        if name.name in broken:  # an injected syntax error: PyYAML must agree that it is one
            try:
                yaml.safe_load(data)
            except yaml.YAMLError:
                continue
            raise AssertionError(f"{name} is reported as GL001 but parses")
        assert isinstance(yaml.safe_load(data), dict), name
    assert len(broken) < 5
    codes = {str(d["code"]) for d in diagnostics}
    assert len(codes) >= 12, sorted(codes)


def test_defect_rate_zero_gives_a_clean_corpus(tmp_path: Path) -> None:
    """40 files: enough that every content template meets an area whose name ends in the template's next
    words (a doubled word, GL109, slipped through with 3)."""
    generate(tmp_path, "--files", "40", "--seed", "5", "--defect-rate", "0")
    assert check(tmp_path) == []


def test_content_lines_never_double_a_word() -> None:
    sys.path.insert(0, str(ROOT / "bench"))
    try:
        import generate as gen
    finally:
        sys.path.remove(str(ROOT / "bench"))
    assert gen.fill("{a}工作的办事指南", "政府重点工作") == "政府重点工作的办事指南"
    assert gen.fill("{a}专项资金的分配", "专项资金") == "专项资金的分配"
    assert gen.fill("制定{a}标准，开展{a}工作", "安全生产工作") == "制定安全生产工作标准，开展安全生产工作"
    assert gen.fill("{a}相关的通知", "食品安全") == "食品安全相关的通知"


def test_a_seed_changes_the_corpus(tmp_path: Path) -> None:
    one = generate(tmp_path / "a", "--files", "2", "--seed", "1")
    two = generate(tmp_path / "b", "--files", "2", "--seed", "2")
    assert one != two


def test_every_file_of_a_large_corpus_has_a_department_of_its_own() -> None:
    """The made-up departments never repeat a built-in one (a town's office is both): no two files of an
    8,000-file corpus declare the same department unless a defect puts it there (GL701 on purpose)."""
    sys.path.insert(0, str(GENERATE.parent))
    try:
        import generate as generator
    finally:
        sys.path.remove(str(GENERATE.parent))
    material = generator.load_material()
    names = [generator.department_of(material, 1, i).name for i in range(1, 8001)]
    assert len(set(names)) == len(names)
    builtin = {d.name for d in material.departments}
    assert "根河市好里堡街道办事处" in builtin and names.count("根河市好里堡街道办事处") == 1


def _bench_module() -> object:
    sys.path.insert(0, str(GENERATE.parent))
    try:
        import run as bench_run
    finally:
        sys.path.remove(str(GENERATE.parent))
    return bench_run


def test_paired_ratios_are_medians_of_per_round_ratios() -> None:
    """A round's pair shares the machine's state: the ratio is taken per round, then the median."""
    run: Any = _bench_module()

    def bench(id_: str, times: list[float]) -> Any:
        b = run.Bench(id_, "", ["x"], ROOT, len(times))
        b.samples = [run.Sample(t, t, 10.0, 0) for t in times]
        return b

    # the machine slows down in round 2 (both runs take longer): the ratio within each round stays 1.5
    floor = bench("floor", [2.0, 4.0, 2.2])
    cold = bench("cold-1", [3.0, 6.0, 3.3])
    cold_all = bench("cold-all", [1.5, 6.0, 2.2])
    paired = run.paired_ratios([floor, cold, cold_all, bench("warm", [0.2, 0.2])])
    assert paired == {"cold-1/floor": 1.5, "cold-1/cold-all": 1.5}  # warm: a run missing, not paired
    by_id = {b.id: b.summary() for b in (floor, cold, cold_all)}
    checks = {c["target"]: c for c in run.targets(by_id, {}, 2, [], paired)}
    first = checks["cold, one process <= 2x parse floor"]
    assert first["value"] == 1.5 and first["of_medians"] == round(3.3 / 2.2, 3) and first["met"] is True
    cores = checks["all cores (2) faster than one process by >= 1.6x"]
    assert cores["value"] == 1.5 and cores["met"] is False and cores["of_medians"] == 1.5
    assert checks["warm cache <= 0.2x parse floor"]["met"] is None  # no warm row: not measured
    assert not any("speed-up on all cores" in name for name in checks)  # no floor-all row: not reported
    floor_all = bench("floor-all", [1.0, 3.0, 1.0])
    paired = run.paired_ratios([floor, cold, cold_all, floor_all])
    assert paired["floor/floor-all"] == 2.0  # rounds: 2.0, 1.33, 2.2
    machine = [c for c in run.targets(by_id, {}, 2, [], paired) if "speed-up on all cores" in c["target"]]
    assert len(machine) == 1 and machine[0]["value"] == 2.0 and machine[0]["met"] is None


def test_memory_target_compares_defect_free_corpora_and_findings_growth_is_information() -> None:
    run: Any = _bench_module()
    memory = [{"files": 500, "peak_rss_mb": 80.0, "findings": 0},
              {"files": 8000, "peak_rss_mb": 104.0, "findings": 0}]
    scaling = [{"per_file_ms": 2.0, "peak_rss_mb": 50.0, "findings": 1000},
               {"per_file_ms": 2.2, "peak_rss_mb": 200.0, "findings": 101000}]
    checks = {c["target"]: c for c in run.targets({}, {}, 2, scaling, {}, memory)}
    bounded = checks["peak memory without findings, 8000 vs 500 files, same registry (bounded)"]
    assert bounded["value"] == 1.3 and bounded["met"] is False and bounded["limit"] == 1.25
    grows = checks["peak memory with findings, largest/smallest corpus (grows with the results)"]
    assert grows["value"] == 4.0 and grows["met"] is None and grows["op"] == "info"
    per_finding = checks["KB of peak memory per finding added, largest vs smallest corpus"]
    assert per_finding["value"] == 1.536 and per_finding["op"] == "info"
    assert checks["linear: per-file time, largest/smallest corpus (~1)"]["met"] is True
    # A corpus whose defect-free rows still have findings (the messy profile) is no memory-bound target.
    messy = [{**m, "findings": 10 * m["files"]} for m in memory]
    assert not any(c["target"].startswith("peak memory without findings")
                   for c in run.targets({}, {}, 2, scaling, {}, messy))


def test_messy_profile_departs_from_the_standard_and_leaves_clean_alone(tmp_path: Path) -> None:
    """The messy profile: most contents name the department, standard items renamed, moved or missing,
    district variants of standard deadlines (GL702), and findings on a third of the items or more. The
    clean profile's files are the same as without the option."""
    args = ("--files", "30", "--seed", "3")
    messy = generate(tmp_path / "m", *args, "--profile", "messy")
    assert messy == generate(tmp_path / "m2", *args, "--profile", "messy")
    assert generate(tmp_path / "c", *args, "--profile", "clean") == generate(tmp_path / "d", *args)
    manifest = json.loads(messy[Path("corpus.json")])
    assert manifest["profile"] == "messy"
    diagnostics = check(tmp_path / "m")
    codes = {str(d["code"]) for d in diagnostics}
    assert {"GL601", "GL602", "GL702"} <= codes, sorted(codes)
    assert len(diagnostics) >= manifest["items"] / 3
    text = b"".join(data for p, data in messy.items() if p.parts[0] == "catalogs").decode("utf-8")
    assert text.count("由根河市") + text.count("相关工作信息") > manifest["items"] / 4


def test_reports_name_no_temporary_folder_of_the_machine() -> None:
    import tempfile

    run: Any = _bench_module()
    tmp = tempfile.gettempdir()
    cmd = ["genhe-lint", "check", f"{tmp}/genhe-lint-bench/n2000/catalogs", "--cache-dir",
           f"{tmp}/genhe-lint-bench-x1y2/messy/cache"]
    shown = run.shell_join(cmd)
    assert tmp not in shown
    assert "$TMPDIR/genhe-lint-bench/n2000/catalogs" in shown and "$WORK/messy/cache" in shown
