"""Each engine rule against numbers worked out by hand (arithmetic in the comments)."""

from __future__ import annotations

from datetime import date

import pytest
from helpers import clock, codes, plan_for, pumps

from planner.core.errors import PlanInputError
from planner.plan.patient import Sex
from planner.regimen.loading import bundled_regimen
from planner.regimen.models import RiskFlag


def test_privigen_pi_site_policy_doubling() -> None:
    # 70 kg × 400 mg/kg = 28 g → whole vials of 5/10/20/40 g within ±10 % (25.2–30.8 g): 30 g
    # 30 g ÷ 100 mg/mL = 300 mL. Pump: 0.5 mg/kg/min × 70 × 60 ÷ 100 = 21 mL/h, doubling
    # every 30 min: 21 (10.5 mL), 42 (21), 84 (42), 168 (84) → 157.5 mL after 2 h;
    # then 8 mg/kg/min = 336 mL/h for 142.5 mL = 25.4 min → 26 min, ends 10:26.
    plan = plan_for("pi", "privigen", 70)
    day = plan.days[0]
    assert plan.prescribed_total_g == pytest.approx(28)
    assert day.dose_g == 30 and day.volume_ml == 300
    assert [(v.grams, v.count) for v in day.vials] == [(20, 1), (10, 1)]
    assert pumps(plan) == [21.0, 42.0, 84.0, 168.0, 336.0]
    assert [s.volume_ml for s in day.steps] == pytest.approx([10.5, 21, 42, 84, 142.5])
    assert clock(plan) == [
        "08:00-08:30", "08:30-09:00", "09:00-09:30", "09:30-10:00", "10:00-10:26",
    ]
    assert day.steps[-1].runs_until_empty
    assert codes(plan)["SITE_POLICY_STEPS"] == "info"
    assert codes(plan)["VIAL_ROUNDED"] == "info"
    assert plan.next_course_due == date(2026, 12, 22)  # 1 Dec + 21 days


def test_pump_rate_rounds_down() -> None:
    # 154 lb would be 69.9 kg: 1 mg/kg/min × 69.9 × 60 ÷ 100 = 41.94 → 41.9 mL/h
    plan = plan_for("itp", "octagam-10", 69.9, dose=1000, days=2)
    assert pumps(plan)[0] == 41.9


def test_octagam_itp_label_table_and_last_rate_until_empty() -> None:
    # 70 kg × 1 g/kg = 70 g/day = 2 × 30 g + 1 × 10 g = 700 mL. Label table 1→2→4→8 mg/kg/min,
    # 30 min each: 42 (21 mL), 84 (42), 168 (84) = 147 mL by 09:30; 8 mg/kg/min = 336 mL/h
    # for 553 mL = 98.75 min → 99 min → 11:09.
    plan = plan_for("itp", "octagam-10", 70, dose=1000, days=2)
    assert len(plan.days) == 2 and plan.total_g == 140
    assert pumps(plan) == [42.0, 84.0, 168.0, 336.0]
    assert clock(plan)[-1] == "09:30-11:09"
    assert plan.days[1].start.date() == date(2026, 12, 2)
    assert "SITE_POLICY_STEPS" not in codes(plan)
    assert codes(plan)["MALTOSE_GLUCOSE_METER"] == "caution"


def test_label_risk_cap_replaces_first_step_above_it() -> None:
    # Octagam 10 % label cap 3.3 mg/kg/min: 1, 2, then 4 > 3.3 → 3.3 × 70 × 0.6 = 138.6 mL/h
    plan = plan_for("itp", "octagam-10", 70, dose=1000, days=2, risks=frozenset({RiskFlag.RENAL}))
    assert pumps(plan) == [42.0, 84.0, 138.6]
    assert plan.protocol is not None and plan.protocol.cap_basis == "label"
    assert codes(plan)["RISK_CAP"] == "caution"


def test_site_policy_risk_cap_where_label_gives_none() -> None:
    # Privigen: "minimum rate practicable" → site cap 3.3: 21, 42, 84, then 138.6 mL/h
    plan = plan_for("pi", "privigen", 70, risks=frozenset({RiskFlag.THROMBOSIS}))
    assert pumps(plan) == [21.0, 42.0, 84.0, 138.6]
    assert plan.protocol is not None and plan.protocol.cap_basis == "site-policy"
    assert max(s.rate_mg_kg_min for s in plan.days[0].steps) == pytest.approx(3.3)


