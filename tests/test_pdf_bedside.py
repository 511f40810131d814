"""The bedside record on the PDF: vitals, lots, lot-change restart, checklist, reaction plan
and the independent second check.

Every expectation is read from the Plan (or the SecondCheckRecord) the PDF was made from,
never typed in: the PDF must show what the engine computed.
"""

from __future__ import annotations

import io
import re
from datetime import date, datetime, time

import pytest
from helpers import START
from pypdf import PdfReader
from reportlab.pdfbase.pdfmetrics import stringWidth

from planner.core.errors import PlannerError
from planner.plan.engine import build_plan
from planner.plan.models import LotEntry, Plan
from planner.plan.patient import LotChange, Patient, PlanRequest
from planner.plan.second_check import Difference, SecondCheckRecord, compare_plans
from planner.report.pdf.cells import split_lines, text_width
from planner.report.pdf.export import render_pdf_bytes
from planner.report.pdf.styles import FONT, FONT_BOLD, register_fonts

GENERATED = datetime(2026, 11, 30, 14, 5)
CHECKED = datetime(2026, 11, 30, 14, 2)


pytestmark = pytest.mark.usefixtures("pdf_invariant")


def plan_of(indication: str = "pi", weight: float = 70, *, first: bool = True,
            lots: tuple[LotEntry, ...] = (), changes: tuple[LotChange, ...] = (),
            protocol: str | None = None, product: str = "privigen") -> Plan:
    return build_plan(PlanRequest(
        patient=Patient(weight_kg=weight, first_infusion=first, name="Jane Doe", mrn="123"),
        indication_id=indication, product_id=product, start=START, lots=lots,
        lot_changes=changes, protocol_id=protocol))


@pytest.fixture(scope="module")
def lot_plan() -> Plan:
    """The brief's example: two lots (one without expiry) and a new lot at 09:15."""
    return plan_of(lots=(LotEntry(day=1, grams=20, lot="A123", expiry=date(2027, 5, 31)),
                         LotEntry(day=1, grams=10, lot="B77")),
                   changes=(LotChange(day=1, at=time(9, 15)),))


@pytest.fixture(scope="module")
def course() -> Plan:
    """Five days, lots on days 1 and 3, a lot change on day 3 only."""
    return plan_of("pemphigus-vulgaris", lots=(
        LotEntry(day=1, grams=20, lot="P1-2211", expiry=date(2027, 3, 31)),
        LotEntry(day=1, grams=10, lot="P9-0456", expiry=date(2027, 1, 31)),
        LotEntry(day=3, grams=20, lot="P1-2299", expiry=date(2027, 4, 30)),
    ), changes=(LotChange(day=3, at=time(9, 40)),))


