"""``genhe-lint server`` end to end: a real LSP client (pytest-lsp) drives the server over stdio, as an
editor does, on copies of the bundled catalogs; what it publishes and edits is compared with ``check``."""

from __future__ import annotations

import asyncio
import json
import os
import shutil
import sys
from collections.abc import AsyncIterator, Callable, Sequence
from pathlib import Path

import pytest
import pytest_lsp
from lsprotocol import types
from pytest_lsp import ClientServerConfig, LanguageClient, client_capabilities

from genhe_lint.rules import find
from genhe_lint.rules.docs import explain_text
from tests.conftest import CATALOGS, clean_catalog, run_cli

MINZHENGJU = "genhe-minzhengju.yaml"
GL101_LINE = 130  # 0-based: the line "    content: 天河市民政局人事任免信息……"


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    """A workspace folder holding copies of both bundled catalogs."""
    folder = tmp_path / "ws"
    folder.mkdir()
    for name in (MINZHENGJU, "genhe-zhengwu-shuju.yaml"):
        shutil.copy(CATALOGS / name, folder / name)
    return folder


@pytest_lsp.fixture(config=ClientServerConfig(
    server_command=[sys.executable, "-m", "genhe_lint", "server"],
    server_env={k: v for k, v in os.environ.items() if k != "GENHE_LINT_LANG"}))
async def client(lsp_client: LanguageClient, workspace: Path) -> AsyncIterator[None]:
    await lsp_client.initialize_session(types.InitializeParams(
        capabilities=client_capabilities("visual-studio-code"), root_uri=workspace.as_uri(),
        workspace_folders=[types.WorkspaceFolder(uri=workspace.as_uri(), name="ws")]))
    yield
    await lsp_client.shutdown_session()


async def diagnostics_for(client: LanguageClient, uri: str,
                          ready: Callable[[Sequence[types.Diagnostic]], bool] = lambda _: True,
                          timeout: float = 10.0) -> Sequence[types.Diagnostic]:
    """The diagnostics published for ``uri`` once ``ready`` holds for them."""
    for _ in range(int(timeout / 0.02)):
        found = client.diagnostics.get(uri)
        if found is not None and ready(found):
            return found
        await asyncio.sleep(0.02)
    raise AssertionError(f"no such diagnostics for {uri}: {client.diagnostics.get(uri)}")


def open_file(client: LanguageClient, path: Path, text: str | None = None) -> str:
    uri = path.as_uri()
    client.diagnostics.pop(uri, None)
    client.text_document_did_open(types.DidOpenTextDocumentParams(types.TextDocumentItem(
        uri=uri, language_id="yaml", version=1,
        text=path.read_text(encoding="utf-8") if text is None else text)))
    return uri


def offset(text: str, position: types.Position) -> int:
    """An LSP position (UTF-16 code units) as an index into ``text``, counted from the UTF-16 encoding."""
    lines = text.split("\n")
    head = sum(len(line) + 1 for line in lines[:position.line])
    units = lines[position.line].encode("utf-16-le")[: position.character * 2]
    return head + len(units.decode("utf-16-le"))


def apply(text: str, edits: Sequence[types.TextEdit]) -> str:
    for edit in sorted(edits, key=lambda e: (e.range.start.line, e.range.start.character), reverse=True):
        text = text[:offset(text, edit.range.start)] + edit.new_text + text[offset(text, edit.range.end):]
    return text


def change(client: LanguageClient, uri: str, version: int, edits: Sequence[types.TextEdit]) -> None:
    """Send ``edits`` as incremental changes, last first (so earlier positions stay valid)."""
    ordered = sorted(edits, key=lambda e: (e.range.start.line, e.range.start.character), reverse=True)
    client.diagnostics.pop(uri, None)
    client.text_document_did_change(types.DidChangeTextDocumentParams(
        text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=version),
        content_changes=[types.TextDocumentContentChangePartial(range=e.range, text=e.new_text)
                         for e in ordered]))


def check_json(folder: Path, name: str) -> list[tuple[str, int, int, int, int]]:
    """What ``check`` run in ``folder`` reports for ``name``: (code, 1-based line/column, end line/column)."""
    result = run_cli("check", "--no-cache", "-f", "json", ".", cwd=folder)
    assert result.returncode in (0, 1), result.stderr
    return sorted((d["code"], d["line"], d["column"], d["end_line"], d["end_column"])
                  for d in json.loads(result.stdout)["diagnostics"] if d["path"] == name)


async def actions_at(client: LanguageClient, uri: str, where: types.Range,
                     only: list[str] | None = None) -> list[types.CodeAction]:
    found = await client.text_document_code_action_async(types.CodeActionParams(
        text_document=types.TextDocumentIdentifier(uri=uri), range=where,
        context=types.CodeActionContext(diagnostics=[], only=only)))
    return [a for a in found or [] if isinstance(a, types.CodeAction)]


