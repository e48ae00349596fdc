"""Reading a pack as hostile input (core/packs/read.py), at the edges of what it accepts:
the 2,000-file and 1 GB limits of docs/program-format.md, zip files as other tools write
them, manifests that lie, and what unpacking leaves behind (private modes, no open files).
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import random
import stat
import struct
import sys
import wave
import zipfile
from pathlib import Path
from typing import Any

import pytest
from locations import DATA

from vallei_player.cli import main
from vallei_player.core.packs import library, unpacked, write_pack
from vallei_player.core.problems import Problem, ProgramError
from vallei_player.core.store import paths

sys.path.insert(0, str(DATA / "hostile"))
import hostile_packs as BUILD
from hostile_packs import Raw

GiB = 1 << 30


def refused(tmp_path: Path, data: bytes) -> Problem:
    pack = tmp_path / "p.vallei"
    pack.write_bytes(data)
    with pytest.raises(ProgramError) as caught, unpacked(pack):
        pass
    [problem] = caught.value.problems
    return problem


def accepted(tmp_path: Path, data: bytes) -> set[str]:
    pack = tmp_path / "p.vallei"
    pack.write_bytes(data)
    with unpacked(pack) as root:
        return {p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file()}


def open_files() -> int:
    return len(os.listdir("/proc/self/fd"))


# -- how many files ----------------------------------------------------------------------------


def _folder_of(tmp_path: Path, files: int) -> Path:
    """The test programme plus notes, `files` files in all."""
    folder = tmp_path / f"prog{files}"
    for rel, data in BUILD.program_files().items():
        (folder / rel).parent.mkdir(parents=True, exist_ok=True)
        (folder / rel).write_bytes(data)
    (folder / "notes").mkdir()
    for i in range(files - 2):
        (folder / "notes" / f"n{i:04d}.txt").write_text(f"note {i}\n", encoding="utf-8")
    return folder


def test_a_programme_of_2000_files_packs_and_imports(
    tmp_path: Path, private_home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """At most 2,000 files: the manifest the writer adds is not one of them."""
    pack = write_pack(_folder_of(tmp_path, 2000), tmp_path / "big.vallei", include_unused=True)
    with zipfile.ZipFile(pack) as z:
        assert len(z.infolist()) == 2001  # the files and the manifest
    assert main(["validate", str(pack)]) == 0
    assert main(["import", str(pack)]) == 0, capsys.readouterr().err
    assert len(list((paths.library_dir() / "org.example.test" / "notes").iterdir())) == 1998


def test_a_programme_of_2001_files_is_refused_by_the_writer_and_the_importer(
    tmp_path: Path,
) -> None:
    with pytest.raises(ProgramError, match="more than 2000 files"):
        write_pack(_folder_of(tmp_path, 2001), tmp_path / "big.vallei", include_unused=True)
    files = BUILD.program_files()
    files.update({f"notes/n{i:04d}.txt": b"x" for i in range(1999)})
    assert len(files) == 2001
    assert "more than 2000 entries" in refused(tmp_path, BUILD.pack_with(files=files)).message


def test_a_rezipped_pack_with_folder_entries_may_hold_2000_files(tmp_path: Path) -> None:
    """`zip -r` adds an entry per folder: 2,000 files, each in a folder of its own (2,000
    folder entries), plus the manifest are 4,001 entries and still 2,000 files."""
    files = BUILD.program_files()
    files.update({f"notes/d{i:04d}/n.txt": b"x" for i in range(1998)})
    assert len(files) == 2000
    folder = stat.S_IFDIR | 0o755
    folders = [Raw("audio/", mode=folder), Raw("notes/", mode=folder)]
    folders += [Raw(f"notes/d{i:04d}/", mode=folder) for i in range(1998)]
    data = BUILD.pack_with(folders, files=files)
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        assert len(z.infolist()) == 4001
    assert "notes/d1997/n.txt" in accepted(tmp_path, data)


# -- zip files as other tools write them ------------------------------------------------------


def test_a_pack_with_the_longest_zip_comment_imports(tmp_path: Path) -> None:
    """A zip may end in a comment of up to 65,535 bytes after its end record."""
    data = bytearray(BUILD.pack_with())
    comment = b"Made for Anna, week 1. " * 2849 + b"12345678"
    assert len(comment) == 0xFFFF
    struct.pack_into("<H", data, len(data) - 2, len(comment))
    assert "program.yaml" in accepted(tmp_path, bytes(data) + comment)


def test_an_empty_zip_is_refused_for_lacking_a_manifest(tmp_path: Path) -> None:
    out = io.BytesIO()
    zipfile.ZipFile(out, "w").close()
    assert len(out.getvalue()) == 22  # nothing but the end record
    assert "has no manifest.json" in refused(tmp_path, out.getvalue()).message


@pytest.mark.parametrize("cut", [1, 10, 21])
def test_a_pack_cut_short_in_its_end_record_is_refused_without_a_crash(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], cut: int
) -> None:
    pack = tmp_path / "cut.vallei"
    pack.write_bytes(BUILD.pack_with()[:-cut])
    assert main(["import", str(pack)]) == 1
    err = capsys.readouterr().err
    assert "is not a Vallei pack" in err and "damaged" in err
    assert "Traceback" not in err and "unexpected" not in err


def test_a_pack_written_without_unix_modes_is_accepted(tmp_path: Path) -> None:
    """Some zip libraries name Unix as the creating system but write no file mode (0)."""
    files = BUILD.program_files()
    entries = [Raw("manifest.json", BUILD.manifest(files), method=8, mode=0)]
    entries += [Raw(p, b, method=8, mode=0) for p, b in sorted(files.items())]
    data = BUILD.raw_zip(entries)
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        assert {(i.create_system, i.external_attr) for i in z.infolist()} == {(3, 0)}
    assert set(files) == accepted(tmp_path, data)


@pytest.mark.parametrize("flag", [0x1, 0x40], ids=["traditional", "strong"])
def test_an_encrypted_entry_is_refused_as_encrypted(tmp_path: Path, flag: int) -> None:
    problem = refused(tmp_path, BUILD.pack_with([Raw("notes.txt", b"secret", flags=flag)]))
    assert "is encrypted; packs are never encrypted" in problem.message


# -- manifests that lie ------------------------------------------------------------------------


def _pack_with_manifest(data: object) -> bytes:
    entries = [Raw("manifest.json", json.dumps(data).encode("utf-8"), method=8)]
    entries += [Raw(p, b, method=8) for p, b in sorted(BUILD.program_files().items())]
    return BUILD.raw_zip(entries)


def _good_manifest() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(BUILD.manifest(BUILD.program_files()))
    return data


@pytest.mark.parametrize(
    "change",
    [{"format": 2}, {"vallei_pack": 2}, {"format": 2, "vallei_pack": 2}, {"format": "1"}],
)
def test_a_manifest_of_another_version_is_refused(
    tmp_path: Path, change: dict[str, object]
) -> None:
    data = {**_good_manifest(), **change}
    problem = refused(tmp_path, _pack_with_manifest(data))
    assert "is not a version 1 Vallei pack manifest" in problem.message
    assert problem.location.file.endswith("/manifest.json")


def test_a_manifest_that_is_not_an_object_is_refused(tmp_path: Path) -> None:
    problem = refused(tmp_path, _pack_with_manifest([1, 1]))
    assert "is not a version 1 Vallei pack manifest" in problem.message


@pytest.mark.parametrize(
    "program",
    [{"id": 7, "version": "1.0.0"}, {"id": "org.example.test"}, {"version": "1.0.0"}, "x"],
)
def test_a_manifest_without_the_programme_id_and_version_is_refused(
    tmp_path: Path, program: object
) -> None:
    problem = refused(tmp_path, _pack_with_manifest({**_good_manifest(), "program": program}))
    assert "does not name the program's id and version" in problem.message


@pytest.mark.parametrize(
    "change",
    [
        {"sha256": None},
        {"sha256": "0" * 63},
        {"sha256": "G" * 64},
        {"size": -1},
        {"size": "460"},
        {"size": True},
        {"path": 5},
    ],
    ids=["no-sha", "short-sha", "not-hex", "negative", "text-size", "bool-size", "path-number"],
)
def test_a_malformed_file_record_is_refused(tmp_path: Path, change: dict[str, object]) -> None:
    data = _good_manifest()
    record = data["files"][0]
    record.update(change)
    record = {k: v for k, v in record.items() if v is not None}
    data["files"][0] = record
    problem = refused(tmp_path, _pack_with_manifest(data))
    assert "has a malformed or repeated file record" in problem.message


def test_a_repeated_file_record_is_refused(tmp_path: Path) -> None:
    data = _good_manifest()
    data["files"].append(dict(data["files"][0]))
    problem = refused(tmp_path, _pack_with_manifest(data))
    assert "has a malformed or repeated file record" in problem.message


def test_an_empty_file_is_accepted(tmp_path: Path) -> None:
    assert "notes.txt" in accepted(tmp_path, BUILD.pack_with([Raw("notes.txt", b"")]))


def test_a_manifest_may_list_1_gib_and_not_one_byte_more(tmp_path: Path) -> None:
    """The limit is on what the manifest lists; files larger than their size are refused."""
    files = BUILD.program_files()
    other = len(files["program.yaml"])
    at_limit = BUILD.pack_with(files=files, sizes={"audio/voice.wav": GiB - other})
    problem = refused(tmp_path, at_limit)
    assert "lists more than 1 GB" not in problem.message
    assert "does not match the manifest" in problem.message  # the real file is smaller
    over = BUILD.pack_with(files=files, sizes={"audio/voice.wav": GiB - other + 1})
    assert "lists more than 1 GB of files" in refused(tmp_path, over).message


def _noise_wav(seconds: float, rate: int = 48000) -> bytes:
    rng = random.Random(3)
    out = io.BytesIO()
    with wave.open(out, "wb") as w:
        w.setnchannels(2)
        w.setsampwidth(2)
        w.setframerate(rate)
        w.writeframes(rng.randbytes(int(seconds * rate) * 4))
    return out.getvalue()


def test_a_large_recording_that_barely_compresses_is_accepted(tmp_path: Path) -> None:
    """A 9 MiB take (noise does not deflate): far from a compression bomb."""
    take = _noise_wav(50.0)
    assert len(take) > 9 << 20
    files = {**BUILD.program_files(), "audio/take.wav": take}
    assert "audio/take.wav" in accepted(tmp_path, BUILD.pack_with(files=files))


# -- what unpacking leaves -------------------------------------------------------------------


def test_an_imported_programme_is_private_to_its_owner(tmp_path: Path, private_home: Path) -> None:
    """Issue 9: folders made from a pack are 0700 and files 0600, as the rest of the data."""
    files = {**BUILD.program_files(), "audio/week1/deep/take.wav": BUILD.wav_bytes(seed=6)}
    pack = tmp_path / "p.vallei"
    pack.write_bytes(BUILD.pack_with(files=files))
    old = os.umask(0o022)  # a usual umask: modes wider than asked for would show
    try:
        library.install(pack)
    finally:
        os.umask(old)
    root = paths.library_dir() / "org.example.test"
    folders = [root, *(p for p in root.rglob("*") if p.is_dir())]
    assert {p.relative_to(root).as_posix() for p in folders} >= {"audio/week1/deep", "."}
    assert {oct(stat.S_IMODE(p.stat().st_mode)) for p in folders} == {"0o700"}
    modes = {oct(stat.S_IMODE(p.stat().st_mode)) for p in root.rglob("*") if p.is_file()}
    assert modes == {"0o600"}


def test_unpacking_and_refusing_leave_no_file_open(tmp_path: Path) -> None:
    good = tmp_path / "good.vallei"
    good.write_bytes(BUILD.pack_with())
    fifo = tmp_path / "pipe.vallei"
    os.mkfifo(fifo)
    folder = tmp_path / "folder.vallei"
    folder.mkdir()
    before = open_files()
    for _ in range(20):
        with unpacked(good) as root:
            assert (root / "program.yaml").is_file()
        for bad in (fifo, folder):
            with pytest.raises(ProgramError, match="not a plain file"), unpacked(bad):
                pass
    assert open_files() == before


def test_the_unpacked_files_are_the_packed_bytes(tmp_path: Path) -> None:
    files = {**BUILD.program_files(), "audio/take.wav": _noise_wav(0.5)}
    pack = tmp_path / "p.vallei"
    pack.write_bytes(BUILD.pack_with(files=files))
    with unpacked(pack) as root:
        for rel, data in files.items():
            assert hashlib.sha256((root / rel).read_bytes()).digest() == (
                hashlib.sha256(data).digest()
            )
