"""The frozen app leaves out no module the app imports (a bare Debian showed one: the .deb's
app stopped at start with "No module named 'PySide6.QtNetwork'" once the single-instance
channel began to use it)."""

from __future__ import annotations

import ast
import re

from locations import REPO

SPEC = REPO / ".ci" / "packaging" / "vallei-player.spec"


def _excluded() -> set[str]:
    found = re.search(r"excludes=(\[[^\]]*\])", SPEC.read_text("utf-8"))
    assert found is not None, "the spec names what it leaves out in excludes=[...]"
    return set(ast.literal_eval(found.group(1)))


def _imported() -> set[str]:
    names: set[str] = set()
    for path in (REPO / "vallei_player").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if isinstance(node, ast.Import):
                names.update(alias.name for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                names.add(node.module)
    return names


def test_the_spec_excludes_no_module_the_app_imports() -> None:
    excluded = _excluded()
    clashes = {
        name
        for name in _imported()
        for gone in excluded
        if name == gone or name.startswith(gone + ".")
    }
    assert clashes == set()
    assert {"PySide6.QtNetwork", "PySide6.QtDBus"} <= _imported()  # the check sees them
