"""Issue 12 minors in Settings and the window: the passphrase button follows what was set,
deleting all data says it was done before the app closes, Dutch words fit, and the window
fits the screen."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtGui import QGuiApplication


def test_the_passphrase_button_says_change_once_one_is_set(make_app: Any, qtbot: Any) -> None:
    from vallei_player.ui.privacy import PassphraseDialog

    app = make_app()
    app.window.show_view("settings")
    settings = app.view("settings")
    assert settings.passphrase_button.text() == "Set a passphrase…"
    dialog = PassphraseDialog(app.context, settings, changed=settings.retranslate)
    dialog.first.setText("a quiet river at night")
    dialog.second.setText("a quiet river at night")
    dialog.save.click()
    qtbot.waitUntil(
        lambda: settings.passphrase_button.text() == "Change or remove passphrase…", timeout=10_000
    )


def test_deleting_all_data_says_so_before_the_app_closes(
    make_app: Any, monkeypatch: Any, private_home: Path
) -> None:
    from PySide6.QtWidgets import QMessageBox

    from vallei_player.ui import privacy

    app = make_app()
    shown: list[str] = []
    monkeypatch.setattr(
        QMessageBox, "exec", lambda box: shown.append(box.text()) or QMessageBox.StandardButton.Ok
    )
    quits: list[bool] = []
    privacy.erase_all(app.context, quit_app=lambda: quits.append(bool(shown)), parent=app.window)
    assert quits == [True]  # told first, closed after
    assert "deleted" in shown[0] and "closes now" in shown[0]


def test_dutch_system_default_is_not_cut_off(make_app: Any) -> None:
    app = make_app(language="nl")
    app.window.show_view("settings")
    settings = app.view("settings")
    settings.show()
    device = settings.device
    assert device.currentText() == "Systeemstandaard"
    needed = device.fontMetrics().horizontalAdvance("Systeemstandaard")
    assert device.sizeHint().width() > needed + 20  # the text and the arrow


def test_the_window_fits_the_screen(make_app: Any) -> None:
    app = make_app()
    room = QGuiApplication.primaryScreen().availableGeometry()
    assert app.window.width() <= room.width() and app.window.height() <= room.height()
