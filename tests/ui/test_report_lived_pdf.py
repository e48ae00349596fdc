"""The coach's PDF with the lived wave: per session the planned wave with the levels and the
phases skipped, per scale question its trend, free text grouped by question in date order
(only when included), at most one page per week, black and white only."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

pytestmark = pytest.mark.skipif(
    shutil.which("pdftoppm") is None, reason="poppler-utils not installed"
)


@pytest.fixture(autouse=True)
def _application(qapp: Any) -> None:
    """The app tests' QApplication first: the renderer would otherwise make a QGuiApplication."""


PHASES = [
    {"index": 0, "title": "Settle", "kind": "settle", "level": 0.2, "start_s": 0.0,
     "planned_s": 120.0, "listened_s": 120.0, "asks_level": False},
    {"index": 1, "title": "Arousal", "kind": "arousal", "level": 0.7, "start_s": 120.0,
     "planned_s": 180.0, "listened_s": 180.0, "asks_level": True},
    {"index": 2, "title": "Rest", "kind": "rest", "level": 0.3, "start_s": 300.0,
     "planned_s": 120.0, "listened_s": 0.0, "asks_level": False},
    {"index": 3, "title": "Closing", "kind": "closing", "level": 0.1, "start_s": 420.0,
     "planned_s": 60.0, "listened_s": 60.0, "asks_level": False},
]  # fmt: skip


def _session(day: int, body: int, words: str, levels: list[int]) -> dict[str, Any]:
    return {
        "date": f"2026-11-{day:02d}", "time": "20:04", "session_id": "w1-1",
        "session_title": "First steps", "course_week": 1, "iso_week": "2026-W46",
        "listened_minutes": 6.0, "status": "completed",
        "answers": [
            {"prompt_id": "body", "question": "How does your body feel now?", "type": "scale",
             "answer": body, "scale": "0 (tense) – 10 (relaxed)", "scale_min": 0, "scale_max": 10},
            {"prompt_id": "noticed", "question": "What did you notice?", "type": "text",
             "answer": words, "scale": None},
        ],
        "phases": PHASES,
        "levels": [
            {"at_s": 60.0 + 100 * k, "phase": k, "level": n, "position_s": 60.0 + 100 * k}
            for k, n in enumerate(levels)
        ],
    }  # fmt: skip


def _report(include_text: bool = True) -> dict[str, Any]:
    sessions = [
        _session(9, 4, "Calmer than I expected.", [2, 6]),
        _session(11, 6, "My thoughts wandered.", [3, 7, 2]),
        _session(13, 7, "The rest felt long.", []),
        _session(16, 8, "Warmth spread out.", [1, 5]),
    ]
    if not include_text:
        for s in sessions:
            s["answers"] = [a for a in s["answers"] if a["type"] != "text"]
    week = {"planned": 3, "done": 3, "minutes": 18.0, "extra": 0}
    return {
        "vallei_report": 1, "generated": "2026-11-20T10:00:00+00:00",
        "period": {"from": None, "to": "2026-11-20"}, "includes_text": include_text,
        "language": "en",
        "programs": [{
            "id": "org.example.tiny-course", "version": "1.0.0", "title": "Tiny course",
            "totals": {"planned": 4, "done": 4, "extra": 0, "minutes": 24.0},
            "weeks": [
                {**week, "week": "2026-W46", "monday": "2026-11-09"},
                {**week, "week": "2026-W47", "monday": "2026-11-16", "planned": 1, "done": 1},
            ],
            "sessions": sessions,
        }],
    }  # fmt: skip


def _pdf(tmp_path: Path, data: dict[str, Any]) -> tuple[Path, str]:
    from vallei_player.ui.report_pdf import write_report_pdf

    out = tmp_path / "report.pdf"
    write_report_pdf(data, out)
    text = subprocess.run(
        ["pdftotext", "-layout", str(out), "-"], capture_output=True, text=True, check=True
    ).stdout
    return out, text


def test_each_session_shows_its_levels_and_skipped_phases(tmp_path: Path) -> None:
    out, text = _pdf(tmp_path, _report())
    assert "Levels given: 2, 6." in text and "Levels given: 3, 7, 2." in text
    assert "No levels given." in text
    assert text.count("Not heard (skipped, or stopped before): 3 Rest.") == 4
    listed = subprocess.run(["pdfimages", "-list", str(out)], capture_output=True, text=True)
    images = listed.stdout.splitlines()[2:]
    assert len(images) == 4 + 1  # a wave per session, one trend (one scale question)


def test_free_text_is_grouped_by_question_in_date_order_only_when_included(
    tmp_path: Path,
) -> None:
    _, text = _pdf(tmp_path, _report())
    words = text[text.index("In your own words") :]
    order = [words.index(s) for s in ("Calmer than", "My thoughts", "The rest felt", "Warmth")]
    assert order == sorted(order)
    assert "What did you notice?" in words
    before = text[: text.index("In your own words")]
    assert "Calmer than" not in before  # not repeated in the sessions
    _, without = _pdf(tmp_path, _report(include_text=False))
    assert "In your own words" not in without and "Calmer than" not in without
    assert "Answers across the course" in without  # the scale trend stays


def test_at_most_a_page_per_week_and_black_and_white_only(tmp_path: Path) -> None:
    out, _ = _pdf(tmp_path, _report())
    info = subprocess.run(["pdfinfo", str(out)], capture_output=True, text=True).stdout
    pages = int(next(line for line in info.splitlines() if line.startswith("Pages:")).split()[1])
    assert pages <= 2  # two weeks in the report
    subprocess.run(["pdftoppm", "-r", "40", "-png", str(out), str(tmp_path / "page")], check=True)
    from PySide6.QtGui import QImage

    for png in sorted(tmp_path.glob("page-*.png")):
        image = QImage(str(png)).convertToFormat(QImage.Format.Format_RGB32)
        coloured = 0
        for y in range(0, image.height(), 3):
            for x in range(0, image.width(), 3):
                c = image.pixelColor(x, y)
                if max(c.red(), c.green(), c.blue()) - min(c.red(), c.green(), c.blue()) > 24:
                    coloured += 1
        # The title's teal and the table header's tint are the only colour; the charts have none.
        assert coloured < 0.01 * (image.width() * image.height() / 9), png.name
