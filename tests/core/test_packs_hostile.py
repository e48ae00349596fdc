"""The hostile-pack corpus: every pack is refused with a clear message and exit code 1,
nothing is written outside the staging folder, and the library is left as it was."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from locations import DATA

from vallei_player.cli import main
from vallei_player.core.packs import library, unpacked
from vallei_player.core.problems import ProgramError
from vallei_player.core.store import paths

sys.path.insert(0, str(DATA / "hostile"))
import hostile_packs as BUILD


class WriteAudit:
    """Records every file-system change this process makes while `active` (an audit hook)."""

    def __init__(self) -> None:
        self.active = False
        self.changes: list[str] = []
        sys.addaudithook(self._hook)

    def _hook(self, event: str, args: tuple[Any, ...]) -> None:
        if not self.active:
            return
        if event == "open":
            path, mode, flags = args
            writing = (isinstance(mode, str) and any(c in mode for c in "wax+")) or (
                isinstance(flags, int) and flags & (os.O_WRONLY | os.O_RDWR | os.O_CREAT)
            )
            if writing and isinstance(path, (str, bytes, os.PathLike)):
                self.changes.append(os.fsdecode(path))
        elif event == "os.mkdir":
            path, _mode, dir_fd = args
            if not os.path.isdir(_absolute(path, dir_fd)):  # exist_ok=True on a folder: no change
                self.changes.append(_absolute(path, dir_fd))
        elif event in ("os.remove", "os.rmdir"):
            self.changes.append(_absolute(args[0], args[1]))
        elif event == "os.rename":
            self.changes += [_absolute(args[0], args[2]), _absolute(args[1], args[3])]
        elif event in ("os.symlink", "os.link", "os.chmod", "os.truncate"):
            self.changes.append(
                os.fsdecode(args[0]) if isinstance(args[0], (str, bytes, os.PathLike)) else "?"
            )


def _absolute(path: Any, dir_fd: int | None) -> str:
    """A path as the kernel sees it, also for the relative ones rmtree passes with a dir_fd."""
    text = os.fsdecode(path) if isinstance(path, (str, bytes, os.PathLike)) else str(path)
    if dir_fd is not None and not os.path.isabs(text):
        text = os.path.join(os.readlink(f"/proc/self/fd/{dir_fd}"), text)
    return text


AUDIT = WriteAudit()


def _tree(root: Path) -> dict[str, int]:
    return {
        str(p.relative_to(root)): p.stat().st_size if p.is_file() else -1
        for p in sorted(root.rglob("*"))
    }


@pytest.fixture
def audited(private_home: Path, tmp_path: Path) -> Iterator[Callable[[], list[str]]]:
    library.installed()  # creates the library, staging and lock file a real first run has
    staging = paths.staging_dir()
    AUDIT.changes = []
    AUDIT.active = True
    try:
        yield lambda: [
            c for c in AUDIT.changes if not Path(c).resolve().is_relative_to(staging.resolve())
        ]
    finally:
        AUDIT.active = False


@pytest.mark.parametrize("case", sorted(BUILD.CASES))
def test_hostile_pack_is_refused_by_import(
    case: str,
    tmp_path: Path,
    private_home: Path,
    capsys: pytest.CaptureFixture[str],
    audited: Callable[[], list[str]],
) -> None:
    builder, expected = BUILD.CASES[case]
    AUDIT.active = False
    pack = tmp_path / f"{case}.vallei"
    pack.write_bytes(builder())
    before_home = _tree(private_home)
    before_here = _tree(tmp_path)
    AUDIT.active = True

    code = main(["import", str(pack)])

    AUDIT.active = False
    err = capsys.readouterr().err
    assert code == 1
    assert expected.lower() in err.lower(), err
    assert str(pack) in err  # the message names the pack
    assert "Traceback" not in err
    assert err.count("\n") <= 3  # one clear message and a summary line
    assert AUDIT.changes, "the audit hook saw no staging writes at all; is it working?"
    assert audited() == []  # nothing written outside the staging folder
    assert _tree(private_home) == before_home  # library unchanged, staging cleaned up
    assert _tree(tmp_path) == before_here
    assert library.installed() == []


@pytest.mark.parametrize(
    "case", ["traversal", "symlink", "bomb", "manifest_sha_mismatch", "fake_audio"]
)
def test_unpacked_refuses_with_a_location_naming_pack_and_entry(case: str, tmp_path: Path) -> None:
    builder, expected = BUILD.CASES[case]
    pack = tmp_path / "p.vallei"
    pack.write_bytes(builder())
    with pytest.raises(ProgramError) as caught, unpacked(pack):
        pass
    problem = caught.value.problems[0]
    assert problem.location.file.startswith(f"{pack}/")
    assert expected.lower() in problem.message.lower()
    assert "ask the coach" in problem.message.lower()
    assert list(paths.staging_dir().iterdir()) == []


@pytest.mark.parametrize("case", sorted(BUILD.CASES))
def test_each_refusal_says_what_to_do_once(case: str, tmp_path: Path) -> None:
    """One sentence of advice at the end; a collision once said 'Ask the coach...' twice."""
    pack = tmp_path / "p.vallei"
    pack.write_bytes(BUILD.CASES[case][0]())
    with pytest.raises(ProgramError) as caught, unpacked(pack):
        pass
    message = caught.value.problems[0].message
    assert message.count("Ask the coach") <= 1, message


def test_pack_that_is_a_pipe_is_refused_without_hanging(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    fifo = tmp_path / "pipe.vallei"
    os.mkfifo(fifo)
    assert main(["import", str(fifo)]) == 1
    assert "not a plain file" in capsys.readouterr().err


def test_bomb_is_small_on_disk_and_refused_quickly(tmp_path: Path) -> None:
    import time

    data = BUILD.CASES["bomb"][0]()
    assert len(data) < 3 << 20  # inflates to 2 GiB
    pack = tmp_path / "bomb.vallei"
    pack.write_bytes(data)
    start = time.monotonic()
    with pytest.raises(ProgramError, match="compression bomb"), unpacked(pack):
        pass
    assert time.monotonic() - start < 5.0


def test_folder_with_symlink_fifo_collision_or_archive_is_refused(tmp_path: Path) -> None:
    def fresh(name: str) -> Path:
        folder = tmp_path / name
        (folder / "audio").mkdir(parents=True)
        for rel, data in BUILD.program_files().items():
            (folder / rel).write_bytes(data)
        return folder

    cases: list[tuple[Path, str]] = []
    f = fresh("link")
    (f / "audio" / "secret.wav").symlink_to("/etc/passwd")
    cases.append((f, "symbolic link"))
    f = fresh("pipe")
    os.mkfifo(f / "audio" / "pipe.wav")
    cases.append((f, "special file"))
    f = fresh("case")
    (f / "audio" / "VOICE.wav").write_bytes(BUILD.wav_bytes(seed=5))
    cases.append((f, "same name"))
    f = fresh("archive")
    (f / "extra.txt").write_bytes(BUILD.raw_zip([BUILD.Raw("x.txt", b"x")]))
    cases.append((f, "archive"))
    f = fresh("fake")
    (f / "audio" / "fake.mp3").write_text("not audio", encoding="utf-8")
    cases.append((f, "not audio"))
    f = fresh("backslash")
    (f / "audio" / "a\\b.wav").write_bytes(BUILD.wav_bytes())
    cases.append((f, "backslash"))
    for folder, expected in cases:
        with pytest.raises(ProgramError) as caught:
            library.install(folder)
        assert expected in caught.value.problems[0].message, folder
        assert str(folder) in caught.value.problems[0].location.file
    assert library.installed() == []
    assert list(paths.staging_dir().iterdir()) == [paths.staging_dir() / ".library.lock"]
