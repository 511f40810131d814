"""The main window's timeline draws what really ran on a day with recorded events."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, QPoint, QPointF
from PySide6.QtGui import QHelpEvent, QImage, QPainter
from PySide6.QtWidgets import QApplication, QMessageBox, QToolTip
from pytestqt.qtbot import QtBot

from planner.bedside.course import save_course
from planner.bedside.events import EventKind, InfusionEvent, ResumeRate
from planner.bedside.replan import replan_course
from planner.plan.engine import build_plan
from planner.plan.patient import Patient, PlanRequest
from planner.regimen.loading import bundled_regimen
from ui.main_window import MainWindow
from ui.timeline import TimelineWidget
from ui.timeline_data import RunKind, TimelineData, replan_for_timeline, timeline_from_plan

START = datetime(2026, 12, 1, 8, 0)
REQUEST = PlanRequest(patient=Patient(weight_kg=70, name="Ann Lee"),
                      indication_id="cidp-loading", product_id="privigen", start=START)
EVENTS = (
    InfusionEvent(day=1, kind=EventKind.STARTED, time=START.replace(minute=10)),
    InfusionEvent(day=1, kind=EventKind.PAUSED, time=START.replace(hour=9), reason="chills"),
    InfusionEvent(day=1, kind=EventKind.RESUMED, time=START.replace(hour=9, minute=20),
                  resume=ResumeRate.PREVIOUS),
)


def recorded_data(events: tuple[InfusionEvent, ...] = EVENTS) -> TimelineData:
    loaded = bundled_regimen()
    plan = build_plan(REQUEST, loaded)
    return timeline_from_plan(plan, replan_course(plan, REQUEST, loaded, events))


def render(widget: TimelineWidget, width: int = 1000, height: int = 420) -> None:
    widget.resize(width, height)
    image = QImage(width, height, QImage.Format.Format_ARGB32)
    image.fill(0)
    painter = QPainter(image)
    widget.render(painter, QPoint(0, 0))
    painter.end()


def test_recorded_runs_events_and_legend_are_drawn(qtbot: QtBot) -> None:
    widget = TimelineWidget()
    qtbot.addWidget(widget)
    data = recorded_data()
    widget.set_data(data)
    render(widget)
    lane = data.lanes[0]
    assert [run for run, _ in widget.drawn_runs] == list(lane.runs)
    assert all(mark in [m for m, _ in widget.drawn_marks] for mark in lane.events)
    words = [text for text, _ in widget.drawn_legend]
    assert words[:2] == ["planned", "actual (recorded)"]
    assert "paused" in words and "re-planned rest" in words
    lanes_bottom = max(box.bottom() for _, box in widget.drawn_runs)
    for _, box in widget.drawn_legend:  # under the lanes, inside the widget, apart
        assert box.top() >= lanes_bottom and box.bottom() <= widget.height()
    boxes = [box for _, box in widget.drawn_legend]
    assert not any(a.intersects(b) for i, a in enumerate(boxes) for b in boxes[i + 1:])
    for _, label in widget.drawn_labels:  # no step number under an event dot
        for mark, dot in widget.drawn_marks:
            if mark in lane.events:
                assert not label.intersects(dot.adjusted(1, 1, -1, -1))


def test_without_events_there_is_no_legend_and_no_run(qtbot: QtBot) -> None:
    widget = TimelineWidget()
    qtbot.addWidget(widget)
    widget.set_data(recorded_data(()))
    render(widget)
    assert widget.drawn_runs == [] and widget.drawn_legend == []
    assert "actual" not in widget.accessibleDescription()


def test_tooltip_and_accessible_text_say_what_ran(qtbot: QtBot) -> None:
    widget = TimelineWidget()
    qtbot.addWidget(widget)
    data = recorded_data()
    widget.set_data(data)
    widget.resize(1000, 420)
    widget.show()
    qtbot.waitExposed(widget)
    assert "Day 1 actual (recorded, running): 08:10–" in widget.accessibleDescription()
    assert "09:00–09:20 paused: nothing ran" in widget.accessibleDescription()
    pause = data.lanes[0].runs_of(RunKind.PAUSED)[0]
    render(widget)  # the same size: the boxes of the last paint
    box = next(box for run, box in widget.drawn_runs if run == pause)
    point = QPointF(box.center().x(), box.top() + 3)
    found = widget.run_at(point)
    assert found is not None and found[1] == pause
    event = QHelpEvent(QEvent.Type.ToolTip, point.toPoint(), widget.mapToGlobal(point.toPoint()))
    QApplication.sendEvent(widget, event)
    if QToolTip.isVisible():
        assert "paused: nothing ran" in QToolTip.text()
    QToolTip.hideText()
    started = data.lanes[0].events[0]
    dot = next(box for mark, box in widget.drawn_marks if mark == started)
    assert widget.mark_at(dot.center()) == started and "Started" in started.tooltip


def plan_file(tmp_path: Path, events: tuple[InfusionEvent, ...]) -> Path:
    return save_course(tmp_path / "ann.ivplan", REQUEST, bundled_regimen(), events)


def test_the_main_window_follows_the_recorded_events(
    window: MainWindow, tmp_path: Path
) -> None:
    assert window.open_plan(plan_file(tmp_path, EVENTS[:1]))
    timeline = window.result.timeline
    lane = timeline.data().lanes[0]
    assert lane.recorded and [m.label for m in lane.events] == ["Started"]
    assert not timeline.data().lanes[1].recorded
    window.events.replace(EVENTS)  # what the chair window does when the nurse records
    lane = timeline.data().lanes[0]
    assert [m.label for m in lane.events] == ["Started", "Paused", "Resumed"]
    assert lane.runs_of(RunKind.PAUSED)
    assert "paused: nothing ran" in timeline.accessibleDescription()
    window.new_form(confirm=False)  # another patient: no events, no actual lines
    assert not timeline.data().recorded


def test_a_plan_file_without_events_keeps_the_plain_timeline(
    window: MainWindow, tmp_path: Path
) -> None:
    assert window.open_plan(plan_file(tmp_path, ()))
    plan = window.plan()
    assert plan is not None
    assert window.result.timeline.data() == timeline_from_plan(plan)


RATE_TOO_HIGH = InfusionEvent(day=1, kind=EventKind.RATE_CHANGE,
                              time=START.replace(hour=10, minute=30), rate_ml_h=150)


def test_a_refused_day_shows_why_in_the_lane_tooltip_and_words(qtbot: QtBot) -> None:
    """Events the engine refuses (resumed without a pause) keep the plan, and the lane says
    why, elided in the box, whole in the tooltip and the accessible description."""
    loaded = bundled_regimen()
    plan = build_plan(REQUEST, loaded)
    bad = (EVENTS[0], EVENTS[2])  # started, resumed: never paused
    good = (InfusionEvent(day=2, kind=EventKind.STARTED, time=START.replace(day=2)),)
    data = timeline_from_plan(plan, replan_for_timeline(plan, REQUEST, loaded, bad + good))
    reason = data.lanes[0].refused
    assert "not paused" in reason
    widget = TimelineWidget()
    qtbot.addWidget(widget)
    widget.set_data(data)
    assert f"Day 1: recorded events not shown: {reason}" in widget.accessibleDescription()
    render(widget, 480, 420)  # narrow: the box's text is elided, never past the plot
    [(lane, text, box)] = widget.drawn_refusals
    assert lane == data.lanes[0] and text.startswith("recorded events not shown")
    assert text.endswith("…") and box.right() <= widget.width()
    assert not any(box.intersects(label) for _, label in widget.drawn_labels)
    assert [run for run, _ in widget.drawn_runs] == list(data.lanes[1].runs)  # day 2 drawn
    widget.resize(480, 420)
    widget.show()
    qtbot.waitExposed(widget)
    render(widget, 480, 420)
    point = widget.drawn_refusals[0][2].center().toPoint()
    QApplication.sendEvent(widget, QHelpEvent(QEvent.Type.ToolTip, point,
                                              widget.mapToGlobal(point)))
    if QToolTip.isVisible():
        assert QToolTip.text() == f"Day 1: recorded events not shown: {reason}"
    QToolTip.hideText()


def test_editing_the_prescription_so_the_events_no_longer_fit_says_so(
    window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A typed rate fits the 70 kg plan; the weight edited down lowers the protocol's top
    rate below it: the lane says the events are not shown, with the engine's reason."""
    assert window.open_plan(plan_file(tmp_path, (EVENTS[0], RATE_TOO_HIGH)))
    timeline = window.result.timeline
    assert timeline.data().lanes[0].recorded and not timeline.data().lanes[0].refused
    monkeypatch.setattr(QMessageBox, "question",
                        lambda *_a, **_k: QMessageBox.StandardButton.Yes)
    window.patient.weight.setText("20")
    window.recompute()
    lane = timeline.data().lanes[0]
    assert not lane.recorded and "above what this plan allows" in lane.refused
    assert "recorded events not shown" in timeline.accessibleDescription()
    assert lane.steps == timeline_from_plan(window.plan()).lanes[0].steps  # type: ignore[arg-type]


def test_a_pdf_without_a_refused_days_events_says_so(
    window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The printed record leaves out a day whose events no longer fit the edited
    prescription: the export says which day and why instead of leaving it out quietly."""
    assert window.open_plan(plan_file(tmp_path, (EVENTS[0], RATE_TOO_HIGH)))
    assert window.output.export_pdf(tmp_path / "fits.pdf") is not None
    assert not window.notice.isVisible() or "recorded events" not in window.notice.text.text()
    monkeypatch.setattr(QMessageBox, "question",
                        lambda *_a, **_k: QMessageBox.StandardButton.Yes)
    window.patient.weight.setText("20")
    window.recompute()
    assert window.output.export_pdf(tmp_path / "edited.pdf") is not None
    said = window.notice.text.text()
    assert "PDF written without the recorded events of day 1" in said
    assert "above what this plan allows" in said
