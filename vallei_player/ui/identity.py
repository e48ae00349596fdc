"""What the app calls itself on the desktop: its name, icon and desktop-file id, or neutral ones.

In discreet mode nothing the desktop shows may name or picture the app: window and dialog
titles, the taskbar's name and icon, the tray, notifications. Qt takes these from a few
application-wide values:

- the application display name, which Qt appends to every window title ("Home — Vallei
  Player") unless the title already ends with it;
- the desktop-file name, which becomes `_GTK_APPLICATION_ID` and `_KDE_NET_WM_DESKTOP_FILE`
  on X11 (and the app id on Wayland): taskbars use it to show the installed app's name and
  logo;
- the window icon (`_NET_WM_ICON`), and the tray icon;
- on X11, the `WM_CLASS` of each window, by which GNOME and KDE match a window to the
  installed `.desktop` file (`StartupWMClass=vallei-player`). Qt computes it once, when the
  first window is made, from the application name: so the app sets that name before any
  window exists (`prepare_application`), and when discreet mode is switched on or off while
  it runs, `X11Names` rewrites the property on every window it shows (`x11names`).
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QEvent, QObject
from PySide6.QtGui import QGuiApplication, QIcon
from PySide6.QtWidgets import QApplication, QWidget

from .i18n import tr
from .resources import app_icon, neutral_icon

APP_ID = "vallei-player"  # the installed .desktop file's name and StartupWMClass
APP_NAME = "Vallei Player"
NEUTRAL_ID = "audio"  # what a taskbar shows in discreet mode: a generic audio window


def display_name(discreet: bool) -> str:
    """The name shown after window titles: the app's, or a neutral word."""
    return tr("Audio") if discreet else APP_NAME


def icon(discreet: bool) -> QIcon:
    return neutral_icon() if discreet else app_icon()


def prepare_application(discreet: bool) -> None:
    """Before the QApplication exists: the names Qt reads once (WM_CLASS on X11)."""
    QCoreApplication.setApplicationName(NEUTRAL_ID if discreet else APP_ID)


def apply(app: QApplication, discreet: bool) -> None:
    """Sets the app's names and icon for discreet mode on or off, windows already shown too."""
    QGuiApplication.setApplicationDisplayName(display_name(discreet))
    QGuiApplication.setDesktopFileName("" if discreet else APP_ID)
    app.setWindowIcon(icon(discreet))
    for widget in app.topLevelWidgets():
        if widget.isWindow():
            widget.setWindowIcon(icon(discreet))
            _retitle(widget)
    names = _x11_names(app)
    if names is not None:
        names.set_discreet(discreet)


def _retitle(widget: QWidget) -> None:
    """Makes Qt format the title again with the new display name (it does so on a change)."""
    title = widget.windowTitle()
    widget.setWindowTitle(title + " ")
    widget.setWindowTitle(title)


def _x11_names(app: QApplication) -> X11Names | None:
    """The WM_CLASS keeper, made on the first switch while running (X11 only)."""
    if QGuiApplication.platformName() != "xcb":
        return None
    found = app.findChild(X11Names)
    if found is None:
        from . import x11names

        if not x11names.available():
            return None
        found = X11Names(app)
    return found


class X11Names(QObject):
    """Keeps WM_CLASS and the desktop-file properties of every shown window in line."""

    def __init__(self, app: QApplication) -> None:
        super().__init__(app)
        self.setObjectName("x11-names")
        self._discreet: bool | None = None
        app.installEventFilter(self)

    def set_discreet(self, discreet: bool) -> None:
        self._discreet = discreet
        app = QApplication.instance()
        if isinstance(app, QApplication):
            for widget in app.topLevelWidgets():
                if widget.isWindow() and widget.isVisible():
                    self._stamp(widget)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Show and isinstance(watched, QWidget) and watched.isWindow():
            self._stamp(watched)
        return False

    def _stamp(self, widget: QWidget) -> None:
        from . import x11names

        if self._discreet is None:
            return
        ident = NEUTRAL_ID if self._discreet else APP_ID
        x11names.set_window_names(int(widget.winId()), ident, "" if self._discreet else APP_ID)
