"""The PDF schedule: every number of the plan is printed, pages, paper, atomic writing.

Expectations are read from the Plan object, never typed in: the PDF must show what the
engine computed, whatever the regimen file currently says.
"""

from __future__ import annotations

import errno
import io
import os
import re
import shutil
import subprocess
import sys
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from helpers import START
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pypdf import PdfReader

from planner.core.errors import ExportError, PlannerError
from planner.plan.engine import build_plan
from planner.plan.models import DayPlan, Plan
from planner.plan.patient import Patient, PlanRequest, Sex
from planner.regimen.models import Basis, RiskFlag, Severity
from planner.report.paper import Paper
from planner.report.pdf.export import DISCLAIMER, TITLE, export_pdf, render_pdf_bytes

GENERATED = datetime(2026, 11, 30, 14, 5)


pytestmark = pytest.mark.usefixtures("pdf_invariant")


def make_plan(
    indication: str, product: str, weight: float = 70, *, name: str | None = None,
    mrn: str | None = None, risks: frozenset[RiskFlag] = frozenset(), first: bool = False,
    height: float | None = None, sex: Sex | None = None, start: datetime = START,
) -> Plan:
    patient = Patient(weight_kg=weight, height_cm=height, sex=sex, name=name, mrn=mrn,
                      risks=risks, first_infusion=first)
    return build_plan(PlanRequest(patient=patient, indication_id=indication,
                                  product_id=product, start=start))


@pytest.fixture(scope="module")
def five_day() -> Plan:
    return make_plan("pemphigus-vulgaris", "privigen", name="Jane Doe", mrn="123",
                     risks=frozenset({RiskFlag.RENAL}), first=True, height=170,
                     sex=Sex.FEMALE)


@pytest.fixture(scope="module")
def one_day() -> Plan:
    return make_plan("pi", "privigen")


@pytest.fixture(scope="module")
def im_plan() -> Plan:
    return make_plan("measles-pep", "gamastan", weight=20)


def pdf_text(data: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(io.BytesIO(data)).pages]


def flat(text: str) -> str:
    """Whitespace-insensitive text: paragraphs wrap wherever the column ends."""
    return " ".join(text.split())


def day_sections(text: str, plan: Plan) -> dict[int, str]:
    """The text of each 'Day N —' block, from its heading to the next day or the chart."""
    starts: list[int] = []
    pos = administration(text)
    for day in plan.days:
        pos = text.index(f"Day {day.day} — ", pos)
        starts.append(pos)
        pos += 1
    end = text.index("Pump-rate timeline", starts[-1])
    bounds = [*starts, end]
    return {d.day: text[bounds[i]:bounds[i + 1]] for i, d in enumerate(plan.days)}


def administration(text: str) -> int:
    """Where the per-day section starts (warning sources may say 'Administration' too)."""
    found = re.search(r"Administration\s+Day 1 — ", text)
    assert found is not None
    return found.start()


def step_table(section: str) -> str:
    """A day's text up to its vitals table (whose reasons name pump rates as well)."""
    end = section.find("vital signs — record at each time")
    return section if end < 0 else section[:end]


def vial_line(grams: float, ml: float, count: int) -> str:
    return f"{grams:g} g/{ml:g} mL × {count}"


def hhmm(moment: datetime) -> str:
    return f"{moment:%H:%M}"


PLANS = [
    ("pemphigus-vulgaris", "privigen", 70, frozenset({RiskFlag.RENAL}), True),
    ("pi", "gammagard-liquid", 82, frozenset(), False),
    ("itp", "octagam-10", 55, frozenset({RiskFlag.THROMBOSIS}), False),
    ("kawasaki", "gamunex-c", 18, frozenset(), False),
    ("mmn", "panzyga", 120, frozenset({RiskFlag.IGA_ANTIBODIES}), False),
    ("measles-pep", "gamastan", 20, frozenset(), False),
]


