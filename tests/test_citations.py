"""Every source the app prints is a public document a pharmacist can open: never an internal
working note, an issue number or an empty string."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any

import pytest
from helpers import START

from planner.core.resources import bundled_regimen_path
from planner.plan.engine import build_plan
from planner.plan.patient import Patient, PlanRequest
from planner.regimen.loading import bundled_regimen
from planner.regimen.models import RiskFlag, Route

INTERNAL = re.compile(
    r"issue\s*#?\s*\d+|\bproducts\.md|\bindications\.md|label-check|000_8a04|\bseed\b"
    r"|/work/|shared/reference|\.md\b|reference file|\(recalled",
    re.IGNORECASE,
)


def internal_reason(text: str) -> str | None:
    """Why a source string is not a public citation, or None when it is one."""
    if not text.strip():
        return "empty"
    found = INTERNAL.search(text)
    return f"names '{found.group(0)}'" if found else None


def policy_reason(text: str) -> str | None:
    """Why a site-policy source does not read as one: it must say it is the site's choice, so
    that nobody takes an editable default for a label figure."""
    if not text.strip():
        return "empty"
    return None if "site policy" in text.lower() else "does not say 'site policy'"


PUBLIC_ADDRESS = re.compile(
    # a web address
    r"\b[a-z0-9-]+(\.[a-z0-9-]+)*\.(com|org|gov|net|edu|int|eu|au|ca|uk|it|de|ai|report)\b"
    r"|\b(19|20)\d\d;\d+",  # a journal citation: year;volume
    re.IGNORECASE,
)
HEDGE = re.compile(r"\b(common(ly)?|typical(ly)?|usual(ly)?)\b", re.IGNORECASE)
SHORT_SETID = re.compile(r"setid[ =]?[0-9a-f]{8}(?!-)", re.IGNORECASE)


def openable_reason(text: str) -> str | None:
    """Why a source cannot be opened by a pharmacist: it calls something common, typical or usual
    without naming where that is written, or gives a DailyMed set id too short to look up."""
    if (hedge := HEDGE.search(text)) and not PUBLIC_ADDRESS.search(text):
        return f"says '{hedge.group(0)}' without a public document's address"
    if (short := SHORT_SETID.search(text)) is not None:
        return f"'{short.group(0)}' is not a whole DailyMed set id"
    return None


def _sources(node: Any, where: str = "") -> Iterator[tuple[str, Any]]:
    """Every value stored under a key that names a source, with its JSON path."""
    if isinstance(node, dict):
        for key, value in node.items():
            path = f"{where}.{key}" if where else key
            if "source" in key:
                if isinstance(value, dict):
                    yield from ((f"{path}.{k}", v) for k, v in value.items())
                else:
                    yield path, value
            yield from _sources(value, path)
    elif isinstance(node, list):
        for n, value in enumerate(node):
            yield from _sources(value, f"{where}[{n}]")


@pytest.mark.parametrize(
    ("text", "bad"),
    [
        ("Site policy (issue 7): order set", True),
        ("products.md, Recalled", True),
        ("seed: Monitoring During Administration", True),
        ("indications.md, measles-pep", True),
        ("label-check-2026-11.md", True),
        ("reference file 000_8a04c0140f2b82d7.txt", True),
        ("   ", True),
        ("Privigen US PI §2.1 table; privigen.com/Dosing, read 2026-11", False),
        ("AHA scientific statement on Kawasaki disease (2017)", False),
    ],
)
def test_the_check_tells_internal_from_public(text: str, bad: bool) -> None:
    assert (internal_reason(text) is not None) is bad


def test_every_source_in_the_bundled_file_is_public() -> None:
    data = json.loads(bundled_regimen_path().read_text(encoding="utf-8"))
    found = list(_sources(data))
    assert len(found) > 100  # the walk really reaches products, protocols and indications
    bad = [
        f"{path}: {reason}"
        for path, value in found
        if (reason := internal_reason(value if isinstance(value, str) else "")) is not None
    ]
    assert not bad, "\n".join(bad)


def test_no_note_or_message_names_an_internal_document() -> None:
    text = bundled_regimen_path().read_text(encoding="utf-8")
    assert not re.search(
        r"issue [0-9]+|products\.md|indications\.md|label-check[^\"]*\.md|000_8a04", text,
        re.IGNORECASE,
    )


def test_every_plan_cites_public_sources_only() -> None:
    """Sources the engine adds itself (warnings, site policies) are checked too."""
    regimen = bundled_regimen().regimen
    risks = frozenset(RiskFlag) - {RiskFlag.IGA_ANTIBODIES}
    for indication in regimen.indications:
        for product in regimen.products:
            if product.route is not indication.route:
                continue
            for first in (False, True):
                patient = Patient(weight_kg=70, risks=risks | {RiskFlag.IGA_ANTIBODIES},
                                  first_infusion=first)
                plan = build_plan(PlanRequest(
                    patient=patient, indication_id=indication.id, product_id=product.id,
                    start=START,
                ))
                cited = [*plan.sources, *plan.site_policy_sources,
                         *(w.source for w in plan.warnings)]
                if plan.protocol is not None:
                    cited += [plan.protocol.source, plan.protocol.step_source]
                bad = [s for s in cited if internal_reason(s) is not None]
                assert not bad, (indication.id, product.id, bad)
                assert indication.route is Route.IM or plan.protocol is not None


@pytest.mark.parametrize(
    ("text", "bad"),
    [
        ("Common ward pumps deliver up to 999 mL/h", True),
        ("BD Alaris operator manual: 0.1–999 mL/h", True),
        ("", True),
        ("Site policy: the most the site's pumps deliver (confirm with biomedical engineering)",
         False),
        ("Site policy selected: bmi-30-adults", False),
    ],
)
def test_the_check_tells_a_policy_source_from_a_label_citation(text: str, bad: bool) -> None:
    assert (policy_reason(text) is not None) is bad


def test_every_site_policy_source_says_it_is_site_policy() -> None:
    """Read from the loaded file, so the model's defaults (e.g. the pump maximum's source, absent
    from the bundled JSON) are checked as well as the file's own texts."""
    site = bundled_regimen().regimen.site_policies
    found = [(path, value) for path, value in _sources(site.model_dump(mode="json"))
             if value is not None]
    assert len(found) > 15  # the walk reaches nested policies (dosing weight, vitals, chair)
    assert any(path == "pump_max_source" for path, _ in found)
    bad = [f"{path}: {reason}" for path, value in found
           if (reason := policy_reason(value if isinstance(value, str) else "")) is not None]
    assert not bad, "\n".join(bad)


