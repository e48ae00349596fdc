"""Preview through the real engine: play the selected session from the selected phase on the
sound device (the Player's mixer, so the coach hears what the client hears, bells included),
and render the session to a WAV file.

What is played is the last version of the document that checked out (saved or not), with
the files as they are on disk. The cursor on the wave follows the player, polled every
100 ms (the audio thread never calls the GUI).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QFileDialog, QMainWindow, QMessageBox

from ...core.problems import UserError, describe_error
from ...core.program import Program, session_timeline
from ..i18n import tr
from ..tasks import run_in_background
from .outline import first_playings
from .session_page import SessionPage


class Preview(QObject):
    def __init__(self, page: SessionPage, output_factory: Any = None) -> None:
        super().__init__(page)
        self.page = page
        self.studio = page.studio
        self.output_factory = output_factory
        self.player: Any = None
        self._timer = QTimer(self)
        self._timer.setInterval(100)
        self._timer.timeout.connect(self._poll)

    def _session_id(self) -> str | None:
        node = self.page.session_node()
        return str(node.get("id")) if hasattr(node, "get") else None

    def _start_phase(self) -> int:
        row = self.page.current_row()
        if row is None:
            return 0
        return first_playings(self.page.session_path, self.page.session_node()).get(row.path, 0)

    def _ready(self, title: str, not_yet: str) -> tuple[Program, str] | None:
        """The last programme that checked out and the shown session's id, if it has it."""
        program, session_id = self.studio.program, self._session_id()
        if program is None or session_id not in {s.id for s in program.sessions}:
            QMessageBox.information(self.page, title, not_yet)
            return None
        assert session_id is not None
        return program, session_id

    def toggle(self) -> None:
        """Play from the selected phase, or stop when playing."""
        if self.player is not None:
            self.shutdown()
            return
        ready = self._ready(
            tr("Preview"),
            tr("The session can be played once it checks out: correct the errors listed first."),
        )
        if ready is None:
            return
        program, session_id = ready
        from ...engine import Player, SoundDeviceOutput

        output = self.output_factory() if self.output_factory else SoundDeviceOutput(device=None)
        player = Player(output)
        try:
            player.open(program, session_id)
            timeline = session_timeline(program, session_id)
            phases = timeline.phases
            index = min(self._start_phase(), len(phases) - 1)
            player.play()
            if index > 0:
                player.seek(phases[index].start)
        except UserError as error:
            player.close()
            QMessageBox.warning(self.page, tr("Preview"), str(error))
            return
        self.player = player
        self._timer.start()

    def _poll(self) -> None:
        player = self.player
        if player is None:
            return
        snap = player.snapshot()
        player.drain_events()
        self.page.wave.set_position(snap.position)
        if snap.message:
            self._say(snap.message, 8000)
        if snap.state in ("finished", "stopped", "idle"):
            self.shutdown()

    def shutdown(self) -> None:
        self._timer.stop()
        if self.player is not None:
            self.player.stop()
            self.player.close()
            self.player = None

    def _say(self, text: str, ms: int = 0) -> None:
        window = self.page.window()
        if isinstance(window, QMainWindow):
            window.statusBar().showMessage(text, ms)

    def _failed(self, error: BaseException) -> None:
        QMessageBox.warning(self.page, tr("Render"), describe_error(error))

    def render_session(self) -> None:
        from ...engine import open_session, render

        ready = self._ready(
            tr("Render"),
            tr("The session can be rendered once it checks out: correct the errors first."),
        )
        if ready is None:
            return
        program, session_id = ready
        chosen, _filter = QFileDialog.getSaveFileName(
            self.page,
            tr("Render the session to a WAV file"),
            str(self.studio.folder.parent / f"{session_id}.wav"),
            tr("WAV files") + " (*.wav)",
        )
        if not chosen:
            return
        out = Path(chosen)
        self._say(tr("Rendering {path}…", path=out))

        def work() -> int:
            return int(render(open_session(program, session_id, 48_000).mixer, out))

        def done(frames: object) -> None:
            seconds = int(frames) // 48_000 if isinstance(frames, int) else 0
            self._say(
                tr("Rendered {path} ({m} min {s} s)", path=out, m=seconds // 60, s=seconds % 60),
                10_000,
            )

        run_in_background(work, done, self._failed)
