"""Start the Infusion Planner window (`infusion-planner`, `python -m ui`).

Options: ``--plan FILE`` opens a saved plan, ``--demo`` fills in an example patient,
``--site-file PATH`` applies the pharmacy's site file and ``--regimen-file PATH`` a whole
replacement regimen file for this session, ``--screenshot OUT.png [--size WxH]`` renders the
window to a PNG and exits (for documentation and UI checks), ``--version`` prints the
diagnostics (as Help → About), and ``--self-test`` checks regimen file, plans, PDF and window
offscreen and exits 0 or 1.

An interactive run shows a light start-up window first and builds the main window after its
first paint (ui/startup.py); it installs the crash reporter (unexpected errors go to a log file
in the user's log folder and one non-blocking dialog) and autosaves the inputs to the user's
data folder, offering them back at the next start; screenshot runs do neither.
"""

from __future__ import annotations

import argparse
import os
import re
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from planner import __version__
from ui.console import attach_parent_console

if TYPE_CHECKING:
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication

    from planner.regimen.loading import LoadedRegimen
    from ui.crash import CrashReporter
    from ui.main_window import MainWindow
    from ui.settings import AppSettings

EXIT_OK, EXIT_USAGE, EXIT_FAILED = 0, 2, 1


def _size(text: str) -> tuple[int, int]:
    match = re.fullmatch(r"\s*(\d{2,5})\s*[xX×]\s*(\d{2,5})\s*", text)
    if not match:
        raise argparse.ArgumentTypeError(f"'{text}' is not a size like 1440x900")
    width, height = int(match.group(1)), int(match.group(2))
    if not (200 <= width <= 10000 and 200 <= height <= 10000):
        raise argparse.ArgumentTypeError(f"'{text}': width and height must be 200–10000")
    return width, height


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="infusion-planner", description="Plan an IVIG course (desktop window)."
    )
    parser.add_argument("--version", action="store_true",
                        help="print the version, the label data and site file in use; exit")
    start = parser.add_mutually_exclusive_group()
    start.add_argument("--plan", type=Path, metavar="FILE", help="open a saved plan")
    start.add_argument("--demo", action="store_true", help="open with an example patient")
    parser.add_argument("--regimen-file", type=Path, metavar="PATH",
                        help="use this whole regimen file instead of the bundled label data "
                             "(this session only)")
    parser.add_argument("--site-file", type=Path, metavar="PATH",
                        help="the pharmacy's site file, applied over the label data "
                             "(this session only)")
    parser.add_argument("--screenshot", type=Path, metavar="OUT.png",
                        help="render the window to a PNG and exit")
    parser.add_argument("--size", type=_size, default=(1440, 900), metavar="WxH",
                        help="window size for --screenshot (default 1440x900)")
    quit_early = parser.add_mutually_exclusive_group()
    quit_early.add_argument("--quit-when-shown", action="store_true",
                            help="exit once the main window is drawn (start-up benchmarks)")
    quit_early.add_argument("--quit-at-first-paint", action="store_true",
                            help="exit once the first window is drawn (start-up benchmarks)")
    parser.add_argument("--self-test", action="store_true",
                        help="check the regimen file, plans, PDF and window offscreen; exit 0/1")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    attach_parent_console()
    # The engine's pydantic models run as shipped: no third-party pydantic plugin found in the
    # environment may hook into validation (and start-up skips scanning for them).
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
    args = build_parser().parse_args(argv)
    if args.version:
        print(version_report(args.regimen_file, args.site_file))
        return EXIT_OK
    if args.self_test:
        from ui.self_test import run_self_test

        return run_self_test()
    if args.screenshot is not None and _no_display():
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # a screenshot needs no screen
    elif _no_display() and not os.environ.get("QT_QPA_PLATFORM"):
        print("infusion-planner: no display found (DISPLAY and WAYLAND_DISPLAY are unset); "
              "start it from a desktop session, or use --self-test or --screenshot",
              file=sys.stderr)
        return EXIT_FAILED

    app = _application()
    from ui.settings import AppSettings

    settings = AppSettings(native_settings())
    if args.screenshot is not None:  # straight through: no start-up window, nothing written
        window, status, _ = open_main_window(args, settings, interactive=False)
        ok = take_screenshot(app, window, args.screenshot, args.size)
        window.close()
        return EXIT_OK if ok and status == EXIT_OK else EXIT_FAILED
    return _start(app, args, settings)


