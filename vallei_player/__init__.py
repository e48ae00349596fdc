"""Vallei Player: guided, self-paced practice programmes, planned, played and logged privately."""

__version__ = "0.1.0"

# The hidden first argument that runs the PDF drawer (ui.report_pdf) in a child process of a
# frozen app; `__main__` handles it, `commands.export` uses it (see there).
REPORT_PDF_CHILD = "--draw-report-pdf"
# The hidden first argument that runs the Coach Studio (ui.studio) in a child process of a
# frozen app; `__main__` handles it, `commands.studio` uses it.
STUDIO_CHILD = "--open-studio"

# The app started at login by its autostart entry (ui.autostart): the tray only, no window.
BACKGROUND = "--background"
