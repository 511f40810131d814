"""The main window: input panels on the left, the live plan on the right.

Every edit goes to the plan document (:mod:`ui.document`), which rebuilds the request and calls
:func:`planner.plan.engine.build_plan` (a fraction of a millisecond): there is no Calculate
button and no plan figure on screen that does not match the input. Bad input is marked at the
field. The window only lays out the panels and wires them to small controllers, one concept
each: the form ⇄ document sync (:mod:`ui.form_control`), the regimen file in force
(:mod:`ui.regimen_control`), new/open/save (:mod:`ui.file_control`), export and print
(:mod:`ui.output_control`), autosave (:mod:`ui.autosave_control`), the tool windows and the
second check (:mod:`ui.tools_control`), the bedside windows (:mod:`ui.bedside_hooks`), the
title (:mod:`ui.window_title`), the remembered arrangement (:mod:`ui.window_memory`) and the
actions (:mod:`ui.actions`). All report into the notice bar and the status bar rather than
through stacks of dialogs. The public methods below forward to them for callers and tests.
"""

from __future__ import annotations

from datetime import time
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QAction, QCloseEvent
from PySide6.QtWidgets import QDialog, QMainWindow, QStackedWidget, QWidget

from planner.plan.models import Plan
from planner.plan.patient import PlanRequest
from planner.plan.second_check import SecondCheckRecord
from planner.regimen.loading import LoadedRegimen, bundled_regimen
from ui.actions import ActionRegistry
from ui.autosave_control import AutosaveController
from ui.bars import NoticeBar, RecoveryBar, RegimenLabel
from ui.bedside_hooks import BedsideHooks
from ui.blind_cover import BlindCover
from ui.document import PlanDocument
from ui.event_log import EventLog
from ui.fields import FIELD_STYLE
from ui.file_control import FileController
from ui.form import FormState, demo_state
from ui.form_control import FormController
from ui.output_control import OutputController
from ui.patient_panel import PatientPanel
from ui.plan_status import PlanStatus
from ui.prescription_panel import PrescriptionPanel
from ui.recent_menu import RecentMenu
from ui.regimen_control import RegimenController
from ui.result_panel import ResultPanel
from ui.settings import AppSettings
from ui.tools_control import ToolsController
from ui.warnings_panel import WarningsPanel
from ui.window_fit import fit_minimum
from ui.window_layout import PaneBalancer, arrange, input_column, pane_wants, tab_order
from ui.window_memory import WindowMemory
from ui.window_title import WindowTitle

if TYPE_CHECKING:
    from ui.autosave import AutosaveStore
    from ui.bedside import ChecklistWindow, ProtocolCompareWindow, ReactionWindow
    from ui.guide import GuideWindow
    from ui.preferences import PreferencesDialog
    from ui.regimen_window import RegimenWindow
    from ui.second_check_dialog import SecondCheckDialog


