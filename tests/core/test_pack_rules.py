"""The pack rules at their edges, with real files: what a pack may hold and how a refusal
names what it refused (core/packs/rules.py; docs/program-format.md: "names every system can
store, at most 2,000 files and 1 GB", no links, no archives, no fake audio).

Each limit is tried on both sides: the largest allowed passes, one more is refused with a
sentence naming the pack and the entry. The limits themselves are the ones the rules
document (a name of 400 characters, a path component of 200, a manifest of 1 MiB, 100:1
compression past the first 8 MiB, names shown at most 120 characters long).
"""

from __future__ import annotations

import bz2
import gzip
import io
import lzma
import random
import shutil
import stat
import subprocess
import sys
import tarfile
import zipfile
import zlib
from pathlib import Path

import pytest
from locations import DATA

from vallei_player.core.packs import unpacked
from vallei_player.core.problems import Problem, ProgramError

sys.path.insert(0, str(DATA / "hostile"))
import hostile_packs as BUILD
from hostile_packs import Raw

MiB = 1 << 20


def refused(tmp_path: Path, data: bytes) -> Problem:
    pack = tmp_path / "p.vallei"
    pack.write_bytes(data)
    with pytest.raises(ProgramError) as caught, unpacked(pack):
        pass
    [problem] = caught.value.problems
    assert "Ask the coach" in problem.message  # and what to do about it
    return problem


def accepted(tmp_path: Path, data: bytes) -> set[str]:
    """The files of the pack once unpacked (it was accepted)."""
    pack = tmp_path / "p.vallei"
    pack.write_bytes(data)
    with unpacked(pack) as root:
        return {p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file()}


def entry_of(tmp_path: Path, problem: Problem) -> str:
    """The entry part of a refusal's location (after the pack's path)."""
    prefix = f"{tmp_path / 'p.vallei'}/"
    assert problem.location.file.startswith(prefix), problem.location.file
    return problem.location.file[len(prefix) :]


def with_file(name: str, data: bytes) -> bytes:
    """The test programme plus one more file, listed in the manifest."""
    return BUILD.pack_with([Raw(name, data, method=8)])


# -- names -----------------------------------------------------------------------------------


def test_a_name_of_400_characters_passes_and_401_is_refused(tmp_path: Path) -> None:
    longest = "a" * 199 + "/" + "b" * 200
    assert len(longest) == 400
    assert longest in accepted(tmp_path, with_file(longest, b"notes"))
    problem = refused(tmp_path, with_file("a" * 200 + "/" + "b" * 200, b"notes"))
    assert "longer than 400 characters" in problem.message


def test_a_path_component_of_200_characters_passes_and_201_is_refused(tmp_path: Path) -> None:
    assert "notes/" + "c" * 200 in accepted(tmp_path, with_file("notes/" + "c" * 200, b"x"))
    problem = refused(tmp_path, with_file("notes/" + "c" * 201, b"x"))
    assert "path component longer than 200 characters" in problem.message


def test_names_with_spaces_and_accents_pass(tmp_path: Path) -> None:
    names = {"audio/Rust – fase 2 é.wav", "notes/week 1 en 2.txt"}
    files = BUILD.program_files()
    files.update({"audio/Rust – fase 2 é.wav": BUILD.wav_bytes(seed=4)})
    extra = [Raw("notes/week 1 en 2.txt", b"Breathe in, breathe out.", method=8)]
    assert names <= accepted(tmp_path, BUILD.pack_with(extra, files=files))


@pytest.mark.parametrize(
    "name",
    ["audio/a\x7fb.txt", "audio/a\x9b31mb.txt", "audio/a\x85b.txt", "audio/a\u2028b.txt"],
    ids=["DEL", "C1-CSI", "C1-NEL", "line-separator"],
)
def test_delete_and_other_control_characters_in_a_name_are_refused(
    tmp_path: Path, name: str
) -> None:
    problem = refused(tmp_path, with_file(name, b"x"))
    assert "control or invisible characters" in problem.message
    shown = entry_of(tmp_path, problem)
    assert shown.isprintable() and "\\" in shown  # escaped, never sent to a terminal as is


