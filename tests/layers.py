"""The project's import rules, checked by ``tests/test_layers.py``.

1. Apps depend on each other one way only, in the order of ``../shared/tools/layers.py`` (copied
   here so the check runs wherever the repository is; ``test_layers`` compares the two when the
   shared tool is there): an app imports only apps on lower lines.
2. No module imports, directly or through others, a module that imports it back (within an app
   too, e.g. a services module and the tasks module it queues).

Every import counts, including imports inside functions: a lazy import does not hide a cycle.
Tests, migrations and benchmarks are not checked.
"""

import ast
from pathlib import Path

ORDER = [["lib"], ["accounts"], ["audit"], ["programs"], ["indicators"],
         ["reports", "dashboards", "consultations", "spreadsheets"], ["api", "demo"], ["config"]]
RANK = {app: rank for rank, apps in enumerate(ORDER) for app in apps}
SKIP_DIRS = {"tests", "migrations", "benchmarks", ".venv", "node_modules", "static", "templates",
             "fixtures", "locale", "docs", "deploy", "artifacts"}


def project_packages(root: Path) -> set[str]:
    return {p.name for p in root.iterdir()
            if p.is_dir() and (p / "__init__.py").exists() and p.name not in SKIP_DIRS}


def source_files(root: Path, package: str):
    for path in sorted((root / package).rglob("*.py")):
        if not SKIP_DIRS & set(path.relative_to(root).parts):
            yield path


def module_name(root: Path, path: Path) -> str:
    parts = list(path.relative_to(root).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def imported_modules(path: Path, known: set[str]):
    """(line, module) for every import of a project module in the file; ``from a import b``
    names ``a.b`` when that is a module, else ``a``."""
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            for alias in node.names:
                full = f"{node.module}.{alias.name}"
                yield node.lineno, full if full in known else node.module


def layer_violations(root: Path) -> list[str]:
    packages = project_packages(root)
    problems = [f"{app}/: not in the layer order" for app in sorted(packages - set(RANK))]
    for app in sorted(packages & set(RANK)):
        for path in source_files(root, app):
            for line, module in imported_modules(path, set()):
                target = module.split(".")[0]
                if target == app or target not in packages or target not in RANK:
                    continue
                if RANK[target] >= RANK[app]:
                    problems.append(f"{path.relative_to(root)}:{line}: {app} imports {target}")
    return problems


def import_cycles(root: Path) -> list[list[str]]:
    """Groups of project modules that import each other (strongly connected components)."""
    files = {module_name(root, path): path
             for package in project_packages(root) for path in source_files(root, package)}
    known = set(files)
    graph = {}
    for name, path in files.items():
        targets = set()
        for _line, module in imported_modules(path, known):
            while module and module not in known:
                module = module.rpartition(".")[0]
            if module and module != name:
                targets.add(module)
        graph[name] = targets
    index, low, stack, on_stack, cycles = {}, {}, [], set(), []

    def visit(node):  # Tarjan's algorithm
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in graph[node]:
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == node:
                    break
            if len(group) > 1:
                cycles.append(sorted(group))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return cycles
