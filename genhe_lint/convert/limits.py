"""How much an import reads, in one place: the file's size, a Word or Excel file's inflated size and member
count, the cells of the tables and their area (rows x columns after merged cells), the size of a span.

A file beyond a limit is refused with a ``GL909`` finding (:data:`~genhe_lint.convert.problems.LIMIT`),
never read on until memory or time runs out. A span that reaches past the table's last row or column is
cut at the table's edge, not refused: a published table may well say ``rowspan=99`` on its last row.

The file size is the loader's (``GENHE_LINT_MAX_FILE_SIZE``, see :class:`genhe_lint.load.limits.Limits`),
and it bounds what a zipped file (``.docx``, ``.xlsx``) inflates to as well: the bytes parsed, zipped or
not, are at most that. The other limits are far above any
catalog (the bundled ones have about 100 rows of 23 columns) and far below what exhausts a machine.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass

MAX_CELLS = 200_000  # cells written in the file (a merged cell counts once)
MAX_AREA = 500_000  # slots of all the tables together: rows x columns, merged cells spread out
MAX_SPAN = 1000  # rows or columns of one merged cell, as HTML caps colspan
MAX_ZIP_MEMBERS = 1000  # files inside a .docx or .xlsx (a Word file has about 20)
_CHUNK = 1 << 20


@dataclass
class LimitExceeded(Exception):
    """The file goes beyond a limit; line and column (1-based) say where, when the file has a place."""

    zh: str
    en: str
    line: int = 1
    column: int = 1

    def __str__(self) -> str:
        return self.en


def max_file_size() -> int:
    from genhe_lint.load.limits import current_limits

    return current_limits().max_file_size


def _size(n: int) -> str:
    return f"{n / (1 << 20):.1f} MB" if n >= 1 << 20 else f"{n} B"


def check_file_size(size: int) -> None:
    limit = max_file_size()
    if size > limit:
        raise LimitExceeded(
            f"文件太大（{_size(size)}），超过上限 {_size(limit)}，未导入；确需导入时设置环境变量 "
            "GENHE_LINT_MAX_FILE_SIZE",
            f"file too large ({_size(size)}), over the {_size(limit)} limit; not imported "
            "(GENHE_LINT_MAX_FILE_SIZE raises it)")


def check_zip(data: bytes) -> None:
    """Refuse a zip (``.docx``, ``.xlsx``) with too many members or that inflates beyond the limit.

    The sizes the zip declares are checked first (a bomb is refused before anything is inflated), then
    every member is inflated in chunks and the bytes it really gives are counted, so a zip whose headers
    understate its sizes is refused as soon as the limit is passed. A damaged zip is left to the reader,
    which reports it as unreadable."""
    limit = max_file_size()
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        return
    with archive:
        members = archive.infolist()
        if len(members) > MAX_ZIP_MEMBERS:
            raise LimitExceeded(f"压缩包内有 {len(members)} 个文件，超过上限 {MAX_ZIP_MEMBERS}，未导入",
                                f"{len(members)} files inside the zip, over the {MAX_ZIP_MEMBERS} limit; "
                                "not imported")
        declared = sum(m.file_size for m in members)
        if declared > limit:
            raise _inflates(declared, limit)
        total = 0
        for member in members:
            try:
                with archive.open(member) as stream:
                    while chunk := stream.read(_CHUNK):
                        total += len(chunk)
                        if total > limit:
                            raise _inflates(total, limit)
            except (zipfile.BadZipFile, NotImplementedError, EOFError, ValueError, RuntimeError):
                return  # damaged or encrypted: the reader says so


def _inflates(size: int, limit: int) -> LimitExceeded:
    return LimitExceeded(
        f"压缩包解压后超过 {_size(limit)}（至少 {_size(size)}），可能是压缩炸弹，未导入",
        f"the zip inflates to more than {_size(limit)} (at least {_size(size)}); a zip bomb? not imported")


def check_cells(count: int, line: int = 1, column: int = 1) -> None:
    if count > MAX_CELLS:
        raise LimitExceeded(f"表格单元格超过上限 {MAX_CELLS} 个，未导入",
                            f"more than {MAX_CELLS} table cells; not imported", line, column)


def check_area(rows: int, columns: int, before: int = 0, line: int = 1, column: int = 1) -> None:
    """A table of rows x columns (merged cells spread out), after tables of ``before`` slots."""
    if before + rows * columns > MAX_AREA:
        raise LimitExceeded(
            f"表格展开后有 {rows} 行 × {columns} 列，超过上限 {MAX_AREA} 格，未导入",
            f"the tables spread out to {rows} rows x {columns} columns, over the {MAX_AREA} limit; "
            "not imported", line, column)
