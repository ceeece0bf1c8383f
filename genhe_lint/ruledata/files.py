"""Find, read, validate and merge the rule-data files, and compile them once per process.

The built-in data (``lint_rules/``) comes first; each ``--rules-dir`` folder then extends it file by file
(lists are extended, an entry with the same key replaces the earlier one; ``replace: true`` starts the file
afresh).
Each file is read with the same positioned loader as catalogs and validated by its model in
:mod:`genhe_lint.ruledata.models`; a file that does not pass is a :class:`RuleDataError` with its own path,
line and column (exit code 2).

The merged, validated dump is kept in the user's cache (:mod:`genhe_lint.usercache`), keyed by the
bytes of every data file, their names and order, the tool's version and the source of the schema: a run whose
data files are unchanged compiles the stored dump without reading YAML or importing pydantic.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from genhe_lint import usercache
from genhe_lint.load.limits import Limits, current_limits
from genhe_lint.load.loader import load_bytes, load_path
from genhe_lint.load.parse import node_at, to_python
from genhe_lint.ruledata.compiled import FILE_NAMES, Dump, RuleData, compile_data
from genhe_lint.ruledata.patterns import PatternError

if TYPE_CHECKING:
    from pydantic import ValidationError
    from yaml.nodes import Node

CACHE_KIND = "ruledata"


class RuleDataError(Exception):
    """A rule-data file that cannot be used; carries the file's path and the position."""

    def __init__(self, path: str, line: int, column: int, message: str) -> None:
        super().__init__(f"{path}:{line}:{column}: {message}")
        self.path, self.line, self.column, self.message = path, line, column, message


def default_dir() -> Path:
    """The rule data shipped with the tool: inside the installed package (the wheel puts ``lint_rules/``
    there), or the source checkout's ``lint_rules/``."""
    packaged = Path(__file__).parents[1] / "lint_rules"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parents[2] / "lint_rules"


def load(extra_dirs: tuple[str, ...] = ()) -> RuleData:
    """The built-in rule data extended by ``extra_dirs``, compiled; the same object for the same folders."""
    return _load_cached(tuple(str(Path(d).resolve()) for d in extra_dirs))


@lru_cache(maxsize=8)
def _load_cached(extra_dirs: tuple[str, ...]) -> RuleData:
    base = default_dir()
    sources: list[Path] = []
    for folder in (base, *map(Path, extra_dirs)):
        if not folder.is_dir():
            raise RuleDataError(str(folder), 1, 1, "规则数据目录不存在 / rule-data folder does not exist")
        sources.extend(folder / name for name in FILE_NAMES if (folder / name).is_file())
    contents = [_read(path) for path in sources]
    shown = [str(path) for path in sources]
    compiled: RuleData | None = None
    entry_key = None
    if all(data is not None for data in contents):
        entry_key = _cache_key((path.name, data) for path, data in zip(sources, contents, strict=True))
        compiled = _from_cache(entry_key, shown)
    if compiled is None:
        files = _validated(base, sources, contents)
        compiled = compile_data(files, shown)
        if entry_key is not None:
            usercache.write(CACHE_KIND, entry_key, files)
    _compile_joined(compiled, sources)
    compiled.extra_dirs = extra_dirs
    digest = hashlib.sha256()
    for name, data in zip(shown, contents, strict=True):
        digest.update(name.encode("utf-8") + b"\0" + (data or b"") + b"\0")
    compiled.fingerprint = digest.hexdigest()
    return compiled


def _compile_joined(compiled: RuleData, sources: list[Path]) -> None:
    """Compile the patterns that join every entry of a file: entries that RE2 takes one by one may be too
    large together, a RuleDataError at load rather than a fault in a rule."""
    for filename, joined in (("placeholders.yaml", compiled.placeholder_re),
                             ("deadlines.yaml", compiled.deadline_any)):
        if joined is None:
            continue
        try:
            joined.compile()
        except PatternError as exc:
            path = [p for p in sources if p.name == filename][-1]
            raise RuleDataError(str(path), 1, 1, f"各条合起来 / all entries joined: {exc}") from None