@pytest.mark.parametrize(("indication", "product", "weight", "risks", "first"), PLANS)
def test_every_number_of_every_day_is_printed(
    indication: str, product: str, weight: float, risks: frozenset[RiskFlag], first: bool
) -> None:
    plan = make_plan(indication, product, weight, risks=risks, first=first, height=165,
                     sex=Sex.MALE)
    text = "\n".join(pdf_text(render_pdf_bytes(plan, generated_at=GENERATED)))
    sections = day_sections(text, plan)
    for day in plan.days:
        section = sections[day.day]
        for vial in day.vials:
            assert vial_line(vial.grams, vial.ml, vial.count) in section, (day.day, vial)
        assert f"{day.volume_ml:.1f} mL" in section or f"{day.volume_ml:.2f} mL" in section
        assert hhmm(day.start) in section
        for step in day.steps:
            assert f"{step.rate_ml_h:.1f} mL/h" in section, (day.day, step.number)
            assert f"{hhmm(step.start)}–{hhmm(step.end)}" in section, (day.day, step.number)
            assert f"{step.volume_ml:.1f}" in section
            assert f"{step.cumulative_ml:.1f}" in section
        steps_part = step_table(section)
        empties = sum(s.runs_until_empty for s in day.steps)
        assert steps_part.count("until bag empty") == empties
        # pump rates in the step table appear exactly as often as the steps that use them
        # (the vitals table after it names rates too: "rate change to 42.0 mL/h")
        for rate in {s.rate_ml_h for s in day.steps}:
            expected = sum(s.rate_ml_h == rate for s in day.steps)
            assert steps_part.count(f"{rate:.1f} mL/h") == expected


@pytest.mark.parametrize(("indication", "product", "weight", "risks", "first"), PLANS)
def test_every_warning_is_printed_with_its_severity_in_words(
    indication: str, product: str, weight: float, risks: frozenset[RiskFlag], first: bool
) -> None:
    plan = make_plan(indication, product, weight, risks=risks, first=first)
    text = flat("\n".join(pdf_text(render_pdf_bytes(plan, generated_at=GENERATED))))
    warnings_part = text[text.index("Warnings"):administration(text)]
    for w in plan.warnings:
        assert flat(w.message) in warnings_part, w.code
        assert w.code in warnings_part
    for severity, word in ((Severity.STOP, "STOP"), (Severity.CAUTION, "CAUTION"),
                           (Severity.INFO, "INFO")):
        wanted = sum(w.severity is severity for w in plan.warnings)
        assert len(re.findall(rf"\b{word}\b", warnings_part)) >= wanted
    if plan.has_stop:
        assert text.index("STOP —") < text.index("Prescription")


def test_sections_come_in_order_and_close_with_sources_and_disclaimer(five_day: Plan) -> None:
    text = flat("\n".join(pdf_text(render_pdf_bytes(five_day, generated_at=GENERATED))))
    order = ["Prescription", "Warnings", "Administration Day 1 — ",
             f"Day {five_day.days[-1].day} — ", "Pump-rate timeline", "Signatures",
             "Sources", DISCLAIMER]
    positions = [text.index(marker) for marker in order]
    assert positions == sorted(positions)
    tail = text[text.index("Sources"):]
    for source in five_day.sources:
        assert flat(source) in tail
    for role in ("Prescriber", "Pharmacist", "Nurse", "Second nurse"):
        assert role in text[text.index("Signatures"):]


