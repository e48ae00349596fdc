"""Keys as `play` reads them from a real terminal (a pty): an arrow key's escape sequence is
one key, not a lone Escape (which stops), and unknown sequences do nothing."""

from __future__ import annotations

import os
import pty
import termios
import tty
from collections.abc import Iterator

import pytest

from vallei_player.commands.terminal_keys import KeyReader
from vallei_player.core.practice import next_level


@pytest.fixture
def terminal() -> Iterator[tuple[int, KeyReader]]:
    leader, follower = pty.openpty()
    tty.setcbreak(follower)
    termios.tcflush(follower, termios.TCIFLUSH)
    yield leader, KeyReader(follower)
    os.close(leader)
    os.close(follower)


def keys_for(terminal: tuple[int, KeyReader], typed: bytes) -> list[str]:
    leader, reader = terminal
    os.write(leader, typed)
    found = []
    while (key := reader.read(0.3)) is not None:
        found.append(key)
    return found


def test_arrows_are_up_and_down(terminal: tuple[int, KeyReader]) -> None:
    assert keys_for(terminal, b"\x1b[A\x1b[B\x1bOA\x1bOB") == ["up", "down", "up", "down"]


def test_a_lone_escape_is_escape(terminal: tuple[int, KeyReader]) -> None:
    assert keys_for(terminal, b"\x1b") == ["escape"]


def test_escape_typed_after_an_arrow_is_still_escape(terminal: tuple[int, KeyReader]) -> None:
    leader, reader = terminal
    os.write(leader, b"\x1b[A")
    assert reader.read(0.3) == "up"
    assert reader.read(0.1) is None
    os.write(leader, b"\x1b")
    assert reader.read(0.3) == "escape"


def test_other_sequences_do_nothing_and_their_letters_are_not_commands(
    terminal: tuple[int, KeyReader],
) -> None:
    # Right arrow, F5, Page Up, a modified Up (ESC [ 1 ; 5 A) and then a digit.
    assert keys_for(terminal, b"\x1b[C\x1b[15~\x1b[5~\x1b[1;5A7") == ["7"]


def test_digits_letters_and_a_dutch_character(terminal: tuple[int, KeyReader]) -> None:
    assert keys_for(terminal, " Nq0ë".encode()) == [" ", "n", "q", "0", "ë"]


def test_up_and_down_step_within_0_to_10() -> None:
    assert next_level(None, "up") == 1
    assert next_level(None, "down") == 0
    assert next_level(0, "down") == 0
    assert next_level(10, "up") == 10
    assert next_level(9, "up") == 10
    assert next_level(4, "7") == 7
    assert next_level(4, "n") is None
