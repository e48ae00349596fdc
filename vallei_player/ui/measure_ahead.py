"""Measuring installed programmes' loudness on a background thread after they are
installed (an import in the Library, the demos on first run), so that their first play
finds every clip measured and starts at once (`engine.measure_for_play`).

One thread, one programme at a time, stopped between clips when the app shuts down. Play
does not depend on it: what is not measured yet is measured by the player itself.
"""

from __future__ import annotations

import logging
import queue
import threading

ENABLED = True
"""Tests about other things switch this off: measuring decodes every clip of a programme."""

_log = logging.getLogger(__name__)


class MeasureAhead:
    def __init__(self) -> None:
        self._todo: queue.Queue[str | None] = queue.Queue()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def programme(self, program_id: str) -> None:
        """Measure this installed programme's clips soon (nothing if all are measured)."""
        if not ENABLED or self._stop.is_set():
            return
        self._todo.put(program_id)
        if self._thread is None:
            self._thread = threading.Thread(target=self._work, name="vallei-measure", daemon=True)
            self._thread.start()

    def wait_done(self) -> None:
        """Until everything asked for so far is measured (tests)."""
        self._todo.join()

    def close(self, timeout: float = 5.0) -> None:
        self._stop.set()
        self._todo.put(None)
        if self._thread is not None:
            self._thread.join(timeout)

    def _work(self) -> None:
        from ..core.packs import library
        from ..engine import measure_for_play

        while True:
            program_id = self._todo.get()
            try:
                if program_id is None or self._stop.is_set():
                    return
                measure_for_play(library.load(program_id), self._stop)
            except Exception as e:  # removed meanwhile, unreadable: play measures it then
                _log.info("could not measure %s ahead of play: %s", program_id, e)
            finally:
                self._todo.task_done()
