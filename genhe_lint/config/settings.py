"""Configuration: the effective settings, fed by the nearest config file and then by command-line flags.

Config files, found by walking up from the linted paths (like ruff): ``.genhe-lint.yaml`` or
``pyproject.toml`` with a ``[tool.genhe-lint]`` table; in one folder ``.genhe-lint.yaml`` wins.
Paths inside a config file (``rules-dirs``) are relative to that file's folder.

A config file is checked by a plain-Python check of the usual, well-formed case; only when that check does
not pass is it validated by the pydantic model (:func:`_pydantic_model`), which explains what is wrong (or
accepts a value the plain check is too strict for). pydantic is so kept off the start-up path.
"""

from __future__ import annotations

import fnmatch
import functools
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal, NamedTuple

from genhe_lint.diagnostic import Severity

CONFIG_NAMES = (".genhe-lint.yaml", ".genhe-lint.yml", "pyproject.toml")

# Written keys (hyphens, as in files) -> field names; both spellings are accepted, as pydantic's
# populate_by_name did.
KEY_NAMES = {"per-file-ignores": "per_file_ignores", "rules-dirs": "rules_dirs"}
FIELD_NAMES = ("select", "ignore", "severity", "per_file_ignores", "rules_dirs", "exclude", "lang")
LANGS = ("zh", "en")


@dataclass(slots=True)
class Settings:
    """Effective settings. Keys are written with hyphens in files (``per-file-ignores``)."""

    select: list[str] = field(default_factory=list)  # 只运行这些规则（代码、前缀或名称）
    ignore: list[str] = field(default_factory=list)  # 不运行这些规则
    severity: dict[str, Severity] = field(default_factory=dict)  # 改变规则的级别，如 GL105: error
    per_file_ignores: dict[str, list[str]] = field(default_factory=dict)  # 按文件忽略规则：glob -> 规则列表
    rules_dirs: list[str] = field(default_factory=list)  # 额外的规则数据目录
    exclude: list[str] = field(default_factory=list)  # 不检查的文件（glob）
    lang: Literal["zh", "en"] = "zh"  # 提示语言

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
        """As written in a config file (hyphenated keys, severities as text): what ``genhe-lint config`` shows."""
        return {
            "select": list(self.select),
            "ignore": list(self.ignore),
            "severity": {k: v.value for k, v in self.severity.items()},
            "per-file-ignores": {k: list(v) for k, v in self.per_file_ignores.items()},
            "rules-dirs": list(self.rules_dirs),
            "exclude": list(self.exclude),
            "lang": self.lang,
        }


def _str_list(value: object) -> list[str] | None:
    if type(value) is not list or any(type(v) is not str for v in value):
        return None
    return list(value)


def _fast_settings(raw: dict[str, Any]) -> Settings | None:
    """The settings of a well-formed config mapping, checked without pydantic; None when anything is unusual
    (then pydantic decides, and explains). Accepts only what the pydantic model accepts, with the same result."""
    values: dict[str, Any] = {}
    for key, value in raw.items():
        name = KEY_NAMES.get(key, key)
        if name not in FIELD_NAMES or name in values:
            return None  # unknown key, or a field written both ways
        if name in ("select", "ignore", "rules_dirs", "exclude"):
            checked: Any = _str_list(value)
        elif name == "severity":
            if type(value) is not dict or any(type(k) is not str or type(v) is not str for k, v in value.items()):
                return None
            try:
                checked = {k: Severity(v) for k, v in value.items()}
            except ValueError:
                return None
        elif name == "per_file_ignores":
            if type(value) is not dict or any(type(k) is not str for k in value):
                return None
            lists = {k: _str_list(v) for k, v in value.items()}
            checked = None if any(v is None for v in lists.values()) else lists
        else:  # lang
            checked = value if type(value) is str and value in LANGS else None
        if checked is None:
            return None
        values[name] = checked
    return Settings(**values)


@functools.cache
def _pydantic_model() -> Any:
    """The pydantic model of a config file, built on first use: its validation errors are the messages."""
    from pydantic import BaseModel, ConfigDict, Field

    class SettingsModel(BaseModel):
        model_config = ConfigDict(extra="forbid", populate_by_name=True)

        select: list[str] = Field(default_factory=list, description="只运行这些规则（代码、前缀或名称）")
        ignore: list[str] = Field(default_factory=list, description="不运行这些规则")
        severity: dict[str, Severity] = Field(default_factory=dict, description="改变规则的级别，如 GL105: error")
        per_file_ignores: dict[str, list[str]] = Field(
            default_factory=dict, alias="per-file-ignores", description="按文件忽略规则：glob -> 规则列表")
        rules_dirs: list[str] = Field(default_factory=list, alias="rules-dirs", description="额外的规则数据目录")
        exclude: list[str] = Field(default_factory=list, description="不检查的文件（glob）")
        lang: Literal["zh", "en"] = Field(default="zh", description="提示语言")

    return SettingsModel


def validate(raw: dict[str, Any], line_of: dict[str, int], path: Path) -> Settings:
    """``raw`` (a config file's mapping) as settings; a :class:`ConfigError` naming the key and its line when
    it is not valid."""
    fast = _fast_settings(raw)
    if fast is not None:
        return fast
    from pydantic import ValidationError

    try:
        model = _pydantic_model().model_validate(raw)
    except ValidationError as exc:
        err = exc.errors()[0]
        key = str(err["loc"][0]) if err["loc"] else ""
        hint = ""
        if err["type"] == "extra_forbidden":
            hint = "（可用的键：select, ignore, severity, per-file-ignores, rules-dirs, exclude, lang）"
        raise ConfigError(str(path), line_of.get(key, 1),
                          f"配置项“{key}”有误{hint} / {'.'.join(map(str, err['loc']))}: {err['msg']}") from None
    return Settings(**{name: getattr(model, name) for name in FIELD_NAMES})


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
    raw: Any
    line_of: dict[str, int] = {}
    if path.name == "pyproject.toml":
        import tomllib

        try:
            text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError as exc:
            bad_line = path.read_bytes()[: exc.start].count(b"\n") + 1
            raise ConfigError(str(path), bad_line, "文件不是 UTF-8 编码，请另存为 UTF-8 / not UTF-8: save it as UTF-8") from None
        except OSError as exc:
            raise ConfigError(str(path), 1, f"无法读取 / cannot read: {exc.strerror or exc}") from None
        try:
            raw = tomllib.loads(text).get("tool", {}).get("genhe-lint", {})
        except tomllib.TOMLDecodeError as exc:
            raise ConfigError(str(path), getattr(exc, "lineno", 1) or 1, f"TOML 语法错误 / TOML error: {exc}") from None
        for n, line in enumerate(text.splitlines(), start=1):
            key = line.split("=", 1)[0].strip().strip('"')
            if key and "=" in line:
                line_of.setdefault(key, n)
    else:
        from genhe_lint.load.loader import load_path
        from genhe_lint.load.parse import to_python

        doc = load_path(path)
        if doc.problems:
            p = doc.problems[0]
            raise ConfigError(str(path), p.line + 1, p.message.zh + " / " + p.message.en)
        raw = to_python(doc.root) if doc.root is not None else {}
        if doc.root is not None:
            for key_node, _ in getattr(doc.root, "value", []):
                line_of[str(key_node.value)] = key_node.start_mark.line + 1
    if not isinstance(raw, dict):
        raise ConfigError(str(path), 1, "配置须为映射（键: 值）/ config must be a mapping")
    settings = validate(raw, line_of, path)
    base = path.parent
    settings.rules_dirs = [str((base / d).resolve()) for d in settings.rules_dirs]
    return settings


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
