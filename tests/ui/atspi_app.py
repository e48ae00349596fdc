"""The real app for the AT-SPI smoke test: plays a session (Player on screen), then shows
the Journal. Started by test_atspi_smoke.py inside a private D-Bus session."""

from __future__ import annotations

import contextlib
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent


def main() -> int:
    from PySide6.QtCore import QTimer

    from vallei_player.core.packs import library
    from vallei_player.core.problems import UserError
    from vallei_player.core.store import Settings
    from vallei_player.engine import NullOutput
    from vallei_player.ui.app import build, make_application

    with contextlib.suppress(UserError):
        library.install(HERE / "data" / "tiny")
    app = make_application([])
    settings = Settings.load()
    settings.change("welcome_done", True)
    settings.change("active_program", "org.example.tiny-course")
    context, window = build(settings, output_factory=lambda: NullOutput("paced"), tray=False)
    window.show()

    def start() -> None:
        if context.program is None or not context.journal_open:
            QTimer.singleShot(100, start)
            return
        window.start_session("w1-1")
        QTimer.singleShot(7000, lambda: window.show_view("journal"))

    QTimer.singleShot(500, start)
    QTimer.singleShot(40_000, window.quit)
    return int(app.exec())


if __name__ == "__main__":
    sys.exit(main())
