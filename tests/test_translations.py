"""Every user-visible string, in every layer, has its Dutch translation (gettext catalogues)."""

from __future__ import annotations

import importlib.util
import re
from types import ModuleType

from locations import REPO


def _tool() -> ModuleType:
    spec = importlib.util.spec_from_file_location("i18n_tool", REPO / ".ci" / "i18n.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_every_string_in_the_code_has_a_dutch_translation() -> None:
    tool = _tool()
    assert len(tool.template()) > 150
    assert list(tool.missing("nl")) == []


def test_translations_keep_every_named_field() -> None:
    fields = re.compile(r"\{(\w*)[^{}]*\}")
    catalog = _tool().read("nl")
    wrong = []
    for message in catalog:
        if not message.id:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        texts = message.string if isinstance(message.string, tuple) else (message.string,)
        want = sorted(set(fields.findall(ids[-1])))
        for text in texts:
            if sorted(set(fields.findall(text))) != want:
                wrong.append(ids[0])
    assert wrong == []


def test_the_catalogue_tool_notices_a_missing_translation(tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    tool = _tool()
    empty = tmp_path / "nl.po"
    empty.write_text('msgid ""\nmsgstr ""\n"Language: nl\\n"\n', encoding="utf-8")
    monkeypatch.setattr(tool, "po_path", lambda code: empty)
    assert len(list(tool.missing("nl"))) > 150
