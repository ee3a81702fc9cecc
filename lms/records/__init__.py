"""Ausbildungsnachweis (training record): weekly entries, trainer review, locked history, PDF."""
