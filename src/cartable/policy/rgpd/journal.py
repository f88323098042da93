"""The log of who read a student's sensitive records (suivi, incidents, notes outside one's classes).

Where it is kept, and why not in the ZODB: the reads are GETs, and a GET never
commits (house rule, and the 8:00 roll call must not conflict with an audit
line). The entries go to a separate append-only store, the same choice as the
login throttle (cartable.core.limites): Redis when ``CARTABLE_REDIS_URL`` is
set (a cluster shares it), else a SQLite file under var/
(``$CARTABLE_JOURNAL_ACCES_FILE`` or ``var/journal_acces.sqlite3``), shared
by every process of one machine.

How reads are caught: no change in the features. A subscriber of the
publisher's events looks at what was published (the @suivi, @incidents and
@notes-eleve services, the @@suivi-eleve and @@mes-notes pages): before the
commit it computes the entry from the directory (still inside the request's
transaction), and writes it once the request succeeded (PubSuccess), only for
a 200. The rule of what is logged is cartable.regles.rgpd.lecture_a_journaliser.
The cross-establishment journal of the suivi (viescolaire/journal_suivi.py,
the region's @suivi-journal) stays as it is: it answers another question.
"""

import json
import logging
import os
import sqlite3
import threading
from pathlib import Path

from plone import api

from cartable.core import horloge
from cartable.core.config import parse_redis_url
from cartable.core.site import dossier_var
from cartable.regles import acces
from cartable.regles import rgpd as regles

CLE_REQUETE = "_cartable_rgpd_lecture"
logger = logging.getLogger("cartable.rgpd")


class _Sqlite:
    def __init__(self, path):
        Path(path).parent.mkdir(parents=True, exist_ok=True)
        self.path = str(path)
        self.local = threading.local()
        self._conn().execute("CREATE TABLE IF NOT EXISTS acces (horodatage REAL, quand TEXT, qui TEXT, qui_nom TEXT, "
                             "quoi TEXT, structure TEXT, eleve TEXT, eleve_nom TEXT)")
        self._conn().execute("CREATE INDEX IF NOT EXISTS acces_eleve ON acces (structure, eleve, horodatage)")

    def _conn(self):
        if getattr(self.local, "conn", None) is None:
            self.local.conn = sqlite3.connect(self.path, timeout=5, isolation_level=None)
            self.local.conn.execute("PRAGMA journal_mode=WAL")
        return self.local.conn

    def ajouter(self, entree):
        self._conn().execute("INSERT INTO acces VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                             (horloge.horodatage(), entree["quand"], entree["qui"], entree["qui_nom"], entree["quoi"],
                              entree["structure"], entree["eleve"], entree["eleve_nom"]))

    def lire(self, structure, eleve=None, limite=500):
        requete = "SELECT quand, qui, qui_nom, quoi, structure, eleve, eleve_nom FROM acces WHERE structure = ?"
        valeurs = [structure]
        if eleve:
            requete += " AND eleve = ?"
            valeurs.append(eleve)
        lignes = self._conn().execute(requete + " ORDER BY horodatage DESC LIMIT ?", (*valeurs, limite)).fetchall()
        cles = ("quand", "qui", "qui_nom", "quoi", "structure", "eleve", "eleve_nom")
        return [dict(zip(cles, ligne)) for ligne in lignes]

    def purger(self, avant: float, essai=False) -> int:
        if essai:
            return self._conn().execute("SELECT COUNT(*) FROM acces WHERE horodatage < ?", (avant,)).fetchone()[0]
        return self._conn().execute("DELETE FROM acces WHERE horodatage < ?", (avant,)).rowcount


class _Redis:
    PREFIXE = "cartable:rgpd:acces:"

    def __init__(self, url):
        import redis

        self.client = redis.Redis.from_url(url, socket_timeout=2, socket_connect_timeout=2)

    def ajouter(self, entree):
        self.client.zadd(f"{self.PREFIXE}{entree['structure']}", {json.dumps(entree, sort_keys=True): horloge.horodatage()})

    def lire(self, structure, eleve=None, limite=500):
        entrees = [json.loads(v) for v in self.client.zrevrange(f"{self.PREFIXE}{structure}", 0, -1)]
        return [e for e in entrees if not eleve or e["eleve"] == eleve][:limite]

    def purger(self, avant: float, essai=False) -> int:
        total = 0
        for cle in self.client.scan_iter(f"{self.PREFIXE}*"):
            total += (self.client.zcount(cle, "-inf", f"({avant}") if essai
                      else self.client.zremrangebyscore(cle, "-inf", f"({avant}"))
        return total


