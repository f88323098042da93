"""Deltas, rejections and hostile files, on small AAF files written by the tests."""

from datetime import datetime

import pytest

from cartable.annuaire.importation import Importateur
from cartable.annuaire.registre import Annuaire
from cartable.regles import aaf

ETAB = """<addRequest><operationalAttributes><attr name="categorieStructure"><value>EtabEducNat</value></attr></operationalAttributes>
<identifier><id>{id}</id></identifier><attributes>
<attr name="ENTStructureJointure"><value>{id}</value></attr>
<attr name="ENTStructureUAI"><value>{uai}</value></attr>
<attr name="ENTStructureNomCourant"><value>{nom}</value></attr>
<attr name="ENTStructureClasses"><value>3A$3EME A</value></attr>
</attributes></addRequest>"""

ELEVE = """<addRequest><operationalAttributes><attr name="categoriePersonne"><value>Eleve</value></attr></operationalAttributes>
<identifier><id>{id}</id></identifier><attributes>
<attr name="ENTPersonJointure"><value>{id}</value></attr>
<attr name="sn"><value>{nom}</value></attr><attr name="givenName"><value>{prenom}</value></attr>
<attr name="ENTPersonStructRattach"><value>{etab}</value></attr>
<attr name="ENTEleveClasses"><value>{etab}${classe}</value></attr>
<attr name="ENTElevePersRelEleve"><value>{parent}$2$1$1$1$0</value></attr>
</attributes></addRequest>"""

PARENT = """<addRequest><operationalAttributes><attr name="categoriePersonne"><value>PersRelEleve</value></attr></operationalAttributes>
<identifier><id>{id}</id></identifier><attributes>
<attr name="sn"><value>{nom}</value></attr><attr name="givenName"><value>{prenom}</value></attr>
</attributes></addRequest>"""

MODIFY = """<modifyRequest><operationalAttributes><attr name="categoriePersonne"><value>{cat}</value></attr></operationalAttributes>
<identifier><id>{id}</id></identifier><modifications>
<modification name="{attr}" operation="replace"><value>{value}</value></modification>
</modifications></modifyRequest>"""

DELETE = """<deleteRequest><operationalAttributes><attr name="categoriePersonne"><value>{cat}</value></attr></operationalAttributes>
<identifier><id>{id}</id></identifier></deleteRequest>"""


def write(folder, name, body, encoding="UTF-8", declare=True):
    text = (f'<?xml version="1.0" encoding="{encoding}"?>\n' if declare else "") + (
        '<!DOCTYPE ficAlimMENESR SYSTEM "ficAlimMENESR.dtd">\n<ficAlimMENESR>\n' + body + "\n</ficAlimMENESR>\n"
    )
    path = folder / name
    path.write_bytes(text.encode(encoding))
    return path


def full_set(folder):
    folder.mkdir(exist_ok=True)
    write(folder, "F_Complet_EtabEducNat_0000.xml", ETAB.format(id="61001", uai="0131234W", nom="COLLEGE JEAN MOULIN"))
    write(
        folder,
        "F_Complet_Eleve_0000.xml",
        ELEVE.format(id="1", nom="Durand", prenom="Léa", etab="61001", classe="3A", parent="10")
        + ELEVE.format(id="2", nom="Durand", prenom="Hugo", etab="61001", classe="3A", parent="10")
        + ELEVE.format(id="3", nom="Petit", prenom="Zoé", etab="61001", classe="3A", parent="11"),
    )
    write(
        folder,
        "F_Complet_PersRelEleve_0000.xml",
        PARENT.format(id="10", nom="Durand", prenom="Paul") + PARENT.format(id="11", nom="Petit", prenom="Anne"),
    )
    return folder


@pytest.fixture
def annuaire(tmp_path):
    annuaire = Annuaire()
    rapport = Importateur(annuaire, maintenant=lambda: datetime(2026, 9, 1, 8)).importer(full_set(tmp_path / "full").iterdir())
    assert rapport.rejets == []
    return annuaire


def run(annuaire, folder):
    return Importateur(annuaire, maintenant=lambda: datetime(2026, 9, 2, 8)).importer(folder.iterdir())


def snapshot(annuaire):
    return (
        {i: (p.empreinte, p.actif, p.login) for i, p in annuaire.personnes.items()},
        {k: sorted(v) for k, v in annuaire.eleves_division.items()},
        {k: sorted(v) for k, v in annuaire.enfants.items()},
        {k: sorted(v) for k, v in annuaire.listes_division.items()},
    )


