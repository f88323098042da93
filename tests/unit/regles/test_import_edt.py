"""Timetable import: CSV and iCalendar → weekly slots, per-line French errors, conflicts, stable ids."""

from datetime import date

import pytest

from cartable.regles import import_edt
from cartable.regles.emploi_du_temps import Calendrier, Creneau

S = "ETAB1"
ENTETE = "jour;debut;fin;division;matiere;enseignants;salle;semaine\n"
CAL = Calendrier(date(2026, 9, 1), date(2027, 7, 3), semaine_a=date(2026, 8, 31))


def tout_connu(genre, code):
    return not code.startswith("X")


def test_csv_rows_become_slots_with_ids_from_their_place_in_the_week():
    lignes = import_edt.lire_csv(ENTETE + "lundi;8:00;09:00;3A;061300;P1|P2;S01;\nmardi;10h00;11:00;3A-ANG;030201;P3;;B\n", S)
    assert [ligne.erreurs for ligne in lignes] == [(), ()]
    premier, second = (ligne.creneau for ligne in lignes)
    assert premier == Creneau("3a-0-0800", 0, "08:00", "09:00", (S, "3A"), "061300", ("P1", "P2"), "S01", None)
    assert second.id == "3a-ang-1-1000-b" and second.semaine == "B" and second.salle == ""


def test_same_place_same_id_whatever_the_teacher_or_room():
    a = import_edt.lire_csv(ENTETE + "lundi;08:00;09:00;3A;061300;P1;S01;\n", S)[0].creneau
    b = import_edt.lire_csv(ENTETE + "lundi;08:00;09:00;3A;020700;P9;S22;\n", S)[0].creneau
    assert a.id == b.id and a != b


@pytest.mark.parametrize("ligne, attendu", [
    ("dimanche;08:00;09:00;3A;M;P1;;", "jour invalide"),
    ("lundi;25:00;09:00;3A;M;P1;;", "heure invalide"),
    ("lundi;10:00;09:00;3A;M;P1;;", "n'est pas après le début"),
    ("lundi;09:00;09:00;3A;M;P1;;", "n'est pas après le début"),
    ("lundi;08:00;09:00;;M;P1;;", "classe ou groupe manquant"),
    ("lundi;08:00;09:00;3A;M;P1;;C", "semaine invalide"),
])
def test_csv_line_errors_in_french(ligne, attendu):
    (resultat,) = import_edt.lire_csv(ENTETE + ligne + "\n", S)
    assert resultat.creneau is None and any(attendu in e for e in resultat.erreurs)
    assert resultat.numero == 2


def test_csv_header_must_name_every_column():
    with pytest.raises(import_edt.FichierInvalide, match="colonnes manquantes semaine"):
        import_edt.lire_csv("jour;debut;fin;division;matiere;enseignants;salle\n", S)


def test_csv_with_commas_and_windows_encoding():
    donnees = "jour,debut,fin,division,matiere,enseignants,salle,semaine\nlundi,08:00,09:00,3A,M,P1,Salle é,\n".encode("cp1252")
    (ligne,) = import_edt.lire_fichier("edt.csv", donnees, S)
    assert ligne.creneau.salle == "Salle é"


def test_unknown_references_come_from_the_callback():
    lignes = import_edt.lire_csv(ENTETE + "lundi;08:00;09:00;X3;XMAT;P1|XP;;\n", S)
    (ligne,) = import_edt.verifier(lignes, tout_connu)
    assert ligne.erreurs == ("classe ou groupe inconnu : X3", "matière inconnue : XMAT", "enseignant inconnu : XP")
    assert not ligne.retenue


