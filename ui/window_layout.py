"""How the main window's parts are arranged, and the arrangement remembered between sessions.

The inputs scroll in a column on the left, never narrower than their fields; on the right the
bars, then summary and warnings, the timeline and the day table share a vertical splitter.
:mod:`ui.window_memory` keeps the window's geometry, toolbar state and both splitters.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, QSignalBlocker, Qt, QTimer
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QScrollArea,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from ui.window_fit import share_height

if TYPE_CHECKING:
    from ui.result_panel import ResultPanel


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


def tab_order(inputs: QScrollArea, chain: list[QWidget]) -> None:
    """Tab walks ``chain``: the form field by field, then one stop per panel of the plan (the
    scrolling column itself is not a stop)."""
    inputs.setFocusPolicy(Qt.FocusPolicy.NoFocus)
    for first, second in itertools.pairwise(chain):
        QWidget.setTabOrder(first, second)


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
    for index, stretch in enumerate((4, 2, 4)):
        right_splitter.setStretchFactor(index, stretch)
    right_splitter.setSizes([3600, 1800, 4600])  # proportions; Qt scales them

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


def pane_wants(result: ResultPanel) -> list[int]:
    """What the result, timeline and step table need beyond their minimum to be usable:
    a few result rows, two-line timeline lanes, a few step rows."""
    line = result.summary.fontMetrics().lineSpacing()
    row = result.table.verticalHeader().defaultSectionSize()
    timeline = result.timeline
    lanes = max(timeline.sizeHint().height() // 2 - timeline.minimumSizeHint().height(), 0)
    return [4 * line, lanes, 2 * row]


class PaneBalancer(QObject):
    """Shares a vertical splitter's height by need until the nurse moves it herself: each
    pane its minimum, then in ``order`` what it ``wants`` (a few more rows), then the rest in
    proportion to ``weights`` — so on a small screen every pane stays usable."""

    def __init__(
        self, splitter: QSplitter, wants: Callable[[], list[int]], order: list[int],
        weights: list[int],
    ) -> None:
        super().__init__(splitter)
        self._splitter = splitter
        self._wants = wants
        self._order = order
        self._weights = weights
        self.user_set = False  # the nurse moved it: keep her sizes
        self._timer = QTimer(self)  # after the splitter's own resize handling, once
        self._timer.setSingleShot(True)
        self._timer.setInterval(0)
        self._timer.timeout.connect(self.balance)
        splitter.splitterMoved.connect(self._moved)
        splitter.installEventFilter(self)

    def _moved(self, *_args: object) -> None:
        self.user_set = True

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self._splitter and event.type() == QEvent.Type.Resize \
                and not self.user_set:
            self._timer.start()
        return False

    def balance(self) -> None:
        if self.user_set:
            return
        splitter = self._splitter
        panes = [w for w in (splitter.widget(i) for i in range(splitter.count()))
                 if w is not None]
        if len(panes) != len(self._order):
            return
        minimums = [max(p.minimumSizeHint().height(), p.minimumHeight()) for p in panes]
        wants = self._wants()
        total = splitter.height() - splitter.handleWidth() * (len(panes) - 1)
        shared = share_height(total, [minimums[i] for i in self._order],
                              [wants[i] for i in self._order],
                              [self._weights[i] for i in self._order])
        sizes = [0] * len(panes)
        for index, size in zip(self._order, shared, strict=True):
            sizes[index] = size
        with QSignalBlocker(splitter):
            splitter.setSizes(sizes)
