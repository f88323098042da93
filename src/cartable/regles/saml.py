"""Cartable as a SAML 2.0 service provider (ÉduConnect, the académie's agents): the rules, without Zope.

Pure module (standard library only). The protocol itself (signatures, audience, ``InResponseTo``,
the validity window) is checked by pysaml2 in ``cartable.annuaire.saml``; here is what Cartable
decides around it:

- **Configuration** (``lire_configuration``): the service provider (entity id, key, certificate) and
  the identity providers a region declares, each of a known kind (``educonnect``, ``agents``) with
  its entity id, its metadata file and, if needed, another attribute mapping. French errors.
- **Which identifier**: ÉduConnect sends ``FrEduCtRefId`` values ``{AAF}<académie>|<…>|<jointure>``
  (one per AAF record of the account: a parent of children in two académies has two), the agents'
  provider a vector ``FrEduVecteur`` ``<profil>|<nom>|<prénom>|<jointure>|<UAI>``; Cartable takes the
  AAF identifier (the directory's jointure) out of them, **never** the names.
- **Which person** (``designer``): the identifiers are looked up in the directory; one active
  person of an admitted profile is the answer; nobody, a deactivated account, a profile the provider
  does not serve, or two different people give a refusal with a French reason. No account is ever
  created.
- **Which browser** (``meme_navigateur``): only the browser that started a login may finish it.
- **Where to go after** (``destination_sure``): a path of the site only (no open redirect), else
  Mon bureau.
- **Time** (``verifier_fenetre``): the assertion's window, with a skew of ``MARGE`` seconds at most,
  and a lifetime of ``DUREE_MAX_ASSERTION`` at most (the replay store keeps the ids that long).
"""

import hmac
import re
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from urllib.parse import urlsplit

MARGE = 60  # seconds of clock skew accepted between the identity provider and Cartable
DUREE_MAX_ASSERTION = 60 * 60  # an assertion valid longer than this is refused (its id is kept that long)
DUREE_DEMANDE = 10 * 60  # seconds to come back from the identity provider with the answer to a request
URL_MAX = 2000

EDUCONNECT, AGENTS = "educonnect", "agents"
AUTRE_COMPTE = "Autre compte"

# the kinds of identity providers, in the order of the login page
GENRES = {
    EDUCONNECT: {
        "libelle": "Élève ou parent (ÉduConnect)",
        "attributs": ("FrEduCtRefId",),
        "format": "aaf",
        "profils": ("Eleve", "PersRelEleve"),
    },
    AGENTS: {
        "libelle": "Personnel de l'Éducation nationale",
        "attributs": ("FrEduVecteur",),
        "format": "vecteur",
        "profils": ("PersEducNat",),
    },
}
FORMATS = ("aaf", "vecteur", "brut")

# académie codes of the AAF vectors (BCE nomenclature) → the prefix some regions put before the jointure
ACADEMIES = {
    "00": "ETRANGER", "01": "PARIS", "02": "AIX-MARSEILLE", "03": "BESANCON", "04": "BORDEAUX", "05": "CAEN",
    "06": "CLERMONT-FERRAND", "07": "DIJON", "08": "GRENOBLE", "09": "LILLE", "10": "LYON", "11": "MONTPELLIER",
    "12": "NANCY-METZ", "13": "POITIERS", "14": "RENNES", "15": "STRASBOURG", "16": "TOULOUSE", "17": "NANTES",
    "18": "ORLEANS-TOURS", "19": "REIMS", "20": "AMIENS", "21": "ROUEN", "22": "LIMOGES", "23": "NICE",
    "24": "CRETEIL", "25": "VERSAILLES", "27": "CORSE", "28": "LA_REUNION", "31": "MARTINIQUE", "32": "GUADELOUPE",
    "33": "GUYANE", "43": "MAYOTTE", "70": "NORMANDIE",
}

JOINTURE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.:$-]{0,63}$")
ID_SAML = re.compile(r"^[A-Za-z_][A-Za-z0-9_.-]{0,255}$")  # an xsd:ID (NCName), bounded

