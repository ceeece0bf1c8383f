"""Baselines for legacy catalogs: record today's findings, then report only new ones.

An entry is keyed on what a finding is, not where it is: the rule, the file, the text of the flagged
line (stripped), the flagged characters and the message with its numbers left out (several findings on one
line, such as the standard items missing from ``sections:``, differ only by their message, whose line
numbers move when lines are inserted). Inserting unrelated lines above leaves every key the same; editing the
flagged line makes its finding new again. Identical keys are counted, so a second copy of a baselined defect
is still reported. ``--diff-base`` matches findings the same way.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections import Counter
from collections.abc import Iterable
from pathlib import Path

from genhe_lint import __version__
from genhe_lint.diagnostic import Diagnostic

FORMAT = 2
_NUMBERS = re.compile(r"[0-9]+")


def fingerprint(d: Diagnostic, lines: list[str]) -> str:
    line = lines[d.span.line - 1] if 0 < d.span.line <= len(lines) else ""
    end = d.span.end_column - 1 if d.span.end_line == d.span.line else len(line)
    flagged = line[d.span.column - 1 : end]
    message = _NUMBERS.sub("#", d.message.zh)
    key = "\x1f".join((d.code, Path(d.path).as_posix(), line.strip(), flagged, message))
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:24]


def dumps(diagnostics: Iterable[Diagnostic], lines: dict[str, list[str]]) -> tuple[str, int]:
    """The baseline file's text for ``diagnostics``, and how many findings it records."""
    entries = [
        {"path": Path(d.path).as_posix(), "code": d.code, "line": d.span.line, "message": d.message.zh,
         "fingerprint": fingerprint(d, lines.get(d.path, []))}
        for d in diagnostics
    ]
    payload = {"genhe-lint-baseline": FORMAT, "tool_version": __version__, "findings": entries}
    return json.dumps(payload, ensure_ascii=False, indent=2) + "\n", len(entries)


class BaselineError(Exception):
    pass


def read(path: Path) -> Counter[str]:
    try:
        payload = json.loads(path.read_text(encoding="utf-8"))
        version = payload.get("genhe-lint-baseline")
        if isinstance(version, int) and version < FORMAT:
            raise BaselineError(f"{path}: 基线文件是旧格式，请用 genhe-lint baseline 重新生成 / an older "
                                "baseline format: record it again with genhe-lint baseline")
        if version != FORMAT:
            raise BaselineError(f"{path}: 不是 genhe-lint 基线文件 / not a genhe-lint baseline file")
        return Counter(entry["fingerprint"] for entry in payload["findings"])
    except (OSError, ValueError, KeyError, TypeError, AttributeError) as exc:
        raise BaselineError(f"{path}: 无法读取基线文件 / cannot read baseline: {exc}") from None


def filter_new(diagnostics: list[Diagnostic], lines: dict[str, list[str]],
               known: Counter[str]) -> list[Diagnostic]:
    remaining = Counter(known)
    out = []
    for d in diagnostics:
        fp = fingerprint(d, lines.get(d.path, []))
        if remaining[fp] > 0:
            remaining[fp] -= 1
        else:
            out.append(d)
    return out
