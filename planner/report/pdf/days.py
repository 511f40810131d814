"""One administration day of the PDF schedule: summary, vials and lots, steps and vitals.

Every number and clock time is read from the :class:`~planner.plan.models.DayPlan`; the
layout decides only where it goes. Cells are plain strings (wrapped with :func:`fit`) or
:class:`Lines` blocks, not Paragraphs: this is the bulk of the document and the cost of
building it.

Vital signs are recorded in one place only, the vitals table: the site's vitals times (15 min
after start, every N min at the final rate, after the end) do not coincide with the rate
steps, so boxes on the step rows would be a second, incomplete place for the same numbers.
The step table keeps what belongs to a step: a box to tick when the pump is set, initials.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

from reportlab.platypus import Flowable, Spacer

from planner.core.formatting import clock, duration, trim
from planner.plan.models import DayPlan, LotEntry, RateStep, VitalsCheck
from planner.regimen.models import NOT_STATED
from planner.report.pdf.cells import Lines, Run, grid, lines, table
from planner.report.pdf.styles import (
    BLACK,
    FONT,
    FONT_BOLD,
    GREY_FILL,
    GREY_LIGHT,
    GREY_TEXT,
    grams,
    long_date,
    ml,
    ml_draw,
    ml_h,
)

RESTART_SYMBOL = "↻"
BOX = "☐"  # an empty box to tick: a glyph of the embedded font, so it prints as drawn
VITALS_SYMBOL = "▲"  # the chart's marker for a vitals check (drawn there, named here)


def restart_note(when: datetime) -> str:
    """The sentence a lot-change restart is announced with, in the day and in its table."""
    return f"New lot at {clock(when)} — ramp restarts at the initial rate"


def first_step_after_restart(day: DayPlan) -> RateStep | None:
    """The step the restarted ramp begins with (the engine starts one at the restart time)."""
    if day.ramp_restart_at is None:
        return None
    return next((s for s in day.steps if s.start >= day.ramp_restart_at), None)


def short_date(day: date) -> str:
    return long_date(day).rsplit(" ", 1)[0]  # 'Tue 1 Dec'


def summary(day: DayPlan, width: float) -> Flowable:
    """Dose, bag volume, start and end in four boxes across the page."""
    im = not day.steps
    label, value, note = FONT, FONT_BOLD, FONT

    def cell(title: str, main: str, extra: str = "") -> Lines:
        runs = [Run(title, label, 8), Run(main, value, 11)]
        if extra:
            runs.append(Run(extra, note, 8))
        return Lines(runs)

    cells = [
        cell("Dose", f"{grams(day.dose_g)} g", f"prescribed {grams(day.prescribed_g)} g"),
        cell("Volume to draw" if im else "Bag volume",
             ml_draw(day.volume_ml) if im else ml(day.volume_ml)),
        cell("Time" if im else "Start", clock(day.start)),
    ]
    if im:
        cells.append(cell("Route", "IM injection"))
    else:
        extra = duration(day.duration_min)
        if day.end.date() != day.date:
            extra += f"\nnext day, {long_date(day.end.date())}"
        cells.append(cell("End", clock(day.end), extra))
    return table([cells], [width / 4] * 4,
                 grid([("BACKGROUND", (0, 0), (-1, -1), GREY_LIGHT)], head=False))


def chair_line(day: DayPlan) -> Flowable:
    """The chair booking for the day (site policy), so the unit can book the chair."""
    chair = day.chair
    assert chair is not None
    return Lines([Run(
        f"Chair {clock(chair.check_in)}–{clock(chair.leaves)} ({duration(chair.total_min)}): "
        f"check-in {clock(chair.check_in)} · pre-infusion checks {clock(chair.checks_start)} · "
        + (f"infusion {clock(chair.infusion_start)}–{clock(chair.infusion_end)}"
           if day.steps else f"injection {clock(chair.infusion_start)}")
        + f" · observation until {clock(chair.leaves)} (site policy)", FONT, 8.5, GREY_TEXT)])


def restart_box(day: DayPlan, width: float) -> Flowable | None:
    """The lot-change restart, said once in words above the tables it changes."""
    when = day.ramp_restart_at
    if when is None:
        return None
    body = Lines([
        Run(f"{RESTART_SYMBOL} {restart_note(when)}", FONT_BOLD, 11),
        Run(f"The steps from {clock(when)} (marked {RESTART_SYMBOL} in the step table) start "
            "again at the initial rate and step up as at the start of the bag.", FONT, 8.5),
    ])
    return table([[body]], [width], grid([
        ("BOX", (0, 0), (-1, -1), 2, BLACK),
        ("BACKGROUND", (0, 0), (-1, -1), GREY_LIGHT),
        ("TOPPADDING", (0, 0), (-1, -1), 4),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 5),
        ("LEFTPADDING", (0, 0), (-1, -1), 6),
    ], head=False))


def vials_and_lots(day: DayPlan, width: float) -> Flowable:
    """Each vial size with the lots entered for it; an empty row to write in where none was."""
    widths = [width * 0.34, width * 0.40, width * 0.26]
    rows: list[list[Any]] = [["Vial (size × count)", "Lot number", "Expiry (YYYY-MM-DD)"]]
    heights: list[float | None] = [None]
    style: list[tuple[Any, ...]] = []
    sizes = {v.grams for v in day.vials}
    for v in day.vials:
        first = len(rows)
        label = f"{grams(v.grams)} g/{trim(v.ml, 1)} mL × {v.count}"
        entered = [lot for lot in day.lots if lot.grams == v.grams]
        if not entered:
            rows.append([label, "", ""])
            heights.append(max(20.0, 13.0 * min(v.count, 4)))
        for lot in entered:
            rows.append([label if len(rows) == first else "", lot.lot, _expiry(lot)])
            heights.append(20.0)
        style.append(("FONT", (0, first), (0, first), FONT_BOLD, 9, 11.5))
        if len(rows) - first > 1:
            style.append(("SPAN", (0, first), (0, len(rows) - 1)))
        style.append(("FONT", (1, first), (1, len(rows) - 1), FONT_BOLD, 10, 12))
    for lot in day.lots:  # a lot for a size this day does not use: printed, never dropped
        if lot.grams not in sizes:
            rows.append([f"{grams(lot.grams)} g vial — not in this day's vials", lot.lot,
                         _expiry(lot)])
            heights.append(20.0)
            style += [("FONT", (0, len(rows) - 1), (0, len(rows) - 1), FONT_BOLD, 9, 11.5),
                      ("FONT", (1, len(rows) - 1), (1, len(rows) - 1), FONT_BOLD, 10, 12)]
    return table(rows, widths, grid(style), heights, repeat=1)


def _expiry(lot: LotEntry) -> str:
    return "not entered — write it here:" if lot.expiry is None else lot.expiry.isoformat()


def steps(day: DayPlan, width: float) -> Flowable:
    """The rate steps to set on the pump, one row each, with a box to tick and initials."""
    unit = day.steps[0].rate_unit.value
    rows: list[list[Any]] = [[
        "Step", "Time (24 h)", "Duration", f"Rate\n{unit}", "Pump rate",
        "Volume\nthis step\n(mL)", "Cumul.\nvolume\n(mL)", "Pump\nset ✓", "Initials",
    ]]
    # points: the pump rate must fit "888.8 mL/h" at 11 pt bold on one line
    widths = [30.0, 74.0, 78.0, 58.0, 78.0, 50.0, 48.0, 36.0]
    widths.append(width - sum(widths))
    restart = first_step_after_restart(day)
    style: list[tuple[Any, ...]] = [
        ("ALIGN", (0, 0), (0, -1), "CENTER"),
        ("ALIGN", (3, 1), (6, -1), "RIGHT"),
        ("ALIGN", (4, 0), (4, 0), "CENTER"),
        ("ALIGN", (7, 0), (7, -1), "CENTER"),
        ("FONT", (1, 1), (1, -1), FONT_BOLD, 9.5, 12),
        ("FONT", (2, 1), (2, -1), FONT, 8, 10),
        ("FONT", (4, 1), (4, -1), FONT_BOLD, 11, 13),
        ("FONT", (7, 1), (7, -1), FONT, 13, 13),
        ("BOX", (4, 1), (4, -1), 1.2, BLACK),
        ("LINEAFTER", (6, 0), (6, -1), 1.2, BLACK),
        ("TOPPADDING", (0, 1), (-1, -1), 4.5),  # room to tick and initial by hand
        ("BOTTOMPADDING", (0, 1), (-1, -1), 5),
    ]
    rows_style: list[tuple[Any, ...]] = []  # per row, after the column rules so they win
    for step in day.steps:
        if step is restart and day.ramp_restart_at is not None:
            r = len(rows)
            rows.append([f"{RESTART_SYMBOL} {restart_note(day.ramp_restart_at)} from here",
                         *[""] * 8])
            rows_style += [("SPAN", (0, r), (-1, r)), ("ALIGN", (0, r), (0, r), "LEFT"),
                           ("FONT", (0, r), (-1, r), FONT_BOLD, 9.5, 12),
                           ("BACKGROUND", (0, r), (-1, r), GREY_FILL),
                           ("TOPPADDING", (0, r), (-1, r), 3),
                           ("BOTTOMPADDING", (0, r), (-1, r), 4),
                           ("LINEABOVE", (0, r), (-1, r), 2, BLACK)]
        note = "until bag empty" if step.runs_until_empty else duration(step.duration_min)
        if step.end.date() != day.date:
            note += f"\nends {short_date(step.end.date())}"
        r = len(rows)
        number = f"{RESTART_SYMBOL}{step.number}" if step is restart else str(step.number)
        rows.append([
            number, f"{clock(step.start)}–{clock(step.end)}", note,
            trim(step.rate, 3), ml_h(step.rate_ml_h), f"{step.volume_ml:.1f}",
            f"{step.cumulative_ml:.1f}", BOX, "",
        ])
        if step.runs_until_empty:
            rows_style.append(("FONT", (2, r), (2, r), FONT_BOLD, 8, 10))
        if step is restart:
            rows_style.append(("FONT", (0, r), (0, r), FONT_BOLD, 9, 11.5))
    return table(rows, widths, grid([*style, *rows_style]), repeat=1)


_NO_SPLIT_ROWS = 30  # a vitals list longer than this may run over a page (with headers)


def vitals(day: DayPlan, width: float, charted: bool) -> Flowable:
    """Each vitals check at its clock time, why, and empty boxes to write the values in.

    The title is the table's first row and the table does not split: a vitals list cut in
    two, or its title left at a page foot, is how a last check gets missed.
    """
    where = (f"; each is marked {VITALS_SYMBOL} on the pump-rate timeline" if charted
             else "")
    title = Lines([
        Run(f"Day {day.day} ({short_date(day.date)}): vital signs — record at each time",
            FONT_BOLD, 10.5),
        Run(f"Times from the site's vitals policy{where}.", FONT, 7.5, GREY_TEXT),
    ])
    rows: list[list[Any]] = [
        [title, *[""] * 7],
        ["Time", "Why (site policy)", "BP", "HR", "Temp", "RR", "SpO2", "Initials"],
    ]
    widths = [50.0, 144.0, 62.0, 40.0, 42.0, 36.0, 40.0]
    widths.append(width - sum(widths))
    for check in day.vitals:
        rows.append([_vitals_time(check, day), "; ".join(check.reasons),
                     "", "", "", "", "", ""])
    style: list[tuple[Any, ...]] = [
        ("SPAN", (0, 0), (-1, 0)),
        ("LEFTPADDING", (0, 0), (0, 0), 6),  # in line with the day's heading above
        ("TOPPADDING", (0, 0), (-1, 0), 8),
        ("BOTTOMPADDING", (0, 0), (-1, 0), 3),
        ("FONT", (0, 2), (0, -1), FONT_BOLD, 10, 12),
        ("FONT", (1, 2), (1, -1), FONT, 8, 9.5),
        ("ALIGN", (2, 1), (6, 1), "CENTER"),
        ("TOPPADDING", (0, 2), (-1, -1), 3),
        ("BOTTOMPADDING", (0, 2), (-1, -1), 3),
        ("LINEAFTER", (1, 1), (1, -1), 1.2, BLACK),
    ]
    if len(day.vitals) <= _NO_SPLIT_ROWS:
        style.append(("NOSPLIT", (0, 0), (-1, -1)))
    return table(rows, widths, grid(style, top=1), [None, None] + [19.0] * len(day.vitals),
                 repeat=2)


def _vitals_time(check: VitalsCheck, day: DayPlan) -> Any:
    """HH:MM; a check on a later date than the day's says which (after midnight)."""
    if check.time.date() != day.date:
        return Lines([Run(clock(check.time), FONT_BOLD, 10, leading=11),
                      Run(short_date(check.time.date()), FONT_BOLD, 7, leading=8)])
    return clock(check.time)


