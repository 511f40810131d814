"""At the chair: a bedside event's reason and new lot number say at the field, as they are
typed, what the PDF font cannot print (naming the day and event time, as the export does); the
event is still recorded, and the export still refuses it."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot
from test_gui_chair import TODAY, Clock, panel_for, plan_file
from test_gui_print_cautions import UNPRINTABLE, export_refuses, shows

from planner.bedside.events import EventKind
from ui.bedside_events import ChairPanel
from ui.main_window import MainWindow


def chair(qtbot: QtBot, tmp_path: Path, clock: Clock) -> ChairPanel:
    return panel_for(qtbot, plan_file(tmp_path, "Ann Lee", TODAY), clock)


@pytest.mark.parametrize(("typed", "bad"), [("悪寒", "悪, 寒"), ("rash 🔴 arm", "🔴"),
                                            ("두통", "두, 통")])
def test_an_event_reason_is_cautioned_naming_the_day_and_time(
    qtbot: QtBot, tmp_path: Path, typed: str, bad: str
) -> None:
    panel = chair(qtbot, tmp_path, Clock(TODAY + timedelta(minutes=30)))
    for ch in typed:
        panel.reason.insert(ch)
    assert shows(panel.reason_caution, "reason (day 1 event at 08:30)", bad)
    assert panel.reason.accessibleDescription() == panel.reason_caution.text()[2:]
    panel.time.setTime(panel.time.time().addSecs(15 * 60))  # the name follows the time
    assert shows(panel.reason_caution, "reason (day 1 event at 08:45)", bad)
    assert not panel.lot_caution.is_shown()
    panel.reason.setText("frissons, Zoë")
    assert not panel.reason_caution.is_shown() and panel.reason.accessibleDescription() == ""


@pytest.mark.parametrize(("typed", "bad"), UNPRINTABLE)
def test_a_new_lot_number_at_the_chair_is_cautioned(
    qtbot: QtBot, tmp_path: Path, typed: str, bad: str
) -> None:
    panel = chair(qtbot, tmp_path, Clock(TODAY + timedelta(minutes=50)))
    panel.lot.setText(typed)
    assert shows(panel.lot_caution, "lot number (day 1 event at 08:50)", bad)
    panel.lot.setText("Łot-Ørsted 9")
    assert not panel.lot_caution.is_shown()


def test_a_recorded_unprintable_reason_is_kept_said_and_refused_by_the_export(
    window: MainWindow, tmp_path: Path
) -> None:
    from ui import bedside_hooks

    assert window.open_plan(plan_file(tmp_path, "Ann Lee", TODAY))
    panel = bedside_hooks.show_chair(window).panel
    panel._clock = Clock(TODAY + timedelta(minutes=5))
    panel.reset_time()
    assert panel.record(EventKind.STARTED)
    panel._clock = Clock(TODAY + timedelta(minutes=40))
    panel.reset_time()
    panel.reason.setText("寒気")
    words = panel.reason_caution.text().removeprefix("⚠ ")
    assert "reason (day 1 event at 08:40): 寒, 気." in words
    assert panel.record(EventKind.PAUSED)  # a caution never blocks the record
    assert [e.reason for e in window.events.events()] == [None, "寒気"]
    assert not panel.reason_caution.is_shown()  # the field is empty again...
    assert words in panel.message.text()  # ...and the record says what will not print
    out = tmp_path / "pdf"
    out.mkdir()
    export_refuses(window, out, words)
