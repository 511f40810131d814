"""A file's implausible values are worded in ``regimen.range_text`` from the numbers the
checks hand over: the value as written, the limits and the unit, never rounded into range."""

from __future__ import annotations

import pytest

from planner.core.units import RateUnit
from planner.regimen import plausibility as P
from planner.regimen.range_text import (
    outside_words,
    rate_outside_words,
    reserved_code_words,
    shown,
    vial_volume_words,
    whole_centigrams_words,
)
from planner.regimen.reserved import reserved_code_problem


@pytest.mark.parametrize("value", [1000.0001, 0.0999999, 2.5e-7])
def test_a_value_outside_its_range_is_shown_as_written(value: float) -> None:
    with pytest.raises(ValueError) as refused:
        P.check_range("site_policies.x", value, (0.1, 1000.0), "mL/h")
    assert str(refused.value) == outside_words(value, 0.1, 1000.0, "mL/h", "site_policies.x")
    assert f"site_policies.x: {shown(value)} mL/h is outside the plausible 0.1–1000 mL/h" == \
        str(refused.value)


@pytest.mark.parametrize("unit", [RateUnit.ML_KG_MIN, RateUnit.ML_KG_H])
def test_a_per_kg_volume_rate_outside_names_the_mg_kg_min_range(unit: RateUnit) -> None:
    with pytest.raises(ValueError) as refused:
        P.check_rate("max_rate", 5000.0, unit, 100.0)
    words = str(refused.value)
    assert words == rate_outside_words("max_rate", 5000.0, unit.value, 100.0,
                                       P.rate_limits(unit, 100.0), P.RATE_MG_KG_MIN)
    assert " at 100 mg/mL " in words and words.endswith("(0.1–20 mg/kg/min)")


def test_vial_words_carry_the_files_numbers() -> None:
    assert whole_centigrams_words(2.555).startswith("2.555 g: ")
    words = vial_volume_words(5.0, 7.0, 100.0, 50.0)
    assert "5 g in 7 mL does not match 100 mg/mL (50 mL expected" in words


def test_a_reserved_code_is_refused_in_its_words_and_a_file_code_is_not() -> None:
    assert reserved_code_problem("VIAL_ROUNDED") == reserved_code_words("VIAL_ROUNDED")
    assert reserved_code_problem("SITE_OWN_NOTE") is None
