"""Start-up order: a window is drawn first, the engine's main window is built after that paint
and takes its place with the plan on screen. (Order and outcome only; speed is measured by
bench/bench_startup.py, never asserted.)"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtGui import QPaintEvent
from PySide6.QtWidgets import QApplication, QMainWindow

import ui.main_window
from ui.__main__ import main
from ui.main_window import MainWindow
from ui.startup import StartupWindow


@pytest.fixture
def isolated(tmp_path: Path, qapp: QApplication, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """main() uses the native QSettings and the platform folders: point both at tmp_path."""
    for fmt in (QSettings.Format.NativeFormat, QSettings.Format.IniFormat):
        QSettings.setPath(fmt, QSettings.Scope.UserScope, str(tmp_path / "settings"))
    for name in ("XDG_DATA_HOME", "XDG_STATE_HOME", "XDG_CACHE_HOME", "XDG_CONFIG_HOME"):
        monkeypatch.setenv(name, str(tmp_path / name.lower()))
    yield tmp_path


@pytest.fixture
def events(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, object]]:
    """Records the start-up window's paints and the main window's construction, in order."""
    seen: list[tuple[str, object]] = []

    def paint(self: StartupWindow, event: QPaintEvent) -> None:
        seen.append(("startup painted", self))
        QMainWindow.paintEvent(self, event)

    original = MainWindow.__init__

    def build(self: MainWindow, *args: object, **kwargs: object) -> None:
        visible = [w for w in QApplication.topLevelWidgets()
                   if isinstance(w, StartupWindow) and w.isVisible()]
        seen.append(("main window built", visible))
        original(self, *args, **kwargs)  # type: ignore[arg-type]
        seen.append(("main window", self))

    monkeypatch.setattr(StartupWindow, "paintEvent", paint, raising=False)
    monkeypatch.setattr(ui.main_window.MainWindow, "__init__", build)
    return seen


def test_first_window_is_drawn_before_the_main_window_is_built(
    isolated: Path, events: list[tuple[str, object]]
) -> None:
    assert main(["--demo", "--quit-when-shown"]) == 0
    names = [name for name, _ in events]
    assert "startup painted" in names and "main window built" in names
    assert names.index("startup painted") < names.index("main window built")
    visible_then = dict(events)["main window built"]
    assert isinstance(visible_then, list) and len(visible_then) == 1  # on screen meanwhile
    window = dict(events)["main window"]
    assert isinstance(window, MainWindow)
    plan = window.plan()
    assert plan is not None and len(plan.days) == 5  # the demo course, computed
    assert not visible_then[0].isVisible()  # the main window took its place


def test_quit_at_first_paint_never_builds_the_main_window(
    isolated: Path, events: list[tuple[str, object]], capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--demo", "--quit-at-first-paint"]) == 0
    names = [name for name, _ in events]
    assert "startup painted" in names and "main window built" not in names
    assert "drawn at " in capsys.readouterr().out


def test_a_main_window_that_cannot_be_built_is_reported_not_hung(
    isolated: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from PySide6.QtWidgets import QMessageBox

    def broken(*_args: object, **_kwargs: object) -> None:
        raise OSError("disk on fire")

    shown: list[str] = []
    monkeypatch.setattr(ui.main_window.MainWindow, "__init__", broken)
    monkeypatch.setattr(QMessageBox, "critical", lambda _p, _t, text: shown.append(text))
    assert main(["--demo"]) == 1
    assert "disk on fire" in capsys.readouterr().err and "disk on fire" in shown[0]


def test_site_file_on_the_command_line_is_in_force(
    isolated: Path, events: list[tuple[str, object]]
) -> None:
    import hashlib

    site = Path(__file__).resolve().parents[2] / "resources" / "site-example.json"
    assert main(["--demo", "--site-file", str(site), "--quit-when-shown"]) == 0
    window = dict(events)["main window"]
    assert isinstance(window, MainWindow)
    applied = window.loaded_regimen().site
    assert applied is not None
    assert applied.sha256 == hashlib.sha256(site.read_bytes()).hexdigest()


def test_a_failed_start_in_a_benchmark_run_exits_without_a_dialog(
    isolated: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """--quit-when-shown runs unattended (bench, build check): no modal box to wait on (the
    no_dialogs guard fails the test if one opens)."""

    def broken(*_args: object, **_kwargs: object) -> None:
        raise OSError("disk on fire")

    monkeypatch.setattr(ui.main_window.MainWindow, "__init__", broken)
    assert main(["--demo", "--quit-when-shown"]) == 1
    assert "disk on fire" in capsys.readouterr().err


def test_a_demo_start_fills_the_form_once(
    isolated: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The demo patient goes straight into the new window: no blank form filled, checked and
    drawn first."""
    import ui.document

    loads: list[object] = []
    original = ui.document.PlanDocument.load

    def counting(self: ui.document.PlanDocument, *args: object, **kwargs: object) -> None:
        loads.append(args)
        original(self, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(ui.document.PlanDocument, "load", counting)
    assert main(["--demo", "--quit-when-shown"]) == 0
    assert len(loads) == 1
    shown = [w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow)]
    assert shown and shown[-1].plan() is not None and shown[-1].document.is_current()
    assert not shown[-1].isWindowModified()  # the example is not unsaved work


LATER_MODULES = ("ui.regimen_window", "ui.bedside", "ui.bedside_events", "ui.today_view",
                 "ui.guide", "ui.preferences", "ui.second_check_dialog", "ui.about",
                 "planner.bedside.replan")


def test_the_start_up_path_leaves_the_tool_windows_unloaded() -> None:
    """Tool windows and the bedside engine load on first use, not before the first plan."""
    script = ("import sys\nimport ui.main_window\n"
              f"print([m for m in {LATER_MODULES!r} if m in sys.modules])")
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                         check=True, env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})
    assert out.stdout.strip() == "[]"


LATER_LIBRARIES = ("reportlab", "PIL", "planner.report.pdf.export", "planner.report.pdf.styles",
                   "PySide6.QtPrintSupport", *LATER_MODULES)


def test_the_demo_plan_is_drawn_without_loading_the_pdf_or_tool_code() -> None:
    """The whole start, up to the demo plan drawn: the PDF exporter and its fonts (reportlab
    parsing DejaVu costs ~150 ms) load at the first export, the tool windows at first use."""
    script = ("import sys\nfrom ui.__main__ import main\n"
              "code = main(['--demo', '--quit-when-shown'])\n"
              f"print('loaded', [m for m in {LATER_LIBRARIES!r} if m in sys.modules], code)")
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                         check=True, env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
                         timeout=120)
    assert "loaded [] 0" in out.stdout, out.stdout + out.stderr
