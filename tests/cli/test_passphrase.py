"""`vallei-player passphrase set|change|remove` (issue 9 item 3), as a script and as a person
at a terminal would use it; the same rules and words as the app's Settings."""

from __future__ import annotations

import os
import select
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from locations import REPO
from ptyplay import PtyCommand

from vallei_player.core.journal import Journal, JournalLocked
from vallei_player.core.journal.crypto import FileKind, file_kind
from vallei_player.core.program import Prompt

T0 = datetime(2025, 3, 3, 19, 0, tzinfo=UTC)
NOTICED = Prompt("noticed", "What did you notice?", "text")
SECRET = "what I noticed, privately"


@pytest.fixture
def journal_with_history(private_home: Path) -> Path:
    with Journal.open() as j:
        aid = j.start_attempt("demo.self", "1.0.0", "s1", T0)
        j.save_answer(aid, NOTICED, SECRET, final=True)
    return private_home / "journal.sqlite3"


def _run(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    clean = {
        k: v
        for k, v in os.environ.items()
        if k not in ("VALLEI_PLAYER_PASSPHRASE", "VALLEI_PLAYER_NEW_PASSPHRASE")
    }
    return subprocess.run(
        [sys.executable, "-m", "vallei_player", *args],
        cwd=REPO,
        env={**clean, **env},
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=120,
    )


def _answers(passphrase: str | None) -> list[Any]:
    with Journal.open(passphrase=passphrase) as j:
        return [a.answer_values for a in j.attempts()]


def test_set_change_remove_from_the_environment(journal_with_history: Path) -> None:
    done = _run("passphrase", "set", VALLEI_PLAYER_NEW_PASSPHRASE="first secret")
    assert (done.returncode, done.stdout.strip()) == (0, "Your journal is now encrypted."), done
    assert file_kind(journal_with_history) is FileKind.ENCRYPTED
    with pytest.raises(JournalLocked):
        Journal.open()
    assert _answers("first secret") == [{"noticed": SECRET}]
    done = _run(
        "passphrase",
        "change",
        VALLEI_PLAYER_PASSPHRASE="first secret",
        VALLEI_PLAYER_NEW_PASSPHRASE="second secret",
    )
    assert (done.returncode, done.stdout.strip()) == (0, "The passphrase was changed."), done
    with pytest.raises(JournalLocked):
        Journal.open(passphrase="first secret")
    assert _answers("second secret") == [{"noticed": SECRET}]
    done = _run("passphrase", "remove", VALLEI_PLAYER_PASSPHRASE="second secret")
    assert done.returncode == 0, done
    assert done.stdout.strip() == "The passphrase was removed; the journal is no longer encrypted."
    assert file_kind(journal_with_history) is FileKind.PLAIN
    assert _answers(None) == [{"noticed": SECRET}]
    log = _run("log")
    assert log.returncode == 0 and SECRET in log.stdout


@pytest.mark.parametrize(
    ("args", "env", "words"),
    [
        (("set",), {"VALLEI_PLAYER_NEW_PASSPHRASE": "short"}, "Use at least 6 characters."),
        (("set",), {}, "VALLEI_PLAYER_NEW_PASSPHRASE"),
        (("change",), {"VALLEI_PLAYER_NEW_PASSPHRASE": "long enough"}, "has no passphrase"),
        (("remove",), {}, "has no passphrase"),
    ],
    ids=["too-short", "none-given", "change-plain", "remove-plain"],
)
def test_refusals_on_a_plain_journal_change_nothing(
    journal_with_history: Path, args: tuple[str, ...], env: dict[str, str], words: str
) -> None:
    before = journal_with_history.read_bytes()
    done = _run("passphrase", *args, **env)
    assert done.returncode == 1, done
    assert words in done.stderr and "nothing was changed" in done.stderr.lower()
    assert "Traceback" not in done.stderr
    assert journal_with_history.read_bytes() == before


def test_refusals_on_an_encrypted_journal_change_nothing(journal_with_history: Path) -> None:
    assert _run("passphrase", "set", VALLEI_PLAYER_NEW_PASSPHRASE="first secret").returncode == 0
    before = journal_with_history.read_bytes()
    again = _run("passphrase", "set", VALLEI_PLAYER_NEW_PASSPHRASE="other secret")
    assert again.returncode == 1 and "already has a passphrase" in again.stderr
    wrong = _run(
        "passphrase",
        "change",
        VALLEI_PLAYER_PASSPHRASE="not it at all",
        VALLEI_PLAYER_NEW_PASSPHRASE="other secret",
    )
    assert wrong.returncode == 1 and "does not open the journal" in wrong.stderr
    missing = _run("passphrase", "remove")
    assert missing.returncode == 1 and "VALLEI_PLAYER_PASSPHRASE" in missing.stderr
    assert journal_with_history.read_bytes() == before
    assert _answers("first secret") == [{"noticed": SECRET}]


def test_a_journal_open_in_another_process_is_refused(journal_with_history: Path) -> None:
    before = journal_with_history.read_bytes()
    with Journal.open() as j:  # as the app would hold it
        done = _run("passphrase", "set", VALLEI_PLAYER_NEW_PASSPHRASE="first secret")
        assert done.returncode == 1, done
        assert "open in another Vallei Player" in done.stderr
        assert [a.answer_values for a in j.attempts()] == [{"noticed": SECRET}]
    assert file_kind(journal_with_history) is FileKind.PLAIN
    assert journal_with_history.read_bytes() == before or _answers(None) == [{"noticed": SECRET}]


def test_in_dutch(journal_with_history: Path) -> None:
    done = _run("passphrase", "set", VALLEI_PLAYER_NEW_PASSPHRASE="kort", LANGUAGE="nl")
    assert done.returncode == 1 and "Gebruik minstens 6 tekens." in done.stderr, done.stderr
    done = _run("passphrase", "set", VALLEI_PLAYER_NEW_PASSPHRASE="lang genoeg", LANGUAGE="nl")
    assert done.returncode == 0 and "versleuteld" in done.stdout, done


class _Terminal(PtyCommand):
    """The command in a real terminal (a pty that is its controlling terminal, as getpass
    needs to read hidden input)."""

    def __init__(self, *args: str, **env: str) -> None:
        super().__init__(["passphrase", *args], env, controlling=True)

    def type(self, text: str) -> None:
        os.write(self.leader, text.encode() + b"\r")

    def finish(self) -> int:
        code = self.proc.wait(timeout=60)
        while select.select([self.leader], [], [], 0.2)[0]:
            try:
                chunk = os.read(self.leader, 4096)
            except OSError:
                break
            if not chunk:
                break
            self.seen += chunk
        os.close(self.leader)
        return code


def test_at_a_terminal_the_new_passphrase_is_asked_twice_and_never_shown(
    journal_with_history: Path,
) -> None:
    term = _Terminal("set")
    term.read_until(b"New passphrase: ")
    assert b"cannot be recovered" in term.seen  # the same warning as in Settings
    term.type("typed secret")
    term.read_until(b"Repeat the passphrase: ")
    term.type("typed secret")
    assert term.finish() == 0
    assert b"Your journal is now encrypted." in term.seen
    assert b"typed secret" not in term.seen  # hidden as it was typed
    assert _answers("typed secret") == [{"noticed": SECRET}]


def test_at_a_terminal_two_different_passphrases_change_nothing(
    journal_with_history: Path,
) -> None:
    before = journal_with_history.read_bytes()
    term = _Terminal("set")
    term.read_until(b"New passphrase: ")
    term.type("typed secret")
    term.read_until(b"Repeat the passphrase: ")
    term.type("typed secreT")
    assert term.finish() == 1
    assert b"The two passphrases are not the same. Nothing was changed." in term.seen
    assert journal_with_history.read_bytes() == before


def test_at_a_terminal_remove_asks_first(journal_with_history: Path) -> None:
    assert _run("passphrase", "set", VALLEI_PLAYER_NEW_PASSPHRASE="first secret").returncode == 0
    term = _Terminal("remove", VALLEI_PLAYER_PASSPHRASE="first secret")
    term.read_until(b"Type yes to confirm: ")
    assert b"stored unencrypted" in term.seen
    term.type("no")
    assert term.finish() == 1
    assert b"The passphrase was kept; nothing was changed." in term.seen
    assert file_kind(journal_with_history) is FileKind.ENCRYPTED
    term = _Terminal("remove", VALLEI_PLAYER_PASSPHRASE="first secret")
    term.read_until(b"Type yes to confirm: ")
    term.type("yes")
    assert term.finish() == 0
    assert file_kind(journal_with_history) is FileKind.PLAIN
    assert _answers(None) == [{"noticed": SECRET}]


def test_the_app_settings_use_the_same_rules_and_words(qtbot: Any) -> None:
    from vallei_player.core.journal import passphrases
    from vallei_player.ui.privacy import PassphraseDialog

    class Context:
        encrypted = False

    dialog = PassphraseDialog(Context(), None)  # type: ignore[arg-type]
    qtbot.addWidget(dialog)
    for first, second in (("short", "short"), ("long enough", "long enougH")):
        dialog.first.setText(first)
        dialog.second.setText(second)
        dialog.save.click()
        assert dialog.error.text() == passphrases.problem_with_new(first, second)
    assert dialog.error.text() == "The two passphrases are not the same."
