"""The dependency direction is one-way and the module graph has no cycle.

Apps depend as ``tracker`` (urls) → ``proposals`` → ``accounts`` → ``core`` → Django;
within ``proposals``, only ``tasks``, ``enqueue`` and ``operations`` (task runs recorded from Celery's
signals; the broker and the workers asked for the status page) know Celery. Every import counts,
including one inside a function: a cycle hidden in a function is still a cycle.
"""

from __future__ import annotations

import ast
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
APPS = ("core", "accounts", "proposals", "tracker")
# Which of our apps each app may import (itself aside).
ALLOWED = {
    "core": set(),
    "accounts": {"core", "tracker"},
    "proposals": {"core", "accounts", "tracker"},
    "tracker": {"core", "accounts", "proposals"},
}
CELERY_MODULES = {
    "proposals.tasks",
    "proposals.enqueue",
    "proposals.operations.recording",
    "proposals.operations.status",
    "tracker.celery",
    "tracker",
    "tracker.settings",
}


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join(parts)


def _modules() -> dict[str, Path]:
    found = {}
    for app in APPS:
        for path in (ROOT / app).rglob("*.py"):
            if "migrations" in path.parts:
                continue
            found[_module_name(path)] = path
    return found


def _imports(name: str, path: Path, known: set[str]) -> set[str]:
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    targets: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            targets.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")
                anchor = anchor[: len(anchor) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            for alias in node.names:
                candidate = f"{base}.{alias.name}"
                targets.add(candidate if candidate in known else base)
    resolved = set()
    for target in targets:
        while target and target not in known and "." in target:
            target = target.rpartition(".")[0]
        if target in known and target != name:
            resolved.add(target)
    return resolved


def _graph() -> dict[str, set[str]]:
    modules = _modules()
    known = set(modules)
    return {name: _imports(name, path, known) for name, path in modules.items()}


def _all_imports(name: str) -> set[str]:
    """Every module name, ours or not, that ``name`` imports."""
    path = _modules()[name]
    names = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and not node.level and node.module:
            names.add(node.module)
    return names


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    counter = [0]

    def visit(node: str) -> None:
        index[node] = low[node] = counter[0]
        counter[0] += 1
        stack.append(node)
        on_stack.add(node)
        for nxt in graph.get(node, ()):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def _package_cycle_free(graph: dict[str, set[str]]) -> dict[str, set[str]]:
    """A package importing its own submodules (``__init__`` re-exports) is not a cycle of behaviour."""
    return {
        name: {target for target in targets if not target.startswith(f"{name}.")} for name, targets in graph.items()
    }


def test_the_module_graph_has_no_cycle():
    assert _cycles(_package_cycle_free(_graph())) == []


def test_apps_depend_one_way():
    wrong = defaultdict(set)
    for name, targets in _graph().items():
        app = name.split(".")[0]
        for target in targets:
            other = target.split(".")[0]
            if other != app and other not in ALLOWED[app]:
                wrong[name].add(target)
    assert dict(wrong) == {}


def test_only_tasks_and_enqueue_know_celery():
    knows = {name for name in _modules() if any(n == "celery" or n.startswith("celery.") for n in _all_imports(name))}
    assert knows - CELERY_MODULES == set()
