"""`play` in a real terminal (a pty): digits and Up/Down give the lived level, the live line
shows it, each is in the journal at once, and Escape alone still stops."""

from __future__ import annotations

from pathlib import Path

import pytest
from ptyplay import Terminal
from test_play import _log, installed  # noqa: F401  (the fixture)


@pytest.fixture
def sink(paced_sink: None) -> None:
    """The paced sound device (the session's `paced_sink`, started once)."""


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
