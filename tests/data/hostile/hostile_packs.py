"""Builders for the hostile-pack corpus: one pack per rule the importer enforces.

The packs are built at test time (not committed) by a small raw zip writer, because
`zipfile` refuses to write most of what an attacker would: lying sizes, encryption flags,
symlink and device entries, duplicate names. The compression bomb is a few hundred
kilobytes on disk and inflates to 2 GiB: a deflate block of zeros ends in a full flush,
which resets the compressor, so the same compressed bytes can be repeated any number of
times.

`CASES` maps a case name to (builder, what the refusal message must say).
"""

from __future__ import annotations

import hashlib
import io
import json
import stat
import struct
import wave
import zlib
from collections.abc import Callable
from dataclasses import dataclass

PROGRAM_YAML = """\
format: 1
id: org.example.test
version: {version}
title: Test programme
language: en
reflection:
  - {{id: body, ask: How does your body feel?, type: scale, labels: [tense, relaxed]}}
  - {{id: mood, ask: How was it?, type: choice, options: [good, neutral, hard]}}
sessions:
  - id: s1
    title: First steps
    phases:
      - {{kind: settle, voice: audio/voice.wav}}
      - {{kind: rest, duration: 2s}}
    reflection:
      - {{id: block, ask: Where did you get stuck?, type: text}}
  - id: s2
    title: Waves
    phases:
      - {{kind: arousal, voice: audio/voice.wav, duration: 3s}}
      - {{kind: closing, duration: 1s, cue: none}}
"""


