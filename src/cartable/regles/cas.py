"""Cartable as a CAS server (protocol 2.0 and 3.0): the rules, without Zope.

Pure module (standard library only).

- **Services**: the regional administrator registers each application by a URL pattern
  (``https://hote[:port]/chemin``), a name and the attributes it receives. A service URL matches a
  pattern when its scheme and host (port included) are the pattern's exactly and its path starts
  with the pattern's path at a ``/`` boundary; a URL with user information (``https://a@b``), a
  fragment, or another scheme than http(s) never matches. Nothing else is a redirect target.
- **Tickets**: ``ST-`` followed by 43 random URL-safe characters (256 bits, ``secrets``), for one
  service, valid ``DUREE_TICKET`` seconds (10 s, as the CAS specification recommends) and for one
  validation attempt only, successful or not (the caller consumes it atomically before checking).
- **Answers**: the XML of ``/serviceValidate`` (2.0: the user only) and ``/p3/serviceValidate``
  (3.0: the user and ``<cas:attributes>``), failures with the specification's codes
  ``INVALID_REQUEST``, ``INVALID_TICKET_SPEC``, ``INVALID_TICKET``, ``INVALID_SERVICE``.
"""

import re
import secrets
from dataclasses import dataclass, field
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit
from xml.etree import ElementTree

NS = "http://www.yale.edu/tp/cas"
DUREE_TICKET = 10  # seconds to validate a ticket (CAS 3.0 specification, 3.1.1: 10 s recommended)
DUREE_RENOUVELLEMENT = 5 * 60  # seconds to type one's password after a renew=true
PREFIXE = "ST-"
TICKET = re.compile(r"^ST-[A-Za-z0-9_-]{32,250}$")
URL_MAX = 2000

# the attributes a service may receive: name → what it is (the table of docs/sso.md)
ATTRIBUTS = {
    "login": "l'identifiant de connexion à Cartable",
    "aaf_id": "l'identifiant AAF de la personne (sa jointure)",
    "profil": "Eleve, PersRelEleve (responsable) ou PersEducNat (personnel)",
    "uai": "l'UAI de chaque établissement de rattachement",
    "classes": "chaque classe, « UAI$code » (élève : la sienne, enseignant : les siennes)",
}

INVALID_REQUEST = "INVALID_REQUEST"
INVALID_TICKET_SPEC = "INVALID_TICKET_SPEC"
INVALID_TICKET = "INVALID_TICKET"
INVALID_SERVICE = "INVALID_SERVICE"

ElementTree.register_namespace("cas", NS)


class ServiceInvalide(ValueError):
    """A service registration refused; the message is French, shown as is."""


@dataclass(frozen=True)
class Service:
    motif: str
    nom: str
    attributs: tuple = field(default_factory=tuple)

    def en_dict(self):
        return {"motif": self.motif, "nom": self.nom, "attributs": list(self.attributs)}


def _decouper(url):
    if not isinstance(url, str) or not url or len(url) > URL_MAX or any(c.isspace() or ord(c) < 32 for c in url):
        return None
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018  (a bad port raises here)
    except ValueError:
        return None
    if parts.scheme not in ("http", "https") or not parts.hostname or "@" in parts.netloc or "\\" in url:
        return None
    return parts


def lire_service(donnees) -> Service:
    """A service registration from the administrator's JSON: ``motif``, ``nom``, ``attributs``."""
    if not isinstance(donnees, dict):
        raise ServiceInvalide("Attendu : un objet avec « motif », « nom » et « attributs ».")
    motif, nom, attributs = donnees.get("motif"), donnees.get("nom"), donnees.get("attributs", [])
    parts = _decouper(motif.strip() if isinstance(motif, str) else None)
    if parts is None or parts.query or parts.fragment:
        raise ServiceInvalide("Le motif doit être une adresse http(s)://hôte/chemin, sans paramètres.")
    if not isinstance(nom, str) or not nom.strip() or len(nom) > 200:
        raise ServiceInvalide("Donnez le nom de l'application (200 caractères au plus).")
    if not isinstance(attributs, list) or any(a not in ATTRIBUTS for a in attributs):
        raise ServiceInvalide("Attributs possibles : " + ", ".join(ATTRIBUTS) + ".")
    ordonnes = tuple(a for a in ATTRIBUTS if a in attributs)
    return Service(motif=urlunsplit(parts._replace(netloc=parts.netloc.lower())), nom=nom.strip(), attributs=ordonnes)


def correspond(service_url, motif) -> bool:
    """Whether a service URL falls under a registered pattern (exact scheme and host, path prefix)."""
    url, modele = _decouper(service_url), _decouper(motif)
    if url is None or modele is None or url.fragment:
        return False
    if (url.scheme, url.netloc.lower()) != (modele.scheme, modele.netloc.lower()):
        return False
    chemin, prefixe = url.path or "/", modele.path or "/"
    if ".." in chemin.split("/"):
        return False
    return chemin == prefixe or chemin.startswith(prefixe if prefixe.endswith("/") else prefixe + "/")


