"""The layers of docs/architecture.md, checked on the source: no import cycle, no import upwards,
no logic in a package ``__init__``, every name a package exports under ``__all__`` exists, the
environment read in the settings modules only, and no function over 80 lines.

Imports are read from the AST of every module (module level and inside functions alike; only
``if TYPE_CHECKING:`` blocks, which never run, are left out), so a lazy import that hides a loop
or climbs a layer fails here too.
"""

from __future__ import annotations

import ast
import importlib
from collections.abc import Iterator
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
#: top-level packages, highest layer first; a module may import its own layer or any below it
LAYERS = ("figwatch", "crawler", "monitor", "storage")
RANK = {name: len(LAYERS) - i for i, name in enumerate(LAYERS)}
SKIP = ("storage/migrations/versions",)  # generated migration scripts


def _modules() -> dict[str, Path]:
    """Every module of the four packages: dotted name -> file."""
    found: dict[str, Path] = {}
    for top in LAYERS:
        for path in sorted((REPO / top).rglob("*.py")):
            rel = path.relative_to(REPO)
            if any(rel.as_posix().startswith(s) for s in SKIP):
                continue
            parts = list(rel.with_suffix("").parts)
            if parts[-1] == "__init__":
                parts.pop()
            found[".".join(parts)] = path
    return found


MODULES = _modules()


