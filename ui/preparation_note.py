"""The label's preparation and administration facts for the chosen product, read-only, shown
with the product (the same fields the PDF prints beside each day's vials)."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QWidget

from planner.regimen.models import NOT_STATED, Product


def preparation_summary(product: Product | None) -> str:
    """One line of what the label states (e.g. 'Dilution: Do not dilute · Filter: …')."""
    if product is None or product.preparation is None:
        return ""
    stated = [f"{h}: {t}" for h, t in product.preparation.rows() if t != NOT_STATED]
    return "Preparation — " + " · ".join(stated) if stated else "Preparation: " + NOT_STATED


def preparation_tooltip(product: Product) -> str:
    """Every field, including those the label leaves unsaid, and where they were read."""
    assert product.preparation is not None
    rows = "".join(f"<tr><td><b>{escape(h)}</b></td><td>{escape(t)}</td></tr>"
                   for h, t in product.preparation.rows())
    return (f"<b>{escape(product.brand)}: preparation (product label)</b><table>{rows}</table>"
            f"<i>Source: {escape(product.preparation.source)}</i>")


class PreparationNote(QLabel):
    """Small grey text under the product; the full table in its tooltip."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("preparation_note")
        self.setWordWrap(True)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setStyleSheet("color: palette(placeholder-text);")
        self.setAccessibleName("Preparation from the product label")
        self.hide()

    def show_product(self, product: Product | None) -> None:
        text = preparation_summary(product)
        self.setText(text)
        self.setToolTip(preparation_tooltip(product) if text and product else "")
        self.setVisible(bool(text))