def service_enregistre(service_url, services):
    """The first registered service the URL falls under, else None."""
    return next((s for s in services if correspond(service_url, s.motif)), None)


def nouveau_ticket() -> str:
    return PREFIXE + secrets.token_urlsafe(32)


def ticket_bien_forme(ticket) -> bool:
    return isinstance(ticket, str) and bool(TICKET.match(ticket))


def expire(cree: float, maintenant: float, duree=DUREE_TICKET) -> bool:
    return not (cree <= maintenant < cree + duree)


def url_avec_ticket(service_url, ticket) -> str:
    """The service URL with ``ticket=`` added (a ``ticket`` already there is replaced)."""
    parts = urlsplit(service_url)
    requete = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if k != "ticket"]
    return urlunsplit(parts._replace(query=urlencode(requete + [("ticket", ticket)])))


def vrai(valeur) -> bool:
    """A CAS boolean parameter (``renew``, ``gateway``): set and not « false »."""
    return isinstance(valeur, str) and valeur.strip().lower() not in ("", "false", "0")


# -- what /cas/login does ---------------------------------------------------------------------------

DEMANDER_CONNEXION = "connexion"  # to Cartable's login form, then back
RENOUVELER = "renouveler"  # end the session, then the login form, then back
SANS_TICKET = "sans_ticket"  # gateway: back to the service, no ticket
TICKET_EMIS = "ticket"
REFUS_SERVICE = "refus_service"
REFUS_PERSONNE = "refus_personne"
DEJA_CONNECTE = "deja_connecte"  # no service: a page saying so


def decision_login(*, service_url, services, connecte, personne_active, renew, gateway, renouvele):
    """What ``/cas/login`` answers. ``renouvele``: the person just typed their password after a
    ``renew=true`` (the caller proves it). ``renew`` takes precedence over ``gateway`` (3.0, 2.1.1)."""
    if service_url:
        if service_enregistre(service_url, services) is None:
            return REFUS_SERVICE
    if renew and not renouvele:
        return RENOUVELER
    if not connecte:
        return SANS_TICKET if gateway and service_url and not renew else DEMANDER_CONNEXION
    if not service_url:
        return DEJA_CONNECTE
    if not personne_active:
        return REFUS_PERSONNE
    return TICKET_EMIS


def verifier_validation(*, service_url, ticket, enregistrement, maintenant, renew=False):
    """(code, message) of a refusal, else None. ``enregistrement``: what the store gave back when the
    ticket was consumed (``service``, ``login``, ``cree``, ``renouvele``), None if unknown or used."""
    if not service_url or not ticket:
        return INVALID_REQUEST, "Les paramètres « service » et « ticket » sont obligatoires."
    if not ticket_bien_forme(ticket):
        return INVALID_TICKET_SPEC, f"Ticket {ticket[:60]!r} mal formé."
    if enregistrement is None:
        return INVALID_TICKET, f"Ticket {ticket} inconnu ou déjà utilisé."
    if expire(enregistrement["cree"], maintenant):
        return INVALID_TICKET, f"Ticket {ticket} expiré."
    if enregistrement["service"] != service_url:
        return INVALID_SERVICE, f"Le ticket {ticket} n'a pas été délivré pour ce service."
    if renew and not enregistrement.get("renouvele"):
        return INVALID_TICKET, f"Le ticket {ticket} ne vient pas d'une saisie du mot de passe (renew)."
    return None


def attributs_publies(tous: dict, service: Service) -> dict:
    """Only the attributes the service was registered for, each a list of strings."""
    publies = {}
    for nom in service.attributs:
        valeur = tous.get(nom)
        valeurs = [valeur] if isinstance(valeur, str) else list(valeur or ())
        if valeurs := [v for v in valeurs if v]:
            publies[nom] = valeurs
    return publies


# -- the XML answers ------------------------------------------------------------------------------

def _q(nom):
    return f"{{{NS}}}{nom}"


def _xml(racine) -> str:
    return ElementTree.tostring(racine, encoding="unicode")


def reponse_succes(user, attributs=None) -> str:
    """``<cas:authenticationSuccess>``; ``attributs`` (3.0 only) as ``<cas:attributes>``."""
    racine = ElementTree.Element(_q("serviceResponse"))
    succes = ElementTree.SubElement(racine, _q("authenticationSuccess"))
    ElementTree.SubElement(succes, _q("user")).text = user
    if attributs is not None:
        bloc = ElementTree.SubElement(succes, _q("attributes"))
        for nom, valeurs in attributs.items():
            for valeur in valeurs:
                ElementTree.SubElement(bloc, _q(nom)).text = valeur
    return _xml(racine)


def reponse_echec(code, message) -> str:
    racine = ElementTree.Element(_q("serviceResponse"))
    echec = ElementTree.SubElement(racine, _q("authenticationFailure"), code=code)
    echec.text = message
    return _xml(racine)
