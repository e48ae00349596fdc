"""In a small window nothing is drawn over anything else, and nothing is cut off.

1.5x scaling on a 1280x800 screen leaves the app about 850x530 of room (logical pixels);
800x600 is the smallest screen the issue names. Each view then either fits or scrolls: a
label drawn across a chart, or a button cut off at the window's edge, is what the person
would see when the layout is squeezed below what it needs.
"""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import QPoint, QRect
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractScrollArea,
    QApplication,
    QLabel,
    QProgressBar,
    QWidget,
)
from uihelp import start_playing

SIZES = [(813, 473), (800, 600)]


def _leaves(view: QWidget) -> list[QWidget]:
    """What a person sees as separate things: labels, buttons, bars, and drawn widgets
    (charts, the wave) that have no visible children of their own."""
    found = []
    for widget in view.findChildren(QWidget):
        if not widget.isVisibleTo(view) or widget.width() <= 1 or widget.height() <= 1:
            continue
        if isinstance(widget, QAbstractScrollArea) or _inside_scroll_bar(widget):
            continue
        if _inside_item_view(widget):
            continue
        drawn = not any(c.isVisibleTo(view) for c in widget.findChildren(QWidget))
        if isinstance(widget, QLabel | QAbstractButton | QProgressBar) or drawn:
            found.append(widget)
    return found


def _inside_scroll_bar(widget: QWidget) -> bool:
    parent = widget.parentWidget()
    while parent is not None:
        if type(parent).__name__ == "QScrollBar":
            return True
        parent = parent.parentWidget()
    return type(widget).__name__ == "QScrollBar"


def _inside_item_view(widget: QWidget) -> bool:
    parent = widget.parentWidget()
    while parent is not None:
        if isinstance(parent, QAbstractScrollArea) and type(parent).__name__ != "QScrollArea":
            return True  # a list's or tree's own rows are drawn by it, not laid out
        parent = parent.parentWidget()
    return False


def _scrolled(widget: QWidget, view: QWidget) -> bool:
    parent = widget.parentWidget()
    while parent is not None and parent is not view:
        if type(parent).__name__ == "QScrollArea":
            return True
        parent = parent.parentWidget()
    return False


def _rect_in(view: QWidget, widget: QWidget) -> QRect:
    return QRect(widget.mapTo(view, QPoint(0, 0)), widget.size())


def _seen_in(view: QWidget, widget: QWidget) -> QRect:
    """The part of `widget` on screen (a scroll area hides what is scrolled away)."""
    seen = widget.visibleRegion().boundingRect()
    return QRect(widget.mapTo(view, seen.topLeft()), seen.size())


def _problems(view: QWidget) -> list[str]:
    leaves = _leaves(view)
    rects = {w: _rect_in(view, w) for w in leaves}
    said = []
    for i, a in enumerate(leaves):
        name_a = a.objectName() or type(a).__name__
        text = getattr(a, "text", lambda: "")()
        if not _scrolled(a, view) and not view.rect().contains(rects[a]):
            said.append(f"{name_a} {text!r} is cut off")
        needs = a.minimumSizeHint()
        if needs.isValid() and a.height() < min(needs.height(), a.maximumHeight()) - 1:
            said.append(f"{name_a} {text!r} is squeezed ({a.height()} of {needs.height()} px)")
        for b in leaves[i + 1 :]:
            if a.isAncestorOf(b) or b.isAncestorOf(a):
                continue
            overlap = _seen_in(view, a).intersected(_seen_in(view, b))
            if overlap.width() > 2 and overlap.height() > 2:
                name_b = b.objectName() or type(b).__name__
                said.append(
                    f"{name_a} {text!r} and {name_b} {getattr(b, 'text', lambda: '')()!r} "
                    "are drawn over each other"
                )
    return said


def _show(app: Any, name: str, size: tuple[int, int]) -> QWidget:
    # On a screen this small the window's own minimum gives way (main_window.py): as it would.
    app.window.setMinimumSize(min(760, size[0]), min(520, size[1]))
    app.window.resize(*size)
    app.window.show_view(name)
    for _ in range(3):
        QApplication.processEvents()
    return app.view(name)  # type: ignore[no-any-return]


@pytest.mark.parametrize("size", SIZES)
def test_the_journal_with_a_session_fits_or_scrolls(
    make_app: Any, qtbot: Any, size: tuple[int, int]
) -> None:
    app = make_app()
    start_playing(app, qtbot)
    app.play_to_end(qtbot)
    app.continue_to_reflection()
    journal = _show(app, "journal", size)
    tree = journal.tree
    tree.setCurrentItem(tree.topLevelItem(0).child(0))  # the session: its chart beside
    QApplication.processEvents()
    assert _problems(journal) == []


@pytest.mark.parametrize("size", SIZES)
def test_the_player_fits_or_scrolls(make_app: Any, qtbot: Any, size: tuple[int, int]) -> None:
    app = make_app()
    start_playing(app, qtbot)
    player = _show(app, "player", size)
    assert _problems(player) == []
    # the controls are never scrolled out of sight: someone with eyes half closed finds them
    for button in (player.play_button, player.stop_button, player.next_button):
        seen = button.visibleRegion().boundingRect()
        assert seen.size() == button.size(), f"{button.accessibleName()} is partly hidden"


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("name", ["home", "library", "settings"])
def test_the_other_views_fit_or_scroll(
    make_app: Any, qtbot: Any, size: tuple[int, int], name: str
) -> None:
    app = make_app()
    assert _problems(_show(app, name, size)) == []
