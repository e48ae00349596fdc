"""Rating scales (issue 12, major 5): a click sets the value under the pointer, and the scale
shows no value until the participant chooses one."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QApplication, QSlider, QStyle, QStyleOptionSlider


def _reflection_scale(app: Any, qtbot: Any) -> Any:
    app.window.start_session("w1-1")
    qtbot.waitUntil(lambda: app.window.playback.state == "playing", timeout=5000)
    app.play_to_end(qtbot)
    app.continue_to_reflection()
    field = app.view("reflection").fields[0]
    assert field.prompt.type == "scale" and (field.prompt.min, field.prompt.max) == (0, 10)
    QApplication.processEvents()
    return field


def _point_of(slider: QSlider, value: int) -> QPoint:
    """Where the centre of the handle would be for `value` (the style's own geometry)."""
    option = QStyleOptionSlider()
    slider.initStyleOption(option)
    style = slider.style()
    groove = style.subControlRect(
        QStyle.ComplexControl.CC_Slider, option, QStyle.SubControl.SC_SliderGroove, slider
    )
    handle = style.subControlRect(
        QStyle.ComplexControl.CC_Slider, option, QStyle.SubControl.SC_SliderHandle, slider
    )
    span = groove.width() - handle.width()
    x = (
        groove.x()
        + handle.width() // 2
        + QStyle.sliderPositionFromValue(slider.minimum(), slider.maximum(), value, span)
    )
    return QPoint(x, slider.height() // 2)


def test_a_click_on_the_track_sets_the_value_under_the_pointer(make_app: Any, qtbot: Any) -> None:
    app = make_app()
    field = _reflection_scale(app, qtbot)
    assert field.value() is None
    qtbot.mouseClick(field.slider, Qt.MouseButton.LeftButton, pos=_point_of(field.slider, 7))
    assert field.value() == 7
    assert field.value_label.text() == "7 of 10"
    qtbot.mouseClick(field.slider, Qt.MouseButton.LeftButton, pos=_point_of(field.slider, 2))
    assert field.value() == 2


def test_the_scale_shows_no_value_until_one_is_chosen(make_app: Any, qtbot: Any) -> None:
    app = make_app()
    field = _reflection_scale(app, qtbot)
    slider = field.slider
    assert field.value_label.text() == "not yet"
    before = slider.grab().toImage()
    slider.blockSignals(True)
    slider.setValue(0)  # where a handle would be drawn if there were one
    slider.blockSignals(False)
    assert slider.grab().toImage() == before  # no handle: nothing moved
    assert field.value() is None
    qtbot.mouseClick(slider, Qt.MouseButton.LeftButton, pos=_point_of(slider, 5))  # the middle
    assert field.value() == 5  # choosing the middle is a choice too
    assert slider.grab().toImage() != before


def test_the_keyboard_chooses_too(make_app: Any, qtbot: Any) -> None:
    app = make_app()
    field = _reflection_scale(app, qtbot)
    field.slider.setFocus()
    qtbot.keyClick(field.slider, Qt.Key.Key_Right)
    assert field.value() == 5  # the first key shows the handle where it waited
    qtbot.keyClick(field.slider, Qt.Key.Key_Right)
    assert field.value() == 6
    qtbot.keyClick(field.slider, Qt.Key.Key_3)
    assert field.value() == 3
    assert "now: 3 of 10" in field.slider.accessibleDescription()
