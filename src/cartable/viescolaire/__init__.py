"""Cartable: school life: Timetables, roll call, absences, follow-up."""

from zope.i18nmessageid import MessageFactory

PROFILE_ID = "cartable.viescolaire:default"
_ = MessageFactory("cartable.viescolaire")
