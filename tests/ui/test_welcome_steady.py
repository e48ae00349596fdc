"""Issue 12 minor: Welcome's Begin button stays where it is while the note under the days
comes and goes."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QPoint
from PySide6.QtWidgets import QApplication


def test_begin_does_not_move_when_the_note_changes(make_app: Any) -> None:
    app = make_app(welcome_done=False)
    app.window.show()
    app.window.show_view("welcome")
    welcome = app.view("welcome")
    QApplication.processEvents()

    def where() -> QPoint:
        QApplication.processEvents()
        return welcome.begin.mapTo(welcome, QPoint(0, 0))

    before = where()
    assert welcome.note.text() == ""
    for box in welcome.days.boxes.values():
        box.setChecked(False)
    assert welcome.note.text() == "Choose at least one day."
    assert not welcome.begin.isEnabled()
    assert where() == before
    welcome.days.boxes["tue"].setChecked(True)
    assert where() == before and welcome.begin.isEnabled()