def listes_des_fiches(annuaire):
    """The class lists as the students' records say them (what the index must hold)."""
    listes = {}
    for personne in annuaire.personnes.values():
        if personne.categorie == "Eleve" and personne.actif:
            for division in personne.classes + personne.groupes:
                listes.setdefault(division, set()).add((personne.nom, personne.prenom, personne.id))
    return listes


def listes_de_l_index(annuaire):
    return {division: set(annuaire.liste(*division)) for division in annuaire.listes_division.keys()}


def test_full_set(annuaire):
    assert annuaire.eleves("61001", "3A") == ["1", "2", "3"]
    assert annuaire.enfants_de("10") == ["1", "2"]
    assert annuaire.par_login("lea.durand").id == "1"
    assert annuaire.divisions[("61001", "classe", "3A")] == "3EME A"


def test_a_name_is_found_in_either_order(annuaire):
    lea = ["1"]
    assert annuaire.chercher_nom("Durand Léa") == lea
    assert annuaire.chercher_nom("Léa Durand") == lea  # « prénom nom »
    assert annuaire.chercher_nom("lea dur") == lea  # the nom cut short
    assert annuaire.chercher_nom("LÉA   DURAND") == lea
    assert annuaire.chercher_nom("Zoé Durand") == []
    assert {"1", "2"} <= set(annuaire.chercher_nom("dur")) and "3" not in annuaire.chercher_nom("dur")


def test_a_name_is_found_in_either_order_behind_a_common_surname():
    """« Prénom Nom » finds the person even when thousands share the surname (10⁶ people: 23 % found before)."""
    from cartable.annuaire.registre import LECTURES_MAX

    annuaire = Annuaire()
    for n in range(LECTURES_MAX * 2):
        annuaire.noms[f"martin a{n:05d}\0{n}"] = str(n)
    annuaire.noms["martin zoe\0z"] = "z"
    assert annuaire.chercher_nom("Zoé Martin") == ["z"]
    assert annuaire.chercher_nom("Martin Zoé") == ["z"]
    assert annuaire.chercher_nom("a03999 martin") == ["3999"]


def test_modify_replaces_and_moves_the_student(annuaire, tmp_path):
    delta = tmp_path / "delta"
    delta.mkdir()
    write(delta, "D_Delta_Eleve_0000.xml", MODIFY.format(cat="Eleve", id="1", attr="ENTEleveClasses", value="61001$3B"))
    rapport = run(annuaire, delta)
    assert rapport.resume()["Eleve"] == {"created": 0, "updated": 1, "deactivated": 0, "unchanged": 0, "rejected": 0}
    assert annuaire.eleves("61001", "3A") == ["2", "3"]
    assert annuaire.eleves("61001", "3B") == ["1"]
    assert annuaire.personne("1").prenom == "Léa"  # untouched attributes kept
    assert annuaire.par_login("lea.durand").id == "1"
    again = run(annuaire, delta)
    assert again.resume()["Eleve"]["unchanged"] == 1


def test_class_lists_follow_every_change_of_the_records(annuaire, tmp_path):
    """A class list (names without the records, for registers and grids) says what the records say after a
    rename, a move, a deactivation and a return; built again from the records, it is the same."""
    assert annuaire.liste("61001", "3A") == [("Durand", "Hugo", "2"), ("Durand", "Léa", "1"), ("Petit", "Zoé", "3")]
    assert annuaire.liste("61001", "6Z") == []
    etapes = [("renamed", MODIFY.format(cat="Eleve", id="1", attr="sn", value="Durand-Petit")),
              ("moved", MODIFY.format(cat="Eleve", id="2", attr="ENTEleveClasses", value="61001$3B")),
              ("deleted", DELETE.format(cat="Eleve", id="3"))]
    for n, (nom, corps) in enumerate(etapes):
        delta = tmp_path / f"delta{n}"
        delta.mkdir()
        write(delta, "D_Delta_Eleve_0000.xml", corps)
        assert run(annuaire, delta).rejets == [], nom
        assert listes_de_l_index(annuaire) == listes_des_fiches(annuaire), nom
    assert annuaire.liste("61001", "3A") == [("Durand-Petit", "Léa", "1")]
    assert annuaire.liste("61001", "3B") == [("Durand", "Hugo", "2")]
    run(annuaire, full_set(tmp_path / "again"))  # the full set again: every one back as it was
    assert listes_de_l_index(annuaire) == listes_des_fiches(annuaire)
    assert annuaire.liste("61001", "3A") == [("Durand", "Hugo", "2"), ("Durand", "Léa", "1"), ("Petit", "Zoé", "3")]
    avant = dict(annuaire.listes_division.items())
    pauses = []
    assert annuaire.indexer_listes(pause=lambda: pauses.append(1), tous=1) == 3
    assert len(pauses) == len(annuaire.eleves_division)  # every division, with tous=1
    assert {k: list(v) for k, v in annuaire.listes_division.items()} == {k: list(v) for k, v in avant.items()}


