"""Screenshots of every Studio view in English and Dutch: docs/screenshots/studio-*-{en,nl}.png.

    QT_QPA_PLATFORM=offscreen .venv/bin/python tests/studio/make_screenshots.py [reports]

A real programme is made from the course template in a temporary folder, with an imported
voice, a draft narration (espeak-ng) and one deliberate error for the problems view.
"""

from __future__ import annotations

import math
import os
import sys
import tempfile
import wave
from datetime import UTC, datetime
from pathlib import Path

import numpy as np

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
REPO = Path(__file__).resolve().parents[2]
OUT = REPO / "docs" / "screenshots"


def _tone(path: Path, seconds: float) -> None:
    rng = np.random.default_rng(1)
    t = np.arange(int(seconds * 48_000)) / 48_000
    x = rng.normal(0, 0.001, len(t))
    x[48_000:-48_000] += 0.05 * np.sin(2 * math.pi * 220 * t[48_000:-48_000])
    with wave.open(str(path), "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(48_000)
        w.writeframes(np.round(x * 32767).astype("<i2").tobytes())


def main() -> int:
    from PySide6.QtWidgets import QApplication, QMessageBox

    from vallei_player.core.authoring import TemplateChoice, create_programme, publish
    from vallei_player.ui import i18n, style, tasks
    from vallei_player.ui.studio import StudioWindow, controller
    from vallei_player.ui.studio.publish import summary_text
    from vallei_player.ui.studio.start_dialog import StartDialog
    from vallei_player.ui.studio.voice import RecordDialog

    controller.CHECK_DELAY_MS = 0  # check at once after each edit: no event loop runs here
    app = QApplication(sys.argv[:1])
    style.install(app)
    tasks.use_synchronous_runner(True)
    OUT.mkdir(parents=True, exist_ok=True)
    for lang in ("en", "nl"):
        i18n.set_language(lang)
        tmp = Path(tempfile.mkdtemp(prefix="studio-shots-"))
        os.environ["VALLEI_PLAYER_HOME"] = str(tmp / "home")
        shots: dict[str, object] = {}

        start = StartDialog(None, tmp / "new")
        start.title.setText("Golven" if lang == "nl" else "Waves")
        start.resize(720, 420)
        start.show()
        shots["start"] = start

        title = "Golven, een cursus" if lang == "nl" else "Waves, a course"
        doc = create_programme(
            tmp / "p",
            TemplateChoice(
                "course",
                title,
                language=lang,
                author="Coach",
                weeks=2,
                sessions_per_week=3,
                waves=3,
            ),
        )
        window = StudioWindow(doc)
        window.resize(1280, 860)
        window.show()
        take = tmp / "take.wav"
        _tone(take, 8.0)
        window.show_session(0)
        page = window.session_page
        page.phases.setCurrentRow(0)
        window.voice.import_file(take)
        window.show_session(1)
        page.phases.setCurrentRow(0)
        window.voice.make_draft()
        window.sessions.setCurrentRow(0)
        app.processEvents()
        window.grab().save(str(OUT / f"studio-details-{lang}.png"))
        window.show_session(1)
        page.phases.setCurrentRow(0)
        app.processEvents()
        window.grab().save(str(OUT / f"studio-session-{lang}.png"))
        # a mistake, to show the live check and what selecting a problem does
        duration = page.phase_fields.widgets["duration"]
        window.show_session(2)
        page.phases.setCurrentRow(len(page.phases.rows) - 1)
        duration.setText("4 minutes")
        duration.editingFinished.emit()
        errors = [
            i
            for i in range(window.problems.list.count())
            if ": error:" in window.problems.list.item(i).text()
            or ": fout:" in window.problems.list.item(i).text()
        ]
        item = window.problems.list.item(errors[0]) if errors else None
        if item is not None:
            window.problems.list.setCurrentItem(item)
            window.problems._chosen(item)
        app.processEvents()
        window.grab().save(str(OUT / f"studio-problems-{lang}.png"))
        window.studio.undo()

        raw = tmp / "raw.wav"
        _tone(raw, 8.0)
        script = str(doc.get(("sessions", 0, "phases", 0, "script")))
        record = RecordDialog(window, script, -18.0, raw, tmp / "p" / "audio" / "x.opus")
        record.meter.set_levels(-9.0, -17.5)
        record.show()
        record._finish()
        app.processEvents()
        record.grab().save(str(OUT / f"studio-record-{lang}.png"))
        record.reject()

        window.save()
        summary = publish(tmp / "p", tmp / "pack.vallei")
        box = QMessageBox(QMessageBox.Icon.Information, i18n.tr("Publish"), summary_text(summary))
        box.show()
        app.processEvents()
        box.grab().save(str(OUT / f"studio-publish-{lang}.png"))
        box.close()
        app.processEvents()
        start.grab().save(str(OUT / f"studio-start-{lang}.png"))
        start.close()
        window.studio.doc.original = window.studio.doc.text()
        window.close()
    return 0


def reports() -> int:
    """studio-reports-{en,nl}.png: two clients' reports made by the real export."""
    sys.path[:0] = [str(REPO / "tests"), str(REPO / "tests" / "studio")]
    from client_journals import ANNA, BRAM, make_report
    from PySide6.QtWidgets import QApplication

    from vallei_player.ui import i18n, style
    from vallei_player.ui.studio.client_reports import ClientReportsWindow

    app = QApplication(sys.argv[:1])
    style.install(app)
    tmp = Path(tempfile.mkdtemp(prefix="studio-reports-"))
    now = datetime.now(UTC)
    anna = make_report(tmp, "anna", (ANNA * 4)[:7], now, every_days=2)
    bram = make_report(tmp, "bram", BRAM, now)
    (tmp / "scan.json").write_bytes(b"%PDF-1.7 not a report")
    OUT.mkdir(parents=True, exist_ok=True)
    for lang in ("en", "nl"):
        i18n.set_language(lang)
        window = ClientReportsWindow()
        window.resize(900, 900)
        window.open_files([anna, bram, tmp / "scan.json"])
        window.show()
        app.processEvents()
        window.grab().save(str(OUT / f"studio-reports-{lang}.png"))
        window.close()
    return 0


if __name__ == "__main__":
    sys.exit(reports() if sys.argv[1:] == ["reports"] else main())
