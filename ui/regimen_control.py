"""The regimen file in force (label data with the site file applied) and what follows it.

The document recomputes the plan with it; the prescription's choices, the dosing-weight rule,
the status-bar label and an open Regimen window follow it; a new form starts at its site's
usual start time unless the nurse's preferences say otherwise.
"""

from __future__ import annotations

from datetime import time
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QSignalBlocker

from planner.regimen.loading import LoadedRegimen
from ui.settings import AppSettings

if TYPE_CHECKING:
    from ui.main_window import MainWindow


class RegimenController(QObject):
    def __init__(self, window: MainWindow, settings: AppSettings) -> None:
        super().__init__(window)
        self._window = window
        self._settings = settings
        with QSignalBlocker(window.prescription):
            self._show_policies(self.loaded())
        window.regimen_label.show_loaded(self.loaded())

    def loaded(self) -> LoadedRegimen:
        return self._window.document.regimen()

    def set_regimen(self, loaded: LoadedRegimen) -> None:
        """Use another (already validated) regimen file and recompute."""
        window = self._window
        with QSignalBlocker(window.prescription):
            self._show_policies(loaded)
            window.prescription.set_regimen(loaded.regimen)
        window.document.set_regimen(loaded, window.form_state())
        window.regimen_label.show_loaded(loaded)
        window.tools.regimen_changed(loaded)

    def _show_policies(self, loaded: LoadedRegimen) -> None:
        """The site's rules on the form: dosing weight, weight screen, products not stocked."""
        policies = loaded.regimen.site_policies
        self._window.patient.set_dosing_rule(policies.dosing_weight, policies.weight_screen)
        self._window.prescription.set_not_stocked(loaded.not_stocked)

    def default_start_time(self) -> time:
        """The preferences' start time, else the site's."""
        prefs = self._settings.preferences()
        return prefs.default_start or self.loaded().regimen.site_policies.default_start_time
