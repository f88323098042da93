"""Cartable: l'ENT libre des collèges et lycées d'une région."""
