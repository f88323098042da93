"""A query string or form that Zope cannot convert is the client's mistake: 400, never 500 (issue 13).

Zope's form markers (``eleve:int=abc``, ``du:date=x``, ``q:float=…``) are converted by
``HTTPRequest.processInputs`` before any traversal; a value its converter refuses raises a bare
``ValueError``, which Zope answers with a 500 (and the error log with a traceback). Zope has no
option for it: its conversion is wrapped here so that such a request becomes ``BadRequest`` (400,
with the converter's own words). Installed once when cartable.core is imported.
"""

from DateTime.interfaces import DateTimeError
from zExceptions import BadRequest
from ZPublisher.HTTPRequest import HTTPRequest

_ORIGINAL = HTTPRequest.processInputs


def _processInputs(self, *args, **kwargs):
    try:
        return _ORIGINAL(self, *args, **kwargs)
    except (ValueError, TypeError, UnicodeError, DateTimeError) as exc:  # DateTime's own, for :date
        raise BadRequest(f"Paramètre de la requête invalide : {exc}") from None


def installer():
    if HTTPRequest.processInputs is not _processInputs:
        HTTPRequest.processInputs = _processInputs


def verifier(event):
    """Subscriber (IPubStart): the conversion stays wrapped (ZCML imports this module, which wraps it)."""
    installer()


installer()
