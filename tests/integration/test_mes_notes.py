"""@@mes-notes: a student's grades page, for the student, each of a parent's children, the direction and the PP."""

import re

import requests
import transaction

from cartable.annuaire.contenu import id_etablissement
from cartable.annuaire.stockage import lire_annuaire
from cartable.notes.stockage import lire_carnet
from cartable.testing import donner_le_mot_de_passe
from tests.integration.requetes import client


def page(site, role, query=""):
    return client(site, role).page(f"{site['paths']['etab']}/@@mes-notes{query}", allow_redirects=False)


def refuse(reponse):
    """Plone's challenge: 401/403, or a redirect to the login or insufficient-privileges page."""
    return reponse.status_code in (401, 403) or (reponse.status_code == 302 and "login" in reponse.headers.get("Location", ""))


def activer(functional_demo, region, site, persona):
    """Give a demo persona the test password; its login is then site['logins'][persona]."""
    transaction.begin()
    personne = lire_annuaire(functional_demo["portal"]).personne(region["personas"][persona])
    donner_le_mot_de_passe(personne)
    transaction.commit()
    site["logins"][persona] = personne.login
    return personne


def releve(site, role, periode="T1"):
    return client(site, role).get(f"{site['paths']['etab']}/@notes-eleve", {"eleve": site["paths"]["eleve"], "periode": periode})


def test_the_student_and_the_parent_get_the_page_the_others_do_not(functional_demo, site, region):
    eleve = site["paths"]["eleve"]
    nom, prenom = site["secret"]
    for role in ("eleve", "parent", "direction"):
        html = page(site, role, f"?eleve={eleve}&periode=T1")
        assert html.status_code == 200, role
        assert f"{prenom} {nom}" in html.text and f'data-eleve="{eleve}"' in html.text and 'data-periode="T1"' in html.text
        assert "mes_notes.js" in html.text and "mes_notes.css" in html.text and "<script>" not in html.text.split('id="mes-notes"')[1]
        assert re.findall(r'<option value="(T\d)"', html.text) == ["T1", "T2", "T3"]
    for role in ("parent_autre", "enseignant", "enseignant_autre", "cpe_autre", "anonyme"):
        reponse = page(site, role, f"?eleve={eleve}&periode=T1")
        assert refuse(reponse), role
        assert f"{prenom} {nom}" not in reponse.text  # a refusal names nobody
    # an id that is not a student's (here the parent's own) is refused too, never a 500
    parent_id = lire_annuaire(functional_demo["portal"]).par_login(site["logins"]["parent"]).id
    assert refuse(page(site, "direction", f"?eleve={parent_id}"))


def test_the_professeur_principal_reads_the_page_of_a_student_of_the_class(functional_demo, site, region):
    activer(functional_demo, region, site, "professeur_principal")
    assert page(site, "professeur_principal", f"?eleve={site['paths']['eleve']}").status_code == 200


def test_without_eleve_the_student_gets_their_own_page_and_the_parent_their_child_s(functional_demo, site):
    eleve = site["paths"]["eleve"]
    for role in ("eleve", "parent"):
        html = page(site, role)
        assert html.status_code == 200 and f'data-eleve="{eleve}"' in html.text, role
        assert 'data-periode="T1"' in html.text  # JOUR is in the first trimester
    assert refuse(page(site, "direction"))  # staff name the student


def test_a_parent_of_children_in_two_establishments_chooses_among_them(functional_demo, site, region):
    parent = activer(functional_demo, region, site, "parent_deux_etablissements")
    annuaire = lire_annuaire(functional_demo["portal"])
    enfants = [annuaire.personne(i) for i in annuaire.enfants_de(parent.id)]
    college = site["paths"]["etab"].rsplit("/", 1)[1]
    ici = next(e for e in enfants if college in [id_etablissement(annuaire.structures[s].uai) for s in e.rattachements])
    html = page(site, "parent_deux_etablissements", f"?eleve={ici.id}").text
    options = re.findall(r'<option value="([^"]+/@@mes-notes\?eleve=[^"]+)"', html)
    assert len(options) == len(enfants) >= 2
    assert {o.rsplit("=", 1)[1] for o in options} == {e.id for e in enfants}
    ailleurs = [o for o in options if not o.startswith(site["paths"]["etab"] + "/")]
    assert ailleurs, "a child of the other establishment is reached on that establishment's page"
    assert re.search(rf'<option value="[^"]*eleve={ici.id}" selected', html)


def test_notes_eleve_says_the_student_s_band_and_whether_the_bulletin_is_published(functional_demo, site):
    donnees = releve(site, "parent").json()
    assert donnees["bulletin_publie"] is False and donnees["matieres"]
    for m in donnees["matieres"] + [{"moyenne": donnees["moyenne_generale"], "bande": donnees["bande_generale"],
                                     "distribution": donnees["distribution_generale"]}]:
        assert m["moyenne"] is not None
        tranche = m["distribution"][m["bande"]]
        assert tranche["eleves"] >= 1  # the student is counted in the band the chart highlights
        assert tranche["de"] - 0.005 <= float(m["moyenne"].replace(",", ".")) <= tranche["a"] + 0.005
    transaction.begin()
    carnet = lire_carnet(functional_demo["portal"][site["paths"]["etab"].rsplit("/", 1)[1]])
    carnet.bulletins[("T1", site["paths"]["eleve"])] = {"fichier": None, "genere_le": "2026-12-09T10:00:00", "publie": False, "division": "3A"}
    transaction.commit()
    assert releve(site, "parent").json()["bulletin_publie"] is False  # generated, not yet published
    carnet.bulletins[("T1", site["paths"]["eleve"])] = {**carnet.bulletins[("T1", site["paths"]["eleve"])], "publie": True}
    transaction.commit()
    assert releve(site, "parent").json()["bulletin_publie"] is True and releve(site, "eleve").json()["bulletin_publie"] is True
    assert releve(site, "parent", "T2").json()["bulletin_publie"] is False  # another period has none


def test_an_unknown_period_is_passed_to_the_service_which_says_so_in_french(functional_demo, site):
    html = page(site, "parent", f"?eleve={site['paths']['eleve']}&periode=T9")
    assert html.status_code == 200 and 'data-periode="T9"' in html.text
    reponse = releve(site, "parent", "T9")
    assert reponse.status_code == 404 and reponse.json()["error"]["message"] == "Période inconnue."


def test_the_profile_links_to_the_grades_and_the_page_s_resources_are_served(functional_demo, site):
    eleve, etab = site["paths"]["eleve"], site["paths"]["etab"]
    parent = client(site, "parent").page(f"{site['url']}/@@mon-profil").text
    assert f'href="{etab}/@@mes-notes?eleve={eleve}"' in parent
    lui = client(site, "eleve").page(f"{site['url']}/@@mon-profil").text
    assert f'href="{etab}/@@mes-notes"' in lui
    enseignant = client(site, "enseignant").page(f"{site['url']}/@@mon-profil").text
    assert "@@mes-notes" not in enseignant
    for nom in ("mes_notes.js", "mes_notes.css"):
        assert requests.get(f"{site['url']}/++resource++cartable.notes/{nom}", timeout=60).status_code == 200
