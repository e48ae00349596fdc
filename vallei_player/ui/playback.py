"""The session being played, independent of which view is on screen.

A QTimer polls `player.snapshot()` and drains the player's events; nothing calls back from
the audio thread. Progress goes to the PracticeRecorder on the journal thread (about once a
second; the recorder decides when to checkpoint), so practice is saved as it happens. Views
listen to `tick` and the other signals.

The poll runs only while a session is open, every 100 ms while the Player is on screen
(the cursor moves a pixel about every half second in a session of minutes, the clocks once a
second) and every 500 ms while nobody looks (another view, the window minimised or hidden):
then the poll only records practice and notices the end.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer, Signal

from .context import AppContext
from .i18n import tr
from .tasks import run_in_background

if TYPE_CHECKING:  # the engine (numpy) and the recorder load with the first session
    from ..core.journal import Journal
    from ..core.practice import PracticeRecorder
    from ..core.program import Program, Session, Timeline
    from ..engine import Player, PlayerEvent, PlayerSnapshot

POLL_MS = 100  # the Player view on screen
BACKGROUND_POLL_MS = 500  # nothing of the playback on screen
PROGRESS_EVERY_MS = 1000


class Playback(QObject):
    """Opens, plays and ends sessions; records them; tells the views."""

    opened = Signal()  # a session was loaded (timeline known)
    tick = Signal(object)  # PlayerSnapshot
    phase_changed = Signal(int)
    state_changed = Signal(str)
    ended = Signal(int, bool)  # attempt id, completed
    failed = Signal(str)
    level_given = Signal(int)  # a lived level (0-10) was given and sent to the journal
    # How far the start is prepared (0.0 to 1.0), rising. Emitted from the engine's watcher
    # thread: Qt queues it to the GUI thread, where this object and the views live.
    preparing_progress = Signal(float)

    def __init__(self, context: AppContext) -> None:
        super().__init__()
        self.context = context
        self.player: Player | None = None
        self.program: Program | None = None
        self.session: Session | None = None
        self.timeline: Timeline | None = None
        self.attempt_id: int | None = None
        self.level: int | None = None  # the lived level given last in this session
        self.lived: list[tuple[int, int]] = []  # (sample position, level), for the wave
        self._recorder: PracticeRecorder | None = None
        self._state = "idle"
        self._starts = 0  # how many sessions were started: only the latest is opened and played
        self._opening = threading.Lock()  # one Player.open at a time (pool threads)
        self._since_progress_ms = 0
        self._timer = QTimer(self)
        self._timer.setInterval(POLL_MS)
        self._timer.timeout.connect(self.poll)

    # -- state ------------------------------------------------------------------------------
    @property
    def state(self) -> str:
        return self._state

    @property
    def active(self) -> bool:
        """A session is open and not over (preparing, playing or paused)."""
        return self._state in ("preparing", "playing", "paused")

    def _ensure_player(self) -> Player:
        """The engine's Player on the chosen output, made on first use (imports numpy)."""
        if self.player is None:
            from ..engine import Player

            self.player = Player(output=self.context.output_factory(), rate=48_000)
        return self.player

    # -- commands ---------------------------------------------------------------------------
    def start(self, program: Program, session_id: str) -> None:
        """Opens the session in the background (probing, decoding ahead), records it, plays.

        A second Start while the first is still preparing wins: the first is never recorded
        and never plays. Opens run one at a time (the pool has two threads, the player one
        session), and only the latest start's result is acted on.
        """
        if self.active:
            self.stop()
        self._starts += 1
        start = self._starts
        self.program, self.session = program, program.session(session_id)
        self.timeline, self.attempt_id, self._recorder = None, None, None
        self.level, self.lived = None, []
        self._since_progress_ms = 0
        self._set_state("preparing")
        settings = self.context.settings

        def progress(fraction: float) -> None:  # the engine's thread: only a queued signal
            if start == self._starts:
                self.preparing_progress.emit(fraction)

        def work() -> Timeline | None:  # pool thread: nothing polls the player while it opens
            with self._opening:
                if start != self._starts:
                    return None  # a later Start came while this one waited: it opens instead
                player = self._ensure_player()
                player.set_voice_volume(settings.values.voice_volume)
                player.set_bed_volume(settings.values.bed_volume)
                player.open(program, session_id, on_progress=progress)
                opened = player.session
                return opened.timeline if opened is not None else None

        def opened(timeline: Timeline | None) -> None:
            if start == self._starts and timeline is not None:
                self._begin(program, session_id, timeline)

        def failed(error: BaseException) -> None:
            if start == self._starts:
                self._fail(error)

        run_in_background(work, opened, failed)

    def _begin(self, program: Program, session_id: str, timeline: Timeline) -> None:
        from ..core.practice import PracticeRecorder

        session = program.session(session_id)
        self.timeline = timeline
        clock = self.context.clock

        def record(j: Journal) -> int:
            recorder = PracticeRecorder(j, program, session, clock, timeline=timeline)
            attempt_id = recorder.start()
            self._recorder = recorder
            return attempt_id

        def recorded(attempt_id: int) -> None:
            self.attempt_id = attempt_id

        self.context.with_journal(record, recorded, changes=True)
        self.opened.emit()
        assert self.player is not None  # opened it, on the pool thread, a moment ago
        self.player.play()
        self._timer.start()

    def _fail(self, error: BaseException) -> None:
        import logging

        from ..core.problems import describe_error

        logging.getLogger(__name__).warning("playback could not start: %s", type(error).__name__)
        self._set_state("idle")
        self.failed.emit(
            tr("The session could not be played: {error}", error=describe_error(error))
        )

    def toggle(self) -> None:
        if self.player is not None and self._state in ("playing", "paused"):
            self.player.toggle()

    def pause(self) -> None:
        if self.player is not None and self._state == "playing":
            self.player.pause()

    def next_phase(self) -> None:
        if self.player is not None and self.active:
            self.player.next_phase()

    def previous_phase(self) -> None:
        if self.player is not None and self.active:
            self.player.previous_phase()

    def seek(self, sample: int) -> None:
        if self.player is not None and self.active:
            self.player.seek(sample)

    def stop(self) -> None:
        if self.player is not None and self.active:
            self.player.stop()
            self.poll()  # record the stop at once, even if the timer never fires again

    def set_voice_volume(self, value: float) -> None:
        self.context.set_setting("voice_volume", value)
        if self.player is not None:
            self.player.set_voice_volume(value)

    def set_bed_volume(self, value: float) -> None:
        self.context.set_setting("bed_volume", value)
        if self.player is not None:
            self.player.set_bed_volume(value)

    def give_level(self, level: int) -> None:
        """The participant's lived level now: to the journal at once, a soft tick, the wave."""
        if self.player is None or not self.active or self.timeline is None:
            return
        snap = self.player.snapshot()
        phase = max(int(snap.phase_index), 0)
        rate = snap.rate
        listened_s, position_s = snap.listened / rate, snap.position / rate
        self._to_recorder(lambda r: r.level(level, listened_s, phase, position_s))
        self.player.acknowledge()
        self.level = level
        self.lived.append((int(snap.position), level))
        self.level_given.emit(level)

    def level_key(self, key: str) -> None:
        """A level key (0-9, "up", "down"), as the CLI `play` takes them."""
        from ..core.practice import next_level

        level = next_level(self.level, key)
        if level is not None:
            self.give_level(level)

    def close(self) -> None:
        """Ends any session and releases the sound device (app quit)."""
        self.stop()
        self._timer.stop()
        if self.player is not None:
            self.player.close()
            self.player = None

    # -- polling ----------------------------------------------------------------------------
    def set_watched(self, watched: bool) -> None:
        """Polls often while the Player is on screen, rarely while nobody can see it."""
        self._timer.setInterval(POLL_MS if watched else BACKGROUND_POLL_MS)

    @property
    def poll_interval_ms(self) -> int:
        return int(self._timer.interval())

    @property
    def polling(self) -> bool:
        return bool(self._timer.isActive())

    def _set_state(self, state: str) -> None:
        if state != self._state:
            self._state = state
            self.state_changed.emit(state)

    def _to_recorder(
        self, action: Callable[[PracticeRecorder], None], *, changes: bool = False
    ) -> None:
        """`action(recorder)` on the journal thread, where the recorder writes."""

        def run(_: Journal) -> None:
            if self._recorder is not None:
                action(self._recorder)

        self.context.with_journal(run, changes=changes)

    def poll(self) -> None:
        if self.player is None:
            return
        snap = self.player.snapshot()
        for event in self.player.drain_events():
            self._on_event(event, snap)
        state = str(snap.state)
        if state in ("playing", "paused", "preparing"):
            self._set_state(state)
        self._since_progress_ms += self._timer.interval()
        if self._since_progress_ms >= PROGRESS_EVERY_MS and self.active:
            self._since_progress_ms = 0
            self._progress(snap.listened / snap.rate, snap.phase_index)
        self.tick.emit(snap)

    def _progress(self, listened_s: float, phase_index: int) -> None:
        self._to_recorder(lambda r: r.progress(listened_s, phase_index))

    def _on_event(self, event: PlayerEvent, snap: PlayerSnapshot) -> None:
        # The engine is loaded once a player exists: its event types are at hand.
        from ..engine import DeviceError, Finished, Paused, PhaseEntered, Resumed, Skipped, Stopped

        match event:
            case PhaseEntered(index=index):
                self._progress(snap.listened / snap.rate, index)
                self.phase_changed.emit(index)
            case Paused():
                self._to_recorder(lambda r: r.paused())
                self._set_state("paused")
            case Resumed():
                self._to_recorder(lambda r: r.resumed())
                self._set_state("playing")
            case Skipped(from_index=from_index, to_index=to_index):
                self._to_recorder(lambda r: r.skipped(from_index, to_index))
            case DeviceError(message=message):
                # The engine's sentence says what happened and what to check; the way to try
                # again is the app's own (the CLI says its key).
                self.failed.emit(
                    tr(
                        "{problem}. Press play to try again.",
                        problem=message[:1].upper() + message[1:],
                    )
                )
            case Finished():
                self._end(True, snap)
            case Stopped():
                self._end(False, snap)

    def _end(self, completed: bool, snap: PlayerSnapshot) -> None:
        self._timer.stop()
        self._progress(snap.listened / snap.rate, snap.phase_index)
        reason = "finished" if completed else "stopped"
        self._to_recorder(lambda r: r.finish(completed, reason), changes=True)
        self._set_state(reason)

        def announce(_: None) -> None:  # after the recorder has written the end
            if self.attempt_id is not None:
                # The recorder decides: reaching the end after skipping most is partial.
                recorder = self._recorder
                logged = bool(recorder.completed) if recorder is not None else completed
                self.ended.emit(self.attempt_id, logged)

        self.context.with_journal(lambda j: None, announce)
