"""Grades and report cards: pure modules."""
