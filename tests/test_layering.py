"""The layers of ARCHITECTURE.md hold: dependencies point one way, nothing imports in a circle,
and each package is used through its face (`__init__`).

The static checks read every import statement of the package (module level, inside
functions and under TYPE_CHECKING alike: a lazy import that closes a circle is still a
circle in the design). The runtime checks import the layers in a fresh interpreter and look
at what got loaded.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from collections import defaultdict
from pathlib import Path

from locations import REPO

PACKAGE = REPO / "vallei_player"
# Modules other packages may import directly: the shared vocabulary of user problems, and
# the entry points of the desktop app and of the PDF child process (importing the `ui` face
# would load all of Qt for nothing).
PUBLIC_MODULES = {
    "vallei_player.core.problems",
    "vallei_player.ui.app",
    "vallei_player.ui.report_pdf",
    "vallei_player.i18n",
}


def _module_name(path: Path) -> tuple[str, bool]:
    parts = list(path.relative_to(REPO).with_suffix("").parts)
    is_package = parts[-1] == "__init__"
    if is_package:
        parts = parts[:-1]
    return ".".join(parts), is_package


MODULES = {_module_name(p)[0]: p for p in PACKAGE.rglob("*.py")}
PACKAGES = {name for name, p in MODULES.items() if p.name == "__init__.py"}


def _namespaces() -> set[str]:
    """Submodules a face hands out whole (`from . import paths`): part of that face."""
    found = set()
    for package in PACKAGES:
        tree = ast.parse(MODULES[package].read_text(encoding="utf-8"))
        for node in tree.body:
            if isinstance(node, ast.ImportFrom) and node.level == 1 and node.module is None:
                found |= {f"{package}.{a.name}" for a in node.names}
    return found


FACE_NAMESPACES = _namespaces()


def _resolve(current: str, is_package: bool, level: int, module: str | None) -> str:
    if level == 0:
        return module or ""
    base = current.split(".") if is_package else current.split(".")[:-1]
    if level > 1:
        base = base[: len(base) - (level - 1)]
    return ".".join(base + ([module] if module else []))


def _is_ancestor(package: str, module: str) -> bool:
    return module.startswith(package + ".")


def imports() -> dict[str, set[str]]:
    """module -> the vallei_player modules it imports (a package means its __init__)."""
    graph: dict[str, set[str]] = defaultdict(set)
    for name, path in MODULES.items():
        is_package = path.name == "__init__.py"
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            targets: list[str] = []
            if isinstance(node, ast.Import):
                targets = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom):
                base = _resolve(name, is_package, node.level, node.module)
                targets = [base]
                targets += [f"{base}.{a.name}" for a in node.names if f"{base}.{a.name}" in MODULES]
            for target in targets:
                # importing a.b.c runs a/__init__ and a/b/__init__ first, unless we are inside them
                parts = target.split(".")
                for i in range(1, len(parts) + 1):
                    step = ".".join(parts[:i])
                    if step in MODULES and step != name and not _is_ancestor(step, name):
                        graph[name].add(step)
    return graph


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components with more than one member (Tarjan, iterative)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    counter = 0
    nodes = set(graph) | {t for targets in graph.values() for t in targets}
    for root in sorted(nodes):
        if root in index:
            continue
        work = [(root, iter(sorted(graph.get(root, ()))))]
        index[root] = low[root] = counter
        counter += 1
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = counter
                    counter += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph.get(child, ())))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
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
    return found


def _package_of(module: str) -> str:
    return module if module in PACKAGES else module.rsplit(".", 1)[0]


def test_no_import_cycles_between_modules() -> None:
    assert _cycles(imports()) == []


def test_no_import_cycles_between_packages() -> None:
    graph: dict[str, set[str]] = defaultdict(set)
    for module, targets in imports().items():
        mine = _package_of(module)
        for target in targets:
            theirs = _package_of(target)
            if theirs != mine and not _is_ancestor(theirs, mine) and not _is_ancestor(mine, theirs):
                graph[mine].add(theirs)
    assert _cycles(graph) == []


def test_the_cycle_finder_finds_a_cycle() -> None:
    assert _cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


def test_other_packages_use_a_package_through_its_face() -> None:
    offenders = []
    for module, targets in imports().items():
        mine = _package_of(module)
        for target in targets:
            theirs = _package_of(target)
            if target in PACKAGES or target in PUBLIC_MODULES or target in FACE_NAMESPACES:
                continue
            if theirs == mine or _is_ancestor(theirs, mine):
                continue
            offenders.append(f"{module} -> {target}")
    assert offenders == []


def _third_party(prefixes: tuple[str, ...], where: tuple[str, ...]) -> list[str]:
    found = []
    for name, path in MODULES.items():
        if not name.startswith(where):
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names: list[str] = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names = [node.module]
            found += [f"{name}: {n}" for n in names if n.split(".")[0] in prefixes]
    return found


def test_layers_point_one_way() -> None:
    upward = {
        "vallei_player.core": ("vallei_player.engine", "vallei_player.ui", "vallei_player.commands",
                               "vallei_player.cli", "vallei_player.studio"),
        "vallei_player.engine": ("vallei_player.ui", "vallei_player.commands", "vallei_player.cli",
                                 "vallei_player.studio"),
        "vallei_player.commands": ("vallei_player.ui", "vallei_player.studio"),
    }  # fmt: skip
    offenders = [
        f"{module} -> {target}"
        for module, targets in imports().items()
        for layer, forbidden in upward.items()
        if module == layer or module.startswith(layer + ".")
        for target in targets
        if target.startswith(forbidden)
    ]
    assert offenders == []


def test_core_imports_no_numpy_audio_or_qt_and_engine_and_commands_no_qt() -> None:
    assert (
        _third_party(("numpy", "sounddevice", "PySide6", "shiboken6"), ("vallei_player.core",))
        == []
    )
    assert _third_party(("PySide6", "shiboken6"), ("vallei_player.engine", "vallei_player.commands",
                                                   "vallei_player.cli")) == []  # fmt: skip


def _loaded_after(code: str) -> set[str]:
    probe = code + "\nimport sys\nprint(','.join(sorted(m.split('.')[0] for m in sys.modules)))\n"
    out = subprocess.run(
        [sys.executable, "-c", probe], cwd=REPO, capture_output=True, text=True, check=True
    )
    return set(out.stdout.strip().split(","))


def _all_modules_of(*packages: str) -> str:
    return (
        "import pkgutil, importlib\n"
        f"for name in {list(packages)!r}:\n"
        "    pkg = importlib.import_module(name)\n"
        "    for m in pkgutil.walk_packages(pkg.__path__, pkg.__name__ + '.'):\n"
        "        importlib.import_module(m.name)\n"
    )


def test_core_loads_neither_numpy_nor_sounddevice_nor_qt() -> None:
    loaded = _loaded_after(_all_modules_of("vallei_player.core"))
    assert loaded.isdisjoint({"numpy", "sounddevice", "PySide6", "shiboken6"})


def test_engine_commands_and_cli_do_not_load_qt() -> None:
    loaded = _loaded_after(
        _all_modules_of("vallei_player.engine", "vallei_player.commands")
        + "import vallei_player.cli\n"
    )
    assert loaded.isdisjoint({"PySide6", "shiboken6"})


def test_cli_help_does_not_load_qt() -> None:
    code = (
        "from vallei_player.cli import main\n"
        "try:\n    main(['--help'])\nexcept SystemExit:\n    pass\n"
    )
    assert _loaded_after(code).isdisjoint({"PySide6", "shiboken6"})
