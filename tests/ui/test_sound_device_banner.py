"""When the sound cannot play, the banner says what happened, what to check and how to try
again: once each, as one sentence in the user's language (PRODUCT.md: one clear message,
what, where, what to do)."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtWidgets import QApplication
from uihelp import start_playing


def _lose_the_device(output: Any) -> None:
    """The device goes away mid-session, as PortAudio reports it (the stream ends by itself)."""
    from vallei_player.engine.outputs import DeviceError, describe_device_problem
    from vallei_player.i18n import _

    output._running = False
    output._on_end(_("the sound device stopped (was it unplugged or taken by another program?)"))

    def refuse(*_args: Any) -> None:  # and it cannot be opened again
        raise DeviceError(describe_device_problem(None, RuntimeError("Error querying device -1")))

    output.start = refuse


@pytest.mark.parametrize(
    ("language", "lost", "refused"),
    [
        (
            "en",
            "The sound device stopped (was it unplugged or taken by another program?). "
            "Press play to try again.",
            "The default sound device cannot be opened (Error querying device -1); check that "
            "it is connected and not in use, or choose another device. Press play to try again.",
        ),
        (
            "nl",
            "Het geluidsapparaat is gestopt (is het losgekoppeld of in gebruik genomen door een "
            "ander programma?). Druk op Afspelen om het opnieuw te proberen.",
            "Het standaardgeluidsapparaat kan niet worden geopend (Error querying device -1); "
            "controleer of het aangesloten is en niet in gebruik, of kies een ander apparaat. "
            "Druk op Afspelen om het opnieuw te proberen.",
        ),
    ],
)
def test_a_lost_device_and_one_that_cannot_be_opened_are_each_one_clear_sentence(
    make_app: Any, qtbot: Any, language: str, lost: str, refused: str
) -> None:
    app = make_app(language=language)
    playback = start_playing(app, qtbot)
    banner = app.window.banner
    _lose_the_device(app.output)
    qtbot.waitUntil(lambda: playback.poll() or banner.isVisible())
    assert banner.text.text() == lost
    assert playback.state == "paused"
    playback.toggle()  # play again: the device refuses
    qtbot.waitUntil(lambda: playback.poll() or banner.text.text() != lost)
    QApplication.processEvents()
    assert banner.text.text() == refused
