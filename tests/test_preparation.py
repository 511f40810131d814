"""Preparation and administration, per product, from the label: structured, sourced, 'not
stated on the label' where it is silent, and printed beside each day's vials."""

from __future__ import annotations

import io
import re
from datetime import datetime

import pytest
from helpers import START
from pypdf import PdfReader

from planner.plan.engine import build_plan
from planner.plan.patient import Patient, PlanRequest
from planner.regimen.loading import bundled_regimen
from planner.regimen.models import NOT_STATED
from planner.report.pdf.export import render_pdf_bytes
from planner.report.text_report import format_plan

REGIMEN = bundled_regimen().regimen


def test_every_product_carries_a_sourced_preparation() -> None:
    for product in REGIMEN.products:
        prep = product.preparation
        assert prep is not None, product.id
        assert prep.source.strip()
        assert all(text.strip() for _, text in prep.rows())


@pytest.mark.parametrize(
    ("product", "field", "words"),
    [
        ("octagam-10", "dilution", "do not dilute"),
        ("bivigam", "dilution", "do not dilute"),
        ("asceniv", "dilution", "do not dilute"),
        ("gamunex-c", "dilution", "5 % dextrose (d5w) only"),
        ("privigen", "dilution", "5 % dextrose"),
        ("gamunex-c", "use_within", "8 h"),
        ("octagam-10", "use_within", "8 h"),
        ("gammaplex-5", "use_within", "within 2 h"),
        ("octagam-10", "technique", "16 g"),
        ("octagam-5", "technique", "16 g"),
        ("octagam-10", "filter", "0.2–200 µm"),
        ("gammagard-liquid", "filter", "optional"),
        ("privigen", "filter", "not required"),
        ("gammaplex-5", "handling", "do not shake"),
        ("asceniv", "handling", "do not shake"),
        ("bivigam", "handling", "do not freeze or heat"),
    ],
)
def test_label_facts(product: str, field: str, words: str) -> None:
    found = REGIMEN.product(product)
    assert found is not None and found.preparation is not None
    assert words in getattr(found.preparation, field).lower()


def test_silence_is_said_not_guessed() -> None:
    privigen = REGIMEN.product("privigen")
    assert privigen is not None and privigen.preparation is not None
    assert privigen.preparation.use_within == NOT_STATED
    assert privigen.preparation.rows()[-1][1] == NOT_STATED  # silent fields come last


def test_printed_beside_each_days_vials_and_in_the_text() -> None:
    plan = build_plan(PlanRequest(patient=Patient(weight_kg=70), indication_id="itp",
                                  product_id="octagam-10", dose_mg_kg=1000, days=2,
                                  start=START))
    assert ("Dilution", "Do not dilute") in plan.preparation
    assert any(s.startswith("Preparation: Octagam 10 %") for s in plan.sources)
    pdf = render_pdf_bytes(plan, generated_at=datetime(2026, 11, 28, 9, 0))
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)
    flat = re.sub(r"\s+", " ", text)
    assert flat.count("Preparation (product label)") == 2  # one per day
    assert "Needle no larger than 16 G" in flat
    assert "Preparation (product label):" in format_plan(plan)
