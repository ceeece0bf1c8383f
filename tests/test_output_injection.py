"""Output is inert: what a catalog or a file name holds never acts on the terminal, the CI log or the page.

A catalog's values reach the output through messages (GL503 echoes a duplicate item's name, GL202 an unknown
channel) and source lines; file names through every path. Written as YAML double-quoted escapes, they hold a
line break followed by a workflow command, ESC/OSC sequences, C1 controls and bidi overrides. Every format
shows them as escapes, no line but the github format's own commands begins with ``::``, and the JUnit XML
stays well-formed. A long single line is shown as a window, in about the time JSON takes.
"""

from __future__ import annotations

import io
import json
import os
import re
import sys
import time
import xml.etree.ElementTree as ET
from itertools import pairwise
from pathlib import Path

import pytest

from genhe_lint import ruledata
from genhe_lint.lint.result import Result
from genhe_lint.lint.runner import lint_paths
from genhe_lint.output import FORMATTERS, report, text
from genhe_lint.output.inert import inert, json_inert, not_a_command, visible
from tests.conftest import run_cli

FAKE_COMMAND = "\\n::error file=x,line=1::fake"  # YAML escapes: a line feed, then a workflow command
TERMINAL = "\\e]0;pwned\\a\\e[2J"  # set the window title, clear the screen
HIDDEN = "\\u202e\\x9b"  # a right-to-left override and a C1 control (CSI)

CATALOG = f"""version: 1
department: 根河市民政局
title: 根河市民政局主动公开目录
sections:
  - serial: 1
    name: 履职依据
    items:
      - name: "dup{FAKE_COMMAND}"
        content: "{TERMINAL} 天河市 {HIDDEN} abc"
        deadline: 信息产生或变更之日起20个工作日内公开
        publisher: 办公室
        channels: ["{FAKE_COMMAND}", "{TERMINAL}", "{HIDDEN}", "\\n::add-mask::secret"]
      - name: "dup{FAKE_COMMAND}"
        content: 内容
        deadline: 信息产生或变更之日起20个工作日内公开
        publisher: 办公室
        channels: [政府网站]
"""

# What no output may carry raw: C0 controls but the line feed (and the tab, which is layout in a source line),
# DEL, C1, the line and paragraph separators and the bidi controls.
RAW = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
COMMAND_LINE = re.compile(r"\s*::")
COLOR_CODE = re.compile("\x1b\\[[0-9;]*m")

NAMES = ["evil.yaml", "a\nb.yaml", "::error file=x::boom.yaml", "\u202eevil.yaml"]
needs_posix_names = pytest.mark.skipif(sys.platform == "win32", reason="file names with ':' or a line feed")


@pytest.fixture(scope="module")
def evil(tmp_path_factory: pytest.TempPathFactory, data: ruledata.RuleData) -> Result:
    folder = tmp_path_factory.mktemp("evil")
    for name in NAMES:
        (folder / name).write_text(CATALOG, encoding="utf-8")
    here = os.getcwd()
    os.chdir(folder)  # relative paths: a file name begins the line that names it
    try:
        result = lint_paths(["."], data)
        for path in result.files:
            result.lines.get(path)  # read here, where the relative paths lead
    finally:
        os.chdir(here)
    assert len(result.files) == len(NAMES)
    return result


def rendered(result: Result, output_format: str, lang: str = "zh") -> str:
    stream = io.StringIO()
    FORMATTERS[output_format](result, lang, stream)
    return stream.getvalue()


def text_output(result: Result, lang: str, *, color: bool) -> str:
    stream = io.StringIO()
    text.render(result, lang, stream, color=color)
    return stream.getvalue()


def assert_inert(output: str) -> None:
    assert not RAW.search(output), sorted(set(RAW.findall(output)))
    assert not [line for line in output.split("\n") if COMMAND_LINE.match(line)]


def test_the_catalog_reaches_the_messages(evil: Result) -> None:
    """The fixture does what it is for: the hostile values are in messages, and in the file names."""
    messages = [d.message.zh for d in evil.diagnostics]
    assert any("\n::error file=x,line=1::fake" in m and d.code == "GL503"
               for m, d in zip(messages, evil.diagnostics, strict=True))
    assert any("\x1b]0;pwned\x07\x1b[2J" in m for m in messages)
    assert any("\u202e\x9b" in m for m in messages) and any("::add-mask::" in m for m in messages)
    assert {"GL202", "GL503", "GL101"} <= {d.code for d in evil.diagnostics}
    assert any(d.path.endswith("a\nb.yaml") for d in evil.diagnostics)


