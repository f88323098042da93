"""What several of core's endpoints share: the notifications' reader."""

from AccessControl import getSecurityManager
from plone import api
from zope.component import queryUtility
from zope.interface import Interface

from cartable.core.refus import NonConnecte
from cartable.core.services.base import ServiceCartable


class ITitulaireDeBoite(Interface):
    """Whose notification box a logged-in user reads: a callable ``(site, login) -> box id``.

    The directory registers one (a person's directory id); core imports no add-on, so
    without it the box is the login's.
    """


def titulaire(site, login):
    """The box id of ``login``: the directory's answer, else the login itself."""
    trouver = queryUtility(ITitulaireDeBoite)
    return trouver(site, login) if trouver is not None else login


class ServiceNotifications(ServiceCartable):
    """On the site: the logged-in person's own notifications (by directory id, or login outside it)."""

    def arguments(self):
        if api.user.is_anonymous():
            raise NonConnecte("Connectez-vous pour lire vos notifications.")
        return (titulaire(api.portal.get(), getSecurityManager().getUser().getId()),)
