"""The printable IVIG administration schedule (reportlab, no Qt).

Reads a finished :class:`~planner.plan.models.Plan` and lays it out for the nurse: the
prescription and its warnings, one block per day with vials, bag and the rate-step table to
tick off, a pump-rate timeline, signature lines and the sources. It never computes a dose or
a rate; every number printed comes from the plan.
"""

from __future__ import annotations

import contextlib
import errno
import glob
import io
import os
import stat
import tempfile
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from reportlab import rl_config
from reportlab.lib.pagesizes import A4, LETTER
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    CondPageBreak,
    Flowable,
    KeepTogether,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
)
from reportlab.platypus.doctemplate import LayoutError

from planner.bedside.replan import ReplannedDay
from planner.core.errors import ExportError
from planner.core.formatting import trim
from planner.core.units import RateUnit
from planner.plan.age_rules import years
from planner.plan.models import DayPlan, Plan, ProtocolUsed
from planner.plan.second_check import SecondCheckRecord
from planner.regimen.models import Basis, DoseBasis, Route, Severity
from planner.report.paper import Paper
from planner.report.pdf.actual import actual_record
from planner.report.pdf.bedside import (
    check_status,
    checklist,
    day_check_banner,
    heading,
    reaction_plan,
    second_check,
)
from planner.report.pdf.cells import Lines, Run, banner, grid, lines, put_text, table, text_width
from planner.report.pdf.chart import rate_chart
from planner.report.pdf.days import day_block, preparation_box
from planner.report.pdf.glyphs import check_printable
from planner.report.pdf.patient_line import HOOK_W, PatientBlock, layout
from planner.report.pdf.styles import (
    BLACK,
    FONT,
    FONT_BOLD,
    GREY_FILL,
    GREY_LIGHT,
    GREY_TEXT,
    SEVERITY_WORD,
    WHITE,
    SeverityIcon,
    Styles,
    basis_tag,
    esc,
    grams,
    long_date,
    make_styles,
    ml,
    ml_h,
    register_fonts,
    stamp,
)

TITLE = "IVIG administration schedule"
DISCLAIMER = (
    "Check every number against the prescription and the product label before administration."
)
_PAGE_SIZES: dict[str, tuple[float, float]] = {Paper.A4: A4, Paper.LETTER: LETTER}
_SIDE = 14 * mm
_TOP = 30 * mm  # the header lives in the top margin (taller by a wrapped patient line)
_BOTTOM = 14 * mm
_BUILD_LOCK = threading.Lock()


# ---------------------------------------------------------------- public API


def render_pdf_bytes(
    plan: Plan, paper: Paper = Paper.A4, generated_at: datetime | None = None,
    second_check: SecondCheckRecord | None = None, recorded: Sequence[ReplannedDay] = (),
) -> bytes:
    """The schedule as PDF bytes (the GUI previews these; :func:`export_pdf` writes them).

    ``second_check`` is the independent second check, if one was done: matched, or every
    difference listed; None prints it as not recorded, with lines for the second nurse.
    ``recorded`` are the days re-planned from bedside events: those with events get the
    actual administration record after the schedule; with none the PDF is as before.
    """
    if paper not in _PAGE_SIZES:
        raise ExportError(f"paper size must be A4 or Letter, not {paper!r}")
    register_fonts()
    check_printable(plan, second_check, recorded)  # never a name printed as empty boxes
    when = generated_at if generated_at is not None else datetime.now()
    pagesize = _PAGE_SIZES[paper]
    header = _Header.of(plan, when, second_check, pagesize[0] - 2 * _SIDE)
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(  # the body starts below the header on every page, however tall
        buffer, pagesize=pagesize, leftMargin=_SIDE, rightMargin=_SIDE,
        topMargin=_TOP + header.patient.extra_height,
        bottomMargin=_BOTTOM, title=TITLE, author="Infusion Planner",
        subject=f"{plan.indication_name} — {plan.product_name}", creator="Infusion Planner",
        initialFontName=FONT, initialFontSize=9,  # else every page lists Helvetica
    )
    story = _Story(plan, make_styles(), doc.width, second_check).build()
    record = actual_record(recorded, doc.width)
    if record:
        at = next(i for i, f in enumerate(story) if getattr(f, "_bedside_anchor", False))
        story[at:at] = record
    with _BUILD_LOCK:  # reportlab's settings are process-wide: one build at a time
        saved = rl_config.useA85
        rl_config.useA85 = 0  # plain Flate streams: ASCII85 only makes a binary file bigger
        try:
            doc.build(story, canvasmaker=_canvas_maker(header))
        except LayoutError as exc:  # content that cannot fit a page: say so, no traceback
            raise ExportError(
                f"the schedule could not be laid out on {paper} paper: {exc}") from exc
        finally:
            rl_config.useA85 = saved
    return buffer.getvalue()