def test_gammagard_mmn_maker_multiples_in_ml_kg_h() -> None:
    # 80 kg × 1 g/kg = 80 g = 800 mL. 0.5 mL/kg/h × 80 = 40 mL/h; ×1, ×2, ×4, ×6, ×8, ×10:
    # 40, 80, 160, 240, 320 mL/h for 30 min each = 20+40+80+120+160 = 420 mL by 10:30;
    # 400 mL/h for 380 mL = 57 min → 11:27.
    plan = plan_for("mmn", "gammagard-liquid", 80)
    assert pumps(plan) == [40.0, 80.0, 160.0, 240.0, 320.0, 400.0]
    assert clock(plan)[-1] == "10:30-11:27"
    assert plan.days[0].steps[0].rate_unit == "mL/kg/h"


def test_bivigam_additive_steps() -> None:
    # 50 kg × 400 mg/kg = 20 g = 200 mL. 0.5 mg/kg/min × 50 × 0.6 = 15 mL/h for 10 min
    # (2.5 mL), then +0.8 mg/kg/min (= +24 mL/h) every 20 min: 39, 63, 87, 111, 135, 159.
    plan = plan_for("pi", "bivigam", 50)
    assert pumps(plan)[:4] == [15.0, 39.0, 63.0, 87.0]
    assert plan.days[0].steps[0].duration_min == 10
    assert plan.days[0].steps[1].duration_min == 20
    assert "UNVERIFIED_PRODUCT" not in codes(plan)  # verified against the US PI (2026-11)


def test_bag_empties_before_the_ramp_ends() -> None:
    # 10 kg × 400 mg/kg = 4 g; Gamunex-C vials 1/2.5/5 g → 4 g = 40 mL.
    # 1 mg/kg/min × 10 × 0.6 = 6 mL/h (3 mL), 12 (6), 24 (12) = 21 mL by 09:30,
    # 48 mL/h for 19 mL = 23.75 min → 24 min; the 8 mg/kg/min step is never reached.
    plan = plan_for("pi", "gamunex-c", 10)
    assert plan.days[0].volume_ml == 40
    assert pumps(plan) == [6.0, 12.0, 24.0, 48.0]
    assert clock(plan)[-1] == "09:30-09:54"


def test_vial_exact_tie_lower_and_fewest_vials() -> None:
    from planner.plan.vials import choose_vials

    vials = bundled_regimen().regimen.product("gamunex-c").vials  # type: ignore[union-attr]
    tie = choose_vials(2.75, vials, 10)  # 2.5 and 3.0 both 0.25 g away → lower
    assert tie.total_g == 2.5 and tie.vial_count == 1
    five = choose_vials(5, vials, 10)  # 1 × 5 g beats 2 × 2.5 g or 5 × 1 g
    assert five.vial_count == 1


def test_no_whole_vial_total_within_tolerance_gives_partial_dose() -> None:
    # 3 kg × 400 mg/kg = 1.2 g; Gamunex-C 1 g is −16.7 %, 2 g +66.7 % → give 1.2 g = 12 mL
    # from 2 × 1 g vials, with a caution.
    plan = plan_for("pi", "gamunex-c", 3, child=True)
    day = plan.days[0]
    assert day.dose_g == pytest.approx(1.2) and day.volume_ml == pytest.approx(12)
    assert [(v.grams, v.count) for v in day.vials] == [(1, 2)]
    assert not day.vials_cover_exactly
    assert codes(plan)["VIAL_PARTIAL"] == "caution"


def test_adjusted_dosing_weight_female() -> None:
    # 165 cm = 64.96 in; IBW = 45.5 + 2.3 × 4.96 = 56.9 kg; BMI 100 / 1.65² = 36.7 ≥ 30
    # adjusted = 56.9 + 0.4 × (100 − 56.9) = 74.1 kg; dose 400 mg/kg × 74.1 = 29.64 g
    plan = plan_for("pi", "privigen", 100, height=165, sex=Sex.FEMALE)
    assert plan.ideal_weight_kg == 56.9
    assert plan.dosing_weight_kg == 74.1
    assert plan.dosing_weight_rule == "adjusted"
    assert plan.prescribed_total_g == pytest.approx(29.64)
    assert codes(plan)["ADJUSTED_WEIGHT"] == "info"


def test_adjusted_dosing_weight_male() -> None:
    # 180 cm = 70.87 in; IBW = 50 + 2.3 × 10.87 = 75.0; adjusted = 75 + 0.4 × 45 = 93.0 kg
    plan = plan_for("pi", "privigen", 120, height=180, sex=Sex.MALE)
    assert plan.dosing_weight_kg == 93.0


