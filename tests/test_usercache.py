"""The user's cache of validated rule data and settings: found where the user keeps caches, never in the
linted folder; a warm start imports no pydantic; a broken, foreign or linked entry is never believed."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from genhe_lint import ruledata, usercache
from genhe_lint.config import settings
from genhe_lint.ruledata import files
from tests.conftest import ROOT


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """An empty cache of this test's own; rule data loaded afresh (not from this process's memory)."""
    folder = tmp_path / "cache-home"
    monkeypatch.setenv(usercache.ENV, str(folder))
    files._load_cached.cache_clear()
    yield folder
    files._load_cached.cache_clear()


def _entries(home: Path, kind: str) -> list[Path]:
    return sorted((home / kind).glob("*.json"))


def _unvalidated(monkeypatch: pytest.MonkeyPatch) -> None:
    """From here on, validating anything is a test failure: results must come from the cache."""
    def refuse(*args: object) -> None:
        raise AssertionError("validated again")

    monkeypatch.setattr(files, "_validate_file", refuse)
    monkeypatch.setattr(settings, "_validated", refuse)


def test_where_the_cache_lives(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv(usercache.ENV, str(tmp_path / "own"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert usercache.cache_home() == tmp_path / "own"
    monkeypatch.delenv(usercache.ENV)
    assert usercache.cache_home() == tmp_path / "xdg" / "genhe-lint"
    monkeypatch.setenv("XDG_CACHE_HOME", "relative/cache")  # not absolute: ignored, as the XDG spec says
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert usercache.cache_home() == tmp_path / "home" / ".cache" / "genhe-lint"


def test_rule_data_is_validated_once_then_read_from_the_cache(home: Path, monkeypatch: pytest.MonkeyPatch,
                                                              data: ruledata.RuleData) -> None:
    cold = ruledata.load()
    [entry] = _entries(home, files.CACHE_KIND)
    stored = json.loads(entry.read_text(encoding="utf-8"))
    assert stored["key"] == entry.stem and sorted(stored["value"]) == sorted(ruledata.FILE_NAMES)
    files._load_cached.cache_clear()
    _unvalidated(monkeypatch)
    warm = ruledata.load()
    assert warm is not cold
    for name in ("region", "departments", "department_forms", "references", "channels", "audiences",
                 "higher_level", "substitutions", "literal_tags", "standard", "match_score", "sources",
                 "fingerprint", "placeholder_starts"):
        assert getattr(warm, name) == getattr(cold, name) == getattr(data, name), name
    assert [(n, p.pattern) for n, p in warm.deadlines] == [(n, p.pattern) for n, p in cold.deadlines]
    assert warm.placeholder_re is not None and cold.placeholder_re is not None
    assert warm.placeholder_re.pattern == cold.placeholder_re.pattern


def test_another_data_file_is_another_entry(home: Path, tmp_path: Path) -> None:
    extra = tmp_path / "rules"
    extra.mkdir()
    ruledata.load()
    (extra / "higher_level.yaml").write_text("phrases:\n  - phrase: 全盟市\n", encoding="utf-8")
    assert "全盟市" in ruledata.load((str(extra),)).higher_level
    (extra / "higher_level.yaml").write_text("phrases:\n  - phrase: 全旗\n", encoding="utf-8")
    files._load_cached.cache_clear()
    changed = ruledata.load((str(extra),))
    assert "全旗" in changed.higher_level and "全盟市" not in changed.higher_level
    assert len(_entries(home, files.CACHE_KIND)) == 3


@pytest.mark.parametrize("damage", ["truncated", "not json", "foreign key", "not a dump", "wrong shape",
                                    "empty"])
def test_a_damaged_entry_is_ignored_and_rebuilt(home: Path, damage: str, data: ruledata.RuleData) -> None:
    ruledata.load()
    [entry] = _entries(home, files.CACHE_KIND)
    text = entry.read_text(encoding="utf-8")
    stored = json.loads(text)
    entry.write_text({
        "truncated": text[: len(text) // 2],
        "not json": "\0\1\2",
        "foreign key": json.dumps({"key": "0" * 64, "value": stored["value"]}),
        "not a dump": json.dumps({"key": entry.stem, "value": [1, 2, 3]}),
        "wrong shape": json.dumps({"key": entry.stem, "value": {n: {"x": 1} for n in ruledata.FILE_NAMES}}),
        "empty": "",
    }[damage], encoding="utf-8")
    files._load_cached.cache_clear()
    rebuilt = ruledata.load()
    assert rebuilt.departments == data.departments and rebuilt.region == data.region
    assert json.loads(entry.read_text(encoding="utf-8")) == stored


def test_a_broken_file_is_never_believed_valid(home: Path, tmp_path: Path) -> None:
    """Whatever an entry of a valid file's key says, a broken file has a key of its own and is validated."""
    extra = tmp_path / "rules"
    extra.mkdir()
    (extra / "channels.yaml").write_text("channels:\n  - id: x\n    nmae: 新渠道\n", encoding="utf-8")
    for _ in range(2):
        files._load_cached.cache_clear()
        with pytest.raises(ruledata.RuleDataError):
            ruledata.load((str(extra),))
    assert _entries(home, files.CACHE_KIND) == []  # nothing is stored for data that does not validate


