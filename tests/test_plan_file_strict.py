"""Plan files: strict types, plausible start dates, safe reads, and a second check bound to
exactly what was checked (request and regimen/site data)."""

from __future__ import annotations

import json
import os
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from planner.core.errors import PlanFileError, PlanInputError
from planner.plan.engine import build_plan
from planner.plan.patient import Patient, PlanRequest
from planner.plan.plan_file import bound_check, load_plan_file, save_plan_file
from planner.plan.second_check import SecondCheckRecord
from planner.regimen.loading import bundled_regimen, load_regimen
from planner.regimen.models import RiskFlag
from planner.report.pdf.bedside import check_status

CHECKED_AT = datetime(2026, 12, 1, 7, 45)


def _request() -> PlanRequest:
    return PlanRequest(
        patient=Patient(weight_kg=70, risks=frozenset({RiskFlag.RENAL}), name="A B"),
        indication_id="itp", product_id="privigen", dose_mg_kg=400.0, days=2,
        start=datetime(2026, 12, 1, 8, 30),
    )


def _saved_data(tmp_path: Path, checked: bool = False) -> dict[str, Any]:
    record = SecondCheckRecord("Nurse Two", CHECKED_AT, ()) if checked else None
    path = save_plan_file(_request(), tmp_path / "p.ivplan", bundled_regimen(),
                          second_check=record)
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data


def _write(tmp_path: Path, data: Any, name: str = "edited.ivplan") -> Path:
    path = tmp_path / name
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def _set(data: dict[str, Any], where: str, value: Any) -> dict[str, Any]:
    node = data
    keys = where.split(".")
    for key in keys[:-1]:
        node = node[key]
    node[keys[-1]] = value
    return data


# --- class: silent coercion of the saved request ------------------------------------------
COERCIONS = [
    ("request.patient.weight_kg", True),
    ("request.patient.weight_kg", "70"),
    ("request.patient.weight_kg", None),
    ("request.patient.height_cm", "170"),
    ("request.patient.first_infusion", "yes"),
    ("request.patient.first_infusion", 1),
    ("request.patient.name", 12345),
    ("request.days", True),
    ("request.days", 2.5),
    ("request.days", "2"),
    ("request.dose_mg_kg", "400"),
    ("request.dose_mg_kg", False),
    ("request.start", 1764577800),
    ("request.start", 20261201),
    ("request.start", True),
    ("request.indication_id", 7),
]


@pytest.mark.parametrize(("where", "value"), COERCIONS,
                         ids=[f"{w.split('.')[-1]}={v!r}" for w, v in COERCIONS])
def test_no_saved_value_is_coerced(tmp_path: Path, where: str, value: Any) -> None:
    path = _write(tmp_path, _set(_saved_data(tmp_path), where, value))
    with pytest.raises(PlanFileError) as caught:
        load_plan_file(path)
    message = str(caught.value)
    assert message.startswith("edited.ivplan: ") and where in message, message


# --- class: start dates the app cannot show or compute ----------------------------------
STARTS = ["0001-01-01T08:00", "1700-06-01T08:00", "1752-09-13T08:00", "1999-12-31T23:59",
          "2100-01-01T00:00", "9999-12-31T23:00", "2026-12-01T08:30+02:00",
          "2026-12-01T08:30Z", "2026-12-01T08:30-05:00"]


@pytest.mark.parametrize("start", STARTS)
def test_implausible_or_zoned_starts_are_refused_naming_start(
    tmp_path: Path, start: str
) -> None:
    path = _write(tmp_path, _set(_saved_data(tmp_path), "request.start", start))
    with pytest.raises(PlanFileError, match=r"request\.start"):
        load_plan_file(path)


@pytest.mark.parametrize("start", [datetime(1, 1, 1), datetime(1700, 1, 1),
                                   datetime(9999, 12, 31, 23, 0), datetime(2100, 1, 1)])
def test_the_engine_refuses_the_same_starts(start: datetime) -> None:
    request = _request().model_copy(update={"start": start})
    with pytest.raises(PlanInputError) as caught:
        build_plan(request)
    assert caught.value.field == "start"


def test_the_last_plausible_start_still_plans() -> None:
    request = _request().model_copy(update={"start": datetime(2099, 12, 31, 23, 0)})
    assert build_plan(request).days[-1].date.year == 2100


