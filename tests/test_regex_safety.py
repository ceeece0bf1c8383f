"""No pattern of the rule data can hang a run: every one runs on RE2 (linear time) or is refused at load."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from genhe_lint import ruledata
from genhe_lint.ruledata.patterns import PatternError, Placeholders, Regex, check, check_class
from tests.conftest import ROOT, run_cli

HOSTILE = ["(a+)+$", "(a|a)*b", "(x+x+)+y"]
# A backtracking engine takes hours on these patterns against a few dozen characters; the catalog's line
# is thousands of characters long.
LINE = "a" * 20000 + "x" * 20000 + "!"
BOUND = 10  # seconds for the whole run, start-up included


def _catalog(tmp_path: Path) -> Path:
    catalog = tmp_path / "catalog.yaml"
    catalog.write_text(
        "version: 1\ndepartment: 根河市民政局\nsections:\n  - serial: 1\n    name: 人事信息\n"
        f"    content: {LINE}\n    deadline: {LINE}\n    publisher: 办公室\n", encoding="utf-8")
    return catalog


def _run(tmp_path: Path, rules: dict[str, str]) -> subprocess.CompletedProcess[str]:
    folder = tmp_path / "rules"
    folder.mkdir(exist_ok=True)
    for name, text in rules.items():
        (folder / name).write_text(text, encoding="utf-8")
    catalog = _catalog(tmp_path)
    started = time.monotonic()
    try:
        proc = subprocess.run(
            [sys.executable, "-m", "genhe_lint", "check", str(catalog), "--format", "json", "--no-cache",
             "--rules-dir", str(folder)],
            cwd=ROOT, capture_output=True, text=True, encoding="utf-8", timeout=BOUND,
            env={**_env(), "PYTHONIOENCODING": "utf-8", "NO_COLOR": "1"})
    except subprocess.TimeoutExpired:
        pytest.fail(f"the run took over {BOUND} s")
    assert time.monotonic() - started < BOUND
    return proc


def _env() -> dict[str, str]:
    import os

    return dict(os.environ)


@pytest.mark.parametrize("pattern", HOSTILE)
def test_a_catastrophic_placeholder_pattern_lints_in_linear_time(tmp_path: Path, pattern: str) -> None:
    proc = _run(tmp_path, {"placeholders.yaml": f"placeholders:\n  - pattern: '{pattern}'\n"})
    assert proc.returncode in (0, 1), proc.stderr
    found = {d["data"]["found"] for d in json.loads(proc.stdout)["diagnostics"] if d["code"] == "GL106"}
    expected = {m.group() for m in Placeholders(((pattern, None, None),)).finditer(LINE)}
    assert found == expected


@pytest.mark.parametrize("pattern", HOSTILE)
def test_a_catastrophic_deadline_pattern_lints_in_linear_time(tmp_path: Path, pattern: str) -> None:
    proc = _run(tmp_path, {"deadlines.yaml": f"deadlines:\n  - name: hostile\n    pattern: '{pattern}'\n",
                           "template.yaml": "sections:\n  - name: 人事信息\n"
                                            f"    deadline: '{pattern}'\n"})
    assert proc.returncode in (0, 1), proc.stderr
    codes = [d["code"] for d in json.loads(proc.stdout)["diagnostics"]]
    assert "GL402" in codes  # the long line is no accepted wording


def test_a_back_reference_given_through_rules_dir_is_refused(tmp_path: Path) -> None:
    proc = _run(tmp_path, {"placeholders.yaml": "placeholders:\n  - pattern: (a+)\\1+$\n"})
    assert proc.returncode == 2
    assert "placeholders.yaml:2:18: placeholders.0.pattern: 不支持反向引用“\\1”" in proc.stderr
    assert "back-reference '\\1' is not supported; write the repeated text out" in proc.stderr


def test_a_look_around_is_refused_with_what_to_write_instead(tmp_path: Path) -> None:
    folder = tmp_path / "rules"
    folder.mkdir()
    (folder / "placeholders.yaml").write_text(
        "placeholders:\n  - pattern: '(?<![A-Za-z])XX'\n", encoding="utf-8")
    proc = run_cli("check", "catalogs/", "--rules-dir", str(folder))
    assert proc.returncode == 2
    assert "placeholders.yaml:2:15: placeholders.0.pattern: 不支持后顾断言“(?<!”" in proc.stderr
    assert "not_after" in proc.stderr and "look-behind '(?<!' is not supported" in proc.stderr


@pytest.mark.parametrize(("pattern", "kind", "says"), [
    ("(?<=a)b", "placeholder", "not_after"),
    ("a(?!b)", "placeholder", "not_before"),
    ("a(?=b)", "deadline", "write the accepted wordings out"),
    ("(a)(?P=x)", "deadline", "back-reference '(?P='"),
    ("(?P<x>a)", "placeholder", "named group '(?P<' is not needed"),
    ("(?<x>a)", "deadline", "named group '(?<' is not needed"),
    ("a++", "placeholder", "possessive quantifier"),
    ("(?>ab)", "placeholder", "atomic group"),
    ("ab\\Z", "deadline", "write \\z"),
    ("\\u3000", "placeholder", "\\x{4E00}"),
    ("a{,3}b", "placeholder", "write {0,n}"),
    ("a\\Cb", "placeholder", "one byte of a character"),
    ("x*", "placeholder", "must not match empty text"),
    ("(", "deadline", "not a valid regular expression (RE2 syntax)"),
])
def test_what_re2_lacks_is_named_with_what_to_write(pattern: str, kind: str, says: str) -> None:
    with pytest.raises(PatternError, match=re.escape(says)):
        check(pattern, kind)  # type: ignore[arg-type]


@pytest.mark.parametrize("pattern", ["[(?=]x", r"\(?=x", "[]a]b", r"a\\1", "(?:ab)+?c", "[[:alpha:]]x"])
def test_the_same_characters_outside_a_construct_are_allowed(pattern: str) -> None:
    check(pattern, "placeholder")


@pytest.mark.parametrize("value", ["[A-Za-z]", "[^0-9]", r"[\]\[]", "[[:alpha:]_]", "[ａ-ｚ]"])
def test_a_character_class_is_a_context(value: str) -> None:
    check_class(value)


@pytest.mark.parametrize("value", ["A-Za-z", "[]", "[^]", "[a]b[c]", "[a", r"[a\]", "(a)", "[a]]"])
def test_anything_else_is_no_context(value: str) -> None:
    with pytest.raises(PatternError, match="must be one character class"):
        check_class(value)


def test_a_context_that_is_not_a_class_is_refused_at_load(tmp_path: Path) -> None:
    folder = tmp_path / "rules"
    folder.mkdir()
    (folder / "placeholders.yaml").write_text(
        "placeholders:\n  - pattern: XX\n    not_after: A-Z\n", encoding="utf-8")
    with pytest.raises(ruledata.RuleDataError, match=r"placeholders\.0\.not_after: 须是一个字符类") as info:
        ruledata.load((str(folder),))
    assert (info.value.line, info.value.column) == (3, 16)


def test_entries_too_large_together_are_refused_at_load(tmp_path: Path) -> None:
    folder = tmp_path / "rules"
    folder.mkdir()
    entries = "".join(f"  - pattern: '[a-zＡ-Ｚ一-龥]{{1000}}{i}'\n" for i in range(40))
    (folder / "placeholders.yaml").write_text(f"placeholders:\n{entries}", encoding="utf-8")
    with pytest.raises(ruledata.RuleDataError, match=r"all entries joined: .*pattern too large") as info:
        ruledata.load((str(folder),))
    assert info.value.path == str(folder / "placeholders.yaml")


@pytest.mark.parametrize("pattern", HOSTILE)
def test_the_engine_itself_is_linear(pattern: str) -> None:
    started = time.monotonic()
    list(Placeholders(((pattern, "[b]", "[c]"),)).finditer(LINE * 5))
    Regex(pattern).fullmatch(LINE * 5)
    assert time.monotonic() - started < 2


# -- not_after / not_before do what look-arounds do ------------------------------------------------------

_ATOM = st.sampled_from(["X", "x", "Ｘ", "a", "某", "[Xx]", "[Ｘa]", "\\*"])


def _bigger(inner: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    """Two patterns in a row or as alternatives, or one repeated."""
    return st.one_of(
        st.tuples(inner, inner).map("".join),
        st.tuples(inner, inner).map(lambda t: f"(?:{t[0]}|{t[1]})"),
        st.tuples(inner, st.sampled_from(["?", "*", "+", "{2,}", "{1,3}", "+?", "*?"])).map(
            lambda t: f"(?:{t[0]}){t[1]}"))


_BODY = st.recursive(_ATOM, _bigger, max_leaves=5)
_CLASS = st.sampled_from([None, "[A-Za-z]", "[a]", "[^X]", "[X某]", "[\\x00]"])
_ENTRY = st.tuples(_BODY, _CLASS, _CLASS)


def _lookaround(pattern: str, not_after: str | None, not_before: str | None) -> str:
    return (f"(?<!{not_after})" if not_after else "") + f"(?:{pattern})" + \
        (f"(?!{not_before})" if not_before else "")


@settings(max_examples=500, deadline=None)
@given(st.lists(_ENTRY, min_size=1, max_size=3), st.text(alphabet="XxＸa某*b\0 ", max_size=30))
def test_contexts_find_what_look_arounds_find(entries: list[tuple[str, str | None, str | None]],
                                              text: str) -> None:
    """The placeholders found equal those of the alternation of look-around patterns in Python's ``re``."""
    assume(all(re.fullmatch(p, "") is None for p, _, _ in entries))
    python = re.compile("|".join(f"(?:{_lookaround(*e)})" for e in entries))
    expected = [(m.start(), m.end(), m.group()) for m in python.finditer(text)]
    found = [(m.start(), m.end(), m.group()) for m in Placeholders(tuple(entries)).finditer(text)]
    assert found == expected


