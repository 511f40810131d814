"""PDF export of a 5-day course against a one-page reportlab table document, same run.

Run: python -m bench.bench_pdf [runs]
Absolute times depend on the machine; the ratio to a plain one-page reportlab Table
document (same fonts, built in the same process) says what our layout, chart and
page-numbering canvas cost on top of reportlab itself. The measures take turns run by run,
so a busy machine slows all of them alike; the ratio is given on the medians and on the
fastest runs. Not part of the tests.
"""

from __future__ import annotations

import io
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date, datetime
from datetime import time as clock_time
from pathlib import Path

from pypdf import PdfReader
from reportlab.lib.pagesizes import A4
from reportlab.platypus import SimpleDocTemplate, Table, TableStyle

from planner.plan.engine import build_plan
from planner.plan.models import LotEntry, Plan
from planner.plan.patient import LotChange, Patient, PlanRequest, Sex
from planner.plan.second_check import Difference, SecondCheckRecord
from planner.regimen.models import RiskFlag
from planner.report.pdf.export import export_pdf, render_pdf_bytes
from planner.report.pdf.styles import FONT, GREY_RULE, register_fonts

RUNS = 30
GENERATED = datetime(2026, 11, 30, 14, 5)


def five_day_plan(lots: bool = False) -> Plan:
    """The issue-5 course; ``lots`` adds lots on days 1 and 3 and a lot change on day 3."""
    patient = Patient(weight_kg=70, height_cm=170, sex=Sex.FEMALE, name="Jane Doe", mrn="123",
                      risks=frozenset({RiskFlag.RENAL}), first_infusion=True)
    entered = (
        LotEntry(day=1, grams=20, lot="P1-2211", expiry=date(2027, 3, 31)),
        LotEntry(day=1, grams=10, lot="P9-0456", expiry=date(2027, 1, 31)),
        LotEntry(day=3, grams=20, lot="P1-2299", expiry=date(2027, 4, 30)),
    ) if lots else ()
    changes = (LotChange(day=3, at=clock_time(9, 40)),) if lots else ()
    return build_plan(PlanRequest(patient=patient, indication_id="pemphigus-vulgaris",
                                  product_id="privigen", start=datetime(2026, 12, 1, 8, 0),
                                  lots=entered, lot_changes=changes))


def one_page_table() -> bytes:
    """The baseline: a 30 × 6 table of text in DejaVu Sans, one A4 page."""
    rows = [[f"r{r}c{c}" for c in range(6)] for r in range(30)]
    table = Table(rows)
    table.setStyle(TableStyle([("FONT", (0, 0), (-1, -1), FONT, 9),
                               ("GRID", (0, 0), (-1, -1), 0.5, GREY_RULE)]))
    buffer = io.BytesIO()
    SimpleDocTemplate(buffer, pagesize=A4, initialFontName=FONT).build([table])
    return buffer.getvalue()


def timed(fns: list[Callable[[], object]], runs: int) -> list[list[float]]:
    """Seconds per run of each function, the functions taking turns."""
    samples: list[list[float]] = [[] for _ in fns]
    for _ in range(runs):
        for fn, out in zip(fns, samples, strict=True):
            t0 = time.perf_counter()
            fn()
            out.append(time.perf_counter() - t0)
    return samples


def main() -> None:
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else RUNS
    register_fonts()
    plan = five_day_plan()
    full = five_day_plan(lots=True)
    record = SecondCheckRecord("Sam Second", GENERATED,
                               (Difference("weight (kg)", "70", "75"),))
    with tempfile.TemporaryDirectory() as folder:
        target = Path(folder) / "schedule.pdf"
        # warm-up: imports, font parsing, first-use caches
        one_page_table()
        export_pdf(plan, target, generated_at=GENERATED)
        names = ["one-page table (baseline)", "5-day schedule, bytes",
                 "5-day schedule, export_pdf", "5-day + lots, change, check"]
        samples = timed([
            one_page_table,
            lambda: render_pdf_bytes(plan, generated_at=GENERATED),
            lambda: export_pdf(plan, target, generated_at=GENERATED),
            lambda: render_pdf_bytes(full, generated_at=GENERATED, second_check=record),
        ], runs)
        pages = len(PdfReader(io.BytesIO(render_pdf_bytes(plan, generated_at=GENERATED))).pages)
        size = target.stat().st_size
    base_med = statistics.median(samples[0])
    base_min = min(samples[0])
    print(f"runs: {runs}; 5-day schedule: {pages} pages, {size / 1024:.0f} KiB")
    print(f"{'measure':<30}{'median ms':>10}{'min ms':>8}{'p90 ms':>8}{'× base (med)':>14}"
          f"{'× base (min)':>14}")
    for name, times in zip(names, samples, strict=True):
        med = statistics.median(times)
        p90 = statistics.quantiles(times, n=10)[-1] if len(times) > 1 else med
        print(f"{name:<30}{med * 1e3:>10.1f}{min(times) * 1e3:>8.1f}{p90 * 1e3:>8.1f}"
              f"{med / base_med:>14.1f}{min(times) / base_min:>14.1f}")
    per_page = statistics.median(samples[1]) / pages
    print(f"per page of the schedule {per_page * 1e3:.1f} ms = "
          f"{per_page / base_med:.1f} × the one-page table")


if __name__ == "__main__":
    main()
