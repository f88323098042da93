"""Cahier de textes and student agenda: the rules, without Zope.

Pure module (standard library, plus ``icalendar`` for the feed).

- A *travail à faire* belongs to a course space (class or group × subject). It
  is shared by every student of the space; the "fait" ticks are not on it but
  stored per student, so ticking never writes to the shared entry (no write
  conflicts between the students of a class on Sunday evening) and one
  student's ticks say nothing to another. Here a student's ticks are any
  container of work ids (a set, the keys of a BTree).
- The agenda of a student is computed from the work of their spaces and their
  ticks: by due date, then subject, then title.
- The *charge de travail* of a class is the estimated minutes (and the number
  of evaluations) due each day, shown to a teacher adding work.
- A cahier de textes entry is one per course occurrence, keyed like its
  register (``AAAA-MM-JJ@créneau``, see ``emploi_du_temps``). Once the
  direction has set its visa, teachers may only add to it.
- The iCalendar feed publishes the agenda at a secret, revocable URL.
"""

from __future__ import annotations

import hmac
import secrets
import unicodedata
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta, timezone
from functools import lru_cache

import icalendar

from cartable.regles.dates_fr import date_fr
from cartable.regles.emploi_du_temps import lire_cle

DUREE_MAX_MINUTES = 600  # one work item estimated above ten hours is a typing error


class SaisieInvalide(ValueError):
    """Bad input; the message is French, shown as is."""


class ModificationRefusee(ValueError):
    """A change refused on a visaed entry; the message is French, shown as is."""


@dataclass(frozen=True)
class Travail:
    """A *travail à faire*, shared by the students of its space.

    ``evaluation`` marks a test to prepare (contrôle, DS): the workload alert
    counts them apart, since two tests the same day weigh more than their
    minutes.
    """

    id: str
    espace: str  # the course space: class or group × subject
    matiere: str
    titre: str
    pour_le: date
    duree_minutes: int = 0
    devoir: str | None = None  # id of the Devoir to hand in, when there is one
    cree_le: datetime | None = None
    evaluation: bool = False
    echeance: datetime | None = None  # a Devoir's due instant (aware UTC: a zoneinfo does not go in the ZODB), for Mon bureau


@dataclass(frozen=True)
class Remise:
    """A student's side of one published Devoir, as the agenda index keeps it: the state of their Rendu
    (« brouillon », « remis », « corrige », « restitue »…, or « non rendu » with only an extension), when it
    was handed in, and their own due instant when the teacher extended it (None: the Devoir's). Instants are
    aware UTC (a zoneinfo does not go in the ZODB)."""

    etat: str
    remis_le: datetime | None = None
    echeance: datetime | None = None


@dataclass(frozen=True)
class Ligne:
    """One work item of a student's agenda."""

    travail: Travail
    fait: bool
    en_retard: bool  # due before today and not ticked


@dataclass(frozen=True)
class Jour:
    date: date
    lignes: tuple[Ligne, ...]


@lru_cache(maxsize=8192)  # the same subjects and titles on every agenda and Mon bureau: decomposed once
def _cle_tri(texte: str) -> str:
    """Sort key ignoring case and accents, so that « Éducation musicale » sorts among the E."""
    decompose = unicodedata.normalize("NFD", texte or "")
    return "".join(c for c in decompose if not unicodedata.combining(c)).casefold()


def _ordre(travail: Travail):
    return (travail.pour_le, _cle_tri(travail.matiere), _cle_tri(travail.titre), travail.id)


def agenda(travaux, faits_de_l_eleve, du: date, au: date, aujourd_hui: date | None = None) -> list[Jour]:
    """The student's work due from ``du`` to ``au`` (inclusive), one Jour per due date.

    ``travaux`` is the work of the student's spaces (a space reached twice, e.g.
    through the class and a group query, is counted once: work is unique by
    id). Days without work are left out. An item is *en retard* when it is not
    ticked and was due before ``aujourd_hui`` (default: ``du``, the agenda is
    normally read from today); the window is the caller's choice, so overdue
    work shows when the window starts in the past.
    """
    if du > au:
        raise SaisieInvalide("La fin de la période précède son début.")
    aujourd_hui = du if aujourd_hui is None else aujourd_hui
    uniques = {t.id: t for t in travaux if du <= t.pour_le <= au}
    jours: list[Jour] = []
    for travail in sorted(uniques.values(), key=_ordre):
        fait = travail.id in faits_de_l_eleve
        ligne = Ligne(travail, fait, not fait and travail.pour_le < aujourd_hui)
        if jours and jours[-1].date == travail.pour_le:
            jours[-1] = Jour(travail.pour_le, jours[-1].lignes + (ligne,))
        else:
            jours.append(Jour(travail.pour_le, (ligne,)))
    return jours


