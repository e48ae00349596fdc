"""Starting the Studio on its own (`vallei-player studio [FOLDER]`) or from the app.

Without a folder, or with a folder that holds no program.yaml yet, the Studio first offers
to make a programme from a template (in that folder) or to open one.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from ...core.authoring import create_programme
from ...core.problems import ProgramError, UserError
from ...core.program import PROGRAM_FILE
from ...core.store import Settings
from .. import i18n, style, tasks
from ..i18n import tr
from .start_dialog import StartDialog
from .window import StudioWindow, open_window


def choose_and_open(folder: Path | None, parent: QWidget | None = None) -> StudioWindow | None:
    """The Studio window for `folder`, after asking what to make when it has no programme."""
    if folder is not None and (folder / PROGRAM_FILE).is_file():
        return _opened(folder, parent)
    while True:
        dialog = StartDialog(parent, folder)
        if not dialog.exec():
            return None
        if dialog.open_folder is not None:
            window = _opened(dialog.open_folder, parent)
            if window is not None:
                return window
            continue
        assert dialog.folder is not None and dialog.choice is not None
        try:
            doc = create_programme(dialog.folder, dialog.choice)
        except (UserError, ProgramError) as error:
            QMessageBox.warning(parent, tr("Coach Studio"), str(error))
            continue
        return StudioWindow(doc)


def _opened(folder: Path, parent: QWidget | None) -> StudioWindow | None:
    try:
        return open_window(folder)
    except (UserError, ProgramError) as error:
        QMessageBox.warning(parent, tr("Coach Studio"), str(error))
        return None


def run_studio(folder: Path | None) -> int:
    """The Studio as its own program: 0 when closed, 1 when nothing could be opened."""
    try:
        settings = Settings.load()
        i18n.set_language(i18n.resolve(settings.values.language))
    except UserError:
        pass  # no data folder: the Studio needs none; English or the system's language
    # Not ui.app's make_application: the app's window reaches the Studio through the Library,
    # and the Studio importing the app's start-up module would close an import circle.
    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(["vallei-player"])
    style.install(app)
    tasks.install_dispatcher()
    window = choose_and_open(folder)
    if window is None:
        return 1 if folder is not None and (folder / PROGRAM_FILE).is_file() else 0
    window.show()
    app.setQuitOnLastWindowClosed(True)
    code = app.exec()
    tasks.shutdown_background()
    return code


# Studio windows opened from the app: top-level windows with no Qt parent, kept here so
# Python does not collect them while they are open.
_OPEN: list[StudioWindow] = []


def open_from_app(parent: QWidget) -> StudioWindow | None:
    """The app's menu entry: a separate top-level window, same language."""
    window = choose_and_open(None, parent)
    if window is not None:
        _OPEN[:] = [w for w in _OPEN if w.isVisible()]
        _OPEN.append(window)
        window.show()
        window.raise_()
    return window
