"""Infusion Planner engine: pure Python, no Qt.

The GUI, the CLI and the PDF exporter all call :func:`planner.plan.engine.build_plan`.
"""

__version__ = "0.1.0"
