"""Patient panel: weight (kg/lb), height (cm/in), sex, adult/child, risk flags, name, MRN.

The unit switch says what unit the typed number is in; the number itself is never changed,
and the converted value is shown beside it ("= 72.6 kg") so the nurse sees what the plan uses.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QFrame,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QWidget,
)

from planner.plan.height_effect import height_effect
from planner.plan.patient import AgeGroup, Sex
from planner.plan.validation import WEIGHT_LIMITS_KG
from planner.plan.weight_check import DEFAULT_SCREEN
from planner.regimen.models import DosingWeightRule, RiskFlag, Severity, WeightScreen
from ui.fields import FieldMessage, named, set_invalid
from ui.form import (
    HEIGHT_UNITS,
    WEIGHT_UNITS,
    FormState,
    conversion_hint,
    height_cm,
    weight_kg,
    weight_to_confirm,
)
from ui.print_caution import FieldCaution
from ui.severity import tint
from ui.signals import signals_blocked

RISK_LABELS: tuple[tuple[RiskFlag, str], ...] = (
    (RiskFlag.RENAL, "Renal ris&k"),
    (RiskFlag.THROMBOSIS, "&Thrombosis risk"),
    (RiskFlag.IGA_ANTIBODIES, "Ig&A deficiency with anti-IgA antibodies"),
    (RiskFlag.AB_BLOOD_GROUP, "AB blood group"),  # Alt+B is the Bedside menu
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
        self.weight_error = FieldMessage(reserve_line=True)  # no jump on the first keystroke
        row = self._number_row(grid, row, "&Weight", self.weight, self.weight_unit,
                               self.weight_hint, self.weight_error)
        self.weight_check = WeightCheck()
        self.weight_check.confirm.clicked.connect(self._confirm_weight)
        self.weight_check.to_lb.clicked.connect(lambda: self.weight_unit.setCurrentText("lb"))
        grid.addWidget(self.weight_check, row, 1, 1, 2)
        row += 1
        self._rule: DosingWeightRule | None = None
        self._screen = DEFAULT_SCREEN
        self._needed: str | None = None
        self._confirmed: tuple[object, ...] | None = None  # the inputs the nurse confirmed

        self.height_edit = named(QLineEdit(), "height")
        self.height_edit.setPlaceholderText("optional, e.g. 165")
        self.height_edit.setAccessibleName("Height")
        self.height_unit = named(QComboBox(), "height_unit")
        self.height_unit.addItems(list(HEIGHT_UNITS))
        self.height_unit.setAccessibleName("Height unit")
        self.height_hint = named(QLabel(), "height_hint")
        self.height_error = FieldMessage(reserve_line=True)  # "needed" comes and goes
        row = self._number_row(grid, row, "He&ight", self.height_edit, self.height_unit,
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

        self.age = named(QLineEdit(), "age")
        self.age.setPlaceholderText("optional")
        self.age.setAccessibleName("Age in years")
        self.age.setFixedWidth(80)
        self.age_error = FieldMessage()
        age_hint = QLabel("years (0.5 = 6 months)")  # short: a long hint widens the column
        age_hint.setToolTip("Age in years (0.5 = 6 months); when given it decides adult or "
                            "child")
        age_hint.setWordWrap(True)
        age_hint.setStyleSheet("color: palette(placeholder-text);")
        row = self._text_row(grid, row, "Age", self.age, age_hint, self.age_error)

        self.weeks_since_last = named(QLineEdit(), "weeks_since_last")
        self.weeks_since_last.setPlaceholderText("optional")
        self.weeks_since_last.setAccessibleName("Weeks since the last infusion")
        self.weeks_since_last.setFixedWidth(80)
        self.weeks_error = FieldMessage()
        weeks_hint = QLabel("weeks since the last IG")
        weeks_hint.setToolTip("Weeks since the last IG infusion (a long gap counts as a new "
                              "start)")
        weeks_hint.setWordWrap(True)
        weeks_hint.setStyleSheet("color: palette(placeholder-text);")
        row = self._text_row(grid, row, "Last IG", self.weeks_since_last, weeks_hint,
                             self.weeks_error)

        risks_label = QLabel("Risks")
        grid.addWidget(risks_label, row, 0)
        self.first_infusion = QCheckBox("First infusion / product-naive")
        self.product_switch = named(QCheckBox("Product switch"), "product_switch")
        self.pregnant = named(QCheckBox("Pregnant"), "pregnant")
        self.risk_boxes: dict[RiskFlag, QCheckBox] = {}
        boxes = [self.first_infusion, self.product_switch, self.pregnant]
        for flag, text in RISK_LABELS:
            box = QCheckBox(text)
            box.setObjectName(f"risk_{flag.value}")
            self.risk_boxes[flag] = box
            boxes.append(box)
        risk_grid = QGridLayout()
        risk_grid.setContentsMargins(0, 0, 0, 0)
        risk_grid.setVerticalSpacing(2)
        risk_grid.addWidget(self.first_infusion, 0, 0)
        risk_grid.addWidget(self.product_switch, 0, 1)
        risk_grid.addWidget(self.pregnant, 5, 0)
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
        self.name_error = FieldCaution(self.name, "name")  # what the PDF font cannot print
        self.mrn_error = FieldCaution(self.mrn, "MRN")
        for text, edit, message in (("Na&me", self.name, self.name_error),
                                    ("MR&N", self.mrn, self.mrn_error)):
            label = QLabel(text)
            label.setBuddy(edit)
            grid.addWidget(label, row, 0)
            grid.addWidget(edit, row, 1, 1, 2)
            row += 1
            grid.addWidget(message, row, 1, 1, 2)
            row += 1

        self.tab_chain: list[QWidget] = [
            self.weight_unit, self.weight, self.weight_check.confirm, self.weight_check.to_lb,
            self.height_unit, self.height_edit,
            self.sex_female, self.sex_male, self.sex_unknown, self.adult, self.child,
            self.age, self.weeks_since_last, *boxes,
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
        box.addWidget(unit)  # the unit first, so it is chosen before the number is typed
        box.addWidget(edit)
        box.addWidget(hint, 1)
        box.addStretch(1)
        grid.addWidget(label, row, 0)
        grid.addLayout(box, row, 1, 1, 2)
        grid.addWidget(error, row + 1, 1, 1, 2)
        return row + 2

    def _text_row(
        self, grid: QGridLayout, row: int, text: str, edit: QLineEdit, hint: QLabel,
        error: FieldMessage,
    ) -> int:
        label = QLabel(text)
        label.setBuddy(edit)
        box = QHBoxLayout()
        box.setContentsMargins(0, 0, 0, 0)
        box.addWidget(edit)
        box.addWidget(hint, 1)
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
        for edit in (self.weight, self.height_edit, self.name, self.mrn, self.age,
                     self.weeks_since_last):
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

    def set_dosing_rule(self, rule: DosingWeightRule, screen: WeightScreen) -> None:
        """The regimen file's dosing-weight rule (says when the height changes the dose) and
        its weight screen (when the weight and unit are to be confirmed)."""
        self._rule = rule
        self._screen = screen
        self._update_hints()

    def _weight_key(self) -> tuple[object, ...]:
        return (self.weight.text().strip(), self.weight_unit.currentText(),
                self.height_edit.text().strip(), self.height_unit.currentText(),
                self.child.isChecked())

    def weight_doubt(self) -> str | None:
        """Why the weight must be confirmed before a plan is shown (None: it need not be)."""
        state = FormState(**self.values())
        try:
            weight, height = weight_kg(state), height_cm(state)
        except ValueError:
            return None
        return weight_to_confirm(weight, height, state.age_group, self._screen)

    def _confirm_weight(self) -> None:
        self._confirmed = self._weight_key()
        self._on_change()
        self.weight.setFocus()

    def _update_hints(self) -> None:
        self.weight_hint.setText(
            conversion_hint(self.weight.text(), self.weight_unit.currentText())
        )
        self.height_hint.setText(
            conversion_hint(self.height_edit.text(), self.height_unit.currentText())
        )
        needed = self._height_need() if not self.height_edit.text().strip() else None
        self._needed = needed
        self.height_edit.setPlaceholderText("needed, e.g. 165" if needed else
                                            "optional, e.g. 165")
        if not self.height_error.is_error():
            self._show_need()
        doubt = None if self._confirmed == self._weight_key() else self.weight_doubt()
        self.weight_check.ask(doubt, self.weight_unit.currentText() == "kg")

    def _height_need(self) -> str | None:
        """'needed: …' when the height could change the dose (the engine says how much)."""
        if self._rule is None:
            return None
        state = FormState(**self.values())
        try:
            weight = weight_kg(state)
        except ValueError:
            return None
        low, high = WEIGHT_LIMITS_KG
        if not low <= weight <= high:
            return None
        effect = height_effect(weight, state.age_group, state.sex, self._rule)
        if effect is None:
            return None
        return (f"Height needed: with it the dose may be up to {effect.drop_pct:g} % lower "
                "(adjusted weight).")

    def height_need(self) -> str | None:
        """Why the height is needed now (None: it cannot change the dose)."""
        return self._needed

    def _show_need(self) -> None:
        if self._needed:
            self.height_error.show_caution(self._needed)
        else:
            self.height_error.clear_message()

    # -- state ------------------------------------------------------------------------------

    def values(self) -> dict[str, Any]:
        """This panel's part of :class:`ui.form.FormState`."""
        sex = (Sex.FEMALE if self.sex_female.isChecked()
               else Sex.MALE if self.sex_male.isChecked() else None)
        return {
            "weight": self.weight.text(), "weight_unit": self.weight_unit.currentText(),
            "weight_confirmed": self._confirmed == self._weight_key(),
            "height": self.height_edit.text(), "height_unit": self.height_unit.currentText(),
            "sex": sex,
            "age_group": AgeGroup.CHILD if self.child.isChecked() else AgeGroup.ADULT,
            "age": self.age.text(),
            "first_infusion": self.first_infusion.isChecked(),
            "product_switch": self.product_switch.isChecked(),
            "weeks_since_last": self.weeks_since_last.text(),
            "pregnant": self.pregnant.isChecked(),
            "risks": frozenset(f for f, box in self.risk_boxes.items() if box.isChecked()),
            "name": self.name.text(), "mrn": self.mrn.text(),
        }

    def load(self, state: FormState) -> None:
        """Fill the panel (signals blocked: the caller recomputes once afterwards)."""
        widgets: list[QWidget] = [
            self.weight, self.weight_unit, self.height_edit, self.height_unit, self.name,
            self.mrn, self.first_infusion, self.product_switch, self.pregnant, self.age,
            self.weeks_since_last, *self.risk_boxes.values(), self.sex_female,
            self.sex_male, self.sex_unknown, self.adult, self.child,
        ]
        with signals_blocked(*widgets, self.sex_group, self.age_group):
            self.weight.setText(state.weight)
            self.weight_unit.setCurrentText(state.weight_unit)
            self.height_edit.setText(state.height)
            self.height_unit.setCurrentText(state.height_unit)
            {Sex.FEMALE: self.sex_female, Sex.MALE: self.sex_male, None: self.sex_unknown}[
                state.sex
            ].setChecked(True)
            (self.child if state.age_group is AgeGroup.CHILD else self.adult).setChecked(True)
            self.first_infusion.setChecked(state.first_infusion)
            self.product_switch.setChecked(state.product_switch)
            self.pregnant.setChecked(state.pregnant)
            self.age.setText(state.age)
            self.weeks_since_last.setText(state.weeks_since_last)
            for flag, box in self.risk_boxes.items():
                box.setChecked(flag in state.risks)
            self.name.setText(state.name)
            self.mrn.setText(state.mrn)
            self._confirmed = self._weight_key() if state.weight_confirmed else None
        self._update_hints()
        self.name_error.recheck()  # typed with signals blocked
        self.mrn_error.recheck()

    def show_errors(self, errors: dict[str, str], missing: frozenset[str]) -> None:
        for field, edit, message in (
            ("age", self.age, self.age_error),
            ("weeks_since_last", self.weeks_since_last, self.weeks_error),
        ):
            problem = errors.get(field)
            set_invalid(edit, problem is not None)
            if problem is None:
                message.clear_message()
            else:
                message.show_error(problem[:1].upper() + problem[1:])
        for field, edit, message in (
            ("weight", self.weight, self.weight_error),
            ("height", self.height_edit, self.height_error),
        ):
            text = errors.get(field)
            if field == "weight" and text is not None and self.weight_check.isVisible():
                set_invalid(edit, True)  # the question under the field says why
                message.clear_message()
            elif text is None:
                set_invalid(edit, False)
                if field == "height":
                    self._show_need()
                else:
                    message.clear_message()
            elif field in missing:
                set_invalid(edit, False)
                message.show_hint(text[:1].upper() + text[1:])
            else:
                set_invalid(edit, True)
                message.show_error(text[:1].upper() + text[1:])