def agenda_json(jours: list[Jour]) -> list[dict]:
    """The agenda as JSON-ready data (dates in ISO format), for the REST service and the page."""
    return [
        {
            "date": jour.date.isoformat(),
            "travaux": [
                {
                    "id": ligne.travail.id,
                    "espace": ligne.travail.espace,
                    "matiere": ligne.travail.matiere,
                    "titre": ligne.travail.titre,
                    "pour_le": ligne.travail.pour_le.isoformat(),
                    "duree_minutes": ligne.travail.duree_minutes,
                    "devoir": ligne.travail.devoir,
                    "evaluation": ligne.travail.evaluation,
                    "fait": ligne.fait,
                    "en_retard": ligne.en_retard,
                }
                for ligne in jour.lignes
            ],
        }
        for jour in jours
    ]


# --- Charge de travail -------------------------------------------------------


@dataclass(frozen=True)
class Charge:
    """The work due one day: estimated minutes and how many evaluations."""

    minutes: int = 0
    evaluations: int = 0


def charge_de_travail(travaux_de_la_classe, du: date, au: date) -> dict[date, Charge]:
    """{due date: Charge} from ``du`` to ``au`` (inclusive); days without work are absent.

    ``travaux_de_la_classe`` is the work of the class's spaces and of its groups'
    spaces: a group's work does not weigh on every student of the class, but
    the teacher is warned on the safe side. A missing duration counts 0.
    """
    charge: dict[date, Charge] = {}
    for travail in {t.id: t for t in travaux_de_la_classe}.values():
        if du <= travail.pour_le <= au:
            avant = charge.get(travail.pour_le, Charge())
            charge[travail.pour_le] = Charge(avant.minutes + max(travail.duree_minutes or 0, 0),
                                             avant.evaluations + (1 if travail.evaluation else 0))
    return charge


def duree_fr(minutes: int) -> str:
    """« 45 min », « 1 h », « 2 h 30 », « 2 h 05 »."""
    heures, reste = divmod(minutes, 60)
    if not heures:
        return f"{reste} min"
    return f"{heures} h" if not reste else f"{heures} h {reste:02d}"


def alerte_charge(charge: dict[date, Charge], jour: date, seuil_minutes: int = 120,
                  seuil_evaluations: int = 2) -> str | None:
    """The warning shown to a teacher about to give work due ``jour``, or None.

    ``charge`` is the work already planned (without the one being added): the
    teacher is warned when that day already reaches either threshold, so the
    third test of a Monday is the one that gets the warning.
    """
    du_jour = charge.get(jour, Charge())
    if du_jour.minutes < seuil_minutes and du_jour.evaluations < seuil_evaluations:
        return None
    message = f"Déjà {duree_fr(du_jour.minutes)} de travail prévues le {date_fr(jour)}"
    if du_jour.evaluations:
        pluriel = "s" if du_jour.evaluations > 1 else ""
        message += f" (dont {du_jour.evaluations} évaluation{pluriel})"
    return message


# --- Cahier de textes ----------------------------------------------------------


@dataclass(frozen=True)
class Visa:
    quand: datetime
    qui: str


@dataclass(frozen=True)
class Entree:
    """One entry of a cahier de textes: one course occurrence.

    ``cle`` is the occurrence key (``AAAA-MM-JJ@créneau``, its original day);
    ``date`` is the day the course was held (a moved course keeps its key).
    ``pieces_jointes`` are ids of attached files.
    """

    cle: str
    date: date
    contenu: str = ""
    travaux: tuple[Travail, ...] = ()
    pieces_jointes: tuple[str, ...] = ()
    visa: Visa | None = None


@dataclass(frozen=True)
class Changement:
    """The new value of the fields being edited; None leaves a field as it is.

    Each given field replaces the old one whole (the form sends the full text
    and the full lists), so what changed is found by comparing.
    """

    contenu: str | None = None
    travaux: tuple[Travail, ...] | None = None
    pieces_jointes: tuple[str, ...] | None = None


@dataclass(frozen=True)
class Trace:
    """One line of an entry's edit history: only the fields that changed."""

    qui: str
    quand: datetime
    avant: dict = field(default_factory=dict)
    apres: dict = field(default_factory=dict)


