"""``regimen show`` and the Regimen window: what is in force, and why.

Per product and indication, the label's figures beside the site's choices, each with its
basis (label, maker, site policy) and its source. Built once here so the CLI and the GUI say
the same thing; neither computes anything of its own.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

from planner.regimen.loading import LoadedRegimen
from planner.regimen.models import (
    Basis,
    Indication,
    Product,
    Protocol,
    RegimenFile,
    SitePolicies,
    SiteProtocol,
    TitrationSpec,
)
from planner.regimen.step_words import describe_step_rule

SITE = Basis.SITE_POLICY.value


@dataclass(frozen=True)
class Figure:
    """One number or rule with where it comes from."""

    name: str
    value: str
    basis: str  # label, maker, seed, site-policy
    source: str


@dataclass(frozen=True)
class VialView:
    grams: float
    ml: float
    stocked: bool


@dataclass(frozen=True)
class IndicationView:
    id: str
    name: str
    labeled: bool  # the product's label has a protocol for it
    label: tuple[Figure, ...]  # the label's figures
    site: tuple[Figure, ...]  # the site's choices that apply to it


@dataclass(frozen=True)
class ProductView:
    id: str
    brand: str
    manufacturer: str
    route: str
    verified: bool
    stocked: bool
    concentration: Figure
    vials: tuple[VialView, ...]
    indications: tuple[IndicationView, ...]


@dataclass(frozen=True)
class ProtocolView:
    id: str
    name: str
    figures: tuple[Figure, ...]
    own: bool  # defined by the site file (else bundled with the app)


@dataclass(frozen=True)
class RegimenView:
    label_version: str
    label_sha256: str
    label_path: str
    label_bundled: bool
    site: dict[str, Any] | None  # name, file, version, sha256; None: no site file
    products: tuple[ProductView, ...]
    site_protocols: tuple[ProtocolView, ...]
    policies: tuple[Figure, ...]

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def regimen_view(loaded: LoadedRegimen, product_id: str | None = None) -> RegimenView:
    """What is in force for ``loaded`` (all products, or only ``product_id``)."""
    regimen, label = loaded.regimen, loaded.label_regimen
    site = loaded.site
    own = {p.id for p in regimen.site_protocols if p not in label.site_protocols}
    products = [p for p in label.products if product_id in (None, p.id)]
    return RegimenView(
        label_version=regimen.version, label_sha256=loaded.sha256, label_path=str(loaded.path),
        label_bundled=loaded.bundled,
        site=None if site is None else {
            "site": site.site, "file": site.file, "version": site.version,
            "published": site.published.isoformat() if site.published else None,
            "sha256": site.sha256,
        },
        products=tuple(_product(p, loaded) for p in products),
        site_protocols=tuple(
            ProtocolView(p.id, p.name, _site_protocol_figures(p, regimen.site_policies),
                         p.id in own)
            for p in regimen.site_protocols
        ),
        policies=_policies(regimen.site_policies),
    )


def _product(product: Product, loaded: LoadedRegimen) -> ProductView:
    regimen = loaded.regimen
    in_force = regimen.product(product.id) or product
    stocked_sizes = {v.grams for v in in_force.vials}
    stocked = loaded.stocked(product.id)
    vials = tuple(
        VialView(v.grams, v.ml, stocked and v.grams in stocked_sizes) for v in product.vials
    )
    indications = [
        _indication(product, indication, regimen)
        for indication in regimen.indications
        if product.id in indication.labeled_products or product.protocol_for(indication.id)
    ]
    return ProductView(
        id=product.id, brand=product.brand, manufacturer=product.manufacturer,
        route=product.route.value, verified=product.verified, stocked=stocked,
        concentration=Figure("concentration", f"{product.concentration_mg_ml:g} mg/mL",
                             Basis.LABEL.value, product.concentration_source),
        vials=vials, indications=tuple(indications),
    )


def _indication(product: Product, indication: Indication, regimen: RegimenFile) -> IndicationView:
    dose = indication.dose_mg_kg
    label = [
        Figure("dose", f"{dose.default:g} mg/kg per {indication.dose_basis.value} (usual "
               f"{dose.usual_min:g}–{dose.usual_max:g}, limits {dose.min:g}–{dose.max:g})",
               Basis.LABEL.value, dose.source),
        Figure("days", f"{indication.days.default} ({indication.days.min}–"
               f"{indication.days.max})", Basis.LABEL.value, indication.source),
    ]
    protocol = product.protocol_for(indication.id)
    policies = regimen.site_policies
    if protocol is not None:
        label += _spec_figures(protocol, Basis.LABEL.value, policies)
        label.append(_risk(protocol, policies))
    chosen = regimen.default_protocol_id(product.id, indication.id)
    site_protocol = regimen.site_protocol(chosen)
    site = [Figure(
        "default protocol",
        "label protocol" if site_protocol is None else f"{chosen}: {site_protocol.name}",
        Basis.LABEL.value if site_protocol is None else SITE,
        protocol.source if site_protocol is None and protocol else
        site_protocol.source if site_protocol else "",
    )]
    if policies.pump_cap_ml_h is not None:
        site.append(Figure("pump cap", f"{policies.pump_cap_ml_h:g} mL/h", SITE,
                           policies.pump_cap_source or ""))
    return IndicationView(indication.id, indication.name, protocol is not None, tuple(label),
                          tuple(site))


def _spec_figures(spec: TitrationSpec, basis: str, policies: SitePolicies) -> list[Figure]:
    steps = policies.default_steps
    unit = spec.unit.value
    hold = (Figure("first hold", f"{spec.first_hold_min} min", basis, spec.source)
            if spec.first_hold_min is not None else
            Figure("first hold", f"{steps.hold_min} min (label gives none)", SITE, steps.source))
    interval = (
        Figure("step interval", f"{spec.interval_min} min", spec.interval_basis.value
               if isinstance(spec, Protocol) else basis, spec.source)
        if spec.interval_min is not None else
        Figure("step interval", f"{steps.interval_min} min (label gives none)", SITE,
               steps.source)
    )
    step_basis = spec.steps.basis.value
    return [
        Figure("initial rate", f"{spec.initial_rate:g} {unit}", basis, spec.source),
        hold, interval,
        Figure("steps", describe_step_rule(spec, steps.factor), step_basis, spec.steps.source),
        Figure("maximum rate", f"{spec.max_rate:g} {unit}", basis, spec.source),
    ]


def _site_protocol_figures(protocol: SiteProtocol, policies: SitePolicies) -> tuple[
    Figure, ...
]:
    figures = _spec_figures(protocol, SITE, policies)
    scope = protocol.applies_to
    if scope is not None:
        figures.append(Figure("applies to", scope.text, SITE, scope.source))
    figures += [Figure("note", note, SITE, "") for note in protocol.notes]
    return tuple(figures)


def _risk(protocol: Protocol, policies: SitePolicies) -> Figure:
    if protocol.risk_max_rate_mg_kg_min is not None:
        return Figure("renal/thrombosis risk cap", f"{protocol.risk_max_rate_mg_kg_min:g} "
                      "mg/kg/min", Basis.LABEL.value, protocol.source)
    return Figure("renal/thrombosis risk cap", f"{policies.risk_cap_mg_kg_min:g} mg/kg/min "
                  f"(label: {protocol.risk_rule})", SITE, policies.risk_cap_source)


def _policies(p: SitePolicies) -> tuple[Figure, ...]:
    steps, rounding, weight = p.default_steps, p.vial_rounding, p.dosing_weight
    found = [
        Figure("steps where the label is silent",
               f"hold {steps.hold_min} min, then every {steps.interval_min} min × "
               f"{steps.factor:g}", SITE, steps.source),
        Figure("risk cap", f"{p.risk_cap_mg_kg_min:g} mg/kg/min", SITE, p.risk_cap_source),
        Figure("vial rounding", f"within ±{rounding.tolerance_pct:g} %, ties {rounding.ties}, "
               f"then {rounding.then}", SITE, rounding.source),
        Figure("pump-rate step", f"{p.pump_rate_step_ml_h:g} mL/h", SITE, p.pump_rate_source),
        Figure("pump cap", "none" if p.pump_cap_ml_h is None else f"{p.pump_cap_ml_h:g} mL/h",
               SITE, p.pump_cap_source or ""),
        Figure("dosing weight", f"adjusted from BMI ≥ {weight.obesity_bmi:g} and height ≥ "
               f"{weight.min_height_cm:g} cm (factor {weight.adjustment_factor:g})", SITE,
               weight.source),
        Figure("default start time", f"{p.default_start_time:%H:%M}", SITE, ""),
        Figure("unlabeled product", p.unlabeled_product_rule, SITE, p.unlabeled_product_source),
        Figure("new lot restarts the ramp", "yes" if p.restart_ramp_on_lot_change else "no",
               SITE, p.restart_ramp_source or ""),
    ]
    if p.vitals is not None:
        v = p.vitals
        found.append(Figure(
            "vitals", f"{v.standard.after_start_min} min after start, every "
            f"{v.standard.at_max_every_min} min at the maximum (first infusion every "
            f"{v.first_infusion.at_max_every_min} min)", SITE, v.source))
    return tuple(found)


def format_view(view: RegimenView) -> str:
    """The view as plain text for ``regimen show``."""
    where = "bundled" if view.label_bundled else view.label_path
    lines = [f"Label data {view.label_version} ({where}), sha256 {view.label_sha256[:12]}"]
    if view.site is None:
        lines.append("Site file: none (bundled site choices)")
    else:
        s = view.site
        lines.append(f"Site file {s['file']}: {s['site']}, version {s['version']}, "
                     f"sha256 {s['sha256'][:12]}")
    for product in view.products:
        vials = ", ".join(f"{v.grams:g} g{' (stocked)' if v.stocked else ''}"
                          for v in product.vials)
        lines += ["", f"{product.brand} ({product.id}) — {product.concentration.value}, "
                  f"{product.route.upper()}" + ("" if product.stocked else " — NOT STOCKED HERE"),
                  f"  vials: {vials}", _line(product.concentration, 2)]
        for ind in product.indications:
            lines.append(f"  {product.id} · {ind.id}: {ind.name}"
                         + ("" if ind.labeled else " (no label protocol)"))
            lines += ["    label:"] + [_line(f, 6) for f in ind.label]
            lines += ["    site:"] + [_line(f, 6) for f in ind.site]
    if view.site_protocols:
        lines += ["", "Site protocols:"]
        for protocol in view.site_protocols:
            owner = "site file" if protocol.own else "bundled"
            lines.append(f"  {protocol.id} ({owner}): {protocol.name}")
            lines += [_line(f, 4) for f in protocol.figures]
    lines += ["", "Site policies:"] + [_line(f, 2) for f in view.policies]
    return "\n".join(lines)


def _line(figure: Figure, indent: int) -> str:
    source = f" — {figure.source}" if figure.source else ""
    return f"{' ' * indent}{figure.name}: {figure.value} [{figure.basis}]{source}"
