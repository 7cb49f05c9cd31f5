"""The package's folders follow the data's way through the engine, and imports run one way.

From the command line down to reading content: `cli` -> `scaffold` -> `outputs` -> `site`
-> `living` -> `check` -> `content` -> `i18n`. A module may import its own package and
the packages below it, never one above; there is no cycle among modules; `playbook/`
imports no site builder. The graph is read from the source (every import statement,
functions' own included), so it cannot be fooled by an import made late.
"""
from __future__ import annotations

import ast
from collections import defaultdict
from pathlib import Path

import pytest

from .sitebuild import REPO

PACKAGE = REPO / "playbook"
LAYERS = ["i18n", "content", "check", "living", "site", "outputs", "scaffold", "cli"]
"""Lowest first: each may import those before it."""
BUILDERS = ("mkdocs", "material", "zensical", "properdocs")


def module_name(path: Path) -> str:
    parts = list(path.relative_to(REPO).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def modules() -> dict[str, Path]:
    return {module_name(p): p for p in PACKAGE.rglob("*.py")}


def imported(name: str, path: Path, known) -> set[str]:
    """The playbook modules one module imports (a package's name where no module matches)."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            base = name.split(".") if path.name == "__init__.py" else name.split(".")[:-1]
            target = ".".join(base[:len(base) - node.level + 1] + [node.module or ""]).strip(".") if node.level \
                else node.module or ""
            found |= {f"{target}.{a.name}" if f"{target}.{a.name}" in known else target for a in node.names}
        elif isinstance(node, ast.Import):
            found |= {a.name for a in node.names}
    return {m for m in found if m.split(".")[0] == "playbook" and m != name}


def graph() -> dict[str, set[str]]:
    known = modules()
    return {name: imported(name, path, known) for name, path in known.items()}


def layer(module: str) -> int | None:
    parts = module.split(".")
    return LAYERS.index(parts[1]) if len(parts) > 1 and parts[1] in LAYERS else None


def test_every_module_sits_in_a_layer():
    loose = [m for m in modules() if layer(m) is None and m not in ("playbook", "playbook.__main__")]
    assert loose == []


def test_imports_run_one_way_down():
    upward = [(a, b) for a, targets in graph().items() for b in targets
              if layer(a) is not None and layer(b) is not None and layer(b) > layer(a)]
    assert upward == []


def test_no_module_imports_itself_round_about():
    edges = graph()
    state: dict[str, str] = {}
    cycles = []

    def visit(node: str, path: list[str]) -> None:
        state[node] = "open"
        for nxt in sorted(edges.get(node, ())):
            if state.get(nxt) == "open":
                cycles.append(path[path.index(nxt):] + [nxt] if nxt in path else [node, nxt])
            elif nxt not in state:
                visit(nxt, path + [nxt])
        state[node] = "done"

    for node in sorted(edges):
        if node not in state:
            visit(node, [node])
    assert cycles == []


def test_the_engine_imports_no_site_builder():
    found = defaultdict(list)
    for name, path in modules().items():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            roots = [a.name for a in node.names] if isinstance(node, ast.Import) else \
                [node.module or ""] if isinstance(node, ast.ImportFrom) and not node.level else []
            found[name] += [r for r in roots if r.split(".")[0] in BUILDERS]
    assert {k: v for k, v in found.items() if v} == {}


def test_module_names_are_told_apart_without_their_neighbours():
    """No two modules of one package differ only by a plural, a suffix or a prefix."""
    by_package = defaultdict(list)
    for name in modules():
        package, _, leaf = name.rpartition(".")
        by_package[package].append(leaf)
    pairs = []
    for package, leaves in by_package.items():
        for a in leaves:
            for b in leaves:
                if a < b and (a.rstrip("s") == b.rstrip("s") or b.startswith(a + "_") or a.startswith(b + "_")):
                    pairs.append((package, a, b))
    assert pairs == []


@pytest.mark.parametrize("package", LAYERS)
def test_each_layer_says_what_it_is_for(package):
    doc = ast.get_docstring(ast.parse((PACKAGE / package / "__init__.py").read_text(encoding="utf-8")))
    assert doc and len(doc.split()) >= 12
