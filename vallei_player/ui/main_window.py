"""The main window: a calm sidebar of views, the banner, shortcuts, closing and hiding."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QGuiApplication, QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QApplication,
    QHBoxLayout,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMessageBox,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from . import icons, identity, keys
from .calm import USER_INPUT
from .context import AppContext
from .i18n import N_, tr
from .playback import Playback
from .widgets import Banner

SIDEBAR = (
    ("home", N_("Home")),
    ("player", N_("Player")),
    ("journal", N_("Journal")),
    ("library", N_("Library")),
    ("settings", N_("Settings")),
)
DOUBLE_ESCAPE_S = 0.6
DEFAULT_SIZE = (1100, 740)


class MainWindow(QMainWindow):
    shown_once = Signal()

    def __init__(self, context: AppContext, quick_start: bool = False) -> None:
        """`quick_start` builds Home just after the window is first shown (a faster start)."""
        super().__init__()
        self.context = context
        self.playback = Playback(context)
        context.playback = self.playback
        self.views: dict[str, QWidget] = {}
        self._factories: dict[str, Callable[[], QWidget]] = {
            "home": self._make_home,
            "player": self._make_player,
            "journal": self._make_journal,
            "library": self._make_library,
            "settings": self._make_settings,
            "reflection": self._make_reflection,
            "welcome": self._make_welcome,
            "lock": self._make_lock,
        }
        self.start_view = "home"  # or "welcome" on the first run
        self._ended_attempt: int | None = None  # waits for the completion moment
        self._last_escape = 0.0
        self._quitting = False
        self._shown = False
        self._switching = False
        self._view_keys = keys.ViewKeys(self)
        self.tray: Any = None
        self.autostart: Any = None
        central = QWidget()
        row = QHBoxLayout(central)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(0)
        self.sidebar = QListWidget()
        self.sidebar.setObjectName("sidebar")
        self.sidebar.setFixedWidth(190)
        self.sidebar.currentRowChanged.connect(self._sidebar_row)
        for _ in SIDEBAR:
            self.sidebar.addItem(QListWidgetItem())
        row.addWidget(self.sidebar)
        column = QVBoxLayout()
        column.setContentsMargins(0, 0, 0, 0)
        self.banner = Banner()
        self.stack = QStackedWidget()
        column.addWidget(self.banner)
        column.addWidget(self.stack, 1)
        row.addLayout(column, 1)
        self.setCentralWidget(central)
        self.resize(*default_size())
        self.setMinimumSize(min(760, self.width()), min(520, self.height()))
        self._shortcuts()
        self.playback.ended.connect(self._session_ended)
        self.playback.failed.connect(lambda m: self.banner.show_message(m, kind="problem"))
        self.playback.state_changed.connect(self._state_changed)
        context.problem.connect(lambda m: self.banner.show_message(m, kind="problem"))
        context.notice.connect(lambda m: self.banner.show_message(m, kind="success"))
        context.language_changed.connect(self.retranslate)
        context.settings_changed.connect(self._setting_changed)
        if quick_start:
            # The first view is built in the event loop's next turn, after the first paint.
            self.shown_once.connect(lambda: QTimer.singleShot(0, self._first_view))
        else:
            self.show_view("home")
        self.retranslate()

    # -- views ------------------------------------------------------------------------------
    def view(self, name: str) -> Any:
        """The view called `name`, made on first use (a quick start shows only Home)."""
        if name not in self.views:
            widget = self._factories[name]()
            widget.installEventFilter(self._view_keys)
            self.views[name] = widget
            self.stack.addWidget(widget)
        return self.views[name]

    def current_view(self) -> str:
        widget = self.stack.currentWidget()
        return next((k for k, v in self.views.items() if v is widget), "")

    def show_view(self, name: str) -> None:
        """Puts view `name` on screen, alone.

        Hiding the old page moves the keyboard focus away from it, and a list that gets the
        focus with no current row picks its first one: the sidebar would then ask for Home
        in the middle of this switch, and the nested switch left two pages on screen, one
        drawn through the other. So the sidebar's row is set first, a switch never starts
        inside another, and the focus goes to the new page, not wherever Qt puts it.
        """
        if self._switching:
            return
        self._switching = True
        try:
            widget = self.view(name)
            names = [n for n, _ in SIDEBAR]
            self.sidebar.blockSignals(True)
            self.sidebar.setCurrentRow(names.index(name) if name in names else -1)
            self.sidebar.blockSignals(False)
            focus = QApplication.focusWidget()
            had_focus = focus is not None and self.stack.isAncestorOf(focus)
            self.stack.setCurrentWidget(widget)
            if had_focus or QApplication.focusWidget() is None:
                widget.setFocus(Qt.FocusReason.OtherFocusReason)
            self.sidebar.setEnabled(name not in ("welcome", "lock"))
        finally:
            self._switching = False
        self.retranslate_title()
        self._watch_playback()

    def _first_view(self) -> None:
        if not self.current_view():
            self.show_view(self.start_view)

    def _sidebar_row(self, row: int) -> None:
        # Before the first view is up, a row comes only from the list taking the focus as the
        # window is activated (it then picks its first row): that is no one's choice, and
        # it would put Home where the first start's Welcome belongs.
        if row >= 0 and not self._switching and self.current_view():
            self.show_view(SIDEBAR[row][0])

    def _watch_playback(self) -> None:
        """The playback polls often only while its Player view can be seen."""
        self.playback.set_watched(
            self.isVisible() and not self.isMinimized() and self.current_view() == "player"
        )

    def _make_home(self) -> QWidget:
        from .home_view import HomeView

        home = HomeView(self.context)
        home.start_requested.connect(self.start_session)
        home.reflect_requested.connect(self.open_reflection)
        home.library_requested.connect(lambda: self.show_view("library"))
        home.player_requested.connect(lambda: self.show_view("player"))
        self.playback.state_changed.connect(lambda _: home.retranslate())
        return home

    def _make_player(self) -> QWidget:
        from .player_view import PlayerView

        player = PlayerView(self.context, self.playback)
        player.fullscreen_requested.connect(self.set_calm)
        player.go_home.connect(lambda: self.show_view("home"))
        player.continue_requested.connect(self._after_moment)
        return player

    def _make_journal(self) -> QWidget:
        from .journal_view import JournalView

        journal = JournalView(self.context)
        journal.reflect_requested.connect(self.open_reflection)
        journal.refresh()
        return journal

    def _make_library(self) -> QWidget:
        from .library_view import LibraryView

        return LibraryView(self.context)

    def _make_settings(self) -> QWidget:
        from .settings_view import SettingsView

        return SettingsView(self.context)

    def _make_reflection(self) -> QWidget:
        from .reflection_view import ReflectionView

        reflection = ReflectionView(self.context)
        reflection.closed.connect(lambda done: self.show_view("journal" if done else "home"))
        return reflection

    def _make_welcome(self) -> QWidget:
        from .welcome import WelcomeView

        welcome = WelcomeView(self.context)
        welcome.finished.connect(lambda: self.show_view("home"))
        return welcome

    def _make_lock(self) -> QWidget:
        from .privacy import LockView

        lock = LockView(self.context)
        lock.unlocked.connect(self._unlocked)
        return lock

    # -- the journey ------------------------------------------------------------------------
    def start_session(self, session_id: str) -> None:
        program = self.context.program
        if program is None:
            return
        self.show_view("player")
        self.playback.start(program, session_id)

    def _state_changed(self, state: str) -> None:
        for shortcut in self._transport:
            shortcut.setEnabled(self.playback.active)

    def _session_ended(self, attempt_id: int, completed: bool) -> None:
        """At the end of a session watched in the Player: the completion moment first; after
        Stop, or when another view is on screen, straight to the reflection."""
        self._ended_attempt = attempt_id
        if self.playback.state == "finished" and self.current_view() == "player":
            player = self.playback.player
            listened = float(player.snapshot().listened_s) if player is not None else 0.0
            self.view("player").show_completion(completed, listened)
            return
        self._after_moment()

    def _after_moment(self) -> None:
        if self.is_calm():
            self.set_calm(False)
        if self._ended_attempt is not None:
            attempt_id, self._ended_attempt = self._ended_attempt, None
            self.open_reflection(attempt_id)

    def open_reflection(self, attempt_id: int) -> None:
        program = self.context.program
        if program is None:
            return

        def found(attempt: Any) -> None:
            if attempt is None:
                return
            try:
                session = program.session(attempt.session_id)
            except KeyError:
                return
            if not session.reflection:
                self.show_view("journal")
                return
            self.view("reflection").open_attempt(attempt, program)
            self.show_view("reflection")

        self.context.with_journal(
            lambda j: next((a for a in j.attempts(program.id) if a.id == attempt_id), None), found
        )

    def _unlocked(self) -> None:
        self.sidebar.show()
        self.show_view("home")
        self.context.load_library()

    def lock(self) -> None:
        """Shows the lock screen (the journal is closed until the passphrase is given)."""
        self.sidebar.hide()
        self.show_view("lock")

    # -- calm full screen -------------------------------------------------------------------
    def is_calm(self) -> bool:
        return self.isFullScreen()

    def set_calm(self, calm: bool) -> None:
        self.sidebar.setVisible(not calm)
        self.view("player").set_calm(calm)
        if calm:
            self.show_view("player")
            self.showFullScreen()
        else:
            self.showNormal()

    # -- shortcuts and hiding ---------------------------------------------------------------
    def _shortcuts(self) -> None:
        for i, (name, _) in enumerate(SIDEBAR):
            QShortcut(QKeySequence(f"Ctrl+{i + 1}"), self, lambda n=name: self._go(n))
        self._transport = keys.transport_shortcuts(self, self.playback)
        self.sidebar.installEventFilter(
            keys.SidebarKeys(self.playback, lambda: self.stack.currentWidget(), self)
        )
        QShortcut(QKeySequence("F11"), self, lambda: self.set_calm(not self.is_calm()))
        QShortcut(QKeySequence("Ctrl+Shift+H"), self, self.quick_hide)
        QShortcut(QKeySequence("Esc"), self, self._escape)
        QShortcut(QKeySequence.StandardKey.Quit, self, self.quit)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Space that no control took plays or pauses (see keys)."""
        if not keys.toggle_with_space(event, self.playback):
            super().keyPressEvent(event)

    def _go(self, name: str) -> None:
        if self.sidebar.isEnabled() and self.sidebar.isVisible():
            self.show_view(name)

    def _escape(self) -> None:
        now = time.monotonic()
        if now - self._last_escape < DOUBLE_ESCAPE_S:
            self._last_escape = 0.0
            self.quick_hide()
            return
        self._last_escape = now
        if self.is_calm():
            self.set_calm(False)

    def quick_hide(self) -> None:
        """Pauses playback and hides the window at once (to the tray when there is one)."""
        self.playback.pause()
        if self.is_calm():
            self.set_calm(False)
        if self.tray is not None and self.tray.available():
            self.hide()
        else:
            self.showMinimized()

    def bring_back(self) -> None:
        """Shows the window in front (from the tray, a reminder or a second start)."""
        if self.is_calm():
            self.showFullScreen()  # restores a minimised calm view as it was
        else:
            self.showNormal()
        self.raise_()
        self.activateWindow()

    # -- texts ------------------------------------------------------------------------------
    def retranslate(self) -> None:
        ratio = self.devicePixelRatioF()
        self.sidebar.setIconSize(icons.ICON_SIZE)
        for i, (name, text) in enumerate(SIDEBAR):
            item = self.sidebar.item(i)
            item.setText(tr(text))
            item.setIcon(icons.text_icon(name, self.sidebar.palette(), ratio))
            item.setToolTip(f"{tr(text)} (Ctrl+{i + 1})")
        self.apply_identity()  # the neutral name is a translated word
        self.sidebar.setAccessibleName(tr("Views"))
        self.banner.setAccessibleName(tr("Messages"))
        self.retranslate_title()

    def _setting_changed(self, key: str) -> None:
        if key == "discreet_mode":
            self.retranslate()

    def apply_identity(self) -> None:
        """The app's names and icon, or neutral ones in discreet mode (see identity)."""
        app = QApplication.instance()
        if isinstance(app, QApplication):
            identity.apply(app, bool(self.context.settings.values.discreet_mode))

    def retranslate_title(self) -> None:
        if self.context.settings.values.discreet_mode:
            self.setWindowTitle(tr("Audio"))
            return
        names = dict(SIDEBAR)
        current = self.current_view()
        title = identity.display_name(False)
        self.setWindowTitle(f"{tr(names[current])} — {title}" if current in names else title)

    # -- closing ----------------------------------------------------------------------------
    def hideEvent(self, event: Any) -> None:
        super().hideEvent(event)
        self._watch_playback()

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange:
            self.retranslate()  # the icons in the new light or dark colours
        if event.type() == QEvent.Type.WindowStateChange:
            self._watch_playback()  # minimised or back

    def showEvent(self, event: Any) -> None:
        super().showEvent(event)
        self._watch_playback()
        if not self._shown:
            self._shown = True
            QTimer.singleShot(0, self.shown_once.emit)

    def start_hidden(self) -> None:
        """Runs as if shown, without a window (started at login in the tray, `--background`):
        the journal opens and reminders come; `bring_back` shows the window later."""
        if not self._shown:
            self._shown = True
            QTimer.singleShot(0, self.shown_once.emit)

    def closeEvent(self, event: QCloseEvent) -> None:
        if self._quitting:
            event.accept()
            return
        if self.playback.active and not self._confirm_close():
            event.ignore()
            return
        values = self.context.settings.values
        if (
            self.tray is not None
            and self.tray.available()
            and (values.keep_in_tray or values.remind_when_closed == "yes")
        ):
            if self.playback.active:
                self.playback.stop()
            event.ignore()
            self.hide()
            self.tray.hidden_to_tray()
            return
        event.accept()
        self.quit()

    def _confirm_close(self) -> bool:
        box = QMessageBox(
            QMessageBox.Icon.Question,
            tr("A session is playing"),
            tr(
                "A session is playing. Stop it and close the window? What you practised so far "
                "is kept."
            ),
            QMessageBox.StandardButton.NoButton,
            self,
        )
        stop = box.addButton(tr("Stop and close"), QMessageBox.ButtonRole.AcceptRole)
        keep = box.addButton(tr("Keep playing"), QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(keep)
        box.exec()
        return box.clickedButton() is stop

    def shutdown(self) -> None:
        """Stops playback, saves drafts, closes the journal (the app keeps running; tests)."""
        if self._quitting:
            return
        self._quitting = True
        reflection = self.views.get("reflection")
        if reflection is not None:
            reflection.flush()  # type: ignore[attr-defined]
        self.playback.close()
        self.context.measuring.close()
        self.context.journal.close()
        if self.tray is not None:
            self.tray.hide()
            self.tray.timer.stop()
        self.close()

    def quit(self) -> None:
        """Shuts down and quits the app (once: aboutToQuit calls this again)."""
        if self._quitting:
            return
        self.shutdown()
        app = QApplication.instance()
        if app is not None:
            app.quit()


def default_size() -> tuple[int, int]:
    """1100 × 740, or less on a small screen (or a large scale factor: at 1.5× a 1080-pixel
    screen has 720 pixels), leaving room for the desktop's panels and the title bar."""
    width, height = DEFAULT_SIZE
    screen = QGuiApplication.primaryScreen()
    if screen is None:
        return width, height
    room = screen.availableGeometry()
    return min(width, room.width() - 40), min(height, room.height() - 60)


class IdleWatch(QObject):
    """Counts the time since the last key or mouse input (for the idle lock)."""

    def __init__(self) -> None:
        super().__init__()
        self.last_input = time.monotonic()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in USER_INPUT:
            self.last_input = time.monotonic()
        return False

    def idle_seconds(self) -> float:
        return time.monotonic() - self.last_input