def test_a_directory_before_its_class_lists_leaves_them_to_the_upgrade(annuaire, tmp_path):
    """A directory from before upgrade 1008: no list is read or half-kept; the upgrade builds them whole."""
    annuaire.listes_division = None
    assert annuaire.liste("61001", "3A") is None
    delta = tmp_path / "delta"
    delta.mkdir()
    write(delta, "D_Delta_Eleve_0000.xml", MODIFY.format(cat="Eleve", id="1", attr="sn", value="Durand-Petit"))
    assert run(annuaire, delta).rejets == []
    assert annuaire.listes_division is None
    assert annuaire.indexer_listes() == 3
    assert listes_de_l_index(annuaire) == listes_des_fiches(annuaire)
    assert annuaire.liste("61001", "3A")[1] == ("Durand-Petit", "Léa", "1")


def test_a_deactivation_is_told_to_the_hooks_once(annuaire, tmp_path):
    """The Zope side revokes the person's REST tokens on this hook (cartable.annuaire.jetons)."""
    from cartable.annuaire.importation import Crochets

    class Temoin(Crochets):
        desactives = []

        def desactive(self, enregistrement):
            self.desactives.append((enregistrement.id, enregistrement.login))

    delta = tmp_path / "delta"
    delta.mkdir()
    write(delta, "D_Delta_Eleve_0000.xml", DELETE.format(cat="Eleve", id="3"))
    temoin = Temoin()
    Importateur(annuaire, crochets=temoin, maintenant=lambda: datetime(2026, 9, 2, 8)).importer(delta.iterdir())
    Importateur(annuaire, crochets=temoin, maintenant=lambda: datetime(2026, 9, 3, 8)).importer(delta.iterdir())
    assert temoin.desactives == [("3", annuaire.personne("3").login)]


def test_delete_deactivates_and_keeps_history(annuaire, tmp_path):
    delta = tmp_path / "delta"
    delta.mkdir()
    write(delta, "D_Delta_Eleve_0000.xml", DELETE.format(cat="Eleve", id="3"))
    rapport = run(annuaire, delta)
    assert rapport.resume()["Eleve"]["deactivated"] == 1
    zoe = annuaire.personne("3")
    assert zoe.actif is False
    assert [e[1] for e in zoe.historique] == ["créé", "désactivé"]
    assert annuaire.eleves("61001", "3A") == ["1", "2"]
    assert annuaire.enfants_de("11") == []
    assert annuaire.effectif("Eleve") == 2
    assert run(annuaire, delta).resume()["Eleve"]["unchanged"] == 1
    # the next full set brings her back
    rapport = run(annuaire, tmp_path / "full")
    assert rapport.resume()["Eleve"] == {"created": 0, "updated": 1, "deactivated": 0, "unchanged": 2, "rejected": 0}
    assert annuaire.personne("3").actif and annuaire.eleves("61001", "3A") == ["1", "2", "3"]
    assert annuaire.effectif("Eleve") == 3


@pytest.mark.parametrize(
    "name, body, motif",
    [
        (
            "D_Eleve_0000.xml",
            MODIFY.format(cat="Eleve", id="999", attr="sn", value="X"),
            "modification d'un enregistrement inconnu (Eleve 999)",
        ),
        ("D_Eleve_0000.xml", DELETE.format(cat="Eleve", id="999"), "suppression d'un enregistrement inconnu (Eleve 999)"),
        (
            "D_Eleve_0000.xml",
            ELEVE.format(id="4", nom="Roux", prenom="Max", etab="99999", classe="3A", parent="10"),
            "structure de rattachement inconnue 99999 (ENTPersonStructRattach)",
        ),
        (
            "D_Eleve_0000.xml",
            ELEVE.format(id="5", nom="", prenom="", etab="61001", classe="3A", parent="10"),
            "nom et prénom absents (sn, givenName)",
        ),
        (
            "D_EtabEducNat_0000.xml",
            ETAB.format(id="61009", uai="UAI", nom="X"),
            "UAI absente ou invalide « UAI » (7 chiffres et une lettre)",
        ),
        (
            "D_EtabEducNat_0000.xml",
            ETAB.format(id="61009", uai="0131234W", nom="X"),
            "UAI 0131234W déjà portée par la structure 61001",
        ),
        (
            "D_Eleve_0000.xml",
            MODIFY.format(cat="Eleve", id="10", attr="sn", value="X"),
            "identifiant déjà utilisé par un(e) PersRelEleve",
        ),
    ],
)
def test_rejected_record_changes_nothing(annuaire, tmp_path, name, body, motif):
    before = snapshot(annuaire)
    delta = tmp_path / "delta"
    delta.mkdir()
    write(delta, name, body)
    rapport = run(annuaire, delta)
    assert [r.motif for r in rapport.rejets] == [motif]
    (rejet,) = rapport.rejets
    assert rejet.fichier == name and rejet.ligne == 4  # the line of <addRequest>
    assert str(rejet).startswith(f"{name}:4 ")
    assert snapshot(annuaire) == before


