"""Hand-ins through the real WSGI server: the teacher's form, dates at the second, file checks,
privacy between students, marking and restitution, the zip in the background, idempotent replays."""

import base64
import io
import re
import zipfile
from datetime import datetime, timedelta, timezone
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import requests
import transaction
from plone import api
from zope.component import getGlobalSiteManager
from zope.interface import implementer

from cartable.annuaire.stockage import lire_annuaire
from cartable.core import horloge, tasks
from cartable.pedagogie.agenda.index import id_travail_devoir
from cartable.pedagogie.content.devoir import instant
from cartable.pedagogie.devoirs import remises
from cartable.pedagogie.devoirs.cloture import clore_les_devoirs_echus
from cartable.pedagogie.devoirs.interfaces import IEnvoiNote
from cartable.regles.agenda import Remise
from cartable.testing import donner_le_mot_de_passe
from tests.integration.requetes import PASSWORD, auth, client

JSON = {"Accept": "application/json"}
PARIS = "Europe/Paris"
PDF = b"%PDF-1.4\n" + b"0" * 200
MZ = b"MZ\x90\x00" + b"\x00" * 200  # an executable, whatever its name says


def utc(annee, mois, jour, heure, minute=0, seconde=0):
    return datetime(annee, mois, jour, heure, minute, seconde, tzinfo=timezone.utc)


# the fixture's Devoir: opens 2026-11-01 08:00, due 2026-12-01 18:00 Paris (17:00 UTC), no cut-off
ECHEANCE = utc(2026, 12, 1, 17)
AVANT = utc(2026, 11, 16, 9, 30)


class _Heure(dict):
    """``heure["maintenant"] = instant`` sets the one clock (read by the services and the workflow guard)."""

    def __setitem__(self, cle, valeur):
        super().__setitem__(cle, valeur)
        horloge.figer(valeur)


@pytest.fixture
def horloge_():
    heure = _Heure()
    heure["maintenant"] = AVANT
    return heure


def b64(octets):
    return base64.b64encode(octets).decode()


def rendu_post(site, qui, body, key=None, devoir=None):
    headers = {**JSON, **({"Idempotency-Key": key} if key else {})}
    return requests.post(f"{devoir or site['paths']['devoir']}/@rendu", json=body, headers=headers, auth=qui, timeout=60)


def rendu_get(site, qui, devoir=None):
    return requests.get(f"{devoir or site['paths']['devoir']}/@rendu", headers=JSON, auth=qui, timeout=60)


def correction(site, qui, body, key=None, devoir=None):
    headers = {**JSON, **({"Idempotency-Key": key} if key else {})}
    return requests.post(f"{devoir or site['paths']['devoir']}/@correction", json=body, headers=headers, auth=qui, timeout=60)


def tableau(site, qui, devoir=None):
    return requests.get(f"{devoir or site['paths']['devoir']}/@correction", headers=JSON, auth=qui, timeout=60)


def objet(functional_demo, url):
    transaction.begin()
    portal = functional_demo["portal"]
    chemin = url.split("/plone/", 1)[1]
    return portal.unrestrictedTraverse(chemin)


def remise_indexee(functional_demo, url, eleve):
    """The student's Remise in the agenda index after the request's commit: the Rendu's own state and dates."""
    devoir = objet(functional_demo, url)
    index = remises.index_du_devoir(devoir)
    du_eleve = index.remises.get(eleve)
    remise = du_eleve.get(id_travail_devoir(devoir)) if du_eleve is not None else None
    assert remise == remises.remise_de(devoir, eleve)
    # and the Devoir's copies to mark (Mon bureau's « Copies à corriger »): its Rendus « remis », counted
    remis = [r for r in devoir.objectValues() if api.content.get_state(r, default=None) == "remis"]
    assert index.copies_a_corriger(id_travail_devoir(devoir)) == len(remis)
    return remise


