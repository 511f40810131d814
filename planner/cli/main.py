"""Command-line planner: the same engine as the GUI, for scripts, checks and pharmacists.

Exit codes: 0 plan printed; 2 bad input or bad regimen file (one line naming the field);
3 a STOP warning prevented the PDF export; 4 the PDF could not be written.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from dataclasses import asdict
from datetime import date, datetime
from pathlib import Path
from typing import Any, NoReturn

from planner import __version__
from planner.cli.bedside_cli import (
    add_plan_file_arguments,
    add_record_parser,
    run_plan_file,
    run_plan_outputs,
    run_record,
)
from planner.cli.regimen_cmd import add_regimen_parser, run_regimen
from planner.core.errors import PlanInputError, PlannerError, RegimenFileError, SiteFileError
from planner.core.numbers import parse_decimal
from planner.core.units import lb_to_kg
from planner.plan.engine import build_plan
from planner.plan.models import LotEntry, Plan
from planner.plan.patient import (
    ADULT_AGE_YEARS,
    AgeGroup,
    LotChange,
    Patient,
    PlanRequest,
    Sex,
)
from planner.plan.protocol_compare import compare_protocols
from planner.regimen.loading import LoadedRegimen
from planner.regimen.models import RiskFlag, Route
from planner.regimen.overlay import load_in_force
from planner.report.paper import Paper
from planner.report.text_report import format_plan, format_protocol_options, format_regimen_list

EXIT_OK, EXIT_INPUT, EXIT_STOP, EXIT_EXPORT = 0, 2, 3, 4
_SITE_HELP = "the pharmacy's site file, applied over the label data (see README)"


class _StoreOnce(argparse._StoreAction):
    """A single-value flag given twice is refused (``--weight 70 --weight 7`` is not 7 kg)."""

    def __call__(
        self, parser: argparse.ArgumentParser, namespace: argparse.Namespace,
        values: str | Sequence[Any] | None, option_string: str | None = None,
    ) -> None:
        seen: set[str] = getattr(namespace, "_given_once", set())
        if self.dest in seen:
            before = getattr(namespace, self.dest)
            parser.error(f"{option_string} given twice ({before} and {values}): give it once")
        seen.add(self.dest)
        namespace._given_once = seen
        super().__call__(parser, namespace, values, option_string)


class _Parser(argparse.ArgumentParser):
    """argparse that exits 2 with one short line instead of the usage block, and refuses a
    repeated single-value flag."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.register("action", None, _StoreOnce)
        self.register("action", "store", _StoreOnce)

    def error(self, message: str) -> NoReturn:
        self.exit(EXIT_INPUT, f"{self.prog}: error: {message}\n")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="python -m planner", description=__doc__)
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)

    listing = sub.add_parser("list", help="print the indications and products with their ids")
    listing.add_argument("--regimen-file", type=Path)
    listing.add_argument("--site-file", type=Path, help=_SITE_HELP)
    listing.add_argument("--json", action="store_true")

    add_regimen_parser(sub)

    plan = sub.add_parser("plan", help="compute a plan")
    plan.add_argument("--indication")
    plan.add_argument("--product")
    plan.add_argument("--weight", help="patient weight (see --weight-unit)")
    plan.add_argument("--weight-unit", choices=["kg", "lb"], default="kg")
    plan.add_argument("--height-cm")
    plan.add_argument("--sex", choices=[s.value for s in Sex])
    plan.add_argument("--age-group", choices=[a.value for a in AgeGroup],
                      help="adult (default) or child; --age-years decides when given")
    plan.add_argument("--age-years", help="age in years, 0–120 (decimals for infants: 0.5)")
    plan.add_argument("--dose-mg-kg", help="dose in the indication's basis (course or day)")
    plan.add_argument("--days")
    plan.add_argument("--start", help="first day's start, YYYY-MM-DDTHH:MM (24 h)")
    plan.add_argument("--first-infusion", action="store_true", help="first infusion / naive")
    plan.add_argument("--pregnant", action="store_true",
                      help="pregnant: actual body weight, with the site's advice")
    plan.add_argument("--product-switch", action="store_true",
                      help="switching from another immune globulin product (a new start)")
    plan.add_argument("--weeks-since-last", metavar="N",
                      help="weeks since the last IG infusion (site policy: long gap = new start)")
    plan.add_argument("--risk", default="", help=f"comma list of: {_risk_words()}")
    plan.add_argument("--name")
    plan.add_argument("--mrn")
    plan.add_argument("--protocol", help="'label' or a site protocol id (default: site's)")
    plan.add_argument("--compare-protocols", action="store_true",
                      help="also show every protocol side by side (duration, max rate)")
    plan.add_argument("--lot", action="append", default=[], metavar="DAY:GRAMS:LOT[:EXPIRY]",
                      help="a vial lot for a day, e.g. 1:20:A123:2027-05-31 (repeatable)")
    plan.add_argument("--lot-change", action="append", default=[], metavar="DAY@HH:MM",
                      help="a new lot starts on DAY at HH:MM (site policy may restart the ramp)")
    plan.add_argument("--regimen-file", type=Path)
    plan.add_argument("--site-file", type=Path, help=_SITE_HELP)
    plan.add_argument("--json", action="store_true")
    plan.add_argument("--pdf", type=Path, metavar="OUT.pdf")
    plan.add_argument("--paper", choices=[p.value for p in Paper], default=Paper.A4.value)
    add_plan_file_arguments(plan)
    add_record_parser(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command == "plan" and args.plan_file is None:
        needed = ("indication", "product", "weight")
        missing = [f"--{n}" for n in needed if getattr(args, n) is None]
        if missing:
            parser.error(f"the following arguments are required: {', '.join(missing)} "
                         "(or --plan PLAN.ivplan)")
    if args.command == "regimen":
        return run_regimen(args)
    try:
        loaded = load_in_force(args.regimen_file, args.site_file)
    except SiteFileError as exc:
        return _fail(f"site file refused: {exc}".replace("\n", "; "))
    except RegimenFileError as exc:
        return _fail(f"regimen file refused: {exc}".replace("\n", "; "))
    if args.command == "list":
        if args.json:
            print(json.dumps(_regimen_summary(loaded), indent=2, ensure_ascii=False))
        else:
            print(format_regimen_list(loaded))
        return EXIT_OK
    if args.command == "record":
        return run_record(args, loaded)
    if args.plan_file is not None:
        return run_plan_file(args, loaded)
    try:
        request = request_from_args(args)
        refuse_flags_that_do_not_apply(args, loaded)
        plan = build_plan(request, loaded, today=date.today())
    except PlanInputError as exc:
        return _fail(str(exc))
    options = compare_protocols(request, loaded) if args.compare_protocols else None
    if args.json:
        data = plan.model_dump(mode="json")
        if options is not None:
            data["protocol_options"] = [asdict(o) for o in options]
        print(json.dumps(data, indent=2, ensure_ascii=False))
    else:
        print(format_plan(plan))
        if options is not None:
            print(format_protocol_options(options))
    written = run_plan_outputs(args, request, plan, loaded)
    if written != EXIT_OK:
        return written
    if args.pdf is not None:
        return _export(plan, args.pdf, Paper(args.paper))
    return EXIT_OK


def request_from_args(args: argparse.Namespace) -> PlanRequest:
    weight = parse_number("weight", args.weight)
    if args.weight_unit == "lb":
        weight = lb_to_kg(weight)
    height = None if args.height_cm is None else parse_number("height", args.height_cm)
    dose = None if args.dose_mg_kg is None else parse_number("dose", args.dose_mg_kg)
    days = None if args.days is None else parse_int("days", args.days)
    age = None if args.age_years is None else parse_number("age", args.age_years)
    from_age = None if age is None else (
        AgeGroup.CHILD if age < ADULT_AGE_YEARS else AgeGroup.ADULT
    )
    group = AgeGroup(args.age_group) if args.age_group else (from_age or AgeGroup.ADULT)
    if from_age is not None and group is not from_age:
        raise PlanInputError(
            "age", f"--age-years {age:g} contradicts --age-group {group.value}: give one of them"
        )
    return PlanRequest(
        patient=Patient(
            weight_kg=weight, height_cm=height,
            sex=None if args.sex is None else Sex(args.sex),
            age_group=group, age_years=age, first_infusion=args.first_infusion,
            product_switch=args.product_switch, pregnant=args.pregnant,
            weeks_since_last=None if args.weeks_since_last is None
            else parse_number("weeks_since_last", args.weeks_since_last),
            risks=parse_risks(args.risk), name=args.name, mrn=args.mrn,
        ),
        indication_id=args.indication, product_id=args.product, dose_mg_kg=dose, days=days,
        start=None if args.start is None else parse_start(args.start),
        protocol_id=args.protocol,
        lots=tuple(parse_lot(text) for text in args.lot),
        lot_changes=tuple(parse_lot_change(text) for text in args.lot_change),
    )


_IV_ONLY = (("protocol", "--protocol"), ("lot_change", "--lot-change"),
            ("compare_protocols", "--compare-protocols"))


def refuse_flags_that_do_not_apply(args: argparse.Namespace, loaded: LoadedRegimen) -> None:
    """Infusion flags for an intramuscular regimen are refused, never silently ignored."""
    indication = loaded.regimen.indication(args.indication or "")
    if indication is None or indication.route is not Route.IM:
        return
    for dest, flag in _IV_ONLY:
        if getattr(args, dest, None):
            raise PlanInputError(
                flag.removeprefix("--"), f"{flag} does not apply to {indication.name}: it is "
                "an intramuscular injection, not an infusion",
            )


def parse_number(field: str, text: str) -> float:
    """A finite decimal number: ASCII digits with a decimal point or comma (as the GUI reads
    it); '7_0', other scripts' digits and a thousands comma are refused."""
    try:
        return parse_decimal(text)
    except ValueError as exc:
        raise PlanInputError(field, str(exc)) from None


def parse_int(field: str, text: str) -> int:
    value = parse_number(field, text)
    if not value.is_integer():
        raise PlanInputError(field, f"'{text}' is not a whole number")
    return int(value)


def parse_risks(text: str) -> frozenset[RiskFlag]:
    words = [w.strip() for w in text.split(",") if w.strip()]
    known = {r.value: r for r in RiskFlag}
    unknown = [w for w in words if w not in known]
    if unknown:
        raise PlanInputError(
            "risk", f"unknown '{', '.join(unknown)}' (use: {_risk_words()})"
        )
    return frozenset(known[w] for w in words)


def parse_lot(text: str) -> LotEntry:
    parts = text.split(":")
    if len(parts) not in (3, 4):
        raise PlanInputError("lot", f"'{text}' is not DAY:GRAMS:LOT or DAY:GRAMS:LOT:YYYY-MM-DD")
    expiry = None
    if len(parts) == 4:
        try:
            expiry = date.fromisoformat(parts[3])
        except ValueError:
            raise PlanInputError("lot", f"'{parts[3]}' is not a date like 2027-05-31") from None
    return LotEntry(day=parse_int("lot", parts[0]), grams=parse_number("lot", parts[1]),
                    lot=parts[2], expiry=expiry)


def parse_lot_change(text: str) -> LotChange:
    day, _, clock = text.partition("@")
    try:
        at = datetime.strptime(clock, "%H:%M").time()
    except ValueError:
        raise PlanInputError("lot-change", f"'{text}' is not DAY@HH:MM like 1@09:15") from None
    return LotChange(day=parse_int("lot-change", day), at=at)


def parse_start(text: str) -> datetime:
    try:
        return datetime.strptime(text.strip(), "%Y-%m-%dT%H:%M")
    except ValueError:
        raise PlanInputError(
            "start", f"'{text}' is not a date and 24-hour time like 2026-12-01T08:30"
        ) from None


def _export(plan: Plan, out: Path, paper: Paper) -> int:
    if plan.has_stop:
        return _fail("PDF not written: the plan has a STOP warning", EXIT_STOP)
    try:
        from planner.report.pdf.export import export_pdf
    except ImportError:
        return _fail("PDF export is not yet available", EXIT_EXPORT)
    try:
        written = export_pdf(plan, out, paper=paper)
    except PlannerError as exc:
        return _fail(f"PDF not written: {exc}", EXIT_EXPORT)
    except OSError as exc:  # anything the export's own checks did not foresee
        return _fail(f"PDF not written: {exc.strerror or exc}", EXIT_EXPORT)
    print(f"PDF written: {written}", file=sys.stderr)
    return EXIT_OK


def _regimen_summary(loaded: LoadedRegimen) -> dict[str, object]:
    regimen = loaded.regimen
    site = loaded.site
    return {
        "regimen_file": {"version": regimen.version, "sha256": loaded.sha256},
        "site_file": None if site is None else {
            "site": site.site, "file": site.file, "version": site.version,
            "sha256": site.sha256,
        },
        "indications": [
            {"id": i.id, "name": i.name, "route": i.route.value,
             "labeled_products": list(i.labeled_products)}
            for i in regimen.indications
        ],
        "products": [
            {"id": p.id, "brand": p.brand, "route": p.route.value, "verified": p.verified,
             "stocked": loaded.stocked(p.id), "vials_g": [v.grams for v in p.vials],
             "labeled_ages": [a.model_dump(mode="json", exclude={"source"})
                              for a in p.labeled_ages],
             "age_contraindications": [
                 {"under_years": c.under_years, "code": c.code} for c in p.age_contraindications
             ]}
            for p in regimen.products
        ],
    }


def _risk_words() -> str:
    return ", ".join(r.value for r in RiskFlag)


def _fail(message: str, code: int = EXIT_INPUT) -> int:
    print(f"error: {message}", file=sys.stderr)
    return code
