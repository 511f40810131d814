"""Fonts, paragraph styles, number formats and small drawn markers for the PDF schedule.

Kept apart from the layout so the chart and the document agree on one font, one set of
sizes and one way of printing numbers.
"""

from __future__ import annotations

import functools
import threading
from dataclasses import dataclass
from datetime import date, datetime
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import Flowable

from planner.core.errors import ExportError
from planner.core.formatting import trim
from planner.core.resources import resource_path
from planner.regimen.models import Basis, Severity

FONT = "DejaVuSans"
FONT_BOLD = "DejaVuSans-Bold"

BLACK = colors.black
WHITE = colors.white
GREY_TEXT = colors.Color(0.25, 0.25, 0.25)
GREY_RULE = colors.Color(0.55, 0.55, 0.55)
GREY_FILL = colors.Color(0.88, 0.88, 0.88)
GREY_LIGHT = colors.Color(0.95, 0.95, 0.95)

_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")

_font_lock = threading.Lock()
_fonts_registered = False


def register_fonts() -> None:
    """Register and embed DejaVu Sans once per process: Vera/Helvetica lack ≥ ± × –."""
    global _fonts_registered
    with _font_lock:
        if _fonts_registered:
            return
        try:
            regular = TTFont(FONT, str(resource_path("fonts", "DejaVuSans.ttf")))
            bold = TTFont(FONT_BOLD, str(resource_path("fonts", "DejaVuSans-Bold.ttf")))
        except (OSError, ValueError) as exc:  # a broken install, not the user's fault
            raise ExportError(f"the bundled PDF font cannot be loaded: {exc}") from exc
        pdfmetrics.registerFont(regular)
        pdfmetrics.registerFont(bold)
        pdfmetrics.registerFontFamily(
            FONT, normal=FONT, bold=FONT_BOLD, italic=FONT, boldItalic=FONT_BOLD
        )
        _fonts_registered = True


# ---------------------------------------------------------------- number and date formats


def grams(value: float) -> str:
    """Grams with up to 2 decimals and no float noise: 30.0 → '30', 2.50 → '2.5'."""
    return trim(value, 2)


def ml(value: float) -> str:
    """Volumes always with one decimal so every column lines up: '10.5 mL'."""
    return f"{value:.1f} mL"


def ml_draw(value: float) -> str:
    """A syringe volume (IM): one decimal, two when the plan has two (5.25 mL, not 5.2 mL).

    Rounding 5.25 mL to '5.2 mL' would print a volume the plan does not give.
    """
    tenths = value * 10
    if abs(tenths - round(tenths)) < 1e-6:
        return f"{value:.1f} mL"
    return f"{value:.2f} mL"


def ml_h(value: float) -> str:
    """Pump rates always with one decimal, as programmed on the pump: '42.0 mL/h'."""
    return f"{value:.1f} mL/h"


def long_date(day: date) -> str:
    """'Tue 1 Dec 2026': never ambiguous between day/month orders, locale-independent."""
    return f"{_WEEKDAYS[day.weekday()]} {day.day} {_MONTHS[day.month - 1]} {day.year}"


def stamp(moment: datetime) -> str:
    """Date and time the schedule was generated."""
    return f"{moment:%Y-%m-%d %H:%M}"


def esc(text: str) -> str:
    """Escape free text (regimen messages, names) for reportlab's paragraph markup."""
    return escape(text)


def basis_words(basis: Basis | None) -> str:
    """Where a number comes from, as printed; site policy in capitals so it stands out."""
    if basis is None:
        return ""
    return {
        Basis.LABEL: "label",
        Basis.MAKER: "manufacturer",
        Basis.SEED: "clinical summary",
        Basis.SITE_POLICY: "SITE POLICY",
    }[basis]


def basis_tag(basis: Basis | None) -> str:
    """Paragraph markup for a basis: site policy bold with a ◆ marker, others plain."""
    if basis is None:
        return ""
    if basis is Basis.SITE_POLICY:
        return " <b>[◆&nbsp;SITE&nbsp;POLICY]</b>"
    return f" [{basis_words(basis)}]"


SEVERITY_WORD = {Severity.STOP: "STOP", Severity.CAUTION: "CAUTION", Severity.INFO: "INFO"}


# ---------------------------------------------------------------- paragraph styles


@dataclass(frozen=True)
class Styles:
    """The named paragraph styles of the schedule (sizes chosen for reading at a bedside)."""

    body: ParagraphStyle
    small: ParagraphStyle
    bold: ParagraphStyle
    h1: ParagraphStyle
    h2: ParagraphStyle
    cell: ParagraphStyle
    cell_bold: ParagraphStyle
    cell_center: ParagraphStyle
    cell_right: ParagraphStyle
    cell_small: ParagraphStyle
    head: ParagraphStyle
    head_center: ParagraphStyle
    pump: ParagraphStyle
    banner: ParagraphStyle
    warn_word: ParagraphStyle


