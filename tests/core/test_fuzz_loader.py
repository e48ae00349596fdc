"""Whatever is in program.yaml, check_program answers with Problems, never an exception.

Three kinds of input: arbitrary bytes, arbitrary YAML-ish text, and structurally plausible
programs (real keys, random values) that reach deep into the schema checks. How fast it
answers them is measured by tests/perf/bench_bounds.py, not asserted here.
"""

from __future__ import annotations

from pathlib import Path

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from vallei_player.core.problems import ProgramError
from vallei_player.core.program import check_program

KEYS = [
    "format", "id", "version", "title", "language", "author", "schedule", "audio", "reflection",
    "sessions", "phases", "kind", "voice", "duration", "level", "speaker", "repeat", "cue",
    "bed", "bed_gain", "crossfade", "fade_out", "days", "time", "type", "min", "max", "options",
    "labels", "ask", "week", "sessions_per_week", "name", "prompt",
]  # fmt: skip
SCALARS = st.one_of(
    st.sampled_from(["1", "90", "1:30", "3m", "2.5s", "-18dB", "none", "turn", "A", "rest",
                     "audio/x.ogg", "../x", "/etc/passwd", "yes", "~", "", "1.0.0", "nl", "mon"]),
    st.text(max_size=12),
    st.integers(-(10**12), 10**12),
    st.floats(allow_nan=True),
    st.booleans(),
    st.none(),
)  # fmt: skip
VALUES = st.recursive(
    SCALARS,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4),
        st.dictionaries(st.sampled_from(KEYS), inner, max_size=5),
    ),
    max_leaves=25,
)
YAMLISH = st.text(
    alphabet=st.sampled_from([*list("abc:-[]{}&*!|>#'\"\n\t ,?%@`09.~\\\x00\ufeff"), "é", "—"]),
    max_size=300,
)
FUZZ = settings(
    max_examples=120,
    deadline=None,  # speed is the benchmark's business (tests/perf/bench_bounds.py)
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    database=None,
)


def _check(folder: Path, data: bytes) -> None:
    (folder / "program.yaml").write_bytes(data)
    try:
        program, problems = check_program(folder)
    except ProgramError:  # the loader's own type is the only thing allowed out
        return
    assert program is not None or any(p.is_error for p in problems)
    for problem in problems:
        assert str(problem).startswith(str(folder / "program.yaml") + ":")


@FUZZ
@given(data=st.binary(max_size=400))
def test_arbitrary_bytes(tmp_path: Path, data: bytes) -> None:
    _check(tmp_path, data)


@FUZZ
@given(text=YAMLISH)
def test_arbitrary_yamlish_text(tmp_path: Path, text: str) -> None:
    _check(tmp_path, text.encode("utf-8", "surrogatepass"))


@FUZZ
@given(
    top=st.fixed_dictionaries(
        {"format": st.just(1), "id": st.just("org.example.fuzz"), "version": st.just("1.0.0"),
         "title": st.just("Fuzz"), "language": st.just("en")},
        optional={"sessions": VALUES, "schedule": VALUES, "audio": VALUES, "reflection": VALUES},
    )
)  # fmt: skip
def test_plausible_programs_with_random_values(tmp_path: Path, top: dict[str, object]) -> None:
    _check(tmp_path, yaml.safe_dump(top, allow_unicode=True).encode())


PHASE_VALUES = st.one_of(
    SCALARS, st.sampled_from(["settle", "arousal", "closing", "B", "0.5", "4m"])
)
PHASE = st.dictionaries(
    st.sampled_from(["kind", "title", "voice", "duration", "level", "speaker", "prompt", "cue",
                     "bed", "bed_gain", "crossfade", "script", "duraton"]),
    PHASE_VALUES,
    max_size=6,
)  # fmt: skip
PHASES = st.recursive(
    st.lists(PHASE, max_size=4),
    lambda inner: st.lists(
        st.one_of(PHASE, st.fixed_dictionaries({"repeat": st.integers(-2, 30), "phases": inner})),
        max_size=3,
    ),
    max_leaves=10,
)
SESSION = st.fixed_dictionaries(
    {"id": st.sampled_from(["s1", "s2", "S 3", "w1-1"]), "title": st.just("S"), "phases": PHASES},
    optional={"week": SCALARS, "audio": VALUES, "reflection": VALUES},
)


@FUZZ
@given(sessions=st.lists(SESSION, max_size=4))
def test_plausible_sessions_and_phases(tmp_path: Path, sessions: list[dict[str, object]]) -> None:
    top = {
        "format": 1,
        "id": "org.example.fuzz",
        "version": "1.0.0",
        "title": "F",
        "language": "en",
    }
    _check(tmp_path, yaml.safe_dump({**top, "sessions": sessions}).encode())
