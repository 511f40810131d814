"""Planning: patient, dosing weight, vials, titration, protocols, vitals, warnings,
second check, the engine and plan files."""