@pytest.mark.parametrize(
    ("text", "bad"),
    [
        ("Site policy: a common US hospital order-set rule", True),
        ("hospital order sets commonly cap at 150–250 mL/h", True),
        ("Site policy default: common ward pumps are programmable up to 999 mL/h", True),
        ("Gammaplex 10 % US PI §1 (DailyMed setid 2098af41, read 2026-11)", True),
        ("usual range 1–999 mL/h (public copy basicmedicalkey.com/infusion-pumps)", False),
        ("IVIG 2 g/kg, usually over 10–12 h (Circulation 2017;135:e927–e999)", False),
        ("DailyMed setid 2098af41-aec7-4af7-98bb-54f8ab55f30e", False),
        ("Privigen US PI §2.1 table; privigen.com/Dosing, read 2026-11", False),
    ],
)
def test_the_check_tells_an_openable_source(text: str, bad: bool) -> None:
    assert (openable_reason(text) is not None) is bad


def test_every_source_can_be_opened() -> None:
    """In the bundled file and in the model's site-policy defaults: nothing 'common' or 'usual'
    without a document, no set id cut short."""
    file_data = json.loads(bundled_regimen_path().read_text(encoding="utf-8"))
    site = bundled_regimen().regimen.site_policies.model_dump(mode="json")
    found = [*_sources(file_data), *(("site_policies." + p, v) for p, v in _sources(site))]
    bad = [f"{path}: {reason}" for path, value in found if isinstance(value, str)
           and (reason := openable_reason(value)) is not None]
    assert not bad, "\n".join(bad)


def address_reason(text: str) -> str | None:
    """Why a source that is not a site policy cannot be found: a label, leaflet or guideline is
    cited without an address or a journal reference where a pharmacist could open it."""
    if "site policy" in text.lower() or PUBLIC_ADDRESS.search(text):
        return None
    return "names no public address"


@pytest.mark.parametrize(
    ("text", "bad"),
    [
        ("Flebogamma 10 % DIF US PI §4 (intolerance to fructose; sorbitol); EU SmPC §4.3", True),
        ("Flebogamma 5 % DIF US PI §2: preparation not read (DailyMed)", True),
        ("Privigen US PI §2.1 table; privigen.com/Dosing, read 2026-11", False),
        ("Gammaplex 10 % US PI §1 (copy fda.report/DailyMed/2098af41-aec7-4af7-98bb-54f8ab55f30e)",
         False),
        ("online clinical summary (droracle.ai/articles/300908, updated 2025-09-03)", False),
        ("IVIG 2 g/kg, usually over 10–12 h (Circulation 2017;135:e927–e999)", False),
        ("Site policy (chair booking, not a clinical figure; set by the unit)", False),
    ],
)
def test_the_check_tells_a_citation_without_an_address(text: str, bad: bool) -> None:
    assert (address_reason(text) is not None) is bad


def test_every_label_source_names_where_to_read_it() -> None:
    """Every source in the bundled file and the model's site-policy defaults is either the site's
    own choice or names the public address (or journal) of the document it cites."""
    file_data = json.loads(bundled_regimen_path().read_text(encoding="utf-8"))
    site = bundled_regimen().regimen.site_policies.model_dump(mode="json")
    found = [*_sources(file_data), *(("site_policies." + p, v) for p, v in _sources(site))]
    assert len(found) > 100
    bad = [f"{path}: {reason}" for path, value in found if isinstance(value, str)
           and (reason := address_reason(value)) is not None]
    assert not bad, "\n".join(bad)


def test_every_unverified_product_says_what_was_not_checked() -> None:
    """A product not marked verified tells the pharmacist why in a note of its own (what was not
    read in the label), and a verified one carries no such note: the flag and the words agree."""
    regimen = bundled_regimen().regimen
    assert any(not p.verified for p in regimen.products)  # the check has something to check
    for product in regimen.products:
        why = [n for n in product.notes if n.startswith("Not marked verified:")]
        if product.verified:
            assert not why, product.id
        else:
            assert len(why) == 1 and "not" in why[0][len("Not marked verified:"):], product.id
