"""Prescription panel: indication, dose, days, product, start date and time.

Choosing an indication pre-fills its default dose and days and lists its labeled products
first; the regimen file's limits are shown beside each field and enforced by the engine,
whose message then appears under the field. The dose is a plain text field, not a spin box:
a spin box silently refuses or rewrites out-of-range keystrokes (typing 3000 where the
maximum is 2400 would leave 300), which is exactly the wrong number nobody notices.
"""

from __future__ import annotations

from datetime import datetime, time
from typing import Any

from PySide6.QtCore import QDate, QSignalBlocker, Qt, QTime, Signal
from PySide6.QtGui import QFont, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QComboBox,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSizePolicy,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from planner.plan.protocol_choice import protocol_ids
from planner.regimen.models import Indication, RegimenFile, Route, Severity
from ui.catalog import (
    basis_text,
    days_hint,
    dose_hint,
    find_indication,
    preferred_product,
    product_choices,
    product_hint,
    product_label,
)
from ui.fields import FieldMessage, named, set_invalid
from ui.form import NO_PROTOCOL, FormState
from ui.formatting import plain_number
from ui.indication_box import ID_ROLE, IndicationBox
from ui.preparation_note import PreparationNote
from ui.severity import severity_pixmap, tint
from ui.signals import signals_blocked
from ui.start_fields import StartDateEdit, StartTimeEdit