_magasins = {}


def magasin():
    url = parse_redis_url(os.environ.get("CARTABLE_REDIS_URL"))
    cle = ("redis", url) if url else (
        "sqlite", os.environ.get("CARTABLE_JOURNAL_ACCES_FILE") or str(dossier_var() / "journal_acces.sqlite3"))
    if cle not in _magasins:
        _magasins[cle] = _Redis(cle[1]) if cle[0] == "redis" else _Sqlite(cle[1])
    return _magasins[cle]


def lire(structure, eleve=None, limite=500):
    """The entries of an establishment (one student's when ``eleve``), newest first, in words."""
    return [regles.entree_journal_en_mots(e) for e in magasin().lire(structure, eleve, limite)]


# -- the subscriber -----------------------------------------------------------------------------------


def _lectures_surveillees():
    """{class of the published view or service: what it reads}; imported late (policy reads every feature)."""
    from cartable.notes.browser.mes_notes import MesNotesView
    from cartable.notes.services.notes_eleve.get import NotesEleveGet
    from cartable.viescolaire.browser.suivi import SuiviEleveView
    from cartable.viescolaire.services.incidents.get import IncidentsGet
    from cartable.viescolaire.services.suivi.get import SuiviGet

    return ((SuiviGet, "suivi"), (SuiviEleveView, "suivi"), (IncidentsGet, "incidents"), (NotesEleveGet, "notes"),
            (MesNotesView, "notes"))


def _quoi(publie):
    for classe, quoi in _lectures_surveillees():
        if isinstance(publie, classe):
            return quoi
    return None


def entree_de(requete):
    """The entry this request's read makes, or None (not a watched read, not staff, not a student)."""
    publie = requete.get("PUBLISHED")
    quoi = _quoi(publie) if publie is not None else None
    eleve_id = requete.form.get("eleve") if quoi else None
    if not isinstance(eleve_id, str) or not eleve_id:
        return None
    contexte = getattr(publie, "context", None)
    structure = getattr(contexte, "jointure", None)
    utilisateur = requete.get("AUTHENTICATED_USER")
    login = utilisateur.getId() if utilisateur is not None else None
    if not structure or not login:
        return None
    from cartable.annuaire.stockage import lire_annuaire

    site = api.portal.get()
    annuaire = lire_annuaire(site)
    eleve = annuaire.personne(eleve_id) if annuaire is not None else None
    if eleve is None or eleve.categorie != "Eleve":
        return None
    personne = annuaire.par_login(login)
    admin = personne is None and bool(utilisateur.has_permission("Plone Site Setup: Overview", site))
    personnel = admin or acces.est_personnel(personne, structure)
    enseigne = personne is not None and any(acces.enseigne(annuaire, personne, s, d) for s, d in eleve.classes + eleve.groupes)
    if not regles.lecture_a_journaliser(personnel, personne is not None and personne.id == eleve.id, enseigne, quoi):
        return None
    if personne is not None:
        qui_nom = personne.nom_complet
    else:  # the region's administrators are Plone users: their full name from their member data
        membre = api.user.get(userid=login)
        qui_nom = (membre.getProperty("fullname", "") if membre is not None else "") or login
    return {"quand": horloge.maintenant().isoformat(timespec="seconds"), "qui": login, "qui_nom": qui_nom, "quoi": quoi,
            "structure": structure, "eleve": eleve.id, "eleve_nom": eleve.nom_complet}


def avant_commit(evenement):
    """Inside the request's transaction: compute the entry (reads the directory only)."""
    requete = evenement.request
    if requete.get("REQUEST_METHOD", "GET") != "GET":
        return
    try:
        entree = entree_de(requete)
    except Exception:  # noqa: BLE001 — an audit failure must not fail the read; it is logged
        logger.exception("journal des accès")
        return
    if entree is not None:
        requete.other[CLE_REQUETE] = entree


def apres_succes(evenement):
    """The request succeeded: a 200 read is appended to the log (outside the ZODB)."""
    requete = evenement.request
    entree = requete.other.get(CLE_REQUETE)
    if entree is not None and requete.response.getStatus() == 200:
        try:
            magasin().ajouter(entree)
        except Exception:  # noqa: BLE001 — the answer is already committed; the lost line is in the error log
            logger.exception("journal des accès : entrée perdue %s", entree)
