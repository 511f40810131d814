"""The result summary rebuilds its rows only when what it shows changes."""

from __future__ import annotations

from helpers import plan_for
from pytestqt.qtbot import QtBot

from ui.result_panel import EMPTY_TEXT, SummaryView


def test_the_same_plan_twice_keeps_its_rows_and_a_new_plan_replaces_them(qtbot: QtBot) -> None:
    view = SummaryView()
    qtbot.addWidget(view)
    first = plan_for("itp", "octagam-10", 70)
    view.set_plan(first)
    rows = dict(view.values)
    assert "70 kg" in view.value_text("weight")

    view.set_plan(first)  # a recompute announces the same plan a second time
    assert view.values == rows and all(view.values[k] is rows[k] for k in rows)

    second = plan_for("itp", "octagam-10", 64.5)
    view.set_plan(second)
    assert "64.5 kg" in view.value_text("weight")
    assert all(view.values[k] is not rows[k] for k in rows if k in view.values)


def test_no_plan_shows_the_reason_and_a_plan_again_brings_back_rows(qtbot: QtBot) -> None:
    view = SummaryView()
    qtbot.addWidget(view)
    plan = plan_for("cidp-maintenance", "gamunex-c", 82)
    view.set_plan(plan)
    view.set_plan(None, "No plan yet. Weight: enter a number.")
    assert not view.values and view.placeholder.text().startswith("No plan yet. Weight")
    view.set_plan(None)
    assert view.placeholder.text() == EMPTY_TEXT
    view.set_plan(plan)  # the same plan as before the gap is shown again, not skipped
    assert "82 kg" in view.value_text("weight") and not view.placeholder.isVisible()
