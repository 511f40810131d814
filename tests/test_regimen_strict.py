"""A regimen file is read strictly: no coercion, plausible numbers, no duplicate keys, no hangs.

Each class is a table: a mutation of the bundled file and the words the refusal must hold
(always the file's name and the field).
"""

from __future__ import annotations

import copy
import json
import os
import sys
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from planner.core.errors import PlanInputError, RegimenFileError
from planner.core.resources import bundled_regimen_path
from planner.core.warning_codes import FileWarningCode, WarningCode
from planner.plan.models import PlanWarning
from planner.plan.vials import choose_vials
from planner.plan.warning_rules import WarningList
from planner.plan.warning_text import WarningParam
from planner.regimen.loading import load_regimen
from planner.regimen.models import Severity, Vial
from planner.regimen.reserved import is_reserved

BUNDLED_TEXT = bundled_regimen_path().read_text(encoding="utf-8")
BUNDLED = json.loads(BUNDLED_TEXT)
Path_ = tuple[Any, ...]


def _product(pid: str) -> int:
    return next(i for i, p in enumerate(BUNDLED["products"]) if p["id"] == pid)


def _indication(iid: str) -> int:
    return next(i for i, p in enumerate(BUNDLED["indications"]) if p["id"] == iid)


PRIVIGEN = ("products", _product("privigen"))
GAMMAGARD = ("products", _product("gammagard-liquid"))
KAWASAKI = ("indications", _indication("kawasaki"))
ITP = ("indications", _indication("itp"))
MEASLES = ("indications", _indication("measles-pep"))
SITE = ("site_policies",)


def _set(data: Any, path: Path_, value: Any) -> Any:
    node = data
    for key in path[:-1]:
        node = node[key]
    node[path[-1]] = value
    return data


def _write(tmp_path: Path, text: str, name: str = "site-regimens.json") -> Path:
    target = tmp_path / name
    target.write_text(text, encoding="utf-8")
    return target


def _refusal(tmp_path: Path, path: Path_, value: Any) -> str:
    data = _set(copy.deepcopy(BUNDLED), path, value)
    target = _write(tmp_path, json.dumps(data))
    with pytest.raises(RegimenFileError) as caught:
        load_regimen(target)
    message = str(caught.value)
    assert message.startswith("site-regimens.json: "), message
    return message


# --- class: silent type coercion (bool/str → number, str → bool, float → int, …) --------------
COERCIONS: list[tuple[Path_, Any, str]] = [
    ((*PRIVIGEN, "concentration_mg_ml"), True, "concentration_mg_ml"),
    ((*PRIVIGEN, "concentration_mg_ml"), "100", "concentration_mg_ml"),
    ((*PRIVIGEN, "verified"), "yes", "verified"),
    ((*PRIVIGEN, "verified"), 1, "verified"),
    ((*PRIVIGEN, "vials", 0, "grams"), "5", "grams"),
    ((*PRIVIGEN, "vials", 0, "ml"), False, "ml"),
    ((*PRIVIGEN, "protocols", 0, "max_rate"), "8", "max_rate"),
    ((*PRIVIGEN, "protocols", 0, "initial_rate"), True, "initial_rate"),
    ((*PRIVIGEN, "protocols", 0, "interval_min"), 30.5, "interval_min"),
    ((*PRIVIGEN, "protocols", 0, "interval_min"), "30", "interval_min"),
    ((*ITP, "days", "max"), 5.0001, "days.max"),
    ((*ITP, "days", "default"), True, "days.default"),
    ((*ITP, "dose_mg_kg", "max"), "1000", "dose_mg_kg.max"),
    ((*KAWASAKI, "fixed_duration", "planned_h"), "11", "planned_h"),
    ((*SITE, "pump_rate_step_ml_h"), True, "pump_rate_step_ml_h"),
    ((*SITE, "vial_rounding", "tolerance_pct"), "10", "tolerance_pct"),
    ((*SITE, "restart_ramp_on_lot_change"), "false", "restart_ramp_on_lot_change"),
    ((*SITE, "vitals", "before_start"), 0, "before_start"),
    ((*SITE, "default_start_time"), 800, "default_start_time"),
    ((*SITE, "risk_cap_mg_kg_min"), [3.3], "risk_cap_mg_kg_min"),
    (("format",), True, "format"),
    (("format",), "1", "format"),
    (("published",), 20261101, "published"),
    ((*PRIVIGEN, "brand"), 7, "brand"),
]


@pytest.mark.parametrize(("path", "value", "field"), COERCIONS,
                         ids=[f"{c[2]}={c[1]!r}" for c in COERCIONS])
