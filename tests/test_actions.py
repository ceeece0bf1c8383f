"""GitHub Actions files: the workflows checked by actionlint; the composite action (action.yml) checked by its
structure, by actionlint through a workflow that uses it, by shellcheck, and by running its scripts."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.conftest import CATALOGS, ROOT, clean_catalog

WORKFLOWS = ROOT / ".github" / "workflows"
ACTION = ROOT / "action.yml"
INPUTS = {"paths": "catalogs/", "rules-dir": "", "lang": "zh", "sarif": "true", "baseline": "",
          "trusted-files": ".genhe-lint.yaml pyproject.toml", "require-approval": "true",
          "approval-label": "rules-approved", "version": ""}

CLEAN_CATALOG = clean_catalog("根河市财政局")


def _tool(name: str) -> str:
    """A tool of the dev extra: next to the running interpreter (a venv not on PATH), else on PATH."""
    for folder in (Path(sys.executable).parent, Path(sys.prefix) / "bin", Path(sys.prefix) / "Scripts"):
        for candidate in (folder / name, folder / f"{name}.exe"):
            if candidate.is_file():
                return str(candidate)
    found = shutil.which(name)
    assert found, f"{name} is not installed: pip install -e '.[dev]'"
    return found


def _actionlint(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [_tool("actionlint"), "-no-color", "-shellcheck", _tool("shellcheck"), "-pyflakes", "", *args],
        cwd=cwd, capture_output=True, text=True, encoding="utf-8", timeout=120)


def _git_repo(path: Path) -> None:
    """actionlint finds the project (and so local actions, `uses: ./`) by its git repository."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    subprocess.run(["git", "init", "--quiet", str(path)], env=env, check=True, capture_output=True,
                   timeout=60)


def _action() -> dict[str, Any]:
    loaded = yaml.safe_load(ACTION.read_text(encoding="utf-8"))
    assert isinstance(loaded, dict)
    return loaded


def _step(name: str) -> dict[str, Any]:
    steps = [s for s in _action()["runs"]["steps"] if s.get("name") == name]
    assert len(steps) == 1, f"no single step named {name!r} in action.yml"
    return steps[0]


# ---- workflows -----------------------------------------------------------------------------------

def test_workflows_pass_actionlint() -> None:
    files = sorted(WORKFLOWS.glob("*.yml"))
    assert {f.name for f in files} >= {"catalogs.yml", "ci.yml"}
    done = _actionlint(*[f.relative_to(ROOT).as_posix() for f in files], cwd=ROOT)
    assert done.returncode == 0, done.stdout + done.stderr


def test_actionlint_catches_a_broken_workflow(tmp_path: Path) -> None:
    """The check above is real: a step that interpolates untrusted input and has a shell defect fails it."""
    _git_repo(tmp_path)
    (tmp_path / ".github" / "workflows").mkdir(parents=True)
    (tmp_path / ".github" / "workflows" / "broken.yml").write_text(
        "on: pull_request\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n"
        "      - run: echo ${{ github.event.pull_request.title }} $UNQUOTED\n", encoding="utf-8")
    done = _actionlint(".github/workflows/broken.yml", cwd=tmp_path)
    assert done.returncode == 1, done.stdout + done.stderr
    assert "potentially untrusted" in done.stdout
    assert "SC2086" in done.stdout  # shellcheck ran


