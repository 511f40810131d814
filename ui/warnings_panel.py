"""Every plan warning, STOP first, each with a shape icon, a word and a colour.

Colour alone is not enough (colour-blind users, greyscale printouts, a glance across the
room): each item starts with its icon (octagon / triangle / circle) and its word.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from planner.plan.models import PlanWarning
from ui.document import PlanDocument
from ui.plan_view import SEVERITY_WORD, warning_counts
from ui.severity import severity_pixmap, tint


class WarningItem(QFrame):
    def __init__(self, warning: PlanWarning) -> None:
        super().__init__()
        self.warning = warning
        style = tint(self, "warningItem", warning.severity,
                     "border: 1px solid {colour}; border-left: 5px solid {colour};")
        box = QHBoxLayout(self)
        box.setContentsMargins(6, 5, 8, 5)
        box.setSpacing(8)
        icon = QLabel()
        icon.setPixmap(severity_pixmap(warning.severity, 18, self.devicePixelRatioF()))
        icon.setAlignment(Qt.AlignmentFlag.AlignTop)
        icon.setAccessibleName(SEVERITY_WORD[warning.severity])
        box.addWidget(icon)
        self.text = QLabel()
        self.text.setWordWrap(True)
        self.text.setTextFormat(Qt.TextFormat.RichText)
        self.text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.text.setText(  # the code is for a pharmacist or a support call: in the tooltip
            f"<b style='color:{style.colour}'>{SEVERITY_WORD[warning.severity]}</b><br>"
            f"<span style='color:#111'>{_escape(warning.message)}</span>"
        )
        details = [f"Code: {warning.key}"]
        if warning.source:
            details.append(f"Source: {warning.source}")
        self.text.setToolTip("\n".join(details))
        box.addWidget(self.text, 1)

    def plain_text(self) -> str:
        return f"{SEVERITY_WORD[self.warning.severity]} {self.warning.key}: {self.warning.message}"


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


class WarningsPanel(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        self.title = QLabel("<b>Warnings</b>")
        outer.addWidget(self.title)
        self.scroll_area = QScrollArea()
        self.scroll_area.setObjectName("warnings_scroll")
        self.scroll_area.setFocusPolicy(Qt.FocusPolicy.StrongFocus)  # one Tab stop
        self.scroll_area.setWidgetResizable(True)
        self.scroll_area.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll_area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.body = QWidget()
        self.list = QVBoxLayout(self.body)
        self.list.setContentsMargins(0, 0, 4, 0)
        self.list.setSpacing(4)
        self.list.addStretch(1)
        self.scroll_area.setWidget(self.body)
        outer.addWidget(self.scroll_area, 1)
        self.items: list[WarningItem] = []

    def observe(self, document: PlanDocument) -> None:
        """Show ``document``'s last plan's warnings, hidden while the input is not valid."""

        def show_plan() -> None:
            plan = document.last_plan()
            self.set_warnings(plan.warnings if plan is not None else ())
            self.set_stale(not document.is_current())

        document.planChanged.connect(show_plan)
        document.validityChanged.connect(lambda _valid: self.set_stale(not document.is_current()))

    def set_warnings(self, warnings: tuple[PlanWarning, ...]) -> None:
        for item in self.items:
            self.list.removeWidget(item)
            item.hide()  # gone now, not when the event loop next runs
            item.deleteLater()
        self.items = []
        for index, warning in enumerate(warnings):
            item = WarningItem(warning)
            self.list.insertWidget(index, item)
            self.items.append(item)
        self.title.setText(f"<b>Warnings</b> ({warning_counts(warnings)})")

    def set_stale(self, stale: bool) -> None:
        """Hide the warnings of a plan that no longer matches the input: they name its
        figures (doses, times), and none of them belongs to what is typed now."""
        self.body.setVisible(not stale)
        if stale:
            self.title.setText("<b>Warnings</b> (no plan: the input is not valid)")
        else:
            self.title.setText(
                f"<b>Warnings</b> ({warning_counts(tuple(i.warning for i in self.items))})")

