"""The Player: the wave of the session, the phase's words, the clock and the controls."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSlider,
    QStackedLayout,
    QVBoxLayout,
    QWidget,
)

from .context import AppContext
from .i18n import tr
from .keys import NEXT_KEY, PREVIOUS_KEY, STOP_KEY
from .level_control import LevelControl, level_shortcuts
from .playback import Playback
from .wave import KIND_COLOURS, KIND_NAMES, PHASE, WaveTimeline
from .widgets import clear_layout, clock_text, heading, muted


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


class PlayerView(QWidget):
    fullscreen_requested = Signal(bool)
    go_home = Signal()

    def __init__(self, context: AppContext, playback: Playback) -> None:
        super().__init__()
        self.context = context
        self.playback = playback
        self._last_position = -1
        self._last_second = -1
        self._timed: Any = None  # the TimedPhase under the cursor
        self._calm = False
        self._stack = QStackedLayout(self)
        self._stack.addWidget(self._build_empty())
        self._stack.addWidget(self._build_player())
        playback.opened.connect(self._on_opened)
        playback.tick.connect(self._on_tick)
        playback.state_changed.connect(self._on_state)
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
        page = QWidget()
        box = QVBoxLayout(page)
        box.setContentsMargins(32, 24, 32, 24)
        box.setSpacing(14)
        self.session_title = heading(scale=1.3)
        self.program_title = muted()
        box.addWidget(self.program_title)
        box.addWidget(self.session_title)
        self.wave = WaveTimeline()
        self.wave.seek_requested.connect(self.playback.seek)
        wave_row = QHBoxLayout()
        wave_row.addWidget(self.wave, 1)
        self.level_control = LevelControl()  # the lived level, beside the wave
        self.level_control.level_chosen.connect(self.playback.give_level)
        self.playback.level_given.connect(self._on_level)
        self._level_keys = level_shortcuts(self, self.playback.level_key)
        wave_row.addWidget(self.level_control)
        box.addLayout(wave_row, 2)
        self.legend = QHBoxLayout()
        box.addLayout(self.legend)
        self.phase_title = heading(scale=1.5)
        self.phase_title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.caption = QLabel()
        self.caption.setWordWrap(True)
        self.caption.setAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
        self.caption.setMinimumHeight(60)
        box.addWidget(self.phase_title)
        box.addWidget(self.caption, 1)
        times = QHBoxLayout()
        self.phase_time = muted()
        self.session_time = muted()
        self.session_time.setAlignment(Qt.AlignmentFlag.AlignRight)
        for label in (self.phase_time, self.session_time):
            label.setWordWrap(False)
        times.addWidget(self.phase_time)
        times.addStretch(1)
        times.addWidget(self.session_time)
        box.addLayout(times)

        controls = QHBoxLayout()
        self.previous_button = QPushButton()
        self.play_button = QPushButton()
        self.play_button.setMinimumWidth(140)
        self.play_button.setMinimumHeight(40)
        self.next_button = QPushButton()
        self.stop_button = QPushButton()
        self.calm_button = QPushButton()
        self.calm_button.setCheckable(True)
        self.previous_button.clicked.connect(self.playback.previous_phase)
        self.play_button.clicked.connect(self.playback.toggle)
        self.next_button.clicked.connect(self.playback.next_phase)
        self.stop_button.clicked.connect(self.playback.stop)
        self.calm_button.toggled.connect(self.fullscreen_requested)
        controls.addStretch(1)
        for b in (self.previous_button, self.play_button, self.next_button, self.stop_button):
            controls.addWidget(b)
        controls.addStretch(1)
        controls.addWidget(self.calm_button)
        box.addLayout(controls)

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
        box.addWidget(self.volumes)
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
        self.previous_button.setToolTip(
            tr("Back to the start of this phase, or to the one before ({key})", key=PREVIOUS_KEY)
        )
        self.next_button.setToolTip(tr("On to the next phase ({key})", key=NEXT_KEY))
        self.stop_button.setToolTip(
            tr("End the session here; what you practised is kept ({key})", key=STOP_KEY)
        )
        self.calm_button.setText(tr("Leave calm view") if self._calm else tr("Calm view"))
        self.calm_button.setToolTip(tr("Full screen with only what you need (F11)"))
        self.voice_label.setText(tr("&Voice"))
        self.bed_label.setText(tr("&Background"))
        self.voice_slider.setAccessibleName(tr("Voice volume"))
        self.bed_slider.setAccessibleName(tr("Background volume"))
        self.play_button.setToolTip(tr("Play or pause ({key})", key=tr("Space")))
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
        font = QFont(self.caption.font())
        font.setPointSizeF(QFont().pointSizeF() * (1.6 if calm else 1.15))
        self.caption.setFont(font)
        self.calm_button.blockSignals(True)
        self.calm_button.setChecked(calm)
        self.calm_button.blockSignals(False)
        self.retranslate()

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
        self.play_button.setText(
            tr("Pause") if playing else (tr("Preparing…") if state == "preparing" else tr("Play"))
        )
        self.play_button.setAccessibleName(tr("Pause") if playing else tr("Play"))
        live = state in ("playing", "paused")
        for b in (self.play_button, self.previous_button, self.next_button, self.stop_button):
            b.setEnabled(live)
        if state in ("idle",) or self.playback.timeline is None:
            self._stack.setCurrentIndex(0)

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
