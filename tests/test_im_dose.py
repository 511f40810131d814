"""GamaSTAN IM: volume from the label's mL/kg, the label maximum as a hard limit, the
children-only dose, injections divided between muscle sites, and an IM-only checklist."""

from __future__ import annotations

import pytest
from helpers import START, codes

from planner.core.errors import PlanInputError
from planner.plan.engine import build_plan
from planner.plan.im_dose import split_sites
from planner.plan.models import Plan
from planner.plan.patient import Patient, PlanRequest


def im_plan(weight: float, dose: float = 40, age: float | None = None, **kw: object) -> Plan:
    patient = Patient.model_validate({"weight_kg": weight, "age_years": age, **kw})
    return build_plan(PlanRequest(
        patient=patient, indication_id="measles-pep", product_id="gamastan", dose_mg_kg=dose,
        start=START,
    ))


@pytest.mark.parametrize(
    ("weight", "dose", "age", "volume", "sites"),
    [
        (12, 40, 3, 3.0, (3.0,)),  # 0.25 × 12 = 3 mL
        (36, 40, 10, 9.0, (9.0,)),  # 0.25 × 36 = 9 mL: one site (≤ 10 mL)
        (50, 40, 30, 12.5, (6.25, 6.25)),  # 0.25 × 50 = 12.5 mL: over 10 mL → 2 sites
        (22, 80, 5, 11.0, (5.5, 5.5)),  # 0.5 × 22 = 11 mL → 2 × 5.5 mL
        (30, 80, 7, 15.0, (7.5, 7.5)),  # 0.5 × 30 = 15 mL = the label maximum
        (44, 80, 9, 15.0, (7.5, 7.5)),  # 0.5 × 44 = 22 mL → capped at 15 mL
        (7.3, 80, 0.5, 3.65, (3.65,)),  # 0.5 × 7.3 = 3.65 mL
    ],
)
def test_volume_is_label_ml_per_kg_capped_and_split(
    weight: float, dose: float, age: float, volume: float, sites: tuple[float, ...]
) -> None:
    plan = im_plan(weight, dose, age)
    day = plan.days[0]
    assert day.volume_ml == pytest.approx(volume)
    assert day.injections_ml == pytest.approx(sites)
    assert sum(day.injections_ml) == pytest.approx(volume)
    assert ("IM_INJECTION_SITES" in codes(plan)) is (len(sites) > 1)


def test_label_maximum_is_never_exceeded_and_said() -> None:
    plan = im_plan(44, 80, 9)
    assert plan.days[0].volume_ml == 15 and plan.total_volume_ml == 15
    capped = next(w for w in plan.warnings if w.code == "IM_VOLUME_CAPPED")
    assert capped.severity == "caution" and "22 mL" in capped.message
    assert "15 mL" in capped.message
    for weight in (31, 60, 120, 300):
        assert im_plan(weight, 80, 8).days[0].volume_ml <= 15


def test_children_only_dose_in_an_adult_is_a_caution() -> None:
    adult = im_plan(60, 80, 35)
    assert codes(adult)["IM_DOSE_FOR_CHILDREN"] == "caution"
    assert "IM_DOSE_FOR_CHILDREN" not in codes(im_plan(20, 80, 6))
    assert "IM_DOSE_FOR_CHILDREN" not in codes(im_plan(60, 40, 35))
    unknown = im_plan(20, 80, None)  # no age: the rule is named as unchecked
    message = next(w.message for w in unknown.warnings if w.code == "AGE_NOT_CHECKED")
    assert "0.5 mL/kg dose is labeled for a child" in message


def test_standard_dose_over_guidance_maximum_is_a_caution_not_a_cap() -> None:
    # 0.25 mL/kg × 70 kg = 17.5 mL: the label states no maximum for this dose
    plan = im_plan(70, 40, 40)
    assert plan.days[0].volume_ml == 17.5
    assert codes(plan)["IM_VOLUME_OVER_15_ML"] == "caution"


def test_unlabeled_im_dose_is_refused() -> None:
    with pytest.raises(PlanInputError) as err:
        im_plan(20, 60, 5)
    assert err.value.field == "dose" and "0.25 mL/kg" in str(err.value)


def test_im_uses_actual_weight_and_shows_only_injection_checklist_items() -> None:
    # 100 kg, 160 cm (BMI 39): an IVIG plan would use the adjusted weight; IM does not
    plan = im_plan(100, 40, 40, height_cm=160, sex="female")
    assert plan.dosing_weight_kg == 100 and plan.days[0].volume_ml == 25
    checklist = " ".join(plan.checklist).lower()
    assert "hydration" not in checklist and "renal" not in checklist
    assert "allergies" in checklist
    iv = build_plan(PlanRequest(patient=Patient(weight_kg=70), indication_id="pi",
                                product_id="privigen", start=START))
    assert any("Renal" in item for item in iv.checklist)


@pytest.mark.parametrize(
    ("volume", "per_site", "parts"),
    [(10, 10, (10,)), (10.01, 10, (5.0, 5.01)), (25, 10, (8.33, 8.33, 8.34)), (4, None, (4,))],
)
def test_split_sites(volume: float, per_site: float | None, parts: tuple[float, ...]) -> None:
    assert split_sites(volume, per_site) == pytest.approx(parts)