@pytest.mark.asyncio
async def test_findings_quick_fix_hover_and_fix_all(client: LanguageClient, workspace: Path,
                                                    tmp_path: Path) -> None:
    path = workspace / MINZHENGJU
    text = path.read_text(encoding="utf-8")
    uri = open_file(client, path)
    published = await diagnostics_for(client, uri, bool)

    # The same findings as check run in the folder (cross-catalog ones included), positioned as LSP counts.
    assert sorted((str(d.code), d.range.start.line + 1, d.range.start.character + 1, d.range.end.line + 1,
                   d.range.end.character + 1) for d in published) == check_json(workspace, MINZHENGJU)
    gl101 = [d for d in published if d.code == "GL101"]
    assert len(gl101) == 1
    assert gl101[0].range == types.Range(start=types.Position(line=GL101_LINE, character=13),
                                         end=types.Position(line=GL101_LINE, character=16))
    assert gl101[0].source == "genhe-lint"
    assert gl101[0].severity == types.DiagnosticSeverity.Error
    assert gl101[0].code_description is not None
    assert gl101[0].code_description.href.startswith("file://")
    assert gl101[0].code_description.href.endswith("/rules.md#gl101")
    assert "天河市" in gl101[0].message

    # Hover on the finding: GL101's documentation, as explain prints it.
    hover = await client.text_document_hover_async(types.HoverParams(
        text_document=types.TextDocumentIdentifier(uri=uri), position=types.Position(line=GL101_LINE,
                                                                                     character=14)))
    assert hover is not None and isinstance(hover.contents, types.MarkupContent)
    rule = find("GL101")
    assert rule is not None
    assert explain_text(rule) in hover.contents.value
    nothing = await client.text_document_hover_async(types.HoverParams(
        text_document=types.TextDocumentIdentifier(uri=uri), position=types.Position(line=0, character=0)))
    assert nothing is None

    # Fix all: the text check --fix writes, in a copy of the folder.
    fix_all = await actions_at(client, uri, gl101[0].range, only=["source.fixAll.genhe-lint"])
    assert [a.kind for a in fix_all] == ["source.fixAll.genhe-lint"]
    assert fix_all[0].edit is not None and fix_all[0].edit.changes is not None
    fixed_copy = tmp_path / "fixed"
    shutil.copytree(workspace, fixed_copy)
    run_cli("check", "--fix", "--no-cache", ".", cwd=fixed_copy)
    expected = (fixed_copy / MINZHENGJU).read_text(encoding="utf-8")
    assert expected != text
    assert apply(text, fix_all[0].edit.changes[uri]) == expected

    # The quick fix replaces 天河市 by 根河市; applied as the editor would, the finding goes.
    actions = await actions_at(client, uri, gl101[0].range)
    quick = [a for a in actions if a.kind == types.CodeActionKind.QuickFix and a.is_preferred]
    assert len(quick) == 1 and "GL101" in quick[0].title
    assert quick[0].edit is not None and quick[0].edit.changes is not None
    edits = quick[0].edit.changes[uri]
    after = apply(text, edits)
    line = after.split("\n")[GL101_LINE]
    assert line.startswith("    content: 根河市民政局人事任免信息")
    assert after.replace("根河市民政局人事任免", "天河市民政局人事任免") == text
    change(client, uri, 2, edits)
    again = await diagnostics_for(client, uri, bool)
    assert not [d for d in again if d.code == "GL101"]
    assert len(again) == len(published) - 1


@pytest.mark.asyncio
async def test_columns_count_utf16_units(client: LanguageClient, workspace: Path) -> None:
    """Two astral characters (2 UTF-16 units each) before 天河市: the range counts them twice."""
    path = workspace / MINZHENGJU
    text = path.read_text(encoding="utf-8").replace("content: 天河市民政局", "content: 𠀀𠀁天河市民政局")
    path.write_text(text, encoding="utf-8")
    assert ("GL101", GL101_LINE + 1, 16, GL101_LINE + 1, 19) in check_json(workspace, MINZHENGJU)
    uri = open_file(client, path)
    published = await diagnostics_for(client, uri, bool)
    gl101 = [d for d in published if d.code == "GL101"]
    assert [(d.range.start.character, d.range.end.character) for d in gl101] == [(17, 20)]
    actions = await actions_at(client, uri, gl101[0].range)
    quick = [a for a in actions if a.is_preferred]
    assert quick and quick[0].edit is not None and quick[0].edit.changes is not None
    assert "content: 𠀀𠀁根河市民政局" in apply(text, quick[0].edit.changes[uri])


