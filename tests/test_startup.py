"""Fast start-up: the console script's own ``check`` parser, the plain text output, the plain checks of rule data
and settings. Each fast path is held to the slow one it replaces: same output byte for byte, same exit code.
"""

from __future__ import annotations

import inspect
import io
import json
import os
import shutil
import subprocess
import sys
import tomllib
from itertools import groupby
from pathlib import Path
from typing import Any

import pytest
import typer.main
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from genhe_lint import __version__
from genhe_lint.cli import app as cli
from genhe_lint.cli import entry
from genhe_lint.cli.check import run_check
from genhe_lint.config import settings as config
from genhe_lint.diagnostic import Diagnostic, Fix, Msg, Severity, Span
from genhe_lint.lint.result import Result
from genhe_lint.load.loader import load_path
from genhe_lint.load.parse import to_python
from genhe_lint.output import text
from genhe_lint.ruledata import compiled as ruledata
from tests.conftest import CATALOGS, ROOT, clean_catalog

MZ = "catalogs/genhe-minzhengju.yaml"

# -- the option table and the typer signature ------------------------------------------------------------------


def _check_command() -> Any:
    return typer.main.get_command(cli.app).commands["check"]  # type: ignore[attr-defined]


def _kind(param: Any) -> str:
    annotation = param.type_descriptor.annotation
    if param.is_flag:
        return "flag"
    if param.multiple:
        return "list"
    return {str: "str", int: "int", Path: "path", cli.Lang: "lang"}[annotation]


def test_option_table_matches_the_typer_signature() -> None:
    """Every option of `check` is in the fast parser's table, with the parameter and kind typer gives it."""
    expected: dict[str, tuple[str, str]] = {}
    envvars = {}
    for param in _check_command().params:
        if param.name == "paths":
            assert param.nargs == -1 and param.required
            continue
        kind = _kind(param)
        for opt in param.opts:
            expected[opt] = (param.name, "true" if kind == "flag" else kind)
        for opt in param.secondary_opts:
            expected[opt] = (param.name, "false")
        if param.envvar:
            envvars[param.name] = param.envvar
    assert expected == entry.CHECK_OPTIONS
    assert envvars == entry.CHECK_ENVVARS
    assert tuple(lang.value for lang in cli.Lang) == entry.LANGS
    jobs = next(p for p in _check_command().params if p.name == "jobs")
    assert jobs.type_descriptor.parameter_info.min == 0  # the fast parser reads only counts from 0 up


def test_run_check_has_the_typer_command_defaults() -> None:
    typed = {p.name: p.default for p in _check_command().params if p.name != "paths"}
    plain = {name: p.default for name, p in inspect.signature(run_check).parameters.items() if name != "paths"}
    assert plain == typed


def test_console_script_and_module_start_in_the_entry_module() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert project["project"]["scripts"]["genhe-lint"] == "genhe_lint.cli.entry:main"
    assert "from genhe_lint.cli.entry import main" in (ROOT / "genhe_lint" / "__main__.py").read_text(encoding="utf-8")


# -- the two paths give the same result ------------------------------------------------------------------------