def autres_eleves(functional_demo, site, nombre=2):
    """Other students of 3A with a password: [(directory id, (login, password), « NOM Prénom »)]."""
    transaction.begin()
    portal = functional_demo["portal"]
    annuaire = lire_annuaire(portal)
    espace = objet(functional_demo, site["paths"]["espace"])
    structure = espace.structure()
    ids = sorted(i for i in annuaire.eleves(structure, "3A") if i != site["paths"]["eleve"])[:nombre]
    resultat = []
    for ident in ids:
        personne = annuaire.personne(ident)
        donner_le_mot_de_passe(personne)
        resultat.append((ident, (personne.login, PASSWORD), f"{personne.nom.upper()} {personne.prenom}"))
    transaction.commit()
    return resultat


def nouveau_devoir(functional_demo, site, ident, **champs):
    """A published Devoir in the teacher's 3A space (committed), its URL on the test server."""
    transaction.begin()
    espace = objet(functional_demo, site["paths"]["espace"])
    with api.env.adopt_roles(["Manager"]):
        devoir = api.content.create(container=espace, type="Devoir", id=ident, title=f"Devoir {ident}",
                                    **{"ouverture": datetime(2026, 11, 1, 8), "echeance": datetime(2026, 12, 1, 18), **champs})
        api.content.transition(obj=devoir, transition="publier")
    transaction.commit()
    return f"{site['paths']['espace']}/{ident}"


def executer(functional_demo, prefixe="cartable.pedagogie.devoirs."):
    huey, resultats = tasks.get_huey(), []
    while (tache := huey.dequeue()) is not None:
        job, nom, chemin, utilisateur, params = tache.args
        if nom.startswith(prefixe):
            record = tasks.read_job(job)
            resultat = tasks.run_with_retries(functional_demo["zodbDB"], chemin, utilisateur, tasks.task_function(nom),
                                              tasks.Progress(huey, record), params)
            resultats.append((job, resultat))
    return resultats


# -- the teacher's form and the Devoir's page ------------------------------------------------


def jeton(page):
    return (re.search(r'name="_authenticator" value="([^"]+)"', page).group(1),
            re.search(r'name="cle" value="([^"]+)"', page).group(1))


