"""The programme's details: title and id, version, language, author, description, schedule,
and the reflection questions asked after every session."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import (
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QListWidget,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)
from ruamel.yaml.comments import CommentedMap, CommentedSeq

from ...core.authoring import (
    Edit,
    Group,
    InsertItem,
    Path_,
    RemoveItem,
    SetValue,
    id_from_title,
    text_value,
    unique_id,
)
from ..i18n import N_, tr
from .controller import Studio
from .fields import FieldSet
from .texts import PROGRAMME_FIELDS, translated

# Where a missing optional key goes, so the file reads in the format's order.
ORDER = (
    "format",
    "id",
    "version",
    "title",
    "language",
    "author",
    "description",
    "schedule",
    "audio",
    "reflection",
    "sessions",
)
REFLECTION_FIELDS = {
    "ask": (N_("&Question"), N_("Asked after every session.")),
    "type": (N_("Answer &type"), N_("scale (0 to 10), choice, or text.")),
    "id": (N_("Question i&d"), N_("a-z, 0-9 and hyphens; stays the same so reports compare.")),
}


def position_for(root: CommentedMap, key: str) -> int:
    """Where `key` goes among the keys `root` has, in the format's order."""
    rank = ORDER.index(key) if key in ORDER else len(ORDER)
    keys = list(root)
    for i, existing in enumerate(keys):
        if existing in ORDER and ORDER.index(existing) > rank:
            return i
    return len(keys)


