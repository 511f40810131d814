"""Readable plain-text rendering of a plan and of the regimen file's ids, for the CLI."""

from __future__ import annotations

from planner.core.formatting import duration
from planner.core.formatting import trim as fmt
from planner.plan.age_text import describe_age, years
from planner.plan.limited_by import limit_words
from planner.plan.models import ChairTime, Plan
from planner.plan.protocol_compare import ProtocolOption
from planner.regimen.loading import LoadedRegimen
from planner.regimen.models import Product, Severity

_MARK = {Severity.STOP: "STOP   ", Severity.CAUTION: "CAUTION", Severity.INFO: "info   "}


def format_plan(plan: Plan) -> str:
    lines = [
        f"Infusion plan — {plan.indication_name} ({plan.indication_id})",
        f"Product: {plan.product_name} ({plan.product_id}), "
        f"{fmt(plan.concentration_mg_ml / 10)} % = {fmt(plan.concentration_mg_ml)} mg/mL"
        + ("" if plan.product_verified else "  [recalled facts: check the label]"),
        f"Regimen file: version {plan.regimen_file.version}, "
        f"sha256 {plan.regimen_file.sha256[:12]}"
        + (f"; site file {plan.site_file.site} ({plan.site_file.file}), version "
           f"{plan.site_file.version}, sha256 {plan.site_file.sha256[:12]}"
           if plan.site_file else "; no site file (bundled site choices)"),
        f"Dosing weight: {fmt(plan.dosing_weight_kg, 1)} kg — {plan.dosing_weight_explanation}"
        + ("" if plan.age_years is None else f"; age {years(plan.age_years)}"),
        (f"Dose: {fmt(plan.dose_mg_kg)} mg/kg per {plan.dose_basis.value} × "
         f"{plan.days_count} day(s): prescribed {fmt(plan.prescribed_total_g)} g, "
         f"given {fmt(plan.total_g)} g = {fmt(plan.total_volume_ml, 1)} mL")
        if plan.im_ml_per_kg is None else
        (f"Dose: {fmt(plan.im_ml_per_kg)} mL/kg (label; requested as "
         f"{fmt(plan.dose_mg_kg)} mg/kg) × {fmt(plan.dosing_weight_kg, 1)} kg: give "
         f"{fmt(plan.total_volume_ml, 2)} mL IM"),
        f"Repeat: {plan.repeat}",
    ]
    if plan.next_course_due:
        lines[-1] += f" (next course due {plan.next_course_due.isoformat()})"
    if plan.protocol is not None:
        p = plan.protocol
        kind = "label" if p.labeled else f"OFF-LABEL, uses the {p.indication_id} protocol"
        lines.append(f"Protocol: {p.protocol_name} [{p.protocol_kind}; product {kind}]")
        lines.append(
            f"  start {fmt(p.initial_rate, 3)} {p.unit} for {p.first_hold_min} "
            f"min [{p.first_hold_basis}], then every {p.interval_min} min "
            f"[{p.interval_basis}]: {p.step_rule} [{p.step_basis}], max {fmt(p.max_rate, 3)} "
            f"{p.unit}"
            + (f", risk cap {fmt(p.cap_mg_kg_min, 3)} mg/kg/min [{p.cap_basis}]"
               if p.cap_mg_kg_min is not None else "")
            + (f", fixed duration {fmt(p.fixed_duration_h)} h" if p.fixed_duration_h else "")
            + (f", pump cap {fmt(p.pump_cap_ml_h, 1)} mL/h" if p.pump_cap_ml_h else "")
            + f"; limited by {p.limited_by.words}"
        )
    for day in plan.days:
        vials = " + ".join(f"{v.count} × {fmt(v.grams)} g/{fmt(v.ml)} mL" for v in day.vials)
        lines += [
            "",
            f"Day {day.day} ({day.date.isoformat()}): {fmt(day.dose_g)} g "
            f"(prescribed {fmt(day.prescribed_g)} g) = {fmt(day.volume_ml, 1)} mL; vials: {vials}",
        ]
        if not day.steps:
            lines.append(f"  IM injection at {day.start:%H:%M}: draw {fmt(day.volume_ml, 2)} mL")
            if len(day.injections_ml) > 1:
                parts = " + ".join(f"{fmt(v, 2)} mL" for v in day.injections_ml)
                lines.append(f"  divided between {len(day.injections_ml)} muscle sites: {parts}")
            continue
        lines.append(
            f"  {'step':>4}  {'start':>5}–{'end':<5}  {'rate':>14}  {'pump':>10}  "
            f"{'volume':>9}  {'cumul.':>9}"
        )
        for s in day.steps:
            lines.append(
                f"  {s.number:>4}  {s.start:%H:%M}–{s.end:%H:%M}  "
                f"{fmt(s.rate, 3) + ' ' + s.rate_unit.value:>14}  {s.rate_ml_h:>5.1f} mL/h  "
                f"{s.volume_ml:>6.1f} mL  {s.cumulative_ml:>6.1f} mL"
                + ("  until empty" if s.runs_until_empty else "")
            )
        lines.append(f"  ends {day.end:%Y-%m-%d %H:%M} ({day.duration_min // 60} h "
                     f"{day.duration_min % 60:02d} min)")
        if day.chair is not None:
            lines.append("  " + chair_line(day.chair))
        if day.ramp_restart_at is not None:
            lines.append(f"  new lot at {day.ramp_restart_at:%H:%M}: ramp restarted")
        for lot in day.lots:
            expiry = lot.expiry.isoformat() if lot.expiry else "—"
            lines.append(f"  lot {lot.lot}: {fmt(lot.grams)} g vial, expires {expiry}")
        if day.vitals:
            lines.append("  vitals at " + ", ".join(f"{v.time:%H:%M}" for v in day.vitals))
    if plan.preparation:
        lines += ["", "Preparation (product label):"]
        lines += [f"  {heading}: {text}" for heading, text in plan.preparation]
    if plan.checklist:
        lines += ["", "Before starting: " + "; ".join(plan.checklist)]
    lines += ["", "Warnings:"]
    lines += [f"  {_MARK[w.severity]} {w.key}: {w.message}" for w in plan.warnings]
    return "\n".join(lines)


