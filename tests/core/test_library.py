"""The library: all-or-nothing installs, updates that keep the log, removal, demos, recovery."""

from __future__ import annotations

import json
import shutil
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from locations import DATA, PROGRAMS

from vallei_player.core.journal import Journal
from vallei_player.core.packs import library, write_pack
from vallei_player.core.practice import next_session_id
from vallei_player.core.problems import ProgramError, UserError
from vallei_player.core.store import paths

sys.path.insert(0, str(DATA / "hostile"))
import hostile_packs


def make_pack(tmp_path: Path, version: str) -> Path:
    folder = tmp_path / f"prog-{version}"
    for rel, data in hostile_packs.program_files(version).items():
        (folder / rel).parent.mkdir(parents=True, exist_ok=True)
        (folder / rel).write_bytes(data)
    return write_pack(folder, tmp_path / f"test-{version}.vallei")


def test_install_a_pack_lists_and_loads_it(tmp_path: Path) -> None:
    result = library.install(make_pack(tmp_path, "1.0.0"))
    assert result == library.InstallResult("org.example.test", "1.0.0", None, False)
    [item] = library.installed()
    assert (item.id, item.version, item.title, item.language) == (
        "org.example.test", "1.0.0", "Test programme", "en",
    )  # fmt: skip
    assert (item.sessions, item.weeks) == (2, 1)
    assert item.path == paths.library_dir() / "org.example.test"
    program = library.load("org.example.test")
    assert program.root == item.path
    assert (program.root / "audio" / "voice.wav").read_bytes() == hostile_packs.wav_bytes()
    assert [p.name for p in paths.staging_dir().iterdir()] == [".library.lock"]
    with Journal.open() as journal:
        assert [(r.program_id, r.version) for r in journal.programs()] == [
            ("org.example.test", "1.0.0")
        ]


def test_update_keeps_the_log_and_the_place_in_the_course(tmp_path: Path) -> None:
    library.install(make_pack(tmp_path, "1.0.0"))
    start = datetime(2026, 3, 2, 19, 0, tzinfo=UTC)
    with Journal.open() as journal:
        attempt = journal.start_attempt("org.example.test", "1.0.0", "s1", start)
        journal.finish_attempt(
            attempt, completed=True, reason="finished", ended=start + timedelta(minutes=5),
            listened_s=300.0, phases_completed=2, pauses=0, skips=0,
        )  # fmt: skip
    result = library.install(make_pack(tmp_path, "1.1.0"))
    assert (result.previous_version, result.version, result.updated) == ("1.0.0", "1.1.0", True)
    program = library.load("org.example.test")
    assert program.version == "1.1.0"
    with Journal.open() as journal:
        attempts = journal.attempts("org.example.test")
    assert [a.session_id for a in attempts] == ["s1"]
    assert next_session_id(program, attempts) == "s2"
    assert [p.name for p in paths.staging_dir().iterdir()] == [".library.lock"]


def test_same_or_lower_version_is_refused_unless_allowed(tmp_path: Path) -> None:
    library.install(make_pack(tmp_path, "1.2.0"))
    with pytest.raises(UserError, match="already installed; nothing needs to be done"):
        library.install(make_pack(tmp_path, "1.2.0"))
    with pytest.raises(UserError, match=r"newer version \(1.2.0\)"):
        library.install(make_pack(tmp_path, "1.1.9"))
    assert library.load("org.example.test").version == "1.2.0"
    result = library.install(make_pack(tmp_path, "1.1.9"), allow_same_or_lower=True)
    assert (result.previous_version, result.version) == ("1.2.0", "1.1.9")
    assert library.load("org.example.test").version == "1.1.9"


def test_invalid_program_names_the_users_folder_and_changes_nothing(tmp_path: Path) -> None:
    library.install(make_pack(tmp_path, "1.0.0"))
    before = sorted(p.relative_to(paths.data_dir()) for p in paths.library_dir().rglob("*"))
    folder = tmp_path / "broken"
    shutil.copytree(tmp_path / "prog-1.0.0", folder)
    text = (folder / "program.yaml").read_text(encoding="utf-8")
    (folder / "program.yaml").write_text(text.replace("1.0.0", "2.0.0").replace("3s", "3"), "utf-8")
    with pytest.raises(ProgramError) as caught:
        library.install(folder)
    files = {p.location.file for p in caught.value.problems}
    assert files == {f"{folder}/program.yaml"}
    after = sorted(p.relative_to(paths.data_dir()) for p in paths.library_dir().rglob("*"))
    assert after == before
    assert library.load("org.example.test").version == "1.0.0"


