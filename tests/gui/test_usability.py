"""A nurse's afternoon with the app (issue 10): each numbered item driven through the real
widgets, keyboard first."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from pathlib import Path

import pytest
from gui_helpers import fill
from helpers import START
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from planner.core.units import lb_to_kg
from planner.regimen.models import RiskFlag
from ui.main_window import MainWindow


def codes_on_screen(window: MainWindow) -> set[str]:
    """The codes of the warnings listed (none while the list is hidden)."""
    if window.warnings.body.isHidden():
        return set()
    return {item.warning.code for item in window.warnings.items}


def focus(window: MainWindow) -> QWidget | None:
    widget = QApplication.focusWidget()
    return widget


# -- 2. start date and time ----------------------------------------------------------------


def test_tab_goes_from_date_to_time_and_typed_time_never_changes_the_month(
    window: MainWindow, qtbot: QtBot
) -> None:
    fill(window)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    panel = window.prescription
    panel.compare_button.setFocus()
    qtbot.keyClick(panel.compare_button, Qt.Key.Key_Tab)
    assert focus(window) is panel.start_date
    before = panel.start_date.date()
    qtbot.keyClicks(panel.start_date, "0930")  # meant for the time
    after = panel.start_date.date()
    assert (after.year(), after.month()) == (before.year(), before.month())
    qtbot.keyClick(panel.start_date, Qt.Key.Key_Tab)
    assert focus(window) is panel.start_time  # not the date's next part
    qtbot.keyClicks(panel.start_time, "1415")
    assert panel.start_time.time().toString("HH:mm") == "14:15"
    qtbot.keyClick(panel.start_time, Qt.Key.Key_Tab)
    assert focus(window) not in (panel.start_date, panel.start_time)
    plan = window.plan()
    assert plan is not None and plan.days[0].start.time() == time(14, 15)


def test_a_start_in_the_past_or_far_ahead_gets_a_caution(
    window: MainWindow, fixed_today: object
) -> None:
    fill(window, start=START - timedelta(days=10))
    assert "START_IN_PAST" in codes_on_screen(window)
    fill(window, start=START + timedelta(days=200))
    assert "START_FAR_AHEAD" in codes_on_screen(window)
    fill(window, start=START)
    assert not {"START_IN_PAST", "START_FAR_AHEAD"} & codes_on_screen(window)


# -- 5. pounds typed with the unit on kg ---------------------------------------------------


def test_an_unusual_weight_is_confirmed_before_any_plan(window: MainWindow, qtbot: QtBot) -> None:
    fill(window, weight="141", height="")
    patient = window.patient
    assert window.plan() is None and not window.result.summary.values
    assert patient.weight_check.isVisible() and "lb" in patient.weight_check.text.text()
    qtbot.mouseClick(patient.weight_check.confirm, Qt.MouseButton.LeftButton)
    plan = window.plan()
    assert plan is not None and plan.actual_weight_kg == 141
    assert not patient.weight_check.isVisible()
    assert "WEIGHT_CHECK" in codes_on_screen(window)  # and it goes on the PDF
    qtbot.keyClick(patient.weight, Qt.Key.Key_Backspace)
    qtbot.keyClicks(patient.weight, "9")  # 149: another number, asked again
    assert window.plan() is None and patient.weight_check.isVisible()


def test_it_was_in_pounds_switches_the_unit(window: MainWindow, qtbot: QtBot) -> None:
    fill(window, weight="160", height="")
    qtbot.mouseClick(window.patient.weight_check.to_lb, Qt.MouseButton.LeftButton)
    assert window.patient.weight_unit.currentText() == "lb"
    plan = window.plan()
    assert plan is not None and plan.actual_weight_kg == round(lb_to_kg(160), 1)


def test_weight_and_height_that_disagree_are_questioned(window: MainWindow) -> None:
    fill(window, weight="72", height="65")  # height in inches, unit left on cm
    assert window.plan() is None and window.patient.weight_check.isVisible()
    assert "BMI" in window.patient.weight_check.text.text()


def test_the_unit_is_chosen_before_the_number(window: MainWindow) -> None:
    patient = window.patient
    for unit, edit in ((patient.weight_unit, patient.weight),
                       (patient.height_unit, patient.height_edit)):
        assert unit.mapTo(window, QPoint()).x() < edit.mapTo(window, QPoint()).x()
        chain = patient.tab_chain
        assert chain.index(unit) < chain.index(edit)


# -- 6. height needed when it changes the dose ---------------------------------------------


def test_height_is_asked_for_when_it_could_change_the_dose(window: MainWindow) -> None:
    fill(window, weight="110", height="", sex=None)
    patient = window.patient
    need = patient.height_error.text()
    assert "needed" in need and "%" in need and not patient.height_error.is_error()
    assert "needed" in patient.height_edit.placeholderText()
    plan = window.plan()
    assert plan is not None
    caution = next(w for w in plan.warnings if w.code == "DOSING_WEIGHT_UNCHECKED")
    assert "% lower" in caution.message and f"{plan.prescribed_total_g:.1f} g" in caution.message
    fill(window, weight="64", height="", sex=None)
    assert "needed" not in patient.height_error.text()
    assert "optional" in patient.height_edit.placeholderText()
    assert "DOSING_WEIGHT_UNCHECKED" not in codes_on_screen(window)


# -- 7. no plan figures while the input is invalid; decimal comma ----------------------------


def test_no_plan_figures_while_typing_an_invalid_weight(window: MainWindow, qtbot: QtBot) -> None:
    fill(window, weight="")
    qtbot.keyClicks(window.patient.weight, "70")
    assert window.plan() is not None
    qtbot.keyClicks(window.patient.weight, "0")  # 700: on its way to nothing valid
    result = window.result
    assert window.plan() is None
    assert not result.summary.values and result.model.rowCount() == 0
    assert not result.timeline.data().lanes and window.warnings.body.isHidden()
    assert "70 kg" not in result.summary.placeholder.text()


def test_a_decimal_comma_is_the_number_the_nurse_meant(window: MainWindow, qtbot: QtBot) -> None:
    fill(window, weight="")
    qtbot.keyClicks(window.patient.weight, "64,5")
    plan = window.plan()
    assert plan is not None and plan.actual_weight_kg == 64.5
    assert "64.5 kg" in window.result.summary.value_text("weight")


# -- 12. no jump on the first keystroke -----------------------------------------------------


def test_the_form_does_not_move_on_the_first_keystroke(window: MainWindow, qtbot: QtBot) -> None:
    window.new_form(confirm=False)
    QApplication.processEvents()
    below = [window.patient.height_edit, window.patient.mrn, window.prescription.indication]
    before = [w.mapTo(window, QPoint()).y() for w in below]
    qtbot.keyClicks(window.patient.weight, "7")
    QApplication.processEvents()
    assert [w.mapTo(window, QPoint()).y() for w in below] == before


def test_start_typed_by_keys_is_used_exactly(window: MainWindow) -> None:
    fill(window, start=datetime.combine(START.date(), time(7, 5)))
    plan = window.plan()
    assert plan is not None and f"{plan.days[0].start:%H:%M}" == "07:05"


# -- 10. the checklist: focus on the first item, and which day ------------------------------


def test_checklist_focus_starts_on_the_first_item_and_names_the_day(
    window: MainWindow, qtbot: QtBot
) -> None:
    fill(window)
    plan = window.plan()
    assert plan is not None
    renal = window.patient.risk_boxes[RiskFlag.RENAL]
    renal.setFocus()
    window.action("checklist").trigger()
    checklist = window.tools.checklist
    assert checklist is not None and checklist.boxes
    qtbot.waitUntil(checklist.isActiveWindow)
    assert QApplication.focusWidget() is checklist.boxes[0]
    qtbot.keyClick(checklist.boxes[0], Qt.Key.Key_Space)
    qtbot.keyClick(checklist.boxes[0], Qt.Key.Key_Return)
    assert checklist.isVisible() and checklist.boxes[0].isChecked()
    assert not renal.isChecked() and window.plan() == plan  # nothing behind it changed
    day1 = plan.days[0]
    assert "Day 1 of 5" in checklist.heading.text()
    assert f"{day1.date:%Y-%m-%d}" in checklist.heading.text()
    assert "Day 1" in checklist.windowTitle()
    window.result.day_tabs.setCurrentIndex(2)  # the nurse looks at day 3: its own checklist
    assert "Day 3 of 5" in checklist.heading.text()
    assert f"{plan.days[2].date:%Y-%m-%d}" in checklist.heading.text()
    assert not any(box.isChecked() for box in checklist.boxes)
    checklist.close()


# -- 9. the second check uses the main form's widgets ----------------------------------------


def test_second_check_indication_searches_like_the_main_form_and_return_never_compares(
    window: MainWindow, qtbot: QtBot
) -> None:
    fill(window)
    dialog = window.start_second_check()
    assert dialog is not None
    assert type(dialog.indication) is type(window.prescription.indication)
    dialog.indication.setFocus()
    qtbot.keyClicks(dialog.indication, "ITP")
    assert dialog.indication.indication_id() == "itp"  # not "ITP — maintenance"
    qtbot.keyClick(dialog.indication, Qt.Key.Key_Return)
    assert dialog.differences is None and dialog.status.text().startswith("Enter every")
    assert dialog.isVisible()
    line = dialog.indication.lineEdit()
    assert line is not None
    line.clear()
    qtbot.keyClicks(dialog.indication, "thrombocyto")  # any part of the name, as in the form
    popup = dialog.indication.completer().popup()
    assert popup.isVisible() and popup.model().rowCount() >= 1
    dialog.reject()


def test_second_check_errors_go_when_fixed_and_no_gap_stays(
    window: MainWindow, qtbot: QtBot
) -> None:
    fill(window)
    dialog = window.start_second_check()
    assert dialog is not None
    dialog.compare()  # everything empty: every field says what is missing
    assert all(m.is_shown() for m in dialog.errors.values())
    qtbot.keyClicks(dialog.weight, "72")
    assert not dialog.errors["weight"].is_shown() and dialog.errors["dose"].is_shown()
    dialog.select(dialog.indication, "itp")
    dialog.select(dialog.product, "privigen")
    qtbot.keyClicks(dialog.dose, "1000")  # differs from the first entry (400)
    qtbot.keyClicks(dialog.days, "2")
    QApplication.processEvents()
    height = dialog.height()
    dialog.compare()
    assert dialog.differences and not dialog.table.isHidden()
    dialog.dose.clear()
    qtbot.keyClicks(dialog.dose, "400")
    QApplication.processEvents()
    assert dialog.table.isHidden() and dialog.height() <= height
    dialog.reject()


def test_second_check_labels_and_unit_order_match_the_main_form(window: MainWindow) -> None:
    from PySide6.QtWidgets import QLabel

    fill(window)
    dialog = window.start_second_check()
    assert dialog is not None

    def mnemonics(root: QWidget, fields: dict[str, QWidget]) -> dict[str, str]:
        found = {}
        for label in root.findChildren(QLabel):
            for name, widget in fields.items():
                if label.buddy() is widget:
                    found[name] = label.text()
        return found

    main = mnemonics(window, {"weight": window.patient.weight,
                              "indication": window.prescription.indication,
                              "dose": window.prescription.dose,
                              "days": window.prescription.days,
                              "product": window.prescription.product})
    second = mnemonics(dialog, {"weight": dialog.weight, "indication": dialog.indication,
                                "dose": dialog.dose, "days": dialog.days,
                                "product": dialog.product})
    assert main == second and len(main) == 5
    assert dialog.weight_unit.mapTo(dialog, QPoint()).x() < dialog.weight.mapTo(
        dialog, QPoint()).x()
    dialog.reject()


# -- 15. every field error at once, plain words, fixed doses, codes only in details -----------


def test_every_field_error_shows_at_once(window: MainWindow, qtbot: QtBot) -> None:
    fill(window, weight="seventy", dose="5000", days=9)
    errors = window.field_errors()
    assert {"weight", "dose", "days"} <= set(errors)
    prescription = window.prescription
    assert prescription.dose_error.is_error() and prescription.days_error.is_error()
    assert window.patient.weight_error.is_error()
    fill(window, weight="700", dose="5000")  # both readable, both beyond the limits
    assert {"weight", "dose"} <= set(window.field_errors())


def test_messages_use_display_names_not_ids(window: MainWindow) -> None:
    fill(window, indication_id="itp", dose="5000")
    message = window.prescription.dose_error.text()
    assert "Immune thrombocytopenia" in message and "for itp" not in message
    assert "2000–2000" not in message


def test_a_fixed_dose_is_shown_as_fixed(window: MainWindow) -> None:
    from planner.regimen.loading import bundled_regimen

    regimen = bundled_regimen().regimen
    fixed = next(i for i in regimen.indications
                 if i.dose_mg_kg.min == i.dose_mg_kg.max and i.labeled_products)
    changeable = next(i for i in regimen.indications if i.dose_mg_kg.min < i.dose_mg_kg.max)
    fill(window, indication_id=fixed.id, product_id=fixed.labeled_products[0],
         dose=f"{fixed.dose_mg_kg.min:g}", days=fixed.days.default)
    dose = window.prescription.dose
    assert dose.isReadOnly() and dose.focusPolicy() == Qt.FocusPolicy.NoFocus
    assert "fixed" in window.prescription.dose_hint.text()
    fill(window, indication_id=fixed.id, product_id=fixed.labeled_products[0],
         dose=f"{fixed.dose_mg_kg.min + 100:g}", days=fixed.days.default)
    assert not dose.isReadOnly()  # a wrong value from a file can still be corrected
    assert "fixed at" in window.prescription.dose_error.text()
    assert "–" not in window.prescription.dose_error.text()
    fill(window, indication_id=changeable.id, dose=f"{changeable.dose_mg_kg.default:g}",
         days=changeable.days.default)
    assert not dose.isReadOnly()


def test_warning_codes_are_only_in_the_details_tooltip(window: MainWindow) -> None:
    fill(window, first_infusion=True)
    items = window.warnings.items
    assert items
    for item in items:
        assert item.warning.key not in item.text.text()
        assert f"Code: {item.warning.key}" in item.text.toolTip()


def test_blank_form_says_what_is_still_to_fill_in(window: MainWindow) -> None:
    window.new_form(confirm=False)
    reason = window.document.validity().reason
    assert reason.startswith("Still to fill in:") and "Complete:" not in reason


# -- 13. Open finds .json plans, Save adds .ivplan, File ▸ Open Recent -----------------------


def test_open_lists_ivplan_and_json_and_save_adds_the_suffix(
    window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from PySide6.QtWidgets import QFileDialog

    fill(window)
    asked: list[str] = []

    def save_name(*args: object) -> tuple[str, str]:
        asked.append(str(args[3]))
        return str(tmp_path / "ann"), ""

    monkeypatch.setattr(QFileDialog, "getSaveFileName", save_name)
    window.action("save_as").trigger()
    assert (tmp_path / "ann.ivplan").is_file()
    assert window.save_plan(tmp_path / "plan.json")  # a .json name the nurse typed is kept
    window.new_form(confirm=False)

    def open_name(*args: object) -> tuple[str, str]:
        asked.append(str(args[3]))
        return str(tmp_path / "plan.json"), ""

    monkeypatch.setattr(QFileDialog, "getOpenFileName", open_name)
    window.action("open").trigger()
    assert window.document.path() == tmp_path / "plan.json" and window.plan() is not None
    pattern = asked[-1].split(";;")[0]
    assert "*.ivplan" in pattern and "*.json" in pattern


def test_open_recent_lists_the_last_plans_newest_first(
    window: MainWindow, tmp_path: Path
) -> None:
    fill(window)
    first, second = tmp_path / "first.ivplan", tmp_path / "second.ivplan"
    assert window.save_plan(first)
    fill(window, weight="80")
    assert window.save_plan(second)
    menu = window.recent_menu
    menu.refresh()
    entries = [a for a in menu.actions() if a.data()]
    assert [a.data() for a in entries] == [str(second.resolve()), str(first.resolve())]
    assert entries[0].text().startswith("&1 second.ivplan")
    second.unlink()  # gone since: not offered
    menu.refresh()
    assert [a.data() for a in menu.actions() if a.data()] == [str(first.resolve())]
    window.new_form(confirm=False)
    next(a for a in menu.actions() if a.data()).trigger()
    assert window.document.path() == first and window.plan() is not None
    file_menu = window.menuBar().actions()[0].menu()
    assert menu.menuAction() in file_menu.actions()


# -- 14. the window fits the screen; the timeline never draws text over text -----------------


@pytest.mark.parametrize(("width", "height"), [(1366, 300), (1000, 230), (700, 190),
                                               (1366, 700), (500, 420)])
def test_timeline_never_draws_text_over_text(qtbot: QtBot, width: int, height: int) -> None:
    from PySide6.QtGui import QImage, QPainter

    from planner.plan.engine import build_plan
    from planner.plan.patient import Patient, PlanRequest
    from ui.timeline import TimelineWidget
    from ui.timeline_data import timeline_from_plan

    plan = build_plan(PlanRequest(patient=Patient(weight_kg=70), indication_id="itp",
                                  product_id="bivigam", days=5, start=START))
    widget = TimelineWidget()
    qtbot.addWidget(widget)
    widget.set_data(timeline_from_plan(plan))
    widget.resize(width, height)
    image = QImage(width, height, QImage.Format.Format_ARGB32)
    painter = QPainter(image)
    widget.render(painter, QPoint(0, 0))
    painter.end()
    texts = [*widget.drawn_titles, *(box for _step, box in widget.drawn_labels)]
    assert len(widget.drawn_titles) >= 5  # every day is named
    clashes = [(a, b) for i, a in enumerate(texts) for b in texts[i + 1:] if a.intersects(b)]
    assert clashes == []
    for index, box in enumerate(widget.drawn_titles):
        lane = widget._geometry().lane_rect(min(index, len(plan.days) - 1))
        assert box.top() >= widget._geometry().plot.top() - 1 and box.height() > 0
        assert lane.height() > 0


def test_the_window_opens_within_the_available_screen(
    qtbot: QtBot, settings: object, monkeypatch: pytest.MonkeyPatch
) -> None:
    from PySide6.QtCore import QRect
    from PySide6.QtGui import QScreen

    from ui.settings import AppSettings

    assert isinstance(settings, AppSettings)
    small = QRect(0, 0, 1024, 740)  # 1024×768 less a task bar
    monkeypatch.setattr(QScreen, "availableGeometry", lambda _screen: small)
    win = MainWindow(settings, ask_before_discard=False, remember_geometry=True)
    qtbot.addWidget(win)
    assert win.width() <= small.width() and win.height() <= small.height()
    assert win.minimumWidth() <= small.width() and win.minimumHeight() <= small.height()


# -- 3. no product chosen for the nurse; no plan until indication and product are chosen -----


def test_typing_an_indication_chooses_no_product_and_shows_no_plan(
    window: MainWindow, qtbot: QtBot
) -> None:
    window.new_form(confirm=False)
    qtbot.keyClicks(window.patient.weight, "72")
    qtbot.keyClicks(window.patient.height_edit, "165")
    combo = window.prescription.indication
    qtbot.keyClicks(combo.lineEdit(), "ITP")
    panel = window.prescription
    assert combo.indication_id() == "itp"
    assert panel.product_id() is None and panel.product.currentIndex() == -1
    assert window.plan() is None and not window.result.summary.values
    assert "product" in window.field_errors()
    panel.product.setCurrentIndex(panel._product_row("gamunex-c"))  # the nurse's choice
    plan = window.plan()
    assert plan is not None and plan.product_id == "gamunex-c"


def test_the_only_product_stocked_is_chosen_and_said_so(
    qtbot: QtBot, settings: object
) -> None:
    import dataclasses

    from planner.regimen.loading import bundled_regimen
    from ui.catalog import product_choices
    from ui.settings import AppSettings

    assert isinstance(settings, AppSettings)
    bundled = bundled_regimen()
    itp = bundled.regimen.indication("itp")
    assert itp is not None
    ids = product_choices(bundled.regimen, itp).ids()
    only = ids[-1]
    loaded = dataclasses.replace(bundled, not_stocked=frozenset(ids[:-1]))
    win = MainWindow(settings, loaded, ask_before_discard=False, remember_geometry=False)
    qtbot.addWidget(win)
    win.show()
    qtbot.keyClicks(win.patient.weight, "72")
    qtbot.keyClicks(win.prescription.indication.lineEdit(), "ITP")
    panel = win.prescription
    assert panel.product_id() == only
    assert "only product stocked" in panel.product_hint.text()
    assert win.plan() is not None


# -- 4. New clears everything patient- and prescription-specific ----------------------------


def test_new_clears_everything_of_the_last_patient(window: MainWindow, qtbot: QtBot) -> None:
    fill(window, name="Ann", mrn="MRN-1", first_infusion=True,
         risks=frozenset({RiskFlag.RENAL}), dose="800", days=2, product_id="gamunex-c")
    assert window.plan() is not None
    window.action("new").trigger()
    patient, panel = window.patient, window.prescription
    assert [patient.weight.text(), patient.height_edit.text(), patient.name.text(),
            patient.mrn.text()] == ["", "", "", ""]
    assert not patient.first_infusion.isChecked()
    assert not any(box.isChecked() for box in patient.risk_boxes.values())
    assert panel.indication.currentText() == "" and panel.dose.text() == ""
    assert panel.days.text().strip() == "" and panel.product.count() == 0
    assert panel.product_id() is None and panel.protocol_id() is None
    assert window.plan() is None and window.document.last_plan() is None
    assert not window.result.summary.values and window.result.day_tabs.count() == 0
    # the next patient's indication starts from its own defaults, no product carried over
    qtbot.keyClicks(panel.indication.lineEdit(), "ITP")
    itp = window.loaded_regimen().regimen.indication("itp")
    assert itp is not None
    assert panel.dose.text() == f"{itp.dose_mg_kg.default:g}"
    assert panel.product_id() is None


# -- 1. the blind second check hides the first plan entirely ---------------------------------


def test_blind_second_check_hides_every_figure_of_the_first_plan(
    window: MainWindow, qtbot: QtBot
) -> None:
    from PySide6.QtWidgets import QLabel

    fill(window)
    window.show_protocol_comparison()
    plan = window.plan()
    assert plan is not None
    dialog = window.start_second_check()
    assert dialog is not None and window.first_plan_hidden()
    for panel in (window.patient, window.prescription, window.result.summary_box,
                  window.warnings, window.result.timeline_box, window.result.table_box):
        assert not panel.isVisible()  # not blurred, not behind a dialog: not shown
    assert window.tools.compare is None or not window.tools.compare.isVisible()
    shown = " ".join(label.text() for label in window.findChildren(QLabel)
                     if label.isVisible() and label.window() is window)
    for figure in (f"{plan.total_g:g} g", "72 kg", "mL/h", "Privigen", "Immune"):
        assert figure not in shown, figure
    dialog.reject()
    assert not window.first_plan_hidden() and window.result.summary_box.isVisible()


# -- 11. Tab: the form, then one stop per panel -----------------------------------------------


def test_tab_after_start_visits_each_panel_once(window: MainWindow, qtbot: QtBot) -> None:
    fill(window)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    window.prescription.start_time.setFocus()
    seen: list[QWidget] = []
    for _ in range(len(window.panel_stops) + 3):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        widget = QApplication.focusWidget()
        assert widget is not None and widget.isVisible()  # focus never disappears
        seen.append(widget)
    stops = seen[:len(window.panel_stops)]
    assert stops == window.panel_stops  # result, warnings, timeline, day tabs, steps table
    assert window.result.table.currentIndex().column() <= 0  # not walked cell by cell
    # and on round to the start of the form
    assert seen[len(window.panel_stops)] not in window.panel_stops


def test_arrow_keys_walk_the_timeline_steps(window: MainWindow, qtbot: QtBot) -> None:
    fill(window)
    timeline = window.result.timeline
    timeline.setFocus()
    qtbot.keyClick(timeline, Qt.Key.Key_Right)
    assert window.result.selected_step() == (0, 0)
    qtbot.keyClick(timeline, Qt.Key.Key_Right)
    assert window.result.selected_step() == (0, 1)
    qtbot.keyClick(timeline, Qt.Key.Key_Left)
    assert window.result.selected_step() == (0, 0)


# -- 16. print preview, F1 guide, Save in the discard prompt, the next step -----------------


def test_print_preview_renders_the_plan(window: MainWindow, tmp_path: Path) -> None:
    from pypdf import PdfReader
    from PySide6.QtPrintSupport import QPrintPreviewWidget

    fill(window)
    assert window.action("preview").isEnabled()
    assert window.action("preview") in window.menuBar().actions()[0].menu().actions()
    dialog = window.print_preview()
    assert dialog is not None
    preview = dialog.findChild(QPrintPreviewWidget)
    assert preview is not None
    preview.updatePreview()
    exported = window.export_pdf(tmp_path / "plan.pdf")
    assert exported is not None
    assert preview.pageCount() == len(PdfReader(exported).pages)  # the PDF's own pages
    dialog.deleteLater()
    fill(window, weight="abc")
    assert not window.action("preview").isEnabled() and window.print_preview() is None


def test_f1_opens_the_user_guide_explaining_every_warning(
    window: MainWindow, qtbot: QtBot
) -> None:
    from planner.core.warning_codes import WarningCode

    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    qtbot.keyClick(window.patient.weight, Qt.Key.Key_F1)
    guide = window.tools.guide
    assert guide is not None and guide.isVisible()
    text = guide.text.toPlainText()
    assert "How a plan is made" in text and "site policy" in text
    for code in WarningCode:
        assert code.value in text, code
    fill(window, first_infusion=True)
    plan = window.plan()
    assert plan is not None
    for warning in plan.warnings:  # every warning on screen is explained
        assert warning.code.split("_DAY_")[0] in text
    guide.close()  # a tool window left open would count as a dialog in later tests


def test_the_discard_prompt_offers_save(
    qtbot: QtBot, settings: object, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from PySide6.QtWidgets import QFileDialog, QMessageBox

    from ui.settings import AppSettings

    assert isinstance(settings, AppSettings)
    win = MainWindow(settings, ask_before_discard=True, remember_geometry=False)
    qtbot.addWidget(win)
    fill(win)
    offered: list[object] = []

    def answer(*args: object) -> QMessageBox.StandardButton:
        offered.append(args[3])
        return QMessageBox.StandardButton.Save

    monkeypatch.setattr(QMessageBox, "question", answer)
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        lambda *_a: (str(tmp_path / "kept"), ""))
    win.action("new").trigger()
    assert (tmp_path / "kept.ivplan").is_file()  # saved first, then the new form
    assert win.plan() is None and win.patient.weight.text() == ""
    assert QMessageBox.StandardButton.Save in QMessageBox.StandardButton(offered[0])
    fill(win)
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *_a: ("", ""))  # cancelled
    win.action("new").trigger()
    assert win.plan() is not None  # nothing saved: the plan on screen stays


def test_a_ready_plan_says_the_next_step(window: MainWindow) -> None:
    fill(window, weight="")
    assert not window.result.next_step.isVisible()
    fill(window)
    step = window.result.next_step
    assert step.isVisible() and "Second check" in step.text() and "Export PDF" in step.text()


@pytest.mark.parametrize("size", [(1093, 614), (1024, 768), (1366, 768)])
def test_every_panel_is_usable_on_a_small_screen(
    window: MainWindow, qtbot: QtBot, size: tuple[int, int]
) -> None:
    """1093×614 is what a 1366×768 screen offers at 1.25 scaling."""
    window.load_demo()
    window.resize(*size)
    qtbot.waitUntil(lambda: (window.width(), window.height()) == size)
    QApplication.processEvents()
    result = window.result
    line = result.summary.fontMetrics().lineSpacing()
    assert result.summary_scroll.viewport().height() >= 4 * line
    rows = result.table.viewport().height() / result.table.verticalHeader().defaultSectionSize()
    assert rows >= 3
    assert window.warnings.scroll_area.viewport().height() >= 3 * line
    result.timeline.grab()
    plan = window.plan()
    assert plan is not None and len(result.timeline.drawn_titles) >= len(plan.days)
    titles = result.timeline.drawn_titles
    assert not any(a.intersects(b) for i, a in enumerate(titles) for b in titles[i + 1:])


# -- 8. one mnemonic map: no Alt+letter twice in the main window or the second check --------


def _mnemonic(text: str) -> str | None:
    index = text.replace("&&", "").find("&")
    cleaned = text.replace("&&", "")
    return cleaned[index + 1].casefold() if 0 <= index < len(cleaned) - 1 else None


def _letters(root: QWidget, extra: list[str]) -> list[tuple[str, str]]:
    from PySide6.QtWidgets import QAbstractButton, QLabel

    found = [(letter, text) for text in extra if (letter := _mnemonic(text))]
    for label in root.findChildren(QLabel):
        if label.buddy() is not None and label.window() is root:
            letter = _mnemonic(label.text())
            if letter:
                found.append((letter, label.text()))
    for button in root.findChildren(QAbstractButton):
        if button.window() is root:
            letter = _mnemonic(button.text())
            if letter:
                found.append((letter, button.text()))
    return found


def test_no_alt_letter_is_used_twice(window: MainWindow) -> None:
    fill(window)
    window.recovery.offer("test")  # its Restore button shares the window's Alt keys
    menus = [a.text() for a in window.menuBar().actions()]
    letters = _letters(window, menus)
    seen: dict[str, str] = {}
    clashes = []
    for letter, text in letters:
        if letter in seen and seen[letter] != text:
            clashes.append((seen[letter], text))
        seen.setdefault(letter, text)
    assert clashes == []
    dialog = window.start_second_check()
    assert dialog is not None
    inside = _letters(dialog, [])
    assert len({letter for letter, _ in inside}) == len(inside)
    dialog.reject()