def test_catalog_workflow_steps() -> None:
    """Pull requests run the base branch's action and linter (checked out apart); main runs its own."""
    workflow = yaml.safe_load((WORKFLOWS / "catalogs.yml").read_text(encoding="utf-8"))
    on = workflow[True]  # YAML 1.1 reads the key `on` as a boolean
    assert set(on["pull_request"]["paths"]) >= {"catalogs/**", "lint_rules/**", ".genhe-lint.yaml"}
    assert "labeled" in on["pull_request"]["types"]
    assert on["push"]["branches"] == ["main"]
    job = workflow["jobs"]["genhe-lint"]
    assert job["permissions"] == {"contents": "read", "security-events": "write"}
    steps = {s.get("name", s.get("uses")): s for s in job["steps"]}
    trusted = steps["Check out the base branch (trusted)"]
    assert trusted["with"]["ref"] == "${{ github.event.pull_request.base.sha }}"
    pull = steps["genhe-lint (pull request, base branch's rules)"]
    assert pull["uses"] == f"./{trusted['with']['path']}" and "pull_request" in pull["if"]
    assert "lint_rules" in pull["with"]["trusted-files"].split()
    push = steps["genhe-lint (main, against the baseline)"]
    assert push["uses"] == "./" and push["with"]["baseline"] == ".genhe-lint-baseline.json"


# ---- the composite action ------------------------------------------------------------------------

def test_action_structure() -> None:
    action = _action()
    assert action["runs"]["using"] == "composite"
    assert {name: spec.get("default") for name, spec in action["inputs"].items()} == INPUTS
    assert all(spec.get("description") for spec in action["inputs"].values())
    text = ACTION.read_text(encoding="utf-8")
    used = set(re.findall(r"\binputs\.([A-Za-z0-9_-]+)", text))
    assert used == set(INPUTS), f"inputs used {sorted(used)} vs declared {sorted(INPUTS)}"
    for step in action["runs"]["steps"]:
        if "run" not in step:
            continue
        script = step["run"]
        assert "${{ inputs." not in script, \
            f"step {step.get('name')!r} interpolates an input: pass it via env"
        assert "${{" not in script, f"step {step.get('name')!r} interpolates an expression: pass it via env"
        assert step.get("shell") == "bash", step.get("name")
        assert script.startswith("set -euo pipefail\n"), step.get("name")
    uses = [s["uses"] for s in action["runs"]["steps"] if "uses" in s]
    assert any(u.startswith("actions/setup-python@") for u in uses)
    assert any(u.startswith("github/codeql-action/upload-sarif@") for u in uses)


def test_actionlint_reads_the_action(tmp_path: Path) -> None:
    """A workflow using the action (`uses: ./`): actionlint parses action.yml and checks the inputs given."""
    _git_repo(tmp_path)
    shutil.copy2(ACTION, tmp_path / "action.yml")
    (tmp_path / ".github" / "workflows").mkdir(parents=True)
    with_inputs = "".join(f"          {name}: value\n" for name in INPUTS)
    workflow = ("on: push\njobs:\n  lint:\n    runs-on: ubuntu-latest\n    permissions:\n"
                "      contents: read\n      security-events: write\n    steps:\n"
                "      - uses: actions/checkout@v5\n      - uses: ./\n        with:\n" + with_inputs)
    good = tmp_path / ".github" / "workflows" / "use.yml"
    good.write_text(workflow, encoding="utf-8")
    done = _actionlint(".github/workflows/use.yml", cwd=tmp_path)
    assert done.returncode == 0, done.stdout + done.stderr

    good.write_text(workflow + "          no-such-input: value\n", encoding="utf-8")
    done = _actionlint(".github/workflows/use.yml", cwd=tmp_path)
    assert done.returncode == 1, done.stdout + done.stderr
    assert 'input "no-such-input" is not defined in action "genhe-lint"' in done.stdout


def test_action_scripts_pass_actionlint_and_shellcheck(tmp_path: Path) -> None:
    """actionlint does not look inside a composite action's scripts: check them as steps of a workflow."""
    _git_repo(tmp_path)
    steps = []
    for step in _action()["runs"]["steps"]:
        if "run" in step:
            env = {key: f"placeholder-{key.lower()}" for key in step.get("env", {})}
            steps.append({"name": step["name"], "shell": step["shell"], "env": env, "run": step["run"]})
    assert len(steps) == 5
    workflow = {"on": "push", "jobs": {"scripts": {"runs-on": "ubuntu-latest", "steps": steps}}}
    (tmp_path / ".github" / "workflows").mkdir(parents=True)
    (tmp_path / ".github" / "workflows" / "scripts.yml").write_text(
        yaml.safe_dump(workflow, allow_unicode=True, sort_keys=False), encoding="utf-8")
    done = _actionlint(".github/workflows/scripts.yml", cwd=tmp_path)
    assert done.returncode == 0, done.stdout + done.stderr