def test_a_name_with_a_terminal_escape_is_shown_escaped(tmp_path: Path) -> None:
    problem = refused(tmp_path, with_file("audio/a\x1b[31mb.txt", b"x"))
    assert entry_of(tmp_path, problem) == "audio/a\\x1b[31mb.txt"


def test_a_name_with_a_right_to_left_override_is_shown_escaped(tmp_path: Path) -> None:
    problem = refused(tmp_path, with_file("audio/\u202etxt.exe", b"x"))
    assert "control or invisible characters" in problem.message
    assert entry_of(tmp_path, problem) == "audio/\\u202etxt.exe"


def test_an_accented_name_in_a_refusal_is_shown_as_written(tmp_path: Path) -> None:
    problem = refused(tmp_path, with_file("audio/café/con.txt", b"x"))
    assert "reserved device name" in problem.message
    assert entry_of(tmp_path, problem) == "audio/café/con.txt"


def test_a_name_up_to_120_characters_is_shown_whole_and_a_longer_one_cut(tmp_path: Path) -> None:
    fake = b"<html>this is not audio at all</html>"
    name = "audio/" + "n" * 110 + ".ogg"
    assert len(name) == 120
    problem = refused(tmp_path, with_file(name, fake))
    assert "not audio" in problem.message
    assert entry_of(tmp_path, problem) == name
    longer = "audio/" + "n" * 111 + ".ogg"
    shown = entry_of(tmp_path, refused(tmp_path, with_file(longer, fake)))
    assert len(shown) == 120 and shown.endswith("…")
    assert shown == longer[:119] + "…"


def test_drive_letters_are_refused_as_such(tmp_path: Path) -> None:
    for name in ("C:", "C:/evil.txt", "d:evil.txt"):
        problem = refused(tmp_path, with_file(name, b"x"))
        assert "drive letter" in problem.message, name
    problem = refused(tmp_path, with_file("audio/a:b.txt", b"x"))
    assert "colon" in problem.message


@pytest.mark.parametrize("device", ["com1", "COM9", "lpt1", "LPT9", "nul", "aux.wav"])
def test_windows_device_names_are_refused(tmp_path: Path, device: str) -> None:
    problem = refused(tmp_path, with_file(f"notes/{device}", b"x"))
    assert "reserved device name" in problem.message


def test_com10_and_lpt10_are_ordinary_names(tmp_path: Path) -> None:
    """Windows reserves COM1-COM9 and LPT1-LPT9 only."""
    files = accepted(
        tmp_path, BUILD.pack_with([Raw("notes/com10", b"x"), Raw("notes/lpt10", b"y")])
    )
    assert {"notes/com10", "notes/lpt10"} <= files


def test_folder_entries_as_info_zip_writes_them_are_accepted(tmp_path: Path) -> None:
    """`zip -r` adds an entry per folder ("audio/"); such a pack imports like any other."""
    folder = stat.S_IFDIR | 0o755
    data = BUILD.pack_with(
        [Raw("audio/", mode=folder), Raw("notes/", mode=folder), Raw("notes/a.txt", b"x")]
    )
    assert {"audio/voice.wav", "notes/a.txt", "program.yaml"} == accepted(tmp_path, data)


@pytest.mark.parametrize(
    ("folder", "expected"),
    [("audio/../../", "climbs out"), ("audio/con/", "reserved device"), ("a//", "empty")],
)
def test_a_folder_entry_is_held_to_the_same_name_rules(
    tmp_path: Path, folder: str, expected: str
) -> None:
    problem = refused(tmp_path, BUILD.pack_with([Raw(folder)]))
    assert expected in problem.message


def test_a_file_named_like_an_earlier_folder_is_refused(tmp_path: Path) -> None:
    """audio/voice.wav makes a folder "audio"; a file "Audio" cannot sit beside it."""
    problem = refused(tmp_path, with_file("Audio", b"x"))
    assert "same name as 'audio/voice.wav'" in problem.message
    assert entry_of(tmp_path, problem) == "Audio"


def test_a_folder_entry_named_like_an_earlier_file_is_refused(tmp_path: Path) -> None:
    problem = refused(tmp_path, BUILD.pack_with([Raw("AUDIO/VOICE.WAV/")]))
    assert "same name as 'audio/voice.wav'" in problem.message


