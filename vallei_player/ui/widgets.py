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

from . import theme
from .i18n import tr

READABLE_WIDTH = theme.TEXT_WIDTH


def scrolled(page: QWidget) -> QScrollArea:
    """`page` in a frameless scroll area: it scrolls rather than being squeezed below what it
    needs (a small window, 1.5x scaling, a large system font), where Qt would draw its parts
    over each other."""
    scroll = QScrollArea()
    scroll.setWidgetResizable(True)
    scroll.setFrameShape(QScrollArea.Shape.NoFrame)
    scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # Tab goes to the page's controls, not here
    scroll.setWidget(page)
    return scroll


def scrolling_page(view: QWidget, spacing: int) -> QVBoxLayout:
    """Give `view` the app's page: a frameless scroll area with calm margins; returns its layout.

    Views scroll rather than squeeze when the window is small or the system font is large.
    """
    outer = QVBoxLayout(view)
    outer.setContentsMargins(0, 0, 0, 0)
    page = QWidget()
    outer.addWidget(scrolled(page))
    row = QHBoxLayout(page)
    row.setContentsMargins(theme.PAGE_MARGIN, 28, theme.PAGE_MARGIN, 28)
    column = QWidget()
    column.setMaximumWidth(READABLE_WIDTH)  # readable lines on a wide screen, centred
    row.addStretch(1)
    row.addWidget(column, 100)
    row.addStretch(1)
    layout = QVBoxLayout(column)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.setSpacing(spacing)
    return layout


def describe(widget: QWidget, description: str, name: str | None = None) -> None:
    """What a screen reader says about `widget`: its name (when its text is not enough)
    and what it does."""
    if name is not None:
        widget.setAccessibleName(name)
    widget.setAccessibleDescription(description)


def clear_layout(layout: QLayout) -> None:
    """Empties `layout`, hiding its widgets at once (they are deleted later).

    A widget taken out of a layout keeps its parent and stays visible until Qt deletes it
    in a later turn of the event loop; meanwhile it is drawn at the parent's top left
    corner, over whatever is there. Hiding it first leaves nothing behind.
    """
    while layout.count():
        item = layout.takeAt(0)
        if item is None:
            break
        widget = item.widget()
        inner = item.layout()
        if widget is not None:
            widget.hide()
            widget.deleteLater()
        elif inner is not None:
            clear_layout(inner)


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
    label.setProperty("role", "muted")
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


BANNER_MARK = {"success": "✓", "problem": "!", "info": "i"}


class Banner(QFrame):
    """A line across the top of the window that looks like what it says: a success (green),
    a problem (warm red) or information (the accent), with a mark, the message and actions.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("banner")
        self.kind = "info"
        self._row = QHBoxLayout(self)
        self._row.setContentsMargins(14, 8, 8, 8)
        self._row.setSpacing(10)
        self.mark = QLabel()
        self.mark.setObjectName("banner-mark")
        self.mark.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.mark.setFixedWidth(22)
        self._row.addWidget(self.mark, 0, Qt.AlignmentFlag.AlignTop)
        self.text = QLabel()
        self.text.setWordWrap(True)
        self.text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self._row.addWidget(self.text, 1)
        self._buttons: list[QPushButton] = []
        self.hide()

    def show_message(
        self,
        message: str,
        actions: list[tuple[str, Callable[[], None]]] | None = None,
        kind: str = "info",
    ) -> None:
        """`kind` is "success", "problem" or "info"."""
        for button in self._buttons:
            button.hide()
            button.deleteLater()
        self._buttons = []
        self.kind = kind if kind in BANNER_MARK else "info"
        self.setProperty("kind", self.kind)
        self.mark.setText(BANNER_MARK[self.kind])
        self.style().unpolish(self)
        self.style().polish(self)
        self.text.setText(message)
        for label, action in [*(actions or []), (tr("Dismiss"), self.hide)]:
            button = QPushButton(label)
            button.setAccessibleName(label)
            button.setAccessibleDescription(message)
            button.clicked.connect(action)
            if action is not self.hide:
                button.clicked.connect(self.hide)
            self._row.addWidget(button, 0, Qt.AlignmentFlag.AlignTop)
            self._buttons.append(button)
        names = {"success": tr("Done"), "problem": tr("Problem"), "info": tr("Information")}
        self.setAccessibleName(f"{names[self.kind]}: {message}")
        self.show()