def preparation_box(rows: Sequence[tuple[str, str]], width: float) -> Flowable:
    """The label's handling of this product, next to the vials the nurse prepares: what it
    states, then in one line what it leaves unsaid (never a guess). Source under Sources."""
    stated = [[heading, text] for heading, text in rows if text != NOT_STATED]
    silent = [heading.lower() for heading, text in rows if text == NOT_STATED]
    body: list[list[Any]] = [["Preparation (product label)", ""], *stated]
    if silent:
        body.append(["Not stated on the label", ", ".join(silent)])
    style = [("SPAN", (0, 0), (-1, 0)), ("FONT", (0, 1), (0, -1), FONT_BOLD, 8.5, 10.5),
             ("FONT", (1, 1), (1, -1), FONT, 8.5, 10.5)]
    return table(body, [width * 0.2, width * 0.8], grid(style))


def im_record(width: float, injections: Sequence[float] = ()) -> Flowable:
    """One row per muscle site the label divides the dose between, to record each one."""
    volumes = list(injections) or [0.0]
    rows = [["Volume", "Injection site", "Time given", "Initials"]]
    rows += [[ml_draw(v) if v else "", "", "", ""] for v in volumes]
    return table(rows, [width * 0.18, width * 0.42, width * 0.2, width * 0.2], grid(),
                 [None] + [24.0] * len(volumes))


