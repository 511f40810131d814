"""Refused inputs are codes with values; ``input_text`` has words for every code.

A new :class:`InputProblem` without words fails at import (and here), never on a nurse's
screen; each code's words carry the values it was given.
"""

from __future__ import annotations

import math
from datetime import datetime, time
from enum import Enum

import pytest

from planner.core.errors import PlanInputError
from planner.plan import validation
from planner.plan.input_terms import InputProblem
from planner.plan.input_text import InputRefused, input_words
from planner.regimen.loading import bundled_regimen
from planner.regimen.models import DoseBasis, ImDose, Route

REGIMEN = bundled_regimen().regimen
IM = next(i for i in REGIMEN.indications if i.im_doses)

# One set of values per code: what the check that raises it hands over.
SAMPLES: dict[InputProblem, dict[str, object]] = {
    InputProblem.NOT_A_NUMBER: {"value": math.nan},
    InputProblem.NOT_ABOVE_ZERO: {"value": -3.25},
    InputProblem.OUTSIDE: {"value": 351.5, "low": 0.5, "high": 350.0, "unit": "kg"},
    InputProblem.DOSE_OUTSIDE: {"value": 2500.5, "low": 400.0, "high": 1000.0,
                                "basis": DoseBasis.DAY, "indication": "ITP here"},
    InputProblem.DOSE_FIXED: {"value": 1500.25, "indication": "One-dose disease",
                              "fixed": 2000.0, "basis": DoseBasis.COURSE},
    InputProblem.IM_DOSE_NOT_LABELED: {"dose": 41.5, "indication": IM.name,
                                       "labeled": IM.im_doses},
    InputProblem.DAYS_EXACT: {"days": 3, "indication": "Kawasaki here", "count": 1},
    InputProblem.DAYS_OUTSIDE: {"days": 9, "low": 2, "high": 5, "indication": "ITP here"},
    InputProblem.AGE_NOT_A_NUMBER: {"value": "x"},
    InputProblem.AGE_OUTSIDE: {"value": 121.5, "low": 0.0, "high": 120.0},
    InputProblem.WEEKS_OUTSIDE: {"value": 600.5, "low": 0, "high": 520},
    InputProblem.MALE_PREGNANT: {},
    InputProblem.TEXT_TOO_LONG: {"length": 61, "limit": 60},
    InputProblem.UNKNOWN_ID: {"id": "no-such-id"},
    InputProblem.UNKNOWN_PROTOCOL: {"wanted": "zzz", "known": ("label", "orderset-1")},
    InputProblem.WRONG_ROUTE: {"brand": "Brand X", "route": Route.IM, "indication": "PI here",
                               "labeled": ("privigen", "panzyga")},
    InputProblem.START_HAS_OFFSET: {"start": "2026-12-01T08:30:00+01:00"},
    InputProblem.START_OUTSIDE: {"start": datetime(1999, 5, 6, 7, 8),
                                 "low": datetime(2000, 1, 1), "high": datetime(2099, 12, 31)},
    InputProblem.START_IN_CLOCK_GAP: {"start": datetime(2027, 3, 14, 2, 30), "day": 2,
                                      "zone": "America/New_York"},
    InputProblem.PAST_CALENDAR: {},
    InputProblem.LOT_DAY_NOT_IN_COURSE: {"day": 7, "days": 5},
    InputProblem.LOT_NUMBER_LENGTH: {"day": 2, "limit": 40},
    InputProblem.LOT_NO_SUCH_VIAL: {"day": 3, "brand": "Brand X", "grams": 3.33},
    InputProblem.LOT_CHANGE_TWICE: {"day": 4},
    InputProblem.LOT_CHANGE_IN_CLOCK_GAP: {"day": 1, "at": time(2, 15),
                                           "date": datetime(2027, 3, 14, 2, 15)},
    InputProblem.LOT_CHANGE_OUTSIDE: {"day": 1, "at": time(23, 5),
                                      "start": datetime(2026, 12, 1, 8, 0),
                                      "end": datetime(2026, 12, 1, 10, 26)},
    InputProblem.PUMP_RATE_TOO_LOW: {},
    InputProblem.VIAL_SEARCH_TOO_LARGE: {"grams": 123456.789, "max_steps": 250000,
                                         "step_g": 2.5},
}


