"""The keyboard map as a whole: shortcuts, mnemonics, and shortcuts from a text field."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from gui_helpers import fill
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QAction, QKeyEvent, QKeySequence
from PySide6.QtWidgets import QApplication, QFileDialog, QMenu
from pytestqt.qtbot import QtBot

from ui.actions import MENUS, SPECS, TOOLBAR, key_sequences
from ui.main_window import MainWindow
from ui.prescription_panel import ID_ROLE

MNEMONIC = re.compile(r"&([^&])")


def mnemonic(text: str) -> str:
    found = MNEMONIC.search(text)
    return found.group(1).casefold() if found else ""


def menus(window: MainWindow) -> list[QMenu]:
    found = [a.menu() for a in window.menuBar().actions()]
    return [m for m in found if isinstance(m, QMenu)]


def test_the_table_names_every_action_once_and_places_it() -> None:
    names = [spec.name for spec in SPECS]
    assert len(names) == len(set(names))
    placed = {n for _, items in MENUS for n in items if n is not None}
    assert placed == set(names)  # every command is reachable from a menu (keyboard: Alt)
    assert {n for n in TOOLBAR if n is not None} <= set(names)


def test_no_key_sequence_is_bound_twice(window: MainWindow) -> None:
    bound: dict[str, str] = {}
    for spec in SPECS:
        for sequence in key_sequences(spec.shortcut):
            key = sequence.toString(QKeySequence.SequenceFormat.PortableText)
            assert key not in bound, f"{key}: {bound.get(key)} and {spec.name}"
            bound[key] = spec.name
    built: dict[str, str] = {}  # and what the window really has, including Qt's own
    for act in window.findChildren(QAction):
        if act.parent() is not window:
            continue
        for sequence in act.shortcuts():
            key = sequence.toString(QKeySequence.SequenceFormat.PortableText)
            assert key not in built, f"{key}: {built.get(key)} and {act.text()}"
            built[key] = act.text()
    assert {"Ctrl+E", "Ctrl+Z", "Ctrl+Shift+Z", "Ctrl+K"} <= set(built)


def test_every_menu_item_has_a_mnemonic_none_twice_in_a_menu(window: MainWindow) -> None:
    titles = [mnemonic(title) for title, _ in MENUS]
    assert all(titles) and len(titles) == len(set(titles))
    shown = menus(window)
    assert [m.title() for m in shown] == [title for title, _ in MENUS]
    for menu in shown:
        letters = [mnemonic(a.text()) for a in menu.actions() if not a.isSeparator()]
        assert all(letters), f"{menu.title()}: an item without a mnemonic"
        assert len(letters) == len(set(letters)), f"{menu.title()}: {letters}"


def test_the_window_shortcuts_win_over_a_text_field(window: MainWindow) -> None:
    """A line edit does not take an enabled action's keys (X11: Ctrl+E is end of line;
    everywhere: Ctrl+Z is the field's own undo) — but keeps its editing keys."""
    fill(window)
    window.patient.weight.selectAll()
    window.patient.weight.insert("80")  # something to undo, so Undo is enabled
    field = window.patient.weight
    for act in window.actions():
        if not act.isEnabled():
            continue
        for sequence in act.shortcuts():
            combination = sequence[0]
            event = QKeyEvent(QEvent.Type.ShortcutOverride, combination.key(),
                              combination.keyboardModifiers())
            event.ignore()
            QApplication.sendEvent(field, event)
            assert not event.isAccepted(), f"{sequence.toString()} taken by the field"
    paste = QKeyEvent(QEvent.Type.ShortcutOverride, Qt.Key.Key_V,
                      Qt.KeyboardModifier.ControlModifier)
    paste.ignore()
    QApplication.sendEvent(field, paste)
    assert paste.isAccepted()  # Ctrl+V stays the field's


def test_ctrl_e_exports_with_the_cursor_in_a_text_field(
    window: MainWindow, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    pytest.importorskip("planner.report.pdf.export")
    fill(window)
    target = tmp_path / "typed.pdf"
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        lambda *_args: (str(target), "PDF (*.pdf)"))
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)  # window shortcuts need the active window
    window.prescription.dose.setFocus()
    qtbot.keyClick(window.prescription.dose, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    assert target.read_bytes().startswith(b"%PDF")
    assert window.prescription.dose.text() == "400"  # the field did not take the key


def test_ctrl_z_in_a_text_field_undoes_the_form_not_only_the_field(
    window: MainWindow, qtbot: QtBot
) -> None:
    fill(window)
    panel = window.prescription
    panel.product.setCurrentIndex(panel.product.findData("gamunex-c", ID_ROLE))
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)  # window shortcuts need the active window
    panel.dose.setFocus()  # a field that was not edited: it has nothing of its own to undo
    qtbot.keyClick(panel.dose, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert panel.product_id() == "privigen"
    request = window.request()
    assert request is not None and request.product_id == "privigen"
