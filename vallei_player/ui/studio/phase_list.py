"""The list of a session's phases and repeat blocks; drag a row to move it.

A row moves within its own list (the session's phases, or one block's): dropping it among
another list's rows is not a move the format has a single meaning for, so it is refused.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QDropEvent
from PySide6.QtWidgets import QAbstractItemView, QListWidget, QListWidgetItem, QWidget

from ..i18n import tr, trn
from ..wave import KIND_NAMES
from .outline import Row


def row_text(row: Row) -> str:
    indent = "    " * row.depth
    node = row.node
    if row.block:
        return indent + tr("↻ Repeat ×{n}", n=node.get("repeat", "?"))
    kind = str(node.get("kind", "?"))
    parts = [tr(KIND_NAMES[kind]) if kind in KIND_NAMES else kind]
    if node.get("title"):
        parts.append(str(node["title"]))
    if node.get("duration"):
        parts.append(str(node["duration"]))
    if node.get("speaker"):
        parts.append(tr("speaker {who}", who=node["speaker"]))
    if node.get("voice"):
        voice = str(node["voice"])
        parts.append(tr("draft voice") if ".draft." in voice else tr("recorded voice"))
    elif node.get("script"):
        parts.append(tr("script only"))
    return indent + " · ".join(parts)


class PhaseList(QListWidget):
    moved = Signal(int, int)  # from row, to row (rows of the same list)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.rows: list[Row] = []
        self.setDragDropMode(QAbstractItemView.DragDropMode.InternalMove)
        self.setDefaultDropAction(Qt.DropAction.MoveAction)

    def show_rows(self, rows: list[Row], select: tuple[str | int, ...] | None) -> None:
        self.blockSignals(True)
        self.clear()
        self.rows = rows
        current = -1
        for i, row in enumerate(rows):
            item = QListWidgetItem(row_text(row))
            item.setData(Qt.ItemDataRole.AccessibleTextRole, row_text(row).strip())
            self.addItem(item)
            if row.path == select:
                current = i
        self.blockSignals(False)
        self.setCurrentRow(current if current >= 0 else (0 if rows else -1))

    def mark_warnings(self, warnings: Mapping[str, Sequence[object]]) -> None:
        """Append "⚠ N level warnings" to each phase whose clips have some (controller.py)."""
        for i, row in enumerate(self.rows):
            item = self.item(i)
            if item is None:
                continue
            text = row_text(row)
            if not row.block:
                clips = {str(row.node.get(k)) for k in ("voice", "bed", "cue") if row.node.get(k)}
                n = sum(len(warnings.get(clip, ())) for clip in clips)
                if n:
                    text += " · ⚠ " + trn("{n} level warning", "{n} level warnings", n)
            if item.text() != text:
                item.setText(text)
                item.setData(Qt.ItemDataRole.AccessibleTextRole, text.strip())

    def current(self) -> Row | None:
        i = self.currentRow()
        return self.rows[i] if 0 <= i < len(self.rows) else None

    def dropEvent(self, event: QDropEvent) -> None:
        # The document moves, then the list is rebuilt from it: never let Qt move the item.
        source = self.currentRow()
        target_item = self.itemAt(event.position().toPoint())
        target = self.row(target_item) if target_item is not None else len(self.rows) - 1
        event.ignore()
        if 0 <= source < len(self.rows) and 0 <= target < len(self.rows) and source != target:
            self.moved.emit(source, target)
