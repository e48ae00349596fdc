"""Small shared pieces: headings, cards, time formats, the banner."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QLayout,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from .i18n import tr


def scrolling_page(view: QWidget, spacing: int) -> QVBoxLayout:
    """Give `view` the app's page: a frameless scroll area with calm margins; returns its layout.

    Views scroll rather than squeeze when the window is small or the system font is large.
    """
    outer = QVBoxLayout(view)
    outer.setContentsMargins(0, 0, 0, 0)
    scroll = QScrollArea()
    scroll.setWidgetResizable(True)
    scroll.setFrameShape(QScrollArea.Shape.NoFrame)
    scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # Tab goes to the page's controls, not here
    outer.addWidget(scroll)
    page = QWidget()
    scroll.setWidget(page)
    layout = QVBoxLayout(page)
    layout.setContentsMargins(32, 28, 32, 28)
    layout.setSpacing(spacing)
    return layout


def clear_layout(layout: QLayout) -> None:
    """Empties `layout`, hiding its widgets at once (they are deleted later).

    A widget taken out of a layout keeps its parent and stays visible until Qt deletes it
    in a later turn of the event loop; meanwhile it is drawn at the parent's top left
    corner, over whatever is there. Hiding it first leaves nothing behind.
    """
    while layout.count():
        item = layout.takeAt(0)
        widget = item.widget()
        if widget is not None:
            widget.hide()
            widget.deleteLater()
        elif item.layout() is not None:
            clear_layout(item.layout())


def heading(text: str = "", scale: float = 1.6, bold: bool = True) -> QLabel:
    label = QLabel(text)
    font = QFont(label.font())
    font.setPointSizeF(font.pointSizeF() * scale)
    font.setBold(bold)
    label.setFont(font)
    label.setWordWrap(True)
    return label


def muted(text: str = "") -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setProperty("muted", True)
    return label


class Card(QFrame):
    """A softly framed group of related things."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("card")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.body = QVBoxLayout(self)
        self.body.setContentsMargins(18, 14, 18, 14)
        self.body.setSpacing(8)


def clock_text(seconds: float) -> str:
    """0:42, 12:05, 1:02:03."""
    whole = max(0, int(seconds + 0.5))
    h, rem = divmod(whole, 3600)
    m, s = divmod(rem, 60)
    return f"{h}:{m:02d}:{s:02d}" if h else f"{m}:{s:02d}"


class Banner(QFrame):
    """A quiet line across the top of the window: a message and optional actions."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("banner")
        self._row = QHBoxLayout(self)
        self._row.setContentsMargins(14, 8, 8, 8)
        self.text = QLabel()
        self.text.setWordWrap(True)
        self._row.addWidget(self.text, 1)
        self._buttons: list[QPushButton] = []
        self.hide()

    def show_message(
        self, message: str, actions: list[tuple[str, Callable[[], None]]] | None = None
    ) -> None:
        for button in self._buttons:
            button.hide()
            button.deleteLater()
        self._buttons = []
        self.text.setText(message)
        for label, action in [*(actions or []), (tr("Dismiss"), self.hide)]:
            button = QPushButton(label)
            button.clicked.connect(action)
            if action is not self.hide:
                button.clicked.connect(self.hide)
            self._row.addWidget(button)
            self._buttons.append(button)
        self.setAccessibleName(message)
        self.show()