def test_a_class_or_a_teacher_in_two_places_is_refused_on_both_lines():
    texte = ENTETE + "lundi;08:00;09:00;3A;M;P1;;\nlundi;08:30;09:30;3B;M;P1;;\nlundi;08:00;09:00;3A;N;P2;;A\nlundi;09:00;10:00;3A;N;P2;;\n"
    lignes = import_edt.verifier(import_edt.lire_csv(texte, S), tout_connu)
    assert any("l'enseignant P1 est déjà en 3B" in e and "(ligne 3)" in e for e in lignes[0].erreurs)
    assert any("l'enseignant P1 est déjà en 3A" in e for e in lignes[1].erreurs)
    assert any("la division 3A a déjà cours" in e for e in lignes[2].erreurs)
    assert lignes[3].erreurs == ()  # 09:00 starts when 08:00-09:00 ends


def test_weeks_a_and_b_do_not_meet():
    a = Creneau("x", 0, "08:00", "09:00", (S, "3A"), semaine="A")
    b = Creneau("y", 0, "08:00", "09:00", (S, "3A"), semaine="B")
    tous = Creneau("z", 0, "08:30", "09:00", (S, "3A"))
    assert import_edt.conflits(a, [b]) == []
    assert import_edt.conflits(a, [tous]) and import_edt.conflits(b, [tous])


def test_bilan_of_an_import():
    actuels = {"a": Creneau("a", 0, "08:00", "09:00", (S, "3A")), "b": Creneau("b", 1, "08:00", "09:00", (S, "3A")),
               "c": Creneau("c", 2, "08:00", "09:00", (S, "3A"))}
    lignes = [import_edt.Ligne(1, "", actuels["a"]), import_edt.Ligne(2, "", Creneau("b", 1, "08:00", "09:00", (S, "3A"), salle="S2")),
              import_edt.Ligne(3, "", Creneau("d", 3, "08:00", "09:00", (S, "3A"))), import_edt.Ligne(4, "", erreurs=("x",))]
    assert import_edt.bilan(lignes, actuels) == {"ajoutes": ["d"], "modifies": ["b"], "inchanges": ["a"], "retires": ["c"]}


def ics(*evenements):
    corps = "".join(f"BEGIN:VEVENT\r\n{e}END:VEVENT\r\n" for e in evenements)
    return f"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//FR\r\n{corps}END:VCALENDAR\r\n".encode()


def test_weekly_rrule_with_x_properties_and_time_zone():
    donnees = ics("UID:1\r\nDTSTART;TZID=Europe/Paris:20260907T080000\r\nDTEND;TZID=Europe/Paris:20260907T090000\r\n"
                  "RRULE:FREQ=WEEKLY;BYDAY=MO,TH\r\nSUMMARY:Maths\r\nLOCATION:S12\r\nX-CARTABLE-DIVISION:3A\r\n"
                  "X-CARTABLE-MATIERE:061300\r\nX-CARTABLE-ENSEIGNANTS:P2|P1\r\n",
                  "UID:2\r\nDTSTART:20260908T130000Z\r\nDTEND:20260908T140000Z\r\nRRULE:FREQ=WEEKLY;INTERVAL=2\r\n"
                  "SUMMARY:030201 3B\r\nDESCRIPTION:enseignants: P3\r\n")
    lignes = import_edt.lire_icalendar(donnees, S, CAL.type_semaine)
    assert [ligne.erreurs for ligne in lignes] == [(), (), ()]
    lundi, jeudi, alterne = (ligne.creneau for ligne in lignes)
    assert (lundi.jour, jeudi.jour, lundi.debut, lundi.salle, lundi.enseignants) == (0, 3, "08:00", "S12", ("P1", "P2"))
    # 13:00 UTC in September is 15:00 in Paris; 2026-09-08 is in the week of 2026-09-07, a week B
    assert (alterne.jour, alterne.debut, alterne.division, alterne.matiere, alterne.semaine) == (1, "15:00", (S, "3B"), "030201", "B")


