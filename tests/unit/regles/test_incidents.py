import pytest

from cartable.regles.incidents import (
    NATURES_PAR_DEFAUT,
    IncidentInvalide,
    IncidentRefuse,
    Profil,
    changer_statut,
    filtrer,
    lire_evenement,
    natures_de,
    verifier_creation,
    vue,
)

ENSEIGNANT = Profil(ident="prof", personnel=True)
AUTRE_ENSEIGNANT = Profil(ident="prof2", personnel=True)
CPE = Profil(ident="cpe", personnel=True, vie_scolaire=True)
DIRECTION = Profil(ident="dir", personnel=True, vie_scolaire=True, direction=True)
PARENT = Profil(ident="parent", enfants=frozenset({"e1"}))
ELEVE = Profil(ident="e1")
AUTRE_ELEVE = Profil(ident="e2")
ADMIN = Profil(admin=True)


def evenement(**champs):
    base = {"type": "incident", "eleves": ["e1", "e2"], "quand": "2026-11-16T10:15", "auteur": "prof", "statut": "signale"}
    return {**base, **champs}


def corps(**champs):
    return {"type": "incident", "eleves": ["e1", "e2"], "quand": "2026-11-16T10:15", "lieu": "Cour", "description": "Bousculade", **champs}


@pytest.mark.parametrize("type_", ["infirmerie", "incident", "punition"])
def test_any_staff_member_records_incidents_and_punitions(type_):
    for profil in (ENSEIGNANT, CPE, DIRECTION):
        verifier_creation(profil, type_)
    for profil in (PARENT, ELEVE, ADMIN, Profil()):
        with pytest.raises(IncidentRefuse):
            verifier_creation(profil, type_)


def test_only_the_direction_gives_a_sanction():
    verifier_creation(DIRECTION, "sanction")
    for profil in (ENSEIGNANT, CPE, ADMIN, PARENT):
        with pytest.raises(IncidentRefuse, match="direction"):
            verifier_creation(profil, "sanction")
    with pytest.raises(IncidentInvalide):
        verifier_creation(DIRECTION, "bagarre")


def test_a_valid_incident_is_normalised():
    lu = lire_evenement(corps(eleves=["e1", " e2", "e1"], quand="2026-11-16T10:15:42", description="  Bousculade "))
    assert lu == {"type": "incident", "eleves": ["e1", "e2"], "quand": "2026-11-16T10:15", "lieu": "Cour",
                  "description": "Bousculade", "nature": None, "incident": None}


@pytest.mark.parametrize("champs, message", [
    ({"type": "bagarre"}, "Type"),
    ({"eleves": []}, "élèves"),
    ({"eleves": "e1"}, "élèves"),
    ({"eleves": ["e1", 3]}, "élèves"),
    ({"quand": "16/11/2026 10h"}, "AAAA-MM-JJ"),
    ({"quand": None}, "AAAA-MM-JJ"),
    ({"description": ""}, "Décrivez"),
    ({"description": "x" * 4001}, "4000"),
    ({"lieu": 12}, "texte"),
    ({"nature": "Retenue"}, "nature"),
    ({"incident": "abc"}, "suite"),
    ({"type": "punition", "nature": "Retenue"}, "un seul élève"),
    ({"type": "punition", "eleves": ["e1"], "nature": "Fouet"}, "Retenue"),
    ({"type": "sanction", "eleves": ["e1"]}, "Avertissement"),
    ({"type": "punition", "eleves": ["e1"], "nature": "Retenue", "incident": 7}, "suite"),
])
def test_bad_input_is_refused_in_french(champs, message):
    with pytest.raises(IncidentInvalide, match=message):
        lire_evenement(corps(**champs))


def test_one_student_may_be_given_alone():
    corps_un = {k: v for k, v in corps(type="punition", nature="Retenue").items() if k != "eleves"}
    assert lire_evenement({**corps_un, "eleve": "e1"})["eleves"] == ["e1"]
    with pytest.raises(IncidentInvalide, match="élèves"):
        lire_evenement({**corps_un, "eleve": ["e1"]})


