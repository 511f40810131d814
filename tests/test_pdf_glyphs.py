"""Typed text the PDF fonts cannot print is refused, never printed as empty boxes."""

from __future__ import annotations

import subprocess
import sys
from datetime import datetime
from pathlib import Path

import pytest
from helpers import plan_for

from planner.core.errors import ExportError
from planner.plan.second_check import SecondCheckRecord
from planner.report.pdf.export import export_pdf
from planner.report.pdf.glyphs import field_message, typed_message, unprintable

BASE = ["plan", "--indication", "itp", "--product", "octagam-10", "--weight", "70",
        "--start", "2026-12-01T08:00"]


def cli(tmp_path: Path, *extra: str) -> tuple[subprocess.CompletedProcess[str], Path]:
    out = tmp_path / "out.pdf"
    done = subprocess.run(
        [sys.executable, "-m", "planner", *BASE, *extra, "--pdf", str(out)],
        capture_output=True, text=True, timeout=120, check=False,
    )
    return done, out


@pytest.mark.parametrize(("name", "bad"), [
    ("王小明", "王, 小, 明"), ("山田太郎", "山, 田, 太, 郎"), ("김민준", "김, 민, 준"),
    ("Anna 💉 Smith", "💉"),
])
def test_cli_refuses_a_name_the_font_cannot_print(tmp_path: Path, name: str, bad: str) -> None:
    done, out = cli(tmp_path, "--name", name, "--mrn", "A12345")
    assert done.returncode != 0
    assert f"cannot print these characters in the name: {bad}." in done.stderr
    assert "Latin letters" in done.stderr and "Traceback" not in done.stderr
    assert not out.exists() and list(tmp_path.iterdir()) == []  # no .part left either


@pytest.mark.parametrize("name", [
    "Zoë Ångström-Núñez", "Łukasz Żółć", "Иван Петров", "Ζωή Παπαδοπούλου",
    "Zoe\u0308 Cafe\u0301",  # combining accents
])
def test_cli_still_exports_names_the_font_covers(tmp_path: Path, name: str) -> None:
    done, out = cli(tmp_path, "--name", name, "--mrn", "ÅB-12")
    assert done.returncode == 0, done.stderr
    assert out.read_bytes().startswith(b"%PDF")


def test_cli_refuses_an_emoji_in_the_mrn(tmp_path: Path) -> None:
    done, out = cli(tmp_path, "--name", "Ann Lee", "--mrn", "A12🏥")
    assert done.returncode != 0 and "in the MRN: 🏥." in done.stderr
    assert not out.exists()


def test_cli_refuses_a_lot_number_with_an_unprintable_character(tmp_path: Path) -> None:
    done, out = cli(tmp_path, "--lot", "1:10:LOT王7")
    assert done.returncode != 0
    assert "lot number (day 1): 王." in done.stderr and "Traceback" not in done.stderr
    assert not out.exists()


def test_second_checker_name_is_checked_and_nothing_is_written(tmp_path: Path) -> None:
    plan = plan_for("itp", "octagam-10", 70)
    record = SecondCheckRecord("山田", datetime(2026, 12, 1, 7, 0), ())
    target = tmp_path / "x.pdf"
    target.write_bytes(b"old")  # an earlier schedule stays as it was
    with pytest.raises(ExportError, match="second checker's name: 山, 田"):
        export_pdf(plan, target, second_check=record)
    assert target.read_bytes() == b"old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["x.pdf"]


def test_every_unprintable_field_is_named_at_once() -> None:
    plan = plan_for("itp", "octagam-10", 70).model_copy(
        update={"patient_name": "王", "patient_mrn": "🎉1"})
    with pytest.raises(ExportError) as caught:
        export_pdf(plan, "/nonexistent-folder/x.pdf")  # refused before any writing
    message = str(caught.value)
    assert "in the name: 王." in message and "in the MRN: 🎉." in message


def test_message_names_field_and_characters_once_in_order() -> None:
    assert unprintable("王小王明") == ("王", "小", "明")
    assert unprintable("Ångström") == ()
    assert field_message("name", "Zoë") is None
    assert field_message("name", "王小明") == (
        "The PDF font cannot print these characters in the name: 王, 小, 明. Enter the name "
        "as on the patient's wristband in Latin letters.")


def test_typed_text_ignores_what_the_entry_checks_remove() -> None:
    """Control and zero-width characters are removed by planner.core.text.clean_text before
    the name is printed; the caution does not report them."""
    assert typed_message("name", "Ann\u200b\u0007 Lee") is None
    assert typed_message("name", "Ann\u200b王") is not None


def test_a_bedside_reason_the_font_cannot_print_is_refused() -> None:
    from helpers import START

    from planner.bedside.events import EventKind, InfusionEvent
    from planner.bedside.replan import replan_course
    from planner.plan.engine import build_plan
    from planner.plan.patient import Patient, PlanRequest
    from planner.regimen.loading import bundled_regimen
    from planner.report.pdf.export import render_pdf_bytes

    loaded = bundled_regimen()
    request = PlanRequest(patient=Patient(weight_kg=70), indication_id="itp",
                          product_id="octagam-10", start=START, days=2, dose_mg_kg=1000)
    plan = build_plan(request, loaded)
    events = (InfusionEvent(day=1, kind=EventKind.STARTED, time=START.replace(minute=10)),
              InfusionEvent(day=1, kind=EventKind.PAUSED, time=START.replace(hour=9),
                            reason="发热 fever"))
    days = replan_course(plan, request, loaded, events)
    with pytest.raises(ExportError, match=r"reason \(day 1 event at 09:00\): 发, 热"):
        render_pdf_bytes(plan, recorded=days)
    fine = (events[0], events[1].model_copy(update={"reason": "fièvre, frissons"}))
    assert render_pdf_bytes(plan, recorded=replan_course(plan, request, loaded, fine))


def test_the_always_printable_set_is_printed_by_every_embedded_font() -> None:
    """The shortcut that spares start-up the font parsing must never hide a missing glyph."""
    from planner.report.pdf.glyphs import ALWAYS_PRINTABLE, font_coverages

    assert len(font_coverages()) == 2
    for coverage in font_coverages():
        assert coverage >= ALWAYS_PRINTABLE, sorted(ALWAYS_PRINTABLE - coverage)


@pytest.mark.parametrize("text", [
    "Zoë Ångström-Łukasiewicz", "O'Brien, Seán", "Ægir Þórsson", "MRN-00042/7",
    "Anna 💉 Smith", "王小明", "Ελένη", "Алексей", "Nguyễn Văn An", "€ ≤ ≥ ‰", "\u00ad",
])
def test_unprintable_gives_what_the_fonts_say(text: str) -> None:
    """Shortcut or not, the answer is the fonts' own: a character is unprintable exactly when
    one of the two weights lacks it."""
    from planner.report.pdf.glyphs import font_coverages

    expected = tuple(dict.fromkeys(
        ch for ch in text if any(ord(ch) not in cov for cov in font_coverages())))
    assert unprintable(text) == expected