def test_duplicate_id_rejected_first_one_kept(annuaire, tmp_path):
    delta = tmp_path / "delta"
    delta.mkdir()
    write(
        delta,
        "D_Eleve_0000.xml",
        ELEVE.format(id="7", nom="Roux", prenom="Max", etab="61001", classe="3A", parent="10")
        + "\n"
        + ELEVE.format(id="7", nom="Roux", prenom="Maxime", etab="61001", classe="3B", parent="10"),
    )
    rapport = run(annuaire, delta)
    assert [str(r) for r in rapport.rejets] == [
        "D_Eleve_0000.xml:12 Eleve 7 : identifiant en double : déjà ajouté par D_Eleve_0000.xml ligne 4"
    ]
    assert annuaire.personne("7").prenom == "Max"
    assert annuaire.eleves("61001", "3B") == []


def test_malformed_file_is_refused_whole(annuaire, tmp_path):
    before = snapshot(annuaire)
    delta = tmp_path / "delta"
    delta.mkdir()
    body = ELEVE.format(id="8", nom="Roux", prenom="Max", etab="61001", classe="3A", parent="10") + "\n<addRequest><oops></addRequest>"
    write(delta, "D_Eleve_0000.xml", body)
    rapport = run(annuaire, delta)
    (rejet,) = rapport.rejets
    assert rejet.motif.startswith("fichier refusé, XML mal formé ligne 12 : ")
    assert "oops" in rejet.motif
    assert rapport.resume()["Eleve"]["rejected"] == 1 and rapport.resume()["Eleve"]["created"] == 0
    assert snapshot(annuaire) == before  # the valid record before the error is not applied


def test_declared_iso_8859_15_is_read(annuaire, tmp_path):
    delta = tmp_path / "delta"
    delta.mkdir()
    write(delta, "D_PersRelEleve_0000.xml", PARENT.format(id="12", nom="Lefèvre", prenom="Œdipe"), encoding="ISO-8859-15")
    rapport = run(annuaire, delta)
    assert rapport.rejets == []
    assert annuaire.personne("12").nom_complet == "Œdipe Lefèvre"


def test_undeclared_iso_8859_15_is_refused_with_the_reason(annuaire, tmp_path):
    before = snapshot(annuaire)
    delta = tmp_path / "delta"
    delta.mkdir()
    path = delta / "D_PersRelEleve_0000.xml"
    path.write_bytes(
        ('<?xml version="1.0"?>\n<ficAlimMENESR>\n' + PARENT.format(id="12", nom="Lefèvre", prenom="Anne") + "\n</ficAlimMENESR>\n").encode(
            "iso-8859-15"
        )
    )
    (rejet,) = run(annuaire, delta).rejets
    assert rejet.motif.startswith("fichier refusé, XML mal formé ligne 5 : le texte n'est pas de l'UTF-8")
    assert 'encoding="ISO-8859-15"' in rejet.motif
    assert snapshot(annuaire) == before


