"""Export and print: only a plan that matches the input and has no STOP warning goes on paper.

The PDF comes from :func:`planner.report.pdf.export.export_pdf` (imported on first use: it
pulls in reportlab). Print and print preview put that same PDF's pages on the printer
(:mod:`ui.printing`): one source for what goes on paper.
"""

from __future__ import annotations

import importlib
import inspect
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QDialog, QFileDialog

from planner.core.errors import PlannerError
from planner.plan.models import Plan
from planner.report.paper import Paper
from ui import bedside_hooks
from ui.settings import AppSettings
from ui.timeline_data import RefusedDay

if TYPE_CHECKING:
    from PySide6.QtPrintSupport import QPrinter

    from planner.bedside.replan import ReplannedDay
    from ui.main_window import MainWindow

EXPORTER = "planner.report.pdf.export"


class OutputController(QObject):
    def __init__(self, window: MainWindow, settings: AppSettings) -> None:
        super().__init__(window)
        self._window = window
        self._settings = settings
        self._preview_printer: object = None

    def _say(self, text: str, msecs: int) -> None:
        self._window.statusBar().showMessage(text, msecs)

    def _printable(self) -> Plan | None:
        plan = self._window.document.plan()
        return None if plan is None or plan.has_stop else plan

    def _exporter(self) -> Callable[..., Path] | None:
        """``export_pdf``, imported only when needed; None, with a status message, if the
        module is absent."""
        try:
            module = importlib.import_module(EXPORTER)
        except ModuleNotFoundError as exc:
            if exc.name != EXPORTER and EXPORTER not in str(exc):
                raise
            self._say("PDF export not available yet", 8000)
            return None
        function: Callable[..., Path] = module.export_pdf
        return function

    def export_dialog(self) -> None:
        if self._printable() is None or self._exporter() is None:
            return
        path, _ = QFileDialog.getSaveFileName(
            self._window, "Export PDF", self._window.files.suggested_path(".pdf"),
            "PDF (*.pdf)")
        if path:
            self.export_pdf(Path(path))

    def _write_pdf(self, plan: Plan, path: Path) -> Path | None:
        """The exporter's PDF of ``plan`` at ``path`` with the second check and the recorded
        days; None (and the reason shown) when it could not be written."""
        export_pdf = self._exporter()
        if export_pdf is None:
            return None
        letter = self._settings.preferences().paper == Paper.LETTER
        paper = Paper.LETTER if letter else Paper.A4
        extra: dict[str, object] = {}
        record = self._window.document.second_check()
        if record is not None and "second_check" in inspect.signature(export_pdf).parameters:
            extra["second_check"] = record
        recorded, refused = self._recorded()
        if recorded:  # the actual administration record of days with events
            extra["recorded"] = recorded
        try:
            written = Path(export_pdf(plan, path, paper=paper, **extra))
        except (PlannerError, OSError) as exc:
            self._window.notice.show_message(f"PDF not written: {exc}", error=True)
            return None
        if refused:  # never a quietly incomplete administration record
            missing = "; ".join(f"day {day.day}: {day.reason}" for day in refused)
            self._window.notice.show_message(
                f"PDF written without the recorded events of {missing}. Check those events "
                "at the chair window before relying on the printed record.", error=True)
        return written

    def _recorded(self) -> tuple[tuple[ReplannedDay, ...], tuple[RefusedDay, ...]]:
        """The days re-planned from their events for the PDF, and the days whose events the
        bedside engine refused (with its reason): one refused day no longer drops the
        others' records, and is said, not silently left out."""
        whole = bedside_hooks.recorded_days(self._window)
        if whole or not self._window.events.events():
            return whole, ()
        days = bedside_hooks.timeline_days(self._window)
        return (tuple(d for d in days if not isinstance(d, RefusedDay)),
                tuple(d for d in days if isinstance(d, RefusedDay)))

    def export_pdf(self, path: Path) -> Path | None:
        """Write the current plan's PDF; never for a stale plan or one with a STOP warning."""
        plan = self._printable()
        if plan is None:
            self._say("PDF not written: no valid plan without STOP", 8000)
            return None
        written = self._write_pdf(plan, path)
        if written is None:
            return None
        self._settings.set_last_dir(written.parent)
        self._say(f"PDF written: {written}", 8000)
        return written

    def print_to(self, plan: Plan, printer: QPrinter) -> int:
        """Print ``plan``'s PDF pages on ``printer`` (the number of pages; 0: not printed)."""
        from ui.printing import print_pdf  # pdfium loaded on first print, not at start

        with tempfile.TemporaryDirectory(prefix="infusion-print-") as folder:
            pdf = self._write_pdf(plan, Path(folder) / "plan.pdf")
            if pdf is None:
                return 0
            try:
                return print_pdf(pdf, printer)
            except OSError as exc:
                self._window.notice.show_message(f"Not printed: {exc}", error=True)
                return 0

    def print_preview(self) -> QDialog | None:
        """The print preview of the current plan (None: no plan that may be printed)."""
        plan = self._printable()
        if plan is None:
            self._say("Print preview: needs a valid plan without STOP", 8000)
            return None
        from PySide6.QtPrintSupport import QPrintPreviewDialog

        from ui.printing import make_printer

        printer = make_printer(self._settings.preferences().paper)
        self._preview_printer = printer  # the dialog does not own it: keep it alive
        dialog = QPrintPreviewDialog(printer, self._window)
        dialog.setWindowTitle("Print preview")

        def paint(target: QPrinter) -> None:
            self.print_to(plan, target)

        dialog.paintRequested.connect(paint)
        return dialog

    def preview_dialog(self) -> None:
        dialog = self.print_preview()
        if dialog is not None:
            dialog.exec()

    def print_dialog(self) -> None:
        plan = self._printable()
        if plan is None:
            return
        from PySide6.QtPrintSupport import QPrintDialog  # loaded on first print, not at start

        from ui.printing import make_printer

        printer = make_printer(self._settings.preferences().paper)
        dialog = QPrintDialog(printer, self._window)
        if dialog.exec() == QPrintDialog.DialogCode.Accepted and self.print_to(plan, printer):
            self._say("Sent to the printer", 5000)
