"""What the window says about the plan's state: export and print enabled or why not, the STOP
word in the status bar, the next step once a plan is ready, a product change's cleared lots."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QLabel

from ui.fields import named

if TYPE_CHECKING:
    from ui.main_window import MainWindow


class PlanStatus:
    def __init__(self, window: MainWindow) -> None:
        self._window = window
        self.label = named(QLabel(), "export_state")  # the STOP word, in the status bar
        window.statusBar().addPermanentWidget(self.label)

    def update(self) -> None:
        """Follow the document after any recompute, valid or not."""
        window = self._window
        plan = window.plan()
        if plan is None:
            reason = "Disabled: no valid plan for the current input"
            state = "No valid plan" if window.document.last_plan() is not None else ""
        elif plan.has_stop:
            reason = "Disabled: the plan has a STOP warning (see Warnings); change the input"
            state = "STOP: export and print blocked"
        else:
            reason = ""
            state = ""
        window.registry.set_plan_state(plan is not None and not plan.has_stop, reason)
        self.update_next_step()
        self.label.setText(state)
        self.label.setStyleSheet(
            "color: #b71c1c; font-weight: bold;" if state.startswith("STOP") else ""
        )

    def update_next_step(self) -> None:
        """Once the plan is ready, say what to do next (nothing while there is no plan)."""
        window = self._window
        plan = window.plan()
        if plan is None or plan.has_stop:
            step = ""
        elif window.second_check() is None:
            step = "Next: check the plan, then Second check or Export PDF."
        else:
            step = "Next: checked. Export PDF or Print it for the bedside."
        window.result.set_next_step(step)

    def say_lots_cleared(self) -> None:
        """Lot numbers belong to one product: say so when a product change cleared them."""
        self._window.statusBar().showMessage(
            "Lot entries cleared: they were for the previous product", 10000)
        self._window.notice.show_message(
            "The lot numbers entered were for the previous product and have been cleared: "
            "enter the lots of the new product (Lots tab).")
