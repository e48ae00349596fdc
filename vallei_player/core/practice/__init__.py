"""Practice: the plan over the participant's slots, figures, reminders, the recorder that
turns playback into journal checkpoints, the calendar file and the coach's report data.

Dependencies point one way inside: `planner` <- `figures`, `reminders`, `calendar`,
`report`; `recorder` stands alone. Everything takes the clock as an argument.
"""

from __future__ import annotations

from ..journal import PracticeSchedule, local_zone_name
from .calendar import DISCREET_SUMMARY, build_calendar, typical_duration
from .figures import Summary, WeekFigure, consistency, summary, week_figures
from .lived import ASK_WINDOW_S, next_level
from .lived_report import ReportLevel, ReportPhase, planned_phases
from .planner import (
    DUE_BEFORE,
    MIN_PRACTICE_S,
    Slot,
    SlotStatus,
    counts_as_practice,
    course_complete_on,
    covers_session,
    next_session_id,
    plan,
    undone_sessions,
)
from .recorder import COMPLETED_SHARE, REASON_SKIPPED, AttemptLog, PracticeRecorder
from .reminders import Reminders, reminders
from .report import (
    Report,
    ReportFormat,
    build_program_report,
    gather_report,
    to_json_dict,
    write_report,
)
from .report_file import ClientReport, read_client_report

__all__ = [
    "ASK_WINDOW_S",
    "COMPLETED_SHARE",
    "DISCREET_SUMMARY",
    "DUE_BEFORE",
    "MIN_PRACTICE_S",
    "REASON_SKIPPED",
    "AttemptLog",
    "ClientReport",
    "PracticeRecorder",
    "PracticeSchedule",
    "Reminders",
    "Report",
    "ReportFormat",
    "ReportLevel",
    "ReportPhase",
    "Slot",
    "SlotStatus",
    "Summary",
    "WeekFigure",
    "build_calendar",
    "build_program_report",
    "consistency",
    "counts_as_practice",
    "course_complete_on",
    "covers_session",
    "gather_report",
    "local_zone_name",
    "next_level",
    "next_session_id",
    "plan",
    "planned_phases",
    "read_client_report",
    "reminders",
    "summary",
    "to_json_dict",
    "typical_duration",
    "undone_sessions",
    "week_figures",
    "write_report",
]
