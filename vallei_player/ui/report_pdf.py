"""The coach report as a PDF, drawn with Qt's own PDF writer (no other PDF library).

Input is the report's JSON layout (`core.practice.to_json_dict`). The body is a
QTextDocument laid out on A4 pages, with pictures drawn in black and white as its image
resources: per session the planned wave with the lived levels over it and how much of each
phase was heard (ui/lived_chart.py), per scale question its trend across the course
(ui/trend_chart.py); the free-text answers, when the participant includes them, come
grouped by question in date order after the sessions. Every page gets a header with the
report's title and the participant's chosen period, and a footer with "page n of N".
Everything shown comes from the report data and is HTML-escaped, because program titles and
answers are text we do not control.

Run as `python -m vallei_player.ui.report_pdf IN.json|- OUT.pdf` (the CLI does this in a
child process so that the CLI never loads Qt); the app calls `write_report_pdf` directly.
"""

from __future__ import annotations

import html
import json
import sys
from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import QBuffer, QIODevice, QMarginsF, QRectF, QSizeF, Qt
from PySide6.QtGui import (
    QFont,
    QGuiApplication,
    QPageLayout,
    QPageSize,
    QPainter,
    QPdfWriter,
    QTextCursor,
    QTextDocument,
    QTextFormat,
)

from ..core.store import atomic_write_bytes
from .report_pictures import TREND_SHOWN, WAVE_SHOWN, add_pictures, report_trends, text_answers

_TEXT: dict[str, dict[str, str]] = {
    "en": {
        "title": "Practice report",
        "period": "Period",
        "from_start": "from the start",
        "generated": "Made on",
        "text_in": "Free-text reflections are included.",
        "text_out": "Free-text reflections are not included.",
        "version": "version",
        "summary": "{done} of {planned} planned sessions done, {minutes} minutes of practice.",
        "summary_extra": (
            "{done} of {planned} planned sessions done, plus {extra} extra, "
            "{minutes} minutes of practice."
        ),
        "extra": "Extra",
        "weeks": "Weeks",
        "week": "Week",
        "starts": "Starts",
        "done": "Done",
        "planned": "Planned",
        "minutes": "Minutes",
        "sessions": "Sessions",
        "course_week": "course week {n}",
        "min": "{m} min",
        "completed": "completed",
        "partial": "partly done",
        "no_sessions": "No practice in this period.",
        "no_programs": "No practice was recorded in this period.",
        "no_answers": "No reflection answers.",
        "page": "Page {n} of {total}",
        "wave_caption": (
            "Planned wave (grey) with the levels given, 0–10 (black); the bar under each "
            "phase shows how much of it was heard."
        ),
        "levels": "Levels given: {levels}.",
        "no_levels": "No levels given.",
        "skipped": "Not heard (skipped, or stopped before): {phases}.",
        "trends": "Answers across the course",
        "trend_note": "Each dot is one answer; the line joins the weeks' averages.",
        "in_words": "In your own words",
        "trend_week": "wk {n}",
        "days": "Mon Tue Wed Thu Fri Sat Sun",
        "months": "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec",
        "decimal": ".",
    },
    "nl": {
        "title": "Oefenverslag",
        "period": "Periode",
        "from_start": "vanaf het begin",
        "generated": "Gemaakt op",
        "text_in": "Vrije-tekstreflecties zijn opgenomen.",
        "text_out": "Vrije-tekstreflecties zijn niet opgenomen.",
        "version": "versie",
        "summary": "{done} van {planned} geplande sessies gedaan, {minutes} minuten geoefend.",
        "summary_extra": (
            "{done} van {planned} geplande sessies gedaan, plus {extra} extra, "
            "{minutes} minuten geoefend."
        ),
        "extra": "Extra",
        "weeks": "Weken",
        "week": "Week",
        "starts": "Begint",
        "done": "Gedaan",
        "planned": "Gepland",
        "minutes": "Minuten",
        "sessions": "Sessies",
        "course_week": "cursusweek {n}",
        "min": "{m} min",
        "completed": "afgerond",
        "partial": "deels gedaan",
        "no_sessions": "Geen oefening in deze periode.",
        "no_programs": "In deze periode is geen oefening vastgelegd.",
        "no_answers": "Geen antwoorden op de reflectievragen.",
        "page": "Pagina {n} van {total}",
        "wave_caption": (
            "Geplande golf (grijs) met de aangegeven niveaus, 0–10 (zwart); de balk onder "
            "elke fase laat zien hoeveel ervan beluisterd is."
        ),
        "levels": "Aangegeven niveaus: {levels}.",
        "no_levels": "Geen niveaus aangegeven.",
        "skipped": "Niet beluisterd (overgeslagen, of eerder gestopt): {phases}.",
        "trends": "Antwoorden door de cursus heen",
        "trend_note": "Elke stip is één antwoord; de lijn verbindt de gemiddelden per week.",
        "in_words": "In je eigen woorden",
        "trend_week": "wk {n}",
        "days": "ma di wo do vr za zo",
        "months": "jan feb mrt apr mei jun jul aug sep okt nov dec",
        "decimal": ",",
    },
}

