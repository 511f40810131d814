"""Plan computation for a 5-day course (goal ≤ 2 ms), median of many runs.

Run: python -m bench.bench_plan
The baseline in the same run is a PlanRequest construction (pure pydantic cost), so the
ratio says how much the engine adds on top of building its input.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from datetime import datetime

from planner.plan.engine import build_plan
from planner.plan.patient import Patient, PlanRequest
from planner.plan.vials import _choose
from planner.regimen.loading import bundled_regimen
from planner.regimen.models import RiskFlag

RUNS = 300


def request(weight: float) -> PlanRequest:
    return PlanRequest(
        patient=Patient(weight_kg=weight, height_cm=170, sex="female",
                        risks=frozenset({RiskFlag.RENAL}), first_infusion=True),
        indication_id="pemphigus-vulgaris", product_id="privigen",
        start=datetime(2026, 12, 1, 8, 0),
    )


def timed(fn: Callable[[], object], runs: int = RUNS) -> list[float]:
    samples = []
    for _ in range(runs):
        t0 = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - t0)
    return samples


def main() -> None:
    loaded = bundled_regimen()
    build_plan(request(70), loaded)  # warm imports

    def cold_plan() -> None:  # a new weight each time, so the vial cache never hits
        _choose.cache_clear()
        build_plan(request(70.3), loaded)

    baseline = timed(lambda: request(70.3))
    warm = timed(lambda: build_plan(request(70.3), loaded))
    cold = timed(cold_plan)
    rows = [("PlanRequest only (baseline)", baseline), ("5-day plan, vial cache warm", warm),
            ("5-day plan, vial cache cleared", cold)]
    base = statistics.median(baseline)
    print(f"{'measure':<34}{'median ms':>10}{'p90 ms':>9}{'× baseline':>12}")
    for name, samples in rows:
        med = statistics.median(samples)
        p90 = statistics.quantiles(samples, n=10)[-1]
        print(f"{name:<34}{med * 1e3:>10.3f}{p90 * 1e3:>9.3f}{med / base:>12.1f}")
    spread = statistics.pstdev(cold) / statistics.median(cold)
    print(f"noise (stdev/median of the cleared-cache run): {spread:.0%}; goal ≤ 2 ms")


if __name__ == "__main__":
    main()
