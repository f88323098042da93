"""The instance's WSGI filter ``entetes`` (instance/templates/zope.ini.in): no ``X-Powered-By``.

Zope writes ``X-Powered-By: Zope (www.zope.dev), Python (www.python.org)`` on every response; it is
hard-coded in ``ZPublisher.HTTPResponse.listHeaders``, with no zope.conf or WSGI option to turn it off
(the Zope maintainers' answer: strip it in front of Zope). This filter, first in the pipeline, strips
it from every answer, the exception pages included. It tells an attacker which software to aim at
and nothing to anybody else.

The same filter answers 503 with ``Retry-After`` when the storage cannot be reached while Zope opens or
closes a request's ZODB connection, outside any exception view (``cartable.core.indisponible.garde``).
"""

from cartable.core.indisponible import garde

RETIRES = frozenset({"x-powered-by"})


def sans_en_tetes_bavards(app):
    """``app`` with the headers of ``RETIRES`` taken out of every response."""

    def filtre(environ, start_response):
        def demarrer(status, headers, exc_info=None):
            garder = [(nom, valeur) for nom, valeur in headers if nom.lower() not in RETIRES]
            return start_response(status, garder, exc_info)

        return app(environ, demarrer)

    return filtre


def filter_factory(global_conf, **local_conf):
    """PasteDeploy's entry (``use = call:cartable.ops.entetes:filter_factory``)."""
    return lambda app: sans_en_tetes_bavards(garde(app))
