"""build_plan: the one function the GUI, the CLI and the PDF exporter call."""

from __future__ import annotations

import math
from dataclasses import replace
from datetime import date, datetime, timedelta, tzinfo
from itertools import pairwise
from typing import Literal

from planner.core.clock import elapsed_until, exists, local_zone, wall_after
from planner.core.quantities import EPS, at_least, ceil_whole
from planner.core.units import to_mg_kg_min
from planner.core.warning_codes import WarningCode
from planner.plan.age_rules import age_warnings
from planner.plan.chair import chair_time
from planner.plan.dosing_weight import DosingWeight, dosing_weight
from planner.plan.fixed_duration import Window, fixed_duration_steps
from planner.plan.height_effect import height_effect
from planner.plan.im_dose import child_rule, im_injection, im_weight, labeled_im_dose
from planner.plan.input_terms import InputProblem
from planner.plan.input_text import InputRefused
from planner.plan.limited_by import LimitedBy
from planner.plan.models import (
    DayPlan,
    Plan,
    ProtocolKind,
    ProtocolUsed,
    RateStep,
    RegimenRef,
    SiteFileRef,
    VialCount,
)
from planner.plan.new_start import new_start_reasons
from planner.plan.patient import AgeGroup, Patient, PlanRequest
from planner.plan.protocol_choice import TitrationChoice, choose_titration, titration_warnings
from planner.plan.source_text import SourceOf, source_lines, stock_source
from planner.plan.start_check import SOURCE as START_CHECK_SOURCE
from planner.plan.start_check import start_doubt
from planner.plan.titration import pump_rate, restart_ramp, steps_for_bag
from planner.plan.validation import CheckedRequest, validate_request
from planner.plan.vials import VialChoice, choose_vials
from planner.plan.vitals import vitals_schedule
from planner.plan.wall_clock import check_start_exists, to_wall_clock
from planner.plan.warning_rules import LABEL_HEMOLYSIS, LABEL_IGA, UNVERIFIED, WarningList
from planner.plan.weight_check import weight_doubt
from planner.plan.weight_terms import Missing, WeightRule
from planner.plan.weight_text import policy_words, weight_explanation
from planner.regimen.loading import LoadedRegimen, bundled_regimen
from planner.regimen.models import (
    DoseBasis,
    ImDose,
    Indication,
    Product,
    RegimenFile,
    RiskFlag,
    Route,
    Severity,
    SitePolicies,
    WeightPolicy,
    WeightScreen,
)


def build_plan(
    request: PlanRequest, loaded: LoadedRegimen | None = None, today: date | None = None,
    *, as_asked: bool = False, zone: tzinfo | Literal["local"] | None = "local",
) -> Plan:
    """Compute the whole course for ``request`` from the regimen file (bundled by default).

    ``today`` (the GUI and CLI pass the clock's date) adds a caution for a start date in the
    past or months ahead; None leaves the date unchecked (tests, replays of saved plans).
    ``zone``: the time zone clock times are shown in (default: the workstation's; None: plain
    clock arithmetic). Raises :class:`PlanInputError` naming the field for input the plan
    cannot be built from.
    """
    try:
        return _build_plan(request, loaded, today, as_asked,
                           local_zone() if zone == "local" else zone)
    except OverflowError:  # a date pushed past what the calendar holds: never a traceback
        raise InputRefused("start", InputProblem.PAST_CALENDAR) from None


