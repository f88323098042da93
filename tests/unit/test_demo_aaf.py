"""The demo region's AAF files: valid, deterministic and coherent (no Zope).

Everything is checked in the XML itself, the way an importer will read it;
the manifest is only trusted after it has been compared with the files.
"""

import collections
import json
import pathlib
import re

import pytest
from lxml import etree

from cartable.demo import annuaire as demo_aaf

PREFIXE = "FULL_CARTABLE_Complet_20260901_"
CATEGORIES = ["EtabEducNat", "MatiereEducNat", "MefEducNat", "Eleve", "PersRelEleve",
              "PersEducNat"]
OPERATIONNEL = {
    "EtabEducNat": ("categorieStructure", "EtabEducNat"),
    "MatiereEducNat": ("categorieMatiere", "MatEducNat"),
    "MefEducNat": ("categorieMef", "MefEducNat"),
    "Eleve": ("categoriePersonne", "Eleve"),
    "PersRelEleve": ("categoriePersonne", "PersRelEleve"),
    "PersEducNat": ("categoriePersonne", "PersEducNat"),
}
JOINTURE = {"EtabEducNat": "ENTStructureJointure", "MatiereEducNat": "ENTMatJointure",
            "MefEducNat": "ENTMefJointure", "Eleve": "ENTPersonJointure",
            "PersRelEleve": "ENTPersonJointure", "PersEducNat": "ENTPersonJointure"}
# Attributes whose values are `structure$...` tuples.
TUPLES = ["ENTEleveClasses", "ENTEleveGroupes", "ENTAuxEnsClasses", "ENTAuxEnsGroupes",
          "ENTAuxEnsClassesMatieres", "ENTAuxEnsGroupesMatieres",
          "ENTAuxEnsClassesPrincipal", "ENTPersonFonctions", "ENTAuxEnsMEF",
          "ENTAuxEnsMatiereEnseignEtab"]
# Birth year of a pupil "à l'heure" at the 2026 rentrée, by MEF.
ANNEE_PAR_MEF = {
    "10010012110": 2015, "10110001110": 2014, "10210001110": 2013, "10310019110": 2012,
    "20010018110": 2011, "20110019110": 2010, "20210019110": 2009, "21131016110": 2010,
    "21231018110": 2009, "24725207310": 2011, "24725207320": 2010, "24725207330": 2009,
    "24125214210": 2011, "24125214220": 2010,
}
SHARED_DTD = pathlib.Path("/work/shared/formats/aaf/sample-2013/ficAlimMENESR.dtd")
LETTRES = "ABCDEFGHJKLMNPRSTUVWXYZ"


def lire(chemin):
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
    return etree.parse(str(chemin), parser)


def enregistrements(arbre):
    """[(operational attr, its value, id, {attr: [non-empty values]})] in file order."""
    resultat = []
    for requete in arbre.getroot():
        if not isinstance(requete.tag, str):  # comments
            continue
        assert requete.tag == "addRequest"
        op = requete.find("operationalAttributes/attr")
        attributs = {}
        for attr in requete.find("attributes").findall("attr"):
            assert attr.get("name") not in attributs
            attributs[attr.get("name")] = [v.text for v in attr.findall("value") if v.text]
        resultat.append((op.get("name"), op.findtext("value"),
                         requete.findtext("identifier/id"), attributs))
    return resultat


class Region:
    def __init__(self, dossier, manifest):
        self.dossier = dossier
        self.manifest = manifest
        self.arbres = {c: lire(dossier / f"{PREFIXE}{c}_0000.xml") for c in CATEGORIES}
        self.listes = {c: enregistrements(a) for c, a in self.arbres.items()}
        self.par_id = {c: {r[2]: r[3] for r in liste} for c, liste in self.listes.items()}
        self.etabs = self.par_id["EtabEducNat"]
        self.eleves = self.par_id["Eleve"]
        self.parents = self.par_id["PersRelEleve"]
        self.personnels = self.par_id["PersEducNat"]
        self.classes = {j: [v.split("$")[0] for v in a["ENTStructureClasses"]]
                        for j, a in self.etabs.items()}
        self.groupes = {j: [v.split("$")[0] for v in a["ENTStructureGroupes"]]
                        for j, a in self.etabs.items()}
        self.college = self.jointure_type("CLG")
        self.lycee = self.jointure_type("LYC")
        self.lp = self.jointure_type("LP")

    def jointure_type(self, type_):
        (j,) = [j for j, a in self.etabs.items() if a["ENTStructureTypeStruct"] == [type_]]
        return j

    def fonctions(self, personne, code):
        return [f.split("$")[0] for f in personne["ENTPersonFonctions"]
                if f.split("$")[1] == code]

    def staff(self, code, etab):
        return [i for i, p in self.personnels.items() if etab in self.fonctions(p, code)]

    def enseignants(self):
        return [i for i, p in self.personnels.items() if self.fonctions(p, "ENS")]

    def rels(self, eleve_id):
        """[(person id, lien, respFinancier, representantLegal, contact, paiement)]"""
        return [tuple(v.split("$")) for v in self.eleves[eleve_id]["ENTElevePersRelEleve"]]

    def enfants(self, parent_id):
        return [e for e in self.eleves if any(r[0] == parent_id for r in self.rels(e))]


