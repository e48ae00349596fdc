"""Runs the real app on a real X display and sound device through one whole session.

Started by test_end_to_end_xvfb.py in its own process (a QApplication picks its platform
once). Prints one JSON line with what a participant would have seen.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent


def main() -> int:
    from PySide6.QtCore import QTimer

    from vallei_player.core.packs import library
    from vallei_player.core.store import Settings
    from vallei_player.ui.app import build, make_application

    library.install(HERE / "data" / "tiny")
    app = make_application([])
    settings = Settings.load()
    settings.change("welcome_done", True)
    settings.change("active_program", "org.example.tiny-course")
    context, window = build(settings)  # the real sound device (SoundDeviceOutput)
    window.show()
    result: dict[str, Any] = {"platform": app.platformName(), "tray": window.tray.available()}
    began: list[float] = []

    def start() -> None:
        button = window.view("home").start_button
        # Home enables Start once its figures are in (loaded in the background): a click on a
        # disabled button does nothing, and on a loaded machine that can take a while.
        if context.program is None or not context.journal_open or not button.isEnabled():
            QTimer.singleShot(50, start)
            return
        button.click()
        QTimer.singleShot(50, started)

    asked = time.monotonic()

    def started() -> None:
        player = window.playback.player
        if player is None or player.snapshot().state != "playing":
            if time.monotonic() - asked > 30:  # say so rather than hang
                state = player.snapshot().state if player is not None else "no player"
                shown = window.banner.text.text() if window.banner.isVisible() else ""
                home = window.view("home")
                result["error"] = (
                    f"the session did not start playing ({state}) {shown} "
                    f"[{window.current_view()} {window.playback.state} {home.start_button.text()}]"
                )
                window.quit()
                return
            QTimer.singleShot(20, started)
            return
        began.append(time.monotonic())
        result["wave_visible"] = window.view("player").wave.isVisible()
        QTimer.singleShot(100, wait_for_end)

    def wait_for_end() -> None:
        if window.playback.state not in ("finished", "stopped"):
            if time.monotonic() - began[0] > 30:
                result["error"] = "the session did not end"
                window.quit()
                return
            QTimer.singleShot(50, wait_for_end)
            return
        result["played_s"] = time.monotonic() - began[0]
        QTimer.singleShot(300, reflect)

    def reflect() -> None:
        if window.current_view() == "player":  # the completion moment: Continue
            if "moment" in result:
                result["error"] = "Continue did not lead to the reflection"
                window.quit()
                return
            result["moment"] = window.view("player").moment.title.text()
            window.view("player").continue_button.click()
            QTimer.singleShot(300, reflect)
            return
        result["view_after"] = window.current_view()
        reflection = window.view("reflection")
        image = window.grab().toImage()
        result["grab"] = [image.width(), image.height()]
        for field in reflection.fields:
            if field.slider is not None:
                field.slider.choose(8)
            elif field.text is not None:
                field.text.setPlainText("Warm hands, calm breath")
            elif field.group is not None:
                field.group.buttons()[1].click()
        reflection.finish()
        QTimer.singleShot(300, check)

    def check() -> None:
        def read(j: Any) -> Any:
            a = j.attempts("org.example.tiny-course")[0]
            return {
                "completed": a.completed,
                "listened_s": a.listened_s,
                "reason": a.reason,
                "answers": {x.prompt_id: [x.value, x.final] for x in a.answers},
            }

        def got(found: Any) -> None:
            result["attempt"] = found
            window.quit()

        context.with_journal(read, got)

    QTimer.singleShot(0, start)
    app.exec()
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
