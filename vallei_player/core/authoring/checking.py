"""Checking the document being edited through the project's own loader (no second validator).

The text checked is exactly what saving would write, so what the Studio lists is what
`vallei-player validate` will say about the saved file, FILE:LINE:COL included.
"""

from __future__ import annotations

from ..program import Checked, check_text
from .document import ProgramDocument


def check_document(doc: ProgramDocument) -> Checked:
    """The Program (None on any error) and every problem of the document as it is now."""
    return check_text(doc.folder, doc.text(), str(doc.path))
