"""A real `vallei-player import`, killed with SIGKILL, leaves nothing behind for long: the
next start (`programs` reads the library as the app does) or import clears its staging
folder and puts an old version back where needed (issue 9 item 9).

Kill points: the child is the real CLI, with one function wrapped to stop the process
(SIGSTOP) at a named point, so the SIGKILL lands exactly there; one more kill lands at
whatever moment the unpacking has reached.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pytest
from locations import REPO

from vallei_player.core.packs import write_pack

CHILD = r"""
import os, signal, sys
from pathlib import Path
from vallei_player.core.packs import library
from vallei_player.core.store import paths

point = os.environ.get("STOP_AT", "")

def stop():
    os.kill(os.getpid(), signal.SIGSTOP)

if point == "unpacked":  # the pack is unpacked into staging, not yet validated
    probe = library.probe_audio_files
    def probe_then_stop(*args):
        probe(*args)
        stop()
    library.probe_audio_files = probe_then_stop
elif point == "aside":  # the old version is moved aside, the new one not yet in
    rename = os.rename
    def rename_then_stop(src, dst):
        rename(src, dst)
        if Path(dst).name == "previous":
            stop()
    os.rename = rename_then_stop
elif point == "swapped":  # the new version is in, the old one still aside
    fsync_dir = library.fsync_dir
    def fsync_then_stop(folder):
        fsync_dir(folder)
        if Path(folder) == paths.library_dir():
            stop()
    library.fsync_dir = fsync_then_stop

from vallei_player.cli import main
sys.exit(main(sys.argv[1:]))
"""

PROGRAM = """\
format: 1
id: org.example.killed
version: {version}
title: Killed
language: en
author: {{name: X}}
schedule: {{sessions_per_week: 1, days: [mon]}}
sessions:
  - id: s1
    title: One
    phases:
      - {{kind: settle, voice: audio/voice.wav}}
"""


def make_pack(root: Path, version: str, seconds: float = 1.0) -> Path:
    import wave

    folder = root / f"prog-{version}"
    (folder / "audio").mkdir(parents=True)
    noise = np.random.default_rng(1).integers(-3000, 3000, int(seconds * 48000), dtype="<i2")
    with wave.open(str(folder / "audio" / "voice.wav"), "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(48000)
        w.writeframes(noise.tobytes())
    (folder / "program.yaml").write_text(PROGRAM.format(version=version))
    return write_pack(folder, root / f"killed-{version}.vallei")


def cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "vallei_player", *args],
        cwd=REPO, capture_output=True, text=True, timeout=120,
    )  # fmt: skip


def import_killed_at(point: str, pack: Path) -> None:
    """Run `import pack` until it stops itself at `point`, then SIGKILL it."""
    child = subprocess.Popen(
        [sys.executable, "-c", CHILD, "import", str(pack)],
        cwd=REPO, env={**os.environ, "STOP_AT": point},
        stdout=subprocess.PIPE, stderr=subprocess.PIPE,
    )  # fmt: skip
    try:
        _, status = os.waitpid(child.pid, os.WUNTRACED)
        assert os.WIFSTOPPED(status), f"the import ended before {point}: {child.stderr.read()!r}"
    finally:
        child.kill()
        child.wait()
        child.communicate()
    assert child.returncode == -signal.SIGKILL


def staging(home: Path) -> list[str]:
    return sorted(p.name for p in (home / "staging").iterdir() if p.is_dir())


def version_installed(home: Path) -> str | None:
    record = home / "library" / "org.example.killed" / ".vallei-installed.json"
    if not record.exists():
        return None
    import json

    return str(json.loads(record.read_text("utf-8"))["version"])


def test_an_import_killed_while_unpacking_is_cleared_at_the_next_start(
    tmp_path: Path, private_home: Path
) -> None:
    pack = make_pack(tmp_path, "1.0.0")
    import_killed_at("unpacked", pack)
    [left] = staging(private_home)
    assert (private_home / "staging" / left / "program" / "audio" / "voice.wav").is_file()
    out = cli("programs")
    assert out.returncode == 0, out.stderr
    assert staging(private_home) == [] and version_installed(private_home) is None
    assert cli("import", str(pack)).returncode == 0
    assert version_installed(private_home) == "1.0.0" and staging(private_home) == []


def test_an_update_killed_after_the_swap_leaves_no_old_version_behind(
    tmp_path: Path, private_home: Path
) -> None:
    assert cli("import", str(make_pack(tmp_path, "1.0.0"))).returncode == 0
    v2 = make_pack(tmp_path, "2.0.0")
    import_killed_at("swapped", v2)
    [left] = staging(private_home)
    assert (private_home / "staging" / left / "previous").is_dir()  # version 1, aside
    assert version_installed(private_home) == "2.0.0"
    out = cli("import", str(v2))  # the same version again: refused, and still clears
    assert out.returncode == 1 and "already installed" in out.stderr
    assert staging(private_home) == [] and version_installed(private_home) == "2.0.0"


def test_an_update_killed_between_the_renames_gets_its_old_version_back(
    tmp_path: Path, private_home: Path
) -> None:
    assert cli("import", str(make_pack(tmp_path, "1.0.0"))).returncode == 0
    import_killed_at("aside", make_pack(tmp_path, "2.0.0"))
    assert version_installed(private_home) is None  # neither version in the library now
    assert cli("programs").returncode == 0
    assert version_installed(private_home) == "1.0.0" and staging(private_home) == []


def test_an_import_killed_at_any_moment_of_unpacking_is_cleared(
    tmp_path: Path, private_home: Path
) -> None:
    pack = make_pack(tmp_path, "1.0.0", seconds=600)  # 57 MB: unpacking takes a while
    child = subprocess.Popen(
        [sys.executable, "-m", "vallei_player", "import", str(pack)],
        cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
    )  # fmt: skip
    try:
        while child.poll() is None:  # kill once some of the pack is in staging
            if any((private_home / "staging").glob("install-*/program/*")):
                break
            time.sleep(0.001)
    finally:
        child.kill()
        child.communicate()
    if child.returncode != -signal.SIGKILL or not staging(private_home):
        pytest.skip("the import ended before it could be killed")
    assert cli("programs").returncode == 0
    assert staging(private_home) == [] and version_installed(private_home) is None


def test_a_staging_folder_in_use_is_left_alone(tmp_path: Path, private_home: Path) -> None:
    from vallei_player.core.packs import staging_folder

    with staging_folder("unpack-") as mine:
        (mine / "x").write_text("in use")
        assert cli("programs").returncode == 0  # another process clears stale staging
        assert cli("validate", str(make_pack(tmp_path, "1.0.0"))).returncode == 0
        assert (mine / "x").read_text() == "in use"
    assert not mine.exists()
