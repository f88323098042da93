"""Messagerie: who may write to whom (every pair of roles, both directions), two establishments, a parent of
children in two establishments, a deactivated person, groups, replies, the message as typed, folders."""

import pytest

from cartable.regles import messagerie as m
from cartable.regles.messagerie import Groupe, Profil, Reglages

A, B = "SA", "SB"


def eleve(ident, *divisions, parents=(), actif=True):
    structures = frozenset(s for s, _ in divisions)
    return Profil(ident, m.ELEVE, actif=actif, etablissements=structures, divisions=frozenset(divisions),
                  parents=frozenset(parents))


def parent(ident, *enfants):
    return Profil(ident, m.PARENT, etablissements=frozenset(s for e in enfants for s in e.etablissements),
                  enfants=frozenset(e.id for e in enfants),
                  divisions_enfants=frozenset(d for e in enfants for d in e.divisions))


def personnel(ident, structure, *codes, enseigne=(), principal=(), actif=True):
    return Profil(ident, m.PERSONNEL, actif=actif, etablissements=frozenset({structure}),
                  fonctions=frozenset((structure, c) for c in codes),
                  divisions=frozenset((structure, d) for d in enseigne),
                  principal=frozenset((structure, c) for c in principal))


# establishment A: 3A (group LAT) and 3B; establishment B: 5C
ELEVE = eleve("eleve", (A, "3A"), (A, "LAT"))
CAMARADE = eleve("camarade", (A, "3A"))  # same class
AUTRE_CLASSE = eleve("autre_classe", (A, "3B"))
PARENT = parent("parent", ELEVE)
PARENT_CAMARADE = parent("parent_camarade", CAMARADE)
PARENT_AUTRE_CLASSE = parent("parent_autre_classe", AUTRE_CLASSE)
ENSEIGNANT = personnel("enseignant", A, "ENS", enseigne=("3A",))
ENSEIGNANT_LATIN = personnel("latin", A, "ENS", enseigne=("LAT",))
ENSEIGNANT_3B = personnel("enseignant_3b", A, "ENS", enseigne=("3B",))
PRINCIPAL = personnel("principal", A, "ENS", principal=("3A",))  # professeur principal, teaches nothing in 3A
CPE = personnel("cpe", A, "EDU")
DIRECTION = personnel("direction", A, "DIR")
DOCUMENTALISTE = personnel("documentaliste", A, "DOC")
# establishment B
ELEVE_B = eleve("eleve_b", (B, "5C"))
PARENT_B = parent("parent_b", ELEVE_B)
ENSEIGNANT_B = personnel("enseignant_b", B, "ENS", enseigne=("5C",))
CPE_B = personnel("cpe_b", B, "EDU")
DIRECTION_B = personnel("direction_b", B, "DIR")

ROLES = {
    "eleve": ELEVE, "parent": PARENT, "enseignant": ENSEIGNANT, "cpe": CPE, "direction": DIRECTION,
    "personnel": DOCUMENTALISTE,
}
# for a pair of the same role, the other person: a classmate, a classmate's parent, another teacher of the class…
MEME_ROLE = {
    "eleve": CAMARADE, "parent": PARENT_CAMARADE, "enseignant": ENSEIGNANT_LATIN, "cpe": personnel("cpe2", A, "EDU"),
    "direction": personnel("adjoint", A, "DIR"), "personnel": personnel("agent", A, "ADM"),
}
# row writes to column, within establishment A, people related (the student's own family, their teacher)
ATTENDU = {
    "eleve": {"eleve": False, "parent": True, "enseignant": True, "cpe": True, "direction": True, "personnel": False},
    "parent": {"eleve": True, "parent": False, "enseignant": True, "cpe": True, "direction": True, "personnel": False},
    "enseignant": {"eleve": True, "parent": True, "enseignant": True, "cpe": True, "direction": True, "personnel": True},
    "cpe": {"eleve": True, "parent": True, "enseignant": True, "cpe": True, "direction": True, "personnel": True},
    "direction": {"eleve": True, "parent": True, "enseignant": True, "cpe": True, "direction": True, "personnel": True},
    "personnel": {"eleve": False, "parent": False, "enseignant": True, "cpe": True, "direction": True,
                  "personnel": True},
}
PAIRES = [(de, a) for de in ROLES for a in ROLES]


