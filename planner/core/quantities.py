"""Comparing and rounding computed quantities (g, mL, mL/h, mg/kg/min, kg) despite float noise.

Every dose, volume and rate is a binary float reached through a few multiplications and
divisions (mg/kg/min × kg × 60 ÷ mg/mL, g × 1000 ÷ mg/mL ...), so a value that is exactly 3 on
paper may arrive as 2.9999999999999996. A comparison or a floor/ceil taken on such a value
would flip at the boundary the nurse reads on the screen (a step "at the cap" counted as below
it, a 20 g dose needing "3" 10 g vials). The two tolerances below absorb that noise, and
nothing else: each is far smaller than the finest difference the plan shows or acts on.
"""

from __future__ import annotations

import math

EPS = 1e-9
"""Tolerance for comparing two quantities, and for nudging a value before rounding.

The quantities the engine compares are at most ~10⁴ (a 999 mL/h pump, a 1000 mL bag) and are
shown to at most two decimals (0.01 g, 0.01 mL, 0.1 mL/h, 0.1 kg). Float noise after the
handful of operations behind them is below 10⁻¹² relative, i.e. under 10⁻⁸ absolute at
10⁴; 10⁻⁹ covers the noise of the values as they occur (mostly well below 10³) while being
ten million times smaller than the smallest difference printed (0.01), so no real difference
is ever hidden.
"""

COUNT_EPS = 1e-6
"""Tolerance before taking a whole number (minutes, pump-rate steps) of a ratio.

A count such as minutes = mL ÷ mL/h × 60, or pump steps = rate ÷ 0.1 mL/h, divides by a small
number and multiplies by 60, which magnifies the noise of its inputs by up to ~10³–10⁴; 10⁻⁶ is
above that. It cannot change a real result: one millionth of a minute (60 µs) or of a 0.1 mL/h
step is far below anything a pump or a nurse resolves.
"""


def at_most(a: float, b: float) -> bool:
    """``a ≤ b``, also when ``a`` exceeds ``b`` only by float noise."""
    return a <= b + EPS


def above(a: float, b: float) -> bool:
    """``a > b`` by more than float noise (the negation of :func:`at_most`)."""
    return a > b + EPS


def at_least(a: float, b: float) -> bool:
    """``a ≥ b``, also when ``a`` falls short of ``b`` only by float noise."""
    return a >= b - EPS


def below(a: float, b: float) -> bool:
    """``a < b`` by more than float noise (the negation of :func:`at_least`)."""
    return a < b - EPS


def same(a: float, b: float) -> bool:
    """``a`` and ``b`` differ by less than float noise."""
    return abs(a - b) < EPS


def ceil_whole(value: float) -> int:
    """The smallest whole number ≥ ``value``, where 3.0000000001 (noise) counts as 3."""
    return math.ceil(value - EPS)


def floor_whole(value: float) -> int:
    """The largest whole number ≤ ``value``, where 2.9999999999 (noise) counts as 3."""
    return math.floor(value + EPS)


def ceil_count(value: float) -> int:
    """Like :func:`ceil_whole`, for a count magnified by a division (minutes from mL ÷ mL/h)."""
    return math.ceil(value - COUNT_EPS)


def floor_count(value: float) -> int:
    """Like :func:`floor_whole`, for a count magnified by a division (steps of a pump rate)."""
    return math.floor(value + COUNT_EPS)


def round_half_up(value: float, digits: int) -> float:
    """Round to ``digits`` decimals with a half that float noise put just below .5 rounding
    up (64.35 stored as 64.3499999 → 64.4), as a nurse's calculator would."""
    return round(value + EPS, digits)