def export_pdf(
    plan: Plan, path: str | Path, paper: Paper = Paper.A4, generated_at: datetime | None = None,
    second_check: SecondCheckRecord | None = None, recorded: Sequence[ReplannedDay] = (),
) -> Path:
    """Write the schedule to ``path`` atomically: the file is complete or not there at all."""
    target = Path(path)
    data = render_pdf_bytes(plan, paper, generated_at, second_check, recorded)
    _atomic_write(target, data)
    return target


# ---------------------------------------------------------------- atomic writing


def _reason(exc: OSError) -> str:
    """A sentence a nurse can act on, for the errors a save can meet."""
    code = exc.errno
    if code in (errno.ENOSPC, getattr(errno, "EDQUOT", -1)):
        return "the disk is full"
    if code in (errno.EACCES, errno.EPERM) or isinstance(exc, PermissionError):
        return "no permission to write there"
    if code == errno.EROFS:
        return "the disk is read-only"
    if code == errno.ENOENT:
        return "the folder does not exist"
    if code == errno.EISDIR:
        return "the name is a folder"
    if code == errno.ENAMETOOLONG:
        return "the file name is too long for the file system"
    return exc.strerror or str(exc)


def _atomic_write(target: Path, data: bytes) -> None:
    """Temp file in the same folder, flush + fsync, then os.replace over the target.

    Only where the target is absent or a regular file: a device, pipe or socket (/dev/full,
    /dev/stdout) is never replaced, even by root. Hidden ``.part`` files an interrupted
    write left beside the target are removed first."""
    folder = target.parent
    try:
        mode = os.stat(target).st_mode
    except FileNotFoundError:
        mode = None
    except OSError as exc:
        raise ExportError(
            f"cannot save the schedule as {target}: {_reason(exc)}; nothing was written"
        ) from exc
    if mode is not None and stat.S_ISDIR(mode):
        raise ExportError(f"cannot save the schedule as {target}: that is a folder")
    if mode is not None and not stat.S_ISREG(mode):
        raise ExportError(
            f"cannot save the schedule as {target}: it is not a regular file (a device, pipe "
            "or socket); nothing was written"
        )
    if not folder.is_dir():
        raise ExportError(
            f"cannot save the schedule as {target}: the folder {folder} does not exist"
        )
    remove_leftover_parts(target)
    try:
        fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=folder)
    except OSError as exc:
        raise ExportError(
            f"cannot save the schedule as {target}: {_reason(exc)}; nothing was written"
        ) from exc
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp_name, 0o644)  # mkstemp makes 0600; a schedule is meant to be shared
        os.replace(tmp_name, target)
    except BaseException as exc:
        with contextlib.suppress(OSError):
            os.unlink(tmp_name)
        if isinstance(exc, OSError):
            raise ExportError(
                f"cannot save the schedule as {target}: {_reason(exc)}; nothing was written"
            ) from exc
        raise
    _fsync_folder(folder)


def remove_leftover_parts(target: Path) -> None:
    """Remove the hidden ``.NAME.*.part`` files an interrupted write of ``target`` left."""
    with contextlib.suppress(OSError):
        for leftover in target.parent.glob(f".{glob.escape(target.name)}.*.part"):
            with contextlib.suppress(OSError):
                if leftover.is_file() and not leftover.is_symlink():
                    leftover.unlink()


