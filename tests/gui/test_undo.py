"""Edit ▸ Undo/Redo in the window: the form, the plan on screen and the lot wipe follow."""

from __future__ import annotations

from gui_helpers import fill
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from ui.form import LotRow
from ui.main_window import MainWindow
from ui.prescription_panel import ID_ROLE


def test_undo_and_redo_of_typing_refill_the_field_and_the_plan(
    window: MainWindow, qtbot: QtBot
) -> None:
    fill(window)
    before = window.plan()
    assert before is not None and not window.action("undo").isEnabled()
    window.patient.weight.selectAll()
    qtbot.keyClicks(window.patient.weight, "80")
    assert window.plan() is not None and window.plan() != before
    assert window.action("undo").isEnabled() and "weight" in window.action("undo").text()
    window.action("undo").trigger()
    assert window.patient.weight.text() == "72" and window.plan() == before
    assert window.action("redo").isEnabled()
    window.action("redo").trigger()
    assert window.patient.weight.text() == "80"
    plan = window.plan()
    assert plan is not None and plan.actual_weight_kg == 80


def test_ctrl_z_undoes_a_product_change_and_brings_the_lots_back(
    window: MainWindow, qtbot: QtBot
) -> None:
    fill(window, lots=(LotRow(1, 10.0, "PRIV-1", ""),))
    panel = window.prescription
    panel.product.setCurrentIndex(panel.product.findData("gamunex-c", ID_ROLE))
    request = window.request()
    assert request is not None and request.product_id == "gamunex-c" and request.lots == ()
    assert window.result.lots.values()["lots"] == ()
    window.activateWindow()
    panel.product.setFocus()
    qtbot.keyClick(panel.product, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    request = window.request()
    assert request is not None and request.product_id == "privigen"
    assert [lot.lot for lot in request.lots] == ["PRIV-1"]
    assert panel.product_id() == "privigen"
    assert [row.lot for row in window.result.lots.values()["lots"]] == ["PRIV-1"]
    qtbot.keyClick(panel.product, Qt.Key.Key_Z,
                   Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert panel.product_id() == "gamunex-c" and window.result.lots.values()["lots"] == ()