@pytest.mark.parametrize(("de", "a"), PAIRES)
def test_every_pair_of_roles_in_one_establishment(de, a):
    destinataire = MEME_ROLE[a] if de == a else ROLES[a]
    assert m.peut_ecrire(ROLES[de], destinataire) is ATTENDU[de][a]


@pytest.mark.parametrize(("de", "a"), PAIRES)
def test_every_pair_of_roles_across_two_establishments_is_refused(de, a):
    """Nobody of A reaches anybody of B (each person of B in the same role as the column)."""
    dans_b = {"eleve": ELEVE_B, "parent": PARENT_B, "enseignant": ENSEIGNANT_B, "cpe": CPE_B,
              "direction": DIRECTION_B, "personnel": personnel("agent_b", B, "ADM")}
    assert not m.peut_ecrire(ROLES[de], dans_b[a])
    assert not m.peut_ecrire(dans_b[a], ROLES[de])


def test_the_table_is_symmetric_for_related_people():
    for de, a in PAIRES:
        if de != a:
            assert ATTENDU[de][a] == ATTENDU[a][de], (de, a)


def test_teachers_reach_only_the_students_and_parents_of_their_classes_and_groups():
    assert m.peut_ecrire(ENSEIGNANT_LATIN, ELEVE)  # through the group
    assert m.peut_ecrire(ENSEIGNANT_LATIN, PARENT)
    assert not m.peut_ecrire(ENSEIGNANT_LATIN, CAMARADE)
    assert not m.peut_ecrire(ENSEIGNANT_3B, ELEVE) and not m.peut_ecrire(ELEVE, ENSEIGNANT_3B)
    assert not m.peut_ecrire(ENSEIGNANT_3B, PARENT) and not m.peut_ecrire(PARENT, ENSEIGNANT_3B)
    assert m.peut_ecrire(PARENT_AUTRE_CLASSE, ENSEIGNANT_3B)


def test_the_professeur_principal_is_reached_by_the_class_families():
    assert m.peut_ecrire(PARENT, PRINCIPAL) and m.peut_ecrire(PRINCIPAL, PARENT)
    assert m.peut_ecrire(ELEVE, PRINCIPAL) and m.peut_ecrire(PRINCIPAL, ELEVE)
    assert not m.peut_ecrire(PARENT_AUTRE_CLASSE, PRINCIPAL)


def test_never_another_familys_parent_nor_another_child():
    assert not m.peut_ecrire(ELEVE, PARENT_CAMARADE) and not m.peut_ecrire(PARENT_CAMARADE, ELEVE)
    assert not m.peut_ecrire(PARENT, CAMARADE)
    assert not m.peut_ecrire(PARENT, PARENT_CAMARADE)


def test_students_write_to_each_other_only_where_the_establishment_allows_it():
    assert not m.peut_ecrire(ELEVE, CAMARADE)
    assert not m.peut_ecrire(ELEVE, CAMARADE, {A: Reglages(eleves_entre_eux=False)})
    assert m.peut_ecrire(ELEVE, CAMARADE, {A: Reglages(eleves_entre_eux=True)})
    assert m.peut_ecrire(CAMARADE, ELEVE, {A: Reglages(eleves_entre_eux=True)})
    # the setting of B opens nothing in A, and never across establishments
    assert not m.peut_ecrire(ELEVE, CAMARADE, {B: Reglages(eleves_entre_eux=True)})
    assert not m.peut_ecrire(ELEVE, ELEVE_B, {A: Reglages(True), B: Reglages(True)})


