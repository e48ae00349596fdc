"""The one clock: now, in UTC, for everything the journal and the recorder stamp.

Times are stored in UTC and shown in the person's zone; code that needs "now" takes a
`Clock` argument defaulting to `utc_now`, so tests pass a fixed one.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

Clock = Callable[[], datetime]


def utc_now() -> datetime:
    return datetime.now(UTC)
