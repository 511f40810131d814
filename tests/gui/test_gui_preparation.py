"""The label's preparation facts are shown with the chosen product (read-only)."""

from __future__ import annotations

from gui_helpers import fill

from planner.regimen.loading import bundled_regimen
from ui.main_window import MainWindow
from ui.preparation_note import preparation_summary


def test_preparation_follows_the_product(window: MainWindow) -> None:
    regimen = bundled_regimen().regimen
    fill(window, indication_id="itp", product_id="octagam-10")
    note = window.prescription.preparation
    assert not note.isHidden()
    assert note.text() == preparation_summary(regimen.product("octagam-10"))
    assert "Do not dilute" in note.text() and "16 G" in note.text()
    assert "Source:" in note.toolTip()
    panel = window.prescription
    panel.product.setCurrentIndex(panel._product_row("privigen"))
    assert "5 % dextrose" in note.text()