def _build_plan(
    request: PlanRequest, loaded: LoadedRegimen | None, today: date | None, as_asked: bool,
    zone: tzinfo | None,
) -> Plan:
    loaded = loaded or bundled_regimen()
    regimen = loaded.regimen
    checked = replace(validate_request(request, regimen), zone=zone)
    for n in range(checked.days):
        check_start_exists(checked.start + timedelta(days=n), zone, n + 1)
    indication, product = checked.indication, checked.product
    patient = request.patient
    warnings = WarningList()

    weight = (
        dosing_weight(patient, regimen.site_policies.dosing_weight)
        if indication.route is Route.IV else im_weight(patient)
    )
    _entry_warnings(request, checked, today, regimen.site_policies.weight_screen, warnings)
    _patient_warnings(request, product, warnings)
    _stock_warning(loaded, product, warnings)
    im_dose = (
        labeled_im_dose(indication, checked.dose_mg_kg) if indication.route is Route.IM else None
    )
    age_warnings(patient, product, indication, product.id in indication.labeled_products,
                 warnings, child_rule(im_dose))
    _dose_warnings(indication, checked.dose_mg_kg, weight.kg, warnings)

    per_day_mg_kg = (
        checked.dose_mg_kg / checked.days
        if indication.dose_basis is DoseBasis.COURSE
        else checked.dose_mg_kg
    )
    prescribed_day_g = per_day_mg_kg * weight.kg / 1000
    prescribed_total_g = prescribed_day_g * checked.days
    if indication.route is Route.IV:
        _weight_warnings(weight, request, regimen, prescribed_total_g, warnings)

    if indication.route is Route.IM:
        days = _im_days(indication, product, weight.kg, checked, patient, im_dose, warnings)
        prescribed_day_g = prescribed_total_g = days[0].prescribed_g  # the label volume in g
        protocol_used = None
    else:
        choice = choose_titration(
            request, regimen, product, indication, weight.kg, as_asked=as_asked
        )
        titration_warnings(choice, request, product, indication, regimen, weight.kg, warnings)
        days, fixed_h = _iv_days(
            regimen, indication, product, choice, prescribed_day_g, weight.kg, checked, warnings
        )
        protocol_used = _protocol_used(product, choice, weight.kg, fixed_h)

    for item in indication.warnings:
        warnings.add_file(item.code, item.severity, item.message, item.source)
    for extra in product.warnings:
        warnings.add_file(extra.code, extra.severity, extra.message, extra.source)
    if indication.route is Route.IV:
        for item in regimen.general_warnings:
            warnings.add_file(item.code, item.severity, item.message, item.source)

    days = [_bedside_record(day, request, regimen, warnings) for day in days]
    days = to_wall_clock(days, zone, warnings)
    for this_day, next_day in pairwise(days):
        if this_day.end > next_day.start:
            warnings.add(
                WarningCode.DAYS_OVERLAP, Severity.CAUTION, "plan check", day=this_day.day,
                end=this_day.end, next_day=next_day.day, next_start=next_day.start,
            )
    total_g = round(sum(d.dose_g for d in days), 4)
    first_date = days[0].date
    reaction = regimen.reaction_plan
    return Plan(
        regimen_file=RegimenRef(
            version=regimen.version, published=regimen.published, sha256=loaded.sha256,
            path=str(loaded.path), bundled=loaded.bundled,
        ),
        indication_id=indication.id, indication_name=indication.name,
        product_id=product.id, product_name=product.brand, product_verified=product.verified,
        route=indication.route, concentration_mg_ml=product.concentration_mg_ml,
        patient_name=checked.name, patient_mrn=checked.mrn, age_years=patient.age_years,
        im_ml_per_kg=im_dose.ml_per_kg if im_dose is not None else None,
        preparation=product.preparation.rows() if product.preparation else (),
        preparation_source=product.preparation.source if product.preparation else "",
        actual_weight_kg=round(patient.weight_kg, 1), dosing_weight_kg=weight.kg,
        dosing_weight_rule=weight.rule,
        dosing_weight_explanation=weight_explanation(weight, regimen.site_policies.dosing_weight),
        ideal_weight_kg=weight.ideal_kg, bmi=weight.bmi,
        dose_mg_kg=checked.dose_mg_kg, dose_basis=indication.dose_basis,
        days_count=checked.days,
        prescribed_total_g=prescribed_total_g, total_g=total_g,
        total_volume_ml=round(sum(d.volume_ml for d in days), 4),
        protocol=protocol_used, days=tuple(days), repeat=indication.repeat,
        next_course_due=_next_due(indication, first_date),
        warnings=warnings.sorted(), sources=_sources(indication, product, protocol_used),
        checklist=tuple(
            item.text for item in regimen.checklist if indication.route in item.routes
        ),
        reaction_premedication=reaction.premedication if reaction else (),
        reaction_steps=reaction.steps if reaction else (),
        site_policy_sources=_site_policy_sources(regimen), site_file=_site_ref(loaded),
    )


