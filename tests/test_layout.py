"""The layout docs/architecture.md promises, checked on every run.

A folder that grows back into a long flat list, an import circle, or an upward import
(content → locales → api → clients, cms the base) fails here rather than in review.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
APPS = ("cms", "content", "clinical", "locales", "api", "clients", "accounts")
# Lower layers never import higher ones. cms is the base everyone may use; its settings
# and WSGI entry point compose the apps and may name them. clinical (sign-offs of content
# pages) sits on content, below the translation workflow that consults it.
LAYER = {"content": 0, "clinical": 1, "locales": 2, "api": 3, "clients": 4}
MAX_FLAT_MODULES = 12
MAX_LINES = 400


def project_modules() -> dict[str, Path]:
    found = {}
    for app in APPS:
        for path in (ROOT / app).rglob("*.py"):
            if "migrations" in path.parts:
                continue
            parts = path.relative_to(ROOT).with_suffix("").parts
            name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
            found[name] = path
    return found


def imports_of(path: Path, modules: dict[str, Path]) -> set[str]:
    """Project modules a file imports at run time (at any depth; not `if TYPE_CHECKING:`)."""
    names: set[str] = set()
    tree = ast.parse(path.read_text())
    type_only = {
        id(child)
        for node in ast.walk(tree)
        if isinstance(node, ast.If) and getattr(node.test, "id", None) == "TYPE_CHECKING"
        for child in ast.walk(node)
    }
    for node in ast.walk(tree):
        if id(node) in type_only:
            continue
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            names.add(node.module)
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
    return {name for name in names if name in modules}


def test_locales_and_api_stay_organised_by_concern():
    for app in ("locales", "api"):
        flat = [p.name for p in (ROOT / app).glob("*.py") if p.name != "__init__.py"]
        assert len(flat) <= MAX_FLAT_MODULES, f"{app}/ holds {len(flat)} modules: {sorted(flat)}"


def test_no_module_grows_past_the_limit():
    long = {
        str(path.relative_to(ROOT)): n
        for name, path in project_modules().items()
        if not name.startswith("cms.settings")
        and (n := len(path.read_text().splitlines())) > MAX_LINES
    }
    assert not long, f"modules over {MAX_LINES} lines: {long}"


def test_no_import_circles_and_no_upward_imports():
    modules = project_modules()
    graph = {name: imports_of(path, modules) - {name} for name, path in modules.items()}
    upward = [
        f"{name} imports {target}"
        for name, targets in graph.items()
        for target in targets
        if (a := name.split(".")[0]) in LAYER
        and (b := target.split(".")[0]) in LAYER
        and LAYER[b] > LAYER[a]
    ]
    assert not upward, "upward imports (use a registered hook instead): " + "; ".join(upward)

    def packages_of(name: str) -> set[str]:
        parts = name.split(".")
        return {".".join(parts[:i]) for i in range(1, len(parts))}

    circles = sorted(
        f"{a} <-> {b}"
        for a, targets in graph.items()
        for b in targets
        if a < b
        and a in graph.get(b, set())
        and b not in packages_of(a)
        and a not in packages_of(b)
    )
    assert not circles, f"import circles: {circles}"


@pytest.mark.parametrize("doc", ["docs/architecture.md", "README.md"])
def test_paths_named_in_the_docs_exist(doc):
    import re

    text = (ROOT / doc).read_text()
    named = set(
        re.findall(
            r"(?<![\w/.-])((?:cms|content|locales|api|clients|accounts)/[\w/.-]+\.(?:py|js|json|html|css))",
            text,
        )
    )
    missing = sorted(p for p in named if not (ROOT / p).exists() and "<" not in p)
    assert not missing, f"{doc} names paths that do not exist: {missing}"
