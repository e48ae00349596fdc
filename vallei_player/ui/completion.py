"""The short, gentle moment after a session reached its end, before the reflection.

"Session complete · 11 minutes" (or, after skipping ahead, how long was listened, with the
reminder that partial practice counts). Never a score. It goes on to the reflection by
itself after a few seconds, or at once with Continue (Return, Space or a click).
"""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import QLabel, QPushButton, QVBoxLayout, QWidget

from . import icons
from .i18n import tr, trn
from .widgets import heading, muted

MOMENT_MS = 6000


def minutes_words(seconds: float) -> str:
    if seconds < 30:
        return tr("less than a minute")
    return trn("{n} minute", "{n} minutes", round(seconds / 60))


class CompletionMoment(QWidget):
    continued = Signal()

    def __init__(self) -> None:
        super().__init__()
        box = QVBoxLayout(self)
        box.setContentsMargins(32, 32, 32, 32)
        box.setSpacing(14)
        box.addStretch(2)
        self.mark = QLabel()
        self.mark.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.title = heading(scale=1.8)
        self.title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.line = muted()
        self.line.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.continue_button = QPushButton()
        self.continue_button.setDefault(True)
        self.continue_button.setProperty("role", "primary")
        self.continue_button.clicked.connect(self._continue)
        for widget in (self.mark, self.title, self.line):
            box.addWidget(widget)
        box.addSpacing(12)
        box.addWidget(self.continue_button, 0, Qt.AlignmentFlag.AlignHCenter)
        box.addStretch(3)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(MOMENT_MS)
        self._timer.timeout.connect(self._continue)
        self.completed = True
        self.listened_s = 0.0
        self._open = False

    def begin(self, completed: bool, listened_s: float) -> None:
        self.completed, self.listened_s = completed, listened_s
        self._open = True
        self.retranslate()
        self._timer.start()
        self.continue_button.setFocus(Qt.FocusReason.OtherFocusReason)

    def retranslate(self) -> None:
        minutes = minutes_words(self.listened_s)
        if self.completed:
            self.title.setText(tr("Session complete · {minutes}", minutes=minutes))
            self.line.setText(tr("Take a moment before you go on."))
        else:
            self.title.setText(tr("End of the session · {minutes}", minutes=minutes))
            self.line.setText(tr("You skipped ahead this time; partial practice counts too."))
        self.continue_button.setText(tr("Continue"))
        self.continue_button.setAccessibleName(tr("Continue to the reflection"))
        self.continue_button.setAccessibleDescription(self.title.text())
        colour = self.palette().color(self.foregroundRole())
        self.mark.setPixmap(icons.icon("done", colour, self.devicePixelRatioF()).pixmap(56, 56))

    def _continue(self) -> None:
        if self._open:  # once, by the timer or by Continue
            self._open = False
            self._timer.stop()
            self.continued.emit()

    def cancel(self) -> None:
        self._open = False
        self._timer.stop()
