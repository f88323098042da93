"""The security tier (issue 13): hostile requests against the demo region, through the test server.

It runs on the integration tier's fixtures (``site``, ``functional_demo``, ``region``; the bare-site tests
sorted first), alone (``pytest tests/security``) or with the other tiers (``pytest tests``). ``import *``
leaves out the names starting with ``_``: the demo layer's fixtures are named one by one.

Run with the integration tier, each layer's session fixture exists twice (one per conftest): the layer is
set up once (zope.pytestlayer skips a layer already up) but each copy would tear it down at the end of the
session, the second time on a layer already gone. A layer is therefore torn down only while it is up.
"""

from zope.pytestlayer import fixture as couches

from tests.integration.conftest import *  # noqa: F401,F403
from tests.integration.conftest import (  # noqa: F401
    _functional_demo,
    _functional_demo_class,
    _functional_demo_session,
    _integration_demo,
    _integration_demo_class,
    _integration_demo_session,
    _keep_functional_session,
    _keep_integration_session,
    _pas_de_site_nu_sur_la_region,
)

_defaire = couches.teardown_layer


def _defaire_une_fois(layer, request):
    if layer in request.session.zopelayer_state.current:
        _defaire(layer, request)


couches.teardown_layer = _defaire_une_fois
