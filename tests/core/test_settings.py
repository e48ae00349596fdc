"""Settings: declared once, saved atomically, and a broken file is kept aside, never lost."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from vallei_player.core.store import SETTINGS, Settings, SettingValues, setting


def test_defaults_when_there_is_no_file(private_home: Path) -> None:
    s = Settings.load()
    assert s.values.language == "system"
    assert s.values.discreet_mode is False
    assert s.notice is None
    assert {k.key for k in SETTINGS} == set(s.as_dict())


def test_values_survive_a_save_and_load(private_home: Path) -> None:
    s = Settings.load()
    s.change("language", "nl")
    s.change("voice_volume", 0.5)
    s.save()
    again = Settings.load()
    assert again.values.language == "nl"
    assert again.values.voice_volume == 0.5
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
    assert s.values.language == "system"
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
    assert s.values.language == "system"
    assert s.values.voice_volume == 1.0
    assert s.values.discreet_mode is False
    assert s.values.remind_minutes_before == 0
    assert s.values.bed_volume == 0.25
    assert "unknown" not in s.as_dict()


def test_setting_an_invalid_value_is_refused(private_home: Path) -> None:
    s = Settings.load()
    with pytest.raises(ValueError):
        s.change("lock_after_minutes", -1)
    with pytest.raises(KeyError):
        s.change("no_such_setting", 1)


def _aside(home: Path) -> list[Path]:
    return [p for p in home.iterdir() if p.name.startswith("settings.json.unreadable-")]


@pytest.mark.parametrize(
    "content",
    [
        b"[" * 100_000,  # deeper than the JSON parser's stack
        b'{"a":' * 100_000 + b"1" + b"}" * 100_000,
        b"\x00" * 100_000,
        b'{"language": "nl", "pad": "' + b"x" * 200_000 + b'"}',  # far larger than ours
        '{"language": "nl"}'.encode("utf-16"),
        b"\xef\xbb\xbf\xef\xbb\xbf{}",
        b'{"voice_volume": ' + b"9" * 5000 + b"}",  # past Python's int-digit limit
    ],
    ids=["deep-array", "deep-object", "nul-bytes", "huge", "utf-16", "double-bom", "long-int"],
)
def test_a_hostile_file_of_any_depth_size_or_encoding_is_kept_aside(
    private_home: Path, content: bytes
) -> None:
    (private_home / "settings.json").write_bytes(content)
    s = Settings.load()
    assert s.values == SettingValues()
    assert s.notice is not None and "kept aside" in s.notice
    aside = _aside(private_home)
    assert len(aside) == 1 and aside[0].read_bytes() == content


@pytest.mark.parametrize(
    "value",
    ["NaN", "Infinity", "-Infinity", "1e999"],
)
def test_numbers_json_allows_but_no_setting_can_hold_fall_back(
    private_home: Path, value: str
) -> None:
    (private_home / "settings.json").write_text(
        f'{{"voice_volume": {value}, "lock_after_minutes": {value}, "bed_volume": 0.5}}'
    )
    s = Settings.load()
    assert s.values.voice_volume == 1.0
    assert s.values.lock_after_minutes == 0
    assert s.values.bed_volume == 0.5


def test_texts_no_setting_can_hold_fall_back(private_home: Path) -> None:
    (private_home / "settings.json").write_text(
        json.dumps({"audio_device": "\ud800", "active_program": "p" * 5000})
    )
    s = Settings.load()
    assert s.values.audio_device == ""
    assert s.values.active_program == ""
    s.save()  # and what is saved reads back
    assert Settings.load().values == SettingValues()


def test_each_setting_is_declared_once_with_type_default_and_title() -> None:
    keys = [s.key for s in SETTINGS]
    assert len(keys) == len(set(keys))
    for declared in SETTINGS:
        assert declared.title
        assert isinstance(declared.default, declared.type)
        assert declared.check(declared.default) == declared.default
    assert setting("remind_minutes_before").maximum == 120
    assert setting("lock_after_minutes").maximum == 240


def test_a_value_outside_its_declaration_cannot_be_made() -> None:
    with pytest.raises(ValueError):
        SettingValues(voice_volume=1.5)
    with pytest.raises(ValueError):
        SettingValues(language="klingon")
    assert SettingValues(voice_volume=1).voice_volume == 1.0  # type: ignore[arg-type]


def test_a_file_saved_with_a_byte_order_mark_is_read(private_home: Path) -> None:
    (private_home / "settings.json").write_bytes(b'\xef\xbb\xbf{"language": "nl"}')
    s = Settings.load()
    assert s.values.language == "nl" and s.notice is None
