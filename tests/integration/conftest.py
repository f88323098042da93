"""The integration tier: its fixtures are defined once in ``tests/conftest.py`` (Plone layers, the demo region,
``site``, ``region``); here, every test gets an empty queue. The request helper is
``tests.integration.requetes.client(site, role)``."""

import pytest


@pytest.fixture(autouse=True)
def _file_d_attente_vide(queue_in_tmp):
    """The huey queue, job records and login-failure counters, empty for each test."""
