"""A site file: the pharmacy's own choices, kept apart from the bundled label data.

It holds only site choices — site policies, site protocols and which protocol is the default,
the pump cap (a site policy), checklist, reaction plan and premedication text, and what the
pharmacy stocks. A label fact (concentration, vials, labeled rates, doses,
contraindications) is refused, naming the file, the entry and the field. Every problem in
the file is collected, not only the first, so ``regimen check`` can list them all.

The file looks like::

    {"format": 1, "kind": "site", "site": "Day unit", "version": "2026.12.1",
     "published": "2026-12-01",
     "site_policies": {"pump_cap_ml_h": 200, "pump_cap_source": "…"},
     "site_protocols": [...], "protocol_defaults": [...],
     "checklist": [...], "checklist_source": "…", "reaction_plan": {...},
     "products": [{"id": "privigen", "vials_g": [10, 20]}]}

``products`` lists what the pharmacy stocks (``vials_g``: the stocked sizes, default every
size on the label); a product not listed is "not stocked here". Without ``products`` every
product counts as stocked.
"""

from __future__ import annotations

import hashlib
import math
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from planner.core.errors import RegimenFileError, SiteFileError
from planner.core.safe_json import JsonFileProblem, decode_text, strict_loads
from planner.regimen.loading import read_file_bytes, strict_validate
from planner.regimen.models import (
    ChecklistItem,
    DoseRange,
    Indication,
    Product,
    Protocol,
    ProtocolDefault,
    ReactionPlan,
    RegimenFile,
    SitePolicies,
    SiteProtocol,
)
from planner.regimen.problems import Problem, item_label, problems_from_validation

KIND = "site"
HEADER_KEYS = frozenset({"format", "kind", "site", "version", "published", "notes"})
SITE_KEYS = frozenset({
    "site_policies", "site_protocols", "protocol_defaults", "checklist", "checklist_source",
    "reaction_plan", "products",
})
STOCK_KEYS = frozenset({"id", "vials_g", "note"})
LABEL_KEYS = frozenset(
    set(Product.model_fields) | set(Protocol.model_fields) | set(Indication.model_fields)
    | set(DoseRange.model_fields) | {"indications", "general_warnings", "sources"}
) - STOCK_KEYS - SITE_KEYS - HEADER_KEYS - {"source", "name"}
"""Keys that are label facts wherever they appear in a site file."""

POLICY_SOURCES = {
    "risk_cap_mg_kg_min": "risk_cap_source",
    "pump_rate_step_ml_h": "pump_rate_source",
    "pump_cap_ml_h": "pump_cap_source",
    "restart_ramp_on_lot_change": "restart_ramp_source",
    "unlabeled_product_rule": "unlabeled_product_source",
}
"""A site policy value the site sets and the key that must carry its source."""

NESTED_POLICIES = frozenset({
    "default_steps", "vial_rounding", "dosing_weight", "weight_screen", "vitals",
})

@dataclass(frozen=True)
class SiteRef:
    """Which site file was applied: what plans, saved plans and PDFs record."""

    site: str  # the site's name as the file gives it
    file: str  # the file name
    path: str
    version: str
    published: date | None
    sha256: str

    @property
    def short_sha(self) -> str:
        return self.sha256[:12]


@dataclass(frozen=True)
class SiteFile:
    """A validated site file, ready to be applied over label data."""

    ref: SiteRef
    site_policies: SitePolicies
    set_policies: tuple[str, ...]  # the site_policies keys the site file sets itself
    site_protocols: tuple[SiteProtocol, ...]  # the whole list in force (bundled + site)
    own_protocols: tuple[str, ...]  # ids the site file defines (added or replaced)
    protocol_defaults: tuple[ProtocolDefault, ...] | None  # None: keep the bundled ones
    checklist: tuple[ChecklistItem, ...] | None
    checklist_source: str | None
    reaction_plan: ReactionPlan | None
    stock: dict[str, tuple[float, ...]] | None  # product id → stocked vial grams; None: all
    raw: dict[str, Any] = field(repr=False, compare=False, default_factory=dict)

    def stocked(self, product_id: str) -> bool:
        return self.stock is None or product_id in self.stock


def read_site_file(path: Path | str, label: RegimenFile) -> SiteFile:
    """Read and check a site file against ``label``; raise RegimenFileError listing every
    problem (file, entry, field) when it cannot be used."""
    site, problems = check_site_file(path, label)
    if site is None:
        raise SiteFileError("\n".join(str(p) for p in problems))
    return site


