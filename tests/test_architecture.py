"""The shape of the package: modules small enough to read, no import cycles, data flowing one way."""

from __future__ import annotations

import ast
from pathlib import Path

from tests.conftest import ROOT

PACKAGE = ROOT / "genhe_lint"
MAX_MODULE_LINES = 600

# What each layer may import from the package (load -> catalog -> rules -> lint -> output -> cli).
# A layer not listed for a module may not be imported by it, lazily or not.
LAYERS: dict[str, set[str]] = {
    "diagnostic": set(),
    "errors": set(),
    "usercache": set(),
    "writing": {"errors"},
    "load": {"diagnostic", "catalog.fields"},
    "catalog": {"usercache", "diagnostic", "load", "ruledata"},
    "ruledata": {"usercache", "diagnostic", "load", "errors"},
    "config": {"usercache", "diagnostic", "load", "errors", "lint.selection", "rules"},
    "rules": {"diagnostic", "load", "catalog", "ruledata", "lint.selection", "lint.suppression"},
    "lint": {"usercache", "diagnostic", "errors", "load", "catalog", "ruledata", "config", "rules"},
    "output": {"diagnostic", "load", "catalog", "ruledata", "rules", "lint"},
    "convert": {"diagnostic", "load", "catalog", "ruledata", "rules", "lint", "output", "errors"},
    "changes": {"diagnostic", "load", "catalog", "lint", "output", "errors"},
    "server": {"writing", "usercache", "diagnostic", "errors", "load", "catalog", "ruledata", "config",
               "rules", "lint", "output", "convert"},
    "cli": {"writing", "usercache", "diagnostic", "errors", "load", "catalog", "ruledata", "config", "rules",
            "lint", "output", "convert", "changes", "server"},
}


def _modules() -> dict[str, Path]:
    found: dict[str, Path] = {}
    for path in PACKAGE.rglob("*.py"):
        parts = path.relative_to(ROOT).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        found[name] = path
    return found


def _imports(path: Path, modules: dict[str, Path]) -> set[str]:
    """Every package module ``path`` imports, at the top or inside a function (lazy imports count)."""

    def resolve(name: str) -> str:
        while name and name not in modules:
            name = name.rpartition(".")[0]
        return name

    out: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("genhe_lint"):
            for alias in node.names:
                out.add(resolve(f"{node.module}.{alias.name}"))
        elif isinstance(node, ast.Import):
            out.update(resolve(a.name) for a in node.names if a.name.startswith("genhe_lint"))
    return out - {"", "genhe_lint"}


def test_no_module_is_too_long() -> None:
    long = {name: n for name, path in _modules().items()
            if (n := len(path.read_text(encoding="utf-8").splitlines())) > MAX_MODULE_LINES}
    assert not long, long


def test_no_import_cycle() -> None:
    modules = _modules()
    graph = {name: _imports(path, modules) - {name} for name, path in modules.items()}
    # A package's __init__ importing its own submodules is how a registry is built, not a cycle of concerns.
    for name in graph:
        graph[name] = {m for m in graph[name] if not (name != "genhe_lint" and m.startswith(name + "."))}
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(name: str) -> list[str] | None:
        state[name] = 1
        stack.append(name)
        for dep in sorted(graph[name]):
            if state.get(dep) == 1:
                return [*stack[stack.index(dep):], dep]
            if dep not in state and (cycle := visit(dep)):
                return cycle
        stack.pop()
        state[name] = 2
        return None

    for name in sorted(graph):
        if name not in state:
            cycle = visit(name)
            assert cycle is None, " -> ".join(cycle)


def _layer(name: str) -> str:
    rest = name.removeprefix("genhe_lint.")
    return rest.split(".")[0]


def _allowed(target: str, allowed: set[str]) -> bool:
    rest = target.removeprefix("genhe_lint.")
    return any(rest == a or rest.startswith(a + ".") for a in allowed)


def test_data_flows_one_way() -> None:
    """Rules never import the runner or the output; the loader knows nothing of rules; and so on."""
    modules = _modules()
    wrong: list[str] = []
    for name, path in modules.items():
        layer = _layer(name)
        if layer not in LAYERS:
            continue
        for target in _imports(path, modules):
            if _layer(target) == layer or target == "genhe_lint":
                continue
            if not _allowed(target, LAYERS[layer]):
                wrong.append(f"{name} imports {target}")
    assert not wrong, wrong


def test_every_layer_is_listed() -> None:
    layers = {_layer(name) for name in _modules()} - {"genhe_lint", "__main__"}
    assert layers <= LAYERS.keys(), layers - LAYERS.keys()
