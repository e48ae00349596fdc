"""The one QApplication of a process, for the app and the Coach Studio alike.

Apart from `app.py` so that the Studio, which the app's Library opens, can make the
application when it is started on its own without importing the app (no import cycle).
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QApplication

from . import identity, style


def make_application(argv: list[str], discreet: bool = False) -> QApplication:
    """The QApplication, named for discreet mode or not before its first window (identity)."""
    existing = QApplication.instance()
    if isinstance(existing, QApplication):
        return existing
    # High DPI: Qt 6 scales by the screen's factor, fractional ones included (PassThrough is
    # its default), and the icons are SVGs; nothing to set here.
    identity.prepare_application(discreet)
    # argv[0] is X11's WM_CLASS instance name: neutral too in discreet mode.
    app = QApplication([QCoreApplication.applicationName(), *argv])
    style.install(app)  # Fusion with the calm style sheet: follows the system palette
    identity.apply(app, discreet)
    return app