class PrescriptionPanel(QGroupBox):
    changed = Signal()
    compareRequested = Signal()

    def __init__(self, regimen: RegimenFile, parent: QWidget | None = None) -> None:
        super().__init__("Prescription", parent)
        self._regimen = regimen
        self._indication_id: str | None = None  # the last indication that was chosen
        self._not_stocked: frozenset[str] = frozenset()
        self._only_product = False  # the product was chosen because it is the only one
        self._loading = False
        grid = QGridLayout(self)
        grid.setColumnStretch(1, 1)

        self.indication = named(IndicationBox(regimen), "indication")
        completer = self.indication.completer()
        assert completer is not None
        completer.activated.connect(self._on_completion)
        self.indication_error = FieldMessage()
        label = QLabel("In&dication")
        label.setBuddy(self.indication)
        grid.addWidget(label, 0, 0)
        grid.addWidget(self.indication, 0, 1, 1, 2)
        grid.addWidget(self.indication_error, 1, 1, 1, 2)

        self.dose = named(QLineEdit(), "dose")
        self.dose.setMaximumWidth(120)
        self.dose.setAccessibleName("Dose in mg/kg")
        self.dose_basis = named(QLabel(), "dose_basis")
        self.dose_hint = named(QLabel(), "dose_hint")
        self.dose_hint.setWordWrap(True)
        self.dose_hint.setStyleSheet("color: palette(placeholder-text);")
        self.dose_error = FieldMessage()
        label = QLabel("D&ose")
        label.setBuddy(self.dose)
        grid.addWidget(label, 2, 0)
        grid.addLayout(self._row(self.dose, self.dose_basis), 2, 1, 1, 2)
        grid.addWidget(self.dose_hint, 3, 1, 1, 2)
        grid.addWidget(self.dose_error, 4, 1, 1, 2)

        self.days = named(DaysBox(), "days")
        self.days.setAccessibleName("Number of days")
        self.days_hint = named(QLabel(), "days_hint")
        self.days_hint.setStyleSheet("color: palette(placeholder-text);")
        self.days_error = FieldMessage()
        label = QLabel("Da&ys")
        label.setBuddy(self.days)
        grid.addWidget(label, 5, 0)
        grid.addLayout(self._row(self.days, self.days_hint), 5, 1, 1, 2)
        grid.addWidget(self.days_error, 6, 1, 1, 2)

        self.product = named(QComboBox(), "product")
        self.product.setPlaceholderText("choose a product…")
        self.product.setAccessibleName("Product")
        _compact(self.product)
        self._product_model = QStandardItemModel(self)
        self.product.setModel(self._product_model)
        self.product_hint = named(QLabel(), "product_hint")
        self.product_hint.setWordWrap(True)
        self.product_hint.setStyleSheet("color: palette(placeholder-text);")
        self.off_label = _OffLabelNote()
        self.product_error = FieldMessage()
        label = QLabel("Produ&ct")
        label.setBuddy(self.product)
        grid.addWidget(label, 7, 0)
        grid.addWidget(self.product, 7, 1, 1, 2)
        self.preparation = PreparationNote()
        hints = QVBoxLayout()
        hints.setContentsMargins(0, 0, 0, 0)
        hints.setSpacing(2)
        hints.addWidget(self.product_hint)
        hints.addWidget(self.preparation)
        grid.addLayout(hints, 8, 1, 1, 2)
        grid.addWidget(self.off_label, 9, 1, 1, 2)
        grid.addWidget(self.product_error, 10, 1, 1, 2)

        self.protocol = named(QComboBox(), "protocol")
        self.protocol.setAccessibleName("Rate protocol")
        _compact(self.protocol)
        self.compare_button = named(QPushButton("Compare…"), "compare_protocols")
        self.compare_button.setToolTip("Every protocol side by side for this patient: "
                                       "duration, highest pump rate, steps, what limits it")
        self.compare_button.clicked.connect(self.compareRequested)
        self.protocol_hint = named(QLabel(), "protocol_hint")
        self.protocol_hint.setWordWrap(True)
        self.protocol_hint.setStyleSheet("color: palette(placeholder-text);")
        self.protocol_error = FieldMessage()
        label = QLabel("Protoco&l")
        label.setBuddy(self.protocol)
        protocol_row = QHBoxLayout()
        protocol_row.setContentsMargins(0, 0, 0, 0)
        protocol_row.addWidget(self.protocol, 1)
        protocol_row.addWidget(self.compare_button)
        grid.addWidget(label, 11, 0)
        grid.addLayout(protocol_row, 11, 1, 1, 2)
        grid.addWidget(self.protocol_hint, 12, 1, 1, 2)
        grid.addWidget(self.protocol_error, 13, 1, 1, 2)

        self.start_date = named(StartDateEdit(), "start_date")
        self.start_date.setAccessibleName("Start date")
        self.start_time = named(StartTimeEdit(), "start_time")
        self.start_time.setAccessibleName("Start time, 24 hour")
        self.start_error = FieldMessage()
        label = QLabel("&Start")
        label.setBuddy(self.start_date)
        clock = QLabel("(24 h)")
        clock.setStyleSheet("color: palette(placeholder-text);")
        grid.addWidget(label, 14, 0)
        grid.addLayout(self._row(self.start_date, self.start_time, clock), 14, 1, 1, 2)
        grid.addWidget(self.start_error, 15, 1, 1, 2)

        self.tab_chain: list[QWidget] = [
            self.indication, self.dose, self.days, self.product, self.protocol,
            self.compare_button, self.start_date, self.start_time,
        ]
        self.indication.currentTextChanged.connect(self._on_indication_text)
        self.dose.textChanged.connect(self._update_dose_lock)
        self.dose.textChanged.connect(self._emit)
        self.days.valueChanged.connect(self._emit)
        self.product.currentIndexChanged.connect(self._on_product)
        self.protocol.currentIndexChanged.connect(self._on_protocol)
        self.start_date.dateChanged.connect(self._emit)
        self.start_time.timeChanged.connect(self._emit)
        self.set_regimen(regimen)

    @staticmethod
    def _row(*widgets: QWidget) -> QHBoxLayout:
        box = QHBoxLayout()
        box.setContentsMargins(0, 0, 0, 0)
        for widget in widgets:
            box.addWidget(widget)
        box.addStretch(1)
        return box

    # -- regimen ----------------------------------------------------------------------------

    def set_regimen(self, regimen: RegimenFile) -> None:
        """Offer ``regimen``'s indications, keeping the current choice if it still exists."""
        self._regimen = regimen
        self._fill_protocols()
        keep = self._indication_id
        self._loading = True
        try:
            self.indication.fill(regimen)
            self._indication_id = None
            self.indication.setCurrentIndex(-1)
            self.indication.setEditText("")
        finally:
            self._loading = False
        if keep is not None and regimen.indication(keep) is not None:
            self._select_indication(keep, keep_values=True)
        else:
            self._apply_indication(None)

    def regimen(self) -> RegimenFile:
        return self._regimen

    # -- indication -------------------------------------------------------------------------

    def _select_indication(self, indication_id: str, keep_values: bool = False) -> None:
        indication = self._regimen.indication(indication_id)
        self._loading = True
        try:
            self.indication.show_choice(indication_id)
        finally:
            self._loading = False
        self._apply_indication(indication, keep_values=keep_values)

    def _on_completion(self, text: str) -> None:
        indication = find_indication(self._regimen, text)
        if indication is not None:
            self._select_indication(indication.id)
            self.changed.emit()

    def _on_indication_text(self, text: str) -> None:
        if self._loading:
            return
        self._apply_indication(find_indication(self._regimen, text))
        self.changed.emit()

    def _apply_indication(self, indication: Indication | None, keep_values: bool = False) -> None:
        """Pre-fill dose, days and products when the indication really changed.

        Retyping or re-picking the same indication changes nothing, so a dose the nurse
        entered is never reset behind her back; ``keep_values`` refreshes limits and products
        (new regimen file) but keeps the dose and days.
        """
        enabled = indication is not None
        for field in (self.dose, self.days, self.product):
            field.setEnabled(enabled)
        if indication is None:
            self._update_protocol_hint()
            self.dose_basis.setText("mg/kg")
            self.dose_hint.setText("")
            self.days_hint.setText("")
            self.off_label.hide()
            self.product_hint.hide()
            self.preparation.show_product(None)
            return
        if indication.id == self._indication_id and not keep_values:
            return
        self._indication_id = indication.id
        self._loading = True
        widgets: list[QWidget] = [self.dose, self.days, self.product]
        try:
            with signals_blocked(*widgets):
                self.dose_basis.setText(basis_text(indication))
                self.dose_hint.setText(dose_hint(indication))
                self.days_hint.setText(days_hint(indication))
                self.days.setSpecialValueText("")
                self.days.set_allowed(indication.days.min, indication.days.max)
                if not keep_values:
                    self.dose.setText(plain_number(indication.dose_mg_kg.default))
                    self.days.setValue(indication.days.default)
                self._fill_products(indication, keep=keep_values)
                self._select_default_protocol()
                self.days.refresh_lock()
                self._update_dose_lock()
        finally:
            self._loading = False
        self._update_off_label()

    def _update_dose_lock(self, *_args: object) -> None:
        """A dose the regimen file fixes is shown as fixed (read-only, skipped by Tab) while
        it holds that value, not as an editable field that refuses every other number; a
        different value loaded from a file stays editable so it can be corrected."""
        indication = self.current_indication()
        limits = indication.dose_mg_kg if indication is not None else None
        fixed = limits is not None and limits.min == limits.max
        try:
            holds = fixed and limits is not None and float(self.dose.text()) == limits.min
        except ValueError:
            holds = False
        self.dose.setReadOnly(holds)
        self.dose.setFocusPolicy(Qt.FocusPolicy.NoFocus if holds else Qt.FocusPolicy.StrongFocus)
        self.dose.setToolTip("Fixed by the regimen file for this indication" if holds else "")

    def current_indication(self) -> Indication | None:
        return find_indication(self._regimen, self.indication.currentText())

    # -- product ----------------------------------------------------------------------------

    def _fill_products(self, indication: Indication, keep: bool = False) -> None:
        """List the products for ``indication``; none is chosen for the nurse unless the
        site stocks only one (and the hint then says so). ``keep``: the same indication
        refreshed (another regimen file): the product chosen stays if still offered."""
        current = self.product_id()
        choices = product_choices(self._regimen, indication)
        model = self._product_model
        model.clear()

        def header(text: str) -> None:
            item = QStandardItem(text)
            item.setFlags(Qt.ItemFlag.NoItemFlags)
            font = QFont(self.font())
            font.setItalic(True)
            item.setFont(font)
            model.appendRow(item)

        if choices.labeled:
            header(f"Labeled for {indication.name}:")
        else:
            header("No product is labeled for this indication")
        for product in choices.labeled:
            item = QStandardItem(product_label(product))
            item.setData(product.id, ID_ROLE)
            item.setToolTip(product_hint(product))
            model.appendRow(item)
        if choices.others:
            if choices.labeled:
                self.product.insertSeparator(model.rowCount())
            header("Off-label (not labeled for this indication):")
            for product in choices.others:
                item = QStandardItem(product_label(product) + "   [off-label]")
                item.setData(product.id, ID_ROLE)
                item.setToolTip(product_hint(product))
                model.appendRow(item)
        widen_popup(self.product)
        wanted = preferred_product(choices, current if keep else None, self._not_stocked)
        self.product.setCurrentIndex(self._product_row(wanted) if wanted else -1)
        self._only_product = wanted is not None and wanted != (current if keep else None)

    def _product_row(self, product_id: str) -> int:
        for row in range(self._product_model.rowCount()):
            item = self._product_model.item(row)
            if item is not None and item.data(ID_ROLE) == product_id:
                return row
        return -1

    def product_id(self) -> str | None:
        row = self.product.currentIndex()
        if row < 0:
            return None
        item = self._product_model.item(row)
        value = None if item is None else item.data(ID_ROLE)
        return value if isinstance(value, str) else None

    def set_not_stocked(self, product_ids: frozenset[str]) -> None:
        """Products the site file says are not stocked: never the one chosen for the nurse."""
        self._not_stocked = product_ids

    def _on_product(self, _row: int) -> None:
        self._only_product = False  # the nurse chose
        if self._loading:
            return
        self._select_default_protocol()
        self._update_off_label()
        self.changed.emit()

    # -- protocol ---------------------------------------------------------------------------

    def _fill_protocols(self) -> None:
        keep = self.protocol_id()
        with QSignalBlocker(self.protocol):
            self.protocol.clear()
            for protocol_id in protocol_ids(self._regimen):
                site = self._regimen.site_protocol(protocol_id)
                name = "Label protocol" if site is None else _short(f"Site: {site.name}")
                self.protocol.addItem(name, protocol_id)
                self.protocol.setItemData(
                    self.protocol.count() - 1,
                    "The label's own ramp for this product and indication" if site is None
                    else f"{site.name}\nSite policy: {site.source}",
                    Qt.ItemDataRole.ToolTipRole,
                )
            widen_popup(self.protocol)
            self.protocol.setCurrentIndex(self.protocol.findData(keep) if keep else -1)
        self._update_protocol_hint()

    def protocol_id(self) -> str | None:
        value = self.protocol.currentData()
        return value if isinstance(value, str) else None

    def default_protocol_id(self) -> str | None:
        indication = self.current_indication()
        product_id = self.product_id()
        if indication is None or product_id is None:
            return None
        return self._regimen.default_protocol_id(product_id, indication.id)

    def _select_default_protocol(self) -> None:
        """A new product or indication: the site's default protocol for it."""
        wanted = self.default_protocol_id()
        with QSignalBlocker(self.protocol):
            self.protocol.setCurrentIndex(self.protocol.findData(wanted) if wanted else -1)
        self._update_protocol_hint()

    def set_protocol(self, protocol_id: str | None) -> None:
        """Select ``protocol_id`` (None: the site default); an id this regimen file does not
        have leaves the box empty, so the nurse must choose."""
        if protocol_id is None:
            self._select_default_protocol()
            return
        with QSignalBlocker(self.protocol):
            self.protocol.setCurrentIndex(self.protocol.findData(protocol_id))
        self._update_protocol_hint()

    def _on_protocol(self, _row: int) -> None:
        self._update_protocol_hint()
        if not self._loading:
            self.changed.emit()

    def _update_protocol_hint(self) -> None:
        indication = self.current_indication()
        is_im = indication is not None and indication.route is Route.IM
        self.protocol.setEnabled(indication is not None and not is_im)
        self.compare_button.setEnabled(indication is not None and not is_im)
        if is_im:
            self.protocol_hint.setText("No rate protocol: intramuscular injection")
            return
        chosen, default = self.protocol_id(), self.default_protocol_id()
        if chosen is None or default is None:
            self.protocol_hint.setText("")
            return
        site = self._regimen.site_protocol(chosen)
        kind = ("label ramp" if site is None
                else f"{site.name} — site policy, not the label's ramp")
        if chosen == default:
            self.protocol_hint.setText(f"{kind}; the site default for this product")
        else:
            name = self.protocol.itemText(self.protocol.findData(default))
            self.protocol_hint.setText(f"{kind}; NOT the site default ({name})")

    def _update_off_label(self) -> None:
        indication = self.current_indication()
        product_id = self.product_id()
        product = self._regimen.product(product_id) if product_id else None
        text = "" if product is None else product_hint(product)
        if product is not None and self._only_product and indication is not None:
            text = (f"The only product stocked for {indication.name}, so it is chosen; "
                    f"check it is the one prescribed. {text}")
        self.product_hint.setText(text)
        self.product_hint.setVisible(product is not None)
        self.preparation.show_product(product)
        if indication is None or product is None or product.id in indication.labeled_products:
            self.off_label.hide()
            return
        self.off_label.set_text(
            f"OFF-LABEL: {product.brand} is not labeled for {indication.name}. It runs on "
            "its most conservative protocol; confirm with the prescriber."
        )
        self.off_label.show()

    def is_off_label(self) -> bool:
        return not self.off_label.isHidden()

    # -- state ------------------------------------------------------------------------------

    def values(self) -> dict[str, Any]:
        """This panel's part of :class:`ui.form.FormState`."""
        indication = self.current_indication()
        qdate = self.start_date.date()
        qtime = self.start_time.time()
        start = datetime(qdate.year(), qdate.month(), qdate.day(), qtime.hour(), qtime.minute())
        return {
            "indication_id": None if indication is None else indication.id,
            "product_id": self.product_id() if indication is not None else None,
            "dose": self.dose.text(),
            "days": self.days.value() if indication is not None else None,
            "start": start,
            "protocol_id": self._protocol_value(indication),
        }

    def _protocol_value(self, indication: Indication | None) -> str | None:
        if indication is None or indication.route is Route.IM:
            return None
        return self.protocol_id() or NO_PROTOCOL

    def load(self, state: FormState) -> None:
        """Fill the panel from a saved or demo form (the caller recomputes afterwards)."""
        with QSignalBlocker(self):
            if state.indication_id is None:
                self._indication_id = None
                self._loading = True
                self.indication.setCurrentIndex(-1)
                self.indication.setEditText("")
                self._loading = False
                self._apply_indication(None)
                self._clear_prescription()
            else:
                self._indication_id = None
                self._select_indication(state.indication_id)
            widgets: list[QWidget] = [self.dose, self.days, self.product, self.start_date,
                                      self.start_time]
            with signals_blocked(*widgets):
                if state.dose:
                    self.dose.setText(state.dose)
                if state.days is not None:
                    self.days.setValue(state.days)
                    self.days.refresh_lock()
                if state.product_id is not None:
                    self.product.setCurrentIndex(self._product_row(state.product_id))
                if state.start is not None:
                    self.set_start(state.start)
                self.set_protocol(state.protocol_id)
            self._update_off_label()
            self._update_dose_lock()

    def _clear_prescription(self) -> None:
        """A new patient: nothing of the last prescription stays (dose, days, products,
        protocol), so the next indication starts from its own defaults, no product chosen."""
        widgets: list[QWidget] = [self.dose, self.days, self.product, self.protocol]
        blocked = [w.blockSignals(True) for w in widgets]
        try:
            self.dose.clear()
            self.days.setSpecialValueText(" ")  # blank, not "0", until an indication
            self.days.setValue(0)
            self._product_model.clear()
            self.product.setCurrentIndex(-1)
            self.protocol.setCurrentIndex(-1)
            self.days.refresh_lock()
            self._update_dose_lock()
        finally:
            for widget, was in zip(widgets, blocked, strict=True):
                widget.blockSignals(was)
        self._update_protocol_hint()
        self._update_off_label()

    def set_start(self, start: datetime) -> None:
        self.start_date.setDate(QDate(start.year, start.month, start.day))
        self.start_time.setTime(QTime(start.hour, start.minute))

    def set_start_time(self, value: time) -> None:
        self.start_time.setTime(QTime(value.hour, value.minute))

    def show_errors(self, errors: dict[str, str], missing: frozenset[str]) -> None:
        targets: tuple[tuple[str, QWidget, FieldMessage], ...] = (
            ("indication", self.indication, self.indication_error),
            ("dose", self.dose, self.dose_error),
            ("days", self.days, self.days_error),
            ("product", self.product, self.product_error),
            ("protocol", self.protocol, self.protocol_error),
            ("start", self.start_date, self.start_error),
        )
        for field, widget, message in targets:
            text = errors.get(field)
            if field == "indication" and text and self.indication.currentText().strip():
                text = (f"'{self.indication.currentText().strip()}' is not an indication in "
                        "the list: pick one from the list")
                is_missing = False
            else:
                is_missing = field in missing
            if field == "product" and "indication" in errors:
                text = None  # no point asking for a product before the indication
            if text is None:
                set_invalid(widget, False)
                message.clear_message()
            elif is_missing:
                set_invalid(widget, False)
                message.show_hint(text[:1].upper() + text[1:])
            else:
                set_invalid(widget, True)
                message.show_error(text[:1].upper() + text[1:])
        set_invalid(self.start_time, "start" in errors)

    def _emit(self, *_args: object) -> None:
        if not self._loading:
            self.changed.emit()


