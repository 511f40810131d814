"""Issue 7 in the window: protocol choice and comparison, vitals, checklist and reaction
plan, lots and lot changes, and the independent second check. Expectations come from
build_plan / compare_protocols / compare_plans here, never from numbers typed into the test."""

from __future__ import annotations

import inspect
import json
from datetime import date, datetime, time
from pathlib import Path

import pytest
from gui_helpers import fill as fill_form
from helpers import START
from PySide6.QtCore import QPointF
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from planner.plan.engine import build_plan
from planner.plan.limited_by import limit_words
from planner.plan.models import LotEntry, Plan
from planner.plan.patient import LotChange, Patient, PlanRequest, Sex
from planner.plan.plan_file import load_plan_file
from planner.plan.protocol_choice import protocol_ids
from planner.plan.protocol_compare import compare_protocols
from planner.plan.second_check import SecondCheckRecord, compare_plans
from planner.regimen.loading import bundled_regimen
from planner.regimen.models import Severity
from ui.form import LotRow
from ui.formatting import fmt1, fmt_duration
from ui.main_window import MainWindow
from ui.prescription_panel import ID_ROLE
from ui.settings import AppSettings

LOADED = bundled_regimen()
REGIMEN = LOADED.regimen
SITE = REGIMEN.site_protocols[0].id
SITE_OK = {"product_id": "gamunex-c"}
"""The order set's 30 mL/h start is within Gamunex-C's label start at 70 kg (not Privigen's)."""


def fill(window: MainWindow, **changes: object) -> None:
    """A one-day PI course for 70 kg, with ``changes``."""
    fill_form(window, **{"weight": "70", "indication_id": "pi", "days": 1, **changes})


def request(**changes: object) -> PlanRequest:
    fields: dict[str, object] = {
        "indication_id": "pi", "product_id": "privigen", "dose_mg_kg": 400.0, "days": 1,
        "start": START,
    }
    fields.update(changes)
    patient = Patient(weight_kg=float(str(fields.pop("weight", 70))), height_cm=165,
                      sex=Sex.FEMALE)
    return PlanRequest(patient=patient, **fields)  # type: ignore[arg-type]


def current(window: MainWindow) -> Plan:
    plan = window.plan()
    assert plan is not None
    return plan


# -- protocol ----------------------------------------------------------------------------


def test_protocol_box_offers_label_and_site_protocols_preselecting_the_default(
    window: MainWindow,
) -> None:
    fill(window)
    combo = window.prescription.protocol
    assert [combo.itemData(i) for i in range(combo.count())] == list(protocol_ids(REGIMEN))
    assert window.prescription.protocol_id() == REGIMEN.default_protocol_id("privigen", "pi")
    assert window.request() is not None
    assert window.request().protocol_id == REGIMEN.default_protocol_id("privigen", "pi")
    assert "site default" in window.prescription.protocol_hint.text()


def test_choosing_the_site_protocol_runs_it_and_says_so(window: MainWindow) -> None:
    fill(window, **SITE_OK)
    combo = window.prescription.protocol
    combo.setCurrentIndex(combo.findData(SITE))
    expected = build_plan(request(protocol_id=SITE, **SITE_OK))
    plan = current(window)
    assert plan == expected
    assert plan.protocol is not None and plan.protocol.protocol_kind == "site"
    row = window.result.summary.value_text("protocol")
    assert plan.protocol.protocol_name in row and "SITE" in row
    assert plan.protocol.limited_by.words in row
    assert "NOT the site default" in window.prescription.protocol_hint.text()
    assert window.result.model.rowCount() == len(expected.days[0].steps)
    assert [window.result.model.index(r, 3).data() for r in range(len(expected.days[0].steps))] \
        == [fmt1(s.rate_ml_h) for s in expected.days[0].steps]
    combo.setCurrentIndex(combo.findData("label"))
    label = current(window)
    assert label.protocol is not None and label.protocol.protocol_kind == "label"
    assert "label ramp" in window.result.summary.value_text("protocol")


def test_product_change_goes_back_to_the_site_default(window: MainWindow) -> None:
    fill(window)
    combo = window.prescription.protocol
    combo.setCurrentIndex(combo.findData(SITE))
    panel = window.prescription
    panel.product.setCurrentIndex(panel.product.findData("gamunex-c", ID_ROLE))
    assert panel.protocol_id() == REGIMEN.default_protocol_id("gamunex-c", "pi")


