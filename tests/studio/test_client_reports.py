"""Clients' reports in the Studio: two real exported reports side by side, each client's course
at a glance; a broken file is one clear message and the rest still opens; nothing is kept."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from client_journals import two_reports

from vallei_player.core.authoring import TemplateChoice, create_programme


def _files(folder: Path) -> set[Path]:
    return {p for p in folder.rglob("*") if p.is_file()}


@pytest.fixture
def reports_window(tmp_path: Path, studio_window: Any, qtbot: Any) -> Any:
    doc = create_programme(tmp_path / "p", TemplateChoice("single", "Calm", language="en"))
    window = studio_window(doc)
    action = window.actions_by_name["client_reports"]  # Reports → Clients' reports…
    assert action.text() == "&Clients' reports…" and action.shortcut().toString() == "Ctrl+Shift+O"
    action.trigger()
    reports = window.reports_window
    assert reports.isVisible()
    qtbot.addWidget(reports)
    return reports


def test_two_clients_each_with_their_sessions_waves_and_trend(
    tmp_path: Path, reports_window: Any, private_home: Path
) -> None:
    anna, bram = two_reports(tmp_path / "mail")
    before = _files(private_home)
    reports_window.open_files([anna, bram])

    assert not reports_window.problem.isVisible()
    tabs = reports_window.tabs
    assert [tabs.tabText(i) for i in range(tabs.count())] == ["anna", "bram"]
    first, second = reports_window.pages()
    [course] = first.courses
    assert course.title.text() == "Test programme"
    assert course.summary.text() == "2 sessions: 1 completed, 1 partial · 4 minutes"
    assert [line.text().split(" · ", 1)[1] for line in course.session_lines] == [
        "First steps · completed, 3 min",
        "Waves · partial, 1 min",
    ]
    # Each session's lived wave: its levels where they were given, the skipped phase seen.
    assert [list(w.picture().levels) for w in course.waves] == [[(0.5, 3), (2.0, 6)], [(0.8, 7)]]
    assert course.waves[1].picture().skipped() == [1]
    assert "4" in course.minutes_chart.accessibleDescription()  # 3 + 1 minutes that week
    [trend] = course.trends
    assert [v for _, v in trend.trend.points] == [4, 6]
    [bram_course] = second.courses
    assert bram_course.summary.text() == "1 session: 1 completed, 0 partial · 3 minutes"
    assert [list(w.picture().levels) for w in bram_course.waves] == [[(1.5, 2)]]

    reports_window.open_files([anna])  # again: the same tab, not a third
    assert tabs.count() == 2
    assert _files(private_home) == before  # read only: nothing copied into the data folder

    copy = tmp_path / "kept" / "anna-copy.json"
    copy.parent.mkdir()
    reports_window.save_copy_to(first.report, copy)
    assert json.loads(copy.read_text("utf-8")) == json.loads(anna.read_text("utf-8"))


def test_a_broken_file_is_one_message_and_the_others_still_open(
    tmp_path: Path, reports_window: Any
) -> None:
    anna, _ = two_reports(tmp_path / "mail")
    not_json = tmp_path / "mail" / "scan.json"
    not_json.write_bytes(b"\x89PNG\r\n\x1a\n not a report")
    hostile = tmp_path / "mail" / "odd.json"
    data = json.loads(anna.read_text("utf-8"))
    data["programs"][0]["sessions"][0]["levels"] = [{"position_s": "soon", "level": 3}]
    hostile.write_text(json.dumps(data), "utf-8")
    deep = tmp_path / "mail" / "deep.json"
    deep.write_text("[" * 100_000, "utf-8")

    reports_window.open_files([not_json, anna, hostile, deep])

    tabs = reports_window.tabs
    assert [tabs.tabText(i) for i in range(tabs.count())] == ["anna"]
    message = reports_window.problem.text()
    assert reports_window.problem.isVisible()
    assert message.count("cannot be opened as a client's report") == 3
    assert f"{not_json}" in message and "it is not JSON text" in message
    assert f"{hostile}" in message and "“position_s” is damaged" in message
    assert f"{deep}" in message
    assert "ask the client to export the report again" in message
    assert "Traceback" not in message


def test_the_message_is_in_dutch_for_a_dutch_coach(tmp_path: Path, reports_window: Any) -> None:
    from vallei_player.ui import i18n

    broken = tmp_path / "x.json"
    broken.write_text("{}", "utf-8")
    i18n.set_language("nl")
    try:
        reports_window.retranslate()
        reports_window.open_files([broken])
        assert reports_window.windowTitle() == "Verslagen van cliënten"
        assert "kan niet worden geopend als verslag van een cliënt" in (
            reports_window.problem.text()
        )
    finally:
        i18n.set_language("en")
