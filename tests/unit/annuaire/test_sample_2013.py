"""The real-format set sample-2013 imports completely and idempotently.

Expected counts are read from the files with a plain regular expression,
independently of the importer's parser.
"""

import re
from collections import Counter

import pytest

from cartable.annuaire.importation import Importateur
from cartable.annuaire.registre import Annuaire
from tests.shared import SAMPLE_2013 as SAMPLE

CATEGORY = re.compile(r"<attr name=\"categorie\w+\"><value>(\w+)</value></attr>")
REQUEST = re.compile(r"<(addRequest|modifyRequest|deleteRequest)>(.*?)</\1>", re.S)
ID = re.compile(r"<identifier><id>([^<]*)</id></identifier>")


def counted_in_files():
    counts = Counter()
    ids = {}
    for path in SAMPLE.glob("*.xml"):
        for operation, body in REQUEST.findall(path.read_text(encoding="utf-8")):
            category = CATEGORY.search(body).group(1).replace("MatEducNat", "MatiereEducNat")
            counts[(category, operation)] += 1
            ids.setdefault(category, set()).add(ID.search(body).group(1))
    return counts, ids


@pytest.fixture(scope="module")
def imported():
    annuaire = Annuaire()
    first = Importateur(annuaire).importer(SAMPLE.iterdir())
    second = Importateur(annuaire).importer(SAMPLE.iterdir())
    return annuaire, first, second


def test_the_files_are_what_the_readme_says():
    counts, _ = counted_in_files()
    assert counts[("Eleve", "addRequest")] == 642
    assert counts[("EtabEducNat", "addRequest")] == 10
    assert sum(counts.values()) == sum(n for (_, op), n in counts.items() if op == "addRequest")


def test_everything_is_created(imported):
    annuaire, first, _ = imported
    counts, ids = counted_in_files()
    for category, summary in first.resume().items():
        assert summary == {
            "created": counts[(category, "addRequest")],
            "updated": 0,
            "deactivated": 0,
            "unchanged": 0,
            "rejected": 0,
        }, category
    assert first.rejets == []
    for category in ("Eleve", "PersRelEleve", "PersEducNat"):
        assert {p for p in ids[category] if annuaire.personne(p).categorie == category} == ids[category]
        assert annuaire.effectif(category) == len(ids[category])
    assert set(annuaire.structures.keys()) == ids["EtabEducNat"]
    assert set(annuaire.matieres.keys()) == ids["MatiereEducNat"]
    assert set(annuaire.mefs.keys()) == ids["MefEducNat"]


def test_every_person_can_log_in_with_a_unique_login(imported):
    annuaire, *_ = imported
    people = list(annuaire.personnes.values())
    assert len({p.login for p in people}) == len(people) == len(annuaire.logins)
    assert all(annuaire.par_login(p.login) is p for p in people[:500])


def test_reimport_changes_nothing(imported):
    _, first, second = imported
    for category, summary in second.resume().items():
        created = first.resume()[category]["created"]
        assert summary == {"created": 0, "updated": 0, "deactivated": 0, "unchanged": created, "rejected": 0}
    assert second.rejets == []


def test_links_are_decoded(imported):
    annuaire, *_ = imported
    eleve = annuaire.personne("2605692")
    assert (eleve.nom, eleve.prenom) == ("Long", "Kù")
    assert eleve.classes == [("52006", "RUS1TERM")]
    assert "2605692" in annuaire.eleves("52006", "RUS1TERM")
    assert annuaire.divisions[("52006", "classe", "RUS1TERM")] == "RUS1TERM"
    legal = {lien.personne: lien.representant_legal for lien in eleve.responsables}
    assert legal == {"2867253": True, "2867254": True}
    assert "2605692" in annuaire.enfants_de("2867253")
    assert annuaire.structures["52006"].uai == "0059951P"
    assert annuaire.par_uai["0059951P"] == "52006"


def test_dangling_links_are_reported_not_dropped(imported):
    annuaire, first, _ = imported
    # Most parents' children are in the file that was too large to keep.
    assert first.avertissements["responsable sans élève décrit"] > 5000
    assert first.avertissements["fonction dans une structure inconnue"] == 824
    teacher = annuaire.personne("2397006")
    assert ("50477", "ENS", "ENSEIGNEMENT") in teacher.fonctions  # kept as written


def test_name_search(imported):
    annuaire, *_ = imported
    found = [annuaire.personne(i) for i in annuaire.chercher_nom("chanteur pasc")]
    assert [p.id for p in found] == ["2397006"]
    assert annuaire.chercher_nom("") == []
