"""Saved plan files: exact round trip, atomic write, and refusals that say why."""

from __future__ import annotations

import json
import os
from datetime import datetime
from pathlib import Path

import pytest

from planner import __version__
from planner.core.errors import PlanFileError, PlannerError
from planner.core.units import lb_to_kg
from planner.plan.patient import AgeGroup, Patient, PlanRequest, Sex
from planner.plan.plan_file import FORMAT, load_plan_file, plan_file_data, save_plan_file
from planner.regimen.loading import bundled_regimen
from planner.regimen.models import RiskFlag


def _request(**changes: object) -> PlanRequest:
    patient = Patient(
        weight_kg=lb_to_kg(158.73), height_cm=165.1, sex=Sex.FEMALE, age_group=AgeGroup.ADULT,
        first_infusion=True,
        risks=frozenset({RiskFlag.RENAL, RiskFlag.AB_BLOOD_GROUP, RiskFlag.THROMBOSIS}),
        name="Anna Müller", mrn="MRN-0042",
    )
    fields: dict[str, object] = {
        "patient": patient, "indication_id": "pemphigus-vulgaris", "product_id": "privigen",
        "dose_mg_kg": 2000.0, "days": 5, "start": datetime(2026, 12, 1, 8, 30),
    }
    fields.update(changes)
    return PlanRequest.model_validate(fields)


def test_round_trip_is_exact(tmp_path: Path) -> None:
    loaded = bundled_regimen()
    request = _request()
    written = save_plan_file(request, tmp_path / "anna.ivplan", loaded)
    saved = load_plan_file(written)
    assert saved.request == request
    assert saved.request.patient.weight_kg == request.patient.weight_kg  # no float drift
    assert saved.regimen_version == loaded.regimen.version
    assert saved.regimen_sha256 == loaded.sha256
    assert saved.app_version == __version__
    assert saved.saved_at is not None


def test_defaults_round_trip(tmp_path: Path) -> None:
    request = PlanRequest(
        patient=Patient(weight_kg=30), indication_id="itp", product_id="privigen"
    )
    path = save_plan_file(request, tmp_path / "p.ivplan", bundled_regimen())
    assert load_plan_file(path).request == request


def test_file_layout(tmp_path: Path) -> None:
    loaded = bundled_regimen()
    request = _request()
    when = datetime(2026, 11, 30, 9, 15).astimezone()
    path = save_plan_file(request, tmp_path / "p.ivplan", loaded, saved_at=when)
    data = json.loads(path.read_text(encoding="utf-8"))
    assert set(data) == {"format", "app_version", "regimen_file", "request", "saved_at"}
    assert data["format"] == 1 and FORMAT == 2  # format 1 until a file has bedside events
    assert data["regimen_file"] == {"version": loaded.regimen.version, "sha256": loaded.sha256}
    assert data["request"]["patient"]["risks"] == ["ab-blood-group", "renal", "thrombosis"]
    assert data["request"]["start"] == "2026-12-01T08:30:00"
    assert data["saved_at"] == when.isoformat(timespec="seconds")
    assert data == plan_file_data(request, loaded, when)


def test_same_request_gives_same_bytes(tmp_path: Path) -> None:
    when = datetime(2026, 11, 30, 9, 15).astimezone()
    a = save_plan_file(_request(), tmp_path / "a.ivplan", bundled_regimen(), saved_at=when)
    b = save_plan_file(_request(), tmp_path / "b.ivplan", bundled_regimen(), saved_at=when)
    assert a.read_bytes() == b.read_bytes()


