"""The coach's PDF report names practice beyond the plan, in English and in Dutch."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest


def _report(language: str) -> dict[str, Any]:
    """A report layout (core.report.to_json_dict) with one extra practice in week 2."""
    week = {"planned": 3, "done": 3, "minutes": 30.0, "extra": 0}
    return {
        "vallei_report": 1,
        "generated": "2026-11-20T10:00:00+00:00",
        "period": {"from": None, "to": "2026-11-20"},
        "includes_text": False,
        "language": language,
        "programs": [
            {
                "id": "org.example.tiny-course",
                "version": "1.0.0",
                "title": "Tiny course",
                "totals": {"planned": 7, "done": 7, "extra": 1, "minutes": 78.5},
                "weeks": [
                    {**week, "week": "2026-W45", "monday": "2026-11-02"},
                    {**week, "week": "2026-W46", "monday": "2026-11-09", "extra": 1},
                    {**week, "week": "2026-W47", "monday": "2026-11-16", "planned": 1, "done": 1},
                ],
                "sessions": [],
            }
        ],
    }


@pytest.mark.parametrize(
    ("language", "summary", "header"),
    [
        ("en", "7 of 7 planned sessions done, plus 1 extra, 78.5 minutes of practice.", "Extra"),
        ("nl", "7 van 7 geplande sessies gedaan, plus 1 extra, 78,5 minuten geoefend.", "Extra"),
    ],
)
def test_the_report_names_extra_practice(language: str, summary: str, header: str) -> None:
    from vallei_player.ui.report_pdf import report_html

    text = report_html(_report(language))
    assert summary in text
    assert f"<th align='right' width='13%'>{header}</th>" in text
    rows = text.split("<tr")[2:]  # the header row first, then one per week
    extra_cells = [row.split("<td align='right'>")[3].split("</td>")[0] for row in rows]
    assert extra_cells == ["–", "1", "–"]


def test_a_report_without_extra_says_nothing_about_it() -> None:
    from vallei_player.ui.report_pdf import report_html

    data = _report("en")
    program = data["programs"][0]
    program["totals"] = {"planned": 7, "done": 5, "minutes": 50.0}  # an older report: no extra
    for w in program["weeks"]:
        w.pop("extra")
    text = report_html(data)
    assert "5 of 7 planned sessions done, 50 minutes of practice." in text
    assert "plus" not in text


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils not installed")
def test_the_pdf_carries_the_extra_column(tmp_path: Path) -> None:
    from vallei_player.ui.report_pdf import write_report_pdf

    out = tmp_path / "report.pdf"
    write_report_pdf(_report("nl"), out)
    text = subprocess.run(
        ["pdftotext", "-layout", str(out), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "plus 1 extra" in text
    assert "Gedaan" in text and "Gepland" in text and "Extra" in text
