"""What the window says when a saved or autosaved plan is opened (no Qt).

A plan file holds the request, which may name things the form cannot show: an indication or
product that is not in the regimen file in use, an IM product for an IV indication, a protocol
that no longer exists, a number of days outside the form's range. The form must never quietly
show something else instead, so the saved request is first given to the engine as it stands,
and every refusal (and every value the form could not take over exactly) is said in words.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from planner.core.errors import PlanInputError
from planner.plan.engine import build_plan
from planner.plan.plan_file import SavedPlan, bound_check, file_changes
from planner.regimen.loading import LoadedRegimen
from ui.form import FormState

FIELD_WORDS = {
    "weight": "Weight", "height": "Height", "dose": "Dose", "days": "Days",
    "indication": "Indication", "product": "Product", "start": "Start",
    "protocol": "Protocol", "lots": "Lots", "lot_changes": "Lot change",
}

ACTIONS = {
    "indication": "Choose an indication from the list.",
    "product": "Choose a product.",
    "protocol": "Choose a protocol.",
    "lots": "Correct the lot entries (Lots tab).",
    "lot_changes": "Correct the lot change time (Lots tab).",
}

_CLI_HINT = re.compile(r"\s*\(see 'python -m planner list'\)")

_FILE_HINTS = (
    ("request.start", "The start must be a date and 24-hour time like 2026-12-01T08:30."),
    ("request.lots", "A lot entry needs day, vial grams, lot number and an expiry date like "
                     "2027-05-31."),
    ("request.lot_changes", "A lot change needs a day and a 24-hour time like 14:30."),
)


@dataclass(frozen=True)
class OpenNote:
    text: str
    error: bool = False


def engine_message(message: str) -> str:
    """The engine's words without the CLI's pointer to ``python -m planner list``."""
    return _CLI_HINT.sub("", message)


_FILE_FIELDS = (
    ("request.patient.weight_kg", "weight in kg"), ("request.patient.height_cm", "height in cm"),
    ("request.dose_mg_kg", "dose in mg/kg"), ("request.days", "days"),
    ("request.start", "start"), ("request.indication_id", "indication"),
    ("request.product_id", "product"), ("request.protocol_id", "protocol"),
)


def file_error_text(message: str) -> str:
    """A PlanFileError for the notice bar: each line a sentence, the field named in words
    next to its place in the file, and the format a hand-edited field must have."""
    hints = [hint for key, hint in _FILE_HINTS if key in message]
    lines = []
    for line in message.splitlines():
        line = line.strip()
        for where, words in _FILE_FIELDS:
            line = line.replace(f"{where}:", f"{words} ({where}):")
        if line:
            lines.append(line if line.endswith((".", "!", "?")) else line + ".")
    return " ".join([*lines, *hints])


def field_name(field: str) -> str:
    return FIELD_WORDS.get(field, field)


def open_notes(saved: SavedPlan, loaded: LoadedRegimen, shown: FormState) -> list[OpenNote]:
    """Everything about the saved request worth telling, errors (red) first."""
    notes: list[OpenNote] = []
    request = saved.request
    refused = ""
    try:
        build_plan(request, loaded)
    except PlanInputError as exc:
        refused = exc.field
        action = ACTIONS.get(exc.field, "It is marked in red: correct it.")
        notes.append(OpenNote(
            f"The saved plan cannot be computed as it stands — {field_name(exc.field)}: "
            f"{engine_message(exc.message)}. {action}", error=True,
        ))
    differs = []
    if refused != "indication" and shown.indication_id != request.indication_id:
        differs.append(f"indication '{request.indication_id}'")
    if refused not in ("indication", "product") and shown.product_id != request.product_id:
        differs.append(f"product '{request.product_id}'")
    if request.days is not None and shown.days is not None and shown.days != request.days:
        differs.append(f"days ({request.days}; the form shows {shown.days})")
    if differs:
        notes.append(OpenNote(
            "The form could not take over the saved " + ", ".join(differs) + ". Check these "
            "fields before using the plan.", error=True,
        ))
    notes += [OpenNote(text) for text in file_changes(saved, loaded)]
    record = bound_check(saved, loaded)
    if record is not None and record.void_reason:
        notes.append(OpenNote(
            f"The second check recorded in this file (by {record.checked_by}) is VOID: "
            f"{record.void_reason}. A new independent second check is needed.", error=True,
        ))
    return notes