def test_a_parent_of_children_in_two_establishments():
    enfant_a = eleve("enfant_a", (A, "3B"))
    enfant_b = eleve("enfant_b", (B, "5C"))
    double = parent("double", enfant_a, enfant_b)
    for permis in (ENSEIGNANT_3B, CPE, DIRECTION, ENSEIGNANT_B, CPE_B, DIRECTION_B, enfant_a, enfant_b):
        assert m.peut_ecrire(double, permis), permis.id
        assert m.peut_ecrire(permis, double), permis.id
    for refuse in (ENSEIGNANT, ENSEIGNANT_LATIN, DOCUMENTALISTE, PARENT_B, ELEVE_B, PARENT):
        assert not m.peut_ecrire(double, refuse), refuse.id
        assert not m.peut_ecrire(refuse, double), refuse.id


def test_a_teacher_in_two_establishments_keeps_each_one_apart():
    double = Profil("double", m.PERSONNEL, etablissements=frozenset({A, B}), fonctions=frozenset({(A, "ENS"), (B, "ENS")}),
                    divisions=frozenset({(B, "5C")}))
    assert m.peut_ecrire(double, ELEVE_B) and m.peut_ecrire(double, PARENT_B)
    assert not m.peut_ecrire(double, ELEVE) and not m.peut_ecrire(double, PARENT)
    assert m.peut_ecrire(double, ENSEIGNANT) and m.peut_ecrire(double, ENSEIGNANT_B)


def test_a_deactivated_person_is_never_a_recipient_nor_a_sender():
    parti = personnel("parti", A, "ENS", enseigne=("3A",), actif=False)
    parti_eleve = eleve("parti_eleve", (A, "3A"), actif=False)
    for personne in ROLES.values():
        assert not m.peut_ecrire(personne, parti)
        assert not m.peut_ecrire(parti, personne)
        assert not m.peut_ecrire(personne, parti_eleve)
    assert m.destinataires_permis(PARENT, [parti, ENSEIGNANT]) == ["enseignant"]


def test_nobody_writes_to_themselves_and_unknown_is_refused():
    for personne in ROLES.values():
        assert not m.peut_ecrire(personne, personne)
        assert not m.peut_ecrire(personne, None) and not m.peut_ecrire(None, personne)


def test_roles_in_the_tables_words():
    assert [m.role(ROLES[r], A) for r in ROLES] == ["eleve", "parent", "enseignant", "vie_scolaire", "vie_scolaire",
                                                    "personnel"]
    assert m.role(PRINCIPAL, A) == "enseignant" and m.role(ELEVE, B) is None


# -- replies -----------------------------------------------------------------------------------


def test_a_reply_all_never_reaches_someone_the_replier_may_not_write_to():
    # the CPE wrote to two parents of different classes and a teacher; the parent answers all
    participants = [CPE, PARENT, PARENT_AUTRE_CLASSE, ENSEIGNANT]
    assert m.destinataires_reponse(PARENT, CPE, participants, tous=True) == ["cpe", "enseignant"]
    assert m.destinataires_reponse(PARENT, CPE, participants, tous=False) == ["cpe"]
    assert m.destinataires_reponse(ENSEIGNANT, CPE, participants, tous=True) == ["cpe", "parent"]
    assert m.destinataires_reponse(CPE, CPE, participants, tous=True) == ["parent", "parent_autre_classe", "enseignant"]


def test_a_reply_to_a_deactivated_author_goes_nowhere():
    parti = personnel("parti", A, "ENS", enseigne=("3A",), actif=False)
    assert m.destinataires_reponse(PARENT, parti, [parti, PARENT]) == []


# -- groups ------------------------------------------------------------------------------------


