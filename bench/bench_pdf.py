"""PDF export of a 5-day course against a one-page reportlab table document, same run.

Run: python -m bench.bench_pdf [runs]
Absolute times depend on the machine; the ratio to a plain one-page reportlab Table
document (same fonts, built in the same process) says what our layout, chart and
page-numbering canvas cost on top of reportlab itself. Not part of the tests.
"""

from __future__ import annotations

import io
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from pypdf import PdfReader
from reportlab.lib.pagesizes import A4
from reportlab.platypus import SimpleDocTemplate, Table, TableStyle

from planner.engine import build_plan
from planner.patient import Patient, PlanRequest, Sex
from planner.pdf_export import export_pdf, render_pdf_bytes
from planner.pdf_styles import FONT, GREY_RULE, register_fonts
from planner.plan_models import Plan
from planner.regimen_models import RiskFlag

RUNS = 30
GENERATED = datetime(2026, 11, 30, 14, 5)


def five_day_plan() -> Plan:
    patient = Patient(weight_kg=70, height_cm=170, sex=Sex.FEMALE, name="Jane Doe", mrn="123",
                      risks=frozenset({RiskFlag.RENAL}), first_infusion=True)
    return build_plan(PlanRequest(patient=patient, indication_id="pemphigus-vulgaris",
                                  product_id="privigen", start=datetime(2026, 12, 1, 8, 0)))


def one_page_table() -> bytes:
    """The baseline: a 30 × 6 table of text in DejaVu Sans, one A4 page."""
    rows = [[f"r{r}c{c}" for c in range(6)] for r in range(30)]
    table = Table(rows)
    table.setStyle(TableStyle([("FONT", (0, 0), (-1, -1), FONT, 9),
                               ("GRID", (0, 0), (-1, -1), 0.5, GREY_RULE)]))
    buffer = io.BytesIO()
    SimpleDocTemplate(buffer, pagesize=A4, initialFontName=FONT).build([table])
    return buffer.getvalue()


def timed(fn: Callable[[], object], runs: int) -> list[float]:
    samples = []
    for _ in range(runs):
        t0 = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - t0)
    return samples


def main() -> None:
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else RUNS
    register_fonts()
    plan = five_day_plan()
    with tempfile.TemporaryDirectory() as folder:
        target = Path(folder) / "schedule.pdf"
        # warm-up: imports, font parsing, first-use caches
        one_page_table()
        export_pdf(plan, target, generated_at=GENERATED)
        rows = [
            ("one-page table (baseline)", timed(one_page_table, runs)),
            ("5-day schedule, bytes", timed(
                lambda: render_pdf_bytes(plan, generated_at=GENERATED), runs)),
            ("5-day schedule, export_pdf", timed(
                lambda: export_pdf(plan, target, generated_at=GENERATED), runs)),
        ]
        pages = len(PdfReader(io.BytesIO(render_pdf_bytes(plan, generated_at=GENERATED))).pages)
        size = target.stat().st_size
    base = statistics.median(rows[0][1])
    print(f"runs: {runs}; 5-day schedule: {size / 1024:.0f} KiB")
    print(f"{'measure':<30}{'median ms':>10}{'p90 ms':>9}{'× baseline':>12}")
    for name, samples in rows:
        med = statistics.median(samples)
        p90 = statistics.quantiles(samples, n=10)[-1] if len(samples) > 1 else med
        print(f"{name:<30}{med * 1e3:>10.1f}{p90 * 1e3:>9.1f}{med / base:>12.1f}")
    per_page = statistics.median(rows[1][1]) / pages
    print(f"pages in the schedule: {pages}; per page {per_page * 1e3:.1f} ms = "
          f"{per_page / base:.1f} × the one-page table")


if __name__ == "__main__":
    main()
