"""Why a reopened plan is recomputed, as values: which data file differs from when it was
saved, before and now. ``file_change_text`` words them (notes, JSON ``recomputed_because``)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class DataFile:
    """One version of a data file as a change note names it (SHA-256 cut to 12 digits)."""

    version: str
    sha12: str
    file: str = ""  # a site file's name and site; "" for the regimen file
    site: str = ""


@dataclass(frozen=True)
class RegimenChanged:
    saved: DataFile
    now: DataFile


@dataclass(frozen=True)
class SiteChanged:
    saved: DataFile | None  # None: no site file (the bundled site choices)
    now: DataFile | None


FileChange = RegimenChanged | SiteChanged