def _site_ref(loaded: LoadedRegimen) -> SiteFileRef | None:
    site = loaded.site
    if site is None:
        return None
    return SiteFileRef(site=site.site, file=site.file, version=site.version,
                       published=site.published, sha256=site.sha256)


def _stock_warning(loaded: LoadedRegimen, product: Product, warnings: WarningList) -> None:
    if loaded.site is not None and not loaded.stocked(product.id):
        warnings.add(
            WarningCode.NOT_STOCKED, Severity.CAUTION,
            stock_source(loaded.site.file, loaded.site.version),
            brand=product.brand, site=loaded.site.site,
        )


def _bedside_record(
    day: DayPlan, request: PlanRequest, regimen: RegimenFile, warnings: WarningList
) -> DayPlan:
    """Vitals times and lots for one day: what the nurse records at the bedside."""
    policy = regimen.site_policies.vitals
    vitals = (
        vitals_schedule(policy, day.start, day.end, day.steps,
                        bool(new_start_reasons(request.patient, regimen.site_policies)))
        if policy is not None
        else ()
    )
    lots = tuple(lot for lot in request.lots if lot.day == day.day)
    for lot in lots:
        if lot.expiry is not None and lot.expiry < day.date:
            warnings.add(
                WarningCode.LOT_EXPIRED_DAY, Severity.STOP,
                "product label: do not use after the expiry date",
                day=day.day, lot=lot.lot, expiry=lot.expiry,
            )
    return day.model_copy(update={
        "vitals": vitals, "lots": lots, "chair": chair_time(day, regimen.site_policies),
    })


def _site_policy_sources(regimen: RegimenFile) -> tuple[str, ...]:
    site = regimen.site_policies
    found = [site.vial_rounding.source, site.pump_rate_source, site.dosing_weight.source]
    if site.vitals is not None:
        found.append(site.vitals.source)
    if regimen.reaction_plan is not None:
        found.append(regimen.reaction_plan.source)
    if regimen.checklist_source:
        found.append(regimen.checklist_source)
    if site.chair is not None:
        found.append(site.chair.source)
    return tuple(found)


def _entry_warnings(
    request: PlanRequest, checked: CheckedRequest, today: date | None, screen: WeightScreen,
    warnings: WarningList,
) -> None:
    """Typing-error screens: a weight to confirm, a start date to check."""
    doubt = weight_doubt(request.patient, screen)
    if doubt is not None:
        warnings.add(WarningCode.WEIGHT_CHECK, Severity.CAUTION, screen.source,
                     **doubt.params)
    if today is not None:
        start = start_doubt(checked.start, today)
        if start is not None:
            warnings.add(start.code, Severity.CAUTION, START_CHECK_SOURCE, **start.params)


def _weight_warnings(
    weight: DosingWeight, request: PlanRequest, regimen: RegimenFile, prescribed_total_g: float,
    warnings: WarningList,
) -> None:
    patient = request.patient
    rule = regimen.site_policies.dosing_weight
    if patient.pregnant and not patient.is_child:
        warnings.add(
            WarningCode.PREGNANCY_WEIGHT, Severity.CAUTION,
            rule.policy_sources.get(rule.policy, rule.source),
            weight_kg=weight.kg, advice=rule.pregnancy_advice,
        )
        return
    if rule.policy is WeightPolicy.ACTUAL:
        return
    if patient.height_cm is None and patient.age_group is AgeGroup.ADULT:
        effect = height_effect(patient.weight_kg, patient.age_group, patient.sex, rule)
        if effect is None:
            warnings.add(
                WarningCode.HEIGHT_NOT_NEEDED, Severity.INFO, "site policy: dosing weight",
                weight_kg=weight.kg, min_height_cm=rule.min_height_cm,
                policy=policy_words(rule),
            )
        else:
            warnings.add(
                WarningCode.DOSING_WEIGHT_UNCHECKED, Severity.CAUTION, "site policy: dosing weight",
                missing=Missing.HEIGHT, actual_kg=effect.actual_kg, policy=policy_words(rule),
                drop_pct=effect.drop_pct, lowest_kg=effect.lowest_kg,
                lowest_g=prescribed_total_g * effect.lowest_kg / effect.actual_kg,
                total_g=prescribed_total_g,
            )
        return
    if weight.unchecked is not None:
        warnings.add(
            WarningCode.DOSING_WEIGHT_UNCHECKED, Severity.CAUTION, "site policy: dosing weight",
            missing=weight.unchecked, policy=policy_words(rule),
        )
    if weight.rule is WeightRule.ADJUSTED:
        warnings.add(
            WarningCode.ADJUSTED_WEIGHT, Severity.INFO, "site policy: dosing weight",
            explanation=weight_explanation(weight, rule),
        )


