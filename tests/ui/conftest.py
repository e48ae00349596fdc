"""The app under test: offscreen, background work run inline, a fixed clock, the null output.

`app` builds the real main window on a private data folder whose "bundled" programs are the
tiny test course, with the engine's NullOutput in manual mode so a test decides exactly how
much audio has been played.
"""

from __future__ import annotations

import warnings
from collections.abc import Iterator
from typing import Any

import pytest
from PySide6.QtWidgets import QApplication
from uihelp import TEST_PROGRAMS, App


@pytest.fixture
def make_app(qtbot: Any, monkeypatch: pytest.MonkeyPatch) -> Iterator[Any]:
    from vallei_player.core.packs import library
    from vallei_player.core.store import Settings
    from vallei_player.engine import NullOutput
    from vallei_player.ui import measure_ahead, tasks
    from vallei_player.ui.app import build

    tasks.use_synchronous_runner(True)
    monkeypatch.setattr(library, "bundled_programs_dir", lambda: TEST_PROGRAMS)
    monkeypatch.setattr(measure_ahead, "ENABLED", False)  # a test about it switches it on
    monkeypatch.setenv("TZ", "Europe/Amsterdam")
    made: list[App] = []

    def make(welcome_done: bool = True, language: str = "en", tray: bool = True) -> App:
        settings = Settings.load()
        settings.change("welcome_done", welcome_done)
        settings.change("language", language)
        app = App(context=None, window=None)

        def output() -> Any:
            out = NullOutput("manual")
            app.outputs.append(out)
            return out

        app.context, app.window = build(settings, output, clock=lambda: app.now[0], tray=tray)
        app.window.show()
        # Offscreen windows are never activated by a window manager; shortcuts need one.
        app.window.activateWindow()
        with warnings.catch_warnings():  # deprecated in Qt 6, and still the only way offscreen
            warnings.simplefilter("ignore", DeprecationWarning)
            QApplication.setActiveWindow(app.window)
        made.append(app)
        return app

    yield make
    for app in made:
        app.window.shutdown()  # closes the window without asking (pytest-qt's close would ask)
        app.window.deleteLater()
    tasks.use_synchronous_runner(False)
