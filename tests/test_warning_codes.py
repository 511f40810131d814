"""Warning codes: engine codes are a WarningCode enum, file codes stay the file's strings, and
the public JSON code is unchanged."""

from __future__ import annotations

from datetime import date

import pytest
from helpers import plan_for
from pydantic import ValidationError

from planner.core.warning_codes import FileWarningCode, WarningCode
from planner.plan.models import Plan, PlanWarning
from planner.plan.warning_text import has_text
from planner.regimen.models import Severity


def test_engine_codes_are_enum_members_and_file_codes_strings() -> None:
    plan = plan_for("kawasaki", "privigen", 20)
    kinds = {w.key: type(w.code) for w in plan.warnings}
    assert kinds["OFF_LABEL"] is WarningCode
    assert kinds["VACCINE_DEFERRAL"] is str  # defined by the regimen file


def test_a_per_day_code_carries_its_day_in_json() -> None:
    warning = PlanWarning(code=WarningCode.LOT_EXPIRED_DAY, severity=Severity.STOP,
                          params={"day": 3, "lot": "A1", "expiry": date(2026, 1, 31)})
    assert warning.key == "LOT_EXPIRED_DAY_3"
    assert warning.model_dump(mode="json") == {
        "code": "LOT_EXPIRED_DAY_3", "severity": "stop",
        "message": "Day 3: lot A1 expired on 2026-01-31. Do not use it.", "source": ""}


def test_a_per_day_code_needs_its_day() -> None:
    with pytest.raises(ValidationError):
        PlanWarning(code=WarningCode.LOT_EXPIRED_DAY, severity=Severity.STOP,
                    params={"lot": "A1", "expiry": date(2026, 1, 31)})


@pytest.mark.parametrize("code", list(WarningCode))
def test_every_engine_code_has_its_words(code: WarningCode) -> None:
    assert has_text(code)


def test_engine_words_come_from_the_code_and_file_words_from_the_file() -> None:
    with pytest.raises(ValidationError):
        PlanWarning(code=WarningCode.AB_BLOOD_GROUP, severity=Severity.CAUTION, text="mine")
    with pytest.raises(ValidationError):
        PlanWarning(code=FileWarningCode("MONITOR_VITALS"), severity=Severity.INFO)
    own = PlanWarning(code=FileWarningCode("X_Y"), severity=Severity.INFO, text="The file's.")
    assert own.message == "The file's." and own.key == "X_Y"


def test_the_words_follow_the_values() -> None:
    # the same code with other values says other things: the text is made, not stored
    def unchecked(plan: Plan) -> str:
        return next(w.message for w in plan.warnings
                    if w.code is WarningCode.DOSING_WEIGHT_UNCHECKED)

    no_sex = unchecked(plan_for("pi", "privigen", 130.4, height=160, sex=None))
    assert no_sex.endswith("Enter the sex.")
    heavy, heavier = (unchecked(plan_for("pi", "privigen", kg)) for kg in (120, 150))
    assert heavy.startswith("Height not given") and heavy.endswith("Enter the height.")
    assert "120 kg" in heavy and "150 kg" in heavier