def wav_bytes(seconds: float = 1.0, rate: int = 8000, seed: int = 1) -> bytes:
    """A small mono 16-bit WAV of a quiet deterministic tone."""
    frames = int(seconds * rate)
    samples = bytearray()
    for i in range(frames):
        value = int(3000 * (((i * (seed + 3)) % 40) - 20) / 20)
        samples += struct.pack("<h", value)
    out = io.BytesIO()
    with wave.open(out, "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(rate)
        w.writeframes(bytes(samples))
    return out.getvalue()


def program_files(version: str = "1.0.0") -> dict[str, bytes]:
    return {
        "program.yaml": PROGRAM_YAML.format(version=version).encode("utf-8"),
        "audio/voice.wav": wav_bytes(),
    }


@dataclass
class Raw:
    """One zip entry exactly as written, lies included."""

    name: str | bytes
    plain: bytes = b""
    method: int = 0  # 0 stored, 8 deflated; anything else is written as given
    payload: bytes | None = None  # the bytes in the file (default: plain, compressed by method)
    size: int | None = None  # the uncompressed size the headers claim
    crc: int | None = None
    flags: int = 0
    mode: int = stat.S_IFREG | 0o644
    system: int = 3


def raw_zip(entries: list[Raw]) -> bytes:
    out = bytearray()
    central = bytearray()
    for e in entries:
        name = e.name.encode("utf-8") if isinstance(e.name, str) else e.name
        flags = e.flags | (0x800 if isinstance(e.name, str) and not e.name.isascii() else 0)
        if e.payload is not None:
            payload = e.payload
        elif e.method == 8:
            c = zlib.compressobj(6, zlib.DEFLATED, -15)
            payload = c.compress(e.plain) + c.flush()
        else:
            payload = e.plain
        size = len(e.plain) if e.size is None else e.size
        crc = zlib.crc32(e.plain) if e.crc is None else e.crc
        offset = len(out)
        out += struct.pack(
            "<4sHHHHHIIIHH", b"PK\x03\x04", 20, flags, e.method, 0, 0x21,
            crc, len(payload), size, len(name), 0,
        )  # fmt: skip
        out += name + payload
        central += struct.pack(
            "<4sHHHHHHIIIHHHHHII", b"PK\x01\x02", (e.system << 8) | 20, 20, flags, e.method,
            0, 0x21, crc, len(payload), size, len(name), 0, 0, 0, 0,
            (e.mode & 0xFFFF) << 16, offset,
        )  # fmt: skip
        central += name
    count = len(entries)
    out_len = len(out)
    out += central
    out += struct.pack("<4sHHHHIIH", b"PK\x05\x06", 0, 0, count, count, len(central), out_len, 0)
    return bytes(out)


def manifest(files: dict[str, bytes], sizes: dict[str, int] | None = None) -> bytes:
    sizes = sizes or {}
    data = {
        "format": 1,
        "vallei_pack": 1,
        "program": {"id": "org.example.test", "version": "1.0.0"},
        "files": [
            {"path": p, "sha256": hashlib.sha256(b).hexdigest(), "size": sizes.get(p, len(b))}
            for p, b in sorted(files.items())
        ],
    }
    return json.dumps(data).encode("utf-8")


def pack_with(
    extra: list[Raw] | None = None,
    *,
    files: dict[str, bytes] | None = None,
    listed: dict[str, bytes] | None = None,
    sizes: dict[str, int] | None = None,
) -> bytes:
    """A pack of the test program plus `extra` raw entries, with a manifest listing `listed`.

    By default the manifest lists every file (the extra entries included), so the refusal
    must come from the rule under test and not from a manifest mismatch.
    """
    files = program_files() if files is None else files
    extra = extra or []
    if listed is None:
        listed = dict(files)
        for e in extra:
            name = e.name if isinstance(e.name, str) else e.name.decode("utf-8", "replace")
            if not name.endswith("/"):
                listed[name] = e.plain
    entries = [Raw("manifest.json", manifest(listed, sizes), method=8)]
    entries += [Raw(p, b, method=8) for p, b in sorted(files.items())]
    return raw_zip(entries + extra)


def bomb_payload(gib: int = 2) -> bytes:
    """Raw deflate data that inflates to `gib` GiB of zeros (about 1 KiB per MiB)."""
    c = zlib.compressobj(9, zlib.DEFLATED, -15)
    piece = c.compress(bytes(1 << 20)) + c.flush(zlib.Z_FULL_FLUSH)
    c2 = zlib.compressobj(9, zlib.DEFLATED, -15)
    again = c2.compress(bytes(1 << 20)) + c2.flush(zlib.Z_FULL_FLUSH)
    assert piece == again  # a full flush makes every piece the same bytes
    end = zlib.compressobj(9, zlib.DEFLATED, -15).flush(zlib.Z_FINISH)
    return piece * (gib * 1024) + end


def _bomb(claimed: int, header_size: int | None = None) -> bytes:
    """Text notes that claim `claimed` bytes (headers: `header_size`), inflating to 2 GiB."""
    name = "notes.txt"
    files = program_files()
    listed = {**files, name: b""}
    entries = [Raw("manifest.json", manifest(listed, {name: claimed}), method=8)]
    entries += [Raw(p, b, method=8) for p, b in sorted(files.items())]
    size = header_size or claimed
    entries.append(Raw(name, b"", method=8, payload=bomb_payload(), size=size, crc=0))
    return raw_zip(entries)


def _many_entries() -> bytes:
    files = program_files()
    files.update({f"audio/x{i:04d}.txt": b"x" for i in range(2001)})
    return pack_with(files=files)


def _lying_size() -> bytes:
    files = program_files()
    return pack_with(files=files, sizes={"program.yaml": len(files["program.yaml"]) - 10})


def _sha_mismatch() -> bytes:
    files = program_files()
    listed = dict(files)
    listed["program.yaml"] = files["program.yaml"] + b"# changed\n"
    sizes = {"program.yaml": len(files["program.yaml"])}
    return pack_with(files=files, listed=listed, sizes=sizes)


def _without(name: str) -> Callable[[], bytes]:
    def build() -> bytes:
        files = program_files()
        listed = dict(files)
        del files[name]
        return pack_with(files=files, listed=listed)

    return build


def _unlisted() -> bytes:
    files = program_files()
    listed = dict(files)
    files["notes.txt"] = b"not in the manifest"
    return pack_with(files=files, listed=listed)


def _no_manifest() -> bytes:
    return raw_zip([Raw(p, b, method=8) for p, b in sorted(program_files().items())])


def _bad_manifest() -> bytes:
    entries = [Raw("manifest.json", b"{not json", method=8)]
    entries += [Raw(p, b, method=8) for p, b in sorted(program_files().items())]
    return raw_zip(entries)


def _huge_claim() -> bytes:
    files = program_files()
    return pack_with(files=files, sizes={"audio/voice.wav": (1 << 30) + 1})


def _nested_zip_bytes() -> bytes:
    return raw_zip([Raw("inner.txt", b"hello")])


def _truncated() -> bytes:
    data = pack_with()
    return data[: len(data) // 2]


def _crc_wrong() -> bytes:
    return pack_with([Raw("notes.txt", b"some notes", crc=1234)])


def _raw(*entries: Raw) -> Callable[[], bytes]:
    return lambda: pack_with(list(entries))


CASES: dict[str, tuple[Callable[[], bytes], str]] = {
    "traversal": (_raw(Raw("../evil.txt", b"x")), "climbs out"),
    "traversal_inner": (_raw(Raw("audio/../../evil.txt", b"x")), "climbs out"),
    "absolute": (_raw(Raw("/tmp/evil.txt", b"x")), "absolute path"),
    "drive_letter": (_raw(Raw("C:/evil.txt", b"x")), "drive letter"),
    "drive_relative": (_raw(Raw("C:evil.txt", b"x")), "drive letter"),
    "unc": (_raw(Raw("\\\\server\\share\\evil.txt", b"x")), "UNC"),
    "backslash": (_raw(Raw("audio\\evil.txt", b"x")), "backslashes"),
    "control_chars": (_raw(Raw("audio/a\x1b[31mb.txt", b"x")), "control"),
    "nul_in_name": (_raw(Raw(b"audio/evil.txt\x00.wav", b"x")), "control"),
    "reserved_device_name": (_raw(Raw("audio/con.txt", b"x")), "reserved device"),
    "hidden_file": (_raw(Raw(".DS_Store", b"x")), "hidden"),
    "symlink": (
        _raw(Raw("audio/link.wav", b"/etc/passwd", mode=stat.S_IFLNK | 0o777)),
        "symbolic link",
    ),
    "char_device": (_raw(Raw("audio/dev.wav", b"", mode=stat.S_IFCHR | 0o644)), "device"),
    "fifo": (_raw(Raw("audio/pipe.wav", b"", mode=stat.S_IFIFO | 0o644)), "device"),
    "case_collision": (_raw(Raw("audio/Voice.wav", wav_bytes(seed=2))), "same name"),
    "unicode_collision": (
        _raw(
            Raw("audio/caf\u00e9.wav", wav_bytes()), Raw("audio/cafe\u0301.wav", wav_bytes(seed=3))
        ),
        "same name",
    ),
    "file_dir_collision": (_raw(Raw("audio/voice.wav/x.txt", b"x")), "same name"),
    "duplicate_entry": (_raw(Raw("program.yaml", b"format: 1\n")), "same name"),
    "encrypted": (_raw(Raw("notes.txt", b"secret", flags=0x1)), "encrypted"),
    "bzip2_method": (_raw(Raw("notes.txt", b"x", method=12)), "compression method"),
    "nested_zip_by_name": (
        _raw(Raw("extra.zip", b"just text, but named like an archive")),
        "archive",
    ),
    "nested_zip_disguised": (_raw(Raw("notes.txt", _nested_zip_bytes())), "archive"),
    "nested_gzip_as_audio": (_raw(Raw("audio/x.wav", b"\x1f\x8b\x08" + bytes(600))), "archive"),
    "fake_audio": (
        _raw(Raw("audio/hello.ogg", b"<html>this is not audio at all</html>")),
        "not audio",
    ),
    "too_many_entries": (_many_entries, "more than 2000 entries"),
    "over_one_gb": (_huge_claim, "more than 1 GB"),
    "bomb": (lambda: _bomb(900 << 20), "compression bomb"),
    "bomb_lying_manifest": (lambda: _bomb(10_000, 900 << 20), "larger than its manifest"),
    "bomb_lying_headers": (lambda: _bomb(10_000), "damaged"),
    "no_manifest": (_no_manifest, "no manifest.json"),
    "bad_manifest": (_bad_manifest, "cannot be read"),
    "manifest_missing_file": (_without("audio/voice.wav"), "missing from the pack"),
    "manifest_extra_file": (_unlisted, "not in its manifest"),
    "manifest_sha_mismatch": (_sha_mismatch, "does not match the manifest"),
    "manifest_size_lie": (_lying_size, "larger than its manifest"),
    "crc_mismatch": (_crc_wrong, "damaged"),
    "truncated": (_truncated, "damaged"),
    "not_a_zip": (lambda: b"This is a text file, not a pack.\n" * 20, "not a Vallei pack"),
}
