"""Hostile audio: a small pack whose sound lasts hours is refused before anything decodes it.

Issue 9 item 7: a 3 MB pack held a valid Ogg of 10 hours of silence in a phase without
`duration`; it validated, imported, and `play` decoded it into 13.8 GB of PCM. The file
here is made for real, by ffmpeg (a minute of silent Vorbis, looped without re-encoding).
"""

from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from locations import REPO

pytestmark = pytest.mark.skipif(shutil.which("ffmpeg") is None, reason="needs ffmpeg")

PROGRAM = """\
format: 1
id: org.example.stil
version: 1.0.0
title: Stil
language: en
author: {name: X}
schedule: {sessions_per_week: 1, days: [mon]}
sessions:
  - id: s1
    title: One
    phases:
      - {kind: settle, duration: 1m}
      - {kind: rest, voice: audio/stil.ogg}
"""


def silent_ogg(path: Path, seconds: int) -> Path:
    """`seconds` of silent Vorbis at 8 kHz mono: about 90 bytes a second."""
    minute = path.with_name("minute.ogg")
    base = ["ffmpeg", "-nostdin", "-v", "error", "-y"]
    subprocess.run(
        [*base, "-f", "lavfi", "-i", "anullsrc=r=8000:cl=mono", "-t", "60",
         "-c:a", "libvorbis", "-q:a", "-1", str(minute)],
        check=True,
    )  # fmt: skip
    loops = seconds // 60 - 1
    subprocess.run(
        [*base, "-stream_loop", str(loops), "-i", str(minute), "-c", "copy", str(path)],
        check=True,
    )
    minute.unlink()
    return path


@pytest.fixture(scope="module")
def ten_hours(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return silent_ogg(tmp_path_factory.mktemp("ogg") / "stil.ogg", 10 * 3600)


def program_folder(root: Path, ogg: Path, text: str = PROGRAM) -> Path:
    (root / "audio").mkdir(parents=True)
    shutil.copyfile(ogg, root / "audio" / "stil.ogg")
    (root / "program.yaml").write_text(text)
    return root


def pack_without_checking(folder: Path, out: Path) -> Path:
    """A pack as a hostile sender writes it: right manifest, no validation."""
    files = sorted(p for p in folder.rglob("*") if p.is_file())
    entries = []
    for p in files:
        data = p.read_bytes()
        entries.append((p.relative_to(folder).as_posix(), data))
    manifest = {
        "format": 1,
        "vallei_pack": 1,
        "program": {"id": "org.example.stil", "version": "1.0.0"},
        "files": [
            {"path": name, "sha256": hashlib.sha256(data).hexdigest(), "size": len(data)}
            for name, data in entries
        ],
    }
    with zipfile.ZipFile(out, "w") as z:
        z.writestr("manifest.json", json.dumps(manifest))
        for name, data in entries:
            z.writestr(name, data)
    return out


def run_cli(*args: str, cwd: Path = REPO) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "vallei_player", *args],
        cwd=cwd, capture_output=True, text=True, timeout=120,
    )  # fmt: skip


def test_a_ten_hour_clip_is_refused_at_its_line_by_validate_pack_and_import(
    tmp_path: Path, ten_hours: Path, private_home: Path
) -> None:
    assert ten_hours.stat().st_size < 4 << 20  # small: 3 MB for 10 hours
    folder = program_folder(tmp_path / "stil", ten_hours)
    line = "program.yaml:13:29: error: the file 'audio/stil.ogg' lasts 10h1s"
    out = run_cli("validate", str(folder))
    assert out.returncode == 1, out.stdout
    assert line in out.stdout, out.stdout
    assert "longer than the 3h a sound file may last" in out.stdout
    out = run_cli("pack", str(folder), "-o", str(tmp_path / "stil.vallei"))
    assert out.returncode == 1 and not (tmp_path / "stil.vallei").exists()
    pack = pack_without_checking(folder, tmp_path / "hostile.vallei")
    out = run_cli("validate", str(pack))
    assert out.returncode == 1 and f"{pack}/{line}" in out.stdout, out.stdout
    out = run_cli("import", str(pack))
    assert out.returncode == 1, out.stdout + out.stderr
    assert "lasts 10h" in out.stdout + out.stderr and "Traceback" not in out.stderr
    assert not (private_home / "library" / "org.example.stil").exists()


def test_a_session_longer_than_three_hours_is_refused_where_it_passes_them(
    tmp_path: Path, ten_hours: Path
) -> None:
    text = PROGRAM.replace(
        "      - {kind: rest, voice: audio/stil.ogg}\n",
        "      - {kind: arousal, duration: 2h}\n      - {kind: rest, duration: 1h}\n",
    )
    folder = program_folder(tmp_path / "long", ten_hours, text)
    out = run_cli("validate", str(folder))
    assert out.returncode == 1
    assert (
        "program.yaml:14:9: error: session 's1' lasts 3h1m, longer than the 3h a session may "
        "last; it passes 3h at this phase"
    ) in out.stdout, out.stdout
    ok = PROGRAM.replace(
        "      - {kind: rest, voice: audio/stil.ogg}\n", "      - {kind: rest, duration: 2h59m}\n"
    )
    assert run_cli("validate", str(program_folder(tmp_path / "ok", ten_hours, ok))).returncode == 0


def test_the_sound_one_session_uses_is_bounded_too(tmp_path: Path) -> None:
    two_hours = silent_ogg(tmp_path / "two.ogg", 2 * 3600 + 60)
    folder = tmp_path / "beds"
    (folder / "audio").mkdir(parents=True)
    for name in ("a.ogg", "b.ogg"):
        shutil.copyfile(two_hours, folder / "audio" / name)
    (folder / "program.yaml").write_text(
        PROGRAM.replace(
            "      - {kind: settle, duration: 1m}\n      - {kind: rest, voice: audio/stil.ogg}\n",
            "      - {kind: settle, duration: 1m, bed: audio/a.ogg}\n"
            "      - {kind: rest, duration: 1m, bed: audio/b.ogg}\n"
            "      - {kind: rest, duration: 1m, bed: audio/a.ogg}\n",
        )
    )
    out = run_cli("validate", str(folder))
    assert out.returncode == 1
    assert (
        "program.yaml:9:5: error: the sound files of session 's1' last 4h2m1s together, more "
        "than the 4h one session may use"
    ) in out.stdout, out.stdout
