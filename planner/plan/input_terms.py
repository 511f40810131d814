"""Why the engine refuses an input, as codes: the checks name the problem and hand over the
values; only ``input_text`` turns them into the words a nurse reads (CLI, form, plan file)."""

from __future__ import annotations

from enum import StrEnum


class InputProblem(StrEnum):
    """One kind of refused input; the field it belongs to travels with it."""

    NOT_A_NUMBER = "not-a-number"
    NOT_ABOVE_ZERO = "not-above-zero"
    OUTSIDE = "outside"  # a measurement outside its plausible limits
    DOSE_OUTSIDE = "dose-outside"
    DOSE_FIXED = "dose-fixed"
    IM_DOSE_NOT_LABELED = "im-dose-not-labeled"
    DAYS_EXACT = "days-exact"
    DAYS_OUTSIDE = "days-outside"
    AGE_NOT_A_NUMBER = "age-not-a-number"
    AGE_OUTSIDE = "age-outside"
    WEEKS_OUTSIDE = "weeks-outside"
    MALE_PREGNANT = "male-pregnant"
    TEXT_TOO_LONG = "text-too-long"
    UNKNOWN_ID = "unknown-id"
    UNKNOWN_PROTOCOL = "unknown-protocol"
    WRONG_ROUTE = "wrong-route"
    START_HAS_OFFSET = "start-has-offset"
    START_OUTSIDE = "start-outside"
    START_IN_CLOCK_GAP = "start-in-clock-gap"
    PAST_CALENDAR = "past-calendar"
    LOT_DAY_NOT_IN_COURSE = "lot-day-not-in-course"
    LOT_NUMBER_LENGTH = "lot-number-length"
    LOT_NO_SUCH_VIAL = "lot-no-such-vial"
    LOT_CHANGE_TWICE = "lot-change-twice"
    LOT_CHANGE_IN_CLOCK_GAP = "lot-change-in-clock-gap"
    LOT_CHANGE_OUTSIDE = "lot-change-outside"
    PUMP_RATE_TOO_LOW = "pump-rate-too-low"
    VIAL_SEARCH_TOO_LARGE = "vial-search-too-large"