def test_one_off_events_of_several_weeks_make_a_slot_a_lone_one_is_refused():
    def seance(uid, jour):
        return (f"UID:{uid}\r\nDTSTART:202609{jour}T100000\r\nDTEND:202609{jour}T110000\r\nSUMMARY:061300 4A\r\n"
                "DESCRIPTION:enseignants: P1\r\n")

    hebdo = import_edt.lire_icalendar(ics(seance("a", "07"), seance("b", "14"), seance("c", "21")), S, CAL.type_semaine)
    assert len(hebdo) == 1 and hebdo[0].creneau.semaine is None and hebdo[0].creneau.jour == 0
    alterne = import_edt.lire_icalendar(ics(seance("a", "07"), seance("c", "21")), S, CAL.type_semaine)
    assert alterne[0].creneau.semaine == CAL.type_semaine(date(2026, 9, 7)) == "B"
    (seule,) = import_edt.lire_icalendar(ics(seance("a", "07")), S, CAL.type_semaine)
    assert seule.creneau is None and "séance ponctuelle" in seule.erreurs[0]


def test_ics_cancelled_and_bad_events():
    lignes = import_edt.lire_icalendar(ics(
        "UID:1\r\nSTATUS:CANCELLED\r\nDTSTART:20260907T080000\r\nDTEND:20260907T090000\r\nSUMMARY:M 3A\r\n",
        "UID:2\r\nDTSTART;VALUE=DATE:20260907\r\nSUMMARY:M 3A\r\nRRULE:FREQ=WEEKLY\r\n",
        "UID:3\r\nDTSTART:20260907T080000\r\nDTEND:20260907T090000\r\nRRULE:FREQ=DAILY\r\nSUMMARY:M 3A\r\n",
        "UID:4\r\nDTSTART:20260907T080000\r\nDTEND:20260907T090000\r\nRRULE:FREQ=WEEKLY;INTERVAL=2\r\nSUMMARY:M 3A\r\n",
    ), S)
    assert lignes[0].remarque and lignes[0].creneau is None and not lignes[0].erreurs
    assert "journée entière" in lignes[1].erreurs[0]
    assert "FREQ=WEEKLY" in lignes[2].erreurs[0]
    assert "calendrier" in lignes[3].erreurs[0]  # no school calendar given: A or B cannot be told


def test_unreadable_or_unknown_files():
    with pytest.raises(import_edt.FichierInvalide, match="illisible"):
        import_edt.lire_fichier("edt.ics", b"pas un calendrier", S)
    with pytest.raises(import_edt.FichierInvalide, match="Format non reconnu"):
        import_edt.lire_fichier("edt.xlsx", b"x", S)
    with pytest.raises(import_edt.FichierInvalide, match="volumineux"):
        import_edt.lire_fichier("edt.csv", b"x" * (import_edt.TAILLE_MAX + 1), S)


@pytest.mark.parametrize("champs, message", [
    ({"jour": 1, "debut": "08:00", "fin": "09:00", "division": "3A"}, "jour invalide"),
    ({"jour": "lundi", "debut": 800, "fin": "09:00", "division": "3A"}, "heure invalide"),
    ({"jour": "lundi", "debut": "08:00", "fin": "09:00", "division": "3A", "semaine": 1}, "semaine invalide"),
    ({"jour": "lundi", "debut": "08:00", "fin": "09:00", "division": 3}, "classe ou groupe : texte attendu"),
    ({"jour": "lundi", "debut": "08:00", "fin": "09:00", "division": "3A", "matiere": ["M"]}, "matière : texte attendu"),
    ({"jour": "lundi", "debut": "08:00", "fin": "09:00", "division": "3A", "salle": 12}, "salle : texte attendu"),
])
def test_values_that_are_not_text_are_refused_in_french(champs, message):
    with pytest.raises(ValueError, match=message):
        import_edt.creneau_depuis(champs, S)


def test_bilan_ignores_the_validity_of_the_current_slots():
    from dataclasses import replace

    (ligne,) = import_edt.lire_csv(ENTETE + "lundi;08:00;09:00;3A;;;;\n", S)
    actuel = replace(ligne.creneau, du=date(2026, 11, 16))
    assert import_edt.bilan([ligne], {actuel.id: actuel})["inchanges"] == [actuel.id]
    autre = replace(actuel, salle="S2")
    assert import_edt.bilan([ligne], {autre.id: autre})["modifies"] == [autre.id]
