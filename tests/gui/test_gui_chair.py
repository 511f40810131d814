"""At the chair and Today: event buttons, refusals in red, re-planned day, reminders."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from planner.bedside.course import open_course, save_course
from planner.bedside.events import EventKind, InfusionEvent
from planner.bedside.replan import DayStatus
from planner.plan.patient import Patient, PlanRequest
from planner.regimen.loading import bundled_regimen
from ui.bedside_events import ChairPanel
from ui.today_view import TodayView, file_target

TODAY = datetime(2026, 12, 1, 8, 0)


class Clock:
    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


def plan_file(tmp_path: Path, name: str, start: datetime, weight: float = 70,
              events: tuple[InfusionEvent, ...] = ()) -> Path:
    request = PlanRequest(patient=Patient(weight_kg=weight, name=name), indication_id="pi",
                          product_id="privigen", start=start)
    return save_course(tmp_path / f"{name.replace(' ', '_')}.ivplan", request,
                       bundled_regimen(), events)


def panel_for(qtbot: QtBot, path: Path, clock: Clock) -> ChairPanel:
    panel = ChairPanel(file_target(path, bundled_regimen()), clock)
    qtbot.addWidget(panel)
    return panel


def test_buttons_record_at_now_and_the_file_keeps_them(qtbot: QtBot, tmp_path: Path) -> None:
    path = plan_file(tmp_path, "Ann Lee", TODAY)
    clock = Clock(TODAY + timedelta(minutes=20))
    panel = panel_for(qtbot, path, clock)
    assert panel.buttons[EventKind.STARTED].isEnabled()
    assert not panel.buttons[EventKind.PAUSED].isEnabled()
    assert panel.record(EventKind.STARTED)
    assert panel.time.time().toString("HH:mm") == "08:20"
    clock.now = TODAY.replace(hour=10, minute=5)
    panel.reset_time()
    panel.reason.setText("chills")
    assert panel.record(EventKind.PAUSED)
    events = open_course(path, bundled_regimen()).events
    assert [(e.kind, f"{e.time:%H:%M}", e.reason) for e in events] == [
        (EventKind.STARTED, "08:20", None), (EventKind.PAUSED, "10:05", "chills")]
    day = panel.current()
    assert day is not None and day.status is DayStatus.PAUSED
    assert panel.buttons[EventKind.RESUMED].isEnabled()
    assert "Paused" in panel.status.text() and "planned end 10:26" in panel.status.text()
    assert panel.next_label.text().startswith("Next: 10:05 paused")


def test_a_typed_rate_above_the_limit_is_refused_in_red_and_not_saved(
    qtbot: QtBot, tmp_path: Path
) -> None:
    start = InfusionEvent(day=1, kind=EventKind.STARTED, time=TODAY)
    path = plan_file(tmp_path, "Bo Chan", TODAY, events=(start,))
    before = path.read_bytes()
    panel = panel_for(qtbot, path, Clock(TODAY + timedelta(minutes=40)))
    panel.rate.setText("999")
    assert not panel.record(EventKind.RATE_CHANGE)
    assert "above what this plan allows, 336 mL/h" in panel.message.text()
    assert "b71c1c" in panel.message.styleSheet()
    assert path.read_bytes() == before


def test_edited_time_is_used_and_an_earlier_one_refused(qtbot: QtBot, tmp_path: Path) -> None:
    path = plan_file(tmp_path, "Cy Diaz", TODAY)
    panel = panel_for(qtbot, path, Clock(TODAY + timedelta(hours=1)))
    panel.time.setTime(panel.time.time().addSecs(-25 * 60))  # the nurse types 08:35
    assert panel.record(EventKind.STARTED)
    assert f"{open_course(path, bundled_regimen()).events[0].time:%H:%M}" == "08:35"
    panel.time.setTime(panel.time.time().addSecs(-60 * 60))
    assert not panel.record(EventKind.PAUSED)
    assert "before the previous event" in panel.message.text()


def test_today_lists_three_patients_by_next_action_and_beeps_once(
    qtbot: QtBot, tmp_path: Path
) -> None:
    clock = Clock(TODAY.replace(hour=9, minute=10))
    paths = [
        plan_file(tmp_path, "Ann Lee", TODAY, events=(
            InfusionEvent(day=1, kind=EventKind.STARTED, time=TODAY.replace(minute=20)),)),
        plan_file(tmp_path, "Bo Chan", TODAY.replace(hour=8, minute=30), weight=55, events=(
            InfusionEvent(day=1, kind=EventKind.STARTED, time=TODAY.replace(minute=30)),)),
        plan_file(tmp_path, "Cy Diaz", TODAY.replace(hour=10)),
        plan_file(tmp_path, "Not Today", TODAY + timedelta(days=3)),
    ]
    beeps: list[int] = []
    view = TodayView(bundled_regimen, clock, lambda: beeps.append(1))
    qtbot.addWidget(view)
    for path in paths:
        assert view.add_file(path)
    names = [row.target.name for row in view.rows]
    assert sorted(names) == ["Ann Lee", "Bo Chan", "Cy Diaz"]
    times = [row.next.time for row in view.rows if row.next is not None]
    assert times == sorted(times)
    assert view.table.rowCount() == 3 and beeps == []
    first = view.rows[0]
    assert first.next is not None
    clock.now = first.next.time
    view.tick()
    assert len(beeps) == 1 and view.banner.isVisibleTo(view)
    assert first.next.text in view.banner.text()
    view.tick()
    assert len(beeps) == 1  # announced once


def test_a_bad_plan_file_is_not_added(qtbot: QtBot, tmp_path: Path) -> None:
    bad = tmp_path / "bad.ivplan"
    bad.write_text("{}")
    view = TodayView(bundled_regimen, Clock(TODAY), lambda: None)
    qtbot.addWidget(view)
    assert not view.add_file(bad)
    assert "Not added" in view.message.text() and view.rows == []


@pytest.mark.usefixtures("settings")
def test_main_window_chair_records_into_its_event_log(window: object, tmp_path: Path) -> None:
    from ui import bedside_hooks
    from ui.main_window import MainWindow

    assert isinstance(window, MainWindow)
    path = plan_file(tmp_path, "Ann Lee", TODAY)
    assert window.open_plan(path)
    chair = bedside_hooks.show_chair(window)
    chair.panel._clock = Clock(TODAY + timedelta(minutes=5))
    chair.panel.reset_time()
    assert chair.panel.record(EventKind.STARTED)
    assert [e.kind for e in window.events.events()] == [EventKind.STARTED]
    assert [e.kind for e in open_course(path, bundled_regimen()).events] == [EventKind.STARTED]
    today = bedside_hooks.show_today(window)
    assert today.view.targets


@pytest.mark.parametrize("answer", ["yes", "no"])
def test_changing_a_recorded_prescription_asks_first(
    window: object, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, answer: str
) -> None:
    from PySide6.QtWidgets import QMessageBox

    from ui.main_window import MainWindow

    assert isinstance(window, MainWindow)
    started = InfusionEvent(day=1, kind=EventKind.STARTED, time=TODAY)
    assert window.open_plan(plan_file(tmp_path, "Ann Lee", TODAY, events=(started,)))
    asked: list[str] = []
    reply = QMessageBox.StandardButton.Yes if answer == "yes" else QMessageBox.StandardButton.No

    def question(_parent: object, _title: str, text: str, *_a: object) -> object:
        asked.append(text)
        return reply

    monkeypatch.setattr(QMessageBox, "question", question)
    request = window.request()
    assert request is not None
    window.patient.weight.setText("80")
    window.recompute()
    assert len(asked) == 1 and "Day 1" in asked[0]
    changed = window.request()
    assert changed is not None
    if answer == "yes":
        assert changed.patient.weight_kg == 80
    else:
        assert changed == request and window.patient.weight.text() in ("70", "70.0")
    assert window.events.events() == (started,)


def test_exported_pdf_has_the_actual_record(window: object, tmp_path: Path) -> None:
    from pypdf import PdfReader

    from ui.main_window import MainWindow

    assert isinstance(window, MainWindow)
    events = (InfusionEvent(day=1, kind=EventKind.STARTED, time=TODAY),
              InfusionEvent(day=1, kind=EventKind.PAUSED, time=TODAY.replace(hour=9),
                            reason="flushing"))
    assert window.open_plan(plan_file(tmp_path, "Ann Lee", TODAY, events=events))
    out = window.export_pdf(tmp_path / "ann.pdf")
    assert out is not None
    text = " ".join(" ".join(p.extract_text() for p in PdfReader(out).pages).split())
    assert "Actual administration record" in text and "flushing: pump paused" in text
