"""What every view shares: settings, the journal thread, the library, the active program.

Views never call the journal or the library directly on the GUI thread; they ask the
context, which goes through `tasks`, and listen to its signals to refresh.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace
from datetime import datetime
from typing import TYPE_CHECKING, Protocol, TypeVar

from PySide6.QtCore import QObject, Signal

from ..core.store import Settings, utc_now
from . import i18n
from .measure_ahead import MeasureAhead
from .tasks import JournalWorker, run_in_background

if TYPE_CHECKING:  # the model, the journal and the engine load later, not at start-up
    from ..core.journal import Journal, PracticeSchedule
    from ..core.packs import InstalledProgram
    from ..core.program import Program
    from ..engine import Output

Clock = Callable[[], datetime]
T = TypeVar("T")


class PlaybackState(Protocol):
    """What the context's users ask of the playback (ui.playback.Playback; a protocol here,
    because playback imports the context)."""

    @property
    def active(self) -> bool:
        """A session is open and not over."""
        ...

    def close(self) -> None:
        """Ends any session and lets go of the sound device."""
        ...


def local_timezone_name() -> str:
    from ..core.practice import local_zone_name

    return local_zone_name()


class QueuedInstallLog:
    """core.library's InstallLog that hands the records to the journal thread (any thread)."""

    def __init__(self, context: AppContext) -> None:
        self.context = context

    def record_install(self, program_id: str, version: str, title: str) -> None:
        self.context.with_journal_any_thread(lambda j: j.record_install(program_id, version, title))

    def record_removal(self, program_id: str) -> None:
        self.context.with_journal_any_thread(lambda j: j.record_removal(program_id))


def first_choice(installed: Sequence[InstalledProgram], language: str) -> str | None:
    """The program to follow when none is chosen: in the UI's language, the longest course."""
    if not installed:
        return None
    best = max(installed, key=lambda p: (p.language.split("-")[0] == language, p.sessions, p.title))
    return str(best.id)


