"""The result panel's text, read off a Plan (no Qt, no arithmetic on doses).

Every number shown comes straight from a Plan field; this module only formats and labels
them, so a test can compare each line with ``build_plan``'s output.
"""

from __future__ import annotations

from dataclasses import dataclass

from planner.plan_models import DayPlan, Plan, PlanWarning, RateStep
from planner.regimen_models import Basis, DoseBasis, Route, Severity
from ui.formatting import (
    fmt,
    fmt1,
    fmt_clock,
    fmt_date,
    fmt_datetime,
    fmt_duration,
    fmt_vials,
)


@dataclass(frozen=True)
class SummaryRow:
    key: str
    label: str
    value: str
    detail: str = ""


SEVERITY_WORD = {Severity.STOP: "STOP", Severity.CAUTION: "CAUTION", Severity.INFO: "INFO"}


def _same(days: tuple[DayPlan, ...], attr: str) -> bool:
    return len({getattr(d, attr) for d in days}) <= 1


def _clock_span(day: DayPlan) -> str:
    end = fmt_clock(day.end) if day.end.date() == day.start.date() else fmt_datetime(day.end)
    return f"{fmt_clock(day.start)} → {end}"


def summary_rows(plan: Plan) -> tuple[SummaryRow, ...]:
    first, last = plan.days[0], plan.days[-1]
    n = plan.days_count
    days_word = "day" if n == 1 else "days"
    per = "per course" if plan.dose_basis is DoseBasis.COURSE else "per day"
    weight_detail = plan.dosing_weight_explanation
    if plan.dosing_weight_kg != plan.actual_weight_kg:
        weight_detail += f" (actual weight {fmt(plan.actual_weight_kg, 1)} kg)"
    rows = [
        SummaryRow("weight", "Dosing weight", f"{fmt(plan.dosing_weight_kg, 1)} kg",
                   weight_detail),
        SummaryRow("dose", "Dose", f"{fmt(plan.dose_mg_kg)} mg/kg {per}",
                   f"over {n} {days_word}"),
        SummaryRow("total", "Course total",
                   f"{fmt(plan.total_g)} g given",
                   f"prescribed {fmt(plan.prescribed_total_g)} g; "
                   f"{fmt(plan.total_volume_ml, 1)} mL in all"),
    ]
    each = "each day" if n > 1 else "the day"
    if _same(plan.days, "dose_g"):
        rows.append(SummaryRow("per_day", "Per day", f"{fmt(first.dose_g)} g given",
                               f"prescribed {fmt(first.prescribed_g)} g, {each}"))
    else:
        rows.append(SummaryRow("per_day", "Per day", "varies by day", "see the day tabs"))
    rows.append(SummaryRow("vials", "Vials per day", fmt_vials(first.vials),
                           "" if first.vials_cover_exactly else
                           "opened vials hold more than the dose: discard the rest"))
    if plan.route is Route.IM:
        rows.append(SummaryRow("volume", "Injection volume", f"{fmt(first.volume_ml)} mL",
                               f"intramuscular, at {fmt_datetime(first.start)}"))
    else:
        rows.append(SummaryRow("volume", "Bag volume", f"{fmt1(first.volume_ml)} mL",
                               f"{fmt(plan.concentration_mg_ml)} mg/mL, {each}"))
        if _same(plan.days, "duration_min"):
            rows.append(SummaryRow("duration", "Duration", fmt_duration(first.duration_min),
                                   f"{each}, {len(first.steps)} rate step"
                                   + ("" if len(first.steps) == 1 else "s")))
        else:
            rows.append(SummaryRow("duration", "Duration", "varies by day", "see the table"))
        rows.append(SummaryRow("start", "Day 1", _clock_span(first), fmt_date(first.date)))
        if n > 1:
            rows.append(SummaryRow("end", f"Day {last.day} (last)", _clock_span(last),
                                   fmt_date(last.date)))
    rows.append(SummaryRow("product", "Product", plan.product_name,
                           f"{fmt(plan.concentration_mg_ml / 10)} % = "
                           f"{fmt(plan.concentration_mg_ml)} mg/mL"
                           + ("" if plan.product_verified else "; facts unverified")))
    if plan.protocol is not None:
        p = plan.protocol
        value = "label protocol" if p.labeled else f"OFF-LABEL: {p.indication_id} protocol"
        cap = (f"; risk cap {fmt(p.cap_mg_kg_min, 3)} mg/kg/min ({p.cap_basis})"
               if p.cap_mg_kg_min is not None else "")
        rows.append(SummaryRow(
            "protocol", "Rate protocol", value,
            f"start {fmt(p.initial_rate, 3)} {p.unit}, max {fmt(p.max_rate, 3)} {p.unit}{cap}",
        ))
    due = f"; next course due {fmt_date(plan.next_course_due)}" if plan.next_course_due else ""
    rows.append(SummaryRow("repeat", "Repeat", plan.repeat + due))
    return tuple(rows)


@dataclass(frozen=True)
class StepRow:
    """One row of the rate-step table, formatted; ``step`` keeps the engine's values."""

    number: str
    time: str
    rate: str
    pump: str
    volume: str
    cumulative: str
    note: str
    step: RateStep


STEP_HEADERS = ("Step", "Clock time", "Rate", "Pump", "Step volume", "Cumulative", "Note")


def step_headers(plan: Plan) -> tuple[str, ...]:
    unit = plan.protocol.unit.value if plan.protocol is not None else "label unit"
    return ("Step", "Clock time", f"Rate\n{unit}", "Pump\nmL/h", "Step vol.\nmL",
            "Cumulative\nmL", "Note")


def step_rows(day: DayPlan) -> tuple[StepRow, ...]:
    rows = []
    for step in day.steps:
        notes = []
        if step.basis is Basis.SITE_POLICY:
            notes.append("site policy")
        elif step.basis is not Basis.LABEL:
            notes.append(step.basis.value)
        if step.runs_until_empty:
            notes.append("until bag empty")
        end = fmt_clock(step.end)
        if step.end.date() != step.start.date():
            end += f" (+{(step.end.date() - step.start.date()).days} d)"
        rows.append(StepRow(
            number=str(step.number), time=f"{fmt_clock(step.start)}–{end}",
            rate=fmt(step.rate, 3), pump=fmt1(step.rate_ml_h), volume=fmt1(step.volume_ml),
            cumulative=fmt1(step.cumulative_ml), note="; ".join(notes), step=step,
        ))
    return tuple(rows)


def day_tab_title(day: DayPlan) -> str:
    return f"Day {day.day} · {day.date:%a %d %b}"


def warning_text(warning: PlanWarning) -> str:
    return f"{SEVERITY_WORD[warning.severity]} — {warning.message}"


def warning_counts(warnings: tuple[PlanWarning, ...]) -> str:
    parts = []
    for severity in (Severity.STOP, Severity.CAUTION, Severity.INFO):
        count = sum(1 for w in warnings if w.severity is severity)
        if count:
            parts.append(f"{count} {SEVERITY_WORD[severity].lower()}")
    return ", ".join(parts) if parts else "none"
