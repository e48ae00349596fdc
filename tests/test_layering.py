"""The core, the engine and the CLI never load Qt (ARCHITECTURE.md: ui is the only Qt layer)."""

from __future__ import annotations

import subprocess
import sys

from locations import REPO


def test_core_engine_and_cli_do_not_load_qt() -> None:
    code = (
        "import sys, pkgutil, importlib\n"
        "import vallei_player.core, vallei_player.engine\n"
        "import vallei_player.cli, vallei_player.commands\n"
        "for pkg in (vallei_player.core, vallei_player.engine, vallei_player.commands):\n"
        "    for m in pkgutil.walk_packages(pkg.__path__, pkg.__name__ + '.'):\n"
        "        importlib.import_module(m.name)\n"
        "bad = sorted(m for m in sys.modules if m.startswith(('PySide6', 'shiboken6')))\n"
        "print(','.join(bad))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, check=True
    )
    assert out.stdout.strip() == "", f"Qt loaded outside ui/: {out.stdout}"


def test_cli_help_does_not_load_qt() -> None:
    code = (
        "import sys\n"
        "from vallei_player.cli import main\n"
        "try:\n    main(['--help'])\nexcept SystemExit:\n    pass\n"
        "assert not any(m.startswith('PySide6') for m in sys.modules)\n"
    )
    subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, check=True)