def test_who_may_address_which_group():
    parents_3a, eleves_3a = Groupe(m.PARENTS_DE, A, "3A"), Groupe(m.ELEVES_DE, A, "3A")
    profs_3a, personnels = Groupe(m.PROFESSEURS_DE, A, "3A"), Groupe(m.PERSONNELS, A)
    for groupe in (parents_3a, eleves_3a, profs_3a, personnels):
        assert m.peut_ecrire_groupe(CPE, groupe) and m.peut_ecrire_groupe(DIRECTION, groupe)
        assert not m.peut_ecrire_groupe(ELEVE, groupe) and not m.peut_ecrire_groupe(PARENT, groupe)
        assert not m.peut_ecrire_groupe(CPE_B, groupe) and not m.peut_ecrire_groupe(ENSEIGNANT_B, groupe)
    assert m.peut_ecrire_groupe(ENSEIGNANT, parents_3a) and m.peut_ecrire_groupe(PRINCIPAL, parents_3a)
    assert not m.peut_ecrire_groupe(ENSEIGNANT_3B, parents_3a) and not m.peut_ecrire_groupe(DOCUMENTALISTE, eleves_3a)
    assert m.peut_ecrire_groupe(DOCUMENTALISTE, personnels) and m.peut_ecrire_groupe(ENSEIGNANT_3B, profs_3a)


def test_a_group_expands_to_the_members_the_sender_may_write_to():
    parti = parent("parti", CAMARADE)
    parti = Profil(parti.id, parti.categorie, actif=False, etablissements=parti.etablissements, enfants=parti.enfants,
                   divisions_enfants=parti.divisions_enfants)
    membres = [PARENT, PARENT_CAMARADE, parti, PARENT_AUTRE_CLASSE, PARENT]  # the directory's list, one intruder
    assert m.developper(ENSEIGNANT, Groupe(m.PARENTS_DE, A, "3A"), membres) == ["parent", "parent_camarade"]
    assert m.developper(ENSEIGNANT_3B, Groupe(m.PARENTS_DE, A, "3A"), membres) == []
    assert m.developper(CPE, Groupe(m.PARENTS_DE, A, "3A"), membres) == ["parent", "parent_camarade",
                                                                           "parent_autre_classe"]
    personnels = [ENSEIGNANT, CPE, DOCUMENTALISTE, ENSEIGNANT_B]
    assert m.developper(ENSEIGNANT, Groupe(m.PERSONNELS, A), personnels) == ["cpe", "documentaliste"]


def test_groups_offered_and_their_labels():
    divisions = {A: ["3A", "3B"], B: ["5C"]}
    cles = {g.cle for g in m.groupes_permis(ENSEIGNANT, divisions)}
    assert cles == {"parents:SA:3A", "eleves:SA:3A", "professeurs:SA:3A", "professeurs:SA:3B", "personnels:SA:"}
    assert {g.cle for g in m.groupes_permis(CPE, divisions)} >= {"parents:SA:3B", "eleves:SA:3B"}
    assert m.groupes_permis(PARENT, divisions) == [] and m.groupes_permis(ELEVE, divisions) == []
    assert m.libelle_groupe(Groupe(m.PARENTS_DE, A, "3A"), "3e A") == "Les parents de 3e A"
    assert m.libelle_groupe(Groupe(m.PERSONNELS, A), nom_etablissement="Collège Jean Moulin") == \
        "Tous les personnels (Collège Jean Moulin)"


@pytest.mark.parametrize("cle", ["parents:SA", "inconnu:SA:3A", "personnels:SA:3A", "parents:SA:", 3, None, ":SA:3A"])
def test_an_unknown_group_is_refused_in_french(cle):
    with pytest.raises(m.MessageInvalide, match="Groupe"):
        m.lire_groupe(cle)


# -- the message as typed; folders -------------------------------------------------------------


