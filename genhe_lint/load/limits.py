"""How much the loader reads (README "Limits and bad input"), set from the environment, and the problems
reported when a file goes beyond them.

A file larger than the size limit is not read; a tree nested deeper, or with more nodes, than the limits
is not built.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass

from genhe_lint.diagnostic import Msg
from genhe_lint.load.document import Problem

DEFAULT_MAX_FILE_SIZE = 10 * 1024 * 1024  # bytes
DEFAULT_MAX_DEPTH = 20  # levels of items (sections are level 1)
DEFAULT_MAX_NODES = 500_000  # keys, values and lists; the bundled catalogs have about 500 each

MAX_DEPTH_CEILING = 200  # 402 levels of YAML nesting: well inside Python's recursion limit of 1000

ENV_MAX_FILE_SIZE = "GENHE_LINT_MAX_FILE_SIZE"
ENV_MAX_DEPTH = "GENHE_LINT_MAX_DEPTH"
ENV_MAX_NODES = "GENHE_LINT_MAX_NODES"


@dataclass(frozen=True, slots=True)
class Limits:
    """How much the loader reads: file size in bytes, levels of items, YAML nodes."""

    max_file_size: int = DEFAULT_MAX_FILE_SIZE
    max_depth: int = DEFAULT_MAX_DEPTH
    max_nodes: int = DEFAULT_MAX_NODES

    @property
    def yaml_depth(self) -> int:
        """Nesting of YAML collections that ``max_depth`` levels of items need.

        The top mapping is level 1, ``sections`` 2; item level k is a mapping at 2k + 1 whose lists
        (``items``, ``channels``) are at 2k + 2.
        """
        return 2 * min(self.max_depth, MAX_DEPTH_CEILING) + 2

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> Limits:
        """The defaults, overridden by ``GENHE_LINT_MAX_*`` (a positive whole number; sizes may end in K, M
        or G).

        A value that is not a positive number is ignored (the default applies); the depth is at most
        ``MAX_DEPTH_CEILING``, so that no nesting the loader accepts can exhaust Python's recursion.
        """
        env = os.environ if environ is None else environ
        return cls(
            _env_number(env.get(ENV_MAX_FILE_SIZE), DEFAULT_MAX_FILE_SIZE, sizes=True),
            min(_env_number(env.get(ENV_MAX_DEPTH), DEFAULT_MAX_DEPTH), MAX_DEPTH_CEILING),
            _env_number(env.get(ENV_MAX_NODES), DEFAULT_MAX_NODES),
        )


_UNITS = {"": 1, "K": 1024, "KB": 1024, "M": 1024**2, "MB": 1024**2, "G": 1024**3, "GB": 1024**3}


def _env_number(raw: str | None, default: int, sizes: bool = False) -> int:
    """A positive number from the environment; anything else (unset, empty, garbage) gives the default."""
    if not raw:
        return default
    match = re.fullmatch(r"\s*(\d+)\s*([A-Za-z]*)\s*", raw)
    if match is None:
        return default
    unit = match.group(2).upper()
    if unit and (not sizes or unit not in _UNITS):
        return default
    value = int(match.group(1)) * _UNITS[unit]
    return value if value > 0 else default


def current_limits() -> Limits:
    return Limits.from_env()


def _size_text(n: int) -> str:
    if n >= 1024**2:
        return f"{n / 1024**2:.1f} MB".replace(".0 MB", " MB")
    if n >= 1024:
        return f"{n / 1024:.1f} KB".replace(".0 KB", " KB")
    return f"{n} B"


def too_large(size: int, limits: Limits) -> Problem:
    limit = _size_text(limits.max_file_size)
    return Problem(
        "limit",
        Msg(zh=f"文件太大（{_size_text(size)}），超过上限 {limit}，未检查",
            en=f"file too large ({_size_text(size)}), over the {limit} limit; not checked"),
        hint=Msg(zh=f"目录文件通常只有几十 KB；确认这是目录文件。"
                    f"确需检查时设置环境变量 {ENV_MAX_FILE_SIZE}（如 20M）",
                 en=f"catalogs are a few dozen KB; check this is a catalog, "
                    f"or raise {ENV_MAX_FILE_SIZE} (e.g. 20M)"))


def too_deep(line: int, column: int, limits: Limits) -> Problem:
    return Problem(
        "limit",
        Msg(zh=f"嵌套太深：超过上限 {limits.max_depth} 层事项"
               f"（{limits.yaml_depth} 层 YAML 嵌套），未继续读取",
            en=f"nested too deep: more than {limits.max_depth} levels of items "
               f"({limits.yaml_depth} levels of YAML nesting); not read further"),
        line, column,
        Msg(zh=f"检查缩进和 items 的层次；确需更深时设置环境变量 {ENV_MAX_DEPTH}",
            en=f"check the indentation and the levels of items, or raise {ENV_MAX_DEPTH}"))


def too_many_nodes(line: int, column: int, limits: Limits) -> Problem:
    return Problem(
        "limit",
        Msg(zh=f"文件中的键、值和列表超过上限 {limits.max_nodes} 个，未继续读取",
            en=f"more than {limits.max_nodes} keys, values and lists; not read further"),
        line, column,
        Msg(zh=f"目录文件通常只有几百个；确需检查时设置环境变量 {ENV_MAX_NODES}",
            en=f"catalogs have a few hundred; raise {ENV_MAX_NODES} if this one really is that large"))
