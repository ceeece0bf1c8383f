"""The lines printed under a finding come from reading the file, not parsing it again: the same text the
loader keeps, for every kind of file, good or bad."""

from __future__ import annotations

from pathlib import Path

import pytest

from genhe_lint.load import loader
from genhe_lint.load.limits import Limits

ROOT = Path(__file__).resolve().parent.parent

ODD = {
    "plain.yaml": "department: 根河市民政局\nsections: []\n".encode(),
    "bom.yaml": b"\xef\xbb\xbfdepartment: x\n",
    "gbk.yaml": "department: 根河市民政局\n".encode("gbk"),
    "nul.yaml": b"department: x\n\x00\n",
    "lone-cr.yaml": b"department: x\rsections: []\n",
    "line-separator.yaml": "department: x\u2028y\n".encode(),
    "control.yaml": b"department: x\x07y\n",
    "escape.yaml": b"department: \x1b[31mred\n",
    "broken.yaml": b"department: [x\n",
    "utf16.yaml": "department: x\n".encode("utf-16"),
    "empty.yaml": b"",
    "crlf.yaml": b"department: x\r\nsections: []\r\n",
}


def _files(tmp_path: Path) -> list[Path]:
    for name, data in ODD.items():
        (tmp_path / name).write_bytes(data)
    return [*sorted((ROOT / "catalogs").glob("*.yaml")),
            *sorted((ROOT / "tests" / "examples").rglob("*.yaml")),
            *sorted(tmp_path.iterdir())]


def test_same_text_as_the_loader_keeps(tmp_path: Path) -> None:
    files = _files(tmp_path)
    assert len(files) > len(ODD) + 2
    for path in files:
        assert loader.display_text(path, "shown") == loader.load_path(path, "shown").source.text, path


def test_too_large_and_missing_files(tmp_path: Path) -> None:
    big = tmp_path / "big.yaml"
    big.write_text("department: x\n" * 100, encoding="utf-8")
    small = Limits(max_file_size=50)
    assert loader.display_text(big, None, small) == loader.load_path(big, None, small).source.text == ""
    missing = tmp_path / "missing.yaml"
    assert loader.display_text(missing) == loader.load_path(missing).source.text == ""


def test_an_ordinary_file_is_not_parsed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = ROOT / "catalogs" / "genhe-minzhengju.yaml"

    def no_parse(*args: object, **kwargs: object) -> None:
        raise AssertionError("parsed again")

    monkeypatch.setattr(loader, "parse", no_parse)
    assert loader.display_text(path).startswith("#")
