#!/usr/bin/env python3
"""The genhe-lint benchmark: one command, whole processes, the same corpus for every tool.

    pip install -e '.[bench]'                 # yamllint and check-jsonschema, the peers
    python bench/run.py --quick               # 200 files, 3 runs: about a minute
    python bench/run.py                       # the reference: 2,000 files (57 MB, 79k items), 5 runs
    python bench/run.py --scaling             # also cold one-process time for 500, 2,000 and 8,000 files
    python bench/run.py --json bench/results.json   # also write every figure, with the date and machine

The corpus is made by bench/generate.py (deterministic: same seed, same bytes) in a folder under
``$TMPDIR/genhe-lint-bench/`` and reused while its options, the generator and the material are unchanged. It
holds ``catalogs/`` (the files checked) and ``rules/`` (its departments beyond the built-in registry, passed
with ``--rules-dir``: every catalog has a department of its own).

What is timed (wall clock with time.perf_counter around the whole process; peak RSS and CPU time from
os.wait4, i.e. the largest resident set of the process or any one of its worker processes, and the CPU
time of the process and its workers):

- ``cold-1``      genhe-lint check DIR --format json --isolated --rules-dir R --no-cache --jobs 1
- ``cold-all``    the same with --jobs 0 (all cores)
- ``warm``        the same with --cache-dir C --jobs 0, C filled by one untimed run beforehand
- ``floor``       python -c: read, decode and yaml.compose(text, Loader=yaml.CSafeLoader) every file
- ``floor-all``   the same in one forked process per core, each on its share of the files: how much faster
                  all cores make the parse itself on this machine (what the all-cores target can hope for)
- ``yamllint``    yamllint -d default DIR
- ``jsonschema``  check-jsonschema --schemafile schema/catalog.schema.json FILE...

and the single-file case (what the pre-commit hook does) on catalogs/genhe-minzhengju.yaml from the project
root: genhe-lint without cache, genhe-lint with a warm cache, yamllint, and start-up (``--version``). With
``--scaling``, our cold one-process time on 500, 2,000 and 8,000 files, per file. The report is Markdown
tables on stdout (bench/README.md explains every row); progress is on stderr.
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import hashlib
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

import generate  # noqa: E402  (bench/generate.py, next to this file)

SCHEMA = ROOT / "schema" / "catalog.schema.json"
ONE_FILE = Path("catalogs") / "genhe-minzhengju.yaml"

FLOOR_SCRIPT = """\
import sys, pathlib, yaml
n = 0
for path in sorted(pathlib.Path(sys.argv[1]).rglob("*.yaml")):
    try:
        yaml.compose(path.read_bytes().decode("utf-8"), Loader=yaml.CSafeLoader)
    except (yaml.YAMLError, UnicodeDecodeError):
        pass
    n += 1
print(n, "files composed")
"""

FLOOR_ALL_SCRIPT = """\
import os, sys, pathlib, yaml
files = sorted(pathlib.Path(sys.argv[1]).rglob("*.yaml"))
n = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
children = []
for i in range(n):
    pid = os.fork()
    if pid == 0:
        for path in files[i::n]:
            try:
                yaml.compose(path.read_bytes().decode("utf-8"), Loader=yaml.CSafeLoader)
            except (yaml.YAMLError, UnicodeDecodeError):
                pass
        os._exit(0)
    children.append(pid)
for pid in children:
    os.waitpid(pid, 0)
print(len(files), "files composed in", n, "processes")
"""


# ---------------------------------------------------------------------------------------------------------
# Running and measuring one process
# ---------------------------------------------------------------------------------------------------------

@dataclasses.dataclass(slots=True)
class Sample:
    seconds: float
    cpu_seconds: float
    peak_rss_mb: float
    exit_code: int


@dataclasses.dataclass(slots=True)
class Bench:
    id: str
    label: str
    cmd: list[str]
    cwd: Path
    runs: int
    ok_codes: tuple[int, ...] = (0, 1)
    setup: Callable[[], None] | None = None  # untimed, before the first timed run
    profile: str = ""  # the corpus profile (generate.PROFILES) of a corpus run
    count: Callable[[str], int | None] | None = None  # findings in the captured output
    samples: list[Sample] = dataclasses.field(default_factory=list)
    findings: int | None = None
    output: str = ""

    def summary(self, size_bytes: int | None = None, floor: float | None = None) -> dict[str, Any]:
        times = [s.seconds for s in self.samples]
        median = statistics.median(times)
        out: dict[str, Any] = {
            "id": self.id, "label": self.label, "command": shell_join(self.cmd), "runs": len(times),
            "median_s": round(median, 4), "min_s": round(min(times), 4), "max_s": round(max(times), 4),
            "times_s": [round(t, 4) for t in times],
            "cpu_s": round(statistics.median(s.cpu_seconds for s in self.samples), 3),
            "peak_rss_mb": round(max(s.peak_rss_mb for s in self.samples), 1),
            "exit_codes": sorted({s.exit_code for s in self.samples}),
            "findings": self.findings,
        }
        if size_bytes:
            out["mb_per_s"] = round(size_bytes / 1e6 / median, 2)
        if floor:
            out["x_floor"] = round(median / floor, 3)
        return out


def machine_free(text: str) -> str:
    """``text`` with this machine's temporary folders written as ``$WORK`` (the run's own folder) and
    ``$TMPDIR``, so that a report or its JSON can be pasted and committed as it is."""
    tmp = tempfile.gettempdir()
    text = re.sub(re.escape(os.path.join(tmp, "genhe-lint-bench-")) + r"[A-Za-z0-9_]+", "$WORK", text)
    return text.replace(tmp + os.sep, "$TMPDIR/")


def shell_join(cmd: Sequence[str]) -> str:
    import shlex

    shown = []
    for part in cmd:
        if "\n" in part:
            shown.append("'<parse-floor script>'")
        elif part.startswith(str(ROOT) + os.sep):
            shown.append(shlex.quote(os.path.relpath(part, ROOT)))
        else:
            shown.append(shlex.quote(part))
    if len(shown) > 12:  # check-jsonschema gets every file name
        shown = [*shown[:8], f"... ({len(shown) - 8} more arguments)"]
    return machine_free(" ".join(shown))


# The measured process is started by this small launcher, not by the benchmark process itself: on Linux a
# child's peak RSS (ru_maxrss) starts at the RSS of the process it was forked from, and the benchmark process
# is large (tens of MB). The launcher is a bare interpreter (-S, a few MB, less than any measured tool); it
# times fork -> exec -> wait4 with perf_counter and reports the child's rusage (which includes the child's own
# reaped children, e.g. worker processes: CPU times add up, ru_maxrss is the largest single process).
LAUNCHER = """\
import os, sys, time
report, cmd = sys.argv[1], sys.argv[2:]
start = time.perf_counter()
pid = os.fork()
if pid == 0:
    try:
        os.execvp(cmd[0], cmd)
    finally:
        os._exit(127)
