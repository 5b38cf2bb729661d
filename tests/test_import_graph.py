"""s2s's modules import one way: no cycle, even through imports inside functions.

A cycle hidden behind a lazy import still ties modules together (neither can be understood or
tested alone) and breaks as soon as someone moves the import to the top. Lazy imports that only
save start-up time are fine, but they count as edges here too.
"""

import ast
import pathlib

import pytest

ROOT = pathlib.Path(__file__).resolve().parent.parent / "s2s"


def _module_name(path: pathlib.Path) -> str:
    parts = ["s2s", *path.relative_to(ROOT).with_suffix("").parts]
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports(path: pathlib.Path, modules: set) -> set:
    """The s2s modules ``path`` imports, at any depth of its code."""
    name = _module_name(path)
    package = name if path.name == "__init__.py" else name.rsplit(".", 1)[0]
    out = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - node.level + 1]
                stem = ".".join(base + ([node.module] if node.module else []))
            else:
                stem = node.module or ""
            # "from . import cache" imports the module cache; "from .x import name" imports x
            targets = [
                f"{stem}.{alias.name}" if f"{stem}.{alias.name}" in modules else stem
                for alias in node.names
            ]
        else:
            continue
        for target in targets:
            if target == "s2s.templates" or target.startswith("s2s.templates."):
                continue  # the rule library (top-level templates/), not s2s's own code
            while target and target not in modules:
                target = target.rpartition(".")[0]
            if (
                target
                and target != name
                and (target == "s2s" or not name.startswith(target + "."))
            ):
                out.add(target)
    return out


def import_graph() -> dict:
    paths = sorted(ROOT.rglob("*.py"))
    modules = {_module_name(p) for p in paths}
    return {_module_name(p): _imports(p, modules) for p in paths}


def tangles(graph: dict) -> list:
    """The strongly connected parts of ``graph`` with more than one module (Tarjan): every
    import cycle lies inside one of them."""
    index: dict = {}
    low: dict = {}
    stack: list = []
    out: list = []

    def visit(node):
        index[node] = low[node] = len(index)
        stack.append(node)
        for nxt in sorted(graph.get(node, ())):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            part = []
            while True:
                member = stack.pop()
                part.append(member)
                if member == node:
                    break
            if len(part) > 1:
                out.append(sorted(part))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return sorted(out)


def test_no_import_cycles():
    assert tangles(import_graph()) == [], "modules importing each other (an import cycle)"


def test_the_checker_finds_cycles():
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a", "e"}, "e": {"d"}, "f": {"a"}}
    assert tangles(graph) == [["a", "b", "c"], ["d", "e"]]
    assert tangles({"a": {"b"}, "b": set()}) == []


@pytest.mark.parametrize("module", ["s2s.cache", "s2s.pipeline", "s2s.transform.reverse"])
def test_nothing_but_the_api_imports_the_package(module):
    """Modules below the API never import ``s2s`` itself (its __init__ imports the API)."""
    assert "s2s" not in import_graph()[module]
