"""The program.yaml a coach edits in the Studio: saved unchanged it is the same file byte for
byte; one edit changes only its own lines; undo brings the file back (issue 14, item 7)."""

from __future__ import annotations

import difflib
import shutil
from pathlib import Path

import pytest
from locations import DATA, PROGRAMS

from vallei_player.core.authoring import (
    Duplicate,
    History,
    MoveItem,
    ProgramDocument,
    SetValue,
    check_document,
)
from vallei_player.core.program import check_program

HAND = Path(__file__).parent / "data" / "hand-commented"
FOLDERS = [
    *sorted(p for p in PROGRAMS.iterdir() if (p / "program.yaml").is_file()),
    DATA / "format-example",
    HAND,
]


def _copy(folder: Path, tmp_path: Path) -> Path:
    target = tmp_path / folder.name
    shutil.copytree(folder, target)
    return target


def _changed_lines(before: bytes, after: bytes) -> list[str]:
    diff = difflib.unified_diff(
        before.decode().splitlines(), after.decode().splitlines(), lineterm="", n=0
    )
    return [line for line in diff if line[:1] in "+-" and line[:3] not in ("+++", "---")]


@pytest.mark.parametrize("folder", FOLDERS, ids=lambda p: p.name)
def test_saving_unchanged_leaves_the_file_byte_identical(folder: Path, tmp_path: Path) -> None:
    copy = _copy(folder, tmp_path)
    before = (copy / "program.yaml").read_bytes()
    doc = ProgramDocument.open(copy)
    assert not doc.changed
    doc.save()
    assert (copy / "program.yaml").read_bytes() == before


@pytest.mark.parametrize("folder", FOLDERS, ids=lambda p: p.name)
def test_one_title_edit_changes_one_line_and_undo_restores(folder: Path, tmp_path: Path) -> None:
    copy = _copy(folder, tmp_path)
    before = (copy / "program.yaml").read_bytes()
    _, problems_before = check_program(copy)
    doc = ProgramDocument.open(copy)
    history = History(doc)
    last = len(doc.sessions()) - 1
    old_title = str(doc.sessions()[last]["title"])
    history.do(SetValue(("sessions", last), "title", "A new title"))
    doc.save()
    after = (copy / "program.yaml").read_bytes()
    changed = _changed_lines(before, after)
    assert len(changed) == 2, changed  # one line out, one line in
    assert changed[1][1:] == changed[0][1:].replace(old_title, "A new title")
    _, problems = check_program(copy)
    assert problems == problems_before  # the example's audio is missing either way
    assert ProgramDocument.open(copy).sessions()[last]["title"] == "A new title"
    history.undo()
    doc.save()
    assert (copy / "program.yaml").read_bytes() == before


def test_comments_and_spacing_survive_an_edit_elsewhere(tmp_path: Path) -> None:
    copy = _copy(HAND, tmp_path)
    doc = ProgramDocument.open(copy)
    History(doc).do(SetValue((), "version", "2.1.0"))
    doc.save()
    text = (copy / "program.yaml").read_text()
    assert "version: 2.1.0\n" in text
    for kept in (
        "id:   org.example.hand       # two spaces after the colon, on purpose\n",
        'author: { name: "A. Coach",  contact: https://example.org }\n',
        "  labels: [tense, relaxed]# glued comment\n",
        "      duration: 1m30s   # a minute and a half\n",
        "  # the first session\n",
        "description: >\n  Folded text that a coach\n",
    ):
        assert kept in text


def test_an_edit_where_layouts_differ_still_gives_a_valid_file(tmp_path: Path) -> None:
    """The hand-written reflection list sits at the key's own indentation; an edit inside it
    must not mix two indentations into YAML that no longer reads."""
    copy = _copy(HAND, tmp_path)
    doc = ProgramDocument.open(copy)
    History(doc).do(SetValue(("reflection", 0), "ask", "How does your body feel?"))
    doc.save()
    program, problems = check_program(copy)
    assert program is not None, problems
    assert program.reflection[0].ask == "How does your body feel?"
    assert "# glued comment" in (copy / "program.yaml").read_text()


def test_every_edit_undoes_and_redoes(tmp_path: Path) -> None:
    copy = _copy(PROGRAMS / "taster-en", tmp_path)
    doc = ProgramDocument.open(copy)
    original = doc.text()
    history = History(doc)
    first_id = doc.sessions()[0]["id"]
    history.do(Duplicate(("sessions",), 0, new_values={"id": "copy-of-first"}))
    history.do(MoveItem(("sessions",), 1, 0))
    history.do(SetValue((), "description", None))  # an emptied optional field goes away
    assert "description" not in doc.root
    program, problems = check_document(doc)
    assert program is not None, problems
    assert [s.id for s in program.sessions][:2] == ["copy-of-first", first_id]
    edited = doc.text()
    while history.undo():
        pass
    assert doc.text() == original
    while history.redo():
        pass
    assert doc.text() == edited


def test_a_problem_line_leads_to_its_field(tmp_path: Path) -> None:
    copy = _copy(PROGRAMS / "taster-en", tmp_path)
    doc = ProgramDocument.open(copy)
    History(doc).do(SetValue(("sessions", 0, "phases", 0), "duration", "three minutes"))
    program, problems = check_document(doc)
    assert program is None
    (problem,) = [p for p in problems if p.is_error]
    assert problem.location.file == str(copy / "program.yaml")
    assert doc.path_at_line(problem.location.line or 0) == ("sessions", 0, "phases", 0, "duration")


def test_a_document_that_is_not_yaml_is_refused_with_its_place(tmp_path: Path) -> None:
    (tmp_path / "program.yaml").write_text("format: 1\nid: [unclosed\n")
    from vallei_player.core.problems import ProgramError

    with pytest.raises(ProgramError) as caught:
        ProgramDocument.open(tmp_path)
    assert f"{tmp_path / 'program.yaml'}:" in str(caught.value)
