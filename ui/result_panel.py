"""Result panel: the plan's key numbers, the rate timeline and the per-day step table.

Everything shown is read off the Plan (via :mod:`ui.plan_view` and :mod:`ui.timeline_data`);
the panel itself computes nothing. When the input turns invalid the last valid plan stays,
greyed out under a banner, so nobody copies numbers that no longer match the form.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from html import escape
from typing import TYPE_CHECKING

from PySide6.QtCore import QItemSelectionModel, QObject, QSignalBlocker, Qt, SignalInstance
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QScrollArea,
    QTabBar,
    QTableView,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from planner.plan.models import DayPlan, Plan
from planner.plan.second_check import SecondCheckRecord
from planner.regimen.models import Route, Severity
from ui.document import PlanDocument
from ui.fields import named
from ui.lots_panel import LotsEditor
from ui.plan_view import (
    day_tab_title,
    restart_text,
    second_check_text,
    step_headers,
    step_rows,
    summary_rows,
    vitals_rows,
)
from ui.severity import severity_pixmap, tint
from ui.step_model import StepTableModel
from ui.timeline import TimelineWidget
from ui.timeline_data import EMPTY, RefusedDay, timeline_from_plan

if TYPE_CHECKING:
    from planner.bedside.replan import ReplannedDay

EMPTY_TEXT = ("No plan yet: enter the patient's weight and choose an indication and a "
              "product.")
_UNIT = re.compile(r"(?<=\d) (?=(?:g|mL|kg|mg|min|h)\b|%)")


def _keep_together(text: str) -> str:
    """Escape for rich text with no line break between a number and its unit or inside
    '1 × 20 g / 200 mL' (a wrapped '… 10 g /' + '100 mL' invites misreading)."""
    text = _UNIT.sub("\u00a0", text)
    text = text.replace(" × ", "\u00a0×\u00a0").replace(" / ", "\u00a0/\u00a0")
    return escape(text).replace("\u00a0", "&nbsp;")


class SummaryView(QWidget):
    """Label | value rows; the value in bold with its detail after it, wrapping (never
    elided or clipped) when the window is narrow."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.grid = QGridLayout(self)
        self.grid.setContentsMargins(0, 0, 4, 0)
        self.grid.setHorizontalSpacing(12)
        self.grid.setVerticalSpacing(4)
        self.grid.setColumnStretch(1, 1)
        self.values: dict[str, QLabel] = {}
        self._shown: tuple[Plan | None, str] | None = None  # what the rows show now
        self.placeholder = named(QLabel(EMPTY_TEXT), "result_placeholder")
        self.placeholder.setWordWrap(True)
        self.grid.addWidget(self.placeholder, 0, 0, 1, 2, Qt.AlignmentFlag.AlignTop)

    def clear(self) -> None:
        while self.grid.count():
            item = self.grid.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None and widget is not self.placeholder:
                widget.hide()  # gone now, not when the event loop next runs
                widget.deleteLater()
        self.values.clear()
        self._shown = None

    def set_plan(self, plan: Plan | None, empty_text: str = EMPTY_TEXT) -> None:
        """Show ``plan``'s rows, or ``empty_text`` (why there is no plan) when None.

        A recomputed plan arrives with a validity change, so the same (frozen) plan is often
        set twice in a row: the rows are then left as they are instead of rebuilt."""
        if self._shown is not None and self._shown[0] is plan and self._shown[1] == empty_text:
            return
        self.clear()
        self._shown = (plan, empty_text)
        for row in range(self.grid.rowCount()):
            self.grid.setRowStretch(row, 0)
        if plan is None:
            self.placeholder.setText(empty_text)
            self.grid.addWidget(self.placeholder, 0, 0, 1, 2, Qt.AlignmentFlag.AlignTop)
            self.grid.setRowStretch(1, 1)
            self.placeholder.show()
            return
        self.placeholder.hide()
        for row, item in enumerate(summary_rows(plan)):
            label = QLabel(item.label)
            label.setForegroundRole(QPalette.ColorRole.PlaceholderText)  # no style sheet: cheap
            value = QLabel()
            value.setObjectName(f"result_{item.key}")
            value.setTextFormat(Qt.TextFormat.RichText)
            value.setWordWrap(True)
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            detail = (f" <span style='color:#555'>— {_keep_together(item.detail)}</span>"
                      if item.detail else "")
            value.setText(f"<b>{_keep_together(item.value)}</b>{detail}")
            value.setAccessibleName(f"{item.label}: {item.value}. {item.detail}")
            self.grid.addWidget(label, row, 0, Qt.AlignmentFlag.AlignTop)
            self.grid.addWidget(value, row, 1, Qt.AlignmentFlag.AlignTop)
            self.values[item.key] = value
        self.grid.setRowStretch(len(self.values), 1)

    def value_text(self, key: str) -> str:
        """The row as plain text (what a test or a screen reader gets)."""
        label = self.values.get(key)
        return "" if label is None else label.accessibleName()


