"""The messagerie's rules for sending to many (issue 16): « les parents de l'établissement », the threshold of the
background sending, its batches resumed without serving anyone twice, the check of 0 duplicates and 0 missing."""

import pytest

from cartable.regles import messagerie as m
from cartable.regles.messagerie import Groupe, Profil

A, B = "0750001A", "0750002B"
CPE = Profil("cpe", m.PERSONNEL, etablissements=frozenset({A}), fonctions=frozenset({(A, m.FONCTION_CPE)}))
DIRECTION = Profil("dir", m.PERSONNEL, etablissements=frozenset({A}), fonctions=frozenset({(A, m.FONCTION_DIRECTION)}))
PROF = Profil("prof", m.PERSONNEL, etablissements=frozenset({A}), fonctions=frozenset({(A, m.FONCTION_ENSEIGNANT)}),
              divisions=frozenset({(A, "3A")}))
ELEVE = Profil("el", m.ELEVE, etablissements=frozenset({A}), divisions=frozenset({(A, "3A")}), parents=frozenset({"pa"}))
PARENT = Profil("pa", m.PARENT, etablissements=frozenset({A}), enfants=frozenset({"el"}), divisions_enfants=frozenset({(A, "3A")}))


def test_the_parents_of_the_establishment_are_a_group_of_its_vie_scolaire_only():
    groupe = m.lire_groupe(f"familles:{A}:")
    assert groupe == Groupe(m.FAMILLES, A)
    for qui in (CPE, DIRECTION):
        assert m.peut_ecrire_groupe(qui, groupe)
        assert not m.peut_ecrire_groupe(qui, Groupe(m.FAMILLES, B))  # another establishment's families
        assert Groupe(m.FAMILLES, A) in m.groupes_permis(qui, {A: ["3A"]})
    for qui in (PROF, ELEVE, PARENT):
        assert not m.peut_ecrire_groupe(qui, groupe)
        assert Groupe(m.FAMILLES, A) not in m.groupes_permis(qui, {A: ["3A"]})
    assert m.developper(CPE, groupe, [PARENT, PROF, ELEVE]) == ["pa", "prof", "el"]  # each member kept by the rule
    assert m.developper(PROF, groupe, [PARENT]) == []
    inactif = Profil("old", m.PARENT, actif=False, etablissements=frozenset({A}))
    assert m.developper(CPE, groupe, [inactif]) == []
    assert m.libelle_groupe(groupe, "", "Collège Jean Moulin") == "Les parents de l'établissement (Collège Jean Moulin)"


@pytest.mark.parametrize("cle", ["familles:", f"familles:{A}:3A", "familles", f"familles::{A}"])
def test_a_malformed_group_of_families_is_refused(cle):
    with pytest.raises(m.MessageInvalide, match="Groupe de destinataires inconnu"):
        m.lire_groupe(cle)


def test_beyond_the_threshold_the_mailboxes_are_filled_in_the_background():
    assert not m.en_fond(1) and not m.en_fond(m.SEUIL_FOND) and m.en_fond(m.SEUIL_FOND + 1) and m.en_fond(900)


def test_batches_resume_where_they_stopped_and_serve_no_one_twice():
    ids = [f"p{i:03}" for i in range(250)]
    lots = m.lots(ids + ids[:3], set(), taille=100)  # a list with a repeat serves each once
    assert [len(lot) for lot in lots] == [100, 100, 50] and sum(lots, []) == ids
    repris = m.lots(ids, set(ids[:120]), taille=100)
    assert [len(lot) for lot in repris] == [100, 30] and repris[0][0] == "p120"
    assert m.lots(ids, set(ids)) == []


def test_the_check_counts_duplicates_missing_and_extra_copies():
    assert m.bilan_distribution(["a", "b", "c"], ["c", "a", "b"]) == {
        "attendus": 3, "recus": 3, "doublons": [], "manquants": [], "en_trop": []}
    bilan = m.bilan_distribution(["a", "b", "c"], ["a", "a", "d"])
    assert bilan["doublons"] == ["a"] and bilan["manquants"] == ["b", "c"] and bilan["en_trop"] == ["d"]


def test_progress_in_words():
    assert m.progression(0, 900) == "Envoi en cours : 0 boîte sur 900."
    assert m.progression(300, 900) == "Envoi en cours : 300 boîtes sur 900."
    assert m.progression(900, 900) == "Envoyé aux 900 destinataires."
    assert m.progression(1, 1) == "Envoyé au destinataire."