class MainWindow(QMainWindow):
    def __init__(
        self, settings: AppSettings, loaded: LoadedRegimen | None = None, *,
        ask_before_discard: bool = True, remember_geometry: bool = True,
        autosave: AutosaveStore | None = None, demo: bool = False,
    ) -> None:
        """``autosave`` None: no autosave (tests, screenshots, the self-test). ``demo``:
        start with the example patient instead of a blank form (one plan computed, not two)."""
        super().__init__()
        self._settings = settings
        self.document = PlanDocument(loaded or bundled_regimen(), self)
        self.events = EventLog(self)  # recorded bedside events: saved with every save
        self.setStyleSheet(FIELD_STYLE)
        self.status = PlanStatus(self)  # export state, STOP word, next step
        self._build()
        self.files = FileController(self, settings, ask_before_discard)
        self.output = OutputController(self, settings)
        self.tools = ToolsController(self, settings)
        self.autosave = AutosaveController(
            self.document, self.events, autosave, self.recovery,
            self.statusBar().showMessage, self.notice.show_message, self.files.restore_saved)
        self._build_actions()
        if demo:
            self.files.begin(demo_state(), saved=True)
        else:
            self.files.new_form(confirm=False)
        self.memory = WindowMemory(self, self.splitters, self.balancer, settings,
                                   remember_geometry)  # geometry and splitters kept
        self.memory.restore()

    # -- layout -----------------------------------------------------------------------------

    def _build(self) -> None:
        self.patient = PatientPanel()
        self.prescription = PrescriptionPanel(self.document.regimen().regimen)
        self.regimen_label = RegimenLabel()
        self.regimen = RegimenController(self, self._settings)  # site rules, label
        self.result = ResultPanel(self.document, self)
        self.bedside = BedsideHooks(self)  # chair and Today windows; timeline follows events
        self.warnings = WarningsPanel()
        self.warnings.observe(self.document)
        self.notice = NoticeBar()
        self.recovery = RecoveryBar()

        self.input_scroll = input_column(self.patient, self.prescription)
        self.splitters = arrange(
            self.input_scroll, (self.recovery, self.notice), self.result.summary_box,
            self.warnings, self.result.timeline_box, self.result.table_box)
        self.main_splitter = self.splitters.main
        self.blind_cover = BlindCover()  # shown instead of the plan during the second check
        self.central = QStackedWidget()
        self.central.addWidget(self.main_splitter)
        self.central.addWidget(self.blind_cover)
        self.setCentralWidget(self.central)
        self.balancer = PaneBalancer(self.splitters.right, lambda: pane_wants(self.result),
                                     [2, 0, 1], [5, 2, 3])

        self.statusBar().addPermanentWidget(self.regimen_label)

        self.panel_stops: list[QWidget] = [
            self.result.summary_scroll, self.warnings.scroll_area, self.result.timeline,
            self.result.day_tabs, self.result.table,
        ]
        self.result.detail_tabs.tabBar().setFocusPolicy(Qt.FocusPolicy.NoFocus)  # Ctrl+Tab
        tab_order(self.input_scroll,
                  [*self.patient.tab_chain, *self.prescription.tab_chain, *self.panel_stops])

        self.form = FormController(self)  # panels ⇄ document
        self.prescription.compareRequested.connect(lambda: self.show_protocol_comparison())
        self.result.day_tabs.currentChanged.connect(lambda _day: self.tools.refresh())
        document = self.document
        document.lotsCleared.connect(self.status.say_lots_cleared)
        self.title = WindowTitle(self, document)  # file name and unsaved mark
        fit_minimum(self, QSize(900, 600))

    def _build_actions(self) -> None:
        files, output, tools = self.files, self.output, self.tools
        self.registry = ActionRegistry(self, {
            "new": files.new_form, "open": files.open_dialog, "save": files.save,
            "save_as": files.save_as, "export": output.export_dialog,
            "print": output.print_dialog, "preferences": tools.edit_preferences,
            "quit": self.close,
            "about": tools.show_about, "checklist": tools.show_checklist,
            "reaction": tools.show_reaction_plan, "second_check": tools.start_second_check,
            "compare": tools.show_protocol_comparison,
            "chair": self.bedside.show_chair, "today": self.bedside.show_today,
            "regimen": tools.show_regimen_window, "preview": output.preview_dialog,
            "guide": tools.show_guide,
        }, self.document.undo_stack)
        file_menu = self.registry.build_menus(self.menuBar())[0]
        self.recent_menu = RecentMenu(self._settings, file_menu)
        self.recent_menu.openRequested.connect(files.open_recent)
        file_menu.insertMenu(self.registry["save"], self.recent_menu)
        self.registry.build_toolbar(self.addToolBar("Main"))
        self.status.update()

    def action(self, name: str) -> QAction:
        """The window's action ``name`` (see :data:`ui.actions.SPECS`)."""
        return self.registry[name]

    # -- regimen file (ui.regimen_control) ---------------------------------------------------

    def loaded_regimen(self) -> LoadedRegimen:
        return self.regimen.loaded()

    def app_settings(self) -> AppSettings:
        """The user's settings this window reads and writes (tool windows share them)."""
        return self._settings

    def set_regimen(self, loaded: LoadedRegimen) -> None:
        """Use another (already validated) regimen file and recompute."""
        self.regimen.set_regimen(loaded)

    def default_start_time(self) -> time:
        return self.regimen.default_start_time()

    # -- the form ---------------------------------------------------------------------------

    def form_state(self) -> FormState:
        return self.form.state()

    def load_state(self, state: FormState) -> None:
        """Fill the form (a new patient); the previous plan is dropped."""
        self.form.load(state)

    def new_form(self, confirm: bool = True) -> bool:
        """File ▸ New (False: the nurse kept the inputs on screen)."""
        return self.files.new_form(confirm)

    def load_demo(self) -> None:
        self.files.load_demo()

    # -- recompute (ui.form_control) -------------------------------------------------------

    def recompute(self) -> None:
        """Form → document, which recomputes the plan; the panels follow its signals."""
        self.form.recompute()

    def plan(self) -> Plan | None:
        """The plan on screen, only while it matches the input (None when stale)."""
        return self.document.plan()

    def request(self) -> PlanRequest | None:
        """The form as an engine request, when every field can be read."""
        return self.document.request()

    def field_errors(self) -> dict[str, str]:
        return dict(self.document.validity().errors)

    # -- files (ui.file_control), export and print (ui.output_control) ----------------------

    def open_plan(self, path: Path) -> bool:
        return self.files.open_plan(path)

    def save_plan(self, path: Path) -> bool:
        return self.files.save_plan(path)

    def export_pdf(self, path: Path) -> Path | None:
        return self.output.export_pdf(path)

    def print_preview(self) -> QDialog | None:
        return self.output.print_preview()

    # -- dialogs ----------------------------------------------------------------------------

    def apply_preferences(self, dialog: PreferencesDialog) -> None:
        self.tools.apply_preferences(dialog)

    # -- bedside tools and the second check (ui.tools_control) ------------------------------

    def show_checklist(self) -> ChecklistWindow:
        return self.tools.show_checklist()

    def show_reaction_plan(self) -> ReactionWindow:
        return self.tools.show_reaction_plan()

    def show_protocol_comparison(self) -> ProtocolCompareWindow:
        return self.tools.show_protocol_comparison()

    def show_regimen_window(self) -> RegimenWindow:
        return self.tools.show_regimen_window()

    def show_guide(self) -> GuideWindow:
        return self.tools.show_guide()

    def start_second_check(self) -> SecondCheckDialog | None:
        return self.tools.start_second_check()

    def first_plan_hidden(self) -> bool:
        return self.tools.first_plan_hidden()

    def set_second_check(self, record: SecondCheckRecord, request: PlanRequest) -> None:
        """Record a check without differences of exactly this input (anything else is
        ignored)."""
        self.document.set_second_check(record, request)

    def second_check(self) -> SecondCheckRecord | None:
        """The recorded check, only while the input is exactly what was checked."""
        return self.document.second_check()

    # -- autosave and recovery ---------------------------------------------------------------

    def autosave_now(self) -> None:
        self.autosave.save_now()

    def offer_recovery(self) -> bool:
        """At start: offer the inputs an earlier session left unsaved (a bar, not a dialog)."""
        return self.autosave.offer_recovery()

    def crash_context(self) -> list[str]:
        """Lines for a crash log: which program and regimen file produced the screen."""
        return self.document.crash_context()

    # -- window -----------------------------------------------------------------------------

    def show_notice(self, text: str, error: bool = False) -> None:
        self.notice.show_message(text, error)

    def closeEvent(self, event: QCloseEvent) -> None:
        if not self.files.confirm_discard():
            event.ignore()
            return
        self.autosave.save_now()
        self.memory.save()
        event.accept()

