"""Authoring programmes (the Coach Studio's core, no Qt): the program.yaml a coach edits.

`document` (the round-trip YAML tree: open, save byte for byte, minimal diffs), `edits`
(every change as an undoable command, and the history), `templates` (new programmes),
`names` (ids and file names the Studio makes up) and `checking` (the loader, run on the
unsaved text).
"""

from __future__ import annotations

from .checking import check_document
from .document import Path_, ProgramDocument, deep_copy
from .edits import Duplicate, Edit, Group, History, InsertItem, MoveItem, RemoveItem, SetValue
from .names import clip_name, id_from_title, text_value, unique_id
from .publishing import PackSummary, content_digest, needs_new_version, next_patch, publish
from .templates import (
    TEMPLATE_KINDS,
    TemplateChoice,
    TemplateKind,
    build_tree,
    create_programme,
    new_document,
)

__all__ = [
    "TEMPLATE_KINDS",
    "Duplicate",
    "Edit",
    "Group",
    "History",
    "InsertItem",
    "MoveItem",
    "PackSummary",
    "Path_",
    "ProgramDocument",
    "RemoveItem",
    "SetValue",
    "TemplateChoice",
    "TemplateKind",
    "build_tree",
    "check_document",
    "clip_name",
    "content_digest",
    "create_programme",
    "deep_copy",
    "id_from_title",
    "needs_new_version",
    "new_document",
    "next_patch",
    "publish",
    "text_value",
    "unique_id",
]
