"""Cheap text for the PDF schedule: pre-wrapped plain strings and a light multi-font block.

reportlab's Paragraph parses markup and re-breaks its lines on every wrap; most cells of the
schedule are a clock time, a number or one sentence, and a Table draws a plain string in a
fraction of that time. What a plain cell cannot do is wrap, so every text that may be longer
than its column goes through :func:`fit` first: a string that overflowed its cell would print
over the next column, and a nurse could read a lot number or a reason that is not there.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from reportlab.lib.colors import Color
from reportlab.pdfbase.pdfmetrics import getFont
from reportlab.platypus import Flowable, Table, TableStyle

from planner.regimen.models import Severity
from planner.report.pdf.styles import (
    BLACK,
    FONT,
    FONT_BOLD,
    GREY_FILL,
    GREY_LIGHT,
    GREY_RULE,
    WHITE,
    SeverityIcon,
)

_ASCENT = 0.93  # DejaVu Sans ascent per point of size: the first baseline sits this far down
LEADING = 1.25  # line height per point of size, as the paragraph styles use


class _CharWidths(dict[str, float]):
    """Advance width per character of one font, per point of size, filled as characters
    are met: font metrics (what reportlab's own stringWidth reads), not a cache of results."""

    def __init__(self, font: str) -> None:
        super().__init__()
        face = getFont(font).face
        self._widths: dict[int, float] = face.charWidths
        self._default: float = face.defaultWidth

    def __missing__(self, char: str) -> float:
        width = self._widths.get(ord(char), self._default) * 0.001
        self[char] = width
        return width


_FONT_WIDTHS: dict[str, _CharWidths] = {}


def text_width(text: str, font: str, size: float) -> float:
    """Same result as reportlab's stringWidth for the embedded TrueType fonts, without its
    per-character generator (measuring is a third of the layout time without rl_accel)."""
    table = _FONT_WIDTHS.get(font)
    if table is None:
        table = _FONT_WIDTHS[font] = _CharWidths(font)
    return sum(map(table.__getitem__, text)) * size


def split_lines(text: str, font: str, size: float, width: float) -> list[str]:
    """Greedy word wrap at ``width`` points; a word longer than a line is cut by characters.

    Explicit newlines are kept. Never returns a line wider than ``width`` unless a single
    character is (a column that narrow is a layout bug, not something to hide).
    """
    out: list[str] = []
    for para in text.split("\n"):
        if text_width(para, font, size) <= width:
            out.append(para)
            continue
        line = ""
        for word in para.split(" "):
            candidate = f"{line} {word}" if line else word
            if text_width(candidate, font, size) <= width:
                line = candidate
                continue
            if line:
                out.append(line)
            line = ""
            while text_width(word, font, size) > width and len(word) > 1:
                cut = len(word) - 1
                while cut > 1 and text_width(word[:cut], font, size) > width:
                    cut -= 1
                out.append(word[:cut])
                word = word[cut:]
            line = word
        out.append(line)
    return out


def fit(text: str, font: str, size: float, width: float) -> str:
    """``text`` with newlines where it must wrap to stay inside ``width`` points."""
    return "\n".join(split_lines(text, font, size, width))


@dataclass(frozen=True)
class Run:
    """One piece of text in one font: a Lines block stacks runs, each starting a new line."""

    text: str
    font: str = FONT
    size: float = 9.0
    color: Color = BLACK
    leading: float | None = None  # line height; LEADING × size when None


class Lines(Flowable):  # type: ignore[misc]  # reportlab is untyped
    """Runs of plain text stacked top to bottom, wrapped to the width it is given.

    A cell or a heading needing two fonts (a bold value under a small label) costs a few
    width look-ups here instead of a markup parse and a line-breaking pass per wrap.
    The wrap is cached per width, so a table measured twice is measured once.
    """

    def __init__(
        self, runs: Sequence[Run], align: str = "left", space_before: float = 0,
        space_after: float = 0, keep_with_next: bool = False,
    ) -> None:
        super().__init__()
        self._runs = tuple(runs)
        self._align = align
        self.spaceBefore = space_before
        self.spaceAfter = space_after
        self.keepWithNext = keep_with_next
        self._laid: list[tuple[str, Run, float]] = []
        self._for_width = -1.0
        self.width = 0.0
        self.height = 0.0

    @property
    def text(self) -> str:
        return "\n".join(r.text for r in self._runs)

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        if avail_width != self._for_width:
            laid: list[tuple[str, Run, float]] = []
            for run in self._runs:
                leading = run.leading if run.leading is not None else run.size * LEADING
                for line in split_lines(run.text, run.font, run.size, avail_width):
                    laid.append((line, run, leading))
            self._laid = laid
            self._for_width = avail_width
            self.height = sum(leading for _, _, leading in laid)
        self.width = avail_width
        return self.width, self.height

    def draw(self) -> None:
        c: Any = self.canv
        top = self.height
        color: Color | None = None
        for line, run, leading in self._laid:
            baseline = top - (leading - run.size) / 2 - _ASCENT * run.size
            top -= leading
            if not line:
                continue
            if color != run.color:
                c.setFillColor(run.color)
                color = run.color
            if self._align == "center":
                x = (self.width - text_width(line, run.font, run.size)) / 2
            elif self._align == "right":
                x = self.width - text_width(line, run.font, run.size)
            else:
                x = 0.0
            put_text(c, x, baseline, line, run.font, run.size)


def lines(
    *runs: Run | tuple[str, str, float], align: str = "left", space_before: float = 0,
    space_after: float = 0, keep_with_next: bool = False,
) -> Lines:
    """Shorthand: ``lines(("Dose", FONT, 8), ("30 g", FONT_BOLD, 11))``."""
    made = [r if isinstance(r, Run) else Run(r[0], r[1], r[2]) for r in runs]
    return Lines(made, align, space_before, space_after, keep_with_next=keep_with_next)


def grid(extra: Sequence[tuple[Any, ...]] = (), head: bool = True, top: int = 0) -> TableStyle:
    """Thin grey grid, middle-aligned cells, bold shaded header row: the look of every table.

    ``top`` rows above the grid are left bare (a title that travels with its table).
    """
    return TableStyle([
        ("FONT", (0, 0), (-1, -1), FONT, 9, 11.5),
        ("GRID", (0, top), (-1, -1), 0.5, GREY_RULE),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("LEFTPADDING", (0, 0), (-1, -1), 3),
        ("RIGHTPADDING", (0, 0), (-1, -1), 3),
        ("TOPPADDING", (0, 0), (-1, -1), 2.5),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
        *([("BACKGROUND", (0, top), (-1, top), GREY_FILL),
           ("FONT", (0, top), (-1, top), FONT_BOLD, 8.5, 10.5)] if head else []),
        *extra,
    ])


def _num(value: float) -> str:
    """A PDF number: two decimals (1/100 pt), no trailing zeros."""
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def put_text(canv: Any, x: float, y: float, text: str, font: str, size: float) -> None:
    """Draw one line of text at (x, y) in an embedded TrueType font, in the current fill colour.

    What canvas.drawString writes for such a font (a text object, the font subset, the
    escaped bytes), without the text-object machinery around it that measures the string,
    tracks a cursor and formats every number twice: a schedule draws a thousand strings.
    """
    face = getFont(font)
    doc = canv._doc
    escape = canv._escape
    size_s = _num(size)
    parts = [f"BT 1 0 0 1 {_num(x)} {_num(y)} Tm"]
    for subset, chunk in face.splitString(text, doc):
        parts.append(f"{face.getSubsetInternalName(subset, doc)} {size_s} Tf ({escape(chunk)}) Tj")
    parts.append("ET")
    canv._code.append(" ".join(parts))


class _Table(Table):  # type: ignore[misc]  # reportlab is untyped
    """A Table that draws its plain-string cells with :func:`put_text` and skips blank ones.

    An empty string is still a text object per cell in reportlab, and a schedule is mostly
    boxes left blank to write in. Flowables and anything unusual (links, decimal alignment,
    right-to-left) go through reportlab's own cell drawing.
    """

    _fill: Any = None

    def _drawCell(self, cellval: Any, cellstyle: Any, pos: Any, size: Any) -> None:
        if cellval == "" or cellval is None:
            return
        just = cellstyle.alignment
        if (not isinstance(cellval, str) or cellstyle.href or cellstyle.destination
                or cellstyle.direction or cellstyle.shaping
                or just not in ("LEFT", "RIGHT", "CENTER", "CENTRE")):
            self._curcellstyle = None  # our strings changed the canvas: let it set all again
            self._fill = None
            super()._drawCell(cellval, cellstyle, pos, size)
            return
        canv = self.canv
        if self._fill is None or self._fill != cellstyle.color:
            canv.setFillColor(cellstyle.color)
            self._fill = cellstyle.color
            self._curcellstyle = None
        colpos, rowpos = pos
        colwidth, rowheight = size
        font, fontsize, leading = cellstyle.fontname, cellstyle.fontsize, cellstyle.leading
        vals = cellval.split("\n")
        valign = cellstyle.valign
        if valign == "BOTTOM":
            y = rowpos + cellstyle.bottomPadding + len(vals) * leading - fontsize
        elif valign == "TOP":
            y = rowpos + rowheight - cellstyle.topPadding - fontsize
        else:  # MIDDLE, as reportlab computes it
            y = rowpos + (cellstyle.bottomPadding + rowheight - cellstyle.topPadding
                          + len(vals) * leading) / 2.0 - fontsize
        for line in vals:
            if line:
                if just == "LEFT":
                    x = colpos + cellstyle.leftPadding
                elif just == "RIGHT":
                    x = colpos + colwidth - cellstyle.rightPadding - text_width(line, font,
                                                                                 fontsize)
                else:
                    x = colpos + (colwidth + cellstyle.leftPadding - cellstyle.rightPadding
                                  - text_width(line, font, fontsize)) / 2.0
                put_text(canv, x, y, line, font, fontsize)
            y -= leading


def table(rows: list[list[Any]], widths: Sequence[float], style: TableStyle,
          heights: Sequence[float | None] | None = None, repeat: int = 0) -> Table:
    """A Table with fixed column widths (never measured from content) and its style.

    Every plain-string cell is then re-wrapped, in its own cell's font, to its column (or
    spanned columns): a string wider than its cell would be drawn over its neighbour.
    """
    made = _Table(rows, colWidths=list(widths), rowHeights=heights, repeatRows=repeat)
    made.setStyle(style)
    _wrap_strings(made, widths)
    return made


def _wrap_strings(made: Table, widths: Sequence[float]) -> None:
    spans: dict[tuple[int, int], float] = {}
    hidden: set[tuple[int, int]] = set()
    n_rows = len(made._cellvalues)
    n_cols = len(widths)
    for cmd in made._spanCmds:
        (c0, r0), (c1, r1) = cmd[1], cmd[2]
        c0, c1 = c0 % n_cols, c1 % n_cols
        r0, r1 = r0 % n_rows, r1 % n_rows
        spans[(c0, r0)] = sum(widths[c0:c1 + 1])
        hidden |= {(c, r) for c in range(c0, c1 + 1) for r in range(r0, r1 + 1)} - {(c0, r0)}
    for r, (values, styles) in enumerate(zip(made._cellvalues, made._cellStyles, strict=True)):
        for c, value in enumerate(values):
            if not isinstance(value, str) or not value or (c, r) in hidden:
                continue
            cell = styles[c]
            room = spans.get((c, r), widths[c]) - cell.leftPadding - cell.rightPadding
            wrapped = fit(value, cell.fontname, cell.fontsize, room)
            if wrapped != value:
                values[c] = wrapped


def banner(severity: Severity, texts: Sequence[str], width: float, inverse: bool = False,
           size: float = 11) -> Flowable:
    """A boxed band with the severity's shape: black with white text for STOP."""
    color = WHITE if inverse else BLACK
    runs = [Run(t, FONT_BOLD, size if i == 0 else size - 1.5, color)
            for i, t in enumerate(texts)]
    made = table([[SeverityIcon(severity, 16), Lines(runs)]], [26, width - 26], TableStyle([
        ("BOX", (0, 0), (-1, -1), 2, BLACK),
        ("BACKGROUND", (0, 0), (-1, -1), BLACK if inverse else GREY_LIGHT),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("LEFTPADDING", (0, 0), (-1, -1), 5),
        ("RIGHTPADDING", (0, 0), (-1, -1), 5),
        ("TOPPADDING", (0, 0), (-1, -1), 5),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 6),
        # a white square behind the icon so the black octagon shows on the black band
        *([("BACKGROUND", (0, 0), (0, 0), WHITE)] if inverse else []),
    ]))
    return made
