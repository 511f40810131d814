"""The engine hands over codes and values; the text modules have words for every one of them.

Each enum the engine uses for a reason (why a patient is a new start, why a site protocol is
set aside, why the dosing weight is what it is) must have its own words: a member added without
them fails here, not on a nurse's screen.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest

from planner.bedside.events import EventKind, InfusionEvent, ResumeRate
from planner.bedside.replan import replan_day
from planner.core.warning_codes import WarningCode
from planner.plan.age_text import contraindication_words, unchecked_rule_words, years
from planner.plan.dosing_weight import DosingWeight, WeightBasis
from planner.plan.engine import build_plan
from planner.plan.file_change import DataFile, FileChange, RegimenChanged, SiteChanged
from planner.plan.file_change_text import file_change_words
from planner.plan.models import SiteFileRef
from planner.plan.patient import Patient, PlanRequest
from planner.plan.plan_file import data_changes, file_changes, load_plan_file, save_plan_file
from planner.plan.protocol_text import label_protocol_name
from planner.plan.second_check import compare_plans
from planner.plan.second_check_text import (
    Compared,
    VoidReason,
    compared_label,
    vials_words,
    void_words,
)
from planner.plan.source_text import SourceOf, source_lines, stock_source
from planner.plan.vitals_text import VitalsWhen, vitals_reason
from planner.plan.warning_terms import (
    AgeContraindicated,
    ChildrenOnlyDose,
    ClockShift,
    LabeledAgeUnchecked,
    NewStartReason,
    SetAsideWhy,
)
from planner.plan.warning_text import warning_text
from planner.plan.weight_terms import WeightRule
from planner.plan.weight_text import weight_explanation
from planner.regimen.loading import bundled_regimen
from planner.regimen.models import LabeledAge

RULE = bundled_regimen().regimen.site_policies.dosing_weight


@pytest.mark.parametrize("basis", list(WeightBasis))
def test_every_dosing_weight_basis_has_its_own_words(basis: WeightBasis) -> None:
    adjusted = basis is WeightBasis.ADJUSTED
    weight = DosingWeight(
        kg=88.4 if adjusted else 120.0, rule=WeightRule.ADJUSTED if adjusted else WeightRule.ACTUAL,
        basis=basis, actual_kg=120.0, ideal_kg=61.2, bmi=41.5, unchecked=None,
    )
    words = weight_explanation(weight, RULE)
    others = {
        weight_explanation(DosingWeight(88.4, WeightRule.ACTUAL, b, 120.0, 61.2, 41.5, None), RULE)
        for b in WeightBasis if b is not basis
    }
    assert words and "{" not in words and words not in others
    assert words.startswith("adjusted") is adjusted


@pytest.mark.parametrize("reason", list(NewStartReason))
def test_every_new_start_reason_is_said(reason: NewStartReason) -> None:
    params = {"reasons": (reason,), "weeks_since_last": 10.0, "new_start_after_weeks": 8.0,
              "rate": 0.5, "unit": "mg/kg/min", "rate_ml_h": 21.0}
    text = warning_text(WarningCode.FIRST_INFUSION, params)
    assert text.startswith("New start (") and "21 mL/h" in text
    assert ("10 weeks since the last infusion (more than 8" in text) is (
        reason is NewStartReason.LONG_GAP)


def test_several_new_start_reasons_are_listed_in_order() -> None:
    params = {"reasons": tuple(NewStartReason), "weeks_since_last": 12.5,
              "new_start_after_weeks": 8.0, "rate": 1.0, "unit": "mg/kg/min", "rate_ml_h": 42.0}
    text = warning_text(WarningCode.FIRST_INFUSION, params)
    assert text.index("first infusion") < text.index("switching") < text.index("12.5 weeks")


@pytest.mark.parametrize("why", list(SetAsideWhy))
def test_every_set_aside_reason_is_said(why: SetAsideWhy) -> None:
    params = {"protocol": "Order set", "why": why, "compared_only": False,
              "written_for": "adults of 50 kg or more", "weight_kg": 41.0, "site_rate": 30.0,
              "site_unit": "mL/h", "site_mg_kg_min": 1.22, "label_mg_kg_min": 0.5,
              "label_ml_h": 12.3}
    text = warning_text(WarningCode.SITE_PROTOCOL_NOT_FOR_PATIENT, params)
    assert text.startswith("Site protocol 'Order set' is not used for this patient: ")
    assert ("weighs 41 kg" in text) is (why is SetAsideWhy.UNDER_WEIGHT)
    assert ("1.22 mg/kg/min" in text) is (why is SetAsideWhy.FAST_START)
    assert ("is a child" in text) is (why is SetAsideWhy.CHILD)


def test_unchecked_age_rules_and_clock_shifts_in_words() -> None:
    age = LabeledAge(min_years=2, text="patients 2 years and older", source="label")
    rules = (AgeContraindicated("Flebogamma", 2), LabeledAgeUnchecked("Privigen", "PI", age),
             ChildrenOnlyDose(0.5, "immunocompromised"))
    assert [unchecked_rule_words(r) for r in rules] == [
        "Flebogamma contraindicated under 2 years",
        "Privigen labeled for PI in patients 2 years and older (2 years and older)",
        "the 0.5 mL/kg dose is labeled for a child (immunocompromised)",
    ]
    text = warning_text(WarningCode.CLOCK_CHANGE, {"changes": (
        ClockShift(1, date(2027, 3, 14), 60), ClockShift(3, date(2027, 11, 7), -60))})
    assert "day 1 (2027-03-14: clocks go forward 60 min during the infusion); day 3 " \
        "(2027-11-07: clocks go back 60 min" in text


@pytest.mark.parametrize("when", list(VitalsWhen))
def test_every_vitals_moment_has_its_own_words(when: VitalsWhen) -> None:
    words = vitals_reason(when, 45, 84.04)
    others = {vitals_reason(w, 45, 84.04) for w in VitalsWhen if w is not when}
    assert words and "{" not in words and "None" not in words and words not in others
    assert ("45 min" in words) is (when in (
        VitalsWhen.AFTER_INJECTION, VitalsWhen.AFTER_START, VitalsWhen.AT_FINAL_RATE,
        VitalsWhen.AFTER_END))
    assert ("84.0 mL/h" in words) is (when in (VitalsWhen.RATE_CHANGE, VitalsWhen.AT_FINAL_RATE))


@pytest.mark.parametrize("when", [VitalsWhen.PAUSED, VitalsWhen.RESUMED, VitalsWhen.STOPPED])
def test_a_vitals_check_at_a_recorded_event_shows_the_nurses_reason_as_typed(
    when: VitalsWhen,
) -> None:
    plain = vitals_reason(when)
    assert vitals_reason(when, why="rigors, 38.4 °C") == f"{plain} (rigors, 38.4 °C)"
    assert vitals_reason(when, why=None) == vitals_reason(when, why="") == plain


def test_the_re_planned_day_words_its_event_vitals_from_the_vitals_text() -> None:
    """A pause with a reason, a resume and a stop each bring a check worded by vitals_text."""
    loaded = bundled_regimen()
    start = date(2026, 12, 1)
    request = PlanRequest(patient=Patient(weight_kg=70), indication_id="pi",
                          product_id="privigen", start=datetime_at(start, 8, 0))
    plan = build_plan(request, loaded)
    events = [
        InfusionEvent(day=1, kind=EventKind.STARTED, time=datetime_at(start, 8, 0)),
        InfusionEvent(day=1, kind=EventKind.PAUSED, time=datetime_at(start, 8, 40),
                      reason="chills"),
        InfusionEvent(day=1, kind=EventKind.RESUMED, time=datetime_at(start, 9, 1),
                      resume=ResumeRate.PREVIOUS),
        InfusionEvent(day=1, kind=EventKind.STOPPED, time=datetime_at(start, 9, 17)),
    ]
    day = replan_day(plan, request, loaded, 1, events)
    at = {check.time: check.reasons for check in day.day.vitals}
    assert vitals_reason(VitalsWhen.PAUSED, why="chills") in at[events[1].time]
    assert vitals_reason(VitalsWhen.RESUMED) in at[events[2].time]
    assert vitals_reason(VitalsWhen.STOPPED) in at[events[3].time]


def datetime_at(day: date, hour: int, minute: int) -> datetime:
    return datetime(day.year, day.month, day.day) + timedelta(hours=hour, minutes=minute)


@pytest.mark.parametrize("indication", ["pi", "itp", "cidp-loading"])
def test_a_plan_on_the_label_ramp_is_named_by_the_protocol_text(indication: str) -> None:
    loaded = bundled_regimen()
    request = PlanRequest(patient=Patient(weight_kg=70), indication_id=indication,
                          product_id="privigen", protocol_id="label")
    plan = build_plan(request, loaded, today=date(2026, 12, 1))
    product = loaded.regimen.product("privigen")
    assert product is not None
    written_for = next(p.indication for p in product.protocols if p.indication == indication)
    assert plan.protocol.protocol_name == label_protocol_name(written_for)
    assert written_for in plan.protocol.protocol_name


SAVED_SITE = DataFile("s-1", "aaaaaaaaaaaa", "site-a.json", "Unit A")
NOW_SITE = DataFile("s-2", "bbbbbbbbbbbb", "site-b.json", "Unit B")


@pytest.mark.parametrize("change", [
    RegimenChanged(DataFile("2026.1", "111111111111"), DataFile("2026.2", "222222222222")),
    SiteChanged(SAVED_SITE, NOW_SITE), SiteChanged(None, NOW_SITE), SiteChanged(SAVED_SITE, None),
])
def test_every_data_file_change_names_both_files_and_asks_for_a_check(change: FileChange) -> None:
    words = file_change_words(change)
    assert "RECOMPUTED" in words and words.endswith("Check them.")
    for ref in (change.saved, change.now):
        if ref is None:
            assert "no site file (bundled site choices)" in words
        else:
            assert ref.version in words and ref.sha12 in words and ref.file in words
            assert ref.site in words


def test_the_change_notes_are_the_words_of_the_changes_found(tmp_path: Path) -> None:
    loaded = bundled_regimen()
    request = PlanRequest(patient=Patient(weight_kg=70), indication_id="pi",
                          product_id="privigen")
    saved = load_plan_file(save_plan_file(request, tmp_path / "p.ivplan", loaded))
    assert data_changes(saved, loaded) == () and file_changes(saved, loaded) == ()
    site = SiteFileRef(site="Unit A", file="a.json", version="3", sha256="f" * 64)
    older = replace(saved, regimen_version="1999.1", regimen_sha256="0" * 64, site_file=site)
    found = data_changes(older, loaded)
    assert [type(c) for c in found] == [RegimenChanged, SiteChanged]
    assert file_changes(older, loaded) == tuple(file_change_words(c) for c in found)


def test_every_source_kind_has_its_own_label_before_the_files_source() -> None:
    lines = source_lines((of, f"source {n}") for n, of in enumerate(SourceOf))
    labels = [line.split(": ")[0] for line in lines]
    assert len(set(labels)) == len(SourceOf) and all(labels)
    assert all(line.endswith(f": source {n}") for n, line in enumerate(lines))


def test_a_plan_lists_its_sources_as_source_lines_of_the_regimen_files_sources() -> None:
    loaded = bundled_regimen()
    request = PlanRequest(patient=Patient(weight_kg=70), indication_id="itp",
                          product_id="privigen")
    plan = build_plan(request, loaded)
    indication, product = loaded.regimen.indication("itp"), loaded.regimen.product("privigen")
    assert indication is not None and product is not None
    assert plan.sources[:3] == source_lines([
        (SourceOf.DOSE, indication.dose_mg_kg.source), (SourceOf.INDICATION, indication.source),
        (SourceOf.PRODUCT, product.source)])
    assert stock_source("a.json", "7") == "site file a.json (version 7): products stocked"


@pytest.mark.parametrize("item", list(Compared))
def test_every_compared_item_has_its_own_label(item: Compared) -> None:
    label = compared_label(item, 3)
    assert label and "{" not in label and "None" not in label
    assert label not in {compared_label(i, 3) for i in Compared if i is not item}
    assert ("day 3" in label) is item.value.startswith("day-")


def test_the_second_check_lists_a_differing_day_under_that_days_labels() -> None:
    loaded = bundled_regimen()
    plans = [build_plan(PlanRequest(patient=Patient(weight_kg=w), indication_id="pi",
                                    product_id="privigen"), loaded) for w in (70, 84)]
    labels = {d.field for d in compare_plans(*plans)}
    assert {compared_label(Compared.WEIGHT), compared_label(Compared.DAY_DOSE, 1),
            compared_label(Compared.DAY_VIALS, 1)} <= labels
    assert vials_words([(1, 20.0), (2, 5.0)]) == "1 × 20 g + 2 × 5 g"


@pytest.mark.parametrize("age", [0.5, 1.0, 1.75])
def test_an_age_contraindication_keeps_the_files_words_then_the_patients_age(age: float) -> None:
    words = contraindication_words("Do not give under 2 years (sorbitol).", age)
    assert words.startswith("Do not give under 2 years (sorbitol). ")
    assert words.endswith(f"This patient is {years(age)}.")


def test_every_void_reason_has_its_own_words() -> None:
    words = [void_words(r) for r in VoidReason]
    assert all(words) and len(set(words)) == len(VoidReason)
