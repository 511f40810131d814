"""Where a plan's figures come from, in the words the plan lists them (screen, JSON, PDF):
each source the regimen file gives, labelled by what it is the source of."""

from __future__ import annotations

from collections.abc import Iterable
from enum import StrEnum


class SourceOf(StrEnum):
    DOSE = "dose"
    INDICATION = "indication"
    PRODUCT = "product"
    RATES = "rates"
    STEPS = "steps"
    PREPARATION = "preparation"


_LABELS = {
    SourceOf.DOSE: "Dose",
    SourceOf.INDICATION: "Indication",
    SourceOf.PRODUCT: "Product",
    SourceOf.RATES: "Rates",
    SourceOf.STEPS: "Steps",
    SourceOf.PREPARATION: "Preparation",
}


def source_lines(sources: Iterable[tuple[SourceOf, str]]) -> tuple[str, ...]:
    """'Dose: <the regimen file's source>', one line per source, in the order given."""
    return tuple(f"{_LABELS[of]}: {source}" for of, source in sources)


def stock_source(site_file: str, version: str) -> str:
    """The source of a 'not stocked here' caution: the site file's stock list."""
    return f"site file {site_file} (version {version}): products stocked"
