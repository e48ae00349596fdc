"""Commands started in a real terminal (a pty), for the tests that type keys or passphrases."""

from __future__ import annotations

import fcntl
import os
import select
import subprocess
import sys
import termios
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent.parent


class PtyCommand:
    """`vallei-player ARGS...` with a pty as its stdin, stdout and stderr; what it wrote so
    far is in `seen`. `controlling` makes the pty its controlling terminal too (getpass
    reads hidden input from there)."""

    def __init__(self, args: list[str], env: dict[str, str], controlling: bool = False) -> None:
        import pty

        def own_terminal() -> None:
            os.setsid()
            fcntl.ioctl(0, termios.TIOCSCTTY, 0)

        self.leader, follower = pty.openpty()
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "vallei_player", *args],
            cwd=REPO,
            env={**os.environ, **env},
            stdin=follower,
            stdout=follower,
            stderr=follower,
            start_new_session=not controlling,
            preexec_fn=own_terminal if controlling else None,
        )
        os.close(follower)
        self.seen = b""

    def read_until(self, marker: bytes, timeout: float = 30.0) -> None:
        deadline = time.monotonic() + timeout
        while marker not in self.seen:
            assert time.monotonic() < deadline, self.seen.decode(errors="replace")
            if select.select([self.leader], [], [], 0.2)[0]:
                try:
                    self.seen += os.read(self.leader, 4096)
                except OSError:
                    break


class Terminal(PtyCommand):
    """`vallei-player play PROGRAM_ID` in a terminal."""

    def __init__(self, program_id: str, home: Path) -> None:
        super().__init__(["play", program_id], {"VALLEI_PLAYER_HOME": str(home)})

    def type(self, keys: bytes, then_see: bytes) -> None:
        self.seen = b""
        os.write(self.leader, keys)
        self.read_until(then_see)

    def close(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
        os.close(self.leader)
