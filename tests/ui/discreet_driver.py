"""The real app on an X display, with discreet mode switched as told on stdin.

Started by test_discreet.py. Prints one line per step: the X window ids of every shown
window (main window, a dialog), after the app has settled.
"""

from __future__ import annotations

import json
import sys

from PySide6.QtCore import QSocketNotifier, QTimer


def main() -> int:
    from vallei_player.core.store import Settings
    from vallei_player.engine import NullOutput
    from vallei_player.ui.app import build, make_application
    from vallei_player.ui.export_dialog import ExportDialog

    settings = Settings.load()
    settings.change("welcome_done", True)
    discreet = sys.argv[1:] == ["discreet"]
    settings.change("discreet_mode", discreet)
    app = make_application([], discreet=discreet)
    context, window = build(settings, lambda: NullOutput("manual"), tray=True)
    window.show()
    dialog = ExportDialog(context, window)
    dialog.show()

    def report() -> None:
        ids = [int(w.winId()) for w in (window, dialog)]
        print(json.dumps({"windows": ids, "tray": window.tray.available()}), flush=True)

    def command() -> None:
        line = sys.stdin.readline().strip()
        if line in ("on", "off"):
            context.set_setting("discreet_mode", line == "on")
            dialog.hide()
            dialog.show()  # a window shown after the switch gets the names too
            QTimer.singleShot(500, report)
        else:
            window.quit()

    notifier = QSocketNotifier(sys.stdin.fileno(), QSocketNotifier.Type.Read)
    notifier.activated.connect(command)
    QTimer.singleShot(1500, report)
    app.exec()
    return 0


if __name__ == "__main__":
    sys.exit(main())
