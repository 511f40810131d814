"""The float-noise helpers: noise never flips a comparison or a count; a real difference does."""

from __future__ import annotations

import math

from hypothesis import given
from hypothesis import strategies as st

from planner.core.quantities import (
    COUNT_EPS,
    EPS,
    above,
    at_least,
    at_most,
    below,
    ceil_count,
    ceil_whole,
    floor_count,
    floor_whole,
    round_half_up,
    same,
)

NOISY_THREE = 0.1 * 3 * 10  # 3.0000000000000004
NOISY_POINT_THREE = 0.1 + 0.2  # 0.30000000000000004


def test_noise_does_not_flip_comparisons() -> None:
    assert NOISY_THREE != 3
    assert at_most(NOISY_THREE, 3) and at_least(3, NOISY_THREE)
    assert not above(NOISY_THREE, 3) and not below(3, NOISY_THREE)
    assert same(NOISY_THREE, 3) and same(NOISY_POINT_THREE, 0.3) and NOISY_POINT_THREE != 0.3


def test_a_real_difference_counts() -> None:
    assert above(3.01, 3) and below(3, 3.01)
    assert not at_most(3.01, 3) and not at_least(3, 3.01)
    assert not same(3.001, 3)


def test_whole_numbers_forgive_noise_only() -> None:
    assert ceil_whole(NOISY_THREE) == 3 and math.ceil(NOISY_THREE) == 4
    assert floor_whole(3 - EPS / 10) == 3 and floor_whole(2.99) == 2
    assert ceil_whole(3 + 10 * EPS) == 4
    assert ceil_count(60 + COUNT_EPS / 10) == 60 and ceil_count(60.001) == 61
    assert floor_count(29.9999999) == 30 and floor_count(29.99) == 29


def test_round_half_up_for_halves_noise_put_below() -> None:
    assert round(64.35, 1) == 64.3  # 64.35 is stored as 64.3499999...
    assert round_half_up(64.35, 1) == 64.4
    assert round_half_up(64.34, 1) == 64.3


@given(st.floats(-1e4, 1e4), st.floats(-1e4, 1e4))
def test_each_pair_is_a_negation(a: float, b: float) -> None:
    assert at_most(a, b) is not above(a, b)
    assert at_least(a, b) is not below(a, b)
