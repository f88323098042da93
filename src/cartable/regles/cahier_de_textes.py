"""Cahier de textes and agenda index: the glue rules between the REST input and ``regles.agenda``.

Pure module (standard library only), no Zope:

- keys of entries: a course occurrence of the timetable is ``AAAA-MM-JJ@créneau``
  (the key of its register); an entry written for a day without a slot (a
  session out of the timetable, a catch-up) gets ``AAAA-MM-JJ@hors-edt-N``,
  N the first number free that day, so it sorts with the day's courses and
  ``lire_cle`` reads it like any other key;
- the *travaux* of a POST (JSON) → ``agenda.Travail``, with French errors;
- the agenda index: one small immutable ``Inscription`` per work item, keyed
  ``(division, pour_le ISO, travail id)`` so that a student's agenda and a
  class's workload are range reads; ``difference`` says which keys to drop
  and which to write when an entry's work changes;
- a published Devoir seen as a work item;
- feed tokens stored as a hash only;
- the agenda's default window (today → +14 days, with the overdue work of the
  last 14 days not ticked).
"""

from __future__ import annotations

import hashlib
import re
import uuid
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta, timezone

from cartable.regles.agenda import DUREE_MAX_MINUTES, Jour, SaisieInvalide, Travail
from cartable.regles.emploi_du_temps import lire_cle

PREFIXE_HORS_EDT = "hors-edt-"
FENETRE_JOURS = 14  # the agenda shows two weeks ahead, and the work left undone of the two weeks before
FENETRE_MAX_JOURS = 120
_ID_TRAVAIL = re.compile(r"^[A-Za-z0-9_.:-]{1,80}$")


# --- Keys --------------------------------------------------------------------------


def cle_hors_edt(jour: date, cles_du_jour) -> str:
    """The key of a new entry without a slot: the first ``AAAA-MM-JJ@hors-edt-N`` not among ``cles_du_jour``."""
    prises = set(cles_du_jour)
    n = 1
    while f"{jour.isoformat()}@{PREFIXE_HORS_EDT}{n}" in prises:
        n += 1
    return f"{jour.isoformat()}@{PREFIXE_HORS_EDT}{n}"


def est_hors_edt(cle: str) -> bool:
    lue = lire_cle(cle)
    return lue is not None and lue[1].startswith(PREFIXE_HORS_EDT)


def lire_date(valeur, quoi: str) -> date:
    """An ISO date (``AAAA-MM-JJ``) or a French error naming ``quoi``."""
    if isinstance(valeur, date) and not isinstance(valeur, datetime):
        return valeur
    try:
        return date.fromisoformat(str(valeur or ""))
    except ValueError:
        raise SaisieInvalide(f"{quoi} : date attendue au format AAAA-MM-JJ.") from None


# --- Travaux from JSON -----------------------------------------------------------------


def nouvel_id() -> str:
    """A work id unique in the region: ticks and index keys name it without its space."""
    return f"t-{uuid.uuid4().hex[:16]}"


def lire_travaux(donnees, espace: str, matiere: str, cree_le: datetime, anciens=(), fabrique_id=nouvel_id) -> tuple:
    """The work items of a POST: ``[{id?, titre, pour_le, duree_minutes?, evaluation?, devoir?}]``.

    An item without ``id`` is new and gets one; an item with the id of an
    existing one keeps its creation time (so an unchanged item compares equal,
    which is what the visa rule checks). The remaining checks (title, date not
    before the session, duration bounds) are ``agenda.modification_autorisee``'s.
    """
    if not isinstance(donnees, list):
        raise SaisieInvalide("« travaux » : une liste est attendue.")
    existants = {t.id: t for t in anciens}
    travaux = []
    for rang, item in enumerate(donnees, 1):
        if not isinstance(item, dict):
            raise SaisieInvalide(f"Travail n° {rang} : un objet est attendu.")
        ident = item.get("id") or fabrique_id()
        if not isinstance(ident, str) or not _ID_TRAVAIL.match(ident):
            raise SaisieInvalide(f"Travail n° {rang} : identifiant invalide.")
        if item.get("id") and ident not in existants:
            # ids are the server's: a chosen one could take over another item's agenda entry and ticks
            raise SaisieInvalide(f"Travail n° {rang} : identifiant inconnu dans cette séance "
                                 "(un nouveau travail n'en a pas).")
        titre = item.get("titre")
        if not isinstance(titre, str):
            raise SaisieInvalide(f"Travail n° {rang} : l'intitulé doit être un texte.")
        duree = item.get("duree_minutes", 0)
        if duree in (None, ""):
            duree = 0
        if isinstance(duree, str) and duree.strip().isdigit():
            duree = int(duree.strip())
        if isinstance(duree, bool) or not isinstance(duree, int):
            raise SaisieInvalide(f"« {titre} » : la durée estimée doit être un nombre entier de minutes "
                                 f"(0 à {DUREE_MAX_MINUTES}).")
        devoir = item.get("devoir") or None
        if devoir is not None and not isinstance(devoir, str):
            raise SaisieInvalide(f"« {titre} » : le lien vers le devoir doit être un texte.")
        champs = {"titre": titre.strip(), "pour_le": lire_date(item.get("pour_le"), f"« {titre} »"),
                  "duree_minutes": duree, "devoir": devoir, "evaluation": bool(item.get("evaluation"))}
        ancien = existants.get(ident)
        # an existing item keeps what the teacher does not type (space, subject, creation time)
        travaux.append(replace(ancien, **champs) if ancien is not None
                       else Travail(id=ident, espace=espace, matiere=matiere, cree_le=cree_le, **champs))
    return tuple(travaux)


