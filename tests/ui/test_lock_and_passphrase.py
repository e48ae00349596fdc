"""The lock screen and the passphrase dialog as a participant meets them (ui/privacy.py).

From the promises (PRODUCT.md: an optional passphrase that encrypts the journal at rest, a
discreet mode with neutral words) and issue 9 (the passphrase typed hidden, the same rules
and words as `vallei-player passphrase`): a wrong passphrase keeps the journal locked and
says so calmly, the right one opens it, nothing typed stays on screen, and deleting all
data asks first with "keep" as the safe default.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QLineEdit, QMessageBox

from vallei_player.core.journal import Journal

WRONG = "That passphrase does not open the journal. Nothing was changed; try again."


def encrypted_app(make_app: Any, passphrase: str = "sea and dunes", **kw: Any) -> Any:
    with Journal.open() as journal:
        journal.set_passphrase(passphrase)
    app = make_app(**kw)
    assert app.window.current_view() == "lock"
    return app


def banner(app: Any) -> str:
    return str(app.window.banner.text.text())


# -- the lock screen -------------------------------------------------------------------------


def test_the_passphrase_is_typed_hidden_everywhere(make_app: Any) -> None:
    from vallei_player.ui.privacy import PassphraseDialog

    app = encrypted_app(make_app)
    lock = app.view("lock")
    dialog = PassphraseDialog(app.context, app.window)
    for field in (lock.field, dialog.first, dialog.second):
        assert field.echoMode() == QLineEdit.EchoMode.Password


def test_the_unlock_button_opens_the_journal(make_app: Any, qtbot: Any) -> None:
    app = encrypted_app(make_app)
    lock = app.view("lock")
    assert lock.button.text() == "Unlock"
    assert lock.button.isDefault()  # Enter presses it
    qtbot.keyClicks(lock.field, "sea and dunes")
    qtbot.mouseClick(lock.button, Qt.MouseButton.LeftButton)
    assert app.window.current_view() == "home"
    assert app.context.encrypted and app.context.journal_open


def test_a_wrong_passphrase_keeps_it_locked_and_says_so_then_the_right_one_opens(
    make_app: Any, qtbot: Any
) -> None:
    app = encrypted_app(make_app)
    lock = app.view("lock")
    assert lock.error.text() == ""  # nothing said before anything was tried
    qtbot.keyClicks(lock.field, "wrong words")
    qtbot.keyClick(lock.field, Qt.Key.Key_Return)
    assert app.window.current_view() == "lock"
    assert lock.error.text() == WRONG
    assert lock.field.text() == ""  # nothing typed stays in the field
    assert lock.button.isEnabled()  # and the participant can try again
    assert not app.context.journal_open
    qtbot.keyClicks(lock.field, "sea and dunes")
    qtbot.keyClick(lock.field, Qt.Key.Key_Return)
    assert app.window.current_view() == "home"
    assert lock.field.text() == "" and lock.error.text() == ""  # nothing left for next time


def test_pressing_enter_on_an_empty_field_does_nothing(make_app: Any, qtbot: Any) -> None:
    app = encrypted_app(make_app)
    lock = app.view("lock")
    qtbot.keyClick(lock.field, Qt.Key.Key_Return)
    lock.button.click()
    assert app.window.current_view() == "lock"
    assert lock.error.text() == ""  # no reproach for a stray key
    assert lock.button.isEnabled()


def test_the_error_sentence_is_shown_whole_in_dutch(make_app: Any, qtbot: Any) -> None:
    app = encrypted_app(make_app, language="nl")
    lock = app.view("lock")
    qtbot.keyClicks(lock.field, "verkeerde woorden")
    qtbot.keyClick(lock.field, Qt.Key.Key_Return)
    QApplication.processEvents()
    text = lock.error.text()
    assert text and text != WRONG  # translated
    one_line = lock.error.fontMetrics().horizontalAdvance(text)
    assert lock.error.wordWrap() or lock.error.width() >= one_line, "the sentence is cut off"


def test_the_lock_screen_speaks_the_participants_language(make_app: Any) -> None:
    app = encrypted_app(make_app, language="nl")
    lock = app.view("lock")
    texts = [lock.title.text(), lock.text.text(), lock.button.text(), lock.field.accessibleName()]
    assert "Your journal is locked" not in texts and "Unlock" not in texts
    assert all(texts)


def test_in_discreet_mode_the_lock_screen_does_not_mention_a_journal(make_app: Any) -> None:
    from vallei_player.core.store import Settings

    with Journal.open() as journal:
        journal.set_passphrase("sea and dunes")
    settings = Settings.load()
    settings.change("discreet_mode", True)
    settings.save()
    app = make_app()
    lock = app.view("lock")
    assert lock.title.text() == "Locked"
    app.context.set_setting("discreet_mode", False)
    app.context.language_changed.emit()
    assert lock.title.text() == "Your journal is locked"


def test_the_field_has_the_focus_when_the_lock_screen_shows(make_app: Any, qtbot: Any) -> None:
    app = encrypted_app(make_app)
    lock = app.view("lock")
    qtbot.waitUntil(lambda: QApplication.focusWidget() is lock.field, timeout=5000)


# -- setting, changing and removing ------------------------------------------------------------


def test_the_dialog_warns_there_is_no_recovery_and_offers_remove_only_when_encrypted(
    make_app: Any, qtbot: Any
) -> None:
    from vallei_player.ui.privacy import PassphraseDialog

    app = make_app()
    dialog = PassphraseDialog(app.context, app.window)
    assert dialog.windowTitle() == "Passphrase"
    texts = " ".join(w.text() for w in dialog.findChildren(type(dialog.error)))
    assert "cannot be recovered" in texts
    room = QGuiApplication.primaryScreen().availableGeometry()
    assert dialog.sizeHint().width() <= room.width()  # the long warning wraps, it fits
    assert dialog.remove.isHidden()  # nothing to remove yet
    dialog.first.setText("river stones")
    dialog.second.setText("river stones")
    dialog.save.click()
    assert app.context.encrypted
    assert not PassphraseDialog(app.context, app.window).remove.isHidden()


@pytest.mark.parametrize(
    ("first", "second", "said"),
    [
        ("abc", "abc", "Use at least 6 characters."),
        ("river stones", "river stone", "The two passphrases are not the same."),
    ],
)
def test_a_refused_new_passphrase_changes_nothing_and_says_why(
    make_app: Any, first: str, second: str, said: str
) -> None:
    from vallei_player.ui.privacy import PassphraseDialog

    app = make_app()
    dialog = PassphraseDialog(app.context, app.window)
    dialog.show()
    dialog.first.setText(first)
    dialog.second.setText(second)
    dialog.save.click()
    assert dialog.error.text() == said
    assert dialog.isVisible()  # still open, to correct it
    assert not app.context.encrypted and not app.context.journal.journal.encrypted


def test_set_change_and_remove_say_what_happened_like_the_command_line(
    make_app: Any, qtbot: Any
) -> None:
    from vallei_player.core.journal import passphrases
    from vallei_player.ui.privacy import PassphraseDialog

    app = make_app()
    calls: list[bool] = []
    for new, said in (
        ("river stones", passphrases.ENCRYPTED),
        ("quiet harbour", passphrases.CHANGED),
        (None, passphrases.REMOVED),
    ):
        dialog = PassphraseDialog(
            app.context, app.window, changed=lambda: calls.append(app.context.encrypted)
        )
        dialog.show()
        if new is None:
            dialog.remove.click()
        else:
            dialog.first.setText(new)
            dialog.second.setText(new)
            dialog.save.click()
        assert not dialog.isVisible()  # done: the dialog closed
        qtbot.waitUntil(lambda said=said: banner(app) == said, timeout=5000)
    assert calls == [True, True, False]  # told once each time, after the journal took it
    assert not app.context.journal.journal.encrypted


def test_a_changed_passphrase_is_the_one_that_opens_the_journal_next_time(
    make_app: Any, qtbot: Any
) -> None:
    from vallei_player.ui.privacy import PassphraseDialog

    app = make_app()
    for new in ("river stones", "quiet harbour"):
        dialog = PassphraseDialog(app.context, app.window)
        dialog.first.setText(new)
        dialog.second.setText(new)
        dialog.save.click()
    app.window.shutdown()
    later = make_app()
    assert later.window.current_view() == "lock"
    lock = later.view("lock")
    qtbot.keyClicks(lock.field, "river stones")
    qtbot.keyClick(lock.field, Qt.Key.Key_Return)
    assert later.window.current_view() == "lock"
    qtbot.keyClicks(lock.field, "quiet harbour")
    qtbot.keyClick(lock.field, Qt.Key.Key_Return)
    assert later.window.current_view() == "home"


def test_cancel_changes_nothing(make_app: Any) -> None:
    from PySide6.QtWidgets import QDialogButtonBox

    from vallei_player.ui.privacy import PassphraseDialog

    app = make_app()
    dialog = PassphraseDialog(app.context, app.window)
    dialog.show()
    dialog.first.setText("river stones")
    dialog.second.setText("river stones")
    [cancel] = [b for b in dialog.findChild(QDialogButtonBox).buttons() if b.text() == "Cancel"]
    cancel.click()
    assert not dialog.isVisible()
    assert not app.context.encrypted and not app.context.journal.journal.encrypted


# -- deleting all data -----------------------------------------------------------------------


def test_delete_all_asks_with_keep_as_the_default(make_app: Any, monkeypatch: Any) -> None:
    from vallei_player.ui import privacy

    app = make_app()
    seen: list[tuple[str, str, str]] = []

    def keep(box: QMessageBox) -> int:
        seen.append((box.windowTitle(), box.text(), box.defaultButton().text()))
        return 0

    monkeypatch.setattr(QMessageBox, "exec", keep)
    assert privacy.confirm_and_erase(app.context, app.window) is False
    [(title, text, default)] = seen
    assert title == "Delete all my data" and "cannot be undone" in text
    assert default == "Keep my data"
    assert app.context.journal_open


def test_delete_everything_erases_and_closes_the_app(
    make_app: Any, monkeypatch: Any, private_home: Path, qtbot: Any
) -> None:
    from uihelp import start_playing

    from vallei_player.ui import privacy

    app = make_app()
    playback = start_playing(app, qtbot)
    said: list[str] = []

    def answer(box: QMessageBox) -> int:
        said.append(box.text())
        for button in box.buttons():
            if button.text() == "Delete everything":
                button.click()
        return 0

    monkeypatch.setattr(QMessageBox, "exec", answer)
    quits: list[bool] = []
    monkeypatch.setattr(QApplication, "quit", staticmethod(lambda: quits.append(True)))
    assert privacy.confirm_and_erase(app.context, app.window) is True
    assert quits == [True]
    assert len(said) == 2 and "were deleted" in said[1]  # asked, then told
    assert playback.state not in ("playing", "paused", "preparing")  # the session ended
    assert playback.player is None  # and the sound device was let go
    assert not app.context.journal_open
    left = sorted(p.name for p in private_home.iterdir()) if private_home.exists() else []
    assert "journal.sqlite3" not in left and "library" not in left


# -- what the lock screen shows, and while it opens --------------------------------------------


def test_the_lock_screen_shows_its_words_field_and_button_centred(make_app: Any) -> None:
    app = encrypted_app(make_app)
    lock = app.view("lock")
    QApplication.processEvents()
    assert lock.accessibleName() == "Locked"
    for widget in (lock.title, lock.text, lock.field, lock.button):
        assert widget.isVisible(), widget
        placed = QRect(widget.mapTo(lock, QPoint(0, 0)), widget.size())
        assert lock.rect().contains(placed), widget  # inside the window, not cut off
    field_centre = lock.field.mapTo(lock, lock.field.rect().center()).x()
    assert abs(field_centre - lock.width() / 2) < 0.05 * lock.width()  # centred, not to a side
    assert lock.field.placeholderText() == "Passphrase"


def test_while_the_journal_opens_unlock_cannot_be_pressed_again(
    make_app: Any, qtbot: Any, monkeypatch: Any
) -> None:
    """Opening an encrypted journal takes a moment (the key is derived slowly on purpose)."""
    app = encrypted_app(make_app)
    lock = app.view("lock")
    pending: list[Any] = []
    real_open = app.context.open_journal
    monkeypatch.setattr(
        app.context, "open_journal", lambda passphrase, done: pending.append((passphrase, done))
    )
    qtbot.keyClicks(lock.field, "sea and dunes")
    qtbot.keyClick(lock.field, Qt.Key.Key_Return)
    assert len(pending) == 1
    assert not lock.button.isEnabled()
    lock.button.click()
    assert len(pending) == 1  # one opening at a time
    monkeypatch.undo()
    passphrase, done = pending[0]
    real_open(passphrase, done)
    assert app.window.current_view() == "home" and lock.button.isEnabled()


def test_after_delete_all_the_journal_is_closed_not_merely_hidden(
    make_app: Any, monkeypatch: Any
) -> None:
    from vallei_player.ui import privacy

    app = make_app()
    privacy.erase_all(app.context, quit_app=lambda: None)
    assert app.context.journal.journal is None
    assert not app.context.journal_open