class DaysBox(QSpinBox):
    """The number of days as typed: any 0–99 can be entered, so a number outside the
    indication's range is marked under the field with the engine's message instead of the
    keystroke being silently refused (or a saved 6 being clamped to 5). The arrows stay inside
    the allowed range; a fixed number of days is read-only (not greyed out) while it holds the
    fixed value."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setRange(0, 99)
        self._allowed = (1, 10)
        self.valueChanged.connect(self._update_lock)

    def set_allowed(self, low: int, high: int) -> None:
        self._allowed = (low, high)
        self._update_lock()

    def allowed(self) -> tuple[int, int]:
        return self._allowed

    def refresh_lock(self) -> None:
        """After a value was set with signals blocked."""
        self._update_lock()

    def _update_lock(self, *_args: object) -> None:
        low, high = self._allowed
        fixed = low == high and self.value() == low
        self.setReadOnly(fixed)
        self.setButtonSymbols(
            QSpinBox.ButtonSymbols.NoButtons if fixed else QSpinBox.ButtonSymbols.UpDownArrows
        )
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus if fixed else Qt.FocusPolicy.StrongFocus)

    def stepBy(self, steps: int) -> None:
        low, high = self._allowed
        self.setValue(min(max(self.value() + steps, low), high))

    def stepEnabled(self) -> QSpinBox.StepEnabledFlag:
        low, high = self._allowed
        flags = QSpinBox.StepEnabledFlag.StepNone
        if self.isReadOnly():
            return flags
        if self.value() > low:
            flags |= QSpinBox.StepEnabledFlag.StepDownEnabled
        if self.value() < high:
            flags |= QSpinBox.StepEnabledFlag.StepUpEnabled
        return flags


def _short(text: str, limit: int = 26) -> str:
    """A long name cut at a word with '…' (the whole name is in the hint and tooltip), so a
    narrow box never shows a number cut in half as if it were whole."""
    if len(text) <= limit:
        return text
    cut = text[:limit].rsplit(" ", 1)[0].rstrip(",:;")
    return cut + " …"


def _compact(combo: QComboBox) -> None:
    """Size a combo by a short minimum, not by its longest item (which would make the input
    column push the plan off screen); its popup list is widened to show whole names."""
    combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
    combo.setMinimumContentsLength(18)
    combo.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)


def widen_popup(combo: QComboBox) -> None:
    view = combo.view()
    width = view.sizeHintForColumn(0) + view.verticalScrollBar().sizeHint().width() + 12
    view.setMinimumWidth(max(width, combo.width()))


class _OffLabelNote(QWidget):
    """The visible off-label warning under the product: icon, word and colour."""

    def __init__(self) -> None:
        super().__init__()
        style = tint(self, "off_label", Severity.CAUTION, "border: 1px solid {colour};")
        box = QHBoxLayout(self)
        box.setContentsMargins(6, 4, 6, 4)
        self.icon = QLabel()
        self.icon.setPixmap(severity_pixmap(Severity.CAUTION, 16, self.devicePixelRatioF()))
        self.icon.setAlignment(Qt.AlignmentFlag.AlignTop)
        self.text = QLabel()
        self.text.setWordWrap(True)
        self.text.setStyleSheet(f"color: {style.colour}; font-weight: bold;")
        box.addWidget(self.icon)
        box.addWidget(self.text, 1)
        self.hide()

    def set_text(self, text: str) -> None:
        self.text.setText(text)
