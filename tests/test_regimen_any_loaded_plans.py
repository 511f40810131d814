"""Any regimen file the loader accepts plans (or refuses the request cleanly) in bounded time
and memory: numbers anywhere in or near their plausible ranges, any vial sizes, extreme
patients. A modest run by default; ``-m slow`` runs many more examples."""

from __future__ import annotations

import copy
import json
import time
import tracemalloc
from datetime import datetime
from datetime import time as clock_time
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from planner.core.errors import PlanInputError, RegimenFileError
from planner.core.resources import bundled_regimen_path
from planner.plan.engine import build_plan
from planner.plan.patient import LotChange, Patient, PlanRequest
from planner.regimen.loading import LoadedRegimen, load_regimen
from planner.regimen.models import RiskFlag, Route

BUNDLED = json.loads(bundled_regimen_path().read_text(encoding="utf-8"))
SECONDS_PER_PLAN = 10.0  # a hang guard (process time), far above the ~10 ms a plan takes
PEAK_BYTES = 200 * 1024 * 1024


def _numeric_paths(node: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found: list[tuple[Any, ...]] = []
    if isinstance(node, dict):
        for key, value in node.items():
            found += _numeric_paths(value, (*prefix, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            found += _numeric_paths(value, (*prefix, index))
    elif isinstance(node, int | float) and not isinstance(node, bool) and prefix[-1] != "format":
        found.append(prefix)
    return found


NUMERIC_PATHS = _numeric_paths(BUNDLED)
PRODUCTS = range(len(BUNDLED["products"]))

factors = st.one_of(
    st.floats(min_value=-1.0, max_value=1.0).map(lambda e: 10**e),  # ×0.1 to ×10
    st.sampled_from([0.5, 0.9, 1.1, 2.0]),
)
@st.composite
def vial_lists(draw: st.DrawFn, concentration: float) -> list[dict[str, float]]:
    grams = draw(st.lists(st.integers(10, 10_000), min_size=1, max_size=12, unique=True))
    return [{"grams": g / 100, "ml": round(g / 100 * 1000 / concentration, 4)} for g in grams]


@st.composite
def numeric_files(draw: st.DrawFn) -> Any:
    data = copy.deepcopy(BUNDLED)
    for _ in range(draw(st.integers(1, 3))):
        path = draw(st.sampled_from(NUMERIC_PATHS))
        node = data
        for key in path[:-1]:
            node = node[key]
        old = node[path[-1]]
        value = old * draw(factors)
        node[path[-1]] = max(1, round(value)) if isinstance(old, int) else value
    if draw(st.booleans()):
        product = data["products"][draw(st.sampled_from(PRODUCTS))]
        conc = product["concentration_mg_ml"]
        if isinstance(conc, int | float) and conc > 0:
            product["vials"] = draw(vial_lists(conc))
    return data


requests = st.fixed_dictionaries({
    "weight": st.sampled_from([0.5, 3.2, 18, 70, 150, 350]) | st.floats(0.5, 350),
    "dose": st.sampled_from(["min", "max", "default"]),
    "first": st.booleans(),
    "risk": st.booleans(),
    "hour": st.integers(0, 23),
    "protocol": st.sampled_from([None, "label", "site"]),
    "lot_change": st.booleans(),
})


def _plan_within_bounds(loaded: LoadedRegimen, choice: dict[str, Any]) -> None:
    regimen = loaded.regimen
    for indication in regimen.indications:
        products = [p for p in regimen.products if p.route is indication.route][:3]
        for product in products:
            limits = indication.dose_mg_kg
            dose = {"min": limits.min, "max": limits.max, "default": None}[choice["dose"]]
            protocol = choice["protocol"]
            if protocol == "site":
                protocol = regimen.site_protocols[0].id if regimen.site_protocols else None
            iv = indication.route is Route.IV
            request = PlanRequest(
                patient=Patient(
                    weight_kg=choice["weight"], first_infusion=choice["first"],
                    risks=frozenset({RiskFlag.RENAL}) if choice["risk"] else frozenset(),
                ),
                indication_id=indication.id, product_id=product.id, dose_mg_kg=dose,
                start=datetime(2026, 12, 1, choice["hour"], 0),
                protocol_id=protocol if iv else None,
                lot_changes=(LotChange(day=1, at=clock_time((choice["hour"] + 1) % 24, 0)),)
                if choice["lot_change"] and iv else (),
            )
            began = time.process_time()
            tracemalloc.start()
            try:
                plan = build_plan(request, loaded)
            except PlanInputError as exc:
                assert exc.field and exc.message
                continue
            finally:
                _, peak = tracemalloc.get_traced_memory()
                tracemalloc.stop()
            assert time.process_time() - began < SECONDS_PER_PLAN
            assert peak < PEAK_BYTES
            assert plan.days and plan.total_g > 0
            for day in plan.days:
                assert all(s.rate_ml_h > 0 and s.duration_min > 0 for s in day.steps)


def _check(tmp_path: Path, data: Any, choice: dict[str, Any]) -> None:
    path = tmp_path / "numbers.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    began = time.process_time()
    try:
        loaded = load_regimen(path)
    except RegimenFileError as exc:
        assert str(exc).startswith("numbers.json: "), exc
        return
    finally:
        assert time.process_time() - began < SECONDS_PER_PLAN
    _plan_within_bounds(loaded, choice)


_HEALTH = [HealthCheck.too_slow, HealthCheck.function_scoped_fixture,
           HealthCheck.data_too_large]


@settings(max_examples=25, deadline=None, suppress_health_check=_HEALTH)
@given(numeric_files(), requests)
def test_any_loaded_file_plans_within_bounds(
    tmp_path: Path, data: Any, choice: dict[str, Any]
) -> None:
    _check(tmp_path, data, choice)


@pytest.mark.slow
@settings(max_examples=1500, deadline=None, suppress_health_check=_HEALTH)
@given(numeric_files(), requests)
def test_any_loaded_file_plans_within_bounds_long(
    tmp_path: Path, data: Any, choice: dict[str, Any]
) -> None:
    _check(tmp_path, data, choice)
