"""The read-only Regimen window: what is in force and why ("why is this the rate?").

Products with concentration and vials (stocked ones marked), their labeled indications with
the label's figures beside the site's choices, site protocols and site policies, each with
its basis and source. Everything shown comes from planner.regimen.show.regimen_view: the
window only lays it out and filters it.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import (
    QDialog,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from planner.regimen.loading import LoadedRegimen
from planner.regimen.show import Figure, ProductView, RegimenView, regimen_view
from ui.bedside import close_row
from ui.fields import named

COLUMNS = ("Item", "Value", "Basis", "Source")
SITE_TINT = QColor("#e8f0fe")  # site choices stand apart from label facts
NOT_STOCKED = QColor("#8a4b00")


class RegimenWindow(QDialog):
    """Non-modal, searchable tree of the regimen in force."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Regimen in force")
        self.setModal(False)
        self.setWindowModality(Qt.WindowModality.NonModal)
        self.resize(1100, 700)
        layout = QVBoxLayout(self)
        self.heading = named(QLabel(), "regimen_heading")
        self.heading.setWordWrap(True)
        self.heading.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.heading)
        self.search = named(QLineEdit(), "regimen_search")
        self.search.setPlaceholderText("Search products, indications, figures, sources… "
                                       "(e.g. privigen, max, site-policy)")
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self.filter)
        layout.addWidget(self.search)
        self.tree = named(QTreeWidget(), "regimen_tree")
        self.tree.setColumnCount(len(COLUMNS))
        self.tree.setHeaderLabels(list(COLUMNS))
        self.tree.setAlternatingRowColors(True)
        self.tree.setWordWrap(True)
        header = self.tree.header()
        header.setStretchLastSection(True)
        for column, width in ((0, 300), (1, 330), (2, 90)):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
            self.tree.setColumnWidth(column, width)
        layout.addWidget(self.tree, 1)
        self.legend = QLabel("Shaded rows are the site's choices (site file or bundled site "
                             "policy); the rest are label facts. Read-only: the pharmacy "
                             "changes its site file, reviewed with 'regimen check/diff'.")
        self.legend.setWordWrap(True)
        layout.addWidget(self.legend)
        layout.addLayout(close_row(self))
        self.view: RegimenView | None = None

    def set_loaded(self, loaded: LoadedRegimen) -> None:
        """Show what ``loaded`` puts in force (call again after the files change)."""
        self.view = view = regimen_view(loaded)
        where = "bundled" if view.label_bundled else view.label_path
        site = view.site
        self.heading.setText(
            f"<b>Label data</b> {view.label_version} ({where}) · SHA-256 "
            f"{view.label_sha256[:12]}<br><b>Site file</b> "
            + ("none — bundled site choices" if site is None else
               f"{site['file']}: {site['site']}, version {site['version']} · SHA-256 "
               f"{site['sha256'][:12]}")
        )
        self.tree.clear()
        products = self._section("Products", f"{len(view.products)}")
        for product in view.products:
            self._product(products, product)
        protocols = self._section("Site protocols", f"{len(view.site_protocols)}")
        for protocol in view.site_protocols:
            owner = "site file" if protocol.own else "bundled"
            node = self._row(protocol.id, protocol.name, f"site ({owner})", "", protocols,
                             site=True)
            for figure in protocol.figures:
                self._figure(node, figure)
        policies = self._section("Site policies", f"{len(view.policies)}")
        for figure in view.policies:
            self._figure(policies, figure)
        products.setExpanded(True)
        self.filter(self.search.text())

    def _section(self, title: str, value: str) -> QTreeWidgetItem:
        item = QTreeWidgetItem(self.tree, [title, value])
        bold = QFont(item.font(0))
        bold.setBold(True)
        item.setFont(0, bold)
        return item

    def _product(self, parent: QTreeWidgetItem, product: ProductView) -> None:
        stock = "stocked" if product.stocked else "NOT STOCKED HERE"
        node = self._row(f"{product.brand} ({product.id})",
                         f"{product.concentration.value} · {product.route.upper()} · {stock}"
                         + ("" if product.verified else " · recalled facts, check label"),
                         "label", product.manufacturer, parent)
        if not product.stocked:
            node.setForeground(1, QBrush(NOT_STOCKED))
        self._figure(node, product.concentration)
        for vial in product.vials:
            stocked = "✓ stocked here" if vial.stocked else "not stocked here"
            row = self._row(f"vial {vial.grams:g} g", f"{vial.grams:g} g / {vial.ml:g} mL · "
                            f"{stocked}", "label", product.concentration.source, node)
            if not vial.stocked:
                row.setForeground(1, QBrush(NOT_STOCKED))
        for indication in product.indications:
            label = "" if indication.labeled else " — no label protocol (off-label)"
            child = self._row(f"{product.id} · {indication.id}", indication.name + label, "",
                              "", node)
            for figure in indication.label:
                self._figure(child, figure)
            for figure in indication.site:
                self._figure(child, figure, site=True)

    def _figure(self, parent: QTreeWidgetItem, figure: Figure, site: bool = False) -> None:
        self._row(figure.name, figure.value, figure.basis, figure.source, parent,
                  site=site or figure.basis == "site-policy")

    def _row(self, name: str, value: str, basis: str, source: str, parent: QTreeWidgetItem,
             site: bool = False) -> QTreeWidgetItem:
        item = QTreeWidgetItem(parent, [name, value, basis, source])
        for column in range(len(COLUMNS)):
            item.setToolTip(column, item.text(column))
        if site:
            for column in range(len(COLUMNS)):
                item.setBackground(column, QBrush(SITE_TINT))
        return item

    def filter(self, text: str) -> None:
        """Show rows where every word of ``text`` is in the row or the rows above it (so
        "privigen max" finds Privigen's maximum rates), with their parents and children."""
        words = text.casefold().split()
        for item in self._top_items():
            self._filter(item, words, "", shown_by_parent=False)

    def _filter(
        self, item: QTreeWidgetItem, words: list[str], above: str, shown_by_parent: bool
    ) -> bool:
        path = above + " " + " ".join(item.text(c) for c in range(len(COLUMNS))).casefold()
        matches = bool(words) and all(w in path for w in words)
        any_child = False
        for child in _children(item):
            any_child |= self._filter(child, words, path, shown_by_parent or matches)
        visible = not words or matches or any_child or shown_by_parent
        item.setHidden(not visible)
        if words and any_child:
            item.setExpanded(True)
        return matches or any_child

    def visible_texts(self) -> list[str]:
        """The first column of every visible row, depth first (for tests and screen readers)."""
        found: list[str] = []

        def walk(item: QTreeWidgetItem) -> None:
            if item.isHidden():
                return
            found.append(item.text(0))
            for child in _children(item):
                walk(child)

        for item in self._top_items():
            walk(item)
        return found

    def _top_items(self) -> list[QTreeWidgetItem]:
        items = (self.tree.topLevelItem(i) for i in range(self.tree.topLevelItemCount()))
        return [item for item in items if item is not None]


def _children(item: QTreeWidgetItem) -> list[QTreeWidgetItem]:
    children = (item.child(i) for i in range(item.childCount()))
    return [child for child in children if child is not None]
