"""Cartable: directory: Establishments, classes, people and their links."""

from zope.i18nmessageid import MessageFactory

PROFILE_ID = "cartable.annuaire:default"
_ = MessageFactory("cartable.annuaire")