def _patient_warnings(request: PlanRequest, product: Product, warnings: WarningList) -> None:
    risks = request.patient.risks
    if RiskFlag.IGA_ANTIBODIES in risks:
        warnings.add(
            WarningCode.IGA_ANTIBODIES, Severity.STOP, LABEL_IGA,
            brand=product.brand, iga_content=product.iga_content,
        )
    for contra in product.contraindications:
        if contra.risk in risks:
            warnings.add_file(contra.code, contra.severity, contra.message, contra.source)
    if RiskFlag.AB_BLOOD_GROUP in risks:
        warnings.add(WarningCode.AB_BLOOD_GROUP, Severity.CAUTION, LABEL_HEMOLYSIS)
    if not product.verified:
        warnings.add(
            WarningCode.UNVERIFIED_PRODUCT, Severity.CAUTION, UNVERIFIED, brand=product.brand
        )


def _dose_warnings(
    indication: Indication, dose: float, weight_kg: float, warnings: WarningList
) -> None:
    limits = indication.dose_mg_kg
    option = next((o for o in indication.dose_options if math.isclose(o.dose_mg_kg, dose)), None)
    if option is not None:
        if option.min_weight_kg is not None and weight_kg < option.min_weight_kg:
            warnings.add(
                WarningCode.DOSE_OPTION_WEIGHT, Severity.CAUTION, option.source,
                dose=dose, min_weight_kg=option.min_weight_kg, weight_kg=weight_kg,
            )
        else:
            warnings.add(WarningCode.DOSE_OPTION, Severity.INFO, option.source,
                         option=option.label)
    elif not limits.usual_min <= dose <= limits.usual_max:
        warnings.add(
            WarningCode.DOSE_OUTSIDE_USUAL, Severity.CAUTION, limits.source,
            dose=dose, basis=indication.dose_basis, usual_min=limits.usual_min,
            usual_max=limits.usual_max, indication=indication.name,
        )


def _iv_days(
    regimen: RegimenFile, indication: Indication, product: Product, titration: TitrationChoice,
    day_g: float, weight_kg: float, checked_days: CheckedRequest, warnings: WarningList,
) -> tuple[list[DayPlan], float | None]:
    site = regimen.site_policies
    ladder = titration.ladder
    conc = product.concentration_mg_ml
    choice = choose_vials(day_g, product.vials, site.vial_rounding.tolerance_pct)
    dose_g = choice.total_g if choice.within_tolerance else round(day_g, 2)
    _vial_warnings(choice, day_g, dose_g, conc, site.vial_rounding.tolerance_pct, warnings)
    volume = dose_g * 1000 / conc
    first_pump = pump_rate(
        to_mg_kg_min(ladder.rungs[0].rate, ladder.unit, conc, weight_kg), weight_kg, conc,
        site.pump_rate_step_ml_h,
    )
    if first_pump <= 0:
        raise InputRefused("weight", InputProblem.PUMP_RATE_TOO_LOW)
    fixed_h = None
    days: list[DayPlan] = []
    for n in range(checked_days.days):
        start = checked_days.start + timedelta(days=n)
        rest = None
        if indication.fixed_duration is not None:
            fixed_h = indication.fixed_duration.planned_h
            window = Window(indication.fixed_duration, start)

            def rest(
                left: float, begin: datetime, window: Window = window
            ) -> tuple[RateStep, ...]:
                return fixed_duration_steps(
                    window, indication.name, titration, left, begin, weight_kg, conc,
                    site.pump_rate_step_ml_h, warnings,
                )

            steps = rest(volume, start)
        else:
            steps = steps_for_bag(
                ladder, volume, start, weight_kg, conc, site.pump_rate_step_ml_h
            )
        restart = _lot_change_restart(site, checked_days, n + 1, steps, warnings)
        if restart is not None:
            steps = restart_ramp(
                ladder, steps, restart, volume, weight_kg, conc, site.pump_rate_step_ml_h,
                rest,
            )
        day = _day(n + 1, start, day_g, dose_g, choice, volume, steps)
        days.append(day.model_copy(update={"ramp_restart_at": restart}))
    _pump_max_warning(site, titration, days, weight_kg, conc, warnings)
    return days, fixed_h