@needs_posix_names
@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("color", [False, True])
def test_text(evil: Result, lang: str, color: bool) -> None:
    output = text_output(evil, lang, color=color)
    assert_inert(COLOR_CODE.sub("", output) if color else output)
    plain = COLOR_CODE.sub("", output)
    assert "dup\\n::error file=x,line=1::fake" in plain  # shown, on the line of its finding
    assert "\\x1b]0;pwned\\x07\\x1b[2J" in plain and "\\u202e\\x9b" in plain
    assert "\\x3a:error file=x::boom.yaml" in plain and "a\\nb.yaml:" in plain and "\\u202eevil.yaml" in plain
    # The source line with its YAML escapes is shown as written, the caret under the flagged name.
    assert '        content: "\\e]0;pwned\\a\\e[2J 天河市 \\u202e\\x9b abc"' in plain


@needs_posix_names
def test_github(evil: Result) -> None:
    output = rendered(evil, "github")
    assert not RAW.search(output)
    lines = output.splitlines()
    commands = [line for line in lines if COMMAND_LINE.match(line)]
    # Only the formatter's own commands, one per finding, each on its own line.
    assert len(commands) == len(evil.diagnostics) == len(lines) - 1
    assert all(re.match(r"::(error|warning|notice) file=[^:]*,line=[0-9]+,", line) for line in commands)
    assert "\\n::error file=x,line=1::fake" in output and "\\x1b]0;pwned\\x07\\x1b[2J" in output
    assert "file=%3A%3Aerror file=x%3A%3Aboom.yaml," in output and "file=a\\nb.yaml," in output


@needs_posix_names
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_junit(evil: Result, lang: str) -> None:
    output = rendered(evil, "junit", lang)
    assert_inert(output)
    root = ET.fromstring(output.encode("utf-8"))  # well-formed
    failures = root.findall(".//failure")
    assert len(failures) == len(evil.diagnostics)
    texts = [f.text or "" for f in failures]
    assert not [line for t in texts for line in t.split("\n") if COMMAND_LINE.match(line)]
    assert any("dup\\n::error file=x,line=1::fake" in f.get("message", "") for f in failures)
    names = {c.get("name") for c in root.iter("testcase")}
    assert {"a\\nb.yaml", "::error file=x::boom.yaml", "\\u202eevil.yaml"} <= names  # attributes: not lines


@needs_posix_names
def test_sarif(evil: Result) -> None:
    output = rendered(evil, "sarif")
    assert_inert(output)
    run = json.loads(output)["runs"][0]
    texts = [r["message"]["text"] for r in run["results"]]
    assert any("dup\\n::error file=x,line=1::fake" in t for t in texts)
    assert any("\\x1b]0;pwned\\x07\\x1b[2J" in t for t in texts)
    uris = {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in run["results"]}
    assert not [u for u in uris if RAW.search(u) or "\n" in u]


@needs_posix_names
def test_json_keeps_the_data_and_escapes_the_bytes(evil: Result) -> None:
    output = rendered(evil, "json")
    assert_inert(output)
    assert output.count("\n") == 1  # one line for programs
    payload = json.loads(output)
    # The values are the catalog's, exactly: JSON's escapes carry them.
    assert [d["message"] for d in payload["diagnostics"]] == [d.message.zh for d in evil.diagnostics]
    assert [d["path"] for d in payload["diagnostics"]] == [d.path for d in evil.diagnostics]
    assert "\\u202e\\u009b" in output


@needs_posix_names
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_html_report(evil: Result, data: ruledata.RuleData, lang: str) -> None:
    page = report.render(evil, data, lang)
    assert not RAW.search(page)
    assert "dup\\n::error file=x,line=1::fake" in page
    assert "\\x1b]0;pwned\\x07\\x1b[2J" in page and "a\\nb.yaml" in page
    assert "<script" not in page


@needs_posix_names
def test_the_command_line_prints_text_inert(tmp_path: Path) -> None:
    for name in NAMES:
        (tmp_path / name).write_text(CATALOG, encoding="utf-8")
    for output_format in ("text", "github"):
        proc = run_cli("check", ".", "--no-cache", "--format", output_format, cwd=tmp_path)
        assert proc.returncode == 1, proc.stderr
        assert not RAW.search(proc.stdout)
        commands = [line for line in proc.stdout.splitlines() if COMMAND_LINE.match(line)]
        assert len(commands) == (0 if output_format == "text" else proc.stdout.count("\n") - 1)


# --- the escaping itself ------------------------------------------------------------------------------------


def test_visible() -> None:
    assert visible("根河市 a\u3000b “x”") == "根河市 a\u3000b “x”"  # printable text is left alone
    assert visible("a\tb\nc\rd\x00\x1b\x7f\x85\x9b") == "a\\tb\\nc\\rd\\x00\\x1b\\x7f\\x85\\x9b"
    assert visible("\u2028\u2029\u202a\u202e\u2066\u2069") == "\\u2028\\u2029\\u202a\\u202e\\u2066\\u2069"
    assert visible("\tx\x1b", tabs=True) == "\tx\\x1b"
    # Other format characters (joiners, variation selectors, soft hyphen) are shown as they are.
    assert visible("e\u0301\u200d\ufe0f\u00ad") == "e\u0301\u200d\ufe0f\u00ad"


