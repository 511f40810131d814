"""The result panel's text, read off a Plan (no Qt, no arithmetic on doses).

Every number shown comes straight from a Plan field; this module only formats and labels
them, so a test can compare each line with ``build_plan``'s output.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from planner.plan.limited_by import limit_words
from planner.plan.models import DayPlan, Plan, PlanWarning, RateStep
from planner.plan.protocol_compare import ProtocolOption
from planner.plan.second_check import Difference, SecondCheckRecord
from planner.regimen.models import Basis, DoseBasis, Route, Severity
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
        cap = (f"; risk cap {fmt(p.cap_mg_kg_min, 3)} mg/kg/min ({p.cap_basis})"
               if p.cap_mg_kg_min is not None else "")
        off = "" if p.labeled else f"label limits of {p.indication_id}; "
        kind = ("SITE protocol (site policy, not the label's ramp)" if p.protocol_kind == "site"
                else "label ramp")
        value = f"SITE: {p.protocol_name}" if p.protocol_kind == "site" else p.protocol_name
        if not p.labeled:
            value = f"OFF-LABEL: {value}"
        rows.append(SummaryRow(
            "protocol", "Rate protocol", value,
            f"{kind}; {off}start {fmt(p.initial_rate, 3)} {p.unit}, max "
            f"{fmt(p.max_rate, 3)} {p.unit}{cap}; limited by {p.limited_by.words}",
        ))
    due = f"; next course due {fmt_date(plan.next_course_due)}" if plan.next_course_due else ""
    rows.append(SummaryRow("repeat", "Repeat", plan.repeat + due))
    return tuple(rows)


def protocol_kind_word(kind: str) -> str:
    """'LABEL' or 'SITE' in capitals: which of the two ran must not be missed."""
    return "SITE protocol" if kind == "site" else "LABEL protocol"


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
        if day.ramp_restart_at is not None and step.start == day.ramp_restart_at:
            notes.insert(0, "NEW LOT: ramp restarts")
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


def clock_on(day: DayPlan, moment: datetime) -> str:
    """HH:MM, with '+1 d' when it falls after the day's date (past midnight)."""
    text = fmt_clock(moment)
    offset = (moment.date() - day.date).days
    return text + (f" (+{offset} d)" if offset else "")


@dataclass(frozen=True)
class VitalsRow:
    time: str
    reasons: str


def vitals_rows(day: DayPlan) -> tuple[VitalsRow, ...]:
    return tuple(VitalsRow(clock_on(day, v.time), "; ".join(v.reasons)) for v in day.vitals)


def restart_text(day: DayPlan) -> str:
    if day.ramp_restart_at is None:
        return ""
    return (f"New lot from {clock_on(day, day.ramp_restart_at)}: the ramp restarts at the "
            f"initial rate (site policy); the bag now ends {clock_on(day, day.end)}.")


@dataclass(frozen=True)
class ProtocolRow:
    protocol_id: str
    name: str
    kind: str
    duration: str
    max_pump: str
    steps: str
    limited_by: str
    cautions: str


def protocol_rows(options: tuple[ProtocolOption, ...]) -> tuple[ProtocolRow, ...]:
    return tuple(
        ProtocolRow(
            protocol_id=o.protocol_id, name=o.name, kind=protocol_kind_word(o.kind),
            duration=fmt_duration(o.first_day_minutes), max_pump=fmt1(o.max_pump_ml_h),
            steps=str(o.steps), limited_by=limit_words(o.limited_by),
            cautions=str(o.cautions),
        )
        for o in options
    )


def difference_rows(differences: tuple[Difference, ...]) -> tuple[tuple[str, str, str], ...]:
    return tuple((d.field, d.first, d.second) for d in differences)


def second_check_text(record: SecondCheckRecord | None) -> str:
    if record is None:
        return "Independent second check: not done"
    when = fmt_datetime(record.checked_at)
    if record.void_reason:
        return (f"Independent second check: VOID — the check by {record.checked_by}, {when} no "
                f"longer holds: {record.void_reason}. A new check is needed.")
    if record.matched:
        return f"Independent second check: MATCHED — checked by {record.checked_by}, {when}"
    return (f"Independent second check: {len(record.differences)} DIFFERENCE(S) — "
            f"{record.checked_by}, {when}")
