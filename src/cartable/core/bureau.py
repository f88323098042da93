"""Mon bureau: the blocks and menu entries each add-on contributes to a person's home.

An add-on adds its part of the home without touching the others: it registers
named utilities providing ``IBlocBureau`` (blocks of the page) and
``IEntreesMenu`` (entries of the menu). The home page, the ``@bureau`` service
and the menu ask every registered one and keep what they give for this reader.

Contract, so that one template renders every block and the service is JSON:

- ``IBlocBureau.blocs(site, lecteur)`` returns a list of plain dicts (none when
  the block is not for this reader: a block decides its roles itself, from the
  directory, as the endpoints do), each::

      {"titre": "Mes cours aujourd'hui",          # French words, no codes
       "sous_titre": "Collège Jean Moulin" | None,  # establishment or child
       "lignes": [{"texte": "08:00 Mathématiques — 6A",
                   "detail": "Salle 12" | None,
                   "lien": absolute URL | None,
                   "etat": "a_faire" | "fait" | "alerte" | "info" | None,
                   "etiquette": "Appel à faire" | None}],   # the état in words
       "vide": "Aucun cours aujourd'hui.",          # said when lignes is empty
       "liens": [{"texte": "Tout l'agenda", "lien": absolute URL}]}

- a block reads indexes its module keeps (no catalog query, no content object
  woken per item) and never writes: a GET of the home page commits nothing;
- ``ordre`` sorts the blocks (lower first); a block that fails is logged and
  replaced by a short French notice, so one module's fault never hides the home.

``IEntreesMenu.entrees(site, lecteur)`` returns ``[{"texte", "lien", "ordre"}]``
(absolute URLs) for this reader: the menu shows each entry once (by ``lien``).
"""

import logging

from zope.component import getUtilitiesFor
from zope.globalrequest import getRequest
from zope.interface import Attribute, Interface

journal = logging.getLogger("cartable.bureau")

ETATS = ("a_faire", "fait", "alerte", "info")
INDISPONIBLE = "Ce bloc est momentanément indisponible."
CLE_MENU = "cartable.bureau.menu"


class IBlocBureau(Interface):
    ordre = Attribute("int: blocks with a lower ordre come first")

    def blocs(site, lecteur):
        """The blocks (list of dicts, see the module's docstring) for this reader; [] when not theirs."""


class IEntreesMenu(Interface):
    def entrees(site, lecteur):
        """The menu entries [{"texte", "lien", "ordre"}] for this reader."""


def blocs(site, lecteur):
    """Every block for this reader, in order (never writes)."""
    resultat = []
    for nom, fournisseur in sorted(getUtilitiesFor(IBlocBureau), key=lambda nu: (getattr(nu[1], "ordre", 100), nu[0])):
        try:
            trouves = fournisseur.blocs(site, lecteur) or []
        except Exception:  # one module's fault must not hide the home page
            journal.exception("bloc %s", nom)
            trouves = [{"titre": getattr(fournisseur, "titre", nom), "sous_titre": None, "lignes": [],
                        "vide": INDISPONIBLE, "liens": []}]
        for bloc in trouves:
            resultat.append(dict(bloc, nom=nom))
    return resultat


def menu(site, lecteur):
    """The menu entries for this reader, each link once, in order (never writes); computed once per request
    (the header and Mon bureau both show it)."""
    requete = getRequest()
    if not hasattr(requete, "set"):  # no Zope request (a script): nothing to share
        return _menu(site, lecteur)
    memo = requete.get(CLE_MENU)
    if memo is not None and memo[0] == getattr(lecteur, "login", None):
        return memo[1]
    resultat = _menu(site, lecteur)
    requete.set(CLE_MENU, (getattr(lecteur, "login", None), resultat))
    return resultat


def _menu(site, lecteur):
    vues, resultat = set(), []
    for nom, fournisseur in getUtilitiesFor(IEntreesMenu):
        try:
            entrees = fournisseur.entrees(site, lecteur) or []
        except Exception:
            journal.exception("menu %s", nom)
            continue
        for entree in entrees:
            if entree["lien"] not in vues:
                vues.add(entree["lien"])
                resultat.append(entree)
    return sorted(resultat, key=lambda e: (e.get("ordre", 100), e["texte"]))
