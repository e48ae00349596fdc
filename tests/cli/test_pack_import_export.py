"""pack -> import -> (render) -> programs -> export, as a coach and a participant use them."""

from __future__ import annotations

import hashlib
import importlib.util
import json
import os
import shutil
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from locations import DATA, REPO

from vallei_player.cli import main
from vallei_player.core.journal import Journal
from vallei_player.core.packs import library, write_pack

sys.path.insert(0, str(DATA / "hostile"))
import hostile_packs


def make_folder(tmp_path: Path, version: str) -> Path:
    folder = tmp_path / f"prog-{version}"
    for rel, data in hostile_packs.program_files(version).items():
        (folder / rel).parent.mkdir(parents=True, exist_ok=True)
        (folder / rel).write_bytes(data)
    return folder


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out = capsys.readouterr()
    return code, out.out, out.err


def test_pack_prints_its_checksum_and_size(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pack = tmp_path / "p.vallei"
    code, out, _ = run(capsys, "pack", str(make_folder(tmp_path, "1.0.0")), "-o", str(pack))
    assert code == 0
    data = pack.read_bytes()
    assert f"sha256 {hashlib.sha256(data).hexdigest()}" in out
    assert f"{len(data)} bytes" in out


def test_a_packed_program_imports_plays_and_updates_keeping_the_log(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    v1, v2 = tmp_path / "v1.vallei", tmp_path / "v2.vallei"
    assert run(capsys, "pack", str(make_folder(tmp_path, "1.0.0")), "-o", str(v1))[0] == 0
    assert run(capsys, "pack", str(make_folder(tmp_path, "1.1.0")), "-o", str(v2))[0] == 0
    code, out, _ = run(capsys, "import", str(v1))
    assert (code, out.splitlines()[0]) == (0, "Installed org.example.test 1.0.0.")

    installed = library.installed()[0].path
    if importlib.util.find_spec("vallei_player.commands.render") is not None:
        wav = tmp_path / "s1.wav"
        code, _, err = run(capsys, "render", str(installed), "--session", "s1", "-o", str(wav))
        assert code == 0, err
        assert wav.stat().st_size > 44  # the imported program plays (renders) from the library

    start = datetime.now(UTC) - timedelta(hours=1)
    with Journal.open() as journal:
        a = journal.start_attempt("org.example.test", "1.0.0", "s1", start)
        journal.finish_attempt(
            a, completed=True, reason="finished", ended=start + timedelta(minutes=3),
            listened_s=180.0, phases_completed=2, pauses=0, skips=0,
        )  # fmt: skip

    code, _, err = run(capsys, "import", str(v1))
    assert code == 1 and "already installed; nothing needs to be done" in err
    code, out, _ = run(capsys, "import", str(v2))
    assert code == 0 and "Updated org.example.test from 1.0.0 to 1.1.0" in out
    code, _, err = run(capsys, "import", str(v1))
    assert code == 1 and "newer version (1.1.0)" in err and "--replace" in err

    code, out, _ = run(capsys, "programs", "--json")
    [item] = json.loads(out)
    assert item == {"id": "org.example.test", "version": "1.1.0", "title": "Test programme",
                    "language": "en", "sessions": 2, "weeks": 1, "active": False}  # fmt: skip
    with Journal.open() as journal:
        assert [x.session_id for x in journal.attempts("org.example.test")] == ["s1"]


def test_import_of_a_folder_and_of_a_missing_path(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(capsys, "import", str(make_folder(tmp_path, "2.0.0")))
    assert code == 0 and "2.0.0" in out
    code, _, err = run(capsys, "import", str(tmp_path / "nothing.vallei"))
    assert code == 1 and "There is no pack or program folder" in err


@pytest.fixture
def practised(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, "import", str(make_folder(tmp_path, "1.0.0")))[0] == 0
    program = library.load("org.example.test")
    prompts = {p.id: p for p in program.session("s1").reflection}
    start = datetime.now(UTC) - timedelta(days=1)
    with Journal.open() as journal:
        a = journal.start_attempt(program.id, program.version, "s1", start)
        journal.finish_attempt(
            a, completed=True, reason="finished", ended=start + timedelta(minutes=4),
            listened_s=240.0, phases_completed=2, pauses=0, skips=0,
        )  # fmt: skip
        journal.save_answer(a, prompts["body"], 8, final=True)
        journal.save_answer(a, prompts["block"], "My breath was high in my chest.", final=True)


@pytest.mark.usefixtures("practised")
def test_export_json_and_csv_hold_only_what_was_chosen(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    code, _, err = run(capsys, "export", "--format", "json", "-o", str(out_dir / "r.json"))
    assert code == 0, err
    data = json.loads((out_dir / "r.json").read_text("utf-8"))
    [program] = data["programs"]
    [session] = program["sessions"]
    assert session["session_title"] == "First steps"
    assert [a["prompt_id"] for a in session["answers"]] == ["body"]  # free text left out
    code, _, _ = run(
        capsys, "export", "--format", "csv", "--include-text", "-o", str(out_dir / "r.csv")
    )
    assert code == 0
    assert "My breath was high" in (out_dir / "r.csv").read_text("utf-8-sig")
    assert sorted(p.name for p in out_dir.iterdir()) == ["r.csv", "r.json"]
    code, _, err = run(capsys, "export", "--format", "json", "-o", str(tmp_path / "no" / "r.json"))
    assert code == 1 and "does not exist" in err
    code, _, err = run(
        capsys, "export", "--format", "json", "--program", "org.nope", "-o", str(out_dir / "x.json")
    )
    assert code == 1 and "No program" in err
    assert not (out_dir / "x.json").exists()


@pytest.mark.usefixtures("practised")
def test_export_pdf_is_readable_and_the_cli_never_loads_qt(
    tmp_path: Path, private_home: Path
) -> None:
    pdf = tmp_path / "report.pdf"
    code = (
        "import sys\n"
        "from vallei_player.cli import main\n"
        f"rc = main(['export', '--format', 'pdf', '--include-text', '-o', {str(pdf)!r}])\n"
        "assert not any(m.startswith('PySide6') for m in sys.modules), 'Qt loaded in the CLI'\n"
        "sys.exit(rc)\n"
    )
    env = dict(os.environ, VALLEI_PLAYER_HOME=str(private_home), LANG="en_GB.UTF-8")
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=REPO, env=env, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    assert pdf.read_bytes().startswith(b"%PDF")
    if shutil.which("pdftotext"):
        text = subprocess.run(
            ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True
        ).stdout
        expected = (
            "Practice report", "Test programme", "First steps", "How does your body feel?",
            "0 (tense) – 10 (relaxed)", "My breath was high in my chest.", "Page 1 of 1",
        )  # fmt: skip
        for phrase in expected:
            assert phrase in text, text
    assert sorted(p.name for p in tmp_path.iterdir() if p.suffix == ".pdf") == ["report.pdf"]


@pytest.mark.usefixtures("practised")
def test_export_pdf_from_a_frozen_app_reaches_the_drawer_through_the_app_itself(
    tmp_path: Path, private_home: Path
) -> None:
    """Frozen (PyInstaller sets sys.frozen), sys.executable is the app: `-m` means nothing
    to it, so the child must be started with the app's own hidden argument."""
    app = tmp_path / "vallei-player"  # stands for the frozen executable: only `main(argv)`
    app.write_text(f'#!/bin/sh\nexec "{sys.executable}" -m vallei_player "$@"\n', "utf-8")
    app.chmod(0o755)
    pdf = tmp_path / "report.pdf"
    code = (
        "import sys\n"
        f"sys.frozen = True; sys.executable = {str(app)!r}\n"
        "from vallei_player.cli import main\n"
        f"sys.exit(main(['export', '--format', 'pdf', '-o', {str(pdf)!r}]))\n"
    )
    env = dict(os.environ, VALLEI_PLAYER_HOME=str(private_home), LANG="en_GB.UTF-8")
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=REPO, env=env, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    assert pdf.read_bytes().startswith(b"%PDF")


def test_a_changed_pack_with_the_installed_version_is_refused_in_both_languages(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "prog"
    for rel, data in hostile_packs.program_files("1.0.0").items():
        (folder / rel).parent.mkdir(parents=True, exist_ok=True)
        (folder / rel).write_bytes(data)
    first = write_pack(folder, tmp_path / "first.vallei")
    (folder / "audio" / "voice.wav").write_bytes(hostile_packs.wav_bytes(seed=9))
    changed = write_pack(folder, tmp_path / "changed.vallei")
    assert run(capsys, "import", str(first))[0] == 0
    code, out, err = run(capsys, "import", str(changed))
    assert code == 1 and out == ""
    assert "Version 1.0.0 of “Test programme” is already installed, but this copy" in err
    assert "raise the version" in err and "import --replace" in err
    from vallei_player import i18n

    i18n.set_language("nl")  # as LANGUAGE=nl does at start; english_again sets it back
    code, _, err = run(capsys, "import", str(changed))
    assert code == 1 and "is al geïnstalleerd, maar deze kopie" in err
    assert "import --replace" in err
    i18n.set_language("en")
    code, out, _ = run(capsys, "import", "--replace", str(changed))
    assert code == 0 and "Reinstalled org.example.test 1.0.0" in out
