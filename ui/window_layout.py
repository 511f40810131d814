"""How the main window's parts are arranged, and the arrangement remembered between sessions.

The inputs scroll in a column on the left, never narrower than their fields; on the right the
bars, then summary and warnings, the timeline and the day table share a vertical splitter.
The window's geometry, toolbar state and both splitters are kept in the settings.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QByteArray, Qt
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QMainWindow,
    QScrollArea,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from ui.settings import AppSettings


def input_column(*panels: QWidget) -> QScrollArea:
    """The input panels stacked, scrolling vertically, as wide as they need."""
    inputs = QWidget()
    column = QVBoxLayout(inputs)
    for panel in panels:
        column.addWidget(panel)
    column.addStretch(1)
    scroll = QScrollArea()
    scroll.setWidget(inputs)
    scroll.setWidgetResizable(True)
    scroll.setFrameShape(QFrame.Shape.NoFrame)
    scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    scrollbar = scroll.verticalScrollBar().sizeHint().width()
    scroll.setMinimumWidth(inputs.minimumSizeHint().width() + scrollbar + 4)
    return scroll


@dataclass
class Splitters:
    main: QSplitter
    right: QSplitter

    def named(self) -> tuple[tuple[str, QSplitter], ...]:
        return (("main", self.main), ("right", self.right))


def arrange(
    inputs: QScrollArea, bars: tuple[QWidget, ...], summary: QWidget, warnings: QWidget,
    timeline: QWidget, table: QWidget,
) -> Splitters:
    """Inputs | (bars, summary + warnings / timeline / table)."""
    top = QWidget()
    top_row = QHBoxLayout(top)
    top_row.setContentsMargins(0, 0, 0, 0)
    top_row.addWidget(summary, 3)
    warnings_box = QFrame()
    warnings_layout = QVBoxLayout(warnings_box)
    warnings_layout.setContentsMargins(4, 0, 0, 0)
    warnings_layout.addWidget(warnings)
    top_row.addWidget(warnings_box, 2)

    right_splitter = QSplitter(Qt.Orientation.Vertical)
    for widget in (top, timeline, table):
        right_splitter.addWidget(widget)
    right_splitter.setChildrenCollapsible(False)
    for index, stretch in enumerate((4, 3, 3)):
        right_splitter.setStretchFactor(index, stretch)
    right_splitter.setSizes([3800, 3400, 2800])  # proportions; Qt scales them

    right = QWidget()
    right_column = QVBoxLayout(right)
    right_column.setContentsMargins(0, 0, 0, 0)
    for bar in bars:
        right_column.addWidget(bar)
    right_column.addWidget(right_splitter, 1)

    main_splitter = QSplitter(Qt.Orientation.Horizontal)
    main_splitter.addWidget(inputs)
    main_splitter.addWidget(right)
    main_splitter.setStretchFactor(0, 0)
    main_splitter.setStretchFactor(1, 1)
    main_splitter.setChildrenCollapsible(False)
    main_splitter.setSizes([inputs.minimumWidth(), 10_000])
    return Splitters(main_splitter, right_splitter)


def restore_geometry(window: QMainWindow, splitters: Splitters, settings: AppSettings) -> None:
    geometry = settings.geometry()
    if geometry is not None:
        window.restoreGeometry(geometry)
    else:
        window.resize(1440, 900)
    state = settings.window_state()
    if state is not None:
        window.restoreState(state)
    for name, splitter in splitters.named():
        saved = settings.splitter(name)
        if saved is not None:
            splitter.restoreState(saved)


def save_geometry(window: QMainWindow, splitters: Splitters, settings: AppSettings) -> None:
    settings.set_window(QByteArray(window.saveGeometry()), QByteArray(window.saveState()))
    for name, splitter in splitters.named():
        settings.set_splitter(name, QByteArray(splitter.saveState()))
    settings.sync()
