"""Publish: save, check, ask to raise the version when the content changed since the last
pack, write the `.vallei` pack, and show what is in it (sessions, minutes, size, warnings)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from ...core.authoring import PackSummary, SetValue, needs_new_version, next_patch, publish
from ...core.problems import ProgramError, UserError, describe_error
from ...core.program import check_program
from ..i18n import tr, trn
from ..tasks import run_in_background
from .controller import Studio


def summary_text(summary: PackSummary) -> str:
    lines = [
        tr("The pack {path} is ready.", path=summary.path),
        trn("{n} session", "{n} sessions", summary.sessions),
        tr("{m} minutes of practice in all", m=format(summary.minutes, ".0f")),
        tr("{mb} MB", mb=format(summary.size / 1_000_000, ".1f")),
    ]
    if summary.warnings:
        lines.append(trn("{n} warning:", "{n} warnings:", len(summary.warnings)))
        lines += [w.for_people() for w in summary.warnings]
    else:
        lines.append(tr("No warnings."))
    return "\n".join(lines)


class Publisher:
    def __init__(self, parent: QWidget, studio: Studio) -> None:
        self.parent = parent
        self.studio = studio
        self.last: PackSummary | None = None

    def ask_version(self) -> bool:
        """Raise the version (one undoable edit) if the coach agrees; False to stop."""
        version = str(self.studio.doc.root.get("version", ""))
        try:
            last = needs_new_version(self.studio.folder, version)
        except (UserError, ProgramError):
            last = None  # the packer says what is wrong with the folder
        if last is None:
            return True
        raised = next_patch(version)
        answer = QMessageBox.question(
            self.parent,
            tr("Publish"),
            tr(
                "The programme changed since the last pack, which was also version {v}. Clients "
                "only receive an update with a higher version. Raise it to {new}?",
                v=version,
                new=raised,
            ),
            QMessageBox.StandardButton.Yes
            | QMessageBox.StandardButton.No
            | QMessageBox.StandardButton.Cancel,
        )
        if answer == QMessageBox.StandardButton.Cancel:
            return False
        if answer == QMessageBox.StandardButton.Yes:
            self.studio.do(SetValue((), "version", raised, label="version"))
        return True

    def publish(self, out: Path | None = None) -> None:
        """Save, ask, write; `out` None asks where."""
        try:
            self.studio.save()
        except (UserError, ProgramError) as error:
            QMessageBox.warning(self.parent, tr("Publish"), str(error))
            return
        program, problems = check_program(self.studio.folder)
        if program is None:
            QMessageBox.warning(
                self.parent,
                tr("Publish"),
                tr(
                    "The programme has errors, so no pack was made; they are listed under the "
                    "editor."
                )
                + "\n\n"
                + "\n".join(p.for_people() for p in problems if p.is_error),
            )
            return
        if not self.ask_version():
            return
        self.studio.save()
        root = self.studio.doc.root
        if out is None:
            suggested = self.studio.folder.parent / f"{root.get('id')}-{root.get('version')}.vallei"
            chosen, _f = QFileDialog.getSaveFileName(
                self.parent, tr("Save the pack"), str(suggested), tr("Vallei packs") + " (*.vallei)"
            )
            if not chosen:
                return
            out = Path(chosen)
        folder, target = self.studio.folder, out
        run_in_background(lambda: publish(folder, target), self._done, self._failed)

    def _done(self, summary: object) -> None:
        assert isinstance(summary, PackSummary)
        self.last = summary
        QMessageBox.information(self.parent, tr("Publish"), summary_text(summary))

    def _failed(self, error: BaseException) -> None:
        QMessageBox.warning(self.parent, tr("Publish"), describe_error(error))