@pytest.fixture(scope="module")
def region(tmp_path_factory):
    dossier = tmp_path_factory.mktemp("aaf") / "region"  # created by the writer
    manifest = demo_aaf.ecrire_region_demo(dossier)
    return Region(dossier, manifest)


def test_files_written(region):
    noms = sorted(p.name for p in region.dossier.iterdir())
    attendus = sorted([f"{PREFIXE}{c}_0000.xml" for c in CATEGORIES]
                      + ["ficAlimMENESR.dtd", "manifest.json"])
    assert noms == attendus
    dtd = (region.dossier / "ficAlimMENESR.dtd").read_bytes()
    paquet = pathlib.Path(demo_aaf.__file__).with_name("ficAlimMENESR.dtd").read_bytes()
    assert dtd == paquet
    if SHARED_DTD.exists():
        assert dtd == SHARED_DTD.read_bytes()
    texte = (region.dossier / "manifest.json").read_text(encoding="utf-8")
    assert json.loads(texte) == region.manifest
    assert texte == json.dumps(region.manifest, sort_keys=True, ensure_ascii=False,
                               indent=2) + "\n"
    assert region.manifest["files"] == {c: f"{PREFIXE}{c}_0000.xml" for c in CATEGORIES}


@pytest.mark.parametrize("categorie", CATEGORIES)
def test_valid_against_the_dtd(region, categorie):
    chemin = region.dossier / f"{PREFIXE}{categorie}_0000.xml"
    with open(region.dossier / "ficAlimMENESR.dtd", "rb") as fichier:
        dtd = etree.DTD(fichier)
    arbre = lire(chemin)
    assert dtd.validate(arbre), dtd.error_log.filter_from_errors()
    assert chemin.read_bytes().startswith(
        b'<?xml version="1.0" encoding="UTF-8"?>\n'
        b'<!DOCTYPE ficAlimMENESR SYSTEM "ficAlimMENESR.dtd">\n<ficAlimMENESR>')
    assert arbre.docinfo.encoding == "UTF-8"
    liste = region.listes[categorie]
    assert liste, "no addRequest"
    # only addRequest: a full set, no modify/delete
    assert len(arbre.getroot().findall("addRequest")) == len(liste)
    ids = [r[2] for r in liste]
    assert len(ids) == len(set(ids))
    for op_nom, op_valeur, ident, attributs in liste:
        assert (op_nom, op_valeur) == OPERATIONNEL[categorie]
        assert attributs[JOINTURE[categorie]] == [ident]


def test_deterministic(region, tmp_path):
    encore = tmp_path / "encore"
    autre = tmp_path / "autre"
    assert demo_aaf.ecrire_region_demo(encore, graine=2026) == region.manifest
    demo_aaf.ecrire_region_demo(autre, graine=7)
    for chemin in sorted(region.dossier.iterdir()):
        assert (encore / chemin.name).read_bytes() == chemin.read_bytes(), chemin.name
    for categorie in ["Eleve", "PersRelEleve", "PersEducNat"]:
        nom = f"{PREFIXE}{categorie}_0000.xml"
        assert (autre / nom).read_bytes() != (region.dossier / nom).read_bytes()