# ---- running the action's scripts as the runner would --------------------------------------------

def _run_step(name: str, env: dict[str, str],
              cwd: Path) -> tuple[subprocess.CompletedProcess[str], dict[str, str]]:
    """Run one step's script with bash, as a runner does: GITHUB_OUTPUT and RUNNER_TEMP, the step's env."""
    output = cwd / f"github-output-{name.replace(' ', '-')}"
    output.write_text("", encoding="utf-8")
    full_env = {**os.environ, "PYTHONIOENCODING": "utf-8", "NO_COLOR": "1", "GITHUB_OUTPUT": str(output),
                "RUNNER_TEMP": str(cwd / "runner-temp"), **env}
    (cwd / "runner-temp").mkdir(exist_ok=True)
    done = subprocess.run(
        ["bash", "--noprofile", "--norc", "-e", "-o", "pipefail", "-c", _step(name)["run"]],
        cwd=cwd, env=full_env, capture_output=True, text=True, encoding="utf-8", timeout=300)
    lines = output.read_text(encoding="utf-8").splitlines()
    outputs = dict(line.split("=", 1) for line in lines if "=" in line)
    return done, outputs


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, str]]:
    """The action's install step, run for real: a virtual environment with this checkout pip-installed."""
    work = tmp_path_factory.mktemp("action")
    done, outputs = _run_step("Install genhe-lint", {
        "PYTHON": sys.executable, "GENHE_LINT_VERSION": "", "GENHE_LINT_ACTION_PATH": str(ROOT)}, work)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "genhe-lint" in done.stdout  # the --version line
    exe = outputs["genhe-lint"]
    assert Path(exe).is_file() and Path(exe).is_relative_to(work / "runner-temp"), exe
    yield work, exe


def _trusted_env(base_sha: str = "", rules_dir: str = "", baseline: str = "", labels: str = "[]",
                 require: str = "true") -> dict[str, str]:
    return {"BASE_SHA": base_sha, "LABELS": labels, "GENHE_LINT_RULES_DIR": rules_dir,
            "GENHE_LINT_BASELINE": baseline, "GENHE_LINT_TRUSTED_FILES": INPUTS["trusted-files"],
            "GENHE_LINT_REQUIRE_APPROVAL": require, "GENHE_LINT_APPROVAL_LABEL": INPUTS["approval-label"]}


def _lint_env(exe: str, paths: str, work: Path, rules_dir: str = "", lang: str = "zh",
              trusted: dict[str, str] | None = None) -> dict[str, str]:
    """The lint steps' environment, after running the trusted-settings step that writes their arguments."""
    step_env = trusted or _trusted_env(rules_dir=rules_dir)
    done, outputs = _run_step("Take the rules from the base branch", step_env, work)
    assert done.returncode == 0, done.stdout + done.stderr
    return {"GENHE_LINT": exe, "GENHE_LINT_PATHS": paths, "GENHE_LINT_ARGS": outputs["args"],
            "GENHE_LINT_LANG": lang}


