"""Wrapping a patient name for the PDF header: every character kept, breaks at spaces and
hyphens first, a cut inside a word only for a word wider than the line, accents kept with
their letter; the block never goes below the floor size."""

from __future__ import annotations

import re
import unicodedata
from itertools import pairwise

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from planner.plan.validation import MRN_MAX_CHARS, NAME_MAX_CHARS
from planner.report.pdf.cells import text_width
from planner.report.pdf.patient_line import FLOOR, HOOK_W, layout, wrap_whole
from planner.report.pdf.styles import FONT_BOLD, register_fonts

A4_LINE = 515.9  # A4 less two 14 mm margins, in points
READABLE_PT = 9.0


@pytest.fixture(autouse=True, scope="module")
def _fonts() -> None:
    register_fonts()


def _rejoin(lines: list[tuple[str, bool]], text: str) -> str:
    out = lines[0][0]
    for line, _ in lines[1:]:
        if text[len(out):].startswith(" "):
            out += " "
        out += line
    return out


letters = st.sampled_from([*"aWmiÅñøŁżЖΞ-", "e\u0301", "o\u0308"])
words = st.lists(letters, min_size=1, max_size=40).map("".join)
names = st.lists(words, min_size=1, max_size=6).map(" ".join)


@settings(max_examples=150, deadline=None)
@given(names, st.sampled_from([9.0, 10.0, 11.0]), st.sampled_from([60.0, 150.0, 470.0]))
def test_every_character_kept_and_every_line_fits(text: str, size: float, width: float) -> None:
    lines = wrap_whole(text, FONT_BOLD, size, width)
    assert _rejoin(lines, text) == text
    for line, cut in lines:
        assert text_width(line, FONT_BOLD, size) <= width or len(line) == 1
        if cut:
            assert text_width(line, FONT_BOLD, size) <= width - HOOK_W or len(line) == 1
    for i, ((line, cut), (after, _)) in enumerate(pairwise(lines)):
        assert not unicodedata.combining(after[0])  # an accent stays with its letter
        if cut:  # only a word (up to a space or hyphen) wider than a whole line is cut
            assert " " not in line
            word = line
            for rest, more in lines[i + 1:]:
                head = re.match(r"[^ \-\u2010]*[\-\u2010]*", rest)
                word += head.group() if head else ""
                if not more:
                    break
            assert text_width(word, FONT_BOLD, size) > width


def test_breaks_at_spaces_and_after_hyphens_before_cutting() -> None:
    room = text_width("Zoë Ångström-", FONT_BOLD, 11)
    lines = wrap_whole("Zoë Ångström-Núñez", FONT_BOLD, 11, room)
    assert lines == [("Zoë Ångström-", False), ("Núñez", False)]
    lines = wrap_whole("Łukasz Żółć", FONT_BOLD, 11, text_width("Łukasz Ż", FONT_BOLD, 11))
    assert lines == [("Łukasz", False), ("Żółć", False)]


def test_a_token_longer_than_the_line_is_cut_not_dropped() -> None:
    token = "W" * NAME_MAX_CHARS
    lines = wrap_whole(token, FONT_BOLD, FLOOR, 300)
    assert "".join(line for line, _ in lines) == token
    assert [cut for _, cut in lines] == [True] * (len(lines) - 1) + [False]


@pytest.mark.parametrize(("name", "mrn"), [
    ("Jane Doe", "123"), ("W" * NAME_MAX_CHARS, "W" * MRN_MAX_CHARS),
    ("Maximilian Alexander Bartholomew Fitzgerald von Hohenzollern", "W" * MRN_MAX_CHARS),
    (None, None), ("Zoë Ångström-Núñez", None)])
def test_block_is_readable_and_at_most_three_lines_for_accepted_values(
    name: str | None, mrn: str | None
) -> None:
    block = layout(name, mrn, A4_LINE)
    assert block.lines <= 3
    assert min(p.size for p in block.pieces) >= READABLE_PT
    assert max(p.right for p in block.pieces) <= A4_LINE
    assert block.extra_height == (block.lines - 1) * block.leading


def test_short_name_keeps_the_one_line_11_pt_header() -> None:
    block = layout("Jane Doe", "123", A4_LINE)
    assert block.lines == 1 and block.size == 11 and block.extra_height == 0
