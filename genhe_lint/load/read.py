"""Read a file's bytes within the size limit and decode them: UTF-8, with or without a BOM, is the format.

Other encodings (GBK/GB18030, UTF-16, UTF-32) and binary files (Office documents, PDFs, images, archives)
are recognised and refused with a problem that says what the file is and how to convert it.
"""

from __future__ import annotations

import codecs
import errno
import os
from pathlib import Path

from genhe_lint.diagnostic import Msg
from genhe_lint.load.document import Problem


def read_capped(path: Path, cap: int) -> bytes | int:
    """The file's bytes, or its size when it is larger than ``cap`` (then only ``cap + 1`` bytes are read)."""
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    fd = os.open(path, flags)  # non-blocking: opening a FIFO that has no writer returns at once
    try:
        if hasattr(os, "set_blocking"):
            # ... but reading waits for a writer that is there (process substitution)
            os.set_blocking(fd, True)
        size = os.fstat(fd).st_size
        if size > cap:
            return size
        chunks = []
        total = 0
        # A regular file comes in one read of its size (+1 to see the end): a large fixed buffer would be a
        # fresh allocation per read. Pipes and growing files take further reads.
        step = max(size + 1, 1 << 16)
        while total <= cap:
            chunk = os.read(fd, min(step, cap + 1 - total))
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
    finally:
        os.close(fd)
    return total if total > cap else b"".join(chunks)


def read_problem(path: Path, exc: OSError) -> Problem:
    """Why a file could not be read (a folder, permissions, a symlink loop or a broken link), and what
    to do."""
    reason = exc.strerror or str(exc)
    if isinstance(exc, IsADirectoryError) or path.is_dir():
        try:
            os.listdir(path)
            zh, en = "这是文件夹，不是目录文件", "this is a folder, not a catalog file"
        except OSError as inner:
            reason = inner.strerror or str(inner)
            zh = f"无法读取文件夹（{reason}），其中的目录文件未检查"
            en = f"cannot read folder ({reason}); its catalogs were not checked"
        return Problem("read", Msg(zh=zh, en=en),
                       hint=Msg(zh="检查文件夹的权限", en="check the folder's permissions"))
    if isinstance(exc, PermissionError):
        return Problem("read", Msg(zh=f"无法读取文件：没有读取权限（{reason}）",
                                   en=f"cannot read file: permission denied ({reason})"),
                       hint=Msg(zh="检查文件的权限，如 chmod a+r 文件名",
                                en="check the file's permissions, e.g. chmod a+r FILE"))
    if exc.errno == errno.ELOOP:
        return Problem("read", Msg(zh="无法读取文件：符号链接形成了循环",
                                   en="cannot read file: a loop of symbolic links"),
                       hint=Msg(zh="修正或删除这个符号链接", en="fix or remove the symbolic link"))
    if isinstance(exc, FileNotFoundError):
        return Problem("read", Msg(zh="无法读取文件：文件不存在（可能是失效的符号链接）",
                                   en="cannot read file: it does not exist (a broken symbolic link?)"),
                       hint=Msg(zh="修正或删除这个符号链接", en="fix or remove the symbolic link"))
    return Problem("read", Msg(zh=f"无法读取文件：{reason}", en=f"cannot read file: {reason}"))


# -- decoding ----------------------------------------------------------------------------------------

_MAGIC: list[tuple[bytes, str, str]] = [
    (b"PK\x03\x04", "ZIP 压缩包（很可能是改了扩展名的 Word .docx 或 Excel .xlsx 文件）",
     "a ZIP archive (most likely a Word .docx or Excel .xlsx file renamed to .yaml)"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "旧版 Office 文件（Word .doc 或 Excel .xls）",
     "an old Office file (Word .doc or Excel .xls)"),
    (b"%PDF-", "PDF 文件", "a PDF file"),
    (b"{\\rtf", "RTF 文档", "an RTF document"),
    (b"\x89PNG\r\n\x1a\n", "PNG 图片", "a PNG image"),
    (b"\xff\xd8\xff", "JPEG 图片", "a JPEG image"),
    (b"\x1f\x8b", "gzip 压缩文件", "a gzip archive"),
    (b"Rar!\x1a\x07", "RAR 压缩包", "a RAR archive"),
    (b"7z\xbc\xaf\x27\x1c", "7z 压缩包", "a 7z archive"),
]
_BOMS: list[tuple[bytes, str]] = [
    (b"\xff\xfe\x00\x00", "UTF-32"), (b"\x00\x00\xfe\xff", "UTF-32"),
    (b"\xff\xfe", "UTF-16"), (b"\xfe\xff", "UTF-16"),
]


def _convert_hint(encoding: str, shown: str) -> Msg:
    quoted = "'" + shown.replace("'", "'\\''") + "'"
    command = f"iconv -f {encoding} -t UTF-8 {quoted} > {quoted}.utf8 && mv {quoted}.utf8 {quoted}"
    return Msg(
        zh=f"转换为 UTF-8：{command}；或在记事本/WPS/VS Code 中“另存为”并选择编码 UTF-8",
        en=f"convert to UTF-8: {command}; or use Save As with encoding UTF-8 in Notepad, WPS or VS Code")