def test_counts(region):
    assert len(region.etabs) == 3
    assert sorted(a["ENTStructureTypeStruct"][0] for a in region.etabs.values()) == [
        "CLG", "LP", "LYC"]
    assert 22 <= sum(len(c) for c in region.classes.values()) <= 28
    assert all(region.groupes.values())
    assert 650 <= len(region.eleves) <= 750
    assert 1000 <= len(region.parents) <= 1200
    assert 60 <= len(region.enseignants()) <= 80
    assert 20 <= len(region.par_id["MatiereEducNat"]) <= 30
    assert len(region.staff("EDU", region.college)) == 2
    assert len(region.staff("EDU", region.lycee)) == 3
    assert len(region.staff("EDU", region.lp)) == 1
    for etab in region.etabs:
        directions = [f for p in region.personnels.values() for f in p["ENTPersonFonctions"]
                      if f.startswith(f"{etab}$DIR$")]
        assert sorted(f.split("$")[3] for f in directions) == ["D0010", "D0011"]
        assert region.staff("DOC", etab) or region.staff("ADF", etab)
    assert 2 <= len([i for i, p in region.personnels.items()
                     if region.fonctions(p, "DOC") or region.fonctions(p, "ADF")])
    # the manifest says what the files hold
    assert region.manifest["counts"] == {c: len(region.listes[c]) for c in CATEGORIES}
    assert region.manifest["details"]["teachers"] == len(region.enseignants())


def test_every_tuple_names_a_described_establishment(region):
    jointures = set(region.etabs)
    vus = 0
    for categorie in ["Eleve", "PersEducNat"]:
        for attributs in region.par_id[categorie].values():
            assert set(attributs.get("ENTPersonStructRattach", [])) <= jointures
            for nom in TUPLES:
                for valeur in attributs.get(nom, []):
                    vus += 1
                    assert valeur.split("$")[0] in jointures, (nom, valeur)
    assert vus > 1500


def test_classes_and_groups_are_declared(region):
    par_classe = collections.Counter()
    for ident, eleve in region.eleves.items():
        (etab,) = eleve["ENTPersonStructRattach"]
        (classe,) = eleve["ENTEleveClasses"]
        s, c = classe.split("$")
        assert s == etab and c in region.classes[etab]
        par_classe[classe] += 1
        assert len(eleve["ENTEleveGroupes"]) <= 2
        for groupe in eleve["ENTEleveGroupes"]:
            s, g = groupe.split("$")
            assert s == etab and g in region.groupes[etab]
    # every class has pupils, around 28 of them
    toutes = [f"{j}${c}" for j, classes in region.classes.items() for c in classes]
    assert sorted(par_classe) == sorted(toutes)
    assert all(15 <= n <= 35 for n in par_classe.values())
    for prof in region.personnels.values():
        for nom, declares in [("ENTAuxEnsClasses", region.classes),
                              ("ENTAuxEnsGroupes", region.groupes),
                              ("ENTAuxEnsClassesPrincipal", region.classes)]:
            for valeur in prof[nom]:
                s, code = valeur.split("$")
                assert code in declares[s], valeur
        for nom, declares in [("ENTAuxEnsClassesMatieres", region.classes),
                              ("ENTAuxEnsGroupesMatieres", region.groupes)]:
            for valeur in prof[nom]:
                s, code, _matiere = valeur.split("$")
                assert code in declares[s], valeur


def test_subject_and_mef_codes_exist(region):
    matieres = {i: a["ENTLibelleMatiere"][0] for i, a in region.par_id["MatiereEducNat"].items()}
    mefs = {i: a["ENTLibelleMef"][0] for i, a in region.par_id["MefEducNat"].items()}
    assert all(re.fullmatch(r"\d{6}", code) for code in matieres)
    assert all(re.fullmatch(r"\d{11}", code) for code in mefs)
    assert set(mefs) == set(ANNEE_PAR_MEF)
    for a in region.par_id["MefEducNat"].values():
        assert a["ENTMEFRattach"][0] in mefs
    for eleve in region.eleves.values():
        (mef,) = eleve["ENTEleveMEF"]
        assert eleve["ENTEleveLibelleMEF"] == [mefs[mef]]
        codes = eleve["ENTEleveCodeEnseignements"]
        assert codes and set(codes) <= set(matieres)
        assert eleve["ENTEleveEnseignements"] == [matieres[c] for c in codes]
    for prof in region.personnels.values():
        for valeur in prof["ENTAuxEnsClassesMatieres"] + prof["ENTAuxEnsGroupesMatieres"]:
            assert valeur.split("$")[2] in matieres
        for valeur in prof["ENTAuxEnsMEF"]:
            _s, mef, libelle = valeur.split("$")
            assert mefs[mef] == libelle
        for valeur in prof["ENTAuxEnsMatiereEnseignEtab"]:
            assert valeur.split("$", 1)[1] in matieres.values()


def test_labels_with_ampersands_are_escaped(region):
    brut = (region.dossier / f"{PREFIXE}MatiereEducNat_0000.xml").read_bytes()
    assert b"SCIENCES VIE &amp; TERRE" in brut
    assert b"& " not in brut
    libelles = [a["ENTLibelleMatiere"][0] for a in region.par_id["MatiereEducNat"].values()]
    assert "SCIENCES VIE & TERRE" in libelles