def test_fake_audio_with_a_valid_header_is_refused_by_the_probe(tmp_path: Path) -> None:
    folder = tmp_path / "prog-1.0.0"
    make_pack(tmp_path, "1.0.0")
    (folder / "audio" / "broken.wav").write_bytes(b"RIFF\x00\x00\x00\x00WAVE" + b"junk" * 200)
    with pytest.raises(ProgramError) as caught:
        library.install(folder)
    assert caught.value.problems[0].location.file == f"{folder}/audio/broken.wav"
    assert library.installed() == []


def test_remove_keeps_the_log(tmp_path: Path) -> None:
    library.install(make_pack(tmp_path, "1.0.0"))
    library.remove("org.example.test")
    assert library.installed() == []
    with pytest.raises(UserError, match="No program"):
        library.load("org.example.test")
    with pytest.raises(UserError):
        library.remove("../../etc")
    with Journal.open() as journal:
        [record] = journal.programs(include_removed=True)
    assert record.removed is not None


def test_demos_are_installed_on_first_run_only() -> None:
    bundled = sorted(p.name for p in PROGRAMS.iterdir() if (p / "program.yaml").is_file())
    results = library.ensure_demos()
    assert len(results) == len(bundled) >= 1
    ids = [p.id for p in library.installed()]
    assert sorted(r.program_id for r in results) == sorted(ids)
    assert library.ensure_demos() == []
    for pid in ids:
        library.remove(pid)
    assert library.ensure_demos() == []  # removed demos do not come back
    assert library.installed() == []


def test_an_install_that_died_mid_swap_is_put_back(tmp_path: Path) -> None:
    library.install(make_pack(tmp_path, "1.0.0"))
    target = paths.library_dir() / "org.example.test"
    work = paths.staging_dir() / "install-crashed"
    work.mkdir()
    target.rename(work / "previous")  # the process died right after moving the old one aside
    [item] = library.installed()
    assert item.version == "1.0.0" and target.is_dir()
    assert json.loads((target / library.RECORD_NAME).read_text("utf-8"))["id"] == item.id


def test_every_folder_made_from_a_pack_is_private(tmp_path: Path) -> None:
    folder = tmp_path / "prog"
    for rel, data in hostile_packs.program_files().items():
        (folder / rel).parent.mkdir(parents=True, exist_ok=True)
        (folder / rel).write_bytes(data)
    deep = folder / "audio" / "voices" / "week 1"
    deep.mkdir(parents=True)
    (folder / "audio" / "voice.wav").rename(deep / "voice.wav")
    yaml = folder / "program.yaml"
    yaml.write_text(yaml.read_text().replace("audio/voice.wav", "audio/voices/week 1/voice.wav"))
    pack = write_pack(folder, tmp_path / "deep.vallei")
    library.install(pack)
    installed = paths.library_dir() / "org.example.test"
    folders = [installed, *(p for p in installed.rglob("*") if p.is_dir())]
    assert len(folders) >= 4
    assert {oct(p.stat().st_mode & 0o777) for p in folders} == {"0o700"}


def _changed_pack(tmp_path: Path, version: str) -> Path:
    """The same version number, with the voice re-recorded."""
    folder = tmp_path / f"changed-{version}"
    for rel, data in hostile_packs.program_files(version).items():
        (folder / rel).parent.mkdir(parents=True, exist_ok=True)
        (folder / rel).write_bytes(data)
    (folder / "audio" / "voice.wav").write_bytes(hostile_packs.wav_bytes(seed=7))
    return write_pack(folder, tmp_path / f"changed-{version}.vallei")


def test_the_same_version_with_other_content_is_refused_saying_raise_the_version(
    tmp_path: Path,
) -> None:
    library.install(make_pack(tmp_path, "1.0.0"))
    before = (paths.library_dir() / "org.example.test" / "audio" / "voice.wav").read_bytes()
    with pytest.raises(library.ChangedWithoutNewVersion) as caught:
        library.install(_changed_pack(tmp_path, "1.0.0"))
    message = str(caught.value)
    assert "already installed, but this copy holds different files" in message
    assert "raise the version" in message and "import --replace" in message
    after = (paths.library_dir() / "org.example.test" / "audio" / "voice.wav").read_bytes()
    assert after == before  # the old content stays
    with pytest.raises(UserError, match="already installed; nothing needs to be done"):
        library.install(make_pack(tmp_path, "1.0.0"))  # identical: nothing to do
    library.install(_changed_pack(tmp_path, "1.0.0"), allow_same_or_lower=True)
    changed = (paths.library_dir() / "org.example.test" / "audio" / "voice.wav").read_bytes()
    assert changed == hostile_packs.wav_bytes(seed=7)
