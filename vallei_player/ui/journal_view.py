"""The Journal: the active programme's practice by week with each attempt's answers, weekly
charts from the course's first week, consistency, and the report for the coach.

Only the programme chosen on Home is shown, so the list and the charts always tell the same
story; another programme's practice is there when that programme is chosen.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any, cast
from zoneinfo import ZoneInfo

from PySide6.QtCore import QRect, QSize, Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QProgressBar,
    QPushButton,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ..core.program import Program, Prompt
from .attempt_detail import AttemptDetail
from .charts import BarChart
from .context import AppContext
from .export_dialog import qdate
from .i18n import N_, locale, tr, trn
from .widgets import READABLE_WIDTH, heading, muted, scrolled

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

    if program is None:
        return JournalData([], [], [], [], [], 3, None)
    attempts = sorted(j.attempts(program.id), key=lambda a: a.started, reverse=True)
    schedule = context.schedule_for(j, program)
    score = practice.consistency(program, schedule, attempts, context.clock())
    course_weeks = practice.week_figures(program, schedule, attempts, context.clock())
    # From the course's first week (never empty weeks before it), the last CHART_WEEKS.
    figures = course_weeks[-CHART_WEEKS:]
    return JournalData(
        attempts,
        [f.monday for f in figures],
        [f.planned_done for f in figures],
        [f.extra for f in figures],
        [round(f.minutes) for f in figures],
        len(schedule.days),
        score,
        list(course_weeks),
    )


def answer_text(answer: Any, prompt: Prompt | None) -> str:
    """An answer as the participant gave it; a rating with its scale: "7 of 10"."""
    if prompt is not None and prompt.type == "scale" and isinstance(answer.value, int):
        if prompt.min == 0:
            return tr("{value} of {max}", value=answer.value, max=prompt.max)
        return tr("{value} ({min} to {max})", value=answer.value, min=prompt.min, max=prompt.max)
    return str(answer.value)


class WrappingRows(QStyledItemDelegate):
    """Rows as tall as their wrapped text at the list's width: a tree asks its delegate for
    a size without the width, which makes long answers one cut-off line."""

    def __init__(self, tree: QTreeWidget) -> None:
        super().__init__(tree)
        self.tree = tree

    def sizeHint(self, option: QStyleOptionViewItem, index: Any) -> QSize:
        hint = super().sizeHint(option, index)
        depth, parent = 0, index.parent()
        while parent.isValid():
            depth, parent = depth + 1, parent.parent()
        width = self.tree.viewport().width() - self.tree.indentation() * (depth + 1) - 12
        text = str(index.data(Qt.ItemDataRole.DisplayRole) or "")
        flags = int(Qt.TextFlag.TextWordWrap.value)
        box = option.fontMetrics.boundingRect(QRect(0, 0, max(width, 80), 100_000), flags, text)
        return QSize(hint.width(), max(hint.height(), box.height() + 6))


class HistoryTree(QTreeWidget):
    """The practice history; lays its rows out again when its width changes."""

    def resizeEvent(self, event: Any) -> None:
        super().resizeEvent(event)
        self.scheduleDelayedItemsLayout()


class JournalView(QWidget):
    reflect_requested = Signal(int)

    def __init__(self, context: AppContext) -> None:
        super().__init__()
        self.context = context
        self.data: JournalData | None = None
        whole = QVBoxLayout(self)
        whole.setContentsMargins(0, 0, 0, 0)
        content = QWidget()
        whole.addWidget(scrolled(content))
        outer = QHBoxLayout(content)
        outer.setContentsMargins(32, 28, 32, 28)
        column = QWidget()
        column.setMaximumWidth(READABLE_WIDTH)
        outer.addStretch(1)
        outer.addWidget(column, 100)
        outer.addStretch(1)
        box = QVBoxLayout(column)
        box.setContentsMargins(0, 0, 0, 0)
        box.setSpacing(14)
        top = QHBoxLayout()
        self.title = heading()
        self.export_button = QPushButton()
        self.export_button.setObjectName("secondary")
        self.export_button.clicked.connect(self._export)
        top.addWidget(self.title, 1)
        top.addWidget(self.export_button, 0, Qt.AlignmentFlag.AlignTop)
        box.addLayout(top)
        self.program_line = muted()
        box.addWidget(self.program_line)
        charts = QHBoxLayout()
        charts.setSpacing(24)
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
        self.consistency_bar.setMaximumWidth(200)
        self.consistency_bar.setMaximumHeight(10)
        self.consistency_note = muted()
        row.addWidget(self.consistency_label)
        row.addWidget(self.consistency_bar)
        row.addWidget(self.consistency_note, 1)
        box.addLayout(row)
        self.tree = HistoryTree()
        self.tree.setItemDelegate(WrappingRows(self.tree))
        self.tree.setHeaderHidden(True)
        self.tree.setUniformRowHeights(False)
        self.tree.setWordWrap(True)  # long answers wrap onto more lines, never cut off
        self.tree.setTextElideMode(Qt.TextElideMode.ElideNone)
        self.tree.header().setStretchLastSection(False)
        self.tree.header().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.tree.setObjectName("history")
        self.tree.setMinimumHeight(150)  # a few sessions at least; below that the page scrolls
        self.tree.currentItemChanged.connect(self._selection)
        self.tree.itemActivated.connect(lambda *_: self._reflect())
        self.empty = muted()
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        listing = QHBoxLayout()
        listing.addWidget(self.tree, 3)
        listing.addWidget(self.empty, 3)
        self.detail = AttemptDetail()  # the chosen attempt's wave, levels and answers
        listing.addWidget(self.detail, 2)
        box.addLayout(listing, 1)
        actions = QHBoxLayout()
        self.reflect_button = QPushButton()
        self.reflect_button.setEnabled(False)
        self.reflect_button.clicked.connect(self._reflect)
        self.course_button = QPushButton()
        self.course_button.clicked.connect(self.show_course)
        actions.addWidget(self.course_button)
        actions.addStretch(1)
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

    def showEvent(self, event: Any) -> None:
        super().showEvent(event)
        self.refresh()  # a session may have started or ended since the last look

    def _show(self, data: JournalData) -> None:
        self.data = data
        self.retranslate()

    def retranslate(self) -> None:
        self.setAccessibleName(tr("Journal"))
        self.title.setText(tr("Journal"))
        self.tree.setAccessibleName(tr("Practice history by week"))
        self.tree.setAccessibleDescription(
            tr("Each session you played: how long, whether it was completed, your answers.")
        )
        self.reflect_button.setText(tr("Write or change reflection"))
        self.reflect_button.setAccessibleDescription(
            tr("Opens the reflection of the session chosen in the list.")
        )
        self.export_button.setText(tr("Export report…"))
        self.export_button.setAccessibleName(tr("Export report"))
        self.export_button.setAccessibleDescription(
            tr("Saves a report of your practice to bring to your coach.")
        )
        self.course_button.setText(tr("Course overview"))
        self.course_button.setAccessibleDescription(
            tr("Minutes per week and each rating across the weeks of the course.")
        )
        self.consistency_label.setText(tr("Consistency"))
        program = self.context.program
        self.program_line.setText(program.title if program is not None else "")
        data = self.data
        has = bool(data and data.attempts)
        self.tree.setVisible(has)
        self.empty.setVisible(not has)
        self.empty.setText(
            tr(
                "Nothing practised yet. When you play a session from Home, it appears here "
                "with your reflection."
            )
        )
        if data is None:
            return
        loc = locale()
        labels = [loc.toString(qdate(w), "d MMM") for w in data.weeks]
        self.sessions_chart.set_data(
            tr("Sessions per week"),
            labels,
            [float(v) for v in data.sessions],
            goal=float(data.goal),
            extra=[float(v) for v in data.extra],
            extra_name=tr("extra"),
            goal_name=trn("goal: {n} a week", "goal: {n} a week", data.goal),
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
        self._fill_tree(data)

    def _playing_attempt(self) -> int | None:
        playback = getattr(self.context, "playback", None)
        if playback is None or not playback.active:
            return None
        return cast(int | None, playback.attempt_id)

    def _status(self, a: Any) -> str:
        if a.id == self._playing_attempt():
            return tr("playing now")
        if a.completed:
            return tr("completed")
        reason = tr(REASON_TEXT.get(a.reason, REASON_TEXT["stopped"]))
        return tr("partial · {reason}", reason=reason)

    def _fill_tree(self, data: JournalData) -> None:
        current = self.tree.currentItem()
        keep = current.data(0, Qt.ItemDataRole.UserRole) if current is not None else None
        self.tree.clear()
        tz = ZoneInfo(self.context.timezone)
        loc = locale()
        program = self.context.program
        sessions = {s.id: s for s in program.sessions} if program is not None else {}
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
                            day=loc.toString(qdate(monday), "d MMMM yyyy"),
                        )
                    ]
                )
                font = item.font(0)
                font.setBold(True)
                item.setFont(0, font)
                item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsSelectable)
                self.tree.addTopLevelItem(item)
                item.setExpanded(True)
                weeks[(iso.year, iso.week)] = item
            session = sessions.get(a.session_id)
            title = session.title if session is not None else tr("A session no longer installed")
            short_day = loc.dayName(local.isoweekday(), loc.FormatType.ShortFormat)
            when = f"{short_day} {local.strftime('%H:%M')}"
            child = QTreeWidgetItem(
                [f"{when} · {title} · {listened_text(a.listened_s)} · {self._status(a)}"]
            )
            child.setData(0, Qt.ItemDataRole.UserRole, a.id)
            item.addChild(child)
            prompts = {q.id: q for q in session.reflection} if session is not None else {}
            for answer in a.answers:
                if answer.value in (None, ""):
                    continue
                draft = "" if answer.final else " (" + tr("draft") + ")"
                text = answer_text(answer, prompts.get(answer.prompt_id))
                line = QTreeWidgetItem([f"{answer.ask} — {text}{draft}"])
                line.setToolTip(0, line.text(0))
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

    def _export(self) -> None:
        from .export_dialog import ExportDialog

        ExportDialog(self.context, self).exec()


def listened_text(seconds: float) -> str:
    """How long was heard, in words: "less than a minute", "1 minute", "11 minutes"."""
    if seconds < 30:
        return tr("less than a minute")
    return trn("{n} minute", "{n} minutes", round(seconds / 60))
