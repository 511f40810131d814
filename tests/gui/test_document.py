"""The plan document without a window: recompute, validity, modification, lot wipe, check."""

from __future__ import annotations

import dataclasses
from datetime import datetime
from pathlib import Path

from gui_helpers import ITP_FORM

from planner.plan.second_check import SecondCheckRecord
from planner.regimen.loading import bundled_regimen
from ui.document import PlanDocument
from ui.form import FormState, LotRow

LOADED = bundled_regimen()
FORM = FormState(**ITP_FORM)  # type: ignore[arg-type]


class Recorder:
    """Every signal the document emits, in order, with its argument."""

    def __init__(self, document: PlanDocument) -> None:
        self.seen: list[tuple[str, object]] = []
        for name in ("planChanged", "validityChanged", "modificationChanged",
                     "contentsChanged", "stateReplaced", "lotsCleared", "secondCheckChanged",
                     "fileChanged"):
            getattr(document, name).connect(
                lambda *args, name=name: self.seen.append((name, args[0] if args else None)))

    def names(self) -> list[str]:
        return [name for name, _ in self.seen]


def test_a_valid_form_gives_a_current_plan_and_an_invalid_edit_keeps_it_stale() -> None:
    document = PlanDocument(LOADED)
    seen = Recorder(document)
    document.load(FORM)
    good = document.plan()
    assert good is not None and document.is_current() and not document.is_stale()
    assert "planChanged" in seen.names() and ("validityChanged", True) in seen.seen
    seen.seen.clear()
    document.edit(dataclasses.replace(FORM, weight="7x"))
    assert document.plan() is None and document.last_plan() == good and document.is_stale()
    assert "planChanged" not in seen.names() and ("validityChanged", False) in seen.seen
    assert set(document.validity().errors) == {"weight"}
    assert "Weight" in document.validity().reason
    seen.seen.clear()
    document.edit(dataclasses.replace(FORM, weight="7,5,0"))  # another reason, still invalid
    assert ("validityChanged", False) in seen.seen
    assert "one decimal point or comma" in document.validity().errors["weight"]


def test_loading_another_patient_drops_the_plan_instead_of_greying_it() -> None:
    document = PlanDocument(LOADED)
    document.load(FORM)
    assert document.last_plan() is not None
    document.load(dataclasses.replace(FORM, weight=""))
    assert document.last_plan() is None and not document.is_stale()
    assert document.validity().missing == frozenset({"weight"})


def test_modified_follows_the_saved_request_and_a_blank_form_is_never_modified(
    tmp_path: Path,
) -> None:
    document = PlanDocument(LOADED)
    flags: list[bool] = []
    document.modificationChanged.connect(flags.append)
    document.load(FormState())
    assert not document.is_modified() and flags == []
    document.edit(FORM)
    assert document.is_modified() and flags == [True]
    document.set_file(tmp_path / "a.ivplan", saved=True)
    assert not document.is_modified() and flags == [True, False]
    assert document.path() == tmp_path / "a.ivplan"
    document.edit(dataclasses.replace(FORM, dose="500"))
    assert document.is_modified()
    document.edit(FORM)  # back to exactly what was saved
    assert not document.is_modified()


def test_lot_numbers_are_wiped_when_the_product_changes_but_not_otherwise() -> None:
    document = PlanDocument(LOADED)
    with_lots = dataclasses.replace(FORM, lots=(LotRow(1, 10.0, "A123", "2030-01-31"),))
    document.load(with_lots)
    seen = Recorder(document)
    document.edit(dataclasses.replace(with_lots, dose="500"))
    assert document.state().lots and "lotsCleared" not in seen.names()
    document.edit(dataclasses.replace(with_lots, product_id="gamunex-c"))
    assert document.state().lots == () and document.state().product_id == "gamunex-c"
    assert seen.names().count("lotsCleared") == 1 and "stateReplaced" in seen.names()
    request = document.request()
    assert request is not None and request.lots == ()


def test_a_second_check_holds_only_for_the_input_that_was_checked() -> None:
    document = PlanDocument(LOADED)
    document.load(FORM)
    request = document.request()
    assert request is not None
    record = SecondCheckRecord("B. Nurse", datetime(2026, 11, 30, 9, 0), ())
    changes: list[object] = []
    document.secondCheckChanged.connect(changes.append)
    assert document.set_second_check(record, request)
    assert document.second_check() == record and changes == [record]
    document.edit(dataclasses.replace(FORM, dose="500"))
    assert document.second_check() is None and changes == [record, None]
    other = dataclasses.replace(FORM, dose="500")
    assert not document.set_second_check(record, request)  # not the input on the form now
    document.edit(other)
    assert document.second_check() is None


def test_typing_in_one_field_is_one_undo_step_and_undo_recomputes() -> None:
    document = PlanDocument(LOADED)
    document.load(FORM)
    first = document.plan()
    stack = document.undo_stack
    assert stack.count() == 0
    for text in ("8", "80", "80.5"):
        document.edit(dataclasses.replace(FORM, weight=text))
    document.edit(dataclasses.replace(FORM, weight="80.5", dose="500"))
    assert stack.count() == 2 and stack.undoText() == "dose"
    replaced: list[FormState] = []
    document.stateReplaced.connect(lambda: replaced.append(document.state()))
    stack.undo()
    assert document.state().dose == "400" and document.state().weight == "80.5"
    stack.undo()
    assert document.state() == FORM and replaced[-1] == FORM
    assert document.plan() == first and not stack.canUndo()
    stack.redo()
    assert document.state().weight == "80.5"
    plan = document.plan()
    assert first is not None and plan is not None
    assert (plan.actual_weight_kg, first.actual_weight_kg) == (80.5, 72)


def test_typing_back_to_where_it_was_leaves_no_undo_step() -> None:
    document = PlanDocument(LOADED)
    document.load(FORM)
    document.edit(dataclasses.replace(FORM, weight="721"))
    document.edit(FORM)
    assert not document.undo_stack.canUndo()


def test_undo_of_a_product_change_brings_the_lot_numbers_back_with_the_old_product() -> None:
    document = PlanDocument(LOADED)
    lots = (LotRow(1, 10.0, "A123", "2030-01-31"),)
    document.load(dataclasses.replace(FORM, lots=lots))
    cleared: list[None] = []
    document.lotsCleared.connect(lambda: cleared.append(None))
    document.edit(dataclasses.replace(FORM, lots=lots, product_id="gamunex-c"))
    assert document.state().lots == () and len(cleared) == 1
    assert "lot numbers cleared" in document.undo_stack.undoText()
    document.undo_stack.undo()
    assert document.state().lots == lots and document.state().product_id == "privigen"
    request = document.request()
    assert request is not None and request.lots and request.product_id == "privigen"
    document.undo_stack.redo()
    assert document.state().lots == () and document.state().product_id == "gamunex-c"


def test_another_patient_starts_a_new_history() -> None:
    document = PlanDocument(LOADED)
    document.load(FORM)
    document.edit(dataclasses.replace(FORM, dose="500"))
    assert document.undo_stack.canUndo()
    document.load(FormState())
    assert not document.undo_stack.canUndo() and not document.undo_stack.canRedo()
