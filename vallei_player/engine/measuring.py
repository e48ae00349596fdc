"""A session's clip loudness, measured on one worker thread in order of first need.

Why: a first play used to wait until every clip of the session was decoded and measured
(2.4 s for a cold 15-minute session). The mixer asks for a clip's measurement only when it
first mixes a sample that depends on it (`Mixer` resolves gains lazily), so sound starts as
soon as the first phase's clips are measured, and the worker measures the rest ahead of
their place in the timeline. The numbers are the store's (`loudness_store.measure_clip`),
the same whichever thread or order measured them, so render == play holds exactly.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence

from ..core.problems import UserError
from ..i18n import _
from .loudness import Measurement

Measure = Callable[[str, "threading.Event"], Measurement]
"""Measures one clip reference, giving up (MeasuringStopped) once the event is set."""


class MeasuringStopped(UserError):
    """The session was closed before this clip was measured."""

    def __init__(self) -> None:
        super().__init__(_("the session was closed before this clip was measured"))


class AheadMeasurer:
    """`get(ref)` is the clip's measurement, waiting for the worker if it is not known yet;
    None for a reference the session does not level."""

    def __init__(
        self,
        refs: Sequence[str],
        measure: Measure,
        known: Callable[[str], Measurement | None] = lambda ref: None,
    ) -> None:
        self._done: dict[str, Measurement | Exception] = {}
        self._ready = threading.Condition()
        self._stop = threading.Event()
        self._wanted = set(refs)
        todo: list[str] = []
        for ref in refs:
            m = known(ref)  # already in the store: nothing to wait for
            if m is None:
                todo.append(ref)
            else:
                self._done[ref] = m
        self.missing = tuple(todo)
        """What was not in the store when the session opened, measured here."""
        self._thread: threading.Thread | None = None
        if todo:
            self._thread = threading.Thread(
                target=self._work, args=(todo, measure), name="vallei-measure", daemon=True
            )
            self._thread.start()

    def get(self, ref: str) -> Measurement | None:
        if ref not in self._wanted:
            return None
        with self._ready:
            while ref not in self._done:
                self._ready.wait()
            result = self._done[ref]
        if isinstance(result, Exception):
            raise result
        return result

    def measured(self, ref: str) -> bool:
        """The clip's measurement is known (or failed): `get` would not wait. No waiting."""
        with self._ready:
            return ref in self._done

    def stop(self) -> None:
        """Give up what is not measured yet and wait for the worker (quick: it checks often)."""
        self._stop.set()
        if self._thread is not None:
            self._thread.join()

    def _work(self, todo: list[str], measure: Measure) -> None:
        for ref in todo:
            result: Measurement | Exception
            try:
                if self._stop.is_set():
                    raise MeasuringStopped()
                result = measure(ref, self._stop)
            except Exception as e:  # handed to whoever waits for this clip
                result = e
            with self._ready:
                self._done[ref] = result
                self._ready.notify_all()