def test_action_lint_step(installed: tuple[Path, str]) -> None:
    work, exe = installed
    (work / "catalogs").mkdir(exist_ok=True)
    shutil.copy2(CATALOGS / "genhe-minzhengju.yaml", work / "catalogs" / "bad.yaml")
    (work / "catalogs" / "good.yaml").write_text(CLEAN_CATALOG, encoding="utf-8")

    done, _ = _run_step("Lint catalogs", _lint_env(exe, "catalogs/good.yaml", work), work)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "::error" not in done.stdout

    # Several paths, one a line (a YAML block in `with:`), and English messages.
    env = _lint_env(exe, "catalogs/good.yaml\ncatalogs/bad.yaml\n", work, lang="en")
    done, _ = _run_step("Lint catalogs", env, work)
    assert done.returncode == 1, done.stdout + done.stderr
    assert "::error file=catalogs/bad.yaml,line=" in done.stdout
    assert "title=GL101 wrong-region-name::" in done.stdout
    assert "::error file=catalogs/good.yaml" not in done.stdout  # warnings (standard items) only

    done, _ = _run_step("Lint catalogs", _lint_env(exe, "catalogs/", work, rules_dir="no-such-dir"), work)
    assert done.returncode == 2, done.stdout + done.stderr


def test_action_sarif_step(installed: tuple[Path, str]) -> None:
    work, exe = installed
    (work / "catalogs").mkdir(exist_ok=True)
    shutil.copy2(CATALOGS / "genhe-minzhengju.yaml", work / "catalogs" / "bad.yaml")

    # Findings (exit 1 of genhe-lint) do not fail this step: the lint step reports them.
    done, outputs = _run_step("Produce SARIF", _lint_env(exe, "catalogs/", work), work)
    assert done.returncode == 0, done.stdout + done.stderr
    sarif = json.loads(Path(outputs["file"]).read_text(encoding="utf-8"))
    assert sarif["version"] == "2.1.0"
    results = sarif["runs"][0]["results"]
    assert any(r["ruleId"] == "GL101" for r in results)

    # A configuration error does.
    broken = _lint_env(exe, "catalogs/", work, rules_dir="no-such-dir")
    done, outputs = _run_step("Produce SARIF", broken, work)
    assert done.returncode == 2, done.stdout + done.stderr
    assert "file" not in outputs


def _git(*args: str, cwd: Path) -> str:
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    done = subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@example.invalid",
                           "-c", "commit.gpgsign=false", *args], cwd=cwd, env=env, capture_output=True,
                          text=True, encoding="utf-8", check=True, timeout=60)
    return done.stdout.strip()


def _base_repo(tmp_path: Path) -> tuple[Path, str]:
    """A catalog repository with one commit (the base branch): a real catalog and a clean one."""
    repo = tmp_path / "repo"
    (repo / "catalogs").mkdir(parents=True)
    shutil.copy2(CATALOGS / "genhe-minzhengju.yaml", repo / "catalogs" / "mz.yaml")
    (repo / "catalogs" / "good.yaml").write_text(CLEAN_CATALOG, encoding="utf-8")
    _git("init", "-q", cwd=repo)
    _git("add", "-A", cwd=repo)
    _git("commit", "-qm", "base", cwd=repo)
    return repo, _git("rev-parse", "HEAD", cwd=repo)


