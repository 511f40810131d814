"""A step rule in words, the same for the plan, the PDF and the regimen review tools."""

from __future__ import annotations

from planner.regimen.models import TitrationSpec


def describe_step_rule(protocol: TitrationSpec, site_factor: float) -> str:
    rule = protocol.steps
    unit = protocol.unit.value
    if rule.kind == "site-default":
        return f"double the rate (site policy ×{site_factor:g}) up to the maximum"
    if rule.kind == "multiply":
        return f"multiply the rate by {rule.factor:g} up to the maximum"
    if rule.kind == "add":
        return f"add {rule.increment:g} {unit} up to the maximum"
    values = ", ".join(f"{v:g}" for v in rule.values or ())
    if rule.kind == "multiples":
        return f"×{values.replace(', ', ', ×')} the initial rate"
    return f"{values} {unit}"
