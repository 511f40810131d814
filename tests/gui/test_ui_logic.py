"""The GUI's Qt-free logic: form text → request, catalog, result text, timeline data, print."""

from __future__ import annotations

from datetime import date, datetime, time

import pytest
from helpers import START

from planner.core.units import inch_to_cm, lb_to_kg
from planner.plan.engine import build_plan
from planner.plan.models import Plan
from planner.plan.patient import AgeGroup, Patient, PlanRequest, Sex
from planner.regimen.loading import bundled_regimen
from planner.regimen.models import RiskFlag, Route
from ui.about import about_html
from ui.catalog import (
    find_indication,
    indication_groups,
    preferred_product,
    product_choices,
)
from ui.form import (
    FormErrors,
    FormState,
    conversion_hint,
    demo_state,
    form_from_request,
    next_start,
    parse_number,
    request_from_form,
)
from ui.formatting import fmt, fmt1, fmt_duration, plain_number
from ui.plan_view import step_rows, summary_rows, warning_counts
from ui.timeline_data import timeline_from_plan

REGIMEN = bundled_regimen().regimen


def _state(**changes: object) -> FormState:
    fields: dict[str, object] = {
        "weight": "72", "height": "165", "sex": Sex.FEMALE, "indication_id": "itp",
        "product_id": "privigen", "dose": "400", "days": 5, "start": START,
    }
    fields.update(changes)
    return FormState(**fields)  # type: ignore[arg-type]


def _plan(**changes: object) -> Plan:
    return build_plan(request_from_form(_state(**changes)))


# -- numbers as typed ---------------------------------------------------------------------


@pytest.mark.parametrize("text", ["72", " 72.5 ", "0.8", ".5", "1e9", "+3", "-2"])
def test_parse_number_accepts_plain_decimals(text: str) -> None:
    assert parse_number(text) == float(text)


@pytest.mark.parametrize(("text", "value"),
                         [("64,5", 64.5), (" 0,8 ", 0.8), ("72,25", 72.25), ("1,5e2", 150)])
def test_parse_number_reads_a_decimal_comma(text: str, value: float) -> None:
    assert parse_number(text) == value


@pytest.mark.parametrize(
    ("text", "why"),
    [
        ("", "required"),
        ("abc", "'abc' is not a number"),
        ("72,500", r"unclear: write 72500 \(thousands\) or 72\.500"),
        ("1,2,5", "one decimal point or comma"),
        ("1.2,5", "one decimal point or comma"),
        ("1_000", "not a number"),
        ("nan", "not a finite number"),
        ("inf", "not a finite number"),
        ("-Infinity", "not a finite number"),
        ("1e999", "too large"),
        ("72 kg", "not a number"),
    ],
)
def test_parse_number_refuses_with_a_reason(text: str, why: str) -> None:
    with pytest.raises(ValueError, match=why):
        parse_number(text)


def test_pounds_and_inches_are_converted_with_planner_units() -> None:
    request = request_from_form(_state(weight="160", weight_unit="lb", height="65",
                                       height_unit="in"))
    assert request.patient.weight_kg == lb_to_kg(160)
    assert request.patient.height_cm == inch_to_cm(65)
    assert conversion_hint("160", "lb") == f"= {fmt(lb_to_kg(160), 1)} kg"
    assert conversion_hint("65", "in") == f"= {fmt(inch_to_cm(65), 1)} cm"
    assert conversion_hint("160", "kg") == ""
    assert conversion_hint("abc", "lb") == ""


def test_request_carries_every_field() -> None:
    state = _state(age_group=AgeGroup.CHILD, first_infusion=True,
                   risks=frozenset({RiskFlag.RENAL}), name="  Ann ", mrn="")
    request = request_from_form(state)
    assert request == PlanRequest(
        patient=Patient(weight_kg=72, height_cm=165, sex=Sex.FEMALE,
                        age_group=AgeGroup.CHILD, first_infusion=True,
                        risks=frozenset({RiskFlag.RENAL}), name="Ann", mrn=None),
        indication_id="itp", product_id="privigen", dose_mg_kg=400, days=5, start=START,
    )


