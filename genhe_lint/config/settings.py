"""Configuration: the effective settings, fed by the nearest config file and then by command-line flags.

Config files, found by walking up from the linted paths (like ruff): ``.genhe-lint.yaml`` or
``pyproject.toml`` with a ``[tool.genhe-lint]`` table; in one folder ``.genhe-lint.yaml`` wins.
Paths inside a config file (``rules-dirs``, ``baseline``) are relative to that file's folder.

A config file is validated by the model of :mod:`genhe_lint.config.model`, which explains what is wrong. The
validated result is kept in the user's cache (:mod:`genhe_lint.usercache`), keyed by the file's bytes:
a run with an unchanged config file reads it back without importing pydantic.
"""

from __future__ import annotations

import fnmatch
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any, Literal, NamedTuple

from genhe_lint import usercache
from genhe_lint.diagnostic import Severity

CONFIG_NAMES = (".genhe-lint.yaml", ".genhe-lint.yml", "pyproject.toml")
CACHE_KIND = "settings"


@dataclass(slots=True)
class Settings:
    """Effective settings: the fields of :class:`genhe_lint.config.model.SettingsModel` (which describes
    each), after a config file and the command-line flags. Keys are written with hyphens in files
    (``per-file-ignores``)."""

    select: list[str] = field(default_factory=list)
    ignore: list[str] = field(default_factory=list)
    severity: dict[str, Severity] = field(default_factory=dict)
    per_file_ignores: dict[str, list[str]] = field(default_factory=dict)
    rules_dirs: list[str] = field(default_factory=list)
    exclude: list[str] = field(default_factory=list)
    lang: Literal["zh", "en"] = "zh"
    baseline: str | None = None  # resolved against the config file's folder when read from one

    def ignored_for(self, path: str) -> list[str]:
        """Rule patterns ignored for one file by ``per-file-ignores``."""
        if not self.per_file_ignores:
            return []
        posix = Path(path).as_posix()
        out: list[str] = []
        for pattern, codes in self.per_file_ignores.items():
            if fnmatch.fnmatch(posix, pattern) or fnmatch.fnmatch(Path(path).name, pattern):
                out.extend(codes)
        return out

    def excluded(self, path: str) -> bool:
        if not self.exclude:
            return False
        posix = Path(path).as_posix()
        return any(fnmatch.fnmatch(posix, p) or fnmatch.fnmatch(Path(path).name, p) for p in self.exclude)

    def to_dict(self) -> dict[str, Any]:
        """As written in a config file (hyphenated keys, severities as text): what ``genhe-lint config``
        shows."""
        return {
            "select": list(self.select),
            "ignore": list(self.ignore),
            "severity": {k: v.value for k, v in self.severity.items()},
            "per-file-ignores": {k: list(v) for k, v in self.per_file_ignores.items()},
            "rules-dirs": list(self.rules_dirs),
            "exclude": list(self.exclude),
            "lang": self.lang,
            "baseline": self.baseline,
        }


def validate(raw: dict[str, Any], line_of: dict[str, int], path: Path) -> Settings:
    """``raw`` (a config file's mapping) as settings; a :class:`ConfigError` naming the key and its line when
    it is not valid."""
    return _settings(_validated(raw, line_of, path))


def _validated(raw: dict[str, Any], line_of: dict[str, int], path: Path) -> dict[str, Any]:
    """``raw`` validated by the settings model, as JSON data (field names as keys, severities as text)."""
    from pydantic import ValidationError

    from genhe_lint.config.model import SettingsModel, written_keys

    try:
        model = SettingsModel.model_validate(raw)
    except ValidationError as exc:
        err = exc.errors()[0]
        key = str(err["loc"][0]) if err["loc"] else ""
        hint = ""
        if err["type"] == "extra_forbidden":
            hint = f"（可用的键：{', '.join(written_keys())}）"
        where = ".".join(map(str, err["loc"]))
        message = f"配置项“{key}”有误{hint} / {where}: {err['msg']}"
        raise ConfigError(str(path), line_of.get(key, 1), message) from None
    values: dict[str, Any] = model.model_dump(mode="json")
    return values


def _settings(values: dict[str, Any]) -> Settings:
    """The settings of validated values (as :func:`_validated` gives them, or the user's cache holds them)."""
    return Settings(**{**values, "severity": {k: Severity(v) for k, v in values["severity"].items()}})


class ConfigError(Exception):
    def __init__(self, path: str, line: int, message: str) -> None:
        super().__init__(f"{path}:{line}: {message}")
        self.path, self.line, self.message = path, line, message


class Loaded(NamedTuple):
    settings: Settings
    source: Path | None  # the config file used, if any


def find_config(start: Path) -> Path | None:
    """The nearest config file in ``start`` or a parent folder."""
    folder = start.resolve()
    if not folder.is_dir():
        folder = folder.parent
    for candidate in (folder, *folder.parents):
        for name in CONFIG_NAMES:
            path = candidate / name
            if not path.is_file():
                continue
            if name == "pyproject.toml" and not _has_tool_table(path):
                continue
            return path
    return None


