"""The Library: installed programs, their weeks and sessions, import, choose, remove."""

from __future__ import annotations

from pathlib import Path
from typing import Any, cast

from PySide6.QtCore import Qt
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QWidget,
)

from ..core.program import Program
from .context import AppContext, QueuedInstallLog
from .i18n import tr, trn
from .program_list import ProgramList
from .tasks import run_in_background
from .widgets import Card, clock_text, describe, heading, muted, scrolling_page


def flowing(text: str) -> str:
    """A description as paragraphs: the line breaks of the YAML file inside a paragraph
    become spaces, so the text flows to the width it has (blank lines stay paragraphs)."""
    paragraphs = [" ".join(part.split()) for part in text.strip().split("\n\n")]
    return "\n\n".join(p for p in paragraphs if p)


def import_problem(path: Path, error: BaseException) -> str:
    """Why a program could not be imported, for a participant: the first reason in plain
    words (where it is, as a place, not as FILE:LINE:COL), and what to do."""
    from ..core.problems import ProgramError, describe_error

    if not isinstance(error, ProgramError) or not error.problems:
        reason = describe_error(error)
        return tr("“{name}” could not be imported: {reason}", name=path.name, reason=reason)
    first = error.problems[0]
    reason = first.message.rstrip(".")
    where = Path(first.location.file).name
    if first.location.line > 0:
        place = tr("This is in {file}, line {line}.", file=where, line=first.location.line)
    else:
        place = tr("This is in {file}.", file=where)
    more = len([p for p in error.problems if p.is_error]) - 1
    parts = [
        tr("“{name}” could not be imported: {reason}.", name=path.name, reason=reason),
        place,
    ]
    if more > 0:
        parts.append(trn("There is {n} more problem.", "There are {n} more problems.", more))
    parts.append(tr("Nothing was changed. Ask whoever gave you this program for a corrected copy."))
    return " ".join(parts)


def load_details(program_id: str) -> tuple[Program, dict[str, float]]:
    """The program and each session's length in seconds (pool thread: probes audio files)."""
    from ..core.packs import library
    from ..core.program import session_timeline

    program = library.load(program_id)
    lengths: dict[str, float] = {}
    for s in program.sessions:
        try:
            lengths[s.id] = session_timeline(program, s.id).seconds
        except Exception:  # a clip that cannot be read: its length is simply not shown
            continue
    return program, lengths