def test_external_entities_are_never_resolved(annuaire, tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("MOT-DE-PASSE-SECRET")
    delta = tmp_path / "delta"
    delta.mkdir()
    path = delta / "D_PersRelEleve_0000.xml"
    path.write_text(
        f'<?xml version="1.0"?>\n<!DOCTYPE ficAlimMENESR [<!ENTITY xxe SYSTEM "file://{secret}">]>\n<ficAlimMENESR>\n'
        + PARENT.format(id="13", nom="&xxe;", prenom="Anne")
        + "\n</ficAlimMENESR>\n"
    )
    (rejet,) = run(annuaire, delta).rejets
    assert rejet.motif == "fichier refusé : il déclare des entités XML (interdit)"
    assert annuaire.personne("13") is None


def test_parser_alone_never_fetches_the_dtd(tmp_path):
    path = write(tmp_path, "X_PersRelEleve_0000.xml", PARENT.format(id="1", nom="A", prenom="B"))
    path.write_text(path.read_text().replace('SYSTEM "ficAlimMENESR.dtd"', 'SYSTEM "http://127.0.0.1:9/never.dtd"'))
    (requete,) = list(aaf.lire_fichier(path))
    assert requete.attributs["sn"] == ("A",)


def test_unknown_category_and_missing_id(tmp_path):
    body = (
        '<addRequest><operationalAttributes><attr name="categoriePersonne"><value>Martien</value></attr></operationalAttributes>'
        "<identifier><id>1</id></identifier><attributes><attr name=\"sn\"><value>A</value></attr></attributes></addRequest>\n"
        '<addRequest><operationalAttributes><attr name="categoriePersonne"><value>Eleve</value></attr></operationalAttributes>'
        "<identifier><id></id></identifier><attributes><attr name=\"sn\"><value>A</value></attr></attributes></addRequest>"
    )
    path = write(tmp_path, "X_Eleve_0000.xml", body)
    motifs = [r.motif for r in aaf.lire_fichier(path)]
    assert motifs == ["catégorie inconnue « Martien »", "identifiant manquant (<identifier><id>)"]


def test_tuples_and_legacy_parent_attributes():
    attrs = {
        "ENTEleveParents": ("10", "11"),
        "ENTEleveAutoriteParentale": ("10",),
        "ENTElevePere": ("11",),
        "ENTEleveMere": ("10",),
    }
    liens = aaf.liens_responsables(attrs)
    assert [(l.personne, l.lien, l.representant_legal) for l in liens] == [("10", "2", True), ("11", "1", False)]
    assert aaf.tuples({"X": ("a$b", "c")}, "X", 3) == [("a", "b", ""), ("c", "", "")]
    assert aaf.date_fr("14/09/1995").isoformat() == "1995-09-14"
    assert aaf.date_fr("31/02/2000") is None


def test_a_records_derived_lists_follow_its_attributes_and_are_copies():
    """``enseignements``, ``classes``… are parsed once per state of the record (``_derive``): a replaced set of
    attributes gives the new values at once, and a caller changing the list it got changes nothing."""
    from cartable.annuaire.registre import Personne

    prof = Personne("p1", "PersEducNat", {"ENTAuxEnsClassesMatieres": ["0130001A$6A$MATHS"],
                                          "ENTAuxEnsClasses": ["0130001A$6A"], "ENTPersonFonctions": ["0130001A$ENS$ENSEIGNEMENT"]})
    assert prof.enseignements == [("0130001A", "6A", "MATHS")] and prof.classes == [("0130001A", "6A")]
    prof.enseignements.append(("0130001A", "5B", "FRANCAIS"))
    prof.classes.clear()
    assert prof.enseignements == [("0130001A", "6A", "MATHS")] and prof.classes == [("0130001A", "6A")]
    assert prof.remplacer({"ENTAuxEnsClassesMatieres": ["0130001A$6A$MATHS", "0130001A$5B$FRANCAIS"],
                           "ENTAuxEnsClasses": ["0130001A$6A", "0130001A$5B"], "ENTAuxEnsClassesPrincipal": ["0130001A$5B"]})
    assert prof.enseignements == [("0130001A", "6A", "MATHS"), ("0130001A", "5B", "FRANCAIS")]
    assert prof.classes == [("0130001A", "6A"), ("0130001A", "5B")] and prof.classes_principal == [("0130001A", "5B")]
    assert prof.fonctions == []


def test_reading_a_records_derived_lists_writes_nothing():
    import transaction
    import ZODB

    from cartable.annuaire.registre import Personne

    db = ZODB.DB(None)
    with db.transaction() as connexion:
        connexion.root()["p"] = Personne("p1", "PersEducNat", {"ENTAuxEnsClassesMatieres": ["0130001A$6A$MATHS"]})
    connexion = db.open()
    try:
        prof = connexion.root()["p"]
        assert prof.enseignements == [("0130001A", "6A", "MATHS")] == prof.enseignements
        assert not prof._p_changed and not connexion._registered_objects  # a volatile memo: nothing to commit
        transaction.abort()
    finally:
        connexion.close()
        db.close()