@pytest.mark.asyncio
async def test_disable_for_this_node(client: LanguageClient, workspace: Path) -> None:
    path = workspace / MINZHENGJU
    text = path.read_text(encoding="utf-8")
    uri = open_file(client, path)
    published = await diagnostics_for(client, uri, bool)
    gl101 = next(d for d in published if d.code == "GL101")
    actions = await actions_at(client, uri, gl101.range)
    disable = [a for a in actions if "disable=GL101" in a.title]
    assert len(disable) == 1 and disable[0].edit is not None and disable[0].edit.changes is not None
    after = apply(text, disable[0].edit.changes[uri])
    assert after.split("\n")[GL101_LINE].endswith("# genhe-lint: disable=GL101")
    change(client, uri, 2, disable[0].edit.changes[uri])
    again = await diagnostics_for(client, uri, bool)
    assert sorted(str(d.code) for d in again) == sorted(str(d.code) for d in published if d is not gl101)


@pytest.mark.asyncio
async def test_open_buffer_wins_over_disk_for_cross_catalog_rules(client: LanguageClient,
                                                                   workspace: Path) -> None:
    """GL701 (two catalogs of one department) from the buffer's text, not the file's."""
    path = workspace / "other.yaml"
    path.write_text(clean_catalog("根河市财政局"), encoding="utf-8")
    uri = open_file(client, path)
    first = await diagnostics_for(client, uri)
    assert not [d for d in first if d.code == "GL701"]
    text = path.read_text(encoding="utf-8")
    start = text.index("根河市财政局")
    column = start - text.rindex("\n", 0, start) - 1
    where = types.Range(start=types.Position(line=1, character=column),
                        end=types.Position(line=1, character=column + 6))
    change(client, uri, 2, [types.TextEdit(range=where, new_text="根河市民政局")])
    again = await diagnostics_for(client, uri)
    assert [(d.code, d.range.start.line) for d in again if d.code == "GL701"] == [("GL701", 1)]


@pytest.mark.asyncio
async def test_a_broken_file_gives_its_one_finding(client: LanguageClient, workspace: Path) -> None:
    syntax = workspace / "broken.yaml"
    syntax.write_text("version: 1\ndepartment: [根河市民政局\nsections:\n", encoding="utf-8")
    uri = open_file(client, syntax)
    found = await diagnostics_for(client, uri, bool)
    expected = check_json(workspace, "broken.yaml")
    assert len(found) == 1 and [str(d.code) for d in found] == [code for code, *_ in expected]
    gbk = workspace / "gbk.yaml"
    gbk.write_bytes(clean_catalog("根河市民政局").encode("gbk"))
    uri = open_file(client, gbk, text=gbk.read_bytes().decode("gbk"))  # the editor guessed the encoding
    found = await diagnostics_for(client, uri, bool)
    expected = check_json(workspace, "gbk.yaml")
    assert len(found) == 1 and [str(d.code) for d in found] == [code for code, *_ in expected]
    assert "UTF-8" in found[0].message


def test_garbage_on_stdin_ends_the_server_without_a_traceback() -> None:
    import subprocess

    for garbage in (b"\x00\xff garbage\nmore\n", b"Content-Length: 5\r\n\r\nhello",
                    b"Content-Length: 99999999999999999999\r\n\r\nabc"):
        done = subprocess.run([sys.executable, "-m", "genhe_lint", "server"], input=garbage,
                              capture_output=True, timeout=30)
        assert done.returncode == 1
        assert b"Traceback" not in done.stderr
        assert len(done.stderr.splitlines()) <= 2, done.stderr


@pytest.mark.asyncio
async def test_an_unsafe_suggestion_is_its_own_labelled_action(client: LanguageClient,
                                                               workspace: Path) -> None:
    path = workspace / "genhe-zhengwu-shuju.yaml"
    text = path.read_text(encoding="utf-8")
    uri = open_file(client, path)
    published = await diagnostics_for(client, uri, bool)
    # GL102 and GL703 on the same name are one finding: GL703, with GL102's suggestion
    gl102 = [d for d in published if d.code == "GL703" and d.range.start.line == 131]
    assert len(gl102) == 1
    actions = await actions_at(client, uri, gl102[0].range)
    unsafe = [a for a in actions if a.title.startswith("需人工确认")]
    assert len(unsafe) == 1 and not unsafe[0].is_preferred
    assert unsafe[0].edit is not None and unsafe[0].edit.changes is not None
    assert "根河市政务服务与数据管理局" in apply(text, unsafe[0].edit.changes[uri]).split("\n")[131]
    assert not [a for a in actions if a.is_preferred and a.diagnostics and a.diagnostics[0].code == "GL703"]
    fix_all = await actions_at(client, uri, gl102[0].range, only=["source"])
    assert all(e.range != gl102[0].range for a in fix_all if a.edit and a.edit.changes
               for e in a.edit.changes[uri])
