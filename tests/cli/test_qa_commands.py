"""Every command answers --help and --version fast, coach commands never load Qt or audio
libraries, and the human-readable outputs read the way people write durations and counts."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from locations import PROGRAMS, REPO

from vallei_player import __version__
from vallei_player.cli import COMMANDS, main
from vallei_player.commands.log import listened
from vallei_player.core.packs import library

HEAVY = ("PySide6", "numpy", "sounddevice", "pydub")
PROBE = """
import sys
from vallei_player.__main__ import main
try:
    code = main(sys.argv[1:])
except SystemExit as e:
    code = e.code
heavy = sorted({m.split(".")[0] for m in sys.modules} & set(HEAVY))
print("HEAVY", heavy, "CODE", code)
""".replace("HEAVY)", repr(HEAVY) + ")")


def probe(*args: str, env: dict[str, str] | None = None) -> str:
    done = subprocess.run(
        [sys.executable, "-c", PROBE, *args],
        capture_output=True, text=True, cwd=REPO, timeout=60, env=env,
    )  # fmt: skip
    return done.stdout.splitlines()[-1]


def test_version_and_every_commands_help(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as e:
        main(["--version"])
    assert e.value.code == 0 and capsys.readouterr().out.strip() == f"vallei-player {__version__}"
    for name, _, help_text in COMMANDS:
        with pytest.raises(SystemExit) as e:
            main([name, "--help"])
        out = capsys.readouterr().out
        assert e.value.code == 0 and out.startswith(f"usage: vallei-player {name}"), name
        assert help_text[1:] in out


def test_coach_commands_load_no_qt_and_no_audio_libraries(tmp_path: Path) -> None:
    taster = str(PROGRAMS / "taster-en")
    # What makes `validate --help` quick: none of the heavy libraries is imported (its start-up
    # time is measured by tests/perf/bench_bounds.py beside a bare Python's).
    assert probe("validate", "--help") == "HEAVY [] CODE 0"
    assert probe("validate", "--no-levels", taster) == "HEAVY [] CODE 0"
    assert probe("info", "--json", "--no-levels", taster) == "HEAVY [] CODE 0"
    # measuring the clips' levels takes numpy, and still no Qt or sound library
    assert probe("validate", taster) == "HEAVY ['numpy'] CODE 0"
    assert probe("info", "--json", taster) == "HEAVY ['numpy'] CODE 0"
    assert probe("pack", taster, "-o", str(tmp_path / "t.vallei")) == "HEAVY [] CODE 0"


def test_python_dash_m_validates_the_taster() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "vallei_player", "validate", "--no-levels", "programs/taster-en"],
        capture_output=True, text=True, cwd=REPO, timeout=60,
    )  # fmt: skip
    assert (done.returncode, done.stdout) == (0, "programs/taster-en: OK, 3 sessions\n")


def test_the_app_without_a_display_says_so_instead_of_aborting() -> None:
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY")}
    env.pop("QT_QPA_PLATFORM", None)
    done = subprocess.run(
        [sys.executable, "-m", "vallei_player"], capture_output=True, text=True, cwd=REPO,
        env=env, timeout=60,
    )  # fmt: skip
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert "no graphical display was found" in done.stderr


@pytest.mark.parametrize(
    ("seconds", "shown"),
    [(0.4, "0 s"), (42, "42 s"), (59.4, "59 s"), (60, "1 min"), (420, "7 min"), (702, "12 min"),
     (3599, "1 h 00 min"), (3900, "1 h 05 min")],
)  # fmt: skip
def test_log_durations_read_as_people_write_them(seconds: float, shown: str) -> None:
    assert listened(seconds) == shown


def test_log_of_an_unknown_program_says_so(capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["log", "--program", "org.nobody.nothing"])
    err = capsys.readouterr().err
    assert code == 1 and "No program “org.nobody.nothing” is known here" in err


def test_programs_table_says_1_week(capsys: pytest.CaptureFixture[str]) -> None:
    library.install(PROGRAMS / "taster-en")
    assert main(["programs"]) == 0
    line = capsys.readouterr().out.splitlines()[0]
    assert "3 sessions   1 week   Taster" in line


def test_validating_several_says_which_passed(capsys: pytest.CaptureFixture[str]) -> None:
    taster, missing = str(PROGRAMS / "taster-en"), "/nonexistent/program"
    assert main(["validate", "--no-levels", taster, missing]) == 1
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == f"{taster}: OK, 3 sessions"
    assert lines[-1] == "1 error, 0 warnings in 2 programs"


def test_info_shows_levels_as_written(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["info", str(PROGRAMS / "vallei-basis-nl")]) == 0
    assert "level 0.45  voice audio/w1/golf.opus" in capsys.readouterr().out
