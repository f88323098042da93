"""Half-day counting (décompte des demi-journées d'absence) for one student.

The rule of DESIGN.md "Half-day counting", in one pure module (standard
library only): every count Cartable shows — student page, CPE lists,
alerts, bulletins, LSU — comes from ``decompter``. Its JSON contract is
../shared/contracts/decompte.md (command ``cartable-decompte``).

1. A course belongs to the half-day in which it starts (start < boundary:
   morning). Only days with an expected course count; weekends never do.
2. Expected courses: those of the timetable, minus cancelled ones (closures
   are cancelled courses) and those the student is exempted from.
3. *brutes*: a half-day counts 1 when the student missed at least one expected
   course of it with a motive that is not *présent dans l'établissement*;
   *calculées*: counted absent minutes / expected minutes of the half-day,
   rounded half up to the nearest 0.5.
4. *justifiée* when every counted absence of it has a *recevable* motive;
   otherwise *non justifiée*; absences without a motive are *à régulariser*.
5. Lateness and early departures never make half-days; missed minutes are
   those of expected courses marked absent, whatever the motive.
6. Four or more non justifiées half-days in a calendar month raise an alert.

The establishment chooses the boundary, the mode and the alert threshold, each
from a date (``reglages_decompte.Chronologie``): ``decompter(entree,
chronologie)`` counts every day with the settings in force that day, so a
closed period keeps its counts.
"""

import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from fractions import Fraction

from cartable.regles.reglages_decompte import Chronologie, Reglages

MODES = ("brutes", "calculees")
SEUIL_ALERTE = 4  # article L131-8 du code de l'éducation
DEMI_JOURNEES_PAR_JOUR = 2  # a morning and an afternoon, each counted at most 1
TYPES = ("absence", "retard", "depart")
_HEURE = re.compile(r"^([01][0-9]|2[0-3]):([0-5][0-9])$")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


class DecompteInvalide(ValueError):
    """Input that breaks the contract; the message says where."""


@dataclass(frozen=True)
class Motif:
    recevable: bool
    present: bool  # présent dans l'établissement: not an absence for the count


@dataclass(frozen=True)
class Cours:
    id: str
    jour: date
    debut: int  # minutes since midnight
    fin: int
    attendu: bool  # neither cancelled, nor exempted, nor on a weekend

    @property
    def duree(self):
        return self.fin - self.debut


@dataclass
class DemiJournee:
    attendues: int = 0  # expected minutes
    absentes: int = 0  # counted absent minutes
    motifs: list = field(default_factory=list)  # motive of each counted absence (None: à régulariser)


def minutes(valeur, ou) -> int:
    match = _HEURE.match(valeur) if isinstance(valeur, str) else None
    if not match:
        raise DecompteInvalide(f"{ou} : heure invalide {valeur!r} (HH:MM attendu)")
    return int(match.group(1)) * 60 + int(match.group(2))


def jour(valeur, ou) -> date:
    if not isinstance(valeur, str) or not _DATE.match(valeur):
        raise DecompteInvalide(f"{ou} : date invalide {valeur!r} (AAAA-MM-JJ attendu)")
    try:
        return date.fromisoformat(valeur)
    except ValueError:
        raise DecompteInvalide(f"{ou} : date invalide {valeur!r}") from None


def _booleen(objet, cle, ou):
    valeur = objet.get(cle, False)
    if not isinstance(valeur, bool):
        raise DecompteInvalide(f"{ou}.{cle} : booléen attendu, pas {valeur!r}")
    return valeur


def _objet(valeur, ou):
    if not isinstance(valeur, dict):
        raise DecompteInvalide(f"{ou} : objet attendu")
    return valeur


def _liste(valeur, ou):
    if not isinstance(valeur, list):
        raise DecompteInvalide(f"{ou} : liste attendue")
    return valeur