def test_prescription_shows_dose_weight_product_and_site_policy(five_day: Plan) -> None:
    text = flat("\n".join(pdf_text(render_pdf_bytes(five_day, generated_at=GENERATED))))
    part = text[text.index("Prescription"):text.index("Warnings")]
    assert five_day.indication_name in part
    assert f"{five_day.dose_mg_kg:g} mg/kg per {five_day.dose_basis.value}" in part
    assert f"Prescribed {five_day.prescribed_total_g:g} g" in part
    assert f"given {five_day.total_g:g} g" in part
    assert f"{five_day.dosing_weight_kg:g} kg" in part
    assert flat(five_day.dosing_weight_explanation) in part
    assert five_day.product_name in part
    assert f"{five_day.concentration_mg_ml / 10:g} %" in part
    assert five_day.repeat in part
    protocol = five_day.protocol
    assert protocol is not None
    if Basis.SITE_POLICY in (protocol.first_hold_basis, protocol.interval_basis,
                             protocol.step_basis, protocol.cap_basis):
        assert "SITE POLICY" in part
    if protocol.cap_mg_kg_min is not None:
        assert f"{protocol.cap_mg_kg_min:g} mg/kg/min" in part


def test_header_on_every_page(five_day: Plan) -> None:
    pages = pdf_text(render_pdf_bytes(five_day, generated_at=GENERATED))
    for number, page in enumerate(pages, start=1):
        assert TITLE in page
        assert f"Page {number} of {len(pages)}" in page
        assert str(five_day.patient_name) in page
        assert str(five_day.patient_mrn) in page
        assert five_day.regimen_file.version in page
        assert five_day.regimen_file.sha256[:12] in page
        assert five_day.regimen_file.sha256[:13] not in page  # short form only
        assert f"{GENERATED:%Y-%m-%d %H:%M}" in page


def test_header_leaves_lines_to_write_name_and_mrn(one_day: Plan) -> None:
    assert one_day.patient_name is None
    for page in pdf_text(render_pdf_bytes(one_day, generated_at=GENERATED)):
        assert re.search(r"Name\s*_{10,}", page)
        assert re.search(r"MRN\s*_{10,}", page)


def test_timeline_labels_every_pump_rate_and_hour(one_day: Plan) -> None:
    text = "\n".join(pdf_text(render_pdf_bytes(one_day, generated_at=GENERATED)))
    chart = text[text.index("Pump-rate timeline"):text.index("Signatures")]
    day = one_day.days[0]
    for step in day.steps:
        assert f"{step.rate_ml_h:.1f}" in chart
    hour = day.steps[0].start.replace(minute=0)
    while hour <= day.steps[-1].end:
        assert hhmm(hour) in chart
        hour += timedelta(hours=1)
    assert f"bag empty {hhmm(day.end)}" in chart


def test_more_days_more_pages(one_day: Plan, five_day: Plan) -> None:
    short = len(pdf_text(render_pdf_bytes(one_day, generated_at=GENERATED)))
    long = len(pdf_text(render_pdf_bytes(five_day, generated_at=GENERATED)))
    assert len(five_day.days) == 5 and len(one_day.days) == 1
    assert long > 1
    assert short < long


@pytest.mark.parametrize(("paper", "size"), [("A4", (595, 842)), ("Letter", (612, 792))])
def test_paper_size(one_day: Plan, paper: str, size: tuple[int, int]) -> None:
    reader = PdfReader(io.BytesIO(render_pdf_bytes(one_day, paper, GENERATED)))  # type: ignore[arg-type]
    for page in reader.pages:
        box = page.mediabox
        assert (round(float(box.width)), round(float(box.height))) == size


def test_paper_words_are_the_public_ones_and_each_lays_out_its_size(one_day: Plan) -> None:
    """The CLI's --paper words and the GUI's stored preference are the enum's values; the
    plain strings a script passes keep working and give the same page as the member."""
    from planner.cli.main import build_parser

    assert [p.value for p in Paper] == ["A4", "Letter"]
    parser = build_parser()
    plan = ["plan", "--indication", "pi", "--product", "privigen", "--weight", "70"]
    assert Paper(parser.parse_args(plan).paper) is Paper.A4
    sizes = set()
    for paper in Paper:
        assert Paper(parser.parse_args([*plan, "--paper", paper.value]).paper) is paper
        by_member = PdfReader(io.BytesIO(render_pdf_bytes(one_day, paper, GENERATED))).pages[0]
        by_word = PdfReader(io.BytesIO(render_pdf_bytes(one_day, paper.value, GENERATED)))  # type: ignore[arg-type]
        assert by_member.mediabox == by_word.pages[0].mediabox
        sizes.add((round(float(by_member.mediabox.width)), round(float(by_member.mediabox.height))))
    assert len(sizes) == len(Paper)


