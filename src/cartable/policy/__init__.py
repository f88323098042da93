"""Cartable: regional site: Site policy: creates the region site, the demo data and the French defaults."""

from zope.i18nmessageid import MessageFactory

PROFILE_ID = "cartable.policy:default"
_ = MessageFactory("cartable.policy")
