"""Bedside: what really happened at the chair (recorded events, re-planning the rest of a day)."""