def test_teacher_form_refuses_bad_input_then_creates_once_and_publishes(functional_demo, site, horloge_):
    prof = auth(site, "enseignant")
    formulaire = f"{site['paths']['espace']}/@@nouveau-devoir"
    page = requests.get(formulaire, auth=prof, timeout=60)
    assert page.status_code == 200 and "Nouveau devoir" in page.text and "@charge-de-travail" in page.text
    token, cle = jeton(page.text)
    champs = {"_authenticator": token, "cle": cle, "titre": "Rédaction", "consignes": "Racontez <b>vos</b> vacances.",
              "ouverture": "2026-11-16T08:00", "echeance": "2026-11-10T18:00", "fichiers_attendus": "on",
              "types_autorises:list": ["pdf", "texte"], "max_fichiers": "3", "taille_max_mo": "5",
              "duree_minutes": "45", "bareme": "20", "action": "publier"}

    def devoirs_de_l_espace():
        return sorted(o.getId() for o in objet(functional_demo, site["paths"]["espace"]).objectValues() if o.portal_type == "Devoir")

    avant = devoirs_de_l_espace()
    # due date before opening: French message, nothing created
    refus = requests.post(formulaire, data=champs, files={"pieces:list": ("sujet.pdf", PDF, "application/pdf")},
                          auth=prof, timeout=60, allow_redirects=False)
    assert refus.status_code == 400 and "La date de remise précède la date d'ouverture." in refus.text
    # a renamed executable as attachment: refused the same way
    champs["echeance"] = "2026-11-20T18:00"
    refus = requests.post(formulaire, data=champs, files={"pieces:list": ("sujet.pdf", MZ, "application/pdf")},
                          auth=prof, timeout=60, allow_redirects=False)
    assert refus.status_code == 400 and "n'est pas un vrai fichier .pdf" in refus.text
    assert devoirs_de_l_espace() == avant
    # the colleague of another class may not use the form
    assert requests.post(formulaire, data=champs, auth=auth(site, "enseignant_autre"), timeout=60,
                         allow_redirects=False).status_code in (302, 401, 403)
    cree = requests.post(formulaire, data=champs, files={"pieces:list": ("sujet.pdf", PDF, "application/pdf")},
                         auth=prof, timeout=60, allow_redirects=False)
    assert cree.status_code == 302, cree.text[:500]
    url = cree.headers["Location"]
    # the same form sent again (double tap): the first Devoir, no second one
    encore = requests.post(formulaire, data=champs, files={"pieces:list": ("sujet.pdf", PDF, "application/pdf")},
                           auth=prof, timeout=60, allow_redirects=False)
    assert encore.status_code == 302 and encore.headers["Location"] == url
    assert len(devoirs_de_l_espace()) == len(avant) + 1
    devoir = objet(functional_demo, url)
    assert api.content.get_state(devoir) == "publie" and devoir.types_autorises == ["pdf", "texte"]
    # typed as Paris time, kept as the aware instant
    assert instant(devoir.echeance) == datetime(2026, 11, 20, 18, tzinfo=ZoneInfo("Europe/Paris")) and devoir.max_fichiers == 3 and devoir.duree_minutes == 45
    (piece,) = [o for o in devoir.objectValues() if o.portal_type == "File"]
    assert api.content.get_state(piece) == "visible"  # published with its Devoir

    # the student reads it: instructions escaped, attachment, their due date, their hand-in block
    page = client(site, "eleve").page(url)
    assert page.status_code == 200 and "Mon rendu" in page.text and "sujet.pdf" in page.text
    assert "vendredi 20 novembre à 18 h" in page.text and "<b>vos</b>" not in page.text
    assert "Tableau de correction" not in page.text
    # the teacher sees the marking table link and closes it through the page's form
    page = requests.get(url, auth=prof, timeout=60).text
    assert "Tableau de correction" in page and 'value="clore"' in page
    token = re.search(r'name="_authenticator" value="([^"]+)"', page).group(1)
    clos = requests.post(url, data={"_authenticator": token, "transition": "clore"}, auth=prof, timeout=60, allow_redirects=False)
    assert clos.status_code == 302 and api.content.get_state(objet(functional_demo, url)) == "clos"
    reponse = rendu_get(site, auth(site, "eleve"), devoir=url).json()
    assert reponse["peut_remettre"] is False and reponse["message"] == "Ce devoir est clos : il n'accepte plus de rendu."


def test_devoir_page_access_and_draft_hidden(functional_demo, site, horloge_):
    devoir = site["paths"]["devoir"]
    for role in ("eleve", "enseignant", "direction", "cpe", "admin"):
        assert client(site, role).page(devoir).status_code == 200, role
    for role in ("parent", "enseignant_autre", "cpe_autre"):
        page = client(site, role).page(devoir, allow_redirects=False)
        assert page.status_code in (302, 401, 403), role
    assert requests.get(devoir, timeout=60, allow_redirects=False).status_code in (302, 401)
    # a draft: its teacher only
    transaction.begin()
    brouillon = objet(functional_demo, site["paths"]["espace"])
    with api.env.adopt_roles(["Manager"]):
        api.content.create(container=brouillon, type="Devoir", id="brouillon", title="Brouillon",
                           ouverture=datetime(2026, 11, 1, 8), echeance=datetime(2026, 12, 1, 18))
    transaction.commit()
    url = f"{site['paths']['espace']}/brouillon"
    assert client(site, "enseignant").page(url).status_code == 200
    assert client(site, "eleve").page(url, allow_redirects=False).status_code in (302, 401, 403)
    assert rendu_get(site, auth(site, "eleve"), devoir=url).status_code in (401, 403)


# -- dates at the second ----------------------------------------------------------------------


