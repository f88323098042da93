"""An identifier of another establishment is never turned into a name (issue 13, item 7): the direction's
@notes-eleve and the vie scolaire's @emploi-du-temps?enseignant= answer for their own establishment's people."""

import pytest

from cartable.annuaire.stockage import lire_annuaire
from cartable.regles import acces
from tests.integration.requetes import client


@pytest.fixture
def ailleurs(functional_demo, region):
    """A student and a teacher of the lycée, unknown to the collège: (id, full name) each."""
    annuaire = lire_annuaire(functional_demo["portal"])
    lycee = next(e for e in region["establishments"] if e["type"] == "LYC")
    classe = sorted(lycee["classes"])[0]
    eleve = annuaire.personne(sorted(annuaire.eleves(lycee["jointure"], classe))[0])
    enseignant = next(annuaire.personne(i) for i in sorted(annuaire.enseignants_de(lycee["jointure"], classe))
                      if not any(acces.est_personnel(annuaire.personne(i), s) for s in annuaire.structures
                                 if s != lycee["jointure"]))
    return (eleve.id, eleve.nom_complet), (enseignant.id, enseignant.nom_complet)


def test_the_direction_cannot_name_a_student_of_another_establishment(site, ailleurs):
    (eleve, nom), _ = ailleurs
    reponse = client(site, "direction").get(f"{site['paths']['etab']}/@notes-eleve", params={"eleve": eleve})
    assert reponse.status_code in (401, 403) and nom not in reponse.text
    own = client(site, "direction").get(f"{site['paths']['etab']}/@notes-eleve", params={"eleve": site["paths"]["eleve"]})
    assert own.status_code in (200, 404), own.text  # its own student: read (404 only without a period today)


@pytest.mark.parametrize("role", ["cpe", "direction"])
def test_the_vie_scolaire_cannot_name_a_teacher_of_another_establishment(site, functional_demo, ailleurs, role):
    _, (enseignant, nom) = ailleurs
    reponse = client(site, role).get(f"{site['paths']['etab']}/@emploi-du-temps", params={"enseignant": enseignant})
    assert reponse.status_code == 403 and nom not in reponse.text
    inconnu = client(site, role).get(f"{site['paths']['etab']}/@emploi-du-temps", params={"enseignant": "inconnu"})
    assert inconnu.status_code == 403 and inconnu.json() == reponse.json()  # the same refusal: nothing told
    # a teacher of the collège: read, with the name
    collegue = lire_annuaire(functional_demo["portal"]).par_login(site["logins"]["enseignant"])
    ici = client(site, role).get(f"{site['paths']['etab']}/@emploi-du-temps", params={"enseignant": collegue.id})
    assert ici.status_code == 200 and collegue.nom_complet in ici.text
