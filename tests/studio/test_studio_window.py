"""The Studio as a coach uses it: from a template to a saved programme that validates and
renders; fields, undo/redo, problems that lead to their field (issue 14, items 1, 2, 5, 7)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit

from vallei_player.core.authoring import TemplateChoice, create_programme
from vallei_player.core.program import check_program, session_timeline


def _type_into(qtbot: Any, edit: QLineEdit, text: str) -> None:
    edit.setFocus()
    edit.selectAll()
    qtbot.keyClicks(edit, text)
    qtbot.keyClick(edit, Qt.Key.Key_Return)


def test_template_to_saved_programme_that_validates_and_renders(
    studio_window: Any, qtbot: Any, tmp_path: Path
) -> None:
    from vallei_player.engine import open_session, render

    doc = create_programme(
        tmp_path / "p", TemplateChoice("course", "Waves", weeks=1, sessions_per_week=2, waves=2)
    )
    window = studio_window(doc)
    assert window.sessions.count() == 3  # details + two sessions
    # the programme's title: the id follows it
    _type_into(qtbot, window.details.fields.widgets["title"], "Slow waves")
    assert doc.root["id"] == "slow-waves"
    # the second session's title, then its first phase's duration
    window.show_session(1)
    page = window.session_page
    _type_into(qtbot, page.session_fields.widgets["title"], "Second evening")
    page.phases.setCurrentRow(0)
    _type_into(qtbot, page.phase_fields.widgets["duration"], "2m30s")
    assert window.studio.valid
    assert window.problems.summary.text().startswith("✓")
    window.save()
    program, problems = check_program(tmp_path / "p")
    assert program is not None, problems
    assert program.title == "Slow waves"
    second = program.sessions[1]
    assert second.title == "Second evening"
    assert second.phases[0].duration == 150
    timeline = session_timeline(program, second.id)
    # settle 2m30s + 2 x (4m + 2m) + closing 3m
    assert timeline.length == (150 + 2 * 360 + 180) * 48_000
    out = tmp_path / "second.wav"
    frames = render(open_session(program, second.id, 48_000).mixer, out)
    assert frames == timeline.length


def test_undo_and_redo_every_edit_and_the_window_says_unsaved(
    studio_window: Any, qtbot: Any, tmp_path: Path
) -> None:
    doc = create_programme(tmp_path / "p", TemplateChoice("single", "One"))
    saved = doc.text()
    window = studio_window(doc)
    window.show_session(0)
    page = window.session_page
    page.phases.setCurrentRow(0)
    page.add_wave_block()
    page.duplicate_row()
    assert window.isWindowModified()
    window.actions_by_name["undo"].trigger()
    window.actions_by_name["undo"].trigger()
    assert doc.text() == saved
    assert not window.isWindowModified()
    window.actions_by_name["redo"].trigger()
    assert len(doc.root["sessions"][0]["phases"]) == 4


def test_a_problem_selects_its_field(studio_window: Any, qtbot: Any, tmp_path: Path) -> None:
    doc = create_programme(
        tmp_path / "p", TemplateChoice("course", "Waves", weeks=1, sessions_per_week=2)
    )
    window = studio_window(doc)
    window.show_session(1)
    page = window.session_page
    page.phases.setCurrentRow(len(page.phases.rows) - 1)  # the closing phase
    _type_into(qtbot, page.phase_fields.widgets["duration"], "3 minutes")
    assert not window.studio.valid
    item = window.problems.list.item(0)
    assert ":" in item.text() and "error" in item.text()
    assert str(tmp_path / "p" / "program.yaml") in item.text()
    window.show_session(0)
    window.select_problem(item.data(Qt.ItemDataRole.UserRole))
    assert window.session_page.session_index == 1
    assert window.session_page.phases.current().node["kind"] == "closing"
    assert window.session_page.phase_fields.widgets["duration"].hasFocus()
