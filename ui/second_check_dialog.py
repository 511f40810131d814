"""Independent second check: a second nurse enters the prescription blind, the two plans are
compared by :func:`planner.plan.second_check.compare_plans`, and only a check without differences
can be recorded (who, when) for the printed schedule.

The fields start empty and nothing is pre-filled from the first entry or from the regimen
defaults (a default dose the second nurse merely accepts would check nothing). The main window
blurs the first plan while this dialog is open; the first entry's values appear only in the
list of differences, after the second nurse has compared.
"""

from __future__ import annotations

import itertools
from datetime import datetime
from typing import Any

from PySide6.QtCore import QSignalBlocker, Qt, Signal
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from planner.core.errors import PlanInputError
from planner.plan.engine import build_plan
from planner.plan.models import Plan
from planner.plan.patient import PlanRequest
from planner.plan.second_check import Difference, SecondCheckRecord, compare_plans
from planner.regimen.loading import LoadedRegimen
from planner.report.pdf.glyphs import SECOND_CHECKER
from ui.catalog import basis_text, product_choices, product_label
from ui.fields import FIELD_STYLE, FieldMessage, named, set_invalid
from ui.form import WEIGHT_UNITS, FormErrors, SecondEntry, second_request
from ui.indication_box import ID_ROLE, IndicationBox
from ui.plan_open import engine_message
from ui.plan_view import difference_rows
from ui.print_caution import FieldCaution


