"""The course at a glance: minutes practised per week, and for each scale question of the
programme its answers across the weeks (small multiples, one small chart per question).

Opened from the Journal. It reads what the Journal already read (the attempts) and the
programme; nothing is computed here that the report does not show the same way.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any
from zoneinfo import ZoneInfo

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from ..core.program import Program
from .charts import BarChart
from .context import AppContext
from .i18n import locale, tr
from .trend_chart import ScaleAnswer, TrendChart, trends
from .widgets import heading, muted

COLUMNS = 2


def scale_answers(program: Program, attempts: Sequence[Any], zone: str) -> list[ScaleAnswer]:
    """Every scale answer given in this programme's sessions, with its question's range."""
    tz = ZoneInfo(zone)
    prompts = {p.id: p for s in program.sessions for p in s.reflection if p.type == "scale"}
    out = []
    for a in attempts:
        if a.program_id != program.id:
            continue
        for answer in a.answers:
            prompt = prompts.get(answer.prompt_id)
            if prompt is None or not isinstance(answer.value, int):
                continue
            out.append(
                ScaleAnswer(
                    prompt.id,
                    prompt.ask,
                    a.started.astimezone(tz).date(),
                    answer.value,
                    prompt.min,
                    prompt.max,
                    prompt.labels,
                )
            )
    return out


class CourseView(QWidget):
    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        box = QVBoxLayout(self)
        box.setContentsMargins(24, 20, 24, 20)
        box.setSpacing(12)
        self.title = heading()
        box.addWidget(self.title)
        self.minutes_chart = BarChart()
        box.addWidget(self.minutes_chart)
        self.questions_title = heading(scale=1.0)
        box.addWidget(self.questions_title)
        self.note = muted()
        box.addWidget(self.note)
        self.grid = QGridLayout()
        self.grid.setSpacing(10)
        box.addLayout(self.grid)
        box.addStretch(1)
        self.charts: list[TrendChart] = []

    def show_course(self, program: Program | None, attempts: Sequence[Any], weeks: Any) -> None:
        """`weeks`: core.practice.week_figures of the programme (every week of the course)."""
        self.title.setText(tr("Course overview") + (f" · {program.title}" if program else ""))
        loc = locale()
        labels = [loc.toString(w.monday, "d MMM") for w in weeks]
        self.minutes_chart.set_data(
            tr("Minutes per week"), labels, [float(round(w.minutes)) for w in weeks]
        )
        self.questions_title.setText(tr("Your answers across the weeks"))
        for chart in self.charts:
            chart.setParent(None)
        self.charts = []
        found = trends(
            scale_answers(program, attempts, self.context.timezone) if program else [],
            tr("week {n}"),
        )
        self.note.setText(
            tr("Each dot is one answer; the line joins the weeks' averages.")
            if found
            else tr("No answers on a scale yet.")
        )
        for k, trend in enumerate(found):
            chart = TrendChart(trend)
            self.grid.addWidget(chart, k // COLUMNS, k % COLUMNS)
            self.charts.append(chart)


class CourseDialog(QDialog):
    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(tr("Course overview"))
        self.resize(820, 640)
        self.view = CourseView(context)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.view)
        box = QVBoxLayout(self)
        box.addWidget(scroll)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText(tr("Close"))
        box.addWidget(buttons)