def test_hand_in_at_the_boundaries_of_opening_due_date_cut_off_and_extension(functional_demo, site, horloge_):
    (b_id, b, _), (c_id, c, _) = autres_eleves(functional_demo, site)
    a = auth(site, "eleve")
    # due 2026-12-01 18:00, cut-off 2026-12-03 18:00 (Paris = UTC+1 in December)
    url = nouveau_devoir(functional_demo, site, "bornes", date_limite=datetime(2026, 12, 3, 18))
    copie = {"fichiers": [{"nom": "copie.pdf", "contenu": b64(PDF)}], "remettre": True}
    horloge_["maintenant"] = utc(2026, 11, 1, 7) - timedelta(seconds=1)  # one second before opening
    refus = rendu_post(site, a, copie, devoir=url)
    assert refus.status_code == 409 and refus.json()["error"]["message"].startswith("La remise ouvre le dimanche 1er novembre à 8 h")
    assert rendu_get(site, a, devoir=url).json()["etat"] == "non rendu"  # nothing stored

    horloge_["maintenant"] = ECHEANCE - timedelta(seconds=1)
    remis = rendu_post(site, a, copie, devoir=url).json()
    assert remis["etat"] == "remis" and remis["en_retard"] is False and remis["retard_texte"] is None
    assert remis["remis_le"] == "2026-12-01T17:59:59+01:00" and [f["nom"] for f in remis["fichiers"]] == ["copie.pdf"]
    # handed in: no more change
    assert rendu_post(site, a, {"retirer": ["copie.pdf"]}, devoir=url).status_code == 409

    horloge_["maintenant"] = ECHEANCE + timedelta(seconds=1)
    late = rendu_post(site, b, copie, devoir=url).json()
    assert late["en_retard"] is True and late["retard_texte"] == "en retard de moins d'une minute"

    limite = utc(2026, 12, 3, 17)
    horloge_["maintenant"] = limite  # the cut-off instant itself is accepted (late)
    brouillon = rendu_post(site, c, {"fichiers": [{"nom": "c.pdf", "contenu": b64(PDF)}]}, devoir=url).json()
    assert brouillon["etat"] == "brouillon" and brouillon["peut_remettre"] is True
    horloge_["maintenant"] = limite + timedelta(seconds=1)
    refus = rendu_post(site, c, {"remettre": True}, devoir=url)
    assert refus.status_code == 409 and "La date limite est passée (jeudi 3 décembre à 18 h)" in refus.json()["error"]["message"]
    # the workflow guard holds for any endpoint: plone.restapi's own @workflow refuses too
    direct = requests.post(f"{url}/{c_id}/@workflow/remettre", headers=JSON, auth=c, timeout=60)
    assert direct.status_code >= 400
    assert rendu_get(site, c, devoir=url).json()["etat"] == "brouillon"

    # an extension for C: due on the 5th, no cut-off; C now hands in on time
    prof = auth(site, "enseignant")
    mauvaise = correction(site, prof, {"action": "prolonger", "eleve": c_id, "echeance": "2026-11-30T18:00"}, devoir=url)
    assert mauvaise.status_code == 400 and "ne peut que la reculer" in mauvaise.json()["error"]["message"]
    ok = correction(site, prof, {"action": "prolonger", "eleve": c_id, "echeance": "2026-12-05T18:00", "date_limite": None}, devoir=url)
    assert ok.status_code == 200 and ok.json()["echeance_texte"] == "samedi 5 décembre à 18 h"
    assert remise_indexee(functional_demo, url, c_id) == Remise("brouillon", None, utc(2026, 12, 5, 17))  # Mon bureau's date
    fiche = rendu_get(site, c, devoir=url).json()
    assert fiche["devoir"]["echeance_texte"] == "samedi 5 décembre à 18 h" and fiche["devoir"]["date_limite_texte"] is None
    horloge_["maintenant"] = utc(2026, 12, 5, 17) + timedelta(seconds=1)  # one second after C's own due date
    tard = rendu_post(site, c, {"remettre": True}, devoir=url).json()
    assert tard["etat"] == "remis" and tard["retard_texte"] == "en retard de moins d'une minute"
    assert remise_indexee(functional_demo, url, c_id) == Remise("remis", utc(2026, 12, 5, 17, 0, 1), utc(2026, 12, 5, 17))
    assert [e["action"] for e in objet(functional_demo, f"{url}/{c_id}").journal] == ["prolonger"]
    # B (no extension) may not start again after the cut-off
    assert rendu_post(site, b, copie, devoir=url).status_code == 409

    # the periodic closing: not while C's extension has no cut-off; the fixture's Devoir has none either
    transaction.begin()
    assert clore_les_devoirs_echus(functional_demo["portal"]) == []
    transaction.begin()
    with api.env.adopt_roles(["Manager"]):
        objet(functional_demo, url).prolonger(c_id, datetime(2026, 12, 5, 18), datetime(2026, 12, 6, 18))
    transaction.commit()
    horloge_["maintenant"] = utc(2026, 12, 6, 17)
    transaction.begin()
    assert clore_les_devoirs_echus(functional_demo["portal"]) == []  # C's cut-off instant: still open
    horloge_["maintenant"] = utc(2026, 12, 6, 17, 0, 1)
    transaction.begin()
    (clos,) = clore_les_devoirs_echus(functional_demo["portal"])
    transaction.commit()
    assert clos.endswith("/bornes") and api.content.get_state(objet(functional_demo, url)) == "clos"
    assert api.content.get_state(objet(functional_demo, site["paths"]["devoir"])) == "publie"


