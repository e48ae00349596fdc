"""The Coach Studio's window: sessions on the left, the programme's details or the selected
session in the middle, the live check's problems below; menus with every action and its key.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QHBoxLayout,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMenu,
    QMessageBox,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from ...core.authoring import Duplicate, ProgramDocument, RemoveItem, unique_id
from ...core.problems import Problem, ProgramError, UserError
from ..i18n import tr
from .controller import Studio
from .details_page import DetailsPage
from .problems_panel import ProblemsPanel
from .session_page import SessionPage

Action = tuple[str, str | QKeySequence.StandardKey | None, Callable[[], object]]


class SessionList(QListWidget):
    """Row 0 is the programme's details, then one row per session; sessions drag to reorder."""

    def __init__(self, on_move: Callable[[int, int], None]) -> None:
        super().__init__()
        self._on_move = on_move
        self.setDragDropMode(QListWidget.DragDropMode.InternalMove)

    def dropEvent(self, event: Any) -> None:
        source = self.currentRow()
        item = self.itemAt(event.position().toPoint())
        target = self.row(item) if item is not None else self.count() - 1
        event.ignore()
        if source >= 1 and target >= 1 and source != target:
            self._on_move(source - 1, target - 1)


class StudioWindow(QMainWindow):
    def __init__(self, doc: ProgramDocument, output_factory: Any = None) -> None:
        super().__init__()
        self.studio = Studio(doc)
        self.setObjectName("studioWindow")
        self.resize(1180, 820)
        self.sessions = SessionList(self._move_session)
        self.sessions.currentRowChanged.connect(self._session_row)
        self.details = DetailsPage(self.studio)
        self.session_page = SessionPage(self.studio)
        self.pages = QStackedWidget()
        self.pages.addWidget(self.details)
        self.pages.addWidget(self.session_page)
        self.problems = ProblemsPanel(self.studio)
        self.problems.problem_chosen.connect(self.select_problem)

        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.sessions)
        row = QHBoxLayout()
        self.add_session_button = QPushButton()
        self.add_session_button.clicked.connect(self.duplicate_session)
        self.remove_session_button = QPushButton()
        self.remove_session_button.clicked.connect(self.remove_session)
        row.addWidget(self.add_session_button)
        row.addWidget(self.remove_session_button)
        left_layout.addLayout(row)
        middle = QSplitter(Qt.Orientation.Vertical)
        middle.addWidget(self.pages)
        middle.addWidget(self.problems)
        middle.setSizes([700, 110])
        split = QSplitter()
        split.addWidget(left)
        split.addWidget(middle)
        split.setSizes([240, 940])
        self.setCentralWidget(split)

        self.menus: dict[str, QMenu] = {}
        self.actions_by_name: dict[str, QAction] = {}
        self._build_menus()
        self.studio.changed.connect(self._refresh)
        self.studio.checked.connect(self._checked)
        self.studio.saved.connect(self._update_title)
        self.extras: list[Any] = []  # recording, preview, publishing (added by their modules)
        from .voice_tools import VoiceTools

        self.voice = VoiceTools(self.session_page)
        self.extras.append(self.voice)
        self.add_action("voice", "record", "Ctrl+R", self.voice.record_voice)
        self.add_action("voice", "import_voice", "Ctrl+I", self.voice.choose_file)
        self.add_action("voice", "draft_voice", "Ctrl+Shift+D", self.voice.make_draft)
        from .preview import Preview
        from .publish import Publisher

        self.preview = Preview(self.session_page, output_factory)
        self.extras.append(self.preview)
        self.add_action("preview", "play", "F5", self.preview.toggle)
        self.add_action("preview", "render", "Ctrl+Shift+R", self.preview.render_session)
        self.publisher = Publisher(self, self.studio)
        self.add_action("file", "publish", "Ctrl+Shift+P", self.publisher.publish)
        self.reports_window: Any = None
        self.add_action("reports", "client_reports", "Ctrl+Shift+O", self.open_client_reports)
        self.retranslate()
        self._refresh_sessions(0)
        self.studio.check_now()

    # menus --------------------------------------------------------------------------------
    def _build_menus(self) -> None:
        S = QKeySequence.StandardKey
        layout: dict[str, list[Action]] = {
            "file": [("save", S.Save, self.save), ("close", S.Close, self.close)],
            "edit": [("undo", S.Undo, self.studio.undo), ("redo", S.Redo, self.studio.redo)],
            "session": [
                ("duplicate_session", "Ctrl+D", self.duplicate_session),
                ("remove_session", None, self.remove_session),
                ("previous_phase", "Ctrl+Up", lambda: self._step_phase(-1)),
                ("next_phase", "Ctrl+Down", lambda: self._step_phase(1)),
                ("move_up", "Alt+Up", lambda: self.session_page.move_current(-1)),
                ("move_down", "Alt+Down", lambda: self.session_page.move_current(1)),
                ("add_phase", "Ctrl+N", self._add_phase),
            ],
        }
        for menu_name, entries in layout.items():
            menu = self.menuBar().addMenu("")
            self.menus[menu_name] = menu
            for name, key, slot in entries:
                self.add_action(menu_name, name, key, slot)

    def add_action(
        self,
        menu: str,
        name: str,
        key: str | QKeySequence.StandardKey | None,
        slot: Callable[[], object],
    ) -> QAction:
        if menu not in self.menus:
            self.menus[menu] = self.menuBar().addMenu("")
        action = QAction(self)
        if key is not None:
            action.setShortcut(QKeySequence(key))
        action.triggered.connect(lambda _checked=False: slot())
        self.menus[menu].addAction(action)
        self.actions_by_name[name] = action
        return action

    def retranslate(self) -> None:
        names = {
            "file": tr("&File"),
            "edit": tr("&Edit"),
            "session": tr("&Session"),
            "voice": tr("&Voice"),
            "preview": tr("&Preview"),
            "reports": tr("&Reports"),
        }
        for key, menu in self.menus.items():
            menu.setTitle(names.get(key, key))
        texts = {
            "save": tr("&Save"),
            "close": tr("&Close the Studio"),
            "undo": tr("&Undo"),
            "redo": tr("&Redo"),
            "duplicate_session": tr("&Duplicate session"),
            "remove_session": tr("&Remove session"),
            "previous_phase": tr("&Previous phase"),
            "next_phase": tr("&Next phase"),
            "move_up": tr("Move phase &up"),
            "move_down": tr("Move phase do&wn"),
            "add_phase": tr("&Add phase"),
            "record": tr("&Record the voice…"),
            "import_voice": tr("&Import a voice file…"),
            "draft_voice": tr("Make a &draft voice"),
            "play": tr("&Play from the selected phase / stop"),
            "render": tr("&Render the session to a WAV file…"),
            "publish": tr("&Publish a pack…"),
            "client_reports": tr("&Clients' reports…"),
        }
        for name, text in texts.items():
            self.actions_by_name[name].setText(text)
        self.add_session_button.setText(tr("Duplicate session"))
        self.remove_session_button.setText(tr("Remove session"))
        self.sessions.setAccessibleName(tr("Programme and sessions"))
        self.details.retranslate()
        self.session_page.retranslate()
        self.problems.retranslate()
        if self.reports_window is not None:
            self.reports_window.retranslate()
        for extra in self.extras:
            if hasattr(extra, "retranslate"):
                extra.retranslate()
        self._refresh_sessions(self.sessions.currentRow())
        self._update_title()

    # showing ------------------------------------------------------------------------------
    def _update_title(self) -> None:
        title = str(self.studio.doc.root.get("title", "")) or tr("New programme")
        self.setWindowTitle(tr("Coach Studio — {title}", title=title) + " [*]")
        self.setWindowModified(self.studio.doc.changed)
        self.actions_by_name["undo"].setEnabled(self.studio.history.can_undo)
        self.actions_by_name["redo"].setEnabled(self.studio.history.can_redo)

    def _refresh_sessions(self, select: int) -> None:
        self.sessions.blockSignals(True)
        self.sessions.clear()
        self.sessions.addItem(QListWidgetItem(tr("Programme details")))
        for i, session in enumerate(self.studio.doc.sessions()):
            title = session.get("title", "") if isinstance(session, dict) else ""
            sid = session.get("id", "") if isinstance(session, dict) else ""
            self.sessions.addItem(QListWidgetItem(f"{i + 1}. {title}  ({sid})"))
        self.sessions.blockSignals(False)
        self.sessions.setCurrentRow(min(max(select, 0), self.sessions.count() - 1))
        self._session_row(self.sessions.currentRow())

    def _session_row(self, row: int) -> None:
        if row <= 0:
            self.pages.setCurrentWidget(self.details)
            self.details.refresh()
        else:
            self.pages.setCurrentWidget(self.session_page)
            if self.session_page.session_index != row - 1:
                self.session_page.show_session(row - 1)
            else:
                self.session_page.refresh()
        self.remove_session_button.setEnabled(row > 0)

    def _refresh(self) -> None:
        self._refresh_sessions(self.sessions.currentRow())
        self._update_title()

    def _checked(self) -> None:
        self._update_title()

    def show_session(self, index: int) -> None:
        self.sessions.setCurrentRow(index + 1)

    def _step_phase(self, step: int) -> None:
        phases = self.session_page.phases
        if self.pages.currentWidget() is self.session_page and phases.count():
            phases.setCurrentRow(min(max(phases.currentRow() + step, 0), phases.count() - 1))
            phases.setFocus()

    def _add_phase(self) -> None:
        if self.pages.currentWidget() is self.session_page:
            self.session_page.add_phase_after()

    # problems -----------------------------------------------------------------------------
    def select_problem(self, problem: Problem) -> None:
        """Show and focus the field a problem is about (by its line in program.yaml)."""
        path = self.studio.doc.path_at_line(problem.location.line)
        if len(path) >= 2 and path[0] == "sessions" and isinstance(path[1], int):
            self.show_session(path[1])
            self.session_page.select_path(path)
            key = next((p for p in reversed(path) if isinstance(p, str)), None)
            if key and not self.session_page.phase_fields.focus(key):
                self.session_page.session_fields.focus(key)
        else:
            self.sessions.setCurrentRow(0)
            self.details.focus(path)

    # session edits ------------------------------------------------------------------------
    def _move_session(self, source: int, target: int) -> None:
        from ...core.authoring import MoveItem

        self.studio.do(MoveItem(("sessions",), source, target, label="move"))
        self.show_session(target)

    def duplicate_session(self) -> None:
        index = max(self.sessions.currentRow() - 1, 0)
        sessions = self.studio.doc.sessions()
        if not sessions:
            return
        taken = [str(s.get("id")) for s in sessions if isinstance(s, dict)]
        new_id = unique_id(str(sessions[index].get("id", "session")), taken)
        self.studio.do(
            Duplicate(("sessions",), index, label="duplicate", new_values={"id": new_id})
        )
        self.show_session(index + 1)

    def remove_session(self) -> None:
        index = self.sessions.currentRow() - 1
        if index >= 0 and len(self.studio.doc.sessions()) > 1:
            self.studio.do(RemoveItem(("sessions",), index, label="remove"))
            self.show_session(max(index - 1, 0))

    # saving and closing -------------------------------------------------------------------
    def open_client_reports(self) -> Any:
        """The clients' reports beside the Studio (one window, kept while the Studio is open)."""
        from .client_reports import ClientReportsWindow

        if self.reports_window is None:
            self.reports_window = ClientReportsWindow(self)
        self.reports_window.show()
        self.reports_window.raise_()
        return self.reports_window

    def save(self) -> bool:
        try:
            self.studio.save()
        except (UserError, ProgramError) as error:
            QMessageBox.warning(self, tr("Not saved"), str(error))
            return False
        self.statusBar().showMessage(tr("Saved {path}", path=self.studio.doc.path), 5000)
        return True

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.studio.doc.changed:
            answer = QMessageBox.question(
                self,
                tr("Unsaved changes"),
                tr("Save the changes to the programme first?"),
                QMessageBox.StandardButton.Save
                | QMessageBox.StandardButton.Discard
                | QMessageBox.StandardButton.Cancel,
            )
            if answer == QMessageBox.StandardButton.Cancel or (
                answer == QMessageBox.StandardButton.Save and not self.save()
            ):
                event.ignore()
                return
        for extra in self.extras:
            shutdown = getattr(extra, "shutdown", None)
            if shutdown is not None:  # a recording, a preview playing: end them with the window
                shutdown()
        event.accept()


def open_window(folder: Path) -> StudioWindow:
    """The Studio on the programme in `folder` (ProgramError when it cannot be read)."""
    window = StudioWindow(ProgramDocument.open(folder))
    QTimer.singleShot(0, window._update_title)
    return window
