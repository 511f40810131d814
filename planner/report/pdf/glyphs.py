"""Can the embedded fonts print this text? Typed text in a script DejaVu lacks (Chinese,
Japanese, Korean, emoji...) would print as empty boxes: a page whose patient nobody can
identify. Every user-typed string the schedule prints is checked before a byte is written,
and the GUI uses the same check to warn at the field as soon as it is typed."""

from __future__ import annotations

import functools
from collections.abc import Iterable, Sequence
from datetime import datetime, time
from typing import TYPE_CHECKING

from planner.core.errors import ExportError
from planner.core.text import clean_text

if TYPE_CHECKING:  # the GUI imports this module while typing: keep it light
    from planner.bedside.replan import ReplannedDay
    from planner.plan.models import Plan
    from planner.plan.second_check import SecondCheckRecord

# Basic Latin and Latin-1 (printable), Latin Extended-A: every name and MRN a ward types
# almost always stays in here, and both DejaVu weights print all of it (a test holds this), so
# such text is answered without loading reportlab and parsing the fonts (~150 ms at start-up).
ALWAYS_PRINTABLE = frozenset(range(0x20, 0x7F)) | frozenset(range(0xA0, 0x180))
SECOND_CHECKER = "second checker's name"
LATIN_HINT = {
    "name": "Enter the name as on the patient's wristband in Latin letters.",
    "MRN": "Enter the MRN as on the patient's wristband.",
}


@functools.cache
def font_coverages() -> tuple[frozenset[int], ...]:
    """The code points each embedded font (typed text prints in either weight) has a glyph
    for (its cmap), read once."""
    from reportlab.pdfbase import pdfmetrics

    from planner.report.pdf.styles import FONT, FONT_BOLD, register_fonts

    register_fonts()
    return tuple(
        frozenset(code for code, glyph in pdfmetrics.getFont(font).face.charToGlyph.items()
                  if glyph)
        for font in (FONT, FONT_BOLD))


def unprintable(text: str | None) -> tuple[str, ...]:
    """The distinct characters of ``text`` (in order) that the schedule's fonts lack."""
    if not text:
        return ()
    found: list[str] = []
    for ch in text:
        if ord(ch) in ALWAYS_PRINTABLE or ch in found:
            continue
        if any(ord(ch) not in coverage for coverage in font_coverages()):
            found.append(ch)
    return tuple(found)


def _shown(ch: str) -> str:
    """A character as the message names it: itself, or its code point when invisible."""
    return ch if ch.isprintable() and not ch.isspace() else f"U+{ord(ch):04X}"


def field_message(field: str, text: str | None) -> str | None:
    """The sentence naming ``field`` and the characters the PDF cannot print, or None.

    The GUI shows it under the field; the export refuses with it."""
    bad = unprintable(text)
    if not bad:
        return None
    hint = LATIN_HINT.get(field, f"Enter the {field} in Latin letters and digits.")
    return (f"The PDF font cannot print these characters in the {field}: "
            f"{', '.join(_shown(ch) for ch in bad)}. {hint}")


def typed_message(field: str, typed: str | None) -> str | None:
    """For a field as typed: control and invisible format characters are dropped by the
    entry checks (planner.core.text.clean_text) before anything is printed, so they are not
    reported here."""
    return field_message(field, clean_text(typed))


def lot_field(day: int) -> str:
    """The field a course day's lot numbers are typed in, as the messages name it."""
    return f"lot number (day {day})"


def event_field(field: str, day: int, at: datetime | time) -> str:
    """A field typed with a bedside event (``lot number``, ``reason``, ``note``): which day
    and event it belongs to, as the messages name it."""
    return f"{field} (day {day} event at {at:%H:%M})"


def printed_texts(
    plan: Plan, second_check: SecondCheckRecord | None, recorded: Sequence[ReplannedDay],
) -> Iterable[tuple[str, str | None]]:
    """Every user-typed string the schedule prints, with the field it was typed in."""
    yield "name", plan.patient_name
    yield "MRN", plan.patient_mrn
    for day in plan.days:
        for lot in day.lots:
            yield lot_field(day.day), lot.lot
    if second_check is not None:
        yield SECOND_CHECKER, second_check.checked_by
    for replanned in recorded:
        for record in replanned.events:
            number, at = replanned.day.day, record.time
            yield event_field("lot number", number, at), record.lot
            yield event_field("reason", number, at), record.reason
            yield event_field("note", number, at), record.note
    if plan.site_file is not None:
        yield "site name of the site file", plan.site_file.site


def check_printable(
    plan: Plan, second_check: SecondCheckRecord | None = None,
    recorded: Sequence[ReplannedDay] = (),
) -> None:
    """Refuse the export (ExportError, every field named) when any typed text would print
    as empty boxes."""
    problems = [m for field, text in printed_texts(plan, second_check, recorded)
                if (m := field_message(field, text)) is not None]
    if problems:
        raise ExportError(" ".join(problems) + " Nothing was written.")