def test_no_type_is_coerced(tmp_path: Path, path: Path_, value: Any, field: str) -> None:
    message = _refusal(tmp_path, path, value)
    assert field in message and json.dumps(value) in message, message


# --- class: plausibility ranges for every number, named at load ------------------------------
RANGES: list[tuple[Path_, Any, str]] = [
    ((*PRIVIGEN, "concentration_mg_ml"), 1e-300, "30–250 mg/mL"),
    ((*PRIVIGEN, "concentration_mg_ml"), 29.9, "30–250 mg/mL"),
    ((*PRIVIGEN, "concentration_mg_ml"), 1000, "30–250 mg/mL"),
    ((*PRIVIGEN, "vials", 0, "grams"), 0.004, "0.1–100 g"),
    ((*PRIVIGEN, "vials", 0, "grams"), 1e300, "0.1–100 g"),
    ((*PRIVIGEN, "vials", 0, "grams"), 999999.99, "0.1–100 g"),
    ((*PRIVIGEN, "vials", 0, "grams"), 5.005, "whole centigrams"),
    ((*PRIVIGEN, "protocols", 0, "max_rate"), 80, "max_rate"),
    ((*PRIVIGEN, "protocols", 0, "initial_rate"), 0.001, "initial_rate"),
    ((*GAMMAGARD, "protocols", 0, "max_rate"), 50, "max_rate"),
    ((*PRIVIGEN, "protocols", 0, "first_hold_min"), 1000, "5–240 min"),
    ((*PRIVIGEN, "protocols", 0, "interval_min"), 1, "5–240 min"),
    ((*ITP, "dose_mg_kg", "max"), 1e9, "1–4000 mg/kg"),
    ((*KAWASAKI, "fixed_duration", "max_h"), 1e6, "0.5–24 h"),
    ((*KAWASAKI, "dose_options", 0, "min_weight_kg"), 0.001, "0.5–350 kg"),
    ((*MEASLES, "im_ml_per_mg"), 10, "mL/mg"),
    ((*SITE, "pump_rate_step_ml_h"), 1000, "0.01–1 mL/h"),
    ((*SITE, "pump_rate_step_ml_h"), 1e-9, "0.01–1 mL/h"),
    ((*SITE, "pump_cap_ml_h"), 0.05, "10–2000 mL/h"),
    ((*SITE, "risk_cap_mg_kg_min"), 1e-6, "0.1–20 mg/kg/min"),
    ((*SITE, "vial_rounding", "tolerance_pct"), 49, "0–25 %"),
    ((*SITE, "default_steps", "factor"), 1000, "×"),
    ((*SITE, "default_steps", "hold_min"), 2, "5–240 min"),
    ((*SITE, "dosing_weight", "obesity_bmi"), 1e-3, "kg/m²"),
    ((*SITE, "dosing_weight", "ibw_male_kg"), 5000, "20–100 kg"),
    ((*SITE, "dosing_weight", "min_height_cm"), 1, "100–250 cm"),
    ((*SITE, "vitals", "standard", "at_max_every_min"), 1, "5–480 min"),
    (("site_protocols", 0, "initial_rate"), 0.01, "1–2000 mL/h"),
    (("site_protocols", 0, "max_rate"), 1e7, "1–2000 mL/h"),
]


@pytest.mark.parametrize(("path", "value", "words"), RANGES,
                         ids=[f"{c[0][-1]}={c[1]!r}" for c in RANGES])
def test_every_number_has_a_plausible_range(
    tmp_path: Path, path: Path_, value: Any, words: str
) -> None:
    message = _refusal(tmp_path, path, value)
    field = next(str(p) for p in reversed(path) if isinstance(p, str))
    assert field in message and words in message, message


# --- class: a vial's mL must be its grams ÷ the concentration -------------------------------
VIAL_VOLUMES = [
    ((*PRIVIGEN, "vials", 1), {"grams": 10, "ml": 50}),
    ((*PRIVIGEN, "vials", 0), {"grams": 5, "ml": 49}),
    ((*GAMMAGARD, "vials", 5), {"grams": 30, "ml": 600}),
    ((("products", _product("octagam-5"), "vials", 0)), {"grams": 1, "ml": 10}),
]


@pytest.mark.parametrize(("path", "vial"), VIAL_VOLUMES, ids=[str(v[1]) for v in VIAL_VOLUMES])
def test_vial_volume_must_match_grams(tmp_path: Path, path: Path_, vial: dict[str, Any]) -> None:
    message = _refusal(tmp_path, path, vial)
    assert "vials" in message and "mL expected" in message, message


