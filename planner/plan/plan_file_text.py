"""Why a plan file (or an event record in it) cannot be read or written, in the words the
nurse reads: one entry per :class:`PlanFileProblem`, each after the file's name. The reader
and writer raise :class:`PlanFileRefused` with a code and values."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from enum import StrEnum
from typing import Any

from planner.core.errors import PlanFileError
from planner.core.wording import Values, require_words


class PlanFileProblem(StrEnum):
    CANNOT_WRITE_IN = "cannot-write-in"  # no temporary file in the folder
    CANNOT_WRITE = "cannot-write"
    UNREADABLE = "unreadable"  # the safe JSON reader's own reason
    EMPTY = "empty"
    NOT_AN_OBJECT = "not-an-object"
    NO_FORMAT = "no-format"
    FORMAT_NOT_WHOLE = "format-not-whole"
    NEWER_FORMAT = "newer-format"
    UNKNOWN_FORMAT = "unknown-format"
    NO_REGIMEN_FILE = "no-regimen-file"
    NOT_TEXT = "not-text"
    NO_REQUEST = "no-request"
    WRONG_TYPES = "wrong-types"  # a request value of the wrong JSON type (the checker's words)
    BAD_START = "bad-start"
    BAD_SITE_FILE = "bad-site-file"
    EVENTS_NOT_A_LIST = "events-not-a-list"
    NOT_AN_EVENT = "not-an-event"  # the plan file's check: not a JSON object
    EVENT_NOT_A_RECORD = "event-not-a-record"  # the bedside reader's check
    EVENT_FORMAT = "event-format"  # an event record without a whole-number format
    NEWER_EVENT_FORMAT = "newer-event-format"
    BAD_EVENT = "bad-event"


_TEMPLATES: dict[PlanFileProblem, str] = {
    PlanFileProblem.CANNOT_WRITE_IN: "cannot write in {folder} ({why})",
    PlanFileProblem.CANNOT_WRITE: "cannot write ({why})",
    PlanFileProblem.EMPTY: "the file is empty",
    PlanFileProblem.NOT_AN_OBJECT: "not a plan file (expected a JSON object)",
    PlanFileProblem.NO_FORMAT: "not a plan file (no 'format' field)",
    PlanFileProblem.FORMAT_NOT_WHOLE: "'format' must be a whole number, not {version!r}",
    PlanFileProblem.NEWER_FORMAT:
        "saved by a newer Infusion Planner (plan-file format {version}); this version reads "
        "format {supported} only — update the program to open it",
    PlanFileProblem.UNKNOWN_FORMAT: "unknown plan-file format {version}",
    PlanFileProblem.NO_REGIMEN_FILE: "'regimen_file' is missing or not an object",
    PlanFileProblem.NOT_TEXT: "'{where}' is missing or not text",
    PlanFileProblem.NO_REQUEST: "'request' is missing",
    PlanFileProblem.WRONG_TYPES: "{why}",
    PlanFileProblem.BAD_START: "request.start: {why}",
    PlanFileProblem.BAD_SITE_FILE: "'site_file' must name the site, file, version and sha256",
    PlanFileProblem.EVENTS_NOT_A_LIST: "'events' must be a list of event records",
    PlanFileProblem.NOT_AN_EVENT: "events[{number}] is not an event record",
    PlanFileProblem.EVENT_NOT_A_RECORD: "events[{number}]: not an event record",
    PlanFileProblem.EVENT_FORMAT: "events[{number}]: 'format' is missing or not a whole number",
    PlanFileProblem.NEWER_EVENT_FORMAT:
        "events[{number}]: recorded by a newer Infusion Planner (event format {version}); this "
        "version reads event format {supported} only — update the program to open it",
    PlanFileProblem.BAD_EVENT: "events[{number}]: {field}: {why}",
}


def _unreadable(values: Values) -> str:
    """The safe JSON reader's reason, said of a plan file."""
    why = str(values["why"]).replace("a file", "a plan file")
    if why.startswith("not valid JSON ("):
        why = "damaged or not a plan file (JSON error at " + why.removeprefix("not valid JSON (")
    return why


require_words(PlanFileProblem, _TEMPLATES, {PlanFileProblem.UNREADABLE})


def plan_file_words(problem: PlanFileProblem, values: Values) -> str:
    """The words for one plan-file problem (without the file's name)."""
    if problem is PlanFileProblem.UNREADABLE:
        return _unreadable(values)
    return _TEMPLATES[problem].format(**values)


class PlanFileRefused(PlanFileError):
    """A plan file that cannot be read or written: the file's name, the problem's code and the
    values; the message is 'name: words'."""

    def __init__(self, name: str, problem: PlanFileProblem, **values: object) -> None:
        super().__init__(f"{name}: {plan_file_words(problem, values)}")
        self.name = name
        self.problem = problem
        self.values: Values = values


def request_problems_words(name: str, errors: Sequence[Mapping[str, Any]]) -> str:
    """The first few request problems as 'file: request.patient.weight_kg: why (the file has
    …)', one a line."""
    lines = []
    for error in errors[:3]:
        where = ".".join(str(part) for part in ("request", *error["loc"]))
        shown = json.dumps(error.get("input"), default=str)[:40]
        lines.append(f"{name}: {where}: {error['msg']} (the file has {shown})")
    if len(errors) > 3:
        lines.append(f"{name}: … and {len(errors) - 3} more problems")
    return "\n".join(lines)