_CSS = """
body { font-family: 'DejaVu Sans', sans-serif; font-size: 10pt; color: #222222; }
h1 { font-size: 18pt; font-weight: 600; margin-top: 0; margin-bottom: 8px; }
h2 { font-size: 14pt; font-weight: 600; margin-top: 22px; margin-bottom: 3px; color: #1d4f5a; }
h3 { font-size: 11pt; font-weight: 600; margin-top: 14px; margin-bottom: 5px; }
p { margin-top: 0; margin-bottom: 4pt; }
.meta { color: #555555; }
th { background-color: #e3eef0; font-weight: 600; }
h4 { font-size: 10pt; font-weight: 600; margin-top: 11px; margin-bottom: 1px; }
.facts { color: #555555; margin-bottom: 3pt; }
.question { color: #555555; }
"""


def _day(text: str, t: dict[str, str]) -> str:
    d = date.fromisoformat(text)
    return f"{t['days'].split()[d.weekday()]} {d.day} {t['months'].split()[d.month - 1]} {d.year}"


def _e(value: object) -> str:
    return html.escape(str(value))


def _number(value: float, t: dict[str, str]) -> str:
    text = f"{value:.0f}" if float(value).is_integer() else f"{value:.1f}"
    return text.replace(".", t["decimal"])


def period_text(data: dict[str, Any], t: dict[str, str]) -> str:
    period = data["period"]
    start = _day(period["from"], t) if period.get("from") else t["from_start"]
    return f"{t['period']}: {start} – {_day(period['to'], t)}"


def report_html(data: dict[str, Any]) -> str:
    """The body of the report as Qt rich text (the header and footer are drawn per page)."""
    t = _TEXT.get(str(data.get("language")), _TEXT["en"])
    parts = [
        f"<h1>{_e(t['title'])}</h1>",
        f"<p class='meta'>{_e(period_text(data, t))}<br>"
        f"{_e(t['generated'])}: {_e(_day(data['generated'][:10], t))}<br>"
        f"{_e(t['text_in'] if data.get('includes_text') else t['text_out'])}</p>",
    ]
    if not data["programs"]:
        parts.append(f"<p>{_e(t['no_programs'])}</p>")
    for program in data["programs"]:
        parts.extend(_program_html(program, t))
    return "\n".join(parts)


def summary_text(totals: dict[str, Any], t: dict[str, str]) -> str:
    """'7 of 7 planned sessions done, plus 1 extra, …': extra practice is named, never hidden."""
    extra = int(totals.get("extra", 0) or 0)  # reports made before `extra` existed have none
    template = t["summary_extra"] if extra else t["summary"]
    return template.format(
        done=totals["done"], planned=totals["planned"], extra=extra,
        minutes=_number(totals["minutes"], t),
    )  # fmt: skip


def _program_html(program: dict[str, Any], t: dict[str, str]) -> list[str]:
    out = [
        f"<h2>{_e(program['title'])}</h2>",
        f"<p class='meta'>{_e(program['id'])}, {_e(t['version'])} {_e(program['version'])}</p>",
        f"<p>{_e(summary_text(program['totals'], t))}</p>",
    ]
    if program["weeks"]:
        out.extend(_weeks_html(program["weeks"], t))
    out.extend(_trends_html(program, t))
    out.append(f"<h3>{_e(t['sessions'])}</h3>")
    if not program["sessions"]:
        out.append(f"<p>{_e(t['no_sessions'])}</p>")
    elif any(s.get("phases") for s in program["sessions"]):
        out.append(f"<p class='facts'>{_e(t['wave_caption'])}</p>")
    for s in program["sessions"]:
        out.extend(_session_html(program, s, t))
    out.extend(_words_html(program, t))
    return out


def _trends_html(program: dict[str, Any], t: dict[str, str]) -> list[str]:
    """Each scale question's trend, two small charts to a row."""
    found = report_trends(program, t["trend_week"])
    if not found:
        return []
    out = [f"<h3>{_e(t['trends'])}</h3>", f"<p class='facts'>{_e(t['trend_note'])}</p>"]
    out.append("<table cellpadding='2' cellspacing='0' border='0' width='100%'>")
    w, h = TREND_SHOWN
    for row in range(0, len(found), 2):
        cells = "".join(
            f"<td width='50%'><img src='{name}' width='{w}' height='{h}'></td>"
            for name, _ in found[row : row + 2]
        )
        out.append(f"<tr>{cells}</tr>")
    out.append("</table>")
    return out


