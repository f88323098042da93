"""The security tier (issue 13): hostile requests against the demo region, through the test server.

Its fixtures (``site``, ``functional_demo``, ``region``) are defined once in ``tests/conftest.py``, as for
the integration tier; it runs alone (``pytest tests/security``) or with the other tiers (``pytest tests``).
"""

import pytest


@pytest.fixture(autouse=True)
def _file_d_attente_vide(queue_in_tmp):
    """The huey queue, job records and login-failure counters, empty for each test."""
