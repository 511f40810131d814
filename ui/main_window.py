"""The main window: input panels on the left, the live plan on the right.

Every edit rebuilds the request and calls :func:`planner.plan.engine.build_plan` (a fraction of a
millisecond), so there is no Calculate button and nothing on screen can be out of date without
being greyed out. Bad input is marked at the field; files, export and printing report into the
notice bar and the status bar rather than through stacks of dialogs.
"""

from __future__ import annotations

import importlib
import inspect
import itertools
import re
from collections.abc import Callable
from datetime import time
from pathlib import Path

from PySide6.QtCore import QByteArray, QSignalBlocker, Qt, QTimer
from PySide6.QtGui import QAction, QCloseEvent
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QFrame,
    QGraphicsBlurEffect,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from planner import __version__
from planner.core.errors import PlanFileError, PlannerError
from planner.plan.models import Plan
from planner.plan.patient import PlanRequest
from planner.plan.plan_file import (
    SUFFIX,
    SavedPlan,
    bound_check,
    load_plan_file,
    save_plan_file,
)
from planner.plan.protocol_compare import compare_protocols
from planner.plan.second_check import SecondCheckRecord
from planner.regimen.loading import LoadedRegimen, bundled_regimen
from ui import APP_NAME, bedside_hooks
from ui.about import show_about
from ui.actions import ActionRegistry
from ui.autosave import AutosaveStore
from ui.bars import RecoveryBar
from ui.bedside import ChecklistWindow, ProtocolCompareWindow, ReactionWindow
from ui.crash import guarded
from ui.document import PlanDocument
from ui.event_log import EventLog
from ui.fields import FIELD_STYLE, named
from ui.form import (
    FormState,
    demo_state,
    form_from_request,
    next_start,
)
from ui.formatting import fmt_datetime
from ui.lots_panel import LotsEditor
from ui.patient_panel import PatientPanel
from ui.plan_open import file_error_text, open_notes
from ui.preferences import PreferencesDialog
from ui.prescription_panel import PrescriptionPanel
from ui.qt_workarounds import install_none_guard
from ui.regimen_window import RegimenWindow
from ui.result_panel import ResultPanel
from ui.second_check_dialog import SecondCheckDialog
from ui.settings import AppSettings
from ui.warnings_panel import WarningsPanel

PLAN_FILTER = f"Infusion plans (*{SUFFIX});;All files (*)"


class NoticeBar(QFrame):
    """A dismissible message across the top: regimen-file changes, files that would not open."""

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("notice")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        box = QHBoxLayout(self)
        box.setContentsMargins(8, 4, 4, 4)
        self.text = named(QLabel(), "notice_text")
        self.text.setWordWrap(True)
        self.text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.close_button = QPushButton("Dismiss")
        self.close_button.clicked.connect(self.hide)
        box.addWidget(self.text, 1)
        box.addWidget(self.close_button, 0, Qt.AlignmentFlag.AlignTop)
        self.is_error = False
        self.hide()

    def show_message(self, text: str, error: bool = False) -> None:
        self.is_error = error
        colour, background = ("#b71c1c", "#fdecea") if error else ("#a65400", "#fff4e0")
        self.setStyleSheet(
            f"#notice {{ background: {background}; border: 1px solid {colour};"
            f" border-radius: 3px; }} #notice QLabel {{ color: #222; }}"
        )
        self.text.setText(text)
        self.show()


