"""Infusion Planner desktop GUI (PySide6).

Widgets only turn the engine's :class:`planner.plan.models.Plan` into pixels and the nurse's
input into :func:`planner.plan.engine.build_plan` calls; the Qt-free modules here (``form``,
``catalog``, ``plan_view``, ``timeline_data``, ``formatting``) hold the logic so it can be
tested without a display.
"""

APP_NAME = "Infusion Planner"
ORGANIZATION = "InfusionPlanner"
