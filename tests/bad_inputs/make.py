"""Generate the bad inputs that are not plain UTF-8 text or are too large to keep in the repository.

The text cases live beside this script as files; these are made at test time (``generate(folder)``), so
that no editor, ``git`` setting or checkout can change their bytes. ``python tests/bad_inputs/make.py DIR``
writes them to DIR for a look by hand. Expected diagnostics for both kinds are in ``expected.yaml``.
"""

from __future__ import annotations

import io
import sys
import zipfile
from collections.abc import Callable
from pathlib import Path

GOOD = (
    "version: 1\n"
    "department: 根河市民政局\n"
    "title: 根河市民政局主动公开目录\n"
    "sections:\n"
    "  - serial: 1\n"
    "    name: 机关简介\n"
    "    deadline: 信息产生或变更之日起20个工作日内公开\n"
    "    channels: [政府网站]\n"
    "    audience: [全社会]\n"
    "    items:\n"
    "      - name: 机构职能\n"
    "        content: 本部门的主要职责\n"
)


def _docx() -> bytes:
    """A minimal Word document: what a .docx renamed to .yaml looks like."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types/>')
        archive.writestr("word/document.xml", "<w:document><w:body><w:p><w:r>"
                         "<w:t>根河市民政局主动公开目录</w:t>"
                         "</w:r></w:p></w:body></w:document>")
    return buffer.getvalue()


def _old_office() -> bytes:
    office = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
    return office + b"\x00" * 504 + "根河市民政局".encode("utf-16-le") + b"\x00" * 64


def _with_nul() -> bytes:
    data = GOOD.encode("utf-8")
    at = data.index("本部门".encode())
    return data[:at] + b"\x00" + data[at:]


def _too_many_nodes() -> bytes:
    return ("department: 根河市民政局\nsections: [" + ", ".join(["根河"] * 600_000) + "]\n").encode("utf-8")


def _long_line() -> bytes:
    return GOOD.replace("本部门的主要职责", "本部门的主要职责，" * 200_000 + "完").encode("utf-8")


def _long_key() -> bytes:
    return GOOD.replace("    name: 机关简介", "    " + "n" * 2000 + ": 机关简介").encode("utf-8")


def _ansi() -> bytes:
    return GOOD.replace("本部门的主要职责", "本部门\x1b[2J\x1b[31m的主要职责").encode("utf-8")


CASES: dict[str, Callable[[], bytes]] = {
    "encoding-utf8-bom.yaml": lambda: b"\xef\xbb\xbf" + GOOD.encode("utf-8"),
    "encoding-crlf.yaml": lambda: GOOD.replace("\n", "\r\n").encode("utf-8"),
    "encoding-utf8-bom-crlf-no-final-newline.yaml":
        lambda: b"\xef\xbb\xbf" + GOOD.rstrip("\n").replace("\n", "\r\n").encode(),
    "encoding-gbk.yaml": lambda: GOOD.encode("gbk"),
    "encoding-gb18030.yaml": lambda: GOOD.replace("机构职能", "机构职能䶮").encode("gb18030"),
    "encoding-utf16-le-bom.yaml": lambda: GOOD.encode("utf-16"),
    "encoding-utf16-be-bom.yaml": lambda: b"\xfe\xff" + GOOD.encode("utf-16-be"),
    "encoding-utf16-le-no-bom.yaml": lambda: GOOD.encode("utf-16-le"),
    "encoding-utf32.yaml": lambda: GOOD.encode("utf-32"),
    "encoding-latin1.yaml": lambda: "department: Genhe café\nsections: []\n".encode("latin-1"),
    "encoding-nul-byte.yaml": _with_nul,
    "encoding-control-characters.yaml": _ansi,
    "encoding-lone-cr.yaml": lambda: GOOD.replace("\n", "\r", 3).encode("utf-8"),
    "encoding-line-separator.yaml": lambda: GOOD.replace("本部门的", "本部门的\u2028").encode("utf-8"),
    "binary-docx-renamed.yaml": _docx,
    "binary-old-office.yaml": _old_office,
    "binary-pdf-renamed.yaml":
        lambda: b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n",
    "hostile-deep-flow.yaml": lambda: b"department: " + b"[" * 100_000 + b"]" * 100_000 + b"\n",
    "hostile-deep-block.yaml": lambda: b"- " * 100_000 + b"x\n",
    "hostile-too-many-nodes.yaml": _too_many_nodes,
    "hostile-long-line.yaml": _long_line,
    "hostile-long-key.yaml": _long_key,
}

# Made only on request (writing it takes a moment); the corpus test asks for it.
BIG_NAME = "hostile-50mb.yaml"
BIG_SIZE = 50 * 1024 * 1024


def write_big(path: Path, size: int = BIG_SIZE) -> None:
    """A syntactically ordinary catalog padded with list entries to ``size`` bytes."""
    head = "department: 根河市民政局\nsections:\n".encode()
    line = "  - name: 机关简介\n".encode()
    with path.open("wb") as handle:
        handle.write(head)
        block = line * 4096
        written = len(head)
        while written + len(block) <= size:
            handle.write(block)
            written += len(block)
        handle.write(line * ((size - written) // len(line)))


def generate(folder: Path, big: bool = False) -> list[str]:
    """Write every generated case into ``folder``; returns their names."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, make in CASES.items():
        (folder / name).write_bytes(make())
    names = list(CASES)
    if big:
        write_big(folder / BIG_NAME)
        names.append(BIG_NAME)
    return names


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: python tests/bad_inputs/make.py OUTPUT_DIR")
    for written in generate(Path(sys.argv[1]), big=True):
        print(written)
