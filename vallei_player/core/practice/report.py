"""The participant's report for their coach: only the period, programs and text they choose.

`build_report` turns journal attempts into plain data: per ISO week the planned sessions
done (never more than planned), the practice beyond the plan (`extra`: a course begun
mid-week, an evening added, sessions repeated after the end), and the minutes listened
(`core.figures.week_figures`), and per attempt its
date, session, minutes, whether it was completed, and the reflection answers with their
questions. Free-text answers go in only when the participant says so; nothing else from
the journal (notes, other programs, settings) ever does.

The same data is written as JSON (the `to_json_dict` layout, also what the PDF renderer in
`ui/report_pdf.py` reads) or CSV: one row per answer, and one row with empty answer columns
for a session without answers, so a spreadsheet can filter and pivot without unpacking
cells. Both are written atomically, owner-readable only, to the path the user chose.

The lived wave comes with each session (`lived.py` in this package builds it): `phases`, the
planned wave with the seconds heard in each phase (0 for a skipped one; None when the
journal did not yet keep it), and `levels`, the arousal levels given while listening. In
the CSV each level is a row of its own (`row` = "level", with `level_at_minutes`,
`level_phase` and `level`), so a spreadsheet charts a session by filtering on it.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, Protocol

from ...i18n import _
from ..journal import PracticeSchedule
from ..program import Program, Prompt
from ..store import atomic_write_text
from .figures import week_figures
from .lived_report import ReportLevel, ReportPhase, planned_phases, report_levels

if TYPE_CHECKING:
    from ..journal import Answer, Attempt

ReportFormat = Literal["json", "csv", "pdf"]
REPORT_VERSION = 1
CSV_COLUMNS = (
    "date", "time", "program_id", "program_title", "program_version", "session_id",
    "session_title", "course_week", "iso_week", "listened_minutes", "status",
    "question_id", "question", "answer",
    "row", "level_at_minutes", "level_phase", "level",
)  # fmt: skip


@dataclass(frozen=True)
class ReportAnswer:
    prompt_id: str
    question: str
    type: str
    answer: str | int
    scale: str | None  # "0–10", or "0 (tense) – 10 (relaxed)", for scale questions
    scale_min: int | None = None  # the scale's ends, for drawing its trend
    scale_max: int | None = None


@dataclass(frozen=True)
class ReportSession:
    date: str  # local YYYY-MM-DD
    time: str  # local HH:MM
    session_id: str
    session_title: str
    course_week: int | None
    iso_week: str
    listened_minutes: float
    status: Literal["completed", "partial"]
    answers: tuple[ReportAnswer, ...]
    phases: tuple[ReportPhase, ...] = ()
    levels: tuple[ReportLevel, ...] = ()


@dataclass(frozen=True)
class ReportWeek:
    week: str  # ISO week, "2026-W44"
    monday: str
    planned: int
    done: int  # planned sessions practised, at most `planned`
    minutes: float
    extra: int = 0  # practice days beyond the plan


@dataclass(frozen=True)
class ProgramReport:
    id: str
    version: str
    title: str
    weeks: tuple[ReportWeek, ...]
    sessions: tuple[ReportSession, ...]

    @property
    def totals(self) -> dict[str, float]:
        return {
            "planned": sum(w.planned for w in self.weeks),
            "done": sum(w.done for w in self.weeks),
            "extra": sum(w.extra for w in self.weeks),
            "minutes": round(sum(w.minutes for w in self.weeks), 1),
        }


@dataclass(frozen=True)
class Report:
    generated: str
    since: date | None
    until: date
    includes_text: bool
    language: str
    programs: tuple[ProgramReport, ...]


def build_program_report(
    program: Program,
    schedule: PracticeSchedule,
    attempts: Sequence[Attempt],
    *,
    since: date | None,
    until: date,
    include_text: bool,
    now: datetime,
) -> ProgramReport:
    """One program's weeks and sessions within since..until (both included, local dates)."""
    tz = schedule.zone
    mine = [a for a in attempts if a.program_id == program.id]
    weeks = tuple(
        ReportWeek(
            f.label, f.monday.isoformat(), f.planned, f.planned_done, round(f.minutes, 1), f.extra
        )
        for f in week_figures(program, schedule, mine, now)
        if (since is None or f.monday.toordinal() + 6 >= since.toordinal()) and f.monday <= until
    )
    sessions = []
    for attempt in sorted(mine, key=lambda a: a.started):
        local = attempt.started.astimezone(tz)
        if (since is not None and local.date() < since) or local.date() > until:
            continue
        sessions.append(_session(program, attempt, local, include_text))
    return ProgramReport(program.id, program.version, program.title, weeks, tuple(sessions))


def _session(
    program: Program, attempt: Attempt, local: datetime, include_text: bool
) -> ReportSession:
    try:
        session = program.session(attempt.session_id)
        title, week = session.title, session.week
        prompts = {p.id: p for p in session.reflection}
        phases = planned_phases(program, session, attempt)
    except KeyError:  # a session that a later version of the program dropped
        title, week, prompts, phases = attempt.session_id, None, {}, ()
    year, iso_week, _ = local.isocalendar()
    answers = tuple(
        _answer(a, prompts.get(a.prompt_id))
        for a in attempt.answers
        if a.value is not None and a.value != "" and (include_text or a.type != "text")
    )
    return ReportSession(
        date=local.date().isoformat(),
        time=local.strftime("%H:%M"),
        session_id=attempt.session_id,
        session_title=title,
        course_week=week,
        iso_week=f"{year}-W{iso_week:02d}",
        listened_minutes=round(attempt.listened_s / 60.0, 1),
        status="completed" if attempt.completed else "partial",
        answers=answers,
        phases=phases,
        levels=report_levels(attempt),
    )


