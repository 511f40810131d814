"""Applying a site file over label data: what is in force for planning.

The label data (bundled, or a whole replacement ``--regimen-file``) keeps every label fact;
the site file replaces only site choices. Vial rounding then sees only the stocked sizes of
a stocked product; a product the site does not stock keeps every label size and the plan
cautions "not stocked here".
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from pydantic import ValidationError

from planner.core.errors import SiteFileError
from planner.regimen.loading import LoadedRegimen, bundled_regimen, load_regimen
from planner.regimen.models import Product, RegimenFile
from planner.regimen.problems import problems_from_validation
from planner.regimen.site_file import SiteFile, read_site_file


def load_in_force(
    regimen_file: Path | str | None = None, site_file: Path | str | None = None
) -> LoadedRegimen:
    """Label data (bundled unless ``regimen_file``) with ``site_file`` applied, if given.

    Raises RegimenFileError naming the file, entry and field of every problem.
    """
    label = bundled_regimen() if regimen_file is None else load_regimen(regimen_file)
    if site_file is None:
        return label
    return apply_site(label, read_site_file(site_file, label.regimen))


def apply_site(label: LoadedRegimen, site: SiteFile) -> LoadedRegimen:
    """``label`` with the site's choices in force (label facts untouched)."""
    shipped = label.label_regimen
    products = tuple(_stocked_vials(p, site) for p in shipped.products)
    update: dict[str, object] = {
        "site_policies": site.site_policies,
        "site_protocols": site.site_protocols,
        "products": products,
    }
    if site.protocol_defaults is not None:
        update["protocol_defaults"] = site.protocol_defaults
    if site.checklist is not None:
        update["checklist"] = site.checklist
        update["checklist_source"] = site.checklist_source
    if site.reaction_plan is not None:
        update["reaction_plan"] = site.reaction_plan
    merged = shipped.model_copy(update=update)
    try:  # the cross-reference rules of a whole file hold for the merged one too
        merged = RegimenFile.model_validate(merged.model_dump())
    except ValidationError as exc:
        problems = problems_from_validation(site.ref.file, "", merged.model_dump(), exc)
        raise SiteFileError("\n".join(str(p) for p in problems)) from None
    not_stocked = frozenset(p.id for p in shipped.products if not site.stocked(p.id))
    return replace(label, regimen=merged, site=site.ref, label=shipped, not_stocked=not_stocked)


def _stocked_vials(product: Product, site: SiteFile) -> Product:
    sizes = None if site.stock is None else site.stock.get(product.id)
    if sizes is None:
        return product
    vials = tuple(v for v in product.vials if v.grams in sizes)
    return product.model_copy(update={"vials": vials})
