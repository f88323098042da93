"""Retention (RGPD): for each kind of personal record, how long it is kept and from when; is a record aged today.

Pure module: no Zope. The tour (cartable.policy.rgpd.retention) finds the
candidates through indexes (the departures, the date-keyed trees, the
catalog) and asks here whether each one is aged; the durations are registry
records whose defaults are here. Three bases:

- ``depart``: counted from the day the person left the region (deactivated by
  the directory): roll-call details, the CPE's notes, the student's name in
  an incident's facts, notifications and queued e-mails of a departed account;
- ``annee_scolaire``: counted from the end of the school year of the record
  (31 August): 0 years means « à l'issue de l'année scolaire »;
- ``date``: counted from the record's own date, date to date (the read log; a messagerie draft, from the day it
  was last saved).

Sanctions follow the code de l'éducation (art. R511-13), not a setting: the
avertissement, the blâme and the mesure de responsabilisation are erased at
the end of the school year, an exclusion temporaire one year after the day it
was pronounced (date to date), an exclusion définitive stays in the file until
the student leaves secondary school (here: leaves the region).
"""

from dataclasses import dataclass
from datetime import date, datetime, timedelta


@dataclass(frozen=True)
class Regle:
    genre: str
    libelle: str
    base: str  # "depart" | "annee_scolaire" | "date"
    annees: int  # default duration (years)
    registre: str | None  # the registry record that changes it (None: fixed by law)
    minimum: int = 1  # the smallest value a registry record may give (a typo never shortens below)


def _r(genre, libelle, base, annees, minimum=1, fixe=False):
    return Regle(genre, libelle, base, annees, None if fixe else f"cartable.rgpd.retention_{genre}_annees", minimum)


REGLES = {r.genre: r for r in (
    _r("appels", "Détail des appels (absences, retards, motifs, corrections)", "depart", 1),
    _r("notes_suivi", "Notes de suivi confidentielles de la vie scolaire", "depart", 1),
    _r("incidents", "Nom de l'élève dans les incidents (les faits)", "depart", 1),
    _r("infirmerie", "Passages à l'infirmerie", "annee_scolaire", 0, minimum=0),
    _r("punitions", "Punitions scolaires", "annee_scolaire", 0, minimum=0),
    _r("sanctions", "Sanctions disciplinaires (article R511-13 du code de l'éducation)", "annee_scolaire", 0, minimum=0, fixe=True),
    _r("rendus", "Devoirs rendus (textes et fichiers, note et appréciation)", "annee_scolaire", 1, minimum=0),
    _r("bulletins", "Bulletins générés (PDF)", "annee_scolaire", 1, minimum=0),
    _r("notifications", "Notifications et préférences d'un compte désactivé", "depart", 1, minimum=0),
    _r("courriels", "Courriels en attente d'envoi d'un compte désactivé", "depart", 0, minimum=0),
    _r("messagerie", "Messagerie d'un compte désactivé (sa boîte, son brouillon ; une conversation que plus personne ne garde)",
       "depart", 1, minimum=0),
    _r("brouillons", "Brouillons de la messagerie (le message en cours d'écriture, depuis son dernier enregistrement)",
       "date", 1),
    _r("journal_acces", "Journal des lectures des dossiers d'élèves", "date", 1),
)}

# Sanctions by nature (R511-13): (base, years). An unknown nature (an establishment's own label) is kept
# like an exclusion temporaire: one year, date to date.
SANCTIONS = {
    "Avertissement": ("annee_scolaire", 0),
    "Blâme": ("annee_scolaire", 0),
    "Mesure de responsabilisation": ("annee_scolaire", 0),
    "Exclusion temporaire de la classe": ("date", 1),
    "Exclusion temporaire de l'établissement": ("date", 1),
    "Exclusion définitive": ("depart", 0),
}
SANCTION_AUTRE = ("date", 1)

