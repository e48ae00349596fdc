"""One session: its details, its planned wave, its phases and the selected phase's fields."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QSplitter,
    QVBoxLayout,
    QWidget,
)
from ruamel.yaml.comments import CommentedMap, CommentedSeq

from ...core.authoring import (
    Duplicate,
    Edit,
    Group,
    InsertItem,
    MoveItem,
    Path_,
    RemoveItem,
    SetValue,
    text_value,
)
from ...core.problems import UserError
from ...core.program import session_timeline
from ..i18n import tr
from ..wave import KIND_NAMES, WaveTimeline
from .controller import Studio
from .fields import FieldSet
from .outline import Row, first_playings, phase_rows
from .phase_list import PhaseList
from .texts import KIND_CHOICES, PHASE_FIELDS, SESSION_FIELDS, translated


class SessionPage(QWidget):
    phase_selected = Signal()

    def __init__(self, studio: Studio) -> None:
        super().__init__()
        self.studio = studio
        self.session_index = 0
        self._selected: Path_ | None = None
        outer = QVBoxLayout(self)

        self.session_box = QGroupBox()
        session_form = QFormLayout(self.session_box)
        self.session_fields = FieldSet(session_form, self._session_changed, compact=True)
        for key in ("title", "id"):
            self.session_fields.line(key)
        self.session_fields.integer("week", 1, 52)
        self.session_fields.text("description").setMaximumHeight(48)
        outer.addWidget(self.session_box)

        self.wave = WaveTimeline()
        self.wave.seek_requested.connect(self._wave_clicked)
        outer.addWidget(self.wave)

        split = QSplitter()
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        self.phases = PhaseList()
        self.phases.currentRowChanged.connect(self._row_changed)
        self.phases.moved.connect(self._dragged)
        left_layout.addWidget(self.phases)
        buttons = QHBoxLayout()
        self.add_phase = QPushButton()
        self.add_phase.clicked.connect(self.add_phase_after)
        self.add_block = QPushButton()
        self.add_block.clicked.connect(self.add_wave_block)
        self.duplicate = QPushButton()
        self.duplicate.clicked.connect(self.duplicate_row)
        self.remove = QPushButton()
        self.remove.clicked.connect(self.remove_row)
        for b in (self.add_phase, self.add_block, self.duplicate, self.remove):
            buttons.addWidget(b)
        left_layout.addLayout(buttons)
        left.setMaximumWidth(420)  # the phase's fields need the room more than the list
        split.addWidget(left)

        self.editor = QWidget()
        editor_layout = QVBoxLayout(self.editor)
        self.phase_box = QGroupBox()
        phase_form = QFormLayout(self.phase_box)
        self.phase_fields = FieldSet(phase_form, self._phase_changed)
        self.phase_fields.choice("kind", list(KIND_CHOICES))
        self.phase_fields.line("title")
        self.phase_fields.line("duration")
        self.phase_fields.level("level")
        self.phase_fields.line("voice")
        self.voice_tools = QHBoxLayout()  # recording, import and draft buttons (voice.py)
        phase_form.addRow("", self.voice_tools)
        self.voice_state = QLabel()  # "synthetic draft" and the like (voice_tools)
        self.voice_state.setWordWrap(True)
        phase_form.addRow("", self.voice_state)
        self.phase_fields.text("script")
        self.phase_fields.choice("speaker", [None, "A", "B"])
        self.phase_fields.line("prompt")
        self.phase_fields.line("bed")
        self.phase_fields.line("cue")
        editor_layout.addWidget(self.phase_box)
        self.block_box = QGroupBox()
        block_form = QFormLayout(self.block_box)
        self.block_fields = FieldSet(block_form, self._phase_changed)
        self.block_fields.integer("repeat", 1, 20, optional=False)
        editor_layout.addWidget(self.block_box)
        self.empty = QLabel()
        editor_layout.addWidget(self.empty)
        editor_layout.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setWidget(self.editor)
        split.addWidget(scroll)
        split.setSizes([260, 720])
        outer.addWidget(split, 1)
        self.wave.setMaximumHeight(150)
        studio.checked.connect(self._update_wave)
        studio.checked.connect(lambda: self.phases.mark_warnings(studio.clip_warnings))
        self.retranslate()

    # texts --------------------------------------------------------------------------------
    def retranslate(self) -> None:
        self.session_box.setTitle(tr("Session"))
        self.phase_box.setTitle(tr("Phase"))
        self.block_box.setTitle(tr("Repeat block"))
        self.session_fields.set_texts(translated(SESSION_FIELDS))
        self.phase_fields.set_texts(translated(PHASE_FIELDS))
        self.block_fields.set_texts(translated(PHASE_FIELDS))
        kinds = self.phase_fields.widgets["kind"]
        for i, kind in enumerate(KIND_CHOICES):
            kinds.setItemText(i, f"{tr(KIND_NAMES[kind])} ({kind})")  # type: ignore[attr-defined]
        speakers = self.phase_fields.widgets["speaker"]
        for i, text in enumerate((tr("nobody (not a turn)"), "A", "B")):
            speakers.setItemText(i, text)  # type: ignore[attr-defined]
        level = self.phase_fields.widgets["level"]
        level.setSpecialValueText(tr("by kind"))  # type: ignore[attr-defined]
        self.add_phase.setText(tr("Add &phase"))
        self.add_block.setText(tr("Add wave &block"))
        self.duplicate.setText(tr("D&uplicate"))
        self.remove.setText(tr("Remo&ve"))
        self.phases.setAccessibleName(tr("Phases of the session"))
        self.empty.setText(tr("This session has no phases yet: add one."))
        self.refresh()

    # the session shown --------------------------------------------------------------------
    @property
    def session_path(self) -> Path_:
        return ("sessions", self.session_index)

    def session_node(self) -> Any:
        return self.studio.doc.get(self.session_path)

    def show_session(self, index: int, select: Path_ | None = None) -> None:
        self.session_index = index
        self._selected = select
        self.refresh()

    def refresh(self) -> None:
        node = self.session_node()
        self.session_fields.load(node)
        rows = phase_rows(self.session_path, node)
        keep = self._selected
        self.phases.show_rows(rows, keep)
        self._row_changed(self.phases.currentRow())
        self._update_wave()
        self.phases.mark_warnings(self.studio.clip_warnings)

    def _update_wave(self) -> None:
        node = self.session_node()
        program = self.studio.program
        timeline = None
        if program is not None and isinstance(node, CommentedMap):
            try:
                timeline = session_timeline(program, str(node.get("id")))
            except UserError:  # renamed or new since the last valid check
                timeline = None
        self.wave.set_timeline(timeline)

    def current_row(self) -> Row | None:
        return self.phases.current()

    def select_path(self, path: Path_) -> None:
        """Select the row written at (or holding) `path` of this session."""
        best = None
        for i, row in enumerate(self.phases.rows):
            if path[: len(row.path)] == row.path:
                best = i
        if best is not None:
            self.phases.setCurrentRow(best)

    def _row_changed(self, index: int) -> None:
        row = self.phases.current()
        self._selected = row.path if row else None
        is_block = row is not None and row.block
        self.phase_box.setVisible(row is not None and not is_block)
        self.block_box.setVisible(is_block)
        self.empty.setVisible(row is None)
        if row is not None and not is_block:
            self.phase_fields.load(row.node)
        elif row is not None:
            self.block_fields.load(row.node)
        self.duplicate.setEnabled(row is not None)
        self.remove.setEnabled(row is not None)
        self.phase_selected.emit()

    def _wave_clicked(self, sample: int) -> None:
        timeline = self.wave.timeline()
        if timeline is None:
            return
        index = max((p.index for p in timeline.phases if p.start <= sample), default=0)
        starts = first_playings(self.session_path, self.session_node())
        earlier = [(i, path) for path, i in starts.items() if i <= index]
        best = max(earlier)[1] if earlier else None
        if best is not None:
            self.select_path(best)

    # edits --------------------------------------------------------------------------------
    def _session_changed(self, key: str, value: Any) -> None:
        self.studio.do(SetValue(self.session_path, key, value, label=key))

    def _phase_changed(self, key: str, value: Any) -> None:
        row = self.phases.current()
        if row is not None:
            self.studio.do(SetValue(row.path, key, value, label=key))

    def _insert(self, value: CommentedMap, label: str) -> None:
        row = self.phases.current()
        container, at = ((*self.session_path, "phases"), 0)
        if row is not None:
            container, at = row.container, row.index + 1
        if self.studio.doc.get(container) is None:
            self.studio.do(SetValue(self.session_path, "phases", CommentedSeq(), label=label))
        self._selected = (*container, at)
        self.studio.do(InsertItem(container, value, at, label=label))

    def add_phase_after(self) -> None:
        phase = CommentedMap(kind="rest")
        phase["duration"] = "2m"
        self._insert(phase, "phase")

    def add_wave_block(self) -> None:
        block = CommentedMap(repeat=2)
        inner = CommentedSeq()
        for kind, duration in (("arousal", "4m"), ("rest", "2m")):
            m = CommentedMap(kind=kind, duration=duration)
            m.fa.set_flow_style()
            inner.append(m)
        block["phases"] = inner
        self._insert(block, "block")

    def duplicate_row(self) -> None:
        row = self.phases.current()
        if row is not None:
            self._selected = (*row.container, row.index + 1)
            self.studio.do(Duplicate(row.container, row.index, label="duplicate"))

    def remove_row(self) -> None:
        row = self.phases.current()
        if row is not None:
            self._selected = (*row.container, max(0, row.index - 1))
            self.studio.do(RemoveItem(row.container, row.index, label="remove"))

    def move_current(self, step: int) -> None:
        row = self.phases.current()
        if row is None:
            return
        siblings = self.studio.doc.get(row.container)
        target = row.index + step
        if 0 <= target < len(siblings):
            self._selected = (*row.container, target)
            self.studio.do(MoveItem(row.container, row.index, target, label="move"))

    def _dragged(self, source: int, target: int) -> None:
        rows = self.phases.rows
        a, b = rows[source], rows[target]
        if a.container == b.container:
            self._selected = b.path
            self.studio.do(MoveItem(a.container, a.index, b.index, label="move"))

    def set_voice(self, path: str | None, *, duration_from_voice: bool = False) -> None:
        """Point the selected phase at a clip (one undoable step with the duration it implies)."""
        row = self.phases.current()
        if row is None or row.block:
            return
        after_kind = 1 + list(row.node).index("kind") if "kind" in row.node else 1
        value = text_value(path) if path else None
        edits: list[Edit] = [SetValue(row.path, "voice", value, label="voice", position=after_kind)]
        if duration_from_voice:
            edits.append(SetValue(row.path, "duration", None, label="voice"))
        self.studio.do(Group(edits, label="voice"))
