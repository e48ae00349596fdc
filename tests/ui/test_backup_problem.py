"""A daily backup that cannot be written (a full disk) is told once, in a problem banner in
the participant's language, and nothing else stops: the journal opens and a session plays."""

from __future__ import annotations

import errno
from typing import Any

import pytest


@pytest.fixture
def backups_fail(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    from vallei_player.core.journal import backups

    tries: list[int] = []

    def full_disk(*args: object) -> list[object]:
        tries.append(1)
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(backups, "rolling", full_disk)
    return tries


def test_a_failed_daily_backup_is_told_once_in_dutch(
    make_app: Any, qtbot: Any, backups_fail: list[int]
) -> None:
    app = make_app(language="nl")
    banner = app.window.banner
    qtbot.waitUntil(lambda: app.context.journal_open, timeout=5000)
    qtbot.waitUntil(banner.isVisible, timeout=5000)
    assert banner.kind == "problem"
    text = banner.text.text()
    assert text.startswith("De dagelijkse reservekopie kon niet worden geschreven: ")
    assert "vol" in text  # the disk is full, said in Dutch, with what to do
    assert "Errno" not in text and "No space" not in text
    assert backups_fail == [1]

    banner.hide()  # the participant dismissed it; the journal is opened again (an unlock)
    reopened: list[object] = []
    app.context.open_journal(None, reopened.append)
    qtbot.waitUntil(lambda: reopened == [None], timeout=5000)
    assert backups_fail == [1, 1]  # it tried again: the day's backup is still missing
    assert not banner.isVisible()  # and did not say it a second time

    app.window.start_session("w1-1")  # nothing is blocked
    qtbot.waitUntil(lambda: app.window.playback.state == "playing", timeout=10_000)
    qtbot.waitUntil(lambda: app.window.playback.attempt_id is not None, timeout=5000)
