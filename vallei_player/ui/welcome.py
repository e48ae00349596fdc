"""First run: a short welcome (everything stays on this computer) and the practice days and time."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from PySide6.QtCore import QTime, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QRadioButton,
    QTimeEdit,
    QVBoxLayout,
    QWidget,
)

from .context import AppContext
from .i18n import tr
from .settings_view import DaysPicker
from .widgets import Card, describe, heading, muted


class WelcomeView(QWidget):
    finished = Signal()

    def __init__(self, context: AppContext) -> None:
        super().__init__()
        self.context = context
        self._schedule: Any = None
        box = QVBoxLayout(self)
        box.setContentsMargins(48, 40, 48, 40)
        box.setSpacing(16)
        self.title = heading(scale=1.9)
        self.privacy = QLabel()
        self.privacy.setWordWrap(True)
        self.intro = muted()
        box.addWidget(self.title)
        box.addWidget(self.privacy)
        box.addWidget(self.intro)
        card = Card()
        form = QFormLayout()
        self.days = DaysPicker()
        self.time = QTimeEdit(QTime(20, 0))
        self.time.setDisplayFormat("HH:mm")
        self.time.setMaximumWidth(120)
        self.days_label, self.time_label = QLabel(), QLabel()
        form.addRow(self.days_label, self.days)
        form.addRow(self.time_label, self.time)
        card.body.addLayout(form)
        self._build_closed_question(card)
        self.note = muted()
        # The note's line is always there, empty or not, so nothing below it (Begin) moves
        # when it comes and goes.
        self.note.setMinimumHeight(self.note.fontMetrics().lineSpacing())
        card.body.addWidget(self.note)
        box.addWidget(card)
        row = QHBoxLayout()
        row.addStretch(1)
        self.begin = QPushButton()
        self.begin.setDefault(True)
        self.begin.setMinimumHeight(40)
        self.begin.setProperty("role", "primary")
        self.begin.clicked.connect(self.accept)
        row.addWidget(self.begin)
        box.addLayout(row)
        box.addStretch(1)
        self.days.set_days(("mon", "wed", "fri"))
        for b in self.days.boxes.values():
            b.toggled.connect(lambda _: self._check())
        context.language_changed.connect(self.retranslate)
        context.library_changed.connect(self._program_ready)
        context.journal_ready.connect(self._program_ready)
        self.retranslate()
        self._program_ready()

    def _build_closed_question(self, card: Card) -> None:
        """Reminders with the window closed: asked, with neither answer chosen beforehand."""
        self.closed_question = QLabel()
        self.closed_question.setWordWrap(True)
        self.closed_yes, self.closed_no = QRadioButton(), QRadioButton()
        self.closed_answer = QButtonGroup(self)
        row = QHBoxLayout()
        for button in (self.closed_yes, self.closed_no):
            self.closed_answer.addButton(button)
            row.addWidget(button)
        row.addStretch(1)
        self.closed_note = muted()
        card.body.addSpacing(10)
        card.body.addWidget(self.closed_question)
        card.body.addLayout(row)
        card.body.addWidget(self.closed_note)

    def retranslate(self) -> None:
        self.setAccessibleName(tr("Welcome"))
        self.title.setText(tr("Welcome"))
        self.privacy.setText(
            tr(
                "Everything you do here stays on this computer: your practice, your notes and "
                "your answers. Nothing is sent anywhere."
            )
        )
        self.intro.setText(
            tr(
                "When would you like to practise? Most people choose three evenings a week. "
                "You can change this at any time in Settings."
            )
        )
        self.days.retranslate()
        self.days_label.setText(tr("Practice days"))
        self.time_label.setText(tr("&Time"))
        self.time_label.setBuddy(self.time)
        self.time.setAccessibleName(tr("Practice time"))
        describe(self.time, tr("The time of day your sessions are planned"))
        self.begin.setText(tr("Begin"))
        describe(self.begin, tr("Saves your practice days and opens Home"))
        self.closed_question.setText(tr("Remind me even when the window is closed?"))
        self.closed_yes.setText(tr("Yes"))
        self.closed_no.setText(tr("No"))
        describe(self.closed_yes, tr("Reminders come even when the window is closed"))
        describe(self.closed_no, tr("Reminders come only while the app is open"))
        self.closed_note.setText(
            tr(
                "The app then starts quietly in the system tray when you log in, only to "
                "remind you. You can change this in Settings."
            )
        )
        self._check()

    def _program_ready(self) -> None:
        program = self.context.program
        if program is None or not self.context.journal_open or self._schedule is not None:
            self._check()
            return
        self.context.with_journal(
            lambda j: self.context.schedule_for(j, program), self._got_schedule
        )

    def _got_schedule(self, schedule: Any) -> None:
        self._schedule = schedule
        self.days.set_days(tuple(schedule.days))
        hour, minute = (int(x) for x in schedule.time.split(":"))
        self.time.setTime(QTime(hour, minute))
        self._check()

    def _check(self) -> None:
        ready = self.context.program is not None and self.context.journal_open
        chosen = bool(self.days.days())
        self.begin.setEnabled(ready and chosen)
        self.note.setText("" if chosen else tr("Choose at least one day."))
        if not ready:
            self.note.setText(tr("Getting your programs ready…"))

    def accept(self) -> None:
        from ..core import practice

        program = self.context.program
        if program is None or not self.days.days():
            return
        days, time = self.days.days(), self.time.time().toString("HH:mm")
        schedule = (
            replace(self._schedule, days=days, time=time)
            if self._schedule is not None
            else practice.PracticeSchedule(days, time, self.context.timezone)
        )
        self.context.with_journal(lambda j: j.set_schedule(program.id, schedule), changes=True)
        if self.closed_answer.checkedButton() is not None:  # unanswered: nothing is installed
            answer = "yes" if self.closed_yes.isChecked() else "no"
            self.context.set_setting("remind_when_closed", answer)
        self.context.set_setting("welcome_done", True)
        self.finished.emit()
