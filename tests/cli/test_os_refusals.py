"""Every refusal by the system a person can meet gets its own sentence, never "unexpected".

Issue 9 item 6 / issue 10 item 6: one helper (core.problems.describe_os_error) turns an
OSError into what happened, where, and what to do. The conditions are real where this machine
can make them (a read-only tmpfs, a small full tmpfs, a missing folder, a folder where a file
goes, a name too long); the rest (permission denied as non-root, too many open files, a disk
I/O error) are raised where the command meets the file system.
"""

from __future__ import annotations

import errno
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from locations import DATA, PROGRAMS

from vallei_player import i18n
from vallei_player.cli import main
from vallei_player.core.packs import library
from vallei_player.core.problems import describe_error, describe_os_error

sys.path.insert(0, str(DATA / "hostile"))
import hostile_packs

TASTER = PROGRAMS / "taster-en"
UNEXPECTED = ("unexpected", "onverwacht", "report it", "Traceback")


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str]:
    code = main(list(args))
    return code, capsys.readouterr().err


def program_folder(folder: Path, extra_bytes: int = 0) -> Path:
    for rel, data in hostile_packs.program_files().items():
        (folder / rel).parent.mkdir(parents=True, exist_ok=True)
        (folder / rel).write_bytes(data)
    if extra_bytes:  # an unused take that does not compress, larger than a small disk
        noise = hostile_packs.wav_bytes(seconds=0.01) + os.urandom(extra_bytes)
        (folder / "audio" / "take.wav").write_bytes(noise)
    return folder


def _mount(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["mount", *args], capture_output=True, text=True, timeout=30)


@pytest.fixture
def tmpfs(tmp_path: Path) -> Iterator[Path]:
    """A 1 MB tmpfs (root mounts it; elsewhere skipped, saying why)."""
    if shutil.which("mount") is None or os.geteuid() != 0:
        pytest.skip("mounting a tmpfs needs root and mount(8); the real conditions need it")
    disk = tmp_path / "disk"
    disk.mkdir()
    done = _mount("-t", "tmpfs", "-o", "size=1m,mode=0755", "tmpfs", str(disk))
    if done.returncode != 0:
        pytest.skip(f"a tmpfs cannot be mounted here: {done.stderr.strip()}")
    try:
        yield disk
    finally:
        subprocess.run(["umount", "-l", str(disk)], capture_output=True, timeout=30)


def read_only(disk: Path) -> None:
    done = _mount("-o", "remount,ro", str(disk))
    assert done.returncode == 0, done.stderr


def clean(err: str) -> None:
    assert not any(word in err for word in UNEXPECTED), err
    assert err.count("\n") <= 2, err


@pytest.mark.parametrize(
    ("code", "words"),
    [
        (errno.ENOSPC, "is full"),
        (errno.EROFS, "read-only disk or folder"),
        (errno.EACCES, "permission denied"),
        (errno.EPERM, "does not allow this"),
        (errno.ENOENT, "does not exist"),
        (errno.EISDIR, "is a folder where a file was expected"),
        (errno.ENOTDIR, "is a file where a folder was expected"),
        (errno.ENAMETOOLONG, "is too long for the file system"),
        (errno.EMFILE, "Too many files are open"),
        (errno.ENFILE, "Too many files are open"),
        (errno.EIO, "read or write error"),
        (errno.EBUSY, "is in use"),
        (errno.ELOOP, "round in a circle"),
        (errno.EXDEV, "invalid cross-device link. Nothing was changed"),
    ],
)
def test_each_refusal_has_a_sentence_naming_the_file_and_what_to_do(code: int, words: str) -> None:
    error = OSError(code, os.strerror(code), "/data/journal.sqlite3")
    sentence = describe_os_error(error)
    assert words in sentence
    assert "Nothing was changed" in sentence
    if code not in (errno.EMFILE, errno.ENFILE):
        assert "/data" in sentence
    assert describe_error(error) == sentence
    i18n.set_language("nl")
    dutch = describe_os_error(error)
    assert "Er is niets veranderd" in dutch and dutch != sentence


def test_unexpected_is_kept_for_real_bugs() -> None:
    assert "unexpected problem (KeyError)" in describe_error(KeyError("x"))
    assert "unexpected" not in describe_error(OSError(errno.ENOSPC, "No space left on device"))
    assert describe_os_error(OSError(errno.EROFS, "Read-only file system")).startswith(
        "A file Vallei Player needs is on a read-only disk"
    )


def test_writing_a_pack_onto_a_read_only_disk(
    tmpfs: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = program_folder(tmp_path / "prog")
    read_only(tmpfs)
    code, err = run(capsys, "pack", str(folder), "-o", str(tmpfs / "p.vallei"))
    assert code == 1 and "read-only file system" in err and str(tmpfs) in err
    clean(err)


def test_a_read_only_data_folder_refuses_an_import_plainly(
    tmpfs: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    home = tmpfs / "home"
    home.mkdir(mode=0o700)
    monkeypatch.setenv("VALLEI_PLAYER_HOME", str(home))
    read_only(tmpfs)
    code, err = run(capsys, "import", str(TASTER))
    assert code == 1 and "read-only" in err
    clean(err)
    for command in ("programs", "plan", "log"):
        code, err = run(capsys, command)
        assert code == 1 and "read-only file system" in err and str(home) in err
        clean(err)


def test_a_pack_larger_than_the_free_space(
    tmpfs: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = program_folder(tmp_path / "prog", extra_bytes=3 << 20)
    out = str(tmpfs / "p.vallei")
    code, err = run(capsys, "pack", str(folder), "-o", out, "--include-unused")
    assert code == 1 and "is full" in err and "Free some space" in err
    clean(err)
    assert sorted(p.name for p in tmpfs.iterdir()) == []  # no half-written pack left


def test_output_places_that_cannot_be(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = program_folder(tmp_path / "prog")
    code, err = run(capsys, "pack", str(folder), "-o", str(tmp_path / "no" / "such" / "p.vallei"))
    assert code == 1 and "does not exist" in err
    clean(err)
    (tmp_path / "out").mkdir()
    code, err = run(capsys, "pack", str(folder), "-o", str(tmp_path / "out"))
    assert code == 1 and "is a folder; give a file name" in err
    clean(err)
    code, err = run(capsys, "pack", str(folder), "-o", str(tmp_path / ("n" * 300 + ".vallei")))
    assert code == 1 and "too long for the file system" in err
    clean(err)


@pytest.mark.parametrize(
    ("code", "words"),
    [
        (errno.EACCES, "permission denied"),
        (errno.EMFILE, "Too many files are open"),
        (errno.EIO, "read or write error"),
    ],
)
def test_refusals_met_inside_a_command_are_said_plainly(
    code: int, words: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse() -> list[object]:
        raise OSError(code, os.strerror(code), str(Path("library") / "x"))

    monkeypatch.setattr(library, "installed", refuse)
    status, err = run(capsys, "programs")
    assert status == 1 and words in err
    clean(err)
