"""The Player: the wave of the session, the phase's words, the clock and the controls.

A large round play/pause in the middle, the other controls quieter beside it (icons with
tooltips that name their keys). While the sound is being prepared the Player says so, with a
progress bar. In calm view (full screen) it turns dark and dim (calm.py) and its controls
fade away after a few seconds without movement. When a session reaches its end, a short
completion moment (completion.py) comes before the reflection. Phase changes are announced
to assistive technology.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QEvent, QSize, Qt, Signal
from PySide6.QtGui import QAccessible, QAccessibleAnnouncementEvent, QFont, QPalette
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QSizePolicy,
    QSlider,
    QStackedLayout,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from . import icons
from .calm import ControlsFader, night_palette, night_sheet
from .completion import CompletionMoment
from .context import AppContext
from .i18n import tr
from .keys import NEXT_KEY, PREVIOUS_KEY, STOP_KEY
from .level_control import LevelControl, level_shortcuts
from .playback import Playback
from .wave import KIND_COLOURS, KIND_NAMES, PHASE, WaveTimeline
from .widgets import clear_layout, clock_text, heading, muted, scrolled


def set_clock_text(label: QLabel, text: str) -> None:
    """Sets a ticking clock's text without re-laying out the window every second.

    A label of fixed size tells its layout nothing when its text changes; one that may grow
    makes Qt lay out the whole window again (word-wrapped captions and all) on each tick.
    So the label is sized for the text with every digit as wide as an 8, and re-sized only
    when that width changes (a minute or an hour gains a digit, or the language changes).
    """
    if label.text() == text:
        return
    widest = "".join("8" if c.isdigit() else c for c in text)
    metrics = label.fontMetrics()
    size = QSize(metrics.horizontalAdvance(widest) + 4, metrics.height())
    if label.minimumSize() != size or label.maximumSize() != size:
        label.setFixedSize(size)
    label.setText(text)


PLAY_SIZE = 88
SECONDARY_SIZE = 44


def round_button(name: str, size: int) -> QToolButton:
    button = QToolButton()
    button.setObjectName(name)
    button.setFixedSize(size, size)
    button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonIconOnly)
    button.setIconSize(QSize(size // 2 - 4, size // 2 - 4))
    button.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
    return button


class PlayerView(QWidget):
    fullscreen_requested = Signal(bool)
    go_home = Signal()
    continue_requested = Signal()  # after the completion moment

    def __init__(self, context: AppContext, playback: Playback) -> None:
        super().__init__()
        self.context = context
        self.playback = playback
        self._last_position = -1
        self._last_second = -1
        self._timed: Any = None  # the TimedPhase under the cursor
        self._calm = False
        self.setObjectName("player-view")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self._stack = QStackedLayout(self)
        self._stack.addWidget(self._build_empty())
        self._stack.addWidget(self._build_player())
        self.moment = CompletionMoment()
        self.moment.continued.connect(self.continue_requested)
        self.continue_button = self.moment.continue_button
        self._stack.addWidget(self.moment)
        self.fader = ControlsFader(
            self, [self.controls, self.times, self.legend_row, self.session_title]
        )
        playback.opened.connect(self._on_opened)
        playback.tick.connect(self._on_tick)
        playback.state_changed.connect(self._on_state)
        playback.preparing_progress.connect(self._on_preparing)
        context.language_changed.connect(self.retranslate)
        self.retranslate()

    # -- layout -----------------------------------------------------------------------------
    def _build_empty(self) -> QWidget:
        page = QWidget()
        box = QVBoxLayout(page)
        box.setContentsMargins(32, 28, 32, 28)
        self.empty_title = heading()
        self.empty_text = muted()
        self.empty_home = QPushButton()
        self.empty_home.clicked.connect(self.go_home)
        box.addWidget(self.empty_title)
        box.addWidget(self.empty_text)
        row = QHBoxLayout()
        row.addWidget(self.empty_home)
        row.addStretch(1)
        box.addLayout(row)
        box.addStretch(1)
        return page

    def _build_player(self) -> QWidget:
        """What is played above (it scrolls when the window is small), the controls below
        (always in view: the play button is never under the window's edge)."""
        page = QWidget()
        whole = QVBoxLayout(page)
        whole.setContentsMargins(0, 0, 0, 0)
        whole.setSpacing(0)
        upper = QWidget()
        box = QVBoxLayout(upper)
        box.setContentsMargins(32, 24, 32, 8)
        box.setSpacing(14)
        self.upper_area = scrolled(upper)
        whole.addWidget(self.upper_area, 1)
        lower = QWidget()
        below = QVBoxLayout(lower)
        below.setContentsMargins(32, 6, 32, 24)
        below.setSpacing(14)
        whole.addWidget(lower)
        self.session_title = heading(scale=1.3)
        self.program_title = muted()
        box.addWidget(self.program_title)
        box.addWidget(self.session_title)
        self.wave = WaveTimeline()
        self.wave.setMinimumHeight(64)  # below this the page scrolls: the wave stays legible
        self.wave.seek_requested.connect(self.playback.seek)
        wave_row = QHBoxLayout()
        wave_row.addWidget(self.wave, 1)
        self.level_control = LevelControl()  # the lived level, beside the wave
        self.level_control.level_chosen.connect(self.playback.give_level)
        self.playback.level_given.connect(self._on_level)
        self._level_keys = level_shortcuts(self, self.playback.level_key)
        wave_row.addWidget(self.level_control)
        box.addLayout(wave_row, 2)
        self.legend_row = QWidget()
        self.legend = QHBoxLayout(self.legend_row)
        self.legend.setContentsMargins(0, 0, 0, 0)
        box.addWidget(self.legend_row)
        self.phase_title = heading(scale=1.5)
        self.phase_title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.caption = QLabel()
        self.caption.setWordWrap(True)
        self.caption.setAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
        self.caption.setMinimumHeight(36)  # two lines at least
        box.addWidget(self.phase_title)
        box.addWidget(self.caption, 1)
        self.preparing = QWidget()
        preparing = QVBoxLayout(self.preparing)
        preparing.setContentsMargins(0, 0, 0, 0)
        self.preparing_text = muted()
        self.preparing_text.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.preparing_bar = QProgressBar()
        self.preparing_bar.setRange(0, 0)  # moving until the engine says how far it is
        self.preparing_bar.setTextVisible(False)
        self.preparing_bar.setMaximumWidth(320)
        preparing.addWidget(self.preparing_text)
        preparing.addWidget(self.preparing_bar, 0, Qt.AlignmentFlag.AlignHCenter)
        self.preparing.setVisible(False)
        box.addWidget(self.preparing)
        self.times = QWidget()
        times = QHBoxLayout(self.times)
        times.setContentsMargins(0, 0, 0, 0)
        self.phase_time = muted()
        self.session_time = muted()
        self.session_time.setAlignment(Qt.AlignmentFlag.AlignRight)
        for label in (self.phase_time, self.session_time):
            label.setWordWrap(False)
        times.addWidget(self.phase_time)
        times.addStretch(1)
        times.addWidget(self.session_time)
        below.addWidget(self.times)

        self.controls = QWidget()
        controls = QHBoxLayout(self.controls)
        controls.setContentsMargins(0, 0, 0, 0)
        controls.setSpacing(14)
        self.previous_button = round_button("previous", SECONDARY_SIZE)
        self.play_button = round_button("play", PLAY_SIZE)
        self.next_button = round_button("next", SECONDARY_SIZE)
        self.stop_button = round_button("stop", SECONDARY_SIZE)
        self.calm_button = QToolButton()
        self.calm_button.setObjectName("calm")
        self.calm_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.calm_button.setIconSize(icons.ICON_SIZE)
        self.calm_button.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.calm_button.setCheckable(True)
        self.calm_button.setSizePolicy(QSizePolicy.Policy.Minimum, QSizePolicy.Policy.Fixed)
        self.previous_button.clicked.connect(self.playback.previous_phase)
        self.play_button.clicked.connect(self.playback.toggle)
        self.next_button.clicked.connect(self.playback.next_phase)
        self.stop_button.clicked.connect(self.playback.stop)
        self.calm_button.toggled.connect(self.fullscreen_requested)
        controls.addStretch(1)
        controls.addSpacing(SECONDARY_SIZE + 14)  # balances Stop, so play sits in the middle
        for b in (self.previous_button, self.play_button, self.next_button, self.stop_button):
            controls.addWidget(b, 0, Qt.AlignmentFlag.AlignVCenter)
        controls.addStretch(1)
        controls.addWidget(self.calm_button, 0, Qt.AlignmentFlag.AlignVCenter)
        below.addWidget(self.controls)

        self.volumes = QWidget()
        volumes = QHBoxLayout(self.volumes)
        volumes.setContentsMargins(0, 0, 0, 0)
        self.voice_label = QLabel()
        self.bed_label = QLabel()
        self.voice_slider = self._volume_slider(
            self.context.settings.values.voice_volume, self.playback.set_voice_volume
        )
        self.bed_slider = self._volume_slider(
            self.context.settings.values.bed_volume, self.playback.set_bed_volume
        )
        self.voice_label.setBuddy(self.voice_slider)
        self.bed_label.setBuddy(self.bed_slider)
        for w in (self.voice_label, self.voice_slider, self.bed_label, self.bed_slider):
            volumes.addWidget(w)
        volumes.insertSpacing(2, 24)
        volumes.addStretch(1)
        below.addWidget(self.volumes)
        return page

    def _volume_slider(self, volume: float, apply: Any) -> QSlider:
        slider = QSlider(Qt.Orientation.Horizontal)
        slider.setRange(0, 100)
        slider.setValue(round(volume * 100))
        slider.setMaximumWidth(220)
        slider.valueChanged.connect(lambda v: apply(v / 100))
        return slider

    def _fill_legend(self) -> None:
        clear_layout(self.legend)
        timeline = self.playback.timeline
        if timeline is None:
            return
        kinds = list(dict.fromkeys(p.phase.kind for p in timeline.phases))
        for kind in kinds:
            colour = KIND_COLOURS[kind].name()
            label = QLabel(f"<span style='color:{colour}'>■</span> {tr(KIND_NAMES[kind])}")
            self.legend.addWidget(label)
        self.legend.addStretch(1)

    # -- texts ------------------------------------------------------------------------------
    def retranslate(self) -> None:
        self.setAccessibleName(tr("Player"))
        self.empty_title.setText(tr("Nothing is playing"))
        self.empty_text.setText(tr("Start your next session from Home when you are ready."))
        self.empty_home.setText(tr("Go to Home"))
        self.previous_button.setText(tr("Previous phase"))
        self.next_button.setText(tr("Next phase"))
        self.stop_button.setText(tr("Stop"))
        for button in (self.previous_button, self.next_button, self.stop_button):
            button.setAccessibleName(button.text())
        self.previous_button.setAccessibleDescription(tr("Back to the start of this phase"))
        self.next_button.setAccessibleDescription(tr("On to the next phase"))
        self.stop_button.setAccessibleDescription(
            tr("Ends the session; what you practised is kept")
        )
        self.play_button.setAccessibleDescription(tr("Plays or pauses the session"))
        self.calm_button.setAccessibleDescription(tr("Full screen with only what you need"))
        self.wave.setAccessibleDescription(tr("The session's phases; click to move there"))
        self.voice_slider.setAccessibleDescription(tr("How loud the voice is"))
        self.bed_slider.setAccessibleDescription(tr("How loud the background sound is"))
        self.empty_home.setAccessibleDescription(tr("Shows Home, where the next session waits"))
        self.preparing_text.setText(tr("Preparing the sound…"))
        self.preparing_bar.setAccessibleName(tr("Preparing the sound"))
        self._set_icons()
        self.previous_button.setToolTip(
            tr("Back to the start of this phase, or to the one before ({key})", key=PREVIOUS_KEY)
        )
        self.next_button.setToolTip(tr("On to the next phase ({key})", key=NEXT_KEY))
        self.stop_button.setToolTip(
            tr("End the session here; what you practised is kept ({key})", key=STOP_KEY)
        )
        self.calm_button.setText(tr("Leave calm view") if self._calm else tr("Calm view"))
        self.calm_button.setAccessibleName(self.calm_button.text())
        self.calm_button.setToolTip(tr("Full screen with only what you need (F11)"))
        self.voice_label.setText(tr("&Voice"))
        self.bed_label.setText(tr("&Background"))
        self.voice_slider.setAccessibleName(tr("Voice volume"))
        self.bed_slider.setAccessibleName(tr("Background volume"))
        self.wave.retranslate()
        self.level_control.retranslate()
        self._fill_legend()
        self._on_state(self.playback.state)
        self._forget_tick()
        if self.playback.player is not None and self.playback.timeline is not None:
            self._on_tick(self.playback.player.snapshot())

    def set_calm(self, calm: bool) -> None:
        """Full-screen calm mode: no volume row, no legend; large words."""
        self._calm = calm
        self.volumes.setVisible(not calm)
        self.program_title.setVisible(not calm)
        self.calm_button.blockSignals(True)
        self.calm_button.setChecked(calm)
        self.calm_button.blockSignals(False)
        # The style sheet first: setting it re-polishes the children, palettes and fonts too.
        self.setStyleSheet(night_sheet(self.objectName()) if calm else "")
        self.setPalette(night_palette(self.palette()) if calm else QPalette())
        for drawn in (self.wave, getattr(self, "level_control", None)):
            if drawn is not None:  # widgets that paint with the palette's Base: dark too
                drawn.setPalette(night_palette(drawn.palette()) if calm else QPalette())
        font = QFont(self.caption.font())
        font.setPointSizeF(QFont().pointSizeF() * (1.6 if calm else 1.15))
        self.caption.setFont(font)
        # No scroll bar in the dark calm view (nothing bright on screen); the wheel still scrolls.
        self.upper_area.setVerticalScrollBarPolicy(
            Qt.ScrollBarPolicy.ScrollBarAlwaysOff if calm else Qt.ScrollBarPolicy.ScrollBarAsNeeded
        )
        if calm:
            self.fader.start()
        else:
            self.fader.stop()
        self.retranslate()

    def _set_icons(self) -> None:
        """The controls' icons in the colours of the light, dark or night palette."""
        pal = self.palette()
        ratio = self.devicePixelRatioF()
        playing = self.playback.state == "playing"
        self.play_button.setIcon(icons.on_accent_icon("pause" if playing else "play", pal, ratio))
        for name, button in (
            ("previous", self.previous_button),
            ("next", self.next_button),
            ("stop", self.stop_button),
            ("calm", self.calm_button),
        ):
            button.setIcon(icons.text_icon(name, pal, ratio))

    def changeEvent(self, event: Any) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange:
            self._set_icons()

    def show_completion(self, completed: bool, listened_s: float) -> None:
        """The session reached its end: a moment before the reflection (continue_requested)."""
        self.fader.wake()
        self._stack.setCurrentWidget(self.moment)
        self.moment.begin(completed, listened_s)

    def _announce(self, text: str) -> None:
        """Tells a screen reader the new phase, without moving the focus."""
        if text and QAccessible.isActive():
            QAccessible.updateAccessibility(QAccessibleAnnouncementEvent(self.phase_title, text))

    # -- playback ---------------------------------------------------------------------------
    def _on_opened(self) -> None:
        session, program = self.playback.session, self.playback.program
        self.session_title.setText(session.title if session else "")
        self.program_title.setText(program.title if program else "")
        self.wave.set_timeline(self.playback.timeline)
        self._on_level()
        self._forget_tick()
        self._fill_legend()
        self._stack.setCurrentIndex(1)

    def _on_level(self, *_: object) -> None:
        self.level_control.set_level(self.playback.level)
        self.wave.set_lived(self.playback.lived)

    def _on_state(self, state: str) -> None:
        playing = state == "playing"
        preparing = state == "preparing"
        self.play_button.setText(
            tr("Pause") if playing else (tr("Preparing…") if preparing else tr("Play"))
        )
        self.play_button.setAccessibleName(tr("Pause") if playing else tr("Play"))
        key = tr("Space")
        self.play_button.setToolTip(
            tr("Pause ({key})", key=key) if playing else tr("Play ({key})", key=key)
        )
        live = state in ("playing", "paused")
        for b in (self.play_button, self.previous_button, self.next_button, self.stop_button):
            b.setEnabled(live)
        if preparing:  # a new start: moving until its first fraction comes
            self.preparing_bar.setRange(0, 0)
        self.preparing.setVisible(preparing)
        self._set_icons()
        if preparing:
            # From the first moment after Start: the session's name and "Preparing…", not
            # "Nothing is playing" while the sound is made ready.
            self.moment.cancel()
            session, program = self.playback.session, self.playback.program
            self.session_title.setText(session.title if session else "")
            self.program_title.setText(program.title if program else "")
            if self.playback.timeline is None:
                self.phase_title.setText("")
                self.caption.setText("")
            self._stack.setCurrentIndex(1)
            return
        if self._stack.currentWidget() is self.moment:
            return  # the completion moment stays until it goes on
        if state in ("idle",) or self.playback.timeline is None:
            self._stack.setCurrentIndex(0)

    def _on_preparing(self, fraction: float) -> None:
        """How far the start is prepared (0.0 to 1.0): the bar fills from 0 to 100 %."""
        self.preparing_bar.setRange(0, 100)
        self.preparing_bar.setValue(round(100 * min(max(fraction, 0.0), 1.0)))

    def _on_tick(self, snap: Any) -> None:
        """About 33 times a second: move the cursor; words and clocks only when they change."""
        timeline = self.playback.timeline
        if timeline is None:
            return
        position = int(snap.position)
        if position == self._last_position:
            return  # paused or preparing: nothing moved
        self._last_position = position
        self.wave.set_position(position)
        timed = self._timed
        if timed is None or not timed.start <= position < timed.end:
            timed = self._timed = timeline.phase_at(position)
            phase = timed.phase
            self.phase_title.setText(phase.title or tr(KIND_NAMES.get(phase.kind, PHASE)))
            self.caption.setText(phase.script or phase.prompt or "")
            self._announce(self.phase_title.text())
        rate = timeline.rate
        if position // rate == self._last_second:
            return
        self._last_second = position // rate
        in_phase = max(0, position - timed.start) / rate
        set_clock_text(
            self.phase_time,
            tr(
                "Phase {elapsed} · {left} left",
                elapsed=clock_text(in_phase),
                left=clock_text(timed.length / rate - in_phase),
            ),
        )
        set_clock_text(
            self.session_time,
            tr(
                "Session {elapsed} of {total} · {left} left",
                elapsed=clock_text(position / rate),
                total=clock_text(timeline.seconds),
                left=clock_text(timeline.seconds - position / rate),
            ),
        )

    def _forget_tick(self) -> None:
        """Makes the next tick redraw the words and clocks (new session or language)."""
        self._last_position = -1
        self._last_second = -1
        self._timed = None
