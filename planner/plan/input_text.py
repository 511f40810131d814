"""Refused inputs in the words a nurse reads: one entry per :class:`InputProblem`, made from
the values the check hands over. The engine raises :class:`InputRefused` with a code; the
message (``field: words``) is the only English, and it is made here."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from planner.core.errors import PlanInputError
from planner.core.wording import Values, require_words
from planner.plan.input_terms import InputProblem
from planner.regimen.models import DoseBasis, ImDose, Route

_CLI_LIST = "(see 'python -m planner list')"

_TEMPLATES: dict[InputProblem, str] = {
    InputProblem.NOT_A_NUMBER: "must be a number, not {value!r}",
    InputProblem.NOT_ABOVE_ZERO: "must be above 0 (got {value:.15g})",
    InputProblem.OUTSIDE: "{value:.15g} is outside {low:g}–{high:g} {unit}",
    InputProblem.DAYS_EXACT: "{days}: {indication} is given over exactly {count} day(s)",
    InputProblem.DAYS_OUTSIDE: "{days} is outside {low}–{high} day(s) for {indication}",
    InputProblem.AGE_NOT_A_NUMBER: "must be a number of years, not {value!r}",
    InputProblem.AGE_OUTSIDE: "{value:.15g} years is outside {low:g}–{high:g} years",
    InputProblem.WEEKS_OUTSIDE: "{value!r} is outside {low:g}–{high:g} weeks",
    InputProblem.MALE_PREGNANT: "a male patient cannot be marked pregnant",
    InputProblem.TEXT_TOO_LONG:
        "{length} characters is longer than the {limit} a schedule can print",
    InputProblem.UNKNOWN_ID: "unknown id '{id}' " + _CLI_LIST,
    InputProblem.START_HAS_OFFSET:
        "{start} carries a time-zone offset; give the local wall-clock time without one "
        "(e.g. 2026-12-01T08:30)",
    # the year with four digits: strftime's %Y prints year 1 as "1" on some systems
    InputProblem.START_OUTSIDE:
        "{start.year:04d}-{start:%m-%d %H:%M} is outside {low:%Y-%m-%d}–{high:%Y-%m-%d}",
    InputProblem.PAST_CALENDAR:
        "the course, its steps or its next due date run past the last date a calendar can "
        "hold; check the start date",
    InputProblem.LOT_DAY_NOT_IN_COURSE: "day {day} is not a day of this {days}-day course",
    InputProblem.LOT_NUMBER_LENGTH: "day {day}: a lot number is 1–{limit} characters",
    InputProblem.LOT_NO_SUCH_VIAL: "day {day}: {brand} has no {grams:.15g} g vial",
    InputProblem.LOT_CHANGE_TWICE: "day {day}: one change per course day",
    InputProblem.LOT_CHANGE_IN_CLOCK_GAP:
        "day {day}: {at:%H:%M} does not exist on {date:%Y-%m-%d} (the clocks go forward)",
    InputProblem.LOT_CHANGE_OUTSIDE:
        "day {day}: {at:%H:%M} is outside the infusion ({start:%H:%M}–{end:%H:%M})",
    InputProblem.PUMP_RATE_TOO_LOW: "too low for a pump rate of at least 0.1 mL/h",
    InputProblem.VIAL_SEARCH_TOO_LARGE:
        "{grams:.2f} g a day is beyond what this product's vial sizes can be searched for "
        "(more than {max_steps:,} steps of {step_g:g} g); check the dose and the weight",
}


def _basis(value: object) -> str:
    assert isinstance(value, DoseBasis)
    return "per course" if value is DoseBasis.COURSE else "per day"


def _dose_outside(v: Values) -> str:
    return (f"{v['value']:.15g} is outside {v['low']:g}–{v['high']:g} mg/kg "
            f"{_basis(v['basis'])} for {v['indication']}")


def _dose_fixed(v: Values) -> str:
    return (f"{v['value']:.15g} mg/kg: the dose for {v['indication']} is fixed at "
            f"{v['fixed']:g} mg/kg {_basis(v['basis'])}")


def _im_dose_not_labeled(v: Values) -> str:
    doses = v["labeled"]
    assert isinstance(doses, Sequence)
    choices = "; ".join(
        f"{d.dose_mg_kg:g} = {d.ml_per_kg:g} mL/kg ({d.label})"
        for d in doses if isinstance(d, ImDose)
    )
    return f"{v['dose']:g} mg/kg is not a labeled IM dose for {v['indication']}: use {choices}"


def _unknown_protocol(v: Values) -> str:
    known = v["known"]
    assert isinstance(known, Sequence)
    return f"unknown protocol '{v['wanted']}' (use: {', '.join(map(str, known))})"


def _wrong_route(v: Values) -> str:
    route = "an intramuscular" if v["route"] is Route.IM else "an intravenous"
    labeled = v["labeled"]
    assert isinstance(labeled, Sequence)
    needed = ", ".join(map(str, labeled)) or "an IV product"
    return (f"{v['brand']} is {route} product and cannot be used for {v['indication']} "
            f"(use {needed})")


def _start_in_clock_gap(v: Values) -> str:
    day = v["day"]
    which = "" if day == 1 else f" (day {day})"
    return (f"{v['start']:%Y-%m-%d %H:%M}{which} does not exist on this workstation's clock "
            f"({v['zone']}: the clocks go forward that night); choose another start time")


_WRITERS: dict[InputProblem, Callable[[Values], str]] = {
    InputProblem.DOSE_OUTSIDE: _dose_outside,
    InputProblem.DOSE_FIXED: _dose_fixed,
    InputProblem.IM_DOSE_NOT_LABELED: _im_dose_not_labeled,
    InputProblem.UNKNOWN_PROTOCOL: _unknown_protocol,
    InputProblem.WRONG_ROUTE: _wrong_route,
    InputProblem.START_IN_CLOCK_GAP: _start_in_clock_gap,
}

require_words(InputProblem, _TEMPLATES, _WRITERS)


def input_words(problem: InputProblem, values: Values) -> str:
    """The words for one refused input (without the field name)."""
    writer = _WRITERS.get(problem)
    if writer is not None:
        return writer(values)
    return _TEMPLATES[problem].format(**values)


class InputRefused(PlanInputError):
    """A refused input: its field, the problem's code and the values; ``message`` is worded
    by :func:`input_words`."""

    def __init__(self, field: str, problem: InputProblem, **values: object) -> None:
        super().__init__(field, input_words(problem, values))
        self.problem = problem
        self.values: Values = values
