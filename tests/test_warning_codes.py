"""Warning codes: engine codes are a WarningCode enum, file codes stay the file's strings, and
the public JSON code is unchanged."""

from __future__ import annotations

import pytest
from helpers import plan_for
from pydantic import ValidationError

from planner.core.warning_codes import WarningCode
from planner.plan.models import PlanWarning
from planner.regimen.models import Severity


def test_engine_codes_are_enum_members_and_file_codes_strings() -> None:
    plan = plan_for("kawasaki", "privigen", 20)
    kinds = {w.key: type(w.code) for w in plan.warnings}
    assert kinds["OFF_LABEL"] is WarningCode
    assert kinds["VACCINE_DEFERRAL"] is str  # defined by the regimen file


def test_a_per_day_code_carries_its_day_in_json() -> None:
    warning = PlanWarning(code=WarningCode.LOT_EXPIRED_DAY, severity=Severity.STOP,
                          message="m", day=3)
    assert warning.key == "LOT_EXPIRED_DAY_3"
    assert warning.model_dump(mode="json") == {
        "code": "LOT_EXPIRED_DAY_3", "severity": "stop", "message": "m", "source": ""}


@pytest.mark.parametrize(("code", "day"), [(WarningCode.LOT_EXPIRED_DAY, None),
                                           (WarningCode.OFF_LABEL, 2)])
def test_a_day_goes_with_exactly_the_per_day_codes(code: WarningCode, day: int | None) -> None:
    with pytest.raises(ValidationError):
        PlanWarning(code=code, severity=Severity.STOP, message="m", day=day)
