"""The benchmark's corpus generator (bench/generate.py): deterministic, valid YAML, defects of many rules.

Nothing here is timed; the benchmark itself is bench/run.py.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import yaml

from tests.conftest import ROOT, run_cli

GENERATE = ROOT / "bench" / "generate.py"


def generate(out: Path, *args: str) -> dict[Path, bytes]:
    """Every file the generator writes (catalogs, rule data, config, manifest), by relative path."""
    subprocess.run([sys.executable, str(GENERATE), "--out", str(out), "--quiet", *args], check=True, timeout=60)
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
    codes = {d["code"] for d in diagnostics}
    assert len(codes) >= 12, sorted(codes)


def test_defect_rate_zero_gives_a_clean_corpus(tmp_path: Path) -> None:
    generate(tmp_path, "--files", "3", "--seed", "5", "--defect-rate", "0")
    assert check(tmp_path) == []


def test_a_seed_changes_the_corpus(tmp_path: Path) -> None:
    one = generate(tmp_path / "a", "--files", "2", "--seed", "1")
    two = generate(tmp_path / "b", "--files", "2", "--seed", "2")
    assert one != two
