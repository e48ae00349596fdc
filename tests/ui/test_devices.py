"""The sound outputs offered in Settings come from engine.devices, never from Qt code."""

from __future__ import annotations

import sys
from typing import Any

import pytest


def test_outputs_are_listed_once_with_the_default_marked() -> None:
    from vallei_player.engine.devices import OutputDevice, outputs_from

    records = [
        {"name": "Microphone", "index": 0, "max_output_channels": 0},
        {"name": "Speakers", "index": 1, "max_output_channels": 2},
        {"name": "Headphones", "index": 2, "max_output_channels": 2},
        {"name": "Speakers", "index": 3, "max_output_channels": 2},  # the same, another host API
    ]
    assert outputs_from(records, default=2) == [
        OutputDevice("Speakers", 1, False),
        OutputDevice("Headphones", 2, True),
    ]


def test_without_portaudio_the_list_is_empty(monkeypatch: pytest.MonkeyPatch) -> None:
    from vallei_player.engine import devices

    monkeypatch.setitem(sys.modules, "sounddevice", None)  # import fails as without the library
    assert devices.output_devices() == []


def test_a_failing_scan_gives_an_empty_list(monkeypatch: pytest.MonkeyPatch) -> None:
    import sounddevice

    from vallei_player.engine import devices

    def broken(*_: Any) -> Any:
        raise sounddevice.PortAudioError("Error querying device -1")

    monkeypatch.setattr(sounddevice, "query_devices", broken)
    assert devices.output_devices() == []


def test_settings_offers_the_engines_outputs(make_app: Any, monkeypatch: Any) -> None:
    from vallei_player import engine

    monkeypatch.setattr(
        engine,
        "output_devices",
        lambda: [engine.OutputDevice("Speakers", 1, True), engine.OutputDevice("USB", 4, False)],
    )
    app = make_app()
    app.window.show_view("settings")
    combo = app.view("settings").device
    assert [combo.itemText(i) for i in range(combo.count())] == [
        "System default",
        "Speakers",
        "USB",
    ]
    combo.setCurrentIndex(2)
    assert app.context.settings.values.audio_device == "USB"