def test_vial_volume_within_one_percent_loads(tmp_path: Path) -> None:
    data = _set(copy.deepcopy(BUNDLED), (*PRIVIGEN, "vials", 1), {"grams": 10, "ml": 100.9})
    load_regimen(_write(tmp_path, json.dumps(data)))


# --- class: duplicate JSON keys --------------------------------------------------------------
def _dup(text: str, old: str, new: str) -> str:
    assert old in text
    return text.replace(old, new, 1)


DUPLICATES = [
    ('"concentration_mg_ml": 100,', '"concentration_mg_ml": 100, "concentration_mg_ml": 50,',
     "concentration_mg_ml"),
    ('"format": 1,', '"format": 1, "format": 1,', "format"),
    ('"pump_rate_step_ml_h": 0.1,', '"pump_rate_step_ml_h": 0.1, "pump_rate_step_ml_h": 1,',
     "pump_rate_step_ml_h"),
    ('"id": "privigen",', '"id": "privigen", "id": "privigen",', "id"),
    ('"grams": 5,', '"grams": 5, "grams": 50,', "grams"),
]


@pytest.mark.parametrize(("old", "new", "key"), DUPLICATES, ids=[d[2] for d in DUPLICATES])
def test_duplicate_keys_are_refused_by_name(
    tmp_path: Path, old: str, new: str, key: str
) -> None:
    target = _write(tmp_path, _dup(BUNDLED_TEXT, old, new))
    with pytest.raises(RegimenFileError, match=f"duplicate key '{key}'"):
        load_regimen(target)


# --- class: reading (special files, size, encodings, number literals) ----------------------
@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs on this OS")
def test_a_fifo_is_refused_without_blocking(tmp_path: Path) -> None:
    fifo = tmp_path / "regimen.json"
    os.mkfifo(fifo)
    with pytest.raises(RegimenFileError, match="not a regular file"):
        load_regimen(fifo)


@pytest.mark.parametrize("device", ["/dev/zero", "/dev/null", "/dev/urandom"])
def test_devices_are_refused_unread(device: str) -> None:
    if not Path(device).exists():
        pytest.skip(f"no {device}")
    with pytest.raises(RegimenFileError, match="not a regular file"):
        load_regimen(device)


def test_a_folder_and_a_missing_file_are_refused(tmp_path: Path) -> None:
    with pytest.raises(RegimenFileError, match="folder"):
        load_regimen(tmp_path)
    with pytest.raises(RegimenFileError, match="not found"):
        load_regimen(tmp_path / "gone.json")


def test_a_huge_file_is_refused_after_a_bounded_read(tmp_path: Path) -> None:
    target = tmp_path / "big.json"
    with target.open("wb") as handle:
        handle.truncate(6 * 1024 * 1024)  # sparse: st_size says 6 MB
    with pytest.raises(RegimenFileError, match="too large"):
        load_regimen(target)


LITERALS = [
    ('"concentration_mg_ml": 100,', '"concentration_mg_ml": 1' + "0" * 5000 + ",", "too long"),
    ('"concentration_mg_ml": 100,', '"concentration_mg_ml": 1.' + "0" * 5000 + "1,", "too long"),
    ('"concentration_mg_ml": 100,', '"concentration_mg_ml": 1e999,', "too large"),
    ('"concentration_mg_ml": 100,', '"concentration_mg_ml": NaN,', "NaN"),
    ('"concentration_mg_ml": 100,', '"concentration_mg_ml": -Infinity,', "Infinity"),
    ('"pump_rate_step_ml_h": 0.1,', '"pump_rate_step_ml_h": ' + "9" * 400 + ",", "too long"),
]


@pytest.mark.parametrize(("old", "new", "words"), LITERALS, ids=[w for *_, w in LITERALS])
def test_absurd_number_literals_are_clean_errors(
    tmp_path: Path, old: str, new: str, words: str
) -> None:
    target = _write(tmp_path, _dup(BUNDLED_TEXT, old, new))
    with pytest.raises(RegimenFileError, match=words):
        load_regimen(target)


def test_huge_literal_through_the_cli_has_no_traceback(tmp_path: Path) -> None:
    import subprocess

    target = _write(tmp_path, _dup(BUNDLED_TEXT, '"concentration_mg_ml": 100,',
                                   '"concentration_mg_ml": 1' + "0" * 5000 + ","))
    result = subprocess.run(
        [sys.executable, "-m", "planner", "list", "--regimen-file", str(target)],
        capture_output=True, text=True, check=False, timeout=60,
    )
    assert result.returncode == 2 and "Traceback" not in result.stderr, result.stderr
    assert "too long" in result.stderr


