"""Recorded bedside events survive the app: open, save, autosave; newer ones are refused."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

from planner.bedside.course import open_course, save_course
from planner.bedside.events import EventKind, InfusionEvent
from planner.plan.patient import Patient, PlanRequest
from planner.regimen.loading import bundled_regimen
from ui.autosave import AutosaveStore
from ui.main_window import MainWindow

START = datetime(2026, 12, 1, 8, 0)
EVENTS = (
    InfusionEvent(day=1, kind=EventKind.STARTED, time=START.replace(minute=20)),
    InfusionEvent(day=1, kind=EventKind.PAUSED, time=START.replace(hour=9, minute=5),
                  reason="chills"),
)


def saved_course(tmp_path: Path) -> Path:
    request = PlanRequest(patient=Patient(weight_kg=70), indication_id="pi",
                          product_id="privigen", start=START)
    return save_course(tmp_path / "ann.ivplan", request, bundled_regimen(), EVENTS)


def test_open_then_save_keeps_every_event(window: MainWindow, tmp_path: Path) -> None:
    path = saved_course(tmp_path)
    assert window.open_plan(path)
    assert window.events.events() == EVENTS
    copy = tmp_path / "copy.ivplan"
    assert window.save_plan(copy)
    assert open_course(copy, bundled_regimen()).events == EVENTS


def test_autosave_keeps_the_events(window: MainWindow, tmp_path: Path) -> None:
    path = saved_course(tmp_path)
    assert window.open_plan(path)
    store = AutosaveStore(tmp_path / "auto")
    request = window.request()
    assert request is not None
    written = store.save(request, bundled_regimen(), window.events.records())
    assert open_course(written, bundled_regimen()).events == EVENTS


def test_newer_events_are_refused_and_the_form_is_unchanged(
    window: MainWindow, tmp_path: Path
) -> None:
    path = saved_course(tmp_path)
    data = json.loads(path.read_text())
    data["events"][1]["format"] = 9
    path.write_text(json.dumps(data))
    before = window.request()
    assert not window.open_plan(path)
    text = window.notice.text.text()
    assert window.notice.is_error and "newer Infusion Planner" in text and "ann.ivplan" in text
    assert window.request() == before and window.events.events() == ()


def test_a_new_form_has_no_events(window: MainWindow, tmp_path: Path) -> None:
    assert window.open_plan(saved_course(tmp_path))
    window.new_form(confirm=False)
    assert window.events.events() == ()
