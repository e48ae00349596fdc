"""Which moment of the session a lived level belongs to.

Normally the moment it is given: the listened time and the phase playing. A phase with
`ask_level: true` ends with a gentle "how high is it now?" chime and the player waits for
nothing; a level given within ASK_WINDOW_S seconds after that phase ended (by playing, not
by a skip) belongs to the chime's moment: the end of the asking phase, in that phase. So an
answer that comes a few seconds late, after the next phase has begun, a pause or even a
skip, still describes what the participant felt when they were asked.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from ..program import Session, Timeline

ASK_WINDOW_S = 10.0


@dataclass(frozen=True)
class Moment:
    at_s: float  # listened seconds
    phase: int
    position_s: float  # where in the planned timeline


class LivedAttribution:
    def __init__(self, session: Session, timeline: Timeline | None = None) -> None:
        self._asking = {p.index for p in session.phases if p.ask_level}
        self._ends = (
            {tp.index: tp.end / timeline.rate for tp in timeline.phases} if timeline else {}
        )
        self._asked: tuple[datetime, Moment] | None = None

    def phase_played(self, index: int, listened_s: float, now: datetime) -> None:
        """Phase `index` was played to its end at `listened_s`: its chime, if any, asked."""
        if index in self._asking:
            position = self._ends.get(index, listened_s)
            self._asked = (now, Moment(listened_s, index, position))

    def moment(self, listened_s: float, phase: int, position_s: float, now: datetime) -> Moment:
        if self._asked is not None:
            when, asked = self._asked
            if 0 <= (now - when).total_seconds() <= ASK_WINDOW_S:
                return asked
            self._asked = None
        return Moment(listened_s, phase, position_s)


LOWEST_LEVEL, HIGHEST_LEVEL = 0, 10


def next_level(current: int | None, key: str) -> int | None:
    """The level a key gives (app and CLI alike), or None when the key is not about levels.

    A digit sets it; "up"/"down" step by one within 0-10 (from 0 while none was given yet).
    """
    if len(key) == 1 and "0" <= key <= "9":
        return int(key)
    step = {"up": 1, "down": -1}.get(key)
    if step is None:
        return None
    return min(max((current or 0) + step, LOWEST_LEVEL), HIGHEST_LEVEL)
