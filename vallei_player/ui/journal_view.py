"""The Journal: practice by week with each attempt's answers, weekly charts, consistency."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ..core.program import Program
from .attempt_detail import AttemptDetail
from .charts import BarChart
from .context import AppContext
from .i18n import N_, locale, tr, trn
from .widgets import heading, muted

CHART_WEEKS = 8
REASON_TEXT = {
    "finished": N_("finished"),
    "stopped": N_("stopped early"),
    "interrupted": N_("interrupted"),
    "skipped": N_("skipped ahead"),
}


@dataclass
class JournalData:
    attempts: list[Any]
    weeks: list[date]  # Mondays, oldest first
    sessions: list[int]  # planned sessions practised (practice days, as core.figures counts)
    extra: list[int]  # practice days beyond the plan
    minutes: list[int]
    goal: int
    consistency: float | None
    course_weeks: list[Any] = field(default_factory=list)  # every week, for the course view


def gather(context: AppContext, j: Any, program: Program | None) -> JournalData:
    """Reads attempts and figures (journal thread).

    The weekly charts come from `core.practice.week_figures`, the same figures as the coach's
    report: practice days (several attempts on one evening are one), planned sessions done
    never above the plan, practice beyond it as extra.
    """
    from ..core import practice

    attempts = sorted(j.attempts(), key=lambda a: a.started, reverse=True)
    tz = ZoneInfo(context.timezone)
    today = context.clock().astimezone(tz).date()
    monday = today - timedelta(days=today.weekday())
    weeks = [monday - timedelta(weeks=k) for k in reversed(range(CHART_WEEKS))]
    sessions, extra, minutes = [0] * CHART_WEEKS, [0] * CHART_WEEKS, [0] * CHART_WEEKS
    goal, score, course_weeks = 3, None, []
    if program is not None:
        schedule = context.schedule_for(j, program)
        goal = len(schedule.days)
        own = [a for a in attempts if a.program_id == program.id]
        score = practice.consistency(program, schedule, own, context.clock())
        column = {w: k for k, w in enumerate(weeks)}
        course_weeks = practice.week_figures(program, schedule, own, context.clock())
        for f in course_weeks:
            k = column.get(f.monday)
            if k is not None:
                sessions[k], extra[k], minutes[k] = f.planned_done, f.extra, round(f.minutes)
    return JournalData(attempts, weeks, sessions, extra, minutes, goal, score, list(course_weeks))


class JournalView(QWidget):
    reflect_requested = Signal(int)

    def __init__(self, context: AppContext) -> None:
        super().__init__()
        self.context = context
        self.data: JournalData | None = None
        box = QVBoxLayout(self)
        box.setContentsMargins(32, 28, 32, 28)
        box.setSpacing(14)
        self.title = heading()
        box.addWidget(self.title)
        charts = QHBoxLayout()
        self.sessions_chart = BarChart()
        self.minutes_chart = BarChart()
        charts.addWidget(self.sessions_chart)
        charts.addWidget(self.minutes_chart)
        box.addLayout(charts)
        row = QHBoxLayout()
        self.consistency_label = QLabel()
        self.consistency_bar = QProgressBar()
        self.consistency_bar.setRange(0, 100)
        self.consistency_bar.setTextVisible(False)
        self.consistency_bar.setMaximumWidth(240)
        self.consistency_bar.setMaximumHeight(10)
        self.consistency_note = muted()
        row.addWidget(self.consistency_label)
        row.addWidget(self.consistency_bar)
        row.addWidget(self.consistency_note, 1)
        box.addLayout(row)
        self.tree = QTreeWidget()
        self.tree.setHeaderHidden(True)
        self.tree.setUniformRowHeights(False)
        self.tree.setWordWrap(True)
        self.tree.currentItemChanged.connect(self._selection)
        self.tree.itemActivated.connect(lambda *_: self._reflect())
        listing = QHBoxLayout()
        listing.addWidget(self.tree, 3)
        self.detail = AttemptDetail()  # the chosen attempt's wave, levels and answers
        listing.addWidget(self.detail, 2)
        box.addLayout(listing, 1)
        actions = QHBoxLayout()
        self.empty = muted()
        self.reflect_button = QPushButton()
        self.reflect_button.setEnabled(False)
        self.reflect_button.clicked.connect(self._reflect)
        self.course_button = QPushButton()
        self.course_button.clicked.connect(self.show_course)
        actions.addWidget(self.empty, 1)
        actions.addWidget(self.course_button)
        actions.addWidget(self.reflect_button)
        box.addLayout(actions)
        context.journal_changed.connect(self.refresh)
        context.journal_ready.connect(self.refresh)
        context.library_changed.connect(self.refresh)
        context.language_changed.connect(self.retranslate)
        self.retranslate()

    def refresh(self) -> None:
        if not self.context.journal_open:
            return
        program = self.context.program
        self.context.with_journal(lambda j: gather(self.context, j, program), self._show)

    def _show(self, data: JournalData) -> None:
        self.data = data
        self.retranslate()

    def retranslate(self) -> None:
        self.setAccessibleName(tr("Journal"))
        self.title.setText(tr("Journal"))
        self.tree.setAccessibleName(tr("Practice history by week"))
        self.reflect_button.setText(tr("Write or change reflection"))
        self.course_button.setText(tr("Course overview"))
        self.consistency_label.setText(tr("Consistency"))
        data = self.data
        loc = locale()
        if data is None:
            self.empty.setText(tr("Nothing practised yet. Your sessions will appear here."))
            return
        labels = [loc.toString(w, "d MMM") for w in data.weeks]
        self.sessions_chart.set_data(
            tr("Sessions per week"),
            labels,
            [float(v) for v in data.sessions],
            goal=float(data.goal),
            extra=[float(v) for v in data.extra],
            extra_name=tr("extra"),
        )
        self.minutes_chart.set_data(
            tr("Minutes per week"), labels, [float(v) for v in data.minutes]
        )
        score = data.consistency
        self.consistency_bar.setValue(round((score or 0) * 100))
        self.consistency_bar.setAccessibleName(tr("Consistency {n}%", n=round((score or 0) * 100)))
        self.consistency_note.setText(
            tr(
                "{n}% — it grows with every session and fades slowly, "
                "so a missed week is no disaster.",
                n=round((score or 0) * 100),
            )
            if score is not None
            else ""
        )
        self.empty.setText(
            "" if data.attempts else tr("Nothing practised yet. Your sessions will appear here.")
        )
        self._fill_tree(data)

    def _titles(self) -> dict[tuple[str, str], str]:
        out: dict[tuple[str, str], str] = {}
        program = self.context.program
        if program is not None:
            for s in program.sessions:
                out[(program.id, s.id)] = s.title
        return out

    def _fill_tree(self, data: JournalData) -> None:
        current = self.tree.currentItem()
        keep = current.data(0, Qt.ItemDataRole.UserRole) if current is not None else None
        self.tree.clear()
        tz = ZoneInfo(self.context.timezone)
        loc = locale()
        titles = self._titles()
        weeks: dict[tuple[int, int], QTreeWidgetItem] = {}
        for a in data.attempts:
            local = a.started.astimezone(tz)
            iso = local.isocalendar()
            item = weeks.get((iso.year, iso.week))
            if item is None:
                monday = local.date() - timedelta(days=local.weekday())
                item = QTreeWidgetItem(
                    [
                        tr(
                            "Week {week} · from {day}",
                            week=iso.week,
                            day=loc.toString(monday, "d MMMM yyyy"),
                        )
                    ]
                )
                font = item.font(0)
                font.setBold(True)
                item.setFont(0, font)
                self.tree.addTopLevelItem(item)
                item.setExpanded(True)
                weeks[(iso.year, iso.week)] = item
            title = titles.get((a.program_id, a.session_id), a.session_id)
            short_day = loc.dayName(local.isoweekday(), loc.FormatType.ShortFormat)
            when = f"{short_day} {local.strftime('%H:%M')}"
            reason = (
                tr(REASON_TEXT.get(a.reason, REASON_TEXT["stopped"]))
                if not a.completed
                else tr("finished")
            )
            minutes = trn("{n} minute", "{n} minutes", round(a.listened_s / 60))
            child = QTreeWidgetItem([f"{when} · {title} · {minutes} · {reason}"])
            child.setData(0, Qt.ItemDataRole.UserRole, a.id)
            item.addChild(child)
            for answer in a.answers:
                if answer.value in (None, ""):
                    continue
                draft = "" if answer.final else f" ({tr('draft')})"
                line = QTreeWidgetItem([f"{answer.ask} — {answer.value}{draft}"])
                line.setData(0, Qt.ItemDataRole.UserRole, a.id)
                child.addChild(line)
            child.setExpanded(True)
            if keep == a.id:
                self.tree.setCurrentItem(child)

    def _selected_attempt(self) -> Any | None:
        item = self.tree.currentItem()
        if item is None or self.data is None:
            return None
        attempt_id = item.data(0, Qt.ItemDataRole.UserRole)
        return next((a for a in self.data.attempts if a.id == attempt_id), None)

    def _selection(self, *_: Any) -> None:
        attempt = self._selected_attempt()
        program = self.context.program
        self.detail.show_attempt(program, attempt)
        self.reflect_button.setEnabled(
            attempt is not None
            and program is not None
            and attempt.program_id == program.id
            and attempt.ended is not None
        )

    def _reflect(self) -> None:
        attempt = self._selected_attempt()
        if attempt is not None and self.reflect_button.isEnabled():
            self.reflect_requested.emit(attempt.id)

    def show_course(self) -> None:
        """The course view: minutes per week and each scale question across the weeks."""
        from .course_view import CourseDialog

        data = self.data
        dialog = CourseDialog(self.context, self)
        dialog.view.show_course(
            self.context.program,
            data.attempts if data else [],
            data.course_weeks if data else [],
        )
        self.course_dialog = dialog
        dialog.show()
