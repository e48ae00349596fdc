"""Shared test set-up: an offscreen Qt platform and a private data folder for every test."""

from __future__ import annotations

import fcntl
import hashlib
import os
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
import soundserver
from hypothesis import settings
from locations import REPO

# Property tests judge behaviour, not speed: on a loaded 2-core CI machine Hypothesis's
# default 200 ms deadline makes them flaky. Tests that promise a time bound check it themselves.
settings.register_profile("vallei", deadline=None, print_blob=True)
settings.load_profile("vallei")

# pytest-qt aborts the whole run (exit 134, no message) when Qt finds no display.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# Messages are checked in English unless a test asks for Dutch, whatever the machine's locale
# (commands started by tests inherit this).
os.environ["LANGUAGE"] = "en"
# The suite never talks to the desktop of whoever runs it (their notifications, their media
# controls): tests that need a session bus start a private one (tests/desktop).
os.environ.pop("DBUS_SESSION_BUS_ADDRESS", None)


def pytest_sessionstart(session: pytest.Session) -> None:
    """Compile the translation catalogues once, so a Dutch test sees the .po as it is now."""
    if hasattr(session.config, "workerinput"):  # pytest-xdist workers: the controller did it
        return
    subprocess.run([sys.executable, str(REPO / ".ci" / "i18n.py"), "compile"], check=True)


@pytest.fixture(autouse=True)
def one_sound_test_at_a_time(request: pytest.FixtureRequest) -> Iterator[None]:
    """Tests on the sound server take turns (across xdist workers): they share its default
    sink, so a test that records the monitor would hear another test's sound played at the
    same moment. One lock file per sound server (its runtime folder names it)."""
    if request.node.get_closest_marker("sounddevice") is None:
        yield
        return
    server = os.environ.get("PULSE_RUNTIME_PATH") or os.environ.get("XDG_RUNTIME_DIR") or "-"
    name = hashlib.sha256(server.encode()).hexdigest()[:12]
    lock = Path(tempfile.gettempdir()) / f"vallei-sound-tests-{os.getuid()}-{name}.lock"
    with lock.open("a") as held:
        fcntl.flock(held, fcntl.LOCK_EX)
        yield


@pytest.fixture(autouse=True)
def private_home(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Path]:
    """Every test gets its own VALLEI_PLAYER_HOME, so nothing touches the real user's data."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("VALLEI_PLAYER_HOME", str(home))
    yield home


@pytest.fixture(autouse=True)
def english_again() -> Iterator[None]:
    """A test that switches to Dutch (the app's setting, set_language) leaves English behind."""
    yield
    from vallei_player.i18n import set_language

    set_language("en")


@pytest.fixture(scope="session")
def paced_sink() -> Iterator[None]:
    """The paced PulseAudio null sink (see tests/soundserver.py), or a skip saying why not."""
    why_not = soundserver.ensure()
    if why_not is not None:
        pytest.skip(why_not)
    yield
    soundserver.stop()
