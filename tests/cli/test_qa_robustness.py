"""Hostile situations around the commands: a bad data folder, bad output places, links.

Each one must end in one clear sentence, exit code 1, no traceback, and nothing changed.
"""

from __future__ import annotations

import errno
import json
from pathlib import Path

import pytest
from locations import PROGRAMS

from vallei_player.cli import main
from vallei_player.core.journal import Journal, JournalError
from vallei_player.core.packs import library
from vallei_player.core.problems import describe_os_error
from vallei_player.core.store import crashlog

TASTER = PROGRAMS / "taster-en"


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out = capsys.readouterr()
    return code, out.out, out.err


def tree(folder: Path) -> dict[str, bytes | None]:
    return {
        str(p.relative_to(folder)): (p.read_bytes() if p.is_file() else None)
        for p in sorted(folder.rglob("*"))
    }


@pytest.mark.parametrize(
    "command",
    [["programs"], ["log"], ["plan"], ["import", str(TASTER)], ["calendar", "-o", "{tmp}/x.ics"]],
)
def test_a_data_folder_that_is_a_file_is_one_clear_message(
    command: list[str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    home = tmp_path / "home"
    home.write_text("not a folder")
    monkeypatch.setenv("VALLEI_PLAYER_HOME", str(home))
    code, out, err = run(capsys, *[a.replace("{tmp}", str(tmp_path)) for a in command])
    assert code == 1 and out == ""
    assert err.count("\n") == 1 and "Traceback" not in err
    assert f"The data folder {home} is not a folder" in err and "VALLEI_PLAYER_HOME" in err
    assert home.read_text() == "not a folder"


def test_checking_a_pack_needs_no_usable_data_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    pack = tmp_path / "taster.vallei"
    assert run(capsys, "pack", str(TASTER), "-o", str(pack))[0] == 0
    monkeypatch.setenv("VALLEI_PLAYER_HOME", str(pack))  # a file: no staging area there
    code, out, _ = run(capsys, "validate", str(pack))
    assert code == 0 and "OK, 3 sessions" in out


@pytest.mark.parametrize(
    ("where", "expected"),
    [
        ("{tmp}", "is a folder; give a file name, for example {tmp}/"),
        ("{tmp}/missing/out.x", "The folder {tmp}/missing does not exist"),
        ("/dev/null", "/dev/null is not a regular file"),
    ],
)
@pytest.mark.parametrize(
    "command",
    [
        ["pack", str(TASTER), "-o"],
        ["export", "--format", "csv", "-o"],
        ["export", "--format", "pdf", "-o"],
        ["calendar", "-o"],
    ],
)
def test_an_output_place_that_cannot_take_the_file_is_refused_first(
    command: list[str],
    where: str,
    expected: str,
    tmp_path: Path,
    private_home: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    library.install(TASTER)
    before = tree(tmp_path), tree(private_home)
    code, out, err = run(capsys, *command, where.replace("{tmp}", str(tmp_path)))
    assert code == 1 and out == "" and "Traceback" not in err
    assert expected.replace("{tmp}", str(tmp_path)) in err
    assert (tree(tmp_path), tree(private_home)) == before


@pytest.mark.skipif(not Path("/proc/self").is_dir(), reason="needs Linux /proc")
@pytest.mark.parametrize("command", [["pack", str(TASTER)], ["export", "--format", "pdf"]])
def test_a_folder_that_refuses_new_files_is_named(
    command: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    library.install(TASTER)
    code, _, err = run(capsys, *command, "-o", "/proc/x.out")
    assert code == 1
    assert err.startswith(f"vallei-player {command[0]}: /proc/x.out cannot be written")
    assert "the folder /proc does not accept new files" in err


def test_an_os_error_is_a_situation_not_a_crash(
    monkeypatch: pytest.MonkeyPatch, private_home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    def full(*args: object, **kwargs: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device", str(private_home / "x"))

    monkeypatch.setattr(library, "installed", full)
    code, _, err = run(capsys, "programs")
    assert code == 1 and "Traceback" not in err and "crash" not in err
    # A full disk is said plainly, with the folder and what to do (issue 9 item 1).
    assert f"The disk holding {private_home} is full. Free some space on it" in err
    assert "Nothing was changed." in err
    assert not (private_home / "logs").exists()


def test_a_read_only_library_is_still_listed(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    library.install(TASTER)

    def read_only() -> None:
        raise OSError(errno.EROFS, "Read-only file system")

    monkeypatch.setattr(library, "_library_lock", read_only)
    assert [p.id for p in library.installed()] == ["org.vallei.taster-en"]


def test_a_journal_that_cannot_be_created_says_where(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(JournalError, match=r"cannot be opened .*Check that the folder"):
        Journal.open(blocker / "journal.sqlite3")
    assert blocker.read_text() == "x"


def test_a_crash_log_is_written_even_without_a_data_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    home = tmp_path / "home"
    home.write_text("a file")
    monkeypatch.setenv("VALLEI_PLAYER_HOME", str(home))
    monkeypatch.setenv("TMPDIR", str(tmp_path))
    monkeypatch.setattr("tempfile.tempdir", None)
    try:
        raise ValueError("private journal text")
    except ValueError as e:
        first, second = crashlog.write_crash_log(e), crashlog.write_crash_log(e)
    assert first is not None and second is not None and first != second  # same second, 2 files
    assert first.parent.parent == tmp_path
    text = first.read_text()
    assert "builtins.ValueError" in text and "private journal text" not in text
    assert first.stat().st_mode & 0o777 == 0o600


def test_a_bug_with_no_place_for_its_log_is_still_one_line(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(crashlog, "_folders", lambda: [Path("/proc/no/such")])

    def bug() -> None:
        raise KeyError("x")

    monkeypatch.setattr(library, "installed", bug)
    code, _, err = run(capsys, "programs")
    assert code == 1 and err.count("\n") == 1
    assert "an unexpected problem (KeyError)" in err and "Please report it." in err


def test_settings_that_cannot_be_read_are_noted_and_the_calendar_stays_discreet(
    private_home: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    library.install(TASTER)
    (private_home / "settings.json").mkdir()  # a folder where the file should be
    code, out, err = run(capsys, "programs")
    assert code == 0 and "org.vallei.taster-en" in out
    assert err.startswith("Note: The settings file") and "default settings are used" in err
    code, _, _ = run(capsys, "calendar", "-o", str(tmp_path / "plan.ics"))
    ics = (tmp_path / "plan.ics").read_text()
    assert code == 0 and "Taster" not in ics  # discreet: the settings might have asked for it
    assert (private_home / "settings.json").is_dir()


def test_a_program_yaml_linking_outside_is_not_read(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("root:x:0:0:secret-line\n")
    folder = tmp_path / "prog"
    folder.mkdir()
    (folder / "program.yaml").symlink_to(secret)
    for path in (folder, folder / "program.yaml"):
        code, out, _ = run(capsys, "validate", str(path))
        assert code == 1 and "secret-line" not in out
        assert "program.yaml is a link that leads outside the program folder" in out
    (folder / "program.yaml").unlink()
    (folder / "program.yaml").symlink_to(tmp_path / "gone.yaml")
    code, out, _ = run(capsys, "validate", str(folder))
    assert code == 1 and "a link to a file that does not exist" in out


def test_describe_os_error_reads_as_one_sentence() -> None:
    e = OSError(errno.EACCES, "Permission denied", "/x/y")
    assert describe_os_error(e).startswith("/x/y: permission denied. Nothing was changed")


def test_the_plan_ends_with_the_course(capsys: pytest.CaptureFixture[str]) -> None:
    library.install(TASTER)  # three sessions; six weeks would hold eighteen slots
    code, out, _ = run(capsys, "plan", "--weeks", "6", "--json")
    slots = json.loads(out)
    assert code == 0 and [s["session_id"] for s in slots] == ["arriving", "waves", "spreading"]
    code, out, _ = run(capsys, "plan")
    assert out.splitlines()[-1] == "That is the last session of the course."
    assert " - " not in out


@pytest.mark.parametrize(
    "own", ["journal.sqlite3", "journal.sqlite3-wal", "settings.json", "library/x.vallei"]
)
@pytest.mark.parametrize(
    "command",
    [["export", "--format", "json", "-o"], ["calendar", "-o"], ["pack", str(TASTER), "-o"]],
)
def test_the_apps_own_files_are_never_overwritten(
    own: str, command: list[str], private_home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    library.install(TASTER)
    with Journal.open():
        pass
    before = tree(private_home)
    code, _, err = run(capsys, *command, str(private_home / own))
    assert code == 1 and "is one of Vallei Player's own data files" in err
    assert tree(private_home) == before


def test_a_report_may_go_next_to_the_data_of_a_portable_install(
    private_home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    library.install(TASTER)
    code, _, _ = run(capsys, "export", "--format", "csv", "-o", str(private_home / "r.csv"))
    assert code == 0 and (private_home / "r.csv").is_file()


def test_a_pack_is_never_written_over_a_file_of_its_own_program(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import shutil

    folder = tmp_path / "prog"
    shutil.copytree(TASTER, folder)
    before = tree(folder)
    for target in (folder / "program.yaml", folder / "audio" / "rest.opus"):
        code, _, err = run(capsys, "pack", str(folder), "-o", str(target))
        assert code == 1 and "is a file of the program itself" in err
    assert tree(folder) == before
    assert run(capsys, "pack", str(folder), "-o", str(folder / "prog.vallei"))[0] == 0


def test_settings_of_100000_nested_brackets_are_kept_aside_and_every_command_goes_on(
    private_home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    hostile = b"[" * 100_000
    (private_home / "settings.json").write_bytes(hostile)
    code, _, err = run(capsys, "programs")
    assert code == 0
    assert "unexpected" not in err and "Traceback" not in err
    assert err.startswith("Note: The settings file could not be read and was kept aside as ")
    aside = [p for p in private_home.iterdir() if p.name.startswith("settings.json.unreadable-")]
    assert [p.read_bytes() for p in aside] == [hostile]
    code, _, err = run(capsys, "programs")  # the next command starts from the defaults quietly
    assert code == 0 and err == ""