class WeightCheck(QFrame):
    """Asks the nurse to confirm an unusual weight and its unit before any plan is shown
    (141 typed in lb with the unit left on kg is still a possible weight)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        style = tint(self, "weight_check", Severity.CAUTION, "border: 1px solid {colour};")
        box = QGridLayout(self)
        box.setContentsMargins(6, 4, 6, 4)
        self.text = named(QLabel(), "weight_check_text")
        self.text.setWordWrap(True)
        self.text.setStyleSheet(f"color: {style.colour}; font-weight: bold;")
        self.text.setTextFormat(Qt.TextFormat.PlainText)
        self.confirm = named(QPushButton("Weight and unit are right"), "confirm_weight")
        self.to_lb = named(QPushButton("It was in lb"), "weight_was_lb")
        for button in (self.confirm, self.to_lb):
            button.setAutoDefault(False)
        box.addWidget(self.text, 0, 0, 1, 3)
        box.addWidget(self.confirm, 1, 0)
        box.addWidget(self.to_lb, 1, 1)
        box.setColumnStretch(2, 1)
        self.hide()

    def ask(self, doubt: str | None, offer_lb: bool) -> None:
        """Show the question for ``doubt`` (None hides it)."""
        if doubt is None:
            self.hide()
            return
        self.text.setText(f"Confirm the weight before the plan is shown. {doubt}")
        self.to_lb.setVisible(offer_lb)
        self.show()
