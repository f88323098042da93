"""Shared pytest configuration: .po files are compiled at load, as in the instance; the clock is frozen."""

import os
from datetime import datetime

import pytest

os.environ.setdefault("zope_i18n_compile_mo_files", "true")


@pytest.fixture(autouse=True)
def horloge_figee():
    """Every test runs on Tuesday 17 November 2026 at 10:00 (Paris), a day of the demo school year,
    unless it sets its own moment with ``horloge.figer(...)``; the clock is freed after the test."""
    from cartable.core import horloge

    horloge.figer(datetime(2026, 11, 17, 10, 0))
    yield
    horloge.liberer()
