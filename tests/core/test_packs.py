"""The pack writer: validated first, reproducible bytes, manifest first, the right files in."""

from __future__ import annotations

import hashlib
import json
import shutil
import sys
import zipfile
from pathlib import Path
from typing import Any

import pytest
from locations import DATA, REPO

from vallei_player.core.packs import unpacked, write_pack
from vallei_player.core.problems import ProgramError

sys.path.insert(0, str(DATA / "hostile"))
import hostile_packs


def make_program(folder: Path, version: str = "1.0.0") -> Path:
    for rel, data in hostile_packs.program_files(version).items():
        (folder / rel).parent.mkdir(parents=True, exist_ok=True)
        (folder / rel).write_bytes(data)
    return folder


def test_same_folder_gives_the_same_bytes(tmp_path: Path) -> None:
    folder = make_program(tmp_path / "prog")
    first = write_pack(folder, tmp_path / "a.vallei").read_bytes()
    (folder / "program.yaml").touch()  # a newer mtime must not change the pack
    second = write_pack(folder, tmp_path / "b.vallei").read_bytes()
    assert first == second


def test_manifest_comes_first_and_lists_every_file(tmp_path: Path) -> None:
    folder = make_program(tmp_path / "prog")
    shutil.copy(REPO / "audio" / "bell.flac", folder / "audio" / "bell.flac")
    (folder / ".DS_Store").write_bytes(b"finder junk")
    (folder / "audio" / ".voice.wav.swp").write_bytes(b"editor junk")
    (folder / "manifest.json").write_text("{}", encoding="utf-8")  # an old pack's, replaced
    pack = write_pack(folder, tmp_path / "p.vallei", include_unused=True)
    with zipfile.ZipFile(pack) as z:
        infos = z.infolist()
        assert infos[0].filename == "manifest.json"
        names = [i.filename for i in infos[1:]]
        assert names == sorted(names) == ["audio/bell.flac", "audio/voice.wav", "program.yaml"]
        manifest = json.loads(z.read("manifest.json"))
        for info in infos:
            assert info.date_time == (1980, 1, 1, 0, 0, 0)
            assert info.external_attr >> 16 == 0o100644
        by_name = {i.filename: i for i in infos}
        assert by_name["audio/bell.flac"].compress_type == zipfile.ZIP_STORED
        assert by_name["program.yaml"].compress_type == zipfile.ZIP_DEFLATED
        for record in manifest["files"]:
            data = z.read(record["path"])
            assert record["size"] == len(data)
            assert record["sha256"] == hashlib.sha256(data).hexdigest()
    assert manifest["program"] == {"id": "org.example.test", "version": "1.0.0"}
    assert manifest["format"] == manifest["vallei_pack"] == 1
    assert [f["path"] for f in manifest["files"]] == names


def test_pack_unpacks_to_the_same_files(tmp_path: Path) -> None:
    folder = make_program(tmp_path / "prog")
    pack = write_pack(folder, tmp_path / "p.vallei")
    with unpacked(pack) as root:
        for rel, data in hostile_packs.program_files().items():
            assert (root / rel).read_bytes() == data
        kept = root
    assert not kept.exists()  # the temporary extraction is gone after the block


def test_invalid_program_is_refused_and_nothing_is_written(tmp_path: Path) -> None:
    folder = make_program(tmp_path / "prog")
    (folder / "program.yaml").write_text("format: 1\nid: X\n", encoding="utf-8")
    with pytest.raises(ProgramError) as caught:
        write_pack(folder, tmp_path / "p.vallei")
    assert any("program.yaml" in p.location.file for p in caught.value.problems)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["prog"]


def test_writer_refuses_what_the_importer_would_refuse(tmp_path: Path) -> None:
    folder = make_program(tmp_path / "prog")
    (folder / "audio" / "extra.wav").symlink_to(folder / "audio" / "voice.wav")
    with pytest.raises(ProgramError, match="symbolic link"):
        write_pack(folder, tmp_path / "p.vallei")
    (folder / "audio" / "extra.wav").unlink()
    (folder / "old.vallei").write_bytes(write_pack(folder, tmp_path / "p.vallei").read_bytes())
    with pytest.raises(ProgramError, match="archive"):
        write_pack(folder, tmp_path / "q.vallei", include_unused=True)
    with zipfile.ZipFile(write_pack(folder, tmp_path / "q.vallei")) as z:
        assert "old.vallei" not in z.namelist()  # unused, so left out by default


