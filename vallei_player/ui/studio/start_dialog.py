"""What the Studio offers without a folder: make a programme from a template, or open one."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from ...core.authoring import TEMPLATE_KINDS, TemplateChoice, TemplateKind
from ..i18n import N_, language, tr

TEMPLATE_NAMES = {
    "course": N_("A course: weeks × sessions (settle, waves of arousal and rest, closing)"),
    "couples": N_("Couples' listening: turns of A and B with prompts"),
    "single": N_("A single session"),
}


class StartDialog(QDialog):
    """Accepted with `choice` and `folder` set for a new programme, or `open_folder` set."""

    def __init__(self, parent: QWidget | None = None, folder: Path | None = None) -> None:
        super().__init__(parent)
        self.choice: TemplateChoice | None = None
        self.folder: Path | None = folder
        self.open_folder: Path | None = None
        self.setWindowTitle(tr("Coach Studio"))
        layout = QVBoxLayout(self)
        intro = QLabel(tr("Make a new programme from a template, or open a programme folder."))
        intro.setWordWrap(True)
        layout.addWidget(intro)
        form = QFormLayout()
        self.template = QComboBox()
        for kind in TEMPLATE_KINDS:
            self.template.addItem(tr(TEMPLATE_NAMES[kind]), kind)
        self.title = QLineEdit()
        self.title.setPlaceholderText(tr("e.g. Waves, a six-week course"))
        self.language = QComboBox()
        for code, name in (("nl", tr("Dutch (nl)")), ("en", tr("English (en)"))):
            self.language.addItem(name, code)
        # the programme's language starts as the Studio's own
        self.language.setCurrentIndex(max(0, self.language.findData(language())))
        self.author = QLineEdit()
        self.weeks = QSpinBox()
        self.weeks.setRange(1, 52)
        self.weeks.setValue(6)
        self.per_week = QSpinBox()
        self.per_week.setRange(1, 7)
        self.per_week.setValue(3)
        self.waves = QSpinBox()
        self.waves.setRange(1, 20)
        self.waves.setValue(3)
        folder_row = QHBoxLayout()
        self.folder_edit = QLineEdit(str(folder) if folder else "")
        browse = QPushButton(tr("Choose…"))
        browse.clicked.connect(self._choose_folder)
        folder_row.addWidget(self.folder_edit)
        folder_row.addWidget(browse)
        for label, widget in (
            (tr("Tem&plate"), self.template),
            (tr("&Title"), self.title),
            (tr("&Language"), self.language),
            (tr("&Author"), self.author),
            (tr("&Weeks"), self.weeks),
            (tr("&Sessions per week"), self.per_week),
            (tr("Wa&ves per session"), self.waves),
        ):
            form.addRow(label, widget)
            widget.setAccessibleName(label.replace("&", ""))
        folder_label = QLabel(tr("&Folder"))
        folder_label.setBuddy(self.folder_edit)
        form.addRow(folder_label, folder_row)
        self.folder_edit.setAccessibleName(tr("Folder"))
        layout.addLayout(form)
        self.problem = QLabel()
        self.problem.setWordWrap(True)
        layout.addWidget(self.problem)
        buttons = QDialogButtonBox()
        self.create_button = buttons.addButton(
            tr("&Create programme"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.open_button = buttons.addButton(
            tr("&Open a programme…"), QDialogButtonBox.ButtonRole.ActionRole
        )
        buttons.addButton(QDialogButtonBox.StandardButton.Cancel).setText(tr("Cancel"))
        self.create_button.clicked.connect(self._create)
        self.open_button.clicked.connect(self._open)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.create_button.setDefault(True)

    def _choose_folder(self) -> None:
        chosen = QFileDialog.getExistingDirectory(self, tr("Folder for the new programme"))
        if chosen:
            self.folder_edit.setText(chosen)

    def _create(self) -> None:
        title = self.title.text().strip()
        folder = self.folder_edit.text().strip()
        if not title or not folder:
            self.problem.setText(tr("Give the programme a title and choose a folder for it."))
            return
        kind: TemplateKind = self.template.currentData()
        self.choice = TemplateChoice(
            kind,
            title,
            language=self.language.currentData(),
            author=self.author.text(),
            weeks=self.weeks.value(),
            sessions_per_week=self.per_week.value(),
            waves=self.waves.value(),
        )
        self.folder = Path(folder).expanduser()
        self.accept()

    def _open(self) -> None:
        chosen = QFileDialog.getExistingDirectory(self, tr("Open a programme folder"))
        if chosen:
            self.open_folder = Path(chosen)
            self.accept()