def nouvelle_entree(cle: str, jour: date | None = None) -> Entree:
    """An empty entry for the occurrence ``cle``, held on ``jour`` (default: its original day)."""
    lue = lire_cle(cle)
    if lue is None or not lue[1]:
        raise SaisieInvalide(f"Séance inconnue : « {cle} » (attendu AAAA-MM-JJ@créneau).")
    return Entree(cle=cle, date=jour or lue[0])


def _verifier_travail(travail: Travail, entree: Entree) -> str | None:
    if not isinstance(travail, Travail):
        return "Un travail à faire est mal formé."
    if not (travail.titre or "").strip():
        return "Le travail à faire doit avoir un intitulé."
    if not isinstance(travail.pour_le, date) or isinstance(travail.pour_le, datetime):
        return f"« {travail.titre} » : la date pour laquelle il est à faire est invalide."
    if travail.pour_le < entree.date:
        return f"« {travail.titre} » : il ne peut pas être à faire avant la séance du {date_fr(entree.date)}."
    if not isinstance(travail.duree_minutes, int) or not 0 <= travail.duree_minutes <= DUREE_MAX_MINUTES:
        return f"« {travail.titre} » : la durée estimée doit être comprise entre 0 et {DUREE_MAX_MINUTES} minutes."
    return None


def _erreur_saisie(entree: Entree, changement: Changement) -> str | None:
    """Whether the change is well formed, visa or not."""
    if changement.contenu is not None and not isinstance(changement.contenu, str):
        return "Le contenu de la séance doit être un texte."
    if changement.travaux is not None:
        ids = [getattr(t, "id", None) for t in changement.travaux]
        if len(set(ids)) != len(ids):
            return "Deux travaux à faire portent le même identifiant."
        for travail in changement.travaux:
            erreur = _verifier_travail(travail, entree)
            if erreur:
                return erreur
    if changement.pieces_jointes is not None and len(set(changement.pieces_jointes)) != len(changement.pieces_jointes):
        return "La même pièce jointe figure deux fois."
    return None


def _erreur_apres_visa(entree: Entree, changement: Changement) -> str | None:
    """What a visa forbids. An *addition* is exactly one of:

    - text appended after the existing content (the old text, trailing
      whitespace aside, is a prefix of the new one);
    - a work item with a new id, every existing item kept identical;
    - an attachment not there before, every existing one kept.
    """
    jour = date_fr(entree.date)
    if changement.contenu is not None:
        ancien = entree.contenu.rstrip()
        if not changement.contenu.startswith(ancien):
            return (f"La séance du {jour} a reçu le visa de la direction : son contenu ne peut plus être "
                    "modifié ni effacé, seulement complété à la suite.")
    if changement.travaux is not None:
        nouveaux = {t.id: t for t in changement.travaux}
        for travail in entree.travaux:
            if travail.id not in nouveaux:
                return f"La séance du {jour} a reçu le visa de la direction : « {travail.titre} » ne peut plus être retiré."
            if nouveaux[travail.id] != travail:
                return f"La séance du {jour} a reçu le visa de la direction : « {travail.titre} » ne peut plus être modifié."
    if changement.pieces_jointes is not None:
        if set(entree.pieces_jointes) - set(changement.pieces_jointes):
            return f"La séance du {jour} a reçu le visa de la direction : ses pièces jointes ne peuvent plus être retirées."
    return None


def modification_autorisee(entree: Entree, changement: Changement) -> str | None:
    """None when the change may be saved, else the French reason of the refusal.

    Before the visa a teacher changes anything; after it, only additions (see
    ``_erreur_apres_visa``). The rule is the teachers'; who may edit at all is
    checked by the Zope side.
    """
    erreur = _erreur_saisie(entree, changement)
    if erreur is None and entree.visa is not None:
        erreur = _erreur_apres_visa(entree, changement)
    return erreur


def appliquer(entree: Entree, changement: Changement, qui: str, quand: datetime) -> tuple[Entree, Trace | None]:
    """(new entry, history line) or ModificationRefusee, and then nothing changes.

    The history line holds, for each changed field only, its value before and
    after (the work items as tuples of Travail). A change that changes nothing
    gives the same entry and no history line.
    """
    refus = modification_autorisee(entree, changement)
    if refus:
        raise ModificationRefusee(refus)
    avant, apres = {}, {}
    for champ in ("contenu", "travaux", "pieces_jointes"):
        valeur = getattr(changement, champ)
        if valeur is None:
            continue
        valeur = valeur if champ == "contenu" else tuple(valeur)
        if valeur != getattr(entree, champ):
            avant[champ], apres[champ] = getattr(entree, champ), valeur
    if not apres:
        return entree, None
    return replace(entree, **apres), Trace(qui=qui, quand=quand, avant=avant, apres=apres)