def test_compare_protocols_shows_the_engines_comparison(window: MainWindow) -> None:
    fill(window, **SITE_OK)
    compare = window.show_protocol_comparison()
    assert compare.isVisible() and not compare.isModal()
    assert QApplication.activeModalWidget() is None
    assert window.request() is not None
    options = compare_protocols(window.request(), LOADED)
    table = compare.table
    assert table.rowCount() == len(options) >= 2
    for row, option in enumerate(options):
        assert table.item(row, 0).text().startswith(option.name)
        assert option.kind.upper() in table.item(row, 1).text()
        assert table.item(row, 2).text() == fmt_duration(option.first_day_minutes)
        assert table.item(row, 3).text() == fmt1(option.max_pump_ml_h)
        assert table.item(row, 4).text() == str(option.steps)
        assert table.item(row, 5).text() == limit_words(option.limited_by)
    in_use = [r for r in range(table.rowCount()) if "in use" in table.item(r, 0).text()]
    assert [options[r].protocol_id for r in in_use] == [window.prescription.protocol_id()]
    # use another one from the comparison
    other = next(r for r, o in enumerate(options) if o.protocol_id == SITE)
    table.selectRow(other)
    compare.use_button.click()
    assert window.prescription.protocol_id() == SITE
    assert current(window) == build_plan(request(protocol_id=SITE, **SITE_OK))
    assert "in use" in table.item(other, 0).text()  # the open comparison follows


def test_compare_button_in_the_prescription_panel(window: MainWindow) -> None:
    fill(window)
    window.prescription.compare_button.click()
    assert window.tools.compare is not None and window.tools.compare.isVisible()


def test_a_plan_file_with_an_unknown_protocol_is_not_planned_with_another(
    window: MainWindow, tmp_path: Path
) -> None:
    from planner.plan.plan_file import save_plan_file

    path = save_plan_file(request(protocol_id="gone-protocol"), tmp_path / "p.ivplan", LOADED)
    assert window.open_plan(path)
    assert window.plan() is None
    assert "protocol" in window.field_errors()
    assert "gone-protocol" in window.notice.text.text() and window.notice.is_error


# -- vitals ------------------------------------------------------------------------------


def test_vitals_tab_lists_each_days_vitals(window: MainWindow) -> None:
    fill(window, indication_id="itp", product_id="octagam-10", dose="1000", days=2,
         first_infusion=True)
    plan = current(window)
    for index, day in enumerate(plan.days):
        window.result.day_tabs.setCurrentIndex(index)
        table = window.result.vitals_table
        assert table.rowCount() == len(day.vitals) > 0
        for row, check in enumerate(day.vitals):
            assert table.item(row, 0).text().startswith(f"{check.time:%H:%M}")
            assert table.item(row, 1).text() == "; ".join(check.reasons)
    assert window.result.detail_tabs.tabText(1) == f"Vitals ({len(plan.days[-1].vitals)})"


def test_timeline_marks_every_vitals_time_with_a_tooltip(
    window: MainWindow, qtbot: QtBot
) -> None:
    fill(window)
    plan = current(window)
    timeline = window.result.timeline
    qtbot.waitExposed(window)
    data = timeline.data()
    lane = data.lanes[0]
    assert [m.label for m in lane.vitals] == [f"{v.time:%H:%M}" for v in plan.days[0].vitals]
    timeline.repaint()
    drawn = [m for m, _ in timeline.drawn_marks]
    assert all(m in drawn for m in lane.vitals)
    first_mark, box = timeline.mark_rects(0)[0]
    assert timeline.mark_at(box.center()) == first_mark
    assert "vitals at" in first_mark.tooltip
    assert "; ".join(plan.days[0].vitals[0].reasons) in first_mark.tooltip
    assert data.x_max >= max(m.minute for m in lane.vitals)  # after-end check is on screen
    assert timeline.mark_at(QPointF(1, 1)) is None


# -- checklist and reaction plan ------------------------------------------------------------


def test_checklist_window_has_a_box_per_item_and_never_blocks(window: MainWindow) -> None:
    fill(window)
    plan = current(window)
    checklist = window.show_checklist()
    assert not checklist.isModal() and QApplication.activeModalWidget() is None
    assert [b.text() for b in checklist.boxes] == list(plan.checklist)
    checklist.boxes[0].setChecked(True)
    assert checklist.progress.text().startswith(f"1 of {len(plan.checklist)}")
    window.prescription.dose.setText("500")  # a recompute keeps the ticks
    assert checklist.boxes[0].isChecked()
    for box in checklist.boxes:
        box.setChecked(True)
    assert "complete" in checklist.progress.text()
    fill(window, weight="80")  # another patient: tick again
    assert not any(b.isChecked() for b in checklist.boxes)


