"""Plain form fields bound to keys of a mapping in the document.

Each field shows one key's value and hands a change to `on_change(key, value)` once the
coach is done with it (Enter or leaving the field for text, at once for a choice), so one
edit in the history is one finished change, not one keystroke. An empty optional field
gives None: the key is removed rather than written empty. Under each field a short line
says the format's rule for it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QFocusEvent
from PySide6.QtWidgets import (
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from ...core.authoring import text_value

Change = Callable[[str, Any], None]


class _Text(QPlainTextEdit):
    """Several lines of text; finished when the focus leaves."""

    def __init__(self, finished: Callable[[], None]) -> None:
        super().__init__()
        self._finished = finished
        self.setTabChangesFocus(True)  # Tab moves on, as in every other field

    def focusOutEvent(self, event: QFocusEvent) -> None:
        super().focusOutEvent(event)
        self._finished()


class FieldSet:
    """Fields for some keys of one mapping, laid out in a QFormLayout."""

    def __init__(self, layout: QFormLayout, on_change: Change, compact: bool = False) -> None:
        self.layout = layout
        self.compact = compact
        self.on_change = on_change
        self.widgets: dict[str, QWidget] = {}
        self.labels: dict[str, QLabel] = {}
        self.helps: dict[str, QLabel] = {}
        self._shown: dict[str, Any] = {}
        self._loading = False

    # building -----------------------------------------------------------------------------
    def _add(self, key: str, widget: QWidget) -> None:
        label = QLabel()
        label.setBuddy(widget)
        help_label = QLabel()
        help_label.setWordWrap(True)
        help_label.setObjectName("fieldHelp")
        help_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        small = help_label.font()
        small.setPointSizeF(small.pointSizeF() * 0.85)
        help_label.setFont(small)
        help_label.setEnabled(False)  # the palette's quieter text colour
        cell = QWidget()
        column = QVBoxLayout(cell)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(1)
        column.addWidget(widget)
        column.addWidget(help_label)
        if self.compact:  # the rule as a tooltip only, where space is short
            help_label.hide()
        self.layout.addRow(label, cell)
        self.widgets[key], self.labels[key], self.helps[key] = widget, label, help_label

    def line(self, key: str) -> QLineEdit:
        edit = QLineEdit()
        edit.editingFinished.connect(lambda: self._finished(key, edit.text().strip() or None))
        self._add(key, edit)
        return edit

    def text(self, key: str) -> QPlainTextEdit:
        box: _Text

        def done() -> None:
            self._finished(key, box.toPlainText().strip() or None)

        box = _Text(done)
        box.setMinimumHeight(80)
        self._add(key, box)
        return box

    def choice(self, key: str, values: list[str | None]) -> QComboBox:
        combo = QComboBox()
        for value in values:
            combo.addItem("", value)
        combo.activated.connect(lambda _i: self._finished(key, combo.currentData()))
        self._add(key, combo)
        return combo

    def integer(self, key: str, low: int, high: int, optional: bool = True) -> QSpinBox:
        spin = QSpinBox()
        spin.setRange(low - 1 if optional else low, high)
        spin.editingFinished.connect(
            lambda: self._finished(key, None if optional and spin.value() < low else spin.value())
        )
        self._add(key, spin)
        return spin

    def level(self, key: str) -> QDoubleSpinBox:
        spin = QDoubleSpinBox()
        spin.setRange(-0.05, 1.0)  # the lowest step is "by kind" (the key left out)
        spin.setSingleStep(0.05)
        spin.setDecimals(2)
        spin.editingFinished.connect(
            lambda: self._finished(key, None if spin.value() < 0 else round(spin.value(), 2))
        )
        self._add(key, spin)
        return spin

    # showing and handing on ----------------------------------------------------------------
    def load(self, node: Any) -> None:
        """Show the values of the mapping `node` (None: every field empty)."""
        self._loading = True
        try:
            for key, widget in self.widgets.items():
                value = node.get(key) if node is not None else None
                self._shown[key] = _plain(value)
                _show(widget, value)
        finally:
            self._loading = False

    def _finished(self, key: str, value: Any) -> None:
        if self._loading or _plain(value) == self._shown.get(key):
            return
        self._shown[key] = _plain(value)
        if isinstance(value, str):
            value = text_value(value)
        self.on_change(key, value)

    def focus(self, key: str) -> bool:
        widget = self.widgets.get(key)
        if widget is None:
            return False
        widget.setFocus(Qt.FocusReason.OtherFocusReason)
        if isinstance(widget, QLineEdit):
            widget.selectAll()
        return True

    def set_texts(self, texts: dict[str, tuple[str, str]]) -> None:
        """Label and rule per key (already translated); the label is the accessible name."""
        for key, (label, rule) in texts.items():
            if key in self.widgets:
                self.labels[key].setText(label)
                self.widgets[key].setAccessibleName(label.replace("&", ""))
                self.widgets[key].setAccessibleDescription(rule)
                self.helps[key].setText(rule)
                self.helps[key].setVisible(bool(rule) and not self.compact)
                self.widgets[key].setToolTip(rule)


def _plain(value: Any) -> Any:
    return str(value).strip() if isinstance(value, str) else value


def _show(widget: QWidget, value: Any) -> None:
    if isinstance(widget, QLineEdit):
        widget.setText("" if value is None else str(value))
    elif isinstance(widget, QPlainTextEdit):
        widget.setPlainText("" if value is None else str(value).rstrip("\n"))
    elif isinstance(widget, QComboBox):
        found = widget.findData(value)
        widget.setCurrentIndex(found if found >= 0 else 0)
    elif isinstance(widget, QDoubleSpinBox):
        widget.setValue(float(value) if isinstance(value, (int, float)) else widget.minimum())
    elif isinstance(widget, QSpinBox):
        widget.setValue(int(value) if isinstance(value, int) else widget.minimum())
