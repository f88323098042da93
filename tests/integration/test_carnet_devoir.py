"""A restituted Devoir's mark enters the grade book (cartable.notes.envoi_devoir, IEnvoiNote), exactly once."""

from decimal import Decimal

import requests
import transaction
from zope.component import getUtility

from cartable.notes.stockage import lire_carnet
from cartable.pedagogie.devoirs.interfaces import IEnvoiNote
from tests.integration.requetes import auth
from tests.integration.test_devoirs_rendus import (  # noqa: F401  (horloge_: the fixture)
    PDF,
    autres_eleves,
    b64,
    correction,
    horloge_,
    nouveau_devoir,
    objet,
    rendu_get,
    rendu_post,
)

JSON = {"Accept": "application/json"}


def grille(site, qui, periode="T2"):
    return requests.get(f"{site['paths']['etab']}/@saisie-notes", params={"division": "3A", "matiere": site["paths"]["matiere"],
                        "periode": periode}, headers=JSON, auth=qui, timeout=60)


def colonnes_du_devoir(grille_, titre):
    return [e for e in grille_["evaluations"] if e["titre"] == titre]


def remettre_corriger_restituer(site, qui_eleve, eleve, note, devoir):
    prof = auth(site, "enseignant")
    assert rendu_post(site, qui_eleve, {"fichiers": [{"nom": "copie.pdf", "contenu": b64(PDF)}], "remettre": True},
                      devoir=devoir).status_code == 200
    assert correction(site, prof, {"action": "corriger", "eleve": eleve, "note": note, "appreciation": "Vu."},
                      devoir=devoir).status_code == 200
    reponse = correction(site, prof, {"action": "restituer", "eleve": eleve}, devoir=devoir)
    assert reponse.status_code == 200, reponse.text


def test_the_utility_is_registered(functional_demo):
    assert getUtility(IEnvoiNote, name="cartable.notes") is not None


def test_restituted_mark_enters_the_grid_and_the_students_notes_once(functional_demo, site, horloge_):
    prof, eleve_id, eleve = auth(site, "enseignant"), site["paths"]["eleve"], auth(site, "eleve")
    (b_id, b, _), = autres_eleves(functional_demo, site, 1)
    devoir = nouveau_devoir(functional_demo, site, "devoir-carnet", bareme=10)
    avant = grille(site, prof).json()
    assert colonnes_du_devoir(avant, "Devoir devoir-carnet") == []

    remettre_corriger_restituer(site, eleve, eleve_id, "7,5", devoir)
    remettre_corriger_restituer(site, b, b_id, "4", devoir)
    apres = grille(site, prof).json()
    colonne, = colonnes_du_devoir(apres, "Devoir devoir-carnet")
    assert colonne["bareme"] == 10 and colonne["publiee"] is True and colonne["devoir"] is True and colonne["compte"] is True
    assert colonne["date_texte"] == "mardi 1er décembre"
    assert apres["saisies"][colonne["id"]][eleve_id]["valeur"] == "7,5"
    assert apres["saisies"][colonne["id"]][b_id]["valeur"] == "4"
    # it counts: the student's average of the period is 15 (7.5/10), alone in T2
    assert apres["moyennes"][eleve_id] == "15,00"

    # the student reads it in their notes (published)
    notes = requests.get(f"{site['paths']['etab']}/@notes-eleve", params={"eleve": eleve_id, "periode": "T2"},
                         headers=JSON, auth=eleve, timeout=60).json()
    vues = [e for m in notes["matieres"] for e in m["evaluations"] if e["titre"] == "Devoir devoir-carnet"]
    assert [e["note"] for e in vues] == ["7,5"]

    # a restituted copy is final; « tout restituer » again sends nothing more, and a second sending of the
    # same Rendu (a corrected mark) replaces the entry: one column, one entry per student
    assert correction(site, prof, {"action": "restituer_tout"}, devoir=devoir).json() == {"restitues": 0}
    transaction.begin()
    getUtility(IEnvoiNote, name="cartable.notes").envoyer(objet(functional_demo, devoir), objet(functional_demo, f"{devoir}/{eleve_id}"),
                                                          Decimal("9"), 10)
    transaction.commit()
    encore = grille(site, prof).json()
    colonne2, = colonnes_du_devoir(encore, "Devoir devoir-carnet")
    assert colonne2["id"] == colonne["id"]
    assert encore["saisies"][colonne["id"]][eleve_id]["valeur"] == "9"
    transaction.begin()
    carnet = lire_carnet(objet(functional_demo, site["paths"]["etab"]))
    assert len([e for e in carnet.evaluations.values() if e.titre == "Devoir devoir-carnet"]) == 1


