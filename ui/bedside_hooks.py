"""The main window's way into the bedside windows: the plan on screen as a chair target,
the chair window and the Today view (made once, kept by :class:`BedsideHooks`), the timeline
following the recorded events. Kept out of main_window.py so the window only calls in.
The bedside engine and windows load on first use, not on the start-up path.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QMessageBox

if TYPE_CHECKING:
    from planner.bedside.course import Course
    from planner.bedside.events import InfusionEvent
    from planner.bedside.replan import ReplannedDay
    from ui.bedside_events import ChairTarget, ChairWindow
    from ui.form import FormState
    from ui.main_window import MainWindow
    from ui.timeline_data import RefusedDay
    from ui.today_view import TodayWindow



class BedsideHooks(QObject):
    """The window's chair and Today windows, made on first use; the timeline redrawn from the
    recorded events whenever they change."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self._window = window
        self.chair: ChairWindow | None = None
        self.today: TodayWindow | None = None
        window.result.follow_events(window.events.changed, lambda: timeline_days(window))

    def show_chair(self) -> ChairWindow:
        return show_chair(self._window)

    def show_today(self) -> TodayWindow:
        return show_today(self._window)


def main_target(window: MainWindow) -> ChairTarget:
    """The plan on screen: events go to the window's event log and, when the plan has a
    file, straight into it (autosave keeps them until it has one)."""
    from planner.bedside.course import Course
    from ui.bedside_events import ChairTarget

    def name() -> str:
        request = window.request()
        if request is None:
            return "plan on screen"
        patient = request.patient
        return patient.name or (f"MRN {patient.mrn}" if patient.mrn else "plan on screen")

    def course() -> Course | None:
        request, plan = window.request(), window.plan()
        if request is None or plan is None or not window.document.is_current():
            return None
        return Course(request, plan, window.events.events(), window.loaded_regimen())

    def persist(events: tuple[InfusionEvent, ...]) -> str:
        window.events.replace(events)
        path = window.document.path()
        if path is None:
            return ("the plan has no file yet: use Save plan (autosave keeps the events "
                    "meanwhile)")
        return "" if window.save_plan(path) else "see the message in the main window"

    return ChairTarget(name(), course, persist)


def recorded_days(window: MainWindow) -> tuple[ReplannedDay, ...]:
    """The plan's days re-planned from their events, for the PDF and the timeline (none
    without events)."""
    from planner.core.errors import PlannerError

    if not window.events.events():
        return ()
    course = main_target(window).course()
    if course is None:
        return ()
    try:
        return course.replanned()
    except PlannerError:
        return ()


def timeline_days(window: MainWindow) -> tuple[ReplannedDay | RefusedDay, ...]:
    """The timeline's days: each day with events re-planned from them, or the engine's reason
    for refusing them (one refused day no longer hides the others, nor itself silently)."""
    from ui.timeline_data import replan_for_timeline

    if not window.events.events():
        return ()
    course = main_target(window).course()
    if course is None:
        return ()
    return replan_for_timeline(course.plan, course.request, course.loaded, course.events)


def may_edit(window: MainWindow, state: FormState) -> bool:
    """A prescription with recorded events is not re-planned from scratch by mistake: the
    first change asks (once per plan); the events are kept either way."""
    log = window.events
    if not log.events() or log.change_confirmed or state == window.document.state():
        return True
    days = ", ".join(str(d) for d in log.recorded_days())
    answer = QMessageBox.question(
        window, "Change a recorded prescription?",
        f"Day {days} of this plan has recorded events (what happened at the chair).\n\n"
        "Changing the prescription re-plans the rest of those days from their events with "
        "the new numbers; the events themselves are kept.\n\nChange the prescription?",
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
        QMessageBox.StandardButton.No,
    )
    if answer == QMessageBox.StandardButton.Yes:
        log.change_confirmed = True
        return True
    return False


def show_chair(window: MainWindow) -> ChairWindow:
    from ui.bedside_events import ChairWindow

    chair = window.bedside.chair
    if chair is None:
        chair = ChairWindow(main_target(window), parent=window)
        window.bedside.chair = chair
    chair.panel.target.name = main_target(window).name
    chair.setWindowTitle(f"At the chair — {chair.panel.target.name}")
    chair.panel.refresh()
    chair.show()
    chair.raise_()
    return chair


def show_today(window: MainWindow) -> TodayWindow:
    from PySide6.QtWidgets import QSystemTrayIcon

    from ui.today_view import TodayWindow

    today = window.bedside.today
    if today is None:
        today = TodayWindow(window.loaded_regimen, parent=window,
                            settings=window.app_settings())  # remembers its plan files
        today.view.add_target(main_target(window))
        if QSystemTrayIcon.isSystemTrayAvailable():  # a tray message where the desktop has one
            tray = QSystemTrayIcon(window.windowIcon(), today)
            tray.setToolTip("Infusion Planner — Today")
            tray.show()
            today.view.tray = tray
        window.bedside.today = today
    today.view.tick()
    today.show()
    today.raise_()
    return today