# refusals: code → (title, text), shown as is on the French page
INCONNU, DESACTIVE, PROFIL, AMBIGU, SANS_IDENTIFIANT = "inconnu", "desactive", "profil", "ambigu", "sans_identifiant"
REFUS = {
    INCONNU: ("Compte inconnu de Cartable",
              "Votre identité a bien été vérifiée, mais elle ne correspond à aucune personne de l'annuaire de la "
              "région. Aucun compte n'a été créé. Adressez-vous au secrétariat de votre établissement : il vérifiera "
              "votre fiche dans l'annuaire."),
    DESACTIVE: ("Compte désactivé",
                "Votre compte Cartable est désactivé : vous ne pouvez plus vous connecter. Si c'est une erreur, "
                "adressez-vous au secrétariat de votre établissement."),
    PROFIL: ("Connexion par ce service impossible",
             "Ce service d'identification ne permet pas d'ouvrir votre compte Cartable. Revenez à la page de "
             "connexion et choisissez le service qui correspond à votre profil."),
    AMBIGU: ("Plusieurs comptes correspondent",
             "Votre identité correspond à plusieurs personnes de l'annuaire : Cartable ne choisit pas à votre place. "
             "Aucune connexion n'a été ouverte. Adressez-vous au secrétariat de votre établissement."),
    SANS_IDENTIFIANT: ("Identifiant manquant",
                       "Le service d'identification n'a pas transmis d'identifiant de l'annuaire pour votre compte. "
                       "Aucune connexion n'a été ouverte. Adressez-vous au secrétariat de votre établissement."),
}


class ConfigurationInvalide(ValueError):
    """The SAML configuration refused; the message is French."""


@dataclass(frozen=True)
class Fournisseur:
    nom: str  # educonnect | agents
    entity_id: str
    metadonnees: str  # a metadata file
    libelle: str
    attributs: tuple
    format: str
    profils: tuple
    prefixe_academie: bool = False
    deconnexion: bool = True  # single logout, when the metadata offers it


@dataclass(frozen=True)
class Configuration:
    entity_id: str
    cle: str
    certificat: str
    fournisseurs: dict = field(default_factory=dict)  # nom → Fournisseur, in GENRES' order

    def fournisseur(self, nom):
        return self.fournisseurs.get(nom) if isinstance(nom, str) else None

    def par_entity_id(self, entity_id):
        return next((f for f in self.fournisseurs.values() if f.entity_id == entity_id), None)


def _texte(donnees, cle, ou, requis=True):
    valeur = donnees.get(cle)
    if valeur is None and not requis:
        return None
    if not isinstance(valeur, str) or not valeur.strip():
        raise ConfigurationInvalide(f"{ou} : « {cle} » manque ou n'est pas un texte.")
    return valeur.strip()


def lire_configuration(donnees) -> Configuration:
    """The SAML configuration from its JSON (docs/sso.md, « Configurer ÉduConnect »)."""
    if not isinstance(donnees, dict):
        raise ConfigurationInvalide("Configuration SAML : un objet JSON est attendu.")
    sp = donnees.get("fournisseur_de_services")
    if not isinstance(sp, dict):
        raise ConfigurationInvalide("Configuration SAML : « fournisseur_de_services » manque.")
    ou = "fournisseur_de_services"
    entity_id, cle, certificat = _texte(sp, "entity_id", ou), _texte(sp, "cle", ou), _texte(sp, "certificat", ou)
    idps = donnees.get("fournisseurs_d_identite", {})
    if not isinstance(idps, dict):
        raise ConfigurationInvalide("Configuration SAML : « fournisseurs_d_identite » doit être un objet.")
    inconnus = sorted(set(idps) - set(GENRES))
    if inconnus:
        raise ConfigurationInvalide(f"Fournisseur d'identité inconnu : {', '.join(inconnus)} "
                                    f"(attendus : {', '.join(GENRES)}).")
    fournisseurs, entites = {}, set()
    for nom, genre in GENRES.items():
        if nom not in idps:
            continue
        idp, ou = idps[nom], f"fournisseurs_d_identite.{nom}"
        if not isinstance(idp, dict):
            raise ConfigurationInvalide(f"{ou} : un objet est attendu.")
        attributs = idp.get("attributs", list(genre["attributs"]))
        if isinstance(attributs, str):
            attributs = [attributs]
        if not isinstance(attributs, list) or not attributs or not all(isinstance(a, str) and a for a in attributs):
            raise ConfigurationInvalide(f"{ou} : « attributs » doit être une liste de noms d'attributs.")
        format_ = idp.get("format", genre["format"])
        if format_ not in FORMATS:
            raise ConfigurationInvalide(f"{ou} : « format » doit être l'un de {', '.join(FORMATS)}.")
        prefixe = idp.get("prefixe_academie", False)
        deconnexion = idp.get("deconnexion_unique", True)
        if not isinstance(prefixe, bool) or not isinstance(deconnexion, bool):
            raise ConfigurationInvalide(f"{ou} : « prefixe_academie » et « deconnexion_unique » valent true ou false.")
        fournisseur = Fournisseur(
            nom=nom, entity_id=_texte(idp, "entity_id", ou), metadonnees=_texte(idp, "metadonnees", ou),
            libelle=_texte(idp, "libelle", ou, requis=False) or genre["libelle"], attributs=tuple(attributs),
            format=format_, profils=genre["profils"], prefixe_academie=prefixe, deconnexion=deconnexion)
        if fournisseur.entity_id in entites:
            raise ConfigurationInvalide(f"{ou} : l'entity id {fournisseur.entity_id} est déjà celui d'un autre "
                                        "fournisseur.")
        entites.add(fournisseur.entity_id)
        fournisseurs[nom] = fournisseur
    return Configuration(entity_id=entity_id, cle=cle, certificat=certificat, fournisseurs=fournisseurs)