def test_reaction_plan_window_shows_premedication_and_steps(window: MainWindow) -> None:
    fill(window)
    plan = current(window)
    reaction = window.show_reaction_plan()
    assert not reaction.isModal() and QApplication.activeModalWidget() is None
    text = reaction.text.toPlainText()
    for line in (*plan.reaction_premedication, *plan.reaction_steps):
        assert line in text
    assert window.action("reaction") in window.menuBar().actions()[-1].menu().actions()


# -- lots ----------------------------------------------------------------------------------


def test_lots_are_entered_per_vial_size_and_go_into_the_request(
    window: MainWindow, settings: AppSettings, tmp_path: Path
) -> None:
    fill(window, indication_id="itp", dose="1000", days=2)
    plan = current(window)
    day = plan.days[0]
    lots = window.result.lots
    assert lots.table.rowCount() == len(day.vials)
    assert [lots.table.item(r, 0).text() for r in range(len(day.vials))] == [
        f"{v.grams:g} g" for v in sorted(day.vials, key=lambda v: -v.grams)]
    grams = day.vials[0].grams
    row = [v.grams for v in sorted(day.vials, key=lambda v: -v.grams)].index(grams)
    lots.table.item(row, 2).setText("A123")  # typing in the cell
    lots.table.item(row, 3).setText("2027-05-31")
    entry = LotEntry(day=1, grams=grams, lot="A123", expiry=date(2027, 5, 31))
    assert window.request() is not None and window.request().lots == (entry,)
    expected = build_plan(request(indication_id="itp", dose_mg_kg=1000.0, days=2,
                                  lots=(entry,)))
    assert current(window) == expected
    assert window.result.detail_tabs.tabText(2).startswith("Lots (1)")
    path = tmp_path / "lots.ivplan"
    assert window.save_plan(path)
    assert load_plan_file(path).request.lots == (entry,)
    other = MainWindow(settings, ask_before_discard=False, remember_geometry=False)
    assert other.open_plan(path)
    assert other.request() is not None and other.request().lots == (entry,)
    other.close()


def test_an_expired_lot_gives_the_engines_stop_in_the_window(window: MainWindow) -> None:
    fill(window)
    day = current(window).days[0]
    window.result.lots.set_entry(1, day.vials[0].grams, "OLD-1", "2026-01-31")
    expected = build_plan(request(lots=(LotEntry(day=1, grams=day.vials[0].grams,
                                                 lot="OLD-1", expiry=date(2026, 1, 31)),)))
    assert expected.has_stop
    plan = current(window)
    assert plan == expected
    stops = [w for w in plan.warnings if w.severity is Severity.STOP]
    assert stops and not window.result.stop_banner.isHidden()
    assert all(w.message in window.result.stop_banner.text.text() for w in stops)
    assert window.warnings.items[0].warning == stops[0]
    assert not window.action("export").isEnabled() and not window.action("print").isEnabled()
    assert window.export_pdf(Path("never.pdf")) is None


@pytest.mark.parametrize(("typed", "words"), [
    ("31/05/2027", "not a date like 2027-05-31"), ("2027-02-30", "not a real date"),
])
def test_a_bad_expiry_is_marked_in_words(window: MainWindow, typed: str, words: str) -> None:
    fill(window)
    good = current(window)
    window.result.lots.set_entry(1, good.days[0].vials[0].grams, "L1", typed)
    assert window.plan() is None and window.result.plan() == good  # greyed, kept
    assert words in window.result.lots.error.text() and window.result.lots.error.is_error()
    assert "lots" in window.field_errors()
    window.result.lots.set_entry(1, good.days[0].vials[0].grams, "L1", "")
    assert window.plan() is not None


def test_a_new_lot_restarts_the_ramp_on_the_timeline_and_in_the_table(
    window: MainWindow,
) -> None:
    fill(window)
    window.result.lots.set_lot_change(1, time(9, 15))
    expected = build_plan(request(lot_changes=(LotChange(day=1, at=time(9, 15)),)))
    plan = current(window)
    assert plan == expected
    day = plan.days[0]
    assert day.ramp_restart_at is not None
    model = window.result.model
    notes = [model.index(r, 6).data() for r in range(model.rowCount())]
    restarted = [s.start == day.ramp_restart_at for s in day.steps]
    assert [("NEW LOT" in n) for n in notes] == restarted and any(restarted)
    assert f"{day.ramp_restart_at:%H:%M}" in window.result.restart_note.text()
    lane = window.result.timeline.data().lanes[0]
    assert lane.restart is not None and "new lot" in lane.restart.tooltip
    assert window.request() is not None
    assert window.request().lot_changes == (LotChange(day=1, at=time(9, 15)),)
    codes = {w.code for w in plan.warnings}
    assert "LOT_CHANGE_RESTART" in codes


