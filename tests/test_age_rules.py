"""Age against the labels: off-label by age, age contraindications, and a caution when the
age is missing; --age-years on the command line and in saved plans."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from helpers import START, codes

from planner.cli.main import main
from planner.core.errors import PlanInputError
from planner.plan.engine import build_plan
from planner.plan.models import Plan
from planner.plan.patient import Patient, PlanRequest, Sex
from planner.plan.plan_file import load_plan_file, save_plan_file
from planner.regimen.loading import bundled_regimen


def plan_aged(
    indication: str, product: str, age: float | None, weight: float = 30, **patient: object
) -> Plan:
    person = Patient.model_validate({"weight_kg": weight, "age_years": age, **patient})
    return build_plan(PlanRequest(
        patient=person, indication_id=indication, product_id=product, start=START,
    ))


@pytest.mark.parametrize(
    ("indication", "product", "age", "off_label"),
    [
        ("pi", "asceniv", 11.9, True),  # adults and adolescents 12–17: 12 and over
        ("pi", "asceniv", 12, False),
        ("pi", "asceniv", 64, False),
        ("itp", "privigen", 14, True),  # chronic ITP: 15 years and older
        ("itp", "privigen", 15, False),
        ("cidp-loading", "panzyga", 17.5, True),  # adults
        ("cidp-loading", "panzyga", 18, False),
        ("pi", "gammaplex-10", 1, True),  # PI: 2 years and older
        ("pi", "privigen", 0.5, False),  # the PI indication states no age limit
        ("itp", "gamunex-c", 4, False),  # adults and children
    ],
)
def test_off_label_by_age_is_a_caution(
    indication: str, product: str, age: float, off_label: bool
) -> None:
    plan = plan_aged(indication, product, age)
    assert ("AGE_OFF_LABEL" in codes(plan)) is off_label
    if off_label:
        assert codes(plan)["AGE_OFF_LABEL"] == "caution" and not plan.has_stop
    assert "AGE_NOT_CHECKED" not in codes(plan)


@pytest.mark.parametrize(("age", "stop"), [(0, True), (1.99, True), (2, False), (40, False)])
def test_sorbitol_product_is_a_stop_under_two_years(age: float, stop: bool) -> None:
    for product in ("flebogamma-5-dif", "flebogamma-10-dif"):
        plan = plan_aged("pi", product, age, weight=12)
        assert (codes(plan).get("SORBITOL_UNDER_2_YEARS") == "stop") is stop
        assert plan.has_stop is stop


def test_infant_age_reads_in_months() -> None:
    plan = plan_aged("pi", "flebogamma-10-dif", 0.5, weight=7)
    stop = next(w for w in plan.warnings if w.code == "SORBITOL_UNDER_2_YEARS")
    assert "6 months" in stop.message


def test_without_age_the_age_rules_are_named_as_unchecked() -> None:
    plan = plan_aged("pi", "asceniv", None)
    assert codes(plan)["AGE_NOT_CHECKED"] == "caution"
    message = next(w.message for w in plan.warnings if w.code == "AGE_NOT_CHECKED")
    assert "12 years and older" in message
    sorbitol = plan_aged("pi", "flebogamma-5-dif", None)
    assert "under 2 years" in next(
        w.message for w in sorbitol.warnings if w.code == "AGE_NOT_CHECKED"
    )
    # nothing age-dependent to check: no caution
    assert "AGE_NOT_CHECKED" not in codes(plan_aged("pi", "privigen", None))
    assert "AGE_NOT_CHECKED" not in codes(plan_aged("pi", "bivigam", None))


@pytest.mark.parametrize("age", [-1, 120.5, float("nan")])
def test_implausible_ages_are_refused(age: float) -> None:
    with pytest.raises(PlanInputError) as err:
        plan_aged("pi", "privigen", age)
    assert err.value.field == "age"


def test_age_decides_adult_dosing_weight() -> None:
    # 100 kg, 170 cm, female: BMI 34.6 ≥ 30. At 17 years: a child, actual weight 100 kg.
    # At 18: adult, IBW 45.5 + 2.3 × (170/2.54 − 60) = 61.4 kg; adjusted 61.4 + 0.4 × 38.6
    # = 61.4 + 15.44 = 76.8 kg.
    child = plan_aged("pi", "privigen", 17, weight=100, height_cm=170, sex=Sex.FEMALE)
    adult = plan_aged("pi", "privigen", 18, weight=100, height_cm=170, sex=Sex.FEMALE)
    assert child.dosing_weight_kg == 100 and child.dosing_weight_rule == "actual"
    assert adult.dosing_weight_kg == 76.8 and adult.dosing_weight_rule == "adjusted"


def test_age_is_saved_with_the_plan(tmp_path: Path) -> None:
    request = PlanRequest(
        patient=Patient(weight_kg=9.5, age_years=1.25), indication_id="pi",
        product_id="gamunex-c", start=START,
    )
    saved = load_plan_file(save_plan_file(request, tmp_path / "p.ivplan", bundled_regimen()))
    assert saved.request.patient.age_years == 1.25


def test_cli_age_years(capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["plan", "--indication", "pi", "--product", "asceniv", "--weight", "30",
                 "--age-years", "8", "--start", "2026-12-01T08:00", "--json"])
    data = json.loads(capsys.readouterr().out)
    assert code == 0 and data["age_years"] == 8
    assert "AGE_OFF_LABEL" in {w["code"] for w in data["warnings"]}
    code = main(["plan", "--indication", "pi", "--product", "asceniv", "--weight", "30",
                 "--age-years", "8", "--age-group", "adult"])
    assert code == 2 and "age" in capsys.readouterr().err
    code = main(["plan", "--indication", "pi", "--product", "asceniv", "--weight", "30",
                 "--age-years", "eight"])
    assert code == 2 and "age" in capsys.readouterr().err


def test_list_shows_verified_state_and_ages(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["list"]) == 0
    out = capsys.readouterr().out
    asceniv = out[out.index("  asceniv "):]
    assert "verified" in asceniv.splitlines()[0]
    assert "pi 12 years and older" in asceniv.splitlines()[1]
    assert main(["list", "--json"]) == 0
    products = {p["id"]: p for p in json.loads(capsys.readouterr().out)["products"]}
    assert products["asceniv"]["labeled_ages"][0]["min_years"] == 12
    assert products["flebogamma-5-dif"]["age_contraindications"][0]["under_years"] == 2
    assert products["flebogamma-5-dif"]["verified"] is False
