"""@@conseil-de-classe: who opens it, what it offers, and what its script relies on in POST @conseil."""

import re

import pytest
import requests
import transaction

from cartable.annuaire.stockage import lire_annuaire
from cartable.notes.conseil import MENTIONS
from cartable.notes.stockage import lire_carnet
from cartable.testing import donner_le_mot_de_passe
from tests.integration.requetes import PASSWORD, Client


@pytest.fixture
def principal(functional_demo, site, region):
    """The professeur principal of 3A, with a password (the access matrix has no such persona)."""
    annuaire = lire_annuaire(functional_demo["portal"])
    personne = annuaire.personne(region["personas"]["professeur_principal"])
    donner_le_mot_de_passe(personne)
    transaction.commit()
    return personne.login


def etablissement(functional_demo, site):
    transaction.begin()
    return functional_demo["portal"][site["paths"]["etab"].rsplit("/", 1)[1]]


def en_tant_que(site, login, timeout=60):
    """A client for a login (the professeur principal has no role in ``site["logins"]``), None: anonymous."""
    return Client(site["url"], None if login is None else (login, PASSWORD), timeout)


def page(site, login, query="?division=3A&periode=T1"):
    return en_tant_que(site, login).page(f"{site['paths']['etab']}/@@conseil-de-classe{query}", allow_redirects=False)


def conseil(site, login, method="GET", body=None, **params):
    return en_tant_que(site, login, timeout=120).request(method, f"{site['paths']['etab']}/@conseil", body, params=params)


def options(html, select_id):
    bloc = re.search(rf'<select[^>]*id="{select_id}"[^>]*>(.*?)</select>', html, re.S).group(1)
    return re.findall(r'<option[^>]*value="([^"]*)"', bloc)


def test_direction_gets_every_class_every_period_and_the_editable_screen(functional_demo, site):
    html = page(site, site["logins"]["direction"]).text
    etab = etablissement(functional_demo, site)
    classes = lire_annuaire(functional_demo["portal"]).divisions_de(etab.jointure, "classe")
    assert len(classes) > 1 and options(html, "choix-classe") == sorted(classes)
    assert options(html, "choix-periode") == ["T1", "T2", "T3"] and re.search(r'<option[^>]*selected[^>]*value="T1"|value="T1"[^>]*selected', html)
    assert 'data-division="3A"' in html and 'data-periode="T1"' in html and 'data-direction="1"' in html
    assert options(html, "modele-mention") == ["", *MENTIONS]  # the select offers exactly what @conseil accepts
    assert 'id="date-conseil"' in html and 'id="reconnexion"' in html and 'id="etat-global"' in html
    assert "conseil_de_classe.js" in html and "conseil_de_classe.css" in html and "Conseil de classe" in html
    assert re.search(r"<script>\s*\S", html) is None  # no inline code: the theme would break it


def test_the_script_and_the_print_stylesheet_are_served(site):
    base = f"{site['url']}/++resource++cartable.notes"
    script = requests.get(f"{base}/conseil_de_classe.js", timeout=60)
    feuille = requests.get(f"{base}/conseil_de_classe.css", timeout=60)
    assert script.status_code == 200 and "localStorage" in script.text and "/@conseil" in script.text
    assert feuille.status_code == 200 and "@media print" in feuille.text


def test_principal_gets_their_own_class_only_and_may_write_the_general_appreciation(functional_demo, site, principal):
    etab = etablissement(functional_demo, site)
    personne = lire_annuaire(functional_demo["portal"]).par_login(principal)
    siennes = sorted(c for s, c in personne.classes_principal if s == etab.jointure)
    assert "3A" in siennes
    html = page(site, principal, "").text  # no class asked for: their only class is opened
    assert options(html, "choix-classe") == siennes and 'data-direction=""' in html
    if len(siennes) == 1:
        assert 'data-division="3A"' in html
    eleve = site["paths"]["eleve"]
    ecrit = conseil(site, principal, "POST", {"division": "3A", "periode": "T1",
                                              "appreciations_generales": [{"eleve": eleve, "texte": "Trimestre sérieux."}]})
    assert ecrit.status_code == 200
    ligne = next(e for e in conseil(site, principal, division="3A", periode="T1").json()["eleves"] if e["id"] == eleve)
    assert ligne["appreciation_generale"] == "Trimestre sérieux."
    refus = conseil(site, principal, "POST", {"division": "3A", "periode": "T1", "decisions": [{"eleve": eleve, "mention": "compliments"}]})
    assert refus.status_code == 403 and "direction" in refus.json()["error"]["message"]


