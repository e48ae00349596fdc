"""Recording a phase's voice in place: device, meter, count-in, teleprompter, stop, listen,
retake; then trim, level and fades (each can be switched off again), and "Use this take".

The dialog polls the take's meter every 50 ms (the audio thread never calls the GUI). The
raw take is kept outside the programme folder (the data folder's studio-takes/), so a
pack never carries it; the finished clip goes to audio/ under a safe name.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtGui import QColor, QFont, QKeySequence, QPainter, QPaintEvent, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ...core.problems import UserError, describe_error
from ...engine import ListenBack, Take
from ..i18n import tr
from ..tasks import run_in_background

COUNT_IN = 3
METER_LOW_DB = -60.0


class LevelMeter(QWidget):
    """Two bars (peak, momentary) from -60 dB to 0 dB with the target marked."""

    def __init__(self) -> None:
        super().__init__()
        self.peak: float | None = None
        self.momentary: float | None = None
        self.target: float | None = -18.0
        self.setMinimumHeight(44)

    def set_levels(self, peak: float | None, momentary: float | None) -> None:
        self.peak, self.momentary = peak, momentary
        self.update()

    def _x(self, db: float) -> float:
        return max(0.0, min(1.0, (db - METER_LOW_DB) / -METER_LOW_DB)) * self.width()

    def paintEvent(self, event: QPaintEvent) -> None:
        p = QPainter(self)
        h = self.height() / 2
        p.fillRect(self.rect(), self.palette().base())
        for row, value, colour in (
            (0, self.peak, QColor(222, 112, 92)),
            (1, self.momentary, QColor(72, 170, 150)),
        ):
            if value is not None:
                p.fillRect(0, int(row * h) + 2, int(self._x(value)), int(h) - 4, colour)
        if self.target is not None:
            x = int(self._x(self.target))
            p.setPen(self.palette().text().color())
            p.drawLine(x, 0, x, self.height())
        p.end()


class RecordDialog(QDialog):
    """Accepted with `clip` (the finished file under audio/) to use for the phase."""

    def __init__(
        self, parent: QWidget | None, script: str, target_lufs: float | None, raw: Path, clip: Path
    ) -> None:
        super().__init__(parent)
        from ...engine import input_devices

        self.raw, self.clip_path, self.target = raw, clip, target_lufs
        self.clip: Path | None = None
        self._take: Take | None = None
        self._listen: ListenBack | None = None
        self._count = 0
        self.setWindowTitle(tr("Record the voice"))
        layout = QVBoxLayout(self)
        row = QHBoxLayout()
        self.device_label = QLabel(tr("&Input device"))
        self.device = QComboBox()
        self.device.addItem(tr("System default"), None)
        for device in input_devices():
            self.device.addItem(device.name, device.index)
        self.device_label.setBuddy(self.device)
        self.device.setAccessibleName(tr("Input device"))
        row.addWidget(self.device_label)
        row.addWidget(self.device, 1)
        layout.addLayout(row)
        self.meter = LevelMeter()
        self.meter.target = target_lufs
        self.meter.setAccessibleName(tr("Input level"))
        layout.addWidget(self.meter)
        self.levels = QLabel()
        layout.addWidget(self.levels)
        self.prompter = QPlainTextEdit(script)
        self.prompter.setReadOnly(True)
        font = QFont(self.prompter.font())
        font.setPointSizeF(font.pointSizeF() * 2.2)
        self.prompter.setFont(font)
        self.prompter.setAccessibleName(tr("Teleprompter: the phase's script"))
        layout.addWidget(self.prompter, 1)
        self.status = QLabel()
        self.status.setWordWrap(True)
        layout.addWidget(self.status)
        steps = QHBoxLayout()
        self.trim = QCheckBox(tr("&Trim silence (keep ½ s of room tone)"))
        self.level = QCheckBox(
            tr("&Level to {target} LUFS", target=format(target_lufs, ".0f"))
            if target_lufs is not None
            else tr("&Level (loudness is off)")
        )
        self.fade = QCheckBox(tr("&Fades at the cuts"))
        for box in (self.trim, self.level, self.fade):
            box.setChecked(True)
            box.toggled.connect(self._finish)
            steps.addWidget(box)
        self.level.setEnabled(target_lufs is not None)
        layout.addLayout(steps)
        buttons = QHBoxLayout()
        self.record = QPushButton(tr("&Record"))
        # Ctrl+R records and stops: a QShortcut, because a button's own shortcut is replaced
        # by its mnemonic whenever its text changes (Record -> Stop -> Retake)
        QShortcut(QKeySequence("Ctrl+R"), self, self.toggle_recording)
        self.record.clicked.connect(self.toggle_recording)
        self.listen = QPushButton(tr("Li&sten"))
        self.listen.clicked.connect(self._listen_back)
        self.use = QPushButton(tr("&Use this take"))
        self.use.clicked.connect(self.accept)
        cancel = QPushButton(tr("Cancel"))
        cancel.clicked.connect(self.reject)
        for b in (self.record, self.listen, self.use, cancel):
            buttons.addWidget(b)
        layout.addLayout(buttons)
        self.listen.setEnabled(False)
        self.use.setEnabled(False)
        self.resize(720, 520)
        self._timer = QTimer(self)
        self._timer.setInterval(50)
        self._timer.timeout.connect(self._poll)
        self._count_timer = QTimer(self)
        self._count_timer.setInterval(1000)
        self._count_timer.timeout.connect(self._count_down)
        self.status.setText(
            tr("Press Record (Ctrl+R): a count-in of {n} seconds, then speak.", n=COUNT_IN)
        )

    # recording ----------------------------------------------------------------------------
    def toggle_recording(self) -> None:
        if self._take is not None or self._count_timer.isActive():
            self.stop_recording()
        else:
            self._stop_listening()
            self._count = COUNT_IN
            self.record.setText(tr("&Stop"))
            self.status.setText(tr("Recording starts in {n}…", n=self._count))
            self._count_timer.start()

    def _count_down(self) -> None:
        self._count -= 1
        if self._count > 0:
            self.status.setText(tr("Recording starts in {n}…", n=self._count))
            return
        self._count_timer.stop()
        self.start_recording()

    def start_recording(self) -> None:
        from ...engine import RecordingError, Take

        self._take = Take(self.raw, device=self.device.currentData())
        try:
            self._take.start()
        except RecordingError as error:
            self._take = None
            self.record.setText(tr("&Record"))
            self.status.setText(str(error))
            return
        self.record.setText(tr("&Stop"))
        self.status.setText(tr("Recording… speak now. Stop with Ctrl+R."))
        self.use.setEnabled(False)
        self._timer.start()

    def stop_recording(self) -> None:
        self._count_timer.stop()
        self._timer.stop()
        self.record.setText(tr("&Retake"))
        if self._take is None:
            self.status.setText("")
            return
        seconds = self._take.stop()
        self._take = None
        self.status.setText(tr("Recorded {s} s. Trimming and levelling…", s=format(seconds, ".1f")))
        self._finish()

    def _poll(self) -> None:
        if self._take is None:
            return
        m = self._take.meter()
        self.meter.set_levels(m.peak_dbfs, m.momentary_db)
        peak = "–" if m.peak_dbfs is None else format(m.peak_dbfs, ".0f")
        loud = "–" if m.momentary_db is None else format(m.momentary_db, ".0f")
        self.levels.setText(
            tr(
                "{t} s · peak {peak} dBFS · momentary {loud} LUFS · target {target}",
                t=format(m.seconds, ".1f"),
                peak=peak,
                loud=loud,
                target="off" if self.target is None else format(self.target, ".0f"),
            )
        )

    # after the take -------------------------------------------------------------------------
    def _finish(self) -> None:
        from ...engine import TakeSteps, finish_take

        if not self.raw.is_file() or self._take is not None:
            return
        steps = TakeSteps(self.trim.isChecked(), self.level.isChecked(), self.fade.isChecked())
        raw, out, target = self.raw, self.clip_path, self.target
        self.use.setEnabled(False)
        run_in_background(
            lambda: finish_take(raw, out, target, steps), self._finished, self._failed
        )

    def _finished(self, result: object) -> None:
        from ...engine import FinishedTake

        assert isinstance(result, FinishedTake)
        self.clip = result.path
        lufs = "–" if result.lufs is None else format(result.lufs, ".1f")
        text = tr(
            "Ready: {s} s, {lufs} LUFS (trimmed {a} s at the start and {b} s at the end, "
            "gain {g} dB).",
            s=format(result.seconds, ".1f"),
            lufs=lufs,
            a=format(result.cut_start_s, ".1f"),
            b=format(result.cut_end_s, ".1f"),
            g=format(result.gain_db, "+.1f"),
        )
        self.status.setText("\n".join([text, *result.warnings]))
        self.listen.setEnabled(True)
        self.use.setEnabled(True)

    def _failed(self, error: BaseException) -> None:
        self.status.setText(describe_error(error))

    def _listen_back(self) -> None:
        from ...engine import ListenBack, RecordingError

        self._stop_listening()
        if self.clip is None:
            return
        try:
            self._listen = ListenBack(self.clip)
            self._listen.play()
        except (RecordingError, UserError) as error:
            self.status.setText(str(error))

    def _stop_listening(self) -> None:
        if self._listen is not None:
            self._listen.stop()
            self._listen = None

    def done(self, result: int) -> None:
        if self._take is not None:
            self._take.stop()
            self._take = None
        self._timer.stop()
        self._count_timer.stop()
        self._stop_listening()
        super().done(result)
