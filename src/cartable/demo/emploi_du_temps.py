"""A demo timetable built from the directory: every class gets its teachers' subjects.

Deterministic and simple: class courses Monday to Friday (not Wednesday
afternoon), one hour each, spread round-robin over the days and placed
greedily so that no class and no teacher is in two places; groups (languages, options) on Wednesday afternoon and at 16:00.
The calendar's dates are indicative (zone B), for the demo only.
"""

from datetime import date

from cartable.regles.emploi_du_temps import Calendrier, Creneau, Fermeture

HEURES_CLASSE = ["08:00", "09:00", "10:00", "11:00", "13:30", "14:30", "15:30"]
HEURES_GROUPE = [(2, "13:30"), (2, "14:30"), (2, "15:30"), (0, "16:30"), (1, "16:30"), (3, "16:30"), (4, "16:30")]
HEURES_PAR_MATIERE = {"020700": 4, "061300": 4, "030201": 3, "040300": 3}  # français, maths, anglais, histoire-géo

CALENDRIER_DEMO = Calendrier(
    debut=date(2026, 9, 1),
    fin=date(2027, 7, 3),
    semaine_a=date(2026, 8, 31),
    fermetures=(
        Fermeture(date(2026, 10, 17), date(2026, 11, 1), "Vacances de la Toussaint"),
        Fermeture(date(2026, 11, 11), date(2026, 11, 11), "Armistice"),
        Fermeture(date(2026, 12, 19), date(2027, 1, 3), "Vacances de Noël"),
        Fermeture(date(2027, 2, 13), date(2027, 2, 28), "Vacances d'hiver"),
        Fermeture(date(2027, 3, 29), date(2027, 3, 29), "Lundi de Pâques"),
        Fermeture(date(2027, 4, 10), date(2027, 4, 25), "Vacances de printemps"),
        Fermeture(date(2027, 5, 6), date(2027, 5, 7), "Pont de l'Ascension"),
        Fermeture(date(2027, 5, 17), date(2027, 5, 17), "Lundi de Pentecôte"),
    ),
)


def _fin(debut):
    h, m = int(debut[:2]), int(debut[3:])
    return f"{h + 1:02d}:{m:02d}"


def _entrelaces(cours_par_matiere):
    """One hour of each subject in turn: French, maths, English, … then again, so that a subject's hours spread."""
    files = [list(c) for c in cours_par_matiere if c]
    ordre = []
    while files:
        ordre += [f.pop() for f in files]
        files = [f for f in files if f]
    return ordre


def _horaires_du_cours(horaires, rang, decalage, jours_pris):
    """The times to try for a class's ``rang``-th course: its day first (round-robin over the week), then the
    next days; the days where the class already has this subject last."""
    jours = sorted({j for j, _ in horaires})
    depart = (rang + decalage) % len(jours)
    ordre_jours = sorted(jours[depart:] + jours[:depart], key=lambda j: j in jours_pris)
    heures = sorted({h for _, h in horaires})
    debut = (rang // len(jours) + decalage) % len(heures)
    ordre_heures = heures[debut:] + heures[:debut]
    return [(j, h) for j in ordre_jours for h in ordre_heures if (j, h) in horaires]


def creneaux_demo(annuaire, structure) -> list:
    """Weekly slots for every class and group of ``structure`` that has teachers.

    Each class's courses are spread round-robin over the days (a subject's
    hours fall on different days), shifted from one class to the next so that
    the teachers' hours spread too; no class and no teacher is in two places.
    """
    occupe = set()  # (teacher, day, hour) and (division, day, hour)
    creneaux = []
    for genre, horaires in (("classe", [(j, h) for j in range(5) for h in HEURES_CLASSE if not (j == 2 and h >= "13:00")]), ("groupe", HEURES_GROUPE)):
        for decalage, code in enumerate(sorted(annuaire.divisions_de(structure, genre))):
            par_matiere = []
            for enseignant in sorted(annuaire.enseignants_de(structure, code)):
                personne = annuaire.personne(enseignant)
                for s, d, matiere in personne.enseignements:
                    if s == structure and d == code and matiere:
                        par_matiere.append([(enseignant, matiere)] * (HEURES_PAR_MATIERE.get(matiere, 2) if genre == "classe" else 1))
            cours = _entrelaces(par_matiere)
            jours_matiere = {}  # subject → days this class already has it
            for rang, (enseignant, matiere) in enumerate(cours):
                essais = _horaires_du_cours(horaires, rang, decalage, jours_matiere.setdefault(matiere, set())) if genre == "classe" else \
                    horaires[rang % len(horaires):] + horaires[: rang % len(horaires)]
                for jour, heure in essais:
                    if (enseignant, jour, heure) not in occupe and (code, jour, heure) not in occupe:
                        occupe.update({(enseignant, jour, heure), (code, jour, heure)})
                        jours_matiere.setdefault(matiere, set()).add(jour)
                        creneaux.append(Creneau(f"{code}-{jour}-{heure.replace(':', '')}".lower(), jour, heure, _fin(heure),
                                                (structure, code), matiere, (enseignant,), f"S{len(creneaux) % 30 + 1:02d}"))
                        break
    return creneaux