def test_no_line_is_a_workflow_command() -> None:
    assert not_a_command("::error x") == "\\x3a:error x"
    assert not_a_command("  \u3000::x") == "  \u3000\\x3a:x"
    assert not_a_command("a::b") == "a::b" and not_a_command(":x") == ":x"
    assert inert("\n::add-mask::x") == "\\n::add-mask::x"
    assert inert("::add-mask::\x1b") == "\\x3a:add-mask::\\x1b"


def test_json_inert_is_the_same_value() -> None:
    value = {"k\u202e": ["\x1b\x7f\x85\u2028\u2066 根河市", 1]}
    encoded = json.dumps(value, ensure_ascii=False)
    safe = json_inert(encoded)
    assert json.loads(safe) == value and not RAW.search(safe)
    assert json_inert('{"a": "根河市"}') == '{"a": "根河市"}'
    # every character it escapes, alone among printable text (the text is searched only if not printable)
    for code in [0x7F, *range(0x80, 0xA0), 0x2028, 0x2029, *range(0x202A, 0x202F), *range(0x2066, 0x206A)]:
        encoded = json.dumps(f"根河市“{chr(code)}”", ensure_ascii=False)
        assert json_inert(encoded) == encoded.replace(chr(code), f"\\u{code:04x}")


# --- long lines ---------------------------------------------------------------------------------------------


def _columns_before(shown: str, pad: int) -> int:
    """How many characters of ``shown`` fill its first ``pad`` columns."""
    columns = 0
    for i, char in enumerate(shown):
        width = text.cell_len(char)
        if columns >= pad and width:
            return i
        columns += width
    return len(shown)


def test_excerpt_of_a_short_line_is_the_line() -> None:
    line = "    content: 天河市民政局"
    assert text.excerpt(line, 13, 16) == (line, 13, 6)
    assert text.excerpt(line, 40, 41) == (line, text.cell_len(line), 1)  # past the end: one ^ after it
    wide = "根" * text.LONG  # as many characters as allowed, but twice as many columns: cut
    assert text.excerpt(wide, 0, 1)[0].endswith("…")


@pytest.mark.parametrize("filler", ["x", "根", "\x1b", "e\u0301"])
@pytest.mark.parametrize("where", [0, 5, 50_000, 99_990, 100_000])
def test_excerpt_of_a_long_line_is_a_window(filler: str, where: int) -> None:
    line = filler * (100_000 // len(filler))
    line = line[:where] + "天河市" + line[where:]
    shown, pad, width = text.excerpt(line, where, where + 3)
    assert text.cell_len(shown) <= text.WINDOW + 2 + 6  # the window, its two "…", one wide last character
    assert shown.startswith("…") == (where >= 50_000) and shown.endswith("…") == (where <= 50_000)
    first = _columns_before(shown, pad)
    assert shown[first:first + 3] == "天河市" and width == 6


def test_excerpt_underline_stops_at_the_window() -> None:
    line = "a" * 10 + "b" * 5000
    shown, pad, width = text.excerpt(line, 10, 5010)
    assert shown == "a" * 10 + "b" * (text.WINDOW - 10) + "…" and pad == 10 and width == text.WINDOW - 10


def test_a_long_line_with_thousands_of_findings_renders_as_fast_as_json(
        tmp_path: Path, data: ruledata.RuleData) -> None:
    """One 1 MB line with 4,000 findings: the text output costs per finding, not per finding and column."""
    value = ("根河市民政局通知。" * 9 + "天河市民政局通知。") * 4000
    path = tmp_path / "long.yaml"
    path.write_text(CATALOG.split("    items:")[0] + "    items:\n      - name: 通知\n"
                    f"        content: {value}\n        publisher: 办公室\n        channels: [政府网站]\n",
                    encoding="utf-8")
    assert path.stat().st_size > 1_000_000
    result = lint_paths([str(path)], data)
    assert sum(d.code == "GL101" for d in result.diagnostics) == 4000

    def timed(render: str) -> tuple[float, str]:
        began = time.perf_counter()
        out = text_output(result, "zh", color=False) if render == "text" else rendered(result, render)
        return time.perf_counter() - began, out

    json_time, _ = timed("json")
    text_time, output = timed("text")
    # The whole line for each finding would write gigabytes and take minutes.
    lines = output.splitlines()
    assert len(output) < 2_000_000
    assert max(text.cell_len(line) for line in lines if line.startswith("    9 │ ")) < 140
    assert text_time < 10 * json_time + 2.0, (text_time, json_time)
    # Each wrong name is underlined in its window.
    underlined = []
    for shown, caret in pairwise(lines):
        if shown.startswith("    9 │ ") and caret.startswith("      │ ") and caret.count("^") == 6:
            body, underline = shown[len("    9 │ "):], caret[len("      │ "):]
            first = _columns_before(body, len(underline) - len(underline.lstrip()))
            underlined.append(body[first:first + 3])
    assert underlined == ["天河市"] * 4000