def test_a_pack_written_inside_its_own_folder_does_not_include_itself(tmp_path: Path) -> None:
    folder = make_program(tmp_path / "prog")
    out = folder / "prog.vallei"
    write_pack(folder, out)
    write_pack(folder, out)  # the second run must not pack the first pack
    with zipfile.ZipFile(out) as z:
        assert "prog.vallei" not in z.namelist()


def test_validate_and_pack_agree_and_unused_files_stay_out_unless_asked_for(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from vallei_player.cli import main

    folder = make_program(tmp_path / "prog")
    (folder / "audio" / "empty.wav").write_bytes(b"")  # unused, and not audio at all
    (folder / "client-recording.wav").write_bytes(hostile_packs.wav_bytes(seed=3))
    assert main(["validate", str(folder)]) == 0
    out = capsys.readouterr().out
    for name in ("audio/empty.wav", "client-recording.wav"):
        assert f"{folder}/{name}:1:1: warning: is not used by any session" in out
    assert main(["pack", str(folder), "-o", str(tmp_path / "p.vallei")]) == 0
    err = capsys.readouterr().err
    assert f"{folder}/client-recording.wav:1:1: warning: is not used by any session and was " in err
    with zipfile.ZipFile(tmp_path / "p.vallei") as z:
        assert sorted(z.namelist()) == ["audio/voice.wav", "manifest.json", "program.yaml"]
    assert main(["validate", str(tmp_path / "p.vallei")]) == 0
    assert "is not used by any session" not in capsys.readouterr().out  # nothing unused shipped

    (folder / "audio" / "empty.wav").unlink()
    assert main(["pack", str(folder), "-o", str(tmp_path / "q.vallei"), "--include-unused"]) == 0
    assert "packed because of --include-unused" in capsys.readouterr().err
    with zipfile.ZipFile(tmp_path / "q.vallei") as z:
        assert "client-recording.wav" in z.namelist()


def test_validate_refuses_what_pack_refuses(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from vallei_player.cli import main

    folder = make_program(tmp_path / "prog")
    (folder / "audio" / "extra.wav").symlink_to(folder / "audio" / "voice.wav")
    assert main(["validate", str(folder)]) == 1
    assert f"{folder}/audio/extra.wav:1:1: error: is a symbolic link" in capsys.readouterr().out
    assert main(["pack", str(folder), "-o", str(tmp_path / "p.vallei")]) == 1
    assert "is a symbolic link" in capsys.readouterr().err


def test_the_writer_takes_paths_given_as_text(tmp_path: Path) -> None:
    folder = make_program(tmp_path / "prog")
    out = write_pack(str(folder), str(tmp_path / "p.vallei"))
    assert out == tmp_path / "p.vallei"
    with unpacked(out) as root:
        assert (root / "program.yaml").read_bytes() == (folder / "program.yaml").read_bytes()


def test_the_writer_takes_the_program_yaml_path_too(tmp_path: Path) -> None:
    folder = make_program(tmp_path / "prog")
    out = write_pack(folder / "program.yaml", tmp_path / "p.vallei")
    with zipfile.ZipFile(out) as z:
        assert sorted(z.namelist()) == ["audio/voice.wav", "manifest.json", "program.yaml"]


def test_a_pack_is_a_plain_shareable_zip_made_on_unix(tmp_path: Path) -> None:
    """Meant to be sent on: readable by all (0644) under a usual umask; entries say Unix, so
    unzip gives them their 0644 mode."""
    import os
    import stat

    folder = make_program(tmp_path / "prog")
    old = os.umask(0o022)
    try:
        out = write_pack(folder, tmp_path / "p.vallei")
    finally:
        os.umask(old)
    assert stat.S_IMODE(out.stat().st_mode) == 0o644
    with zipfile.ZipFile(out) as z:
        assert {i.create_system for i in z.infolist()} == {3}


def test_a_file_changed_while_the_pack_is_written_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The voice is re-exported (same length, other sound) between the check and the copy."""
    from vallei_player.core.packs import write as write_module

    folder = make_program(tmp_path / "prog")
    real = write_module.read_checked

    def then_changed(root: Path, item: Any) -> Any:
        checked = real(root, item)
        if item.path == "audio/voice.wav":
            voice = root / item.path
            voice.write_bytes(hostile_packs.wav_bytes(seed=9))
            assert voice.stat().st_size == checked[1]
        return checked

    monkeypatch.setattr(write_module, "read_checked", then_changed)
    with pytest.raises(ProgramError, match="changed while the pack was being written"):
        write_pack(folder, tmp_path / "p.vallei")
    assert not (tmp_path / "p.vallei").exists()