def test_form_errors_name_every_bad_field() -> None:
    with pytest.raises(FormErrors) as info:
        request_from_form(_state(weight="abc", height="1,700", dose="x"))
    assert set(info.value.errors) == {"weight", "height", "dose"}
    assert info.value.missing == frozenset()
    assert "unclear" in info.value.errors["height"]


def test_blank_form_is_missing_not_wrong() -> None:
    with pytest.raises(FormErrors) as info:
        request_from_form(FormState(start=START))
    assert info.value.missing == {"weight", "indication", "product"}


def test_form_round_trip_is_exact() -> None:
    request = request_from_form(_state(weight="160", weight_unit="lb", height="64.5",
                                       height_unit="in", risks=frozenset(RiskFlag)))
    again = request_from_form(form_from_request(request, REGIMEN, time(8, 0)))
    assert again == request


def test_form_from_request_fills_regimen_defaults() -> None:
    request = PlanRequest(patient=Patient(weight_kg=30), indication_id="itp",
                          product_id="privigen")
    state = form_from_request(request, REGIMEN, time(9, 30))
    indication = REGIMEN.indication("itp")
    assert indication is not None
    assert state.dose == plain_number(indication.dose_mg_kg.default)
    assert state.days == indication.days.default
    assert state.start is not None and state.start.time() == time(9, 30)


def test_next_start_is_never_in_the_past() -> None:
    assert next_start(time(8, 0), datetime(2026, 12, 1, 7, 0)) == datetime(2026, 12, 1, 8, 0)
    assert next_start(time(8, 0), datetime(2026, 12, 1, 9, 0)) == datetime(2026, 12, 2, 8, 0)


def test_demo_is_the_documented_example() -> None:
    state = demo_state(date(2026, 12, 1))
    request = request_from_form(state)
    assert request.patient.weight_kg == 72 and request.patient.sex is Sex.FEMALE
    assert request.patient.height_cm == 165
    assert (request.indication_id, request.product_id) == ("pemphigus-vulgaris", "privigen")
    assert request.dose_mg_kg == 2000 and request.days == 5
    assert request.start == datetime(2026, 12, 2, 8, 0)
    build_plan(request)


@pytest.mark.parametrize("value", [72.0, 72.57477920000001, 0.1, 1e9, 165.1, 2000.0])
def test_plain_number_reads_back_exactly(value: float) -> None:
    assert float(plain_number(value)) == value


# -- catalog ------------------------------------------------------------------------------


def test_indication_groups_keep_every_indication_once() -> None:
    groups = indication_groups(REGIMEN)
    ids = [i.id for g in groups for i in g.indications]
    assert sorted(ids) == sorted(i.id for i in REGIMEN.indications)
    assert all(i.group == g.name for g in groups for i in g.indications)


def test_find_indication_by_name_or_id() -> None:
    assert find_indication(REGIMEN, "  pemphigus   VULGARIS ") is not None
    assert find_indication(REGIMEN, "itp") is not None
    assert find_indication(REGIMEN, "pemph") is None
    assert find_indication(REGIMEN, "") is None


def test_labeled_products_first_and_same_route_only() -> None:
    itp = REGIMEN.indication("itp")
    assert itp is not None
    choices = product_choices(REGIMEN, itp)
    assert [p.id for p in choices.labeled] == list(itp.labeled_products)
    assert all(p.id not in itp.labeled_products for p in choices.others)
    assert all(p.route is Route.IV for p in (*choices.labeled, *choices.others))
    assert "gamastan" not in choices.ids()
    assert preferred_product(choices, None) is None  # the nurse chooses (issue 10, item 3)
    assert preferred_product(choices, "bivigam") == "bivigam"
    assert preferred_product(choices, "gamastan") is None
    only = choices.ids()[0]
    others = frozenset(choices.ids()) - {only}
    assert preferred_product(choices, None, not_stocked=others) == only  # stocks one


