"""The pre-commit hooks of .pre-commit-hooks.yaml, run by the real pre-commit as a catalog repository would.

A temporary hook repository is made from the working tree (so uncommitted work is what is tested), committed,
and pointed at with ``pre-commit try-repo`` and with a ``.pre-commit-config.yaml``. pre-commit builds the
hook's
virtual environment once for the module (PRE_COMMIT_HOME is shared) by pip-installing the project.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.conftest import CATALOGS, ROOT, clean_catalog, run_cli

HOOK_REPO_FILES = ("pyproject.toml", "README.md", ".pre-commit-hooks.yaml", "genhe_lint", "lint_rules",
                   "docs")
CORRECTED = ROOT / "tests" / "examples" / "corrected" / "genhe-minzhengju.yaml"

CLEAN_CATALOG = clean_catalog("根河市民政局")

# A YAML file outside catalogs/: the hooks must not look at it (linted, it would be GL002
# invalid-catalog-format).
NOT_A_CATALOG = "name: 不是目录文件\nsteps: [a, b]\n"


@dataclass(frozen=True)
class HookRepo:
    path: Path
    rev: str
    env: dict[str, str]


def _git(cwd: Path, *args: str, env: dict[str, str]) -> str:
    done = subprocess.run(
        ["git", "-c", "user.name=genhe-lint tests", "-c", "user.email=tests@genhe-lint.invalid",
         "-c", "commit.gpgsign=false", "-c", "init.defaultBranch=main", *args],
        cwd=cwd, env=env, capture_output=True, text=True, check=True, timeout=60)
    return done.stdout.strip()


def _commit_all(path: Path, env: dict[str, str]) -> str:
    _git(path, "init", "--quiet", env=env)
    _git(path, "add", "-A", env=env)
    _git(path, "commit", "--quiet", "--no-verify", "-m", "test fixture", env=env)
    return _git(path, "rev-parse", "HEAD", env=env)


@pytest.fixture(scope="module")
def hook_repo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[HookRepo]:
    base = tmp_path_factory.mktemp("precommit")
    # No GIT_DIR/GIT_INDEX_FILE from an enclosing git hook, no user or system git config, one pre-commit
    # store.
    env = {k: v for k, v in os.environ.items() if not k.startswith(("GIT_", "PRE_COMMIT"))}
    env.update({
        "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1", "GIT_TERMINAL_PROMPT": "0",
        "PRE_COMMIT_HOME": str(base / "pre-commit-home"), "PYTHONIOENCODING": "utf-8", "NO_COLOR": "1",
    })
    env.pop("GENHE_LINT_LANG", None)
    repo = base / "hookrepo"
    repo.mkdir()
    ignore = shutil.ignore_patterns("__pycache__", "*.py[cod]")
    for name in HOOK_REPO_FILES:
        src = ROOT / name
        if src.is_dir():
            shutil.copytree(src, repo / name, ignore=ignore)
        else:
            shutil.copy2(src, repo / name)
    yield HookRepo(repo, _commit_all(repo, env), env)


def _catalog_repo(path: Path, files: dict[str, str], hooks: HookRepo, hook_id: str) -> Path:
    """A repository of catalogs whose .pre-commit-config.yaml uses ``hook_id`` from the hook repository."""
    path.mkdir()
    for name, text in files.items():
        (path / name).parent.mkdir(parents=True, exist_ok=True)
        (path / name).write_text(text, encoding="utf-8")
    (path / ".pre-commit-config.yaml").write_text(
        f"repos:\n  - repo: {hooks.path.as_posix()}\n    rev: {hooks.rev}\n"
        f"    hooks:\n      - id: {hook_id}\n",
        encoding="utf-8")
    _commit_all(path, hooks.env)
    return path


def _pre_commit(cwd: Path, hooks: HookRepo, *args: str) -> tuple[int, str]:
    done = subprocess.run(
        [sys.executable, "-m", "pre_commit", *args, "--color", "never"], cwd=cwd, env=hooks.env,
        capture_output=True, text=True, encoding="utf-8", timeout=600)
    output = done.stdout + done.stderr
    log = Path(hooks.env["PRE_COMMIT_HOME"]) / "pre-commit.log"
    if log.exists():  # pre-commit's own failure (e.g. building the hook environment): show why
        output += "\n--- pre-commit.log ---\n" + log.read_text(encoding="utf-8", errors="replace")
    return done.returncode, output


def _clean_catalog() -> str:
    return CORRECTED.read_text(encoding="utf-8") if CORRECTED.exists() else CLEAN_CATALOG


def test_try_repo_fails_on_defective_catalog(hook_repo: HookRepo, tmp_path: Path) -> None:
    bad = (CATALOGS / "genhe-minzhengju.yaml").read_text(encoding="utf-8")
    repo = _catalog_repo(tmp_path / "bad", {"catalogs/bad.yaml": bad}, hook_repo, "genhe-lint")
    code, out = _pre_commit(repo, hook_repo, "try-repo", str(hook_repo.path), "genhe-lint", "--all-files")
    assert code == 1, out
    assert "genhe-lint (政务公开目录检查)" in out, out
    assert "Failed" in out, out
    assert "catalogs/bad.yaml" in out, out
    assert "GL101" in out, out
    assert "地名“天河市”疑似写错" in out, out


def test_try_repo_passes_on_clean_catalog(hook_repo: HookRepo, tmp_path: Path) -> None:
    files = {"catalogs/good.yaml": _clean_catalog(), "config/settings.yaml": NOT_A_CATALOG}
    repo = _catalog_repo(tmp_path / "good", files, hook_repo, "genhe-lint")
    code, out = _pre_commit(repo, hook_repo, "try-repo", str(hook_repo.path), "genhe-lint", "--all-files")
    assert code == 0, out
    assert "genhe-lint (政务公开目录检查)" in out, out
    assert "Passed" in out, out


def test_config_file_runs_hook_only_on_catalog_yaml(hook_repo: HookRepo, tmp_path: Path) -> None:
    """``pre-commit run`` with the repository's own .pre-commit-config.yaml: catalogs/ at any depth, YAML
    only."""
    bad = (CATALOGS / "genhe-minzhengju.yaml").read_text(encoding="utf-8")
    files = {
        "city/catalogs/bad.yml": bad,               # nested catalogs/ folder, .yml: linted
        "catalogs/notes.txt": bad,                  # not YAML: not linted
        "config/settings.yaml": NOT_A_CATALOG,      # YAML outside catalogs/: not linted
        "catalogs/good.yaml": _clean_catalog(),
    }
    repo = _catalog_repo(tmp_path / "config", files, hook_repo, "genhe-lint")
    code, out = _pre_commit(repo, hook_repo, "run", "--all-files", "--verbose")
    assert code == 1, out
    assert "city/catalogs/bad.yml" in out, out
    assert "GL101" in out, out
    assert "notes.txt" not in out, out
    assert "settings.yaml" not in out, out
    assert "GL002" not in out, out

    # With the defective catalog gone, the same configuration passes.
    _git(repo, "rm", "--quiet", "city/catalogs/bad.yml", env=hook_repo.env)
    code, out = _pre_commit(repo, hook_repo, "run", "--all-files")
    assert code == 0, out
    assert "Passed" in out, out


def test_fix_hook_rewrites_catalog(hook_repo: HookRepo, tmp_path: Path) -> None:
    wrong = _clean_catalog_with_wrong_city()
    repo = _catalog_repo(tmp_path / "fix", {"catalogs/fix.yaml": wrong}, hook_repo, "genhe-lint-fix")
    code, out = _pre_commit(repo, hook_repo, "run", "--all-files")
    assert code == 1, out  # pre-commit fails a hook that modified files, so the fix is reviewed and staged
    assert "files were modified by this hook" in out, out
    fixed = (repo / "catalogs" / "fix.yaml").read_text(encoding="utf-8")
    assert "天河市" not in fixed
    assert "content: 根河市民政局人事任免信息" in fixed

    _git(repo, "add", "-A", env=hook_repo.env)
    code, out = _pre_commit(repo, hook_repo, "run", "--all-files")
    assert code == 0, out


def _clean_catalog_with_wrong_city() -> str:
    return CLEAN_CATALOG.replace("content: 人事任免信息", "content: 天河市民政局人事任免信息")


def test_commit_hook_uses_the_baseline_named_in_the_settings(hook_repo: HookRepo, tmp_path: Path) -> None:
    """A repository whose .genhe-lint.yaml names a baseline: the installed hook passes a commit that edits a
    catalog with recorded findings and adds none, and fails one that adds a finding (and only that one is
    shown)."""
    bad = (CATALOGS / "genhe-minzhengju.yaml").read_text(encoding="utf-8")
    files = {"catalogs/mz.yaml": bad, ".genhe-lint.yaml": "baseline: .genhe-lint-baseline.json\n"}
    repo = _catalog_repo(tmp_path / "baseline", files, hook_repo, "genhe-lint")
    recorded = run_cli("baseline", "catalogs/", cwd=repo)
    assert recorded.returncode == 0, recorded.stderr
    _git(repo, "add", "-A", env=hook_repo.env)
    _git(repo, "commit", "--quiet", "--no-verify", "-m", "record the baseline", env=hook_repo.env)
    code, out = _pre_commit(repo, hook_repo, "install")
    assert code == 0, out

    catalog = repo / "catalogs" / "mz.yaml"
    catalog.write_text(bad.replace("content: 本部门印发制定的规范性文件", "content: 本部门制定的规范性文件"),
                       encoding="utf-8")
    code, out = _commit(repo, hook_repo, "one word")
    assert code == 0, out
    assert "genhe-lint (政务公开目录检查)" in out and "Passed" in out, out

    catalog.write_text(catalog.read_text(encoding="utf-8").replace(
        "content: 本部门制定的规范性文件", "content: 天河市本部门制定的规范性文件"), encoding="utf-8")
    code, out = _commit(repo, hook_repo, "a new defect")
    assert code == 1, out
    assert "Failed" in out, out
    assert "catalogs/mz.yaml:45:" in out and "GL101" in out, out
    assert out.count("GL1") == 1, out  # the recorded findings stay hidden
    assert "另有" in out and "处已记录在基线中的问题未显示" in out, out


def _commit(repo: Path, hooks: HookRepo, message: str) -> tuple[int, str]:
    """``git commit -a``, which runs the installed pre-commit hook."""
    done = subprocess.run(
        ["git", "-c", "user.name=genhe-lint tests", "-c", "user.email=tests@genhe-lint.invalid",
         "-c", "commit.gpgsign=false", "commit", "-a", "-m", message], cwd=repo, env=hooks.env,
        capture_output=True, text=True, encoding="utf-8", timeout=600)
    return done.returncode, done.stdout + done.stderr
