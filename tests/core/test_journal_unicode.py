"""The same visible passphrase opens the journal whatever input method typed it (issue 9 item 4).

"é" reaches us either as one character (NFC, most keyboards) or as "e" and a combining accent
(NFD: some input methods, macOS file dialogs, pasted text). Keys are made from the NFC form;
journals keyed by an older version with the passphrase exactly as typed still open.
"""

from __future__ import annotations

import os
import subprocess
import sys
import unicodedata
from datetime import UTC, datetime

import apsw
import pytest
from locations import REPO
from test_journal_support import PROMPTS, FakeClock

from vallei_player.core.journal import Journal, JournalLocked, passphrases
from vallei_player.core.store import paths

T0 = datetime(2025, 3, 3, 19, 0, tzinfo=UTC)
VISIBLE = "Crème brûlée, Åsa ñandú"
NFC = unicodedata.normalize("NFC", VISIBLE)
NFD = unicodedata.normalize("NFD", VISIBLE)


def test_the_two_forms_differ_as_text() -> None:
    assert NFC != NFD and len(NFD) > len(NFC)  # the premise of every test here


def _with_an_answer(passphrase: str | None) -> None:
    with Journal.open(passphrase=passphrase, clock=FakeClock(T0)) as j:
        aid = j.start_attempt("demo.self", "1.0.0", "s1", T0)
        j.save_answer(aid, PROMPTS[0], "calm", final=True)


def _opens_with(passphrase: str) -> bool:
    try:
        with Journal.open(passphrase=passphrase) as j:
            return [a.answer_values["noticed"] for a in j.attempts()] == ["calm"]
    except JournalLocked:
        return False


@pytest.mark.parametrize("typed", [NFC, NFD], ids=["made-nfc", "made-nfd"])
def test_a_new_encrypted_journal_opens_with_either_form(typed: str) -> None:
    _with_an_answer(typed)
    assert _opens_with(NFC) and _opens_with(NFD)
    assert not _opens_with(NFC.upper())


@pytest.mark.parametrize("typed", [NFC, NFD], ids=["set-nfc", "set-nfd"])
def test_a_passphrase_set_later_opens_with_either_form(typed: str) -> None:
    _with_an_answer(None)
    with Journal.open() as j:
        j.set_passphrase(typed)
    assert _opens_with(NFC) and _opens_with(NFD)


def test_a_journal_keyed_as_typed_by_an_older_version_still_opens() -> None:
    """Older versions keyed the journal in place with the passphrase as it came (NFD here)."""
    _with_an_answer(None)
    db = apsw.Connection(str(paths.journal_path()))
    db.execute("PRAGMA journal_mode=DELETE").fetchall()
    assert db.pragma("rekey", NFD) == "ok"
    db.execute("PRAGMA journal_mode=WAL").fetchall()
    db.close()
    assert _opens_with(NFD)  # typed the same way as then
    assert _opens_with(NFC)  # typed through another input method
    # Changing it then keys it in NFC, and both forms keep working.
    with Journal.open(passphrase=NFC) as j:
        j.set_passphrase("a new " + NFD)
    assert _opens_with("a new " + NFC) and _opens_with("a new " + NFD)


def test_the_rules_compare_the_visible_passphrase() -> None:
    assert passphrases.problem_with_new(NFC, NFD) is None  # typed twice, two ways: the same
    assert passphrases.problem_with_new("e\u0301e\u0301e\u0301", "ééé") is not None  # too short


def test_on_the_command_line_too(private_home: object) -> None:
    _with_an_answer(None)
    env = {k: v for k, v in os.environ.items() if not k.startswith("VALLEI_PLAYER_PASS")}

    def run(*args: str, **more: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "vallei_player", *args],
            cwd=REPO,
            env={**env, **more},
            stdin=subprocess.DEVNULL,
            capture_output=True,
            text=True,
            timeout=120,
        )

    assert run("passphrase", "set", VALLEI_PLAYER_NEW_PASSPHRASE=NFD).returncode == 0
    done = run("log", VALLEI_PLAYER_PASSPHRASE=NFC)
    assert done.returncode == 0 and "calm" in done.stdout, done.stderr