def _is_type_checking(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _import_nodes(tree: ast.AST) -> Iterator[ast.Import | ast.ImportFrom]:
    """Import statements anywhere in ``tree`` except under ``if TYPE_CHECKING:``."""
    for node in ast.iter_child_nodes(tree):
        if isinstance(node, ast.If) and _is_type_checking(node):
            yield from (n for s in node.orelse for n in _import_nodes_of(s))
            continue
        if isinstance(node, ast.Import | ast.ImportFrom):
            yield node
        yield from _import_nodes(node)


def _import_nodes_of(stmt: ast.stmt) -> Iterator[ast.Import | ast.ImportFrom]:
    if isinstance(stmt, ast.Import | ast.ImportFrom):
        yield stmt
    yield from _import_nodes(stmt)


def imports_of(module: str) -> set[str]:
    """The project modules ``module`` imports (``from pkg import sub`` counts as ``pkg.sub``)."""
    path = MODULES[module]
    is_pkg = path.name == "__init__.py"
    out: set[str] = set()
    for node in _import_nodes(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        else:
            base = node.module or ""
            if node.level:
                anchor = module.split(".") if is_pkg else module.split(".")[:-1]
                anchor = anchor[: len(anchor) - (node.level - 1)]
                base = ".".join([*anchor, base] if base else anchor)
            names = [
                f"{base}.{a.name}" if f"{base}.{a.name}" in MODULES else base for a in node.names
            ]
        for name in names:
            while name and name not in MODULES:
                name = name.rpartition(".")[0]
            if name and name != module:
                out.add(name)
    return out


GRAPH = {m: imports_of(m) for m in MODULES}


def _cycles() -> list[list[str]]:
    """Strongly connected components with more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in sorted(GRAPH[v]):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                found.append(sorted(comp))

    for v in sorted(GRAPH):
        if v not in index:
            visit(v)
    return found


def test_the_walker_sees_imports() -> None:
    """The checks below are only as good as the graph: spot-check edges we know exist."""
    assert "monitor.dedup.passages" in GRAPH["monitor.dedup.index"]
    assert "storage.locks" in GRAPH["storage.leader"]
    assert "monitor.ingest" in GRAPH["crawler.pipelines"]
    assert len(MODULES) > 100


#: cycles tolerated (none: keep it that way)
KNOWN_CYCLES: list[list[str]] = []


def test_no_import_cycle() -> None:
    assert [c for c in _cycles() if c not in KNOWN_CYCLES] == []


def test_no_import_points_up_a_layer() -> None:
    upward = sorted(
        f"{m} -> {t}"
        for m, targets in GRAPH.items()
        for t in targets
        if RANK[t.split(".")[0]] > RANK[m.split(".")[0]]
    )
    assert upward == []


PACKAGES = sorted(m for m, p in MODULES.items() if p.name == "__init__.py")
#: package __init__s allowed logic (none)
KNOWN_INIT_LOGIC: set[str] = set()


@pytest.mark.parametrize("package", PACKAGES)
def test_package_init_is_a_docstring_and_re_exports(package: str) -> None:
    """An ``__init__`` holds a docstring, imports, ``__all__`` and nothing else."""
    path = MODULES[package]
    tree = ast.parse(path.read_text())
    assert ast.get_docstring(tree), f"{path.relative_to(REPO)} has no docstring"
    if package in KNOWN_INIT_LOGIC:
        return
    for stmt in tree.body[1:]:
        if isinstance(stmt, ast.Import | ast.ImportFrom):
            continue
        if (
            isinstance(stmt, ast.Assign)
            and [getattr(t, "id", None) for t in stmt.targets] == ["__all__"]
            and isinstance(stmt.value, ast.List | ast.Tuple)
        ):
            continue
        pytest.fail(f"{path.relative_to(REPO)}:{stmt.lineno}: logic in a package __init__")


@pytest.mark.parametrize("package", PACKAGES)
def test_package_all_names_exist(package: str) -> None:
    mod = importlib.import_module(package)
    names = getattr(mod, "__all__", [])
    assert sorted(names) == sorted(set(names)), "duplicates in __all__"
    missing = [n for n in names if not hasattr(mod, n)]
    assert missing == []


def test_the_architecture_doc_names_every_package_and_the_layers() -> None:
    doc = (REPO / "docs" / "architecture.md").read_text()
    missing = [p for p in PACKAGES if f"`{p}`" not in doc]
    assert missing == []
    drawing = doc[doc.index("```") : doc.index("```", doc.index("```") + 3)]
    rows = [drawing.index(f"\n  {layer}/ ") for layer in LAYERS]
    assert rows == sorted(rows), "the drawing lists the layers top to bottom"


#: the only modules that read the environment: the application's settings and secrets, and the
#: database layer's own settings (storage cannot import monitor)
ENV_READERS = {"monitor.config", "monitor.secrets", "storage.settings"}
#: modules allowed to copy the whole environment, and only to hand it to a child process
ENV_COPIERS = {"crawler.runner"}
#: methods that change the environment; allowed anywhere as a statement (the result unused)
_ENV_WRITES = {"setdefault", "pop", "update", "clear"}


def _environment_uses(module: str) -> list[str]:
    """Each place ``module`` touches the environment other than by writing to it, as
    ``"module:line: what"``: a read outside ``ENV_READERS`` or a copy outside ``ENV_COPIERS``."""
    tree = ast.parse(MODULES[module].read_text())
    parents = {child: node for node in ast.walk(tree) for child in ast.iter_child_nodes(node)}
    found: list[str] = []
    for node in ast.walk(tree):
        is_environ = (
            isinstance(node, ast.Attribute)
            and node.attr in ("environ", "environb")
            and isinstance(node.value, ast.Name)
            and node.value.id == "os"
        ) or (isinstance(node, ast.Name) and node.id in ("environ", "environb"))
        is_getenv = (
            isinstance(node, ast.Attribute)
            and node.attr in ("getenv", "getenvb")
            and isinstance(node.value, ast.Name)
            and node.value.id == "os"
        ) or (isinstance(node, ast.Name) and node.id in ("getenv", "getenvb"))
        if is_getenv and module not in ENV_READERS:
            found.append(f"{module}:{node.lineno}: reads the environment (getenv)")
        if not is_environ:
            continue
        parent = parents.get(node)
        if isinstance(parent, ast.Subscript) and isinstance(parent.ctx, ast.Store | ast.Del):
            continue  # os.environ[k] = v / del os.environ[k]
        if (
            isinstance(parent, ast.Attribute)
            and parent.attr in _ENV_WRITES
            and isinstance(parents.get(parent), ast.Call)
            and isinstance(parents.get(parents[parent]), ast.Expr)
        ):
            continue  # os.environ.setdefault(...) as a statement
        copies = (
            isinstance(parent, ast.Call)
            and isinstance(parent.func, ast.Name)
            and parent.func.id == "dict"
        ) or (isinstance(parent, ast.Dict) and None in parent.keys)
        if copies:
            if module not in ENV_COPIERS:
                found.append(f"{module}:{node.lineno}: copies the environment")
            continue
        if module not in ENV_READERS:
            found.append(f"{module}:{node.lineno}: reads the environment")
    return found


def test_the_environment_is_read_only_in_the_settings_modules() -> None:
    """``os.environ``/``os.getenv`` reads live in ``ENV_READERS``; elsewhere only writes (``-v``
    sets the crawl children's log level) and the copy handed to a crawl child."""
    assert sorted(f for m in MODULES for f in _environment_uses(m)) == []


def test_the_environment_check_catches_reads_and_allows_writes(tmp_path: Path) -> None:
    """The check above on planted code: every read form fails, writes and statements pass."""
    probe = tmp_path / "probe.py"
    probe.write_text(
        "import os\nfrom os import environ, getenv\n"
        "a = os.environ.get('X')\nb = os.environ['X']\nc = os.getenv('X')\n"
        "d = 'X' in os.environ\ne = environ.get('X')\nf = getenv('X')\ng = dict(os.environ)\n"
        "os.environ['X'] = '1'\ndel os.environ['X']\nos.environ.setdefault('X', '1')\n"
    )
    MODULES["storage.probe"] = probe
    try:
        found = _environment_uses("storage.probe")
    finally:
        del MODULES["storage.probe"]
    lines = sorted(int(f.split(":")[1]) for f in found)
    # line 2 imports the names (aliases, not uses); lines 3-9 read or copy; 10-12 write
    assert lines == [3, 4, 5, 6, 7, 8, 9]


#: the longest a function may be, in lines from its ``def`` to its last line (docstring included)
MAX_FUNCTION_LINES = 80


def _long_functions(path: Path) -> list[str]:
    """Each function or method in ``path`` longer than ``MAX_FUNCTION_LINES``, as
    ``"file:line name (n lines)"``."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            length = (node.end_lineno or node.lineno) - node.lineno + 1
            if length > MAX_FUNCTION_LINES:
                rel = path.relative_to(REPO) if path.is_relative_to(REPO) else path
                found.append(f"{rel}:{node.lineno} {node.name} ({length} lines)")
    return found


def test_no_function_is_longer_than_80_lines() -> None:
    """Long functions are split along their seams (generated migrations are left out)."""
    assert sorted(f for path in MODULES.values() for f in _long_functions(path)) == []


def test_the_length_check_catches_a_long_function(tmp_path: Path) -> None:
    probe = tmp_path / "probe.py"
    body = "".join(f"    x{i} = {i}\n" for i in range(MAX_FUNCTION_LINES))
    probe.write_text(
        f"def short():\n    return 1\n\n\ndef long():\n{body}\n\nclass A:\n"
        f"    async def method(self):\n{body.replace('    ', '        ')}"
    )
    assert [f.split(" ", 1)[1] for f in _long_functions(probe)] == [
        f"long ({MAX_FUNCTION_LINES + 1} lines)",
        f"method ({MAX_FUNCTION_LINES + 1} lines)",
    ]
