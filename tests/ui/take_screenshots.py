"""Screenshots of every view of the real app, in English and Dutch (docs/screenshots/).

Run under an X server (the script starts Xvfb itself when DISPLAY is not set):

    .venv/bin/python tests/ui/take_screenshots.py LANG [welcome] [--size WxH] [--suffix -WxH]
    QT_SCALE_FACTOR=1.5 .venv/bin/python tests/ui/take_screenshots.py LANG --suffix -1.5x

`--size` is the window's size (default: the app's own default, which fits the screen);
`--suffix` goes after the language in each file name (home-en-800x600.png).

Each language gets a fresh data folder with the bundled demo programs installed and three
weeks of practice in the journal, so Home and the Journal look as they do after a while.
Sessions play to the real sound device when one is available (else to the paced null output).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

REPO = Path(__file__).resolve().parents[2]
OUT = REPO / "docs" / "screenshots"
ZONE = "Europe/Amsterdam"
PROGRAM = {"en": "org.vallei.taster-en", "nl": "org.vallei.basis-nl"}
ANSWERS = {
    "en": [
        "Calmer than I expected; my breath slowed down by itself.",
        "My thoughts wandered to work at first. Coming back to the breath helped.",
        "The rest phases felt longer than the waves, in a good way.",
    ],
    "nl": [
        "Rustiger dan verwacht; mijn adem werd vanzelf langzamer.",
        "In het begin dwaalden mijn gedachten af naar mijn werk. Terug naar de adem hielp.",
        "De rustfasen voelden langer dan de golven, en dat was prettig.",
    ],
}


def seed_journal(language: str) -> int:
    """Three weeks of practice on the demo program; returns the last attempt (no reflection yet)."""
    from vallei_player.core.journal import Journal
    from vallei_player.core.packs import library
    from vallei_player.core.practice import PracticeSchedule

    library.ensure_demos()
    # The course by its exact id: a looser match (any program whose language starts with
    # "nl") would pick the couples' listening program for the Dutch screenshots.
    program = library.load(PROGRAM[language])
    if program.id != PROGRAM[language] or program.language.split("-")[0] != language:
        raise SystemExit(f"the {language} screenshots need {PROGRAM[language]}, got {program.id}")
    monday = shown_now().date() - timedelta(days=2)
    if language == "en":  # the one-week taster: begun last Wednesday
        start = monday - timedelta(days=5)
        plan = [(start, 1.0), (start + timedelta(days=2), 0.45), (monday, 1.0)]
    else:
        start = monday - timedelta(weeks=2)
        offsets = [(0, 1.0), (2, 1.0), (4, 1.0), (7, 1.0), (9, 0.45), (11, 1.0), (14, 1.0)]
        plan = [(start + timedelta(days=d), share) for d, share in offsets]
    schedule = PracticeSchedule(("mon", "wed", "fri"), "20:00", ZONE, start)
    tz = ZoneInfo(ZONE)
    today = shown_now().date()
    last = 0
    with Journal.open() as journal:
        journal.record_install(program.id, program.version, program.title)
        journal.set_schedule(program.id, schedule)
        for n, (day, share) in enumerate(plan):
            if day >= today:
                continue
            done_before = sum(1 for _, s in plan[:n] if s == 1.0)
            session = program.sessions[min(done_before, len(program.sessions) - 1)]
            began = datetime(day.year, day.month, day.day, 20, 4, tzinfo=tz).astimezone(UTC)
            total = _seconds(program, session.id)
            listened = total * share
            attempt = journal.start_attempt(program.id, program.version, session.id, began)
            _seed_levels(journal, program, session.id, attempt, share, n)
            journal.finish_attempt(
                attempt,
                completed=share == 1.0,
                reason="finished" if share == 1.0 else "stopped",
                ended=began + timedelta(seconds=listened + 30),
                listened_s=listened,
                phases_completed=len(session.phases) if share == 1.0 else len(session.phases) // 2,
                pauses=n % 2,
                skips=0,
            )
            last = attempt
            if day == monday:
                continue  # this one still waits for its reflection
            for k, prompt in enumerate(session.reflection):
                value: str | int | None
                if prompt.type == "scale":
                    value = min(prompt.max, prompt.min + 5 + (n + k) % 4)
                elif prompt.type == "choice":
                    value = prompt.options[(n + k) % len(prompt.options)]
                else:
                    value = ANSWERS[language][(n + k) % 3]
                journal.save_answer(attempt, prompt, value, final=True)
    return last


def _seed_levels(
    journal: object, program: object, session_id: str, attempt: int, share: float, n: int
) -> None:
    """Lived levels near the end of each phase heard, and the seconds heard per phase."""
    from vallei_player.core.program import session_timeline

    timeline = session_timeline(program, session_id)  # type: ignore[arg-type]
    rate = timeline.rate
    heard_until = timeline.length * share
    times = {}
    for tp in timeline.phases:
        heard = max(0, min(tp.end, heard_until) - tp.start) / rate
        times[tp.index] = heard
        if heard < 1:
            continue
        kind = tp.phase.kind
        level = {"settle": 1 + n % 2, "arousal": 4 + (tp.index + n) % 4, "rest": 2 + n % 2}.get(
            kind, 1
        )
        at = tp.start / rate + 0.85 * heard
        journal.record_level(  # type: ignore[attr-defined]
            attempt, at_s=at, phase=tp.index, level=level, position_s=at
        )
    journal.save_phase_times(attempt, times)  # type: ignore[attr-defined]


def shown_now() -> datetime:
    """Wednesday 17:00 of this week in Amsterdam: tonight's session is the next one."""
    tz = ZoneInfo(ZONE)
    today = datetime.now(tz).date()
    wednesday = today - timedelta(days=today.weekday()) + timedelta(days=2)
    return datetime(wednesday.year, wednesday.month, wednesday.day, 17, 0, tzinfo=tz)


