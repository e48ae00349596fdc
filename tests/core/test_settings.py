"""Settings: declared once, saved atomically, and a broken file is kept aside, never lost."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from vallei_player.core.store import SETTINGS, Settings


def test_defaults_when_there_is_no_file(private_home: Path) -> None:
    s = Settings.load()
    assert s.get("language") == "system"
    assert s.get("discreet_mode") is False
    assert s.notice is None
    assert {k.key for k in SETTINGS} == set(s.as_dict())


def test_values_survive_a_save_and_load(private_home: Path) -> None:
    s = Settings.load()
    s.set("language", "nl")
    s.set("voice_volume", 0.5)
    s.save()
    again = Settings.load()
    assert again.get("language") == "nl"
    assert again.get("voice_volume") == 0.5
    assert (private_home / "settings.json").stat().st_mode & 0o777 == 0o600


@pytest.mark.parametrize(
    "content",
    [b"{not json", b"\xff\xfe\x00garbage", b"[1, 2, 3]", b"", b'"just a string"'],
)
def test_an_unreadable_file_is_kept_aside_and_defaults_are_used(
    private_home: Path, content: bytes
) -> None:
    path = private_home / "settings.json"
    path.write_bytes(content)
    s = Settings.load()
    assert s.get("language") == "system"
    assert s.notice is not None and "kept aside" in s.notice
    aside = [p for p in private_home.iterdir() if p.name.startswith("settings.json.unreadable-")]
    assert len(aside) == 1 and aside[0].read_bytes() == content
    assert not path.exists()  # nothing is written until the user changes a setting


def test_wrong_types_and_unknown_keys_fall_back_to_defaults(private_home: Path) -> None:
    (private_home / "settings.json").write_text(
        json.dumps(
            {
                "language": "klingon",
                "voice_volume": 7,
                "discreet_mode": "yes",
                "remind_minutes_before": True,
                "bed_volume": 0.25,
                "unknown": 1,
            }
        )
    )
    s = Settings.load()
    assert s.get("language") == "system"
    assert s.get("voice_volume") == 1.0
    assert s.get("discreet_mode") is False
    assert s.get("remind_minutes_before") == 0
    assert s.get("bed_volume") == 0.25
    assert "unknown" not in s.as_dict()


def test_setting_an_invalid_value_is_refused(private_home: Path) -> None:
    s = Settings.load()
    with pytest.raises(ValueError):
        s.set("lock_after_minutes", -1)
    with pytest.raises(KeyError):
        s.set("no_such_setting", 1)