def choix_de_connexion(configuration):
    """The login page's choices: (nom, libellé) of each configured provider, then the local password.
    Without a configured provider, nothing (the page stays the plain password form)."""
    if configuration is None or not configuration.fournisseurs:
        return []
    return [(f.nom, f.libelle) for f in configuration.fournisseurs.values()] + [("", AUTRE_COMPTE)]


# -- identifiers out of the attributes -----------------------------------------------------------------

def _jointure_aaf(valeur, prefixe_academie):
    """``{AAF}<académie>|<…>|<jointure>`` → the jointure (with ``ACADEMIE-`` before it when asked)."""
    if not valeur.startswith("{AAF}"):
        return None
    parties = valeur[5:].split("|")
    if len(parties) != 3:
        return None
    academie, jointure = parties[0].strip(), parties[2].strip()
    if prefixe_academie:
        nom = ACADEMIES.get(academie.zfill(2)) if academie.isdigit() else None
        if nom is None:
            return None
        jointure = f"{nom}-{jointure}"
    return jointure


def _jointure_vecteur(valeur):
    """``<profil>|<nom>|<prénom>|<jointure>|<UAI>`` → the jointure (the 4th field; names are not read)."""
    parties = valeur.split("|")
    if len(parties) < 4:
        return None
    return parties[3].strip()


def identifiants(fournisseur: Fournisseur, attributs) -> list:
    """The directory identifiers (jointures) an assertion's attributes name, without duplicates, in order.
    ``attributs``: name → list of values (pysaml2's ``ava``)."""
    if not isinstance(attributs, dict):
        return []
    trouves = []
    for nom in fournisseur.attributs:
        valeurs = attributs.get(nom) or []
        if isinstance(valeurs, str):
            valeurs = [valeurs]
        for valeur in valeurs:
            if not isinstance(valeur, str) or len(valeur) > 512:
                continue
            valeur = valeur.strip()
            if fournisseur.format == "aaf":
                jointure = _jointure_aaf(valeur, fournisseur.prefixe_academie)
            elif fournisseur.format == "vecteur":
                jointure = _jointure_vecteur(valeur)
            else:
                jointure = valeur
            if jointure and JOINTURE.match(jointure) and jointure not in trouves:
                trouves.append(jointure)
    return trouves


# -- which person --------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Fiche:
    """What the decision needs of a directory person."""
    id: str
    login: str
    actif: bool
    categorie: str


@dataclass(frozen=True)
class Decision:
    fiche: Fiche | None = None
    refus: str | None = None

    @property
    def titre(self):
        return REFUS[self.refus][0] if self.refus else ""

    @property
    def texte(self):
        return REFUS[self.refus][1] if self.refus else ""


def designer(fournisseur: Fournisseur, attributs, chercher) -> Decision:
    """The directory person an assertion designates. ``chercher(jointure)`` → a ``Fiche`` or None.

    Identifiers unknown to the directory are ignored when another designates the person (a parent's
    child schooled in another region); several identifiers of one person are one person. Never by name."""
    ids = identifiants(fournisseur, attributs)
    if not ids:
        return Decision(refus=SANS_IDENTIFIANT)
    fiches = {}
    for jointure in ids:
        fiche = chercher(jointure)
        if fiche is not None:
            fiches[fiche.id] = fiche
    if not fiches:
        return Decision(refus=INCONNU)
    actives = [f for f in fiches.values() if f.actif and f.login]
    if not actives:
        return Decision(refus=DESACTIVE)
    admises = [f for f in actives if f.categorie in fournisseur.profils]
    if not admises:
        return Decision(refus=PROFIL)
    if len(admises) > 1:
        return Decision(refus=AMBIGU)
    return Decision(fiche=admises[0])


