"""The Coach Studio: a coach's editor for programmes (Qt), on the same loader and engine.

The document, its edits and templates are in `core.authoring` (no Qt); this package holds
the window (`window`), its pages, the live check (`controller`), recording, drafts, preview,
publishing and the clients' reports, and how it starts (`app`).
"""

from __future__ import annotations

from .app import choose_and_open, open_from_app, run_studio
from .window import StudioWindow, open_window

__all__ = ["StudioWindow", "choose_and_open", "open_from_app", "open_window", "run_studio"]
