"""A computer with no sound output at all is told so plainly, not as PortAudio's
"Error querying device -1" (what a session's start hears when there is nothing to open)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from types import SimpleNamespace
from typing import Any

import pytest

from vallei_player.engine import portaudio
from vallei_player.engine.outputs import DeviceError, SoundDeviceOutput
from vallei_player.i18n import set_language


class _Refused(Exception):
    pass


def _sound_system(devices: list[dict[str, Any]]) -> Any:
    """A stand-in for sounddevice whose default output cannot be opened."""

    def refuse(**_: Any) -> Any:
        raise _Refused("Error querying device -1")

    return SimpleNamespace(
        PortAudioError=_Refused,
        CallbackStop=StopIteration,
        OutputStream=refuse,
        query_devices=lambda: devices,
    )


def _with(monkeypatch: pytest.MonkeyPatch, sd: Any) -> None:
    @contextmanager
    def fresh() -> Iterator[Any]:
        yield sd

    monkeypatch.setattr(portaudio, "fresh", fresh)


@pytest.mark.parametrize(
    ("language", "sentence"),
    [
        (
            "en",
            "no sound output was found on this computer; check that speakers or headphones "
            "are connected and that the sound system is running",
        ),
        (
            "nl",
            "er is op deze computer geen geluidsuitgang gevonden; controleer of de luidsprekers "
            "of hoofdtelefoon aangesloten zijn en of het geluidssysteem draait",
        ),
    ],
)
def test_no_output_at_all_is_said_so(
    monkeypatch: pytest.MonkeyPatch, language: str, sentence: str
) -> None:
    set_language(language)
    _with(monkeypatch, _sound_system([{"name": "Microphone", "max_output_channels": 0}]))
    with pytest.raises(DeviceError) as refused:
        SoundDeviceOutput(None).start(feed=None, on_end=lambda _m: None)  # type: ignore[arg-type]
    assert str(refused.value) == sentence


def test_an_output_that_is_there_but_refuses_names_the_device_and_the_reason(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    _with(monkeypatch, _sound_system([{"name": "Speakers", "max_output_channels": 2}]))
    with pytest.raises(DeviceError) as refused:
        SoundDeviceOutput(None).start(feed=None, on_end=lambda _m: None)  # type: ignore[arg-type]
    assert str(refused.value) == (
        "the default sound device cannot be opened (Error querying device -1); check that it is "
        "connected and not in use, or choose another device"
    )
