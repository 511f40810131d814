"""The English words of every engine warning, made from its code and parameters.

The engine records what it found (a code and the numbers, names and times behind it); this
module alone turns that into a sentence, so the wording lives in one place and a translation
is one more table, not a hunt through the engine. Warnings the regimen file defines keep the
file's own words.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from datetime import date, datetime, time

from planner.core.warning_codes import WarningCode
from planner.plan.age_text import describe_age, unchecked_rule_words, years
from planner.plan.warning_terms import (
    AgeContraindicated,
    ChildrenOnlyDose,
    ClockShift,
    LabeledAgeUnchecked,
    NewStartReason,
    SetAsideWhy,
    UncheckedAgeRule,
)
from planner.plan.weight_terms import Missing
from planner.regimen.models import Basis, DoseBasis, LabeledAge

WarningParam = (
    str | int | float | bool | date | datetime | time | tuple[str, ...] | tuple[float, ...]
    | LabeledAge | tuple[UncheckedAgeRule, ...] | tuple[ClockShift, ...] | None
)
"""A value a warning's text is made from (a ``datetime`` is also a ``date``; a
``NewStartReason`` or ``SetAsideWhy`` is also a ``str``)."""

Params = Mapping[str, WarningParam]

_TEMPLATES: dict[WarningCode, str] = {
    WarningCode.IGA_ANTIBODIES: (
        "IgA deficiency with anti-IgA antibodies: IVIG is contraindicated{iga_part}. Do not "
        "give; contact the prescriber."
    ),
    WarningCode.PREGNANCY_WEIGHT: (
        "Pregnant: the dose uses the actual body weight, {weight_kg:g} kg (no adjusted weight "
        "in pregnancy).{advice_part}"
    ),
    WarningCode.IM_DOSE_FOR_CHILDREN: (
        "The {ml_per_kg:g} mL/kg dose is labeled for an immunocompromised child; this patient "
        "is an adult{age_part}: off-label by age. Confirm the dose with the prescriber."
    ),
    WarningCode.AB_BLOOD_GROUP: (
        "AB blood group: higher risk of Coombs-positive haemolytic anaemia; monitor for "
        "haemolysis (haemoglobin, signs of haemolysis)."
    ),
    WarningCode.UNVERIFIED_PRODUCT: (
        "{brand}: product facts are recalled, not verified against the current label. Check "
        "concentration, vials and rates against the label before use."
    ),
    WarningCode.NOT_STOCKED: (
        "{brand} is not stocked here ({site}): order it in or choose a stocked product; vials "
        "are planned from every size on the label."
    ),
    WarningCode.OFF_LABEL: (
        "{brand} is not labeled for {indication} in this regimen file: it runs on its most "
        "conservative protocol ({protocol_indication}: maximum {max_rate:g} {unit}). Confirm "
        "with the prescriber."
    ),
    WarningCode.ADJUSTED_WEIGHT: "Dose and rates use the {explanation}.",
    WarningCode.HEIGHT_NOT_NEEDED: (
        "Height not given: actual body weight used. At {weight_kg:g} kg no height at "
        "{min_height_cm:g} cm or taller lets the site's rule ({policy}) change the dose."
    ),
    WarningCode.START_FAR_AHEAD: (
        "Start date {start:%a %Y-%m-%d} is {days} days from today ({today:%Y-%m-%d}): check "
        "the month and year."
    ),
    WarningCode.DOSE_OPTION: "{option}.",
    WarningCode.DOSE_OPTION_WEIGHT: (
        "{dose:g} mg/kg is the option for patients ≥ {min_weight_kg:g} kg; this patient weighs "
        "{weight_kg:g} kg."
    ),
    WarningCode.VIAL_PARTIAL: (
        "No whole-vial total lies within ±{tolerance_pct:g} % of {day_g:.2f} g per day: give "
        "{dose_g:g} g = {volume_ml:g} mL from {vial_count} opened vial(s) ({vials_g:g} g) and "
        "discard the rest."
    ),
    WarningCode.VIAL_ROUNDED: (
        "Day dose rounded from {day_g:.2f} g to {dose_g:g} g (whole vials, within "
        "±{tolerance_pct:g} %; site policy)."
    ),
    WarningCode.IM_VOLUME_OVER_15_ML: (
        "{volume_ml:g} mL IM is above the {max_ml:g} mL maximum of later guidance (the label "
        "states no maximum for this dose). Confirm the dose with the prescriber; IVIG may be "
        "preferred for large patients."
    ),
    WarningCode.IM_VOLUME_CAPPED: (
        "{ml_per_kg:g} mL/kg × {weight_kg:g} kg = {wanted_ml:g} mL is above the label maximum "
        "of {max_ml:g} mL: the plan gives {max_ml:g} mL (label maximum)."
    ),
    WarningCode.FIRST_INFUSION_CAP: (
        "New start: the site caps the rate at {max_ml_kg_min:g} mL/kg/min = {cap_ml_h:g} mL/h "
        "(site policy); the ramp would reach {would_reach_ml_h:g} mL/h; the infusion takes "
        "longer."
    ),
    WarningCode.SITE_PROTOCOL: (
        "Site protocol in use: {protocol} (site policy, not the label's ramp)."
    ),
    WarningCode.SITE_PROTOCOL_ABOVE_LABEL: (
        "The site protocol '{protocol}' would reach {would_reach_ml_h:g} mL/h, above the label "
        "maximum ({label_max_rate:g} {unit} = {label_max_ml_h:g} mL/h): the label maximum wins."
    ),
    WarningCode.PUMP_MAX: (
        "The protocol's maximum is {would_ml_h:g} mL/h for this patient, more than the site's "
        "pumps deliver ({most_ml_h:g} mL/h): the rate stops at {most_ml_h:g} mL/h and the "
        "infusion takes longer."
    ),
    WarningCode.PUMP_CAP: (
        "Site pump-rate cap {cap_ml_h:g} mL/h applied: the ramp would reach "
        "{would_reach_ml_h:g} mL/h; the infusion takes longer."
    ),
    WarningCode.DAYS_OVERLAP: (
        "Day {day}'s bag ends {end:%Y-%m-%d %H:%M}, after day {next_day}'s planned start "
        "{next_start:%Y-%m-%d %H:%M}: move the start times or review the rate limits."
    ),
    WarningCode.LOT_CHANGE: (
        "Day {day}: new lot from {at:%H:%M}; the ramp continues (site policy)."
    ),
    WarningCode.LOT_CHANGE_RESTART: (
        "Day {day}: new lot from {at:%H:%M}: the ramp restarts at the initial rate and the "
        "schedule is recomputed from then (site policy)."
    ),
    WarningCode.LOT_EXPIRED_DAY: (
        "Day {day}: lot {lot} expired on {expiry:%Y-%m-%d}. Do not use it."
    ),
}

_OPTIONAL_PARTS: dict[WarningCode, dict[str, tuple[str, str]]] = {
    WarningCode.IGA_ANTIBODIES: {
        "iga_part": ("iga_content", " ({brand} IgA content {iga_content})"),
    },
    WarningCode.PREGNANCY_WEIGHT: {"advice_part": ("advice", " {advice}")},
    WarningCode.IM_DOSE_FOR_CHILDREN: {"age_part": ("age_years", " ({age_years:g} years)")},
}
"""Template parts said only when their parameter has a value: part name → (parameter, words)."""


def _dosing_weight_unchecked(p: Params) -> str:
    if p["missing"] == Missing.HEIGHT and "actual_kg" in p:
        return (
            f"Height not given: the dose uses the actual weight, {p['actual_kg']:g} kg. At this "
            f"weight the site's rule ({p['policy']}) may apply: with the height entered the dose "
            f"could be up to {p['drop_pct']:g} % lower ({p['lowest_g']:.1f} g instead of "
            f"{p['total_g']:.1f} g in all, dosing weight down to {p['lowest_kg']:g} kg). Enter "
            "the height."
        )
    if p["missing"] == Missing.HEIGHT:
        return (
            "Height not given: actual body weight used. Enter the height so the site's "
            f"dosing-weight rule ({p['policy']}) can be checked."
        )
    return (
        f"The site's dosing-weight rule ({p['policy']}) needs the ideal body weight, which needs "
        "the sex: actual body weight was used. Enter the sex."
    )


def _dose_outside_usual(p: Params) -> str:
    basis = "per course" if p["basis"] == DoseBasis.COURSE else "per day"
    return (
        f"{p['dose']:g} mg/kg {basis} is outside the usual {p['usual_min']:g}–"
        f"{p['usual_max']:g} mg/kg for {p['indication']}."
    )


def _risk_cap(p: Params) -> str:
    risks = p["risks"]
    assert isinstance(risks, tuple)
    who = " and ".join(map(str, risks)).capitalize()
    where = "the label's figure" if p["basis"] == Basis.LABEL else "site policy"
    effect = "the ramp ends at the cap" if p["capped"] else "a lower limit already applies"
    return (
        f"{who} risk: rate capped at {p['cap_mg_kg_min']:g} mg/kg/min ({where}; {effect}). "
        f"{p['risk_rule']}. Ensure adequate hydration before the infusion."
    )


def _site_policy_steps(p: Params) -> str:
    parts = []
    if p["first_hold_min"] is not None:
        parts.append(f"first hold {p['first_hold_min']} min")
    if p["interval_min"] is not None:
        parts.append(f"step interval {p['interval_min']} min")
    if p["step_rule"] is not None:
        parts.append(f"steps: {p['step_rule']}")
    return (
        f"{p['brand']}: the label leaves part of the titration to the site. Site policy in "
        f"use: {'; '.join(parts)}."
    )


def _hours(minutes: WarningParam) -> str:
    assert isinstance(minutes, int)
    return f"{minutes // 60} h {minutes % 60:02d} min"


def _age_off_label(p: Params) -> str:
    labeled, age = p["labeled_age"], p["age_years"]
    assert isinstance(labeled, LabeledAge) and isinstance(age, float | int)
    return (
        f"Off-label by age: {p['brand']} is labeled for {p['indication']} in {labeled.text} "
        f"({describe_age(labeled)}); this patient is {years(age)}. Confirm with the prescriber."
    )


def _age_not_checked(p: Params) -> str:
    rules = p["rules"]
    assert isinstance(rules, tuple)
    words = []
    for rule in rules:
        assert isinstance(rule, AgeContraindicated | LabeledAgeUnchecked | ChildrenOnlyDose)
        words.append(unchecked_rule_words(rule))
    listed = "; ".join(words)
    return (
        f"Age not given, so these age rules could not be checked: {listed}. Enter the age in "
        "years."
    )


def _im_injection_sites(p: Params) -> str:
    sites = p["sites_ml"]
    assert isinstance(sites, tuple)
    parts = " + ".join(f"{v:g} mL" for v in sites)
    return (
        f"{p['volume_ml']:g} mL is more than {p['max_per_site_ml']:g} mL: divide it between "
        f"{len(sites)} muscle sites ({parts}), e.g. the anterolateral thighs and deltoids; "
        "never the gluteal region."
    )


def _new_start_words(reason: NewStartReason, p: Params) -> str:
    if reason is NewStartReason.FIRST_INFUSION:
        return "first infusion / new to immune globulin"
    if reason is NewStartReason.PRODUCT_SWITCH:
        return "switching from another immune globulin product"
    assert reason is NewStartReason.LONG_GAP, reason
    return (
        f"{p['weeks_since_last']:g} weeks since the last infusion (more than "
        f"{p['new_start_after_weeks']:g}: counts as new, site policy)"
    )


def _first_infusion(p: Params) -> str:
    reasons = p["reasons"]
    assert isinstance(reasons, tuple)
    words = "; ".join(_new_start_words(NewStartReason(str(r)), p) for r in reasons)
    return (
        f"New start ({words}): start at the minimum rate ({p['rate']:g} "
        f"{p['unit']} = {p['rate_ml_h']:g} mL/h) and increase only if tolerated; observe "
        "closely."
    )


def _set_aside_reason(p: Params) -> str:
    why = SetAsideWhy(str(p["why"]))
    if why is SetAsideWhy.CHILD:
        return f"it was written for {p['written_for']}; this patient is a child"
    if why is SetAsideWhy.UNDER_WEIGHT:
        return f"it was written for {p['written_for']}; this patient weighs {p['weight_kg']:g} kg"
    assert why is SetAsideWhy.FAST_START, why
    return (
        f"its first step, {p['site_rate']:g} {p['site_unit']} = {p['site_mg_kg_min']:.2f} "
        f"mg/kg/min for this patient, is above the label's initial rate "
        f"{p['label_mg_kg_min']:g} mg/kg/min ({p['label_ml_h']:g} mL/h)"
    )


def _set_aside(p: Params) -> str:
    what = (
        "It runs here only for the side-by-side comparison; the plan uses the label protocol."
        if p["compared_only"] else "The label protocol runs instead."
    )
    return (
        f"Site protocol '{p['protocol']}' is not used for this patient: {_set_aside_reason(p)}. "
        f"{what}"
    )


def _start_in_past(p: Params) -> str:
    ago = "yesterday" if p["days_ago"] == 1 else f"{p['days_ago']} days ago"
    return (
        f"Start date {p['start']:%a %Y-%m-%d} is in the past ({ago}; today is "
        f"{p['today']:%Y-%m-%d}): check the date before using this plan."
    )


def _weight_check(p: Params) -> str:
    if p["reason"] == "bmi":
        return (
            f"{p['weight_kg']:.1f} kg at {p['height_cm']:.0f} cm gives a BMI of {p['bmi']:.1f}, "
            f"outside the usual {p['low']:g}–{p['high']:g}: check that the weight is in kg (not "
            "lb) and the height in cm (not inches)."
        )
    group = "a child" if p["child"] else "an adult"
    return (
        f"{p['weight_kg']:.1f} kg with no height given is more than {p['limit_kg']:g} kg, the "
        f"site's figure to confirm for {group}: check the weight and that it is in kg, not lb."
    )


def _fixed_duration_capped(p: Params) -> str:
    want = p["needs_ml_h"]
    assert isinstance(want, float | int)
    needs = "cannot be finished" if math.isinf(want) else f"would need {want:.1f} mL/h"
    impossible = (
        f" That is longer than {p['max_h']:g} h: the {p['min_h']:g}–{p['max_h']:g} h window "
        "cannot be kept at the allowed rates; tell the prescriber."
        if p["late"] else ""
    )
    return (
        f"{p['indication']}: to finish in {p['planned_h']:g} h the rest of the bag {needs}, "
        f"above the maximum allowed here ({p['ceiling_ml_h']:g} mL/h); it runs at "
        f"{p['ceiling_ml_h']:g} mL/h, so the infusion takes {_hours(p['minutes'])}.{impossible}"
    )


def _fixed_duration_long(p: Params) -> str:
    return (
        f"{p['indication']}: the infusion takes {_hours(p['minutes'])}, longer than "
        f"{p['max_h']:g} h."
    )


def _clock_shift_words(shift: ClockShift) -> str:
    way = "forward" if shift.minutes > 0 else "back"
    return (
        f"day {shift.day} ({shift.date:%Y-%m-%d}: clocks go {way} {abs(shift.minutes)} min "
        "during the infusion)"
    )


def _clock_change(p: Params) -> str:
    changes = p["changes"]
    assert isinstance(changes, tuple)
    shifts = []
    for change in changes:
        assert isinstance(change, ClockShift)
        shifts.append(_clock_shift_words(change))
    listed = "; ".join(shifts)
    return (
        f"Daylight-saving clock change during the infusion: {listed}. "
        "Times are printed as the wall clock will show them; durations are real time. Check "
        "the pump against elapsed time, not the wall clock."
    )


_WRITERS: dict[WarningCode, Callable[[Params], str]] = {
    WarningCode.DOSING_WEIGHT_UNCHECKED: _dosing_weight_unchecked,
    WarningCode.DOSE_OUTSIDE_USUAL: _dose_outside_usual,
    WarningCode.RISK_CAP: _risk_cap,
    WarningCode.SITE_POLICY_STEPS: _site_policy_steps,
    WarningCode.FIXED_DURATION_CAPPED: _fixed_duration_capped,
    WarningCode.FIXED_DURATION_LONG: _fixed_duration_long,
    WarningCode.START_IN_PAST: _start_in_past,
    WarningCode.CLOCK_CHANGE: _clock_change,
    WarningCode.FIRST_INFUSION: _first_infusion,
    WarningCode.SITE_PROTOCOL_FAST_START: _set_aside,
    WarningCode.SITE_PROTOCOL_NOT_FOR_PATIENT: _set_aside,
    WarningCode.IM_INJECTION_SITES: _im_injection_sites,
    WarningCode.AGE_NOT_CHECKED: _age_not_checked,
    WarningCode.AGE_OFF_LABEL: _age_off_label,
    WarningCode.WEIGHT_CHECK: _weight_check,
}


def warning_text(code: WarningCode, params: Params) -> str:
    """The English sentence for an engine warning."""
    writer = _WRITERS.get(code)
    if writer is not None:
        return writer(params)
    parts = {
        name: words.format_map(params) if params.get(key) not in (None, "") else ""
        for name, (key, words) in _OPTIONAL_PARTS.get(code, {}).items()
    }
    return _TEMPLATES[code].format_map({**params, **parts})


def has_text(code: WarningCode) -> bool:
    return code in _WRITERS or code in _TEMPLATES
