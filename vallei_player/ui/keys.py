"""The keyboard, as it works everywhere else on the desktop.

- Return, Enter and Space press the focused push button; Return and Enter elsewhere in a
  view (a check box, a slider) press its default button (Begin on Welcome, Start on Home,
  Done in the Reflection).
- Return and Enter on the list of views take the keyboard into the view shown: to its
  default button when it has one (so a second Return starts the session on Home), else to
  its first control.
- Space plays and pauses while a session is open, unless the focused control uses Space
  itself (a button, a check box, a text field). The list of views passes it on.
- N, P and S go to the next phase, the previous one and stop (as in common media players);
  the media keys do the same. They work only while a session is open, and a text field
  keeps its letters.

Space is not a shortcut on purpose: a shortcut would take it from the focused button.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import QApplication, QLineEdit, QPushButton, QToolButton, QWidget

from .playback import Playback

NEXT_KEY, PREVIOUS_KEY, STOP_KEY, PLAY_KEY = "N", "P", "S", "Space"
ACTIVATE = (Qt.Key.Key_Return, Qt.Key.Key_Enter)


def transport_shortcuts(window: QWidget, playback: Playback) -> list[QShortcut]:
    """N/P/S and the media keys on `window`; enable them while a session is open."""
    keys: list[tuple[str | Qt.Key, Callable[[], None]]] = [
        (NEXT_KEY, playback.next_phase),
        (PREVIOUS_KEY, playback.previous_phase),
        (STOP_KEY, playback.stop),
        (Qt.Key.Key_MediaNext, playback.next_phase),
        (Qt.Key.Key_MediaPrevious, playback.previous_phase),
        (Qt.Key.Key_MediaStop, playback.stop),
        (Qt.Key.Key_MediaTogglePlayPause, playback.toggle),
        (Qt.Key.Key_MediaPlay, playback.toggle),
        (Qt.Key.Key_MediaPause, playback.pause),
    ]
    made = []
    for key, action in keys:
        shortcut = QShortcut(QKeySequence(key), window, action)
        shortcut.setEnabled(False)
        made.append(shortcut)
    return made


def default_button(view: QWidget) -> QPushButton | None:
    """The view's visible, enabled default button (QPushButton.isDefault), if any."""
    for button in view.findChildren(QPushButton):
        if button.isDefault() and button.isVisible() and button.isEnabled():
            return button
    return None


def press_return(event: QKeyEvent, view: QWidget) -> bool:
    """Return or Enter that no control of `view` took. True if used."""
    if event.key() not in ACTIVATE or event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier:
        return False
    focus = QApplication.focusWidget()
    if isinstance(focus, QPushButton | QToolButton):
        if focus.isEnabled():
            focus.click()
        return True
    if isinstance(focus, QLineEdit):
        return False  # it acted on Return itself (returnPressed)
    button = default_button(view)
    if button is None:
        return False
    button.click()
    return True


class ViewKeys(QObject):
    """Watches one view's key presses as they come up from its controls (see module doc).

    Installed on the view itself, so it hears only keys pressed while the focus was in that
    view: a Return that unlocks the journal and switches to Home is not pressed on Home too.
    """

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and isinstance(watched, QWidget)
            and watched.isVisible()
        ):
            return press_return(event, watched)
        return False


def toggle_with_space(event: QKeyEvent, playback: Playback) -> bool:
    """Space that no control took plays or pauses an open session. True if used."""
    if event.key() == Qt.Key.Key_Space and not event.modifiers() and playback.active:
        playback.toggle()
        return True
    return False


def enter_view(view: QWidget) -> bool:
    """The keyboard goes into `view`: its default button, else its first control. True if
    it went somewhere."""
    target: QWidget | None = default_button(view)
    if target is None:
        target = next(
            (
                w
                for w in _focus_chain(view)
                if w.isVisible() and w.isEnabled() and w.focusPolicy() & Qt.FocusPolicy.TabFocus
            ),
            None,
        )
    if target is None:
        return False
    target.setFocus(Qt.FocusReason.TabFocusReason)
    return True


def _focus_chain(view: QWidget) -> list[QWidget]:
    """The view's widgets in Tab order."""
    chain: list[QWidget] = []
    widget = view.nextInFocusChain()
    while widget is not None and widget is not view and widget not in chain:
        if view.isAncestorOf(widget):
            chain.append(widget)
        widget = widget.nextInFocusChain()
    return chain


class SidebarKeys(QObject):
    """The list of views hands Space to the window (a list would use it to select its row)
    and takes Return into the view it shows (`enter_view`)."""

    def __init__(
        self, playback: Playback, current_view: Callable[[], QWidget | None], parent: QObject
    ) -> None:
        super().__init__(parent)
        self.playback = playback
        self.current_view = current_view

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() != QEvent.Type.KeyPress or not isinstance(event, QKeyEvent):
            return False
        if event.key() in ACTIVATE and not (
            event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        ):
            view = self.current_view()
            return view is not None and enter_view(view)
        return toggle_with_space(event, self.playback)