def test_not_an_object():
    with pytest.raises(IncidentInvalide, match="objet"):
        lire_evenement(["incident"])


def test_natures_default_or_the_establishments_own():
    assert natures_de("punition") == ("Retenue", "Devoir supplémentaire", "Excuse orale ou écrite")
    assert len(NATURES_PAR_DEFAUT["sanction"]) == 6 and "Exclusion définitive" in natures_de("sanction")
    propres = {"punition": ["Travail d'intérêt scolaire"]}
    assert natures_de("punition", propres) == ("Travail d'intérêt scolaire",)
    assert natures_de("sanction", propres) == NATURES_PAR_DEFAUT["sanction"]
    lu = lire_evenement(corps(type="punition", eleves=["e1"], nature="Travail d'intérêt scolaire", incident="abc"), propres)
    assert (lu["nature"], lu["incident"]) == ("Travail d'intérêt scolaire", "abc")
    with pytest.raises(IncidentInvalide):
        lire_evenement(corps(type="punition", eleves=["e1"], nature="Retenue"), propres)


def test_punition_transitions():
    punition = evenement(type="punition", eleves=["e1"], statut="prononcee")
    assert changer_statut(ENSEIGNANT, punition, "faite") == "faite"  # its author
    assert changer_statut(CPE, punition, "non_faite") == "non_faite"
    with pytest.raises(IncidentRefuse):
        changer_statut(AUTRE_ENSEIGNANT, punition, "faite")
    with pytest.raises(IncidentRefuse):
        changer_statut(PARENT, punition, "faite")
    with pytest.raises(IncidentInvalide, match="impossible"):
        changer_statut(CPE, punition, "executee")
    assert changer_statut(CPE, {**punition, "statut": "non_faite"}, "faite") == "faite"
    with pytest.raises(IncidentInvalide, match="impossible"):
        changer_statut(CPE, {**punition, "statut": "faite"}, "non_faite")


def test_sanction_and_incident_transitions():
    sanction = evenement(type="sanction", eleves=["e1"], statut="prononcee", auteur="dir")
    assert changer_statut(DIRECTION, sanction, "executee") == "executee"
    with pytest.raises(IncidentRefuse):
        changer_statut(CPE, sanction, "levee")
    incident = evenement()
    assert changer_statut(CPE, incident, "traite") == "traite"
    with pytest.raises(IncidentRefuse):
        changer_statut(ENSEIGNANT, incident, "traite")  # its author hands it to the vie scolaire
    infirmerie = evenement(type="infirmerie", statut="enregistre")
    assert changer_statut(ENSEIGNANT, infirmerie, "retour_en_classe") == "retour_en_classe"


def test_who_sees_what():
    incident = evenement()
    punition = evenement(type="punition", eleves=["e1"], statut="prononcee", auteur="cpe")
    sanction_autre = evenement(type="sanction", eleves=["e2"], statut="prononcee", auteur="dir")
    assert [vue(p, incident) for p in (CPE, DIRECTION, ADMIN, ENSEIGNANT, AUTRE_ENSEIGNANT, PARENT, ELEVE)] == [
        "complete", "complete", "complete", "complete", None, None, None]
    assert vue(PARENT, punition) == "famille" and vue(ELEVE, punition) == "famille"
    assert vue(AUTRE_ELEVE, punition) is None and vue(ENSEIGNANT, punition) is None
    assert vue(PARENT, sanction_autre) is None and vue(AUTRE_ELEVE, sanction_autre) == "famille"


def test_filters():
    items = [evenement(quand="2026-11-15T08:00"), evenement(type="punition", eleves=["e1"], quand="2026-11-16T23:59"),
             evenement(eleves=["e2"], quand="2026-11-17T00:00")]
    assert list(filtrer(items, eleve="e1")) == items[:2]
    assert list(filtrer(items, type_="punition")) == items[1:2]
    assert list(filtrer(items, du="2026-11-16", au="2026-11-16")) == items[1:2]
    assert list(filtrer(items, du="2026-11-16")) == items[1:]
