"""What ``genhe-lint changes`` does: the changes to the catalogs, as 事项, between a git revision and the
working tree (``--base REF [PATHS]``) or between two files (``OLD NEW``). It reports; it does not judge: the
exit code is 0, or 2 for a usage error (an unknown revision, a folder outside git, a wrong format)."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from genhe_lint.errors import UsageError


def run_changes(paths: list[str], base: str | None, output_format: str, lang: str,
                findings: Path | None = None) -> int:
    from genhe_lint.changes import compare, render

    if output_format not in render.FORMATS:
        raise UsageError(f"未知的输出格式 / unknown format: {output_format} "
                         f"(可选 / choose from: {', '.join(render.FORMATS)})")
    listed = _findings(findings) if findings is not None else None
    if base is None:
        if len(paths) != 2 or not all(Path(p).is_file() for p in paths):
            raise UsageError("请用 --base REF 指定要比较的 git 修订，或给出两个目录文件 OLD NEW / "
                             "give --base REF (a git revision), or two catalog files OLD NEW")
        changes = compare.between_files(paths[0], paths[1])
    else:
        from genhe_lint.lint.changed import GitError

        try:
            changes = compare.between_revision(base, paths or ["."])
        except GitError as exc:
            raise UsageError(f"--base {base}: {exc}") from None
    render.render(changes, output_format, lang, sys.stdout, listed)
    return 0


def _findings(path: Path) -> list[dict[str, Any]]:
    """The findings of a ``check --format json`` output, listed first in the Markdown summary."""
    try:
        payload = json.loads(path.read_text(encoding="utf-8"))
        found = payload["diagnostics"]
        if not isinstance(found, list) or not all(isinstance(d, dict) for d in found):
            raise TypeError("diagnostics is not a list of findings")
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise UsageError(f"--findings {path}: 不是 check --format json 的输出 / not the output of "
                         f"check --format json: {exc}") from None
    return found
