"""Soak: kill -9 at random moments of play, import, passphrase set/change/remove, backups and
the app's own writing; after every kill the journal must open and hold every attempt
(issue 9, "Done when").

    python tests/perf/soak_kill9.py [--kills 50] [--seed 9] [--keep]

One data folder on the real disk lives through all the kills, as a person's would. Each round
starts one process and SIGKILLs it at a random moment of its work:
- play: `vallei-player play` of the tiny course's 8-second session on the sound device
  (the paced PulseAudio sink: source .ci/sound-server.sh first; skipped without one);
- import: `vallei-player import` of the next higher version of a pack;
- passphrase: `vallei-player passphrase set`, `change` or `remove` (whichever applies);
- backup: a process taking the rolling backups and `backup_now` copies again and again;
- writer: a process recording attempts, checkpoints and answers as the app does, printing
  each one once it is committed.
After each kill the journal is opened (with whichever passphrase is now the right one) and
checked: every attempt seen before is still there (listened time never less, final answers
unchanged), every attempt the writer reported committed is there, nothing was set aside as
damaged, and once encrypted no file in the data folder holds readable journal text.

Prints one line per kill and then the figures: kills per kind, journals that opened (must be
all), attempts lost (must be 0), files set aside (must be 0), and the slowest open after a
kill beside the journal benchmark's reference for a plain open. Exit 0 when all hold.
Not part of the suite: it takes a few minutes.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
sys.path.insert(0, str(REPO / "tests"))
TINY = REPO / "tests" / "ui" / "data" / "tiny"
PROGRAM_ID = "org.example.tiny-course"
SECRET = "soak-private-marker"
PASSPHRASES = ("first soak passphrase", "second soak passphrase ñ", "third soak passphrase")

WRITER = r"""
import sys
from datetime import UTC, datetime, timedelta
from vallei_player.core.journal import Journal
from vallei_player.core.program import Prompt
noticed = Prompt("noticed", "What did you notice?", "text")
j = Journal.open(passphrase=sys.argv[1] or None)
n = int(sys.argv[2])
while True:
    at = datetime(2025, 1, 1, tzinfo=UTC) + timedelta(minutes=n)
    aid = j.start_attempt("org.example.tiny-course", "1.0.0", "w1-1", at)
    for step in range(1, 4):
        j.checkpoint(aid, listened_s=step, phases_completed=step, pauses=0, skips=0, at=at)
    text = f"SECRET answer {n}"
    j.save_answer(aid, noticed, text, final=True)
    print(aid, text, flush=True)
    n += 1
""".replace("SECRET", SECRET)

BACKUPS = r"""
import sys
from vallei_player.core.journal import Journal
from vallei_player.core.store import paths
j = Journal.open(passphrase=sys.argv[1] or None)
n = 0
while True:
    j.backup_now(paths.backups_dir() / f"journal-manual-{n % 3}.sqlite3")
    n += 1