# -- where to go after -----------------------------------------------------------------------------------

def destination_sure(cible, site_url) -> str:
    """``cible`` if it is a page of the site (same scheme, host and port, a path under the site's), else the
    site itself (Mon bureau). A relative path is taken under the site's host."""
    if not isinstance(site_url, str) or not site_url:
        raise ValueError("site_url")
    if not isinstance(cible, str) or not cible or len(cible) > URL_MAX:
        return site_url
    if any(c.isspace() or ord(c) < 32 or ord(c) == 127 for c in cible) or "\\" in cible:
        return site_url
    try:
        site = urlsplit(site_url)
        if cible.startswith("/") and not cible.startswith("//"):
            cible = f"{site.scheme}://{site.netloc}{cible}"
        partie = urlsplit(cible)
        partie.port  # noqa: B018  (a bad port raises here)
    except ValueError:
        return site_url
    if (partie.scheme, partie.netloc.lower()) != (site.scheme, site.netloc.lower()) or "@" in partie.netloc:
        return site_url
    base = site.path.rstrip("/")
    segments = partie.path.split("/")
    if ".." in segments or "." in segments:
        return site_url
    if partie.path != base and not partie.path.startswith(base + "/"):
        return site_url
    return cible.split("#")[0]


# -- time --------------------------------------------------------------------------------------------------

def instant(texte):
    """A SAML instant (``2026-11-17T09:00:00Z``, fractions allowed) as an aware UTC datetime; None if malformed."""
    if not isinstance(texte, str):
        return None
    m = re.fullmatch(r"(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})", texte.strip())
    if not m:
        return None
    try:
        moment = datetime.fromisoformat(m.group(1) + (m.group(3).replace("Z", "+00:00")))
    except ValueError:
        return None
    return moment.astimezone(timezone.utc)


def verifier_fenetre(emise, pas_avant, pas_apres, maintenant, marge=MARGE):
    """None when the assertion is usable at ``maintenant`` (aware datetimes or SAML instants), else a French
    reason: issued in the future, not yet valid, expired (each with ``marge`` seconds of skew), no end,
    or valid longer than ``DUREE_MAX_ASSERTION``."""
    emise, pas_avant, pas_apres = (instant(x) if isinstance(x, str) else x for x in (emise, pas_avant, pas_apres))
    jeu = timedelta(seconds=marge)
    if emise is None:
        return "Assertion sans date d'émission."
    if pas_apres is None:
        return "Assertion sans date de fin de validité."
    if emise > maintenant + jeu:
        return "Assertion émise dans le futur (horloges désaccordées)."
    if pas_avant is not None and pas_avant > maintenant + jeu:
        return "Assertion pas encore valide."
    if maintenant >= pas_apres + jeu:
        return "Assertion expirée."
    if pas_apres - max(emise, maintenant - jeu) > timedelta(seconds=DUREE_MAX_ASSERTION):
        return "Assertion valide trop longtemps."
    return None


def garde_rejeu(pas_apres, maintenant, marge=MARGE) -> int:
    """Seconds an assertion id must be remembered to refuse its replay: until its end plus the skew."""
    fin = instant(pas_apres) if isinstance(pas_apres, str) else pas_apres
    if fin is None:
        return DUREE_MAX_ASSERTION + marge
    return max(1, int((fin - maintenant).total_seconds()) + marge + 1)


def identifiant_saml_valide(valeur) -> bool:
    return isinstance(valeur, str) and bool(ID_SAML.match(valeur))


def meme_navigateur(cle_du_cookie, cle_de_la_demande) -> bool:
    """True when the browser posting the answer holds the key given with the request (compared in constant
    time); a missing or empty key on either side is never a match."""
    if not isinstance(cle_du_cookie, str) or not isinstance(cle_de_la_demande, str):
        return False
    if not cle_du_cookie or not cle_de_la_demande:
        return False
    return hmac.compare_digest(cle_du_cookie.encode(), cle_de_la_demande.encode())
