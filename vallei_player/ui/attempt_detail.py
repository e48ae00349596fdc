"""Beside the Journal's list: the chosen attempt's planned wave with its lived levels (a small
chart) and its reflection answers."""

from __future__ import annotations

import html
from typing import Any

from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from ..core.program import Program
from .i18n import tr
from .lived_chart import LivedChart, describe, picture_from_attempt
from .widgets import muted


class AttemptDetail(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        box = QVBoxLayout(self)
        box.setContentsMargins(0, 0, 0, 0)
        self.chart = LivedChart()
        self.caption = muted()
        self.answers = QLabel()
        self.answers.setWordWrap(True)
        box.addWidget(self.chart, 2)
        box.addWidget(self.caption)
        box.addWidget(self.answers, 1)
        self.setMinimumWidth(300)
        self.show_attempt(None, None)

    def show_attempt(self, program: Program | None, attempt: Any | None) -> None:
        picture = (
            picture_from_attempt(program, attempt)
            if program is not None and attempt is not None and attempt.program_id == program.id
            else None
        )
        self.chart.set_picture(picture)
        self.chart.setVisible(picture is not None)
        if attempt is None:
            self.caption.setText(tr("Choose a session to see its wave and your levels."))
            self.answers.setText("")
            return
        self.caption.setText(describe(picture) if picture is not None else "")
        lines = [
            f"<b>{html.escape(a.ask or a.prompt_id)}</b><br>{html.escape(str(a.value))}"
            for a in attempt.answers
            if a.value not in (None, "")
        ]
        self.answers.setText("<br><br>".join(lines) if lines else tr("No reflection answers."))
