"""Export a report for the coach: period, program, free text or not, PDF/CSV/JSON."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path
from typing import Any

from PySide6.QtCore import QDate, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from .context import AppContext
from .i18n import N_, language, locale, tr
from .tasks import run_in_background
from .widgets import describe

FORMATS = (
    ("pdf", N_("PDF document (*.pdf)")),
    ("csv", N_("Spreadsheet (*.csv)")),
    ("json", N_("JSON data (*.json)")),
)


def gather(
    context: AppContext,
    j: Any,
    program_id: str | None,
    since: date,
    until: date,
    include_text: bool,
) -> Any:
    """The report's data from the journal (journal thread)."""
    from ..core import practice

    return practice.gather_report(
        j,
        program_id=program_id,
        since=since,
        until=until,
        include_text=include_text,
        language=language(),
        now=context.clock(),
    )


def write(made: Any, fmt: str, path: Path) -> Path:
    """Writes the report as PDF (drawn by report_pdf), CSV or JSON (pool thread)."""
    from ..core import practice

    if fmt == "pdf":
        from .report_pdf import write_report_pdf

        write_report_pdf(practice.to_json_dict(made), path)
    else:
        practice.write_report(made, path, fmt)  # type: ignore[arg-type]
    return path


def qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


def pydate(day: QDate) -> date:
    return date(day.year(), day.month(), day.day())


def open_file(path: Path) -> None:
    """Opens a saved report in the desktop's program for it."""
    QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))


class ExportDialog(QDialog):
    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.setWindowTitle(tr("Export report"))
        self.setMinimumWidth(480)
        box = QVBoxLayout(self)
        intro = QLabel(
            tr(
                "A report of your practice to bring to your coach. "
                "Only what you choose here goes in."
            )
        )
        intro.setWordWrap(True)
        box.addWidget(intro)
        form = QFormLayout()
        today = context.clock().astimezone().date()
        self.since = QDateEdit(qdate(today - timedelta(weeks=4)))
        self.until = QDateEdit(qdate(today))
        for edit in (self.since, self.until):
            edit.setCalendarPopup(True)
            edit.setLocale(locale())
            edit.setDisplayFormat("d MMMM yyyy")
        self.program = QComboBox()
        self.program.addItem(tr("All programs"), "")
        for entry in context.installed:
            self.program.addItem(entry.title, entry.id)
        if context.program is not None:
            self.program.setCurrentIndex(max(0, self.program.findData(context.program.id)))
        self.include_text = QCheckBox(tr("Include what I wrote in my reflections"))
        self.format = QComboBox()
        for code, name in FORMATS:
            self.format.addItem(tr(name), code)
        form.addRow(tr("From"), self.since)
        form.addRow(tr("To"), self.until)
        form.addRow(tr("Program"), self.program)
        form.addRow(tr("Format"), self.format)
        form.addRow(self.include_text)
        box.addLayout(form)
        self.status = QLabel()
        self.status.setWordWrap(True)
        box.addWidget(self.status)
        buttons = QDialogButtonBox()
        self.save = buttons.addButton(tr("Save report…"), QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(tr("Cancel"), QDialogButtonBox.ButtonRole.RejectRole)
        cancel = buttons.buttons()[-1]
        describe(self.since, tr("The first day the report covers"), tr("From"))
        describe(self.until, tr("The last day the report covers"), tr("To"))
        describe(self.program, tr("Which program's practice goes in"), tr("Program"))
        describe(self.format, tr("The kind of file the report is saved as"), tr("Format"))
        describe(self.include_text, tr("Without it, the report has times and ratings only"))
        describe(self.save, tr("Choose where to save the report, then save it"))
        describe(cancel, tr("Closes this without saving anything"))
        self.save.clicked.connect(self._choose)
        buttons.rejected.connect(self.reject)
        box.addWidget(buttons)

    def _choose(self) -> None:
        fmt = self.format.currentData()
        name = dict(FORMATS)[fmt]
        suggested = str(Path.home() / f"practice-report.{fmt}")
        path, _ = QFileDialog.getSaveFileName(self, tr("Save report"), suggested, tr(name))
        if path:
            self.export(Path(path))

    def export(self, path: Path) -> None:
        fmt = self.format.currentData()
        if path.suffix.lower() != f".{fmt}":
            path = path.with_name(path.name + f".{fmt}")
        since, until = pydate(self.since.date()), pydate(self.until.date())
        program_id = self.program.currentData() or None
        include = self.include_text.isChecked()
        from ..core.problems import UserError, describe_error
        from ..core.store import check_output_file

        try:  # a folder, a missing folder, the app's own data: say so before any work
            check_output_file(path, f"practice-report.{fmt}")
        except UserError as error:
            self.status.setText(str(error))
            return
        self.save.setEnabled(False)
        self.status.setText(tr("Writing the report…"))

        def done(written: Path) -> None:
            message = tr("The report was saved as {name}.", name=written.name)
            parent = self.parentWidget()
            banner = getattr(parent.window(), "banner", None) if parent is not None else None
            if banner is None:
                self.context.banner_message(message)
            else:  # with a way to look at it straight away
                banner.show_message(message, [(tr("Open"), lambda: open_file(written))], "success")
            self.accept()

        def failed(error: BaseException) -> None:
            self.save.setEnabled(True)
            self.status.setText(
                tr("The report could not be written: {error}", error=describe_error(error))
            )

        context = self.context

        def gathered(made: Any) -> None:
            run_in_background(lambda: write(made, fmt, path), done, failed)

        context.journal.call(
            lambda j: gather(context, j, program_id, since, until, include), gathered, failed
        )
