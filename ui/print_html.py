"""The printed page (Ctrl+P) as simple HTML for QTextDocument — the result panel on paper.

Print is meant for the ward copy when the PDF exporter is not at hand; it carries the same
numbers as the screen (all read off the Plan), every warning with its word, every day's steps,
and the regimen file version and SHA-256 so a printout can be traced.
"""

from __future__ import annotations

from datetime import datetime
from html import escape

from planner import __version__
from planner.plan.models import Plan
from planner.plan.second_check import SecondCheckRecord
from planner.regimen.models import Severity
from ui.formatting import fmt
from ui.plan_view import (
    SEVERITY_WORD,
    restart_text,
    second_check_text,
    step_headers,
    step_rows,
    summary_rows,
    vitals_rows,
)

_COLOUR = {Severity.STOP: "#b71c1c", Severity.CAUTION: "#a65400", Severity.INFO: "#1f5a96"}


def plan_html(
    plan: Plan, generated_at: datetime, timeline_image: str | None = None,
    second_check: SecondCheckRecord | None = None,
) -> str:
    who = " · ".join(
        escape(x) for x in (plan.patient_name, f"MRN {plan.patient_mrn}"
                            if plan.patient_mrn else None) if x
    )
    parts = [
        "<html><body style='font-family: sans-serif; font-size: 10pt;'>",
        f"<h2>IVIG infusion plan — {escape(plan.indication_name)}</h2>",
        f"<p>{who or 'Patient not named'}<br>"
        f"Regimen file {escape(plan.regimen_file.version)}, SHA-256 "
        f"{escape(plan.regimen_file.sha256[:12])}"
        + (f" · site file {escape(site.site)} {escape(site.version)}, SHA-256 "
           f"{escape(site.sha256[:12])}" if (site := plan.site_file) else "")
        + f" · printed {generated_at:%Y-%m-%d %H:%M} by "
        f"Infusion Planner {escape(__version__)}</p>",
    ]
    if plan.has_stop:
        parts.append("<p style='color:#b71c1c; font-size: 14pt'><b>STOP — do not give: see "
                     "the warnings.</b></p>")
    parts.append(f"<p><b>{escape(second_check_text(second_check))}</b></p>")
    parts.append("<table cellspacing='0' cellpadding='3'>")
    for row in summary_rows(plan):
        parts.append(
            f"<tr><td style='color:#555'>{escape(row.label)}</td>"
            f"<td><b>{escape(row.value)}</b></td><td>{escape(row.detail)}</td></tr>"
        )
    parts.append("</table>")
    if timeline_image:
        parts.append(f"<p><img src='{escape(timeline_image)}' width='640'></p>")
    headers = step_headers(plan)
    for day in plan.days:
        if not day.steps:
            continue
        parts.append(f"<h3>Day {day.day} — {day.date:%a %Y-%m-%d}</h3>")
        parts.append("<table border='1' cellspacing='0' cellpadding='3' "
                     "style='border-collapse: collapse'><tr>")
        parts += [f"<th>{escape(h)}</th>" for h in headers]
        parts.append("</tr>")
        for r in step_rows(day):
            cells = (r.number, r.time, r.rate, r.pump, r.volume, r.cumulative, r.note)
            parts.append("<tr>" + "".join(
                f"<td align='{'left' if i in (1, 6) else 'right'}'>{escape(c)}</td>"
                for i, c in enumerate(cells)
            ) + "</tr>")
        parts.append("</table>")
        restart = restart_text(day)
        if restart:
            parts.append(f"<p style='color:#6a1b9a'><b>{escape(restart)}</b></p>")
        if day.vitals:
            times = ", ".join(f"{r.time} ({r.reasons})" for r in vitals_rows(day))
            parts.append(f"<p><b>Vital signs</b>: {escape(times)}</p>")
        lots = "; ".join(
            f"{fmt(lot.grams)} g: lot {lot.lot}"
            + (f", exp. {lot.expiry.isoformat()}" if lot.expiry else "")
            for lot in day.lots
        )
        parts.append(f"<p><b>Lots</b>: {escape(lots) if lots else '_____________________'}"
                     "</p>")
    parts.append("<h3>Warnings</h3><ul>")
    for w in plan.warnings:
        parts.append(
            f"<li><b style='color:{_COLOUR[w.severity]}'>{SEVERITY_WORD[w.severity]}</b> "
            f"{escape(w.key)}: {escape(w.message)}</li>"
        )
    parts.append("</ul><h3>Sources</h3><ul>")
    parts += [f"<li>{escape(s)}</li>" for s in plan.sources]
    parts.append("</ul></body></html>")
    return "".join(parts)