def check_site_file(
    path: Path | str, label: RegimenFile
) -> tuple[SiteFile | None, list[Problem]]:
    """Every problem of the site file at ``path``; the SiteFile only when there are none."""
    file_path = Path(path)
    name = file_path.name
    try:
        raw = read_file_bytes(file_path, "site file")
        data = decode_json(raw, name)
    except RegimenFileError as exc:
        return None, [Problem(name, "", "", str(exc).removeprefix(f"{name}: "))]
    if not isinstance(data, dict):
        return None, [Problem(name, "", "", "a site file is a JSON object ({…})")]
    checker = _Checker(name, data, label)
    site = checker.run(file_path, hashlib.sha256(raw).hexdigest())
    return (site if not checker.problems else None), checker.problems


def decode_json(raw: bytes, name: str) -> Any:
    """Strict JSON (BOM allowed; duplicate keys, NaN and absurd number literals refused)."""
    try:
        return strict_loads(decode_text(raw))
    except JsonFileProblem as exc:
        raise RegimenFileError(f"{name}: {exc}") from None


class _Checker:
    """Walks one site file section by section, collecting problems as it goes."""

    def __init__(self, name: str, data: dict[str, Any], label: RegimenFile) -> None:
        self.name, self.data, self.label = name, data, label
        self.problems: list[Problem] = []

    def add(self, entry: str, field_name: str, message: str) -> None:
        self.problems.append(Problem(self.name, entry, field_name, message))

    def run(self, path: Path, sha256: str) -> SiteFile:
        self._keys()
        header = self._header()
        policies, set_policies = self._policies()
        protocols, own = self._site_protocols()
        defaults = self._defaults({p.id for p in protocols})
        checklist, checklist_source = self._checklist()
        return SiteFile(
            ref=SiteRef(
                site=header[0], file=self.name, path=str(path), version=header[1],
                published=header[2], sha256=sha256,
            ),
            site_policies=policies, set_policies=set_policies, site_protocols=protocols,
            own_protocols=own, protocol_defaults=defaults, checklist=checklist,
            checklist_source=checklist_source, reaction_plan=self._reaction_plan(),
            stock=self._stock(), raw=self.data,
        )

    # ---- top level
    def _keys(self) -> None:
        for key in self.data:
            if key in HEADER_KEYS or key in SITE_KEYS:
                continue
            if key in ("indications", "general_warnings", "sources"):
                self._label_section(key)
            elif key in LABEL_KEYS:
                self.add("", key, _label_fact(key))
            else:
                self.add("", key, "not a site-file field (allowed: "
                         f"{', '.join(sorted(HEADER_KEYS | SITE_KEYS))})")

    def _label_section(self, key: str) -> None:
        value = self.data[key]
        entries = _entries(value)
        if not entries:
            self.add("", key, f"{key} are label data; a site file cannot change them")
        for entry, item in entries:
            fields = [k for k in item if k not in ("id", "code")] if isinstance(item, dict) else []
            for name in fields or [""]:
                self.add(f"{key}[{entry}]", name,
                         _label_fact(name) if name else "label data; a site file cannot set it")

    def _header(self) -> tuple[str, str, date | None]:
        data = self.data
        if data.get("format") != 1:
            self.add("", "format", f"must be 1, not {data.get('format')!r}")
        if data.get("kind") != KIND:
            hint = " (a whole regimen file? use --regimen-file)" if "products" in data and (
                "indications" in data) else ""
            self.add("", "kind", f"must be \"{KIND}\" for a site file, not "
                     f"{data.get('kind')!r}{hint}")
        site = self._text("site", 200)
        version = self._text("version", 40)
        published = None
        if "published" in data:
            try:
                published = date.fromisoformat(str(data["published"]))
            except ValueError:
                self.add("", "published", f"{data['published']!r} is not a date like 2026-12-01")
        notes = data.get("notes", [])
        if not isinstance(notes, list) or not all(isinstance(n, str) for n in notes):
            self.add("", "notes", "must be a list of texts")
        return site, version, published

    def _text(self, key: str, limit: int) -> str:
        value = self.data.get(key)
        if not isinstance(value, str) or not value.strip():
            self.add("", key, "missing or empty (text)")
            return ""
        if len(value) > limit:
            self.add("", key, f"longer than {limit} characters")
        return value

    # ---- site policies: each value the site sets carries the site's own source
    def _policies(self) -> tuple[SitePolicies, tuple[str, ...]]:
        base = self.label.site_policies
        given = self.data.get("site_policies")
        if given is None:
            return base, ()
        if not isinstance(given, dict):
            self.add("", "site_policies", "must be an object of site policies")
            return base, ()
        merged: dict[str, Any] = base.model_dump(mode="json")
        known = set(SitePolicies.model_fields)
        for key, value in given.items():
            if key not in known:
                message = _label_fact(key) if key in LABEL_KEYS else (
                    "not a site policy (known: " + ", ".join(sorted(known)) + ")")
                self.add("site_policies", key, message)
                continue
            if key in NESTED_POLICIES and isinstance(value, dict):
                if "source" not in value:
                    self.add("site_policies", f"{key}.source",
                             "a site policy the site file sets needs its own source")
                previous = merged.get(key)
                merged[key] = {**previous, **value} if isinstance(previous, dict) else value
            else:
                merged[key] = value
            source_key = POLICY_SOURCES.get(key)
            if source_key is not None and source_key not in given:
                self.add("site_policies", source_key,
                         f"missing: {key} is set here, so give its source here too")
        try:
            policies = strict_validate(SitePolicies, merged)
        except ValidationError as exc:
            self.problems.extend(problems_from_validation(self.name, "site_policies", merged, exc))
            return base, ()
        return policies, tuple(k for k in given if k in known)

    # ---- site protocols: added, or replacing a bundled one of the same id
    def _site_protocols(self) -> tuple[tuple[SiteProtocol, ...], tuple[str, ...]]:
        bundled = list(self.label.site_protocols)
        items = self._list("site_protocols")
        own: list[SiteProtocol] = []
        for index, item in enumerate(items):
            entry = f"site_protocols[{item_label(item, index)}]"
            if isinstance(item, dict):
                for key in item:
                    if key in ("indication", "risk_max_rate_mg_kg_min", "risk_rule"):
                        self.add(entry, key, _label_fact(key))
            try:
                protocol = strict_validate(SiteProtocol, item)
            except ValidationError as exc:
                for problem in problems_from_validation(self.name, entry, item, exc):
                    if problem.field.split(".")[0] not in ("indication", "risk_max_rate_mg_kg_min",
                                                           "risk_rule"):
                        self.problems.append(problem)
                continue
            if protocol.id == "label":
                self.add(entry, "id", "'label' is reserved for the label protocol")
            elif any(p.id == protocol.id for p in own):
                self.add(entry, "id", f"two site protocols with id '{protocol.id}'")
            else:
                own.append(protocol)
        own_ids = {p.id for p in own}
        merged = [next(o for o in own if o.id == p.id) if p.id in own_ids else p for p in bundled]
        merged += [p for p in own if p.id not in {b.id for b in bundled}]
        return tuple(merged), tuple(p.id for p in own)

    def _defaults(self, protocol_ids: set[str]) -> tuple[ProtocolDefault, ...] | None:
        if "protocol_defaults" not in self.data:
            return None
        products = {p.id for p in self.label.products}
        indications = {i.id for i in self.label.indications}
        found: list[ProtocolDefault] = []
        for index, item in enumerate(self._list("protocol_defaults")):
            entry = f"protocol_defaults[#{index + 1}]"
            try:
                default = strict_validate(ProtocolDefault, item)
            except ValidationError as exc:
                self.problems.extend(problems_from_validation(self.name, entry, item, exc))
                continue
            if default.product != "*" and default.product not in products:
                self.add(entry, "product", f"unknown product id '{default.product}'")
            if default.indication != "*" and default.indication not in indications:
                self.add(entry, "indication", f"unknown indication id '{default.indication}'")
            if default.protocol != "label" and default.protocol not in protocol_ids:
                self.add(entry, "protocol", f"unknown protocol id '{default.protocol}' (known: "
                         + ", ".join(["label", *sorted(protocol_ids)]) + ")")
            found.append(default)
        return tuple(found)

    def _checklist(self) -> tuple[tuple[ChecklistItem, ...] | None, str | None]:
        if "checklist" not in self.data:
            if "checklist_source" in self.data:
                self.add("", "checklist_source", "given without a checklist")
            return None, None
        found: list[ChecklistItem] = []
        for index, item in enumerate(self._list("checklist")):
            entry = f"checklist[{item_label(item, index)}]"
            try:
                found.append(strict_validate(ChecklistItem, item))
            except ValidationError as exc:
                self.problems.extend(problems_from_validation(self.name, entry, item, exc))
        checklist = tuple(found)
        ids = [c.id for c in checklist]
        for dupe in sorted({i for i in ids if ids.count(i) > 1}):
            self.add(f"checklist[{dupe}]", "id", "two checklist items with this id")
        source = self.data.get("checklist_source")
        if not isinstance(source, str) or not source.strip():
            self.add("", "checklist_source", "missing: the site's checklist needs its source")
            source = None
        return checklist, source

    def _reaction_plan(self) -> ReactionPlan | None:
        given = self.data.get("reaction_plan")
        if given is None:
            return None
        if not isinstance(given, dict):
            self.add("", "reaction_plan", "must be an object (premedication, steps, source)")
            return None
        if "source" not in given:
            self.add("reaction_plan", "source", "missing: the site's reaction plan needs its "
                     "source")
        bundled = self.label.reaction_plan
        merged = {**(bundled.model_dump(mode="json") if bundled else {}), **given}
        try:
            return strict_validate(ReactionPlan, merged)
        except ValidationError as exc:
            self.problems.extend(problems_from_validation(self.name, "reaction_plan", merged, exc))
            return None

    # ---- what the pharmacy stocks
    def _stock(self) -> dict[str, tuple[float, ...]] | None:
        if "products" not in self.data:
            return None
        by_id = {p.id: p for p in self.label.products}
        value = self.data["products"]
        if not isinstance(value, list):
            self.add("", "products", "must be a list of stocked products like "
                     "[{\"id\": \"privigen\", \"vials_g\": [10, 20]}]")
        stock: dict[str, tuple[float, ...]] = {}
        for entry_id, item in _entries(value):
            entry = f"products[{entry_id}]"
            if not isinstance(item, dict):
                self.add(entry, "", "must be an object like {\"id\": …, \"vials_g\": […]}")
                continue
            for key in item:
                if key in STOCK_KEYS:
                    continue
                if key == "vials":
                    self.add(entry, key, _label_fact(key) + "; list the stocked sizes in grams "
                             "as vials_g")
                elif key in LABEL_KEYS:
                    self.add(entry, key, _label_fact(key))
                else:
                    self.add(entry, key, "not a field of a stocked product (id, vials_g, note)")
            product_id = item.get("id", entry_id if isinstance(value, dict) else None)
            product = by_id.get(product_id) if isinstance(product_id, str) else None
            if product is None:
                self.add(entry, "id", f"unknown product id {product_id!r}")
                continue
            if product.id in stock:
                self.add(entry, "id", "listed twice")
                continue
            stock[product.id] = self._stocked_sizes(entry, product, item.get("vials_g"))
            note = item.get("note")
            if note is not None and (not isinstance(note, str) or len(note) > 2000):
                self.add(entry, "note", "must be a text")
        return stock

    def _stocked_sizes(self, entry: str, product: Product, sizes: Any) -> tuple[float, ...]:
        label_sizes = tuple(v.grams for v in product.vials)
        if sizes is None:
            return label_sizes
        if not isinstance(sizes, list) or not sizes:
            self.add(entry, "vials_g", "must be a non-empty list of vial sizes in grams")
            return label_sizes
        chosen: list[float] = []
        for size in sizes:
            match = (
                next((g for g in label_sizes if math.isclose(g, size)), None)
                if isinstance(size, int | float) and not isinstance(size, bool) else None
            )
            if match is None:
                self.add(entry, "vials_g", f"{size!r} g is not a {product.brand} vial size "
                         f"(label: {', '.join(f'{g:g}' for g in label_sizes)} g)")
            elif match not in chosen:
                chosen.append(match)
        return tuple(sorted(chosen)) or label_sizes

    def _list(self, key: str) -> list[Any]:
        value = self.data.get(key, [])
        if not isinstance(value, list):
            self.add("", key, "must be a list")
            return []
        return value


def _entries(value: Any) -> list[tuple[str, Any]]:
    """(label, item) of a list (by id) or of an id → item mapping."""
    if isinstance(value, list):
        return [(item_label(item, i), item) for i, item in enumerate(value)]
    if isinstance(value, dict):
        return [(str(k), v) for k, v in value.items()]
    return []


def _label_fact(key: str) -> str:
    return (f"'{key}' is a label fact; a site file holds only site choices and cannot change "
            "it (label data comes from the bundled regimen file)")
