"""Views never draw through each other (issue 12, major 1).

After a session ends (Stop, or the end and Done), each view must look exactly as the same
view does in a fresh window on the same data: no other page may be left on screen under it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QApplication
from uihelp import TEST_PROGRAMS, TINY_ID

VIEWS = ("journal", "library", "settings", "home")


def _grab(app: Any, name: str) -> QImage:
    app.window.show_view(name)
    QApplication.processEvents()
    return app.window.stack.grab().toImage()


def _pages_on_screen(app: Any) -> list[str]:
    return [name for name, page in app.window.views.items() if page.isVisible()]


def _after_session(app: Any, qtbot: Any, how: str) -> None:
    app.window.start_session("w1-1")
    qtbot.waitUntil(lambda: app.window.playback.state == "playing", timeout=5000)
    app.play_frames(4800)
    if how == "stop":
        qtbot.mouseClick(app.view("player").stop_button, Qt.MouseButton.LeftButton)
    else:
        app.play_to_end(qtbot)
        app.continue_to_reflection()
    reflection = app.view("reflection")
    assert app.window.current_view() == "reflection"
    reflection.done_button.setFocus()  # as after a Tab or a click: focus is on the page
    qtbot.mouseClick(reflection.done_button, Qt.MouseButton.LeftButton)
    QApplication.processEvents()


@pytest.mark.parametrize("how", ["stop", "finish"])
def test_after_a_session_each_view_looks_as_in_a_fresh_window(
    make_app: Any, qtbot: Any, how: str
) -> None:
    app = make_app()
    _after_session(app, qtbot, how)
    assert _pages_on_screen(app) == [app.window.current_view()]
    after = {name: _grab(app, name) for name in VIEWS}
    for name in VIEWS:
        app.window.show_view(name)
        assert _pages_on_screen(app) == [name]
    fresh = make_app()  # a second window on the same data folder
    for name in VIEWS:
        assert _grab(fresh, name) == after[name], f"{name} differs from a fresh window"


def test_home_redrawn_between_a_program_switch_and_its_figures(
    make_app: Any, tmp_path: Path
) -> None:
    """Home may be redrawn (a language or playback change) before the new program's figures
    arrive; it must not look up the old program's next session in the new one."""
    from vallei_player.core.packs import library

    folder = tmp_path / "other"
    folder.mkdir()
    text = (TEST_PROGRAMS / "tiny" / "program.yaml").read_text(encoding="utf-8")
    text = text.replace(TINY_ID, "org.example.other").replace("w1-", "arriving-")
    text = text.replace("Tiny course", "Other course").replace("First steps", "Arriving")
    (folder / "program.yaml").write_text(text, encoding="utf-8")
    app = make_app()
    library.install(folder)
    app.context.load_library()
    home = app.view("home")
    assert home.title.text() == "Tiny course"
    assert home.next_title.text() == "First steps"
    app.context.program = library.load("org.example.other")  # its figures are not in yet
    home.retranslate()
    assert home.next_title.text() != "First steps"  # nothing of the old program is shown
    home.refresh()
    assert home.title.text() == "Other course"
    assert home.next_title.text() == "Arriving"