def _pump_max_warning(
    site: SitePolicies, titration: TitrationChoice, days: list[DayPlan], weight_kg: float,
    conc: float, warnings: WarningList,
) -> None:
    """Said only where a step really runs at the most the site's pumps deliver."""
    most = site.pump_max_ml_h
    if not any(at_least(s.rate_ml_h, most) for d in days for s in d.steps):
        return
    spec = titration.spec
    would = pump_rate(
        to_mg_kg_min(spec.max_rate, spec.unit, conc, weight_kg), weight_kg, conc,
        site.pump_rate_step_ml_h,
    )
    warnings.add(
        WarningCode.PUMP_MAX, Severity.CAUTION, site.pump_max_source,
        would_ml_h=would, most_ml_h=most,
    )


def _lot_change_restart(
    site: SitePolicies, checked: CheckedRequest, day: int, steps: tuple[RateStep, ...],
    warnings: WarningList,
) -> datetime | None:
    """The clock time at which a new lot restarts this day's ramp, if the site says so."""
    change = next((c for c in checked.lot_changes if c.day == day), None)
    if change is None or not steps:
        return None
    start, end = steps[0].start, steps[-1].end
    when = datetime.combine(start.date(), change.at)
    if when <= start:
        when += timedelta(days=1)  # an infusion that runs past midnight
    zone = checked.zone
    if zone is not None:  # the nurse gives the wall-clock time; the steps run in real time
        if not exists(when, zone):
            raise InputRefused("lot_changes", InputProblem.LOT_CHANGE_IN_CLOCK_GAP, day=day,
                               at=change.at, date=when)
        when = start + elapsed_until(start, when, zone)
    if not start < when < end:
        shown_end = wall_after(start, end - start, zone) if zone is not None else end
        raise InputRefused("lot_changes", InputProblem.LOT_CHANGE_OUTSIDE, day=day,
                           at=change.at, start=start, end=shown_end)
    if not site.restart_ramp_on_lot_change:
        warnings.add(
            WarningCode.LOT_CHANGE, Severity.INFO, site.restart_ramp_source or "site policy",
            day=day, at=change.at,
        )
        return None
    warnings.add(
        WarningCode.LOT_CHANGE_RESTART, Severity.CAUTION,
        site.restart_ramp_source or "site policy", day=day, at=change.at,
    )
    return when


def _vial_warnings(
    choice: VialChoice, day_g: float, dose_g: float, conc: float, tolerance: float,
    warnings: WarningList,
) -> None:
    if not choice.within_tolerance:
        warnings.add(
            WarningCode.VIAL_PARTIAL, Severity.CAUTION, "site policy: vial rounding",
            tolerance_pct=tolerance, day_g=day_g, dose_g=dose_g, volume_ml=dose_g * 1000 / conc,
            vial_count=choice.vial_count, vials_g=choice.total_g,
        )
    elif not math.isclose(dose_g, day_g, abs_tol=0.005):
        warnings.add(
            WarningCode.VIAL_ROUNDED, Severity.INFO, "site policy: vial rounding",
            day_g=day_g, dose_g=dose_g, tolerance_pct=tolerance,
        )


