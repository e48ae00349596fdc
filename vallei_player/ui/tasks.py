"""The one pair of helpers for background work, and the thread that owns the journal.

Threads in the app:
- the main (GUI) thread: every widget, every `on_done`/`on_error` callback;
- a small pool (`run_in_background`): decoding, file dialogs' follow-up work, library
  installs, reports; never touches widgets or the journal;
- one journal thread (`JournalWorker`): opens the journal and runs every journal call,
  in order, so the SQLite connection has exactly one owner (Anki's collection worker).
The audio thread belongs to the engine; the GUI only polls the player.

Tests call `use_synchronous_runner(True)`: then every helper runs its work at once on the
calling thread, so a test reads like the user's steps without waiting.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Callable
from typing import TYPE_CHECKING, TypeVar

from PySide6.QtCore import QCoreApplication, QObject, Signal, Slot

if TYPE_CHECKING:  # concurrent.futures (and logging with it) load on first use, not at start-up
    from concurrent.futures import ThreadPoolExecutor

    from ..core.journal import Journal  # apsw loads on the journal thread, not at start-up

T = TypeVar("T")
Failed = Callable[[BaseException], None]

_synchronous = False
_pool: ThreadPoolExecutor | None = None


def use_synchronous_runner(on: bool) -> None:
    """Run all background work inline (tests)."""
    global _synchronous
    _synchronous = on


class _MainDispatcher(QObject):
    call = Signal(object)

    def __init__(self) -> None:
        super().__init__()
        # Automatic connection: emitted from another thread, the call is queued and runs in
        # the thread this object lives in (the GUI thread); from the GUI thread, at once.
        self.call.connect(self._run)

    @Slot(object)
    def _run(self, fn: Callable[[], None]) -> None:
        fn()


_dispatcher: _MainDispatcher | None = None


def install_dispatcher() -> None:
    """Create the dispatcher on the GUI thread; the app calls this once at start."""
    global _dispatcher
    app = QCoreApplication.instance()
    if _dispatcher is None and app is not None:
        _dispatcher = _MainDispatcher()
        _dispatcher.moveToThread(app.thread())


class NoDispatcher(RuntimeError):
    """`run_on_main` before `install_dispatcher`: there is no GUI thread to hand work to."""


def run_on_main(fn: Callable[[], None]) -> None:
    """Runs `fn` on the GUI thread (at once when synchronous or already there).

    Without a dispatcher this is an error, not a call on whatever thread asked: widgets and
    the views' state touched from a pool or journal thread fail later, far from the cause.
    """
    if _synchronous:
        fn()
        return
    if _dispatcher is None:
        raise NoDispatcher("run_on_main was called before install_dispatcher()")
    _dispatcher.call.emit(fn)


def _to_main(fn: Callable[[], None]) -> None:
    """`run_on_main` from a worker thread: a missing dispatcher is logged, the worker lives on."""
    try:
        run_on_main(fn)
    except NoDispatcher:
        import logging

        logging.getLogger(__name__).error("a result was dropped", exc_info=True)


def _deliver(
    result: T,
    error: BaseException | None,
    on_done: Callable[[T], None] | None,
    on_error: Failed | None,
) -> None:
    if error is not None:
        _fail(error, on_error)
    elif on_done is not None:
        on_done(result)


def _fail(error: BaseException, on_error: Failed | None) -> None:
    if on_error is not None:
        on_error(error)
    else:
        import logging

        logging.getLogger(__name__).error(
            "background task failed: %s", type(error).__name__, exc_info=error
        )


def run_in_background(
    fn: Callable[[], T], on_done: Callable[[T], None] | None = None, on_error: Failed | None = None
) -> None:
    """Runs `fn` on a pool thread, then `on_done(result)` (or `on_error(exc)`) on the GUI thread."""
    if _synchronous:
        try:
            result = fn()
        except Exception as exc:  # handed to the caller's error path
            _fail(exc, on_error)
            return
        _deliver(result, None, on_done, on_error)
        return
    global _pool
    if _pool is None:
        from concurrent.futures import ThreadPoolExecutor

        _pool = ThreadPoolExecutor(max_workers=2, thread_name_prefix="vallei-bg")

    def job() -> None:
        try:
            result = fn()
        except Exception as exc:
            error = exc  # `exc` is unbound after the except block; the lambda runs later
            _to_main(lambda: _fail(error, on_error))
            return
        _to_main(lambda: _deliver(result, None, on_done, on_error))

    _pool.submit(job)


def shutdown_background() -> None:
    global _pool
    if _pool is not None:
        _pool.shutdown(wait=False, cancel_futures=True)
        _pool = None


class JournalNotOpen(RuntimeError):
    """A journal call arrived before the journal was opened (or after it was closed)."""


class JournalWorker:
    """Owns the Journal on one thread; every call goes through `call`."""

    def __init__(self) -> None:
        self.journal: Journal | None = None
        self._jobs: queue.SimpleQueue[Callable[[], None] | None] = queue.SimpleQueue()
        self._thread: threading.Thread | None = None

    def _ensure_thread(self) -> None:
        if _synchronous or self._thread is not None:
            return
        self._thread = threading.Thread(target=self._loop, name="vallei-journal", daemon=True)
        self._thread.start()

    def _loop(self) -> None:
        while True:
            job = self._jobs.get()
            if job is None:
                return
            job()

    def _submit(
        self, fn: Callable[[], T], on_done: Callable[[T], None] | None, on_error: Failed | None
    ) -> None:
        """`fn()` on the journal thread; its result or error to the GUI thread."""
        if _synchronous:
            try:
                result = fn()
            except Exception as exc:
                _fail(exc, on_error)
                return
            if on_done is not None:
                on_done(result)
            return

        def job() -> None:  # on the journal thread
            try:
                result = fn()
            except Exception as exc:
                error = exc  # `exc` is unbound after the except block; the lambda runs later
                _to_main(lambda: _fail(error, on_error))
                return
            if on_done is not None:
                done = on_done
                _to_main(lambda: done(result))

        self._ensure_thread()
        self._jobs.put(job)

    def open(
        self,
        opener: Callable[[], Journal],
        on_done: Callable[[Journal], None] | None = None,
        on_error: Failed | None = None,
    ) -> None:
        """Runs `opener()` (which returns a Journal) on the journal thread and keeps the result."""

        def job() -> Journal:
            self.journal = opener()
            return self.journal

        self._submit(job, on_done, on_error)

    def call(
        self,
        fn: Callable[[Journal], T],
        on_done: Callable[[T], None] | None = None,
        on_error: Failed | None = None,
    ) -> None:
        """Runs `fn(journal)` on the journal thread, then `on_done(result)` on the GUI thread."""

        def job() -> T:
            if self.journal is None:
                raise JournalNotOpen("the journal is not open")
            return fn(self.journal)

        self._submit(job, on_done, on_error)

    def close(self, timeout: float = 5.0) -> None:
        """Closes the journal on its own thread and waits for the thread to end."""

        def job() -> None:
            if self.journal is not None:
                self.journal.close()
                self.journal = None

        self._submit(job, None, None)
        if self._thread is not None:
            self._jobs.put(None)
            self._thread.join(timeout)
            self._thread = None
