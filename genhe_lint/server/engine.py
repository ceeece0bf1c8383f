"""Lint editor buffers with the engine ``check`` uses: the loader, the per-file pass with its suppression,
and the cross-catalog pass over the workspace folder's catalogs, where an open buffer stands for its file.

A workspace folder (or, for a file outside every folder, the file's own folder) is linted as ``genhe-lint
check`` run in that folder would lint it: the same config file (the nearest above the folder), the same rule
data, paths relative to the folder (what ``per-file-ignores`` and ``exclude`` match), one file's findings
from its text.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from genhe_lint import ruledata
from genhe_lint.config import settings
from genhe_lint.diagnostic import Diagnostic
from genhe_lint.errors import UsageError
from genhe_lint.lint.discover import discover
from genhe_lint.lint.options import Options
from genhe_lint.lint.passes import lint_document_with_facts, lint_file, lint_project
from genhe_lint.lint.setup import load_settings
from genhe_lint.load.document import Document
from genhe_lint.load.loader import load_bytes
from genhe_lint.load.read import decode
from genhe_lint.rules.facts import CatalogFacts

# A workspace folder with more catalogs than this is not read for cross-catalog rules: walking and linting
# a home folder opened by mistake would hold every answer up. Open buffers are still linted one by one.
MAX_PROJECT_FILES = 2000


class SetupError(Exception):
    """The config file or the rule data cannot be used; the message says which file and why."""


@dataclass(frozen=True, slots=True)
class Setup:
    """How one folder is linted: the lint options, the rule data and the config's message language."""

    options: Options
    data: ruledata.RuleData
    lang: str
    config: Path | None
    generation: int  # which setup of the engine's: disk facts are kept per setup


@dataclass(slots=True)
class Linted:
    """One buffer's last lint: the text it was linted as, the document, its own findings and its facts."""

    text: str
    document: Document
    diagnostics: list[Diagnostic]
    facts: CatalogFacts


@dataclass(slots=True)
class Engine:
    """Settings per folder and the facts of the catalogs on disk, kept between lints."""

    _setups: dict[tuple[str, str, int], Setup] = field(default_factory=dict)
    _disk: dict[tuple[str, str, int, int, int], CatalogFacts] = field(default_factory=dict)
    _made: int = 0

    def setup(self, root: Path) -> Setup:
        """The settings ``check`` finds for ``root`` (kept while the config file is unchanged)."""
        found = settings.find_config(root)
        try:
            stamp = found.stat().st_mtime_ns if found else 0
        except OSError:
            stamp = -1
        key = (str(root), str(found), stamp)
        cached = self._setups.get(key)
        if cached is not None:
            return cached
        try:
            loaded = load_settings([str(root)])
        except UsageError as exc:
            raise SetupError(str(exc)) from None
        self._made += 1
        made = Setup(loaded.options, loaded.data, loaded.settings.lang, loaded.source, self._made)
        self._setups = {k: v for k, v in self._setups.items() if k[0] != key[0]}
        self._setups[key] = made
        return made

    def lint_buffer(self, path: Path, shown: str, text: str, setup: Setup, *, saved: bool) -> Linted:
        """Lint a buffer's text. ``saved``: the buffer is the file as on disk (just opened or saved); a file
        that is not UTF-8 is then linted from its bytes, so that its encoding finding is the one ``check``
        gives (the editor has decoded it some other way)."""
        data = text.encode("utf-8", "surrogatepass")  # a lone surrogate is an encoding finding, not a crash
        if saved:
            on_disk = _read(path)
            if on_disk is not None and decode(on_disk, shown)[0] is None:
                data = on_disk
        document = load_bytes(data, shown)
        if setup.options.settings.excluded(shown):
            return Linted(text, document, [], CatalogFacts(shown, None, None))
        diagnostics, facts = lint_document_with_facts(document, setup.data, setup.options.rules_for(shown),
                                                      setup.options)
        return Linted(text, document, diagnostics, facts)

    def project(self, root: Path, setup: Setup, buffers: dict[str, CatalogFacts]) -> list[Diagnostic]:
        """The cross-catalog findings of the folder's catalogs, each open buffer (by shown path) standing
        for its file."""
        rules = setup.options.selection.rules()
        if not any(r.project for r in rules):
            return []
        try:
            found = discover([str(root)]).files
        except Exception:  # the folder went away: the open buffers alone
            found = []
        if len(found) > MAX_PROJECT_FILES:
            return []
        facts = dict(buffers)
        for path, _ in found:
            shown = shown_path(Path(path), root)
            if shown not in facts and not setup.options.settings.excluded(shown):
                got = self._disk_facts(Path(path), shown, setup)
                if got is not None:
                    facts[shown] = got
        if len(facts) < 2:
            return []
        return lint_project(list(facts.values()), setup.data, setup.options)

    def _disk_facts(self, path: Path, shown: str, setup: Setup) -> CatalogFacts | None:
        try:
            st = path.stat()
        except OSError:
            return None
        key = (str(path), shown, st.st_mtime_ns, st.st_size, setup.generation)
        cached = self._disk.get(key)
        if cached is None:
            cached = lint_file(path, shown, setup.data, setup.options)[1]
            self._disk = {k: v for k, v in self._disk.items() if k[:2] != key[:2]}
            self._disk[key] = cached
        return cached


def shown_path(path: Path, root: Path) -> str:
    """``path`` as ``check`` run in ``root`` names it."""
    try:
        shown = os.path.relpath(path, root)
    except ValueError:  # another drive on Windows
        return str(path)
    return shown if not shown.startswith("..") else str(path)


def _read(path: Path) -> bytes | None:
    try:
        return path.read_bytes() if path.is_file() else None
    except OSError:
        return None
