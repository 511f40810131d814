"""The engine half of ``infusion-planner --self-test``: regimen file, one plan per
indication, one PDF. The GUI adds its own window check on top.

Returns report lines and raises :class:`SelfTestFailure` with the reason on the first fault,
so the bundle on a ward laptop can say in one line what is wrong.
"""

from __future__ import annotations

import tempfile
from datetime import datetime
from pathlib import Path

from planner.core.errors import PlannerError
from planner.plan.engine import build_plan
from planner.plan.models import Plan
from planner.plan.patient import AgeGroup, Patient, PlanRequest
from planner.regimen.loading import LoadedRegimen, load_regimen

SELF_TEST_START = datetime(2026, 1, 5, 8, 0)


class SelfTestFailure(Exception):
    """A self-test step failed; the message says which and why."""


def run_engine_self_test(pdf: bool = True) -> list[str]:
    report: list[str] = []
    try:
        loaded = load_regimen(None)
    except PlannerError as exc:
        raise SelfTestFailure(f"regimen file: {exc}") from None
    regimen = loaded.regimen
    report.append(
        f"regimen file {regimen.version} ({loaded.short_sha}) valid: "
        f"{len(regimen.indications)} indications, {len(regimen.products)} products"
    )
    plans = [_plan_for_indication(loaded, ind.id) for ind in regimen.indications]
    steps = sum(len(d.steps) for p in plans for d in p.days)
    report.append(f"{len(plans)} plans computed ({steps} rate steps)")
    if pdf:
        report.append(_export_one(max(plans, key=lambda p: len(p.days))))
    return report


def _plan_for_indication(loaded: LoadedRegimen, indication_id: str) -> Plan:
    regimen = loaded.regimen
    indication = regimen.indication(indication_id)
    assert indication is not None
    candidates = list(indication.labeled_products) or [
        p.id for p in regimen.products if p.route is indication.route
    ]
    request = PlanRequest(
        patient=Patient(weight_kg=30, height_cm=135, age_group=AgeGroup.CHILD),
        indication_id=indication_id, product_id=candidates[0], start=SELF_TEST_START,
    )
    try:
        return build_plan(request, loaded)
    except PlannerError as exc:
        raise SelfTestFailure(f"plan for {indication_id}: {exc}") from None


def _export_one(plan: Plan) -> str:
    try:
        from planner.report.pdf.export import export_pdf
    except ImportError as exc:  # a bundle that cannot print schedules is broken
        raise SelfTestFailure(f"PDF export cannot load: {exc}") from None
    with tempfile.TemporaryDirectory(prefix="infusion-planner-selftest-") as folder:
        target = Path(folder) / "self-test.pdf"
        try:
            export_pdf(plan, target)
        except PlannerError as exc:
            raise SelfTestFailure(f"PDF export: {exc}") from None
        size = target.stat().st_size
        if size < 1000 or not target.read_bytes().startswith(b"%PDF"):
            raise SelfTestFailure(f"PDF export: output is not a PDF ({size} bytes)")
    return f"PDF exported ({len(plan.days)}-day plan, {size / 1024:.0f} KiB)"
