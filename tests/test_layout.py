"""The package's import graph: no cycle, and the layering of ``ARCHITECTURE.md``.

The graph is read from the source (every ``import`` and ``from … import``, relative ones and those
inside functions or ``TYPE_CHECKING`` blocks included), not from what happens to be imported at
run time, so a cycle hidden behind a lazy import is found too. A module importing a package imports
its ``__init__``; ``from package import name`` imports the submodule when ``name`` is one.
"""

from __future__ import annotations

import ast
from collections import deque
from collections.abc import Iterable, Mapping
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = "dnsdoctor"

Graph = dict[str, set[str]]


def _modules(root: Path, package: str) -> dict[str, tuple[Path, bool]]:
    """Dotted module name → (file, is a package's ``__init__``)."""
    found: dict[str, tuple[Path, bool]] = {}
    for path in sorted((root / package).rglob("*.py")):
        parts = list(path.relative_to(root).with_suffix("").parts)
        is_package = parts[-1] == "__init__"
        if is_package:
            parts.pop()
        found[".".join(parts)] = (path, is_package)
    return found


def _owner(name: str, modules: Mapping[str, object]) -> str | None:
    """The module (or the innermost package) that defines a dotted name."""
    while name and name not in modules:
        name = name.rpartition(".")[0]
    return name or None


def import_graph(root: Path = ROOT, package: str = PACKAGE) -> Graph:
    """Module → the modules of ``package`` it imports (anywhere in its source)."""
    modules = _modules(root, package)
    graph: Graph = {name: set() for name in modules}
    for name, (path, is_package) in modules.items():
        here = name if is_package else name.rpartition(".")[0]
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
            targets: list[str] = []
            if isinstance(node, ast.Import):
                targets = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                if node.level:
                    base = here.split(".")
                    base = base[: len(base) - (node.level - 1)]
                    source = ".".join([*base, *([node.module] if node.module else [])])
                else:
                    source = node.module or ""
                # a submodule when the name is one (from package import module), else the source
                targets = [
                    f"{source}.{alias.name}" if f"{source}.{alias.name}" in modules else source
                    for alias in node.names
                ]
            for target in targets:
                if target == package or target.startswith(package + "."):
                    owner = _owner(target, modules)
                    if owner and owner != name:
                        graph[name].add(owner)
    return graph


def strongly_connected(graph: Mapping[str, Iterable[str]]) -> list[list[str]]:
    """Tarjan's algorithm (iterative): the components of more than one module."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    components: list[list[str]] = []
    for start in sorted(graph):
        if start in index:
            continue
        work: list[tuple[str, list[str]]] = [(start, sorted(graph[start]))]
        index[start] = low[start] = len(index)
        stack.append(start)
        on_stack.add(start)
        while work:
            node, todo = work[-1]
            if todo:
                nxt = todo.pop()
                if nxt not in index:
                    index[nxt] = low[nxt] = len(index)
                    stack.append(nxt)
                    on_stack.add(nxt)
                    work.append((nxt, sorted(graph.get(nxt, ()))))
                elif nxt in on_stack:
                    low[node] = min(low[node], index[nxt])
                continue
            work.pop()
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
            if low[node] == index[node]:
                component: list[str] = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                if len(component) > 1:
                    components.append(sorted(component))
    return components


def a_cycle(graph: Mapping[str, Iterable[str]], component: list[str]) -> list[str]:
    """One shortest cycle through the component's first module, for the failure message."""
    members = set(component)
    start = component[0]
    came_from: dict[str, str] = {}
    queue = deque([start])
    while queue:
        node = queue.popleft()
        for nxt in sorted(graph[node]):
            if nxt not in members:
                continue
            if nxt == start:
                path = [node]
                while path[-1] != start:
                    path.append(came_from[path[-1]])
                return [*reversed(path), start]
            if nxt not in came_from:
                came_from[nxt] = node
                queue.append(nxt)
    return component  # unreachable for a strongly connected component


GRAPH = import_graph()


def _in(module: str, *areas: str) -> bool:
    return any(module == f"{PACKAGE}.{a}" or module.startswith(f"{PACKAGE}.{a}.") for a in areas)


def _violations(sources: tuple[str, ...], forbidden: tuple[str, ...]) -> list[str]:
    return sorted(
        f"{module} imports {target}"
        for module, targets in GRAPH.items()
        if _in(module, *sources)
        for target in targets
        if _in(target, *forbidden)
    )


# -- the tests ---------------------------------------------------------------------------------


