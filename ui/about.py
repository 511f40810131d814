"""The About text: which program and which regimen file produced the numbers on screen."""

from __future__ import annotations

from html import escape

from planner import __version__
from planner.regimen.loading import LoadedRegimen
from ui import APP_NAME


def about_html(loaded: LoadedRegimen) -> str:
    regimen = loaded.regimen
    where = "bundled with the program" if loaded.bundled else escape(str(loaded.path))
    sources = "".join(
        f"<li><b>{escape(key)}</b>: {escape(text)}</li>" for key, text in regimen.sources.items()
    )
    return (
        f"<h3>{APP_NAME} {escape(__version__)}</h3>"
        "<p>Plans an IVIG course: dose, vials, bags and rate titration. Offline; every "
        "clinical number comes from the regimen file below. Check the plan against the "
        "prescription and the product label.</p>"
        f"<p><b>Regimen file</b>: {escape(regimen.title)}<br>"
        f"version {escape(regimen.version)}, published {regimen.published.isoformat()}<br>"
        f"SHA-256 <code>{escape(loaded.sha256)}</code><br>"
        f"{where}</p>"
        f"<p><b>Sources</b></p><ul>{sources}</ul>"
    )
