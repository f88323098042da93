"""Cartable: grades and report cards: Evaluations, averages, report cards, LSU."""

from zope.i18nmessageid import MessageFactory

PROFILE_ID = "cartable.notes:default"
_ = MessageFactory("cartable.notes")