class LibraryView(QWidget):
    def __init__(self, context: AppContext) -> None:
        super().__init__()
        self.context = context
        self.setAcceptDrops(True)
        self.shown: tuple[Program, dict[str, float]] | None = None
        box = scrolling_page(self, 14)  # scrolls rather than squeezes in a small window
        top = QHBoxLayout()
        self.title = heading()
        self.import_button = QPushButton()
        self.import_button.clicked.connect(self.choose_file)
        # For coaches: the Studio opens as its own window (ui.studio), same app and language.
        self.studio_button = QPushButton()
        self.studio_button.clicked.connect(self._open_studio)
        top.addWidget(self.title, 1)
        top.addWidget(self.studio_button)
        top.addWidget(self.import_button)
        box.addLayout(top)
        self.hint = muted()
        box.addWidget(self.hint)
        row = QHBoxLayout()
        self.list = ProgramList()
        self.list.setMaximumWidth(280)
        self.list.setMinimumWidth(190)
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.list.currentItemChanged.connect(self._selected)
        row.addWidget(self.list)
        self.card = Card()
        self.name = heading(scale=1.3)
        self.meta = muted()
        self.description = muted()
        self.sessions = QTableWidget(0, 3)
        self.sessions.verticalHeader().setVisible(False)
        self.sessions.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.sessions.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.sessions.setTabKeyNavigation(False)
        self.sessions.setMinimumHeight(self.fontMetrics().lineSpacing() * 11)
        for w in (self.name, self.meta, self.description, self.sessions):
            self.card.body.addWidget(w)
        self.active_note = muted()
        self.card.body.addWidget(self.active_note)
        buttons = QHBoxLayout()
        self.activate_button = QPushButton()
        self.remove_button = QPushButton()
        self.activate_button.clicked.connect(self._activate)
        self.remove_button.clicked.connect(self._remove)
        buttons.addStretch(1)
        buttons.addWidget(self.remove_button)
        buttons.addWidget(self.activate_button)
        self.card.body.addLayout(buttons)
        row.addWidget(self.card, 1)
        box.addLayout(row, 1)
        context.library_changed.connect(self.refresh)
        context.language_changed.connect(self.retranslate)
        self.refresh()

    # -- data -------------------------------------------------------------------------------
    def refresh(self) -> None:
        keep = self._current_id() or (self.context.program.id if self.context.program else None)
        self.list.fill(self.context.installed, keep)
        if self.list.currentItem() is None and self.list.count():
            self.list.setCurrentRow(0)
        self._selected()
        self.retranslate()

    def _current_id(self) -> str | None:
        item = self.list.currentItem()
        return cast(str | None, item.data(Qt.ItemDataRole.UserRole)) if item is not None else None

    def _selected(self, *_: Any) -> None:
        program_id = self._current_id()
        if program_id is None:
            self.shown = None
            self.retranslate()
            return
        if self.shown is not None and self.shown[0].id == program_id:
            self.retranslate()
            return
        run_in_background(lambda: load_details(program_id), self._show)

    def _show(self, details: tuple[Program, dict[str, float]]) -> None:
        if details[0].id == self._current_id():
            self.shown = details
            self.retranslate()

    # -- texts ------------------------------------------------------------------------------
    def retranslate(self) -> None:
        self.setAccessibleName(tr("Library"))
        self.title.setText(tr("Library"))
        self.import_button.setText(tr("&Import a program…"))
        self.studio_button.setText(tr("Coach &Studio…"))
        self.studio_button.setToolTip(tr("Make or edit a programme for your clients"))
        self.hint.setText(
            tr(
                "Programs from your coach come as a .vallei file. Import it here, or drop it "
                "on this window."
            )
        )
        self.list.retranslate(self.context.installed)
        describe(self.import_button, tr("Installs a program from a .vallei file."))
        describe(self.list, tr("Choose a program to see its sessions."))
        self.sessions.setAccessibleName(tr("Sessions of the program"))
        describe(self.sessions, tr("Each session's week, title and length."))
        describe(self.activate_button, tr("Makes this the program you follow on Home."))
        describe(
            self.remove_button,
            tr("Removes this program from this computer; your journal keeps your practice."),
        )
        self.sessions.setHorizontalHeaderLabels([tr("Week"), tr("Session"), tr("Length")])
        self.activate_button.setText(tr("Use this program"))
        self.remove_button.setText(tr("Remove…"))
        self.card.setVisible(self.shown is not None)
        if self.shown is None:
            return
        program, lengths = self.shown
        self.name.setText(program.title)
        author = program.author.name if program.author else ""
        parts = [
            trn("{n} week", "{n} weeks", program.weeks),
            trn("{n} session", "{n} sessions", len(program.sessions)),
            tr("version {version}", version=program.version),
        ]
        if author:
            parts.insert(0, tr("by {author}", author=author))
        self.meta.setText(" · ".join(parts))
        self.description.setText(flowing(program.description or ""))
        self.description.setVisible(bool(program.description))
        self.sessions.setRowCount(len(program.sessions))
        for row, s in enumerate(program.sessions):
            length = lengths.get(s.id)
            for col, text in enumerate(
                (str(s.week), s.title, clock_text(length) if length else "–")
            ):
                cell = QTableWidgetItem(text)
                if col != 1:
                    cell.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
                self.sessions.setItem(row, col, cell)
        self.sessions.resizeColumnToContents(0)
        self.sessions.resizeColumnToContents(2)
        active = self.context.program is not None and self.context.program.id == program.id
        self.activate_button.setEnabled(not active)
        self.active_note.setText(tr("This is the program you are following.") if active else "")

    # -- actions ----------------------------------------------------------------------------
    def _activate(self) -> None:
        program_id = self._current_id()
        if program_id is not None:
            self.context.activate(program_id)

    def _remove(self) -> None:
        if self.shown is None:
            return
        program = self.shown[0]
        answer = QMessageBox.question(
            self,
            tr("Remove program"),
            tr(
                "Remove “{title}” from this computer? Your journal keeps what you practised.",
                title=program.title,
            ),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel,
        )
        if answer == QMessageBox.StandardButton.Yes:
            self.remove(program.id)

    def remove(self, program_id: str) -> None:
        from ..core.packs import library

        title = next((p.title for p in self.context.installed if p.id == program_id), program_id)

        def done(_: Any) -> None:
            self.shown = None
            self.context.banner_message(
                tr(
                    "“{name}” was removed from this computer. Your journal keeps what you "
                    "practised.",
                    name=title,
                )
            )
            if self.context.program is not None and self.context.program.id == program_id:
                self.context.program = None
                self.context.set_setting("active_program", "")
            self.context.load_library()

        run_in_background(
            lambda: library.remove(program_id, journal=QueuedInstallLog(self.context)),
            done,
            self._failed,
        )

    def _open_studio(self) -> None:
        from .studio import open_from_app

        open_from_app(self)

    def choose_file(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self,
            tr("Import a program"),
            str(Path.home()),
            tr("Vallei programs (*.vallei);;All files (*)"),
        )
        if path:
            self.import_path(Path(path))

    def import_path(self, path: Path, *, anyway: bool = False) -> None:
        """Installs a pack or program folder in the background; all or nothing. `anyway`:
        the participant chose to install a changed copy of the installed version."""
        from ..core.packs import library

        def done(result: Any) -> None:
            self.shown = None
            new_id = result.program_id
            self.context.measuring.programme(new_id)

            def listed() -> None:
                title = next((p.title for p in self.context.installed if p.id == new_id), path.name)
                if result.updated:
                    message = tr(
                        "“{name}” was updated to version {version}.",
                        name=title,
                        version=result.version,
                    )
                else:
                    message = tr("“{name}” was imported.", name=title)
                self.context.banner_message(message)
                self._select(new_id)

            self.context.load_library(listed)

        def failed(error: BaseException) -> None:
            if isinstance(error, library.ChangedWithoutNewVersion):
                self._offer_changed_copy(path, error)
            else:
                self.context.problem.emit(import_problem(path, error))

        run_in_background(
            lambda: library.install(
                path, allow_same_or_lower=anyway, journal=QueuedInstallLog(self.context)
            ),
            done,
            failed,
        )

    def _offer_changed_copy(self, path: Path, error: Any) -> None:
        """Same version, other files: say that the coach should raise the version, and let
        the participant install this copy anyway (their log is kept either way)."""
        answer = QMessageBox.question(
            self,
            tr("A changed copy of an installed program"),
            tr(
                "Version {version} of “{title}” is already installed, but this copy holds "
                "different files. A changed program should come with a higher version; you "
                "may want to ask your coach about it.\n\nInstall this copy anyway? Your "
                "practice log is kept.",
                version=error.version,
                title=error.title,
            ),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel,
        )
        if answer == QMessageBox.StandardButton.Yes:
            self.import_path(path, anyway=True)

    def _select(self, program_id: str | None) -> None:
        for row in range(self.list.count()):
            if self.list.item(row).data(Qt.ItemDataRole.UserRole) == program_id:
                self.list.setCurrentRow(row)

    def _failed(self, error: BaseException) -> None:
        from ..core.problems import describe_error

        self.context.problem.emit(describe_error(error))

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if event.mimeData().hasUrls():
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        for url in event.mimeData().urls():
            if url.isLocalFile():
                self.import_path(Path(url.toLocalFile()))
        event.acceptProposedAction()
