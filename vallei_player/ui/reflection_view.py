"""Reflection after a session: the session's prompts as sliders, choices and text fields.

Every change is saved as a draft about 300 ms after the participant stops typing (through
the journal thread), so nothing is lost; "Done" marks the answers final, "Later" leaves
them as drafts that Home and the Journal offer to continue. When the session was stopped
early the form is short: only the program's general prompts.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QApplication,
    QButtonGroup,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from ..core.program import Program, Prompt, Session
from .context import AppContext
from .i18n import tr
from .rating import RatingScale
from .widgets import Card, describe, heading, muted, scrolling_page

DRAFT_DELAY_MS = 300


def prompts_for(program: Program, session: Session, completed: bool) -> tuple[Prompt, ...]:
    """All of the session's prompts, or the short form after an early stop."""
    if completed:
        return session.reflection
    general = tuple(p for p in session.reflection if p in program.reflection)
    return general or session.reflection[:2]


class PromptField(QWidget):
    """One prompt's input; `changed` fires on every edit."""

    changed = Signal()

    def __init__(self, prompt: Prompt, value: Any) -> None:
        super().__init__()
        self.prompt = prompt
        box = QVBoxLayout(self)
        box.setContentsMargins(0, 0, 0, 0)
        self.question = QLabel(prompt.ask)
        self.question.setWordWrap(True)
        box.addWidget(self.question)
        self.slider: RatingScale | None = None
        self.text: QPlainTextEdit | None = None
        self.group: QButtonGroup | None = None
        if prompt.type == "scale":
            self._build_scale(box, value)
        elif prompt.type == "choice":
            self._build_choice(box, value)
        else:
            self.text = QPlainTextEdit(str(value or ""))
            self.text.setTabChangesFocus(True)
            self.text.setMinimumHeight(80)
            self.text.setMaximumHeight(130)
            self.text.setAccessibleName(prompt.ask)
            self.text.textChanged.connect(self.changed)
            self.question.setBuddy(self.text)
            box.addWidget(self.text)

    def _build_scale(self, box: QVBoxLayout, value: Any) -> None:
        p = self.prompt
        row = QHBoxLayout()
        low, high = p.labels or (str(p.min), str(p.max))
        self.slider = RatingScale(p.min, p.max, int(value) if isinstance(value, int) else None)
        self.slider.setAccessibleName(p.ask)
        self.value_label = QLabel()
        self.value_label.setMinimumWidth(80)
        self.slider.chosen.connect(self._scale_chosen)
        self.low_label, self.high_label = muted(low), muted(high)
        row.addWidget(self.low_label)
        row.addWidget(self.slider, 1)
        row.addWidget(self.high_label)
        row.addWidget(self.value_label)
        box.addLayout(row)
        self.question.setBuddy(self.slider)
        self._show_scale()

    def _scale_chosen(self, _: int) -> None:
        self._show_scale()
        self.changed.emit()

    def _show_scale(self) -> None:
        if self.slider is None:
            return
        p = self.prompt
        self.value_label.setText(self.slider.value_text())
        low, high = p.labels or (str(p.min), str(p.max))
        self.slider.setAccessibleDescription(
            tr(
                "From {low} ({low_words}) to {high} ({high_words}); now: {value}",
                low=p.min,
                high=p.max,
                low_words=low,
                high_words=high,
                value=self.slider.value_text(),
            )
        )

    def _build_choice(self, box: QVBoxLayout, value: Any) -> None:
        self.group = QButtonGroup(self)
        for i, option in enumerate(self.prompt.options):
            button = QRadioButton(option)
            button.setChecked(option == value)
            self.group.addButton(button, i)
            box.addWidget(button)
        self.group.idClicked.connect(lambda _: self.changed.emit())

    def value(self) -> str | int | None:
        if self.slider is not None:
            return self.slider.answer()
        if self.group is not None:
            checked = self.group.checkedId()
            return self.prompt.options[checked] if checked >= 0 else None
        assert self.text is not None
        return self.text.toPlainText() or None

    def retranslate(self) -> None:
        self._show_scale()

    def tab_stops(self) -> list[QWidget]:
        """Where Tab stops in this field: the input, or the chosen (else first) option."""
        if self.slider is not None:
            return [self.slider]
        if self.text is not None:
            return [self.text]
        assert self.group is not None
        buttons = self.group.buttons()
        checked = self.group.checkedButton()
        return [checked or buttons[0]] if buttons else []