def test_unknown_paper_is_refused(one_day: Plan) -> None:
    with pytest.raises(ExportError, match="A4 or Letter"):
        render_pdf_bytes(one_day, "A3", GENERATED)  # type: ignore[arg-type]


def test_same_plan_same_bytes(five_day: Plan) -> None:
    first = render_pdf_bytes(five_day, generated_at=GENERATED)
    second = render_pdf_bytes(five_day, generated_at=GENERATED)
    assert first == second
    later = render_pdf_bytes(five_day, generated_at=GENERATED.replace(minute=6))
    assert later != first  # the stamp is really printed


def test_fonts_are_embedded_and_symbols_print(one_day: Plan) -> None:
    data = render_pdf_bytes(one_day, generated_at=GENERATED)
    reader = PdfReader(io.BytesIO(data))
    fonts = set()
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            obj = font.get_object()
            fonts.add(str(obj["/BaseFont"]))
            descendants = obj.get("/DescendantFonts")
            target = descendants[0].get_object() if descendants else obj
            descriptor = target.get("/FontDescriptor")
            assert descriptor is not None and "/FontFile2" in descriptor.get_object()
    assert any("DejaVuSans" in f for f in fonts)
    assert not any("Helvetica" in f for f in fonts)
    text = "\n".join(pdf_text(data))
    assert "×" in text and "–" in text
    symbols = "".join(w.message for w in one_day.warnings)
    for ch in "≥±":
        if ch in symbols:
            assert ch in text


def test_recalled_product_is_flagged(im_plan: Plan) -> None:
    assert not im_plan.product_verified
    text = flat("\n".join(pdf_text(render_pdf_bytes(im_plan, generated_at=GENERATED))))
    first_section = text[:text.index("Prescription")]
    assert "NOT VERIFIED" in first_section
    assert "NOT VERIFIED" in text[text.index("Product"):text.index("Warnings")]


def test_im_plan_renders_without_a_schedule(im_plan: Plan) -> None:
    assert all(not d.steps for d in im_plan.days)
    text = flat("\n".join(pdf_text(render_pdf_bytes(im_plan, "Letter", GENERATED))))
    assert "IM injection — no infusion schedule" in text
    volume = im_plan.days[0].volume_ml
    assert f"Draw {volume:.1f} mL" in text or f"Draw {volume:.2f} mL" in text
    # no pump rate anywhere in the schedule (the site-policy sources may quote "mL/h")
    assert "mL/h" not in text[administration(text):text.index("Sources")]


# ---------------------------------------------------------------- writing the file


def test_export_writes_the_rendered_bytes(tmp_path: Path, one_day: Plan) -> None:
    target = tmp_path / "schedule.pdf"
    result = export_pdf(one_day, str(target), generated_at=GENERATED)
    assert result == target
    assert target.read_bytes() == render_pdf_bytes(one_day, generated_at=GENERATED)
    assert [p.name for p in tmp_path.iterdir()] == ["schedule.pdf"]


def test_missing_folder_raises_and_writes_nothing(tmp_path: Path, one_day: Plan) -> None:
    target = tmp_path / "no-such-folder" / "schedule.pdf"
    with pytest.raises(ExportError, match="does not exist") as info:
        export_pdf(one_day, target, generated_at=GENERATED)
    assert isinstance(info.value, PlannerError)
    assert not target.exists()
    assert list(tmp_path.iterdir()) == []


def test_folder_as_target_raises(tmp_path: Path, one_day: Plan) -> None:
    with pytest.raises(ExportError, match="folder"):
        export_pdf(one_day, tmp_path, generated_at=GENERATED)


