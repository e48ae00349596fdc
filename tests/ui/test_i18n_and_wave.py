"""Plural forms in the UI; the wave draws the timeline and follows the clock cheaply."""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path
from typing import Any

from PySide6.QtCore import QRect
from PySide6.QtGui import QImage

UI = Path(__file__).resolve().parents[2] / "vallei_player" / "ui"


def test_plural_forms_follow_the_count() -> None:
    from vallei_player.ui import i18n

    i18n.set_language("nl")
    try:
        assert i18n.trn("{n} session", "{n} sessions", 1) == "1 sessie"
        assert i18n.trn("{n} session", "{n} sessions", 4) == "4 sessies"
    finally:
        i18n.set_language("en")
    assert i18n.trn("{n} minute", "{n} minutes", 0) == "0 minutes"


def _timeline() -> Any:
    from vallei_player.core.program import AudioSettings, Phase, Session, build_timeline

    kinds = [("settle", 0.2), ("arousal", 0.8), ("rest", 0.3), ("arousal", 0.9), ("closing", 0.1)]
    phases = tuple(
        Phase(i, kind, None, None, None, Fraction(10), level, None, None, AudioSettings())  # type: ignore[arg-type]
        for i, (kind, level) in enumerate(kinds)
    )
    session = Session("s", "S", 1, None, phases, (), AudioSettings(), 0)
    return build_timeline(session, 1000, lambda _: None)  # type: ignore[arg-type,return-value]


def test_the_wave_is_high_in_arousal_and_low_in_rest(qtbot: Any) -> None:
    from vallei_player.ui.wave import KIND_COLOURS, WaveTimeline

    wave = WaveTimeline()
    qtbot.addWidget(wave)
    wave.resize(500, 160)
    wave.set_timeline(_timeline())
    wave.set_position(wave.timeline().length)  # all played: nothing veiled
    image = QImage(wave.size(), QImage.Format.Format_RGB32)
    wave.render(image)

    def fill_top(x: int) -> int:
        """The first row from the top where the phase's tint begins at column x."""
        for y in range(image.height()):
            colour = image.pixelColor(x, y)
            if abs(colour.red() - colour.blue()) > 25 or abs(colour.green() - colour.blue()) > 25:
                return y
        return image.height()

    plot = 500 - 16
    centre = [8 + int(plot * (i + 0.5) / 5) for i in range(5)]
    tops = [fill_top(x) for x in centre]
    assert tops[1] < tops[2] < tops[0] < tops[4]  # arousal above rest above settling above closing
    assert tops[3] < tops[1]  # the higher arousal wave is drawn higher
    arousal = image.pixelColor(centre[1], 150)
    assert arousal.red() > arousal.blue()  # tinted with the warm arousal colour
    assert KIND_COLOURS["rest"].green() > KIND_COLOURS["rest"].red()


def test_moving_the_cursor_repaints_only_a_narrow_strip(qtbot: Any, monkeypatch: Any) -> None:
    from vallei_player.ui.wave import WaveTimeline

    wave = WaveTimeline()
    qtbot.addWidget(wave)
    wave.resize(600, 160)
    wave.set_timeline(_timeline())
    asked: list[QRect] = []
    monkeypatch.setattr(
        wave, "update", lambda *args: asked.append(args[0] if args else wave.rect())
    )
    wave.set_position(25_000)  # half-way
    assert wave.position() == 25_000
    assert len(asked) == 1 and asked[0].width() < 600 * 0.55 and asked[0].height() == 160
    asked.clear()
    wave.set_position(25_020)  # a small step moves the cursor by less than a pixel
    assert asked == []
    wave.set_position(25_200)
    assert len(asked) == 1 and asked[0].width() <= 20