# -- archives and fake audio -----------------------------------------------------------------


def _tar() -> bytes:
    out = io.BytesIO()
    with tarfile.open(fileobj=out, mode="w", format=tarfile.USTAR_FORMAT) as tar:
        info = tarfile.TarInfo("inner.txt")
        info.size = 5
        tar.addfile(info, io.BytesIO(b"hello"))
    return out.getvalue()


def _zip(empty: bool = False) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        if not empty:
            z.writestr("inner.txt", "hello")
    return out.getvalue()


ARCHIVES = {
    "zip": _zip,
    "zip-empty": lambda: _zip(empty=True),
    "gzip": lambda: gzip.compress(b"hello " * 200),
    "bzip2": lambda: bz2.compress(b"hello " * 200),
    "xz": lambda: lzma.compress(b"hello " * 200),
    "tar": _tar,
}


@pytest.mark.parametrize("kind", sorted(ARCHIVES))
def test_an_archive_disguised_as_notes_is_refused_by_its_content(tmp_path: Path, kind: str) -> None:
    problem = refused(tmp_path, with_file("notes.txt", ARCHIVES[kind]()))
    assert "is an archive" in problem.message
    assert entry_of(tmp_path, problem) == "notes.txt"


@pytest.mark.skipif(shutil.which("zstd") is None, reason="the zstd tool is not installed")
def test_a_zstd_archive_disguised_as_notes_is_refused(tmp_path: Path) -> None:
    made = subprocess.run(
        ["zstd", "-q", "-c"], input=b"hello " * 200, capture_output=True, check=True
    ).stdout
    assert "is an archive (zstd)" in refused(tmp_path, with_file("notes.txt", made)).message


def test_an_archive_name_gives_its_kind(tmp_path: Path) -> None:
    problem = refused(tmp_path, with_file("extra.zip", b"just text, named like an archive"))
    assert "is an archive (zip) inside the pack" in problem.message
    problem = refused(tmp_path, with_file("notes.tar.gz", b"just text, named like an archive"))
    assert "is an archive (gz) inside the pack" in problem.message


def test_notes_that_merely_start_like_a_bzip2_header_are_text(tmp_path: Path) -> None:
    """Only "BZh" + a digit + the bzip2 block magic is bzip2; session notes are not."""
    for text in (b"w1-1: breathe slowly, then rest.\n", b"BZh, said the bee. Then rest.\n"):
        assert "notes.txt" in accepted(tmp_path, with_file("notes.txt", text * 30))


def _jpeg() -> bytes:
    """The first bytes of a JPEG photo: start of image, then a JFIF segment."""
    return b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00" + bytes(600)


def _webp() -> bytes:
    """A RIFF file that is not WAVE (a WebP picture's header)."""
    return b"RIFF\x24\x00\x00\x00WEBPVP8 \x18\x00\x00\x00" + bytes(600)


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("audio/photo.mp3", _jpeg()),
        ("audio/picture.wav", _webp()),
        ("audio/tiny.wav", b"RIFF"),
        ("audio/zeros.mp3", bytes(600)),
        ("audio/text.m4a", b"Just a few words of text, nothing more." * 20),
    ],
    ids=["jpeg-as-mp3", "webp-as-wav", "4-bytes", "zeros", "text"],
)
def test_a_file_with_an_audio_name_but_other_content_is_refused(
    tmp_path: Path, name: str, data: bytes
) -> None:
    problem = refused(tmp_path, with_file(name, data))
    assert "its content is not audio" in problem.message
    assert entry_of(tmp_path, problem) == name


def _ffmpeg(out: Path, *args: str) -> bytes:
    subprocess.run(
        ["ffmpeg", "-nostdin", "-v", "error", "-y", "-f", "lavfi", "-i",
         "sine=frequency=440:sample_rate=44100:duration=0.5", *args, str(out)],
        check=True, timeout=120,
    )  # fmt: skip
    return out.read_bytes()


