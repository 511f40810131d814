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


def test_patient_panel_age_switch_gap_and_pregnancy(window: MainWindow) -> None:
    fill(window, age="8.5", product_switch=True, weeks_since_last="10")
    request = window.request()
    assert request is not None
    patient = request.patient
    assert patient.age_years == 8.5 and patient.is_child
    assert patient.product_switch and patient.weeks_since_last == 10
    panel = window.patient
    assert panel.age.text() == "8.5" and panel.product_switch.isChecked()
    panel.age.setText("130")
    assert window.request() is None
    assert "120" in panel.age_error.text()
    panel.age.setText("40")
    panel.pregnant.setChecked(True)
    request = window.request()
    assert request is not None and request.patient.pregnant and not request.patient.is_child
