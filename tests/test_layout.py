"""The layout's one rule: imports run one way, from later stages to earlier ones, and never
in a circle.  Every import counts, those inside functions and under TYPE_CHECKING too."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "pydig"

# Each stage may import the stages of a lower rank; two stages of one rank know nothing of
# each other.  The top level holds the bases (rank 0) and the entry points (last).
RANKS = {
    "errors": 0,
    "immutable": 0,
    "environment": 1,  # a base too, made of immutable records
    "model": 1,
    "wire": 2,
    "cli": 3,
    "transport": 3,
    "lookup": 4,
    "render": 4,
    "console": 5,
    "app": 6,
    "completion": 6,
    "coldstart": 6,
    "manual": 6,
    "__main__": 7,
    "__init__": 0,
}


def _module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports(path: Path) -> set[str]:
    """The pydig modules one file imports."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names if alias.name.startswith("pydig"))
        elif isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("pydig"):
            for alias in node.names:
                candidate = f"{node.module}.{alias.name}"
                found.add(candidate if _is_module(candidate) else node.module)
    return found


def _is_module(name: str) -> bool:
    path = PACKAGE.parent.joinpath(*name.split("."))
    return path.with_suffix(".py").is_file() or (path / "__init__.py").is_file()


def _graph() -> dict[str, set[str]]:
    return {_module_name(path): _imports(path) for path in sorted(PACKAGE.rglob("*.py"))}


def _stage(module: str) -> str:
    """A module's stage: its package, or its own name at the top level."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "__init__"


def test_every_stage_has_a_rank() -> None:
    assert {_stage(module) for module in _graph()} <= RANKS.keys()


def test_no_stage_imports_a_later_one() -> None:
    wrong = [
        f"{module} imports {target}"
        for module, targets in _graph().items()
        for target in sorted(targets)
        if _stage(target) != _stage(module)
        and RANKS[_stage(target)] >= RANKS[_stage(module)]
        and _stage(target) != "__init__"
    ]
    assert wrong == []


def test_no_import_cycles() -> None:
    graph = _graph()
    cycles: list[list[str]] = []

    def visit(module: str, path: list[str], done: set[str]) -> None:
        for target in sorted(graph.get(module, ())):
            if target in path:
                cycles.append([*path[path.index(target) :], target])
            elif target not in done:
                visit(target, [*path, target], done)
        done.add(module)

    finished: set[str] = set()
    for module in graph:
        if module not in finished:
            visit(module, [module], finished)
    assert cycles == []
