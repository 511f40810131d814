"""The patient line of the page header: name and MRN printed whole, never too small to read.

A loose printed page is matched to the patient by this line alone, so nothing of a name or
an MRN is ever cut or ellipsized (a shortened name can match another patient) and the text
never shrinks below :data:`FLOOR`. What does not fit one line wraps onto the next: at spaces
and after hyphens first; a single token wider than the whole line is broken between
characters only as a last resort, and that break is marked with a drawn hook (graphics,
not a character, so the printed and the extracted text stay exactly the name).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from planner.report.pdf.cells import LEADING, text_width
from planner.report.pdf.styles import FONT, FONT_BOLD

FLOOR = 9.0
"""Smallest size for name and MRN, in points. The nurse already reads the schedule's rate
tables and checklist at 9 pt at the chair, so the patient line is never smaller than the
text it identifies; below that a bold name on a photocopied page starts to fill in."""
LARGEST = 11.0
STEP = 0.5
LABEL_GAP = 4.0  # between a label and its value
ITEM_GAP = 18.0  # between the name and the MRN on one line
HOOK_W = 6.0  # room kept at the end of a line cut inside a token, for the hook
BLANK = "_" * 22  # no name or MRN in the plan: a line to write it on
_BREAK_AFTER = "-\u2010"  # hyphen-minus and hyphen: a line may end after one (it stays)


@dataclass(frozen=True)
class Piece:
    """One string of the block: ``x`` from the left margin, on line ``line`` (0 = first)."""

    x: float
    line: int
    text: str
    font: str
    size: float
    continues: bool = False  # cut inside a token: the next line goes on with it

    @property
    def right(self) -> float:
        return self.x + text_width(self.text, self.font, self.size)


@dataclass(frozen=True)
class PatientBlock:
    """Name and MRN laid out for one width; the same for every page of one document."""

    pieces: tuple[Piece, ...]
    lines: int
    size: float

    @property
    def leading(self) -> float:
        """Baseline to baseline, as the schedule's own text blocks space their lines."""
        return self.size * LEADING

    @property
    def extra_height(self) -> float:
        """How much taller than the one-line header this block is."""
        return (self.lines - 1) * self.leading


def layout(name: str | None, mrn: str | None, width: float) -> PatientBlock:
    """One line at the largest size from 11 pt down to the floor that fits it whole; else
    name and MRN on lines of their own at the size needing the fewest lines (the larger of
    equals), the name wrapped under its own start, the MRN always beside its label."""
    sizes = _sizes()
    for size in sizes:
        block = _one_line(name, mrn, size, width)
        if block is not None:
            return block
    best = _stacked(name, mrn, sizes[0], width)
    for size in sizes[1:]:
        block = _stacked(name, mrn, size, width)
        if block.lines < best.lines:
            best = block
    return best


def _sizes() -> list[float]:
    count = round((LARGEST - FLOOR) / STEP)
    return [LARGEST - i * STEP for i in range(count + 1)]


def _label_size(size: float) -> float:
    return max(size - 0.5, FLOOR)


def _value(value: str | None) -> tuple[str, str]:
    return (value, FONT_BOLD) if value else (BLANK, FONT)


def _one_line(
    name: str | None, mrn: str | None, size: float, width: float
) -> PatientBlock | None:
    pieces: list[Piece] = []
    x = 0.0
    label_size = _label_size(size)
    for label, value in (("Name", name), ("MRN", mrn)):
        if pieces:
            x += ITEM_GAP
        pieces.append(Piece(x, 0, label, FONT, label_size))
        x = pieces[-1].right + LABEL_GAP
        shown, font = _value(value)
        pieces.append(Piece(x, 0, shown, font, size))
        x = pieces[-1].right
    return PatientBlock(tuple(pieces), 1, size) if x <= width else None


def _stacked(name: str | None, mrn: str | None, size: float, width: float) -> PatientBlock:
    label_size = _label_size(size)
    indent = max(text_width(w, FONT, label_size) for w in ("Name", "MRN")) + LABEL_GAP
    pieces: list[Piece] = []
    line = 0
    for label, value in (("Name", name), ("MRN", mrn)):
        pieces.append(Piece(0.0, line, label, FONT, label_size))
        shown, font = _value(value)
        for text, cut in wrap_whole(shown, font, size, width - indent):
            pieces.append(Piece(indent, line, text, font, size, cut))
            line += 1
    return PatientBlock(tuple(pieces), line, size)


def wrap_whole(text: str, font: str, size: float, width: float) -> list[tuple[str, bool]]:
    """``text`` in lines no wider than ``width``, every character kept: a line ends at a
    space (the space is the break) or after a hyphen (kept); a token wider than a whole line
    starts a line of its own and is cut between characters, never before a combining mark.
    Each line comes with True where it was cut inside a token."""

    def fits(candidate: str, room: float = width) -> bool:
        return text_width(candidate, font, size) <= room

    out: list[tuple[str, bool]] = []
    line = ""
    for word in text.split(" "):
        for i, part in enumerate(re.findall(rf"[^{_BREAK_AFTER}]*[{_BREAK_AFTER}]+|.+", word)):
            candidate = line + (" " if i == 0 and line else "") + part
            if fits(candidate):
                line = candidate
                continue
            if line:
                out.append((line, False))
            while not fits(part) and len(part) > 1:
                cut = len(part) - 1
                while cut > 1 and not fits(part[:cut], width - HOOK_W):
                    cut -= 1
                while cut > 1 and unicodedata.combining(part[cut]):
                    cut -= 1  # keep a letter with its accent
                out.append((part[:cut], True))
                part = part[cut:]
            line = part
    out.append((line, False))
    return out