def appears(value: object, words: str) -> bool:
    """Whether a value given to the words shows in them (an enum is worded, not shown)."""
    if isinstance(value, Enum):
        return True
    if isinstance(value, datetime):
        return f"{value:%H:%M}" in words or f"{value:%Y-%m-%d}" in words
    if isinstance(value, time):
        return f"{value:%H:%M}" in words
    if isinstance(value, float) and not math.isnan(value):
        return f"{value:g}" in words or f"{value:.2f}" in words
    if isinstance(value, int):
        return str(value) in words or f"{value:,}" in words
    if isinstance(value, str):
        return value in words
    if isinstance(value, tuple):
        return all(appears(v, words) for v in value if isinstance(v, str))
    return True


def test_every_code_has_sample_values_here() -> None:
    assert set(SAMPLES) == set(InputProblem)


@pytest.mark.parametrize("problem", list(InputProblem))
def test_every_refusal_code_has_its_own_words_carrying_its_values(problem: InputProblem) -> None:
    words = input_words(problem, SAMPLES[problem])
    others = {input_words(p, SAMPLES[p]) for p in InputProblem if p is not problem}
    assert words and words not in others
    assert "{" not in words and "None" not in words
    for value in SAMPLES[problem].values():
        assert appears(value, words), (value, words)


def test_a_refusal_is_a_plan_input_error_with_field_code_values_and_words() -> None:
    values = SAMPLES[InputProblem.OUTSIDE]
    refused = InputRefused("weight", InputProblem.OUTSIDE, **values)
    assert isinstance(refused, PlanInputError)
    assert refused.field == "weight" and refused.problem is InputProblem.OUTSIDE
    assert dict(refused.values) == values
    assert refused.message == input_words(InputProblem.OUTSIDE, values)
    assert str(refused) == f"weight: {refused.message}"


@pytest.mark.parametrize("basis", list(DoseBasis))
def test_a_fixed_dose_indication_is_refused_with_the_fixed_dose_code(basis: DoseBasis) -> None:
    """No bundled indication has one fixed dose; a file may: the code and words still hold."""
    base = next(i for i in REGIMEN.indications if not i.im_doses)
    fixed = base.dose_mg_kg.model_copy(update={"min": 2000.0, "max": 2000.0, "default": 2000.0})
    indication = base.model_copy(update={"dose_mg_kg": fixed, "dose_basis": basis})
    with pytest.raises(InputRefused) as refused:
        validation._check_dose(indication, 1500.0)
    assert refused.value.problem is InputProblem.DOSE_FIXED
    assert "1500 mg/kg: the dose for" in refused.value.message
    assert "fixed at 2000 mg/kg per " + basis.value in refused.value.message


def test_each_labeled_im_dose_is_offered_by_its_own_words() -> None:
    doses: tuple[ImDose, ...] = IM.im_doses
    words = input_words(InputProblem.IM_DOSE_NOT_LABELED, SAMPLES[InputProblem.IM_DOSE_NOT_LABELED])
    for dose in doses:
        assert f"{dose.dose_mg_kg:g} = {dose.ml_per_kg:g} mL/kg ({dose.label})" in words


def test_wrong_route_names_the_labeled_products_or_an_iv_product() -> None:
    values = dict(SAMPLES[InputProblem.WRONG_ROUTE])
    assert "an intramuscular product" in input_words(InputProblem.WRONG_ROUTE, values)
    values.update(route=Route.IV, labeled=())
    words = input_words(InputProblem.WRONG_ROUTE, values)
    assert "an intravenous product" in words and words.endswith("(use an IV product)")


@pytest.mark.parametrize(("start", "shown"), [
    (datetime(1, 1, 1, 0, 0), "0001-01-01 00:00"), (datetime(999, 5, 6, 7, 8), "0999-05-06 07:08"),
    (datetime(2100, 1, 1, 9, 30), "2100-01-01 09:30"),
])
def test_a_start_outside_the_calendar_window_is_shown_with_a_four_digit_year(
    start: datetime, shown: str,
) -> None:
    with pytest.raises(PlanInputError) as refused:
        validation.check_start(start)
    assert str(refused.value).startswith(f"start: {shown} is outside 2000-01-01")