def travail_json(travail: Travail) -> dict:
    return {"id": travail.id, "titre": travail.titre, "pour_le": travail.pour_le.isoformat(),
            "duree_minutes": travail.duree_minutes, "evaluation": travail.evaluation, "devoir": travail.devoir}


# --- The agenda index ---------------------------------------------------------------------


@dataclass(frozen=True)
class Inscription:
    """One work item in the establishment's agenda index.

    ``travail.espace`` and ``travail.devoir`` are paths relative to the site
    (URLs are built at reading time: right behind any virtual host);
    ``travail.matiere`` is the subject's label, ``matiere_code`` its code (a
    teacher's feed keeps the subjects they teach). ``source`` is the cahier
    entry's key, or ``"devoir"``.
    """

    travail: Travail
    division: str
    espace_titre: str = ""
    matiere_code: str = ""
    source: str = ""

    @property
    def cle(self) -> tuple:
        return cle_index(self.division, self.travail)


def cle_index(division: str, travail: Travail) -> tuple:
    return (division, travail.pour_le.isoformat(), travail.id)


def bornes(division: str, du: date, au: date) -> tuple:
    """(min, max) of a range read of one division's work due from ``du`` to ``au``."""
    return (division, du.isoformat(), ""), (division, au.isoformat(), "\uffff")


def difference(avant: dict, apres: dict) -> tuple[list, dict]:
    """(keys to drop, {key: Inscription} to write) between two {key: Inscription} of one source.

    Unchanged items are not rewritten: a teacher fixing a typo in the session's
    content rewrites nothing in the index.
    """
    retirer = [cle for cle in avant if cle not in apres]
    ecrire = {cle: i for cle, i in apres.items() if avant.get(cle) != i}
    return retirer, ecrire


def travail_du_devoir(ident: str, chemin: str, titre: str, echeance_locale: datetime, duree_minutes,
                      espace: str, matiere: str, cree_le: datetime | None = None) -> Travail:
    """A published Devoir as a work item: « À rendre : <titre> », due the day of its échéance (Paris time)."""
    duree = duree_minutes if isinstance(duree_minutes, int) and not isinstance(duree_minutes, bool) else 0
    return Travail(id=ident, espace=espace, matiere=matiere, titre=f"À rendre : {titre}",
                   pour_le=echeance_locale.date(), duree_minutes=max(0, min(duree, DUREE_MAX_MINUTES)),
                   devoir=chemin, cree_le=cree_le,
                   echeance=echeance_locale.astimezone(timezone.utc) if echeance_locale.tzinfo else None)


# --- The agenda's window ----------------------------------------------------------------------


def fenetre(aujourd_hui: date, du: date | None = None, au: date | None = None) -> tuple[date, date, bool]:
    """(du, au, seulement_en_retard_avant_aujourdhui): the window read from the index.

    By default the agenda reads 14 days back (the work still not ticked) and
    14 days ahead; an explicit ``du`` shows everything from it.
    """
    defaut = du is None
    du = aujourd_hui - timedelta(days=FENETRE_JOURS) if du is None else du
    au = aujourd_hui + timedelta(days=FENETRE_JOURS) if au is None else au
    if au < du:
        raise SaisieInvalide("La fin de la période précède son début.")
    if (au - du).days > FENETRE_MAX_JOURS:
        raise SaisieInvalide(f"Période limitée à {FENETRE_MAX_JOURS} jours.")
    return du, au, defaut


def elaguer(jours: list[Jour], aujourd_hui: date) -> list[Jour]:
    """Before today, keep only the work left undone: what was done last week is no news on Sunday."""
    gardes = []
    for jour in jours:
        if jour.date >= aujourd_hui:
            gardes.append(jour)
            continue
        lignes = tuple(ligne for ligne in jour.lignes if ligne.en_retard)
        if lignes:
            gardes.append(Jour(jour.date, lignes))
    return gardes


def pour_un_enfant(travail: Travail, eleve_id: str, prenom: str) -> Travail:
    """A child's work item in a parent's feed: the first name in the summary, an id per child
    (two children in one class get two events, not one)."""
    return replace(travail, id=f"{travail.id}-{eleve_id}", matiere=f"{prenom} — {travail.matiere}" if prenom else travail.matiere)


# --- Feed tokens ---------------------------------------------------------------------------------


def empreinte_jeton(jeton: str) -> str:
    """What is stored of a feed token: its SHA-256 (a stolen database gives no working URL)."""
    return hashlib.sha256(jeton.encode("utf-8")).hexdigest()


# --- Devoirs in the session where they were given --------------------------------------------------


def seance_du_devoir(ouverture: datetime, seances: list[tuple[str, date, str | None, str | None]]) -> str | None:
    """The key of the session a Devoir opening at ``ouverture`` (naive Paris time) was given in, or None.

    ``seances``: (key, date, start "HH:MM" or None, end or None) of the space's cahier entries. Only the
    sessions of the opening's day are candidates: the one whose hours hold the opening; else the latest one
    begun by then; else (given before the day's first course, or hours unknown) the day's first session.
    """
    du_jour = sorted((s for s in seances if s[1] == ouverture.date()), key=lambda s: (s[2] or "", s[0]))
    if not du_jour:
        return None
    heure = ouverture.strftime("%H:%M")
    for cle, _, debut, fin in du_jour:
        if debut and fin and debut <= heure < fin:
            return cle
    commencees = [cle for cle, _, debut, _ in du_jour if debut and debut <= heure]
    return commencees[-1] if commencees else du_jour[0][0]