def _seconds(program: object, session_id: str) -> float:
    from vallei_player.core.program import session_timeline

    return session_timeline(program, session_id).seconds  # type: ignore[arg-type]


def steps(
    language: str,
    window: object,
    context: object,
    last_attempt: int,
    shoot: Callable[[str, object], None],
) -> Iterator[float]:
    """The tour: each `yield` waits that many seconds for the app to settle."""
    w: object = window
    yield 1.5
    shoot("home", w)
    w.open_reflection(last_attempt)  # type: ignore[attr-defined]
    yield 0.6
    reflection = w.view("reflection")  # type: ignore[attr-defined]
    for k, field in enumerate(reflection.fields):
        if field.slider is not None:
            field.slider.choose(6)
        elif field.text is not None and k < 2:
            field.text.setPlainText(ANSWERS[language][k % 3])
    yield 0.6
    shoot("reflection", w)
    reflection.later()
    for name in ("journal", "library", "settings"):
        w.show_view(name)  # type: ignore[attr-defined]
        yield 1.2
        shoot(name, w)
        if name == "journal":
            yield from _journal_lived(w, shoot)
    from vallei_player.ui.export_dialog import ExportDialog

    dialog = ExportDialog(context, w)  # type: ignore[arg-type]
    dialog.show()
    yield 0.5
    shoot("export", dialog)
    dialog.close()
    w.show_view("home")  # type: ignore[attr-defined]
    yield 0.3
    w.view("home").start_button.click()  # type: ignore[attr-defined]
    playback = w.playback  # type: ignore[attr-defined]
    for _ in range(100):
        if playback.state == "playing":
            break
        yield 0.1
    timeline = playback.timeline
    arousal = next(
        (p for p in timeline.phases if p.phase.kind == "arousal"),
        timeline.phases[len(timeline.phases) // 2],
    )
    first = timeline.phases[0]
    for at, level in (
        (first.start + first.length // 3, 2),
        (first.start + 2 * first.length // 3, 3),
        (arousal.start + arousal.length // 10, 5),
        (arousal.start + arousal.length // 4, 6),
    ):
        playback.seek(at)
        yield 0.5
        playback.give_level(level)
    playback.seek(arousal.start + arousal.length // 3)
    yield 1.5
    shoot("player", w)
    shoot("player-lived", w)
    w.set_calm(True)  # type: ignore[attr-defined]
    yield 1.2
    shoot("calm", w)
    w.set_calm(False)  # type: ignore[attr-defined]
    yield 0.5
    playback.stop()
    yield 0.5
    w.lock()  # type: ignore[attr-defined]
    yield 0.5
    shoot("lock", w)


def _journal_lived(w: object, shoot: Callable[[str, object], None]) -> Iterator[float]:
    """The Journal with an attempt chosen (its wave, levels and answers), then the course."""
    view = w.view("journal")  # type: ignore[attr-defined]
    by_id = {a.id: a for a in view.data.attempts}
    tree = view.tree
    chosen = None
    for i in range(tree.topLevelItemCount()):
        week = tree.topLevelItem(i)
        for k in range(week.childCount()):
            attempt = by_id.get(week.child(k).data(0, 256))  # Qt.UserRole
            if chosen is None and attempt is not None and attempt.answers and attempt.levels:
                chosen = week.child(k)
    if chosen is not None:
        tree.setCurrentItem(chosen)
        tree.scrollToItem(chosen)
    yield 0.8
    shoot("journal-lived", w)
    view.show_course()
    yield 1.0
    shoot("course", view.course_dialog)
    view.course_dialog.close()
    yield 0.3


def report_page(language: str, shoot_path: Callable[[str], Path]) -> None:
    """The coach's PDF of the seeded journal, its first page as a PNG (black and white)."""
    from vallei_player.core.journal import Journal
    from vallei_player.core.practice import gather_report, to_json_dict
    from vallei_player.ui.report_pdf import write_report_pdf

    with Journal.open() as journal:
        report = gather_report(
            journal, program_id=PROGRAM[language], since=None, until=shown_now().date(),
            include_text=True, language=language, now=shown_now(),
        )  # fmt: skip
    pdf = Path(tempfile.mkdtemp()) / "report.pdf"
    write_report_pdf(to_json_dict(report), pdf)
    target = shoot_path("report-page")
    if target is not None:
        subprocess.run(
            ["pdftoppm", "-r", "80", "-png", "-f", "1", "-l", "1", "-singlefile", str(pdf),
             str(target.with_suffix(""))],
            check=True,
        )  # fmt: skip
        print("saved", target)


def first_run(language: str, shoot: Callable[[str, object], None]) -> None:
    """The welcome page on a fresh data folder."""
    run_app_tour(language, welcome=True, shoot=shoot)


def run_app_tour(
    language: str,
    welcome: bool,
    shoot: Callable[[str, object], None],
    size: tuple[int, int] | None = None,
) -> None:
    from PySide6.QtCore import QTimer

    from vallei_player.core.store import Settings
    from vallei_player.ui.app import build, make_application

    home = Path(tempfile.mkdtemp(prefix=f"vallei-shots-{language}-"))
    os.environ["VALLEI_PLAYER_HOME"] = str(home)
    last = 0 if welcome else seed_journal(language)
    app = make_application([])
    settings = Settings.load()
    settings.change("language", language)
    settings.change("welcome_done", not welcome)
    if not welcome:
        settings.change("active_program", PROGRAM[language])
    settings.save()
    context, window = build(settings, output_factory=_output(), clock=shown_now, tray=False)
    if size is not None:
        window.resize(*size)
    window.show()
    if welcome:
        tour: Iterator[float] = iter([2.0])

        def finish() -> None:
            shoot("welcome", window)
    else:
        tour = steps(language, window, context, last, shoot)

        def finish() -> None:
            pass

    def advance() -> None:
        try:
            delay = next(tour)
        except StopIteration:
            finish()
            window.quit()
            return
        QTimer.singleShot(int(delay * 1000), advance)

    QTimer.singleShot(0, advance)
    app.exec()
    if not welcome:
        report_page(language, getattr(shoot, "path_for", lambda name: None))
    shutil.rmtree(home, ignore_errors=True)


def _output() -> Callable[[], object]:
    def make() -> object:
        from vallei_player.engine import NullOutput, SoundDeviceOutput

        try:
            import sounddevice

            sounddevice.query_devices(kind="output")
            return SoundDeviceOutput()
        except Exception:
            return NullOutput("paced")

    return make


def main() -> int:
    if not os.environ.get("DISPLAY"):
        xvfb = subprocess.Popen(["Xvfb", ":97", "-screen", "0", "1280x800x24", "-nolisten", "tcp"])
        time.sleep(1.0)
        os.environ["DISPLAY"] = ":97"
    else:
        xvfb = None
    os.environ.pop("QT_QPA_PLATFORM", None)
    os.environ["TZ"] = ZONE
    import argparse

    parser = argparse.ArgumentParser()
    parser.add_argument("language")  # one language per process: one QApplication each
    parser.add_argument("welcome", nargs="?")
    parser.add_argument("--size")
    parser.add_argument("--suffix", default="")
    args = parser.parse_args()
    language = args.language
    size = tuple(int(v) for v in args.size.split("x")) if args.size else None
    OUT.mkdir(parents=True, exist_ok=True)

    # VALLEI_SHOTS=player-lived,course,... takes only those (others' screenshots stay as made).
    only = {n for n in os.environ.get("VALLEI_SHOTS", "").split(",") if n}

    def path_for(name: str) -> Path | None:
        if only and name not in only:
            return None
        return OUT / f"{name}-{language}{args.suffix}.png"

    def shoot(name: str, widget: object) -> None:
        path = path_for(name)
        if path is None:
            return
        widget.grab().save(str(path))  # type: ignore[attr-defined]
        print("saved", path)

    shoot.path_for = path_for  # type: ignore[attr-defined]

    try:
        run_app_tour(language, welcome=args.welcome == "welcome", shoot=shoot, size=size)  # type: ignore[arg-type]
    finally:
        if xvfb is not None:
            xvfb.terminate()
    return 0


if __name__ == "__main__":
    sys.exit(main())