def _not_text(what_zh: str, what_en: str, nul: bool = False) -> Problem:
    why_zh, why_en = ("（含有 NUL 字节）", " (it contains NUL bytes)") if nul else ("", "")
    return Problem(
        "encoding",
        Msg(zh=f"这不是文本文件{why_zh}，而是{' ' if what_zh[0].isascii() else ''}{what_zh}",
            en=f"not a text file{why_en} but {what_en}"),
        hint=Msg(zh="用 genhe-lint 的导入功能或手工把表格转成 YAML 目录文件",
                 en="convert the document to a YAML catalog (genhe-lint's import, or by hand)"))


def _line_col_of_byte(data: bytes, offset: int) -> tuple[int, int]:
    """0-based line and character column of byte ``offset`` of UTF-8 ``data`` (BOM not counted)."""
    line = data.count(b"\n", 0, offset)
    start = data.rfind(b"\n", 0, offset) + 1
    if start == 0 and data.startswith(b"\xef\xbb\xbf"):
        start = 3
    return line, len(data[start:offset].decode("utf-8", "replace"))


def decode(data: bytes, shown: str = "文件") -> tuple[str | None, Problem | None]:
    """Bytes -> text. UTF-8 (with or without BOM) is the format; anything else is a clear problem.

    GBK/GB18030, UTF-16 and UTF-32 are recognised and reported with the exact command that converts
    the file; they are not read: a guess could misread the text, and ``--fix`` writes UTF-8 only.
    """
    for bom, name in _BOMS:
        if data.startswith(bom):
            return None, Problem(
                "encoding",
                Msg(zh=f"文件是 {name} 编码，须为 UTF-8", en=f"file is {name} encoded; it must be UTF-8"),
                hint=_convert_hint(name, shown))
    for magic, what_zh, what_en in _MAGIC:
        if data.startswith(magic):
            return None, _not_text(what_zh, what_en, b"\x00" in data[:65536])
    nul = data.find(b"\x00")
    if nul != -1:
        return None, _nul_problem(data, nul, shown)
    try:
        # bytes.decode("utf-8") is the codec's C fast path; "utf-8-sig" goes through Python code for the BOM
        text = data[3:].decode("utf-8") if data.startswith(codecs.BOM_UTF8) else data.decode("utf-8")
    except UnicodeDecodeError:
        try:
            data.decode("utf-8-sig")  # the error as the format's codec states it (positions count the BOM)
        except UnicodeDecodeError as exc:
            return None, _not_utf8(data, exc, shown)
        raise  # pragma: no cover - both codecs reject the same bytes
    return text, None


def _nul_problem(data: bytes, nul: int, shown: str) -> Problem:
    sample = data[:4096]
    even, odd = sample[0::2].count(0), sample[1::2].count(0)
    if len(sample) >= 4 and max(even, odd) > len(sample) // 4 and min(even, odd) * 8 < max(even, odd):
        # ASCII text in UTF-16 has a zero byte in every other position (no byte-order mark here).
        name = "UTF-16LE" if odd > even else "UTF-16BE"
        return Problem(
            "encoding",
            Msg(zh=f"文件是 {name} 编码（无 BOM），须为 UTF-8",
                en=f"file is {name} encoded (no byte-order mark); it must be UTF-8"),
            hint=_convert_hint(name, shown))
    text_like = data.count(b"\x00") * 100 < len(data) and _mostly_utf8(data)
    if text_like:
        line, column = _line_col_of_byte(data, nul)
        return Problem(
            "encoding",
            Msg(zh="文件中有 NUL 字节（\\0）", en="the file contains a NUL byte (\\0)"),
            line, column,
            Msg(zh="删除这个字符；文件可能已损坏，请与备份或版本库中的版本比较",
                en="remove it; the file may be damaged: compare it with a backup or the repository"))
    return _not_text("二进制文件（可能是改了扩展名的 Word/Excel 文件）",
                     "a binary file (perhaps a Word/Excel file renamed to .yaml)", nul=True)


def _mostly_utf8(data: bytes) -> bool:
    text = data.replace(b"\x00", b"").decode("utf-8", "replace")
    return text.count("\ufffd") * 100 < max(1, len(text))


def _not_utf8(data: bytes, exc: UnicodeDecodeError, shown: str) -> Problem:
    line, column = _line_col_of_byte(data, exc.start)
    try:
        as_gb = data.decode("gb18030")
    except UnicodeDecodeError:
        as_gb = None
    if as_gb is not None and any("\u4e00" <= c <= "\u9fff" for c in as_gb):
        bad_line = as_gb.split("\n")[line].strip() if line < as_gb.count("\n") + 1 else ""
        excerpt = bad_line if len(bad_line) <= 40 else bad_line[:40] + "…"
        return Problem(
            "encoding",
            Msg(zh=f"文件是 GBK/GB18030 编码（Windows 的“ANSI”），须为 UTF-8；"
                   f"按 GB18030 读，第 {line + 1} 行是“{excerpt}”",
                en=f"file is GBK/GB18030 encoded (Windows 'ANSI'); it must be UTF-8. "
                   f"Read as GB18030, line {line + 1} is \"{excerpt}\""),
            line, column, _convert_hint("GB18030", shown))
    return Problem(
        "encoding",
        Msg(zh="文件不是 UTF-8 编码，也不像 GBK/GB18030",
            en="file is not UTF-8, nor does it look like GBK/GB18030"),
        line, column,
        Msg(zh="在编辑器中用原来的编码打开，再“另存为”UTF-8",
            en="open it in an editor with its encoding and save it as UTF-8"))
