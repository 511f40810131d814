"""Regimen data: the validated models of the regimen file and its loading."""