@pytest.mark.parametrize(
    ("kwargs", "caution"),
    [
        ({"height": 150, "sex": Sex.FEMALE}, False),  # below 152 cm: actual weight
        ({"height": 190, "sex": Sex.MALE}, False),  # BMI 27.7 < 30
        ({}, True),  # no height: actual weight and a caution
        ({"height": 165}, True),  # BMI ≥ 30 without sex: actual weight and a caution
    ],
)
def test_actual_weight_cases(kwargs: dict[str, object], caution: bool) -> None:
    plan = plan_for("pi", "privigen", 100, **kwargs)  # type: ignore[arg-type]
    assert plan.dosing_weight_kg == 100 and plan.dosing_weight_rule == "actual"
    assert ("DOSING_WEIGHT_UNCHECKED" in codes(plan)) is caution


def test_child_uses_actual_weight_without_caution() -> None:
    plan = plan_for("kawasaki", "gamunex-c", 20, child=True, height=110)
    assert plan.dosing_weight_kg == 20
    assert "DOSING_WEIGHT_UNCHECKED" not in codes(plan)


def test_course_and_day_dose_bases() -> None:
    # pemphigus: 2000 mg/kg per course over 5 days at 50 kg = 100 g → 20 g/day
    course = plan_for("pemphigus-vulgaris", "privigen", 50)
    assert [d.prescribed_g for d in course.days] == [20] * 5
    # itp: 400 mg/kg per day × 5 days at 50 kg = 20 g/day, 100 g in all
    daily = plan_for("itp", "privigen", 50)
    assert [d.prescribed_g for d in daily.days] == [20] * 5 and daily.prescribed_total_g == 100


def test_kawasaki_fixed_duration() -> None:
    # 20 kg × 2 g/kg = 40 g = 400 mL, planned 11 h (660 min), Gamunex-C's start kept:
    # 1 mg/kg/min = 20 × 60 ÷ 100 = 12 mL/h for 30 min (6 mL); the rest needs 394 ÷ 630 min
    # = 37.5 mL/h, so 2 mg/kg/min = 24 mL/h for 30 min (12 mL); then 382 mL ÷ 600 min =
    # 38.2 mL/h (below 4 mg/kg/min = 48 mL/h, the next step): 600 min, ends at 11 h.
    plan = plan_for("kawasaki", "gamunex-c", 20, child=True)
    steps = plan.days[0].steps
    assert pumps(plan) == [12.0, 24.0, 38.2]
    assert [s.duration_min for s in steps] == [30, 30, 600]
    assert plan.days[0].duration_min == 660
    assert codes(plan)["OFF_LABEL"] == "caution"
    assert codes(plan)["VACCINE_DEFERRAL"] == "info"
    assert "SITE_POLICY_STEPS" not in codes(plan)


def test_kawasaki_fixed_duration_capped_warns() -> None:
    # With a site risk cap of 2 mg/kg/min (24 mL/h): 12 mL/h for 30 min (6 mL), then the
    # cap: 394 mL ÷ 24 mL/h = 985 min; 1015 min in all, past the 12 h window: said so.
    loaded = bundled_regimen()
    policies = loaded.regimen.site_policies.model_copy(update={"risk_cap_mg_kg_min": 2.0})
    site = type(loaded)(
        regimen=loaded.regimen.model_copy(update={"site_policies": policies}),
        path=loaded.path, sha256="0" * 64, bundled=False,
    )
    plan = plan_for(
        "kawasaki", "gamunex-c", 20, child=True, risks=frozenset({RiskFlag.RENAL}), loaded=site
    )
    assert pumps(plan) == [12.0, 24.0]
    assert plan.days[0].duration_min == 1015
    assert codes(plan)["FIXED_DURATION_CAPPED"] == "caution"
    text = next(w.message for w in plan.warnings if w.code == "FIXED_DURATION_CAPPED")
    assert "window cannot be kept" in text


def test_kawasaki_one_gram_option_by_weight() -> None:
    heavy = plan_for("kawasaki", "privigen", 30, dose=1000, child=True)
    assert codes(heavy)["DOSE_OPTION"] == "info"
    light = plan_for("kawasaki", "privigen", 20, dose=1000, child=True)
    assert codes(light)["DOSE_OPTION_WEIGHT"] == "caution"


def test_off_label_uses_most_conservative_protocol() -> None:
    # Privigen's protocols: pi/cidp max 8, itp max 4 mg/kg/min → itp protocol
    plan = plan_for("pemphigus-vulgaris", "privigen", 70)
    assert plan.protocol is not None
    assert plan.protocol.indication_id == "itp" and not plan.protocol.labeled
    assert max(s.rate_mg_kg_min for d in plan.days for s in d.steps) <= 4
    assert codes(plan)["OFF_LABEL"] == "caution"