@functools.cache
def make_styles() -> Styles:
    """Build the styles once (fonts must already be registered); they are never changed."""
    base = ParagraphStyle("body", fontName=FONT, fontSize=9.5, leading=12.5, alignment=TA_LEFT)

    def derive(name: str, **kw: object) -> ParagraphStyle:
        return ParagraphStyle(name, parent=base, **kw)

    return Styles(
        body=base,
        small=derive("small", fontSize=8, leading=10, textColor=GREY_TEXT),
        bold=derive("bold", fontName=FONT_BOLD),
        h1=derive("h1", fontName=FONT_BOLD, fontSize=13, leading=16, spaceBefore=6,
                  spaceAfter=4),
        h2=derive("h2", fontName=FONT_BOLD, fontSize=12, leading=15, spaceBefore=4,
                  spaceAfter=3),
        cell=derive("cell", fontSize=9, leading=11.5),
        cell_bold=derive("cell_bold", fontName=FONT_BOLD, fontSize=9, leading=11.5),
        cell_center=derive("cell_center", fontSize=9, leading=11.5, alignment=TA_CENTER),
        cell_right=derive("cell_right", fontSize=9, leading=11.5, alignment=TA_RIGHT),
        cell_small=derive("cell_small", fontSize=7.5, leading=9, textColor=GREY_TEXT),
        head=derive("head", fontName=FONT_BOLD, fontSize=8.5, leading=10.5),
        head_center=derive("head_center", fontName=FONT_BOLD, fontSize=8.5, leading=10.5,
                           alignment=TA_CENTER),
        pump=derive("pump", fontName=FONT_BOLD, fontSize=11, leading=13, alignment=TA_RIGHT),
        banner=derive("banner", fontName=FONT_BOLD, fontSize=11, leading=14),
        warn_word=derive("warn_word", fontName=FONT_BOLD, fontSize=9, leading=11.5),
    )


# ---------------------------------------------------------------- drawn markers


class _Square(Flowable):  # type: ignore[misc]  # reportlab is untyped
    """A drawn square symbol of ``size`` points (never a font glyph)."""

    def __init__(self, size: float) -> None:
        super().__init__()
        self.size = size
        self.width = size
        self.height = size

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        return self.size, self.size


class CheckBox(_Square):
    """An empty square to tick: drawn, so it prints the same with any font or printer."""

    def __init__(self, size: float = 9.0) -> None:
        super().__init__(size)

    def draw(self) -> None:
        self.canv.setStrokeColor(BLACK)
        self.canv.setLineWidth(0.8)
        self.canv.rect(0, 0, self.size, self.size, stroke=1, fill=0)


class SeverityIcon(_Square):
    """A shape per severity so the warning reads without colour: octagon, triangle, circle."""

    def __init__(self, severity: Severity, size: float = 12.0) -> None:
        super().__init__(size)
        self.severity = severity

    def draw(self) -> None:
        c = self.canv
        s = self.size
        c.saveState()
        c.setLineWidth(1)
        c.setStrokeColor(BLACK)
        if self.severity is Severity.STOP:
            k = s * 0.29
            path = c.beginPath()
            pts = [(k, 0), (s - k, 0), (s, k), (s, s - k), (s - k, s), (k, s), (0, s - k),
                   (0, k)]
            path.moveTo(*pts[0])
            for x, y in pts[1:]:
                path.lineTo(x, y)
            path.close()
            c.setFillColor(BLACK)
            c.drawPath(path, stroke=1, fill=1)
            c.setFillColor(WHITE)
            c.rect(s * 0.2, s * 0.4, s * 0.6, s * 0.2, stroke=0, fill=1)
        elif self.severity is Severity.CAUTION:
            path = c.beginPath()
            path.moveTo(0, 0)
            path.lineTo(s, 0)
            path.lineTo(s / 2, s)
            path.close()
            c.setFillColor(GREY_FILL)
            c.drawPath(path, stroke=1, fill=1)
            c.setFillColor(BLACK)
            c.setFont(FONT_BOLD, s * 0.62)
            c.drawCentredString(s / 2, s * 0.1, "!")
        else:
            c.setFillColor(WHITE)
            c.circle(s / 2, s / 2, s / 2 - 0.5, stroke=1, fill=1)
            c.setFillColor(BLACK)
            c.setFont(FONT_BOLD, s * 0.62)
            c.drawCentredString(s / 2, s * 0.28, "i")
        c.restoreState()
