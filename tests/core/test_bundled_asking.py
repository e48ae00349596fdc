"""The bundled Dutch course and the English taster invite lived levels in a few phases."""

from __future__ import annotations

from locations import PROGRAMS

from vallei_player.core.program import load_program


def test_the_taster_asks_at_the_top_of_its_later_waves() -> None:
    program = load_program(PROGRAMS / "taster-en")
    asking = {s.id: [p.kind for p in s.phases if p.ask_level] for s in program.sessions}
    assert asking["arriving"] == []
    assert all(
        kinds and set(kinds) == {"arousal"} for sid, kinds in asking.items() if sid != "arriving"
    )


def test_the_dutch_course_asks_from_week_3_on_and_only_at_wave_tops() -> None:
    program = load_program(PROGRAMS / "vallei-basis-nl")
    for session in program.sessions:
        kinds = {p.kind for p in session.phases if p.ask_level}
        assert kinds == ({"arousal"} if session.week >= 3 else set()), session.id
