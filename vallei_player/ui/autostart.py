""" "Remind me even when the window is closed": an XDG autostart entry and the tray at login.

When the participant says yes (on the Welcome screen, where no answer is chosen for them, or
in Settings), `~/.config/autostart/vallei-player.desktop` starts the app at login with
`--background`: no window, only the tray icon and the reminders. Saying no removes the entry.
The entry follows discreet mode (a neutral name and no icon in the desktop's list of startup
programs). A portable data folder (`VALLEI_PLAYER_HOME`) is passed on, so the app started at
login reads the same journal.

The entry is the XDG Autostart specification's, which GNOME, KDE, XFCE, Cinnamon, MATE and
LXQt all read.
"""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

from PySide6.QtCore import QObject

from .. import BACKGROUND
from ..core.problems import describe_os_error
from ..core.store import atomic_write_text
from . import identity
from .context import AppContext
from .i18n import tr

ENTRY_NAME = f"{identity.APP_ID}.desktop"


def autostart_file() -> Path:
    config = os.environ.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
    return Path(config) / "autostart" / ENTRY_NAME


def launch_command() -> list[str]:
    """How to start this same app again: the installed launcher, the frozen app, or Python."""
    if getattr(sys, "frozen", False):
        installed = shutil.which(identity.APP_ID)
        return [installed or sys.executable]
    return [sys.executable, "-m", "vallei_player"]


def _exec_line(command: list[str]) -> str:
    """The Exec value: arguments quoted as the Desktop Entry specification asks."""
    home = os.environ.get("VALLEI_PLAYER_HOME")
    if home:
        command = ["env", f"VALLEI_PLAYER_HOME={home}", *command]
    quoted = []
    for arg in [*command, BACKGROUND]:
        if any(c in arg for c in " \t\n\"'\\><~|&;$*?#()`="):
            escaped = "".join(f"\\{c}" if c in '"`$\\' else c for c in arg)
            quoted.append(f'"{escaped}"')
        else:
            quoted.append(arg)
    return " ".join(quoted).replace("%", "%%")


def entry_text(discreet: bool, command: list[str] | None = None) -> str:
    lines = [
        "[Desktop Entry]",
        "Type=Application",
        f"Name={identity.display_name(discreet)}",
        f"Exec={_exec_line(command or launch_command())}",
        "Terminal=false",
        "NoDisplay=true",
        "X-GNOME-Autostart-enabled=true",
    ]
    if not discreet:
        comment = tr("Practice reminders, in the system tray")
        lines.insert(3, f"Comment={comment}")
        lines.append(f"Icon={identity.APP_ID}")
    return "\n".join(lines) + "\n"


def enabled() -> bool:
    return autostart_file().is_file()


def set_enabled(on: bool, discreet: bool) -> None:
    """Writes or removes the entry (OSError passes on: the caller tells the participant)."""
    path = autostart_file()
    if on:
        path.parent.mkdir(parents=True, exist_ok=True)
        atomic_write_text(path, entry_text(discreet))
    else:
        path.unlink(missing_ok=True)


class Autostart(QObject):
    """Keeps the autostart entry in line with the setting (and with discreet mode)."""

    def __init__(self, context: AppContext) -> None:
        super().__init__()
        self.context = context
        context.settings_changed.connect(self._changed)

    def _changed(self, key: str) -> None:
        values = self.context.settings.values
        if key == "remind_when_closed" or (key == "discreet_mode" and enabled()):
            self.apply(values.remind_when_closed == "yes", values.discreet_mode)

    def apply(self, on: bool, discreet: bool) -> None:
        try:
            set_enabled(on, discreet)
        except OSError as error:
            self.context.problem.emit(
                tr(
                    "The app could not be set to start at login. {problem} Reminders still "
                    "come while the app is open.",
                    problem=describe_os_error(error),
                )
            )