def _has_tool_table(path: Path) -> bool:
    try:
        data = path.read_bytes()
    except OSError:
        return False
    if b"genhe-lint" not in data:
        return False
    import tomllib

    try:
        return "genhe-lint" in tomllib.loads(data.decode("utf-8")).get("tool", {})
    except (tomllib.TOMLDecodeError, UnicodeDecodeError):
        return True  # it mentions genhe-lint but cannot be read: report it rather than skip it


def load_file(path: Path) -> Settings:
    """The settings of one config file; a :class:`ConfigError` with its line when it cannot be used."""
    try:
        data: bytes | None = path.read_bytes()
    except OSError as exc:
        if path.name == "pyproject.toml":
            raise ConfigError(str(path), 1, f"无法读取 / cannot read: {exc.strerror or exc}") from None
        data = None  # the loader reports it, with its message
    entry_key = None if data is None else _cache_key(path.name, data)
    values = None if entry_key is None else _from_cache(entry_key)
    if values is None:
        raw, line_of = _read_toml(path, data) if path.name == "pyproject.toml" else _read_yaml(path, data)
        if not isinstance(raw, dict):
            raise ConfigError(str(path), 1, "配置须为映射（键: 值）/ config must be a mapping")
        values = _validated(raw, line_of, path)
        if entry_key is not None:
            usercache.write(CACHE_KIND, entry_key, values)
    settings = _settings(values)
    base = path.parent
    settings.rules_dirs = [str((base / d).resolve()) for d in settings.rules_dirs]
    if settings.baseline is not None:
        settings.baseline = str((base / settings.baseline).resolve())
    return settings


def _cache_key(name: str, data: bytes) -> str:
    """The file's kind and bytes and the source of the model: an edited model never reads an old result."""
    parts = [Path(__file__).with_name("model.py").read_bytes(), name.encode(), data]
    if name != "pyproject.toml":
        from genhe_lint.load.limits import current_limits

        parts.append(repr(current_limits()).encode())
    return usercache.key(CACHE_KIND, parts)


def _from_cache(entry_key: str) -> dict[str, Any] | None:
    """Stored validated values, or None when there are none or they are not settings."""
    values = usercache.read(CACHE_KIND, entry_key)
    if not isinstance(values, dict) or sorted(values) != sorted(f.name for f in fields(Settings)):
        return None
    try:
        _settings(values)
    except (TypeError, ValueError, AttributeError):
        return None
    return values


def _read_toml(path: Path, data: bytes | None) -> tuple[Any, dict[str, int]]:
    """``[tool.genhe-lint]`` of a pyproject.toml, and the line of each key."""
    import tomllib

    assert data is not None
    try:
        text = data.decode("utf-8").replace("\r\n", "\n").replace("\r", "\n")  # as text mode reads it
    except UnicodeDecodeError as exc:
        bad_line = data[: exc.start].count(b"\n") + 1
        raise ConfigError(str(path), bad_line,
                          "文件不是 UTF-8 编码，请另存为 UTF-8 / not UTF-8: save it as UTF-8") from None
    try:
        raw = tomllib.loads(text).get("tool", {}).get("genhe-lint", {})
    except tomllib.TOMLDecodeError as exc:
        line = getattr(exc, "lineno", 1) or 1
        raise ConfigError(str(path), line, f"TOML 语法错误 / TOML error: {exc}") from None
    line_of: dict[str, int] = {}
    for n, line in enumerate(text.splitlines(), start=1):
        key = line.split("=", 1)[0].strip().strip('"')
        if key and "=" in line:
            line_of.setdefault(key, n)
    return raw, line_of


def _read_yaml(path: Path, data: bytes | None) -> tuple[Any, dict[str, int]]:
    """A .genhe-lint.yaml read by the positioned loader, and the line of each top-level key."""
    from genhe_lint.load.loader import load_bytes, load_path
    from genhe_lint.load.parse import to_python

    doc = load_path(path) if data is None else load_bytes(data, str(path))
    if doc.problems:
        p = doc.problems[0]
        raise ConfigError(str(path), p.line + 1, p.message.zh + " / " + p.message.en)
    line_of: dict[str, int] = {}
    if doc.root is None:
        return {}, line_of
    for key_node, _ in getattr(doc.root, "value", []):
        line_of[str(key_node.value)] = key_node.start_mark.line + 1
    return to_python(doc.root), line_of


def load(paths: list[str], config: str | None = None, isolated: bool = False) -> Loaded:
    """Settings from ``--config FILE``, or the nearest config file above the first path."""
    if isolated:
        return Loaded(Settings(), None)
    if config is not None:
        path = Path(config)
        if not path.is_file():
            raise ConfigError(config, 1, "配置文件不存在 / config file does not exist")
        return Loaded(load_file(path), path)
    start = Path(paths[0]) if paths else Path.cwd()
    if not start.exists():
        start = Path.cwd()
    found = find_config(start)
    return Loaded(load_file(found) if found else Settings(), found)
