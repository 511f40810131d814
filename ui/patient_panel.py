"""Patient panel: weight (kg/lb), height (cm/in), sex, adult/child, risk flags, name, MRN.

The unit switch says what unit the typed number is in; the number itself is never changed,
and the converted value is shown beside it ("= 72.6 kg") so the nurse sees what the plan uses.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QRadioButton,
    QWidget,
)

from planner.plan.patient import AgeGroup, Sex
from planner.regimen.models import RiskFlag
from ui.fields import FieldMessage, named, set_invalid
from ui.form import HEIGHT_UNITS, WEIGHT_UNITS, FormState, conversion_hint

RISK_LABELS: tuple[tuple[RiskFlag, str], ...] = (
    (RiskFlag.RENAL, "Renal ris&k"),
    (RiskFlag.THROMBOSIS, "&Thrombosis risk"),
    (RiskFlag.IGA_ANTIBODIES, "Ig&A deficiency with anti-IgA antibodies"),
    (RiskFlag.AB_BLOOD_GROUP, "A&B blood group"),
    (RiskFlag.FRUCTOSE_INTOLERANCE, "Fr&uctose intolerance"),
    (RiskFlag.HYPERPROLINAEMIA, "Hyper&prolinaemia"),
    (RiskFlag.CORN_ALLERGY, "Corn allergy"),
)


class PatientPanel(QGroupBox):
    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("Patient", parent)
        grid = QGridLayout(self)
        grid.setColumnStretch(1, 1)
        row = 0

        self.weight = named(QLineEdit(), "weight")
        self.weight.setPlaceholderText("e.g. 72.5")
        self.weight.setAccessibleName("Weight")
        self.weight_unit = named(QComboBox(), "weight_unit")
        self.weight_unit.addItems(list(WEIGHT_UNITS))
        self.weight_unit.setAccessibleName("Weight unit")
        self.weight_unit.setToolTip("The unit of the number typed; the plan always uses kg")
        self.weight_hint = named(QLabel(), "weight_hint")
        self.weight_error = FieldMessage()
        row = self._number_row(grid, row, "&Weight", self.weight, self.weight_unit,
                               self.weight_hint, self.weight_error)

        self.height_edit = named(QLineEdit(), "height")
        self.height_edit.setPlaceholderText("optional, e.g. 165")
        self.height_edit.setAccessibleName("Height")
        self.height_unit = named(QComboBox(), "height_unit")
        self.height_unit.addItems(list(HEIGHT_UNITS))
        self.height_unit.setAccessibleName("Height unit")
        self.height_hint = named(QLabel(), "height_hint")
        self.height_error = FieldMessage()
        row = self._number_row(grid, row, "H&eight", self.height_edit, self.height_unit,
                               self.height_hint, self.height_error)

        self.sex_female = QRadioButton("Female")
        self.sex_male = QRadioButton("Male")
        self.sex_unknown = QRadioButton("Not given")
        self.sex_unknown.setChecked(True)
        self.sex_group = QButtonGroup(self)
        for button in (self.sex_female, self.sex_male, self.sex_unknown):
            self.sex_group.addButton(button)
        row = self._radio_row(grid, row, "Se&x", (self.sex_female, self.sex_male,
                                                   self.sex_unknown))

        self.adult = QRadioButton("Adult")
        self.child = QRadioButton("Child")
        self.adult.setChecked(True)
        self.age_group = QButtonGroup(self)
        self.age_group.addButton(self.adult)
        self.age_group.addButton(self.child)
        row = self._radio_row(grid, row, "A&ge group", (self.adult, self.child))

        risks_label = QLabel("Risks")
        grid.addWidget(risks_label, row, 0)
        self.first_infusion = QCheckBox("Fi&rst infusion / product-naive")
        self.risk_boxes: dict[RiskFlag, QCheckBox] = {}
        boxes = [self.first_infusion]
        for flag, text in RISK_LABELS:
            box = QCheckBox(text)
            box.setObjectName(f"risk_{flag.value}")
            self.risk_boxes[flag] = box
            boxes.append(box)
        risk_grid = QGridLayout()
        risk_grid.setContentsMargins(0, 0, 0, 0)
        risk_grid.setVerticalSpacing(2)
        risk_grid.addWidget(self.first_infusion, 0, 0, 1, 2)
        risk_grid.addWidget(self.risk_boxes[RiskFlag.RENAL], 1, 0)
        risk_grid.addWidget(self.risk_boxes[RiskFlag.THROMBOSIS], 1, 1)
        risk_grid.addWidget(self.risk_boxes[RiskFlag.IGA_ANTIBODIES], 2, 0, 1, 2)
        risk_grid.addWidget(self.risk_boxes[RiskFlag.AB_BLOOD_GROUP], 3, 0)
        risk_grid.addWidget(self.risk_boxes[RiskFlag.FRUCTOSE_INTOLERANCE], 3, 1)
        risk_grid.addWidget(self.risk_boxes[RiskFlag.HYPERPROLINAEMIA], 4, 0)
        risk_grid.addWidget(self.risk_boxes[RiskFlag.CORN_ALLERGY], 4, 1)
        grid.addLayout(risk_grid, row, 1, 1, 2)
        risks_label.setBuddy(self.first_infusion)
        row += 1

        self.name = named(QLineEdit(), "name")
        self.name.setPlaceholderText("optional")
        self.mrn = named(QLineEdit(), "mrn")
        self.mrn.setPlaceholderText("optional")
        for text, edit in (("Na&me", self.name), ("MR&N", self.mrn)):
            label = QLabel(text)
            label.setBuddy(edit)
            grid.addWidget(label, row, 0)
            grid.addWidget(edit, row, 1, 1, 2)
            row += 1

        self.tab_chain: list[QWidget] = [
            self.weight, self.weight_unit, self.height_edit, self.height_unit,
            self.sex_female, self.sex_male, self.sex_unknown, self.adult, self.child, *boxes,
            self.name, self.mrn,
        ]
        self._wire(boxes)

    # -- layout helpers ---------------------------------------------------------------------

    def _number_row(
        self, grid: QGridLayout, row: int, text: str, edit: QLineEdit, unit: QComboBox,
        hint: QLabel, error: FieldMessage,
    ) -> int:
        label = QLabel(text)
        label.setBuddy(edit)
        box = QHBoxLayout()
        box.setContentsMargins(0, 0, 0, 0)
        edit.setMaximumWidth(120)
        box.addWidget(edit)
        box.addWidget(unit)
        box.addWidget(hint)
        box.addStretch(1)
        grid.addWidget(label, row, 0)
        grid.addLayout(box, row, 1, 1, 2)
        grid.addWidget(error, row + 1, 1, 1, 2)
        return row + 2

    def _radio_row(
        self, grid: QGridLayout, row: int, text: str, buttons: tuple[QRadioButton, ...]
    ) -> int:
        label = QLabel(text)
        label.setBuddy(buttons[0])
        box = QHBoxLayout()
        box.setContentsMargins(0, 0, 0, 0)
        for button in buttons:
            box.addWidget(button)
        box.addStretch(1)
        grid.addWidget(label, row, 0)
        grid.addLayout(box, row, 1, 1, 2)
        return row + 1

    def _wire(self, boxes: list[QCheckBox]) -> None:
        for edit in (self.weight, self.height_edit, self.name, self.mrn):
            edit.textChanged.connect(self._on_change)
        for combo in (self.weight_unit, self.height_unit):
            combo.currentIndexChanged.connect(self._on_change)
        for group in (self.sex_group, self.age_group):
            group.buttonToggled.connect(self._on_toggle)
        for box in boxes:
            box.toggled.connect(self._on_change)

    def _on_toggle(self, _button: object, checked: bool) -> None:
        if checked:
            self._on_change()

    def _on_change(self, *_args: object) -> None:
        self._update_hints()
        self.changed.emit()

    def _update_hints(self) -> None:
        self.weight_hint.setText(
            conversion_hint(self.weight.text(), self.weight_unit.currentText())
        )
        self.height_hint.setText(
            conversion_hint(self.height_edit.text(), self.height_unit.currentText())
        )

    # -- state ------------------------------------------------------------------------------

    def values(self) -> dict[str, Any]:
        """This panel's part of :class:`ui.form.FormState`."""
        sex = (Sex.FEMALE if self.sex_female.isChecked()
               else Sex.MALE if self.sex_male.isChecked() else None)
        return {
            "weight": self.weight.text(), "weight_unit": self.weight_unit.currentText(),
            "height": self.height_edit.text(), "height_unit": self.height_unit.currentText(),
            "sex": sex,
            "age_group": AgeGroup.CHILD if self.child.isChecked() else AgeGroup.ADULT,
            "first_infusion": self.first_infusion.isChecked(),
            "risks": frozenset(f for f, box in self.risk_boxes.items() if box.isChecked()),
            "name": self.name.text(), "mrn": self.mrn.text(),
        }

    def load(self, state: FormState) -> None:
        """Fill the panel (signals blocked: the caller recomputes once afterwards)."""
        widgets: list[QWidget] = [
            self.weight, self.weight_unit, self.height_edit, self.height_unit, self.name,
            self.mrn, self.first_infusion, *self.risk_boxes.values(), self.sex_female,
            self.sex_male, self.sex_unknown, self.adult, self.child,
        ]
        blocked = [w.blockSignals(True) for w in widgets]
        groups = [g.blockSignals(True) for g in (self.sex_group, self.age_group)]
        try:
            self.weight.setText(state.weight)
            self.weight_unit.setCurrentText(state.weight_unit)
            self.height_edit.setText(state.height)
            self.height_unit.setCurrentText(state.height_unit)
            {Sex.FEMALE: self.sex_female, Sex.MALE: self.sex_male, None: self.sex_unknown}[
                state.sex
            ].setChecked(True)
            (self.child if state.age_group is AgeGroup.CHILD else self.adult).setChecked(True)
            self.first_infusion.setChecked(state.first_infusion)
            for flag, box in self.risk_boxes.items():
                box.setChecked(flag in state.risks)
            self.name.setText(state.name)
            self.mrn.setText(state.mrn)
        finally:
            for widget, was in zip(widgets, blocked, strict=True):
                widget.blockSignals(was)
            for group, was in zip((self.sex_group, self.age_group), groups, strict=True):
                group.blockSignals(was)
        self._update_hints()

    def show_errors(self, errors: dict[str, str], missing: frozenset[str]) -> None:
        for field, edit, message in (
            ("weight", self.weight, self.weight_error),
            ("height", self.height_edit, self.height_error),
        ):
            text = errors.get(field)
            if text is None:
                set_invalid(edit, False)
                message.clear_message()
            elif field in missing:
                set_invalid(edit, False)
                message.show_hint(text[:1].upper() + text[1:])
            else:
                set_invalid(edit, True)
                message.show_error(text[:1].upper() + text[1:])