def chair_line(chair: ChairTime) -> str:
    """'chair 07:15–11:26 (4 h 11 min): check-in 07:15, checks 07:30, infusion …'."""
    return (f"chair {chair.check_in:%H:%M}–{chair.leaves:%H:%M} ({duration(chair.total_min)}): "
            f"check-in {chair.check_in:%H:%M}, pre-infusion checks {chair.checks_start:%H:%M}, "
            f"infusion {chair.infusion_start:%H:%M}–{chair.infusion_end:%H:%M}, observation "
            f"until {chair.leaves:%H:%M}")


def format_regimen_list(loaded: LoadedRegimen) -> str:
    regimen = loaded.regimen
    lines = [f"Regimen file {regimen.version} ({loaded.path}), sha256 {loaded.sha256}"]
    if loaded.site is not None:
        site = loaded.site
        lines.append(f"Site file {site.file}: {site.site}, version {site.version}, "
                     f"sha256 {site.sha256}")
    lines += ["", "Indications:"]
    width = max(len(i.id) for i in regimen.indications)
    for ind in regimen.indications:
        labeled = ", ".join(ind.labeled_products) or "none (off-label for every product)"
        lines.append(f"  {ind.id:<{width}}  {ind.name}  [labeled: {labeled}]")
    lines += ["", "Products:"]
    width = max(len(p.id) for p in regimen.products)
    for prod in regimen.products:
        status = "verified against the label" if prod.verified else "NOT verified, check label"
        stock = (
            "" if loaded.site is None
            else "  — NOT STOCKED HERE" if not loaded.stocked(prod.id)
            else "  — stocked: " + ", ".join(f"{fmt(v.grams)} g" for v in prod.vials)
        )
        lines.append(
            f"  {prod.id:<{width}}  {prod.brand} — {fmt(prod.concentration_mg_ml)} mg/mL, "
            f"{prod.route.value.upper()}, {status}{stock}"
        )
        lines.append(f"  {'':<{width}}  ages: {product_ages(prod)}")
    return "\n".join(lines)


def product_ages(product: Product) -> str:
    """The labeled age range per indication, and any age contraindication, on one line."""
    parts = [f"{a.indication if a.indication != '*' else 'all'} {describe_age(a)}"
             for a in product.labeled_ages]
    parts += [f"not under {c.under_years:g} years ({c.code})"
              for c in product.age_contraindications]
    return "; ".join(parts) if parts else "not stated on the label text recorded"


def format_protocol_options(options: tuple[ProtocolOption, ...]) -> str:
    lines = ["", "Protocols side by side (day 1):",
             f"  {'protocol':<18} {'kind':<6} {'duration':>9} {'max pump':>11} {'steps':>6}  limit"]
    for o in options:
        lines.append(
            f"  {o.protocol_id:<18} {o.kind:<6} {o.first_day_minutes // 60:>4} h "
            f"{o.first_day_minutes % 60:02d} {o.max_pump_ml_h:>6.1f} mL/h {o.steps:>6}  "
            f"{limit_words(o.limited_by)}"
        )
    return "\n".join(lines)
