"""Fuzzing the importer: whatever bytes arrive, it installs a valid program or refuses with a
ProgramError/UserError, never crashes, and leaves no trace outside the library."""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from locations import DATA

from vallei_player.core.packs import library, write_pack
from vallei_player.core.problems import ProgramError, UserError
from vallei_player.core.store import paths

sys.path.insert(0, str(DATA / "hostile"))
import hostile_packs as hp

# CI bounds the time: a few hundred examples run in well under 20 s on one core.
EXAMPLES = int(os.environ.get("VALLEI_FUZZ_EXAMPLES", "150"))
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=os.environ.get("VALLEI_FUZZ_RANDOM") is None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

_PARTS = [
    "program.yaml", "audio", "voice.wav", "manifest.json", "a", "A", "..", ".", "", "C:",
    "\\\\srv", "x\\y", "caf\u00e9", "cafe\u0301", "con", "\x00", "\x1b", "n.zip", ".hidden",
]  # fmt: skip
_HEADS = [
    b"", b"RIFF\x00\x00\x00\x00WAVE", b"OggS", b"fLaC", b"PK\x03\x04", b"\x1f\x8b\x08", b"ID3",
    b"format: 1\n", b"\xff\xfb",
]  # fmt: skip

names = st.lists(st.sampled_from(_PARTS), min_size=1, max_size=4).map("/".join)
entries = st.builds(
    hp.Raw,
    name=names,
    plain=st.tuples(st.sampled_from(_HEADS), st.binary(max_size=300)).map(lambda t: t[0] + t[1]),
    method=st.sampled_from([0, 8, 8, 12]),
    flags=st.sampled_from([0, 0, 0, 1, 0x40]),
    mode=st.sampled_from([0o100644, 0o100644, 0o040755, 0o120777, 0o020644, 0]),
    system=st.sampled_from([3, 3, 0]),
)


def _snapshot() -> dict[str, int]:
    root = paths.data_dir()
    return {
        str(p.relative_to(root)): p.stat().st_size
        for p in root.rglob("*")
        if p.is_file() and "journal" not in p.name and p.parent.name != "backups"
    }


def _try_install(data: bytes) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        pack = Path(tmp) / "fuzz.vallei"
        pack.write_bytes(data)
        library.installed()  # the library, staging folder and lock file exist from here on
        before = _snapshot()
        try:
            library.install(pack)
        except (ProgramError, UserError) as e:
            assert str(e)
            assert _snapshot() == before  # a refusal changes nothing
        leftovers = [p.name for p in paths.staging_dir().iterdir()]
        assert leftovers == [".library.lock"]
        assert sorted(os.listdir(tmp)) == ["fuzz.vallei"]


@FUZZ
@given(extra=st.lists(entries, max_size=6), listed=st.booleans(), with_program=st.booleans())
def test_random_packs_are_installed_or_refused_cleanly(
    extra: list[hp.Raw], listed: bool, with_program: bool
) -> None:
    files = hp.program_files() if with_program else {}
    data = hp.pack_with(extra, files=files) if listed else hp.raw_zip(extra)
    _try_install(data)


_VALID: dict[str, bytes] = {}


def _valid_pack() -> bytes:
    if "pack" not in _VALID:
        with tempfile.TemporaryDirectory() as tmp:
            folder = Path(tmp) / "prog"
            for rel, data in hp.program_files("9.9.9").items():
                (folder / rel).parent.mkdir(parents=True, exist_ok=True)
                (folder / rel).write_bytes(data)
            _VALID["pack"] = write_pack(folder, Path(tmp) / "p.vallei").read_bytes()
    return _VALID["pack"]


@FUZZ
@given(
    edits=st.lists(
        st.tuples(st.integers(min_value=0), st.integers(0, 255)), min_size=1, max_size=8
    ),
    cut=st.one_of(st.none(), st.integers(min_value=0)),
)
def test_damaged_packs_are_refused_cleanly(edits: list[tuple[int, int]], cut: int | None) -> None:
    data = bytearray(_valid_pack())
    for where, value in edits:
        data[where % len(data)] = value
    if cut is not None:
        data = data[: cut % len(data)]
    _try_install(bytes(data))
