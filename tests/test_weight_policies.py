"""The site's dosing-weight policy (one selected in the file, each with its public source) and
pregnancy (actual weight, with the policy's advice); weights worked out by hand."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from helpers import START, codes

from planner.cli.main import main
from planner.core.errors import PlanInputError
from planner.core.resources import bundled_regimen_path
from planner.plan.engine import build_plan
from planner.plan.models import Plan
from planner.plan.patient import Patient, PlanRequest
from planner.regimen.loading import LoadedRegimen, bundled_regimen, load_regimen


def site(tmp_path: Path, policy: str) -> LoadedRegimen:
    data = json.loads(bundled_regimen_path().read_text(encoding="utf-8"))
    data["site_policies"]["dosing_weight"]["policy"] = policy
    path = tmp_path / f"{policy}.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    return load_regimen(path)


def plan(loaded: LoadedRegimen | None, weight: float, height: float | None = 165,
         **patient: object) -> Plan:
    person = Patient.model_validate(
        {"weight_kg": weight, "height_cm": height, "sex": "female", **patient})
    return build_plan(PlanRequest(patient=person, indication_id="pi", product_id="privigen",
                                  start=START), loaded)


# Female, 165 cm: IBW = 45.5 + 2.3 × (165 ÷ 2.54 − 60) = 45.5 + 2.3 × 4.96 = 56.9 kg.
# 90 kg (BMI 33.1): adjusted 56.9 + 0.4 × 33.1 = 70.1 kg. 70 kg (BMI 25.7): 56.9 + 0.4 × 13.1
# = 62.1 kg; 120 % of IBW = 68.3 kg. 65 kg: 56.9 + 0.4 × 8.1 = 60.1 kg. 50 kg < IBW: actual.
@pytest.mark.parametrize(
    ("policy", "weight", "dosing"),
    [
        ("bmi-30-adults", 90, 70.1), ("bmi-30-adults", 70, 70), ("bmi-30-adults", 65, 65),
        ("australia-2026", 90, 70.1), ("australia-2026", 70, 62.1),
        ("australia-2026", 65, 60.1), ("australia-2026", 50, 50),
        ("ibw-120", 90, 70.1), ("ibw-120", 70, 62.1), ("ibw-120", 65, 65),
        ("actual", 90, 90), ("actual", 70, 70),
    ],
)
def test_each_policy(tmp_path: Path, policy: str, weight: float, dosing: float) -> None:
    result = plan(site(tmp_path, policy), weight)
    assert result.dosing_weight_kg == dosing
    assert result.dosing_weight_rule == ("adjusted" if dosing < weight else "actual")


def test_bundled_file_selects_one_policy_with_sources_for_all() -> None:
    rule = bundled_regimen().regimen.site_policies.dosing_weight
    assert rule.policy == "bmi-30-adults"
    assert set(rule.policy_sources) == {"bmi-30-adults", "australia-2026", "ibw-120", "actual"}
    assert "nba.gov.au" in rule.policy_sources["australia-2026"]


def test_missing_height_under_the_australian_rule(tmp_path: Path) -> None:
    # Australian rule: any adult above the IBW at 152 cm (female 45.5 + 2.3 × (59.84 − 60)
    # = 45.1 kg) could be adjusted, so 60 kg without height is a caution; under the BMI rule
    # 60 kg is below 30 × 1.52² = 69.3 kg, so no height could change the dose.
    aus = plan(site(tmp_path, "australia-2026"), 60, None)
    assert codes(aus)["DOSING_WEIGHT_UNCHECKED"] == "caution"
    bmi = plan(None, 60, None)
    assert codes(bmi)["HEIGHT_NOT_NEEDED"] == "info"


@pytest.mark.parametrize("policy", ["bmi-30-adults", "australia-2026", "ibw-120"])
def test_pregnant_uses_actual_weight_with_advice(tmp_path: Path, policy: str) -> None:
    result = plan(site(tmp_path, policy), 90, pregnant=True)
    assert result.dosing_weight_kg == 90
    caution = next(w for w in result.warnings if w.code == "PREGNANCY_WEIGHT")
    assert caution.severity == "caution" and "pre-pregnancy weight" in caution.message


def test_pregnant_male_is_refused(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(PlanInputError) as err:
        plan(None, 80, sex="male", pregnant=True)
    assert err.value.field == "pregnant"
    args = ["plan", "--indication", "pi", "--product", "privigen", "--weight", "90",
            "--height-cm", "165", "--sex", "female", "--pregnant", "--json"]
    assert main(args) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["dosing_weight_kg"] == 90
    assert "PREGNANCY_WEIGHT" in {w["code"] for w in data["warnings"]}
