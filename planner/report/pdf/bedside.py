"""The bedside parts of the PDF schedule around the days: the independent second check, the
pre-infusion checklist and the reaction plan.

All text comes from the plan (the regimen file's site policy) or from the second-check record;
nothing here decides a clinical question. A second check with differences is printed in full,
whatever the caller intends to do with the page.
"""

from __future__ import annotations

from typing import Any

from reportlab.platypus import Flowable, KeepTogether, Spacer, TableStyle

from planner.plan.models import Plan
from planner.plan.second_check import SecondCheckRecord
from planner.regimen.models import Severity
from planner.report.pdf.cells import Lines, Run, banner, grid, lines, table
from planner.report.pdf.days import BOX, short_date
from planner.report.pdf.styles import BLACK, FONT, FONT_BOLD, GREY_LIGHT, GREY_TEXT, stamp

CHECK_TITLE = "Independent second check"


def heading(text: str, size: float = 13, before: float = 6, after: float = 4) -> Lines:
    return lines((text, FONT_BOLD, size), space_before=before, space_after=after)


# ---------------------------------------------------------------- second check


def check_status(record: SecondCheckRecord | None) -> str:
    """The one-line status the page header repeats on every page."""
    if record is None:
        return f"{CHECK_TITLE}: not recorded"
    if record.void_reason:
        return f"{CHECK_TITLE}: VOID (see page 1)"
    if record.matched:
        return f"{CHECK_TITLE}: MATCHED"
    return f"{CHECK_TITLE}: DIFFERENCES (see page 1)"


def _checker(record: SecondCheckRecord) -> str:
    name = record.checked_by.strip() or "(name not given)"
    return f"checked by {name} at {stamp(record.checked_at)}"


def second_check(record: SecondCheckRecord | None, width: float) -> list[Flowable]:
    """Matched, differences (each listed), or blank lines for the second nurse to sign."""
    if record is None:
        blank = [[f"{CHECK_TITLE}: not recorded", "", ""],
                 ["Second nurse (name)", "Signature", "Date / time (24 h)"]]
        made = table(blank, [width * 0.4, width * 0.35, width * 0.25], grid([
            ("SPAN", (0, 0), (-1, 0)),
            ("FONT", (0, 0), (-1, 0), FONT_BOLD, 10, 12.5),
            ("BACKGROUND", (0, 0), (-1, 0), GREY_LIGHT),
            ("FONT", (0, 1), (-1, 1), FONT, 7.5, 9),
            ("TEXTCOLOR", (0, 1), (-1, 1), GREY_TEXT),
            ("VALIGN", (0, 1), (-1, 1), "TOP"),
        ], head=False), [None, 30.0])
        return [made, Spacer(1, 6)]
    if record.void_reason:
        return [banner(Severity.STOP, [
            f"{CHECK_TITLE}: VOID",
            f"The check recorded in the plan file ({_checker(record)}) no longer holds: "
            f"{record.void_reason}. A new independent second check is needed before use.",
        ], width, inverse=True), Spacer(1, 8)]
    if record.matched:
        made = table([[Lines([
            Run(f"{CHECK_TITLE}: MATCHED — {_checker(record)}", FONT_BOLD, 10.5),
            Run("A second nurse entered the prescription independently; the two plans agree "
                "in every compared field.", FONT, 8, GREY_TEXT),
        ])]], [width], grid([("BOX", (0, 0), (-1, -1), 1.5, BLACK)], head=False))
        return [made, Spacer(1, 6)]
    top = banner(Severity.STOP, [
        f"{CHECK_TITLE}: DIFFERENCES",
        f"The second nurse's independent entry does not match this plan ({_checker(record)}). "
        "Do not give until the prescriber has resolved every difference below.",
    ], width, inverse=True)
    widths = [width * 0.30, width * 0.35, width * 0.35]
    rows: list[list[Any]] = [["Field", "First entry", "Second entry (independent)"]]
    for d in record.differences:
        rows.append([d.field, d.first, d.second])
    diff = table(rows, widths, grid([
        ("FONT", (0, 1), (-1, -1), FONT_BOLD, 10, 12.5),
        ("BOX", (0, 0), (-1, -1), 2, BLACK),
        ("TOPPADDING", (0, 1), (-1, -1), 4),
        ("BOTTOMPADDING", (0, 1), (-1, -1), 5),
    ]), repeat=1)
    return [KeepTogether([top, diff]), Spacer(1, 8)]


