"""The Studio under test: offscreen, background work (the live check) run inline."""

from __future__ import annotations

import warnings
from collections.abc import Iterator
from typing import Any

import pytest
from PySide6.QtWidgets import QApplication


@pytest.fixture
def studio_window(qtbot: Any, monkeypatch: pytest.MonkeyPatch) -> Iterator[Any]:
    """make(doc) -> a shown StudioWindow, checked at once after each edit; closed without
    asking afterwards."""
    from vallei_player.ui import tasks
    from vallei_player.ui.studio import controller

    monkeypatch.setattr(controller, "CHECK_DELAY_MS", 0)
    from vallei_player.ui.studio import StudioWindow

    tasks.use_synchronous_runner(True)
    made: list[Any] = []

    def make(doc: Any) -> Any:
        window = StudioWindow(doc)
        window.show()
        # Offscreen windows are never activated by a window manager; focus needs one.
        window.activateWindow()
        with warnings.catch_warnings():  # deprecated in Qt 6, and still the only way offscreen
            warnings.simplefilter("ignore", DeprecationWarning)
            QApplication.setActiveWindow(window)
        made.append(window)
        return window

    yield make
    for window in made:
        window.studio.doc.original = window.studio.doc.text()  # nothing left to ask about
        window.studio.doc.on_disk = True
        window.close()
    tasks.use_synchronous_runner(False)
