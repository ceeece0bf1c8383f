"""The command line itself: version, help, formats list, module entry point."""

from __future__ import annotations

from genhe_lint import __version__
from genhe_lint.cli.app import FORMAT_NAMES
from genhe_lint.output import FORMATTERS
from tests.conftest import run_cli


def test_format_names_match_the_formatters() -> None:
    assert set(FORMAT_NAMES) == set(FORMATTERS) | {"text"}


def test_version() -> None:
    proc = run_cli("--version")
    assert proc.returncode == 0 and proc.stdout.strip() == f"genhe-lint {__version__}"


def test_help_lists_the_commands() -> None:
    proc = run_cli("--help")
    assert proc.returncode == 0
    for command in ("check", "rules", "explain", "schema"):
        assert command in proc.stdout


def test_unknown_format_is_a_usage_error() -> None:
    proc = run_cli("check", "catalogs/", "--format", "xml")
    assert proc.returncode == 2 and "xml" in proc.stderr


def test_output_file(tmp_path) -> None:  # type: ignore[no-untyped-def]
    target = tmp_path / "out.json"
    proc = run_cli("check", "catalogs/", "--format", "json", "-o", str(target))
    assert proc.returncode == 1 and proc.stdout == ""
    assert '"GL101"' in target.read_text(encoding="utf-8")
