"""Settings: practice days and time, reminders, privacy, language, sound, data."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QTime, QTimer, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSpinBox,
    QTimeEdit,
    QVBoxLayout,
    QWidget,
)

from ..core.program import WEEKDAYS, Weekday
from ..core.store import paths, setting
from .context import AppContext
from .i18n import N_, locale, tr
from .tasks import run_in_background
from .widgets import Card, describe, heading, muted, scrolling_page

SCHEDULE_DELAY_MS = 400  # ticking through days or minutes saves once, when the hand rests


def output_device_names() -> list[str]:
    """Names of the sound outputs (pool thread: PortAudio may take a moment)."""
    from ..engine import output_devices

    return [device.name for device in output_devices()]


class DaysPicker(QWidget):
    """Seven check boxes, Monday first."""

    def __init__(self) -> None:
        super().__init__()
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        self.boxes = {day: QCheckBox() for day in WEEKDAYS}
        for box in self.boxes.values():
            row.addWidget(box)
        row.addStretch(1)
        self.retranslate()

    def retranslate(self) -> None:
        loc = locale()
        for i, (_, box) in enumerate(self.boxes.items()):
            box.setText(loc.dayName(i + 1, loc.FormatType.ShortFormat))
            box.setAccessibleName(loc.dayName(i + 1))
            box.setAccessibleDescription(tr("Practise on this day"))

    def days(self) -> tuple[Weekday, ...]:
        return tuple(day for day, box in self.boxes.items() if box.isChecked())

    def set_days(self, days: tuple[str, ...]) -> None:
        for day, box in self.boxes.items():
            box.blockSignals(True)
            box.setChecked(day in days)
            box.blockSignals(False)


class SettingsView(QWidget):
    def __init__(self, context: AppContext) -> None:
        super().__init__()
        self.context = context
        box = scrolling_page(self, 16)
        self.title = heading()
        box.addWidget(self.title)
        self.sections: list[tuple[QLabel, Card]] = []
        self._build_practice(box)
        self._build_reminders(box)
        self._build_privacy(box)
        self._build_general(box)
        self._build_data(box)
        box.addStretch(1)
        self._schedule_timer = QTimer(self)
        self._schedule_timer.setSingleShot(True)
        self._schedule_timer.setInterval(SCHEDULE_DELAY_MS)
        self._schedule_timer.timeout.connect(self.save_schedule)
        context.language_changed.connect(self.retranslate)
        context.library_changed.connect(self.load_schedule)
        context.journal_ready.connect(self.load_schedule)
        context.settings_changed.connect(self._setting_changed)
        self.retranslate()
        self.load_schedule()

    def _section(self, box: QVBoxLayout) -> QFormLayout:
        label = heading(scale=1.15)
        card = Card()
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        card.body.addLayout(form)
        box.addWidget(label)
        box.addWidget(card)
        self.sections.append((label, card))
        return form

    def _check(self, key: str, on: bool) -> QCheckBox:
        box = QCheckBox()
        box.setChecked(on)
        box.toggled.connect(lambda on: self.context.set_setting(key, on))
        return box

    def _spin(self, key: str, value: int) -> QSpinBox:
        declared = setting(key)  # the bounds are the declaration's
        spin = QSpinBox()
        spin.setRange(int(declared.minimum or 0), int(declared.maximum or 0))
        spin.setValue(value)
        spin.valueChanged.connect(lambda v: self.context.set_setting(key, v))
        return spin

    def _build_practice(self, box: QVBoxLayout) -> None:
        form = self._section(box)
        self.days = DaysPicker()
        for b in self.days.boxes.values():
            b.toggled.connect(lambda _: self._schedule_timer.start())
        self.time = QTimeEdit()
        self.time.setDisplayFormat("HH:mm")
        self.time.setMaximumWidth(120)
        self.time.timeChanged.connect(lambda _: self._schedule_timer.start())
        self.days_label, self.time_label = QLabel(), QLabel()
        self.schedule_note = muted()
        form.addRow(self.days_label, self.days)
        form.addRow(self.time_label, self.time)
        form.addRow(self.schedule_note)

    def _build_reminders(self, box: QVBoxLayout) -> None:
        form = self._section(box)
        values = self.context.settings.values
        self.reminders = self._check("reminders", values.reminders)
        self.before = self._spin("remind_minutes_before", values.remind_minutes_before)
        self.tray = self._check("keep_in_tray", values.keep_in_tray)
        self.when_closed = QCheckBox()
        self.when_closed.setChecked(values.remind_when_closed == "yes")
        self.when_closed.toggled.connect(
            lambda on: self.context.set_setting("remind_when_closed", "yes" if on else "no")
        )
        self.before_label = QLabel()
        form.addRow(self.reminders)
        form.addRow(self.before_label, self.before)
        form.addRow(self.tray)
        form.addRow(self.when_closed)

    def _build_privacy(self, box: QVBoxLayout) -> None:
        form = self._section(box)
        values = self.context.settings.values
        self.discreet = self._check("discreet_mode", values.discreet_mode)
        self.discreet_note = muted()
        form.addRow(self.discreet)
        form.addRow(self.discreet_note)
        self.passphrase_button = QPushButton()
        self.passphrase_button.clicked.connect(self._passphrase)
        self.passphrase_note = muted()
        self.lock_after = self._spin("lock_after_minutes", values.lock_after_minutes)
        self.lock_label = QLabel()
        row = QHBoxLayout()
        row.addWidget(self.passphrase_button)
        row.addStretch(1)
        form.addRow(row)
        form.addRow(self.passphrase_note)
        form.addRow(self.lock_label, self.lock_after)

    def _build_general(self, box: QVBoxLayout) -> None:
        form = self._section(box)
        self.language = QComboBox()
        self.language.currentIndexChanged.connect(self._language_chosen)
        self.device = QComboBox()
        for combo in (self.language, self.device):
            # Sized for the words in the language shown now, not the one at first show
            # (Dutch "Systeemstandaard" was cut off to "Systeemstanda…").
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
            combo.setMinimumContentsLength(18)
        self.device.currentIndexChanged.connect(self._device_chosen)
        self.language_label, self.device_label = QLabel(), QLabel()
        form.addRow(self.language_label, self.language)
        form.addRow(self.device_label, self.device)
        self._devices: list[str] = []
        run_in_background(output_device_names, self._got_devices, lambda _: None)

    def _build_data(self, box: QVBoxLayout) -> None:
        form = self._section(box)
        self.folder = QLabel(str(paths.data_dir()))
        self.folder.setWordWrap(True)
        self.open_folder = QPushButton()
        self.open_folder.clicked.connect(
            lambda: QDesktopServices.openUrl(QUrl.fromLocalFile(str(paths.data_dir())))
        )
        self.folder_label = QLabel()
        form.addRow(self.folder_label, self.folder)
        row = QHBoxLayout()
        self.export_button = QPushButton()
        self.erase_button = QPushButton()
        self.export_button.clicked.connect(self._export)
        self.erase_button.clicked.connect(self._erase)
        for b in (self.open_folder, self.export_button, self.erase_button):
            row.addWidget(b)
        row.addStretch(1)
        form.addRow(row)

    # -- texts ------------------------------------------------------------------------------
    def retranslate(self) -> None:
        self.setAccessibleName(tr("Settings"))
        self.title.setText(tr("Settings"))
        names = (
            N_("Practice"),
            N_("Reminders"),
            N_("Privacy"),
            N_("Language and sound"),
            N_("Your data"),
        )
        for (label, card), name in zip(self.sections, names, strict=True):
            label.setText(tr(name))
            card.setAccessibleName(tr(name))
        self.days.retranslate()
        self.days_label.setText(tr("Practice days"))
        self.time_label.setText(tr("&Time"))
        self.time_label.setBuddy(self.time)
        self.time.setAccessibleName(tr("Practice time"))
        describe(self.time, tr("The time of day your sessions are planned"))
        describe(self.reminders, tr("A quiet notification when it is time to practise"))
        describe(self.before, tr("How long before practice time the reminder comes"))
        describe(self.tray, tr("Reminders keep coming while the window is closed"))
        describe(
            self.discreet, tr("A neutral title, icon and reminder text that do not name the app")
        )
        describe(self.passphrase_button, tr("Encrypts your journal with a passphrase"))
        describe(self.lock_after, tr("Locks an encrypted journal when you have been away"))
        describe(self.language, tr("The language of the app"), tr("Language"))
        describe(self.device, tr("Where the sound of the sessions plays"), tr("Sound output"))
        describe(self.open_folder, tr("Shows the folder with your journal and programs"))
        describe(self.export_button, tr("Saves a report of your practice to bring to your coach."))
        describe(self.erase_button, tr("Deletes your journal, settings and programs; asks first"))
        self.schedule_note.setText(
            tr("Your sessions are planned on these days; a missed one simply moves on.")
        )
        self.reminders.setText(tr("Remind me at practice time"))
        self.before_label.setText(tr("Minutes before"))
        self.before.setAccessibleName(tr("Remind me this many minutes before"))
        self.tray.setText(tr("Keep running in the system tray when the window is closed"))
        self.when_closed.setText(tr("Remind me even when the window is closed"))
        self.when_closed.setToolTip(tr("Starts the app in the system tray when you log in."))
        self.discreet.setText(tr("Discreet mode"))
        self.discreet_note.setText(
            tr(
                "A neutral window title and reminder text. Ctrl+Shift+H (or Escape twice) "
                "pauses and hides the window at once."
            )
        )
        encrypted = bool(getattr(self.context, "encrypted", False))
        self.passphrase_button.setText(
            tr("Change or remove passphrase…") if encrypted else tr("Set a passphrase…")
        )
        self.passphrase_note.setText(
            tr(
                "A passphrase encrypts your journal on this computer. Without the "
                "passphrase the data cannot be recovered, by anyone."
            )
        )
        self.lock_label.setText(tr("Lock after idle minutes (0: never)"))
        self.lock_after.setAccessibleName(tr("Lock after this many idle minutes (0: never)"))
        self.language_label.setText(tr("&Language"))
        self.language_label.setBuddy(self.language)
        self.language.blockSignals(True)
        self.language.clear()
        for code, name in (
            ("system", tr("System language")),
            ("en", "English"),
            ("nl", "Nederlands"),
        ):
            self.language.addItem(name, code)
        self.language.setCurrentIndex(
            max(0, self.language.findData(self.context.settings.values.language))
        )
        self.language.blockSignals(False)
        self.device_label.setText(tr("Sound &output"))
        self.device_label.setBuddy(self.device)
        self._fill_devices()
        self.folder_label.setText(tr("Data folder"))
        self.open_folder.setText(tr("Open folder"))
        self.export_button.setText(tr("Export report…"))
        self.erase_button.setText(tr("Delete all my data…"))

    # -- schedule ---------------------------------------------------------------------------
    def load_schedule(self) -> None:
        program = self.context.program
        if program is None or not self.context.journal_open:
            return
        self.context.with_journal(
            lambda j: self.context.schedule_for(j, program), self._show_schedule
        )

    def _show_schedule(self, schedule: Any) -> None:
        self._schedule = schedule
        self.days.set_days(tuple(schedule.days))
        hour, minute = (int(x) for x in schedule.time.split(":"))
        self.time.blockSignals(True)
        self.time.setTime(QTime(hour, minute))
        self.time.blockSignals(False)

    def save_schedule(self) -> None:
        """Writes the practice days and time for the active program; the plan follows."""
        from dataclasses import replace

        from ..core import practice

        self._schedule_timer.stop()
        program = self.context.program
        days = self.days.days()
        if program is None or not days:
            return
        time = self.time.time().toString("HH:mm")
        old = getattr(self, "_schedule", None)
        schedule = (
            replace(old, days=days, time=time)
            if old is not None
            else practice.PracticeSchedule(days, time, self.context.timezone)
        )
        self._schedule = schedule
        self.context.with_journal(lambda j: j.set_schedule(program.id, schedule), changes=True)

    # -- other settings ---------------------------------------------------------------------
    def _setting_changed(self, key: str) -> None:
        if key == "discreet_mode":
            self.discreet.setChecked(self.context.settings.values.discreet_mode)

    def _language_chosen(self, index: int) -> None:
        code = self.language.itemData(index)
        if code:
            self.context.set_setting("language", code)

    def _got_devices(self, names: list[str]) -> None:
        self._devices = names
        self._fill_devices()

    def _fill_devices(self) -> None:
        self.device.blockSignals(True)
        self.device.clear()
        self.device.addItem(tr("System default"), "")
        for name in self._devices:
            self.device.addItem(name, name)
        self.device.setCurrentIndex(
            max(0, self.device.findData(self.context.settings.values.audio_device))
        )
        self.device.blockSignals(False)

    def _device_chosen(self, index: int) -> None:
        self.context.set_setting("audio_device", self.device.itemData(index) or "")

    def _passphrase(self) -> None:
        from .privacy import PassphraseDialog

        PassphraseDialog(self.context, self, changed=self.retranslate).exec()
        self.retranslate()

    def _export(self) -> None:
        from .export_dialog import ExportDialog

        ExportDialog(self.context, self).exec()

    def _erase(self) -> None:
        from .privacy import confirm_and_erase

        confirm_and_erase(self.context, self)