def _invoke(argv: list[str], typer_path: bool, monkeypatch: pytest.MonkeyPatch,
            capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    if typer_path:
        monkeypatch.setenv("GENHE_LINT_TYPER", "1")
    else:
        monkeypatch.delenv("GENHE_LINT_TYPER", raising=False)
    capsys.readouterr()
    with pytest.raises(SystemExit) as exited:
        entry.main(argv)
    out, err = capsys.readouterr()
    code = exited.value.code
    return (code if isinstance(code, int) else 0 if code is None else 1), out, err


# (arguments after `check`, whether the fast path takes them)
CASES: list[tuple[list[str], bool]] = [
    ([MZ, "--no-cache"], True),
    (["catalogs/", "--no-cache"], True),
    (["catalogs", MZ, "--no-cache", "--lang", "en"], True),
    ([MZ, "--no-cache", "--lang=en", "--lang", "zh"], True),
    (["--no-cache", "--format", "json", MZ], True),
    ([MZ, "--no-cache", "-fjson"], True),
    ([MZ, "--no-cache", "--format=sarif"], True),
    ([MZ, "--no-cache", "-f", "github", "--lang", "en"], True),
    (["catalogs/", "--no-cache", "--format", "junit"], True),
    ([MZ, "--no-cache", "--select", "GL1", "--ignore", "GL105"], True),
    ([MZ, "--no-cache", "--select", "GL101", "--select", "wrong-region-name", "--select", "GL2"], True),
    ([MZ, "--no-cache", "--color"], True),
    ([MZ, "--no-cache", "--color", "--no-color"], True),
    ([MZ, "--no-cache", "-j1"], True),
    ([MZ, "--no-cache", "--jobs", "2", "--jobs=0"], True),
    ([MZ, "--no-cache", "--isolated"], True),
    (["catalogs/", "--no-cache", "--baseline", ".genhe-lint-baseline.json"], True),
    ([MZ, "--no-cache", "--diff-base", "HEAD"], True),
    ([MZ, "--no-cache", "--diff"], True),
    # what typer says, unchanged
    ([MZ, "--no-cache", "--format", "xml"], True),  # our own message, from run_check
    ([MZ, "--no-cache", "--select", "GL9999"], True),
    (["no/such/path", "--no-cache"], True),
    ([MZ, "--no-cache", "--jobs", "-1"], False),
    ([MZ, "--no-cache", "--jobs", "x"], False),
    ([MZ, "--no-cache", "--jobs", "01"], False),
    ([MZ, "--no-cache", "--lang", "fr"], False),
    ([MZ, "--no-cache", "--lang", "EN"], False),
    ([MZ, "--no-cache", "--fix=yes"], False),
    ([MZ, "--no-cache", "--bogus"], False),
    ([MZ, "--no-cache", "--format"], False),
    ([MZ, "--no-cache", "--select", ""], False),
    (["--no-cache", "--", MZ], False),
    (["--no-cache"], False),
    (["--help"], False),
]


@pytest.mark.parametrize(("args", "fast"), CASES, ids=[" ".join(a) or "-" for a, _ in CASES])
def test_fast_and_typer_paths_agree(args: list[str], fast: bool, monkeypatch: pytest.MonkeyPatch,
                                    capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(ROOT)
    monkeypatch.delenv("GENHE_LINT_LANG", raising=False)
    argv = ["check", *args]
    assert (entry.parse_check(argv) is not None) is fast
    quick = _invoke(argv, False, monkeypatch, capsys)
    slow = _invoke(argv, True, monkeypatch, capsys)
    assert quick == slow
    if "--help" not in args:
        assert quick[0] in (0, 1, 2) and quick[1] + quick[2]


@pytest.mark.parametrize(("value", "fast"), [("en", True), ("zh", True), ("", True), ("fr", False)])
def test_lang_environment_variable_as_typer_reads_it(value: str, fast: bool, monkeypatch: pytest.MonkeyPatch,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(ROOT)
    monkeypatch.setenv("GENHE_LINT_LANG", value)
    for argv in (["check", MZ, "--no-cache"], ["check", MZ, "--no-cache", "--lang", "zh"]):
        assert (entry.parse_check(argv) is not None) is (fast or "--lang" in argv)
        assert _invoke(argv, False, monkeypatch, capsys) == _invoke(argv, True, monkeypatch, capsys)


def test_config_rules_dir_cache_and_output_file_agree(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                      capsys: pytest.CaptureFixture[str]) -> None:
    rules = tmp_path / "rules"
    rules.mkdir()
    (rules / "substitutions.yaml").write_text("substitutions:\n  - wrong: 人事任免\n    right: 人事任用\n",
                                              encoding="utf-8")
    conf = tmp_path / "conf.yaml"
    conf.write_text("ignore: [GL105]\nseverity: {GL201: info}\n", encoding="utf-8")
    monkeypatch.chdir(ROOT)
    outputs = []
    for typer_path in (False, True):
        out = tmp_path / f"out-{typer_path}.json"
        argv = ["check", MZ, "--config", str(conf), "--rules-dir", str(rules), "--cache-dir",
                str(tmp_path / f"cache-{typer_path}"), "-o", str(out), "--format", "json"]
        assert entry.parse_check(argv) is not None
        for _ in range(2):  # cold, then from the cache
            outputs.append((_invoke(argv, typer_path, monkeypatch, capsys), out.read_text(encoding="utf-8")))
    assert all(o == outputs[0] for o in outputs)
    found = json.loads(outputs[0][1])["diagnostics"]
    assert not any(d["code"] == "GL105" for d in found)  # ignored by the config file
    assert any(d["code"] == "GL201" and d["severity"] == "info" for d in found)  # made milder by it
    assert any(d["code"] == "GL107" and d["data"]["found"] == "人事任免" for d in found)  # the extra rule data


def test_fix_agrees(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    results = []
    for typer_path in (False, True):
        folder = tmp_path / str(typer_path)
        shutil.copytree(CATALOGS, folder / "catalogs")
        monkeypatch.chdir(folder)
        run = _invoke(["check", "catalogs", "--fix", "--no-cache", "--lang", "en"], typer_path, monkeypatch, capsys)
        fixed = {p.name: p.read_text(encoding="utf-8") for p in (folder / "catalogs").iterdir()}
        results.append((run, fixed))
    assert results[0] == results[1]
    assert "Fixed " in results[0][0][2]


def test_an_unusual_stderr_goes_through_typer_echo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    """An escape sequence in a message: stripped as typer strips it when stderr is not a terminal."""
    monkeypatch.chdir(tmp_path)
    argv = ["check", "no\x1b[31mred\x1b[0m.yaml", "--no-cache"]
    quick = _invoke(argv, False, monkeypatch, capsys)
    assert quick == _invoke(argv, True, monkeypatch, capsys)
    assert quick[0] == 2 and "nored.yaml" in quick[2] and "\x1b" not in quick[2]


def test_no_catalog_files_message_agrees(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "empty").mkdir()
    argv = ["check", "empty", "--no-cache"]
    quick = _invoke(argv, False, monkeypatch, capsys)
    assert quick == _invoke(argv, True, monkeypatch, capsys)
    assert quick[0] == 0 and "no catalog files found" in quick[2]


# -- what a one-file run imports -------------------------------------------------------------------------------

_PROBE = """
import atexit, sys
atexit.register(lambda: sys.stderr.write("MODULES " + " ".join(
    m for m in ("typer", "click", "pydantic", "rich", "genhe_lint.cli.app", "genhe_lint.lint.runner") if m in sys.modules)
    + "\\n"))
sys.argv = ["genhe-lint", *sys.argv[1:]]
from genhe_lint.cli.entry import main
main()
"""


def _probe(*args: str, cwd: Path = ROOT) -> tuple[int, str, set[str]]:
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    for name in ("GENHE_LINT_TYPER", "GENHE_LINT_LANG", "FORCE_COLOR", "TTY_COMPATIBLE"):
        env.pop(name, None)
    proc = subprocess.run([sys.executable, "-c", _PROBE, *args], cwd=cwd, env=env, capture_output=True, text=True,
                          encoding="utf-8", timeout=120)
    line = next(line for line in proc.stderr.splitlines() if line.startswith("MODULES"))
    return proc.returncode, proc.stdout, set(line.split()[1:])


def test_a_one_file_check_imports_neither_typer_nor_pydantic_nor_rich(tmp_path: Path) -> None:
    code, out, modules = _probe("check", MZ, "--no-cache")
    assert code == 1 and "GL101" in out
    assert modules == {"genhe_lint.lint.runner"}
    code, out, modules = _probe("check", MZ, "--cache-dir", str(tmp_path), "--lang", "en")  # cold, then warm
    assert list(tmp_path.glob("*.pickle"))  # written before the process ended (it ends the short way)
    code, out, modules = _probe("check", MZ, "--cache-dir", str(tmp_path), "--lang", "en")
    assert code == 1 and "GL101" in out and modules == {"genhe_lint.lint.runner"}
    report = tmp_path / "out.json"
    code, out, modules = _probe("check", MZ, "--no-cache", "--format", "json", "-o", str(report))
    assert code == 1 and out == "" and json.loads(report.read_text(encoding="utf-8"))["summary"]["errors"] > 0


def test_version_loads_nothing_of_the_linter() -> None:
    code, out, modules = _probe("--version")
    assert (code, out, modules) == (0, f"genhe-lint {__version__}\n", set())


def test_help_still_comes_from_typer() -> None:
    code, out, modules = _probe("check", "--help")
    assert code == 0 and "--rules-dir" in out and {"typer", "genhe_lint.cli.app"} <= modules


# -- plain text output is what rich writes ---------------------------------------------------------------------


def _rich_reference(result: Result, lang: str, stream: io.StringIO) -> None:
    """The text formatter as it was before plain output: rich's console for everything."""
    from rich.cells import cell_len
    from rich.console import Console
    from rich.markup import escape

    style = {Severity.ERROR: "bold red", Severity.WARNING: "yellow", Severity.INFO: "cyan"}
    label = {"zh": {Severity.ERROR: "错误", Severity.WARNING: "警告", Severity.INFO: "提示"},
             "en": {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "info"}}

    def snippet(console: Console, d: Diagnostic, lines: list[str]) -> None:
        if not 1 <= d.span.line <= len(lines):
            return
        raw = lines[d.span.line - 1].rstrip("\r")
        number = str(d.span.line)
        console.print(f"    [dim]{number} │[/dim] {escape(raw)}", highlight=False)
        start = max(0, d.span.column - 1)
        end = d.span.end_column - 1 if d.span.end_line == d.span.line else len(raw)
        end = max(end, start + 1)
        pad = cell_len(raw[:start])
        width = max(1, cell_len(raw[start:end]))
        console.print(f"    [dim]{' ' * len(number)} │[/dim] {' ' * pad}[{style[d.severity]}]{'^' * width}[/]",
                      highlight=False)

    console = Console(file=stream, highlight=False, soft_wrap=True, force_terminal=None, no_color=None, emoji=False)
    labels = label["en" if lang == "en" else "zh"]
    for path, group in groupby(result.diagnostics, key=lambda d: d.path):
        console.print(f"[bold underline]{escape(path)}[/]")
        lines = result.lines.get(path, [])
        for d in group:
            where = f"{path}:{d.span.line}:{d.span.column}"
            fix = ""
            if d.fixable:
                fix = " [green](可自动修正)[/]" if lang != "en" else " [green](fixable)[/]"
            console.print(
                f"  [dim]{escape(where)}[/dim] [{style[d.severity]}]{labels[d.severity]}[/] "
                f"[bold]{d.code}[/bold] {escape(d.message.get(lang))} [dim]\\[{d.name}][/dim]{fix}")
            snippet(console, d, lines)
            if d.hint is not None:
                lead = "提示：" if lang != "en" else "hint: "
                console.print(f"    [dim]{lead}{escape(d.hint.get(lang))}[/dim]")
        console.print()
    errors, warnings = result.count(Severity.ERROR), result.count(Severity.WARNING)
    infos, fixable = result.count(Severity.INFO), sum(1 for d in result.diagnostics if d.fixable)
    files, with_findings = len(result.files), len({d.path for d in result.diagnostics})
    if lang == "en":
        if not result.diagnostics:
            console.print(f"[green]All good:[/] {files} file(s) checked, no problems found.")
        else:
            console.print(
                f"Found {len(result.diagnostics)} problem(s) in {with_findings} of {files} file(s): "
                f"[bold red]{errors} error(s)[/], [yellow]{warnings} warning(s)[/], {infos} info."
                + (f" [green]{fixable} fixable with --fix.[/]" if fixable else ""))
    elif not result.diagnostics:
        console.print(f"[green]检查通过：[/]共检查 {files} 个文件，没有发现问题。")
    else:
        console.print(
            f"共检查 {files} 个文件，其中 {with_findings} 个有问题，共 {len(result.diagnostics)} 处："
            f"[bold red]错误 {errors}[/]，[yellow]警告 {warnings}[/]，提示 {infos}。"
            + (f"[green]其中 {fixable} 处可用 --fix 自动修正。[/]" if fixable else ""))


def _both(result: Result, lang: str, monkeypatch: pytest.MonkeyPatch) -> tuple[str, str, str]:
    """(plain output, the formatter's rich branch on a non-terminal, the reference)."""
    for name in ("FORCE_COLOR", "TTY_COMPATIBLE", "NO_COLOR"):
        monkeypatch.delenv(name, raising=False)
    plain, through_rich, reference = io.StringIO(), io.StringIO(), io.StringIO()
    assert not text.uses_rich(plain, None)
    text.render(result, lang, plain)
    monkeypatch.setenv("FORCE_COLOR", "")  # rich decides, and (empty) finds no terminal
    assert text.uses_rich(through_rich, None)
    text.render(result, lang, through_rich)
    _rich_reference(result, lang, reference)
    monkeypatch.delenv("FORCE_COLOR")
    return plain.getvalue(), through_rich.getvalue(), reference.getvalue()


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_plain_text_is_what_rich_writes_for_the_real_catalogs(lang: str, data: ruledata.RuleData,
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    from genhe_lint.lint.runner import lint_paths

    monkeypatch.chdir(ROOT)
    result = lint_paths(["catalogs/"], data)
    plain, through_rich, reference = _both(result, lang, monkeypatch)
    assert plain == through_rich == reference
    assert "│" in plain and "根河市" in plain and "\x1b" not in plain


@pytest.mark.parametrize("chunk", [1, 2, 7])
def test_plain_text_written_in_chunks_is_the_same_text(chunk: int, data: ruledata.RuleData,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    """The plain writer joins a few thousand lines per write; any chunk size writes the same text, in
    as many writes as there are chunks."""
    from genhe_lint.lint.runner import lint_paths

    monkeypatch.chdir(ROOT)
    result = lint_paths(["catalogs/"], data)
    whole = io.StringIO()
    text.render(result, "zh", whole)

    class Counting(io.StringIO):
        writes = 0

        def write(self, s: str) -> int:
            self.writes += 1
            return super().write(s)

    monkeypatch.setattr(text, "_CHUNK", chunk)
    pieces = Counting()
    text.render(result, "zh", pieces)
    assert pieces.getvalue() == whole.getvalue()
    lines = whole.getvalue().count("\n")
    assert pieces.writes == -(-lines // chunk) and lines > 100


def test_color_flags_choose_the_writer(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("FORCE_COLOR", raising=False)
    monkeypatch.delenv("TTY_COMPATIBLE", raising=False)

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    assert text.uses_rich(Terminal(), None) and text.uses_rich(io.StringIO(), True)
    assert not text.uses_rich(Terminal(), False) and not text.uses_rich(io.StringIO(), None)
    coloured = io.StringIO()
    text.render(Result(files=["a.yaml"]), "zh", coloured, color=True)
    assert "\x1b[" in coloured.getvalue()


# Text that exercises rich's markup, escapes, control characters, tabs and cell widths.
_NASTY = st.lists(st.sampled_from(
    [*"ab []\\/#@=:,.1", "[b]", "[/]", "\\[", "[/dim]", "[link=x]", "\t", "\r", "\x07", "\x08", "\x0b",
                                "\x0c", "\x1b", "\x00", "\x7f", "\u200d", "\ufe0f", "\u0301", "根河市", "（", "）",
                                "“", "”", "：", "😀", "👨\u200d👩", "Ａ", "\u3000", "│", "é"]), max_size=12).map("".join)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(path=_NASTY.filter(bool), message=_NASTY, hint=st.none() | _NASTY, line=_NASTY,
       column=st.integers(1, 30), length=st.integers(0, 30), fixable=st.booleans(), lang=st.sampled_from(["zh", "en"]))
def test_plain_text_is_what_rich_writes_for_any_text(path: str, message: str, hint: str | None, line: str,
                                                     column: int, length: int, fixable: bool, lang: str,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    span = Span(2, column, 2, column + length)
    diagnostics = [
        Diagnostic("GL101", "wrong-region-name", Severity.ERROR, path, span, Msg(message, message),
                   hint=None if hint is None else Msg(hint, hint), fix=Fix(span, "x") if fixable else None),
        Diagnostic("GL201", "missing-channel", Severity.WARNING, path, Span(1, 1, 3, 1), Msg("m\tn", "m\tn")),
    ]
    result = Result(files=[path], diagnostics=diagnostics, lines={path: ["\tfirst\t行", line + "\r"]})
    plain, through_rich, reference = _both(result, lang, monkeypatch)
    assert plain == through_rich == reference


def test_escape_is_richs() -> None:
    from rich.markup import escape

    for value in ("a[b]", "a\\[b]", "x\\", "x\\\\", "[/]", "\\\\[link=x]y", "[", "]"):
        assert text.escape(value) == escape(value)


# -- rule data: the plain check and pydantic agree -------------------------------------------------------------


def _raw(filename: str) -> Any:
    doc = load_path(ROOT / "lint_rules" / filename)
    assert doc.root is not None
    return to_python(doc.root)


def _models() -> dict[str, Any]:
    from genhe_lint.ruledata.models import MODELS

    return MODELS


def test_rule_data_shapes_are_the_pydantic_models() -> None:
    from pydantic_core import PydanticUndefined

    for filename, shape in ruledata.FILES.items():
        todo, seen = [(shape, _models()[filename])], set()
        while todo:
            plain, model = todo.pop()
            if plain in seen:
                continue
            seen.add(plain)
            fields = ruledata._SHAPES[plain]
            assert [name for name, _, _ in fields] == list(model.model_fields) == list(plain._fields), plain
            for name, _, default in fields:
                info = model.model_fields[name]
                if default is ruledata._REQUIRED:
                    assert info.is_required(), (plain, name)
                else:
                    assert not info.is_required() and default() == info.get_default(call_default_factory=True)
                    assert info.default is not PydanticUndefined or info.default_factory is not None
                entry_shape = ruledata._ENTRIES.get((plain, name))
                if entry_shape is not None:
                    todo.append((entry_shape, info.annotation.__args__[0]))  # list[Model]


@pytest.mark.parametrize("filename", sorted(ruledata.FILES))
def test_rule_files_pass_the_plain_check_with_pydantics_result(filename: str) -> None:
    raw = _raw(filename)
    assert ruledata._dump(ruledata.FILES[filename], raw) == _models()[filename].model_validate(raw).model_dump()


def _variants(value: Any) -> list[Any]:
    """Small changes to a value: other types, empties, bad patterns, out of range."""
    out: list[Any] = [None, 1, 2.5, True, "", "x", "yes", "[", "85", [], ["x"], [1], {}, {"x": "y"}, {"x": 1}, 40, 85]
    if isinstance(value, str):
        out += [value + "(", "a"]
    if isinstance(value, list) and value:
        out += [value[:1], [*value, value[0]], [value[0], 3]]
    return out


def _mutations(raw: Any) -> list[Any]:
    """Every one-step change of a rule file: each value replaced, each key removed, an unknown key added."""
    out: list[Any] = []
    if isinstance(raw, dict):
        out.append({**raw, "unknown_key": 1})
        for key, value in raw.items():
            out.append({k: v for k, v in raw.items() if k != key})
            out += [{**raw, key: v} for v in _variants(value)]
            out += [{**raw, key: v} for v in _mutations(value)[:40]]
    elif isinstance(raw, list) and raw:
        out += [[m, *raw[1:]] for m in _mutations(raw[0])]
    return out


@pytest.mark.parametrize("filename", sorted(ruledata.FILES))
def test_the_plain_check_never_accepts_what_pydantic_rejects(filename: str) -> None:
    from pydantic import ValidationError

    model, shape = _models()[filename], ruledata.FILES[filename]
    accepted = 0
    for raw in _mutations(_raw(filename)):
        try:
            fast = ruledata._dump(shape, raw)
        except ruledata._Unusual:
            continue
        accepted += 1
        try:
            slow = model.model_validate(raw).model_dump()
        except ValidationError as exc:  # pragma: no cover - the failure this test is for
            raise AssertionError(f"accepted what pydantic rejects: {exc}") from None
        assert fast == slow
    assert accepted > 0


def test_a_value_only_pydantic_reads_still_loads(tmp_path: Path, data: ruledata.RuleData) -> None:
    extra = tmp_path / "rules"
    extra.mkdir()
    # "true" as a quoted string and 90.0: pydantic's lax reading takes them, the plain check leaves them to it.
    template = (ROOT / "lint_rules" / "template.yaml").read_text(encoding="utf-8")
    assert "\nmatch_score: 85\n" in template
    (extra / "template.yaml").write_text(template.replace("\nmatch_score: 85\n", "\nmatch_score: 90.0\n"),
                                         encoding="utf-8")
    (extra / "channels.yaml").write_text("replace: 'false'\nchannels: [{name: 新渠道}]\n", encoding="utf-8")
    loaded = ruledata.load((str(extra),))
    assert loaded.match_score == 90 and "新渠道" in loaded.channels.canonical
    assert loaded.channels.canonical[:-1] == data.channels.canonical


def test_default_rule_data_is_what_pydantic_builds(data: ruledata.RuleData) -> None:
    for filename in ruledata.FILES:
        raw = _raw(filename)
        assert ruledata._shaped(filename, _models()[filename].model_validate(raw).model_dump()) == \
            ruledata._shaped(filename, raw)
    assert data.region == ruledata._shaped("region.yaml", _raw("region.yaml"))


# -- settings: the plain check and pydantic agree --------------------------------------------------------------

GOOD_SETTINGS: list[dict[str, Any]] = [
    {},
    {"select": ["GL1"], "ignore": ["GL105", "template-placeholder"], "lang": "en"},
    {"severity": {"GL105": "error", "GL2": "info"}, "per-file-ignores": {"catalogs/legacy/*.yaml": ["GL106"]}},
    {"per_file_ignores": {"a": []}, "rules_dirs": ["r"], "exclude": ["drafts/*"]},
    {"rules-dirs": [], "exclude": []},
]
BAD_SETTINGS: list[dict[str, Any]] = [
    {"selct": ["GL1"]}, {"select": "GL1"}, {"select": [1]}, {"severity": {"GL105": "fatal"}},
    {"severity": {"GL105": "ERROR"}}, {"lang": "fr"}, {"lang": None}, {"per-file-ignores": {"a": "GL1"}},
    {"per-file-ignores": [], "per_file_ignores": {}}, {"exclude": None}, {"severity": []},
]


def test_settings_plain_check_agrees_with_pydantic() -> None:
    from pydantic import ValidationError

    model = config._pydantic_model()
    for raw in GOOD_SETTINGS:
        fast = config._fast_settings(raw)
        assert fast is not None
        validated = model.model_validate(raw)
        assert fast == config.Settings(**{name: getattr(validated, name) for name in config.FIELD_NAMES})
        assert fast.to_dict() == validated.model_dump(by_alias=True, mode="json")
        assert repr(fast) == repr(validated).replace("SettingsModel(", "Settings(")  # part of the cache key
    for raw in BAD_SETTINGS:
        assert config._fast_settings(raw) is None
        with pytest.raises((ValidationError, config.ConfigError)):
            config.validate(raw, {}, Path("x.yaml"))


def test_a_bad_config_file_is_explained_by_pydantic(tmp_path: Path) -> None:
    path = tmp_path / ".genhe-lint.yaml"
    path.write_text("select: [GL1]\nseverity:\n  GL105: fatal\n", encoding="utf-8")
    with pytest.raises(config.ConfigError) as caught:
        config.load_file(path)
    assert caught.value.line == 2 and "severity.GL105" in caught.value.message
    path.write_text("selct: [GL1]\n", encoding="utf-8")
    with pytest.raises(config.ConfigError) as caught:
        config.load_file(path)
    assert caught.value.line == 1 and "可用的键" in caught.value.message


def test_config_command_shows_the_settings_as_written(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                      capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / ".genhe-lint.yaml").write_text(
        "severity: {GL105: error}\nper-file-ignores: {'a/*.yaml': [GL106]}\n", encoding="utf-8")
    (tmp_path / "c.yaml").write_text(clean_catalog("根河市民政局"), encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    with pytest.raises(SystemExit):
        cli.main(["config", "c.yaml"])
    shown = json.loads(capsys.readouterr().out.split("\n", 2)[2])
    assert shown["severity"] == {"GL105": "error"} and shown["per-file-ignores"] == {"a/*.yaml": ["GL106"]}


@pytest.mark.parametrize("args", [["check", "no/such/path", "--no-cache"], ["check", MZ, "--no-cache", "--diff"],
                                  ["check", MZ, "--no-cache", "--select", "GL101"]])
def test_both_paths_write_the_same_bytes_to_an_ascii_console(args: list[str]) -> None:
    """A console that claims ASCII: typer's echo writes UTF-8 past it, the text output escapes; both paths alike."""
    runs = []
    for typer_path in (False, True):
        env = {**os.environ, "PYTHONIOENCODING": "ascii"}
        env.pop("GENHE_LINT_LANG", None)
        env.pop("GENHE_LINT_TYPER", None)
        if typer_path:
            env["GENHE_LINT_TYPER"] = "1"
        proc = subprocess.run([sys.executable, "-m", "genhe_lint", *args], cwd=ROOT, env=env, capture_output=True,
                              timeout=120)
        runs.append((proc.returncode, proc.stdout, proc.stderr))
    assert runs[0] == runs[1]
    assert runs[0][1] + runs[0][2]


def test_known_widths_are_richs() -> None:
    """Every character of the ranges the formatter measures itself has the width rich gives it."""
    import re

    from rich.cells import get_character_cell_size

    for ranges, width in ((text.NARROW_RANGES, 1), (text.WIDE_RANGES, 2)):
        for low, high in re.findall("(.)-(.)", ranges):
            for code in range(ord(low), ord(high) + 1):
                assert get_character_cell_size(chr(code)) == width, hex(code)
    for sample in ("根河市民政局（办公室）：“人事”、《目录》", "│ ─ é ñ Ω", "全角ＡＢ１２", "かなカナ"):
        from rich.cells import cell_len

        assert text.cell_len(sample) == cell_len(sample)