def test_a_pull_request_is_linted_with_the_base_branch_rules(installed: tuple[Path, str],
                                                             tmp_path: Path) -> None:
    """The pull request adds a defect and a `.genhe-lint.yaml` that switches every rule off: the gate keeps
    the base branch's settings, reports the new defect only, names the settings change in the job summary,
    and fails until the approval label is there."""
    _, exe = installed
    repo, base = _base_repo(tmp_path)
    (repo / ".genhe-lint.yaml").write_text("ignore: [GL]\nexclude: ['*']\n", encoding="utf-8")
    good = repo / "catalogs" / "good.yaml"
    wrong = good.read_text(encoding="utf-8").replace("人事任免信息", "天河市人事任免信息")
    good.write_text(wrong, encoding="utf-8")
    _git("add", "-A", cwd=repo)
    _git("commit", "-qm", "pull request", cwd=repo)
    summary = tmp_path / "summary.md"

    trusted = {**_trusted_env(base_sha=base), "GITHUB_STEP_SUMMARY": str(summary)}
    done, _ = _run_step("Take the rules from the base branch", trusted, repo)
    assert done.returncode == 1, done.stdout + done.stderr
    assert "::error title=genhe-lint::" in done.stdout and "rules-approved" in done.stdout
    assert "`.genhe-lint.yaml`" in summary.read_text(encoding="utf-8")

    approved = {**trusted, "LABELS": '["documentation", "rules-approved"]'}
    done, outputs = _run_step("Take the rules from the base branch", approved, repo)
    assert done.returncode == 0, done.stdout + done.stderr
    lint_env = {"GENHE_LINT": exe, "GENHE_LINT_PATHS": "catalogs/", "GENHE_LINT_ARGS": outputs["args"],
                "GENHE_LINT_LANG": "zh"}
    done, _ = _run_step("Lint catalogs", lint_env, repo)
    assert done.returncode == 1, done.stdout + done.stderr
    errors = [line for line in done.stdout.splitlines() if line.startswith("::error")]
    assert len(errors) == 1 and "file=catalogs/good.yaml" in errors[0] and "GL101" in errors[0], errors

    # The same pull request without the settings change needs no approval.
    (repo / ".genhe-lint.yaml").unlink()
    _git("commit", "-qam", "drop the settings", cwd=repo)
    done, _ = _run_step("Take the rules from the base branch", trusted, repo)
    assert done.returncode == 0, done.stdout + done.stderr


def test_a_pull_request_summary_lists_new_findings_then_the_changed_items(installed: tuple[Path, str],
                                                                         tmp_path: Path) -> None:
    """The summary step, run after the trusted step as on a pull request: the findings the pull request
    introduces come first, then its changes to the catalogs' items; on a push it writes nothing."""
    _, exe = installed
    repo, base = _base_repo(tmp_path)
    good = repo / "catalogs" / "good.yaml"
    good.write_text(good.read_text(encoding="utf-8").replace("人事任免信息", "天河市人事任免信息")
                    .replace("name: 人事信息", "name: 人事信息公开"), encoding="utf-8")
    _git("commit", "-qam", "pull request", cwd=repo)
    summary = tmp_path / "summary.md"

    done, outputs = _run_step("Take the rules from the base branch", _trusted_env(base_sha=base), repo)
    assert done.returncode == 0, done.stdout + done.stderr
    env = {"GENHE_LINT": exe, "GENHE_LINT_PATHS": "catalogs/", "GENHE_LINT_ARGS": outputs["args"],
           "GENHE_LINT_LANG": "zh", "BASE_SHA": base, "GITHUB_STEP_SUMMARY": str(summary)}
    done, _ = _run_step("Summarize the pull request", env, repo)
    assert done.returncode == 0, done.stdout + done.stderr
    text = summary.read_text(encoding="utf-8")
    assert text.startswith("### genhe-lint：本次改动带来的问题（"), text
    assert text.index("本次改动带来的问题") < text.index("### genhe-lint：本次改动的事项"), text
    finding = [line for line in text.splitlines() if line.startswith("| 错误 |")]
    assert len(finding) == 1 and "GL101" in finding[0] and "catalogs/good.yaml:" in finding[0], text
    rows = [line for line in text.splitlines() if line.startswith("| ") and "catalogs/good.yaml |" in line]
    assert rows == [
        "| 一级事项改名 | catalogs/good.yaml | 人事信息公开 | 人事信息 | 人事信息公开 | 5 |",
        "| 修改公开内容 | catalogs/good.yaml | 人事信息公开 | 人事任免信息 | 天河市人事任免信息 | 6 |",
    ], text

    # A push: no pull request, no summary.
    summary.unlink()
    done, _ = _run_step("Summarize the pull request", {**env, "BASE_SHA": ""}, repo)
    assert done.returncode == 0, done.stdout + done.stderr
    assert not summary.exists()

    # An unknown base revision is a failure of the step, not an empty summary.
    done, _ = _run_step("Summarize the pull request", {**env, "BASE_SHA": "0" * 40}, repo)
    assert done.returncode == 2, done.stdout + done.stderr