class DetailsPage(QWidget):
    def __init__(self, studio: Studio) -> None:
        super().__init__()
        self.studio = studio
        body = QWidget()
        layout = QVBoxLayout(body)
        self.main_box = QGroupBox()
        form = QFormLayout(self.main_box)
        self.fields = FieldSet(form, self._changed)
        for key in ("title", "id", "version", "language"):
            self.fields.line(key)
        self.author_fields = FieldSet(form, self._author_changed)
        self.author_fields.line("name")
        self.author_fields.line("contact")
        self.fields.text("description")
        layout.addWidget(self.main_box)

        self.schedule_box = QGroupBox()
        schedule_form = QFormLayout(self.schedule_box)
        self.schedule_fields = FieldSet(schedule_form, self._schedule_changed)
        self.schedule_fields.integer("sessions_per_week", 1, 7)
        self.schedule_fields.line("days")
        self.schedule_fields.line("time")
        layout.addWidget(self.schedule_box)

        self.reflection_box = QGroupBox()
        reflection_layout = QVBoxLayout(self.reflection_box)
        self.questions = QListWidget()
        self.questions.currentRowChanged.connect(self._question_selected)
        reflection_layout.addWidget(self.questions)
        row = QHBoxLayout()
        self.add_question = QPushButton()
        self.add_question.clicked.connect(self._add_question)
        self.remove_question = QPushButton()
        self.remove_question.clicked.connect(self._remove_question)
        row.addWidget(self.add_question)
        row.addWidget(self.remove_question)
        row.addStretch(1)
        reflection_layout.addLayout(row)
        question_form = QFormLayout()
        self.question_fields = FieldSet(question_form, self._question_changed)
        self.question_fields.line("ask")
        self.question_fields.choice("type", ["scale", "choice", "text"])
        self.question_fields.line("id")
        reflection_layout.addLayout(question_form)
        layout.addWidget(self.reflection_box)
        layout.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(body)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scroll)
        self.retranslate()

    def retranslate(self) -> None:
        self.main_box.setTitle(tr("Programme"))
        self.schedule_box.setTitle(tr("Schedule"))
        self.reflection_box.setTitle(tr("Reflection after every session"))
        texts = translated(PROGRAMME_FIELDS)
        for fields in (self.fields, self.author_fields, self.schedule_fields):
            fields.set_texts(texts)
        self.question_fields.set_texts(translated(REFLECTION_FIELDS))
        types = self.question_fields.widgets["type"]
        for i, text in enumerate((tr("scale 0-10"), tr("choice"), tr("text"))):
            types.setItemText(i, text)  # type: ignore[attr-defined]
        self.add_question.setText(tr("Add &question"))
        self.remove_question.setText(tr("Remove question"))
        self.questions.setAccessibleName(tr("Reflection questions"))
        self.refresh()

    def refresh(self) -> None:
        doc = self.studio.doc
        self.fields.load(doc.root)
        self.author_fields.load(_mapping(doc.get(("author",))))
        schedule = _mapping(doc.get(("schedule",)))
        shown = CommentedMap(schedule or {})
        days = shown.get("days")
        if isinstance(days, list):
            shown["days"] = ", ".join(str(d) for d in days)
        self.schedule_fields.load(shown)
        row = self.questions.currentRow()
        self.questions.blockSignals(True)
        self.questions.clear()
        for question in self._reflection():
            self.questions.addItem(
                str(question.get("ask", "")) if isinstance(question, dict) else "?"
            )
        self.questions.blockSignals(False)
        self.questions.setCurrentRow(min(max(row, 0), self.questions.count() - 1))
        self._question_selected(self.questions.currentRow())

    def focus(self, path: Path_) -> None:
        key = path[-1] if path else None
        if len(path) >= 2 and path[0] == "reflection" and isinstance(path[1], int):
            self.questions.setCurrentRow(path[1])
            if len(path) > 2 and isinstance(path[2], str):
                self.question_fields.focus(path[2])
            return
        for fields in (self.fields, self.author_fields, self.schedule_fields):
            if isinstance(key, str) and fields.focus(key):
                return

    # edits --------------------------------------------------------------------------------
    def _set(self, path: Path_, key: str, value: Any) -> Edit:
        return SetValue(path, key, value, label=key)

    def _changed(self, key: str, value: Any) -> None:
        root = self.studio.doc.root
        edits: list[Edit] = [self._set((), key, value)]
        if (
            key == "title"
            and value
            and str(root.get("id", "")) == id_from_title(str(root.get("title", "")))
        ):
            edits.append(self._set((), "id", id_from_title(str(value))))  # the id follows the title
        self.studio.do(Group(edits, label=key))

    def _parent_change(self, parent: str, key: str, value: Any) -> None:
        root = self.studio.doc.root
        if not isinstance(root.get(parent), CommentedMap):
            if value is None:
                return
            fresh = CommentedMap()
            if parent == "author":
                fresh.fa.set_flow_style()
            self.studio.do(
                Group(
                    [
                        SetValue((), parent, fresh, position=position_for(root, parent)),
                        self._set((parent,), key, value),
                    ],
                    label=key,
                )
            )
            return
        self.studio.do(self._set((parent,), key, value))

    def _author_changed(self, key: str, value: Any) -> None:
        self._parent_change("author", key, value)

    def _schedule_changed(self, key: str, value: Any) -> None:
        if key == "days" and value is not None:
            days = CommentedSeq(d.strip().lower() for d in str(value).split(",") if d.strip())
            days.fa.set_flow_style()
            value = days
        if key == "time" and value is not None:
            value = text_value(str(value))
        self._parent_change("schedule", key, value)

    def _reflection(self) -> list[Any]:
        found = self.studio.doc.get(("reflection",))
        return list(found) if isinstance(found, CommentedSeq) else []

    def _question_selected(self, row: int) -> None:
        questions = self._reflection()
        node = questions[row] if 0 <= row < len(questions) else None
        self.question_fields.load(node)
        for widget in self.question_fields.widgets.values():
            widget.setEnabled(node is not None)
        self.remove_question.setEnabled(node is not None)

    def _question_changed(self, key: str, value: Any) -> None:
        row = self.questions.currentRow()
        if 0 <= row < len(self._reflection()):
            self.studio.do(self._set(("reflection", row), key, value))

    def _add_question(self) -> None:
        root = self.studio.doc.root
        taken = [str(q.get("id")) for q in self._reflection() if isinstance(q, dict)]
        question = CommentedMap(id=unique_id("question", taken))
        question["ask"] = text_value(tr("How was it?"))
        question["type"] = "text"
        edits: list[Edit] = []
        if not isinstance(root.get("reflection"), CommentedSeq):
            edits.append(
                SetValue(
                    (), "reflection", CommentedSeq(), position=position_for(root, "reflection")
                )
            )
        edits.append(InsertItem(("reflection",), question, None))
        self.studio.do(Group(edits, label="question"))
        self.questions.setCurrentRow(self.questions.count() - 1)

    def _remove_question(self) -> None:
        row = self.questions.currentRow()
        if 0 <= row < len(self._reflection()):
            self.studio.do(RemoveItem(("reflection",), row, label="question"))


def _mapping(node: Any) -> CommentedMap | None:
    return node if isinstance(node, CommentedMap) else None