class MainWindow(QMainWindow):
    def __init__(
        self, settings: AppSettings, loaded: LoadedRegimen | None = None, *,
        ask_before_discard: bool = True, remember_geometry: bool = True,
        autosave: AutosaveStore | None = None,
    ) -> None:
        """``autosave`` None: no autosave (tests, screenshots, the self-test)."""
        super().__init__()
        install_none_guard()
        self._settings = settings
        self.document = PlanDocument(loaded or bundled_regimen(), self)
        self._ask = ask_before_discard
        self._remember_geometry = remember_geometry
        self._autosave = autosave
        self._autosaved: PlanRequest | None = None  # what autosave.json holds now
        self._autosave_error = ""
        self._autosave_timer = QTimer(self)
        self._autosave_timer.setSingleShot(True)
        self._autosave_timer.setInterval(autosave.delay_ms if autosave else 2000)
        self._autosave_timer.timeout.connect(self.autosave_now)
        self._offer: SavedPlan | None = None
        self.events = EventLog(self)  # recorded bedside events: saved with every save
        self.chair_window: QDialog | None = None  # ui.bedside_hooks opens these
        self.today_window: QDialog | None = None
        self._autosaved_events: list[dict[str, object]] = []
        self.checklist: ChecklistWindow | None = None
        self.reaction: ReactionWindow | None = None
        self.compare: ProtocolCompareWindow | None = None
        self.regimen_window: RegimenWindow | None = None
        self.second_dialog: SecondCheckDialog | None = None
        self._claim_error = autosave.claim() if autosave is not None else ""
        if self._claim_error:  # never overwrite inputs that could not be moved aside
            self._autosave = None
        self.setStyleSheet(FIELD_STYLE)
        self._build()
        self._build_actions()
        self.new_form(confirm=False)
        if remember_geometry:
            self._restore_geometry()

    # -- layout -----------------------------------------------------------------------------

    def _build(self) -> None:
        self.patient = PatientPanel()
        self.patient.set_dosing_rule(self.document.regimen().regimen.site_policies.dosing_weight)
        self.prescription = PrescriptionPanel(self.document.regimen().regimen)
        self.result = ResultPanel(self.document, self)
        self.warnings = WarningsPanel()
        self.notice = NoticeBar()
        self.recovery = RecoveryBar()
        self.recovery.restore.connect(self.restore_offer)
        self.recovery.discard.connect(self.discard_offer)

        inputs = QWidget()
        column = QVBoxLayout(inputs)
        column.addWidget(self.patient)
        column.addWidget(self.prescription)
        column.addStretch(1)
        self.input_scroll = QScrollArea()
        self.input_scroll.setWidget(inputs)
        self.input_scroll.setWidgetResizable(True)
        self.input_scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.input_scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scrollbar = self.input_scroll.verticalScrollBar().sizeHint().width()
        self.input_scroll.setMinimumWidth(inputs.minimumSizeHint().width() + scrollbar + 4)

        top = QWidget()
        top_row = QHBoxLayout(top)
        top_row.setContentsMargins(0, 0, 0, 0)
        top_row.addWidget(self.result.summary_box, 3)
        warnings_box = QFrame()
        warnings_layout = QVBoxLayout(warnings_box)
        warnings_layout.setContentsMargins(4, 0, 0, 0)
        warnings_layout.addWidget(self.warnings)
        top_row.addWidget(warnings_box, 2)

        self.right_splitter = QSplitter(Qt.Orientation.Vertical)
        self.right_splitter.addWidget(top)
        self.right_splitter.addWidget(self.result.timeline_box)
        self.right_splitter.addWidget(self.result.table_box)
        self.right_splitter.setChildrenCollapsible(False)
        for index, stretch in enumerate((4, 3, 3)):
            self.right_splitter.setStretchFactor(index, stretch)
        self.right_splitter.setSizes([3800, 3400, 2800])  # proportions; Qt scales them

        right = QWidget()
        right_column = QVBoxLayout(right)
        right_column.setContentsMargins(0, 0, 0, 0)
        right_column.addWidget(self.recovery)
        right_column.addWidget(self.notice)
        right_column.addWidget(self.right_splitter, 1)

        self.main_splitter = QSplitter(Qt.Orientation.Horizontal)
        self.main_splitter.addWidget(self.input_scroll)
        self.main_splitter.addWidget(right)
        self.main_splitter.setStretchFactor(0, 0)
        self.main_splitter.setStretchFactor(1, 1)
        self.main_splitter.setChildrenCollapsible(False)
        self.setCentralWidget(self.main_splitter)
        left = self.input_scroll.minimumWidth()
        self.main_splitter.setSizes([left, 10_000])

        self.regimen_label = QLabel()
        self.export_state = named(QLabel(), "export_state")
        self.statusBar().addPermanentWidget(self.export_state)
        self.statusBar().addPermanentWidget(self.regimen_label)
        self._show_regimen()

        chain = [*self.patient.tab_chain, *self.prescription.tab_chain]
        for first, second in itertools.pairwise(chain):
            QWidget.setTabOrder(first, second)

        self.patient.changed.connect(self.recompute)
        self.prescription.changed.connect(self.recompute)
        self.result.lots.changed.connect(self.recompute)
        self.prescription.compareRequested.connect(self.show_protocol_comparison)
        self.result.day_tabs.currentChanged.connect(lambda _day: self._refresh_tools())
        document = self.document
        document.planChanged.connect(self._show_warnings)
        document.contentsChanged.connect(self._after_change)
        document.stateReplaced.connect(self._show_state)
        document.lotsCleared.connect(self._say_lots_cleared)
        document.secondCheckChanged.connect(self._say_second_check)
        document.modificationChanged.connect(self.setWindowModified)
        document.fileChanged.connect(self._update_title)
        self.setMinimumSize(900, 600)

    def _build_actions(self) -> None:
        self.registry = ActionRegistry(self, {
            "new": self.new_form, "open": self._open_dialog, "save": self._save,
            "save_as": self._save_as, "export": self._export_dialog,
            "print": self._print_dialog, "preferences": self._preferences, "quit": self.close,
            "about": self._about, "checklist": self.show_checklist,
            "reaction": self.show_reaction_plan, "second_check": self.start_second_check,
            "compare": self.show_protocol_comparison,
            "chair": lambda: bedside_hooks.show_chair(self),
            "today": lambda: bedside_hooks.show_today(self),
            "regimen": self.show_regimen_window,
        }, self.document.undo_stack)
        self.registry.build_menus(self.menuBar())
        toolbar = self.addToolBar("Main")
        toolbar.setObjectName("main_toolbar")
        toolbar.setMovable(False)
        toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.registry.build_toolbar(toolbar)
        self._update_actions()

    def action(self, name: str) -> QAction:
        """The window's action ``name`` (see :data:`ui.actions.SPECS`)."""
        return self.registry[name]

    # -- regimen file -----------------------------------------------------------------------

    @property
    def _loaded(self) -> LoadedRegimen:
        return self.document.regimen()

    def loaded_regimen(self) -> LoadedRegimen:
        return self.document.regimen()

    def set_regimen(self, loaded: LoadedRegimen) -> None:
        """Use another (already validated) regimen file and recompute."""
        with QSignalBlocker(self.prescription):
            self.patient.set_dosing_rule(loaded.regimen.site_policies.dosing_weight)
            self.prescription.set_regimen(loaded.regimen)
        self.document.set_regimen(loaded, self.form_state())
        self._show_regimen()
        if self.regimen_window is not None:
            self.regimen_window.set_loaded(loaded)

    def _show_regimen(self) -> None:
        loaded = self._loaded
        where = "bundled" if loaded.bundled else f"site file {loaded.path.name}"
        site = loaded.site
        self.regimen_label.setText(
            f"Regimen file {loaded.regimen.version} · SHA-256 {loaded.short_sha} · {where}"
            + (f" · site file {site.file} {site.version}" if site else "")
        )
        self.regimen_label.setToolTip(
            f"{loaded.path}\nSHA-256 {loaded.sha256}"
            + (f"\nSite file {site.path}\nSHA-256 {site.sha256}" if site else "")
        )

    def default_start_time(self) -> time:
        prefs = self._settings.preferences()
        return prefs.default_start or self._loaded.regimen.site_policies.default_start_time

    # -- the form ---------------------------------------------------------------------------

    def form_state(self) -> FormState:
        return FormState(**self.patient.values(), **self.prescription.values(),
                         **self.result.lots.values())

    def load_state(self, state: FormState) -> None:
        """Fill the form (a new patient): the previous plan is dropped, never kept greyed
        out under another patient's inputs."""
        self._fill(state, (self.patient, self.prescription, self.result.lots))
        if self.checklist is not None:
            self.checklist.reset()  # another patient or course: tick again
        self.document.load(self.form_state())

    def _fill(self, state: FormState, panels: tuple[PatientPanel | PrescriptionPanel
                                                     | LotsEditor, ...]) -> None:
        """Show ``state`` in ``panels`` without it counting as an edit."""
        for panel in panels:
            with QSignalBlocker(panel):
                panel.load(state)

    def _show_state(self) -> None:
        """The document changed the form (undo, redo, lot wipe): refill the panels that
        differ; if a panel fills in something else (a default), the plan follows the screen."""
        state = self.document.state()
        panels = (self.patient, self.prescription, self.result.lots)
        self._fill(state, tuple(p for p in panels if any(
            getattr(state, key) != value for key, value in p.values().items())))
        shown = self.form_state()
        if shown != state:
            self.document.adjust(shown)

    def new_form(self, confirm: bool = True) -> bool:
        if confirm and not self._confirm_discard():
            return False
        self.load_state(FormState(start=next_start(self.default_start_time())))
        self.events.clear()
        self.document.set_file(None, saved=False)
        self.notice.hide()
        self._remove_autosave()
        self._update_title()
        self.patient.weight.setFocus()
        return True

    def load_demo(self) -> None:
        self.load_state(demo_state())
        self.events.clear()
        self.document.set_file(None, saved=True)

    # -- recompute --------------------------------------------------------------------------

    def recompute(self) -> None:
        """Form → document, which recomputes the plan; the panels follow its signals."""
        if not bedside_hooks.may_edit(self, self.form_state()):
            self._show_state()  # a recorded prescription stays as it was
            return
        if not self.document.edit(self.form_state()):
            self._show_errors()  # a field's message quotes the text still being typed

    def _show_warnings(self) -> None:
        plan = self.document.last_plan()
        self.warnings.set_warnings(plan.warnings if plan is not None else ())

    def _after_change(self) -> None:
        """What follows any recompute, valid or not."""
        document = self.document
        validity = document.validity()
        self._show_errors()
        self.warnings.set_stale(not document.is_current())
        if document.is_current():
            self.statusBar().clearMessage()
        else:
            if document.last_plan() is None and validity.severe:
                self.notice.show_message(validity.reason, error=True)
            self.statusBar().showMessage(validity.reason, 8000)
        self._update_actions()
        self._refresh_tools()
        self._schedule_autosave()

    def _show_errors(self) -> None:
        validity = self.document.validity()
        self.patient.show_errors(validity.errors, validity.missing)
        self.prescription.show_errors(validity.errors, validity.missing)
        self.result.lots.show_errors(validity.errors)

    def _say_lots_cleared(self) -> None:
        """Lot numbers belong to one product: say so when a product change cleared them."""
        self.statusBar().showMessage(
            "Lot entries cleared: they were for the previous product", 10000)
        self.notice.show_message(
            "The lot numbers entered were for the previous product and have been cleared: "
            "enter the lots of the new product (Lots tab).")

    def plan(self) -> Plan | None:
        """The plan on screen, only while it matches the input (None when stale)."""
        return self.document.plan()

    def request(self) -> PlanRequest | None:
        """The form as an engine request, when every field can be read."""
        return self.document.request()

    def field_errors(self) -> dict[str, str]:
        return dict(self.document.validity().errors)

    def _update_actions(self) -> None:
        plan = self.plan()
        if plan is None:
            reason = "Disabled: no valid plan for the current input"
            state = "No valid plan" if self.document.last_plan() is not None else ""
        elif plan.has_stop:
            reason = "Disabled: the plan has a STOP warning (see Warnings); change the input"
            state = "STOP: export and print blocked"
        else:
            reason = ""
            state = ""
        self.registry.set_plan_state(plan is not None and not plan.has_stop, reason)
        self.export_state.setText(state)
        self.export_state.setStyleSheet(
            "color: #b71c1c; font-weight: bold;" if state.startswith("STOP") else ""
        )

    # -- files ------------------------------------------------------------------------------

    def _dirty(self) -> bool:
        return self.document.is_modified()

    def _confirm_discard(self) -> bool:
        if not self._ask or not self._dirty():
            return True
        answer = QMessageBox.question(
            self, APP_NAME, "Discard the plan that is on screen? It has not been saved.",
            QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel,
        )
        return answer == QMessageBox.StandardButton.Discard

    def _update_title(self) -> None:
        path = self.document.path()
        self.setWindowTitle(f"{path.name if path else 'new plan'}[*] — {APP_NAME}")
        self.setWindowModified(self.document.is_modified())

    def _open_dialog(self) -> None:
        if not self._confirm_discard():
            return
        path, _ = QFileDialog.getOpenFileName(
            self, "Open plan", self._settings.last_dir(), PLAN_FILTER
        )
        if path:
            self.open_plan(Path(path))

    def open_plan(self, path: Path) -> bool:
        """Load a saved plan, recompute it with the regimen file in use, say what differs.

        A file that cannot be read leaves the form untouched; a request the engine refuses
        (unknown indication or product, an IM product for an IV indication…) opens with the
        refusal in red in the notice bar and the field marked, and no plan."""
        try:
            saved = load_plan_file(path)
            EventLog().load(saved.events, path.name)  # refuse newer events before any change
        except PlanFileError as exc:
            self.notice.show_message(
                f"Could not open the plan: {file_error_text(str(exc))} The form on screen is "
                "unchanged.", error=True,
            )
            self.statusBar().showMessage(f"Could not open {path.name}", 8000)
            return False
        self._load_saved(saved, path)
        self._settings.set_last_dir(path.parent)
        self.statusBar().showMessage(f"Opened {path}", 5000)
        return True

    def _load_saved(self, saved: SavedPlan, path: Path | None) -> None:
        """Fill the form from a plan file (``path``) or a recovered autosave (None: unsaved)."""
        loaded = self._loaded
        state = form_from_request(saved.request, loaded.regimen, self.default_start_time())
        self.load_state(state)
        self.events.load(saved.events, path.name if path else "autosave")
        self.document.set_file(path, saved=path is not None)
        record = bound_check(saved, loaded)  # void where request or data differ from the check
        if record is not None:
            # set_second_check refuses it if the form changed the request at all
            self.set_second_check(record, saved.request)
        notes = open_notes(saved, loaded, self.form_state())
        if notes:
            self.notice.show_message(" ".join(n.text for n in notes),
                                     error=any(n.error for n in notes))
        else:
            self.notice.hide()

    def _save(self) -> None:
        path = self.document.path()
        if path is None:
            self._save_as()
        else:
            self.save_plan(path)

    def _save_as(self) -> None:
        if self.request() is None:
            self._cannot_save()
            return
        suggested = str(Path(self._settings.last_dir()) / (self._suggested_name() + SUFFIX))
        path, _ = QFileDialog.getSaveFileName(self, "Save plan", suggested, PLAN_FILTER)
        if path:
            target = Path(path)
            if not target.suffix:
                target = target.with_suffix(SUFFIX)
            self.save_plan(target)

    def _cannot_save(self) -> None:
        self.statusBar().showMessage(
            "Not saved: complete the fields marked in the form first", 8000
        )

    def save_plan(self, path: Path) -> bool:
        """Save the form's request (even one the engine refuses, so work is never lost)."""
        request = self.request()
        if request is None:
            self._cannot_save()
            return False
        try:
            written = save_plan_file(request, path, self._loaded,
                                     second_check=self.second_check(),
                                     events=self.events.records())
        except PlanFileError as exc:
            kept = ("The file already there is unchanged." if path.exists()
                    else "No file was written.")
            self.notice.show_message(
                f"Plan NOT saved: {exc}. {kept} Your inputs are still on screen: save to "
                "another folder or free some space and try again.", error=True,
            )
            self.statusBar().showMessage(f"Not saved: {path.name}", 8000)
            return False
        self.document.set_file(written, saved=True)
        self._remove_autosave()
        self._settings.set_last_dir(written.parent)
        self.statusBar().showMessage(f"Saved {written}", 5000)
        return True

    def _suggested_name(self) -> str:
        request = self.request()
        if request is None:
            return "plan"
        who = request.patient.mrn or request.patient.name or "plan"
        start = request.start.strftime("%Y-%m-%d") if request.start else ""
        raw = "-".join(x for x in (who, request.indication_id, start) if x)
        return re.sub(r"[^A-Za-z0-9._-]+", "_", raw)

    # -- export and print -------------------------------------------------------------------

    def _exporter(self) -> Callable[..., Path] | None:
        """``planner.report.pdf.export.export_pdf``, imported only when needed (it is written by
        another developer and pulls in reportlab); None, with a status message, if absent."""
        try:
            module = importlib.import_module("planner.report.pdf.export")
        except ModuleNotFoundError as exc:
            name = "planner.report.pdf.export"
            if exc.name != name and name not in str(exc):
                raise
            self.statusBar().showMessage("PDF export not available yet", 8000)
            return None
        function: Callable[..., Path] = module.export_pdf
        return function

    def _export_dialog(self) -> None:
        plan = self.plan()
        if plan is None or plan.has_stop or self._exporter() is None:
            return
        suggested = str(Path(self._settings.last_dir()) / (self._suggested_name() + ".pdf"))
        path, _ = QFileDialog.getSaveFileName(self, "Export PDF", suggested, "PDF (*.pdf)")
        if path:
            self.export_pdf(Path(path))

    def export_pdf(self, path: Path) -> Path | None:
        """Write the current plan's PDF; never for a stale plan or one with a STOP warning."""
        plan = self.plan()
        if plan is None or plan.has_stop:
            self.statusBar().showMessage("PDF not written: no valid plan without STOP", 8000)
            return None
        export_pdf = self._exporter()
        if export_pdf is None:
            return None
        letter = self._settings.preferences().paper == "Letter"
        extra: dict[str, object] = {}
        record = self.second_check()
        if record is not None and "second_check" in inspect.signature(export_pdf).parameters:
            extra["second_check"] = record
        try:
            written = Path(export_pdf(plan, path, paper="Letter" if letter else "A4",
                                      **extra))
        except (PlannerError, OSError) as exc:
            self.notice.show_message(f"PDF not written: {exc}", error=True)
            return None
        self._settings.set_last_dir(written.parent)
        self.statusBar().showMessage(f"PDF written: {written}", 8000)
        return written

    def _print_dialog(self) -> None:
        plan = self.plan()
        if plan is None or plan.has_stop:
            return
        from PySide6.QtPrintSupport import QPrintDialog  # loaded on first print, not at start

        from ui.printing import make_printer, print_plan

        printer = make_printer(self._settings.preferences().paper)
        dialog = QPrintDialog(printer, self)
        if dialog.exec() == QPrintDialog.DialogCode.Accepted:
            print_plan(plan, printer, second_check=self.second_check())
            self.statusBar().showMessage("Sent to the printer", 5000)

    # -- dialogs ----------------------------------------------------------------------------

    def _preferences(self) -> None:
        dialog = PreferencesDialog(
            self._settings.preferences(), self._loaded, self._settings.last_dir(), self
        )
        if dialog.exec() != PreferencesDialog.DialogCode.Accepted:
            return
        self.apply_preferences(dialog)

    def apply_preferences(self, dialog: PreferencesDialog) -> None:
        prefs = dialog.preferences()
        self._settings.set_preferences(prefs)
        if dialog.loaded is not None and _files(dialog.loaded) != _files(self._loaded):
            self.set_regimen(dialog.loaded)
            site = dialog.loaded.site
            self.notice.show_message(
                f"Now using regimen file version {dialog.loaded.regimen.version} "
                f"(SHA-256 {dialog.loaded.short_sha})"
                + (f" with site file {site.file} version {site.version} (SHA-256 "
                   f"{site.short_sha})" if site else "")
                + "; the plan has been recomputed."
            )

    def _about(self) -> None:
        show_about(self, self._loaded, self._settings.qsettings.fileName())

    # -- bedside tools and the second check ----------------------------------------------

    def _blank_tool(self, window: QDialog) -> None:
        window.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, False)

    def show_checklist(self) -> ChecklistWindow:
        if self.checklist is None:
            self.checklist = ChecklistWindow(self)
            self._blank_tool(self.checklist)
        self._refresh_tools()
        self.checklist.show()
        self.checklist.raise_()
        return self.checklist

    def show_reaction_plan(self) -> ReactionWindow:
        if self.reaction is None:
            self.reaction = ReactionWindow(self)
            self._blank_tool(self.reaction)
        self._refresh_tools()
        self.reaction.show()
        self.reaction.raise_()
        return self.reaction

    def show_regimen_window(self) -> RegimenWindow:
        """The read-only Regimen window: what is in force, and why."""
        if self.regimen_window is None:
            self.regimen_window = RegimenWindow(self)
            self._blank_tool(self.regimen_window)
            self.regimen_window.set_loaded(self._loaded)
        self.regimen_window.show()
        self.regimen_window.raise_()
        return self.regimen_window

    def show_protocol_comparison(self) -> ProtocolCompareWindow:
        if self.compare is None:
            self.compare = ProtocolCompareWindow(self)
            self._blank_tool(self.compare)
            self.compare.useProtocol.connect(self.use_protocol)
        self._refresh_tools(force=True)
        self.compare.show()
        self.compare.raise_()
        return self.compare

    def use_protocol(self, protocol_id: str) -> None:
        self.prescription.set_protocol(protocol_id)
        self.recompute()

    def _refresh_tools(self, force: bool = False) -> None:
        """Keep the open tool windows in step with the plan on screen."""
        shown = self.document.last_plan()  # checklist and reaction plan: from the regimen file
        if self.checklist is not None:
            self.checklist.set_plan(shown, self.result.current_day())
        if self.reaction is not None:
            self.reaction.set_plan(shown)
        if self.compare is not None and (force or self.compare.isVisible()):
            request, plan = self.request(), self.plan()
            if request is None or plan is None:
                self.compare.set_options((), None, "No valid plan for the input on screen: "
                                         "nothing to compare.")
            elif plan.protocol is None:
                self.compare.set_options((), None, "Intramuscular injection: no rate "
                                         "protocol to compare.")
            else:
                self.compare.set_options(compare_protocols(request, self._loaded),
                                         plan.protocol.protocol_id)

    def start_second_check(self) -> SecondCheckDialog | None:
        """Open the blind entry for a second nurse; the first plan is blurred meanwhile."""
        plan, request = self.plan(), self.request()
        if plan is None or request is None or plan.has_stop:
            self.statusBar().showMessage(
                "Second check: needs a valid plan without STOP on screen", 8000)
            return None
        dialog = SecondCheckDialog(request, plan, self._loaded, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.recorded.connect(lambda record: self.set_second_check(record, request))
        dialog.finished.connect(self._end_second_check)
        blur = QGraphicsBlurEffect(self.main_splitter)
        blur.setBlurRadius(28)
        self.main_splitter.setGraphicsEffect(blur)
        self.second_dialog = dialog
        dialog.show()  # window-modal, not blocking: the event loop goes on
        return dialog

    def _end_second_check(self, *_args: object) -> None:
        self.main_splitter.setGraphicsEffect(None)  # type: ignore[arg-type]
        self.second_dialog = None

    def first_plan_hidden(self) -> bool:
        return isinstance(self.main_splitter.graphicsEffect(), QGraphicsBlurEffect)

    def set_second_check(self, record: SecondCheckRecord, request: PlanRequest) -> None:
        """Record a check without differences of exactly this input (anything else is
        ignored)."""
        self.document.set_second_check(record, request)

    def second_check(self) -> SecondCheckRecord | None:
        """The recorded check, only while the input is exactly what was checked."""
        return self.document.second_check()

    def _say_second_check(self, record: SecondCheckRecord | None) -> None:
        if record is not None and record.void_reason:
            self.statusBar().showMessage(f"Second check VOID: {record.void_reason}", 15000)
        elif record is not None:
            self.statusBar().showMessage(
                f"Second check recorded: {record.checked_by}, {record.checked_at:%H:%M}", 8000)
        else:
            self.statusBar().showMessage(
                "Second check cleared: the input changed after it was done", 10000)

    # -- autosave and recovery ---------------------------------------------------------------

    def _schedule_autosave(self) -> None:
        if self._autosave is not None:
            self._autosave_timer.start()  # restarts: written 2 s after the last edit

    @guarded
    def autosave_now(self) -> None:
        """Write the inputs to autosave.json if they are not safe in a plan file; remove it
        when they are (saved, or a blank form)."""
        self._autosave_timer.stop()
        store = self._autosave
        if store is None:
            return
        if not self._dirty():
            self._remove_autosave()
            return
        request = self.request()
        records = self.events.records()
        if request is None or (request == self._autosaved and records == self._autosaved_events):
            return  # unreadable input keeps the last readable autosave
        try:
            store.save(request, self._loaded, records)
        except PlanFileError as exc:
            message = f"Autosave failed: {exc}"
            if message != self._autosave_error:
                self.statusBar().showMessage(message, 10000)
            self._autosave_error = message
            return
        self._autosave_error = ""
        self._autosaved = request
        self._autosaved_events = records

    def _remove_autosave(self) -> None:
        self._autosave_timer.stop()
        if self._autosave is not None:
            self._autosave.remove()
        self._autosaved = None

    @guarded
    def _autosave_on_close(self) -> None:
        self.autosave_now()

    def autosave_store(self) -> AutosaveStore | None:
        return self._autosave

    def offer_recovery(self) -> bool:
        """At start: offer the inputs an earlier session left unsaved (a bar, not a dialog)."""
        if self._claim_error:  # the old autosave could not be moved aside: say, keep it
            self.notice.show_message(
                f"Unsaved inputs from the last session could not be recovered: "
                f"{self._claim_error}. Autosave is off for this session.", error=True,
            )
            return False
        store = self._autosave
        if store is None:
            return False
        try:
            saved = store.take_offer()
        except PlanFileError as exc:
            self.notice.show_message(
                f"Unsaved inputs from the last session could not be recovered: "
                f"{file_error_text(str(exc))}", error=True,
            )
            return False
        if saved is None:
            return False
        self._offer = saved
        request = saved.request
        when = (fmt_datetime(saved.saved_at.astimezone().replace(tzinfo=None))
                if saved.saved_at is not None else "the last session")
        indication = self._loaded.regimen.indication(request.indication_id)
        what = indication.name if indication is not None else request.indication_id
        who = ", ".join(x for x in (request.patient.name, request.patient.mrn and
                                    f"MRN {request.patient.mrn}", what) if x)
        self.recovery.offer(
            f"Unsaved inputs from {when} were recovered ({who}). Restore them, or discard "
            "them?"
        )
        return True

    def restore_offer(self) -> None:
        saved = self._offer
        if saved is None or not self._confirm_discard():
            return
        self._offer = None
        self.recovery.hide()
        self._load_saved(saved, None)
        if self._autosave is not None:
            self._autosave.discard_offer()
        self.autosave_now()  # the restored inputs are now this session's unsaved inputs
        self.statusBar().showMessage("Unsaved inputs restored: check them, then save", 8000)

    def discard_offer(self) -> None:
        self._offer = None
        self.recovery.hide()
        if self._autosave is not None:
            self._autosave.discard_offer()
        self.statusBar().showMessage("Recovered inputs discarded", 5000)

    def crash_context(self) -> list[str]:
        """Lines for a crash log: which program and regimen file produced the screen."""
        loaded = self._loaded
        return [
            f"Infusion Planner {__version__}",
            f"Regimen file version {loaded.regimen.version}, SHA-256 {loaded.sha256}, "
            f"{'bundled' if loaded.bundled else loaded.path}",
            f"Plan file: {self.document.path() or 'not saved'}; plan on screen current: "
            f"{self.document.is_current()}",
        ]

    # -- window -----------------------------------------------------------------------------

    def show_notice(self, text: str, error: bool = False) -> None:
        self.notice.show_message(text, error)

    def _restore_geometry(self) -> None:
        geometry = self._settings.geometry()
        if geometry is not None:
            self.restoreGeometry(geometry)
        else:
            self.resize(1440, 900)
        state = self._settings.window_state()
        if state is not None:
            self.restoreState(state)
        for name, splitter in self._splitters():
            saved = self._settings.splitter(name)
            if saved is not None:
                splitter.restoreState(saved)

    def _splitters(self) -> tuple[tuple[str, QSplitter], ...]:
        return (("main", self.main_splitter), ("right", self.right_splitter))

    def closeEvent(self, event: QCloseEvent) -> None:
        if not self._confirm_discard():
            event.ignore()
            return
        self._autosave_on_close()
        if self._remember_geometry:
            self._settings.set_window(QByteArray(self.saveGeometry()),
                                      QByteArray(self.saveState()))
            for name, splitter in self._splitters():
                self._settings.set_splitter(name, QByteArray(splitter.saveState()))
            self._settings.sync()
        event.accept()


def _files(loaded: LoadedRegimen) -> tuple[str, str | None]:
    """The label data and site file in use, by SHA-256."""
    return loaded.sha256, loaded.site.sha256 if loaded.site else None