@pytest.mark.skipif(sys.platform == "win32" or os.geteuid() == 0,
                    reason="root (or Windows) ignores folder permissions")
def test_read_only_folder_raises(tmp_path: Path, one_day: Plan) -> None:
    folder = tmp_path / "ro"
    folder.mkdir()
    folder.chmod(0o500)
    try:
        with pytest.raises(ExportError, match="permission"):
            export_pdf(one_day, folder / "schedule.pdf", generated_at=GENERATED)
        assert list(folder.iterdir()) == []
    finally:
        folder.chmod(0o700)


def test_disk_full_leaves_old_file_and_no_partial(
    tmp_path: Path, one_day: Plan, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "schedule.pdf"
    target.write_bytes(b"previous schedule")

    def full(fd: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fsync", full)
    with pytest.raises(ExportError, match="disk is full"):
        export_pdf(one_day, target, generated_at=GENERATED)
    assert target.read_bytes() == b"previous schedule"
    assert [p.name for p in tmp_path.iterdir()] == ["schedule.pdf"]


def test_pdftoppm_renders_every_page(tmp_path: Path, five_day: Plan) -> None:
    tool = shutil.which("pdftoppm")
    if tool is None:
        pytest.skip("pdftoppm (poppler-utils) not installed")
    pdf = export_pdf(five_day, tmp_path / "five.pdf", generated_at=GENERATED)
    pages = len(PdfReader(pdf).pages)
    subprocess.run([tool, "-r", "50", "-png", str(pdf), str(tmp_path / "page")], check=True,
                   capture_output=True, timeout=120)
    pngs = sorted(tmp_path.glob("page*.png"))
    assert len(pngs) == pages
    for png in pngs:
        assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
        assert png.stat().st_size > 1000


def test_pdf_module_imports_no_qt() -> None:
    code = ("import sys, planner.report.pdf.export; "
            "bad = [m for m in sys.modules if m.split('.')[0] in ('PySide6', 'shiboken6', 'ui')]; "
            "sys.exit(repr(bad) if bad else 0)")
    root = Path(__file__).resolve().parents[1]
    result = subprocess.run([sys.executable, "-c", code], cwd=root, capture_output=True,
                            text=True, timeout=60)
    assert result.returncode == 0, result.stderr + result.stdout


# ---------------------------------------------------------------- any plan renders

INDICATIONS = ["pi", "itp", "kawasaki", "mmn", "pemphigus-vulgaris"]
PRODUCTS = ["privigen", "gamunex-c", "gammagard-liquid", "octagam-10", "panzyga"]


@settings(max_examples=12, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    indication=st.sampled_from(INDICATIONS), product=st.sampled_from(PRODUCTS),
    weight=st.floats(min_value=8, max_value=180).map(lambda w: round(w, 1)),
    hour=st.integers(min_value=0, max_value=23),
    risks=st.sets(st.sampled_from([RiskFlag.RENAL, RiskFlag.THROMBOSIS])),
    paper=st.sampled_from(["A4", "Letter"]),
)
def test_any_plan_prints_all_its_pump_rates(
    indication: str, product: str, weight: float, hour: int, risks: set[RiskFlag],
    paper: str,
) -> None:
    try:
        plan = make_plan(indication, product, weight, risks=frozenset(risks),
                         start=START.replace(hour=hour))
    except PlannerError:
        return  # input the engine refuses has no schedule to print
    text = "\n".join(pdf_text(render_pdf_bytes(plan, paper, GENERATED)))  # type: ignore[arg-type]
    sections = day_sections(text, plan)
    for day in plan.days:
        assert _day_printed(sections[day.day], day)


def _day_printed(section: str, day: DayPlan) -> bool:
    return all(
        f"{s.rate_ml_h:.1f} mL/h" in section and f"{hhmm(s.start)}–{hhmm(s.end)}" in section
        for s in day.steps
    )
