"""Home: this week's slots, the next session with its Start button, progress in the course."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QMenu,
    QProgressBar,
    QPushButton,
    QWidget,
)

from .context import AppContext
from .i18n import N_, locale, tr, trn
from .widgets import Card, clear_layout, describe, heading, muted, scrolling_page

if TYPE_CHECKING:
    from ..core.program import Program

STATUS_TEXT = {
    "done": N_("Done"),
    "partial": N_("Partly done"),
    "missed": N_("Moved on"),
    "due": N_("Now"),
    "coming": N_("Coming"),
}
STATUS_MARK = {"done": "●", "partial": "◐", "missed": "○", "due": "◉", "coming": "○"}


@dataclass
class HomeData:
    program: Program
    slots: list[Any]  # this ISO week's practice.Slot
    next_session_id: str | None
    next_slot: Any | None
    done_this_week: int
    goal: int
    open_reflection: Any | None  # an Attempt whose reflection waits
    attempts: list[Any] = field(default_factory=list)


def gather(context: AppContext, j: Any, program: Program) -> HomeData:
    """Reads the journal and plans the week (runs on the journal thread)."""
    from ..core import practice

    schedule = context.schedule_for(j, program)
    attempts = j.attempts(program.id)
    now = context.clock()
    tz = ZoneInfo(schedule.timezone)
    local_now = now.astimezone(tz)
    week_start = (local_now - timedelta(days=local_now.weekday())).replace(
        hour=0, minute=0, second=0, microsecond=0
    )
    week_end = week_start + timedelta(days=7)
    slots = practice.plan(program, schedule, attempts, now, weeks=2)
    this_week = [s for s in slots if week_start <= s.start.astimezone(tz) < week_end]
    upcoming = [s for s in slots if s.status in ("due", "coming")]
    done = sum(
        1
        for a in attempts
        if a.started.astimezone(tz) >= week_start and practice.counts_as_practice(a)
    )
    return HomeData(
        program=program,
        slots=shown_slots(this_week),
        next_session_id=practice.next_session_id(program, attempts),
        next_slot=upcoming[0] if upcoming else None,
        done_this_week=done,
        goal=len(schedule.days),
        open_reflection=open_reflection(program, attempts, now),
        attempts=attempts,
    )


def shown_slots(slots: list[Any]) -> list[Any]:
    """This week's slots worth showing: a slot with no session left to plan (the course is
    complete) and no practice in it was never planned, so it is not shown, let alone as missed.
    """
    return [s for s in slots if s.session_id is not None or s.attempt_ids]


def open_reflection(program: Program, attempts: list[Any], now: datetime) -> Any | None:
    """The latest ended attempt of the last week whose reflection is not finished."""
    for attempt in sorted(attempts, key=lambda a: a.started, reverse=True):
        if attempt.ended is None or now - attempt.ended > timedelta(days=7):
            continue
        try:
            session = program.session(attempt.session_id)
        except KeyError:
            continue
        if not session.reflection:
            continue
        if any(answer.final for answer in attempt.answers):
            return None  # the newest reflection is done; older ones are not nagged about
        return attempt
    return None


class HomeView(QWidget):
    start_requested = Signal(str)  # session id
    reflect_requested = Signal(int)  # attempt id
    library_requested = Signal()  # "choose another program"
    player_requested = Signal()  # back to the session that is playing

    def __init__(self, context: AppContext) -> None:
        super().__init__()
        self.context = context
        self.data: HomeData | None = None
        self._durations: dict[str, float] = {}
        layout = scrolling_page(self, 18)

        self.title = heading()
        self.course = muted()
        layout.addWidget(self.title)
        layout.addWidget(self.course)

        self.next_card = Card()
        self.next_label = muted()
        self.next_title = heading(scale=1.3)
        self.next_meta = muted()
        self.next_notes = QLabel()
        self.next_notes.setWordWrap(True)
        self.start_button = QPushButton()
        self.start_button.setDefault(True)
        self.start_button.setMinimumHeight(40)
        self.start_button.setProperty("role", "primary")
        self.start_button.clicked.connect(self._start)
        self.start_button.setEnabled(False)  # until the week's figures are in: a click does nothing
        for w in (self.next_label, self.next_title, self.next_meta, self.next_notes):
            self.next_card.body.addWidget(w)
        # Once the course is complete: repeat any session, or go and choose another program.
        self.repeat_menu = QMenu(self)
        self.repeat_button = QPushButton()
        self.repeat_button.setMinimumHeight(40)
        self.repeat_button.setMenu(self.repeat_menu)
        self.other_button = QPushButton()
        self.other_button.setMinimumHeight(40)
        self.other_button.clicked.connect(self.library_requested.emit)
        row = QHBoxLayout()
        for button in (self.start_button, self.repeat_button, self.other_button):
            row.addWidget(button)
        row.addStretch(1)
        self.next_card.body.addLayout(row)
        layout.addWidget(self.next_card)

        self.reflect_card = Card()
        self.reflect_text = QLabel()
        self.reflect_text.setWordWrap(True)
        self.reflect_button = QPushButton()
        self.reflect_button.clicked.connect(self._reflect)
        self.reflect_card.body.addWidget(self.reflect_text)
        r = QHBoxLayout()
        r.addWidget(self.reflect_button)
        r.addStretch(1)
        self.reflect_card.body.addLayout(r)
        layout.addWidget(self.reflect_card)

        self.week_card = Card()
        self.week_title = heading(scale=1.15)
        self.week_count = QLabel()
        self.week_bar = QProgressBar()
        self.week_bar.setTextVisible(False)
        self.week_bar.setMaximumHeight(10)
        self.slot_grid = QGridLayout()
        self.slot_grid.setHorizontalSpacing(16)
        for part in (self.week_title, self.week_count, self.week_bar):
            self.week_card.body.addWidget(part)
        self.week_card.body.addLayout(self.slot_grid)
        layout.addWidget(self.week_card)
        layout.addStretch(1)

        context.journal_changed.connect(self.refresh)
        context.journal_ready.connect(self.refresh)
        context.library_changed.connect(self.refresh)
        context.language_changed.connect(self.retranslate)
        self.retranslate()

    # -- data -------------------------------------------------------------------------------
    def refresh(self) -> None:
        program = self.context.program
        if program is None or not self.context.journal_open:
            self.retranslate()
            return
        self.context.with_journal(lambda j: gather(self.context, j, program), self._show)
        self._load_durations(program)

    def _load_durations(self, program: Program) -> None:
        if self._durations.get("__program__") == hash(program.id + program.version):
            return
        from ..core.program import session_timeline
        from .tasks import run_in_background

        def work() -> dict[str, float]:
            out: dict[str, float] = {"__program__": float(hash(program.id + program.version))}
            for s in program.sessions:
                try:
                    out[s.id] = session_timeline(program, s.id).seconds
                except Exception:  # a broken clip: the duration is simply not shown
                    continue
            return out

        def done(found: dict[str, float]) -> None:
            self._durations = found
            self.retranslate()

        run_in_background(work, done)

    def _show(self, data: HomeData) -> None:
        if self.context.program is None or data.program.id != self.context.program.id:
            return
        self.data = data
        self.retranslate()

    # -- texts ------------------------------------------------------------------------------
    def retranslate(self) -> None:
        self.setAccessibleName(tr("Home"))
        self.start_button.setText(tr("Start session"))
        self.start_button.setAccessibleName(tr("Start the next session"))
        self.reflect_button.setText(tr("Continue reflection"))
        describe(self.reflect_button, tr("Opens the reflection that is waiting for you."))
        describe(self.repeat_button, tr("Choose a session of the course to play again."))
        describe(self.other_button, tr("Opens the Library, where you choose a program."))
        self.repeat_button.setText(tr("Repeat a session"))
        self.other_button.setText(tr("Choose another program"))
        self.week_title.setText(tr("This week"))
        program = self.context.program
        data = self.data
        if data is not None and (program is None or data.program.id != program.id):
            data = None  # another program's figures: wait for this one's (refresh asks)
        if program is None:
            self.start_button.setEnabled(False)  # enabled once this program's plan is in
            self.title.setText(tr("Welcome"))
            self.course.setText(tr("Getting your programs ready…"))
            for card in (self.next_card, self.reflect_card, self.week_card):
                card.setVisible(False)
            return
        self.title.setText(program.title)
        self.next_card.setVisible(True)
        self.week_card.setVisible(data is not None)
        if data is None:
            self.course.setText("")
            self.next_title.setText(tr("Loading…"))
            self.start_button.setEnabled(False)
            self.reflect_card.setVisible(False)
            return
        self._show_next(data, program)
        self._show_week(data)
        attempt = data.open_reflection
        self.reflect_card.setVisible(attempt is not None)
        if attempt is not None:
            try:
                title = program.session(attempt.session_id).title
            except KeyError:
                title = attempt.session_id
            self.reflect_text.setText(
                tr("Your reflection on “{title}” is waiting for you.", title=title)
            )

    def _show_next(self, data: HomeData, program: Program) -> None:
        total = len(program.sessions)
        session_id = data.next_session_id
        complete = session_id is None
        self.start_button.setVisible(not complete)
        self.repeat_button.setVisible(complete)
        self.other_button.setVisible(complete)
        if session_id is None:
            self._show_complete(program)
            return
        session = program.session(session_id)
        self.course.setText(
            tr(
                "Week {week} of {weeks} · session {n} of {total}",
                week=session.week,
                weeks=program.weeks,
                n=session.position + 1,
                total=total,
            )
        )
        if data.next_slot is not None:
            when = data.next_slot.start.astimezone(ZoneInfo(self.context.timezone))
            loc = locale()
            day = loc.dayName(when.isoweekday())
            if data.next_slot.status == "due":
                self.next_label.setText(tr("Next session · now"))
            else:
                self.next_label.setText(
                    tr("Next session · {day} {time}", day=day, time=when.strftime("%H:%M"))
                )
        else:
            self.next_label.setText(tr("Next session"))
        self.next_title.setText(session.title)
        seconds = self._durations.get(session.id)
        phases = trn("{n} phase", "{n} phases", len(session.phases))
        self.next_meta.setVisible(True)
        self.next_meta.setText(
            phases + " · " + tr("about {n} min", n=round(seconds / 60)) if seconds else phases
        )
        notes = session.description or ""
        self.next_notes.setText(notes)
        self.next_notes.setVisible(bool(notes))
        self._show_playing()

    def _playing(self) -> bool:
        return self.context.playback is not None and bool(self.context.playback.active)

    def _show_playing(self) -> None:
        """While a session plays, the main button leads back to it."""
        playing = self._playing()
        self.start_button.setEnabled(True)
        if playing:
            self.start_button.setVisible(True)
            self.start_button.setText(tr("Back to the session"))
            self.start_button.setAccessibleName(tr("Back to the session that is playing"))
        else:
            self.start_button.setText(tr("Start session"))
            self.start_button.setAccessibleName(tr("Start the next session"))
        self.start_button.setAccessibleDescription(
            tr("Shows the Player with the session that is playing.")
            if playing
            else tr("Plays the next session of your course.")
        )

    def _show_complete(self, program: Program) -> None:
        self.course.setText(
            trn("{n} session", "{n} sessions", len(program.sessions))
            + " · "
            + tr("course complete")
        )
        self.next_label.setText(tr("Course complete"))
        self.next_title.setText(tr("You have completed the course. Well done."))
        self.next_meta.setVisible(False)
        self.next_notes.setText(
            tr(
                "Nothing more is planned. You are welcome to repeat a session whenever it suits "
                "you, or to choose another program."
            )
        )
        self.next_notes.setVisible(True)
        playing = self._playing()
        self.repeat_button.setEnabled(not playing)
        self._show_playing()
        self.start_button.setVisible(playing)
        self.repeat_menu.clear()
        for session in program.sessions:
            label = tr("Week {week} · {title}", week=session.week, title=session.title)
            action = self.repeat_menu.addAction(label)
            action.triggered.connect(lambda _=False, sid=session.id: self.start_requested.emit(sid))

    def _show_week(self, data: HomeData) -> None:
        if not data.slots and data.next_session_id is None:
            self.week_card.setVisible(False)  # the course is complete; this week holds nothing
            return
        # The week's goal is what is planned in it: fewer than usual in a course's first or
        # last week (nothing is planned past its last session), as core.figures counts it.
        goal = max(len(data.slots) or data.goal, 1)
        self.week_count.setText(
            trn(
                "{done} of {n} session done",
                "{done} of {n} sessions done",
                goal,  # "1 of 3 sessions done": the goal decides the plural
                done=data.done_this_week,
            )
        )
        self.week_bar.setRange(0, goal)
        self.week_bar.setValue(min(data.done_this_week, goal))
        self.week_bar.setAccessibleName(self.week_count.text())
        clear_layout(self.slot_grid)
        tz = ZoneInfo(self.context.timezone)
        loc = locale()
        for col, slot in enumerate(data.slots):
            when = slot.start.astimezone(tz)
            short_day = loc.dayName(when.isoweekday(), loc.FormatType.ShortFormat)
            day = QLabel(f"{short_day} {when.strftime('%H:%M')}")
            status = tr(STATUS_TEXT.get(slot.status, STATUS_TEXT["coming"]))
            mark = QLabel(f"{STATUS_MARK.get(slot.status, '○')} {status}")
            mark.setProperty("status", slot.status)
            day.setAlignment(Qt.AlignmentFlag.AlignLeft)
            self.slot_grid.addWidget(day, 0, col)
            self.slot_grid.addWidget(mark, 1, col)
        self.slot_grid.setColumnStretch(len(data.slots), 1)

    # -- actions ----------------------------------------------------------------------------
    def _start(self) -> None:
        if self._playing():
            self.player_requested.emit()
            return
        if self.data is not None and self.data.next_session_id is not None:
            self.start_requested.emit(self.data.next_session_id)

    def _reflect(self) -> None:
        if self.data is not None and self.data.open_reflection is not None:
            self.reflect_requested.emit(self.data.open_reflection.id)