def test_a_lot_change_outside_the_infusion_is_refused_in_words(window: MainWindow) -> None:
    fill(window)
    window.result.lots.set_lot_change(1, time(20, 0))
    assert window.plan() is None
    assert "outside the infusion" in window.result.lots.error.text()


def test_lot_entries_are_cleared_when_the_product_changes(window: MainWindow) -> None:
    fill(window, lots=(LotRow(1, 10.0, "PRIV-1", ""),))
    assert window.request() is not None and window.request().lots
    panel = window.prescription
    panel.product.setCurrentIndex(panel.product.findData("gamunex-c", ID_ROLE))
    assert window.request() is not None and window.request().lots == ()
    assert "cleared" in window.notice.text.text()


# -- independent second check ----------------------------------------------------------


def enter(dialog: object, weight: str, indication: str, product: str, dose: str,
          days: str) -> None:
    d = dialog  # SecondCheckDialog
    d.weight.setText(weight)  # type: ignore[attr-defined]
    d.select(d.indication, indication)  # type: ignore[attr-defined]
    d.select(d.product, product)  # type: ignore[attr-defined]
    d.dose.setText(dose)  # type: ignore[attr-defined]
    d.days.setText(days)  # type: ignore[attr-defined]


def test_second_check_starts_blind_and_hides_the_first_plan(window: MainWindow) -> None:
    fill(window)
    dialog = window.start_second_check()
    assert dialog is not None and dialog.isVisible()
    assert window.first_plan_hidden()
    assert dialog.weight.text() == "" and dialog.dose.text() == "" and dialog.days.text() == ""
    assert dialog.indication.currentIndex() == -1 and dialog.product.currentIndex() == -1
    dialog.select(dialog.indication, "pi")
    assert dialog.product.currentIndex() == -1 and dialog.dose.text() == ""  # no defaults
    dialog.reject()
    assert not window.first_plan_hidden()


def test_second_check_lists_every_difference_and_cannot_be_recorded(
    window: MainWindow,
) -> None:
    fill(window, risks=frozenset(), first_infusion=True)
    first = current(window)
    dialog = window.start_second_check()
    assert dialog is not None
    enter(dialog, "75", "pi", "privigen", "400", "1")
    dialog.compare()
    assert window.request() is not None
    second = build_plan(window.request().model_copy(update={
        "patient": window.request().patient.model_copy(update={"weight_kg": 75.0})}))
    expected = compare_plans(first, second)
    assert expected and dialog.differences == expected
    table = dialog.table
    assert table.rowCount() == len(expected)
    for row, diff in enumerate(expected):
        assert [table.item(row, c).text() for c in range(3)] == [diff.field, diff.first,
                                                                   diff.second]
    dialog.checked_by.setText("B. Nurse")
    assert not dialog.record_button.isEnabled() and dialog.record() is None
    assert window.second_check() is None
    dialog.reject()


