"""Shared pieces of the REST services."""

from plone.restapi.services import Service
from zope.interface import implementer
from zope.publisher.interfaces import IPublishTraverse


@implementer(IPublishTraverse)
class ServiceAvecChemin(Service):
    """A service that takes one path segment after its name: @nom/<param>."""

    def __init__(self, context, request):
        super().__init__(context, request)
        self.params = []

    def publishTraverse(self, request, name):
        self.params.append(name)
        return self

    def param(self):
        """The one segment, or '' when there is none or more than one."""
        return self.params[0] if len(self.params) == 1 else ""
