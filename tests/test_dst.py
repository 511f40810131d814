"""Daylight-saving time: clock times as the wall clock shows them in the workstation's zone,
real durations, a caution when a day's infusion spans a change, nonexistent starts refused."""

from __future__ import annotations

import subprocess
import sys
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from planner.core.errors import PlanInputError
from planner.plan.engine import build_plan
from planner.plan.patient import Patient, PlanRequest

LONDON = ZoneInfo("Europe/London")
NEW_YORK = ZoneInfo("America/New_York")
SYDNEY = ZoneInfo("Australia/Sydney")


def _request(start: datetime, days: int = 2) -> PlanRequest:
    return PlanRequest(patient=Patient(weight_kg=70), indication_id="itp",
                       product_id="privigen", dose_mg_kg=1000.0, days=days, start=start)


def _codes(plan: object) -> set[str]:
    return {w.code for w in plan.warnings}  # type: ignore[attr-defined]


# (zone, start, hours the wall clock moves during the day's infusion)
SPANS = [
    (LONDON, datetime(2027, 3, 27, 23, 0), 1),  # 01:00 GMT → 02:00 BST
    (LONDON, datetime(2026, 10, 24, 23, 0), -1),  # 02:00 BST → 01:00 GMT
    (NEW_YORK, datetime(2027, 3, 13, 23, 30), 1),
    (NEW_YORK, datetime(2026, 11, 1, 0, 0), -1),
    (SYDNEY, datetime(2026, 10, 3, 23, 0), 1),
    (SYDNEY, datetime(2027, 4, 3, 23, 0), -1),
]


@pytest.mark.parametrize(("zone", "start", "hours"), SPANS,
                         ids=[f"{z.key}-{s:%Y-%m-%d}" for z, s, _ in SPANS])
def test_times_follow_the_wall_clock_across_a_change(
    zone: ZoneInfo, start: datetime, hours: int
) -> None:
    naive = build_plan(_request(start), zone=None)
    local = build_plan(_request(start), zone=zone)
    a, b = naive.days[0], local.days[0]
    assert a.duration_min == b.duration_min  # real time is the same
    assert b.start == a.start
    assert b.end - a.end == timedelta(hours=hours)  # the wall clock moved
    for x, y in zip(a.steps, b.steps, strict=True):
        real = y.start.replace(tzinfo=zone) - a.start.replace(tzinfo=zone)
        assert real.total_seconds() >= 0 and y.duration_min == x.duration_min
    assert "CLOCK_CHANGE" in _codes(local) and "CLOCK_CHANGE" not in _codes(naive)
    # every printed time is a real wall-clock time of the zone
    for step in b.steps:
        assert step.end.replace(tzinfo=zone).astimezone(ZoneInfo("UTC")).astimezone(
            zone).replace(tzinfo=None) == step.end


@pytest.mark.parametrize("zone", [LONDON, NEW_YORK, SYDNEY, None])
def test_no_change_no_difference(zone: ZoneInfo | None) -> None:
    start = datetime(2026, 12, 1, 8, 0) if zone is not SYDNEY else datetime(2026, 7, 1, 8, 0)
    plan = build_plan(_request(start, 2), zone=zone)
    assert plan == build_plan(_request(start, 2), zone=None)


NONEXISTENT = [
    (LONDON, datetime(2027, 3, 28, 1, 0)), (LONDON, datetime(2027, 3, 28, 1, 30)),
    (LONDON, datetime(2027, 3, 28, 1, 59)), (NEW_YORK, datetime(2027, 3, 14, 2, 15)),
    (SYDNEY, datetime(2026, 10, 4, 2, 30)),
]


@pytest.mark.parametrize(("zone", "start"), NONEXISTENT,
                         ids=[f"{z.key}-{s:%Y-%m-%dT%H:%M}" for z, s in NONEXISTENT])
def test_a_start_that_does_not_exist_is_refused(zone: ZoneInfo, start: datetime) -> None:
    with pytest.raises(PlanInputError) as caught:
        build_plan(_request(start), zone=zone)
    assert caught.value.field == "start" and "does not exist" in caught.value.message


def test_a_later_course_day_in_the_gap_is_refused_naming_the_day() -> None:
    with pytest.raises(PlanInputError) as caught:
        build_plan(_request(datetime(2027, 3, 27, 1, 30)), zone=LONDON)
    assert caught.value.field == "start" and "day 2" in caught.value.message


@pytest.mark.parametrize("start", [datetime(2027, 3, 28, 0, 59), datetime(2027, 3, 28, 2, 0),
                                   datetime(2026, 10, 25, 1, 30)])
def test_times_next_to_the_gap_exist(start: datetime) -> None:
    assert build_plan(_request(start), zone=LONDON).days[0].start == start


def test_the_cli_uses_the_tz_of_the_workstation() -> None:
    args = [sys.executable, "-m", "planner", "plan", "--indication", "itp", "--product",
            "privigen", "--weight", "70", "--dose-mg-kg", "1000", "--days", "2",
            "--start", "2027-03-27T23:00", "--json"]
    import json
    import os

    runs = {}
    for tz in ("Europe/London", "UTC"):
        env = {**os.environ, "TZ": tz}
        result = subprocess.run(args, capture_output=True, text=True, env=env, check=True)
        runs[tz] = json.loads(result.stdout)
    london, utc = runs["Europe/London"], runs["UTC"]
    assert london["days"][0]["end"] == "2027-03-28T05:14" and utc["days"][0]["end"] == (
        "2027-03-28T04:14")
    assert any(w["code"] == "CLOCK_CHANGE" for w in london["warnings"])
    bad = subprocess.run([*args[:-5], "--start", "2027-03-28T01:30"], capture_output=True,
                         text=True, env={**os.environ, "TZ": "Europe/London"}, check=False)
    assert bad.returncode == 2 and "start" in bad.stderr and "Traceback" not in bad.stderr


@pytest.mark.parametrize(("at", "zone"), [((3, 0), LONDON), ((4, 30), LONDON), ((0, 30), LONDON),
                                          ((3, 0), None)])
def test_a_lot_change_is_read_as_wall_clock_time(
    at: tuple[int, int], zone: ZoneInfo | None
) -> None:
    from datetime import time

    from planner.plan.patient import LotChange

    when = time(*at)
    request = _request(datetime(2027, 3, 27, 23, 0)).model_copy(
        update={"lot_changes": (LotChange(day=1, at=when),)})
    plan = build_plan(request, zone=zone)
    day = plan.days[0]
    expected = datetime.combine(datetime(2027, 3, 28).date(), when)
    assert day.ramp_restart_at == expected
    assert any(s.start == expected for s in day.steps)


def test_a_lot_change_inside_the_gap_is_refused() -> None:
    from datetime import time

    from planner.plan.patient import LotChange

    request = _request(datetime(2027, 3, 27, 23, 0)).model_copy(
        update={"lot_changes": (LotChange(day=1, at=time(1, 30)),)})
    with pytest.raises(PlanInputError) as caught:
        build_plan(request, zone=LONDON)
    assert caught.value.field == "lot_changes" and "does not exist" in caught.value.message
