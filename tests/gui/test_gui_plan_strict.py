"""Opening plan files in the window: a void second check is said in the window and on the PDF;
files the engine or the date widgets cannot take are refused with the field, never a crash."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader

from planner.plan.patient import Patient, PlanRequest
from planner.plan.plan_file import save_plan_file
from planner.plan.second_check import SecondCheckRecord
from planner.regimen.loading import bundled_regimen
from ui.main_window import MainWindow


def _checked_file(tmp_path: Path) -> tuple[Path, dict[str, Any]]:
    request = PlanRequest(patient=Patient(weight_kg=70), indication_id="pi",
                          product_id="privigen", dose_mg_kg=400.0, days=1,
                          start=datetime(2026, 12, 1, 8, 0), protocol_id="label")
    record = SecondCheckRecord("Nurse Two", datetime(2026, 12, 1, 7, 50), ())
    path = save_plan_file(request, tmp_path / "checked.ivplan", bundled_regimen(),
                          second_check=record)
    return path, json.loads(path.read_text(encoding="utf-8"))


def test_a_checked_file_keeps_its_check_in_the_window(
    window: MainWindow, tmp_path: Path
) -> None:
    path, _ = _checked_file(tmp_path)
    assert window.open_plan(path)
    record = window.second_check()
    assert record is not None and record.matched


@pytest.mark.parametrize(("key", "value"), [("weight_kg", 71.5), ("risks", ["renal"])])
def test_an_edited_checked_file_shows_the_check_void(
    window: MainWindow, tmp_path: Path, key: str, value: Any
) -> None:
    path, data = _checked_file(tmp_path)
    data["request"]["patient"][key] = value
    path.write_text(json.dumps(data), encoding="utf-8")
    assert window.open_plan(path)
    record = window.second_check()
    assert record is not None and record.void_reason and not record.matched
    assert "VOID" in window.notice.text.text() and window.notice.is_error
    written = window.export_pdf(tmp_path / "void.pdf")
    assert written is not None
    text = " ".join(page.extract_text() for page in PdfReader(written).pages)
    assert "VOID" in text and "MATCHED" not in text


@pytest.mark.parametrize("start", ["0001-01-01T08:00", "1700-01-01T08:00",
                                   "9999-12-31T23:00", "2026-12-01T08:00+01:00", 20261201])
def test_starts_the_window_cannot_take_are_refused_naming_the_field(
    window: MainWindow, tmp_path: Path, start: object
) -> None:
    path, data = _checked_file(tmp_path)
    data["request"]["start"] = start
    path.write_text(json.dumps(data), encoding="utf-8")
    assert not window.open_plan(path)
    assert "start" in window.notice.text.text() and window.notice.is_error
