"""One autosave slot per running copy: a second copy never offers the first one's live inputs
and never overwrites them; a slot whose session ended is offered back."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from datetime import datetime
from pathlib import Path

from planner.plan.patient import Patient, PlanRequest
from planner.regimen.loading import bundled_regimen
from ui.autosave import AutosaveStore


def _request(weight: float) -> PlanRequest:
    return PlanRequest(patient=Patient(weight_kg=weight), indication_id="pi",
                       product_id="privigen", start=datetime(2026, 12, 1, 8, 0))


def test_two_live_sessions_get_their_own_slots(tmp_path: Path) -> None:
    first = AutosaveStore.for_this_session(tmp_path)
    second = AutosaveStore.for_this_session(tmp_path)
    try:
        assert first.slot != second.slot and first.path != second.path
        first.save(_request(70), bundled_regimen())
        assert second.take_offer() is None  # the first one's live inputs are not offered
        second.save(_request(80), bundled_regimen())
        from planner.plan.plan_file import load_plan_file

        assert load_plan_file(first.path).request.patient.weight_kg == 70  # not overwritten
        assert load_plan_file(second.path).request.patient.weight_kg == 80
    finally:
        first.release()
        second.release()


def test_a_slot_whose_session_ended_is_offered_back(tmp_path: Path) -> None:
    crashed = AutosaveStore.for_this_session(tmp_path)
    crashed.save(_request(63), bundled_regimen())
    crashed.release()  # the process ended without removing its autosave
    running = AutosaveStore.for_this_session(tmp_path)
    try:
        offer = running.take_offer()
        assert offer is not None and offer.request.patient.weight_kg == 63
    finally:
        running.release()


def test_a_session_in_another_process_keeps_its_slot(tmp_path: Path) -> None:
    holder = subprocess.Popen(
        [sys.executable, "-c", textwrap.dedent(f"""
            import sys, time
            from pathlib import Path
            from datetime import datetime
            from planner.plan.patient import Patient, PlanRequest
            from planner.regimen.loading import bundled_regimen
            from ui.autosave import AutosaveStore
            store = AutosaveStore.for_this_session(Path({str(tmp_path)!r}))
            store.save(PlanRequest(patient=Patient(weight_kg=55), indication_id="pi",
                       product_id="privigen", start=datetime(2026, 12, 1, 8, 0)),
                       bundled_regimen())
            print(store.slot, flush=True)
            sys.stdin.read()
        """)],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
    )
    try:
        assert holder.stdout is not None
        held = int(holder.stdout.readline())
        mine = AutosaveStore.for_this_session(tmp_path)
        try:
            assert mine.slot != held
            assert mine.take_offer() is None  # the other process's live inputs stay its own
        finally:
            mine.release()
    finally:
        assert holder.stdin is not None
        holder.stdin.close()
        holder.wait(timeout=60)
    after = AutosaveStore.for_this_session(tmp_path)  # the other process has ended
    try:
        offer = after.take_offer()
        assert after.slot == held and offer is not None
        assert offer.request.patient.weight_kg == 55
    finally:
        after.release()