def day_block(
    day: DayPlan, width: float, banners: Sequence[Flowable], partial_note: Flowable | None,
    preparation: Flowable | None = None,
) -> list[Flowable]:
    """The whole day in reading order: what to prepare, what to set, what to record."""
    im = not day.steps
    out: list[Flowable] = [
        lines((f"Day {day.day} — {long_date(day.date)}", FONT_BOLD, 12), space_before=4,
              space_after=3),
        *banners,
        summary(day, width), Spacer(1, 4),
    ]
    if day.chair is not None:
        out += [chair_line(day), Spacer(1, 3)]
    box = restart_box(day, width)
    if box is not None:
        out += [box, Spacer(1, 4)]
    if partial_note is not None:
        out += [partial_note, Spacer(1, 3)]
    out += [vials_and_lots(day, width), Spacer(1, 5)]
    if preparation is not None:
        out += [preparation, Spacer(1, 5)]
    if im:
        split = (
            f" Divide between {len(day.injections_ml)} muscle sites: "
            + " + ".join(ml_draw(v) for v in day.injections_ml) + "."
            if len(day.injections_ml) > 1 else ""
        )
        out += [lines((f"IM injection — no infusion schedule. Draw {ml_draw(day.volume_ml)}."
                       f"{split}", FONT_BOLD, 11)), Spacer(1, 3),
                im_record(width, day.injections_ml)]
    else:
        out.append(steps(day, width))
    if day.vitals:
        out.append(vitals(day, width, charted=not im))
    out.append(Spacer(1, 8))
    return out


def vitals_times(day: DayPlan) -> tuple[datetime, ...]:
    return tuple(v.time for v in day.vitals)
