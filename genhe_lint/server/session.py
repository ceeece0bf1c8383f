"""The server's state: the open buffers, which folder each belongs to, their last lint, and what was
published for them. Lints run on the server's event loop; a change waits for a pause in typing."""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass, field
from pathlib import Path

from lsprotocol import types
from pygls.lsp.server import LanguageServer
from pygls.uris import to_fs_path

from genhe_lint.diagnostic import Diagnostic
from genhe_lint.lint.passes import outranked
from genhe_lint.server.diagnostics import to_lsp
from genhe_lint.server.engine import Engine, Linted, Setup, SetupError, shown_path
from genhe_lint.server.positions import Lines

DEBOUNCE_SECONDS = 0.3

log = logging.getLogger("genhe_lint.server")


@dataclass(slots=True)
class Buffer:
    uri: str
    path: Path | None  # None: not a file (an unsaved, untitled buffer)
    root: Path  # the workspace folder it is linted in
    shown: str  # its path as check run in ``root`` names it
    saved: bool = True  # the text is the file's (just opened or saved)
    linted: Linted | None = None
    setup: Setup | None = None
    published: list[Diagnostic] = field(default_factory=list)


class Session:
    def __init__(self, server: LanguageServer, lang: str | None) -> None:
        self.server = server
        self.lang_option = lang  # --lang or the client's initializationOptions; else the config file's
        self.engine = Engine()
        self.buffers: dict[str, Buffer] = {}
        self.timers: dict[str, asyncio.TimerHandle] = {}
        self.told: set[str] = set()  # setup errors already shown
        self.shut_down = False

    def lang(self, buffer: Buffer) -> str:
        return self.lang_option or (buffer.setup.lang if buffer.setup else "zh")

    def _root(self, path: Path) -> Path:
        folders = [to_fs_path(f.uri) for f in self.server.workspace.folders.values()]
        folders.append(self.server.workspace.root_path)
        inside = [Path(f) for f in folders if f and path.is_relative_to(Path(f))]
        return max(inside, key=lambda f: len(f.parts)) if inside else path.parent

    def open(self, uri: str) -> None:
        fs = to_fs_path(uri) if uri.startswith("file:") else None
        if fs is None:
            root = Path.cwd()
            buffer = Buffer(uri, None, root, uri.rsplit("/", 1)[-1] or "untitled.yaml", saved=False)
        else:
            path = Path(fs)
            root = self._root(path)
            buffer = Buffer(uri, path, root, shown_path(path, root))
        self.buffers[uri] = buffer
        self.lint(uri)

    def changed(self, uri: str) -> None:
        """A change: lint when typing pauses for :data:`DEBOUNCE_SECONDS`."""
        buffer = self.buffers.get(uri)
        if buffer is None:
            return
        buffer.saved = False
        self._cancel(uri)
        self.timers[uri] = asyncio.get_running_loop().call_later(DEBOUNCE_SECONDS, self.lint, uri)

    def saved(self, uri: str) -> None:
        buffer = self.buffers.get(uri)
        if buffer is not None:
            buffer.saved = buffer.path is not None
            self.lint(uri)

    def close(self, uri: str) -> None:
        self._cancel(uri)
        buffer = self.buffers.pop(uri, None)
        self._publish(uri, [], None)
        if buffer is not None and buffer.setup is not None:
            self._publish_folder(buffer.root, buffer.setup)  # its file on disk now stands for it

    def stop(self) -> None:
        self.shut_down = True
        for uri in list(self.timers):
            self._cancel(uri)

    def fresh(self, uri: str) -> Buffer | None:
        """The buffer, linted on its current text (a request does not wait for the pause in typing)."""
        buffer = self.buffers.get(uri)
        if buffer is None:
            return None
        if buffer.linted is None or buffer.linted.text != self._text(uri):
            self.lint(uri)
        return buffer if buffer.linted is not None else None

    def _text(self, uri: str) -> str:
        return self.server.workspace.get_text_document(uri).source

    def _cancel(self, uri: str) -> None:
        timer = self.timers.pop(uri, None)
        if timer is not None:
            timer.cancel()

    def lint(self, uri: str) -> None:
        """Lint one buffer and publish the findings of the open buffers of its folder."""
        self._cancel(uri)
        buffer = self.buffers.get(uri)
        if buffer is None or self.shut_down:
            return
        try:
            try:
                buffer.setup = self.engine.setup(buffer.root)
            except SetupError as exc:
                self._tell(str(exc))
                buffer.linted = None
                self._publish(uri, [], None)
                return
            path = buffer.path if buffer.path is not None else Path(buffer.shown)
            buffer.linted = self.engine.lint_buffer(path, buffer.shown, self._text(uri), buffer.setup,
                                                    saved=buffer.saved)
            self._publish_folder(buffer.root, buffer.setup)
        except Exception as exc:  # a fault of ours: said once in the editor and on stderr, never a crash
            log.error("genhe-lint: internal error while linting %s: %s: %s", buffer.shown, type(exc).__name__,
                      exc)
            self._tell(f"genhe-lint 内部错误 / internal error: {type(exc).__name__}: {exc} ({buffer.shown})")

    def _publish_folder(self, root: Path, setup: Setup) -> None:
        group = [b for b in self.buffers.values() if b.root == root and b.linted is not None]
        on_disk = {b.shown: b.linted.facts for b in group if b.path is not None and b.linted is not None}
        across = self.engine.project(root, setup, on_disk) if on_disk else []
        for b in group:
            assert b.linted is not None
            mine = [d for d in across if d.path == b.shown and b.path is not None]
            b.published = outranked(b.linted.diagnostics, mine)
            lines = Lines(b.linted.text)
            lang = self.lang(b)
            self._publish(b.uri, [to_lsp(d, lines, lang) for d in b.published],
                          self.server.workspace.get_text_document(b.uri).version)

    def _publish(self, uri: str, diagnostics: list[types.Diagnostic], version: int | None) -> None:
        self.server.text_document_publish_diagnostics(
            types.PublishDiagnosticsParams(uri=uri, diagnostics=diagnostics, version=version))

    def _tell(self, message: str) -> None:
        if message in self.told:
            return
        self.told.add(message)
        self.server.window_show_message(types.ShowMessageParams(type=types.MessageType.Error,
                                                                message=message))