def test_no_product_is_preselected_when_none_is_labeled() -> None:
    pemphigus = REGIMEN.indication("pemphigus-vulgaris")
    assert pemphigus is not None
    choices = product_choices(REGIMEN, pemphigus)
    assert choices.labeled == ()
    assert preferred_product(choices, None) is None


# -- what the result panel shows ----------------------------------------------------------


def test_summary_rows_are_the_engines_numbers() -> None:
    plan = _plan(weight="160", weight_unit="lb")
    rows = {r.key: r for r in summary_rows(plan)}
    day = plan.days[0]
    assert rows["weight"].value == f"{fmt(plan.dosing_weight_kg, 1)} kg"
    assert plan.dosing_weight_explanation in rows["weight"].detail
    assert rows["total"].value == f"{fmt(plan.total_g)} g given"
    assert f"prescribed {fmt(plan.prescribed_total_g)} g" in rows["total"].detail
    assert rows["per_day"].value == f"{fmt(day.dose_g)} g given"
    assert f"prescribed {fmt(day.prescribed_g)} g" in rows["per_day"].detail
    assert rows["volume"].value == f"{fmt1(day.volume_ml)} mL"
    assert rows["duration"].value == fmt_duration(day.duration_min)
    assert rows["start"].value == f"{day.start:%H:%M} → {day.end:%H:%M}"
    assert rows["end"].label == f"Day {plan.days_count} (last)"


def test_step_rows_match_the_steps() -> None:
    plan = _plan(product_id="bivigam")
    for row, step in zip(step_rows(plan.days[0]), plan.days[0].steps, strict=True):
        assert row.pump == fmt1(step.rate_ml_h)
        assert row.volume == fmt1(step.volume_ml)
        assert row.cumulative == fmt1(step.cumulative_ml)
        assert row.time.startswith(f"{step.start:%H:%M}–{step.end:%H:%M}")
    assert "until bag empty" in step_rows(plan.days[0])[-1].note


def test_overnight_infusion_says_so() -> None:
    plan = _plan(weight="12", age_group=AgeGroup.CHILD, sex=None, height="",
                 indication_id="kawasaki", dose="2000", days=1,
                 start=datetime(2026, 12, 1, 20, 0))
    rows = {r.key: r for r in summary_rows(plan)}
    assert "Wed 2026-12-02" in rows["start"].value
    assert "(+1 d)" in step_rows(plan.days[0])[-1].time  # the last step runs past midnight
    data = timeline_from_plan(plan)
    assert data.x_max > 24 * 60  # past midnight on the same lane
    assert data.lanes[0].end_label.endswith("+1d")


def test_im_plan_has_no_steps_but_a_volume() -> None:
    plan = _plan(weight="30", indication_id="measles-pep", product_id="gamastan", dose="40",
                 days=1, height="", sex=None)
    rows = {r.key: r for r in summary_rows(plan)}
    assert rows["volume"].label == "Injection volume"
    assert timeline_from_plan(plan).lanes[0].note.startswith("IM injection")


def test_timeline_data_follows_the_plan() -> None:
    plan = _plan(product_id="bivigam")
    data = timeline_from_plan(plan)
    assert len(data.lanes) == plan.days_count
    for lane, day in zip(data.lanes, plan.days, strict=True):
        assert [s.ml_h for s in lane.steps] == [s.rate_ml_h for s in day.steps]
        assert lane.end_label == f"end {day.end:%H:%M}"
    assert data.max_ml_h == max(s.rate_ml_h for d in plan.days for s in d.steps)
    assert data.x_min <= data.lanes[0].start_min and data.x_max >= data.lanes[0].end_min
    assert data.x_min % 30 == 0 and data.x_max % 30 == 0


def test_warning_counts() -> None:
    plan = _plan(risks=frozenset({RiskFlag.IGA_ANTIBODIES}))
    assert warning_counts(plan.warnings).startswith("1 stop")
    assert warning_counts(()) == "none"


def test_about_names_versions_and_hash() -> None:
    loaded = bundled_regimen()
    html = about_html(loaded)
    assert loaded.sha256 in html and loaded.regimen.version in html
    from planner import __version__

    assert __version__ in html
    assert all(key in html for key in loaded.regimen.sources)
