# PyInstaller run-time hook that replaces its own PySide6 hook (see vallei-player.spec): that
# one imports PySide6.QtCore at every start to register a qt.conf, which costs the CLI about
# 0.25 s and loads Qt in commands that must never load it. Qt finds its plugins from this
# variable alone; the app uses no other Qt prefix path (no QML, no Qt translations).
import os
import sys

os.environ["QT_PLUGIN_PATH"] = os.path.join(sys._MEIPASS, "PySide6", "Qt", "plugins")
