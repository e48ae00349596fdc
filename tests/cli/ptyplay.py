"""`vallei-player play` started in a real terminal (a pty), for the tests that type keys."""

from __future__ import annotations

import os
import select
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent.parent


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