# -- files ------------------------------------------------------------------------------------


def test_file_refusals_in_french_and_nothing_stored(functional_demo, site, horloge_):
    a = auth(site, "eleve")
    url = nouveau_devoir(functional_demo, site, "fichiers", taille_max_mo=1, max_fichiers=2, types_autorises=["pdf"])
    un_mo = PDF + b"0" * (1024 * 1024 - len(PDF))
    cas = [
        ([{"nom": "gros.pdf", "contenu": b64(un_mo + b"0")}], "« gros.pdf » pèse 1 Mo : la limite est de 1 Mo par fichier."),
        ([{"nom": "jeu.exe", "contenu": b64(MZ)}], "« jeu.exe » : ce type de fichier n'est pas accepté. Types acceptés : PDF."),
        ([{"nom": "faux.pdf", "contenu": b64(MZ)}], "« faux.pdf » n'est pas un vrai fichier .pdf"),
        ([{"nom": "image.png", "contenu": b64(b"\x89PNG\r\n\x1a\n" + b"0" * 50)}], "ce type de fichier n'est pas accepté"),
        ([{"nom": f"{i}.pdf", "contenu": b64(PDF)} for i in range(3)], "3 fichiers envoyés : ce devoir en accepte 2 au plus."),
        ([{"nom": "x.pdf", "contenu": "pas du base64 !"}], "contenu illisible (base64 attendu)"),
    ]
    for fichiers, message in cas:
        refus = rendu_post(site, a, {"fichiers": fichiers}, devoir=url)
        assert refus.status_code == 400 and message in refus.json()["error"]["message"], (message, refus.text)
    texte = rendu_post(site, a, {"texte": "Ma réponse"}, devoir=url)
    assert texte.status_code == 400 and "n'attend pas de texte en ligne" in texte.json()["error"]["message"]
    vide = rendu_post(site, a, {"remettre": True}, devoir=url)
    assert vide.status_code == 400 and "Le rendu est vide" in vide.json()["error"]["message"]
    assert rendu_get(site, a, devoir=url).json()["etat"] == "non rendu"
    assert site["paths"]["eleve"] not in objet(functional_demo, url).objectIds()  # no Rendu created by a refusal
    # exactly the limit is accepted; a second file then a third is one too many
    ok = rendu_post(site, a, {"fichiers": [{"nom": "C:\\Users\\moi\\juste.pdf", "contenu": b64(un_mo)}]}, devoir=url).json()
    assert [(f["nom"], f["taille"]) for f in ok["fichiers"]] == [("juste.pdf", 1024 * 1024)]
    ok = rendu_post(site, a, {"fichiers": [{"nom": "deux.pdf", "contenu": b64(PDF)}]}, devoir=url).json()
    assert len(ok["fichiers"]) == 2
    trop = rendu_post(site, a, {"fichiers": [{"nom": "trois.pdf", "contenu": b64(PDF)}]}, devoir=url)
    assert trop.status_code == 400 and "3 fichiers envoyés" in trop.json()["error"]["message"]
    # replacing by name and removing keep the count
    ok = rendu_post(site, a, {"fichiers": [{"nom": "deux.pdf", "contenu": b64(PDF + b"v2")}], "retirer": ["juste.pdf"]},
                    devoir=url).json()
    assert [f["nom"] for f in ok["fichiers"]] == ["deux.pdf"] and ok["fichiers"][0]["taille"] == len(PDF) + 2
    assert rendu_post(site, a, {"retirer": ["absent.pdf"]}, devoir=url).status_code == 400