@pytest.mark.skipif(shutil.which("ffmpeg") is None, reason="ffmpeg is not installed")
def test_real_audio_of_every_kind_passes_the_content_check(tmp_path: Path) -> None:
    made = tmp_path / "made"
    made.mkdir()
    clips = {
        # an MP3 without an ID3 tag starts with its first frame's sync bits
        "audio/plain.mp3": _ffmpeg(made / "plain.mp3", "-c:a", "libmp3lame", "-write_xing", "0",
                                   "-id3v2_version", "0"),
        "audio/aac.m4a": _ffmpeg(made / "aac.m4a", "-c:a", "aac"),
        "audio/tone.flac": _ffmpeg(made / "tone.flac"),
        "audio/tone.ogg": _ffmpeg(made / "tone.ogg", "-c:a", "libvorbis"),
        "audio/tone.wav": _ffmpeg(made / "tone.wav"),
    }  # fmt: skip
    assert clips["audio/plain.mp3"][:1] == b"\xff"  # no tag in front
    assert clips["audio/aac.m4a"][4:8] == b"ftyp"
    files = BUILD.program_files()
    files.update(clips)
    assert set(clips) <= accepted(tmp_path, BUILD.pack_with(files=files))


# -- sizes -----------------------------------------------------------------------------------


def _pack_with_manifest_of(size: int) -> bytes:
    """The test programme with its manifest padded (JSON allows trailing spaces) to `size`."""
    files = BUILD.program_files()
    manifest = BUILD.manifest(files)
    manifest += b" " * (size - len(manifest))
    entries = [Raw("manifest.json", manifest, method=8)]
    entries += [Raw(p, b, method=8) for p, b in sorted(files.items())]
    return BUILD.raw_zip(entries)


def test_a_manifest_of_1_mib_passes_and_one_byte_more_is_refused(tmp_path: Path) -> None:
    assert "program.yaml" in accepted(tmp_path, _pack_with_manifest_of(MiB))
    problem = refused(tmp_path, _pack_with_manifest_of(MiB + 1))
    assert "far too large for a manifest" in problem.message
    assert entry_of(tmp_path, problem) == "manifest.json"


def test_well_compressed_notes_up_to_8_mib_pass_and_past_that_are_a_bomb(tmp_path: Path) -> None:
    """Zeros compress about 1000:1: fine for the first 8 MiB, a bomb beyond them."""
    assert "notes.txt" in accepted(tmp_path, with_file("notes.txt", bytes(8 * MiB)))
    problem = refused(tmp_path, with_file("notes.txt", bytes(8 * MiB + 1)))
    assert "compression bomb" in problem.message
    assert entry_of(tmp_path, problem) == "notes.txt"


def _at_ratio(low: float, high: float, size: int = 12 * MiB) -> tuple[bytes, bytes]:
    """Text of `size` bytes whose deflated form is `size`/low..`size`/high bytes: random
    bytes (incompressible) followed by zeros, the random part found by bisection."""
    rng = random.Random(7)
    noise = rng.randbytes(size // 50)

    def deflated(n: int) -> tuple[bytes, bytes]:
        plain = noise[:n] + bytes(size - n)
        c = zlib.compressobj(6, zlib.DEFLATED, -15)
        return plain, c.compress(plain) + c.flush()

    lo, hi = 0, len(noise)
    while lo < hi:
        mid = (lo + hi) // 2
        plain, packed = deflated(mid)
        ratio = size / len(packed)
        if ratio > high:
            lo = mid + 1
        elif ratio < low:
            hi = mid
        else:
            return plain, packed
    raise AssertionError("no such ratio")


def _notes_deflated(plain: bytes, packed: bytes) -> bytes:
    listed = {**BUILD.program_files(), "notes.txt": plain}
    entries = [Raw("manifest.json", BUILD.manifest(listed), method=8)]
    entries += [Raw(p, b, method=8) for p, b in sorted(BUILD.program_files().items())]
    entries.append(Raw("notes.txt", plain, method=8, payload=packed))
    return BUILD.raw_zip(entries)


def test_past_8_mib_a_ratio_under_100_to_1_passes_and_over_it_is_a_bomb(tmp_path: Path) -> None:
    plain, packed = _at_ratio(99.2, 99.8)
    assert "notes.txt" in accepted(tmp_path, _notes_deflated(plain, packed))
    plain, packed = _at_ratio(100.2, 100.8)
    problem = refused(tmp_path, _notes_deflated(plain, packed))
    assert "compression bomb" in problem.message
