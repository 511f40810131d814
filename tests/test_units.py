import pytest
from hypothesis import given
from hypothesis import strategies as st

from planner.core.units import RateUnit, from_mg_kg_min, pump_ml_h_exact, round_down, to_mg_kg_min


def test_ml_kg_h_to_mg_kg_min_at_10_percent() -> None:
    # 0.5 mL/kg/h ÷ 60 × 100 mg/mL = 0.8333 mg/kg/min (Gammagard's 0.8 mg/kg/min)
    assert to_mg_kg_min(0.5, RateUnit.ML_KG_H, 100) == pytest.approx(0.83333, rel=1e-4)


def test_ml_kg_min_to_mg_kg_min() -> None:
    # Panzyga chart: 0.01 mL/kg/min × 100 mg/mL = 1 mg/kg/min
    assert to_mg_kg_min(0.01, RateUnit.ML_KG_MIN, 100) == pytest.approx(1.0)


@given(
    rate=st.floats(0.01, 20), unit=st.sampled_from(list(RateUnit)), weight=st.floats(0.5, 350),
    conc=st.sampled_from([50.0, 100.0, 160.0]),
)
def test_conversions_round_trip(rate: float, unit: RateUnit, conc: float, weight: float) -> None:
    there = to_mg_kg_min(rate, unit, conc, weight)
    assert from_mg_kg_min(there, unit, conc, weight) == pytest.approx(rate)


def test_pump_formula() -> None:
    # 1 mg/kg/min × 69.9 kg × 60 ÷ 100 mg/mL = 41.94 mL/h
    assert pump_ml_h_exact(1, 69.9, 100) == pytest.approx(41.94)


@pytest.mark.parametrize(
    ("value", "expected"), [(41.94, 41.9), (3.0, 3.0), (2.9999999999, 3.0), (0.19, 0.1)]
)
def test_round_down_to_tenth(value: float, expected: float) -> None:
    assert round_down(value, 0.1) == expected


def test_absolute_ml_h_needs_weight() -> None:
    # 30 mL/h × 100 mg/mL ÷ (60 × 10 kg) = 5 mg/kg/min
    assert to_mg_kg_min(30, RateUnit.ML_H, 100, 10) == pytest.approx(5)
    with pytest.raises(ValueError):
        to_mg_kg_min(30, RateUnit.ML_H, 100)
