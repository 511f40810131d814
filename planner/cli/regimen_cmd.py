"""``python -m planner regimen check|show|diff``: the pharmacist's review tools (no Qt).

Exit codes: check 0 valid, 2 problems (every one listed); show 0, 2 on a bad file or unknown
product; diff 0 equal, 1 different, 2 unreadable files.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from planner.core.errors import RegimenFileError
from planner.regimen.check import check_files
from planner.regimen.diff import diff_files
from planner.regimen.overlay import load_in_force
from planner.regimen.show import format_view, regimen_view

EXIT_OK, EXIT_DIFFER, EXIT_PROBLEMS = 0, 1, 2
SITE_HELP = "the pharmacy's site file, applied over the label data"


def add_regimen_parser(sub: Any) -> None:
    """Add ``regimen check|show|diff`` to the planner's subcommands ``sub``."""
    regimen = sub.add_parser("regimen", help="review the label data and a site file")
    tools = regimen.add_subparsers(dest="tool", required=True, parser_class=type(regimen))
    check = tools.add_parser("check", help="validate; list every problem (exit 2)")
    check.add_argument("--site-file", type=Path, help=SITE_HELP)
    check.add_argument("--regimen-file", type=Path, help="a whole replacement regimen file")
    check.add_argument("--json", action="store_true")
    show = tools.add_parser("show", help="label figures beside the site's choices")
    show.add_argument("--product", help="only this product id")
    show.add_argument("--site-file", type=Path, help=SITE_HELP)
    show.add_argument("--regimen-file", type=Path, help="a whole replacement regimen file")
    show.add_argument("--json", action="store_true")
    diff = tools.add_parser("diff", help="what changed between two regimen or two site files")
    diff.add_argument("old", type=Path)
    diff.add_argument("new", type=Path)
    diff.add_argument("--json", action="store_true")


def run_regimen(args: argparse.Namespace) -> int:
    if args.tool == "check":
        return _check(args)
    if args.tool == "show":
        return _show(args)
    return _diff(args)


def _check(args: argparse.Namespace) -> int:
    result = check_files(args.regimen_file, args.site_file)
    if args.json:
        print(json.dumps({"ok": result.ok, "summary": result.summary,
                          "problems": [p.as_dict() for p in result.problems]},
                         indent=2, ensure_ascii=False))
    elif result.ok:
        print(result.summary)
    else:
        for problem in result.problems:
            print(problem, file=sys.stderr)
        print(result.summary, file=sys.stderr)
    return EXIT_OK if result.ok else EXIT_PROBLEMS


def _show(args: argparse.Namespace) -> int:
    try:
        loaded = load_in_force(args.regimen_file, args.site_file)
    except RegimenFileError as exc:
        return _fail(f"refused: {exc}".replace("\n", "; "))
    if args.product is not None and loaded.regimen.product(args.product) is None:
        known = ", ".join(p.id for p in loaded.regimen.products)
        return _fail(f"product: unknown id '{args.product}' (known: {known})")
    view = regimen_view(loaded, args.product)
    if args.json:
        print(json.dumps(view.as_dict(), indent=2, ensure_ascii=False))
    else:
        print(format_view(view))
    return EXIT_OK


def _diff(args: argparse.Namespace) -> int:
    try:
        result = diff_files(args.old, args.new)
    except RegimenFileError as exc:
        return _fail(str(exc).replace("\n", "; "))
    if args.json:
        print(json.dumps(result.as_dict(), indent=2, ensure_ascii=False, default=str))
    elif result.equal:
        print(f"{result.old_file} and {result.new_file}: no changes")
    else:
        print(f"{result.kind} file {result.old_file} → {result.new_file}: "
              f"{len(result.changes)} change(s)")
        for line in result.lines():
            print(f"  {line}")
    return EXIT_OK if result.equal else EXIT_DIFFER


def _fail(message: str) -> int:
    print(f"error: {message}", file=sys.stderr)
    return EXIT_PROBLEMS
