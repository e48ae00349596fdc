"""The crash log (crashlog.py): our own bug's code locations go to a file in the data folder,
never the exception's message (it can quote user data), and a second crash never overwrites
the first."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest

from vallei_player.core.store import paths, write_crash_log


def crash(message: str) -> Path | None:
    try:
        raise ValueError(message)
    except ValueError as error:
        return write_crash_log(error)


def test_the_log_is_in_the_data_folder_and_names_where_not_what(
    private_home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "tmp"))
    (tmp_path / "tmp").mkdir()
    log = crash("journal line: I felt awful at my sister's")
    assert log is not None and log.parent == paths.data_dir() / "logs"
    text = log.read_text()
    assert "ValueError" in text
    assert f"{__file__}:" in text and " in crash" in text  # the code location
    assert "sister" not in text and "journal line" not in text
    assert not list((tmp_path / "tmp").iterdir())  # nothing in the shared temporary folder


def test_crashes_in_the_same_second_each_keep_their_own_log(
    private_home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    logs = [crash("first"), crash("second"), crash("third")]
    assert None not in logs and len(set(logs)) == 3
    assert all(p is not None and p.parent == paths.data_dir() / "logs" for p in logs)
    assert sorted(p.read_text().count("ValueError") for p in logs if p) == [1, 1, 1]


def test_the_log_and_its_folder_are_for_the_owner_only(
    private_home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    log = crash("private")
    assert log is not None
    assert log.stat().st_mode & 0o777 == 0o600
    assert log.parent.stat().st_mode & 0o777 == 0o700
