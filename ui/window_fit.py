"""Keep a window within the screen it opens on (a 1440×900 default put the warnings, the
status bar and the step table off a 1024×768 screen)."""

from __future__ import annotations

from PySide6.QtCore import QRect, QSize
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QWidget


def available(widget: QWidget) -> QRect:
    """The screen area free of task bars, in logical pixels (scaling applied)."""
    screen = widget.screen() or QGuiApplication.primaryScreen()
    return screen.availableGeometry()


def fit_minimum(widget: QWidget, wanted: QSize) -> None:
    """A minimum size no larger than the available screen."""
    area = available(widget)
    widget.setMinimumSize(min(wanted.width(), area.width()), min(wanted.height(), area.height()))


def fit_to_screen(widget: QWidget) -> None:
    """Shrink and move the window so all of it is on the available screen (frame included)."""
    area = available(widget)
    frame = widget.frameGeometry().size() - widget.size()
    width = min(widget.width(), area.width() - frame.width())
    height = min(widget.height(), area.height() - frame.height())
    if (width, height) != (widget.width(), widget.height()):
        widget.resize(max(width, 1), max(height, 1))
    geometry = widget.frameGeometry()
    left = min(max(geometry.left(), area.left()), area.right() - geometry.width() + 1)
    top = min(max(geometry.top(), area.top()), area.bottom() - geometry.height() + 1)
    if (left, top) != (geometry.left(), geometry.top()):
        widget.move(left, top)


def share_height(
    total: int, minimums: list[int], wants: list[int], weights: list[int]
) -> list[int]:
    """Split ``total`` between panes: each gets its minimum, then what it ``wants`` on top
    (in order, while there is room), then whatever is left in proportion to ``weights``.
    So on a small screen the panes that need a few more rows to be usable get them first."""
    sizes = list(minimums)
    left = total - sum(sizes)
    for index, want in enumerate(wants):
        extra = max(min(want, left), 0)
        sizes[index] += extra
        left -= extra
    if left > 0:
        weight_sum = sum(weights) or 1
        shares = [left * w // weight_sum for w in weights]
        shares[0] += left - sum(shares)
        sizes = [s + e for s, e in zip(sizes, shares, strict=True)]
    return sizes
