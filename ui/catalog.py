"""What the prescription panel offers, read from the regimen file (no Qt).

Indications are grouped by ``Indication.group`` in file order; products are split into those
labeled for the indication and the rest of the same route (an IM product can never run as an
infusion, so it is not offered for an IV indication at all).
"""

from __future__ import annotations

from dataclasses import dataclass

from planner.regimen.models import DoseBasis, Indication, Product, RegimenFile


@dataclass(frozen=True)
class IndicationGroup:
    name: str
    indications: tuple[Indication, ...]


@dataclass(frozen=True)
class ProductChoices:
    labeled: tuple[Product, ...]
    others: tuple[Product, ...]

    def ids(self) -> tuple[str, ...]:
        return tuple(p.id for p in (*self.labeled, *self.others))

    def is_labeled(self, product_id: str) -> bool:
        return any(p.id == product_id for p in self.labeled)


def indication_groups(regimen: RegimenFile) -> tuple[IndicationGroup, ...]:
    order: dict[str, list[Indication]] = {}
    for indication in regimen.indications:
        order.setdefault(indication.group, []).append(indication)
    return tuple(IndicationGroup(name, tuple(items)) for name, items in order.items())


def find_indication(regimen: RegimenFile, text: str) -> Indication | None:
    """The indication whose name (or id) is exactly ``text``, ignoring case and spaces."""
    wanted = " ".join(text.split()).casefold()
    if not wanted:
        return None
    for indication in regimen.indications:
        if wanted in (indication.name.casefold(), indication.id.casefold()):
            return indication
    return None


def product_choices(regimen: RegimenFile, indication: Indication) -> ProductChoices:
    labeled_ids = indication.labeled_products
    by_id = {p.id: p for p in regimen.products}
    labeled = tuple(by_id[i] for i in labeled_ids if i in by_id)
    others = tuple(
        p for p in regimen.products if p.id not in labeled_ids and p.route is indication.route
    )
    return ProductChoices(labeled, others)


def preferred_product(
    choices: ProductChoices, current: str | None, not_stocked: frozenset[str] = frozenset()
) -> str | None:
    """The product to show chosen: the nurse's own (``current``) while it is still offered;
    otherwise none, so the nurse chooses — unless the site stocks exactly one product of
    the route for this indication, which is then the only possible choice."""
    if current is not None and current in choices.ids():
        return current
    stocked = [p for p in choices.ids() if p not in not_stocked]
    return stocked[0] if len(stocked) == 1 else None


def product_label(product: Product) -> str:
    """The brand as the list shows it (concentration and status go in :func:`product_hint`,
    which wraps, so a narrow combo box can never cut off a number)."""
    return product.brand


def product_hint(product: Product) -> str:
    conc = product.concentration_mg_ml
    status = "" if product.verified else "; facts recalled, not verified: check the label"
    return f"{conc / 10:g} % = {conc:g} mg/mL, {product.route.value.upper()}{status}"


def basis_text(indication: Indication) -> str:
    return "mg/kg per course" if indication.dose_basis is DoseBasis.COURSE else "mg/kg per day"


def dose_hint(indication: Indication) -> str:
    limits = indication.dose_mg_kg

    def span(low: float, high: float) -> str:
        return f"{low:g}" if low == high else f"{low:g}–{high:g}"

    if limits.min == limits.max:
        return f"fixed at {limits.default:g} by the regimen file"
    return (
        f"default {limits.default:g}; usual {span(limits.usual_min, limits.usual_max)}; "
        f"allowed {span(limits.min, limits.max)}"
    )


def days_hint(indication: Indication) -> str:
    days = indication.days
    if days.min == days.max:
        return f"fixed: {days.min} day(s)"
    return f"default {days.default}; allowed {days.min}–{days.max}"
