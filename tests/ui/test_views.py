"""Library, settings, language, reminders, discreet mode and the lock, as a participant uses it."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from uihelp import TEST_PROGRAMS, TINY_ID, WEDNESDAY_1940, WEDNESDAY_2001


def _second_pack(tmp_path: Path) -> Path:
    """A .vallei pack of a second program (the tiny course under another id and title)."""
    from vallei_player.core.packs import write_pack

    folder = tmp_path / "second"
    folder.mkdir()
    text = (TEST_PROGRAMS / "tiny" / "program.yaml").read_text(encoding="utf-8")
    text = text.replace(TINY_ID, "org.example.second-course").replace(
        "Tiny course", "Second course"
    )
    (folder / "program.yaml").write_text(text, encoding="utf-8")
    return write_pack(folder, tmp_path / "second.vallei")


def test_import_a_pack_choose_it_and_remove_it(
    make_app: Any, qtbot: Any, tmp_path: Path, monkeypatch: Any
) -> None:
    app = make_app()
    app.window.show_view("library")
    library = app.view("library")
    assert [library.list.item(i).text() for i in range(library.list.count())] == ["Tiny course"]
    assert library.sessions.rowCount() == 2
    assert library.sessions.item(0, 2).text() == "0:08"
    assert "This is the program you are following." in library.active_note.text()

    library.import_path(_second_pack(tmp_path))
    titles = [library.list.item(i).text() for i in range(library.list.count())]
    assert titles == ["Second course", "Tiny course"]
    assert library.name.text() == "Second course"
    assert "“Second course” was imported." in app.window.banner.text.text()

    qtbot.mouseClick(library.activate_button, Qt.MouseButton.LeftButton)
    assert app.context.program.id == "org.example.second-course"
    assert app.context.settings.values.active_program == "org.example.second-course"
    assert app.view("home").title.text() == "Second course"

    from PySide6.QtWidgets import QMessageBox

    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    qtbot.mouseClick(library.remove_button, Qt.MouseButton.LeftButton)
    assert [library.list.item(i).text() for i in range(library.list.count())] == ["Tiny course"]
    assert app.context.program.id == TINY_ID
    # The banner says what happened last, never "was imported" after a removal (issue 12).
    shown = app.window.banner.text.text()
    assert shown.startswith("“Second course” was removed from this computer.")
    assert app.window.banner.kind == "success"


def test_an_update_says_updated_not_imported(make_app: Any, tmp_path: Path) -> None:
    app = make_app()
    library = app.view("library")
    folder = tmp_path / "tiny-1.1"
    shutil.copytree(TEST_PROGRAMS / "tiny", folder)
    text = (folder / "program.yaml").read_text(encoding="utf-8")
    (folder / "program.yaml").write_text(
        text.replace("version: 1.0.0", "version: 1.1.0"), encoding="utf-8"
    )
    library.import_path(folder)
    assert app.window.banner.text.text() == "“Tiny course” was updated to version 1.1.0."


def test_each_program_in_the_library_list_has_its_own_readable_row(
    make_app: Any, tmp_path: Path
) -> None:
    from PySide6.QtWidgets import QApplication

    from vallei_player.core.packs import library as core_library

    app = make_app()
    core_library.install(_second_pack(tmp_path))
    app.context.load_library()  # both programs are listed before the view is first shown
    app.window.show_view("library")
    view = app.view("library")
    programs = view.list
    QApplication.processEvents()  # no forced layout here: the rows as the view laid them out
    rects = [programs.visualItemRect(programs.item(i)) for i in range(programs.count())]
    assert len(rects) == 2
    assert not rects[0].intersects(rects[1]), rects
    line = programs.fontMetrics().height()
    assert all(r.height() >= 2 * line for r in rects)  # the title and the detail line
    detail = programs.item(1).data(Qt.ItemDataRole.UserRole + 1)
    assert detail == "English · 1 week · 2 sessions"


def test_a_broken_pack_gets_one_clear_message_and_changes_nothing(
    make_app: Any, tmp_path: Path
) -> None:
    app = make_app()
    bad = tmp_path / "broken.vallei"
    bad.write_bytes(b"this is not a zip file")
    library = app.view("library")
    library.import_path(bad)
    assert "broken.vallei" in app.window.banner.text.text()
    assert library.list.count() == 1


def test_the_dutch_app_shows_a_dutch_validation_error_on_import(
    make_app: Any, tmp_path: Path
) -> None:
    app = make_app(language="nl")
    folder = tmp_path / "kapot"
    folder.mkdir()
    text = (TEST_PROGRAMS / "tiny" / "program.yaml").read_text(encoding="utf-8")
    broken = text.replace(TINY_ID, "org.example.kapot").replace("duration: 3s", "duration: 3")
    assert broken.count("duration: 3,") == 1
    (folder / "program.yaml").write_text(broken, encoding="utf-8")
    app.window.show_view("library")
    library = app.view("library")
    library.import_path(folder)
    shown = app.window.banner.text.text()
    # In a participant's words (issue 12): the reason, the place, what to do; no FILE:LINE:COL.
    assert shown.startswith("“kapot” kon niet worden geïmporteerd: 'duration': '3' heeft geen")
    assert "zoals 4m). Dit staat in program.yaml, regel 27." in shown
    assert "Er is niets veranderd." in shown and ": fout:" not in shown
    assert app.window.banner.kind == "problem"
    assert library.list.count() == 1  # nothing was installed


def test_changing_the_practice_days_moves_the_plan(make_app: Any) -> None:
    app = make_app()
    home = app.view("home")
    days = [
        home.slot_grid.itemAtPosition(0, c).widget().text() for c in range(len(home.data.slots))
    ]
    assert days == ["Wed 20:00", "Fri 20:00"]  # the course starts today, Tuesday
    assert home.next_label.text() == "Next session · Wednesday 20:00"
    settings = app.view("settings")
    settings.days.boxes["wed"].setChecked(False)
    settings.days.boxes["tue"].setChecked(True)
    settings.time.setTime(settings.time.time().fromString("07:30", "HH:mm"))
    settings.save_schedule()  # what the 400 ms pause after the last click does
    days = [
        home.slot_grid.itemAtPosition(0, c).widget().text() for c in range(len(home.data.slots))
    ]
    assert days == ["Tue 07:30", "Fri 07:30"]
    assert home.next_label.text() == "Next session · now"  # today's slot stays open all day
    assert app.context.journal.journal.schedule(TINY_ID).days == ("mon", "tue", "fri")


def test_switching_language_rebuilds_every_text(make_app: Any) -> None:
    app = make_app()
    home = app.view("home")
    assert home.start_button.text() == "Start session"
    settings = app.view("settings")
    settings.language.setCurrentIndex(settings.language.findData("nl"))
    assert app.window.sidebar.item(0).text() == "Start"
    assert app.window.sidebar.item(2).text() == "Dagboek"
    assert home.start_button.text() == "Sessie beginnen"
    assert home.next_label.text() == "Volgende sessie · woensdag 20:00"
    assert settings.title.text() == "Instellingen"
    assert app.window.windowTitle() == "Start — Vallei Player"
    settings.language.setCurrentIndex(settings.language.findData("en"))
    assert home.start_button.text() == "Start session"


def test_dutch_from_the_start_follows_the_setting(make_app: Any) -> None:
    app = make_app(language="nl")
    assert app.view("player").empty_title.text() == "Er speelt niets"
    assert app.view("journal").title.text() == "Dagboek"


def test_without_a_tray_a_due_reminder_shows_the_banner_and_starts(make_app: Any) -> None:
    app = make_app()
    assert not app.window.tray.available()  # offscreen has no system tray
    app.now[0] = WEDNESDAY_1940
    app.window.tray.check()
    assert not app.window.banner.isVisibleTo(app.window)  # not yet: reminders come at 20:00
    app.context.set_setting("remind_minutes_before", 30)
    app.window.tray.check()
    banner = app.window.banner
    assert banner.isVisibleTo(app.window)
    assert (
        banner.text.text()
        == "Time to practise. Your session is ready when you are. Take your time."
    )
    start = next(b for b in banner._buttons if b.text() == "Start now")
    start.click()
    assert app.window.current_view() == "player"
    assert app.window.playback.state in ("preparing", "playing")


def test_discreet_mode_neutral_title_and_quick_hide_pauses(make_app: Any, qtbot: Any) -> None:
    app = make_app()
    app.context.set_setting("discreet_mode", True)
    assert app.window.windowTitle() == "Audio"
    app.now[0] = WEDNESDAY_2001
    app.window.tray.check()
    assert "First steps" not in app.window.banner.text.text()
    assert app.window.banner.text.text().startswith("Reminder.")
    app.window.start_session("w1-1")
    playback = app.window.playback
    qtbot.waitUntil(lambda: playback.state == "playing", timeout=5000)
    qtbot.keyClick(
        app.window,
        Qt.Key.Key_H,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    playback.poll()
    assert playback.state == "paused"
    assert app.window.isMinimized() or not app.window.isVisible()


def test_keyboard_reaches_every_view(make_app: Any, qtbot: Any) -> None:
    app = make_app()
    for key, name in (
        (Qt.Key.Key_3, "journal"),
        (Qt.Key.Key_4, "library"),
        (Qt.Key.Key_5, "settings"),
        (Qt.Key.Key_2, "player"),
        (Qt.Key.Key_1, "home"),
    ):
        qtbot.keyClick(app.window, key, Qt.KeyboardModifier.ControlModifier)
        assert app.window.current_view() == name
        assert app.view(name).accessibleName()


def test_an_encrypted_journal_opens_behind_the_lock_screen(make_app: Any, qtbot: Any) -> None:
    from vallei_player.core.journal import Journal

    with Journal.open() as journal:
        journal.set_passphrase("sea and dunes")
    app = make_app()
    assert app.window.current_view() == "lock"
    assert not app.window.sidebar.isVisible()
    lock = app.view("lock")
    qtbot.keyClicks(lock.field, "wrong words")
    qtbot.keyClick(lock.field, Qt.Key.Key_Return)
    assert "does not open" in lock.error.text()
    assert app.window.current_view() == "lock"
    qtbot.keyClicks(lock.field, "sea and dunes")
    qtbot.keyClick(lock.field, Qt.Key.Key_Return)
    assert app.window.current_view() == "home"
    assert app.context.encrypted
    assert app.view("home").next_title.text() == "First steps"


def test_passphrase_set_and_removed_from_settings(make_app: Any) -> None:
    from vallei_player.ui.privacy import PassphraseDialog

    app = make_app()
    dialog = PassphraseDialog(app.context, app.window)
    dialog.first.setText("abc")
    dialog.second.setText("abc")
    dialog._save()
    assert "at least 6" in dialog.error.text()
    dialog.first.setText("river stones")
    dialog.second.setText("river stones")
    dialog._save()
    assert app.context.journal.journal.encrypted and app.context.encrypted
    assert (
        "Without the passphrase the data cannot be recovered"
        in app.view("settings").passphrase_note.text()
    )
    PassphraseDialog(app.context, app.window).apply(None)
    assert not app.context.journal.journal.encrypted


def test_export_report_writes_the_chosen_format(make_app: Any, tmp_path: Path) -> None:
    import json

    from vallei_player.ui.export_dialog import ExportDialog

    app = make_app()
    dialog = ExportDialog(app.context, app.window)
    dialog.format.setCurrentIndex(dialog.format.findData("json"))
    dialog.export(tmp_path / "report")
    data = json.loads((tmp_path / "report.json").read_text(encoding="utf-8"))
    assert data["includes_text"] is False
    assert [p["id"] for p in data["programs"]] == [TINY_ID]
    assert "report.json" in app.window.banner.text.text()


def test_export_report_as_pdf(make_app: Any, tmp_path: Path) -> None:
    from vallei_player.ui.export_dialog import ExportDialog

    app = make_app()
    dialog = ExportDialog(app.context, app.window)
    dialog.include_text.setChecked(True)
    dialog.export(tmp_path / "for-my-coach.pdf")
    assert (tmp_path / "for-my-coach.pdf").read_bytes().startswith(b"%PDF")


def test_delete_all_my_data_asks_then_erases_everything(
    make_app: Any, monkeypatch: Any, private_home: Path
) -> None:
    from PySide6.QtWidgets import QMessageBox

    from vallei_player.ui import privacy

    app = make_app()
    assert (private_home / "journal.sqlite3").exists()
    monkeypatch.setattr(QMessageBox, "exec", lambda box: QMessageBox.StandardButton.NoButton)
    assert privacy.confirm_and_erase(app.context, app.window) is False  # "Keep my data"
    assert (private_home / "journal.sqlite3").exists()
    quits: list[bool] = []
    privacy.erase_all(app.context, quit_app=lambda: quits.append(True))
    assert quits == [True]
    left = sorted(p.name for p in private_home.iterdir()) if private_home.exists() else []
    assert "journal.sqlite3" not in left and "library" not in left and "settings.json" not in left


def test_an_idle_encrypted_journal_locks_and_opens_again(make_app: Any, qtbot: Any) -> None:
    import time

    from PySide6.QtWidgets import QApplication

    from vallei_player.ui.app import watch_idle
    from vallei_player.ui.privacy import PassphraseDialog

    app = make_app()
    PassphraseDialog(app.context, app.window).apply("quiet harbour")
    app.context.set_setting("lock_after_minutes", 5)
    check = watch_idle(QApplication.instance(), app.context, app.window)
    check()  # arms the input watch
    assert app.window.current_view() == "home"
    app.window._idle.last_input = time.monotonic() - 6 * 60
    check()
    assert app.window.current_view() == "lock"
    assert app.context.journal.journal is None  # closed, not merely hidden
    lock = app.view("lock")
    qtbot.keyClicks(lock.field, "quiet harbour")
    qtbot.keyClick(lock.field, Qt.Key.Key_Return)
    assert app.window.current_view() == "home"
    assert app.context.journal.journal.encrypted


def test_export_to_a_missing_folder_is_refused_with_one_sentence(
    make_app: Any, tmp_path: Path
) -> None:
    from vallei_player.ui.export_dialog import ExportDialog

    app = make_app()
    dialog = ExportDialog(app.context, app.window)
    dialog.format.setCurrentIndex(dialog.format.findData("json"))
    dialog.export(tmp_path / "no such folder" / "report.json")
    assert "does not exist" in dialog.status.text()
    assert dialog.save.isEnabled()  # nothing was started; the participant can choose again
    assert not (tmp_path / "no such folder").exists()


def test_dropping_a_pack_on_the_library_imports_it(make_app: Any, tmp_path: Path) -> None:
    from PySide6.QtCore import QMimeData, QPointF, QUrl
    from PySide6.QtGui import QDropEvent

    app = make_app()
    library = app.view("library")
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(_second_pack(tmp_path)))])
    event = QDropEvent(
        QPointF(10, 10),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    library.dropEvent(event)
    assert [library.list.item(i).text() for i in range(library.list.count())] == [
        "Second course",
        "Tiny course",
    ]


def test_a_changed_copy_of_the_installed_version_is_explained_and_can_be_installed_anyway(
    make_app: Any, tmp_path: Path, monkeypatch: Any
) -> None:
    from PySide6.QtWidgets import QMessageBox

    from vallei_player.core.packs import write_pack

    app = make_app()
    library = app.view("library")
    folder = tmp_path / "second"
    first = _second_pack(tmp_path)
    library.import_path(first)
    yaml = folder / "program.yaml"
    yaml.write_text(yaml.read_text(encoding="utf-8") + "\n# a coach's change\n", encoding="utf-8")
    changed = write_pack(folder, tmp_path / "changed.vallei")
    asked: list[str] = []

    def answer(parent: Any, title: str, text: str, *a: Any) -> Any:
        asked.append(text)
        return QMessageBox.StandardButton.Cancel

    monkeypatch.setattr(QMessageBox, "question", answer)
    library.import_path(changed)
    assert len(asked) == 1 and "already installed, but this copy holds different" in asked[0]
    assert "ask your coach" in asked[0] and "--replace" not in asked[0]
    installed = app.context.installed
    [second] = [p for p in installed if p.id == "org.example.second-course"]
    assert "a coach's change" not in (second.path / "program.yaml").read_text(encoding="utf-8")

    monkeypatch.setattr(QMessageBox, "question", lambda *a: QMessageBox.StandardButton.Yes)
    library.import_path(changed)
    assert "a coach's change" in (second.path / "program.yaml").read_text(encoding="utf-8")