def _words_html(program: dict[str, Any], t: dict[str, str]) -> list[str]:
    """Free-text answers grouped by question, in date order (only when they are included)."""
    groups = text_answers(program)
    if not groups:
        return []
    out = [f"<h3>{_e(t['in_words'])}</h3>"]
    for question, answers in groups:
        out.append(f"<p><b>{_e(question)}</b></p>")
        out.append("<table cellpadding='2' cellspacing='0' border='0' width='100%'>")
        for day, text in answers:
            value = _e(text).replace("\n", "<br>")
            out.append(
                f"<tr><td width='4%'></td><td width='26%' valign='top' class='question'>"
                f"{_e(_day(day, t))}</td><td width='70%' valign='top'>{value}</td></tr>"
            )
        out.append("</table>")
    return out


def _weeks_html(weeks: list[dict[str, Any]], t: dict[str, str]) -> list[str]:
    """Week, its Monday, planned sessions done, planned, extra practice, minutes."""
    out = [
        f"<h3>{_e(t['weeks'])}</h3>",
        "<table cellpadding='4' cellspacing='0' border='0' width='100%'>",
        f"<tr><th align='left' width='16%'>{_e(t['week'])}</th>"
        f"<th align='left' width='32%'>{_e(t['starts'])}</th>"
        f"<th align='right' width='13%'>{_e(t['done'])}</th>"
        f"<th align='right' width='13%'>{_e(t['planned'])}</th>"
        f"<th align='right' width='13%'>{_e(t['extra'])}</th>"
        f"<th align='right' width='13%'>{_e(t['minutes'])}</th></tr>",
    ]
    for i, w in enumerate(weeks):
        shade = " bgcolor='#f4f7f7'" if i % 2 else ""
        extra = int(w.get("extra", 0) or 0)
        out.append(
            f"<tr{shade}><td>{_e(w['week'])}</td><td>{_e(_day(w['monday'], t))}</td>"
            f"<td align='right'>{_e(w['done'])}</td><td align='right'>{_e(w['planned'])}</td>"
            f"<td align='right'>{_e(extra) if extra else '–'}</td>"
            f"<td align='right'>{_e(_number(w['minutes'], t))}</td></tr>"
        )
    out.append("</table>")
    return out


def _session_html(program: dict[str, Any], s: dict[str, Any], t: dict[str, str]) -> list[str]:
    facts = [t["min"].format(m=_number(s["listened_minutes"], t)), t[s["status"]]]
    if s.get("course_week") is not None:
        facts.append(t["course_week"].format(n=s["course_week"]))
    out = [
        f"<h4>{_e(_day(s['date'], t))}, {_e(s['time'])} — {_e(s['session_title'])}</h4>",
        f"<p class='facts'>{_e(' · '.join(facts))}</p>",
    ]
    out.extend(_wave_html(program, s, t))
    # Free text is gathered by question after the sessions (_words_html).
    answers = [a for a in s["answers"] if a.get("type") != "text"]
    if not s["answers"]:
        out.append(f"<p class='facts'><i>{_e(t['no_answers'])}</i></p>")
    if answers:
        out.append("<table cellpadding='2' cellspacing='0' border='0' width='100%'>")
    for a in answers:
        value = _e(a["answer"]).replace("\n", "<br>")
        if a.get("scale"):
            value += f" <span class='question'>&nbsp;({_e(a['scale'])})</span>"
        out.append(
            f"<tr><td width='4%'></td><td width='40%' valign='top' class='question'>"
            f"{_e(a['question'])}</td><td width='56%' valign='top'>{value}</td></tr>"
        )
    if answers:
        out.append("</table>")
    return out


def _wave_html(program: dict[str, Any], s: dict[str, Any], t: dict[str, str]) -> list[str]:
    """The planned wave with the lived levels, and the same in words (skipped phases too)."""
    if not s.get("phases"):
        return []
    index = program["sessions"].index(s)
    w, h = WAVE_SHOWN
    levels = [str(x["level"]) for x in s.get("levels", ())]
    said = t["levels"].format(levels=", ".join(levels)) if levels else t["no_levels"]
    skipped = [
        f"{p['index'] + 1} {p['title']}"
        for p in s["phases"]
        if p.get("listened_s") is not None and p["listened_s"] < 0.05 * p["planned_s"]
    ]
    if skipped:
        said += " " + t["skipped"].format(phases=", ".join(skipped))
    return [
        f"<p><img src='wave-{_e(program['id'])}-{index}' width='{w}' height='{h}'></p>",
        f"<p class='facts'>{_e(said)}</p>",
    ]


