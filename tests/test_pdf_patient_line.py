"""The patient line of the PDF header: a name or MRN of any accepted length and shape is
printed whole, on every page, never below a readable size, and the page body starts below
the (possibly taller) header on every page.

Positions and sizes are read back from the PDF itself (pypdf's text visitor), not from the
layout code: what a nurse holds is the page.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import datetime
from itertools import pairwise
from pathlib import Path

import pytest
from helpers import START
from pypdf import PdfReader

from planner.cli.main import main
from planner.plan.engine import build_plan
from planner.plan.models import Plan
from planner.plan.patient import Patient, PlanRequest
from planner.plan.second_check import Difference, SecondCheckRecord
from planner.plan.validation import MRN_MAX_CHARS, NAME_MAX_CHARS
from planner.report.pdf.cells import text_width
from planner.report.pdf.export import TITLE, render_pdf_bytes
from planner.report.pdf.styles import FONT, FONT_BOLD, register_fonts

pytestmark = pytest.mark.usefixtures("pdf_invariant")

GENERATED = datetime(2026, 11, 30, 14, 5)
READABLE_PT = 9.0  # the smallest size a name may print at the chair (the schedule's tables)
ASCENT, DESCENT = 0.93, 0.24  # DejaVu Sans, per point of size
SIDE = 39.68  # the page's side margin (14 mm), less a rounding hundredth


def _words_to(length: int, word: str) -> str:
    """Words of ``word`` joined by spaces and hyphens in turn, exactly ``length`` long."""
    text = ((word + " " + word + "-") * length)[:length]
    return text[:-1] + "W" if text[-1] in " -" else text


CASES = {
    "short": ("Jane Doe", "123"),
    "long with spaces": ("Maximilian Alexander Bartholomew Fitzgerald von Hohenzollern",
                         "MRN-0042-7781-XZ"),
    "longest accepted, widest letters": ("W" * NAME_MAX_CHARS, "W" * MRN_MAX_CHARS),
    "longest accepted, words and hyphens": (_words_to(NAME_MAX_CHARS, "WWWWWWWWW"),
                                            "M" * MRN_MAX_CHARS),
    "one unbroken token": ("Wolfeschlegelsteinhausenbergerdorffvoralternwarengewissenhaft"
                           [:NAME_MAX_CHARS], "0" * MRN_MAX_CHARS),
    "accented": ("Zoë Ångström-Núñez", "ÅÑ-12/ø"),
    "polish": ("Łukasz Żółć", "PL 12 34"),
    "cyrillic and greek, long": (
        "Александра Константиновна Преображенская-Ξενοφώντος"[:NAME_MAX_CHARS],
        "ΑΒΓ-Ж 0123456789 ЩЫЮ"[:MRN_MAX_CHARS]),
}


@dataclass(frozen=True)
class Item:
    """One string drawn on a page, where and how big."""

    text: str
    x: float
    y: float  # baseline
    size: float
    font: str


def _items(page: object) -> list[Item]:
    found: list[Item] = []

    def visit(text: str, cm: list[float], tm: list[float], font: object, size: float) -> None:
        if not text.strip():
            return
        x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
        y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
        scale = (tm[3] * cm[3]) or 1.0
        base = str(font.get("/BaseFont", "")) if hasattr(font, "get") else ""
        found.append(Item(text, x, y, size * scale, base))

    page.extract_text(visitor_text=visit)  # type: ignore[attr-defined]
    return found


@dataclass(frozen=True)
class Header:
    body: list[Item]  # everything the page's content drew
    patient: list[Item]  # between the title line and the course line
    course: Item
    meta: list[Item]


def _header(items: list[Item], course_text: str) -> Header:
    """The header is drawn last on every page (after the page is complete, for "Page N of
    M"): what comes after the title in the stream is the header, the rest is the body."""
    start = max(i for i, it in enumerate(items) if it.text == TITLE)
    body, head = items[:start], items[start:]
    title_y = head[0].y
    course = next(it for it in head if it.text == course_text)
    patient = [it for it in head if course.y < it.y < title_y - 1]
    meta = [it for it in head if it.y < course.y - 1]
    return Header(body, patient, course, meta)


def _plan(name: str | None, mrn: str | None) -> Plan:
    return build_plan(PlanRequest(
        patient=Patient(weight_kg=70, name=name, mrn=mrn),
        indication_id="pemphigus-vulgaris", product_id="privigen", start=START))


def _rejoin(lines: list[str], value: str) -> str:
    """The value's printed lines put back together: a line break may stand for one space of
    the value (a break at a space), or for nothing (after a hyphen, or a cut token)."""
    out = lines[0]
    for line in lines[1:]:
        if value[len(out):].startswith(" "):
            out += " "
        out += line
    return out


def _check_pages(data: bytes, plan: Plan, name: str | None, mrn: str | None) -> None:
    register_fonts()
    reader = PdfReader(io.BytesIO(data))
    course_text = f"{plan.indication_name} · {plan.product_name}"
    shapes: set[tuple[tuple[str, float, float, float], ...]] = set()
    for number, page in enumerate(reader.pages, start=1):
        where = f"page {number}"
        width = float(page.mediabox.width)
        h = _header(_items(page), course_text)
        texts = [it.text for it in h.patient]
        # name and MRN whole: labels in order, every value line, nothing added or cut
        assert texts[0] == "Name" and "MRN" in texts, (where, texts)
        at = texts.index("MRN")
        name_lines, mrn_lines = texts[1:at], texts[at + 1:]
        assert _rejoin(name_lines, name or "") == (name or "_" * 22), (where, name_lines)
        assert _rejoin(mrn_lines, mrn or "") == (mrn or "_" * 22), (where, mrn_lines)
        page_text = page.extract_text()
        for ch in (name or "") + (mrn or ""):
            assert ch in page_text, (where, ch)
        # the MRN label on the line of the MRN's first part, and left of it
        mrn_label = h.patient[at]
        first_mrn = h.patient[at + 1]
        assert abs(mrn_label.y - first_mrn.y) < 0.01 and mrn_label.x < first_mrn.x
        # readable, inside the margins
        for it in h.patient:
            assert it.size >= READABLE_PT, (where, it)
            font = FONT_BOLD if "Bold" in it.font else FONT
            assert it.x >= SIDE and it.x + text_width(it.text, font, it.size) <= width - SIDE, (
                where, it)
        # lines of the header do not run into each other
        rows = sorted({(round(it.y, 2), max(i.size for i in h.patient if abs(i.y - it.y) < .01))
                       for it in h.patient}, reverse=True)
        below = [*rows, (h.course.y, h.course.size), *((m.y, m.size) for m in h.meta[:1])]
        for (y1, s1), (y2, s2) in pairwise(below):
            assert y1 - DESCENT * s1 > y2 + ASCENT * s2, (where, y1, y2)
        # the body starts below the header's last line
        floor = min(m.y - DESCENT * m.size for m in h.meta)
        top_body = max(it.y + ASCENT * it.size for it in h.body)
        assert top_body < floor, (where, top_body, floor)
        shapes.add(tuple((it.text, round(it.x, 2), round(it.y, 2), it.size)
                         for it in [*h.patient, h.course]))
    assert len(shapes) == 1, "the header differs between pages of one document"


@pytest.mark.parametrize("paper", ["A4", "Letter"])
@pytest.mark.parametrize("case", list(CASES))
def test_name_and_mrn_whole_readable_and_above_the_body_on_every_page(
    case: str, paper: str
) -> None:
    name, mrn = CASES[case]
    assert len(name) <= NAME_MAX_CHARS and len(mrn) <= MRN_MAX_CHARS
    plan = _plan(name, mrn)
    assert plan.patient_name == name and plan.patient_mrn == mrn  # accepted as typed
    data = render_pdf_bytes(plan, paper, GENERATED)  # type: ignore[arg-type]
    assert len(PdfReader(io.BytesIO(data)).pages) > 1
    _check_pages(data, plan, name, mrn)


def test_longest_name_wraps_instead_of_shrinking() -> None:
    """The case the old header printed at 5 pt: now two or three lines, at ≥ the floor."""
    name, mrn = "W" * NAME_MAX_CHARS, "W" * MRN_MAX_CHARS
    plan = _plan(name, mrn)
    page = PdfReader(io.BytesIO(render_pdf_bytes(plan, "A4", GENERATED))).pages[0]
    h = _header(_items(page), f"{plan.indication_name} · {plan.product_name}")
    lines = {round(it.y, 2) for it in h.patient}
    assert 2 <= len(lines) <= 3
    assert min(it.size for it in h.patient) >= READABLE_PT


def test_a_failed_second_check_moves_down_with_the_header() -> None:
    """The white-on-black check status and the rest of the meta line follow a tall name."""
    name, mrn = _words_to(NAME_MAX_CHARS, "WWWWWWWWW"), "M" * MRN_MAX_CHARS
    plan = _plan(name, mrn)
    record = SecondCheckRecord("Sam Second", datetime(2026, 11, 30, 14, 2),
                               (Difference("weight (kg)", "70", "75"),))
    data = render_pdf_bytes(plan, "A4", GENERATED, record)
    _check_pages(data, plan, name, mrn)
    page = PdfReader(io.BytesIO(data)).pages[0]
    h = _header(_items(page), f"{plan.indication_name} · {plan.product_name}")
    assert any("DIFFERENCES" in m.text for m in h.meta)


def test_blank_name_and_mrn_still_leave_lines_to_write_on() -> None:
    plan = _plan(None, None)
    _check_pages(render_pdf_bytes(plan, "A4", GENERATED), plan, None, None)


def test_cli_accepts_the_longest_name_and_mrn_and_prints_them_whole(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    name = _words_to(NAME_MAX_CHARS, "WWWWWWWWWWW")
    mrn = ("0123456789" * 3)[:MRN_MAX_CHARS]
    out = tmp_path / "long.pdf"
    code = main(["plan", "--indication", "pemphigus-vulgaris", "--product", "privigen",
                 "--weight", "70", "--start", START.strftime("%Y-%m-%dT%H:%M"),
                 "--name", name, "--mrn", mrn, "--pdf", str(out)])
    assert code == 0, capsys.readouterr().err
    _check_pages(out.read_bytes(), _plan(name, mrn), name, mrn)
