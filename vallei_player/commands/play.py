"""`vallei-player play PROGRAM_ID [--session ID] [--device DEV]`: practise in the terminal.

Plays on the sound device through the same Player the app uses and records the attempt in
the journal the same way the app does (core.recorder.PracticeRecorder, driven by the same
player events): the attempt is started at once, checkpointed from the poll loop, and
finished as completed or stopped. Ctrl-C and SIGTERM stop cleanly and log a partial session;
even a hard kill loses at most the last few seconds (the recorder checkpoints at least every 4 s).

Keys in a terminal: Space pauses and resumes, n/p go to the next/previous phase, q or Escape
stops; 0-9 give the lived level, Up/Down step it (terminal_keys.py tells an arrow key from a
lone Escape), each with a soft tick; the live line shows the level given.
"""

from __future__ import annotations

import argparse
import math
import signal
import sys
import time
from typing import TYPE_CHECKING

from ..core.problems import UserError
from ..i18n import _
from .terminal_keys import ReadKey, keys

if TYPE_CHECKING:  # loaded by run(), not when the CLI builds its parser
    from ..core.journal import Journal
    from ..core.practice import PracticeRecorder
    from ..core.program import Program, Session
    from ..engine import Player, PlayerSnapshot

POLL_S = 0.1
RETRIES_WITHOUT_TERMINAL = 3


class _Terminated(Exception):
    """SIGTERM: stop like Ctrl-C does."""


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "program_id", metavar="PROGRAM_ID", help=_("an installed program (see `programs`)")
    )
    parser.add_argument(
        "--session", metavar="ID", help=_("the session to play (default: the next one due)")
    )
    parser.add_argument(
        "--device",
        metavar="DEV",
        help=_("sound device: its number or (part of) its name (default: the system's)"),
    )


def run(args: argparse.Namespace) -> int:
    from ..core.journal import open_for_cli
    from ..core.packs import library
    from ..core.practice import next_session_id

    program = library.load(args.program_id)
    with open_for_cli() as journal:
        session_id = args.session or next_session_id(program, journal.attempts(program.id))
        if session_id is None:
            raise UserError(
                _(
                    "every session of '{id}' has been practised; "
                    "choose one to play again with --session ID"
                ).format(id=program.id)
            )
        session = program.require_session(session_id)
        device = _device(args.device)
        return _practise(program, session, journal, device)


def _device(text: str | None) -> int | str | None:
    """The --device value, checked before anything is recorded: a typo is not an attempt."""
    if text is None:
        return None
    device: int | str = int(text) if text.isdigit() else text
    try:
        import sounddevice as sd

        sd.query_devices(device, "output")
    except OSError as e:  # PortAudio missing
        raise UserError(_("the sound system cannot be used ({reason})").format(reason=e)) from None
    except (ValueError, sd.PortAudioError):
        names = ", ".join(
            f"{i}: {d['name']}"
            for i, d in enumerate(sd.query_devices())
            if d["max_output_channels"] > 0
        )
        raise UserError(
            _("no sound output matches '{name}'; choose one of: {names}").format(
                name=text, names=names or _("none found")
            )
        ) from None
    return device


def _practise(
    program: Program, session: Session, journal: Journal, device: int | str | None
) -> int:
    from ..core.practice import PracticeRecorder
    from ..engine import Player, SoundDeviceOutput

    player = Player(SoundDeviceOutput(device), rate=48_000)
    player.open(program, session.id)
    opened = player.session
    timeline = opened.timeline if opened is not None else None
    recorder = PracticeRecorder(journal, program, session, timeline=timeline)
    recorder.start()
    tty = sys.stdin.isatty() and sys.stdout.isatty()
    playing = _("Playing '{session}' ({id}) of {program}.").format(
        session=session.title, id=session.id, program=program.title
    )
    print(playing, flush=True)
    if tty:
        help_line = _("Space: pause/resume   n/p: next/previous phase   q or Ctrl-C: stop")
        print(help_line, flush=True)
        print(_("0-9: your level now   Up/Down: one higher/lower"), flush=True)
    previous = signal.signal(signal.SIGTERM, _on_sigterm)
    code = 0
    try:
        player.play()
        with keys(tty) as read_key:
            code = _loop(player, recorder, session, read_key, tty)
    except (KeyboardInterrupt, _Terminated) as e:
        code = 130 if isinstance(e, KeyboardInterrupt) else 143
        player.stop()
        _drain(player, recorder, session, tty)
    finally:
        signal.signal(signal.SIGTERM, previous)
        snap = player.snapshot()
        if not recorder.finished:  # an error of ours: keep what was listened
            recorder.progress(snap.listened_s, max(snap.phase_index, 0))
            recorder.finish(False, "stopped")
        player.close()
    if tty:
        print()
    if snap.state == "stopped" and snap.message:  # e.g. a clip that could not be decoded
        print(f"vallei-player play: {snap.message}", file=sys.stderr)
        code = code or 1
    if snap.state == "finished" and recorder.completed:
        print(_("Completed: {time} listened.").format(time=_clock(recorder.listened_s)))
    elif snap.state == "finished":
        skipped = _("Reached the end after skipping ahead, {time} listened; logged as partial.")
        print(skipped.format(time=_clock(round(recorder.listened_s))))
    else:
        stopped = _("Stopped after {time} listened; logged as not completed.")
        print(stopped.format(time=_clock(round(recorder.listened_s))))
    return code


