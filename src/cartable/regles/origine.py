"""Writes from another site (CSRF) on the JSON services: what a write must show to be taken as Cartable's own.

Pure module. Plone's CSRF token does not protect the JSON services (plone.rest
routes by ``Accept``, which a page elsewhere may set), so the REST base decides:

- A browser sends ``Origin`` on every cross-origin POST, PUT, PATCH and DELETE,
  and ``Sec-Fetch-Site``. A write whose ``Origin`` is not the site's own origin,
  or whose ``Sec-Fetch-Site`` says « cross-site » or « same-site » (a sibling
  sub-domain is another site here), is refused (403) before anything is read.
- A body must be declared ``application/json``: ``text/plain``, urlencoded and
  multipart are the types a page elsewhere may send without asking (no CORS
  preflight); ``application/json`` forces the preflight the site never grants.
- A request without ``Origin`` (scripts, the command line, load tests) is
  accepted: a forged request needs a victim's browser, and browsers send it.
- Behind a proxy that ends TLS, Zope sees ``http://host`` while the browser says
  ``https://host``: the proxy's ``X-Forwarded-Proto`` gives the scheme the browser used.
"""

from urllib.parse import urlsplit

METHODES_ECRITURE = frozenset({"POST", "PUT", "PATCH", "DELETE"})
PORTS_PAR_DEFAUT = {"http": 80, "https": 443}
AUTRE_ORIGINE = "Requête refusée : elle vient d'un autre site que Cartable."
TYPE_JSON = "Le corps doit être envoyé en JSON (en-tête Content-Type: application/json)."


def origine(url: str | None) -> str | None:
    """« scheme://host[:port] » in lower case, the default port dropped; None when it is not an origin."""
    if not url or url == "null":
        return None
    parties = urlsplit(url.strip())
    if parties.scheme not in PORTS_PAR_DEFAUT or not parties.hostname:
        return None
    try:
        port = parties.port
    except ValueError:
        return None
    hote = parties.hostname.lower()
    if ":" in hote:
        hote = f"[{hote}]"  # IPv6
    if port is None or port == PORTS_PAR_DEFAUT[parties.scheme]:
        return f"{parties.scheme}://{hote}"
    return f"{parties.scheme}://{hote}:{port}"


def origines_du_site(url_du_site: str, proto_transmis: str | None = None) -> set:
    """The site's origin as Zope sees it, and as the browser sees it behind a TLS-ending proxy."""
    propre = origine(url_du_site)
    origines = {propre} if propre else set()
    proto = (proto_transmis or "").split(",")[0].strip().lower()
    if propre and proto in PORTS_PAR_DEFAUT:
        hote = urlsplit(url_du_site.strip()).hostname or ""
        hote = f"[{hote}]" if ":" in hote else hote
        origines.add(f"{proto}://{hote.lower()}")
    return origines


def refus_origine(methode: str, entete_origin: str | None, sec_fetch_site: str | None, url_du_site: str,
                  proto_transmis: str | None = None) -> str | None:
    """The French refusal of a write from another site, or None."""
    if methode.upper() not in METHODES_ECRITURE:
        return None
    if (sec_fetch_site or "").strip().lower() in ("cross-site", "same-site"):
        return AUTRE_ORIGINE
    if entete_origin is None or not entete_origin.strip():
        return None
    if entete_origin.strip() == "null" or origine(entete_origin) not in origines_du_site(url_du_site, proto_transmis):
        return AUTRE_ORIGINE
    return None


def refus_type(content_type: str | None) -> str | None:
    """The French refusal of a body not declared as JSON, or None."""
    principal = (content_type or "").split(";", 1)[0].strip().lower()
    if principal == "application/json" or (principal.startswith("application/") and principal.endswith("+json")):
        return None
    return TYPE_JSON
