"""Command line: ``python -m planner`` and the bundle self-test."""
