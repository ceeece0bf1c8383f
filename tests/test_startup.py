"""Start-up: the one entry point, a time budget for one catalog, and what a run imports.

typer parses every invocation; speed comes from each command importing what it needs in its body. What is
held here: pydantic, rich, the process pool and the other commands' modules stay out of a plain one-file
check once the caches are warm (validated rule data and settings come from the user cache), and
``--version`` loads nothing of the linter.
"""

from __future__ import annotations

import os
import resource
import subprocess
import sys
import tomllib
from pathlib import Path

from genhe_lint import __version__
from tests.conftest import ROOT

MZ = "catalogs/genhe-minzhengju.yaml"

# Seconds of CPU for one catalog: generous, so that it catches an order of magnitude (a command importing
# the world, a process pool started for one file), not a slower machine.
ONE_FILE_CPU_BUDGET = 1.5

_PROBE = """
import atexit, sys
atexit.register(lambda: sys.stderr.write("MODULES " + " ".join(sorted(sys.modules)) + "\\n"))
sys.argv = ["genhe-lint", *sys.argv[1:]]
from genhe_lint.cli import main
main()
"""


def _env() -> dict[str, str]:
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    for name in ("GENHE_LINT_LANG", "FORCE_COLOR", "TTY_COMPATIBLE"):
        env.pop(name, None)
    return env


def _probe(*args: str) -> tuple[int, str, set[str]]:
    """Exit code, stdout and the modules loaded by the end of a run (through the console script's entry)."""
    proc = subprocess.run([sys.executable, "-c", _PROBE, *args], cwd=ROOT, env=_env(), capture_output=True,
                          text=True, encoding="utf-8", timeout=120)
    line = next(line for line in proc.stderr.splitlines() if line.startswith("MODULES"))
    return proc.returncode, proc.stdout, set(line.split()[1:])


def test_console_script_and_module_start_in_one_entry() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert project["project"]["scripts"]["genhe-lint"] == "genhe_lint.cli:main"
    module_entry = (ROOT / "genhe_lint" / "__main__.py").read_text(encoding="utf-8")
    assert "from genhe_lint.cli import main" in module_entry


def test_only_typer_reads_the_command_line() -> None:
    readers = [path.relative_to(ROOT).as_posix() for path in (ROOT / "genhe_lint").rglob("*.py")
               if "sys.argv" in path.read_text(encoding="utf-8")]
    assert readers == []


def test_a_plain_one_file_check_imports_only_what_it_uses(tmp_path: Path) -> None:
    args = ("check", MZ, "--cache-dir", str(tmp_path))
    code, out, _ = _probe(*args)  # cold: fills the caches
    assert code == 1 and "GL101" in out
    code, out, modules = _probe(*args)
    assert code == 1 and "GL101" in out
    unwanted = {"rich", "pydantic", "multiprocessing", "genhe_lint.ruledata.models",
                "genhe_lint.output.report",
                "genhe_lint.output.json_format", "genhe_lint.lint.fix", "openpyxl", "docx"}
    assert modules & unwanted == set()
    assert not [m for m in modules if m.startswith(("genhe_lint.convert.", "rich."))]
    assert {"typer", "genhe_lint.lint.runner", "genhe_lint.output.text"} <= modules


def test_version_loads_nothing_of_the_linter() -> None:
    code, out, modules = _probe("--version")
    assert (code, out) == (0, f"genhe-lint {__version__}\n")
    linter = ("genhe_lint.lint", "genhe_lint.rules", "pydantic", "rich")
    assert not [m for m in modules if m.startswith(linter)]


def test_one_file_within_the_time_budget() -> None:
    """The CPU time of the hook's call (``genhe-lint check FILE``), the best of three: CPU time, not wall
    time, so a busy machine does not fail it."""
    best = float("inf")
    for _ in range(3):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        proc = subprocess.run([sys.executable, "-m", "genhe_lint", "check", MZ, "--no-cache"], cwd=ROOT,
                              env=_env(), capture_output=True, timeout=120)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        assert proc.returncode == 1
        best = min(best, after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
    assert best < ONE_FILE_CPU_BUDGET
