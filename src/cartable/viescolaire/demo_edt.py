"""A demo timetable built from the directory: every class gets its teachers' subjects.

Deterministic and simple: class courses Monday to Friday (not Wednesday
afternoon), one hour each, placed greedily so that no class and no teacher is
in two places; groups (languages, options) on Wednesday afternoon and at 16:00.
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


def creneaux_demo(annuaire, structure) -> list:
    """Weekly slots for every class and group of ``structure`` that has teachers."""
    occupe = set()  # (teacher, day, hour) and (division, day, hour)
    creneaux = []
    for genre, horaires in (("classe", [(j, h) for j in range(5) for h in HEURES_CLASSE if not (j == 2 and h >= "13:00")]), ("groupe", HEURES_GROUPE)):
        for code in sorted(annuaire.divisions_de(structure, genre)):
            cours = []
            for enseignant in sorted(annuaire.enseignants_de(structure, code)):
                personne = annuaire.personne(enseignant)
                for s, d, matiere in personne.enseignements:
                    if s == structure and d == code and matiere:
                        cours += [(enseignant, matiere)] * (HEURES_PAR_MATIERE.get(matiere, 2) if genre == "classe" else 1)
            for rang, (enseignant, matiere) in enumerate(cours):
                for jour, heure in horaires[rang % len(horaires):] + horaires[: rang % len(horaires)]:
                    if (enseignant, jour, heure) not in occupe and (code, jour, heure) not in occupe:
                        occupe.update({(enseignant, jour, heure), (code, jour, heure)})
                        creneaux.append(Creneau(f"{code}-{jour}-{heure.replace(':', '')}".lower(), jour, heure, _fin(heure),
                                                (structure, code), matiere, (enseignant,), f"S{len(creneaux) % 30 + 1:02d}"))
                        break
    return creneaux