class SecondCheckDialog(QDialog):
    recorded = Signal(object)  # SecondCheckRecord

    def __init__(
        self, first_request: PlanRequest, first_plan: Plan, loaded: LoadedRegimen,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Independent second check")
        self.setStyleSheet(FIELD_STYLE)
        self.setMinimumWidth(620)
        self._first_request = first_request
        self._first_plan = first_plan
        self._loaded = loaded
        self.differences: tuple[Difference, ...] | None = None  # None: not compared yet
        self._shown_indication: str | None = None  # whose products the list offers
        self.second_plan: Plan | None = None

        layout = QVBoxLayout(self)
        intro = QLabel(
            "<b>Second nurse:</b> enter the prescription from the order (and the weight from "
            "the scale), without looking at the first plan. Height, sex, risks, start time "
            "and protocol are taken from the first entry.")
        intro.setWordWrap(True)
        layout.addWidget(intro)

        grid = QGridLayout()
        grid.setColumnStretch(1, 1)
        self.weight = named(QLineEdit(), "second_weight")
        self.weight.setMaximumWidth(120)
        self.weight.setAccessibleName("Weight")
        self.weight_unit = named(QComboBox(), "second_weight_unit")
        self.weight_unit.addItems(list(WEIGHT_UNITS))
        self.weight_unit.setAccessibleName("Weight unit")
        self.indication = named(IndicationBox(loaded.regimen), "second_indication")
        self.product = named(QComboBox(), "second_product")
        self.product.setPlaceholderText("choose the indication first")
        self.product.setAccessibleName("Product")
        self._product_model = QStandardItemModel(self)
        self.product.setModel(self._product_model)
        self.dose = named(QLineEdit(), "second_dose")
        self.dose.setMaximumWidth(120)
        self.dose.setAccessibleName("Dose in mg/kg")
        self.dose_basis = QLabel("mg/kg")
        self.days = named(QLineEdit(), "second_days")
        self.days.setMaximumWidth(60)
        self.days.setAccessibleName("Number of days")
        self.errors: dict[str, FieldMessage] = {}
        # the main form's labels, mnemonics and order (the unit before the number)
        rows: tuple[tuple[str, str, QWidget, tuple[QWidget, ...]], ...] = (
            ("weight", "&Weight", self.weight, (self.weight_unit, self.weight)),
            ("indication", "In&dication", self.indication, (self.indication,)),
            ("dose", "D&ose", self.dose, (self.dose, self.dose_basis)),
            ("days", "Da&ys", self.days, (self.days,)),
            ("product", "Produ&ct", self.product, (self.product,)),
        )
        for index, (field, text, buddy, widgets) in enumerate(rows):
            label = QLabel(text)
            label.setBuddy(buddy)
            box = QHBoxLayout()
            box.setContentsMargins(0, 0, 0, 0)
            for widget in widgets:
                wide = widget in (self.indication, self.product)
                box.addWidget(widget, 1 if wide else 0)
            if not any(w in (self.indication, self.product) for w in widgets):
                box.addStretch(1)
            message = FieldMessage()
            self.errors[field] = message
            grid.addWidget(label, index * 2, 0)
            grid.addLayout(box, index * 2, 1)
            grid.addWidget(message, index * 2 + 1, 1)
        chain = [self.weight_unit, self.weight, self.indication, self.dose, self.days,
                 self.product]
        for first, second in itertools.pairwise(chain):
            QWidget.setTabOrder(first, second)
        layout.addLayout(grid)

        self.compare_button = named(QPushButton("Co&mpare with the first plan"),
                                    "second_compare")
        self.compare_button.setAutoDefault(False)  # Return in a field never compares
        self.compare_button.clicked.connect(self.compare)
        layout.addWidget(self.compare_button, 0, Qt.AlignmentFlag.AlignLeft)

        self.status = named(QLabel(), "second_status")
        self.status.setWordWrap(True)
        layout.addWidget(self.status)
        self.table = named(QTableWidget(0, 3), "second_differences")
        self.table.setHorizontalHeaderLabels(["What", "First entry", "Second entry"])
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setSectionResizeMode(
            QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.hide()
        layout.addWidget(self.table, 1)

        sign = QHBoxLayout()
        who = QLabel("Checked &by")
        self.checked_by = named(QLineEdit(), "second_checked_by")
        self.checked_by.setPlaceholderText("second nurse's name")
        who.setBuddy(self.checked_by)
        self.record_button = named(QPushButton("&Record as checked"), "second_record")
        self.record_button.clicked.connect(self.record)
        close = QPushButton("Close")
        close.clicked.connect(self.reject)
        for button in (self.record_button, close):
            button.setAutoDefault(False)
        sign.addWidget(who)
        sign.addWidget(self.checked_by, 1)
        sign.addWidget(self.record_button)
        sign.addWidget(close)
        layout.addLayout(sign)
        self.checked_by_caution = FieldCaution(self.checked_by, SECOND_CHECKER)
        layout.addWidget(self.checked_by_caution)

        self.indication.currentTextChanged.connect(self._on_indication)
        fields: tuple[tuple[str, Any], ...] = (
            ("weight", self.weight.textChanged), ("weight", self.weight_unit.currentIndexChanged),
            ("dose", self.dose.textChanged), ("days", self.days.textChanged),
            ("product", self.product.currentIndexChanged),
        )
        for field, signal in fields:
            signal.connect(lambda *_a, f=field: self._edited(f))
        self.checked_by.textChanged.connect(self._update_record)
        self._invalidate()

    # -- choices ----------------------------------------------------------------------------

    def _on_indication(self, *_args: object) -> None:
        indication = self.indication.indication()
        if indication is not None and indication.id == self._shown_indication:
            return  # the same indication retyped: the product chosen stays
        self._shown_indication = None if indication is None else indication.id
        regimen = self._loaded.regimen
        model = self._product_model
        with QSignalBlocker(self.product):
            model.clear()
            if indication is not None:
                choices = product_choices(regimen, indication)
                for product in choices.labeled:
                    item = QStandardItem(product_label(product))
                    item.setData(product.id, ID_ROLE)
                    model.appendRow(item)
                for product in choices.others:
                    item = QStandardItem(product_label(product) + "   [off-label]")
                    item.setData(product.id, ID_ROLE)
                    model.appendRow(item)
                self.dose_basis.setText(basis_text(indication))
            self.product.setPlaceholderText("choose…" if indication else
                                            "choose the indication first")
            self.product.setCurrentIndex(-1)  # never preselected
        self._edited("indication")
        self._edited("product")

    @staticmethod
    def _combo_id(combo: QComboBox, model: QStandardItemModel) -> str | None:
        row = combo.currentIndex()
        item = model.item(row) if row >= 0 else None
        value = item.data(ID_ROLE) if item is not None else None
        return value if isinstance(value, str) else None

    def select(self, combo: QComboBox, wanted: str) -> None:
        """Pick an item by id (what a click in the list does; tests use it)."""
        if combo is self.indication:
            self.indication.show_choice(wanted)
            return
        model = combo.model()
        assert isinstance(model, QStandardItemModel)
        for row in range(model.rowCount()):
            item = model.item(row)
            if item is not None and item.data(ID_ROLE) == wanted:
                combo.setCurrentIndex(row)
                return
        raise KeyError(wanted)

    def entry(self) -> SecondEntry:
        return SecondEntry(
            weight=self.weight.text(), weight_unit=self.weight_unit.currentText(),
            indication_id=self.indication.indication_id(),
            product_id=self._combo_id(self.product, self._product_model),
            dose=self.dose.text(), days=self.days.text(),
        )

    # -- compare and record -----------------------------------------------------------------

    def _edited(self, field: str) -> None:
        """A field changed: its old error goes (it may be fixed), and the comparison too."""
        message = self.errors[field]
        if message.is_shown():
            message.clear_message()
            set_invalid(self._widgets()[field], False)
        self._invalidate()

    def _widgets(self) -> dict[str, QWidget]:
        return {"weight": self.weight, "indication": self.indication,
                "product": self.product, "dose": self.dose, "days": self.days}

    def _invalidate(self, *_args: object) -> None:
        """Any change after a comparison: compare again before anything can be recorded."""
        had_table = not self.table.isHidden()
        self.differences = None
        self.second_plan = None
        self.table.hide()
        self.status.setText("Enter every field, then compare.")
        self.status.setStyleSheet("")
        self._update_record()
        if had_table:  # no blank gap where the differences were
            self.table.setMinimumHeight(0)
            self.adjustSize()

    def _show_errors(self, errors: dict[str, str]) -> None:
        widgets = self._widgets()
        for field, message in self.errors.items():
            text = errors.get(field)
            set_invalid(widgets[field], text is not None)
            if text:
                message.show_error(text[:1].upper() + text[1:])
            else:
                message.clear_message()

    def compare(self) -> None:
        try:
            request = second_request(self._first_request, self.entry())
            second = build_plan(request, self._loaded)
        except FormErrors as exc:
            self._show_errors(exc.errors)
            self.status.setText("Not compared: complete the fields marked in red.")
            return
        except PlanInputError as exc:
            self._show_errors({exc.field: engine_message(exc.message)}
                              if exc.field in self.errors else {})
            self.status.setText(f"Not compared: {exc.field}: {engine_message(exc.message)}")
            self.status.setStyleSheet("color: #b71c1c; font-weight: bold;")
            return
        self._show_errors({})
        self.second_plan = second
        self.differences = compare_plans(self._first_plan, second)
        rows = difference_rows(self.differences)
        self.table.setRowCount(len(rows))
        for index, cells in enumerate(rows):
            for column, text in enumerate(cells):
                self.table.setItem(index, column, QTableWidgetItem(text))
        self.table.setVisible(bool(rows))
        if rows:  # every difference readable without scrolling (up to ten)
            row_height = self.table.verticalHeader().defaultSectionSize()
            self.table.setMinimumHeight(
                self.table.horizontalHeader().sizeHint().height()
                + min(len(rows), 10) * row_height + 2 * self.table.frameWidth() + 2)
            self.adjustSize()
        if rows:
            self.status.setText(
                f"{len(rows)} DIFFERENCE(S) between the two entries. The plan cannot be "
                "recorded as checked: find out which entry is right with the first nurse, "
                "correct the plan, and check again.")
            self.status.setStyleSheet("color: #b71c1c; font-weight: bold;")
        else:
            self.status.setText("No differences: both entries give the same plan. Type your "
                                "name and record the check.")
            self.status.setStyleSheet("color: #1b5e20; font-weight: bold;")
        self._update_record()

    def can_record(self) -> bool:
        return self.differences == () and bool(self.checked_by.text().strip())

    def _update_record(self, *_args: object) -> None:
        self.record_button.setEnabled(self.can_record())

    def record(self) -> SecondCheckRecord | None:
        if not self.can_record():
            return None
        record = SecondCheckRecord(
            checked_by=self.checked_by.text().strip(),
            checked_at=datetime.now().replace(second=0, microsecond=0), differences=(),
        )
        self.recorded.emit(record)
        self.accept()
        return record
