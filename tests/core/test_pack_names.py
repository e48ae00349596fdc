"""Packs re-zipped by the coach's own tools keep their accented names (issue 11 item 5).

The real `zip` (Info-ZIP 3.0, as Debian ships it) writes UTF-8 names without the UTF-8 flag;
other Info-ZIP builds write a legacy name with a Unicode Path extra field (0x7075), built here
byte by byte. A field that does not belong to its name is refused.
"""

from __future__ import annotations

import shutil
import struct
import subprocess
import sys
import zipfile
import zlib
from pathlib import Path

import pytest
from locations import DATA

from vallei_player.cli import main
from vallei_player.core.packs import library, unpacked, write_pack
from vallei_player.core.problems import ProgramError
from vallei_player.core.store import paths

sys.path.insert(0, str(DATA / "hostile"))
import hostile_packs

ACCENTED = "audio/Rust – fase 2 é.wav"


def accented_program(folder: Path) -> Path:
    for rel, data in hostile_packs.program_files().items():
        (folder / rel).parent.mkdir(parents=True, exist_ok=True)
        (folder / rel).write_bytes(data)
    (folder / "audio" / "voice.wav").rename(folder / ACCENTED)
    yaml = folder / "program.yaml"
    yaml.write_text(
        yaml.read_text(encoding="utf-8").replace("audio/voice.wav", f'"{ACCENTED}"'),
        encoding="utf-8",
    )
    return folder


def rezipped_with_zip(tmp_path: Path) -> Path:
    """What a coach does: unzip the pack, look inside, zip it again with Info-ZIP."""
    pack = write_pack(accented_program(tmp_path / "prog"), tmp_path / "orig.vallei")
    opened = tmp_path / "opened"
    with zipfile.ZipFile(pack) as z:
        z.extractall(opened)
    out = tmp_path / "rezipped.vallei"
    subprocess.run(
        ["zip", "-q", "-r", str(out), "manifest.json", "program.yaml", "audio"],
        cwd=opened, check=True, env={"LC_ALL": "C.UTF-8", "PATH": "/usr/bin:/bin"},
    )  # fmt: skip
    return out


def unicode_path_field(header_name: bytes, name: str, crc: int | None = None) -> bytes:
    data = b"\x01" + struct.pack("<I", zlib.crc32(header_name) if crc is None else crc)
    data += name.encode("utf-8")
    return struct.pack("<HH", 0x7075, len(data)) + data


def with_legacy_names(
    pack: Path, out: Path, crc: int | None = None, utf8_header: bool = False
) -> Path:
    """The pack re-written with an ASCII legacy name plus a 0x7075 field for every accented
    entry (or, with utf8_header, a UTF-8 name and a field naming something else)."""
    with zipfile.ZipFile(pack) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            data = src.read(info)
            if info.filename.isascii():
                dst.writestr(info, data)
                continue
            if utf8_header:
                legacy = info.filename
                field = unicode_path_field(legacy.encode("utf-8"), "audio/other.wav", crc)
            else:
                legacy = info.filename.encode("ascii", "replace").decode("ascii")
                field = unicode_path_field(legacy.encode("ascii"), info.filename, crc)
            new = zipfile.ZipInfo(legacy, date_time=info.date_time)
            new.compress_type = info.compress_type
            new.external_attr = info.external_attr
            new.extra = field
            dst.writestr(new, data)
    return out


@pytest.mark.skipif(shutil.which("zip") is None, reason="Info-ZIP zip is not installed")
def test_a_pack_rezipped_with_info_zip_validates_and_imports(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pack = rezipped_with_zip(tmp_path)
    with zipfile.ZipFile(pack) as z:  # the condition of the report: no flag, UTF-8 bytes
        [info] = [i for i in z.infolist() if i.filename.startswith("audio/R")]
        assert not info.flag_bits & 0x800 and info.filename != ACCENTED
    assert main(["validate", str(pack)]) == 0
    assert main(["import", str(pack)]) == 0
    assert "not in its manifest" not in capsys.readouterr().err
    assert (paths.library_dir() / "org.example.test" / ACCENTED).is_file()


def test_a_unicode_path_field_gives_the_entry_its_name(tmp_path: Path) -> None:
    pack = write_pack(accented_program(tmp_path / "prog"), tmp_path / "orig.vallei")
    legacy = with_legacy_names(pack, tmp_path / "legacy.vallei")
    with unpacked(legacy) as root:
        assert (root / ACCENTED).read_bytes() == hostile_packs.wav_bytes()
    library.install(legacy)
    assert (paths.library_dir() / "org.example.test" / ACCENTED).is_file()


@pytest.mark.parametrize("utf8_header", [False, True], ids=["wrong-crc", "other-name"])
def test_a_unicode_path_field_that_lies_is_refused(tmp_path: Path, utf8_header: bool) -> None:
    pack = write_pack(accented_program(tmp_path / "prog"), tmp_path / "orig.vallei")
    lying = with_legacy_names(
        pack, tmp_path / "lying.vallei", crc=None if utf8_header else 1234, utf8_header=utf8_header
    )
    with pytest.raises(ProgramError) as caught:
        library.install(lying)
    [problem] = caught.value.problems
    assert "lying.vallei/audio/" in problem.location.file
    assert "second name that does not belong to it" in problem.message
    assert not (paths.library_dir() / "org.example.test").exists()