def lire_entree(entree):
    """Validate the contract's input; (boundary, mode, motives, courses, events)."""
    entree = _objet(entree, "entrée")
    reglages = _objet(entree.get("settings", {}), "settings")
    limite = minutes(reglages.get("boundary", "12:30"), "settings.boundary")
    mode = reglages.get("mode", "brutes")
    if mode not in MODES:
        raise DecompteInvalide(f"settings.mode : {mode!r} inconnu (brutes ou calculees)")
    motifs = {}
    for code, flags in _objet(entree.get("motives", {}), "motives").items():
        flags = _objet(flags, f"motives.{code}")
        motifs[code] = Motif(_booleen(flags, "recevable", f"motives.{code}"), _booleen(flags, "present", f"motives.{code}"))
    cours = {}
    for rang, item in enumerate(_liste(entree.get("courses", []), "courses")):
        ou = f"courses[{rang}]"
        item = _objet(item, ou)
        ident = item.get("id")
        if not isinstance(ident, str) or not ident:
            raise DecompteInvalide(f"{ou}.id : identifiant attendu")
        if ident in cours:
            raise DecompteInvalide(f"{ou}.id : cours {ident!r} en double")
        le_jour = jour(item.get("date"), f"{ou}.date")
        debut, fin = minutes(item.get("start"), f"{ou}.start"), minutes(item.get("end"), f"{ou}.end")
        if fin <= debut:
            raise DecompteInvalide(f"{ou} : la fin ({item.get('end')}) doit suivre le début ({item.get('start')})")
        annule = _booleen(item, "cancelled", ou)
        dispense = _booleen(item, "exempt", ou)
        attendu = not annule and not dispense and le_jour.weekday() < 5
        cours[ident] = Cours(ident, le_jour, debut, fin, attendu)
    evenements = []
    vus = {}
    for rang, item in enumerate(_liste(entree.get("events", []), "events")):
        ou = f"events[{rang}]"
        item = _objet(item, ou)
        ident, genre = item.get("course"), item.get("type")
        if ident not in cours:
            raise DecompteInvalide(f"{ou}.course : cours inconnu {ident!r}")
        if genre not in TYPES:
            raise DecompteInvalide(f"{ou}.type : {genre!r} inconnu (absence, retard ou depart)")
        deja = vus.setdefault(ident, set())
        if genre in deja:
            raise DecompteInvalide(f"{ou} : deux événements {genre} sur le cours {ident!r}")
        if {genre} | deja >= {"absence", "retard"}:
            raise DecompteInvalide(f"{ou} : une absence et un retard sur le même cours {ident!r}")
        deja.add(genre)
        motif = None
        if genre == "absence":
            motif = item.get("motive")
            if motif is not None and motif not in motifs:
                raise DecompteInvalide(f"{ou}.motive : motif inconnu {motif!r}")
        if genre == "retard":
            retard = item.get("minutes")
            if isinstance(retard, bool) or not isinstance(retard, int) or retard < 0:
                raise DecompteInvalide(f"{ou}.minutes : nombre entier de minutes attendu, pas {retard!r}")
        evenements.append((cours[ident], genre, motif))
    return limite, mode, motifs, cours, evenements


def arrondi_demi(valeur: Fraction) -> Fraction:
    """Nearest 0.5, halves rounded up (0.25 → 0.5, 0.75 → 1)."""
    doubles = valeur * 2
    entier = doubles.numerator // doubles.denominator
    if doubles - entier >= Fraction(1, 2):
        entier += 1
    return Fraction(entier, 2)


def _nombre(valeur: Fraction):
    """An int when whole, else a float ending in .5."""
    return int(valeur) if valeur.denominator == 1 else float(valeur)


def _chronologie(entree, chronologie):
    """(validated input, the timeline): the one given, else the input's settings all along."""
    limite, mode, motifs, cours, evenements = lire_entree(entree)
    if chronologie is None:
        chronologie = Chronologie(Reglages(f"{limite // 60:02d}:{limite % 60:02d}", mode, SEUIL_ALERTE))
    return motifs, cours, evenements, chronologie


def alerte_possible(jours_d_absence, seuil_minimal: int) -> bool:
    """Could a student whose absence marks fall on these days raise an alert, when no threshold in force is
    below ``seuil_minimal``? A day gives at most two half-days, each counted at most 1 (brutes, or calculées
    rounded), so a month alerts only with at least ``seuil / 2`` days of absence marks in it.

    A necessary condition, never a sufficient one: it spares ``decompter`` the many students absent once or
    twice in a month (Mon bureau's and the CPE desk's alerts); ``decompter`` decides."""
    par_mois = Counter((jour.year, jour.month) for jour in set(jours_d_absence))
    return any(DEMI_JOURNEES_PAR_JOUR * jours >= seuil_minimal for jours in par_mois.values())


