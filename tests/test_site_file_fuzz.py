"""Random site files: refused with problems naming the file, or applied — never a traceback;
and whatever is applied still plans or refuses the input in words."""

from __future__ import annotations

import contextlib
import copy
import json
from pathlib import Path
from typing import Any

from helpers import START
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from json_mutation import json_paths, json_values

from planner.core.errors import PlanInputError, RegimenFileError
from planner.plan.engine import build_plan
from planner.plan.patient import Patient, PlanRequest
from planner.regimen.check import check_files
from planner.regimen.diff import diff_data
from planner.regimen.overlay import load_in_force

BASE: dict[str, Any] = {
    "format": 1, "kind": "site", "site": "Fuzz ward", "version": "1",
    "site_policies": {"pump_cap_ml_h": 200, "pump_cap_source": "Ward policy",
                      "vial_rounding": {"tolerance_pct": 5, "source": "Ward policy"}},
    "site_protocols": [{"id": "ward-ramp", "name": "Ward ramp", "unit": "mL/h",
                        "initial_rate": 20, "first_hold_min": 15, "interval_min": 15,
                        "steps": {"kind": "add", "increment": 20, "basis": "site-policy",
                                  "source": "Ward order set"},
                        "max_rate": 120, "source": "Ward order set"}],
    "protocol_defaults": [{"product": "gamunex-c", "protocol": "ward-ramp"}],
    "checklist": [{"id": "band", "text": "Wristband checked"}],
    "checklist_source": "Ward checklist",
    "reaction_plan": {"premedication": ["As ordered"], "source": "Ward plan"},
    "products": [{"id": "privigen", "vials_g": [10, 20]}, {"id": "gamunex-c"}],
}


PATHS = json_paths(BASE)[1:]


@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.tuples(st.sampled_from(PATHS), json_values), min_size=1, max_size=3))
def test_mutated_site_file_is_refused_in_words_or_plans(
    tmp_path: Path, changes: list[tuple[tuple[Any, ...], Any]]
) -> None:
    data = copy.deepcopy(BASE)
    for path, value in changes:
        node: Any = data
        with contextlib.suppress(KeyError, IndexError, TypeError):
            for key in path[:-1]:
                node = node[key]
            node[path[-1]] = value
    site = tmp_path / "ward.json"
    site.write_text(json.dumps(data), encoding="utf-8")
    result = check_files(None, site)
    assert all(p.file == "ward.json" and p.message for p in result.problems)
    diff_data(BASE, data, site=True)  # any two files compare without an exception
    try:
        loaded = load_in_force(None, site)
    except RegimenFileError as exc:
        assert not result.ok and str(exc).startswith("ward.json: ")
        return
    assert result.ok
    for product in ("privigen", "gamunex-c", "octagam-10"):
        with contextlib.suppress(PlanInputError):
            build_plan(PlanRequest(patient=Patient(weight_kg=70), indication_id="pi",
                                   product_id=product, start=START), loaded)