"""


@dataclass
class Soak:
    home: Path
    rng: random.Random
    passphrase: str | None = None  # the one that opens the journal now
    pending: str | None = None  # the new one a killed switch may have put in place
    switching: bool = False  # this round killed a passphrase switch
    switch_outcomes: dict[str, int] = field(default_factory=lambda: {"old": 0, "new": 0})
    seen: dict[int, tuple[float, dict[str, Any]]] = field(default_factory=dict)
    committed: dict[int, str] = field(default_factory=dict)
    kills: dict[str, int] = field(default_factory=dict)
    opened: int = 0
    lost: int = 0
    set_aside: int = 0
    readable: int = 0
    slowest_open_s: float = 0.0
    reference_open_s: float = 0.0
    writer_n: int = 0
    version: int = 0
    took: dict[str, float] = field(default_factory=dict)  # a whole run of each, measured

    def env(self, **more: str) -> dict[str, str]:
        base = {k: v for k, v in os.environ.items() if not k.startswith("VALLEI_PLAYER_PASS")}
        return {**base, "VALLEI_PLAYER_HOME": str(self.home), "PYTHONUNBUFFERED": "1", **more}


def run(soak: Soak, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "vallei_player", *args],
        cwd=REPO,
        env=soak.env(**env),
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=300,
    )


def kill_later(proc: subprocess.Popen[str], after_s: float) -> None:
    time.sleep(after_s)
    if proc.poll() is None:
        os.kill(proc.pid, signal.SIGKILL)
    proc.wait()


def pack(soak: Soak, work: Path) -> Path:
    """The tiny course as a pack of the next higher version."""
    soak.version += 1
    folder = work / f"tiny-{soak.version}"
    shutil.copytree(TINY, folder)
    text = (folder / "program.yaml").read_text()
    (folder / "program.yaml").write_text(text.replace("1.0.0", f"1.0.{soak.version}", 1))
    out = work / f"tiny-{soak.version}.vallei"
    done = run(soak, "pack", str(folder), "-o", str(out))
    assert done.returncode == 0, done.stderr
    return out


def kill_import(soak: Soak, work: Path) -> str:
    target = pack(soak, work)
    proc = subprocess.Popen(
        [sys.executable, "-m", "vallei_player", "import", str(target)],
        cwd=REPO,
        env=soak.env(**pass_env(soak)),
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    kill_later(proc, soak.rng.uniform(0.05, 1.1) * soak.took["import"])
    return f"import 1.0.{soak.version}"


def kill_play(soak: Soak, work: Path) -> str:
    proc = subprocess.Popen(
        [sys.executable, "-m", "vallei_player", "play", PROGRAM_ID, "--session", "w1-1"],
        cwd=REPO,
        env=soak.env(**pass_env(soak)),
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    kill_later(proc, soak.rng.uniform(0.3, 7.0))
    return "play"


def kill_passphrase(soak: Soak, work: Path) -> str:
    if soak.passphrase is None:
        action, new = "set", soak.rng.choice(PASSPHRASES)
    elif soak.rng.random() < 0.75:
        action, new = "change", soak.rng.choice([p for p in PASSPHRASES if p != soak.passphrase])
    else:
        action, new = "remove", None
    env = pass_env(soak)
    if new is not None:
        env["VALLEI_PLAYER_NEW_PASSPHRASE"] = new
    proc = subprocess.Popen(
        [sys.executable, "-m", "vallei_player", "passphrase", action],
        cwd=REPO,
        env=soak.env(**env),
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    # Most of a run is starting Python and deriving the old key; the switch is its end.
    kill_later(proc, soak.rng.uniform(0.45, 1.05) * soak.took["passphrase"])
    soak.pending = new
    soak.switching = True
    return f"passphrase {action}"


def kill_script(soak: Soak, script: str, extra: list[str], low: float, high: float) -> str:
    proc = subprocess.Popen(
        [sys.executable, "-c", script, soak.passphrase or "", *extra],
        cwd=REPO,
        env=soak.env(),
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    time.sleep(soak.rng.uniform(low, high))
    os.kill(proc.pid, signal.SIGKILL)
    out, _ = proc.communicate()
    for line in out.splitlines():
        aid, text = line.split(" ", 1)
        soak.committed[int(aid)] = text
        soak.writer_n += 1
    return "writer" if extra else "backup"


def pass_env(soak: Soak) -> dict[str, str]:
    return {"VALLEI_PLAYER_PASSPHRASE": soak.passphrase} if soak.passphrase else {}


def check(soak: Soak) -> str:
    """Open the journal after a kill and hold it to everything it had."""
    from vallei_player.core.journal import Journal, JournalLocked

    os.environ["VALLEI_PLAYER_HOME"] = str(soak.home)
    candidates = [soak.passphrase, soak.pending, *PASSPHRASES, None]
    journal = None
    began = time.monotonic()
    for passphrase in dict.fromkeys(candidates):
        try:
            journal = Journal.open(passphrase=passphrase)
        except JournalLocked:
            continue
        soak.passphrase = passphrase if journal.encrypted else None
        break
    took = time.monotonic() - began
    soak.slowest_open_s = max(soak.slowest_open_s, took)
    if journal is None:
        return "DID NOT OPEN"
    soak.opened += 1
    if soak.switching:
        side = "new" if soak.passphrase == soak.pending else "old"
        soak.switch_outcomes[side] += 1
        soak.switching = False
    problems = []
    with journal:
        now = {a.id: (a.listened_s, a.answer_values) for a in journal.attempts()}
        encrypted = journal.encrypted
    for aid, (listened, answers) in soak.seen.items():
        if aid not in now or now[aid][0] < listened or (answers and now[aid][1] != answers):
            soak.lost += 1
            problems.append(f"attempt {aid} lost or changed")
    for aid, text in soak.committed.items():
        if aid not in now or now[aid][1].get("noticed") != text:
            soak.lost += 1
            problems.append(f"committed attempt {aid} missing")
    soak.seen = now
    aside = list(soak.home.glob("journal.sqlite3.corrupt-*"))
    soak.set_aside = len(aside)
    if encrypted:
        for p in soak.home.rglob("*"):
            if p.is_file() and SECRET.encode() in p.read_bytes():
                soak.readable += 1
                problems.append(f"readable text in {p.name}")
    state = "encrypted" if encrypted else "plain"
    return f"opens ({state}, {len(now)} attempts, {took:.2f} s)" + (
        "; " + "; ".join(problems) if problems else ""
    )


def measure(soak: Soak, work: Path) -> None:
    """How long a whole import and a whole passphrase switch take here, process start
    included, on a copy of the data folder: the kills are spread over that time."""
    real = soak.home
    soak.home = work / "measure"
    shutil.copytree(real, soak.home)
    began = time.monotonic()
    assert run(soak, "import", str(pack(soak, work))).returncode == 0
    soak.took["import"] = time.monotonic() - began
    began = time.monotonic()
    env = {"VALLEI_PLAYER_NEW_PASSPHRASE": PASSPHRASES[0]}
    assert run(soak, "passphrase", "set", **env).returncode == 0
    soak.took["passphrase"] = time.monotonic() - began
    shutil.rmtree(soak.home)
    soak.home = real


def reference_open(soak: Soak) -> float:
    from vallei_player.core.journal import Journal

    times = []
    for _ in range(3):
        began = time.monotonic()
        Journal.open(passphrase=soak.passphrase).close()
        times.append(time.monotonic() - began)
    return sorted(times)[1]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--kills", type=int, default=50)
    parser.add_argument("--seed", type=int, default=9)
    parser.add_argument("--keep", action="store_true", help="keep the data folder")
    args = parser.parse_args()
    import soundserver

    no_sound = soundserver.ensure()
    work = Path(tempfile.mkdtemp(prefix="vallei-soak-kill9-"))
    soak = Soak(home=work / "home", rng=random.Random(args.seed))
    done = run(soak, "import", str(TINY))
    assert done.returncode == 0, done.stderr
    measure(soak, work)
    print(
        f"a whole import takes {soak.took['import']:.2f} s, a whole passphrase set "
        f"{soak.took['passphrase']:.2f} s: kills fall in 5-110 % of an import, 45-105 % of a switch"
    )
    kinds = ["writer", "passphrase", "import", "backup", "play"]
    if no_sound is not None:
        print(f"play is left out: {no_sound}")
        kinds.remove("play")
    started = time.monotonic()
    try:
        for n in range(args.kills):
            kind = kinds[n % len(kinds)]
            if kind == "writer":
                what = kill_script(soak, WRITER, [str(10_000 * (n + 1))], 0.3, 2.5)
            elif kind == "backup":
                what = kill_script(soak, BACKUPS, [], 0.3, 2.0)
            elif kind == "import":
                what = kill_import(soak, work)
            elif kind == "play":
                what = kill_play(soak, work)
            else:
                what = kill_passphrase(soak, work)
            soak.kills[kind] = soak.kills.get(kind, 0) + 1
            verdict = check(soak)
            print(f"kill {n + 1:2d}  {what:<22} {verdict}", flush=True)
        soak.reference_open_s = reference_open(soak)
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
        else:
            print(f"data folder kept: {soak.home}")
        soundserver.stop()
    total = sum(soak.kills.values())
    print()
    print(f"kills: {total} ({', '.join(f'{k} {v}' for k, v in sorted(soak.kills.items()))})")
    print(f"journal opened after a kill: {soak.opened} of {total} (must be all)")
    outcomes = soak.switch_outcomes
    print(
        f"killed passphrase switches: {outcomes['new']} found finished (new passphrase), "
        f"{outcomes['old']} not yet decided (old passphrase), none locked out"
    )
    print(f"attempts at the end: {len(soak.seen)}; the writer's committed: {soak.writer_n}")
    print(f"attempts lost or changed: {soak.lost} (must be 0)")
    print(f"files set aside as damaged: {soak.set_aside} (must be 0)")
    print(f"readable journal text while encrypted: {soak.readable} (must be 0)")
    print(
        f"slowest open after a kill: {soak.slowest_open_s:.2f} s, trying up to "
        f"{len(PASSPHRASES) + 1} passphrases (reference, same run: an open with the right "
        f"one and nothing to finish {soak.reference_open_s:.2f} s, median of 3)"
    )
    print(f"took {time.monotonic() - started:.0f} s")
    ok = soak.opened == total and soak.lost == 0 and soak.set_aside == 0 and soak.readable == 0
    print("verdict:", "all held" if ok else "FAILED")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
