"""Typing-error screens in the engine: weight and unit, start date, what a missing height
could change. The CLI and the PDF get them as plan warnings, like the window."""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from helpers import START, codes, plan_for
from hypothesis import given
from hypothesis import strategies as st

from planner.plan.dosing_weight import dosing_weight
from planner.plan.engine import build_plan
from planner.plan.height_effect import height_effect, rule_weight_kg
from planner.plan.patient import AgeGroup, Patient, PlanRequest, Sex
from planner.plan.start_check import FAR_AHEAD_DAYS, start_doubt
from planner.plan.weight_check import DEFAULT_SCREEN, weight_doubt
from planner.regimen.loading import bundled_regimen, load_regimen

RULE = bundled_regimen().regimen.site_policies.dosing_weight


@pytest.mark.parametrize(
    ("weight", "height", "child", "reason"),
    [
        (141, None, False, "heavy"),  # 141 lb typed with the unit left on kg
        (95, None, True, "heavy"),
        (64, None, False, None),
        (129, None, False, None),
        (70, None, True, None),
        (180, 100, False, "bmi"),  # BMI 180
        (40, 200, False, "bmi"),  # BMI 10: weight typed in st, or height in mm?
        (160, 65, False, "bmi"),  # height typed in inches with the unit on cm
        (72, 165, False, None),
        (141, 165, False, None),  # BMI 51.8: heavy, but weight and height agree
    ],
)
def test_weight_doubt(weight: float, height: float | None, child: bool,
                      reason: str | None) -> None:
    patient = Patient(weight_kg=weight, height_cm=height,
                      age_group=AgeGroup.CHILD if child else AgeGroup.ADULT)
    doubt = weight_doubt(patient)
    if height is not None:
        bmi = weight / (height / 100) ** 2
        assert (reason == "bmi") is not (DEFAULT_SCREEN.bmi_low <= bmi <= DEFAULT_SCREEN.bmi_high)
    assert (doubt.reason if doubt else None) == reason
    if doubt is not None:
        assert "kg" in doubt.message and "lb" in doubt.message


def test_weight_doubt_threshold_follows_the_age_group() -> None:
    heavy = {AgeGroup.ADULT: DEFAULT_SCREEN.heavy_without_height_adult_kg,
             AgeGroup.CHILD: DEFAULT_SCREEN.heavy_without_height_child_kg}
    for group, limit in heavy.items():
        assert weight_doubt(Patient(weight_kg=limit, age_group=group)) is None
        assert weight_doubt(Patient(weight_kg=limit + 0.5, age_group=group)) is not None


def test_the_plan_carries_the_weight_caution_for_cli_and_pdf() -> None:
    plan = plan_for("itp", "privigen", 141)
    assert codes(plan)["WEIGHT_CHECK"] == "caution"
    assert "WEIGHT_CHECK" not in codes(plan_for("itp", "privigen", 141, height=170))


@pytest.mark.parametrize(
    ("offset", "code"),
    [(-1, "START_IN_PAST"), (-200, "START_IN_PAST"), (0, None), (1, None),
     (FAR_AHEAD_DAYS, None), (FAR_AHEAD_DAYS + 1, "START_FAR_AHEAD"), (365, "START_FAR_AHEAD")],
)
def test_start_doubt(offset: int, code: str | None) -> None:
    today = date(2026, 11, 28)
    start = datetime.combine(today + timedelta(days=offset), datetime.min.time())
    doubt = start_doubt(start.replace(hour=9, minute=30), today)
    assert (doubt.code if doubt else None) == code
    if doubt is not None:
        assert f"{start:%Y-%m-%d}" in doubt.message


def test_build_plan_checks_the_start_only_given_today() -> None:
    request = PlanRequest(patient=Patient(weight_kg=70), indication_id="itp",
                          product_id="privigen", start=START)
    assert not {"START_IN_PAST", "START_FAR_AHEAD"} & set(codes(build_plan(request)))
    later = build_plan(request, today=START.date() + timedelta(days=3))
    assert codes(later)["START_IN_PAST"] == "caution"
    assert "START_IN_PAST" not in codes(build_plan(request, today=START.date()))


def test_missing_height_caution_says_how_much_the_dose_may_change() -> None:
    heavy = plan_for("itp", "privigen", 110)
    caution = next(w for w in heavy.warnings if w.code == "DOSING_WEIGHT_UNCHECKED")
    effect = height_effect(110, AgeGroup.ADULT, None, RULE)
    assert effect is not None and effect.drop_pct > 0
    assert f"{effect.drop_pct:g} %" in caution.message
    assert f"{heavy.prescribed_total_g:.1f} g" in caution.message
    light = plan_for("itp", "privigen", 64)
    assert "DOSING_WEIGHT_UNCHECKED" not in codes(light)
    assert codes(light)["HEIGHT_NOT_NEEDED"] == "info"


@given(weight=st.floats(min_value=40, max_value=300), height=st.floats(min_value=100,
       max_value=230), sex=st.sampled_from([Sex.FEMALE, Sex.MALE, None]))
def test_no_height_can_lower_the_dose_more_than_the_estimate(
    weight: float, height: float, sex: Sex | None
) -> None:
    """The bound is a bound: whatever height (and sex) the nurse then enters, the engine's
    dosing weight is never below the lowest one the caution announced."""
    effect = height_effect(weight, AgeGroup.ADULT, sex, RULE)
    for entered_sex in ((sex,) if sex is not None else (Sex.FEMALE, Sex.MALE)):
        got = dosing_weight(Patient(weight_kg=weight, height_cm=height, sex=entered_sex), RULE)
        if effect is None:
            assert got.kg == pytest.approx(round(weight + 1e-9, 1))
        else:
            assert got.kg >= effect.lowest_kg - 1e-9


def test_the_estimate_is_reached_at_the_shortest_height_the_rule_takes() -> None:
    weight = rule_weight_kg(RULE) + 40
    effect = height_effect(weight, AgeGroup.ADULT, Sex.FEMALE, RULE)
    got = dosing_weight(Patient(weight_kg=weight, height_cm=RULE.min_height_cm,
                                sex=Sex.FEMALE), RULE)
    assert effect is not None and got.kg == effect.lowest_kg
    assert height_effect(rule_weight_kg(RULE) - 0.5, AgeGroup.ADULT, None, RULE) is None
    assert height_effect(weight, AgeGroup.CHILD, None, RULE) is None


def test_the_weight_screen_is_the_regimen_files_site_policy(tmp_path: Path) -> None:
    """A site that sets its own figures gets them, in the plan's caution and its source."""
    data = json.loads(bundled_regimen().path.read_text(encoding="utf-8"))
    data["site_policies"]["weight_screen"]["heavy_without_height_adult_kg"] = 150
    path = tmp_path / "site.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    loaded = load_regimen(path)
    assert "WEIGHT_CHECK" in codes(plan_for("pi", "privigen", 141))
    assert "WEIGHT_CHECK" not in codes(plan_for("pi", "privigen", 141, loaded=loaded))
    warning = next(w for w in plan_for("pi", "privigen", 151, loaded=loaded).warnings
                   if w.code == "WEIGHT_CHECK")
    assert "150 kg" in warning.message and warning.source.startswith("Site policy")