def test_a_message_is_checked_field_by_field():
    brouillon = m.valider_message({"sujet": "  Sortie   au musée ", "texte": " Bonjour ", "destinataires": ["a", "a", "b"],
                                   "groupes": ["parents:SA:3A"]})
    assert (brouillon.sujet, brouillon.texte, brouillon.destinataires) == ("Sortie au musée", "Bonjour", ["a", "b"])
    assert brouillon.groupes == [Groupe(m.PARENTS_DE, A, "3A")]
    assert m.valider_message({"texte": "Merci"}, reponse=True).texte == "Merci"
    for mauvais, mot in [({"sujet": "x", "texte": " "}, "Écrivez"), ({"sujet": "", "texte": "x", "destinataires": ["a"]}, "objet"),
                         ({"sujet": "x", "texte": "y"}, "au moins un"), ({"sujet": "x", "texte": "y", "destinataires": "a"}, "liste"),
                         ({"sujet": "x" * 201, "texte": "y", "destinataires": ["a"]}, "trop long"),
                         ({"sujet": "x", "texte": "y" * 20001, "destinataires": ["a"]}, "trop long"),
                         ({"sujet": "x", "texte": "y", "destinataires": [str(i) for i in range(51)]}, "groupe"), ([], "objet")]:
        with pytest.raises(m.MessageInvalide, match=mot):
            m.valider_message(mauvais)


def test_folders_a_copy_shows_in():
    assert m.vues("reception", a_recu=True, a_envoye=False) == {"reception"}
    assert m.vues("reception", a_recu=False, a_envoye=True) == {"envoyes"}
    assert m.vues("reception", a_recu=True, a_envoye=True) == {"reception", "envoyes"}
    assert m.vues("archives", a_recu=True, a_envoye=True) == {"archives", "envoyes"}
    assert m.vues("corbeille", a_recu=True, a_envoye=True) == {"corbeille"}
    assert m.valider_rangement("archives") == "archives"
    with pytest.raises(m.MessageInvalide):
        m.valider_rangement("envoyes")


def test_a_message_is_a_kind_of_notification_mailed_at_once_by_default():
    from cartable.regles import envoi_notifications as envoi

    assert "message" in envoi.GENRES and envoi.mode({}, "message") == "immediat"
    assert envoi.mode({"message": "jamais"}, "message") == "jamais"


def test_search_in_ones_own_mail_is_accent_and_case_blind_by_word_starts():
    assert m.correspond("musee", "Sortie au Musée", "Bonjour")
    assert m.correspond("SORTIE pique", "Sortie au musée", "Faut-il un pique-nique ?")
    assert not m.correspond("usee", "Sortie au musée")  # the start of a word, not any part of it
    assert not m.correspond("sortie piscine", "Sortie au musée")  # every word typed
    assert not m.correspond("  ", "Sortie") and not m.correspond("!!", "Sortie")


def test_a_mot_a_signer_goes_to_parents_of_classes_only():
    m.valider_mot(m.valider_message({"sujet": "Sortie", "texte": "Signez", "groupes": ["parents:SA:3A", "parents:SA:LAT"]}))
    for mauvais in ({"destinataires": ["p"], "groupes": ["parents:SA:3A"]}, {"groupes": ["eleves:SA:3A"]},
                    {"groupes": ["personnels:SA:"]}, {"destinataires": ["p"]}):
        with pytest.raises(m.MessageInvalide, match="parents"):
            m.valider_mot(m.valider_message({"sujet": "Sortie", "texte": "Signez", **mauvais}))


def test_each_family_signs_once_by_either_parent():
    familles = {"leo": ("mere", "pere"), "zoe": ("mere",), "tom": ("autre",)}  # mère of two children
    assert m.a_signer_par(familles, {}, "mere") == ["leo", "zoe"]
    assert m.a_signer_par(familles, {"leo": {}}, "pere") == []  # the other parent signed for Léo
    assert m.a_signer_par(familles, {}, "inconnu") == []
    assert m.etat_signatures(familles, {"leo": {}, "zoe": {}}) == {"signes": 2, "total": 3, "non_signes": ["tom"]}
    assert m.etat_signatures({}, {}) == {"signes": 0, "total": 0, "non_signes": []}
