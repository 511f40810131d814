"""The actual administration record of the PDF: what happened on each recorded day.

For a day with recorded events: planned against actual (or re-planned) end and volume, each
event with its clock time, the pump rate from then on, the volume infused so far and a box
for initials; a pause or stop with a reason is a reaction, printed with the action taken;
then the steps still to run from the last event. Every figure comes from the re-planned day
(:mod:`planner.bedside.replan`); days without events are not printed here at all, so a plan
with no events prints exactly as before.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from reportlab.platypus import Flowable, KeepTogether, Spacer

from planner.bedside.events import EventKind
from planner.bedside.replan import DayStatus, EventRecord, ReplannedDay
from planner.core.formatting import clock, duration, trim
from planner.report.pdf.bedside import heading
from planner.report.pdf.cells import Lines, Run, grid, table
from planner.report.pdf.days import BOX, short_date
from planner.report.pdf.styles import BLACK, FONT, FONT_BOLD, GREY_LIGHT, GREY_TEXT, grams, ml, ml_h

TITLE = "Actual administration record"


def actual_record(days: Sequence[ReplannedDay], width: float) -> list[Flowable]:
    """The record for every day that has events; nothing for a course with none."""
    recorded = [d for d in days if d.recorded]
    if not recorded:
        return []
    out: list[Flowable] = []
    for number, day in enumerate(recorded):
        block: list[Flowable] = []
        if number == 0:
            block.append(heading(TITLE))
        block += [
            Lines([Run(f"Day {day.day.day} — {short_date(day.day.date)}: "
                       f"{_status_words(day)}", FONT_BOLD, 11.5)], space_after=3),
            _summary(day, width), Spacer(1, 4), _events(day, width),
        ]
        reactions = _reactions(day)
        if reactions:
            block += [Spacer(1, 4), _reaction_table(reactions, width)]
        if day.remaining_steps and not day.status.over:
            block += [Spacer(1, 4), _remaining(day, width)]
        block.append(Spacer(1, 8))
        out.append(KeepTogether(block))
    return out


def _status_words(day: ReplannedDay) -> str:
    return {
        DayStatus.RUNNING: "running — re-planned from the last event",
        DayStatus.PAUSED: "PAUSED",
        DayStatus.FINISHED: "bag finished",
        DayStatus.STOPPED: "STOPPED — day not completed",
        DayStatus.PLANNED: "not started",
    }[day.status]


def _summary(day: ReplannedDay, width: float) -> Any:
    over = day.status.over
    shift = day.end_shift_min
    moved = "on time" if shift == 0 else (
        f"{duration(abs(shift))} {'later' if shift > 0 else 'earlier'} than planned")

    def cell(title: str, main: str, extra: str = "") -> Lines:
        runs = [Run(title, FONT, 8), Run(main, FONT_BOLD, 11)]
        if extra:
            runs.append(Run(extra, FONT, 8))
        return Lines(runs)

    left = "not given" if day.status is DayStatus.STOPPED else "still to run"
    cells = [
        cell("Planned end", clock(day.planned.end), f"start {clock(day.planned.start)}"),
        cell("Actual end" if over else "New end", clock(day.day.end), moved),
        cell("Infused", ml(day.infused_ml), f"{grams(day.infused_g)} g"),
        cell("Remaining", ml(day.remaining_ml), left),
    ]
    return table([cells], [width / 4] * 4,
                 grid([("BACKGROUND", (0, 0), (-1, -1), GREY_LIGHT)], head=False))


def _action(record: EventRecord) -> str:
    kind = record.kind
    rate = f" {ml_h(record.rate_ml_h)}" if record.rate_ml_h is not None else ""
    words = {
        EventKind.STARTED: f"pump started at{rate}",
        EventKind.PAUSED: "pump paused",
        EventKind.RESUMED: f"resumed at{rate}",
        EventKind.RATE_CHANGE: f"rate set by hand to{rate}",
        EventKind.LOT_CHANGE: f"new lot {record.lot}" + (f" at{rate}" if rate else ""),
        EventKind.STOPPED: "infusion stopped",
        EventKind.FINISHED: "bag empty, pump off",
    }[kind]
    return words + (f"; {record.note}" if record.note else "")


def _events(day: ReplannedDay, width: float) -> Any:
    rows: list[list[Any]] = [["Time", "Event", "Pump rate\nfrom then", "Infused\nso far",
                              "Reason / action", "Initials"]]
    widths = [42.0, 92.0, 70.0, 62.0]
    widths += [width - sum(widths) - 64.0, 64.0]
    for record in day.events:
        rate = ml_h(record.rate_ml_h) if record.rate_ml_h is not None else "off"
        reason = f"{record.reason}: " if record.reason else ""
        rows.append([clock(record.time), record.kind.label, rate, ml(record.infused_ml),
                     reason + _action(record), BOX])
    style: list[tuple[Any, ...]] = [
        ("FONT", (0, 1), (0, -1), FONT_BOLD, 10, 12),
        ("FONT", (2, 1), (2, -1), FONT_BOLD, 10, 12),
        ("ALIGN", (2, 1), (3, -1), "RIGHT"),
        ("FONT", (4, 1), (4, -1), FONT, 8.5, 10.5),
        ("FONT", (5, 1), (5, -1), FONT, 13, 13),
        ("TOPPADDING", (0, 1), (-1, -1), 4),
        ("BOTTOMPADDING", (0, 1), (-1, -1), 5),
    ]
    return table(rows, widths, grid(style), repeat=1)


def _reactions(day: ReplannedDay) -> list[tuple[EventRecord, str]]:
    """Each pause or stop with a reason, and what was done about it (the next event)."""
    found: list[tuple[EventRecord, str]] = []
    records = day.events
    for i, record in enumerate(records):
        if record.kind not in (EventKind.PAUSED, EventKind.STOPPED) or not record.reason:
            continue
        if record.kind is EventKind.STOPPED:
            found.append((record, "infusion stopped; " + (record.note or "day not completed")))
            continue
        after = next((r for r in records[i + 1:] if r.kind is not EventKind.LOT_CHANGE), None)
        if after is None:
            found.append((record, f"pump paused at {clock(record.time)}; not yet resumed"))
        elif after.kind is EventKind.RESUMED:
            minutes = int((after.time - record.time).total_seconds() // 60)
            found.append((record, f"pump paused {duration(minutes)}; resumed at "
                                  f"{clock(after.time)} at {ml_h(after.rate_ml_h or 0)}"))
        else:
            found.append((record, f"pump paused; then {after.kind.label.lower()} at "
                                  f"{clock(after.time)}"))
    return found


def _reaction_table(reactions: list[tuple[EventRecord, str]], width: float) -> Any:
    rows: list[list[Any]] = [["Reaction at", "Reaction (as recorded)", "Action taken",
                              "Prescriber told", "Initials"]]
    widths = [56.0, 130.0]
    widths += [width - sum(widths) - 150.0, 86.0, 64.0]
    for record, action in reactions:
        rows.append([clock(record.time), record.reason or "", action, BOX + " at ____", BOX])
    style: list[tuple[Any, ...]] = [
        ("FONT", (0, 1), (0, -1), FONT_BOLD, 10, 12),
        ("FONT", (1, 1), (1, -1), FONT_BOLD, 9.5, 12),
        ("FONT", (2, 1), (2, -1), FONT, 8.5, 10.5),
        ("FONT", (3, 1), (-1, -1), FONT, 11, 13),
        ("BOX", (0, 0), (-1, -1), 1.2, BLACK),
        ("TOPPADDING", (0, 1), (-1, -1), 4),
        ("BOTTOMPADDING", (0, 1), (-1, -1), 5),
    ]
    return table(rows, widths, grid(style), repeat=1)


def _remaining(day: ReplannedDay, width: float) -> Any:
    how = ("if resumed at the previous rate now" if day.status is DayStatus.PAUSED
           else f"from {clock(day.as_of or day.day.start)}")
    title = Lines([
        Run(f"Steps still to run ({how})", FONT_BOLD, 10),
        Run("Re-planned by the same rules as the plan: no rate above the plan's limit; the "
            "times move with every recorded event.", FONT, 7.5, GREY_TEXT),
    ])
    rows: list[list[Any]] = [[title, "", "", "", "", ""],
                             ["Time (24 h)", "Pump rate", "Volume (mL)", "Cumul. (mL)",
                              "Pump set ✓", "Initials"]]
    for step in day.remaining_steps:
        rows.append([f"{clock(step.start)}–{clock(step.end)}", ml_h(step.rate_ml_h),
                     f"{step.volume_ml:.1f}", f"{step.cumulative_ml:.1f}", BOX, ""])
    widths = [width * f for f in (0.2, 0.18, 0.16, 0.16, 0.13)]
    widths.append(width - sum(widths))
    style: list[tuple[Any, ...]] = [
        ("SPAN", (0, 0), (-1, 0)),
        ("FONT", (0, 2), (0, -1), FONT_BOLD, 9.5, 12),
        ("FONT", (1, 2), (1, -1), FONT_BOLD, 11, 13),
        ("ALIGN", (1, 2), (3, -1), "RIGHT"),
        ("ALIGN", (4, 1), (4, -1), "CENTER"),
        ("FONT", (4, 2), (4, -1), FONT, 13, 13),
        ("TOPPADDING", (0, 2), (-1, -1), 4),
    ]
    return table(rows, widths, grid(style, top=1), repeat=2)


def recorded_summary(days: Sequence[ReplannedDay]) -> str:
    """One line for the page header or a banner: how many days carry a record."""
    recorded = [d for d in days if d.recorded]
    if not recorded:
        return ""
    return "Actual record: day " + ", ".join(
        f"{d.day.day} ({d.status.value}, {trim(d.infused_ml, 1)} mL in)" for d in recorded)