def _application() -> QApplication:
    from PySide6.QtGui import QIcon
    from PySide6.QtWidgets import QApplication

    from planner.core.resources import resource_path
    from ui import APP_NAME, ORGANIZATION
    from ui.qt_workarounds import install_none_guard

    app = QApplication.instance()
    if not isinstance(app, QApplication):
        app = QApplication([sys.argv[0] if sys.argv else "infusion-planner"])
    app.setOrganizationName(ORGANIZATION)
    app.setApplicationName(APP_NAME)
    app.setApplicationVersion(__version__)
    app.setWindowIcon(QIcon(str(resource_path("icon.png"))))
    install_none_guard()
    return app


def _start(app: QApplication, args: argparse.Namespace, settings: AppSettings) -> int:
    """Interactive start: the start-up window first, the main window after its first paint
    (ui/startup.py). ``--quit-at-first-paint`` and ``--quit-when-shown`` stop after the one
    or the other is drawn (start-up benchmarks)."""
    from PySide6.QtWidgets import QMessageBox

    from ui import APP_NAME
    from ui.startup import StartupWindow, after_first_paint, preload_engine

    startup = StartupWindow(settings, app.windowIcon())
    outcome = {"status": EXIT_OK}

    def fill() -> None:
        from ui.crash import CrashReporter

        reporter = CrashReporter()
        reporter.install()
        preload.join()
        try:
            window, status, regimen_error = open_main_window(
                args, settings, interactive=True, reporter=reporter)
        except Exception as exc:  # the window could not be built: say why, never hang
            print(f"infusion-planner: cannot start: {type(exc).__name__}: {exc}",
                  file=sys.stderr)
            if not (args.quit_when_shown or args.quit_at_first_paint):  # nobody to click OK
                QMessageBox.critical(startup, APP_NAME, f"{APP_NAME} cannot start:\n{exc}")
            outcome["status"] = EXIT_FAILED
            app.exit(EXIT_FAILED)
            return
        outcome["status"] = status
        if not args.quit_when_shown:
            window.offer_recovery()
        window.show()
        startup.close()
        if args.quit_when_shown:
            after_first_paint(window, lambda: _stamp_and_quit(app))
        elif regimen_error:
            QMessageBox.warning(window, APP_NAME, regimen_error)
        if not args.quit_when_shown:
            _tell_site_change(window, settings)

    startup.show()
    preload = preload_engine()
    after_first_paint(startup, (lambda: _stamp_and_quit(app)) if args.quit_at_first_paint
                      else fill)
    code = app.exec()
    preload.join()  # a daemon thread killed mid-import at exit can abort the process
    if args.quit_at_first_paint or args.quit_when_shown:
        for widget in app.topLevelWidgets():
            widget.close()
        return outcome["status"]
    return code if outcome["status"] == EXIT_OK else outcome["status"]


def _tell_site_change(window: MainWindow, settings: AppSettings) -> None:
    """Once per change: what changed in the site file since this workstation last used it."""
    from PySide6.QtWidgets import QMessageBox

    from ui import APP_NAME
    from ui.site_setup import SiteMemory

    loaded = window.loaded_regimen()
    memory = SiteMemory(settings.qsettings)
    change = memory.changed(loaded)
    if change is not None:
        QMessageBox.information(window, f"{APP_NAME} — site file changed", change.text())
    memory.remember(loaded)


def _stamp_and_quit(app: QApplication) -> None:
    """Benchmarks: the wall-clock moment the awaited window was drawn, then quit."""
    import time

    print(f"drawn at {time.time():.6f}", flush=True)
    app.exit(EXIT_OK)  # leave the loop only: quit() would also ask every window to close