def day_check_banner(record: SecondCheckRecord | None, width: float) -> Flowable | None:
    """On every day, so a page read alone still says the plan did not pass its check."""
    if record is None or record.matched:
        return None
    if record.void_reason:
        return banner(Severity.STOP, [
            f"{CHECK_TITLE}: VOID — a new independent second check is needed (page 1)."],
            width, inverse=True, size=10)
    return banner(Severity.STOP, [
        f"{CHECK_TITLE}: DIFFERENCES — do not start until every difference on page 1 is "
        "resolved."], width, inverse=True, size=10)


# ---------------------------------------------------------------- checklist


def checklist(plan: Plan, width: float) -> list[Flowable]:
    """Every item with a box to tick on each day of the course (one column per day)."""
    title = heading("Pre-infusion checklist")
    if not plan.checklist:
        return [title, lines(("No checklist in the regimen file: use the site's own.",
                              FONT, 9.5))]
    days = plan.days if len(plan.days) <= 7 else ()
    day_w = 46.0
    text_w = width - day_w * max(len(days), 1)
    what = "infusion" if any(d.steps for d in plan.days) else "injection"
    head: list[Any] = [f"Before each day's {what}, tick when done"]
    head += [f"Day {d.day}\n{short_date(d.date)}" for d in days] or ["Done"]
    rows: list[list[Any]] = [head]
    for item in plan.checklist:
        rows.append([item, *[BOX] * max(len(days), 1)])
    made = table(rows, [text_w, *[day_w] * max(len(days), 1)], grid([
        ("FONT", (0, 1), (0, -1), FONT, 9.5, 12),
        ("FONT", (1, 1), (-1, -1), FONT, 14, 15),
        ("ALIGN", (1, 0), (-1, -1), "CENTER"),
        ("FONT", (1, 0), (-1, 0), FONT_BOLD, 8, 9.5),
        ("TOPPADDING", (0, 1), (-1, -1), 3),
        ("BOTTOMPADDING", (0, 1), (-1, -1), 4),
    ]), repeat=1)
    note = lines(("Site policy from the regimen file (source at the end, under site policies).",
                  FONT, 7.5), space_before=2)
    return [KeepTogether([title, made, note])]


# ---------------------------------------------------------------- reaction plan


def reaction_plan(plan: Plan, width: float) -> list[Flowable]:
    """Premedication and what to do in a reaction, as the plan gives them, and a record."""
    out: list[Flowable] = [heading("Reaction plan and premedication")]
    if not plan.reaction_premedication and not plan.reaction_steps:
        out.append(lines(("No reaction plan in the regimen file: follow the site's "
                          "anaphylaxis and infusion-reaction policy.", FONT_BOLD, 10)))
    if plan.reaction_premedication:
        out.append(lines(("Premedication", FONT_BOLD, 10.5), space_after=1))
        out += [_item("•", text, width) for text in plan.reaction_premedication]
    if plan.reaction_steps:
        out.append(lines(("If a reaction occurs", FONT_BOLD, 10.5), space_before=4,
                          space_after=1))
        out += [_item(f"{n}.", text, width) for n, text in
                enumerate(plan.reaction_steps, start=1)]
    rows = [["Time (24 h)", "What happened", "Rate at the time", "Action taken", "Initials"],
            *[["", "", "", "", ""] for _ in range(3)]]
    record = table(rows, [width * f for f in (0.13, 0.32, 0.15, 0.27, 0.13)], grid(),
                   [None, 22.0, 22.0, 22.0])
    out += [Spacer(1, 5), lines(("Reactions during this course", FONT_BOLD, 10.5),
                                space_after=2), record, Spacer(1, 4)]
    return [KeepTogether(out)]


def _item(mark: str, text: str, width: float) -> Flowable:
    """A bullet or number hanging left of its wrapped text (no grid: this is prose)."""
    return table([[mark, text]], [22, width - 22], TableStyle([
        ("FONT", (0, 0), (-1, -1), FONT, 9.5, 12.5),
        ("ALIGN", (0, 0), (0, 0), "RIGHT"),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (0, 0), 0),
        ("RIGHTPADDING", (0, 0), (0, 0), 5),
        ("LEFTPADDING", (1, 0), (1, 0), 0),
        ("RIGHTPADDING", (1, 0), (1, 0), 3),
        ("TOPPADDING", (0, 0), (-1, -1), 1),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
    ]))
