"""The site's URL once per request, and its objects' URLs from it: the answers of ``absolute_url``.

Why: Zope's ``absolute_url`` walks the object's acquisition chain, acquires the request, quotes every
name and reads ``SERVER_URL`` through the request's lookup: 13–16 µs each here. A teacher's Mon bureau
asked it about thirty times (the site's, each establishment's, each course space's), a tenth of its blocks.

Same answers: the site's URL is Zope's own (virtual hosting included), computed once per request; an
object below the site is that URL followed by its ids below the site, each quoted as Zope quotes a path
segment (``ZPublisher.BaseRequest.quote``). When the request's virtual root lies below the site (a host
mapped onto one establishment), or there is no Zope request (a script), Zope's ``absolute_url`` answers.
"""

from zope.globalrequest import getRequest
from ZPublisher.BaseRequest import quote

CLE = "cartable.adresses"


def _base(site):
    """(site's physical path, site's URL) for this request, or None when they cannot be shared."""
    autres = getattr(getRequest(), "other", None)
    if not isinstance(autres, dict):
        return None
    chemin = site.getPhysicalPath()
    memo = autres.get(CLE)
    if memo is not None and memo[0] == chemin:
        return memo
    racine = autres.get("VirtualRootPhysicalPath")
    if racine is not None and tuple(racine[:len(chemin)]) != tuple(chemin[:len(racine)]):
        return None  # a virtual root beside the site: let Zope say
    if racine is not None and len(racine) > len(chemin):
        return None  # a virtual root inside the site: objects above it have no URL of this form
    memo = (chemin, site.absolute_url())
    autres[CLE] = memo
    return memo


def url_site(site) -> str:
    """``site.absolute_url()``, once per request."""
    base = _base(site)
    return base[1] if base is not None else site.absolute_url()


def url_sous_site(site, *noms) -> str:
    """The URL of the object at ids ``noms`` below the site (``etablissement``, ``classe``, ``espace``…)."""
    base = _base(site)
    if base is None:
        return site.unrestrictedTraverse("/".join(noms)).absolute_url()
    return base[1] + "".join("/" + quote(nom) for nom in noms)


def url(site, objet) -> str:
    """``objet.absolute_url()`` for an object inside the site (another object: Zope's answer)."""
    base = _base(site)
    if base is None:
        return objet.absolute_url()
    chemin = objet.getPhysicalPath()
    if chemin[:len(base[0])] != base[0]:
        return objet.absolute_url()
    return base[1] + "".join("/" + quote(nom) for nom in chemin[len(base[0]):])
