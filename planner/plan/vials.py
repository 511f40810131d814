"""Whole-vial rounding of a day's dose (site policy: nearest total within ±10 %)."""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache

from planner.core.quantities import ceil_whole, floor_whole
from planner.plan.input_terms import InputProblem
from planner.plan.input_text import InputRefused
from planner.regimen.models import Vial

_CENTIGRAMS = 100
MAX_SEARCH_UNITS = 250_000
"""The vial search is linear in dose ÷ the vials' common step: bounded so that any file that
loads plans within a fraction of a second and a few MB (1400 g a day in 1 cg steps fits)."""


@dataclass(frozen=True)
class VialChoice:
    total_g: float
    counts: tuple[tuple[Vial, int], ...]  # largest vial first, zero counts left out
    within_tolerance: bool  # False: no whole-vial total fits, open these and draw part

    @property
    def vial_count(self) -> int:
        return sum(n for _, n in self.counts)


def choose_vials(day_dose_g: float, vials: tuple[Vial, ...], tolerance_pct: float) -> VialChoice:
    """Nearest reachable whole-vial total within tolerance; ties lower; then fewest vials.

    Where no total fits the tolerance, the smallest total that covers the dose (fewest vials)
    is returned with ``within_tolerance=False``: the caller gives the exact dose from them.
    """
    sizes = tuple(sorted({round(v.grams * _CENTIGRAMS) for v in vials}, reverse=True))
    target = day_dose_g * _CENTIGRAMS  # exact: rounding it first would move the ±10 % window
    counts, total, fits = _choose(target, sizes, tolerance_pct)
    by_size = {round(v.grams * _CENTIGRAMS): v for v in vials}
    chosen = tuple((by_size[s], n) for s, n in zip(sizes, counts, strict=True) if n)
    return VialChoice(total / _CENTIGRAMS, chosen, fits)


@lru_cache(maxsize=256)
def _choose(
    target: float, sizes: tuple[int, ...], tolerance_pct: float
) -> tuple[tuple[int, ...], int, bool]:
    unit = math.gcd(*sizes)
    tol = target * tolerance_pct / 100
    low = ceil_whole((target - tol) / unit)
    high = floor_whole((target + tol) / unit)
    cover = ceil_whole(target / unit)
    limit = max(high, cover) + max(sizes) // unit
    if limit > MAX_SEARCH_UNITS:
        raise InputRefused("dose", InputProblem.VIAL_SEARCH_TOO_LARGE,
                           grams=target / _CENTIGRAMS, max_steps=MAX_SEARCH_UNITS,
                           step_g=unit / _CENTIGRAMS)
    steps = [s // unit for s in sizes]
    fewest = _fewest_vials(limit, steps)
    in_window = [t for t in range(max(low, 1), high + 1) if fewest[t] is not None]
    if in_window:
        best = min(in_window, key=lambda t: (abs(t * unit - target), t))
        fits = True
    else:
        best = next(t for t in range(max(cover, 1), limit + 1) if fewest[t] is not None)
        fits = False
    return _reconstruct(best, steps, fewest), best * unit, fits


def _fewest_vials(limit: int, steps: list[int]) -> list[int | None]:
    """fewest[t] = fewest vials summing to t units (unbounded coin change)."""
    fewest: list[int | None] = [None] * (limit + 1)
    fewest[0] = 0
    for t in range(1, limit + 1):
        best: int | None = None
        for s in steps:
            if s <= t:
                prev = fewest[t - s]
                if prev is not None and (best is None or prev + 1 < best):
                    best = prev + 1
        fewest[t] = best
    return fewest


def _reconstruct(total: int, steps: list[int], fewest: list[int | None]) -> tuple[int, ...]:
    """Walk back greedily by the largest vial that keeps the count minimal (deterministic)."""
    counts = [0] * len(steps)
    t = total
    while t > 0:
        current = fewest[t]
        assert current is not None
        for i, s in enumerate(steps):  # steps are largest first
            prev = fewest[t - s] if s <= t else None
            if prev is not None and prev == current - 1:
                counts[i] += 1
                t -= s
                break
    return tuple(counts)
