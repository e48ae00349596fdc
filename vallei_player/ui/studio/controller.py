"""The Studio's one document, its history and its live check, shared by every view.

Every edit goes through `do()`, so undo/redo, the unsaved-changes mark and the live check
follow every change. The check is the project's own loader (core.authoring.check_document)
run on the text saving would write, debounced (`CHECK_DELAY_MS` after the last edit) and off
the GUI thread; a result that an edit has overtaken is dropped. A version without errors
also has its clips' levels measured there (engine.levels_report, as `validate` does; each
file is measured once per content): the clipping, noise-floor and too-quiet warnings join
the problems, and `clip_warnings` gives them per clip for the phase that plays it.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, QTimer, Signal

from ...core.authoring import Edit, History, ProgramDocument
from ...core.problems import Problem
from ...core.program import Program, check_text
from ...engine import measure_program, warnings_by_clip
from ..tasks import run_in_background

Checked = tuple[Program | None, tuple[Problem, ...], dict[str, list[Problem]]]

CHECK_DELAY_MS = 400


class Studio(QObject):
    changed = Signal()  # the document changed (an edit, undo or redo)
    checked = Signal()  # a new check result: `program`, `problems`
    saved = Signal()

    def __init__(self, doc: ProgramDocument) -> None:
        super().__init__()
        self.doc = doc
        self.history = History(doc)
        self.program: Program | None = None  # the last version that had no error
        self.problems: tuple[Problem, ...] = ()
        self.clip_warnings: dict[str, list[Problem]] = {}  # per clip reference (audio/...)
        self.checking = False
        self._generation = 0
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.check_now)

    @property
    def folder(self) -> Path:
        return self.doc.folder

    def do(self, edit: Edit) -> None:
        self.history.do(edit)
        self._after_change()

    def undo(self) -> None:
        if self.history.undo() is not None:
            self._after_change()

    def redo(self) -> None:
        if self.history.redo() is not None:
            self._after_change()

    def _after_change(self) -> None:
        self.changed.emit()
        self._generation += 1
        self.checking = True
        if CHECK_DELAY_MS <= 0:  # tests: check at once
            self.check_now()
        else:
            self._timer.start(CHECK_DELAY_MS)

    def check_now(self) -> None:
        """Check the text as it is now (also what files on disk say: a new recording)."""
        self._timer.stop()
        self._generation += 1
        generation = self._generation
        self.checking = True
        data, folder, display = self.doc.text(), self.doc.folder, str(self.doc.path)
        run_in_background(
            lambda: check_with_levels(folder, data, display),
            lambda result: self._done(generation, result),
        )

    def _done(self, generation: int, result: Checked) -> None:
        if generation != self._generation:
            return  # an edit came after this check started: its own check follows
        program, self.problems, self.clip_warnings = result
        if program is not None:
            self.program = program
        self.checking = False
        self.checked.emit()

    @property
    def valid(self) -> bool:
        return not self.checking and not any(p.is_error for p in self.problems)

    def save(self) -> None:
        """Write program.yaml (ProgramError with the reason if the file cannot be written)."""
        self.doc.save()
        self.saved.emit()


def check_with_levels(folder: Path, data: bytes, display: str) -> Checked:
    """The loader's check, then (without errors) the levels warnings of every clip."""
    program, problems = check_text(folder, data, display)
    if program is None or any(p.is_error for p in problems):
        return program, problems, {}
    levels, level_problems = measure_program(program)
    return program, problems + tuple(level_problems), warnings_by_clip(levels)