# -- the families of students chosen one by one ------------------------------------------------

PARENT_B = Profil("pb", m.PARENT, etablissements=frozenset({A}), enfants=frozenset({"el"}), divisions_enfants=frozenset({(A, "3A")}))
AUTRE_PROF = Profil("prof-b", m.PERSONNEL, etablissements=frozenset({A}), fonctions=frozenset({(A, m.FONCTION_ENSEIGNANT)}),
                    divisions=frozenset({(A, "3B")}))
CPE_B = Profil("cpe-b", m.PERSONNEL, etablissements=frozenset({B}), fonctions=frozenset({(B, m.FONCTION_CPE)}))


def test_the_family_of_a_chosen_student_is_reached_by_their_teacher_and_the_vie_scolaire_only():
    assert m.familles_choisies(PROF, ELEVE, [PARENT, PARENT_B]) == ["pa", "pb"]
    assert m.familles_choisies(CPE, ELEVE, [PARENT]) == ["pa"]
    assert m.familles_choisies(AUTRE_PROF, ELEVE, [PARENT]) is None  # another class's teacher
    assert m.familles_choisies(CPE_B, ELEVE, [PARENT]) is None  # another establishment
    for qui in (PARENT, ELEVE):  # a family or a student never addresses another student's family
        assert m.familles_choisies(qui, ELEVE, [PARENT]) is None
    assert m.familles_choisies(PROF, PARENT, [PARENT]) is None  # a chosen « student » that is not one
    assert m.familles_choisies(PROF, Profil("old", m.ELEVE, actif=False, etablissements=frozenset({A}),
                                            divisions=frozenset({(A, "3A")})), []) is None
    inactif = Profil("pc", m.PARENT, actif=False, etablissements=frozenset({A}))
    assert m.familles_choisies(PROF, ELEVE, [PARENT, inactif, None]) == ["pa"]
    assert m.libelle_eleves_choisis(1) == "La famille d'un élève" and m.libelle_eleves_choisis(3) == "Les familles de 3 élèves"


def test_a_mot_a_signer_may_go_to_chosen_students_families_or_the_establishment():
    m.valider_mot(m.valider_message({"sujet": "Sortie", "texte": "Signez", "eleves": ["el", "el2"]}))
    m.valider_mot(m.valider_message({"sujet": "Sortie", "texte": "Signez", "groupes": [f"familles:{A}:"]}))
    m.valider_mot(m.valider_message({"sujet": "Sortie", "texte": "Signez", "groupes": [f"parents:{A}:3A"], "eleves": ["el"]}))
    for mauvais in ({"destinataires": ["p"], "eleves": ["el"]}, {"groupes": [f"eleves:{A}:3A"]}):
        with pytest.raises(m.MessageInvalide, match="familles d'élèves choisis"):
            m.valider_mot(m.valider_message({"sujet": "Sortie", "texte": "Signez", **mauvais}))
    with pytest.raises(m.MessageInvalide, match="Élèves attendus"):
        m.valider_message({"sujet": "Sortie", "texte": "Signez", "eleves": "el"})
    with pytest.raises(m.MessageInvalide, match="Au plus 50 élèves"):
        m.valider_message({"sujet": "Sortie", "texte": "Signez", "eleves": [f"e{i}" for i in range(51)]})


def test_a_background_sending_whose_job_is_lost_is_queued_again_a_bounded_number_of_times():
    # the queueing failed after the commit: no job record; not in the instant between the commit and the queueing
    assert not m.envoi_a_reprendre(None, 0.5, 0)
    assert m.envoi_a_reprendre(None, m.REPRISE_ATTENTE_MINUTES, 0)
    # a job that failed, or ended without every mailbox: again; one running: never
    assert m.envoi_a_reprendre("failed", 0, 0) and m.envoi_a_reprendre("done", 0, 1)
    assert not m.envoi_a_reprendre("running", 600, 0)
    # « queued » for long: its queue entry was lost (running it twice serves no one twice)
    assert not m.envoi_a_reprendre("queued", m.REPRISE_FILE_MINUTES - 1, 0)
    assert m.envoi_a_reprendre("queued", m.REPRISE_FILE_MINUTES, 0)
    # never for ever
    assert not m.envoi_a_reprendre("failed", 600, m.REPRISES_MAX)
    assert not m.envoi_a_reprendre(None, 600, m.REPRISES_MAX)