def test_dose_outside_usual_range_is_a_caution() -> None:
    assert codes(plan_for("pi", "privigen", 70, dose=600))["DOSE_OUTSIDE_USUAL"] == "caution"
    assert "DOSE_OUTSIDE_USUAL" not in codes(plan_for("pi", "privigen", 70, dose=350))


@pytest.mark.parametrize(
    ("product", "risk", "code"),
    [
        ("privigen", RiskFlag.IGA_ANTIBODIES, "IGA_ANTIBODIES"),
        ("privigen", RiskFlag.HYPERPROLINAEMIA, "PROLINE_HYPERPROLINAEMIA"),
        ("flebogamma-10-dif", RiskFlag.FRUCTOSE_INTOLERANCE, "SORBITOL_FRUCTOSE_INTOLERANCE"),
    ],
)
def test_contraindications_stop(product: str, risk: RiskFlag, code: str) -> None:
    plan = plan_for("pi", product, 70, risks=frozenset({risk}))
    assert codes(plan)[code] == "stop" and plan.has_stop
    assert plan.warnings[0].severity == "stop"  # stop first


def test_no_stop_for_excipient_the_product_lacks() -> None:
    plan = plan_for("pi", "gamunex-c", 70, risks=frozenset({RiskFlag.HYPERPROLINAEMIA}))
    assert not plan.has_stop


def test_ab_blood_group_and_first_infusion_cautions() -> None:
    plan = plan_for(
        "pi", "privigen", 70, risks=frozenset({RiskFlag.AB_BLOOD_GROUP}), first=True
    )
    assert codes(plan)["AB_BLOOD_GROUP"] == "caution"
    assert codes(plan)["FIRST_INFUSION"] == "caution"
    assert plan.days[0].steps[0].rate_mg_kg_min == 0.5  # starts at the label's minimum


def test_measles_im_volume() -> None:
    # label mL/kg: 0.25 mL/kg × 30 kg = 7.5 mL; immunocompromised child 0.5 mL/kg × 30 = 15 mL
    plan = plan_for("measles-pep", "gamastan", 30, child=True)
    assert plan.days[0].volume_ml == 7.5 and plan.days[0].steps == ()
    assert plan.protocol is None and plan.im_ml_per_kg == 0.25
    assert codes(plan)["IM_INJECTION"] == "info"
    assert plan_for("measles-pep", "gamastan", 30, dose=80, child=True).days[0].volume_ml == 15


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"indication": "nope", "product": "privigen", "weight": 70}, "indication"),
        ({"indication": "pi", "product": "nope", "weight": 70}, "product"),
        ({"indication": "pi", "product": "gamastan", "weight": 70}, "product"),
        ({"indication": "measles-pep", "product": "privigen", "weight": 70}, "product"),
        ({"indication": "pi", "product": "privigen", "weight": 0}, "weight"),
        ({"indication": "pi", "product": "privigen", "weight": float("nan")}, "weight"),
        ({"indication": "pi", "product": "privigen", "weight": 351}, "weight"),
        ({"indication": "pi", "product": "privigen", "weight": 0.4}, "weight"),
        ({"indication": "pi", "product": "privigen", "weight": 70, "dose": 801}, "dose"),
        ({"indication": "pi", "product": "privigen", "weight": 70, "days": 2}, "days"),
        ({"indication": "itp", "product": "privigen", "weight": 70, "days": 1}, "days"),
        ({"indication": "pi", "product": "privigen", "weight": 70, "height": 500}, "height"),
    ],
)
def test_bad_input_names_the_field(kwargs: dict[str, object], field: str) -> None:
    indication, product = kwargs.pop("indication"), kwargs.pop("product")
    weight = kwargs.pop("weight")
    with pytest.raises(PlanInputError) as caught:
        plan_for(indication, product, weight, **kwargs)  # type: ignore[arg-type]
    assert caught.value.field == field


def test_vial_window_uses_the_exact_day_dose() -> None:
    from planner.plan.vials import choose_vials

    # 0.9054 g: +10 % is 0.9959 g, so a 1 g vial (+10.4 %) is outside the window → partial.
    vials = bundled_regimen().regimen.product("gamunex-c").vials  # type: ignore[union-attr]
    choice = choose_vials(0.9054, vials, 10)
    assert not choice.within_tolerance and choice.total_g == 1
    assert choose_vials(0.91, vials, 10).within_tolerance  # +9.9 %: inside
