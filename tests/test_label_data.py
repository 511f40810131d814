"""Label corrections to the bundled data, each against numbers worked out by hand."""

from __future__ import annotations

import pytest
from helpers import clock, codes, plan_for, pumps

from planner.regimen.loading import bundled_regimen
from planner.regimen.models import RiskFlag


def test_gammagard_liquid_is_labeled_for_cidp() -> None:
    # 70 kg × 2 g/kg over 2 days = 70 g/day (vials 30+30+10) = 700 mL. 0.5 mL/kg/h × 70 kg
    # = 35 mL/h, doubling every 30 min (site policy; the label gives no steps): 35, 70, 140,
    # 280, then the label maximum 5.4 mL/kg/h × 70 = 378 mL/h.
    plan = plan_for("cidp-loading", "gammagard-liquid", 70)
    assert plan.protocol is not None and plan.protocol.labeled
    assert "OFF_LABEL" not in codes(plan)
    assert plan.days[0].dose_g == 70
    assert pumps(plan) == [35.0, 70.0, 140.0, 280.0, 378.0]
    maintenance = plan_for("cidp-maintenance", "gammagard-liquid", 70)
    assert maintenance.protocol is not None and maintenance.protocol.labeled
    regimen = bundled_regimen().regimen
    for iid in ("cidp-loading", "cidp-maintenance"):
        indication = regimen.indication(iid)
        assert indication is not None and "gammagard-liquid" in indication.labeled_products


def test_gammaplex_10_steps_every_15_minutes() -> None:
    # 70 kg × 400 mg/kg = 28 g → 30 g (20+5+5; 25 g is below 25.2) = 300 mL.
    # 0.5 mg/kg/min × 70 × 60 ÷ 100 = 21 mL/h for 15 min (5.25 mL), then every 15 min:
    # 42 (10.5 mL), 84 (21), 168 (42) = 78.75 mL by 09:00; 8 mg/kg/min = 336 mL/h for
    # 221.25 mL = 39.5 min → 40 min, ends 09:40.
    plan = plan_for("pi", "gammaplex-10", 70)
    assert plan.protocol is not None and plan.protocol.interval_min == 15
    assert plan.protocol.interval_basis == "label"
    assert pumps(plan) == [21.0, 42.0, 84.0, 168.0, 336.0]
    assert clock(plan) == [
        "08:00-08:15", "08:15-08:30", "08:30-08:45", "08:45-09:00", "09:00-09:40",
    ]


def _vials(product_id: str) -> list[float]:
    product = bundled_regimen().regimen.product(product_id)
    assert product is not None
    return [v.grams for v in product.vials]


def test_vial_lists_follow_the_labels() -> None:
    assert _vials("gammaplex-5") == [2.5, 5, 10, 20]
    assert _vials("octagam-5") == [2.5, 5, 10, 25]


def test_gammaplex_5_small_dose_uses_the_2_5_g_vial() -> None:
    # 12 kg × 400 mg/kg = 4.8 g: 5 g (one vial) is nearest within ±10 % (4.32–5.28 g);
    # 20 kg × 400 = 8 g: 7.5 g (5 + 2.5) lies within 7.2–8.8 g, nearer than 10 g (outside).
    plan = plan_for("pi", "gammaplex-5", 20)
    assert plan.days[0].dose_g == 7.5
    assert sorted((v.grams, v.count) for v in plan.days[0].vials) == [(2.5, 1), (5, 1)]


@pytest.mark.parametrize("product", ["octagam-5", "octagam-10"])
def test_corn_allergy_stops_octagam(product: str) -> None:
    indication = "pi" if product == "octagam-5" else "itp"
    plan = plan_for(indication, product, 70, risks=frozenset({RiskFlag.CORN_ALLERGY}))
    assert codes(plan)["MALTOSE_CORN_ALLERGY"] == "stop" and plan.has_stop
    assert "corn" in next(w.source for w in plan.warnings if w.code == "MALTOSE_CORN_ALLERGY")


def test_corn_allergy_does_not_stop_a_product_without_maltose() -> None:
    plan = plan_for("pi", "privigen", 70, risks=frozenset({RiskFlag.CORN_ALLERGY}))
    assert not plan.has_stop and "MALTOSE_CORN_ALLERGY" not in codes(plan)


def test_octagam_5_renal_cap_is_the_label_figure() -> None:
    # 0.5 → 1 → 2 mg/kg/min, then 4 > 3.3: capped at 3.3 × 70 × 60 ÷ 50 = 277.2 mL/h
    plan = plan_for("pi", "octagam-5", 70, risks=frozenset({RiskFlag.RENAL}))
    assert pumps(plan) == [42.0, 84.0, 168.0, 277.2]
    assert plan.protocol is not None and plan.protocol.cap_basis == "label"


def test_bivigam_thrombosis_cap_is_site_policy_the_label_states_none() -> None:
    # Bivigam: 0.5, 1.3, 2.1, 2.9, then 3.7 > 3.3 → 3.3 × 70 × 0.6 = 138.6 mL/h
    plan = plan_for("pi", "bivigam", 70, risks=frozenset({RiskFlag.THROMBOSIS}))
    assert plan.protocol is not None and plan.protocol.cap_basis == "site-policy"
    assert pumps(plan) == [21.0, 54.6, 88.2, 121.8, 138.6]


def test_newly_verified_products_raise_no_unverified_caution() -> None:
    for product in ("octagam-5", "gammaplex-5", "asceniv", "bivigam", "flebogamma-10-dif"):
        assert "UNVERIFIED_PRODUCT" not in codes(plan_for("pi", product, 70))
    for product in ("flebogamma-5-dif", "gammaplex-10"):
        assert codes(plan_for("pi", product, 70))["UNVERIFIED_PRODUCT"] == "caution"