def test_the_bundled_placeholders_find_what_their_look_arounds_found(data: ruledata.RuleData) -> None:
    python = re.compile(r"(?:(?<![A-Za-z])[XxＸｘ]{2,}(?![A-Za-z]))|(?:×{2,}|＊{2,}|\*{2,})|(?:某某)"
                        r"|(?:\?{2,}|？{2,}|□{2,}|○{2,})")
    assert data.placeholder_re is not None
    for text in ["XX年", "XXL号", "aXX", "ＸＸＸa", "XXXa", "ｘｘ\0XX", "根河XX某某××？？", "Xx", "某某某"]:
        assert [(m.start(), m.end(), m.group()) for m in data.placeholder_re.finditer(text)] == \
            [(m.start(), m.end(), m.group()) for m in python.finditer(text)], text


def test_positions_count_characters_and_a_lone_surrogate_is_searched() -> None:
    found = Placeholders((("XX", "[A-Za-z]", None),)).finditer("\ud800XX年𠀀XX")
    assert [(m.start(), m.end(), m.group()) for m in found] == [(1, 3, "XX"), (5, 7, "XX")]
    assert Regex("a.b").fullmatch("a\udfffb")


def test_deadline_wordings_are_one_pattern(data: ruledata.RuleData) -> None:
    assert data.deadline_any is not None
    for _, pattern in data.deadlines:
        assert f"(?:{pattern.pattern})" in data.deadline_any.pattern
    assert data.deadline_ok("每年1月底前公开") and not data.deadline_ok("每年1月底前公开了")
