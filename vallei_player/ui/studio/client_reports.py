"""Clients' reports: the JSON reports clients chose to send, one tab per client.

Per client, per programme in the report: the sessions done (completed and partial), the
minutes per week, each session's lived wave (the Journal's drawing, lived_chart.py) and the
trend of each scale question (trend_chart.py, as in the coach's PDF). The files are only
read: nothing is copied into the data folder; "Save a copy…" writes one where the coach
chooses. A file that cannot be read is named in one message above the tabs, in the coach's
language; the other files still open.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from ...core.practice import ClientReport, read_client_report
from ...core.problems import UserError, describe_os_error
from ...core.store import atomic_write_text
from ..charts import BarChart
from ..i18n import locale, tr, trn
from ..lived_chart import LivedChart, picture_from_report
from ..report_pictures import report_trends
from ..trend_chart import TrendChart
from ..widgets import heading, muted

TREND_COLUMNS = 2


def done_summary(program: dict[str, Any]) -> str:
    """ "5 sessions: 4 completed, 1 partial · 38 minutes" for one programme of a report."""
    sessions = program["sessions"]
    completed = sum(1 for s in sessions if s["status"] == "completed")
    minutes = round(sum(float(s["listened_minutes"]) for s in sessions))
    return " · ".join(
        (
            trn("{n} session", "{n} sessions", len(sessions))
            + ": "
            + tr(
                "{completed} completed, {partial} partial",
                completed=completed,
                partial=len(sessions) - completed,
            ),
            trn("{n} minute", "{n} minutes", minutes),
        )
    )


def _qdate(text: str) -> QDate:
    day = date.fromisoformat(text)
    return QDate(day.year, day.month, day.day)


class ProgramCourse(QWidget):
    """One programme of one client's report, at a glance."""

    def __init__(self, program: dict[str, Any], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        box = QVBoxLayout(self)
        box.setContentsMargins(0, 0, 0, 12)
        self.title = heading(scale=1.1)
        self.title.setText(str(program["title"]))
        box.addWidget(self.title)
        self.summary = QLabel(done_summary(program))
        box.addWidget(self.summary)
        loc = locale()
        weeks = program["weeks"]
        self.minutes_chart = BarChart()
        self.minutes_chart.set_data(
            tr("Minutes per week"),
            [loc.toString(_qdate(w["monday"]), "d MMM") for w in weeks],
            [float(round(float(w["minutes"]))) for w in weeks],
        )
        box.addWidget(self.minutes_chart)

        box.addWidget(heading(tr("Lived waves"), scale=1.0))
        self.waves: list[LivedChart] = []
        self.session_lines: list[QLabel] = []
        for session in sorted(program["sessions"], key=lambda s: (s["date"], s["time"])):
            line = QLabel(session_line(session))
            box.addWidget(line)
            self.session_lines.append(line)
            if session.get("phases"):
                wave = LivedChart()
                wave.set_picture(picture_from_report(session))
                wave.setAccessibleName(line.text())
                wave.setMinimumHeight(70)
                box.addWidget(wave)
                self.waves.append(wave)

        box.addWidget(heading(tr("Answers across the weeks"), scale=1.0))
        found = report_trends(program, tr("week {n}"))
        self.trends_note = muted(
            tr("Each dot is one answer; the line joins the weeks' averages.")
            if found
            else tr("No answers on a scale in this report.")
        )
        box.addWidget(self.trends_note)
        grid = QGridLayout()
        self.trends: list[TrendChart] = []
        for k, (_name, trend) in enumerate(found):
            chart = TrendChart(trend)
            grid.addWidget(chart, k // TREND_COLUMNS, k % TREND_COLUMNS)
            self.trends.append(chart)
        box.addLayout(grid)


def session_line(session: dict[str, Any]) -> str:
    status = tr("completed") if session["status"] == "completed" else tr("partial")
    minutes = round(float(session["listened_minutes"]))
    return tr(
        "{date} {time} · {title} · {status}, {minutes} min",
        date=session["date"],
        time=session["time"],
        title=session["session_title"],
        status=status,
        minutes=minutes,
    )


class ClientPage(QScrollArea):
    """One client's report: each programme in it, one after the other."""

    def __init__(self, report: ClientReport, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.report = report
        self.setWidgetResizable(True)
        inner = QWidget()
        box = QVBoxLayout(inner)
        box.setContentsMargins(16, 12, 16, 12)
        period = report.data.get("period") or {}
        self.period = muted(
            tr(
                "Report of {generated} · file {name}",
                generated=str(report.data.get("generated", ""))[:10],
                name=report.path.name,
            )
            + (f" · {period.get('from') or '…'} – {period.get('to')}" if period else "")
        )
        box.addWidget(self.period)
        self.courses = [ProgramCourse(p) for p in report.programs]
        for course in self.courses:
            box.addWidget(course)
        if not self.courses:
            box.addWidget(muted(tr("This report holds no programme.")))
        box.addStretch(1)
        self.setWidget(inner)


class ClientReportsWindow(QDialog):
    """Not modal: the coach can keep it open beside the Studio."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("clientReports")
        self.resize(900, 760)
        box = QVBoxLayout(self)
        row = QHBoxLayout()
        self.open_button = QPushButton()
        self.open_button.clicked.connect(self.choose_files)
        self.save_button = QPushButton()
        self.save_button.clicked.connect(self.save_copy)
        row.addWidget(self.open_button)
        row.addWidget(self.save_button)
        row.addStretch(1)
        box.addLayout(row)
        self.intro = muted()
        box.addWidget(self.intro)
        self.problem = QLabel()
        self.problem.setWordWrap(True)
        self.problem.setObjectName("reportProblem")
        self.problem.setStyleSheet("font-weight: bold; padding: 6px;")
        self.problem.hide()
        box.addWidget(self.problem)
        self.tabs = QTabWidget()
        self.tabs.setTabsClosable(True)
        self.tabs.tabCloseRequested.connect(self._close_tab)
        box.addWidget(self.tabs, 1)
        self.retranslate()

    def retranslate(self) -> None:
        self.setWindowTitle(tr("Clients' reports"))
        self.open_button.setText(tr("&Open reports…"))
        self.save_button.setText(tr("&Save a copy…"))
        self.intro.setText(
            tr(
                "The JSON reports your clients chose to send you (Journal → Export report…), one "
                "tab per client. They are only read; nothing is kept unless you save a copy."
            )
        )
        self.tabs.setAccessibleName(tr("Clients"))

    def pages(self) -> list[ClientPage]:
        return [
            p for i in range(self.tabs.count()) if isinstance(p := self.tabs.widget(i), ClientPage)
        ]

    def choose_files(self) -> None:
        names, _filter = QFileDialog.getOpenFileNames(
            self, tr("Open clients' reports"), "", tr("Reports (*.json)")
        )
        self.open_files([Path(n) for n in names])

    def open_files(self, paths: Sequence[Path]) -> None:
        """Each readable report in its tab (the same file again: its tab is refreshed)."""
        problems = []
        first = None
        for path in paths:
            try:
                report = read_client_report(path)
            except UserError as error:
                problems.append(str(error))
                continue
            index = self._show(report)
            first = index if first is None else first
        if first is not None:  # several at once: the first of them in front
            self.tabs.setCurrentIndex(first)
        self.problem.setText("\n\n".join(problems))
        self.problem.setVisible(bool(problems))

    def _show(self, report: ClientReport) -> int:
        page = ClientPage(report)
        for i, old in enumerate(self.pages()):
            if old.report.path.resolve() == report.path.resolve():
                self.tabs.removeTab(i)
                return self.tabs.insertTab(i, page, report.client)
        return self.tabs.addTab(page, report.client)

    def _close_tab(self, index: int) -> None:
        self.tabs.removeTab(index)

    def save_copy(self) -> None:
        page = self.tabs.currentWidget()
        if not isinstance(page, ClientPage):
            return
        name, _filter = QFileDialog.getSaveFileName(
            self, tr("Save a copy of the report"), page.report.path.name, tr("Reports (*.json)")
        )
        if name:
            self.save_copy_to(page.report, Path(name))

    def save_copy_to(self, report: ClientReport, target: Path) -> None:
        try:
            atomic_write_text(target, json.dumps(report.data, ensure_ascii=False, indent=2) + "\n")
        except OSError as e:
            self.problem.setText(describe_os_error(e))
            self.problem.show()