@pytest.mark.parametrize("role", ["anonyme", "enseignant", "enseignant_autre", "cpe", "parent", "eleve"])
def test_others_are_refused_without_a_name(site, role):
    reponse = page(site, None if role == "anonyme" else site["logins"][role])
    refuse = reponse.status_code in (401, 403) or (reponse.status_code == 302 and ("login" in reponse.headers["Location"]
                                                                                    or "insufficient" in reponse.headers["Location"]))
    nom, prenom = site["secret"]
    assert refuse and f"{prenom} {nom}" not in reponse.text


def journaux(carnet, eleve):
    """The journal lines of the council date, the student's decision and general appreciation (T1, 3A)."""
    return ([v for k, v in carnet.journal.items() if k[0] == "conseil" and k[1] == ("T1", "3A")],
            list(carnet.decisions[("T1", eleve)].journal.values()),
            list(carnet.appreciations_generales[("T1", eleve)].journal.values()))


def test_a_replayed_batch_changes_nothing_and_an_expired_session_is_told_by_401(functional_demo, site):
    """What conseil_de_classe.js relies on: sending a batch again writes nothing more (no idempotency key
    needed), a refused batch writes nothing, and an anonymous request (cookie gone) is a 401."""
    eleve, direction = site["paths"]["eleve"], site["logins"]["direction"]
    lot = {"division": "3A", "periode": "T1", "date": "2026-12-08",
           "decisions": [{"eleve": eleve, "avis": "Très bon trimestre.", "mention": "felicitations"}],
           "appreciations_generales": [{"eleve": eleve, "texte": "Élève moteur de la classe."}]}
    assert conseil(site, direction, "POST", lot).status_code == 200
    journal = journaux(lire_carnet(etablissement(functional_demo, site)), eleve)
    assert all(journal)  # the council date in the carnet's journal, the others with their fiche
    assert conseil(site, direction, "POST", lot).status_code == 200  # the answer was lost: the page sends it again
    assert journaux(lire_carnet(etablissement(functional_demo, site)), eleve) == journal
    mauvais = {**lot, "date": "", "decisions": [{"eleve": eleve, "avis": "", "mention": "bravo"}]}
    refus = conseil(site, direction, "POST", mauvais)
    assert refus.status_code == 400 and "Mention attendue" in refus.json()["error"]["message"]
    ecran = conseil(site, direction, division="3A", periode="T1").json()
    ligne = next(e for e in ecran["eleves"] if e["id"] == eleve)
    assert (ecran["date"], ligne["mention"], ligne["avis"]) == ("2026-12-08", "felicitations", "Très bon trimestre.")
    assert conseil(site, None, "POST", lot).status_code == 401


def test_a_principal_of_another_class_opens_theirs_but_not_3A(functional_demo, site):
    etab = etablissement(functional_demo, site)
    enseignant = lire_annuaire(functional_demo["portal"]).par_login(site["logins"]["enseignant"])
    siennes = sorted(c for s, c in enseignant.classes_principal if s == etab.jointure)
    assert siennes and "3A" not in siennes  # the demo's 3A teacher is principal of another class
    assert options(page(site, site["logins"]["enseignant"], "").text, "choix-classe") == siennes
    assert page(site, site["logins"]["enseignant"], f"?division={siennes[0]}&periode=T1").status_code == 200
    assert page(site, site["logins"]["enseignant"]).status_code != 200  # 3A: not theirs


def test_a_save_still_in_conflict_after_zope_retries_is_a_503_in_french_and_writes_nothing(functional_demo, site,
                                                                                           monkeypatch):
    """Two people on one fiche at the same instant on every retry: the page's outbox is told to send again."""
    from ZODB.POSException import ConflictError

    from cartable.notes import conseil as module_conseil

    essais, vraie = [], module_conseil.enregistrer

    def en_conflit(carnet, *args):
        vraie(carnet, *args)  # written, then refused at the commit as a conflict would be
        essais.append(1)
        raise ConflictError("deux saisies de la même fiche")

    monkeypatch.setattr(module_conseil, "enregistrer", en_conflit)
    eleve, direction = site["paths"]["eleve"], site["logins"]["direction"]
    lot = {"division": "3A", "periode": "T1", "appreciations_generales": [{"eleve": eleve, "texte": "Jamais écrite."}]}
    reponse = conseil(site, direction, "POST", lot)
    assert reponse.status_code == 503 and reponse.headers["Retry-After"].isdigit() and len(essais) == 4  # Zope retried 3 times
    assert "Rien n'a été enregistré" in reponse.json()["error"]["message"]
    carnet = lire_carnet(etablissement(functional_demo, site))
    assert (carnet.appreciations_generales.get(("T1", eleve)) or {}).get("texte") != "Jamais écrite."
    monkeypatch.undo()
    assert conseil(site, direction, "POST", lot).status_code == 200  # sent again: written