def test_the_graph_is_read_from_the_source() -> None:
    # a sanity check of the reader itself: the edges it must see, of every import form
    assert "dnsdoctor.checks.base" in GRAPH["dnsdoctor.checks.dns.checks"]  # from x import y
    assert "dnsdoctor.checks.dns.checks" in GRAPH["dnsdoctor.checks"]  # from package import module
    assert "dnsdoctor.checks" in GRAPH["dnsdoctor.engine.catalog"]  # function-level import
    assert len(GRAPH) > 50


def test_finds_a_cycle_and_names_it() -> None:
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a", "d"}, "d": set(), "e": {"e"}}
    assert strongly_connected(graph) == [["a", "b", "c"]]
    assert a_cycle(graph, ["a", "b", "c"]) == ["a", "b", "c", "a"]


def test_finds_relative_and_lazy_imports(tmp_path: Path) -> None:
    pkg = tmp_path / "pkg"
    (pkg / "sub").mkdir(parents=True)
    (pkg / "__init__.py").write_text("")
    (pkg / "sub" / "__init__.py").write_text("from . import leaf\n")
    (pkg / "sub" / "leaf.py").write_text("def f():\n    from ..top import x\n")
    (pkg / "top.py").write_text("from .sub import leaf\nimport pkg.sub\n")
    graph = import_graph(tmp_path, "pkg")
    assert graph["pkg.sub"] == {"pkg.sub.leaf"}
    assert graph["pkg.sub.leaf"] == {"pkg.top"}
    assert graph["pkg.top"] == {"pkg.sub", "pkg.sub.leaf"}
    assert strongly_connected(graph) == [["pkg.sub", "pkg.sub.leaf", "pkg.top"]]


def test_no_import_cycle() -> None:
    cycles = [" → ".join(a_cycle(GRAPH, c)) for c in strongly_connected(GRAPH)]
    assert not cycles, "import cycles:\n" + "\n".join(cycles)


LAYERS: list[tuple[str, tuple[str, ...], tuple[str, ...]]] = [
    (
        "checks never import the CLI, the renderers or the flows",
        ("checks",),
        (
            "cli",
            "report",
            "preflight",
            "cleanup",
            "logparse",
            "app",
            "runner",
            "engine",
            "lab",
            "watch_view",
        ),
    ),
    (
        "renderers never import checks, flows or the CLI",
        ("report",),
        ("checks", "cli", "preflight", "cleanup", "app", "runner", "engine", "lab"),
    ),
    (
        "providers never import checks, flows, renderers or the CLI",
        ("providers",),
        (
            "checks",
            "cli",
            "report",
            "preflight",
            "cleanup",
            "logparse",
            "app",
            "runner",
            "engine",
            "lab",
        ),
    ),
]


@pytest.mark.parametrize(("rule", "sources", "forbidden"), LAYERS, ids=[r[0] for r in LAYERS])
def test_layering(rule: str, sources: tuple[str, ...], forbidden: tuple[str, ...]) -> None:
    assert set(_violations(sources, forbidden)) <= KNOWN, rule


KNOWN: set[str] = set()
"""Layering exceptions that exist today: a ratchet, so that none is added; remove when fixed."""


def test_the_text_catalogue_imports_nothing_of_dnsdoctor() -> None:
    # every layer looks its words up through dnsdoctor.core.i18n, so it must sit below all of them
    assert GRAPH["dnsdoctor.core.i18n"] == set()


def test_net_imports_nothing_above_it() -> None:
    # transports may use the vocabulary below them (masking secrets, the outside-world switch,
    # the version for a User-Agent) and nothing else
    allowed = ("net", "core", "secrets", "outside")
    wrong = sorted(
        f"{module} imports {target}"
        for module, targets in GRAPH.items()
        if _in(module, "net")
        for target in targets
        if target != PACKAGE and not _in(target, *allowed)
    )
    assert not wrong


def test_the_product_never_imports_the_lab_but_for_the_demo() -> None:
    # the demo command runs the lab's scenarios; nothing else of the product may reach the lab
    demo = {"dnsdoctor.cli.demo"}
    wrong = sorted(
        f"{module} imports {target}"
        for module, targets in GRAPH.items()
        if not _in(module, "lab") and module not in demo
        for target in targets
        if _in(target, "lab")
    )
    assert not wrong


def test_the_product_imports_no_build_tool() -> None:
    # docs generation (tools/) and Typer's test runner are for building and testing, not runtime
    wrong = []
    for path in sorted((ROOT / PACKAGE).rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = (
                [a.name for a in node.names]
                if isinstance(node, ast.Import)
                else [node.module or ""]
                if isinstance(node, ast.ImportFrom) and not node.level
                else []
            )
            wrong += [
                f"{path.relative_to(ROOT)} imports {n}"
                for n in names
                if n.split(".")[0] == "tools" or n.startswith("typer.testing")
            ]
    assert not wrong
