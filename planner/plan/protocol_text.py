"""Protocol names in the words the plan, JSON and PDF print (the engine keeps ids)."""

from __future__ import annotations


def label_protocol_name(indication_id: str) -> str:
    """The label's ramp, named with the indication id its label protocol is written for:
    'Label protocol (itp)'."""
    return f"Label protocol ({indication_id})"
