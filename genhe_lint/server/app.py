"""``genhe-lint server``: the language server over standard input and output (pygls), its handlers, and
its exit: 0 after the client's shutdown request, 1 when the input ends or cannot be read without one."""

from __future__ import annotations

import logging
import sys
from typing import Any

from lsprotocol import types
from pygls.lsp.server import LanguageServer

from genhe_lint import __version__
from genhe_lint.diagnostic import Diagnostic
from genhe_lint.server import actions
from genhe_lint.server.hover import hover
from genhe_lint.server.positions import Lines
from genhe_lint.server.session import Session


def _under(findings: list[Diagnostic], lines: Lines, where: types.Range) -> list[Diagnostic]:
    """The findings whose span meets the range (its ends included: a cursor just after a word is on it)."""
    start, end = lines.point(where.start), lines.point(where.end)
    return [d for d in findings
            if (d.span.line, d.span.column) <= end and start <= (d.span.end_line, d.span.end_column)]


def build(lang: str | None = None) -> tuple[LanguageServer, Session]:
    server = LanguageServer("genhe-lint", __version__,
                            text_document_sync_kind=types.TextDocumentSyncKind.Incremental)
    session = Session(server, lang)

    @server.feature(types.INITIALIZE)
    def initialize(params: types.InitializeParams) -> None:
        options = params.initialization_options
        if session.lang_option is None and isinstance(options, dict) and options.get("lang") in ("zh", "en"):
            session.lang_option = options["lang"]

    @server.feature(types.TEXT_DOCUMENT_DID_OPEN)
    def did_open(params: types.DidOpenTextDocumentParams) -> None:
        session.open(params.text_document.uri)

    @server.feature(types.TEXT_DOCUMENT_DID_CHANGE)
    def did_change(params: types.DidChangeTextDocumentParams) -> None:
        session.changed(params.text_document.uri)

    @server.feature(types.TEXT_DOCUMENT_DID_SAVE)
    def did_save(params: types.DidSaveTextDocumentParams) -> None:
        session.saved(params.text_document.uri)

    @server.feature(types.TEXT_DOCUMENT_DID_CLOSE)
    def did_close(params: types.DidCloseTextDocumentParams) -> None:
        session.close(params.text_document.uri)

    @server.feature(types.SHUTDOWN)
    def shutdown(params: Any) -> None:
        session.stop()

    @server.feature(types.TEXT_DOCUMENT_CODE_ACTION, types.CodeActionOptions(
        code_action_kinds=[types.CodeActionKind.QuickFix, actions.FIX_ALL], resolve_provider=False))
    def code_action(params: types.CodeActionParams) -> list[types.CodeAction] | None:
        uri = params.text_document.uri
        buffer = session.fresh(uri)
        if buffer is None or buffer.linted is None:
            return None
        only = params.context.only
        lang = session.lang(buffer)
        found = _under(buffer.published, Lines(buffer.linted.text), params.range)
        out = actions.for_findings(uri, buffer.linted, found, only, lang)
        if (only is not None and actions.wanted(actions.FIX_ALL, only)) or (only is None and found):
            every = actions.fix_all(uri, buffer.linted, buffer.published, lang)
            if every is not None:
                out.append(every)
        return out

    @server.feature(types.TEXT_DOCUMENT_HOVER)
    def on_hover(params: types.HoverParams) -> types.Hover | None:
        buffer = session.fresh(params.text_document.uri)
        if buffer is None or buffer.linted is None:
            return None
        lines = Lines(buffer.linted.text)
        point = types.Range(start=params.position, end=params.position)
        found = _under(buffer.published, lines, point)
        return hover(found, session.lang(buffer), lines.range(found[0].span)) if found else None

    return server, session


class _OneLine(logging.Formatter):
    """Log records as one line each: an exception's type and message, never its traceback."""

    def format(self, record: logging.LogRecord) -> str:
        text = record.getMessage()
        if record.exc_info and record.exc_info[1] is not None:
            text += f": {type(record.exc_info[1]).__name__}: {record.exc_info[1]}"
        return f"genhe-lint server: {record.levelname.lower()}: {text}"


def serve(lang: str | None = None) -> int:
    """Serve one client over stdin/stdout until it exits or the input ends; return the exit code."""
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(_OneLine())
    root = logging.getLogger()
    root.handlers = [handler]
    root.setLevel(logging.WARNING)
    server, session = build(lang)
    try:
        server.start_io()
    except Exception as exc:  # unreadable input (an absurd Content-Length): one line, not a traceback
        logging.getLogger("genhe_lint.server").error("cannot read the client's messages: %s: %s",
                                                     type(exc).__name__, exc)
        return 1
    return 0 if session.shut_down else 1
