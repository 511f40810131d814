"""Typed fields the PDF prints (lot numbers, the second checker's name) say at the field, as
they are typed, what the PDF font cannot print, in the export's words; the export still refuses
it. The bedside event fields: test_gui_chair_cautions.py."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest
from gui_helpers import fill
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QApplication, QLineEdit

from planner.plan.models import Plan
from planner.report.pdf.glyphs import typed_message
from ui.fields import CAUTION_COLOUR
from ui.form import LotRow
from ui.lots_panel import LotsEditor
from ui.main_window import MainWindow
from ui.print_caution import PrintCaution
from ui.second_check_dialog import SecondCheckDialog

UNPRINTABLE = [("LOT王7", "王"), ("ロット-12", "ロ, ッ, ト"), ("A1💉B", "💉"),
               ("김12 김", "김")]
PRINTABLE = ["Łukasz Ørsted", "Zoë Ångström-Núñez", "Иван Петров", "A-12/β"]


def shows(caution: PrintCaution, field: str, bad: str) -> bool:
    """The caution is on screen, a caution (not an error), naming the field and characters."""
    return (caution.is_shown() and not caution.is_error()
            and f"in the {field}: {bad}." in caution.text())


def plan(window: MainWindow) -> Plan:
    result = window.plan()
    assert result is not None
    return result


def export_refuses(window: MainWindow, tmp_path: Path, words: str) -> None:
    """The export writes nothing and says ``words`` (the field's caution) in the notice."""
    assert window.export_pdf(tmp_path / "schedule.pdf") is None
    assert window.notice.is_error and words in window.notice.text.text()
    assert list(tmp_path.glob("*.pdf")) == []


# -- lot numbers ----------------------------------------------------------------------------


def cell_editor(lots: LotsEditor, row: int) -> QLineEdit:
    """Open the lot cell of ``row`` for typing, as a double-click or a key does."""
    lots.table.setCurrentCell(row, 2)
    lots.table.editItem(lots.table.item(row, 2))
    editor = QApplication.focusWidget()
    assert isinstance(editor, QLineEdit)
    return editor


@pytest.mark.parametrize(("typed", "bad"), UNPRINTABLE)
def test_a_lot_number_is_cautioned_while_it_is_typed_in_the_cell(
    window: MainWindow, typed: str, bad: str
) -> None:
    fill(window, days=2)
    window.result.detail_tabs.setCurrentIndex(2)
    lots = window.result.lots
    editor = cell_editor(lots, 0)
    for ch in typed:  # as an input method commits them, before the cell is left
        editor.insert(ch)
    assert shows(lots.print_caution, "lot number (day 1)", bad)
    assert lots.print_caution.text().endswith(typed_message("lot number (day 1)", typed) or "?")
    assert editor.accessibleDescription() == typed_message("lot number (day 1)", typed)
    assert lots.table.accessibleDescription() == editor.accessibleDescription()
    editor.setText("LOT-7")
    assert not lots.print_caution.is_shown() and editor.accessibleDescription() == ""


@pytest.mark.parametrize(("typed", "bad"), UNPRINTABLE[:2])
def test_an_unprintable_lot_typed_and_left_is_kept_and_its_cell_marked(
    window: MainWindow, typed: str, bad: str
) -> None:
    fill(window)
    lots = window.result.lots
    editor = cell_editor(lots, 0)
    for ch in typed:
        editor.insert(ch)
        assert editor.text() == typed[:len(editor.text())]  # the caution never resets it
    lots.table.setCurrentCell(0, 3)  # the cell is left
    assert lots.table.item(0, 2).text() == typed
    assert [row.lot for row in lots.values()["lots"]] == [typed]
    assert shows(lots.print_caution, "lot number (day 1)", bad)
    assert lots.table.item(0, 2).toolTip() == lots.print_caution.text().removeprefix("⚠ ")


@pytest.mark.parametrize("typed", PRINTABLE)
def test_a_lot_number_in_latin_or_cyrillic_letters_is_not_cautioned(
    window: MainWindow, typed: str
) -> None:
    fill(window)
    lots = window.result.lots
    editor = cell_editor(lots, 0)
    editor.insert(typed)
    lots.table.setCurrentCell(0, 3)  # the cell is left: the lot is kept
    grams = plan(window).days[0].vials[0].grams
    assert LotRow(1, grams, typed, "") in window.result.lots.values()["lots"]
    assert not lots.print_caution.is_shown() and lots.table.accessibleDescription() == ""


def test_every_days_unprintable_lot_stays_cautioned_and_export_refuses(
    window: MainWindow, tmp_path: Path
) -> None:
    fill(window, days=3)
    lots = window.result.lots
    days = plan(window).days
    expiry = f"{date.today() + timedelta(days=400):%Y-%m-%d}"
    lots.set_entry(1, days[0].vials[0].grams, "OK-1", expiry)
    lots.set_entry(2, days[1].vials[0].grams, "批号88", expiry)
    lots.set_entry(3, days[2].vials[0].grams, "L🧪3", expiry)
    text = lots.print_caution.text()
    assert "in the lot number (day 2): 批, 号." in text
    assert "in the lot number (day 3): 🧪." in text and "(day 1)" not in text
    assert plan(window).days[1].lots  # the lots are kept in the plan: nothing lost
    export_refuses(window, tmp_path, typed_message("lot number (day 2)", "批号88") or "?")
    lots.set_entry(2, days[1].vials[0].grams, "PH-88", expiry)
    assert "(day 2)" not in lots.print_caution.text()
    lots.set_entry(3, days[2].vials[0].grams, "L3", expiry)
    assert not lots.print_caution.is_shown()
    assert window.export_pdf(tmp_path / "schedule.pdf") is not None


def test_the_cell_that_will_not_print_is_marked_and_the_other_size_is_not(
    window: MainWindow,
) -> None:
    fill(window, dose="1000", days=2)
    lots = window.result.lots
    sizes = sorted((v.grams for v in plan(window).days[0].vials), reverse=True)
    assert len(sizes) >= 2
    last = len(sizes) - 1
    lots.set_entry(1, sizes[0], "Ørsted-1", "")
    lots.set_entry(1, sizes[last], "号-2", "")
    good, bad = lots.table.item(0, 2), lots.table.item(last, 2)
    words = typed_message("lot number (day 1)", "号-2")
    assert bad.toolTip() == words and bad.data(Qt.ItemDataRole.AccessibleDescriptionRole) == words
    assert bad.foreground().color() == QColor(CAUTION_COLOUR)
    assert good.toolTip() == "" and good.foreground().color() != QColor(CAUTION_COLOUR)
    lots.set_entry(1, sizes[last], "H-2", "")
    assert lots.table.item(last, 2).toolTip() == ""
    assert lots.table.item(last, 2).foreground().color() != QColor(CAUTION_COLOUR)


def test_a_loaded_plan_with_an_unprintable_lot_is_cautioned(window: MainWindow) -> None:
    fill(window)
    grams = plan(window).days[0].vials[0].grams
    fill(window, lots=(LotRow(1, grams, "ЛОТ-5 ✓", ""), LotRow(1, grams / 2, "甲1", "")))
    assert shows(window.result.lots.print_caution, "lot number (day 1)", "甲")
    fill(window)
    assert not window.result.lots.print_caution.is_shown()


# -- the second checker's name --------------------------------------------------------------


def matching_check(window: MainWindow) -> SecondCheckDialog:
    fill(window, weight="70", indication_id="pi", days=1)
    dialog = window.start_second_check()
    assert dialog is not None
    dialog.weight.setText("70")
    dialog.select(dialog.indication, "pi")
    dialog.select(dialog.product, "privigen")
    dialog.dose.setText("400")
    dialog.days.setText("1")
    dialog.compare()
    assert dialog.differences == ()
    return dialog


@pytest.mark.parametrize(("typed", "bad"), [("李娜", "李, 娜"), ("B. Nurse 🩺", "🩺"),
                                            ("Sato 佐藤", "佐, 藤")])
def test_the_second_checkers_name_is_cautioned_as_it_is_typed(
    window: MainWindow, typed: str, bad: str
) -> None:
    dialog = matching_check(window)
    for ch in typed:
        dialog.checked_by.insert(ch)
    assert shows(dialog.checked_by_caution, "second checker's name", bad)
    assert dialog.checked_by.accessibleDescription() == dialog.checked_by_caution.text()[2:]
    assert dialog.record_button.isEnabled()  # a caution: typing and recording go on
    dialog.checked_by.setText("Łukasz Ørsted 😀")  # DejaVu has this emoji
    assert not dialog.checked_by_caution.is_shown()
    assert dialog.checked_by.accessibleDescription() == ""
    dialog.reject()


def test_a_recorded_unprintable_checker_is_still_refused_by_the_export(
    window: MainWindow, tmp_path: Path
) -> None:
    dialog = matching_check(window)
    dialog.checked_by.setText("王芳")
    words = dialog.checked_by_caution.text().removeprefix("⚠ ")
    assert dialog.record() is not None
    export_refuses(window, tmp_path, words)
