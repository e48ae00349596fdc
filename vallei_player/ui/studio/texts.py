"""The Studio's labels and the format's rules as the coach reads them (PROGRAM_FORMAT.md).

Source strings, translated where shown: (label, rule) per key of program.yaml.
"""

from __future__ import annotations

from ..i18n import N_, tr

PROGRAMME_FIELDS = {
    "title": (N_("&Title"), N_("Shown in the client's library. The id is made from it.")),
    "id": (
        N_("&Id"),
        N_(
            "a-z, 0-9, dots and hyphens, 3 to 100 characters. Keep it the same for every "
            "version: it is how an update finds the installed programme."
        ),
    ),
    "version": (
        N_("&Version"),
        N_("MAJOR.MINOR.PATCH, e.g. 1.2.0. A higher version updates the client's copy."),
    ),
    "language": (N_("&Language"), N_("The language the programme speaks: nl, en, nl-BE...")),
    "description": (N_("&Description"), N_("Shown in the library: what it is for.")),
    "sessions_per_week": (N_("Sessions per &week"), N_("1 to 7; the default is 3.")),
    "days": (N_("Suggested &days"), N_("Weekdays separated by commas: mon, wed, fri.")),
    "time": (N_("Suggested t&ime"), N_("The local time of day, such as 20:00.")),
    "name": (N_("&Author"), N_("Your name as the client sees it.")),
    "contact": (N_("&Contact"), N_("A web address or e-mail address; optional.")),
}

SESSION_FIELDS = {
    "id": (N_("Session &id"), N_("a-z, 0-9 and hyphens; unique within the programme.")),
    "title": (N_("Session &title"), ""),
    "week": (N_("&Week"), N_("Optional; by default from the session's place and the schedule.")),
    "description": (N_("Before the session"), N_("Shown before the client starts.")),
}

PHASE_FIELDS = {
    "kind": (N_("&Kind"), N_("settle, arousal, rest, closing, or turn (couples' turns).")),
    "title": (N_("Phase t&itle"), N_("Optional; by default the kind's name.")),
    "duration": (
        N_("D&uration"),
        N_(
            "With units: 90s, 4m, 1m30s, 1h. Leave empty when there is a voice: the phase "
            "then lasts as long as the voice. Never shorter than the voice."
        ),
    ),
    "level": (N_("&Level"), N_("Planned intensity 0 to 1 for the wave; lowest step: by kind.")),
    "voice": (N_("&Voice"), N_("The recording under audio/, started at the phase start.")),
    "script": (N_("&Script"), N_("The words of the voice: the teleprompter and the draft voice.")),
    "speaker": (N_("S&peaker"), N_("For a turn: who speaks, A or B.")),
    "prompt": (N_("P&rompt"), N_("For a turn: the question or instruction shown on screen.")),
    "bed": (N_("&Bed"), N_("A background loop under this phase (a file under audio/).")),
    "cue": (N_("&Cue"), N_("The sound at this phase's start: empty for the bell, none for none.")),
    "repeat": (N_("&Repeat"), N_("How often the block's phases are played in a row: 1 to 20.")),
}

KIND_CHOICES = ("settle", "arousal", "rest", "closing", "turn")


def translated(fields: dict[str, tuple[str, str]]) -> dict[str, tuple[str, str]]:
    return {k: (tr(label), tr(rule) if rule else "") for k, (label, rule) in fields.items()}
