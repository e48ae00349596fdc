"""The live check's problems, each with its sentence and FILE:LINE:COL; activating one asks
the window to select the field it is about."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QLabel, QListWidget, QListWidgetItem, QVBoxLayout, QWidget

from ..i18n import tr, trn
from .controller import Studio


class ProblemsPanel(QWidget):
    problem_chosen = Signal(object)  # the Problem

    def __init__(self, studio: Studio) -> None:
        super().__init__()
        self.studio = studio
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.summary = QLabel()
        self.summary.setObjectName("checkSummary")
        self.list = QListWidget()
        self.list.itemActivated.connect(self._chosen)
        self.list.itemClicked.connect(self._chosen)
        layout.addWidget(self.summary)
        layout.addWidget(self.list)
        studio.checked.connect(self.refresh)
        studio.changed.connect(self._checking)
        self.retranslate()

    def retranslate(self) -> None:
        self.list.setAccessibleName(tr("Problems"))
        self.refresh()

    def _checking(self) -> None:
        self.summary.setText(tr("Checking…"))

    def refresh(self) -> None:
        self.list.clear()
        problems = self.studio.problems
        for problem in problems:
            item = QListWidgetItem(problem.for_people())
            item.setData(Qt.ItemDataRole.UserRole, problem)
            item.setToolTip(problem.message)
            self.list.addItem(item)
        errors = sum(p.is_error for p in problems)
        warnings = len(problems) - errors
        if self.studio.checking:
            self._checking()
        elif not problems:
            self.summary.setText(tr("✓ The programme checks out: no problems."))
        else:
            self.summary.setText(
                trn("{n} error", "{n} errors", errors)
                + ", "
                + trn("{n} warning", "{n} warnings", warnings)
            )

    def _chosen(self, item: QListWidgetItem) -> None:
        self.problem_chosen.emit(item.data(Qt.ItemDataRole.UserRole))
