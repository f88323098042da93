"""The timetable's journal in French sentences."""

from datetime import date

from cartable.regles import journal_edt as j

MATIERES = {"061300": "Mathematiques", "030201": "LV1 anglais"}
PERSONNES = {"p1": "David Mathieu", "p2": "Claire Roux"}


def dire(entree, cours=None):
    return j.phrase(entree, qui="Stéphane Lemoine", cours=cours, matiere=lambda c: MATIERES.get(c, c),
                    personne=lambda i: PERSONNES.get(i, "un enseignant"), annee=2026)


COURS = j.description_cours("Mathématiques", "3A", date(2026, 12, 3), "08:00", annee=2026)


def test_a_course_is_described_in_words():
    assert COURS == "le cours de mathématiques de la 3A du jeudi 3 décembre à 8 h"
    assert j.description_cours("SVT", "3A-G1", date(2026, 12, 1), "13:30", genre="groupe") == \
        "le cours de SVT du groupe 3A-G1 du mardi 1er décembre à 13 h 30"


def test_a_moved_course_says_where_to_and_by_whom():
    entree = {"action": "deplacer", "quand": "2026-12-01T10:12:00",
              "avant": {"cle": "2026-12-03@x", "modification": None},
              "apres": {"cle": "2026-12-03@x", "modification": {"date": "2026-12-04", "debut": "10:00", "fin": "11:00", "annule": False}}}
    assert dire(entree, COURS) == ("Le cours de mathématiques de la 3A du jeudi 3 décembre à 8 h a été déplacé au vendredi "
                                   "4 décembre à 10 h par Stéphane Lemoine.")
    assert j.quand(entree) == "mardi 1er décembre à 10 h 12"


def test_cancelled_replaced_room_and_restored():
    annule = {"action": "annuler", "apres": {"modification": {"annule": True, "motif": "Sortie pédagogique"}}}
    assert dire(annule, COURS).endswith("a été annulé (motif : Sortie pédagogique) par Stéphane Lemoine.")
    remplace = {"action": "remplacer", "apres": {"modification": {"remplacants": ["p2"]}}}
    assert dire(remplace, COURS) == "Le cours de mathématiques de la 3A du jeudi 3 décembre à 8 h a été confié à Claire Roux par Stéphane Lemoine."
    salle = {"action": "changer_salle", "apres": {"modification": {"salle": "S99"}}}
    assert "a été mis en salle S99 par" in dire(salle, COURS)
    assert "a été rétabli comme prévu par" in dire({"action": "retablir", "apres": {"modification": None}}, COURS)


def test_slots_are_said_with_names_never_codes():
    creneau = {"id": "3a-0-0800", "jour": "lundi", "debut": "08:00", "fin": "09:00", "division": "3A", "matiere": "061300",
               "enseignants": ["p1"], "salle": "S12", "semaine": "A"}
    texte = dire({"action": "ajouter_creneau", "avant": None, "apres": creneau})
    assert texte == ("Un créneau de mathematiques de la 3A le lundi de 8 h à 9 h, salle S12, avec David Mathieu (semaine A) "
                     "a été ajouté par Stéphane Lemoine.")
    for code in ("061300", "p1", "3a-0-0800"):
        assert code not in texte
    modifie = dire({"action": "modifier_creneau", "avant": creneau, "apres": {**creneau, "jour": "mardi", "enseignants": ["p2"]}})
    assert "désormais mathematiques de la 3A le mardi" in modifie and "Claire Roux" in modifie
    assert dire({"action": "retirer_creneau", "avant": creneau, "apres": None}).startswith("Le créneau de mathematiques")


def test_closures_and_imports():
    ajout = {"action": "ajouter_fermeture", "avant": {"fermetures": []},
             "apres": {"fermetures": [{"du": "2027-02-01", "au": "2027-02-02", "libelle": "Formation"}]}}
    assert dire(ajout) == ("La fermeture « Formation » (du lundi 1er au mardi 2 février 2027) a été ajoutée par Stéphane Lemoine.")
    retrait = {"action": "retirer_fermeture", "avant": ajout["apres"], "apres": {"fermetures": []}}
    assert "a été retirée par" in dire(retrait)
    imp = {"action": "import", "avant": {"fichier": "edt.csv", "creneaux": [{}]}, "apres": {"creneaux": [{}, {}]}}
    assert dire(imp) == ("Un emploi du temps a été importé (« edt.csv ») par Stéphane Lemoine : 2 créneau(x) ajouté(s) ou "
                         "modifié(s), 1 créneau(x) remplacé(s) ou retiré(s).")
