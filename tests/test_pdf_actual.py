"""The printed actual administration record of recorded days."""

from __future__ import annotations

import io
from datetime import datetime, timedelta

import pytest
from helpers import START
from pypdf import PdfReader

from planner.bedside.events import EventKind, InfusionEvent, ResumeRate
from planner.bedside.replan import replan_course
from planner.plan.engine import build_plan
from planner.plan.patient import Patient, PlanRequest
from planner.regimen.loading import bundled_regimen
from planner.report.pdf.export import render_pdf_bytes

pytestmark = pytest.mark.usefixtures("pdf_invariant")
GENERATED = datetime(2026, 11, 30, 14, 5)
LOADED = bundled_regimen()
REQUEST = PlanRequest(patient=Patient(weight_kg=70, name="Jane Doe", mrn="123"),
                      indication_id="itp", product_id="octagam-10", start=START, days=2,
                      dose_mg_kg=1000)
PLAN = build_plan(REQUEST, LOADED)


def at(hh: int, mm: int, day: int = 1) -> datetime:
    return START.replace(hour=hh, minute=mm) + timedelta(days=day - 1)


def flat(data: bytes) -> str:
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(data)).pages)
    return " ".join(text.split())


def test_no_events_prints_exactly_as_before() -> None:
    days = replan_course(PLAN, REQUEST, LOADED, ())
    assert render_pdf_bytes(PLAN, generated_at=GENERATED, recorded=days) == render_pdf_bytes(
        PLAN, generated_at=GENERATED)
    assert "Actual administration record" not in flat(render_pdf_bytes(PLAN,
                                                                        generated_at=GENERATED))


def test_recorded_day_prints_each_event_rate_volume_reaction_and_ends() -> None:
    events = (
        InfusionEvent(day=1, kind=EventKind.STARTED, time=at(8, 10)),
        InfusionEvent(day=1, kind=EventKind.PAUSED, time=at(9, 0), reason="rigors"),
        InfusionEvent(day=1, kind=EventKind.RESUMED, time=at(9, 30), resume=ResumeRate.INITIAL),
    )
    days = replan_course(PLAN, REQUEST, LOADED, events)
    day1 = days[0]
    text = flat(render_pdf_bytes(PLAN, generated_at=GENERATED, recorded=days))
    assert "Actual administration record" in text
    for record in day1.events:
        assert f"{record.time:%H:%M}" in text
        assert f"{record.infused_ml:.1f} mL" in text
    assert "rigors: pump paused" in text
    assert "pump paused 30 min; resumed at 09:30 at " \
           f"{day1.events[-1].rate_ml_h:.1f} mL/h" in text
    assert f"Planned end {PLAN.days[0].end:%H:%M}" in text
    assert f"New end {day1.day.end:%H:%M}" in text
    for step in day1.remaining_steps:
        assert f"{step.start:%H:%M}–{step.end:%H:%M}" in text
    assert text.count("Day 2 — ") == 1  # day 2 has no events: only its planned schedule


def test_stopped_day_says_what_was_not_given() -> None:
    events = (
        InfusionEvent(day=2, kind=EventKind.STARTED, time=at(8, 0, 2)),
        InfusionEvent(day=2, kind=EventKind.STOPPED, time=at(8, 40, 2), reason="anaphylaxis"),
    )
    days = replan_course(PLAN, REQUEST, LOADED, events)
    text = flat(render_pdf_bytes(PLAN, generated_at=GENERATED, recorded=days))
    assert "STOPPED" in text and "anaphylaxis" in text
    assert f"{days[1].remaining_ml:.1f} mL not given" in text
    assert f"Actual end {days[1].day.end:%H:%M}" in text
