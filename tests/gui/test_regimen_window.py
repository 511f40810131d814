"""The Regimen window, the site file in Preferences, and the once-only 'site file changed'."""

from __future__ import annotations

import json
from pathlib import Path

from gui_helpers import fill
from PySide6.QtCore import QSettings
from pytestqt.qtbot import QtBot

from planner.core.resources import resource_path
from planner.regimen.overlay import load_in_force
from ui.main_window import MainWindow
from ui.preferences import PreferencesDialog
from ui.regimen_window import RegimenWindow
from ui.settings import AppSettings, Preferences
from ui.site_setup import SiteMemory, load_for_gui

EXAMPLE = resource_path("site-example.json")


def rows(window: RegimenWindow) -> dict[str, str]:
    """Every row's first column → its value, depth first (first occurrence kept)."""
    found: dict[str, str] = {}
    stack = [window.tree.topLevelItem(i) for i in range(window.tree.topLevelItemCount())]
    stack.reverse()
    while stack:
        item = stack.pop()
        if item is None:
            continue
        found.setdefault(item.text(0), item.text(1))
        stack += reversed([item.child(i) for i in range(item.childCount())])
    return found


def test_help_menu_opens_the_regimen_window_of_the_files_in_use(window: MainWindow) -> None:
    help_menu = next(a.menu() for a in window.menuBar().actions() if a.text() == "&Help")
    assert window.action("regimen") in help_menu.actions()  # type: ignore[union-attr]
    shown = window.show_regimen_window()
    assert shown.isVisible() and not shown.isModal()
    texts = rows(shown)
    assert texts["Privigen (privigen)"].startswith("100 mg/mL")
    assert "NOT STOCKED" not in texts["Privigen (privigen)"]  # no site file: all stocked
    assert "none" in shown.heading.text()
    assert window.show_regimen_window() is shown


def test_regimen_window_marks_stock_label_and_site(qtbot: QtBot) -> None:
    view = RegimenWindow()
    qtbot.addWidget(view)
    view.set_loaded(load_in_force(None, EXAMPLE))
    texts = rows(view)
    assert "site-example.json" in view.heading.text() and "example-1" in view.heading.text()
    assert "NOT STOCKED HERE" in texts["Gamunex-C (gamunex-c)"]
    assert texts["vial 10 g"].endswith("✓ stocked here")
    assert texts["vial 5 g"].endswith("not stocked here")  # privigen comes first
    assert texts["default protocol"].startswith("orderset-30-150")
    assert "Site protocols" in texts and "Site policies" in texts


def test_regimen_window_search_narrows_to_matching_rows(qtbot: QtBot) -> None:
    view = RegimenWindow()
    qtbot.addWidget(view)
    view.set_loaded(load_in_force(None, EXAMPLE))
    view.search.setText("octagam-10 maximum")
    shown = view.visible_texts()
    assert "Octagam 10 % (octagam-10)" in shown and "maximum rate" in shown
    assert "Privigen (privigen)" not in shown
    assert all("gamunex" not in text.casefold() for text in shown)
    view.search.setText("")
    assert "Privigen (privigen)" in view.visible_texts()


def test_preferences_choose_a_site_file(
    window: MainWindow, qtbot: QtBot, settings: AppSettings, tmp_path: Path
) -> None:
    fill(window)
    dialog = PreferencesDialog(Preferences(), window.loaded_regimen(), str(tmp_path), window)
    qtbot.addWidget(dialog)
    bad = tmp_path / "bad-site.json"
    bad.write_text(json.dumps({"format": 1, "kind": "site", "site": "x", "version": "1",
                               "products": [{"id": "privigen", "max_rate": 2}]}),
                   encoding="utf-8")
    dialog.site_path.setText(str(bad))
    dialog.accept()
    assert dialog.result() != PreferencesDialog.DialogCode.Accepted and dialog.loaded is None
    assert "bad-site.json: products[privigen].max_rate" in dialog.regimen_status.text()
    assert window.loaded_regimen().site is None

    dialog.site_path.setText(str(EXAMPLE))
    dialog.accept()
    assert dialog.result() == PreferencesDialog.DialogCode.Accepted
    window.show_regimen_window()
    window.apply_preferences(dialog)
    assert settings.preferences().site_file == str(EXAMPLE)
    loaded = window.loaded_regimen()
    assert loaded.site is not None and loaded.site.version == "example-1"
    plan = window.plan()
    assert plan is not None and plan.site_file is not None
    assert "site-example.json" in window.regimen_label.text()
    assert "site-example.json" in window.notice.text.text()
    assert window.tools.regimen_window is not None
    assert "example-1" in window.tools.regimen_window.heading.text()  # follows the change


def test_a_refused_site_file_leaves_the_bundled_choices_in_use(tmp_path: Path) -> None:
    bad = tmp_path / "s.json"
    bad.write_text('{"format": 1, "kind": "site", "site": "x", "version": "1", '
                   '"indications": [{"id": "pi", "dose_mg_kg": 1}]}', encoding="utf-8")
    loaded, problems = load_for_gui(None, bad)
    assert loaded.site is None and len(problems) == 1
    assert "s.json: indications[pi].dose_mg_kg" in problems[0]
    loaded, problems = load_for_gui(None, EXAMPLE)
    assert loaded.site is not None and problems == []


def test_site_change_is_told_once_with_what_changed(tmp_path: Path) -> None:
    memory = SiteMemory(QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))
    path = tmp_path / "site.json"
    data = json.loads(EXAMPLE.read_text(encoding="utf-8"))
    path.write_text(json.dumps(data), encoding="utf-8")
    first = load_in_force(None, path)
    assert memory.changed(first) is None  # never used here before: nothing to compare
    memory.remember(first)
    assert memory.changed(load_in_force(None, path)) is None  # unchanged

    data["version"] = "example-2"
    data["products"][0]["vials_g"] = [20]
    path.write_text(json.dumps(data), encoding="utf-8")
    second = load_in_force(None, path)
    change = memory.changed(second)
    assert change is not None
    assert "privigen: vials_g 10, 20 → 20 g" in change.lines
    assert "version example-1 → example-2" in change.lines
    text = change.text()
    assert "example-2" in text and second.site is not None and second.site.sha256[:12] in text
    memory.remember(second)
    assert memory.changed(second) is None  # told once


def test_plan_saved_under_another_site_file_says_so_when_opened(
    window: MainWindow, tmp_path: Path
) -> None:
    from helpers import START

    from planner.plan.patient import Patient, PlanRequest
    from planner.plan.plan_file import save_plan_file

    request = PlanRequest(patient=Patient(weight_kg=70), indication_id="pi",
                          product_id="privigen", start=START)
    path = save_plan_file(request, tmp_path / "p.ivplan", load_in_force(None, EXAMPLE))
    assert window.open_plan(path)
    note = window.notice.text.text()
    assert "site-example.json" in note and "example-1" in note and "RECOMPUTED" in note
    plan = window.plan()
    assert plan is not None and plan.site_file is None  # recomputed with the files in use
