"""The engine speaks the user's language: device faults and render refusals in Dutch."""

from __future__ import annotations

import io

import pytest

from vallei_player.core.problems import UserError
from vallei_player.engine.outputs import describe_device_problem
from vallei_player.engine.wavfile import WavWriter
from vallei_player.i18n import set_language


def test_a_device_that_cannot_be_opened_is_said_in_dutch() -> None:
    set_language("nl")
    assert describe_device_problem("USB", ValueError("geen apparaat")) == (
        "het geluidsapparaat 'USB' kan niet worden geopend (geen apparaat); controleer of het "
        "aangesloten is en niet in gebruik, of kies een ander apparaat"
    )
    assert describe_device_problem(None, ValueError("x")).startswith(
        "het standaardgeluidsapparaat kan niet worden geopend (x)"
    )


@pytest.mark.parametrize(
    ("language", "start"),
    [
        ("en", "the session is too long for one WAV file (over 4 GB)"),
        ("nl", "de sessie is te lang voor één WAV-bestand (meer dan 4 GB)"),
    ],
)
def test_a_render_too_long_for_a_wav_file_is_refused_in_the_users_language(
    language: str, start: str
) -> None:
    set_language(language)
    with pytest.raises(UserError) as refused:
        WavWriter(io.BytesIO(), 48_000, frames=48_000 * 3600 * 7, float32=True)
    assert str(refused.value).startswith(start)