# -- privacy ----------------------------------------------------------------------------------


def test_a_student_never_reads_another_students_hand_in(functional_demo, site, horloge_):
    ((b_id, b, _),) = autres_eleves(functional_demo, site, 1)
    a_id, a = site["paths"]["eleve"], auth(site, "eleve")
    devoir = site["paths"]["devoir"]
    assert rendu_post(site, a, {"fichiers": [{"nom": "secret.pdf", "contenu": b64(PDF)}], "remettre": True}).status_code == 200
    # B reads only their own (« non rendu »), never A's file, A's Rendu page or its JSON
    assert rendu_get(site, b).json()["etat"] == "non rendu" and rendu_get(site, b).json()["fichiers"] == []
    assert requests.get(f"{devoir}/@rendu-fichier", params={"eleve": a_id, "nom": "secret.pdf"}, headers=JSON, auth=b,
                        timeout=60).status_code == 403
    assert requests.get(f"{devoir}/{a_id}", auth=b, timeout=60, allow_redirects=False).status_code in (302, 401, 403)
    assert requests.get(f"{devoir}/{a_id}", headers=JSON, auth=b, timeout=60).status_code in (401, 403)
    assert requests.get(f"{devoir}/{a_id}/@@download/fichiers", auth=b, timeout=60, allow_redirects=False).status_code in (302, 401, 403, 404)
    contenu = requests.get(devoir, headers=JSON, auth=b, timeout=60).json()
    assert a_id not in [item["@id"].rsplit("/", 1)[1] for item in contenu.get("items", [])]
    assert requests.get(f"{devoir}/@correction", headers=JSON, auth=b, timeout=60).status_code == 403
    # A downloads their own file; the teacher and the direction too; the other class's teacher and A's parent not
    for qui in (a, auth(site, "enseignant"), auth(site, "direction")):
        fichier = requests.get(f"{devoir}/@rendu-fichier", params={"eleve": a_id, "nom": "secret.pdf"}, headers=JSON, auth=qui, timeout=60)
        assert fichier.status_code == 200 and fichier.content == PDF
    for role in ("enseignant_autre", "parent", "cpe"):
        assert requests.get(f"{devoir}/@rendu-fichier", params={"eleve": a_id, "nom": "secret.pdf"}, headers=JSON,
                            auth=auth(site, role), timeout=60).status_code in (401, 403), role
    # B's draft is theirs alone: the teacher cannot download it before it is handed in
    rendu_post(site, b, {"fichiers": [{"nom": "brouillon.pdf", "contenu": b64(PDF)}]})
    assert requests.get(f"{devoir}/@rendu-fichier", params={"eleve": b_id, "nom": "brouillon.pdf"}, headers=JSON,
                        auth=auth(site, "enseignant"), timeout=60).status_code == 404


# -- marking ----------------------------------------------------------------------------------


@implementer(IEnvoiNote)
class CarnetDeTest:
    def __init__(self):
        self.recus = []

    def envoyer(self, devoir, rendu, note, bareme):
        self.recus.append((devoir.getId(), rendu.eleve, note, bareme))