def _read(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except OSError:
        return None  # the loader reports it, with its message


def _cache_key(files: Iterable[tuple[str, bytes | None]]) -> str:
    """The data files' names and bytes in order, the loader's limits and the source of what makes the dump
    (the models and the merge): a checkout whose schema is edited never reads a dump of the old schema."""
    here = Path(__file__)
    parts = [here.read_bytes(), *(here.with_name(name).read_bytes() for name in ("models.py", "patterns.py")),
             repr(current_limits()).encode()]
    for name, data in files:
        parts += [name.encode(), data or b""]
    return usercache.key(CACHE_KIND, parts)


def _from_cache(entry_key: str, shown: list[str]) -> RuleData | None:
    """The rule data of a stored dump; None when there is none or it is not a dump this code can compile."""
    files = usercache.read(CACHE_KIND, entry_key)
    if not isinstance(files, dict) or sorted(files) != sorted(FILE_NAMES):
        return None
    try:
        return compile_data(files, shown)
    except (KeyError, TypeError, ValueError, AttributeError, IndexError):  # re.error is a ValueError
        return None


def _validated(base: Path, sources: list[Path], contents: list[bytes | None]) -> dict[str, Dump]:
    """Every file validated on its own (for exact positions), merged in order: file name -> dump."""
    merged: dict[str, dict[str, Any] | None] = dict.fromkeys(FILE_NAMES)
    for path, data in zip(sources, contents, strict=True):
        merged[path.name] = _merge(merged[path.name], _validate_file(path, data, merged[path.name]))
    files: dict[str, Dump] = {}
    for filename, dump in merged.items():
        if dump is None:
            raise RuleDataError(str(base / filename), 1, 1, "缺少规则数据文件 / rule-data file is missing")
        files[filename] = dump
    return files


def _validate_file(path: Path, data: bytes | None, base: dict[str, Any] | None) -> dict[str, Any]:
    """One rule-data file as its model's dump; a :class:`RuleDataError` where it is broken.

    A file that extends ``base`` (a ``--rules-dir`` file without ``replace: true``) need not repeat what the
    base already has (``region.yaml``'s ``name``): it is validated on top of the base, and only the keys it
    writes are returned, so that an unwritten key keeps the base's value instead of the model's default."""
    # The tool's own data (the gazetteer is 38 KB) is read with the default limits: the limits a user lowers
    # guard against the catalogs, not against the data shipped with the tool.
    limits = Limits() if path.parent == default_dir() else None
    doc = load_path(path, limits=limits) if data is None else load_bytes(data, str(path), limits)
    if doc.problems:
        p = doc.problems[0]
        raise RuleDataError(str(path), p.line + 1, p.column + 1, p.message.zh + " / " + p.message.en)
    if doc.root is None:
        raise RuleDataError(str(path), 1, 1, "文件为空 / file is empty")
    from pydantic import ValidationError

    from genhe_lint.ruledata.models import MODELS

    raw = to_python(doc.root)
    extends = base is not None and isinstance(raw, dict) and not raw.get("replace")
    try:
        if not extends:
            return MODELS[path.name].model_validate(raw).model_dump()
        assert isinstance(raw, dict) and base is not None
        whole = MODELS[path.name].model_validate({**base, **raw}).model_dump()
    except ValidationError as exc:
        raise _explained(path, doc.root, exc) from None
    return {key: whole[key] for key in raw if key in whole}


def _explained(path: Path, root: Node, exc: ValidationError) -> RuleDataError:
    errors = exc.errors()
    # An unknown key (a misspelling) explains a "missing" one better than the other way round.
    err = next((e for e in errors if e["type"] == "extra_forbidden"), errors[0])
    node = node_at(root, err["loc"], key=err["type"] == "extra_forbidden")
    line, col = (node.start_mark.line + 1, node.start_mark.column + 1) if node is not None else (1, 1)
    where = ".".join(str(p) for p in err["loc"]) or "(top)"
    more = f"（另有 {len(errors) - 1} 处问题）" if len(errors) > 1 else ""
    pattern_error = err.get("ctx", {}).get("error")
    if isinstance(pattern_error, PatternError):  # a pattern RE2 cannot run: its own message says why
        return RuleDataError(str(path), line, col + _offset(node, pattern_error.offset),
                             f"{where}: {pattern_error}{more}")
    zh = {"extra_forbidden": "未知的键", "missing": "缺少必填的键"}.get(err["type"], "值不正确")
    return RuleDataError(str(path), line, col, f"{where}: {zh}{more} / {err['msg']}")


def _offset(node: Node | None, offset: int | None) -> int:
    """Columns from a scalar's start to the character ``offset`` of its value, when the value is written
    as it reads (on one line, plain or in single quotes without escapes); else 0, the scalar's start."""
    from yaml.nodes import ScalarNode

    if offset is None or not isinstance(node, ScalarNode) or node.start_mark.line != node.end_mark.line:
        return 0
    if not node.style:  # plain
        return offset
    if node.style == "'" and "'" not in node.value:
        return offset + 1
    return 0


def _merge(base: dict[str, Any] | None, extra: dict[str, Any]) -> dict[str, Any]:
    """Extend ``base`` with an extra folder's file: lists are extended (same key replaces)."""
    if base is None or extra.get("replace"):
        return extra
    out = dict(base)
    for key, value in extra.items():
        if key == "replace":
            continue
        if isinstance(value, list) and isinstance(out.get(key), list):
            merged: list[Any] = list(out[key])
            index = {_entry_key(e): i for i, e in enumerate(merged)}
            for entry in value:
                k = _entry_key(entry)
                if k is not None and k in index:
                    merged[index[k]] = entry
                else:
                    merged.append(entry)
            out[key] = merged
        elif isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = {**out[key], **value}
        else:
            out[key] = value
    return out


def _entry_key(entry: Any) -> Any:
    if isinstance(entry, dict):
        for k in ("id", "name", "phrase", "wrong", "pattern"):
            if entry.get(k):
                return (k, entry[k])
        return None
    return entry