def test_every_subject_of_a_pupil_has_a_teacher(region):
    enseigne = set()
    for prof in region.personnels.values():
        enseigne.update(prof["ENTAuxEnsClassesMatieres"])
        enseigne.update(prof["ENTAuxEnsGroupesMatieres"])
    for ident, eleve in region.eleves.items():
        (classe,) = eleve["ENTEleveClasses"]
        for code in eleve["ENTEleveCodeEnseignements"]:
            par_classe = f"{classe}${code}" in enseigne
            par_groupe = any(f"{g}${code}" in enseigne for g in eleve["ENTEleveGroupes"])
            assert par_classe or par_groupe, (ident, classe, code)


def test_one_professeur_principal_per_class(region):
    pp = collections.Counter(v for p in region.personnels.values()
                             for v in p["ENTAuxEnsClassesPrincipal"])
    toutes = [f"{j}${c}" for j, classes in region.classes.items() for c in classes]
    assert sorted(pp) == sorted(toutes)
    assert set(pp.values()) == {1}
    for prof in region.personnels.values():
        for classe in prof["ENTAuxEnsClassesPrincipal"]:
            assert classe in prof["ENTAuxEnsClasses"]  # the PP teaches the class


def test_family_links(region):
    nombres = collections.Counter()
    lies = set()
    for ident, eleve in region.eleves.items():
        rels = region.rels(ident)
        nombres[len(rels)] += 1
        assert 1 <= len(rels) <= 3
        for personne, lien, financier, legal, contact, paiement in rels:
            assert personne in region.parents
            assert lien in {"1", "2", "90"}
            assert {financier, contact, paiement} <= {"0", "1"}
            lies.add(personne)
        legaux = sorted(r[3] for r in rels if r[3] != "0")
        assert legaux in (["1"], ["1", "2"])
        # the older attributes say the same thing
        assert eleve["ENTEleveAutoriteParentale"] == [r[0] for r in rels if r[3] != "0"]
        assert eleve["ENTEleveParents"] == [r[0] for r in rels if r[1] in ("1", "2")]
        assert eleve["ENTElevePere"] == [r[0] for r in rels if r[1] == "1"]
        assert eleve["ENTEleveMere"] == [r[0] for r in rels if r[1] == "2"]
    assert lies == set(region.parents)  # nobody in the file is linked to no pupil
    assert nombres[2] > nombres[1] > nombres[3] > 10
    # siblings share parents; some families span two establishments
    fratries = collections.defaultdict(set)
    for ident in region.eleves:
        for r in region.rels(ident):
            fratries[r[0]].add(ident)
    multiples = {frozenset(e) for e in fratries.values() if len(e) > 1}
    familles = {frozenset(e) for e in fratries.values()}
    assert 0.07 <= len(multiples) / len(familles) <= 0.13
    assert any(len(f) == 3 for f in multiples)
    etab = {i: e["ENTPersonStructRattach"][0] for i, e in region.eleves.items()}
    assert sum(1 for f in multiples if len({etab[e] for e in f}) > 1) >= 3


def test_parent_records(region):
    brut = (region.dossier / f"{PREFIXE}PersRelEleve_0000.xml").read_bytes()
    assert b'<attr name="mail"><value/></attr>' in brut
    avec_mail = [p for p in region.parents.values() if p["mail"]]
    assert len(region.parents) * 0.6 < len(avec_mail) < len(region.parents)
    mails = [p["mail"][0] for p in avec_mail]
    assert len(mails) == len(set(mails))
    for parent in region.parents.values():
        assert parent["personalTitle"][0] in ("M.", "Mme")
        assert parent["ENTPersonPays"] == ["FRANCE"]
        assert re.fullmatch(r"\d{5}", parent["ENTPersonCodePostal"][0])
        assert parent["sn"] and parent["givenName"] and parent["ENTPersonAdresse"]


