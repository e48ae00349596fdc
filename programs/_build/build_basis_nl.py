"""Write `programs/vallei-basis-nl/program.yaml`: the six-week Dutch self-practice course.

    .venv/bin/python programs/_build/build_basis_nl.py

The course is regular (each week: one theme, four voice clips shared by its three
sessions, waves that grow from week to week), so it is kept here as data and written
out as plain, readable YAML; the voice clips are then made from the `script:` fields by
`make_narration.py`. Edit the words here, run this, then run make_narration.py.

Shape of every session: settle -> (arousal, rest) x n -> closing. Over the weeks the
number of waves, the length of the arousal phases and their planned level all grow,
and every session stays between 15 and 30 minutes.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))
from course_basis_nl import PROGRAM_DESCRIPTION, WEEKS, Week
from yamltext import block, flow_list, scalar

TARGET = Path(__file__).resolve().parent.parent / "vallei-basis-nl" / "program.yaml"


@dataclass(frozen=True)
class Shape:
    """The timing of one week's sessions, in seconds."""

    settle: int
    arousal: int
    rest: int
    waves: int
    closing: int
    level: float

    @property
    def minutes(self) -> Fraction:
        total = self.settle + self.waves * (self.arousal + self.rest) + self.closing
        return Fraction(total, 60)


SHAPES = (
    Shape(settle=240, arousal=120, rest=120, waves=2, closing=180, level=0.45),
    Shape(settle=240, arousal=150, rest=120, waves=3, closing=180, level=0.55),
    Shape(settle=210, arousal=180, rest=120, waves=3, closing=180, level=0.65),
    Shape(settle=210, arousal=180, rest=120, waves=4, closing=180, level=0.7),
    Shape(settle=180, arousal=210, rest=120, waves=4, closing=180, level=0.8),
    Shape(settle=180, arousal=225, rest=120, waves=4, closing=180, level=0.85),
)


def duration(seconds: int) -> str:
    m, s = divmod(seconds, 60)
    return (f"{m}m" if m else "") + (f"{s}s" if s else "")


def header() -> list[str]:
    lines = [
        "# Vallei basiscursus (Dutch): six weeks, three sessions a week.",
        "# Written by programs/_build/build_basis_nl.py; edit the words there, not here.",
        "format: 1",
        "id: org.vallei.basis-nl",
        "version: 1.0.0",
        "title: Vallei — basiscursus",
        "language: nl",
        "author: {name: Vallei Player}",
    ]
    lines += block("description", PROGRAM_DESCRIPTION, 0)
    lines += [
        "schedule:",
        "  sessions_per_week: 3",
        "  days: [mon, wed, fri]",
        '  time: "20:00"',
        "audio:",
        "  bed: audio/zee.ogg            # zachte zee onder de hele sessie",
        "  bed_gain: -22dB               # 22 LU onder de stem",
        "  cue_gain: -3dB                # de bel net onder de stem",
        "  loudness: -18LUFS             # elke stem even luid (EBU R128)",
        "  fade_out: 8s",
        "reflection:                     # na elke sessie",
        "  - id: lichaam",
        "    ask: Hoe voelt je lichaam nu?",
        "    type: scale",
        "    min: 0",
        "    max: 10",
        "    labels: [gespannen, ontspannen]",
        "  - id: opgemerkt",
        "    ask: Wat viel je op tijdens de oefening?",
        "    type: text",
        "sessions:",
    ]
    return lines


def phase(
    kind: str,
    voice: str,
    script: str,
    seconds: int,
    indent: int,
    level: float | None = None,
    ask_level: bool = False,
) -> list[str]:
    pad = " " * indent
    lines = [f"{pad}- kind: {kind}", f"{pad}  voice: {voice}"]
    lines += block("script", script, indent + 2)
    lines.append(f"{pad}  duration: {duration(seconds)}")
    if level is not None:
        lines.append(f"{pad}  level: {level}")
    if ask_level:
        lines.append(f"{pad}  ask_level: true")
    return lines


ASK_FROM_WEEK = 3
"""From this week on every wave's top ends with the "how high is it now?" chime: by then the
participant knows the waves well enough to notice their level without being pulled out."""


def session(week_no: int, week: Week, shape: Shape, index: int) -> list[str]:
    clip = f"audio/w{week_no}"
    title, note = week.sessions[index]
    minutes = round(shape.minutes)
    description = f"{note}\n\nDeze oefening duurt ongeveer {minutes} minuten."
    if index == 0:
        description = f"Week {week_no}: {week.theme}\n\n{description}"
    lines = [
        f"  - id: w{week_no}-{index + 1}",
        f"    title: {scalar(title)}",
        f"    week: {week_no}",
    ]
    lines += block("description", description, 4)
    lines.append("    phases:")
    lines += phase("settle", f"{clip}/aankomen.opus", week.settle, shape.settle, 6)
    lines += [f"      - repeat: {shape.waves}", "        phases:"]
    asks = week_no >= ASK_FROM_WEEK
    lines += phase(
        "arousal", f"{clip}/golf.opus", week.arousal, shape.arousal, 10, shape.level, asks
    )
    lines += phase("rest", f"{clip}/rust.opus", week.rest, shape.rest, 10)
    lines += phase("closing", f"{clip}/afronden.opus", week.closing, shape.closing, 6)
    lines.append("    reflection:")
    for prompt in week.prompts:
        lines.append(f"      - id: {prompt['id']}")
        lines.append(f"        ask: {scalar(prompt['ask'])}")
        lines.append(f"        type: {prompt['type']}")
        if "labels" in prompt:
            lines.append(f"        labels: {flow_list(prompt['labels'])}")
        if "options" in prompt:
            lines.append(f"        options: {flow_list(prompt['options'])}")
    return lines


def build() -> str:
    lines = header()
    for week_no, (week, shape) in enumerate(zip(WEEKS, SHAPES, strict=True), start=1):
        lines.append(
            f"  # Week {week_no}: {shape.waves} golven van {duration(shape.arousal)}, "
            f"niveau {shape.level}"
        )
        for index in range(3):
            lines += session(week_no, week, shape, index)
    return "\n".join(lines) + "\n"


def main() -> int:
    text = build()
    data = yaml.safe_load(text)  # a round-trip check: the text parses as meant
    assert len(data["sessions"]) == 18
    for shape in SHAPES:
        assert 15 <= shape.minutes <= 30, shape
    TARGET.parent.mkdir(parents=True, exist_ok=True)
    TARGET.write_text(text, encoding="utf-8")
    print(f"wrote {TARGET} ({len(data['sessions'])} sessions)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