@pytest.mark.parametrize("prefix", [b"\xef\xbb\xbf", b""])
def test_a_byte_order_mark_is_accepted(tmp_path: Path, prefix: bytes) -> None:
    target = tmp_path / "bom.json"
    target.write_bytes(prefix + BUNDLED_TEXT.encode("utf-8"))
    loaded = load_regimen(target)
    assert loaded.regimen.version == BUNDLED["version"]


# --- class: a file may not silence an engine warning ---------------------------------------
RESERVED_PLACES: list[Callable[[Any, str], None]] = [
    lambda d, code: d["products"][_product("privigen")].setdefault("warnings", []).append(
        {"code": code, "severity": "info", "message": "m", "source": "s"}),
    lambda d, code: d["indications"][_indication("pi")].setdefault("warnings", []).append(
        {"code": code, "severity": "info", "message": "m", "source": "s"}),
    lambda d, code: d.setdefault("general_warnings", []).append(
        {"code": code, "severity": "info", "message": "m", "source": "s"}),
    lambda d, code: d["products"][_product("privigen")].setdefault(
        "contraindications", []).append(
        {"risk": "renal", "code": code, "message": "m", "source": "s"}),
]
RESERVED_CODES = ["LOT_EXPIRED_DAY_1", "LOT_EXPIRED_DAY_3", "IGA_ANTIBODIES", "VIAL_PARTIAL",
                  "DAYS_OVERLAP", "PUMP_CAP", "FIXED_DURATION_CAPPED"]


@pytest.mark.parametrize("place", range(len(RESERVED_PLACES)))
@pytest.mark.parametrize("code", RESERVED_CODES)
def test_engine_codes_are_reserved(tmp_path: Path, place: int, code: str) -> None:
    data = copy.deepcopy(BUNDLED)
    RESERVED_PLACES[place](data, code)
    with pytest.raises(RegimenFileError, match=f"'{code}' is a warning code the planner"):
        load_regimen(_write(tmp_path, json.dumps(data)))


def test_every_code_the_engine_raises_is_reserved() -> None:
    for code in WarningCode:
        assert is_reserved(code.value)
        if code.per_day:
            assert all(is_reserved(f"{code.value}_{day}") for day in range(1, 11))
    assert not is_reserved("VACCINE_DEFERRAL") and not is_reserved("BOXED_WARNING")


@pytest.mark.parametrize("order", [(Severity.INFO, Severity.STOP), (Severity.STOP, Severity.INFO),
                                   (Severity.CAUTION, Severity.STOP),
                                   (Severity.INFO, Severity.CAUTION)])
def test_the_most_severe_warning_wins_a_collision(order: tuple[Severity, Severity]) -> None:
    warnings = WarningList()
    for severity in order:
        warnings.add_file(FileWarningCode("SAME_CODE"), severity, severity.value, "")
        warnings.add(WarningCode.LOT_EXPIRED_DAY, severity, severity.value, **LOT)
    kept = warnings.sorted()
    worst = min(order, key=[Severity.STOP, Severity.CAUTION, Severity.INFO].index)
    assert kept == (
        PlanWarning(code=FileWarningCode("SAME_CODE"), severity=worst, text=worst.value),
        PlanWarning(code=WarningCode.LOT_EXPIRED_DAY, severity=worst, source=worst.value,
                    params=LOT),
    )


LOT: dict[str, WarningParam] = {"day": 2, "lot": "A1", "expiry": date(2026, 1, 31)}


# --- class: the vial search is bounded for any vials a file may hold --------------------------
VIAL_SETS = [
    [0.1, 0.11, 0.13, 0.17, 0.19, 0.23, 0.29, 0.31, 0.37, 0.41, 0.43, 0.47],
    [99.99, 100, 99.98, 99.97],
    [0.1, 100],
    [0.37, 12.5, 99.99],
]


@pytest.mark.parametrize("sizes", VIAL_SETS, ids=[str(s[:3]) for s in VIAL_SETS])
@pytest.mark.parametrize("day_g", [0.05, 3.3, 140.0, 1400.0, 20000.0])
def test_vial_search_is_bounded(sizes: list[float], day_g: float) -> None:
    vials = tuple(Vial(grams=g, ml=g * 10) for g in sizes)
    began = time.process_time()
    try:
        choice = choose_vials(day_g, vials, 25)
    except PlanInputError as exc:
        assert exc.field == "dose" and day_g > 1400
    else:
        assert choice.total_g >= day_g * 0.75 - 1e-9
    assert time.process_time() - began < 20  # a guard against hangs, not a speed test
