"""Starting the desktop app: `run_app(argv) -> int`.

The window is shown before anything slow happens: the journal opens on its own thread, the
demo programs are installed and the library is read in the background, and every view but
Home is built the first time it is opened. `VALLEI_PLAYER_EXIT_AFTER_MS=N` quits N ms after
the window is shown (the start-up benchmark and the network audit use it).
"""

from __future__ import annotations

import contextlib
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QSocketNotifier, QTimer
from PySide6.QtWidgets import QApplication

from ..core.store import Settings
from . import i18n, style, tasks
from .application import make_application
from .context import AppContext
from .main_window import IdleWatch, MainWindow

ENV_EXIT_AFTER = "VALLEI_PLAYER_EXIT_AFTER_MS"
ENV_STARTUP_STAMP = "VALLEI_PLAYER_STARTUP_STAMP"
LOCK_CHECK_MS = 30_000


def sound_device_output(context_settings: Settings) -> Callable[[], Any]:
    """The real sound device, as chosen in Settings (empty: the system default)."""

    def make() -> Any:
        from ..engine import SoundDeviceOutput

        return SoundDeviceOutput(device=context_settings.values.audio_device or None)

    return make


def build(
    settings: Settings,
    output_factory: Callable[[], Any] | None = None,
    clock: Callable[[], Any] | None = None,
    tray: bool = True,
    defer: bool = False,
) -> tuple[AppContext, MainWindow]:
    """The context and the main window, with the journal opening and the library loading.

    `defer` starts the journal and the library only once the window is on screen, so the
    first paint neither waits for that work nor competes with it for the interpreter.
    """
    app = QApplication.instance()
    if isinstance(app, QApplication):
        style.install(app)  # also when a test made the application
    i18n.set_language(i18n.resolve(settings.values.language))
    tasks.install_dispatcher()
    kwargs: dict[str, Any] = {} if clock is None else {"clock": clock}
    context = AppContext(settings, output_factory or sound_device_output(settings), **kwargs)
    window = MainWindow(context, quick_start=defer)
    if tray:
        from .tray import Reminders

        window.tray = Reminders(context, window)
    from .autostart import Autostart

    window.autostart = Autostart(context)  # the login entry follows its setting
    if not settings.values.welcome_done:
        window.start_view = "welcome"
        if not defer:
            window.show_view("welcome")
    if settings.notice:
        window.banner.show_message(settings.notice)  # already in the language in use
    if defer:
        window.shown_once.connect(
            lambda: QTimer.singleShot(0, lambda: start_journal(context, window))
        )
    else:
        start_journal(context, window)
    return context, window


def start_journal(context: AppContext, window: MainWindow) -> None:
    """Opens the journal (asking for the passphrase when it is encrypted), then the library."""

    def opened(error: BaseException | None) -> None:
        from ..core.journal import JournalLocked

        if isinstance(error, JournalLocked):
            window.lock()
        elif error is not None:
            from ..core.problems import describe_error

            window.banner.show_message(describe_error(error))

    context.open_journal(None, opened)
    context.load_library()


def watch_idle(app: QApplication, context: AppContext, window: MainWindow) -> Callable[[], None]:
    """Locks an encrypted journal after the chosen idle time (never while a session plays).

    The input filter sees every event of the app, so it is installed only while a lock time
    is set and the journal is encrypted: otherwise it would cost CPU for nothing.
    """
    idle = IdleWatch()
    window._idle = idle  # type: ignore[attr-defined]  # kept alive with the window
    installed = [False]

    def arm() -> None:
        wanted = bool(context.settings.values.lock_after_minutes) and context.encrypted
        if wanted != installed[0]:
            (app.installEventFilter if wanted else app.removeEventFilter)(idle)
            installed[0] = wanted
            idle.last_input = time.monotonic()

    def check() -> None:
        arm()
        minutes = context.settings.values.lock_after_minutes
        playing = context.playback is not None and context.playback.active
        if (
            installed[0]
            and not playing
            and window.current_view() != "lock"
            and idle.idle_seconds() > minutes * 60
        ):
            context.journal.close()
            context.journal_open = False
            window.lock()

    context.settings_changed.connect(lambda key: arm() if key == "lock_after_minutes" else None)
    context.journal_ready.connect(arm)
    timer = QTimer(window)
    timer.setInterval(LOCK_CHECK_MS)
    timer.timeout.connect(check)
    timer.start()
    return check


