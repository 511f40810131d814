"""The timeline widget: paints any plan shape readably, tooltips, clicks, high DPI."""

from __future__ import annotations

from datetime import datetime

import pytest
from helpers import START
from PySide6.QtCore import QEvent, QPoint, QPointF, Qt
from PySide6.QtGui import QHelpEvent, QImage, QPainter
from PySide6.QtWidgets import QApplication, QToolTip
from pytestqt.qtbot import QtBot

from planner.plan.engine import build_plan
from planner.plan.models import Plan
from planner.plan.patient import AgeGroup, Patient, PlanRequest
from ui.timeline import TimelineWidget
from ui.timeline_data import EMPTY, TimelineData, timeline_from_plan


def _plan(indication: str, product: str, weight: float, days: int | None = None,
          child: bool = False, start: datetime = START) -> Plan:
    return build_plan(PlanRequest(
        patient=Patient(weight_kg=weight, age_group=AgeGroup.CHILD if child else AgeGroup.ADULT),
        indication_id=indication, product_id=product, days=days, start=start,
    ))


_KAWASAKI = _plan("kawasaki", "privigen", 12, child=True, start=datetime(2026, 12, 1, 20, 0))
# a bag given as one step (Kawasaki now keeps the label's start, so its day has several)
ONE_STEP = _KAWASAKI.model_copy(update={"days": (_KAWASAKI.days[0].model_copy(
    update={"steps": _KAWASAKI.days[0].steps[-1:]}),)})
FIVE_BY_EIGHT = _plan("itp", "bivigam", 70, days=5)


def _render(widget: TimelineWidget, width: int, height: int, ratio: float = 1.0) -> QImage:
    widget.resize(width, height)
    image = QImage(int(width * ratio), int(height * ratio), QImage.Format.Format_ARGB32)
    image.setDevicePixelRatio(ratio)
    image.fill(0)
    painter = QPainter(image)
    widget.render(painter, QPoint(0, 0))
    painter.end()
    return image


def _overlaps(widget: TimelineWidget) -> list[tuple[str, str]]:
    boxes = widget.drawn_labels
    return [
        (a.label, b.label)
        for i, (a, box_a) in enumerate(boxes) for (b, box_b) in boxes[i + 1:]
        if box_a.intersects(box_b)
    ]


def test_five_day_course_of_eight_steps_labels_every_step(qtbot: QtBot) -> None:
    assert [len(d.steps) for d in FIVE_BY_EIGHT.days] == [8] * 5
    widget = TimelineWidget()
    qtbot.addWidget(widget)
    widget.set_data(timeline_from_plan(FIVE_BY_EIGHT))
    _render(widget, 980, 420)
    assert len(widget.drawn_labels) == 40
    assert _overlaps(widget) == []
    labels = [step.label for step, _ in widget.drawn_labels]
    assert labels[:8] == [f"{s.rate_ml_h:.1f}" for s in FIVE_BY_EIGHT.days[0].steps]


@pytest.mark.parametrize(("width", "height"), [(600, 240), (420, 200), (360, 160)])
def test_narrow_timeline_never_overlaps_labels(qtbot: QtBot, width: int, height: int) -> None:
    widget = TimelineWidget()
    qtbot.addWidget(widget)
    widget.set_data(timeline_from_plan(FIVE_BY_EIGHT))
    _render(widget, width, height)
    assert _overlaps(widget) == []
    for step, box in widget.drawn_labels:  # every label stays inside the widget
        assert box.left() >= 0 and box.right() <= width, step.label


def test_one_step_bag(qtbot: QtBot) -> None:
    widget = TimelineWidget()
    qtbot.addWidget(widget)
    data = timeline_from_plan(ONE_STEP)
    widget.set_data(data)
    image = _render(widget, 900, 300)
    assert [s.label for s, _ in widget.drawn_labels] == [data.lanes[0].steps[0].label]
    assert not image.isNull()


@pytest.mark.parametrize("ratio", [1.0, 1.5, 2.0])
def test_high_dpi_rendering_is_the_same_layout(qtbot: QtBot, ratio: float) -> None:
    widget = TimelineWidget()
    qtbot.addWidget(widget)
    widget.set_data(timeline_from_plan(FIVE_BY_EIGHT))
    image = _render(widget, 900, 400, ratio)
    assert image.width() == int(900 * ratio)
    assert len(widget.drawn_labels) == 40  # logical layout does not depend on the ratio


def test_size_hint_grows_with_days(qtbot: QtBot) -> None:
    widget = TimelineWidget()
    qtbot.addWidget(widget)
    widget.set_data(timeline_from_plan(ONE_STEP))
    one = widget.sizeHint().height()
    widget.set_data(timeline_from_plan(FIVE_BY_EIGHT))
    assert widget.sizeHint().height() > one
    assert widget.minimumSizeHint().height() <= widget.sizeHint().height()


def test_empty_and_stale_paint(qtbot: QtBot) -> None:
    widget = TimelineWidget()
    qtbot.addWidget(widget)
    widget.set_data(EMPTY)
    _render(widget, 500, 200)
    assert widget.drawn_labels == []
    widget.set_data(timeline_from_plan(FIVE_BY_EIGHT))
    widget.set_stale(True)
    _render(widget, 900, 400)
    assert len(widget.drawn_labels) == 40


def test_click_emits_the_step(qtbot: QtBot) -> None:
    widget = TimelineWidget()
    qtbot.addWidget(widget)
    widget.set_data(timeline_from_plan(FIVE_BY_EIGHT))
    widget.resize(900, 400)
    widget.show()
    qtbot.waitExposed(widget)
    with qtbot.waitSignal(widget.stepClicked) as signal:
        qtbot.mouseClick(widget, Qt.MouseButton.LeftButton,
                         pos=widget.step_center(4, 7).toPoint())
    assert signal.args == [4, 7]
    with qtbot.assertNotEmitted(widget.stepClicked):
        qtbot.mouseClick(widget, Qt.MouseButton.LeftButton, pos=QPoint(2, 2))


def test_hover_shows_the_steps_numbers(qtbot: QtBot) -> None:
    widget = TimelineWidget()
    qtbot.addWidget(widget)
    data: TimelineData = timeline_from_plan(FIVE_BY_EIGHT)
    widget.set_data(data)
    widget.resize(900, 400)
    widget.show()
    qtbot.waitExposed(widget)
    point = widget.step_center(0, 2).toPoint()
    assert widget.step_at(QPointF(point)) == data.lanes[0].steps[2]
    event = QHelpEvent(QEvent.Type.ToolTip, point, widget.mapToGlobal(point))
    QApplication.sendEvent(widget, event)
    step = FIVE_BY_EIGHT.days[0].steps[2]
    tip = data.lanes[0].steps[2].tooltip
    assert f"{step.rate_ml_h:.1f} mL/h" in tip and f"{step.start:%H:%M}" in tip
    if QToolTip.isVisible():
        assert QToolTip.text() == tip
    QToolTip.hideText()
