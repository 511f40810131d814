"""New starts: a first infusion, a product switch or a long gap (site policy: more than 8
weeks) start at the label's minimum rate with first-infusion vitals; an optional site cap."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from helpers import START, codes, pumps

from planner.cli.main import main
from planner.core.resources import bundled_regimen_path
from planner.plan.engine import build_plan
from planner.plan.models import Plan
from planner.plan.patient import Patient, PlanRequest
from planner.plan.plan_file import load_plan_file, save_plan_file
from planner.regimen.loading import LoadedRegimen, bundled_regimen, load_regimen


def plan(loaded: LoadedRegimen | None = None, product: str = "privigen",
         indication: str = "pi", dose: float | None = None, **patient: object) -> Plan:
    person = Patient.model_validate({"weight_kg": 70, **patient})
    return build_plan(PlanRequest(patient=person, indication_id=indication, product_id=product,
                                  dose_mg_kg=dose, start=START), loaded)


@pytest.mark.parametrize(
    ("patient", "new"),
    [
        ({}, False),
        ({"weeks_since_last": 4}, False),
        ({"weeks_since_last": 8}, False),  # "more than 8 weeks"
        ({"weeks_since_last": 8.5}, True),
        ({"weeks_since_last": 26}, True),
        ({"product_switch": True}, True),
        ({"first_infusion": True}, True),
    ],
)
def test_who_counts_as_a_new_start(patient: dict[str, object], new: bool) -> None:
    result = plan(**patient)
    assert ("FIRST_INFUSION" in codes(result)) is new
    # the plan always starts at the label's initial rate: 0.5 × 70 × 60 ÷ 100 = 21 mL/h
    assert pumps(result)[0] == 21.0


def test_new_start_uses_first_infusion_vitals() -> None:
    # ITP 1 g/kg at 70 kg: the 4 mg/kg/min step runs long enough for the vitals interval at
    # the final rate to differ (every 30 min at a first infusion, 60 otherwise)
    def vitals(**patient: object) -> tuple[object, ...]:
        return plan(indication="itp", dose=1000, **patient).days[0].vitals
    assert vitals(product_switch=True) == vitals(first_infusion=True)
    assert vitals(weeks_since_last=12) == vitals(first_infusion=True)
    assert len(vitals(product_switch=True)) > len(vitals())


def _site(tmp_path: Path, **policies: object) -> LoadedRegimen:
    data = json.loads(bundled_regimen_path().read_text(encoding="utf-8"))
    data["site_policies"].update(policies)
    path = tmp_path / "site.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    return load_regimen(path)


def test_site_first_infusion_cap(tmp_path: Path) -> None:
    # Gamunex-C 70 kg: 1, 2, 4, 8 mg/kg/min = 42, 84, 168, 336 mL/h. A site cap of
    # 0.04 mL/kg/min × 100 mg/mL = 4 mg/kg/min ends a new start's ramp at 168 mL/h.
    loaded = _site(tmp_path, first_infusion_max_ml_kg_min=0.04)
    assert pumps(plan(loaded, "gamunex-c")) == [42.0, 84.0, 168.0, 336.0]
    capped = plan(loaded, "gamunex-c", product_switch=True)
    assert pumps(capped) == [42.0, 84.0, 168.0]
    assert codes(capped)["FIRST_INFUSION_CAP"] == "caution"
    assert capped.protocol is not None and capped.protocol.limited_by == "first-infusion"
    # none by default
    assert pumps(plan(None, "gamunex-c", product_switch=True)) == [42.0, 84.0, 168.0, 336.0]


def test_site_can_change_the_gap(tmp_path: Path) -> None:
    loaded = _site(tmp_path, new_start_after_weeks=12)
    assert "FIRST_INFUSION" not in codes(plan(loaded, weeks_since_last=10))
    assert "FIRST_INFUSION" in codes(plan(loaded, weeks_since_last=13))


def test_saved_and_on_the_command_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    request = PlanRequest(patient=Patient(weight_kg=70, product_switch=True, weeks_since_last=3),
                          indication_id="pi", product_id="privigen", start=START)
    saved = load_plan_file(save_plan_file(request, tmp_path / "p.ivplan", bundled_regimen()))
    assert saved.request.patient.product_switch and saved.request.patient.weeks_since_last == 3
    base = ["plan", "--indication", "pi", "--product", "privigen", "--weight", "70", "--json"]
    assert main([*base, "--weeks-since-last", "9"]) == 0
    assert "FIRST_INFUSION" in {w["code"] for w in json.loads(capsys.readouterr().out)["warnings"]}
    assert main([*base, "--product-switch"]) == 0
    assert "FIRST_INFUSION" in {w["code"] for w in json.loads(capsys.readouterr().out)["warnings"]}
    assert main([*base, "--weeks-since-last", "-1"]) == 2
    assert "weeks_since_last" in capsys.readouterr().err