COURRIELS_ABANDONNES_JOURS = 30  # a queued e-mail not sent 30 days after its time is dropped (the tour gives up after an hour)


def lire_annees(valeur, regle: Regle) -> int:
    """A registry value in whole years, at least the rule's minimum; else the default (a typo never purges)."""
    if isinstance(valeur, bool):
        return regle.annees
    try:
        annees = int(valeur)
    except (TypeError, ValueError):
        return regle.annees
    return annees if annees >= regle.minimum else regle.annees


def ans_apres(jour: date, annees: int) -> date:
    """The same day ``annees`` years later (28 February for a 29th)."""
    try:
        return jour.replace(year=jour.year + annees)
    except ValueError:
        return jour.replace(year=jour.year + annees, day=28)


def fin_annee_scolaire(jour: date) -> date:
    """The last day of the school year of ``jour`` (1 September → 31 August)."""
    return date(jour.year + 1 if jour.month >= 9 else jour.year, 8, 31)


def jour_de(valeur) -> date | None:
    """A date from a date, a datetime or ISO text ("AAAA-MM-JJ…"); None when unreadable."""
    if isinstance(valeur, datetime):
        return valeur.date()
    if isinstance(valeur, date):
        return valeur
    if isinstance(valeur, str) and len(valeur) >= 10:
        try:
            return date.fromisoformat(valeur[:10])
        except ValueError:
            return None
    return None


def echeance(base: str, annees: int, jour=None, depart=None) -> date | None:
    """The last day the record is kept (it goes the day after); None: kept (the person is still here)."""
    if base == "depart":
        return ans_apres(depart, annees) if depart is not None else None
    jour = jour_de(jour)
    if jour is None:
        return None  # an unreadable date never purges
    if base == "annee_scolaire":
        return ans_apres(fin_annee_scolaire(jour), annees)
    return ans_apres(jour, annees)


def perime(aujourd_hui: date, base: str, annees: int, jour=None, depart=None) -> bool:
    """Is the record aged today (strictly after its last day)?"""
    fin = echeance(base, annees, jour, depart)
    return fin is not None and aujourd_hui > fin


def regle_sanction(nature) -> tuple[str, int]:
    return SANCTIONS.get(nature, SANCTION_AUTRE)


def evenement_perime(evenement: dict, aujourd_hui: date, annees: dict, depart_de) -> bool:
    """An infirmerie passage, a punition or a sanction aged today (``annees``: kind → years in force;
    ``depart_de(eleve)``: the day the student left or None). Incidents (the facts) are not purged by
    date: the student's name leaves them when the student has left (``eleve_retire_d_incident``)."""
    type_ = evenement.get("type")
    if type_ in ("infirmerie", "punition"):
        return perime(aujourd_hui, REGLES[type_ if type_ == "infirmerie" else "punitions"].base,
                      annees["infirmerie" if type_ == "infirmerie" else "punitions"], jour=evenement.get("quand"))
    if type_ == "sanction":
        base, n = regle_sanction(evenement.get("nature"))
        eleve = (evenement.get("eleves") or [None])[0]
        return perime(aujourd_hui, base, n, jour=evenement.get("quand"), depart=depart_de(eleve) if base == "depart" else None)
    return False


def premiere_echeance_possible(quand) -> date | None:
    """The earliest day any event of this date could be purged (the end of its school year): before it,
    the tour need not even load the event."""
    jour = jour_de(quand)
    return fin_annee_scolaire(jour) if jour is not None else None


def seuil(aujourd_hui: date, base: str, annees: int) -> date:
    """For a date-based kind: records dated strictly before this day are aged today."""
    if base == "date":
        # jour < seuil ⇔ ans_apres(jour, n) < aujourd_hui (a record of a 29 February: a day later, never earlier)
        return ans_apres(aujourd_hui - timedelta(days=1), -annees) + timedelta(days=1)
    # annee_scolaire: aged ⇔ today > 31 August of (school year's end year + n) ⇔ the record's school year began
    # before 1 September of (today's school year start year − n)
    debut_annee_courante = date(aujourd_hui.year if aujourd_hui.month >= 9 else aujourd_hui.year - 1, 9, 1)
    return date(debut_annee_courante.year - annees, 9, 1)


