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

from ..core.journal import passphrases
from .context import AppContext
from .i18n import tr
from .widgets import Card, describe, heading, muted


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
        describe(self.field, tr("The passphrase that opens your journal"))
        self.button.setText(tr("Unlock"))
        describe(self.button, tr("Opens your journal with this passphrase"))

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

    def __init__(
        self,
        context: AppContext,
        parent: QWidget | None = None,
        changed: Callable[[], None] | None = None,
    ) -> None:
        """`changed` is called once the journal has taken the new passphrase (or none)."""
        super().__init__(parent)
        self.context = context
        self._changed = changed
        self.setWindowTitle(tr("Passphrase"))
        box = QVBoxLayout(self)
        warning = QLabel(tr(passphrases.WARNING))
        warning.setWordWrap(True)
        box.addWidget(warning)
        form = QFormLayout()
        self.first = QLineEdit()
        self.second = QLineEdit()
        for field in (self.first, self.second):
            field.setEchoMode(QLineEdit.EchoMode.Password)
        self.first.setAccessibleName(tr("New passphrase"))
        self.second.setAccessibleName(tr("Repeat the passphrase"))
        describe(self.first, tr("At least {n} characters", n=passphrases.MIN_LENGTH))
        describe(self.second, tr("The same passphrase once more, to be sure"))
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
        cancel = buttons.addButton(tr("Cancel"), QDialogButtonBox.ButtonRole.RejectRole)
        describe(self.save, tr("Encrypts your journal with the passphrase typed here"))
        describe(self.remove, tr("Stores your journal without encryption again"))
        describe(cancel, tr("Closes this and changes nothing"))
        self.remove.setVisible(bool(getattr(context, "encrypted", False)))
        self.save.clicked.connect(self._save)
        self.remove.clicked.connect(self._remove)
        buttons.rejected.connect(self.reject)
        box.addWidget(buttons)

    def _save(self) -> None:
        first, second = self.first.text(), self.second.text()
        problem = passphrases.problem_with_new(first, second)  # the CLI's rules and words
        if problem is not None:
            self.error.setText(problem)
            return
        self.apply(first)

    def _remove(self) -> None:
        self.apply(None)

    def apply(self, passphrase: str | None) -> None:
        context = self.context

        changed = self._changed
        # The same words as `vallei-player passphrase set|change|remove` (issue 9 item 3).
        if passphrase is None:
            said = passphrases.REMOVED
        else:
            said = passphrases.CHANGED if context.encrypted else passphrases.ENCRYPTED

        def done(_: Any) -> None:
            context.encrypted = bool(passphrase)
            if changed is not None:
                changed()  # e.g. Settings' button: "Change or remove passphrase…" now
            context.banner_message(tr(said))

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
    erase_all(context, parent=parent)
    return True


def erase_all(
    context: AppContext,
    quit_app: Callable[[], None] | None = None,
    parent: QWidget | None = None,
) -> None:
    """Stops playback, closes the journal, erases the data folder, says so (to `parent`'s
    window), then quits the app: the window never just vanishes."""
    from PySide6.QtWidgets import QApplication

    from ..core.store import erase_all_data

    if context.playback is not None:
        context.playback.close()
    context.journal.close()
    context.journal_open = False
    erase_all_data()
    if parent is not None:
        told = QMessageBox(
            QMessageBox.Icon.Information,
            tr("Your data was deleted"),
            tr(
                "Your journal, answers, settings and programs were deleted from this computer. "
                "The app closes now."
            ),
            QMessageBox.StandardButton.Ok,
            parent,
        )
        told.exec()
    if quit_app is not None:
        quit_app()
        return
    app = QApplication.instance()
    if app is not None:
        app.quit()
