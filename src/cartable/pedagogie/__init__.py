"""Cartable: pedagogy: Course spaces, homework, cahier de textes."""

from zope.i18nmessageid import MessageFactory

PROFILE_ID = "cartable.pedagogie:default"
_ = MessageFactory("cartable.pedagogie")
