"""Test layers: the Cartable add-ons installed in a Plone site (DemoStorage)."""

from plone.app.testing import (
    FunctionalTesting,
    IntegrationTesting,
    PLONE_FIXTURE,
    PloneSandboxLayer,
    applyProfile,
)
from plone.testing import zope

import cartable


class CartableLayer(PloneSandboxLayer):
    defaultBases = (PLONE_FIXTURE,)

    def setUpZope(self, app, configurationContext):
        import plone.restapi

        self.loadZCML(package=plone.restapi)
        self.loadZCML(package=cartable)

    def setUpPloneSite(self, portal):
        applyProfile(portal, "plone.app.contenttypes:default")
        applyProfile(portal, "plone.restapi:default")
        applyProfile(portal, "cartable.policy:default")


CARTABLE_FIXTURE = CartableLayer()

CARTABLE_INTEGRATION_TESTING = IntegrationTesting(
    bases=(CARTABLE_FIXTURE,), name="CartableLayer:IntegrationTesting"
)

CARTABLE_FUNCTIONAL_TESTING = FunctionalTesting(
    bases=(CARTABLE_FIXTURE, zope.WSGI_SERVER_FIXTURE), name="CartableLayer:FunctionalTesting"
)