def quit_on_signals(window: MainWindow) -> None:
    """SIGTERM (a logout, `kill`) and Ctrl-C in a terminal quit as the Quit key does: the
    session's practice is recorded and drafts are saved.

    Python runs a signal handler only when it next runs Python code, which an idle event
    loop may not do for a long time; the wake-up pipe makes Qt's loop notice the signal.
    """
    import signal

    receive, send = os.pipe()  # a pipe, not a socket: the app opens no socket of any kind
    for end in (receive, send):
        os.set_blocking(end, False)
    signal.set_wakeup_fd(send)
    for number in (signal.SIGTERM, signal.SIGINT):
        signal.signal(number, lambda *_: None)  # the wake-up byte does the work
    notifier = QSocketNotifier(receive, QSocketNotifier.Type.Read, window)

    def woken() -> None:
        with contextlib.suppress(OSError):
            os.read(receive, 64)
        window.quit()

    notifier.activated.connect(woken)
    window._signal_pipe = (receive, send, notifier)  # type: ignore[attr-defined]


def join_desktop(context: AppContext, window: MainWindow) -> None:
    """Media keys and the desktop's media controls (MPRIS on the session bus), once the
    window is up: nothing of it is needed for the first paint."""
    from .mpris import MediaControls

    controls = MediaControls(context, window)
    window._media_controls = controls  # type: ignore[attr-defined]  # kept alive with the window
    window.destroyed.connect(controls.close)


def import_pack(window: MainWindow, pack: Path) -> None:
    """`vallei-player PACK.vallei` (a pack double-clicked in the file manager): the Library's
    own import, with its checks and questions; the Welcome or Lock screen stays in front."""
    from .library_view import LibraryView

    library = window.view("library")
    if window.current_view() not in ("welcome", "lock"):
        window.show_view("library")
    if isinstance(library, LibraryView):
        library.import_path(pack)


def run_app(
    argv: list[str] | None = None, open_pack: Path | None = None, background: bool = False
) -> int:
    """The desktop app; `background` (the autostart entry's `--background`): the tray and the
    reminders only, the window shown once the participant asks for it."""
    from ..core.problems import UserError

    try:  # before the QApplication: discreet mode decides the names it is made with
        settings: Settings | None = Settings.load()
    except UserError as error:  # e.g. the data folder is a file or cannot be created
        settings, problem = None, str(error)
    app = make_application(list(argv or []), bool(settings and settings.values.discreet_mode))
    if settings is None:
        from PySide6.QtWidgets import QMessageBox

        QMessageBox.critical(None, "", problem)
        return 1
    from ..core.program import PACK_SUFFIX
    from ..core.store import paths
    from .instance import Instance, tell_running

    folder = paths.data_dir()
    instance = Instance(folder)
    if not instance.acquire():
        # A pack double-clicked while the app runs goes to the running app's import.
        forwarded = [str(open_pack.resolve())] if open_pack is not None else []
        if tell_running(folder, forwarded):
            print("vallei-player: already open; its window was brought forward.")
        else:  # it holds the folder but does not answer (busy, or still starting)
            print("vallei-player: already open on this data folder.", file=sys.stderr)
        return 0
    context, window = build(settings, defer=True)

    def second_start(args: list[str]) -> None:
        window.bring_back()
        for arg in args:
            if arg.lower().endswith(PACK_SUFFIX) and Path(arg).is_file():
                import_pack(window, Path(arg))

    instance.raise_requested.connect(second_start)
    if open_pack is not None:  # after the journal starts opening (connected in build)
        window.shown_once.connect(
            lambda: QTimer.singleShot(0, lambda: import_pack(window, open_pack))
        )
    app.setQuitOnLastWindowClosed(window.tray is None or not window.tray.available())
    watch_idle(app, context, window)
    stamp = os.environ.get(ENV_STARTUP_STAMP)
    if stamp:  # the start-up benchmark: the moment the shown window handles events
        window.shown_once.connect(
            lambda: Path(stamp).write_text(f"{time.time():.6f}\n", encoding="utf-8")
        )
    exit_after = os.environ.get(ENV_EXIT_AFTER)
    if exit_after is not None:
        window.shown_once.connect(lambda: QTimer.singleShot(int(exit_after), window.quit))
    app.aboutToQuit.connect(window.quit)
    quit_on_signals(window)
    window.shown_once.connect(lambda: QTimer.singleShot(0, lambda: join_desktop(context, window)))
    if background:
        app.setQuitOnLastWindowClosed(False)  # hidden from the start: closing it keeps the app
        window.start_hidden()
    else:
        window.show()
    code = app.exec()
    tasks.shutdown_background()
    instance.release()
    return int(code)


if __name__ == "__main__":
    sys.exit(run_app(sys.argv[1:]))