def _answer(answer: Answer, prompt: Prompt | None) -> ReportAnswer:
    scale = None
    if answer.type == "scale" and prompt is not None:
        if prompt.labels:
            scale = f"{prompt.min} ({prompt.labels[0]}) – {prompt.max} ({prompt.labels[1]})"
        else:
            scale = f"{prompt.min}–{prompt.max}"
    value = answer.value if answer.value is not None else ""
    ends = (
        (prompt.min, prompt.max) if answer.type == "scale" and prompt is not None else (None, None)
    )
    return ReportAnswer(answer.prompt_id, answer.ask, answer.type, value, scale, *ends)


class ReportSource(Protocol):
    """What a report reads from the journal (core.journal.Journal has these)."""

    def attempts(
        self, program_id: str | None = None, since: date | None = None
    ) -> list[Attempt]: ...

    def schedule(self, program_id: str) -> PracticeSchedule | None: ...


def gather_report(
    journal: ReportSource,
    *,
    program_id: str | None,
    since: date | None,
    until: date,
    include_text: bool,
    language: str,
    now: datetime,
) -> Report:
    """The report for one installed program, or for every installed one practised in the period."""
    from ..packs import library

    ids = [program_id] if program_id else [p.id for p in library.installed()]
    programs = []
    for pid in ids:
        program = library.load(pid)
        schedule = journal.schedule(pid) or PracticeSchedule.default_for(program)
        # All attempts, not just the period's: the weekly figures need the course start.
        attempts = journal.attempts(pid)
        part = build_program_report(
            program,
            schedule,
            attempts,
            since=since,
            until=until,
            include_text=include_text,
            now=now,
        )
        if program_id or part.sessions:
            programs.append(part)
    return make_report(
        programs, since=since, until=until, include_text=include_text, language=language, now=now
    )


def make_report(
    programs: Sequence[ProgramReport],
    *,
    since: date | None,
    until: date,
    include_text: bool,
    language: str,
    now: datetime,
) -> Report:
    return Report(
        generated=now.isoformat(timespec="minutes"),
        since=since,
        until=until,
        includes_text=include_text,
        language=language,
        programs=tuple(programs),
    )


def to_json_dict(report: Report) -> dict[str, Any]:
    return {
        "vallei_report": REPORT_VERSION,
        "generated": report.generated,
        "period": {
            "from": report.since.isoformat() if report.since else None,
            "to": report.until.isoformat(),
        },
        "includes_text": report.includes_text,
        "language": report.language,
        "programs": [
            {
                "id": p.id,
                "version": p.version,
                "title": p.title,
                "totals": p.totals,
                "weeks": [asdict(w) for w in p.weeks],
                "sessions": [
                    {
                        **asdict(s),
                        "answers": [asdict(a) for a in s.answers],
                        "phases": [asdict(x) for x in s.phases],
                        "levels": [asdict(x) for x in s.levels],
                    }
                    for s in p.sessions
                ],
            }
            for p in report.programs
        ],
    }


def to_json(report: Report) -> str:
    return json.dumps(to_json_dict(report), ensure_ascii=False, indent=2) + "\n"


def to_csv(report: Report) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for program in report.programs:
        for s in program.sessions:
            base = [
                s.date, s.time, program.id, program.title, program.version, s.session_id,
                s.session_title, s.course_week if s.course_week is not None else "", s.iso_week,
                s.listened_minutes, s.status,
            ]  # fmt: skip
            rows: list[list[object]] = [
                [a.prompt_id, a.question, a.answer, "answer", "", "", ""] for a in s.answers
            ]
            rows += [
                ["", "", "", "level", round(x.at_s / 60.0, 2), x.phase + 1, x.level]
                for x in s.levels
            ]
            for row in rows or [["", "", "", "", "", "", ""]]:
                writer.writerow([_cell(v) for v in base + row])
    return out.getvalue()


def _cell(value: object) -> object:
    """Text a spreadsheet would run as a formula (=, +, -, @) is kept as text."""
    if isinstance(value, str) and value.startswith(("=", "+", "-", "@", "\t", "\r")):
        return "'" + value
    return value


def write_report(report: Report, path: Path, fmt: Literal["json", "csv"]) -> None:
    """Write the report atomically at `path`, readable by its owner only.

    Raises UserError for one of the app's own files (the journal, the settings...): a report
    saved over the journal would lose the very practice it describes.
    """
    from ..problems import UserError
    from ..store import paths

    if paths.is_own_data(Path(path)):
        raise UserError(
            _("{path} is one of Vallei Player's own data files; choose another place.").format(
                path=path
            )
        )
    text = to_json(report) if fmt == "json" else "\ufeff" + to_csv(report)
    atomic_write_text(Path(path), text)