def _fsync_folder(folder: Path) -> None:
    """Make the rename itself durable where the OS allows it (not on Windows)."""
    if os.name != "posix":
        return
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


# ---------------------------------------------------------------- page header


@dataclass(frozen=True)
class _Header:
    """What every page repeats, so a loose page still names patient, course and file."""

    patient: PatientBlock  # laid out once: the same height on every page
    course: str
    regimen: str
    generated: str
    check: str
    check_failed: bool

    @classmethod
    def of(
        cls, plan: Plan, when: datetime, record: SecondCheckRecord | None, width: float
    ) -> _Header:
        ref = plan.regimen_file
        where = "bundled" if ref.bundled else "REPLACEMENT FILE"
        return cls(
            patient=layout(plan.patient_name or None, plan.patient_mrn or None, width),
            course=f"{plan.indication_name} · {plan.product_name}",
            regimen=f"Regimen file {ref.version} ({where}) · SHA-256 {ref.sha256[:12]}"
            + (f" · Site file {site.version} · SHA-256 {site.sha256[:12]} · {site.site}"
               if (site := plan.site_file) else ""),  # the name last: cut first if too long
            generated=f"Generated {stamp(when)}",
            check=check_status(record),
            check_failed=record is not None and not record.matched,
        )


class _NumberedCanvas(Canvas):  # type: ignore[misc]  # reportlab is untyped
    """Holds every page back until the end so the header can say "Page N of M"."""

    def __init__(self, *args: Any, header: _Header, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._header = header
        self._pages: list[dict[str, Any]] = []

    def showPage(self) -> None:
        self._pages.append(dict(self.__dict__))
        self._startPage()

    def save(self) -> None:
        total = len(self._pages)
        for number, state in enumerate(self._pages, start=1):
            self.__dict__.update(state)
            self._draw_header(number, total)
            super().showPage()
        super().save()

    def _draw_header(self, number: int, total: int) -> None:
        width, height = self._pagesize
        h = self._header
        left, right = _SIDE, width - _SIDE

        def text(x: float, y: float, what: str, font: str, size: float,
                 anchor: str = "left") -> None:
            if anchor == "right":
                x -= text_width(what, font, size)
            put_text(self, x, y, what, font, size)

        self.saveState()
        self.setFillColor(BLACK)
        top = height - 10 * mm
        text(left, top, TITLE, FONT_BOLD, 14)
        text(right, top, f"Page {number} of {total}", FONT_BOLD, 14, "right")

        # patient line: name and MRN whole and readable, wrapped (never cut, never tiny)
        line = top - 6.5 * mm
        block = h.patient
        for piece in block.pieces:
            y = line - piece.line * block.leading
            text(left + piece.x, y, piece.text, piece.font, piece.size)
            if piece.continues:
                self._continuation_hook(left + piece.right, y, piece.size)

        course_line = line - block.extra_height - 5 * mm
        generated_w = text_width(h.generated, FONT, 8)
        course = h.course
        while course and text_width(course, FONT_BOLD, 8.5) > right - left - generated_w - 12:
            course = course[:-2] + "…"
        text(left, course_line, course, FONT_BOLD, 8.5)
        text(right, course_line, h.generated, FONT, 8, "right")

        meta = course_line - 4 * mm
        self.setFillColor(GREY_TEXT)
        room = right - left - text_width(h.check, FONT_BOLD, 7.5) - 12
        size = 7.5  # label data and site file: shrink to fit beside the check, never overlap
        while size > 6 and text_width(h.regimen, FONT, size) > room:
            size -= 0.25
        files = h.regimen
        while len(files) > 20 and text_width(files, FONT, size) > room:
            files = files[:-2] + "…"
        text(left, meta, files, FONT, size)
        # the second check's outcome on every page, so a loose page still says it
        self.setFillColor(BLACK)
        if h.check_failed:  # white on black, like the STOP band
            check_w = text_width(h.check, FONT_BOLD, 7.5)
            self.rect(right - check_w - 4, meta - 2.2, check_w + 4, 9.5, stroke=0, fill=1)
            self.setFillColor(WHITE)
            text(right - 2, meta, h.check, FONT_BOLD, 7.5, "right")
            self.setFillColor(BLACK)
        else:
            text(right, meta, h.check, FONT_BOLD, 7.5, "right")
        self.setStrokeColor(BLACK)
        self.setLineWidth(1)
        self.line(left, meta - 2.5 * mm, right, meta - 2.5 * mm)
        self.restoreState()

    def _continuation_hook(self, x: float, y: float, size: float) -> None:
        """A small grey hook after a name cut inside a word: "goes on below", drawn, so
        it can never be read as a letter of the name."""
        self.saveState()
        self.setStrokeColor(GREY_TEXT)
        self.setLineWidth(0.8)
        top, low, end = y + 0.55 * size, y + 0.1 * size, x + HOOK_W - 1
        path = self.beginPath()
        path.moveTo(x + 1.5, top)
        path.lineTo(end, top)
        path.lineTo(end, low)
        path.moveTo(end - 1.8, low + 1.8)
        path.lineTo(end, low)
        path.lineTo(end + 1.8, low + 1.8)
        self.drawPath(path, stroke=1, fill=0)
        self.restoreState()


def _canvas_maker(header: _Header) -> Callable[..., _NumberedCanvas]:
    """SimpleDocTemplate wants a canvas class; bind the header to it."""

    def make(*args: Any, **kwargs: Any) -> _NumberedCanvas:
        return _NumberedCanvas(*args, header=header, **kwargs)

    return make


# ---------------------------------------------------------------- the story


class _Story:
    """Turns one plan into the list of flowables, section by section, in reading order."""

    def __init__(
        self, plan: Plan, styles: Styles, width: float, record: SecondCheckRecord | None
    ) -> None:
        self.plan = plan
        self.s = styles
        self.width = width
        self.record = record

    def p(self, markup: str, style: Any = None) -> Paragraph:
        return Paragraph(markup, style or self.s.body)

    def build(self) -> list[Flowable]:
        story: list[Flowable] = []
        story += self._banners()
        story += second_check(self.record, self.width)
        story += self._prescription()
        story += self._warnings()
        story += checklist(self.plan, self.width)
        story += self._days()
        story.append(_anchor())  # where the actual administration record goes, if any
        story += self._timelines()
        story += reaction_plan(self.plan, self.width)
        story += self._signatures()
        story += self._sources()
        return story

    # -- 1. banners and prescription ---------------------------------------------------

    def _banners(self) -> list[Flowable]:
        out: list[Flowable] = []
        if self.plan.has_stop:
            out += [banner(
                Severity.STOP,
                ["STOP — a warning below forbids giving this as planned. Do not start the "
                 "infusion; contact the prescriber."],
                self.width, inverse=True,
            ), Spacer(1, 4)]
        if not self.plan.product_verified:
            out += [banner(
                Severity.CAUTION,
                [f"RECALLED PRODUCT FACTS — {self.plan.product_name} is NOT VERIFIED against "
                 "the current label: check concentration, vials and rates against the product "
                 "label before use."],
                self.width,
            ), Spacer(1, 4)]
        return out

    def _prescription(self) -> list[Flowable]:
        plan = self.plan
        s = self.s
        basis = "per course" if plan.dose_basis is DoseBasis.COURSE else "per day"
        first, last = plan.days[0], plan.days[-1]
        conc = plan.concentration_mg_ml
        product = (
            f"<b>{esc(plan.product_name)}</b>, {trim(conc / 10, 2)} % "
            f"({trim(conc, 1)} mg/mL)"
        )
        if not plan.product_verified:
            product += "<br/><b>⚠ RECALLED, NOT VERIFIED: check against the product label</b>"
        ideal = (
            f"{trim(plan.ideal_weight_kg, 1)} kg" if plan.ideal_weight_kg is not None
            else "not calculated"
        )
        bmi = trim(plan.bmi, 1) if plan.bmi is not None else "not calculated (no height)"
        rows: list[tuple[str, str]] = [
            ("Indication", f"<b>{esc(plan.indication_name)}</b>"),
            ("Route", "IV infusion" if plan.route is Route.IV else "<b>IM injection</b>"),
            (
                "Dose",
                (f"<b>{trim(plan.dose_mg_kg, 2)} mg/kg {basis}</b><br/>"
                 f"Prescribed <b>{grams(plan.prescribed_total_g)} g</b> in total · given "
                 f"<b>{grams(plan.total_g)} g</b> in total ({ml(plan.total_volume_ml)})")
                if plan.im_ml_per_kg is None else
                (f"<b>{trim(plan.im_ml_per_kg, 2)} mL/kg</b> (label; requested as "
                 f"{trim(plan.dose_mg_kg, 2)} mg/kg) × {trim(plan.dosing_weight_kg, 1)} kg: "
                 f"give <b>{ml(plan.total_volume_ml)}</b> IM "
                 f"({grams(plan.total_g)} g IgG at {trim(plan.concentration_mg_ml)} mg/mL)"),
            ),
            (
                "Dosing weight",
                f"<b>{trim(plan.dosing_weight_kg, 1)} kg</b> — rule: "
                f"<b>{esc(plan.dosing_weight_rule.upper())}</b> weight<br/>"
                f"{esc(plan.dosing_weight_explanation)}<br/>"
                f"Actual {trim(plan.actual_weight_kg, 1)} kg · ideal {ideal} · BMI {bmi}"
                + (f" · age {years(plan.age_years)}" if plan.age_years is not None
                   else " · age not given"),
            ),
            (
                "Days",
                f"<b>{plan.days_count}</b> day{'s' if plan.days_count != 1 else ''}: "
                f"{long_date(first.date)}"
                + (f" to {long_date(last.date)}" if last is not first else ""),
            ),
            ("Product", product),
        ]
        if plan.protocol is not None:
            rows.append(("Protocol", self._protocol(plan.protocol)))
        due = f" · next course due <b>{long_date(plan.next_course_due)}</b>" if (
            plan.next_course_due is not None) else ""
        rows.append(("Repeat", f"{esc(plan.repeat)}{due}"))
        made = table(
            [[k, self.p(v, s.cell)] for k, v in rows], [28 * mm, self.width - 28 * mm],
            grid([
                ("FONT", (0, 0), (0, -1), FONT_BOLD, 9, 11.5),
                ("BACKGROUND", (0, 0), (0, -1), GREY_LIGHT),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ], head=False),
        )
        return [heading("Prescription"), made]

    def _protocol(self, p: ProtocolUsed) -> str:
        """The titration rule in words, each part tagged label or ◆ SITE POLICY."""
        unit = p.unit.value
        site = p.protocol_kind == "site"
        own = Basis.SITE_POLICY if site else Basis.LABEL  # basis of the rates themselves
        lines: list[str] = []
        if site:
            lines.append(f"<b>{esc(p.protocol_name)}</b>{basis_tag(Basis.SITE_POLICY)}")
        else:
            lines.append(f"<b>{esc(p.protocol_name)}</b>")
        if not p.labeled:
            lines.append(
                f"<b>OFF-LABEL</b>: no label protocol for this indication; the product's most "
                f"conservative label protocol (<b>{esc(p.indication_id)}</b>) sets the limits"
            )
        if p.fixed_duration_h is not None:
            step_basis = self.plan.days[0].steps[0].basis if self.plan.days[0].steps else None
            lines.append(
                f"<b>One rate over a planned {trim(p.fixed_duration_h, 2)} h</b> (fixed "
                f"duration for this indication){basis_tag(step_basis)}"
            )
        else:
            lines.append(
                f"Start <b>{trim(p.initial_rate, 3)} {unit}</b>{basis_tag(own)} for "
                f"{p.first_hold_min} min{basis_tag(p.first_hold_basis)}"
            )
            lines.append(
                f"Then every {p.interval_min} min{basis_tag(p.interval_basis)}: "
                f"{esc(p.step_rule)}{basis_tag(p.step_basis)}"
            )
        maximum = f"Maximum <b>{trim(p.max_rate, 3)} {unit}</b>"
        if p.unit is not RateUnit.MG_KG_MIN:
            maximum += f" (= {trim(p.max_rate_mg_kg_min, 3)} mg/kg/min)"
        lines.append(maximum + basis_tag(own))
        if site or abs(p.label_max_rate_mg_kg_min - p.max_rate_mg_kg_min) > 1e-9:
            lines.append(
                f"Label maximum {trim(p.label_max_rate_mg_kg_min, 3)} mg/kg/min [label]"
            )
        if p.cap_mg_kg_min is not None:
            lines.append(
                f"Risk cap (renal/thrombosis): <b>{trim(p.cap_mg_kg_min, 3)} mg/kg/min</b>"
                f"{basis_tag(p.cap_basis)}"
            )
        else:
            lines.append("Risk cap: none (no renal or thrombosis risk entered)")
        if p.pump_cap_ml_h is not None:
            lines.append(
                f"Pump cap <b>{ml_h(p.pump_cap_ml_h)}</b>{basis_tag(Basis.SITE_POLICY)}"
            )
        lines.append(
            f"Highest rate any step may run at: <b>{trim(p.ceiling_mg_kg_min, 3)} "
            f"mg/kg/min</b> (limited by {esc(p.limited_by.words)})"
        )
        tags = (own, p.first_hold_basis, p.interval_basis, p.step_basis, p.cap_basis)
        if Basis.SITE_POLICY in tags or p.pump_cap_ml_h is not None:
            lines.append(
                '<font size="7.5">◆ SITE POLICY: not a label figure; the site\'s rule from '
                "the regimen file is used.</font>"
            )
        return "<br/>".join(lines)

    def _warnings(self) -> list[Flowable]:
        title = heading("Warnings", 12, 4, 3)
        if not self.plan.warnings:
            return [title, lines(("None.", FONT, 9.5))]
        legend = Lines([Run(
            "Severity: STOP (black octagon) = do not give as planned · CAUTION (triangle) = "
            "act on it before or during the infusion · INFO (circle) = for information",
            FONT, 8, GREY_TEXT)], space_after=3)
        rows: list[list[Any]] = []
        extra: list[tuple[Any, ...]] = []
        for i, w in enumerate(self.plan.warnings):
            stop = w.severity is Severity.STOP
            source = f" · source: {w.source}" if w.source else ""
            rows.append([
                SeverityIcon(w.severity, 12),
                SEVERITY_WORD[w.severity],
                Lines([Run(w.message, FONT_BOLD if stop else FONT, 9),
                       Run(f"{w.key}{source}", FONT, 7.5, GREY_TEXT)]),
            ])
            if stop:
                extra += [("BOX", (0, i), (-1, i), 2, BLACK),
                          ("BACKGROUND", (0, i), (-1, i), GREY_FILL)]
        made = table(rows, [20, 60, self.width - 80], grid([
            ("FONT", (1, 0), (1, -1), FONT_BOLD, 9, 11.5),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            *extra,
        ], head=False))
        return [title, legend, made]

    # -- 2. the days -----------------------------------------------------------------

    def _days(self) -> list[Flowable]:
        out: list[Flowable] = []
        stops = [w.message for w in self.plan.warnings if w.severity is Severity.STOP]
        for day in self.plan.days:
            banners: list[Flowable] = []
            if stops:  # the reasons on the day's own page, not only "see the warnings"
                banners += [banner(Severity.STOP, ["STOP — do not start:", *stops], self.width,
                                   inverse=True, size=10), Spacer(1, 3)]
            failed = day_check_banner(self.record, self.width)
            if failed is not None:
                banners += [failed, Spacer(1, 3)]
            partial = None if day.vials_cover_exactly else Lines([Run(
                f"⚠ Partial vial: give {grams(day.dose_g)} g = {ml(day.volume_ml)} from the "
                "vials below and discard the rest.", FONT_BOLD, 9.5)])
            prep = (preparation_box(self.plan.preparation, self.width)
                    if self.plan.preparation else None)
            block = day_block(day, self.width, banners, partial, prep)
            if day is self.plan.days[0]:  # never leave the section title alone at a page foot
                block.insert(0, heading("Administration"))
            out.append(CondPageBreak(60 * mm))
            out.append(KeepTogether(block))
        return out

    # -- 3. timeline -----------------------------------------------------------------

    def _timelines(self) -> list[Flowable]:
        title = heading("Pump-rate timeline")
        groups = _same_profile(self.plan.days)
        if not groups:
            return [title, lines(("No pump-rate timeline: IM injection.", FONT, 9.5))]
        out: list[Flowable] = []
        for group in groups:
            first, last = group[0], group[-1]
            if len(group) == 1:
                name = f"Day {first.day} — {long_date(first.date)}"
            else:
                name = (f"Days {first.day}–{last.day} — {long_date(first.date)} to "
                        f"{long_date(last.date)} (same times and rates each day)")
            out.append(KeepTogether([
                *([title] if not out else []),
                lines((f"{name}: pump rate (mL/h) against clock time", FONT_BOLD, 9.5),
                      space_after=2),
                rate_chart(first, self.width, 132.0),
                Spacer(1, 4),
            ]))
        return out

    # -- 4. signatures, sources, disclaimer --------------------------------------------

    def _signatures(self) -> list[Flowable]:
        rows: list[list[Any]] = [["Role", "Name", "Signature", "Date / time (24 h)"]]
        for role in ("Prescriber", "Pharmacist", "Nurse", "Second nurse (independent check)"):
            rows.append([role, "", "", ""])
        made = table(rows, [self.width * f for f in (0.25, 0.27, 0.27, 0.21)],
                     grid([("FONT", (0, 1), (0, -1), FONT_BOLD, 9, 11.5)]),
                     [None] + [24.0] * 4)
        return [KeepTogether([heading("Signatures"), made])]

    def _sources(self) -> list[Flowable]:
        out: list[Flowable] = [heading("Sources", 12, 4, 3)]
        out += [Lines([Run(f"• {src}", FONT, 8, GREY_TEXT)]) for src in self.plan.sources]
        ref, site = self.plan.regimen_file, self.plan.site_file
        files = [f"Label data: regimen file version {ref.version}, SHA-256 {ref.sha256[:12]}"]
        files.append("Site file: none (bundled site choices)" if site is None else
                     f"Site file: {site.site} ({site.file}), version {site.version}, "
                     f"SHA-256 {site.sha256[:12]}")
        out += [Lines([Run(f"• {text}", FONT, 8, GREY_TEXT)]) for text in files]
        if self.plan.site_policy_sources:
            out.append(lines(("Site policies (vitals, checklist, reaction plan, rounding)",
                              FONT_BOLD, 9), space_before=4, space_after=1))
            out += [Lines([Run(f"• {src}", FONT, 8, GREY_TEXT)])
                    for src in self.plan.site_policy_sources]
        out += [Spacer(1, 5), lines((DISCLAIMER, FONT_BOLD, 9.5))]
        return [KeepTogether(out)]


def _anchor() -> Flowable:
    """An empty flowable marking the place of the actual record in the story."""
    mark = Spacer(0, 0)
    mark._bedside_anchor = True
    return mark


def _same_profile(days: Sequence[DayPlan]) -> list[list[DayPlan]]:
    """Consecutive IV days with identical clock times, pump rates and vitals share one chart."""
    groups: list[list[DayPlan]] = []
    last_key: object = None
    for day in days:
        if not day.steps:
            last_key = None
            continue
        key = (
            tuple((s.start.time(), s.end.time(), s.rate_ml_h) for s in day.steps),
            tuple(v.time.time() for v in day.vitals),
            day.ramp_restart_at.time() if day.ramp_restart_at else None,
        )
        if groups and key == last_key:
            groups[-1].append(day)
        else:
            groups.append([day])
        last_key = key
    return groups