class AppContext(QObject):
    """Shared state and the way to change it; signals tell the views what changed."""

    journal_ready = Signal()
    journal_changed = Signal()  # attempts, answers or schedule changed
    library_changed = Signal()  # programs installed/removed or the active one changed
    settings_changed = Signal(str)  # the key
    language_changed = Signal()
    problem = Signal(str)  # a sentence for the user (shown in the banner)
    notice = Signal(str)  # good news for the banner

    def __init__(
        self,
        settings: Settings,
        output_factory: Callable[[], Output],
        clock: Clock = utc_now,
        timezone: str | None = None,
    ) -> None:
        super().__init__()
        self.settings = settings
        self.journal = JournalWorker()
        self.output_factory = output_factory
        self.clock = clock
        self._timezone = timezone
        self.installed: list[InstalledProgram] = []
        self.program: Program | None = None
        self.journal_open = False
        self.encrypted = False
        self._told_backup_problem = False  # once per run: every unlock reopens the journal
        self.playback: PlaybackState | None = None  # ui.playback.Playback, by the main window
        self.measuring = MeasureAhead()  # installed programmes' loudness, before their first play

    def banner_message(self, text: str) -> None:
        self.notice.emit(text)

    @property
    def timezone(self) -> str:
        """The IANA zone slots are planned in (looked up on first use: it loads the planner)."""
        if self._timezone is None:
            self._timezone = local_timezone_name()
        return self._timezone

    # -- settings ---------------------------------------------------------------------------
    def set_setting(self, key: str, value: object) -> None:
        """Change one setting (checked against its declaration), save it in the background
        and tell the views."""
        if self.settings.as_dict()[key] == value:
            return
        self.settings.change(key, value)
        run_in_background(
            self.settings.save,
            on_error=lambda e: self.problem.emit(
                i18n.tr("The settings could not be saved: {error}", error=_in_words(e))
            ),
        )
        if key == "language":
            i18n.set_language(i18n.resolve(self.settings.values.language))
            self.language_changed.emit()
        self.settings_changed.emit(key)

    # -- journal ----------------------------------------------------------------------------
    def open_journal(
        self, passphrase: str | None, on_done: Callable[[BaseException | None], None]
    ) -> None:
        """Opens the journal on its thread; on_done(None or the error) on the GUI thread."""

        def opener() -> Journal:  # journal thread: apsw and the journal load there, not at start
            from ..core.journal import Journal

            return Journal.open(passphrase=passphrase)

        def done(journal: Journal) -> None:
            self.journal_open = True
            self.encrypted = journal.encrypted
            self.journal_ready.emit()
            on_done(None)
            self._tell_backup_problem(journal.backup_problem)

        self.journal.open(opener, done, on_done)

    def _tell_backup_problem(self, sentence: str | None) -> None:
        """The daily backup failed (a full disk): say so once in a problem banner, and let
        the participant go on. The journal retries at every open (an unlock after the idle
        lock, a new passphrase); a banner each time would only nag."""
        if sentence is not None and not self._told_backup_problem:
            self._told_backup_problem = True
            self.problem.emit(sentence)

    def with_journal(
        self,
        fn: Callable[[Journal], T],
        on_done: Callable[[T], None] | None = None,
        changes: bool = False,
    ) -> None:
        """Runs fn(journal) on the journal thread; `changes` emits journal_changed afterwards."""

        def done(result: T) -> None:
            if on_done is not None:
                on_done(result)
            if changes:
                self.journal_changed.emit()

        self.journal.call(fn, done, self._journal_failed)

    def with_journal_any_thread(self, fn: Callable[[Journal], object]) -> None:
        """Queues fn(journal) from any thread; the GUI hears about it through journal_changed.

        A failure reaches the user like any journal failure (the banner), on the GUI thread.
        """
        self.journal.call(fn, lambda _: self.journal_changed.emit(), self._journal_failed)

    def _journal_failed(self, error: BaseException) -> None:
        from .tasks import JournalNotOpen

        if isinstance(error, JournalNotOpen):
            return  # the view refreshes when journal_ready arrives
        self.problem.emit(
            i18n.tr("The journal could not be read or written: {error}", error=_in_words(error))
        )

    # -- library ----------------------------------------------------------------------------
    def load_library(self, on_done: Callable[[], None] | None = None) -> None:
        """Installs the demos if needed, lists the programs, loads the active one."""
        active = self.settings.values.active_program

        def work() -> tuple[list[InstalledProgram], Program | None, list[str]]:
            from ..core.packs import library

            demos = library.ensure_demos(journal=QueuedInstallLog(self))
            installed = list(library.installed())
            ids = [p.id for p in installed]
            chosen = active if active in ids else first_choice(installed, i18n.language())
            return (
                installed,
                (library.load(chosen) if chosen else None),
                [d.program_id for d in demos],
            )

        def done(result: tuple[list[InstalledProgram], Program | None, list[str]]) -> None:
            self.installed, self.program, demos = result
            for program_id in demos:
                self.measuring.programme(program_id)
            if self.program is not None:
                program = self.program
                self.set_setting("active_program", program.id)
                self.with_journal(
                    lambda j: j.record_install(program.id, program.version, program.title)
                )
            self.library_changed.emit()
            if on_done is not None:
                on_done()

        run_in_background(
            work,
            done,
            lambda e: self.problem.emit(
                i18n.tr("The programs could not be loaded: {error}", error=_in_words(e))
            ),
        )

    def activate(self, program_id: str) -> None:
        """Makes `program_id` the active program; carries the current practice days over."""
        from ..core.packs import library

        previous = self.program

        def done(program: Program) -> None:
            self.program = program
            self.set_setting("active_program", program.id)

            def carry(j: Journal) -> None:
                j.record_install(program.id, program.version, program.title)
                if j.schedule(program.id) is None and previous is not None:
                    old = j.schedule(previous.id)
                    if old is not None:
                        j.set_schedule(program.id, replace(old, start=None))

            self.with_journal(carry, lambda _: self.library_changed.emit(), changes=True)

        run_in_background(
            lambda: library.load(program_id),
            done,
            lambda e: self.problem.emit(
                i18n.tr("The program could not be opened: {error}", error=_in_words(e))
            ),
        )

    def schedule_for(self, j: Journal, program: Program) -> PracticeSchedule:
        """The participant's schedule for `program` (journal thread), or the program's default."""
        from ..core import practice

        found = j.schedule(program.id)
        return (
            found
            if found is not None
            else practice.PracticeSchedule.default_for(program, self.timezone)
        )


def _in_words(error: BaseException) -> str:
    """An error as the person should read it: a full disk says where and what to do, any
    refusal by the system says why; "unexpected" is kept for real bugs."""
    from ..core.problems import describe_error, disk_full, is_disk_full
    from ..core.store import paths

    if is_disk_full(error) and not getattr(error, "filename", None):
        return disk_full(paths.data_dir())
    return describe_error(error)
