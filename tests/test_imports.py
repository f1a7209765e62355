"""The module graph: no import circle, and no import that runs back up a layer.

Every import statement counts, including those inside functions and under
``TYPE_CHECKING``: a circle that only type checkers see is still one a reader
has to untangle.
"""

from __future__ import annotations

import ast
from pathlib import Path
from typing import Optional

PACKAGE = Path(__file__).resolve().parent.parent / "summarizer"

# A module inside one of these keys may not import a module inside any of its
# values: the lower layers know nothing of the upper. (A key ending in "." is a
# prefix: the package's modules, not the package.)
UPPER = ("summarizer.article", "summarizer.merge", "summarizer.batch", "summarizer.cli", "summarizer.evals")
CLI = ("summarizer.cli", "summarizer.__main__")
LAYERS = {
    "summarizer.text": UPPER,
    "summarizer.backends": UPPER,
    "summarizer.schema": ("summarizer.text",),
    "summarizer.errors": ("summarizer.text", "summarizer.schema"),
    "summarizer.article": ("summarizer.merge", "summarizer.batch", "summarizer.cli", "summarizer.evals"),
    "summarizer.merge": ("summarizer.batch", "summarizer.cli", "summarizer.evals"),
    "summarizer.batch": ("summarizer.merge", "summarizer.cli", "summarizer.evals"),
    "summarizer.evals": CLI,
}
# The shared modules at the top of the package sit below every subpackage but text/.
for _shared in ("cache", "errors", "files", "pages", "prompts", "review", "review_site", "schema", "settings"):
    LAYERS.setdefault(f"summarizer.{_shared}", ())
    LAYERS[f"summarizer.{_shared}"] += tuple(p for p in UPPER + ("summarizer.backends",)
                                             if p not in LAYERS[f"summarizer.{_shared}"])


def module_names(root: Path) -> dict[str, Path]:
    """Every module under the package folder ``root``, by dotted name."""
    names = {}
    for path in sorted(root.rglob("*.py")):
        parts = (root.name,) + path.relative_to(root).with_suffix("").parts
        if parts[-1] == "__init__":
            parts = parts[:-1]
        names[".".join(parts)] = path
    return names


def _resolve(node: ast.ImportFrom, module: str, is_package: bool) -> str:
    if not node.level:
        return node.module or ""
    base = module.split(".") if is_package else module.split(".")[:-1]
    base = base[: len(base) - (node.level - 1)]
    return ".".join(base + ([node.module] if node.module else []))


def import_graph(root: Path = PACKAGE) -> dict[str, set[str]]:
    """Module -> the package's modules it imports (what ``import`` and ``from ... import`` name)."""
    names = module_names(root)
    graph: dict[str, set[str]] = {name: set() for name in names}
    for name, path in names.items():
        tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                targets = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                source = _resolve(node, name, path.name == "__init__.py")
                # `from pkg import mod` imports the module; `from mod import name` the module
                targets = [f"{source}.{a.name}" if f"{source}.{a.name}" in names else source for a in node.names]
            else:
                continue
            for target in targets:
                while target and target not in names:  # `import a.b.c` of a package: its deepest module
                    target = target.rpartition(".")[0]
                if target and target != name:
                    graph[name].add(target)
    return graph


def find_cycle(graph: dict[str, set[str]]) -> Optional[list[str]]:
    """One import circle (its modules, the first repeated at the end), or None."""
    state: dict[str, int] = {}  # 1: on the current path, 2: done
    path: list[str] = []

    def visit(node: str) -> Optional[list[str]]:
        state[node] = 1
        path.append(node)
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == 1:
                return path[path.index(nxt):] + [nxt]
            if nxt not in state:
                found = visit(nxt)
                if found:
                    return found
        path.pop()
        state[node] = 2
        return None

    for start in sorted(graph):
        if start not in state:
            found = visit(start)
            if found:
                return found
    return None


def upward_imports(graph: dict[str, set[str]], layers: dict[str, tuple[str, ...]] = LAYERS) -> list[str]:
    """Each import from a lower layer to a higher one, as ``importer -> imported``."""
    def within(name: str, prefix: str) -> bool:
        return name.startswith(prefix) if prefix.endswith(".") else name == prefix or name.startswith(prefix + ".")

    bad = []
    for importer, imported in sorted(graph.items()):
        for lower, forbidden in layers.items():
            if within(importer, lower):
                bad += [f"{importer} -> {target}" for target in sorted(imported)
                        if any(within(target, up) for up in forbidden)]
    return bad


def test_the_package_has_no_import_circle():
    graph = import_graph()
    assert len(graph) > 50 and "summarizer.merge.report" in graph
    assert find_cycle(graph) is None


def test_no_import_runs_back_up_a_layer():
    assert upward_imports(import_graph()) == []


def cli_imports(graph: dict[str, set[str]]) -> list[str]:
    """Each import of the command line from the library, as ``importer -> imported``."""
    def is_cli(name: str) -> bool:
        return any(name == c or name.startswith(c + ".") for c in CLI)

    return [f"{importer} -> {target}" for importer, imported in sorted(graph.items()) if not is_cli(importer)
            for target in sorted(imported) if is_cli(target)]


def test_the_library_does_not_import_the_command_line():
    assert cli_imports(import_graph()) == []


def test_the_merge_report_is_at_the_bottom_of_the_merge():
    graph = import_graph()
    below = {m for m in graph["summarizer.merge.report"] if m.startswith("summarizer.merge")}
    assert below <= {"summarizer.merge.dossier", "summarizer.merge.passages"}


def test_the_checker_finds_a_planted_circle_and_an_upward_import(tmp_path):
    pkg = tmp_path / "summarizer"
    (pkg / "text").mkdir(parents=True)
    (pkg / "merge").mkdir()
    (pkg / "__init__.py").write_text("")
    (pkg / "text" / "__init__.py").write_text("")
    (pkg / "merge" / "__init__.py").write_text("from .pipeline import run\n")
    (pkg / "merge" / "pipeline.py").write_text("from .pairs import find\n\ndef run():\n    pass\n")
    (pkg / "merge" / "pairs.py").write_text(
        "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from .pipeline import Report\n")
    (pkg / "text" / "spans.py").write_text("def f():\n    from ..merge import pairs\n")
    graph = import_graph(pkg)
    assert graph["summarizer.merge.pairs"] == {"summarizer.merge.pipeline"}
    cycle = find_cycle(graph)
    assert cycle[0] == cycle[-1] and set(cycle) == {"summarizer.merge.pairs", "summarizer.merge.pipeline"}
    assert upward_imports(graph) == ["summarizer.text.spans -> summarizer.merge.pairs"]
    (pkg / "merge" / "pairs.py").write_text("")
    assert find_cycle(import_graph(pkg)) is None
