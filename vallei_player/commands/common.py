"""What several commands share: the settings as a command reads them."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

from ..i18n import _

if TYPE_CHECKING:
    from ..core.store import Settings


def settings_for_command() -> Settings:
    """The settings, with a note on stderr when the stored file could not be used."""
    from ..core.store import Settings

    settings = Settings.load()
    if settings.notice:
        print(_("Note: {notice}").format(notice=settings.notice), file=sys.stderr)
    return settings