def open_main_window(
    args: argparse.Namespace, settings: AppSettings, *, interactive: bool,
    reporter: CrashReporter | None = None,
) -> tuple[MainWindow, int, str]:
    """The main window with the regimen file, plan or demo the command line asks for.
    Returns the window, the exit status so far and why a regimen or site file was refused."""
    from ui.autosave import AutosaveStore
    from ui.main_window import MainWindow

    loaded, regimen_error = regimen_in_force(settings, args.regimen_file, args.site_file)
    if regimen_error:
        print(f"infusion-planner: {regimen_error}", file=sys.stderr)
    # a screenshot run writes nothing into the user's folders
    autosave = AutosaveStore.for_this_session() if interactive else None
    window = MainWindow(
        settings, loaded, ask_before_discard=interactive, remember_geometry=interactive,
        autosave=autosave, demo=args.demo,
    )
    if reporter is not None:
        reporter.set_window(window, window.crash_context,
                            lambda text: window.statusBar().showMessage(text, 15000))
    if regimen_error:
        window.show_notice(regimen_error.replace("\n", " "), error=True)
    status = EXIT_OK
    if args.plan is not None and not window.open_plan(args.plan):
        print(f"infusion-planner: {window.notice.text.text()}", file=sys.stderr)
        status = EXIT_FAILED
    return window, status, regimen_error


def native_settings() -> QSettings:
    """The user's settings in the platform's native store (registry, plist, ini file)."""
    from PySide6.QtCore import QSettings

    from ui import APP_NAME, ORGANIZATION

    return QSettings(QSettings.Format.NativeFormat, QSettings.Scope.UserScope,
                     ORGANIZATION, APP_NAME)


def version_report(regimen_file: Path | None, site_file: Path | None = None) -> str:
    """``--version``: the same diagnostics as About, for the data the GUI would use."""
    from ui.diagnostics import diagnostics_text
    from ui.settings import AppSettings

    settings = native_settings()
    loaded, problem = regimen_in_force(AppSettings(settings), regimen_file, site_file)
    problems = [problem.replace("\n", "; ")] if problem else []
    return diagnostics_text(loaded, settings_file=settings.fileName(), problems=problems)


def regimen_in_force(
    settings: AppSettings, regimen_file: Path | None, site_file: Path | None
) -> tuple[LoadedRegimen, str]:
    """Label data (the command line's or the preferences' regimen file, else the bundled one)
    with the site file (the command line's or the preferences') applied. A refused regimen
    file falls back to the bundled data, a refused site file to no site file; each says why."""
    from ui.site_setup import load_for_gui

    prefs = settings.preferences()
    loaded, problems = load_for_gui(regimen_file or prefs.regimen_file or None,
                                    site_file or prefs.site_file or None)
    return loaded, "\n".join(problems)


def _no_display() -> bool:
    return sys.platform.startswith("linux") and not (
        os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")
    )


def take_screenshot(
    app: object, window: object, out: Path, size: tuple[int, int]
) -> bool:
    """Show the window at ``size``, let layouts settle, write it as PNG."""
    import time

    from PySide6.QtWidgets import QApplication, QWidget

    assert isinstance(app, QApplication) and isinstance(window, QWidget)
    window.resize(*size)
    window.show()
    deadline = time.monotonic() + 0.6
    while time.monotonic() < deadline:
        app.processEvents()
        time.sleep(0.02)
    if (window.width(), window.height()) != size:
        print(f"infusion-planner: window is {window.width()}x{window.height()}, "
              f"not {size[0]}x{size[1]} (minimum size)", file=sys.stderr)
    pixmap = window.grab()
    out.parent.mkdir(parents=True, exist_ok=True)
    if not pixmap.save(str(out), "PNG"):
        print(f"infusion-planner: cannot write {out}", file=sys.stderr)
        return False
    print(f"screenshot written: {out} ({pixmap.width()}x{pixmap.height()})", file=sys.stderr)
    return True


if __name__ == "__main__":
    sys.exit(main())
