"""The selected phase's voice: record it, import a file (button or drag and drop), make a
draft with espeak-ng, or take the voice away; each is one undoable edit of the phase."""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QFileDialog, QMessageBox, QPushButton

from ...core.audiofiles import ProbeError, probe_clip
from ...core.authoring import clip_name
from ...core.problems import UserError, describe_error
from ...core.program import DRAFT_MARK, is_draft_voice, parse_duration
from ...core.store import paths
from ..i18n import tr
from ..tasks import run_in_background
from .session_page import SessionPage

AUDIO_FILTER = "*.wav *.flac *.ogg *.oga *.opus *.mp3 *.m4a *.aac *.aiff *.aif *.wma *.webm"


def loudness_target(root: Any) -> float | None:
    """The programme's voice loudness (PROGRAM_FORMAT.md `audio.loudness`): -18 by default."""
    audio = root.get("audio") if isinstance(root, dict) else None
    value = audio.get("loudness") if isinstance(audio, dict) else None
    if value is None:
        return -18.0
    text = str(value).strip().lower()
    if text == "off":
        return None
    try:
        return float(text.removesuffix("lufs"))
    except ValueError:
        return -18.0  # the live check says what is wrong with it


class VoiceTools(QObject):
    def __init__(self, page: SessionPage) -> None:
        super().__init__(page)
        self.page = page
        self.studio = page.studio
        self.record = QPushButton()
        self.record.clicked.connect(self.record_voice)
        self.import_button = QPushButton()
        self.import_button.clicked.connect(self.choose_file)
        self.draft = QPushButton()
        self.draft.clicked.connect(self.make_draft)
        self.clear = QPushButton()
        self.clear.clicked.connect(lambda: self.page.set_voice(None))
        self.state = page.voice_state
        for b in (self.record, self.import_button, self.draft, self.clear):
            page.voice_tools.addWidget(b)
        page.voice_tools.addStretch(1)
        page.setAcceptDrops(True)
        page.dragEnterEvent = self._drag_enter  # type: ignore[method-assign]
        page.dropEvent = self._drop  # type: ignore[method-assign]
        page.phase_selected.connect(self.update)
        self.studio.checked.connect(self.update)
        self.retranslate()

    def retranslate(self) -> None:
        self.record.setText(tr("&Record…"))
        self.record.setToolTip(tr("Record this phase's voice (Ctrl+R)"))
        self.import_button.setText(tr("&Import…"))
        self.import_button.setToolTip(tr("Copy an audio file in; you can also drop one here"))
        self.draft.setText(tr("Dra&ft voice"))
        self.draft.setToolTip(tr("Speak the script with espeak-ng as a draft to replace later"))
        self.clear.setText(tr("No voice"))
        self.update()

    def update(self) -> None:
        row = self.page.current_row()
        node = row.node if row is not None and not row.block else None
        voice = str(node.get("voice")) if node is not None and node.get("voice") else ""
        has_script = node is not None and bool(node.get("script"))
        self.draft.setEnabled(has_script)
        self.clear.setEnabled(bool(voice))
        lines = [tr("⚠ synthetic draft: record the real voice")] if is_draft_voice(voice) else []
        # the levels warnings of the clips this phase plays, on the phase (controller.py)
        clips = [str(node.get(k)) for k in ("voice", "bed", "cue") if node and node.get(k)]
        for clip in dict.fromkeys(clips):
            lines += ["⚠ " + p.message for p in self.studio.clip_warnings.get(clip, ())]
        self.state.setText("\n".join(lines))

    # where things go ---------------------------------------------------------------------
    def _clip_path(self, suffix: str) -> tuple[str, Path] | None:
        row = self.page.current_row()
        if row is None or row.block:
            return None
        session = self.page.session_node()
        number = next((i for i, r in enumerate(self.page.phases.rows) if r.path == row.path), 0)
        title = str(row.node.get("title") or row.node.get("kind") or "voice")
        rel = clip_name(str(session.get("id", "session")), number + 1, title, suffix)
        return rel, self.studio.folder / rel

    def _use(self, rel: str) -> None:
        """Point the phase at the clip; a planned duration shorter than it goes (the phase
        then lasts as long as the voice), in the same undoable step."""
        try:
            seconds: float | None = probe_clip(self.studio.folder / rel).seconds
        except ProbeError:
            seconds = None  # the live check names what is wrong with the file
        row = self.page.current_row()
        longer = False
        if row is not None and seconds is not None and row.node.get("duration"):
            try:
                longer = parse_duration(str(row.node["duration"])) < Fraction(seconds)
            except Exception:  # a duration the live check already reports
                longer = False
        self.page.set_voice(rel, duration_from_voice=longer)
        self.studio.check_now()

    # actions -----------------------------------------------------------------------------
    def record_voice(self) -> None:
        from .voice import RecordDialog

        where = self._clip_path(".opus")
        if where is None:
            return
        rel, clip = where
        try:
            takes = paths.data_dir() / "studio-takes"
        except UserError as error:
            QMessageBox.warning(self.page, tr("Record the voice"), str(error))
            return
        raw = takes / (clip.relative_to(self.studio.folder).as_posix().replace("/", "_") + ".wav")
        row = self.page.current_row()
        script = str(row.node.get("script") or "") if row is not None else ""
        dialog = RecordDialog(self.page, script, loudness_target(self.studio.doc.root), raw, clip)
        if dialog.exec() and dialog.clip is not None:
            self._use(rel)

    def choose_file(self) -> None:
        chosen, _filter = QFileDialog.getOpenFileName(
            self.page, tr("Import a voice recording"), "", tr("Audio files") + f" ({AUDIO_FILTER})"
        )
        if chosen:
            self.import_file(Path(chosen))

    def import_file(self, source: Path) -> None:
        from ...engine import import_clip

        where = self._clip_path("")
        if where is None:
            return
        target = where[1]
        folder = self.studio.folder

        def done(path: object) -> None:
            assert isinstance(path, Path)
            self._use(path.relative_to(folder).as_posix())

        run_in_background(lambda: import_clip(source, target), done, self._failed)

    def make_draft(self) -> None:
        from ...engine import make_draft

        where = self._clip_path(DRAFT_MARK.rstrip(".") + ".opus")
        row = self.page.current_row()
        if where is None or row is None:
            return
        rel, target = where
        script = str(row.node.get("script") or "")
        language = str(self.studio.doc.root.get("language", "en"))
        self.state.setText(tr("Speaking the draft…"))
        run_in_background(
            lambda: make_draft(script, language, target), lambda _p: self._use(rel), self._failed
        )

    def _failed(self, error: BaseException) -> None:
        QMessageBox.warning(self.page, tr("Voice"), describe_error(error))
        self.update()

    def _drag_enter(self, event: QDragEnterEvent) -> None:
        if event.mimeData().hasUrls():
            event.acceptProposedAction()

    def _drop(self, event: QDropEvent) -> None:
        urls = [u for u in event.mimeData().urls() if u.isLocalFile()]
        if urls:
            event.acceptProposedAction()
            self.import_file(Path(urls[0].toLocalFile()))