def decompter(entree, chronologie=None) -> dict:
    """The contract's output for the contract's input; DecompteInvalide otherwise.

    ``chronologie`` (``reglages_decompte.Chronologie``), when given, replaces the input's settings: each
    day is counted with the boundary and mode in force that day, and a month is alerted when, on a day
    with a non justifiée half-day, the month's non justifiées up to that day reach that day's threshold.
    """
    motifs, cours, evenements, chronologie = _chronologie(entree, chronologie)
    reglages_du = {}  # day → Reglages, read once per day

    def reglages(jour):
        if jour not in reglages_du:
            reglages_du[jour] = chronologie.en_vigueur(jour)
        return reglages_du[jour]

    def demi_journee(c):
        return (c.jour, "matin" if c.debut < reglages(c.jour).minutes_limite else "apres-midi")

    demi_journees = {}
    for c in cours.values():
        if c.attendu:
            demi_journees.setdefault(demi_journee(c), DemiJournee()).attendues += c.duree
    retards = 0
    minutes_manquees = 0
    for c, genre, motif in evenements:
        if not c.attendu:
            continue
        if genre == "retard":
            retards += 1
        elif genre == "absence":
            minutes_manquees += c.duree
            if motif is None or not motifs[motif].present:
                dj = demi_journees[demi_journee(c)]
                dj.absentes += c.duree
                dj.motifs.append(motif)

    justifiees = non_justifiees = a_regulariser = Fraction(0)
    par_mois = {}
    non_justifiees_du_jour = {}  # day → non justifiées counted that day (the alert rule)
    for (le_jour, _), dj in sorted(demi_journees.items()):
        if not dj.motifs:
            continue
        mode = reglages(le_jour).mode
        valeur = Fraction(1) if mode == "brutes" else arrondi_demi(Fraction(dj.absentes, dj.attendues))
        if valeur == 0:
            continue
        mois = par_mois.setdefault(f"{le_jour:%Y-%m}", {"justifiees": Fraction(0), "non_justifiees": Fraction(0)})
        if all(m is not None and motifs[m].recevable for m in dj.motifs):
            justifiees += valeur
            mois["justifiees"] += valeur
        else:
            non_justifiees += valeur
            mois["non_justifiees"] += valeur
            non_justifiees_du_jour[le_jour] = non_justifiees_du_jour.get(le_jour, 0) + valeur
            if any(m is None for m in dj.motifs):
                a_regulariser += valeur
    alertes, cumul = set(), {}
    for le_jour, valeur in sorted(non_justifiees_du_jour.items()):
        mois = f"{le_jour:%Y-%m}"
        cumul[mois] = cumul.get(mois, 0) + valeur
        if cumul[mois] >= reglages(le_jour).seuil:
            alertes.add(mois)
    return {
        "demi_journees": {
            "total": _nombre(justifiees + non_justifiees),
            "justifiees": _nombre(justifiees),
            "non_justifiees": _nombre(non_justifiees),
            "a_regulariser": _nombre(a_regulariser),
        },
        "retards": retards,
        "minutes_manquees": minutes_manquees,
        "par_mois": {m: {k: _nombre(v) for k, v in c.items()} for m, c in sorted(par_mois.items())},
        "alertes": sorted(alertes),
    }


def complements_par_mois(entree, chronologie=None) -> dict:
    """Per month (``YYYY-MM``) of the expected courses: what ``decompter`` does not say.

    ``demi_journees_attendues``: half-days with at least one expected course
    (rule 1), the denominator of an absence rate; ``retards`` and
    ``minutes_retard``: lateness on expected courses, counted as ``decompter``
    counts ``retards``. Same input, same validation; ``chronologie`` as for ``decompter`` (each day's boundary).
    """
    _, cours, evenements, chronologie = _chronologie(entree, chronologie)
    attendues = {}
    for c in cours.values():
        if c.attendu:
            limite = chronologie.en_vigueur(c.jour).minutes_limite
            attendues.setdefault(f"{c.jour:%Y-%m}", set()).add((c.jour, "matin" if c.debut < limite else "apres-midi"))
    result = {m: {"demi_journees_attendues": len(d), "retards": 0, "minutes_retard": 0} for m, d in sorted(attendues.items())}
    # lire_entree keeps the events in their input order: the raw item gives the minutes
    for (c, genre, _), brut in zip(evenements, entree.get("events", [])):
        if genre == "retard" and c.attendu:
            mois = result[f"{c.jour:%Y-%m}"]
            mois["retards"] += 1
            mois["minutes_retard"] += brut["minutes"]
    return result
