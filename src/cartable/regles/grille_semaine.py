"""The hourly week grid of a timetable: which days, which hours, where each course sits.

Pure module (standard library only). The page lays the grid out with CSS grid:
one row per quarter of an hour, one column per day (Monday to Saturday); a
course covers the rows from its start to its end, and courses of one day that
overlap sit side by side (each in its lane, the lanes sharing the day's width).
On a phone the page shows one day at a time, with the previous and next days.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

QUART = 15  # minutes per row of the grid
JOURS_AFFICHES = 6  # Monday to Saturday
HEURES_PAR_DEFAUT = (8, 17)  # an empty week still shows a school day


def minutes(heure: str) -> int:
    """"08:30" → 510."""
    h, m = heure.split(":")
    return int(h) * 60 + int(m)


def lundi_de(jour: date) -> date:
    """The Monday of ``jour``'s week (a Sunday belongs to the week it ends)."""
    return jour - timedelta(days=jour.weekday())


def jour_affiche(jour: date) -> date:
    """The day a page opens on: ``jour``, or the next Monday when it is a Sunday (no course on Sundays)."""
    return jour + timedelta(days=1) if jour.weekday() == 6 else jour


def jours_de_la_semaine(lundi: date) -> list[date]:
    """The grid's columns: Monday to Saturday."""
    return [lundi + timedelta(days=i) for i in range(JOURS_AFFICHES)]


def jour_voisin(jour: date, sens: int) -> date:
    """The previous (sens=-1) or next (sens=1) school day of the day view: Saturday → Monday, Monday → Saturday."""
    voisin = jour + timedelta(days=sens)
    return voisin + timedelta(days=sens) if voisin.weekday() == 6 else voisin


def bornes_heures(cours) -> tuple[int, int]:
    """(first hour, hour after the last) of the rows: the default school day widened to every course's hours."""
    debut, fin = HEURES_PAR_DEFAUT
    for c in cours:
        debut = min(debut, minutes(c.debut) // 60)
        fin = max(fin, -(-minutes(c.fin) // 60))  # an end at 17:30 needs the 17 h row
    return debut, fin


@dataclass(frozen=True)
class Place:
    """Where one course sits in its day's column: CSS grid lines (1-based, end exclusive)."""

    cours: object
    ligne_debut: int
    ligne_fin: int
    colonne_debut: int
    colonne_fin: int
    couloirs: int  # how many courses share its width (1: alone)


def _groupes(cours):
    """Courses sorted by start, cut into groups where each overlaps (transitively) with the group."""
    groupes, fin_groupe = [], None
    for c in sorted(cours, key=lambda c: (minutes(c.debut), minutes(c.fin))):
        if fin_groupe is None or minutes(c.debut) >= fin_groupe:
            groupes.append([])
            fin_groupe = minutes(c.fin)
        groupes[-1].append(c)
        fin_groupe = max(fin_groupe, minutes(c.fin))
    return groupes


def _couloirs(groupe):
    """Lane of each course of an overlapping group (first free lane), and the number of lanes."""
    fins, voies = [], []
    for c in groupe:
        for i, fin in enumerate(fins):
            if fin <= minutes(c.debut):
                fins[i] = minutes(c.fin)
                voies.append(i)
                break
        else:
            fins.append(minutes(c.fin))
            voies.append(len(fins) - 1)
    return voies, len(fins)


def colonnes_du_jour(cours) -> int:
    """How many sub-columns the day needs: a common multiple of its groups' lane counts (capped)."""
    total = 1
    for groupe in _groupes(cours):
        n = _couloirs(groupe)[1]
        a, b = total, n
        while b:
            a, b = b, a % b
        total = total * n // a
    return min(total, 12)


def placer_jour(cours, premiere_heure: int) -> list[Place]:
    """Each course of one day on its rows (from ``premiere_heure``) and in its lane; overlapping ones side by side.

    Row 1 of the day's grid is the start of ``premiere_heure``; a course ending at a quarter's start
    does not cover that quarter. Lanes divide the day's ``colonnes_du_jour`` sub-columns evenly."""
    colonnes = colonnes_du_jour(cours)
    places = []
    origine = premiere_heure * 60
    for groupe in _groupes(cours):
        voies, n = _couloirs(groupe)
        for c, voie in zip(groupe, voies):
            debut = max(0, minutes(c.debut) - origine) // QUART
            fin = max(debut + 1, -(-(minutes(c.fin) - origine) // QUART))
            places.append(Place(c, debut + 1, fin + 1, voie * colonnes // n + 1, (voie + 1) * colonnes // n + 1, n))
    return places


def lignes(premiere_heure: int, derniere_heure: int) -> int:
    """Rows of quarters between the two hours."""
    return (derniere_heure - premiere_heure) * 60 // QUART


def action_appel(etat: str | None, jour: date, aujourd_hui: date, *, vie_scolaire: bool, annule: bool) -> str | None:
    """What the course's register link says for its teacher or the vie scolaire: « Faire l'appel » while it
    can still be taken (the teacher on the day, the vie scolaire from the day on), else « Voir l'appel »;
    nothing for a cancelled course (no register is taken)."""
    if annule:
        return None
    if etat != "fait" and (jour == aujourd_hui or (vie_scolaire and jour < aujourd_hui)):
        return "Faire l'appel"
    return "Voir l'appel"
