"""The shared bad-input matrix (tests/bad_inputs.py) through the window.

Values a nurse can type (weight, height, dose, days) are typed into their field: the field
shows the message in words, no dialog opens, and no plan figure stays on screen (a greyed
last plan showed a weight nobody entered). Values the form cannot receive by typing (unknown
ids, an IM product for an IV indication, a start that is not a date) come in through a
crafted plan file: a clear refusal in the notice bar, no traceback, no dialog, no plan
computed from them.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from bad_inputs import CASES, VALID, BadInput
from helpers import START
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLineEdit, QWidget
from pytestqt.qtbot import QtBot

from planner.plan.engine import build_plan
from planner.plan.models import Plan
from planner.plan.patient import Patient, PlanRequest
from planner.plan.plan_file import plan_file_data
from planner.regimen.loading import bundled_regimen
from ui.form import FormState
from ui.main_window import MainWindow

TYPED = {"weight", "height", "dose", "days"}


def typed(case: BadInput) -> bool:
    """A case the nurse can type: its field and every value but the indication are fields."""
    return case.field in TYPED and set(case.values) - {"indication"} <= TYPED


def decimal_comma(case: BadInput) -> bool:
    """The window reads '70,5' as 70.5 (and so does the CLI)."""
    return any("," in value for value in case.values.values())


TYPED_CASES = [c for c in CASES if typed(c) and not decimal_comma(c)]
COMMA_CASES = [c for c in CASES if typed(c) and decimal_comma(c)]
FILE_CASES = [c for c in CASES if not typed(c)]


def baseline(case: BadInput) -> tuple[FormState, Plan]:
    """The valid form the case starts from, and the engine's plan for it."""
    indication = case.values.get("indication", VALID["indication"])
    product = VALID["product"]
    request = PlanRequest(patient=Patient(weight_kg=float(VALID["weight"])),
                          indication_id=indication, product_id=product, start=START)
    plan = build_plan(request)
    state = FormState(weight=VALID["weight"], indication_id=indication, product_id=product,
                      dose=f"{plan.dose_mg_kg:g}", days=plan.days_count, start=START)
    return state, plan


def no_plan_figures(window: MainWindow) -> bool:
    """Nothing of a plan on screen: no summary row, step, vital sign, timeline lane or
    warning, only the message why."""
    result = window.result
    return (not result.summary.values and not result.summary.placeholder.isHidden()
            and result.model.rowCount() == 0 and result.vitals_table.rowCount() == 0
            and not result.timeline.data().lanes and window.warnings.body.isHidden())


def other_windows(window: MainWindow) -> list[QWidget]:
    return [w for w in QApplication.topLevelWidgets() if w.isVisible() and w is not window]


def field_widgets(window: MainWindow, field: str) -> tuple[QWidget, Any]:
    return {
        "weight": (window.patient.weight, window.patient.weight_error),
        "height": (window.patient.height_edit, window.patient.height_error),
        "dose": (window.prescription.dose, window.prescription.dose_error),
        "days": (window.prescription.days, window.prescription.days_error),
    }[field]


def type_into(qtbot: QtBot, widget: QWidget, text: str) -> None:
    """Replace the field's text in one edit (as pasted), so the plan on screen before it is
    the last valid one."""
    edit = widget if isinstance(widget, QLineEdit) else widget.findChild(QLineEdit)
    assert isinstance(edit, QLineEdit)
    edit.setFocus()
    edit.selectAll()
    if isinstance(widget, QLineEdit):
        edit.insert(text)
    else:
        qtbot.keyClicks(widget, text)  # a spin box takes real keystrokes


@pytest.mark.parametrize("case", TYPED_CASES, ids=[c.name for c in TYPED_CASES])
def test_typed_bad_value_is_marked_at_its_field(
    window: MainWindow, qtbot: QtBot, case: BadInput
) -> None:
    state, good = baseline(case)
    window.load_state(state)
    assert window.plan() == good
    for field, value in case.values.items():
        if field == "indication":
            continue
        widget, _message = field_widgets(window, field)
        type_into(qtbot, widget, value)
        shown = widget.text() if isinstance(widget, QLineEdit) else widget.cleanText()
        assert shown == value  # what was typed stays, never refused or rewritten
    widget, message = field_widgets(window, case.field)
    assert widget.property("invalid") is True
    assert message.is_error() and case.words in message.text(), message.text()
    assert case.field in window.field_errors()
    # no plan figures while the input is invalid, and nothing can be exported
    assert window.plan() is None
    assert window.result.plan() == good and window.result.is_stale()
    assert not window.result.stale_banner.isHidden()
    assert no_plan_figures(window)
    assert not window.action("export").isEnabled() and not window.action("print").isEnabled()
    assert QApplication.activeModalWidget() is None and other_windows(window) == []
    assert window.notice.isHidden()  # said at the field, not in a bar or a dialog


