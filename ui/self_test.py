"""``infusion-planner --self-test``: the engine checks plus the main window, offscreen.

Works from source and inside the PyInstaller bundle; touches no network and no user files
(QSettings go to a temporary folder).
"""

from __future__ import annotations

import os
import sys
import tempfile
import time

from planner.cli.self_test import SelfTestFailure, run_engine_self_test


def run_self_test() -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    where = "bundle" if getattr(sys, "frozen", False) else "source"
    lines = [f"Infusion Planner self-test ({where})"]
    try:
        lines += run_engine_self_test()
        lines.append(_window_check())
        lines.append(_text_services_check())
    except SelfTestFailure as exc:
        print("\n".join(lines), file=sys.stdout)
        print(f"SELF-TEST FAILED: {exc}", file=sys.stdout)
        return 1
    except Exception as exc:  # the self-test must report, never crash silently
        print("\n".join(lines), file=sys.stdout)
        print(f"SELF-TEST FAILED: unexpected {type(exc).__name__}: {exc}", file=sys.stdout)
        return 1
    lines.append("SELF-TEST PASSED")
    print("\n".join(lines), file=sys.stdout)
    return 0


def _window_check() -> str:
    from PySide6.QtCore import QSettings
    from PySide6.QtGui import QGuiApplication
    from PySide6.QtWidgets import QApplication

    from planner.regimen.loading import bundled_regimen
    from ui.main_window import MainWindow
    from ui.qt_workarounds import install_none_guard
    from ui.settings import AppSettings

    with tempfile.TemporaryDirectory(prefix="infusion-planner-selftest-") as folder:
        app = QApplication.instance() or QApplication(["infusion-planner"])
        install_none_guard()  # once per process, as at a normal start
        settings = QSettings(os.path.join(folder, "settings.ini"), QSettings.Format.IniFormat)
        started = time.perf_counter()
        window = MainWindow(AppSettings(settings), bundled_regimen(),
                            ask_before_discard=False, remember_geometry=False)
        window.load_demo()
        window.show()
        for _ in range(5):
            app.processEvents()
        shown_ms = (time.perf_counter() - started) * 1000
        plan = window.plan()
        window.close()
        app.processEvents()
    if plan is None:
        raise SelfTestFailure("main window: the demo plan was not computed")
    return (f"main window opened and closed offscreen ({QGuiApplication.platformName()}, "
            f"{shown_ms:.0f} ms, demo plan of {len(plan.days)} days)")


def _text_services_check() -> str:
    """Qt's locale services still work on the bundle's trimmed ICU data (build/icu_trim.py):
    accented names sort and upper-case as English expects."""
    from PySide6.QtCore import QCollator, QLocale

    english = QLocale(QLocale.Language.English, QLocale.Country.UnitedKingdom)
    names = ["Zof", "Zoë", "Zoe", "Ångström", "Łukasz"]
    collator = QCollator(english)
    ordered = sorted(names, key=collator.sortKey)
    if ordered != ["Ångström", "Łukasz", "Zoe", "Zoë", "Zof"]:
        raise SelfTestFailure(f"text services: names sort as {ordered}")
    upper = english.toUpper("Łukasz Żółć, straße")
    if upper != "ŁUKASZ ŻÓŁĆ, STRASSE":
        raise SelfTestFailure(f"text services: upper case gives {upper!r}")
    return "text services: accented names sort and upper-case correctly (en_GB)"