def test_marking_restitution_mark_sent_and_visible_only_after(functional_demo, site, horloge_):
    (b_id, b, _), (c_id, c, _) = autres_eleves(functional_demo, site)
    a_id, a, prof = site["paths"]["eleve"], auth(site, "eleve"), auth(site, "enseignant")
    for qui in (a, b):
        assert rendu_post(site, qui, {"fichiers": [{"nom": "copie.pdf", "contenu": b64(PDF)}], "remettre": True}).status_code == 200
    lignes = {l["eleve"]: l for l in tableau(site, prof).json()["lignes"]}
    assert len(lignes) >= 25 and lignes[a_id]["etat"] == "remis" and lignes[a_id]["actions"] == ["rouvrir", "corriger"]
    devoir_url = site["paths"]["devoir"]
    assert remise_indexee(functional_demo, devoir_url, a_id).etat == "remis"
    assert next(l for i, l in lignes.items() if i not in (a_id, b_id))["etat_libelle"] == "Non rendu"
    # the direction reads the table, cannot mark
    assert tableau(site, auth(site, "direction")).json()["modifiable"] is False
    assert correction(site, auth(site, "direction"), {"action": "corriger", "eleve": a_id, "note": "12", "appreciation": "x"}).status_code == 403
    # bad marks refused in French, nothing kept
    for note, message in (("25", "La note doit être comprise entre 0 et 20."), ("douze", "Note illisible")):
        refus = correction(site, prof, {"action": "corriger", "eleve": a_id, "note": note, "appreciation": "Bien."})
        assert refus.status_code == 400 and message in refus.json()["error"]["message"]
    refus = correction(site, prof, {"action": "corriger", "eleve": a_id, "note": "12"})
    assert refus.status_code == 400 and "appréciation" in refus.json()["error"]["message"]
    assert correction(site, prof, {"action": "restituer", "eleve": a_id}).status_code == 409  # not corrected yet

    corriger = {"action": "corriger", "eleve": a_id, "note": "12,5", "appreciation": "Bon travail."}
    premier = correction(site, prof, corriger, key="corr-1")
    rejeu = correction(site, prof, corriger, key="corr-1")
    assert premier.status_code == rejeu.status_code == 200 and premier.json() == rejeu.json()
    assert premier.json()["note"] == "12,5" and premier.json()["etat"] == "corrige"
    assert remise_indexee(functional_demo, devoir_url, a_id).etat == "corrige"
    assert [e["action"] for e in objet(functional_demo, f"{site['paths']['devoir']}/{a_id}").journal] == ["corriger"]
    # corrected but not restituted: the student sees neither mark nor feedback
    fiche = rendu_get(site, a).json()
    assert fiche["etat"] == "corrige" and fiche["note"] is None and fiche["appreciation"] is None
    correction(site, prof, {"action": "corriger", "eleve": b_id, "note": "", "appreciation": "À reprendre."})

    carnet = CarnetDeTest()
    getGlobalSiteManager().registerUtility(carnet, IEnvoiNote, name="test")
    try:
        tout = correction(site, prof, {"action": "restituer_tout"})
    finally:
        getGlobalSiteManager().unregisterUtility(carnet, IEnvoiNote, name="test")
    assert tout.json() == {"restitues": 2}
    assert carnet.recus == [("devoir-matrice", a_id, Decimal("12.5"), 20)]  # B has no mark: nothing sent
    fiche = rendu_get(site, a).json()
    assert fiche["etat"] == "restitue" and fiche["note"] == "12,5" and fiche["appreciation"] == "Bon travail."
    assert remise_indexee(functional_demo, devoir_url, a_id).etat == "restitue"
    assert rendu_get(site, b).json()["note"] is None and rendu_get(site, b).json()["appreciation"] == "À reprendre."
    journal = objet(functional_demo, f"{site['paths']['devoir']}/{a_id}").journal
    prof_id = lire_annuaire(functional_demo["portal"]).par_login(site["logins"]["enseignant"]).id
    assert [(e["action"], e["qui"]) for e in journal] == [("corriger", prof_id), ("restituer", prof_id)]
    assert journal[0]["note"] == "12.5" and journal[0]["appreciation"] == "Bon travail."
    # a restituted copy is final
    assert correction(site, prof, corriger).status_code == 409
    # the teacher reopens a copy handed in: the student may change and hand in again
    rendu_post(site, c, {"fichiers": [{"nom": "v1.pdf", "contenu": b64(PDF)}], "remettre": True})
    assert correction(site, prof, {"action": "rouvrir", "eleve": c_id}).json()["etat"] == "rouvert"
    assert remise_indexee(functional_demo, devoir_url, c_id).etat == "rouvert"
    encore = rendu_post(site, c, {"fichiers": [{"nom": "v2.pdf", "contenu": b64(PDF)}], "remettre": True}).json()
    assert encore["etat"] == "remis" and [f["nom"] for f in encore["fichiers"]] == ["v1.pdf", "v2.pdf"]
    assert remise_indexee(functional_demo, devoir_url, c_id).etat == "remis"