class StopBanner(QFrame):
    """A STOP warning repeated in red at the top of the result: the numbers below must not
    be read as a plan to give."""

    def __init__(self) -> None:
        super().__init__()
        style = tint(self, "stop_banner", Severity.STOP, "border: 2px solid {colour};")
        box = QHBoxLayout(self)
        box.setContentsMargins(6, 4, 6, 4)
        icon = QLabel()
        icon.setPixmap(severity_pixmap(Severity.STOP, 22, self.devicePixelRatioF()))
        icon.setAlignment(Qt.AlignmentFlag.AlignTop)
        self.text = QLabel()
        self.text.setWordWrap(True)
        self.text.setStyleSheet(f"color: {style.colour}; font-weight: bold;")
        box.addWidget(icon)
        box.addWidget(self.text, 1)
        self.hide()

    def set_plan(self, plan: Plan | None) -> None:
        stops = [] if plan is None else [
            w for w in plan.warnings if w.severity is Severity.STOP
        ]
        if not stops:
            self.hide()
            return
        self.text.setText(
            "STOP — do not give this plan. " + " ".join(w.message for w in stops)
            + " Export and print are blocked."
        )
        self.show()


class ResultPanel(QObject):
    """Owns the three result boxes (summary, timeline, steps); the window lays them out.

    It shows the document's last valid plan, greyed out while the document says the plan no
    longer matches the form; it keeps no copy of either."""

    def __init__(self, document: PlanDocument, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._document = document
        self._recorded: Callable[[], Sequence[ReplannedDay | RefusedDay]] = tuple  # no events: none

        self.stale_banner = QLabel()
        self.stale_banner.setObjectName("stale_banner")
        self.stale_banner.setWordWrap(True)
        self.stale_banner.setStyleSheet(
            "#stale_banner { background: #fff4e0; color: #6d3a00; border: 1px solid #a65400;"
            " border-radius: 3px; padding: 4px 8px; font-weight: bold; }"
        )
        self.stale_banner.hide()

        self.stop_banner = StopBanner()

        self.check_label = QLabel()
        self.check_label.setObjectName("second_check_state")
        self.check_label.setWordWrap(True)
        self.set_second_check(None)

        self.summary_box = QGroupBox("Result")
        summary_layout = QVBoxLayout(self.summary_box)
        summary_layout.addWidget(self.stale_banner)
        summary_layout.addWidget(self.stop_banner)
        summary_layout.addWidget(self.check_label)
        self.next_step = named(QLabel(), "next_step")  # what to do once the plan is ready
        self.next_step.setWordWrap(True)
        self.next_step.setStyleSheet("color: #0d47a1; font-weight: bold;")
        self.next_step.hide()
        summary_layout.addWidget(self.next_step)
        self.summary = SummaryView()
        self.summary_scroll = named(QScrollArea(), "result_scroll")
        self.summary_scroll.setFocusPolicy(Qt.FocusPolicy.StrongFocus)  # one Tab stop
        self.summary_scroll.setWidget(self.summary)
        self.summary_scroll.setWidgetResizable(True)
        self.summary_scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.summary_scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        summary_layout.addWidget(self.summary_scroll, 1)

        self.timeline_box = QGroupBox(
            "Rate timeline (pump mL/h over clock time; ▲ record vital signs)")
        timeline_layout = QVBoxLayout(self.timeline_box)
        self.timeline = TimelineWidget()
        timeline_layout.addWidget(self.timeline)

        self.table_box = QGroupBox("Day by day: rate steps, vitals, lots")
        table_layout = QVBoxLayout(self.table_box)
        table_layout.setSpacing(0)
        self.day_tabs = QTabBar()
        self.day_tabs.setExpanding(False)
        self.day_tabs.setDrawBase(True)
        self.day_tabs.setAccessibleName("Course day")
        self.model = StepTableModel()
        self.table = QTableView()
        self.table.setObjectName("steps")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setTabKeyNavigation(False)  # Tab leaves the table: arrows walk the rows
        self.table.setAlternatingRowColors(True)
        rows = self.table.verticalHeader()
        rows.hide()
        rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        rows.setDefaultSectionSize(self.table.fontMetrics().height() + 8)
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        header.setMinimumSectionSize(40)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        self.table.setFrameShape(QFrame.Shape.StyledPanel)
        table_layout.addWidget(self.day_tabs)
        self.detail_tabs = QTabWidget()
        self.detail_tabs.setObjectName("detail_tabs")
        self.detail_tabs.setDocumentMode(True)
        steps_page = QWidget()
        steps_layout = QVBoxLayout(steps_page)
        steps_layout.setContentsMargins(0, 0, 0, 0)
        steps_layout.setSpacing(2)
        self.restart_note = QLabel()
        self.restart_note.setObjectName("restart_note")
        self.restart_note.setWordWrap(True)
        self.restart_note.setStyleSheet("color: #6a1b9a; font-weight: bold;")
        self.restart_note.hide()
        steps_layout.addWidget(self.restart_note)
        steps_layout.addWidget(self.table)
        self.im_note = QLabel()
        self.im_note.setWordWrap(True)
        self.im_note.hide()
        steps_layout.addWidget(self.im_note)
        self.vitals_table = QTableWidget(0, 2)
        self.vitals_table.setObjectName("vitals")
        self.vitals_table.setHorizontalHeaderLabels(["Clock time", "Record vital signs: why"])
        self.vitals_table.verticalHeader().hide()
        self.vitals_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.vitals_table.setAlternatingRowColors(True)
        self.vitals_table.setWordWrap(False)
        vitals_header = self.vitals_table.horizontalHeader()
        vitals_header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        vitals_header.setStretchLastSection(True)
        vitals_header.setDefaultAlignment(
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        self.vitals_table.verticalHeader().setDefaultSectionSize(
            self.vitals_table.fontMetrics().height() + 8)
        self.lots = LotsEditor()
        self.detail_tabs.addTab(steps_page, "Rate steps")
        self.detail_tabs.addTab(self.vitals_table, "Vitals")
        lots_scroll = QScrollArea()  # the page's height must not squeeze the plan above
        lots_scroll.setWidget(self.lots)
        lots_scroll.setWidgetResizable(True)
        lots_scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.detail_tabs.addTab(lots_scroll, "Lots")
        table_layout.addWidget(self.detail_tabs)

        self.day_tabs.currentChanged.connect(self._show_day)
        self.timeline.stepClicked.connect(self.select_step)
        self.table.selectionModel().currentRowChanged.connect(self._table_row_changed)
        document.planChanged.connect(self._show_plan)
        document.validityChanged.connect(self._show_stale)
        document.secondCheckChanged.connect(self.set_second_check)

    # -- plan -------------------------------------------------------------------------------

    def plan(self) -> Plan | None:
        """The plan shown (the last valid one; greyed out when :meth:`is_stale`)."""
        return self._document.last_plan()

    def _show_plan(self) -> None:
        plan = self._document.last_plan()
        with QSignalBlocker(self.day_tabs):
            keep = self.day_tabs.currentIndex()
            while self.day_tabs.count():
                self.day_tabs.removeTab(0)
            for day in plan.days if plan is not None else ():
                self.day_tabs.addTab(day_tab_title(day))
            self.day_tabs.setCurrentIndex(min(max(keep, 0), self.day_tabs.count() - 1))
        self._show_stale()

    def _show_day(self, index: int) -> None:
        plan = self._document.last_plan()
        if plan is None or not 0 <= index < len(plan.days):
            self.model.set_rows((), step_headers(plan) if plan else ())
            self.vitals_table.setRowCount(0)
            self.lots.set_day(None)
            self.restart_note.hide()
            self._tab_titles(None)
            return
        day = plan.days[index]
        self.lots.set_day(day)
        if self._document.is_stale():
            self._clear_day_tables()
            self._tab_titles(day)
            return
        self._show_vitals(day)
        restart = restart_text(day)
        self.restart_note.setText(restart)
        self.restart_note.setVisible(bool(restart))
        self._tab_titles(day)
        self.model.set_rows(step_rows(day), step_headers(plan))
        header = self.table.horizontalHeader()
        if self.model.columnCount() > 0:  # numbers sized to fit; the note takes what is left
            header.setSectionResizeMode(self.model.columnCount() - 1,
                                        QHeaderView.ResizeMode.Stretch)
        is_im = plan.route is Route.IM
        self.table.setVisible(not is_im)
        self.im_note.setVisible(is_im)
        if is_im:
            self.im_note.setText(
                f"Intramuscular injection: draw {day.volume_ml:g} mL; no infusion steps."
            )

    def _show_vitals(self, day: DayPlan) -> None:
        rows = vitals_rows(day)
        self.vitals_table.setRowCount(len(rows))
        for index, row in enumerate(rows):
            for column, text in enumerate((row.time, row.reasons)):
                item = QTableWidgetItem(text)
                if column == 0:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight
                                          | Qt.AlignmentFlag.AlignVCenter)
                self.vitals_table.setItem(index, column, item)

    def _tab_titles(self, day: DayPlan | None) -> None:
        vitals = len(day.vitals) if day is not None else 0
        lots = len(day.lots) if day is not None else 0
        self.detail_tabs.setTabText(1, f"Vitals ({vitals})" if vitals else "Vitals")
        restart = " · new lot" if day is not None and day.ramp_restart_at else ""
        self.detail_tabs.setTabText(2, (f"Lots ({lots})" if lots else "Lots") + restart)

    def follow_events(
        self, changed: SignalInstance, recorded: Callable[[], Sequence[ReplannedDay | RefusedDay]]
    ) -> None:
        """Draw what really ran on the timeline: ``recorded`` gives the days re-planned from
        their bedside events (none without events); redrawn whenever ``changed`` fires."""
        self._recorded = recorded
        changed.connect(self._events_changed)
        self._show_timeline()

    def _events_changed(self) -> None:
        self._show_timeline()
        selected = self.selected_step()
        if selected is not None:  # the same plan: keep the step the table has selected
            self.timeline.set_selected(*selected)

    def _show_timeline(self) -> None:
        plan = None if self._document.is_stale() else self._document.last_plan()
        self.timeline.set_data(
            EMPTY if plan is None else timeline_from_plan(plan, self._recorded()))
        self.timeline.set_stale(False)

    def set_second_check(self, record: SecondCheckRecord | None) -> None:
        text = second_check_text(record)
        ok = record is not None and record.matched
        self.check_label.setText(("✔ " if ok else "") + text)
        self.check_label.setVisible(record is not None)  # "not done" is said by the toolbar
        self.check_label.setStyleSheet(
            "color: #1b5e20; font-weight: bold;" if ok
            else "color: palette(placeholder-text);"
        )

    def set_next_step(self, text: str) -> None:
        self.next_step.setText(text)
        self.next_step.setVisible(bool(text))

    def current_day(self) -> int:
        return self.day_tabs.currentIndex()

    def select_step(self, day_index: int, step_index: int) -> None:
        """Show ``day_index`` in the table and select the step's row (timeline clicks)."""
        if self.day_tabs.currentIndex() != day_index:
            self.day_tabs.setCurrentIndex(day_index)
        index = self.model.index(step_index, 0)
        self.table.selectionModel().setCurrentIndex(
            index,
            QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows,
        )
        self.table.scrollTo(index)
        self.timeline.set_selected(day_index, step_index)

    def selected_step(self) -> tuple[int, int] | None:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return None
        return self.day_tabs.currentIndex(), rows[0].row()

    def _table_row_changed(self, current: object, _previous: object) -> None:
        row = self.table.currentIndex().row()
        self.timeline.set_selected(self.day_tabs.currentIndex(), row if row >= 0 else None)

    # -- stale ------------------------------------------------------------------------------

    def _show_stale(self, *_valid: bool) -> None:
        """While the input is invalid no plan figure is shown at all (a greyed plan still
        showed a weight, a dose and times nobody entered), only why there is no plan. The
        last valid plan stays in the document for the day tabs and the lots editor."""
        document = self._document
        stale = document.is_stale()
        plan = None if stale else document.last_plan()
        validity = document.validity()
        if stale:
            self.stale_banner.setText(f"No plan: the input is not valid. {validity.reason}")
            self.stale_banner.show()
            empty = ("No plan figures while the input is not valid: correct the fields "
                     "marked in the form.")
        else:
            self.stale_banner.hide()
            wrong = set(validity.errors) - validity.missing
            empty = f"No plan yet. {validity.reason}" if wrong else EMPTY_TEXT
        self.stop_banner.set_plan(plan)
        self.summary.set_plan(plan, empty)
        self._show_timeline()
        self._show_day(self.day_tabs.currentIndex())
        # the day tabs stay usable: a lot entry that made the input invalid must be reachable

    def _clear_day_tables(self) -> None:
        plan = self._document.last_plan()
        self.model.set_rows((), step_headers(plan) if plan else ())
        self.vitals_table.setRowCount(0)
        self.restart_note.hide()
        self.im_note.hide()

    def is_stale(self) -> bool:
        return self._document.is_stale()