def test_identifiers_and_dates(region):
    personnes = [i for c in ["Eleve", "PersRelEleve", "PersEducNat"]
                 for i in (r[2] for r in region.listes[c])]
    assert len(personnes) == len(set(personnes))
    assert all(re.fullmatch(r"\d+", i) for i in personnes)
    assert all(re.fullmatch(r"\d+", j) for j in region.etabs)
    for etab in region.etabs.values():
        (uai,) = etab["ENTStructureUAI"]
        assert etab["ENTEtablissementUAI"] == [uai]
        assert re.fullmatch(r"\d{7}[A-Z]", uai) and uai[7] == LETTRES[int(uai[:7]) % 23]
        assert etab["ENTServAcAcademie"] == ["AIX-MARSEILLE"]
    ines = [e["ENTEleveINE"][0] for e in region.eleves.values()]
    assert len(ines) == len(set(ines))
    assert all(re.fullmatch(r"\d{10}[A-Z]", ine) for ine in ines)
    accents = 0
    for eleve in region.eleves.values():
        jour, mois, annee = eleve["ENTPersonDateNaissance"][0].split("/")
        assert 1 <= int(jour) <= 31 and 1 <= int(mois) <= 12
        ecart = ANNEE_PAR_MEF[eleve["ENTEleveMEF"][0]] - int(annee)
        assert ecart in (-1, 0, 1)
        assert eleve["personalTitle"][0] in ("M.", "Mlle")
        assert eleve["ENTEleveStatutEleve"] == ["SCOLAIRE"]
        assert eleve["ENTEleveRegime"]
        accents += any(ord(c) > 127 for c in eleve["givenName"][0] + eleve["sn"][0])
    assert accents > 20


def test_personas(region):
    personas = region.manifest["personas"]
    college, lycee = region.college, region.lycee
    classe_3a = f"{college}$3A"

    eleve = region.eleves[personas["eleve"]]
    assert eleve["ENTEleveClasses"] == [classe_3a]
    legaux = [r[0] for r in region.rels(personas["eleve"]) if r[3] != "0"]
    assert len(legaux) == 2

    assert personas["parent"] in legaux
    assert personas["parent"] in region.parents

    autre = personas["parent_autre_famille"]
    enfants_autre = region.enfants(autre)
    assert any(region.eleves[e]["ENTEleveClasses"] == [classe_3a]
               and autre in [r[0] for r in region.rels(e) if r[3] != "0"]
               for e in enfants_autre)
    assert personas["eleve"] not in enfants_autre
    assert not set(enfants_autre) & set(region.enfants(personas["parent"]))

    deux = personas["parent_deux_etablissements"]
    etabs = {region.eleves[e]["ENTPersonStructRattach"][0] for e in region.enfants(deux)
             if deux in [r[0] for r in region.rels(e) if r[3] != "0"]}
    assert len(etabs) >= 2

    enseignant = region.personnels[personas["enseignant"]]
    assert classe_3a in enseignant["ENTAuxEnsClasses"]
    assert any(v.startswith(classe_3a + "$") for v in enseignant["ENTAuxEnsClassesMatieres"])

    pp = region.personnels[personas["professeur_principal"]]
    assert pp["ENTAuxEnsClassesPrincipal"] == [classe_3a]

    hors = region.personnels[personas["enseignant_autre_classe"]]
    assert college in region.fonctions(hors, "ENS")
    for nom in ["ENTAuxEnsClasses", "ENTAuxEnsClassesMatieres", "ENTAuxEnsClassesPrincipal"]:
        assert not any(v == classe_3a or v.startswith(classe_3a + "$") for v in hors[nom])

    assert sorted(personas["cpe"]) == sorted(region.staff("EDU", college))
    assert sorted(personas["cpe_lycee"]) == sorted(region.staff("EDU", lycee))
    for role, etab in [("direction", college), ("direction_lycee", lycee)]:
        chef = region.personnels[personas[role]]
        assert f"{etab}$DIR$DIRECTION$D0010$DIRECTION CHEF D'ETABLISSEMENT" in chef[
            "ENTPersonFonctions"]

    # roles are distinct people, and the details match the files
    simples = [v for v in personas.values() if isinstance(v, str)]
    assert len(simples) == len(set(simples))
    tous = {**region.eleves, **region.parents, **region.personnels}
    for role, fiche in region.manifest["personas_details"].items():
        for f in fiche if isinstance(fiche, list) else [fiche]:
            assert tous[f["id"]]["sn"] == [f["sn"]]
            assert tous[f["id"]]["givenName"] == [f["givenName"]]


def test_manifest_establishments(region):
    decrits = region.manifest["establishments"]
    assert [e["jointure"] for e in decrits] == [r[2] for r in region.listes["EtabEducNat"]]
    for e in decrits:
        attributs = region.etabs[e["jointure"]]
        assert attributs["ENTStructureUAI"] == [e["uai"]]
        assert attributs["ENTStructureNomCourant"] == [e["name"]]
        assert attributs["ENTStructureTypeStruct"] == [e["type"]]
        assert e["classes"] == region.classes[e["jointure"]]