_APP: QGuiApplication | None = None


def render_pdf_bytes(data: dict[str, Any]) -> bytes:
    """The whole PDF in memory; needs a QGuiApplication (made here if there is none)."""
    global _APP
    if QGuiApplication.instance() is None:
        _APP = QGuiApplication(["vallei-report"])  # kept for the process: Qt needs one alive
    t = _TEXT.get(str(data.get("language")), _TEXT["en"])
    buffer = QBuffer()  # owns its byte array (a temporary QByteArray would dangle)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = QPdfWriter(buffer)
    writer.setTitle(t["title"])
    writer.setCreator("Vallei Player")
    writer.setResolution(300)
    writer.setPageLayout(
        QPageLayout(QPageSize(QPageSize.PageSizeId.A4), QPageLayout.Orientation.Portrait,
                    QMarginsF(18, 22, 18, 20), QPageLayout.Unit.Millimeter)
    )  # fmt: skip
    _paint(writer, data, t)
    buffer.close()
    return bytes(buffer.data().data())


def _paint(writer: QPdfWriter, data: dict[str, Any], t: dict[str, str]) -> None:
    page = QRectF(writer.pageLayout().paintRectPixels(writer.resolution()))
    body_w, body_h = page.width(), page.height()
    mm = writer.resolution() / 25.4
    doc = QTextDocument()
    doc.documentLayout().setPaintDevice(writer)
    doc.setDefaultStyleSheet(_CSS)
    doc.setDefaultFont(QFont("DejaVu Sans", 10))
    doc.setDocumentMargin(0)
    add_pictures(doc, data, t["trend_week"])
    doc.setHtml(report_html(data))
    doc.setPageSize(QSizeF(body_w, body_h))
    _keep_sessions_together(doc, body_h)
    # A page break set above leaves later blocks' layout stale (a paragraph right after a
    # table drew nothing): lay the whole document out again before drawing it.
    doc.markContentsDirty(0, doc.characterCount())
    pages = max(doc.pageCount(), 1)
    painter = QPainter(writer)
    small = QFont("DejaVu Sans", 8)
    small.setPixelSize(max(int(3.0 * mm), 1))  # about 8.5 pt at any resolution
    header = f"{t['title']} · {period_text(data, t)}"
    try:
        for n in range(pages):
            if n:
                writer.newPage()
            painter.save()
            painter.translate(0, -n * body_h)
            doc.drawContents(painter, QRectF(0, n * body_h, body_w, body_h))
            painter.restore()
            painter.setFont(small)
            painter.setPen(Qt.GlobalColor.darkGray)
            top = QRectF(0, -12 * mm, body_w, 8 * mm)
            painter.drawText(top, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignBottom, header)
            painter.drawLine(0, int(-3 * mm), int(body_w), int(-3 * mm))
            bottom = QRectF(0, body_h + 4 * mm, body_w, 8 * mm)
            text = t["page"].format(n=n + 1, total=pages)
            painter.drawText(
                bottom, Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop, text
            )
    finally:
        painter.end()


def _keep_sessions_together(doc: QTextDocument, page_h: float) -> None:
    """Start a session on a new page when its heading would sit in a page's last lines."""
    room = page_h * 0.15  # a heading, its facts line and two answers
    layout = doc.documentLayout()
    block = doc.begin()
    while block.isValid():
        if block.blockFormat().headingLevel() == 4:
            top = layout.blockBoundingRect(block).top()
            if page_h - (top % page_h) < room:
                cursor = QTextCursor(block)
                fmt = block.blockFormat()
                fmt.setPageBreakPolicy(QTextFormat.PageBreakFlag.PageBreak_AlwaysBefore)
                cursor.setBlockFormat(fmt)
        block = block.next()


def write_report_pdf(data: dict[str, Any], out: Path) -> None:
    """Draw the report and write it atomically at `out` (owner-readable only)."""
    atomic_write_bytes(Path(out), render_pdf_bytes(data))


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print("usage: python -m vallei_player.ui.report_pdf IN.json|- OUT.pdf", file=sys.stderr)
        return 2
    try:
        raw = sys.stdin.buffer.read() if argv[0] == "-" else Path(argv[0]).read_bytes()
        data = json.loads(raw.decode("utf-8"))
        write_report_pdf(data, Path(argv[1]))
    except (OSError, ValueError, KeyError, TypeError) as e:
        # One line, no traceback, no report content (the message names only the kind).
        print(f"cannot draw the report: {type(e).__name__}: {getattr(e, 'strerror', None) or ''}",
              file=sys.stderr)  # fmt: skip
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
