"""Fixed-duration regimens keep the protocol's start and their window; the pump's deliverable
maximum ends a ramp like a cap. Hand-computed cases, then the same rules over many patients."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from pathlib import Path

import pytest
from helpers import START, codes, plan_for, pumps

from planner.core.units import to_mg_kg_min
from planner.plan.engine import build_plan
from planner.plan.patient import AgeGroup, LotChange, Patient, PlanRequest
from planner.regimen.loading import bundled_regimen


def _durations(plan: object, day: int = 0) -> list[int]:
    return [s.duration_min for s in plan.days[day].steps]  # type: ignore[attr-defined]


# --- hand-computed fixed-duration days ---------------------------------------------
# (product, kg, pumps mL/h, minutes per step) — Kawasaki 2 g/kg, planned 11 h (660 min).
HAND = [
    # Gamunex-C 18 kg: 36 g = 360 mL. 1 mg/kg/min = 18 × 60 ÷ 100 = 10.8 mL/h, 30 min
    # (5.4 mL); the rest needs 354.6 ÷ 630 min = 33.8 mL/h, so 2 mg/kg/min = 21.6 mL/h for
    # 30 min (10.8 mL); 343.8 mL in 600 min needs 34.38 < 43.2 (4 mg/kg/min) → 34.3 mL/h,
    # 343.8 ÷ 34.3 × 60 = 601.4 → 602 min.
    ("gamunex-c", 18, [10.8, 21.6, 34.3], [30, 30, 602]),
    # Privigen 18 kg: 35 g (whole vials) = 350 mL; 0.5 mg/kg/min = 5.4 mL/h, 30 min
    # (2.7 mL); 10.8 mL/h 30 min (5.4 mL); 21.6 mL/h 30 min (10.8 mL); 331.1 mL in 570 min
    # needs 34.85 < 43.2 → 34.8 mL/h, 570.9 → 571 min. Never above 0.5 mg/kg/min at first.
    ("privigen", 18, [5.4, 10.8, 21.6, 34.8], [30, 30, 30, 571]),
    # Gamunex-C 20 kg: 400 mL: 12, 24 mL/h for 30 min each; 382 mL in 600 min = 38.2 mL/h.
    ("gamunex-c", 20, [12.0, 24.0, 38.2], [30, 30, 600]),
]


@pytest.mark.parametrize(("product", "kg", "rates", "minutes"), HAND,
                         ids=[f"{h[0]}-{h[1]}kg" for h in HAND])
def test_fixed_duration_keeps_the_protocols_start(
    product: str, kg: float, rates: list[float], minutes: list[int]
) -> None:
    plan = plan_for("kawasaki", product, kg, child=True)
    assert pumps(plan) == rates and _durations(plan) == minutes
    assert "FIXED_DURATION_CAPPED" not in codes(plan)
    assert "FIXED_DURATION_LONG" not in codes(plan)


@pytest.mark.parametrize("product", ["gamunex-c", "privigen", "octagam-10", "gammagard-liquid",
                                     "panzyga", "flebogamma-10-dif"])
@pytest.mark.parametrize("kg", [3.5, 8, 12.5, 18, 24.9, 40, 60])
def test_fixed_duration_rules_hold_for_every_child(product: str, kg: float) -> None:
    plan = plan_for("kawasaki", product, kg, child=True)
    protocol = plan.protocol
    assert protocol is not None
    conc = plan.concentration_mg_ml
    day = plan.days[0]
    first = day.steps[0]
    label_start = to_mg_kg_min(protocol.initial_rate, protocol.unit, conc, kg)
    assert first.rate_mg_kg_min <= label_start + 1e-3  # never above the label's start
    assert all(s.rate_mg_kg_min <= protocol.ceiling_mg_kg_min + 1e-3 for s in day.steps)
    rates = [s.rate_ml_h for s in day.steps]
    assert rates == sorted(rates)  # rises, never falls back
    assert abs(day.steps[-1].cumulative_ml - day.volume_ml) < 0.05
    window = bundled_regimen().regimen.indication("kawasaki").fixed_duration  # type: ignore[union-attr]
    assert window is not None
    if not {"FIXED_DURATION_CAPPED", "FIXED_DURATION_LONG"} & set(codes(plan)):
        assert window.min_h * 60 <= day.duration_min <= window.max_h * 60


def _kawasaki(kg: float, change: time | None) -> PlanRequest:
    return PlanRequest(
        patient=Patient(weight_kg=kg, age_group=AgeGroup.CHILD), indication_id="kawasaki",
        product_id="gamunex-c", start=START,
        lot_changes=(LotChange(day=1, at=change),) if change else (),
    )


@pytest.mark.parametrize("at", [time(8, 20), time(9, 45), time(12, 0), time(15, 30),
                                time(18, 0)])
@pytest.mark.parametrize("kg", [10, 20, 35])
def test_a_lot_change_keeps_the_fixed_window(at: time, kg: float) -> None:
    plan = build_plan(_kawasaki(kg, at))
    day = plan.days[0]
    assert day.ramp_restart_at == datetime.combine(START.date(), at)
    ceiling = plan.protocol.ceiling_mg_kg_min  # type: ignore[union-attr]
    assert all(s.rate_mg_kg_min <= ceiling + 1e-3 for s in day.steps)
    assert abs(day.steps[-1].cumulative_ml - day.volume_ml) < 0.05
    late = {"FIXED_DURATION_CAPPED", "FIXED_DURATION_LONG"} & set(codes(plan))
    if not late:
        assert day.end <= START + timedelta(hours=12)
    # the restart starts again at the label's first rate
    restarted = next(s for s in day.steps if s.start == day.ramp_restart_at)
    assert restarted.rate_ml_h == day.steps[0].rate_ml_h or restarted.runs_until_empty


def test_a_late_lot_change_that_cannot_keep_the_window_says_so() -> None:
    # 20 kg: 400 mL. A new lot at 18:30 leaves ~20 mL for 30 min: the restart at 12 mL/h
    # (the label's start) cannot finish by 19:00; the rest runs at the most the window
    # needs within the ceiling, or the plan says it is late.
    plan = build_plan(_kawasaki(20, time(18, 59)))
    day = plan.days[0]
    assert day.end <= START + timedelta(hours=12) or (
        {"FIXED_DURATION_CAPPED", "FIXED_DURATION_LONG"} & set(codes(plan)))


# --- the pump's deliverable maximum ----------------------------------------------------
PUMP_MAX = [
    # Panzyga PI 800 mg/kg at 150 kg: 120 g = 1200 mL; 90, 180, 360, 720 mL/h for 30 min
    # (675 mL), then 14 mg/kg/min = 1260 mL/h is beyond 999: 525 mL at 999 → 31.5 → 32 min.
    ("panzyga", 150, 800, [90.0, 180.0, 360.0, 720.0, 999.0], [30, 30, 30, 30, 32]),
    # 120 kg: 14 mg/kg/min = 1008 mL/h > 999; 960 mL: 72, 144, 288, 576 for 30 min (540 mL),
    # 420 mL at 999 → 25.2 → 26 min.
    ("panzyga", 120, 800, [72.0, 144.0, 288.0, 576.0, 999.0], [30, 30, 30, 30, 26]),
]


@pytest.mark.parametrize(("product", "kg", "dose", "rates", "minutes"), PUMP_MAX,
                         ids=[f"{p[0]}-{p[1]}kg" for p in PUMP_MAX])
def test_no_rate_beyond_what_a_pump_delivers(
    product: str, kg: float, dose: float, rates: list[float], minutes: list[int]
) -> None:
    plan = plan_for("pi", product, kg, dose=dose)
    assert pumps(plan) == rates and _durations(plan) == minutes
    assert codes(plan)["PUMP_MAX"] == "caution"


def test_no_pump_max_caution_where_the_bag_empties_first() -> None:
    plan = plan_for("pi", "panzyga", 150)  # 600 mL: empties at 720 mL/h
    assert max(pumps(plan)) == 720.0 and "PUMP_MAX" not in codes(plan)


@pytest.mark.parametrize("most", [200.0, 500.0, 750.0])
def test_the_pump_maximum_is_a_site_policy(tmp_path: Path, most: float) -> None:
    import json

    from planner.core.resources import bundled_regimen_path
    from planner.regimen.loading import load_regimen

    data = json.loads(bundled_regimen_path().read_text(encoding="utf-8"))
    data["site_policies"]["pump_max_ml_h"] = most
    data["site_policies"]["pump_max_source"] = "Site policy: our pumps"
    path = tmp_path / "r.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    loaded = load_regimen(path)
    plan = plan_for("pi", "panzyga", 100, dose=800, loaded=loaded)
    assert max(pumps(plan)) == most and codes(plan)["PUMP_MAX"] == "caution"
    kawasaki = plan_for("kawasaki", "gamunex-c", 60, child=True, loaded=loaded)
    assert max(pumps(kawasaki)) <= most
