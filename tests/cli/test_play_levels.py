"""`play` in a real terminal (a pty): digits and Up/Down give the lived level, the live line
shows it, each is in the journal at once, and Escape alone still stops."""

from __future__ import annotations

import os
import select
import subprocess
import sys
import time
from pathlib import Path

import pytest
from test_play import REPO, _log, installed  # noqa: F401  (the fixture)


@pytest.fixture
def sink(paced_sink: None) -> None:
    """The paced sound device (the session's `paced_sink`, started once)."""


class Terminal:
    def __init__(self, program_id: str, home: Path) -> None:
        import pty

        env = {**os.environ, "VALLEI_PLAYER_HOME": str(home)}
        self.leader, follower = pty.openpty()
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "vallei_player", "play", program_id],
            cwd=REPO,
            env=env,
            stdin=follower,
            stdout=follower,
            stderr=follower,
            start_new_session=True,
        )
        os.close(follower)
        self.seen = b""

    def read_until(self, marker: bytes, timeout: float = 15.0) -> None:
        deadline = time.monotonic() + timeout
        while marker not in self.seen:
            assert time.monotonic() < deadline, self.seen.decode(errors="replace")
            if select.select([self.leader], [], [], 0.2)[0]:
                try:
                    self.seen += os.read(self.leader, 4096)
                except OSError:
                    break

    def type(self, keys: bytes, then_see: bytes) -> None:
        self.seen = b""
        os.write(self.leader, keys)
        self.read_until(then_see)

    def close(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
        os.close(self.leader)


@pytest.mark.sounddevice
def test_levels_from_the_keyboard_go_to_the_journal_and_escape_stops(
    installed: str,  # noqa: F811
    private_home: Path,
    sink: None,
) -> None:
    term = Terminal(installed, private_home)
    try:
        term.read_until(b"phase 1/3 Settle")
        assert b"0-9: your level now" in term.seen
        term.type(b"5", b"level 5")
        term.type(b"\x1b[A", b"level 6")  # Up: an arrow, not a stop
        term.type(b"9", b"level 9")
        term.type(b"\x1b[A", b"level 10")
        term.type(b"\x1b[A", b"level 10")  # never above 10
        term.type(b"\x1b[B", b"level 9")  # Down
        term.type(b"0\x1b[B", b"level 0")  # never below 0
        assert term.proc.poll() is None  # no arrow stopped it
        term.type(b"\x1b", b"logged as not completed")  # a lone Escape stops
        assert term.proc.wait(timeout=10) == 0
    finally:
        term.close()
    [attempt] = _log(private_home)
    levels = attempt["levels"]
    assert [x["level"] for x in levels] == [5, 6, 9, 10, 10, 9, 0, 0]  # type: ignore[index,union-attr]
    assert all(x["phase"] == 0 for x in levels)  # type: ignore[union-attr]
    times = [x["at_s"] for x in levels]  # type: ignore[union-attr]
    assert times == sorted(times) and 0 < times[0] <= float(attempt["listened_s"])  # type: ignore[arg-type]