def test_entries_are_neither_read_nor_written_through_links(home: Path, tmp_path: Path,
                                                           data: ruledata.RuleData) -> None:
    ruledata.load()
    [entry] = _entries(home, files.CACHE_KIND)
    stored = entry.read_text(encoding="utf-8")
    elsewhere = tmp_path / "elsewhere.json"
    elsewhere.write_text(stored, encoding="utf-8")
    entry.unlink()
    entry.symlink_to(elsewhere)
    assert usercache.read(files.CACHE_KIND, entry.stem) is None
    files._load_cached.cache_clear()
    assert ruledata.load().departments == data.departments
    assert not entry.is_symlink() and json.loads(entry.read_text(encoding="utf-8")) == json.loads(stored)
    assert elsewhere.read_text(encoding="utf-8") == stored
    # a linked cache folder is not written into
    target = tmp_path / "target"
    target.mkdir()
    home.mkdir(exist_ok=True)
    os.symlink(target, home / "linked")
    usercache.write("linked", "k", {"a": 1})
    assert list(target.iterdir()) == []


def test_an_unwritable_cache_is_no_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                         data: ruledata.RuleData) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("", encoding="utf-8")
    monkeypatch.setenv(usercache.ENV, str(blocker / "cache"))
    files._load_cached.cache_clear()
    try:
        assert ruledata.load().departments == data.departments
    finally:
        files._load_cached.cache_clear()


def test_settings_are_validated_once_then_read_from_the_cache(home: Path, tmp_path: Path,
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    config = tmp_path / ".genhe-lint.yaml"
    config.write_text("severity: {GL105: error}\nrules-dirs: [more]\nlang: en\n", encoding="utf-8")
    cold = settings.load_file(config)
    assert len(_entries(home, settings.CACHE_KIND)) == 1
    _unvalidated(monkeypatch)
    warm = settings.load_file(config)
    assert warm == cold and repr(warm) == repr(cold)  # the repr is part of the result cache's key
    assert warm.rules_dirs == [str(tmp_path / "more")] and warm.lang == "en"
    pyproject = tmp_path / "pyproject.toml"
    pyproject.write_text("[tool.genhe-lint]\nignore = ['GL105']\n", encoding="utf-8")
    with pytest.raises(AssertionError, match="validated again"):
        settings.load_file(pyproject)


_PROBE = """
import sys
from genhe_lint import ruledata
from genhe_lint.config import settings
from pathlib import Path
ruledata.load()
settings.load_file(Path(sys.argv[1]))
print("pydantic" in sys.modules)
"""


def test_a_warm_start_imports_no_pydantic(home: Path, tmp_path: Path) -> None:
    config = tmp_path / ".genhe-lint.yaml"
    config.write_text("select: [GL1]\n", encoding="utf-8")
    env = {**os.environ, usercache.ENV: str(home)}
    runs = [subprocess.run([sys.executable, "-c", _PROBE, str(config)], env=env, cwd=ROOT,
                           capture_output=True, text=True, timeout=120).stdout.strip() for _ in range(2)]
    assert runs == ["True", "False"]


def test_an_entry_in_the_linted_folder_is_never_read(home: Path, tmp_path: Path) -> None:
    """An entry planted where the linted files are (a pull request can add anything), under the very key of
    broken rule data and saying it is valid, changes nothing: the data is validated and the error reported."""
    ruledata.load()
    [valid] = _entries(home, files.CACHE_KIND)
    value = json.loads(valid.read_text(encoding="utf-8"))["value"]
    repo = tmp_path / "repo"
    extra = repo / "rules"
    extra.mkdir(parents=True)
    broken = extra / "channels.yaml"
    broken.write_text("channels:\n  - id: x\n    nmae: 新渠道\n", encoding="utf-8")
    sources = [ruledata.default_dir() / name for name in ruledata.FILE_NAMES] + [broken]
    key = files._cache_key((p.name, p.read_bytes()) for p in sources)
    for folder in ("ruledata", ".genhe-lint-cache/ruledata", "genhe-lint/ruledata",
                   ".cache/genhe-lint/ruledata"):
        (repo / folder).mkdir(parents=True)
        (repo / folder / f"{key}.json").write_text(json.dumps({"key": key, "value": value}), encoding="utf-8")
    (repo / "c.yaml").write_text("department: 根河市民政局\nsections: []\n", encoding="utf-8")
    env = {**os.environ, "HOME": str(tmp_path / "home"), "XDG_CACHE_HOME": str(tmp_path / "xdg")}
    env.pop(usercache.ENV, None)
    proc = subprocess.run([sys.executable, "-m", "genhe_lint", "check", "c.yaml", "--rules-dir", "rules"],
                          cwd=repo, env=env, capture_output=True, text=True, encoding="utf-8", timeout=120)
    assert proc.returncode == 2 and "channels.yaml:3:" in proc.stderr
