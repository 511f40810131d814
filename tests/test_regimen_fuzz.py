"""Random mutations of the bundled file: the loader raises only its own error, or loads."""

from __future__ import annotations

import contextlib
import copy
import json
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from json_mutation import json_paths, json_values

from planner.core.errors import PlanInputError, RegimenFileError
from planner.core.resources import bundled_regimen_path
from planner.plan.engine import build_plan
from planner.plan.patient import Patient, PlanRequest
from planner.regimen.loading import load_regimen

BUNDLED_TEXT = bundled_regimen_path().read_text(encoding="utf-8")
BUNDLED = json.loads(BUNDLED_TEXT)


ALL_PATHS = json_paths(BUNDLED)[1:]


@st.composite
def mutated_documents(draw: st.DrawFn) -> Any:
    data = copy.deepcopy(BUNDLED)
    for _ in range(draw(st.integers(1, 4))):
        path = draw(st.sampled_from(ALL_PATHS))
        parent: Any = data
        try:
            for key in path[:-1]:
                parent = parent[key]
            action = draw(st.sampled_from(["replace", "delete", "duplicate"]))
            last = path[-1]
            if action == "replace":
                parent[last] = draw(json_values)
            elif action == "delete":
                del parent[last]
            elif isinstance(parent, list):
                parent.append(copy.deepcopy(parent[last]))
        except (KeyError, IndexError, TypeError):
            continue  # an earlier mutation removed this path
    return data


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                   HealthCheck.function_scoped_fixture])
@given(mutated_documents())
def test_mutated_file_loads_or_is_refused_cleanly(tmp_path: Path, data: Any) -> None:
    path = tmp_path / "site.json"
    path.write_text(json.dumps(data, allow_nan=True), encoding="utf-8")
    try:
        loaded = load_regimen(path)
    except RegimenFileError as exc:
        assert str(exc).startswith("site.json: ")
        return
    for indication in loaded.regimen.indications:  # a file that loads must plan or refuse
        for product in loaded.regimen.products[:3]:
            request = PlanRequest(patient=Patient(weight_kg=70), indication_id=indication.id,
                                  product_id=product.id)
            with contextlib.suppress(PlanInputError):
                build_plan(request, loaded)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                   HealthCheck.function_scoped_fixture])
@given(st.integers(0, len(BUNDLED_TEXT) - 1), st.binary(max_size=4))
def test_byte_level_damage_is_refused_cleanly(tmp_path: Path, cut: int, junk: bytes) -> None:
    path = tmp_path / "site.json"
    raw = BUNDLED_TEXT.encode("utf-8")
    path.write_bytes(raw[:cut] + junk + raw[cut + len(junk) + 1 :])
    try:
        load_regimen(path)
    except RegimenFileError as exc:
        assert "site.json" in str(exc)
