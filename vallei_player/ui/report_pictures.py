"""The pictures in the coach's PDF, drawn from the report's JSON in black and white.

Each is registered as an image resource of the report's QTextDocument under the name the
HTML uses: `wave-<program id>-<session index>` (lived_chart.py) and `trend-<program id>-<k>`
(trend_chart.py). The images are drawn at about 300 dpi (`*_SIZE`); the HTML gives their
size on the page in the document's CSS pixels of 1/96 inch (`*_SHOWN`): the wave runs the
width of the text (17 cm) and 2.8 cm high, a trend half that width.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import QUrl
from PySide6.QtGui import QTextDocument

from .lived_chart import lived_image, picture_from_report
from .trend_chart import ScaleAnswer, Trend, trend_image, trends

WAVE_SIZE = (2000, 330)
TREND_SIZE = (980, 380)
WAVE_SHOWN = (640, 106)
TREND_SHOWN = (314, 122)


def report_trends(program: dict[str, Any], week_label: str) -> list[tuple[str, Trend]]:
    answers = [
        ScaleAnswer(
            a["prompt_id"],
            a["question"],
            date.fromisoformat(s["date"]),
            int(a["answer"]),
            int(a.get("scale_min") if a.get("scale_min") is not None else 0),
            int(a.get("scale_max") if a.get("scale_max") is not None else 10),
        )
        for s in program["sessions"]
        for a in s["answers"]
        if a.get("type") == "scale" and isinstance(a.get("answer"), int)
    ]
    return [(f"trend-{program['id']}-{k}", t) for k, t in enumerate(trends(answers, week_label))]


def text_answers(program: dict[str, Any]) -> list[tuple[str, list[tuple[str, str]]]]:
    """(question, [(date, answer), ...]) per free-text question, each in date order."""
    groups: dict[str, tuple[str, list[tuple[str, str]]]] = {}
    for s in sorted(program["sessions"], key=lambda s: (s["date"], s["time"])):
        for a in s["answers"]:
            if a.get("type") == "text" and str(a.get("answer", "")).strip():
                _, found = groups.setdefault(a["prompt_id"], (a["question"], []))
                found.append((s["date"], str(a["answer"])))
    return list(groups.values())


def add_pictures(doc: QTextDocument, data: dict[str, Any], week_label: str) -> None:
    image = QTextDocument.ResourceType.ImageResource
    for program in data["programs"]:
        for index, session in enumerate(program["sessions"]):
            if session.get("phases"):
                picture = lived_image(picture_from_report(session), *WAVE_SIZE)
                doc.addResource(image, QUrl(f"wave-{program['id']}-{index}"), picture)
        for name, trend in report_trends(program, week_label):
            doc.addResource(image, QUrl(name), trend_image(trend, *TREND_SIZE))
