"""What the tests import comes from the project's dependencies or its ``[test]`` extra, so a fresh
``pip install -e '.[test]'`` runs every test (a missing package fails, it never turns into a skip)."""

from __future__ import annotations

import ast
import importlib.metadata
import re
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LOCAL = {"dnsdoctor", "tests", "conftest", "tools"}  # tools/: the repository's build tools


def _requirement_name(text: str) -> str:
    match = re.match(r"[A-Za-z0-9._-]+", text.strip())
    assert match, text
    return re.sub(r"[-_.]+", "-", match.group(0)).lower()


def declared() -> set[str]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    names = [*project["dependencies"], *project["optional-dependencies"]["test"]]
    return {_requirement_name(n) for n in names}


def imported_by_tests() -> dict[str, list[str]]:
    """Top-level module → test files importing it (third-party only)."""
    found: dict[str, list[str]] = {}
    for path in sorted((ROOT / "tests").rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                modules = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                modules = [node.module]
            else:
                continue
            for module in modules:
                top = module.split(".")[0]
                if top not in LOCAL and top not in sys.stdlib_module_names:
                    found.setdefault(top, []).append(str(path.relative_to(ROOT)))
    return found


def test_every_module_the_tests_import_is_declared() -> None:
    distributions = importlib.metadata.packages_distributions()
    wanted = declared()
    missing = {}
    for module, files in imported_by_tests().items():
        dists = {_requirement_name(d) for d in distributions.get(module, [module])}
        if not dists & wanted:
            missing[module] = sorted(set(files))
    assert missing == {}, "add these to [project.optional-dependencies] test in pyproject.toml"


def test_no_test_skips_on_a_missing_import() -> None:
    for path in (ROOT / "tests").rglob("*.py"):
        if path.name != Path(__file__).name:
            assert "importorskip" not in path.read_text(encoding="utf-8"), path
