"""Precision corpus: legitimate lines that must give no finding and defect lines that must give their code.

Each ``tests/precision/<class>.yaml`` holds ``legit:`` (lines a careful reader accepts: no finding of any
rule) and ``defects:`` (``{text, code}``: the line must give that code), and ``field:`` (the field the line is
written into; ``content`` by default). Every line goes into its own copy of the minimal valid catalog
(:func:`tests.conftest.clean_catalog`); the copies are checked in one run of the CLI, as users run it, and a
finding counts for a line when the clean catalog does not have it. Precision and recall are reported per
rule family (GL1xx, GL2xx, ...); the test fails below 0.98 precision (or 0.90 recall) in any family.
``check --fix`` and ``check --fix --unsafe-fixes`` on the legitimate lines must change nothing.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.conftest import clean_catalog, run_cli

CORPUS = Path(__file__).parent / "precision"
DEPARTMENT = "根河市民政局"
MIN_PRECISION, MIN_RECALL = 0.98, 0.90
# The field's line in the clean catalog, as written there: the corpus line replaces its value.
FIELD_LINES = {"content": "    content: 人事任免信息\n", "publisher": "    publisher: 办公室\n",
               "name": "    name: 人事信息\n", "deadline": "    deadline: 即时公开\n",
               "department": f"department: {DEPARTMENT}\n", "title": f"department: {DEPARTMENT}\n"}


@dataclass(frozen=True)
class Line:
    source: str  # class file and index, for messages
    field: str
    text: str
    code: str | None  # the code a defect line must give; None for a legitimate line
    rules: tuple[str, ...] = ()  # the rules that judge this class of line (empty: every rule)


def _corpus() -> list[Line]:
    lines: list[Line] = []
    for path in sorted(CORPUS.glob("*.yaml")):
        spec: dict[str, Any] = yaml.safe_load(path.read_text(encoding="utf-8"))
        field = spec.get("field", "content")
        assert field in FIELD_LINES, f"{path.name}: field must be one of {sorted(FIELD_LINES)}"
        rules = tuple(spec.get("rules", ()))
        lines += [Line(f"{path.stem}:legit:{i}", field, text, None, rules)
                  for i, text in enumerate(spec["legit"])]
        lines += [Line(f"{path.stem}:defect:{i}", field, d["text"], d["code"], rules)
                  for i, d in enumerate(spec.get("defects", []))]
    return lines


def _catalog(line: Line) -> str:
    base = clean_catalog(DEPARTMENT)
    old = FIELD_LINES[line.field]
    indent = old[: len(old) - len(old.lstrip())]
    new = f"{indent}{line.field}: {json.dumps(line.text, ensure_ascii=False)}\n"  # JSON strings are YAML
    if line.field == "title":  # the clean catalog has no title: it goes after the department
        new = old + new
    assert old in base
    return base.replace(old, new, 1)


def _findings(folder: Path, *extra: str) -> dict[str, Counter[str]]:
    """File name -> codes found in it (counted), from one run of ``check --format json``."""
    result = run_cli("check", str(folder), "--format", "json", "--no-cache", *extra)
    assert result.returncode in (0, 1), result.stderr
    found: dict[str, Counter[str]] = {}
    for d in json.loads(result.stdout)["diagnostics"]:
        found.setdefault(Path(d["path"]).name, Counter())[d["code"]] += 1
    return found


def _family(code: str) -> str:
    return code[:3] + "xx"


@pytest.fixture(scope="module")
def corpus_run(tmp_path_factory: pytest.TempPathFactory) -> tuple[list[Line], dict[str, Counter[str]], Path]:
    folder = tmp_path_factory.mktemp("precision")
    lines = _corpus()
    (folder / "clean.yaml").write_text(clean_catalog(DEPARTMENT), encoding="utf-8")
    for i, line in enumerate(lines):
        (folder / f"line{i:04d}.yaml").write_text(_catalog(line), encoding="utf-8")
    found = _findings(folder)
    clean = found.get("clean.yaml", Counter())
    extra = {f"line{i:04d}.yaml": found.get(f"line{i:04d}.yaml", Counter()) - clean
             for i in range(len(lines))}
    return lines, extra, folder


def test_the_corpus_is_large_enough() -> None:
    lines = _corpus()
    assert sum(line.code is None for line in lines) >= 200
    assert sum(line.code is not None for line in lines) >= 100


def test_precision_and_recall_per_rule_family(
        corpus_run: tuple[list[Line], dict[str, Counter[str]], Path]) -> None:
    lines, extra, _folder = corpus_run
    true_pos: Counter[str] = Counter()
    false_pos: Counter[str] = Counter()
    false_neg: Counter[str] = Counter()
    wrong: list[str] = []
    for i, line in enumerate(lines):
        codes = extra[f"line{i:04d}.yaml"]
        if line.rules:
            codes = Counter({code: n for code, n in codes.items() if code in line.rules})
        for code in codes:
            if code == line.code:
                true_pos[_family(code)] += 1
            else:
                false_pos[_family(code)] += 1
                wrong.append(f"{line.source} {line.text!r}: unexpected {code}")
        if line.code is not None and line.code not in codes:
            false_neg[_family(line.code)] += 1
            wrong.append(f"{line.source} {line.text!r}: {line.code} not found")
    report = []
    failing = []
    for family in sorted(set(true_pos) | set(false_pos) | set(false_neg)):
        tp, fp, fn = true_pos[family], false_pos[family], false_neg[family]
        precision = tp / (tp + fp) if tp + fp else 1.0
        recall = tp / (tp + fn) if tp + fn else 1.0
        report.append(f"{family}: precision {precision:.3f} ({tp}/{tp + fp}), "
                      f"recall {recall:.3f} ({tp}/{tp + fn})")
        if precision < MIN_PRECISION or recall < MIN_RECALL:
            failing.append(family)
    print("\n".join(["", *report]))
    assert not failing, "\n".join([*report, *wrong])


@pytest.mark.parametrize("flags", [("--fix",), ("--fix", "--unsafe-fixes")])
def test_fix_changes_no_legitimate_line(
        corpus_run: tuple[list[Line], dict[str, Counter[str]], Path], flags: tuple[str, ...],
        tmp_path: Path) -> None:
    lines, _extra, _folder = corpus_run
    written: dict[str, str] = {}
    groups: dict[tuple[str, ...], list[str]] = {}  # a class's rules -> its legitimate lines' files
    for i, line in enumerate(lines):
        if line.code is None:
            name = f"legit{i:04d}.yaml"
            written[name] = _catalog(line)
            groups.setdefault(line.rules, []).append(name)
    for rules, names in groups.items():
        folder = tmp_path / f"group{len(list(tmp_path.iterdir()))}"
        folder.mkdir()
        for name in names:
            (folder / name).write_text(written[name], encoding="utf-8")
        select = [arg for rule in rules for arg in ("--select", rule)]
        result = run_cli("check", str(folder), "--no-cache", *flags, *select)
        assert result.returncode in (0, 1), result.stderr
    changed = [name for name in written
               if next(tmp_path.glob(f"*/{name}")).read_text(encoding="utf-8") != written[name]]
    assert not changed, changed