def resume(bilan: dict) -> dict:
    """{kind: number of records} of a tour's report, for the page and the task's log."""
    return {genre: bilan.get(genre, 0) for genre in REGLES}


# -- how the administrator's page says it ------------------------------------------------------------

BASES = {"depart": "après le départ de la personne", "annee_scolaire": "après la fin de l'année scolaire",
         "date": "après la date de l'enregistrement"}
TYPES_EVENEMENTS = {"infirmerie": "Passage à l'infirmerie", "punition": "Punition", "sanction": "Sanction"}


def _jour_fr(valeur) -> str:
    from cartable.regles.dates_fr import date_fr

    jour = jour_de(valeur)
    return date_fr(jour, 0) if jour is not None else ""


def duree_fr(genre: str, annees: int) -> str:
    """« 1 an après le départ de la personne », « à la fin de l'année scolaire », R511-13 for sanctions."""
    regle = REGLES[genre]
    if genre == "sanctions":
        return ("avertissement, blâme, mesure de responsabilisation : à la fin de l'année scolaire ; exclusion temporaire : "
                "un an, de date à date ; exclusion définitive : au départ de l'élève (article R511-13)")
    if annees == 0:
        return {"depart": "dès le départ de la personne", "annee_scolaire": "à la fin de l'année scolaire",
                "date": "le jour même"}[regle.base]
    return f"{annees} an{'s' if annees > 1 else ''} {BASES[regle.base]}"


def regles_fr(annees: dict) -> list[dict]:
    """[{"libelle", "duree", "registre"}] of every kind, in the order of REGLES."""
    return [{"libelle": r.libelle, "duree": duree_fr(g, annees.get(g, r.annees)), "registre": r.registre or "fixée par la loi"}
            for g, r in REGLES.items()]


def bilan_fr(bilan: dict) -> dict:
    """The dry run's report in words: totals by kind (the non-zero ones), people, events, hand-ins, bulletins."""
    totaux = [{"libelle": REGLES[g].libelle, "nombre": n} for g, n in bilan["totaux"].items() if n]
    personnes = []
    for d in bilan["departs"]:
        quoi = [f"{n} {mot}" for n, mot in ((d["marques"], "marque(s) d'appel"), (d["corrections"], "correction(s)"),
                                             (d["motifs"], "motif(s)"), (d["notes_suivi"], "note(s) de suivi"),
                                             (d["incidents"], "incident(s)"), (d["notifications"], "notification(s)"),
                                             (d["courriels"], "courriel(s) en attente"),
                                             (d.get("messagerie", 0), "conversation(s) ou brouillon de la messagerie")) if n]
        personnes.append({"nom": d["nom"], "parti": _jour_fr(d["parti_le"]), "etablissements": ", ".join(d["etablissements"]),
                          "quoi": ", ".join(quoi)})
    evenements = [{"quoi": " — ".join(x for x in (TYPES_EVENEMENTS.get(e["type"], e["type"]), e.get("nature")) if x),
                   "quand": _jour_fr(e["quand"]), "eleves": ", ".join(e["eleves"]), "etablissement": e["etablissement"]}
                  for e in bilan["evenements"]]
    rendus = [{"eleve": r["eleve"], "devoir": r["devoir"], "quand": _jour_fr(r["cree_le"]), "fichiers": r["fichiers"]}
              for r in bilan["rendus"]]
    bulletins = [{"eleve": b["eleve"], "periode": b["periode"], "etablissement": b["etablissement"],
                  "quand": _jour_fr(b["genere_le"])} for b in bilan["bulletins"]]
    return {"totaux": totaux, "personnes": personnes, "evenements": evenements, "rendus": rendus, "bulletins": bulletins}
