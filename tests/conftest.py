from __future__ import annotations

import atexit
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from genhe_lint import ruledata
from genhe_lint.diagnostic import Diagnostic
from genhe_lint.lint.options import Selection
from genhe_lint.lint.passes import lint_text

ROOT = Path(__file__).resolve().parent.parent
CATALOGS = ROOT / "catalogs"

# The user's cache of validated rule data and settings: a folder of the test session's own, which the tool
# run as a subprocess inherits; never the user's.
CACHE_HOME = Path(tempfile.mkdtemp(prefix="genhe-lint-cache-"))
os.environ["GENHE_LINT_CACHE_HOME"] = str(CACHE_HOME)
atexit.register(shutil.rmtree, CACHE_HOME, True)


def clean_catalog(department: str) -> str:
    """A small catalog with no error-level finding (standard items are missing: warnings only)."""
    return (f"version: 1\ndepartment: {department}\nsections:\n  - serial: 1\n    name: 人事信息\n"
            "    content: 人事任免信息\n    deadline: 即时公开\n    publisher: 办公室\n"
            "    channels: [政府网站]\n"
            "    audience: [全社会]\n    unit: 办公室\n")


@pytest.fixture(scope="session")
def data() -> ruledata.RuleData:
    return ruledata.load()


def lint(text: str, data: ruledata.RuleData, *codes: str) -> list[Diagnostic]:
    return lint_text(text, data, "case.yaml", Selection(select=codes) if codes else None)


def run_cli(*args: str, cwd: Path = ROOT, env: dict[str, str] | None = None,
            stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    """Run the tool as users do: a separate process, ``python -m genhe_lint``."""
    full_env = {**os.environ, "PYTHONIOENCODING": "utf-8", "NO_COLOR": "1", "COLUMNS": "200", **(env or {})}
    full_env.pop("GENHE_LINT_LANG", None)
    return subprocess.run(
        [sys.executable, "-m", "genhe_lint", *args], cwd=cwd, env=full_env, capture_output=True,
        text=True, encoding="utf-8", input=stdin, timeout=120)