# -- values the form cannot receive by typing: through a crafted plan file ----------------

_PATHS = {
    "indication": ("indication_id",), "product": ("product_id",), "start": ("start",),
    "dose": ("dose_mg_kg",), "days": ("days",), "weight": ("patient", "weight_kg"),
    "height": ("patient", "height_cm"),
}


def _json_value(field: str, text: str) -> object:
    if field in ("indication", "product", "start"):
        return text
    try:
        number = float(text)
    except ValueError:
        return text  # as it would be hand-edited into the file
    return int(number) if field == "days" and number.is_integer() else number


def crafted_plan_file(folder: Path, case: BadInput) -> Path:
    values = {**VALID, **case.values}
    request = PlanRequest(patient=Patient(weight_kg=70), indication_id="pi",
                          product_id="privigen", start=START)
    data = plan_file_data(request, bundled_regimen())
    for field, text in values.items():
        *parents, key = _PATHS[field]
        target = data["request"]
        for part in parents:
            target = target[part]
        target[key] = _json_value(field, text)
    path = folder / "crafted.ivplan"
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def open_over_a_valid_plan(window: MainWindow, path: Path) -> tuple[Plan, bool]:
    window.load_demo()
    before = window.plan()
    assert before is not None
    return before, window.open_plan(path)


def assert_refused_cleanly(window: MainWindow, before: Plan, opened: bool) -> None:
    """No plan from the refused value, no other patient's plan greyed under it, no dialog."""
    assert not window.notice.isHidden() and window.notice.is_error
    text = window.notice.text.text()
    assert "Traceback" not in text and "Error(" not in text
    assert QApplication.activeModalWidget() is None and other_windows(window) == []
    assert not window.action("export").isEnabled() or not opened
    if opened:
        assert window.plan() is None
        assert window.result.plan() is None  # the previous patient's plan is gone
    else:
        assert window.plan() == before  # the form on screen is untouched


@pytest.mark.parametrize("case", FILE_CASES, ids=[c.name for c in FILE_CASES])
def test_untypable_value_in_a_plan_file_is_refused_in_words(
    window: MainWindow, tmp_path: Path, case: BadInput
) -> None:
    before, opened = open_over_a_valid_plan(window, crafted_plan_file(tmp_path, case))
    assert_refused_cleanly(window, before, opened)
    text = window.notice.text.text()
    assert case.words in text, text
    if opened:
        assert case.field in window.field_errors()


@pytest.mark.parametrize("case", TYPED_CASES, ids=[c.name for c in TYPED_CASES])
def test_typed_bad_value_in_a_plan_file_is_marked_or_refused(
    window: MainWindow, tmp_path: Path, case: BadInput
) -> None:
    """The same values hand-edited into a plan file: a number lands in its field, marked
    with the same words; text where a number belongs is refused naming the field."""
    before, opened = open_over_a_valid_plan(window, crafted_plan_file(tmp_path, case))
    assert_refused_cleanly(window, before, opened)
    if opened:
        widget, message = field_widgets(window, case.field)
        assert widget.property("invalid") is True
        assert message.is_error() and case.words in message.text(), message.text()
        assert case.field.capitalize() in window.notice.text.text()
    else:
        text = window.notice.text.text()
        assert case.field in text and _PATHS[case.field][-1] in text, text


def test_every_case_is_covered() -> None:
    assert {c.name for c in (*TYPED_CASES, *FILE_CASES, *COMMA_CASES)} == {
        c.name for c in CASES}
    assert TYPED_CASES and FILE_CASES and COMMA_CASES


@pytest.mark.parametrize("case", COMMA_CASES, ids=[c.name for c in COMMA_CASES])
def test_a_decimal_comma_is_read_as_the_number_meant(
    window: MainWindow, qtbot: QtBot, case: BadInput
) -> None:
    state, _good = baseline(case)
    window.load_state(state)
    for field, value in case.values.items():
        widget, message = field_widgets(window, field)
        type_into(qtbot, widget, value)
        assert not message.is_shown() and not widget.property("invalid")
    plan = window.plan()
    assert plan is not None
    typed = float(case.values["weight"].replace(",", "."))
    assert plan.actual_weight_kg == typed


def test_escape_and_enter_after_a_bad_value_open_nothing(
    window: MainWindow, qtbot: QtBot
) -> None:
    state, _good = baseline(CASES[0])
    window.load_state(state)
    type_into(qtbot, window.patient.weight, "seventy")
    for key in (Qt.Key.Key_Return, Qt.Key.Key_Escape):
        qtbot.keyClick(window.patient.weight, key)
    assert window.patient.weight.text() == "seventy"
    assert other_windows(window) == []