_, status, ru = os.wait4(pid, 0)
seconds = time.perf_counter() - start
with open(report, "w") as f:
    f.write(f"{seconds!r} {ru.ru_utime + ru.ru_stime!r} {ru.ru_maxrss} {os.waitstatus_to_exitcode(status)}")
"""


def run_once(cmd: list[str], cwd: Path, capture: bool = False) -> tuple[Sample, str, str]:
    """One whole process: wall time, CPU time and peak RSS (via the launcher's wait4), exit code; stdout if
    captured."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err, \
            tempfile.NamedTemporaryFile("r", suffix=".txt") as report:
        env = {**os.environ, "NO_COLOR": "1", "PYTHONIOENCODING": "utf-8"}
        launcher = subprocess.run([sys.executable, "-S", "-c", LAUNCHER, report.name, *cmd], cwd=cwd,
                                  stdin=subprocess.DEVNULL, stdout=out, stderr=err, env=env, check=False)
        err.seek(0)
        stderr = err.read().decode("utf-8", "replace")
        fields = report.read().split()
        if launcher.returncode != 0 or len(fields) != 4:
            raise SystemExit(f"bench: the launcher failed ({launcher.returncode}) for {shell_join(cmd)}\n"
                             f"{stderr[-3000:]}")
        seconds, cpu, maxrss, code = float(fields[0]), float(fields[1]), int(fields[2]), int(fields[3])
        # ru_maxrss: kilobytes on Linux, bytes on macOS.
        rss = maxrss / (1024 * 1024) if sys.platform == "darwin" else maxrss / 1024
        stdout = ""
        if capture:
            out.seek(0)
            stdout = out.read().decode("utf-8", "replace")
    return Sample(seconds, cpu, rss, code), stdout, stderr


def measure(benches: list[Bench], progress: bool = True) -> None:
    """Timed runs in rounds (every bench once per round), so that slow drift of the machine is shared."""
    if not benches:
        return
    for bench in benches:
        if bench.setup is not None:
            bench.setup()
    rounds = max(b.runs for b in benches)
    for r in range(rounds):
        for bench in benches:
            if r >= bench.runs:
                continue
            last = r == bench.runs - 1
            sample, stdout, stderr = run_once(bench.cmd, bench.cwd, capture=last)
            if sample.exit_code not in bench.ok_codes:
                raise SystemExit(f"bench: {bench.id} exited {sample.exit_code}: {shell_join(bench.cmd)}\n"
                                 f"{stderr[-3000:]}")
            bench.samples.append(sample)
            if last:
                bench.output = stdout
                if bench.count is not None:
                    bench.findings = bench.count(stdout)
            if progress:
                name = f"{bench.profile} {bench.id}" if bench.profile else bench.id
                print(f"  {name:<20} run {r + 1}/{bench.runs}: {sample.seconds:8.3f} s", file=sys.stderr)


# ---------------------------------------------------------------------------------------------------------
# Tools, corpus, machine
# ---------------------------------------------------------------------------------------------------------

def tool(name: str) -> str | None:
    """An executable next to this Python (the venv) first, then on PATH."""
    local = Path(sys.executable).parent / name
    if local.exists():
        return str(local)
    return shutil.which(name)


def count_ours(stdout: str) -> int | None:
    try:
        return len(json.loads(stdout)["diagnostics"])
    except (ValueError, KeyError, TypeError):
        return None


def count_yamllint(stdout: str) -> int:
    return sum(1 for line in stdout.splitlines() if re.match(r"\s+\d+:\d+\s+(error|warning)\s", line))


def count_jsonschema(stdout: str) -> int:
    return sum(1 for line in stdout.splitlines()
               if re.match(r"  \S.*::\$", line) or line.startswith("  Failed to parse"))


def corpus(root: Path, files: int, seed: int, rate: float, items: tuple[int, int],
           quiet: bool = False, profile: str = "clean") -> dict[str, Any]:
    """Generate the corpus, or reuse it when its manifest says it was made by the same generator and options.

    The manifest gains ``path`` (the corpus folder), ``catalogs`` and ``rules`` (absolute), ``list`` (the
    catalog files) and ``profile``."""
    folder = root / (f"n{files}-s{seed}-r{rate:g}-i{items[0]}-{items[1]}"
                     + ("" if profile == "clean" else f"-{profile}"))
    fingerprint = generate.material_fingerprint()
    manifest: dict[str, Any] = {}
    try:
        manifest = json.loads((folder / generate.MANIFEST).read_text(encoding="utf-8"))
        reuse = (manifest.get("generator") == fingerprint
                 and len(list((folder / generate.CATALOGS).glob("catalog-*.yaml"))) == files)
    except (OSError, ValueError):
        reuse = False
    if reuse:
        if not quiet:
            print(f"corpus: reusing {folder}", file=sys.stderr)
    else:
        if not quiet:
            print(f"corpus: generating {files} files in {folder} ...", file=sys.stderr)
        manifest = generate.generate(folder, files, generate.Options(seed=seed, defect_rate=rate, items=items,
                                                                     profile=profile))
    manifest["profile"] = profile
    manifest["path"] = str(folder)
    manifest["catalogs"] = str(folder / generate.CATALOGS)
    manifest["rules"] = str(folder / generate.RULES)
    manifest["list"] = sorted(str(p) for p in (folder / generate.CATALOGS).glob("catalog-*.yaml"))
    for path in manifest["list"]:  # read every byte once: every tool then starts with the same page cache
        Path(path).read_bytes()
    return manifest


def machine() -> dict[str, Any]:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory = None
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                memory = round(int(line.split()[1]) / 1024 / 1024, 1)
    except OSError:
        pass
    return {
        "nproc": os.cpu_count(),
        "usable_cpus": len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else None,
        "cpu_model": cpu, "memory_gb": memory, "python": platform.python_version(),
        "implementation": platform.python_implementation(), "platform": platform.platform(),
    }


def versions(exes: dict[str, str | None]) -> dict[str, str | None]:
    import yaml

    out: dict[str, str | None] = {"PyYAML": yaml.__version__,
                                  "libyaml": str(getattr(yaml, "__with_libyaml__", False))}
    for name, exe in exes.items():
        if exe is None:
            out[name] = None
            continue
        try:
            text = subprocess.run([exe, "--version"], capture_output=True, text=True, timeout=60).stdout
        except (OSError, subprocess.SubprocessError):
            text = ""
        found = re.search(r"\d+(?:\.\d+)+\S*", text)
        out[name] = found.group(0) if found else None
    return out


# ---------------------------------------------------------------------------------------------------------
# Tables
# ---------------------------------------------------------------------------------------------------------

def table(headers: list[str], rows: list[list[str]]) -> str:
    """A Markdown table, padded so it also reads as plain text (CJK-free content)."""
    widths = [max([len(h), *(len(r[i]) for r in rows)]) for i, h in enumerate(headers)]
    right = [i > 0 for i in range(len(headers))]

    def line(cells: list[str]) -> str:
        return "| " + " | ".join(c.rjust(w) if right[i] else c.ljust(w)
                                 for i, (c, w) in enumerate(zip(cells, widths, strict=True))) + " |"

    sep = "|" + "|".join(("-" * (w + 1) + ":") if right[i] else ("-" * (w + 2))
                         for i, w in enumerate(widths)) + "|"
    return "\n".join([line(headers), sep, *(line(r) for r in rows)])


def fmt(value: float | None, digits: int = 2) -> str:
    return "-" if value is None else f"{value:.{digits}f}"


def corpus_table(rows: list[dict[str, Any]]) -> str:
    return table(
        ["run", "median s", "min s", "max s", "MB/s", "CPU s", "peak MB", "x floor", "findings"],
        [[r["id"], fmt(r["median_s"], 3), fmt(r["min_s"], 3), fmt(r["max_s"], 3), fmt(r.get("mb_per_s"), 1),
          fmt(r["cpu_s"], 1), fmt(r["peak_rss_mb"], 0), fmt(r.get("x_floor"), 2),
          "-" if r["findings"] is None else str(r["findings"])] for r in rows])


def simple_table(rows: list[dict[str, Any]]) -> str:
    return table(["run", "median s", "min s", "max s", "peak MB"],
                 [[r["id"], fmt(r["median_s"], 3), fmt(r["min_s"], 3), fmt(r["max_s"], 3),
                   fmt(r["peak_rss_mb"], 0)]
                  for r in rows])


def paired_ratios(benches: list[Bench]) -> dict[str, float]:
    """Ratios taken within each round, then their median: ``a/b`` is the median over rounds of a's time over
    b's time in the same round. Ours and the floor run in rounds, one right after the other, so a round's
    pair shares the state of the machine; on a host whose speed drifts by half within minutes, the ratio of
    the two medians mixes rounds that did not (both are reported)."""
    by_id = {b.id: [s.seconds for s in b.samples] for b in benches}
    out: dict[str, float] = {}
    for a, b in (("cold-1", "floor"), ("cold-1", "cold-all"), ("warm", "floor"), ("floor", "floor-all")):
        if a in by_id and b in by_id and by_id[a] and len(by_id[a]) == len(by_id[b]):
            out[f"{a}/{b}"] = round(statistics.median(x / y for x, y in zip(by_id[a], by_id[b], strict=True)),
                                    3)
    return out


def targets(by_id: dict[str, dict[str, Any]], single: dict[str, dict[str, Any]], nproc: int,
            scaling: list[dict[str, Any]], paired: dict[str, float] | None = None,
            memory: list[dict[str, Any]] | None = None) -> list[dict[str, Any]]:
    """The issue's targets, each with the measured value (None when a row was skipped). Where ours and the
    floor ran in the same rounds, the value is the median of the per-round ratios (``paired_ratios``), and
    ``of_medians`` keeps the ratio of the two medians."""
    paired = paired or {}

    def med(rows: dict[str, dict[str, Any]], key: str) -> float | None:
        return rows[key]["median_s"] if key in rows else None

    def ratio(a: float | None, b: float | None) -> float | None:
        return a / b if a is not None and b else None

    cold, cold_all, warm, floor = (med(by_id, k) for k in ("cold-1", "cold-all", "warm", "floor"))
    out = [
        ("cold, one process <= 2x parse floor", ratio(cold, floor), "<=", 2.0),
        (f"all cores ({nproc}) faster than one process by >= 1.6x", ratio(cold, cold_all), ">=", 1.6),
        ("warm cache <= 0.2x parse floor", ratio(warm, floor), "<=", 0.2),
        ("cold one process >= 18x faster than yamllint", ratio(med(by_id, "yamllint"), cold), ">=", 18.0),
        ("cold one process >= 3.5x faster than check-jsonschema", ratio(med(by_id, "jsonschema"), cold), ">=",
         3.5),
        ("one file through the hook (no cache) <= 1.6x yamllint's time",
         ratio(med(single, "ours-1"), med(single, "yamllint-1")), "<=", 1.6),
    ]
    pairs = {"cold, one process <= 2x parse floor": "cold-1/floor",
             f"all cores ({nproc}) faster than one process by >= 1.6x": "cold-1/cold-all",
             "warm cache <= 0.2x parse floor": "warm/floor"}
    if len(scaling) >= 2:
        per_file = [s["per_file_ms"] for s in scaling]
        out.append(("linear: per-file time, largest/smallest corpus (~1)", per_file[-1] / per_file[0], "<=",
                    1.25))
    if memory and len(memory) >= 2 and not any(m.get("findings") for m in memory):
        rss = [m["peak_rss_mb"] for m in memory]
        out.append((f"peak memory without findings, {memory[-1]['files']} vs {memory[0]['files']} files, "
                    f"same registry (bounded)", rss[-1] / rss[0], "<=", 1.25))
    result = []
    for name, value, op, limit in out:
        entry: dict[str, Any] = {"target": name}
        if name in pairs and pairs[name] in paired:
            entry["of_medians"] = None if value is None else round(value, 3)
            value = paired[pairs[name]]
        met = None if value is None else (value <= limit if op == "<=" else value >= limit)
        entry.update({"value": None if value is None else round(value, 3), "op": op, "limit": limit,
                      "met": met})
        result.append(entry)
    if "floor/floor-all" in paired:  # reported, not a target: what all cores make of the parse itself here
        result.append({"target": f"the parse floor's own speed-up on all cores ({nproc}), for comparison",
                       "value": paired["floor/floor-all"], "op": "info", "limit": None, "met": None})
    if len(scaling) >= 2:  # reported, not a target: it grows with the findings, which the issue allows
        rss = [s["peak_rss_mb"] for s in scaling]
        result.append({"target": "peak memory with findings, largest/smallest corpus "
                                 "(grows with the results)",
                       "value": round(rss[-1] / rss[0], 3), "op": "info", "limit": None, "met": None})
        first, last = scaling[0].get("findings"), scaling[-1].get("findings")
        grown = last - first if first is not None and last is not None else 0
        if grown > 0:
            result.append({"target": "KB of peak memory per finding added, largest vs smallest corpus",
                           "value": round((rss[-1] - rss[0]) * 1024 / grown, 3), "op": "info", "limit": None,
                           "met": None})
    return result


# ---------------------------------------------------------------------------------------------------------
# Main
# ---------------------------------------------------------------------------------------------------------

def parse_args(argv: list[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description="genhe-lint benchmark (see bench/README.md)",
                                formatter_class=argparse.ArgumentDefaultsHelpFormatter)
    p.add_argument("--files", type=int, default=None, help="corpus size (default 2000; 200 with --quick)")
    p.add_argument("--runs", type=int, default=None, help="timed runs of each of our commands and the floor "
                   "(default 5; 3 with --quick)")
    p.add_argument("--peer-runs", type=int, default=None, help="timed runs of yamllint and check-jsonschema "
                   "(slow; default 3; 2 with --quick)")
    p.add_argument("--single-runs", type=int, default=None, help="timed runs of each single-file command "
                   "(default 10; 5 with --quick)")
    p.add_argument("--quick", action="store_true", help="200 files, 3 runs (peers 2, single file 5): "
                   "a try-out in about a minute")
    p.add_argument("--scaling", action="store_true", help="also time cold one-process runs on 500, 2,000 and "
                   "8,000 files (see --scaling-sizes)")
    p.add_argument("--scaling-sizes", default="500,2000,8000", help="corpus sizes for --scaling")
    p.add_argument("--scaling-registry", choices=("own", "largest"), default="own",
                   help="registry for --scaling: each corpus's own (it grows with the corpus), "
                   "or the largest corpus's for every size (only the number of files changes)")
    p.add_argument("--seed", type=int, default=generate.DEFAULT_SEED, help="corpus seed")
    p.add_argument("--defect-rate", type=generate.rate, default=generate.DEFAULT_DEFECT_RATE,
                   help="corpus defect rate")
    p.add_argument("--profiles", default="clean,messy",
                   help="corpus profiles measured side by side in the same rounds (bench/generate.py "
                   "--profile): clean, messy or both; --scaling uses the first")
    p.add_argument("--messy-defect-rate", type=generate.rate, default=generate.MESSY_DEFECT_RATE,
                   help="the messy corpus's defect rate")
    p.add_argument("--items-per-file", type=generate.parse_range, default=generate.DEFAULT_ITEMS,
                   metavar="LO-HI", help="corpus items per file")
    p.add_argument("--corpus-root", type=Path,
                   default=Path(os.environ.get("GENHE_LINT_BENCH_DIR")
                                or Path(tempfile.gettempdir()) / "genhe-lint-bench"),
                   help="where corpora are generated and kept for reuse (env GENHE_LINT_BENCH_DIR)")
    p.add_argument("--skip", default="",
                   help="comma-separated run ids to leave out, e.g. yamllint,jsonschema")
    p.add_argument("--json", type=Path, default=None, help="also write all figures to this JSON file")
    p.add_argument("--quiet", "-q", action="store_true", help="no per-run progress on stderr")
    args = p.parse_args(argv)
    args.files = args.files or (200 if args.quick else generate.DEFAULT_FILES)
    args.runs = args.runs or (3 if args.quick else 5)
    args.peer_runs = args.peer_runs or (2 if args.quick else 3)
    args.single_runs = args.single_runs or (5 if args.quick else 10)
    args.skip = {s.strip() for s in args.skip.split(",") if s.strip()}
    args.profiles = [s.strip() for s in args.profiles.split(",") if s.strip()]
    if not args.profiles or any(pr not in generate.PROFILES for pr in args.profiles):
        p.error(f"--profiles: one or more of {', '.join(generate.PROFILES)}")
    if min(args.files, args.runs, args.peer_runs, args.single_runs) < 1:
        p.error("--files and the run counts must be at least 1")
    return args


def _rate(args: argparse.Namespace, profile: str) -> float:
    return float(args.messy_defect_rate if profile == "messy" else args.defect_rate)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    ours = tool("genhe-lint")
    if ours is None:
        raise SystemExit("bench: genhe-lint is not installed (pip install -e '.[bench]')")
    yamllint, jsonschema = tool("yamllint"), tool("check-jsonschema")
    missing = [n for n, exe in (("yamllint", yamllint), ("check-jsonschema", jsonschema)) if exe is None]
    if missing:
        print(f"bench: {', '.join(missing)} not installed (pip install -e '.[bench]'); "
              "their rows are left out", file=sys.stderr)
    started = dt.datetime.now(dt.UTC).astimezone()
    info = machine()
    info["genhe_lint_source"] = tool_fingerprint()
    nproc = info["usable_cpus"] or info["nproc"] or 1
    tools = versions({"genhe-lint": ours, "yamllint": yamllint, "check-jsonschema": jsonschema})
    # An installed package has its bytecode compiled (pip does it); an editable checkout gets it on first
    # import, unless PYTHONDONTWRITEBYTECODE is set: compile it once here, so no run pays for compiling the
    # sources.
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(ROOT / "genhe_lint")], capture_output=True,
                   env={k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"})
    for exe in (ours, yamllint, jsonschema):  # warm the interpreters' imports once, untimed
        if exe is not None:
            subprocess.run([exe, "--version"], capture_output=True)

    print(f"# genhe-lint benchmark, {started:%Y-%m-%d %H:%M %Z}")
    print(f"machine: {info['cpu_model']}, nproc {info['nproc']} (usable {nproc}), "
          f"{info['memory_gb']} GB, Python {info['python']} ({info['platform']})")
    print(f"genhe-lint sources: {info['genhe_lint_source']} (hash of the package and lint_rules/)")
    print("tools: " + ", ".join(f"{k} {v}" for k, v in tools.items()))

    corpora: dict[str, dict[str, Any]] = {}
    for profile in args.profiles:
        man = corpora[profile] = corpus(args.corpus_root, args.files, args.seed, _rate(args, profile),
                                        args.items_per_file, args.quiet, profile)
        print(f"corpus ({profile}): {man['files']} files, {man['bytes'] / 1e6:.1f} MB, {man['items']} items, "
              f"seed {man['seed']}, defect rate {man['defect_rate']}, {man['departments_added']} departments "
              f"added to the registry, generator {man['generator']}, in {machine_free(man['catalogs'])}")
    print()

    work = Path(tempfile.mkdtemp(prefix="genhe-lint-bench-"))
    try:
        return _run(Run(args, ours, yamllint, jsonschema, corpora, work, started, info, tools, nproc))
    finally:
        shutil.rmtree(work, ignore_errors=True)


@dataclasses.dataclass(frozen=True)
class Run:
    """Everything one benchmark run is set up with: the options, the commands found, the corpus and the
    machine."""

    args: argparse.Namespace
    ours: str
    yamllint: str | None
    jsonschema: str | None
    corpora: dict[str, dict[str, Any]]  # profile -> manifest (corpus())
    work: Path
    started: dt.datetime
    info: dict[str, Any]
    tools: dict[str, Any]
    nproc: int


def _corpus_benches(run: Run, profile: str) -> list[Bench]:
    """Ours, the floors and the peers on one profile's corpus."""
    args, ours, nproc, man = run.args, run.ours, run.nproc, run.corpora[profile]
    folder = Path(man["catalogs"])
    work = run.work / profile
    work.mkdir(parents=True, exist_ok=True)
    check = [ours, "check", str(folder), "--format", "json", "--isolated", "--rules-dir", man["rules"]]
    cache_dir = work / "cache"
    benches = [  # in every round, each command runs right after the one it is compared with
        Bench("floor-all", f"parse floor on all cores ({nproc} forked processes)",
              [sys.executable, "-c", FLOOR_ALL_SCRIPT, str(folder)], work, args.runs, ok_codes=(0,)),
        Bench("floor", "parse floor: PyYAML CSafeLoader compose",
              [sys.executable, "-c", FLOOR_SCRIPT, str(folder)], work, args.runs, ok_codes=(0,)),
        Bench("cold-1", "genhe-lint, cold, one process", [*check, "--no-cache", "--jobs", "1"], work,
              args.runs, count=count_ours),
        Bench("cold-all", f"genhe-lint, cold, all cores ({nproc})", [*check, "--no-cache", "--jobs", "0"],
              work, args.runs, count=count_ours),
        Bench("warm", "genhe-lint, warm cache, all cores",
              [*check, "--cache-dir", str(cache_dir), "--jobs", "0"], work, args.runs, count=count_ours,
              setup=lambda: _fill_cache([*check, "--cache-dir", str(cache_dir), "--jobs", "0"], work)),
    ]
    if not hasattr(os, "fork"):  # the floor's all-cores twin forks
        benches = [b for b in benches if b.id != "floor-all"]
    if run.yamllint is not None:
        benches.append(Bench("yamllint", "yamllint, default config",
                             [run.yamllint, "-d", "default", str(folder)], work, args.peer_runs,
                             count=count_yamllint))
    if run.jsonschema is not None:
        benches.append(Bench("jsonschema", "check-jsonschema, our JSON Schema",
                             [run.jsonschema, "--schemafile", str(SCHEMA), *man["list"]], work,
                             args.peer_runs, count=count_jsonschema))
    benches = [b for b in benches if b.id not in args.skip]
    for b in benches:
        b.profile = profile
    return benches


def _run(run: Run) -> int:
    args, ours, yamllint, work, started, info, tools, nproc = (run.args, run.ours, run.yamllint, run.work,
                                                               run.started, run.info, run.tools, run.nproc)
    by_profile = {profile: _corpus_benches(run, profile) for profile in args.profiles}
    everything = [b for benches in by_profile.values() for b in benches]
    if not args.quiet:
        print(f"## Corpora: {', '.join(args.profiles)}, {args.files} files ({args.runs} runs each; "
              f"peers {args.peer_runs})", file=sys.stderr)
    # Ours and the floor in rounds of their own (both profiles in every round, so their figures share the
    # machine's state), then the peers: a minute-long peer run just before a few-second one slowed that one
    # by a fifth or more (the machine's clock and caches), so a round mixing both made our rows depend on
    # the order.
    peers = ("yamllint", "jsonschema")
    measure([b for b in everything if b.id not in peers], not args.quiet)
    measure([b for b in everything if b.id in peers], not args.quiet)

    # the table's order
    shown = ("cold-1", "cold-all", "warm", "floor", "floor-all", "yamllint", "jsonschema")
    results: dict[str, dict[str, Any]] = {}
    for profile, benches in by_profile.items():
        man = run.corpora[profile]
        floor = next((statistics.median(s.seconds for s in b.samples) for b in benches if b.id == "floor"),
                     None)
        rows = [b.summary(man["bytes"], floor) for b in sorted(benches, key=lambda b: shown.index(b.id))]
        results[profile] = {
            "corpus": man, "rows": rows, "by_id": {r["id"]: r for r in rows},
            "same_findings": _same_findings([b for b in benches if b.id in {"cold-1", "cold-all", "warm"}]),
            "paired": paired_ratios(benches),
        }

    # The single-file case, run from the project root as the pre-commit hook would.
    hook_cache = work / "hook-cache"
    single = [
        Bench("ours-1", f"genhe-lint check {ONE_FILE} --no-cache",
              [ours, "check", str(ONE_FILE), "--no-cache"], ROOT, args.single_runs),
        Bench("ours-1-hook", f"genhe-lint check {ONE_FILE} (cache on, warm)",
              [ours, "check", str(ONE_FILE), "--cache-dir", str(hook_cache)], ROOT, args.single_runs,
              setup=lambda: _fill_cache([ours, "check", str(ONE_FILE), "--cache-dir", str(hook_cache)],
                                        ROOT)),
        Bench("ours-version", "genhe-lint --version", [ours, "--version"], ROOT, args.single_runs,
              ok_codes=(0,)),
        Bench("python", "python -c pass (interpreter start-up)", [sys.executable, "-c", "pass"], ROOT,
              args.single_runs, ok_codes=(0,)),
    ]
    if yamllint is not None:
        single += [
            Bench("yamllint-1", f"yamllint -d default {ONE_FILE}", [yamllint, "-d", "default", str(ONE_FILE)],
                  ROOT, args.single_runs),
            Bench("yamllint-version", "yamllint --version", [yamllint, "--version"], ROOT, args.single_runs,
                  ok_codes=(0,)),
        ]
    single = [b for b in single if b.id not in args.skip]
    if not args.quiet:
        print(f"## Single file ({args.single_runs} runs each)", file=sys.stderr)
    measure(single, not args.quiet)
    single_rows = [b.summary() for b in single]
    single_by_id = {r["id"]: r for r in single_rows}

    scaling: dict[str, list[dict[str, Any]]] = {}
    memory: dict[str, list[dict[str, Any]]] = {}
    for profile in args.profiles:
        scaling[profile] = _scaling(args, ours, work, profile) if args.scaling else []
        memory[profile] = _memory(args, ours, work, profile) if args.scaling else []
    for profile, res in results.items():
        res["targets"] = targets(res["by_id"], single_by_id, nproc, scaling[profile], res["paired"],
                                 memory[profile])
    changed = tool_fingerprint() != info["genhe_lint_source"]
    _print_report(results, single_rows, scaling, memory)
    if changed:
        print("\nWARNING: genhe-lint's sources or rule data changed while the benchmark ran: the figures mix "
              "versions; run it again on a quiet checkout.")

    if args.json is not None:
        payload = {
            "date": started.isoformat(timespec="seconds"), "machine": info, "versions": tools,
            "options": {"runs": args.runs, "peer_runs": args.peer_runs, "single_runs": args.single_runs,
                        "profiles": args.profiles,
                        "scaling_registry": args.scaling_registry if args.scaling else None},
            "profiles": {
                profile: {"corpus": {k: v for k, v in res["corpus"].items() if k != "list"},
                          "corpus_runs": res["rows"], "same_findings": res["same_findings"],
                          "paired_ratios": res["paired"], "targets": res["targets"]}
                for profile, res in results.items()},
            "single_file": single_rows, "scaling": scaling, "memory": memory,
            "tool_changed_during_run": changed,
        }
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(machine_free(json.dumps(payload, ensure_ascii=False, indent=2)) + "\n",
                             encoding="utf-8")
        print(f"\nwrote {args.json}")
    return 0


def _fill_cache(cmd: list[str], cwd: Path) -> None:
    sample, _, stderr = run_once(cmd, cwd)
    if sample.exit_code not in (0, 1):
        raise SystemExit(f"bench: filling the cache failed ({sample.exit_code}): {shell_join(cmd)}\n"
                         f"{stderr[-3000:]}")


def _same_findings(benches: list[Bench]) -> dict[str, Any] | None:
    """Do the cold, all-cores and warm runs print the same diagnostics (a sanity check, not a test)?"""
    outputs: dict[str, list[Any]] = {}
    for b in benches:
        try:
            outputs[b.id] = json.loads(b.output)["diagnostics"]
        except (ValueError, KeyError, TypeError):
            return None
    if not outputs:
        return None
    first_id, first = next(iter(outputs.items()))
    differ = [i for i, o in outputs.items() if o != first]
    out: dict[str, Any] = {"same": not differ, "counts": {i: len(o) for i, o in outputs.items()},
                           "differ": differ}
    if differ:
        other = outputs[differ[0]]
        mine = {json.dumps(d, sort_keys=True, ensure_ascii=False) for d in first}
        theirs = {json.dumps(d, sort_keys=True, ensure_ascii=False) for d in other}
        out["example"] = {f"only in {first_id}": sorted(mine - theirs)[:1],
                          f"only in {differ[0]}": sorted(theirs - mine)[:1]}
    return out


def tool_fingerprint() -> str | None:
    """Hash of the installed genhe_lint package's sources and rule data: tells whether the tool under test
    changed while the benchmark ran (an editable install picks up edits between runs)."""
    import importlib.util

    spec = importlib.util.find_spec("genhe_lint")
    if spec is None or not spec.submodule_search_locations:
        return None
    h = hashlib.sha256()
    package = Path(next(iter(spec.submodule_search_locations)))
    files = sorted(package.rglob("*.py")) + sorted((package.parent / "lint_rules").glob("*.yaml"))
    for path in files:
        try:
            h.update(str(path.relative_to(package.parent)).encode() + b"\0" + path.read_bytes())
        except (OSError, ValueError):
            continue
    return h.hexdigest()[:16]


def _scaling(args: argparse.Namespace, ours: str, work: Path, profile: str) -> list[dict[str, Any]]:
    """Cold one-process runs per corpus size. Each corpus registers a department per file, so by default the
    registry grows with the corpus; ``--scaling-registry largest`` gives every size the largest corpus's
    registry (a superset: corpora are prefix-stable), so that only the number of files changes."""
    sizes = sorted(int(s) for s in args.scaling_sizes.split(",") if s.strip())
    corpora = {n: corpus(args.corpus_root, n, args.seed, _rate(args, profile), args.items_per_file,
                         args.quiet, profile) for n in sizes}
    largest = corpora[sizes[-1]]
    out = []
    for n in sizes:
        man = corpora[n]
        registry = largest if args.scaling_registry == "largest" else man
        folder = Path(man["catalogs"])
        runs = args.runs if n <= 2000 else max(1, min(args.runs, 3))
        cold = Bench(f"{profile} cold-1 n={n}", "",
                     [ours, "check", str(folder), "--format", "json", "--isolated",
                      "--rules-dir", registry["rules"], "--no-cache", "--jobs", "1"],
                     work, runs, count=count_ours)
        floor = Bench(f"{profile} floor n={n}", "", [sys.executable, "-c", FLOOR_SCRIPT, str(folder)], work,
                      runs, ok_codes=(0,))
        if not args.quiet:
            print(f"## Scaling ({profile}): {n} files ({runs} runs)", file=sys.stderr)
        measure([cold, floor], not args.quiet)
        c, f = cold.summary(man["bytes"]), floor.summary(man["bytes"])
        out.append({
            "files": n, "bytes": man["bytes"], "items": man["items"],
            "departments_added": registry["departments_added"], "runs": runs,
            "median_s": c["median_s"], "min_s": c["min_s"], "max_s": c["max_s"],
            "per_file_ms": round(c["median_s"] / n * 1000, 3), "mb_per_s": c["mb_per_s"],
            "peak_rss_mb": c["peak_rss_mb"], "findings": c["findings"], "floor_median_s": f["median_s"],
            "x_floor": round(c["median_s"] / f["median_s"], 3),
        })
    return out


def _memory(args: argparse.Namespace, ours: str, work: Path, profile: str) -> list[dict[str, Any]]:
    """Peak memory of cold one-process runs on corpora without injected defects (``--defect-rate 0``) of each
    ``--scaling-sizes`` size, all with the largest one's registry: what a run keeps beyond its results. On
    the clean profile nothing is found, so only the number of files changes and any growth is memory that
    grows with the files; the messy profile's departures from the standard catalog are findings even there,
    so its rows say how the peak follows them. Two runs each; the larger peak is kept."""
    sizes = sorted(int(s) for s in args.scaling_sizes.split(",") if s.strip())
    corpora = {n: corpus(args.corpus_root, n, args.seed, 0.0, args.items_per_file, args.quiet, profile)
               for n in sizes}
    registry = corpora[sizes[-1]]["rules"]
    out = []
    for n in sizes:
        man = corpora[n]
        run = Bench(f"{profile} memory n={n}", "",
                    [ours, "check", man["catalogs"], "--format", "json", "--isolated",
                     "--rules-dir", registry, "--no-cache", "--jobs", "1"], work, 2, count=count_ours)
        if not args.quiet:
            print(f"## Memory, defect rate 0 ({profile}): {n} files", file=sys.stderr)
        measure([run], not args.quiet)
        r = run.summary(man["bytes"])
        out.append({"files": n, "bytes": man["bytes"], "items": man["items"], "findings": r["findings"],
                    "median_s": r["median_s"], "peak_rss_mb": r["peak_rss_mb"]})
    return out


def _print_report(results: dict[str, dict[str, Any]], single_rows: list[dict[str, Any]],
                  scaling: dict[str, list[dict[str, Any]]], memory: dict[str, list[dict[str, Any]]]) -> None:
    for profile, res in results.items():
        man, rows, by_id, consistent = res["corpus"], res["rows"], res["by_id"], res["same_findings"]
        print(f"## Corpus ({profile}): {man['files']} files, {man['bytes'] / 1e6:.1f} MB, "
              f"{man['items']} items\n")
        print(corpus_table(rows))
        print()
        for r in rows:
            print(f"- {r['id']}: {r['label']}: `{r['command']}`")
        if consistent is not None:
            counts = ", ".join(f"{k} {v}" for k, v in consistent["counts"].items())
            print(f"\n{', '.join(consistent['counts'])} print the same diagnostics: "
                  f"{'yes' if consistent['same'] else 'NO (' + ', '.join(consistent['differ']) + ' differ)'} "
                  f"({counts})")
            for where, example in consistent.get("example", {}).items():
                for text in example:
                    print(f"  {where}: {text[:400]}")
        ours_ids = [i for i in ("cold-1", "cold-all", "warm") if i in by_id]
        peers = [i for i in ("yamllint", "jsonschema") if i in by_id]
        if ours_ids and peers:
            print(f"\n### Speed-up of genhe-lint over the peers ({profile}; peer median / our median)\n")
            print(table(["genhe-lint run", *[f"vs {p}" for p in peers]],
                        [[o, *[f"{by_id[p]['median_s'] / by_id[o]['median_s']:.1f}x" for p in peers]]
                         for o in ours_ids]))
        print()
    if len(results) > 1:
        print(side_by_side(results))
    if single_rows:
        print("\n## Single file (pre-commit hook) and start-up\n")
        print(simple_table(single_rows))
        print()
        for r in single_rows:
            print(f"- {r['id']}: `{r['command']}`")
    if any(scaling.values()):
        print("\n## Scaling: cold, one process\n")
        print(table(["profile", "files", "MB", "items", "registry +", "median s", "min s", "max s",
                     "per file ms", "MB/s", "peak MB", "findings", "x floor"],
                    [[profile, str(s["files"]), f"{s['bytes'] / 1e6:.1f}", str(s["items"]),
                      str(s["departments_added"]), fmt(s["median_s"], 3),
                      fmt(s["min_s"], 3), fmt(s["max_s"], 3), fmt(s["per_file_ms"], 3), fmt(s["mb_per_s"], 1),
                      fmt(s["peak_rss_mb"], 0), "-" if s.get("findings") is None else str(s["findings"]),
                      fmt(s["x_floor"], 2)] for profile, rows in scaling.items() for s in rows]))
    if any(memory.values()):
        print("\n## Memory at defect rate 0: cold, one process, the largest corpus's registry\n")
        print(table(["profile", "files", "MB", "items", "findings", "median s", "peak MB"],
                    [[profile, str(m["files"]), f"{m['bytes'] / 1e6:.1f}", str(m["items"]),
                      str(m["findings"]), fmt(m["median_s"], 3), fmt(m["peak_rss_mb"], 0)]
                     for profile, rows in memory.items() for m in rows]))
    print("\n## Targets\n")
    print("Ratios of our runs to the floor and to each other are medians of per-round ratios "
          "(each round runs them one after the other); the ratio of the medians is shown in brackets.\n")
    profiles = list(results)
    names = list(dict.fromkeys(c["target"] for res in results.values() for c in res["targets"]))
    found = {p: {c["target"]: c for c in results[p]["targets"]} for p in profiles}
    rows = []
    for name in names:
        any_check = next(found[p][name] for p in profiles if name in found[p])
        cells = [name]
        for p in profiles:
            c = found[p].get(name)
            if c is None or c["value"] is None:
                cells += ["-", "-"]
                continue
            medians = f" ({c['of_medians']:.2f})" if c.get("of_medians") is not None else ""
            cells += [f"{c['value']:.2f}{medians}", {True: "yes", False: "NO", None: "-"}[c["met"]]]
        cells.append("(information)" if any_check["limit"] is None
                     else f"{any_check['op']} {any_check['limit']:g}")
        rows.append(cells)
    print(table(["target", *[h for p in profiles for h in (p, "met")], "limit"], rows))


def side_by_side(results: dict[str, dict[str, Any]]) -> str:
    """Each of our rows and the floor, one column group per profile: the same runs' medians."""
    profiles = list(results)
    ids = [i for i in ("cold-1", "cold-all", "warm", "floor", "floor-all", "yamllint", "jsonschema")
           if any(i in results[p]["by_id"] for p in profiles)]
    rows = []
    for i in ids:
        cells = [i]
        for p in profiles:
            r = results[p]["by_id"].get(i)
            cells += (["-", "-", "-"] if r is None else
                      [fmt(r["median_s"], 3), fmt(r.get("x_floor"), 2),
                       "-" if r["findings"] is None else str(r["findings"])])
        rows.append(cells)
    heads = [h for p in profiles for h in (f"{p} s", f"{p} x floor", f"{p} findings")]
    return "## Both profiles, side by side (medians, the same rounds)\n\n" + table(["run", *heads], rows)

if __name__ == "__main__":
    sys.exit(main())
