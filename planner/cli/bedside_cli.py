"""The bedside part of the command line: ``record`` an event, ``plan --plan FILE`` to re-plan
a saved course from its events, ``plan --save`` and ``plan --ics``.

Every refusal is one line on stderr and exit 2; a refused event leaves the plan file as it was.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections.abc import Callable
from pathlib import Path

from pydantic import ValidationError

from planner.bedside.course import Course, open_course, record_event, save_course
from planner.bedside.events import EventKind, InfusionEvent, ResumeRate, at_clock
from planner.bedside.replan import ReplannedDay, day_data
from planner.core.errors import ExportError, PlanInputError, PlannerError
from planner.plan.models import Plan
from planner.plan.patient import PlanRequest
from planner.plan.plan_file import file_changes
from planner.regimen.loading import LoadedRegimen
from planner.report.bedside_text import format_replanned_day
from planner.report.calendar import course_calendar, write_calendar
from planner.report.paper import Paper
from planner.report.text_report import format_plan

EXIT_OK, EXIT_INPUT, EXIT_EXPORT = 0, 2, 4

_EVENT_FLAGS = {
    "started": EventKind.STARTED, "paused": EventKind.PAUSED, "resumed": EventKind.RESUMED,
    "rate_change": EventKind.RATE_CHANGE, "lot_change": EventKind.LOT_CHANGE,
    "stopped": EventKind.STOPPED, "finished": EventKind.FINISHED,
}


def add_plan_file_arguments(plan: argparse.ArgumentParser) -> None:
    plan.add_argument("--save", type=Path, metavar="PLAN.ivplan",
                      help="also write the plan file the app opens (events can be recorded)")
    plan.add_argument("--ics", type=Path, metavar="OUT.ics",
                      help="also write the course calendar (chair time, next due date)")
    plan.add_argument("--plan", type=Path, metavar="PLAN.ivplan", dest="plan_file",
                      help="re-plan a saved plan file from its recorded events "
                           "(instead of --indication/--product/--weight)")


def add_record_parser(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    record = sub.add_parser("record", help="record an infusion event in a saved plan file")
    record.add_argument("plan_path", type=Path, metavar="PLAN.ivplan")
    record.add_argument("--day", required=True, help="course day number (1, 2, …)")
    which = record.add_mutually_exclusive_group(required=True)
    which.add_argument("--started", metavar="HH:MM")
    which.add_argument("--paused", metavar="HH:MM")
    which.add_argument("--resumed", metavar="HH:MM")
    which.add_argument("--rate-change", nargs=2, metavar=("HH:MM", "ML_H"))
    which.add_argument("--lot-change", nargs=2, metavar=("HH:MM", "LOT"))
    which.add_argument("--stopped", metavar="HH:MM")
    which.add_argument("--finished", metavar="HH:MM")
    record.add_argument("--reason", help="why it was paused or stopped (e.g. chills)")
    record.add_argument("--rate", default=None, metavar="previous|initial|ML_H",
                        help="with --resumed: the rate it resumed at (default previous)")
    record.add_argument("--regimen-file", type=Path)
    record.add_argument("--site-file", type=Path, help="the site file the plan was made under")
    record.add_argument("--json", action="store_true")


def run_record(args: argparse.Namespace, loaded: LoadedRegimen) -> int:
    try:
        course = open_course(args.plan_path, loaded)
        event = event_from_args(args, course)
        _, day = record_event(args.plan_path, loaded, event)
    except PlannerError as exc:
        return _fail(str(exc))
    except ValidationError as exc:
        return _fail(f"event: {exc.errors(include_url=False)[0]['msg']}")
    if args.json:
        print(json.dumps(_day_json(day, loaded), indent=2, ensure_ascii=False))
    else:
        print(f"Recorded: day {event.day} {event.describe()}  ({args.plan_path})")
        print(format_replanned_day(day))
    return EXIT_OK


def event_from_args(args: argparse.Namespace, course: Course) -> InfusionEvent:
    from planner.cli.main import parse_int, parse_number  # the CLI's one number parser

    day = parse_int("day", args.day)
    planned = next((d for d in course.plan.days if d.day == day), None)
    if planned is None:
        raise PlanInputError("day", f"day {day} is not in this course "
                                    f"(days 1–{len(course.plan.days)})")
    flag = next(name for name in _EVENT_FLAGS if getattr(args, name) is not None)
    kind = _EVENT_FLAGS[flag]
    value = getattr(args, flag)
    text, extra = (value[0], value[1]) if isinstance(value, list) else (value, None)
    option = flag.replace("_", "-")
    hour, minute = _clock(option, text)
    previous = course.day_events(day)
    when = at_clock(planned.start, previous[-1].time if previous else None, hour, minute)
    if args.reason is not None and kind not in (EventKind.PAUSED, EventKind.STOPPED):
        raise PlanInputError("reason", "--reason goes with --paused or --stopped")
    if args.rate is not None and kind is not EventKind.RESUMED:
        raise PlanInputError("rate", "--rate goes with --resumed (use --rate-change HH:MM ML_H)")
    fields: dict[str, object] = {"day": day, "kind": kind, "time": when}
    if kind in (EventKind.PAUSED, EventKind.STOPPED) and args.reason is not None:
        reason = args.reason.strip()
        if not reason:
            raise PlanInputError("reason", "is empty")
        fields["reason"] = reason
    if kind is EventKind.RESUMED:
        choice = (args.rate or "previous").strip().lower()
        if choice in (ResumeRate.PREVIOUS.value, ResumeRate.INITIAL.value):
            fields["resume"] = ResumeRate(choice)
        else:
            fields["resume"] = ResumeRate.TYPED
            fields["rate_ml_h"] = _rate("rate", args.rate, parse_number)
    if kind is EventKind.RATE_CHANGE:
        fields["rate_ml_h"] = _rate("rate-change", extra or "", parse_number)
    if kind is EventKind.LOT_CHANGE:
        lot = (extra or "").strip()
        if not lot:
            raise PlanInputError("lot-change", "the lot number is empty")
        fields["lot"] = lot
    return InfusionEvent.model_validate(fields)


def run_plan_outputs(
    args: argparse.Namespace, request: PlanRequest, plan: Plan, loaded: LoadedRegimen
) -> int:
    """--save and --ics of a newly computed plan (no events yet)."""
    try:
        if args.save is not None:
            written = save_course(args.save, request, loaded, ())
            print(f"Plan file written: {written}", file=sys.stderr)
        if args.ics is not None:
            data = course_calendar(plan, loaded.regimen.site_policies)
            print(f"Calendar written: {write_calendar(data, args.ics)}", file=sys.stderr)
    except ExportError as exc:
        return _fail(f"calendar not written: {exc}", EXIT_EXPORT)
    except PlannerError as exc:
        return _fail(str(exc), EXIT_EXPORT)
    return EXIT_OK


def run_plan_file(args: argparse.Namespace, loaded: LoadedRegimen) -> int:
    """``plan --plan FILE``: the whole course re-planned from its recorded events."""
    try:
        course = open_course(args.plan_file, loaded)
        days = course.replanned()
    except PlannerError as exc:
        return _fail(str(exc))
    changes = file_changes(course.saved, loaded) if course.saved is not None else ()
    for note in changes:  # saved under other label data or another site file: recomputed
        print(f"note: {note}", file=sys.stderr)
    if args.json:
        data = course.plan.model_dump(mode="json")
        data["recomputed_because"] = list(changes)
        data["days"] = [_day_json(day, loaded) for day in days]
        data["events_recorded"] = len(course.events)
        print(json.dumps(data, indent=2, ensure_ascii=False))
    else:
        print(format_plan(course.plan))
        print("\nAs recorded at the chair:")
        for day in days:
            print(format_replanned_day(day))
    if args.save is not None:
        try:
            save_course(args.save, course.request, loaded, course.events,
                        course.saved.second_check if course.saved else None)
        except PlannerError as exc:
            return _fail(str(exc), EXIT_EXPORT)
    if args.ics is not None:
        try:
            data_ics = course_calendar(course.plan, loaded.regimen.site_policies,
                                       [d.day for d in days])
            write_calendar(data_ics, args.ics)
        except PlannerError as exc:
            return _fail(f"calendar not written: {exc}", EXIT_EXPORT)
    if getattr(args, "pdf", None) is not None:
        return _pdf(course, days, args.pdf, Paper(args.paper))
    return EXIT_OK


def _pdf(course: Course, days: tuple[ReplannedDay, ...], out: Path, paper: Paper) -> int:
    if course.plan.has_stop:
        return _fail("PDF not written: the plan has a STOP warning", 3)
    from planner.report.pdf.export import export_pdf

    try:
        written = export_pdf(course.plan, out, paper=paper,
                             second_check=course.saved.second_check if course.saved else None,
                             recorded=days)
    except PlannerError as exc:
        return _fail(f"PDF not written: {exc}", EXIT_EXPORT)
    print(f"PDF written: {written}", file=sys.stderr)
    return EXIT_OK


def _day_json(day: ReplannedDay, loaded: LoadedRegimen) -> dict[str, object]:
    return day_data(day)


_CLOCK = re.compile(r"^\s*(\d{1,2}):(\d{2})\s*$")


def _clock(option: str, text: str) -> tuple[int, int]:
    match = _CLOCK.match(text)
    if match is None or int(match.group(1)) > 23 or int(match.group(2)) > 59:
        raise PlanInputError(option, f"'{text}' is not a 24-hour clock time like 09:05")
    return int(match.group(1)), int(match.group(2))


def _rate(option: str, text: str, parse_number: Callable[[str, str], float]) -> float:
    cleaned = text.strip().lower().removesuffix("ml/h").strip()
    value = parse_number(option, cleaned)
    if value <= 0:
        raise PlanInputError(option, f"'{text}' is not a pump rate in mL/h above 0 "
                                     "(use previous, initial or a number)")
    return value


def _fail(message: str, code: int = EXIT_INPUT) -> int:
    print(f"error: {message}".replace("\n", "; "), file=sys.stderr)
    return code