# --- class: only regular files, bounded ----------------------------------------------
@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs on this OS")
def test_a_fifo_plan_is_refused_without_blocking(tmp_path: Path) -> None:
    fifo = tmp_path / "p.ivplan"
    os.mkfifo(fifo)
    with pytest.raises(PlanFileError, match="not a regular file"):
        load_plan_file(fifo)


@pytest.mark.parametrize("device", ["/dev/zero", "/dev/null"])
def test_a_device_plan_is_refused(device: str) -> None:
    if not Path(device).exists():
        pytest.skip(device)
    with pytest.raises(PlanFileError, match="not a regular file"):
        load_plan_file(device)


def test_duplicate_keys_and_huge_numbers_in_a_plan(tmp_path: Path) -> None:
    text = json.dumps(_saved_data(tmp_path))
    dup = text.replace('"weight_kg": 70.0', '"weight_kg": 70.0, "weight_kg": 7.0', 1)
    assert dup != text
    with pytest.raises(PlanFileError, match="duplicate key 'weight_kg'"):
        load_plan_file(_write_text(tmp_path, dup))
    huge = text.replace('"weight_kg": 70.0', '"weight_kg": 7' + "0" * 5000, 1)
    with pytest.raises(PlanFileError, match="too long"):
        load_plan_file(_write_text(tmp_path, huge))
    bom = _write_text(tmp_path, "\ufeff" + text)
    assert load_plan_file(bom).request == _request()


def _write_text(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "raw.ivplan"
    path.write_text(text, encoding="utf-8")
    return path


# --- class: a second check is bound to the request and the data it checked -------------
EDITS: list[tuple[str, Any]] = [
    ("request.patient.weight_kg", 140.0),
    ("request.patient.weight_kg", 70.1),
    ("request.patient.risks", []),
    ("request.patient.risks", ["renal", "thrombosis"]),
    ("request.patient.first_infusion", True),
    ("request.dose_mg_kg", 1000.0),
    ("request.days", 5),
    ("request.product_id", "gamunex-c"),
    ("request.start", "2026-12-02T08:30"),
    ("request.protocol_id", "label"),
    ("request.patient.name", "Someone Else"),
    ("second_check.request_sha256", "0" * 64),
]


@pytest.mark.parametrize(("where", "value"), EDITS,
                         ids=[f"{w.split('.')[-1]}={v!r}" for w, v in EDITS])
def test_any_edit_after_the_check_voids_it(tmp_path: Path, where: str, value: Any) -> None:
    path = _write(tmp_path, _set(_saved_data(tmp_path, checked=True), where, value))
    saved = load_plan_file(path)
    record = bound_check(saved, bundled_regimen())
    assert record is not None and not record.matched
    assert "changed after the check" in record.void_reason
    assert check_status(record).endswith("VOID (see page 1)")


def test_an_untouched_checked_file_keeps_its_check(tmp_path: Path) -> None:
    saved = load_plan_file(_write(tmp_path, _saved_data(tmp_path, checked=True)))
    record = bound_check(saved, bundled_regimen())
    assert record is not None and record.matched and record.checked_by == "Nurse Two"


def test_a_check_without_its_digest_is_void(tmp_path: Path) -> None:
    data = _saved_data(tmp_path, checked=True)
    del data["second_check"]["request_sha256"]
    record = bound_check(load_plan_file(_write(tmp_path, data)), bundled_regimen())
    assert record is not None and record.void_reason and not record.matched


@pytest.mark.parametrize("where", ["second_check.regimen_sha256", "second_check.site_sha256"])
def test_a_check_under_other_data_is_void(tmp_path: Path, where: str) -> None:
    data = _set(_saved_data(tmp_path, checked=True), where, "f" * 64)
    record = bound_check(load_plan_file(_write(tmp_path, data)), bundled_regimen())
    assert record is not None and "regimen or site data" in record.void_reason


def test_a_check_opened_under_another_regimen_file_is_void(tmp_path: Path) -> None:
    saved = load_plan_file(_write(tmp_path, _saved_data(tmp_path, checked=True)))
    from planner.core.resources import bundled_regimen_path

    other = tmp_path / "copy.json"
    other.write_text(bundled_regimen_path().read_text(encoding="utf-8") + "\n",
                     encoding="utf-8")
    record = bound_check(saved, load_regimen(other))
    assert record is not None and "regimen or site data" in record.void_reason