def _loop(
    player: Player, recorder: PracticeRecorder, session: Session, read_key: ReadKey, tty: bool
) -> int:
    retries = 0
    while True:
        state = _drain(player, recorder, session, tty)
        if state in ("finished", "stopped"):
            return 0
        snap = player.snapshot()
        if state == "paused" and snap.message and not tty:
            if retries >= RETRIES_WITHOUT_TERMINAL:
                player.stop()
                _drain(player, recorder, session, tty)
                return 1
            retries += 1
            time.sleep(2)
            player.play()
        key = read_key(POLL_S)
        if key == " ":
            player.toggle()
        elif key == "n":
            player.next_phase()
        elif key == "p":
            player.previous_phase()
        elif key in ("q", "escape"):
            player.stop()
        elif key is not None:
            _give_level(player, recorder, key)


def _give_level(player: Player, recorder: PracticeRecorder, key: str) -> None:
    from ..core.practice import next_level

    level = next_level(recorder.last_level, key)
    if level is None:
        return
    snap = player.snapshot()
    recorder.level(level, snap.listened_s, max(snap.phase_index, 0), snap.position_s)
    player.acknowledge()


def _drain(player: Player, recorder: PracticeRecorder, session: Session, tty: bool) -> str:
    """Hand the player's events to the recorder exactly as the app does; update the line."""
    from ..engine import DeviceError, Finished, Paused, PhaseEntered, Resumed, Skipped, Stopped

    snap = player.snapshot()
    for event in player.drain_events():
        match event:
            case PhaseEntered(index=index):
                recorder.progress(snap.listened_s, index)
                if not tty:
                    print(_status(snap, session, index), flush=True)
            case Paused():
                recorder.paused()
            case Resumed():
                recorder.resumed()
            case Skipped(from_index=from_index, to_index=to_index):
                recorder.skipped(from_index, to_index)
            case DeviceError(message=message):
                hint = _("press Space to try again") if tty else _("trying again")
                stopped = _("{problem}. ({hint})").format(
                    problem=message[:1].upper() + message[1:], hint=hint
                )
                print("\n" + stopped, file=sys.stderr, flush=True)
            case Finished() | Stopped():
                completed = isinstance(event, Finished)
                recorder.progress(snap.listened_s, snap.phase_index)
                recorder.finish(completed, "finished" if completed else "stopped")
    if snap.state in ("playing", "paused", "preparing") and snap.phase_index >= 0:
        recorder.progress(snap.listened_s, snap.phase_index)
        if tty:
            if snap.state == "preparing":
                line = _("Preparing the sound...")
            else:
                line = _status(snap, session, snap.phase_index)
                if recorder.last_level is not None:
                    line += "  " + _("level {level}").format(level=recorder.last_level)
                line += "  " + _("(paused)") if snap.state == "paused" else ""
            print(f"\r{line}\x1b[K", end="", flush=True)
    return str(snap.state)


def _status(snap: PlayerSnapshot, session: Session, index: int) -> str:
    phases = session.phases
    index = min(max(index, 0), len(phases) - 1)
    phase = phases[index]
    title = phase.title or phase.kind.capitalize()
    elapsed, total = snap.position_s, snap.length_s
    return _("phase {n}/{count} {title}  {elapsed} / {total}  remaining {left}").format(
        n=index + 1,
        count=len(phases),
        title=title,
        elapsed=_clock(elapsed),
        total=_clock(total),
        left=_clock(math.ceil(max(total - elapsed, 0))),
    )


def _clock(seconds: float) -> str:
    whole = int(seconds)
    h, rest = divmod(whole, 3600)
    m, s = divmod(rest, 60)
    return f"{h}:{m:02d}:{s:02d}" if h else f"{m:02d}:{s:02d}"


def _on_sigterm(signum: int, frame: object) -> None:
    raise _Terminated()