def test_overwrite_is_atomic_and_leaves_no_temp_files(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "p.ivplan"
    save_plan_file(_request(days=5), path, bundled_regimen())
    before = path.read_bytes()

    def failing_replace(src: object, dst: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", failing_replace)
    with pytest.raises(PlanFileError, match="No space left"):
        save_plan_file(_request(days=4), path, bundled_regimen())
    assert path.read_bytes() == before  # the old file is untouched
    assert sorted(p.name for p in tmp_path.iterdir()) == ["p.ivplan"]


def test_write_into_missing_folder_is_refused(tmp_path: Path) -> None:
    with pytest.raises(PlanFileError, match="cannot write"):
        save_plan_file(_request(), tmp_path / "missing" / "p.ivplan", bundled_regimen())


def _write(tmp_path: Path, content: str | bytes) -> Path:
    path = tmp_path / "bad.ivplan"
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


def _valid_data() -> dict[str, object]:
    return plan_file_data(_request(), bundled_regimen())


@pytest.mark.parametrize(
    ("content", "why"),
    [
        ("", "empty"),
        ("{not json", "JSON error at line 1"),
        (b"\xff\xfe\x00junk", "not UTF-8"),
        ("[1, 2]", "expected a JSON object"),
        ('{"request": {}}', "no 'format'"),
        ('{"format": "1"}', "'format' must be a whole number"),
        ('{"format": 0}', "unknown plan-file format 0"),
        ('{"format": 3, "request": {}}', "newer Infusion Planner"),
        ("[" * 100000 + "]" * 100000, "nested too deeply"),
    ],
)
def test_corrupt_files_are_refused_with_a_reason(
    tmp_path: Path, content: str | bytes, why: str
) -> None:
    with pytest.raises(PlanFileError, match=why) as info:
        load_plan_file(_write(tmp_path, content))
    assert str(info.value).startswith("bad.ivplan: ")
    assert isinstance(info.value, PlannerError)


def test_truncated_file_is_refused(tmp_path: Path) -> None:
    good = save_plan_file(_request(), tmp_path / "good.ivplan", bundled_regimen())
    text = good.read_text(encoding="utf-8")
    with pytest.raises(PlanFileError, match="damaged"):
        load_plan_file(_write(tmp_path, text[: len(text) // 2]))


def test_bad_request_names_the_field(tmp_path: Path) -> None:
    data = _valid_data()
    request = data["request"]
    assert isinstance(request, dict)
    request["patient"]["weight_kg"] = "heavy"
    with pytest.raises(PlanFileError, match=r"request\.patient\.weight_kg"):
        load_plan_file(_write(tmp_path, json.dumps(data)))


def test_unknown_request_field_is_refused(tmp_path: Path) -> None:
    data = _valid_data()
    request = data["request"]
    assert isinstance(request, dict)
    request["dose_g"] = 30
    with pytest.raises(PlanFileError, match=r"request\.dose_g"):
        load_plan_file(_write(tmp_path, json.dumps(data)))


@pytest.mark.parametrize("missing", ["regimen_file", "request"])
def test_missing_sections_are_refused(tmp_path: Path, missing: str) -> None:
    data = _valid_data()
    del data[missing]
    with pytest.raises(PlanFileError, match=missing):
        load_plan_file(_write(tmp_path, json.dumps(data)))


def test_regimen_sha_must_be_text(tmp_path: Path) -> None:
    data = _valid_data()
    data["regimen_file"] = {"version": "2026.11.1", "sha256": 5}
    with pytest.raises(PlanFileError, match=r"regimen_file\.sha256"):
        load_plan_file(_write(tmp_path, json.dumps(data)))


def test_missing_file_and_folder(tmp_path: Path) -> None:
    with pytest.raises(PlanFileError, match="file not found"):
        load_plan_file(tmp_path / "nope.ivplan")
    with pytest.raises(PlanFileError, match="is a folder"):
        load_plan_file(tmp_path)


def test_huge_file_is_refused_unread(tmp_path: Path) -> None:
    path = tmp_path / "big.ivplan"
    path.write_bytes(b" " * (2 * 1024 * 1024))
    with pytest.raises(PlanFileError, match="too large"):
        load_plan_file(path)


def test_a_matched_second_check_round_trips(tmp_path: Path) -> None:
    from planner.plan.second_check import Difference, SecondCheckRecord

    when = datetime(2026, 11, 30, 9, 0)
    matched = SecondCheckRecord("B. Nurse", when, ())
    path = save_plan_file(_request(), tmp_path / "c.ivplan", bundled_regimen(),
                          second_check=matched)
    saved = load_plan_file(path)
    assert saved.second_check == matched
    # a check with differences is never saved as if it were one
    differing = SecondCheckRecord("B. Nurse", when, (Difference("days", "1", "2"),))
    other = save_plan_file(_request(), tmp_path / "d.ivplan", bundled_regimen(),
                           second_check=differing)
    assert load_plan_file(other).second_check is None


@pytest.mark.parametrize("value", [None, "yes", {"checked_by": ""}, {"checked_by": "B"},
                                   {"checked_by": "B", "checked_at": "noon"}])
def test_a_malformed_saved_check_is_dropped(tmp_path: Path, value: object) -> None:
    path = save_plan_file(_request(), tmp_path / "e.ivplan", bundled_regimen())
    data = json.loads(path.read_text(encoding="utf-8"))
    data["second_check"] = value
    path.write_text(json.dumps(data), encoding="utf-8")
    assert load_plan_file(path).second_check is None
