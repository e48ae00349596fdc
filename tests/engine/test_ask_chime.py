"""`ask_level: true`: the "how high is it now?" chime ends the phase, at that phase's cue
gain, even under `cue: none`; part of the timeline, so render and play hold the same samples."""

from __future__ import annotations

import dataclasses
import sys
from collections.abc import Callable
from pathlib import Path

import numpy as np
from enginekit import RATE, audio, make_program, phase
from locations import REPO

from vallei_player.core.program import BUILTIN_ASK, db_to_linear
from vallei_player.core.store import builtin_ask_chime, builtin_bell
from vallei_player.engine import OpenSession

sys.path.insert(0, str(REPO / "audio"))
from make_sounds import decode  # ffmpeg's decode, independent of the engine's cache

Opener = Callable[..., OpenSession]


def test_the_chime_is_a_second_sound_distinct_from_the_bell() -> None:
    chime, bell = decode(builtin_ask_chime()), decode(builtin_bell())
    assert chime.shape[0] == 2 * RATE
    peak_db = 20 * np.log10(np.abs(chime).max())
    assert -6.5 < peak_db < -5.5
    assert np.abs(chime[:48]).max() < 0.01 and np.abs(chime[-48:]).max() < 0.001
    n = min(len(chime), len(bell))
    corr = np.corrcoef(chime[:n, 0], bell[:n, 0])[0, 1]
    assert abs(corr) < 0.1


def test_the_chime_ends_each_asking_phase_at_its_cue_gain(tmp_path: Path, opener: Opener) -> None:
    asks = dataclasses.replace(
        phase(0, seconds=3, settings=audio(cue_gain_db=-6.0)), ask_level=True
    )
    short = dataclasses.replace(
        phase(1, seconds=1, settings=audio(cue=None, cue_gain_db=-12.0)), ask_level=True
    )
    quiet = phase(2, seconds=3)
    session = opener(make_program(tmp_path, [asks, short, quiet]))
    out = session.mixer.mix_unlimited(0, session.timeline.length)
    chime = decode(builtin_ask_chime())
    n = len(chime)
    expected = np.zeros_like(out)
    end0 = 3 * RATE
    expected[end0 - n : end0] += chime * np.float32(db_to_linear(-6.0))
    # Phase 1 is shorter than the chime: it starts with the phase and runs on into phase 2.
    expected[end0 : end0 + n] += chime * np.float32(db_to_linear(-12.0))
    np.testing.assert_allclose(out, expected, atol=2e-5)


def test_a_phase_without_ask_level_has_no_chime(tmp_path: Path, opener: Opener) -> None:
    session = opener(make_program(tmp_path, [phase(0, seconds=3), phase(1, seconds=3)]))
    assert not session.mixer.mix(0, session.timeline.length).any()


def test_with_a_loudness_target_the_chime_is_levelled_as_a_cue_is(
    tmp_path: Path, opener: Opener
) -> None:
    # The same asking phase twice: once without a cue, once with the chime's own file as its
    # cue. The chime at the phase's end must hold the same samples in both: levelled by the
    # cue gain rules (cue_gain + the target minus its measured loudness), measured even when
    # no cue uses the file.
    def chime_end(cue: str | None) -> np.ndarray:
        settings = audio(cue=cue, cue_gain_db=-9.0, loudness_lufs=-18.0)
        asking = dataclasses.replace(phase(1, seconds=6, settings=settings), ask_level=True)
        session = opener(make_program(tmp_path, [phase(0, seconds=1), asking]))
        return session.mixer.mix_unlimited(5 * RATE, 2 * RATE)

    alone, as_cue = chime_end(None), chime_end(BUILTIN_ASK)
    np.testing.assert_array_equal(alone, as_cue)
    plain = decode(builtin_ask_chime()) * np.float32(db_to_linear(-9.0))
    assert not np.allclose(alone, plain, atol=1e-3)  # the target changed the level