# -- idempotency and the zip -------------------------------------------------------------------


def test_hand_in_replayed_once_and_zip_built_in_background(functional_demo, site, horloge_):
    (b_id, b, nom_b), _ = autres_eleves(functional_demo, site)
    a, prof = auth(site, "eleve"), auth(site, "enseignant")
    url = nouveau_devoir(functional_demo, site, "zip", texte_attendu=True)
    copie = {"fichiers": [{"nom": "copie.pdf", "contenu": b64(PDF)}, {"nom": "copie.PDF", "contenu": b64(PDF + b"2")}],
             "texte": "Ma réponse en ligne.", "remettre": True}
    premier = rendu_post(site, a, copie, key="remise-1", devoir=url)
    rejeu = rendu_post(site, a, copie, key="remise-1", devoir=url)
    assert premier.status_code == rejeu.status_code == 200 and premier.json() == rejeu.json()
    assert len(premier.json()["fichiers"]) == 2
    assert rendu_post(site, a, copie, devoir=url).status_code == 409  # without the key: a new request, refused (handed in)
    rendu_post(site, b, {"texte": "Seulement du texte.", "remettre": True}, devoir=url)

    vide = requests.get(f"{url}/@rendus-zip", headers=JSON, auth=prof, timeout=60)
    assert vide.status_code == 404 and "Aucun zip" in vide.json()["error"]["message"]
    assert client(site, "eleve").post(f"{url}/@rendus-zip").status_code == 403
    lance = requests.post(f"{url}/@rendus-zip", headers={**JSON, "Idempotency-Key": "zip-1"}, auth=prof, timeout=60)
    encore = requests.post(f"{url}/@rendus-zip", headers={**JSON, "Idempotency-Key": "zip-1"}, auth=prof, timeout=60)
    assert lance.status_code == encore.status_code == 202 and lance.json()["job"] == encore.json()["job"]
    ((job, resultat),) = executer(functional_demo)
    assert job == lance.json()["job"] and resultat["rendus"] == 2
    suivi = requests.get(lance.json()["suivi"], headers=JSON, auth=prof, timeout=60).json()
    assert suivi["done"] == suivi["total"] == 2  # (the state is set by huey's runner, not run here)
    archive = requests.get(f"{url}/@rendus-zip", headers=JSON, auth=prof, timeout=60)
    assert archive.status_code == 200 and archive.headers["Content-Type"] == "application/zip"
    noms = zipfile.ZipFile(io.BytesIO(archive.content)).namelist()
    transaction.begin()
    eleve = lire_annuaire(functional_demo["portal"]).personne(site["paths"]["eleve"])
    dossier_a = f"{eleve.nom.upper()} {eleve.prenom}"
    assert sorted(noms) == sorted([f"{dossier_a}/copie.pdf", f"{dossier_a}/copie (2).PDF", f"{dossier_a}/texte en ligne.txt",
                                   f"{nom_b}/texte en ligne.txt"])
    assert zipfile.ZipFile(io.BytesIO(archive.content)).read(f"{nom_b}/texte en ligne.txt").decode() == "Seulement du texte."
    # the direction downloads it too; the other class's teacher does not
    assert client(site, "direction").get(f"{url}/@rendus-zip").status_code == 200
    assert client(site, "enseignant_autre").get(f"{url}/@rendus-zip").status_code in (401, 403)