class ReflectionView(QWidget):
    closed = Signal(bool)  # True when done, False for "later"

    def __init__(self, context: AppContext) -> None:
        super().__init__()
        self.context = context
        self.attempt_id: int | None = None
        self.fields: list[PromptField] = []
        self._pending: dict[str, QTimer] = {}
        self._completed = True
        self._skipped = False  # reached the end by skipping most of it
        self.box = scrolling_page(self, 14)
        self.title = heading()
        self.intro = muted()
        self.box.addWidget(self.title)
        self.box.addWidget(self.intro)
        self.card = Card()
        self.card.body.setSpacing(18)  # room between one question and the next
        self.box.addWidget(self.card)
        self.saved_note = muted()
        buttons = QHBoxLayout()
        self.done_button = QPushButton()
        self.done_button.setDefault(True)
        self.later_button = QPushButton()
        self.done_button.clicked.connect(self.finish)
        self.later_button.clicked.connect(self.later)
        buttons.addWidget(self.saved_note, 1)
        buttons.addWidget(self.later_button)
        buttons.addWidget(self.done_button)
        self.box.addLayout(buttons)
        self.box.addStretch(1)
        context.language_changed.connect(self.retranslate)
        self.retranslate()

    def retranslate(self) -> None:
        self.setAccessibleName(tr("Reflection"))
        self.title.setText(tr("How was it?"))
        self.intro.setText(
            tr("Take a moment. Your answers are saved as you type and stay on this computer.")
            if self._completed
            else tr("You skipped ahead this time, and that is fine. A few words are enough.")
            if self._skipped
            else tr("You stopped early, and that is fine. A few words are enough.")
        )
        self.done_button.setText(tr("Done"))
        describe(self.done_button, tr("Saves your answers as they are"))
        self.later_button.setText(tr("Later"))
        self.later_button.setToolTip(
            tr("Keep these answers and come back from Home or the Journal")
        )
        for field in self.fields:
            field.retranslate()

    def tab_stops(self) -> list[QWidget]:
        """Every field in order, then Later and Done: Tab goes round these and stays here."""
        stops = [w for field in self.fields for w in field.tab_stops()]
        return [*stops, self.later_button, self.done_button]

    def focusNextPrevChild(self, next: bool) -> bool:
        stops = [w for w in self.tab_stops() if w.isVisible() and w.isEnabled()]
        if not stops:
            return super().focusNextPrevChild(next)
        focus = QApplication.focusWidget()
        here = next_index = 0
        for i, widget in enumerate(stops):
            if widget is focus or (focus is not None and widget.isAncestorOf(focus)):
                here = i
                break
        else:
            here = -1 if next else 0
        next_index = (here + (1 if next else -1)) % len(stops)
        target = stops[next_index]
        reason = Qt.FocusReason.TabFocusReason if next else Qt.FocusReason.BacktabFocusReason
        target.setFocus(reason)
        self._show(target)
        return True

    def _show(self, widget: QWidget) -> None:
        """Scrolls the page so the focused control can be seen."""
        scroll = self.findChild(QScrollArea)
        if scroll is not None:
            scroll.ensureWidgetVisible(widget, 24, 24)

    def open_attempt(self, attempt: Any, program: Program) -> None:
        """Shows the form for a journal Attempt (answers already given are filled in)."""
        session = program.session(attempt.session_id)
        self.attempt_id = attempt.id
        self._completed = bool(attempt.completed)
        self._skipped = attempt.reason == "skipped"
        for field in self.fields:
            field.hide()
            field.deleteLater()
        given = {a.prompt_id: a.value for a in attempt.answers}
        self.fields = []
        for prompt in prompts_for(program, session, self._completed):
            field = PromptField(prompt, given.get(prompt.id))
            field.changed.connect(lambda f=field: self._schedule_draft(f))
            self.card.body.addWidget(field)
            self.fields.append(field)
        self.saved_note.setText("")
        self.retranslate()
        if self.fields:
            first = self.fields[0]
            target = (
                first.slider or first.text or (first.group.buttons()[0] if first.group else None)
            )
            if target is not None:
                QTimer.singleShot(0, target.setFocus)

    def _schedule_draft(self, field: PromptField) -> None:
        timer = self._pending.get(field.prompt.id)
        if timer is None:
            timer = QTimer(self)
            timer.setSingleShot(True)
            timer.setInterval(DRAFT_DELAY_MS)
            timer.timeout.connect(lambda f=field: self._save(f, final=False))
            self._pending[field.prompt.id] = timer
        timer.start()

    def _save(self, field: PromptField, final: bool) -> None:
        attempt_id, prompt, value = self.attempt_id, field.prompt, field.value()
        if attempt_id is None:
            return
        self.context.with_journal(
            lambda j: j.save_answer(attempt_id, prompt, value, final=final),
            lambda _: self.saved_note.setText(tr("Saved")),
        )

    def flush(self) -> None:
        """Saves any draft still waiting for its delay."""
        for field in self.fields:
            timer = self._pending.get(field.prompt.id)
            if timer is not None and timer.isActive():
                timer.stop()
                self._save(field, final=False)

    def finish(self) -> None:
        for timer in self._pending.values():
            timer.stop()
        for field in self.fields:
            self._save(field, final=True)
        self.context.with_journal(lambda j: None, changes=True)
        self.closed.emit(True)

    def later(self) -> None:
        self.flush()
        self.context.with_journal(lambda j: None, changes=True)
        self.closed.emit(False)