def test_a_devoir_said_not_to_count_is_shown_not_averaged(functional_demo, site, horloge_):
    prof, eleve_id, eleve = auth(site, "enseignant"), site["paths"]["eleve"], auth(site, "eleve")
    devoir = nouveau_devoir(functional_demo, site, "devoir-hors-moyenne", compte_dans_moyenne=False)
    remettre_corriger_restituer(site, eleve, eleve_id, "3", devoir)
    apres = grille(site, prof).json()
    colonne, = colonnes_du_devoir(apres, "Devoir devoir-hors-moyenne")
    assert colonne["compte"] is False and apres["saisies"][colonne["id"]][eleve_id]["valeur"] == "3"
    assert apres["moyennes"].get(eleve_id) is None  # the only mark of T2 does not count: no average (never 0)
    # the teacher changes their mind at the Devoir: the evaluation follows
    transaction.begin()
    from zope.event import notify
    from zope.lifecycleevent import ObjectModifiedEvent

    contenu = objet(functional_demo, devoir)
    contenu.compte_dans_moyenne = True
    notify(ObjectModifiedEvent(contenu))
    transaction.commit()
    assert grille(site, prof).json()["moyennes"][eleve_id] == "3,00"


def test_a_mark_without_a_period_refuses_the_restitution(functional_demo, site, horloge_):
    prof, eleve_id, eleve = auth(site, "enseignant"), site["paths"]["eleve"], auth(site, "eleve")
    devoir = nouveau_devoir(functional_demo, site, "devoir-sans-periode")
    transaction.begin()
    carnet = lire_carnet(objet(functional_demo, site["paths"]["etab"]))
    sauvegarde = dict(carnet.periodes)
    for code in ("T1", "T2"):  # only T3 is left: neither the due date (1 December) nor today (16 November) is in it
        del carnet.periodes[code]
    transaction.commit()
    try:
        assert rendu_post(site, eleve, {"fichiers": [{"nom": "copie.pdf", "contenu": b64(PDF)}], "remettre": True},
                          devoir=devoir).status_code == 200
        assert correction(site, prof, {"action": "corriger", "eleve": eleve_id, "note": "12", "appreciation": "Vu."},
                          devoir=devoir).status_code == 200
        refus = correction(site, prof, {"action": "restituer", "eleve": eleve_id}, devoir=devoir)
        assert refus.status_code == 409 and "période" in refus.json()["error"]["message"]
        assert rendu_get(site, eleve, devoir=devoir).json()["etat"] == "corrige"  # nothing kept
    finally:
        transaction.begin()
        carnet = lire_carnet(objet(functional_demo, site["paths"]["etab"]))
        carnet.periodes.update(sauvegarde)
        transaction.commit()


def test_an_establishment_without_periods_keeps_no_grade_book_and_the_restitution_goes_on(functional_demo, site, horloge_):
    eleve_id, eleve = site["paths"]["eleve"], auth(site, "eleve")
    devoir = nouveau_devoir(functional_demo, site, "devoir-sans-carnet")
    transaction.begin()
    carnet = lire_carnet(objet(functional_demo, site["paths"]["etab"]))
    sauvegarde = dict(carnet.periodes)
    carnet.periodes.clear()
    transaction.commit()
    try:
        remettre_corriger_restituer(site, eleve, eleve_id, "12", devoir)
        assert rendu_get(site, eleve, devoir=devoir).json()["note"] == "12"
        transaction.begin()
        carnet = lire_carnet(objet(functional_demo, site["paths"]["etab"]))
        assert not [e for e in carnet.evaluations.values() if e.titre == "Devoir devoir-sans-carnet"]
    finally:
        transaction.begin()
        carnet = lire_carnet(objet(functional_demo, site["paths"]["etab"]))
        carnet.periodes.update(sauvegarde)
        transaction.commit()


def test_the_teacher_says_in_the_form_that_the_mark_does_not_count(functional_demo, site, horloge_):
    from tests.integration.test_devoirs_rendus import jeton

    prof = auth(site, "enseignant")
    formulaire = f"{site['paths']['espace']}/@@nouveau-devoir"
    page = requests.get(formulaire, auth=prof, timeout=60)
    assert 'id="hors_moyenne"' in page.text and "sans compter dans la moyenne" in page.text
    champs = {"titre": "Exercice bonus", "ouverture": "2026-11-16T08:00", "echeance": "2026-11-20T18:00",
              "fichiers_attendus": "on", "types_autorises:list": ["pdf"], "max_fichiers": "3", "taille_max_mo": "5",
              "duree_minutes": "45", "bareme": "20", "action": "publier"}
    urls = []
    for hors_moyenne in (True, False):
        token, cle = jeton(requests.get(formulaire, auth=prof, timeout=60).text)
        donnees = {**champs, "_authenticator": token, "cle": cle, **({"hors_moyenne": "on"} if hors_moyenne else {})}
        cree = requests.post(formulaire, data=donnees, auth=prof, timeout=60, allow_redirects=False)
        assert cree.status_code == 302, cree.text[:300]
        urls.append(cree.headers["Location"])
    transaction.begin()
    assert [objet(functional_demo, u).compte_dans_moyenne for u in urls] == [False, True]