def test_matching_second_check_is_recorded_printed_and_cleared_by_any_change(
    window: MainWindow, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    fill(window, weight="70")
    first = current(window)
    dialog = window.start_second_check()
    assert dialog is not None
    enter(dialog, "154.32", "pi", "privigen", "400", "1")  # the same weight in lb, typed
    dialog.weight_unit.setCurrentText("lb")
    dialog.compare()
    assert dialog.second_plan is not None
    assert dialog.differences == compare_plans(first, dialog.second_plan)
    if dialog.differences:  # lb → kg rounding made a real difference: nothing to record
        pytest.fail(f"unexpected differences {dialog.differences}")
    assert not dialog.record_button.isEnabled()  # no name yet
    dialog.checked_by.setText("  B. Nurse ")
    record = dialog.record()
    assert isinstance(record, SecondCheckRecord) and record.matched
    assert record.checked_by == "B. Nurse" and record.differences == ()
    assert window.second_check() == record and not window.first_plan_hidden()
    assert "MATCHED" in window.result.check_label.text()
    assert "B. Nurse" in window.result.check_label.text()
    # the PDF gets the record
    import planner.report.pdf.export as pdf_export

    seen: list[object] = []
    real = pdf_export.export_pdf

    import functools

    @functools.wraps(real)  # the same signature, so the window sees second_check
    def spy(*args: object, **kwargs: object) -> Path:
        seen.append(kwargs.get("second_check"))
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(pdf_export, "export_pdf", spy)
    written = window.export_pdf(tmp_path / "checked.pdf")
    assert written is not None
    if "second_check" in inspect.signature(real).parameters:
        assert seen == [record]
        from pypdf import PdfReader

        text = " ".join(page.extract_text() for page in PdfReader(written).pages)
        assert "B. Nurse" in text
    # any input change clears it
    window.patient.name.setText("Someone else")
    assert window.second_check() is None
    assert window.result.check_label.isHidden()
    assert "Second check cleared" in window.statusBar().currentMessage()
    window.patient.name.setText("")
    assert window.second_check() is None  # not restored by undoing the change


def test_second_check_field_errors_are_said_in_words(window: MainWindow) -> None:
    fill(window)
    dialog = window.start_second_check()
    assert dialog is not None
    dialog.weight.setText("seventy")
    dialog.compare()
    assert "not a number" in dialog.errors["weight"].text()
    assert dialog.errors["dose"].is_error() and dialog.errors["days"].is_error()
    assert dialog.differences is None
    enter(dialog, "70", "pi", "privigen", "5000", "1")
    dialog.compare()
    assert "outside" in dialog.errors["dose"].text()
    dialog.reject()


def test_no_second_check_without_a_valid_plan(window: MainWindow) -> None:
    fill(window, weight="")
    assert not window.action("second_check").isEnabled()
    assert window.start_second_check() is None


# -- Qt-free pieces: lots as typed, the second nurse's request, the printed page ----------


def test_lot_rows_become_lot_entries_or_say_why() -> None:
    from ui.form import lots_from_rows

    rows = (LotRow(1, 10.0, " A1 ", "2027-05-31"), LotRow(2, 5.0, "", ""),
            LotRow(3, 10.0, "C3", ""))
    assert lots_from_rows(rows, days=2) == (
        LotEntry(day=1, grams=10.0, lot="A1", expiry=date(2027, 5, 31)),)
    with pytest.raises(ValueError, match="day 1, 10 g vials: enter the lot number"):
        lots_from_rows((LotRow(1, 10.0, "", "2027-05-31"),), days=1)
    with pytest.raises(ValueError, match="not a date like 2027-05-31"):
        lots_from_rows((LotRow(1, 10.0, "A", "05/2027"),), days=1)


def test_second_request_takes_only_the_typed_fields() -> None:
    from ui.form import FormErrors, SecondEntry, second_request

    first = request(protocol_id=SITE, lot_changes=(LotChange(day=1, at=time(9, 0)),),
                    lots=(LotEntry(day=1, grams=10.0, lot="A1"),))
    second = second_request(first, SecondEntry("80", "kg", "pi", "privigen", "500", "1"))
    assert second.patient.weight_kg == 80 and second.dose_mg_kg == 500 and second.days == 1
    assert second.patient.height_cm == first.patient.height_cm
    assert (second.start, second.protocol_id, second.lot_changes, second.lots) == (
        first.start, first.protocol_id, first.lot_changes, first.lots)
    other = second_request(first, SecondEntry("80", "kg", "pi", "gamunex-c", "500", "1"))
    assert other.lots == ()  # another product's lot numbers are not carried over
    with pytest.raises(FormErrors) as info:
        second_request(first, SecondEntry("", "kg", None, None, "", "two"))
    assert set(info.value.errors) == {"weight", "indication", "product", "dose", "days"}


def test_a_matched_check_is_saved_and_restored_with_the_plan(
    window: MainWindow, tmp_path: Path
) -> None:
    fill(window)
    assert window.request() is not None
    record = SecondCheckRecord("B. Nurse", datetime(2026, 11, 30, 9, 0), ())
    window.set_second_check(record, window.request())
    path = tmp_path / "checked.ivplan"
    assert window.save_plan(path)
    saved = load_plan_file(path)
    assert saved.second_check is not None and saved.second_check.checked_by == "B. Nurse"
    assert window.new_form(confirm=False)
    assert window.second_check() is None
    assert window.open_plan(path)
    restored = window.second_check()
    assert restored is not None and restored.checked_by == "B. Nurse"
    assert restored.checked_at == record.checked_at


def test_a_saved_check_does_not_survive_another_regimen_file(
    window: MainWindow, tmp_path: Path
) -> None:
    fill(window)
    assert window.request() is not None
    window.set_second_check(SecondCheckRecord("B. Nurse", datetime(2026, 11, 30, 9, 0), ()),
                            window.request())
    path = tmp_path / "checked.ivplan"
    assert window.save_plan(path)
    data = json.loads(path.read_text(encoding="utf-8"))
    data["regimen_file"]["sha256"] = "0" * 64  # saved under another regimen file
    path.write_text(json.dumps(data), encoding="utf-8")
    fill(window, weight="71")
    assert window.open_plan(path)
    record = window.second_check()
    assert record is None or (record.void_reason and not record.matched)
