"""The passphrase: the lock screen, setting/changing/removing it, and deleting all data."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from .context import AppContext
from .i18n import tr
from .widgets import Card, heading, muted

MIN_PASSPHRASE = 6


class LockView(QWidget):
    """Asks for the passphrase; opens the journal with it (on the journal thread)."""

    unlocked = Signal()

    def __init__(self, context: AppContext) -> None:
        super().__init__()
        self.context = context
        box = QVBoxLayout(self)
        box.setContentsMargins(48, 80, 48, 40)
        box.addStretch(1)
        card = Card()
        card.setMinimumWidth(420)
        card.setMaximumWidth(520)
        self.title = heading(scale=1.5)
        self.text = muted()
        self.field = QLineEdit()
        self.field.setEchoMode(QLineEdit.EchoMode.Password)
        self.field.returnPressed.connect(self.try_unlock)
        self.error = QLabel()
        self.error.setWordWrap(True)
        self.button = QPushButton()
        self.button.setDefault(True)
        self.button.clicked.connect(self.try_unlock)
        for w in (self.title, self.text, self.field, self.error):
            card.body.addWidget(w)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.button)
        card.body.addLayout(row)
        centre = QHBoxLayout()
        centre.addStretch(1)
        centre.addWidget(card)
        centre.addStretch(1)
        box.addLayout(centre)
        box.addStretch(2)
        context.language_changed.connect(self.retranslate)
        self.retranslate()

    def retranslate(self) -> None:
        discreet = self.context.settings.values.discreet_mode
        self.setAccessibleName(tr("Locked"))
        self.title.setText(tr("Locked") if discreet else tr("Your journal is locked"))
        self.text.setText(tr("Enter your passphrase to continue."))
        self.field.setAccessibleName(tr("Passphrase"))
        self.field.setPlaceholderText(tr("Passphrase"))
        self.button.setText(tr("Unlock"))

    def showEvent(self, event: Any) -> None:
        super().showEvent(event)
        self.field.setFocus()

    def try_unlock(self) -> None:
        passphrase = self.field.text()
        if not passphrase:
            return
        self.button.setEnabled(False)
        self.context.journal.close()
        self.context.journal_open = False
        self.context.open_journal(passphrase, self._opened)

    def _opened(self, error: BaseException | None) -> None:
        self.button.setEnabled(True)
        self.field.clear()
        if error is None:
            self.error.setText("")
            self.unlocked.emit()
        else:
            self.error.setText(
                tr("That passphrase does not open the journal. Nothing was changed; try again.")
            )


class PassphraseDialog(QDialog):
    """Set, change or remove the passphrase, with honest words about recovery."""

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.setWindowTitle(tr("Passphrase"))
        box = QVBoxLayout(self)
        warning = QLabel(
            tr(
                "Your journal will be encrypted with this passphrase. Without the passphrase the "
                "data cannot be recovered: not by you, not by us, not by anyone. Write it down "
                "somewhere safe."
            )
        )
        warning.setWordWrap(True)
        box.addWidget(warning)
        form = QFormLayout()
        self.first = QLineEdit()
        self.second = QLineEdit()
        for field in (self.first, self.second):
            field.setEchoMode(QLineEdit.EchoMode.Password)
        self.first.setAccessibleName(tr("New passphrase"))
        self.second.setAccessibleName(tr("Repeat the passphrase"))
        form.addRow(tr("New passphrase"), self.first)
        form.addRow(tr("Repeat it"), self.second)
        box.addLayout(form)
        self.error = muted()
        box.addWidget(self.error)
        buttons = QDialogButtonBox()
        self.save = buttons.addButton(
            tr("Encrypt with this passphrase"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.remove = buttons.addButton(
            tr("Remove the passphrase"), QDialogButtonBox.ButtonRole.DestructiveRole
        )
        buttons.addButton(tr("Cancel"), QDialogButtonBox.ButtonRole.RejectRole)
        self.remove.setVisible(bool(getattr(context, "encrypted", False)))
        self.save.clicked.connect(self._save)
        self.remove.clicked.connect(self._remove)
        buttons.rejected.connect(self.reject)
        box.addWidget(buttons)

    def _save(self) -> None:
        first, second = self.first.text(), self.second.text()
        if len(first) < MIN_PASSPHRASE:
            self.error.setText(tr("Use at least {n} characters.", n=MIN_PASSPHRASE))
            return
        if first != second:
            self.error.setText(tr("The two passphrases are not the same."))
            return
        self.apply(first)

    def _remove(self) -> None:
        self.apply(None)

    def apply(self, passphrase: str | None) -> None:
        context = self.context

        def done(_: Any) -> None:
            context.encrypted = bool(passphrase)
            context.banner_message(
                tr("Your journal is now encrypted.")
                if passphrase
                else tr("The passphrase was removed; the journal is no longer encrypted.")
            )

        context.with_journal(lambda j: j.set_passphrase(passphrase), done)
        self.accept()


def confirm_and_erase(context: AppContext, parent: QWidget) -> bool:
    """Asks twice in plain words, then deletes every file of the participant's data."""
    box = QMessageBox(
        QMessageBox.Icon.Warning,
        tr("Delete all my data"),
        tr(
            "This deletes your journal, your answers, your settings and the installed programs "
            "from this computer. It cannot be undone."
        ),
        QMessageBox.StandardButton.NoButton,
        parent,
    )
    erase = box.addButton(tr("Delete everything"), QMessageBox.ButtonRole.DestructiveRole)
    keep = box.addButton(tr("Keep my data"), QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(keep)
    box.exec()
    if box.clickedButton() is not erase:
        return False
    erase_all(context)
    return True


def erase_all(context: AppContext, quit_app: Callable[[], None] | None = None) -> None:
    """Stops playback, closes the journal, erases the data folder, quits the app."""
    from PySide6.QtWidgets import QApplication

    from ..core.store import erase_all_data

    if context.playback is not None:
        context.playback.close()
    context.journal.close()
    context.journal_open = False
    erase_all_data()
    if quit_app is not None:
        quit_app()
        return
    app = QApplication.instance()
    if app is not None:
        app.quit()