def viser(entree: Entree, qui: str, quand: datetime) -> Entree:
    """The entry with the direction's visa; a later visa replaces the earlier one (same effect, newer date)."""
    if not (qui or "").strip():
        raise SaisieInvalide("Le visa doit indiquer qui le donne.")
    return replace(entree, visa=Visa(quand=quand, qui=qui))


# --- iCalendar feed --------------------------------------------------------------


def flux_ics(travaux, faits, nom: str, maintenant: datetime, domaine: str = "cartable") -> bytes:
    """The agenda as an iCalendar feed (RFC 5545), one all-day VEVENT per work item.

    Why VEVENT and not VTODO: the phone calendars people subscribe with
    (Google Agenda, iOS/macOS Calendrier, most Android apps) ignore VTODO in a
    subscribed feed (iOS only shows tasks through CalDAV Reminders), so VTODO
    items would silently not appear. An all-day event on the due date
    (DTSTART;VALUE=DATE, DTEND the next day) shows on the right day
    everywhere; TRANSP:TRANSPARENT keeps it from marking the person busy.
    A ticked item stays, its title prefixed with « ✓ ».

    UIDs are ``travail-<id>@<domaine>``: stable between refreshes so a
    calendar updates an item instead of duplicating it. DTSTAMP is
    ``maintenant``, which must carry its time zone.
    """
    if maintenant.tzinfo is None:
        raise SaisieInvalide("L'heure de génération du flux doit indiquer son fuseau horaire.")
    stamp = maintenant.astimezone(timezone.utc)
    calendrier = icalendar.Calendar()
    calendrier.add("prodid", "-//Cartable//Agenda de l'élève//FR")
    calendrier.add("version", "2.0")
    calendrier.add("calscale", "GREGORIAN")
    calendrier.add("method", "PUBLISH")
    calendrier.add("x-wr-calname", nom)
    calendrier.add("name", nom)
    # Ask the phone to refresh hourly rather than once a day (RFC 7986 and the de facto X- property).
    calendrier.add("refresh-interval", timedelta(hours=1), parameters={"VALUE": "DURATION"})
    calendrier.add("x-published-ttl", "PT1H")
    for travail in sorted({t.id: t for t in travaux}.values(), key=_ordre):
        calendrier.add_component(_evenement(travail, travail.id in faits, stamp, domaine))
    return calendrier.to_ical()


def _evenement(travail: Travail, fait: bool, stamp: datetime, domaine: str) -> icalendar.Event:
    evenement = icalendar.Event()
    evenement.add("uid", f"travail-{travail.id}@{domaine}")
    evenement.add("dtstamp", stamp)
    evenement.add("dtstart", travail.pour_le)
    evenement.add("dtend", travail.pour_le + timedelta(days=1))
    evenement.add("summary", f"{'✓ ' if fait else ''}{travail.matiere} : {travail.titre}")
    details = [f"Matière : {travail.matiere}"]
    if travail.duree_minutes:
        details.append(f"Durée estimée : {duree_fr(travail.duree_minutes)}")
    if travail.evaluation:
        details.append("Évaluation")
    if travail.devoir:
        details.append("Devoir à rendre en ligne")
    evenement.add("description", "\n".join(details))
    evenement.add("categories", [travail.matiere] if travail.matiere else ["Travail à faire"])
    evenement.add("transp", "TRANSPARENT")
    if travail.cree_le is not None and travail.cree_le.tzinfo is not None:
        evenement.add("created", travail.cree_le.astimezone(timezone.utc))
    return evenement


def jeton() -> str:
    """A new secret for a feed URL (256 bits, URL-safe). Revoking = storing a new one or None."""
    return secrets.token_urlsafe(32)


def verifier_jeton(presente, attendu) -> bool:
    """Does the token of the URL match the stored one? Constant-time; a revoked feed (None) matches nothing."""
    if not isinstance(presente, str) or not isinstance(attendu, str) or not attendu:
        return False
    return hmac.compare_digest(presente.encode("utf-8"), attendu.encode("utf-8"))