def _im_days(
    indication: Indication, product: Product, weight_kg: float,
    checked: CheckedRequest, patient: Patient, im_dose: ImDose | None, warnings: WarningList,
) -> list[DayPlan]:
    """An IM injection: the volume to draw (label mL/kg, label maximum), no infusion steps."""
    shot = im_injection(
        indication, product, im_dose, checked.dose_mg_kg, weight_kg, patient, warnings
    )
    volume = shot.volume_ml
    day_g = round(shot.wanted_ml * product.concentration_mg_ml / 1000, 4)
    dose_g = round(volume * product.concentration_mg_ml / 1000, 4)
    covering = choose_vials(ceil_whole(dose_g * 100) / 100, product.vials, 0)
    exact = math.isclose(covering.total_g, dose_g, abs_tol=EPS)
    choice = VialChoice(covering.total_g, covering.counts, within_tolerance=exact)
    day = _day(1, checked.start, day_g, dose_g, choice, volume, ())
    return [day.model_copy(update={"injections_ml": shot.sites_ml})]


def _day(
    number: int, start: datetime, prescribed_g: float, dose_g: float, choice: VialChoice,
    volume: float, steps: tuple[RateStep, ...],
) -> DayPlan:
    end = steps[-1].end if steps else start
    return DayPlan(
        day=number, date=start.date(), prescribed_g=prescribed_g, dose_g=dose_g,
        vials=tuple(VialCount(grams=v.grams, ml=v.ml, count=n) for v, n in choice.counts),
        vials_cover_exactly=choice.within_tolerance, volume_ml=round(volume, 4),
        start=start, end=end, duration_min=int((end - start).total_seconds() // 60),
        steps=steps,
    )


def _protocol_used(
    product: Product, choice: TitrationChoice, weight_kg: float, fixed_h: float | None
) -> ProtocolUsed:
    conc = product.concentration_mg_ml
    spec, ladder, label = choice.spec, choice.ladder, choice.label
    return ProtocolUsed(
        product_id=product.id, indication_id=label.indication, labeled=choice.labeled,
        protocol_id=choice.protocol_id, protocol_name=choice.name,
        protocol_kind=ProtocolKind.SITE if choice.is_site else ProtocolKind.LABEL,
        unit=spec.unit, initial_rate=spec.initial_rate,
        first_hold_min=ladder.rungs[0].hold_min or ladder.interval_min,
        first_hold_basis=ladder.first_hold_basis, interval_min=ladder.interval_min,
        interval_basis=ladder.interval_basis, step_rule=ladder.step_rule,
        step_basis=ladder.step_basis, max_rate=spec.max_rate,
        max_rate_mg_kg_min=to_mg_kg_min(spec.max_rate, spec.unit, conc, weight_kg),
        label_max_rate_mg_kg_min=to_mg_kg_min(label.max_rate, label.unit, conc),
        ceiling_mg_kg_min=(
            choice.ceiling_mg_kg_min(conc, weight_kg) if fixed_h is not None
            else to_mg_kg_min(ladder.ceiling, ladder.unit, conc, weight_kg)
        ),
        limited_by=ladder.limited_by if fixed_h is None else LimitedBy.FIXED_DURATION,
        cap_mg_kg_min=choice.risk_cap, cap_basis=choice.risk_cap_basis,
        pump_cap_ml_h=choice.pump_cap_ml_h, fixed_duration_h=fixed_h,
        source=spec.source, step_source=spec.steps.source,
    )


def _next_due(indication: Indication, first: date) -> date | None:
    if indication.repeat_interval_days is None:
        return None
    return first + timedelta(days=indication.repeat_interval_days)


def _sources(
    indication: Indication, product: Product, protocol: ProtocolUsed | None
) -> tuple[str, ...]:
    items = [
        (SourceOf.DOSE, indication.dose_mg_kg.source),
        (SourceOf.INDICATION, indication.source),
        (SourceOf.PRODUCT, product.source),
    ]
    if protocol is not None:
        items.append((SourceOf.RATES, protocol.source))
        items.append((SourceOf.STEPS, protocol.step_source))
    if product.preparation is not None:
        items.append((SourceOf.PREPARATION, product.preparation.source))
    return source_lines(items)
