"""Site protocols, the label maximum over them, the pump-rate cap, and the comparison."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from helpers import START, clock, codes, pumps

from planner.core.errors import PlanInputError, RegimenFileError
from planner.core.resources import bundled_regimen_path
from planner.plan.engine import build_plan
from planner.plan.patient import Patient, PlanRequest
from planner.plan.protocol_compare import compare_protocols
from planner.regimen.loading import LoadedRegimen, load_regimen

ORDER_SET = "orderset-30-150"


def request(weight: float, protocol: str | None = None, **kw: Any) -> PlanRequest:
    return PlanRequest(patient=Patient(weight_kg=weight), indication_id=kw.get("ind", "pi"),
                       product_id=kw.get("prod", "privigen"), start=START, protocol_id=protocol)


def site_file(tmp_path: Path, **changes: Any) -> LoadedRegimen:
    data = json.loads(bundled_regimen_path().read_text(encoding="utf-8"))
    data["site_policies"].update(changes.pop("site_policies", {}))
    data.update(changes)
    path = tmp_path / "site.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    return load_regimen(path)


def test_order_set_ramp_in_ml_h() -> None:
    # Gamunex-C (label start 1 mg/kg/min), 70 kg × 400 mg/kg = 28 g (20+5+1+1+1) = 280 mL.
    # 30 mL/h = 30 × 100 ÷ (60 × 70) = 0.71 mg/kg/min, not above the label's 1: the order set
    # runs. 30 mL/h for 15 min (7.5 mL), 60 (15), 90 (22.5), 120 (30) → 75 mL by 09:00;
    # 150 mL/h for 205 mL = 82 min → 10:22.
    plan = build_plan(request(70, ORDER_SET, prod="gamunex-c"))
    assert pumps(plan) == [30.0, 60.0, 90.0, 120.0, 150.0]
    assert clock(plan) == ["08:00-08:15", "08:15-08:30", "08:30-08:45", "08:45-09:00",
                           "09:00-10:22"]
    assert plan.protocol is not None and plan.protocol.protocol_kind == "site"
    assert plan.protocol.protocol_id == ORDER_SET
    assert all(s.basis == "site-policy" for s in plan.days[0].steps)
    assert "SITE_PROTOCOL_FAST_START" not in codes(plan)
    assert codes(plan)["SITE_PROTOCOL"] == "info"


def test_order_set_starting_above_the_label_start_is_set_aside() -> None:
    # Privigen starts at 0.5 mg/kg/min. 70 kg: 30 mL/h = 0.71 mg/kg/min > 0.5; 20 kg:
    # 30 mL/h = 2.5 mg/kg/min, five times the label start. Both run the label protocol:
    # 0.5 × 20 × 0.6 = 6 mL/h first.
    for weight, first in ((70, 21.0), (20, 6.0)):
        plan = build_plan(request(weight, ORDER_SET))
        assert plan.protocol is not None and plan.protocol.protocol_id == "label"
        assert pumps(plan)[0] == first
        assert codes(plan)["SITE_PROTOCOL_FAST_START"] == "caution"
        assert "SITE_PROTOCOL" not in codes(plan)
    reason = next(w.message for w in build_plan(request(20, ORDER_SET)).warnings
                  if w.code == "SITE_PROTOCOL_FAST_START")
    assert "2.50 mg/kg/min" in reason and "label protocol runs instead" in reason


def test_order_set_for_adults_is_set_aside_for_a_child() -> None:
    # 60 kg on Gamunex-C: 30 mL/h = 0.83 mg/kg/min ≤ 1, but the order set is for adults
    child = PlanRequest(patient=Patient(weight_kg=60, age_years=15), indication_id="pi",
                        product_id="gamunex-c", start=START, protocol_id=ORDER_SET)
    plan = build_plan(child)
    assert plan.protocol is not None and plan.protocol.protocol_id == "label"
    assert codes(plan)["SITE_PROTOCOL_NOT_FOR_PATIENT"] == "caution"
    # the comparison still shows both, the site row marked
    rows = {o.protocol_id: o for o in compare_protocols(child)}
    assert set(rows) == {"label", ORDER_SET}
    assert rows[ORDER_SET].max_pump_ml_h == 150
    assert rows[ORDER_SET].limited_by.startswith("not for this patient")


def test_label_maximum_wins_over_a_site_protocol() -> None:
    # Octagam 10 % dermatomyositis (start 1, max 4 mg/kg/min) at 55 kg: 30 mL/h = 0.91
    # mg/kg/min ≤ 1, so the order set runs. 2 g/kg ÷ 5 days × 55 kg = 22 g (20+2) = 220 mL.
    # 30 (7.5 mL), 60 (15), 90 (22.5), 120 (30) = 75 mL by 09:00; 150 mL/h is above the
    # label maximum 4 × 55 × 0.6 = 132 mL/h: 132 mL/h for 145 mL = 65.9 min → 66 min → 10:06.
    plan = build_plan(request(55, ORDER_SET, ind="dermatomyositis", prod="octagam-10"))
    assert pumps(plan) == [30.0, 60.0, 90.0, 120.0, 132.0]
    assert clock(plan)[-1] == "09:00-10:06"
    assert plan.protocol is not None and plan.protocol.limited_by == "label"
    assert codes(plan)["SITE_PROTOCOL_ABOVE_LABEL"] == "caution"


def test_site_pump_cap_on_a_large_patient(tmp_path: Path) -> None:
    # 120 kg × 400 mg/kg = 48 g → 50 g (2 g away; 45 g is 3 g away) = 500 mL.
    # 0.5 mg/kg/min × 120 × 0.6 = 36 mL/h (18 mL), 72 (36), 144 (72) = 126 mL by 09:30;
    # 288 mL/h > 250 → 250 mL/h for 374 mL = 89.8 min → 90 min → 11:00.
    loaded = site_file(tmp_path, site_policies={"pump_cap_ml_h": 250})
    plan = build_plan(request(120), loaded)
    assert plan.days[0].volume_ml == 500
    assert pumps(plan) == [36.0, 72.0, 144.0, 250.0]
    assert clock(plan)[-1] == "09:30-11:00"
    assert codes(plan)["PUMP_CAP"] == "caution"


def test_pump_cap_caps_a_fixed_duration_regimen(tmp_path: Path) -> None:
    # Kawasaki 2 g/kg at 60 kg = 120 g = 1200 mL, planned 11 h, a 100 mL/h cap. The label
    # start is kept: 1 mg/kg/min = 36 mL/h for 30 min (18 mL), 2 mg/kg/min = 72 mL/h for
    # 30 min (36 mL); the rest, 1146 mL in 600 min, needs 114.6 mL/h > 100: at 100 mL/h it
    # takes 687.6 → 688 min; 748 min in all, past 12 h: said so.
    loaded = site_file(tmp_path, site_policies={"pump_cap_ml_h": 100})
    plan = build_plan(request(60, ind="kawasaki", prod="gamunex-c"), loaded)
    assert pumps(plan) == [36.0, 72.0, 100.0] and plan.days[0].duration_min == 748
    assert codes(plan)["FIXED_DURATION_CAPPED"] == "caution"


def test_site_default_protocol_mapping(tmp_path: Path) -> None:
    loaded = site_file(tmp_path, protocol_defaults=[
        {"product": "gamunex-c", "indication": "*", "protocol": ORDER_SET}])
    chosen = build_plan(request(70, prod="gamunex-c"), loaded).protocol
    assert chosen is not None and chosen.protocol_id == ORDER_SET
    other = build_plan(request(70, prod="panzyga"), loaded)
    assert other.protocol is not None and other.protocol.protocol_id == "label"
    # the nurse can still switch back to the label protocol
    label = build_plan(request(70, "label", prod="gamunex-c"), loaded)
    assert label.protocol is not None and label.protocol.protocol_kind == "label"


def test_unknown_protocol_is_an_input_error() -> None:
    with pytest.raises(PlanInputError) as caught:
        build_plan(request(70, "fastest"))
    assert caught.value.field == "protocol"


def test_protocol_defaults_must_name_known_protocols(tmp_path: Path) -> None:
    with pytest.raises(RegimenFileError, match="unknown protocol 'nope'"):
        site_file(tmp_path, protocol_defaults=[{"protocol": "nope"}])


def test_side_by_side_comparison() -> None:
    rows = {o.protocol_id: o for o in compare_protocols(request(70))}
    assert set(rows) == {"label", ORDER_SET}
    label_plan = build_plan(request(70, "label"))
    assert rows["label"].first_day_minutes == label_plan.days[0].duration_min
    assert rows["label"].max_pump_ml_h == max(pumps(label_plan))
    assert rows[ORDER_SET].max_pump_ml_h == 150 and rows[ORDER_SET].first_day_minutes == 150
    # Privigen at 70 kg: the order set starts above the label, so the plan runs the label
    assert rows[ORDER_SET].limited_by.startswith("not for this patient")
    assert rows["label"].limited_by == label_plan.protocol.limited_by  # type: ignore[union-attr]


def test_fixed_duration_regimen_honours_a_chosen_site_protocol_maximum() -> None:
    # Kawasaki 2 g/kg at 63 kg = 1260 mL over 11 h with the order set (30 mL/h, +30 every
    # 15 min, maximum 150): 30, 60, 90 mL/h for 15 min each (45 mL); the rest, 1215 mL in
    # 615 min, needs 118.5 mL/h (below the next step, 120): 616 min, 661 in all.
    light = build_plan(request(63, ORDER_SET, ind="kawasaki", prod="gamunex-c"))
    assert pumps(light) == [30.0, 60.0, 90.0, 118.5]
    assert light.days[0].duration_min == 661
    assert "FIXED_DURATION_CAPPED" not in codes(light)
    # at 90 kg, 1800 mL: 30–120 mL/h for 15 min each (75 mL); 1725 mL in 600 min needs
    # 172.5 > 150 mL/h: 150 mL/h for 690 min; 750 min in all, with a caution.
    heavy = build_plan(request(90, ORDER_SET, ind="kawasaki", prod="gamunex-c"))
    assert pumps(heavy) == [30.0, 60.0, 90.0, 120.0, 150.0]
    assert heavy.days[0].duration_min == 750
    assert codes(heavy)["FIXED_DURATION_CAPPED"] == "caution"


def test_a_bag_running_into_the_next_day_is_flagged(tmp_path: Path) -> None:
    # ITP 1 g/kg/day × 2 at 150 kg with a 10 mL/h site pump cap: 150 g = 1500 mL at ≤ 10 mL/h
    # takes well over 24 h, so day 1 runs into day 2's 08:00 start.
    loaded = site_file(tmp_path, site_policies={"pump_cap_ml_h": 10})
    req = request(150, ind="itp", prod="privigen").model_copy(
        update={"dose_mg_kg": 1000, "days": 2})
    plan = build_plan(req, loaded)
    assert plan.days[0].end > plan.days[1].start
    assert codes(plan)["DAYS_OVERLAP"] == "caution"
    assert "DAYS_OVERLAP" not in codes(build_plan(req))