def text_of(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def pages_of(data: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(io.BytesIO(data)).pages]


def flat(text: str) -> str:
    return " ".join(text.split())


def hhmm(moment: datetime) -> str:
    return f"{moment:%H:%M}"


def day_sections(text: str, plan: Plan) -> dict[int, str]:
    """Each 'Day N —' block of the administration part, up to the next day or the chart."""
    found = re.search(r"Administration\s+Day 1 — ", text)
    assert found is not None
    pos = found.start()
    starts = []
    for day in plan.days:
        pos = text.index(f"Day {day.day} — ", pos)
        starts.append(pos)
        pos += 1
    bounds = [*starts, text.index("Pump-rate timeline", starts[-1])]
    return {d.day: text[bounds[i]:bounds[i + 1]] for i, d in enumerate(plan.days)}


def vitals_part(section: str) -> str:
    return section[section.index("vital signs — record at each time"):]


def steps_part(section: str) -> str:
    return section[:section.index("vital signs — record at each time")]


# ---------------------------------------------------------------- vitals


@pytest.mark.parametrize("which", ["lot_plan", "course"])
def test_every_vitals_check_is_printed_at_its_time_with_its_reasons(
    which: str, request: pytest.FixtureRequest
) -> None:
    plan: Plan = request.getfixturevalue(which)
    text = text_of(render_pdf_bytes(plan, generated_at=GENERATED))
    sections = day_sections(text, plan)
    for day in plan.days:
        assert day.vitals, "the site policy gives every IV day a vitals schedule"
        part = vitals_part(sections[day.day])
        # one row per check, in order, each starting with its clock time and its reasons
        rows = re.findall(r"(?m)^(\d\d:\d\d)\b(.*)$", part)
        assert [t for t, _ in rows] == [hhmm(c.time) for c in day.vitals], day.day
        for check in day.vitals:
            assert flat("; ".join(check.reasons)) in flat(part), (day.day, check.reasons)
        header = flat(part[:part.index(hhmm(day.vitals[0].time))])
        for column in ("Time", "BP", "HR", "Temp", "RR", "SpO2", "Initials"):
            assert column in header


def test_vitals_times_are_marked_on_the_timeline(lot_plan: Plan) -> None:
    text = text_of(render_pdf_bytes(lot_plan, generated_at=GENERATED))
    chart = text[text.index("Pump-rate timeline"):text.index("Reaction plan and premedication")]
    assert "vitals" in chart
    for check in lot_plan.days[0].vitals:
        assert hhmm(check.time) in chart


def test_days_share_a_chart_only_with_the_same_vitals_and_restart(course: Plan) -> None:
    text = flat(text_of(render_pdf_bytes(course, generated_at=GENERATED)))
    chart = text[text.index("Pump-rate timeline"):text.index("Reaction plan and premedication")]
    assert "Days 1–2 — " in chart  # identical days 1 and 2
    assert "Day 3 — " in chart  # the lot change gives day 3 its own chart
    assert "Days 4–5 — " in chart
    restart = course.days[2].ramp_restart_at
    assert restart is not None
    assert f"new lot {hhmm(restart)}: ramp restarts" in chart


def test_an_im_day_has_vitals_but_no_chart_reference() -> None:
    plan = build_plan(PlanRequest(patient=Patient(weight_kg=20), indication_id="measles-pep",
                                  product_id="gamastan", start=START))
    text = flat(text_of(render_pdf_bytes(plan, "Letter", GENERATED)))
    part = text[text.index("vital signs — record at each time"):text.index("Pump-rate timeline")]
    for check in plan.days[0].vitals:
        assert hhmm(check.time) in part
    assert "pump-rate timeline" not in part


# ---------------------------------------------------------------- lots and the restart


def test_lots_and_expiries_are_printed_in_their_day(course: Plan) -> None:
    text = text_of(render_pdf_bytes(course, generated_at=GENERATED))
    sections = day_sections(text, course)
    for day in course.days:
        section = steps_part(sections[day.day])
        for lot in day.lots:
            assert lot.lot in section, (day.day, lot.lot)
            assert lot.expiry is not None
            assert lot.expiry.isoformat() in section
        others = {lot.lot for d in course.days if d is not day for lot in d.lots}
        for lot_number in others - {lot.lot for lot in day.lots}:
            assert lot_number not in section, (day.day, lot_number)
        if not day.lots:  # blank rows to write in: the vial lines, nothing else after them
            assert "not entered" not in section


def test_a_lot_without_expiry_says_so_and_leaves_room(lot_plan: Plan) -> None:
    text = text_of(render_pdf_bytes(lot_plan, generated_at=GENERATED))
    section = day_sections(text, lot_plan)[1]
    no_expiry = [lot for lot in lot_plan.days[0].lots if lot.expiry is None]
    assert no_expiry
    for lot in lot_plan.days[0].lots:
        assert lot.lot in section
    assert section.count("not entered — write it here:") == len(no_expiry)


def test_a_lot_of_a_size_the_day_does_not_use_is_still_printed() -> None:
    plan = plan_of(lots=(LotEntry(day=1, grams=5, lot="S5", expiry=date(2027, 1, 1)),))
    day = plan.days[0]
    if any(v.grams == 5 for v in day.vials):
        pytest.skip("this day uses 5 g vials")
    text = flat(text_of(render_pdf_bytes(plan, generated_at=GENERATED)))
    assert "5 g vial — not in this day's vials S5 2027-01-01" in text


def test_a_long_lot_number_wraps_and_is_printed_whole() -> None:
    lot = "LOT" + "1234567890" * 3 + "1234567"  # 40 characters, the longest accepted
    plan = plan_of(lots=(LotEntry(day=1, grams=20, lot=lot, expiry=date(2027, 5, 31)),))
    text = text_of(render_pdf_bytes(plan, generated_at=GENERATED))
    section = day_sections(text, plan)[1]
    assert lot in re.sub(r"\s", "", section)
    assert lot not in section  # it did not fit one line: wrapped, not drawn over the expiry


def test_lot_change_restart_is_announced_and_marked_in_the_step_table(lot_plan: Plan) -> None:
    day = lot_plan.days[0]
    restart = day.ramp_restart_at
    assert restart is not None
    text = text_of(render_pdf_bytes(lot_plan, generated_at=GENERATED))
    section = flat(day_sections(text, lot_plan)[1])
    note = f"New lot at {hhmm(restart)} — ramp restarts at the initial rate"
    assert section.count(note) >= 2  # the box above the tables and the row in the table
    table = section[section.index("Step Time (24 h)"):]
    divider = table.index(note)
    after = next(s for s in day.steps if s.start >= restart)
    before = [s for s in day.steps if s.start < restart][-1]
    assert table.index(f"{hhmm(before.start)}–{hhmm(before.end)}") < divider
    assert divider < table.index(f"{hhmm(after.start)}–{hhmm(after.end)}")
    assert f"↻{after.number}" in table  # the first restarted step carries the mark


def test_no_restart_note_without_a_restart(course: Plan) -> None:
    text = text_of(render_pdf_bytes(course, generated_at=GENERATED))
    sections = day_sections(text, course)
    for day in course.days:
        says = "ramp restarts at the initial rate" in flat(sections[day.day])
        assert says == (day.ramp_restart_at is not None), day.day


# ---------------------------------------------------------------- checklist, reaction plan


def test_checklist_comes_before_the_days_with_a_box_per_day(course: Plan) -> None:
    text = text_of(render_pdf_bytes(course, generated_at=GENERATED))
    days = re.search(r"Administration\s+Day 1 — ", text)
    assert days is not None
    part = flat(text[text.index("Pre-infusion checklist"):days.start()])
    assert course.checklist
    for item in course.checklist:
        assert flat(item) in part
    for day in course.days:
        assert f"Day {day.day}" in part
    assert part.count("☐") == len(course.checklist) * len(course.days)


def test_reaction_plan_comes_after_the_days_and_before_signatures(lot_plan: Plan) -> None:
    text = flat(text_of(render_pdf_bytes(lot_plan, generated_at=GENERATED)))
    start = text.index("Reaction plan and premedication")
    assert text.index("Pump-rate timeline") < start < text.index("Signatures")
    part = text[start:text.index("Signatures")]
    assert lot_plan.reaction_premedication and lot_plan.reaction_steps
    for line in (*lot_plan.reaction_premedication, *lot_plan.reaction_steps):
        assert flat(line) in part
    for n in range(1, len(lot_plan.reaction_steps) + 1):
        assert f"{n}. " in part


def test_site_policy_sources_are_listed(lot_plan: Plan) -> None:
    text = flat(text_of(render_pdf_bytes(lot_plan, generated_at=GENERATED)))
    tail = text[text.index("Sources"):]
    for source in lot_plan.site_policy_sources:
        assert flat(source) in tail


# ---------------------------------------------------------------- second check


def test_second_check_not_recorded_leaves_lines_to_sign(lot_plan: Plan) -> None:
    data = render_pdf_bytes(lot_plan, generated_at=GENERATED)
    text = flat(text_of(data))
    first = text[:text.index("Prescription")]
    assert "Independent second check: not recorded" in first
    assert "Second nurse (name)" in first and "Signature" in first
    for page in pages_of(data):
        assert "Independent second check: not recorded" in page


def test_second_check_matched_names_checker_and_time(lot_plan: Plan) -> None:
    record = SecondCheckRecord("Sam Second", CHECKED, compare_plans(lot_plan, lot_plan))
    assert record.matched
    data = render_pdf_bytes(lot_plan, generated_at=GENERATED, second_check=record)
    text = flat(text_of(data))
    wanted = ("Independent second check: MATCHED — checked by Sam Second at "
              f"{CHECKED:%Y-%m-%d %H:%M}")
    assert wanted in text[:text.index("Prescription")]
    assert "DIFFERENCES" not in text
    for page in pages_of(data):
        assert "Independent second check: MATCHED" in page


def test_second_check_differences_are_all_printed_up_front() -> None:
    first, second = plan_of(weight=70), plan_of(weight=75)
    differences = compare_plans(first, second)
    assert len(differences) >= 3
    record = SecondCheckRecord("Sam Second", CHECKED, differences)
    data = render_pdf_bytes(first, generated_at=GENERATED, second_check=record)
    text = flat(text_of(data))
    top = text[:text.index("Prescription")]
    assert "Independent second check: DIFFERENCES" in top
    assert f"checked by Sam Second at {CHECKED:%Y-%m-%d %H:%M}" in top
    for d in differences:
        row = f"{flat(d.field)} {flat(d.first)} {flat(d.second)}"
        assert row in top, row
    assert "MATCHED" not in text
    for page in pages_of(data):  # a loose page still says the check failed
        assert "Independent second check: DIFFERENCES" in page
    sections = day_sections(text_of(data), first)
    for day in first.days:
        assert "do not start until every difference" in flat(sections[day.day])


def test_a_difference_with_markup_characters_prints_literally(lot_plan: Plan) -> None:
    odd = Difference("note <b>&amp;", "a < b & c", "x > y")
    record = SecondCheckRecord("O'Brien <RN>", CHECKED, (odd,))
    text = flat(text_of(render_pdf_bytes(lot_plan, generated_at=GENERATED,
                                         second_check=record)))
    assert "note <b>&amp; a < b & c x > y" in text
    assert "checked by O'Brien <RN> at" in text


# ---------------------------------------------------------------- the whole document


def test_same_inputs_same_bytes_with_every_new_part(course: Plan) -> None:
    record = SecondCheckRecord("Sam Second", CHECKED, (Difference("weight (kg)", "70", "75"),))
    first = render_pdf_bytes(course, generated_at=GENERATED, second_check=record)
    assert first == render_pdf_bytes(course, generated_at=GENERATED, second_check=record)
    assert first != render_pdf_bytes(course, generated_at=GENERATED)


def test_second_check_outcome_reaches_export(tmp_path: object, lot_plan: Plan) -> None:
    from pathlib import Path

    from planner.report.pdf.export import export_pdf

    record = SecondCheckRecord("Sam Second", CHECKED, ())
    target = Path(str(tmp_path)) / "checked.pdf"
    export_pdf(lot_plan, target, generated_at=GENERATED, second_check=record)
    assert target.read_bytes() == render_pdf_bytes(lot_plan, generated_at=GENERATED,
                                                   second_check=record)


@pytest.mark.parametrize("paper", ["A4", "Letter"])
@pytest.mark.parametrize("protocol", [None, "orderset-30-150"])
def test_protocols_and_papers_render_with_every_section(paper: str, protocol: str | None) -> None:
    try:
        plan = plan_of(first=False, protocol=protocol)
    except PlannerError:
        pytest.skip(f"protocol {protocol} not in the bundled regimen file")
    text = flat(text_of(render_pdf_bytes(plan, paper, GENERATED)))  # type: ignore[arg-type]
    order = ["Independent second check", "Prescription", "Warnings", "Pre-infusion checklist",
             "Administration Day 1 — ", "vital signs — record", "Pump-rate timeline",
             "Reaction plan and premedication", "Signatures", "Sources"]
    positions = [text.index(marker) for marker in order]
    assert positions == sorted(positions)


# ---------------------------------------------------------------- text measuring


def test_text_width_matches_reportlab() -> None:
    register_fonts()
    samples = ["08:00–08:30", "138.6 mL/h", "≥ ± × ↻ ☐ ▲ °", "Jane Doe", "", "lot A123"]
    for font in (FONT, FONT_BOLD):
        for size in (7.5, 9, 11):
            for text in samples:
                assert text_width(text, font, size) == pytest.approx(
                    stringWidth(text, font, size), abs=1e-9)


@pytest.mark.parametrize("text", [
    "rate change to 138.6 mL/h; every 30 min at 138.6 mL/h; end of infusion",
    "X" * 200, "short", "a\nb c d e f g h i j k l m n o p", "",
])
@pytest.mark.parametrize("width", [20.0, 60.0, 144.0])
def test_split_lines_keeps_every_character_inside_the_width(text: str, width: float) -> None:
    register_fonts()
    lines = split_lines(text, FONT, 9, width)
    for line in lines:
        assert text_width(line, FONT, 9) <= width + 1e-9 or len(line) == 1
    assert "".join(lines).replace(" ", "") == text.replace("\n", "").replace(" ", "")


