"""The course space's page as its members use it (issue 15), through the real WSGI server.

The teacher's 3A space of the demo gets a séquence, documents in each state, a draft Devoir and a Devoir
handed in by two students (one draft left); then each role opens the space: what it shows and what it
never shows (another student's hand-in, a private item, Dexterity's raw field labels, a code, a login).
"""

from datetime import datetime

import pytest
import transaction
from plone import api

from cartable.annuaire.stockage import lire_annuaire
from cartable.core import horloge
from cartable.testing import donner_le_mot_de_passe
from tests.integration.requetes import PASSWORD, client
from tests.integration.test_pages_en_mots import ISO, visible

# the labels of Dexterity's raw view of the pedagogy types: never shown to a non-editor
LIBELLES_BRUTS = ("Code matière", "Genre", "Animateurs (identifiants", "Membres (identifiants", "Espace libre (club",
                  "Classe ou groupe")
DEVOIR = "devoir-espace-page"
BROUILLON = "devoir-espace-brouillon"


def objet(functional_demo, url):
    transaction.begin()
    return functional_demo["portal"].unrestrictedTraverse(url.split("/plone/", 1)[1])


def avec_mot_de_passe(functional_demo, ident):
    transaction.begin()
    personne = lire_annuaire(functional_demo["portal"]).personne(ident)
    donner_le_mot_de_passe(personne)
    transaction.commit()
    return personne.login, PASSWORD


@pytest.fixture
def espace(functional_demo, site):
    """The teacher's 3A space with content in every state, and hand-ins (built once for the session's database)."""
    horloge.figer(datetime(2026, 11, 17, 10, 0))
    url = site["paths"]["espace"]
    contenu = objet(functional_demo, url)
    annuaire = lire_annuaire(functional_demo["portal"])
    structure = contenu.structure()
    autres = sorted(i for i in annuaire.eleves(structure, "3A") if i != site["paths"]["eleve"])[:2]
    ailleurs = next(i for (s, d), roster in annuaire.eleves_division.items() if s == structure and d != "3A"
                    for i in roster)
    if DEVOIR not in contenu.objectIds():
        with api.env.adopt_roles(["Manager"]):
            seq = api.content.create(container=contenu, type="Sequence", id="seq-espace", title="Séquence des fractions")
            api.content.transition(obj=seq, transition="rendre_visible")
            cours = api.content.create(container=seq, type="Document", id="cours", title="Cours sur les fractions")
            api.content.transition(obj=cours, transition="rendre_visible")
            api.content.create(container=seq, type="Document", id="prepa", title="Préparation du professeur")
            fiche = api.content.create(container=contenu, type="Document", id="fiche-espace", title="Fiche méthode")
            api.content.transition(obj=fiche, transition="rendre_visible")
            api.content.create(container=contenu, type="Document", id="corrige-prive", title="Corrigé privé")
            api.content.create(container=contenu, type="Devoir", id=BROUILLON, title="Projet pas encore publié",
                               ouverture=datetime(2026, 11, 1, 8), echeance=datetime(2026, 12, 1, 18))
            devoir = api.content.create(container=contenu, type="Devoir", id=DEVOIR, title="Rédaction en ligne",
                                        ouverture=datetime(2026, 11, 1, 8), echeance=datetime(2026, 11, 27, 18),
                                        fichiers_attendus=False, texte_attendu=True)
            api.content.transition(obj=devoir, transition="publier")
        transaction.commit()
        eleves = [("eleve", site["logins"]["eleve"], PASSWORD)] + \
            [(i, *avec_mot_de_passe(functional_demo, i)) for i in autres]
        for rang, (_, login, mot_de_passe) in enumerate(eleves):
            corps = {"texte": f"Ma rédaction numéro {rang}", "remettre": rang < 2}
            reponse = client(site, "eleve").request("POST", f"{url}/{DEVOIR}/@rendu", corps) if rang == 0 else \
                _client(site, login, mot_de_passe).request("POST", f"{url}/{DEVOIR}/@rendu", corps)
            assert reponse.status_code == 200, reponse.text
    return {"url": url, "autres": autres, "ailleurs": ailleurs, "structure": structure}


def _client(site, login, mot_de_passe):
    from tests.integration.requetes import Client

    return Client(site["url"], (login, mot_de_passe))


def nom_de(functional_demo, ident):
    transaction.begin()
    personne = lire_annuaire(functional_demo["portal"]).personne(ident)
    return personne.nom, personne.prenom, personne.login


def lire(site, role, url, **options):
    reponse = client(site, role).page(url, **options)
    return reponse, visible(reponse.text)


def test_the_teacher_gets_the_actions_the_states_and_the_counts(functional_demo, site, espace):
    reponse, texte = lire(site, "enseignant", espace["url"])
    assert reponse.status_code == 200
    for action in ("Nouveau devoir", "Cahier de textes", "Ajouter un document"):
        assert action in texte
    assert f'href="{espace["url"]}/@@nouveau-devoir"' in reponse.text
    assert f'href="{espace["url"]}/@@cahier-de-textes"' in reponse.text
    assert f'href="{espace["url"]}/++add++Document"' in reponse.text
    for titre in ("Séquence des fractions", "Cours sur les fractions", "Préparation du professeur", "Fiche méthode",
                  "Corrigé privé", "Projet pas encore publié", "Rédaction en ligne"):
        assert titre in texte, titre
    assert "Privé (enseignants seulement)" in texte and "Visible des élèves" in texte
    assert "Brouillon (non publié)" in texte and "Publié" in texte
    # two handed in (one still a draft: not counted) out of the class's roster, both to mark
    transaction.begin()
    attendus = len(lire_annuaire(functional_demo["portal"]).eleves(espace["structure"], "3A"))
    assert f"2 remis sur {attendus}, 2 à corriger" in texte
    assert "À rendre pour vendredi 27 novembre" in texte
    # the subject by name, teachers by full name: no code, no login, no ISO date, no raw field label
    code = site["paths"]["matiere"]
    assert code not in texte and site["logins"]["enseignant"] not in texte and not ISO.search(texte)
    transaction.begin()
    enseignant = lire_annuaire(functional_demo["portal"]).personne(
        lire_annuaire(functional_demo["portal"]).par_login(site["logins"]["enseignant"]).id)
    assert enseignant.nom_complet in texte
    assert not [libelle for libelle in LIBELLES_BRUTS if libelle in texte]
    json = client(site, "enseignant").get(f"{espace['url']}/@espace-cours").json()
    ligne = next(d for d in json["devoirs"] if d["titre"] == "Rédaction en ligne")
    assert (ligne["remis"], ligne["a_corriger"], ligne["attendus"]) == (2, 2, attendus)


def test_the_student_sees_the_visible_content_and_only_their_own_hand_ins(functional_demo, site, espace):
    reponse, texte = lire(site, "eleve", espace["url"])
    assert reponse.status_code == 200
    for titre in ("Séquence des fractions", "Cours sur les fractions", "Fiche méthode", "Rédaction en ligne", "Cahier de textes"):
        assert titre in texte, titre
    for cache in ("Préparation du professeur", "Corrigé privé", "Projet pas encore publié", "Nouveau devoir",
                  "Ajouter un document", "remis sur", "Privé"):
        assert cache not in texte, cache
    assert "Mes rendus" in texte and "Remis le mardi 17 novembre à 10 h" in texte
    for autre in espace["autres"]:
        nom, prenom, login = nom_de(functional_demo, autre)
        assert nom not in texte and login not in texte
    assert not [libelle for libelle in LIBELLES_BRUTS if libelle in texte] and not ISO.search(texte)
    json = client(site, "eleve").get(f"{espace['url']}/@espace-cours").json()
    assert [r["etat"] for r in json["mes_rendus"] if r["devoir"] == "Rédaction en ligne"] == ["remis"]


def test_the_parent_reads_what_the_child_sees_without_a_hand_in_button(functional_demo, site, espace):
    reponse, texte = lire(site, "parent", espace["url"])
    assert reponse.status_code == 200
    nom, prenom = site["secret"]
    assert f"Les rendus de {prenom}" in texte and "Remis le mardi 17 novembre à 10 h" in texte
    assert "Fiche méthode" in texte and "Corrigé privé" not in texte and "Projet pas encore publié" not in texte
    for interdit in ("Remettre", "Nouveau devoir", "Mes rendus", "remis sur"):
        assert interdit not in texte, interdit
    # the items are the child's to open (a parent holds no View on them): named, not linked; the cahier is
    assert f'href="{espace["url"]}/{DEVOIR}"' not in reponse.text
    assert f'href="{espace["url"]}/@@cahier-de-textes"' in reponse.text
    assert not ISO.search(texte)


def test_who_opens_the_space_page(functional_demo, site, espace):
    for role in ("eleve", "parent", "parent_autre", "enseignant", "cpe", "direction", "admin"):
        assert client(site, role).page(espace["url"]).status_code == 200, role
    # another 3A family reads the space, never this student's hand-ins
    nom, prenom = site["secret"]
    autre = lire(site, "parent_autre", espace["url"])[1]
    assert prenom not in autre and "Remis le mardi 17 novembre" not in autre
    for role in ("enseignant_autre", "cpe_autre"):
        assert client(site, role).page(espace["url"], allow_redirects=False).status_code in (302, 401, 403), role
    assert client(site, "anonyme").page(espace["url"], allow_redirects=False).status_code in (302, 401)
    # a student of another class of the same school: not a member of this space
    ailleurs = _client(site, *avec_mot_de_passe(functional_demo, espace["ailleurs"]))
    assert ailleurs.page(espace["url"], allow_redirects=False).status_code in (302, 401, 403)
    assert ailleurs.get(f"{espace['url']}/@espace-cours").status_code in (401, 403)
    # the direction reads the counts (it reads the marking table), the CPE does not
    assert "remis sur" in lire(site, "direction", espace["url"])[1]
    assert "remis sur" not in lire(site, "cpe", espace["url"])[1]


def test_no_raw_field_label_on_any_view_a_student_reaches(functional_demo, site, espace):
    url = espace["url"]
    adresses = [url, f"{url}/view", f"{url}/@@view", f"{url}/folder_contents", f"{url}/@@folder_contents",
                f"{url}/base_view", f"{url}/listing_view", f"{url}/summary_view", f"{url}/tabular_view",
                f"{url}/full_view", f"{url}/album_view", f"{url}/@@historyview", f"{url}/seq-espace",
                f"{url}/seq-espace/view", f"{url}/{DEVOIR}", f"{url}/{DEVOIR}/{site['paths']['eleve']}",
                f"{url}/{DEVOIR}/{site['paths']['eleve']}/view", f"{url}/cahier-de-textes"]
    for role in ("eleve", "parent"):
        for adresse in adresses:
            reponse = client(site, role).page(adresse)
            assert reponse.status_code < 500, (role, adresse)
            texte = visible(reponse.text)
            assert not [libelle for libelle in LIBELLES_BRUTS if libelle in texte], (role, adresse)
            assert site["paths"]["matiere"] not in texte, (role, adresse)
    # a hand-in's URL leads to its Devoir's page, a séquence's lists its items
    reponse = client(site, "eleve").page(f"{url}/{DEVOIR}/{site['paths']['eleve']}", allow_redirects=False)
    assert reponse.status_code == 302 and reponse.headers["Location"] == f"{url}/{DEVOIR}"
    texte = lire(site, "eleve", f"{url}/seq-espace")[1]
    assert "Cours sur les fractions" in texte and "Préparation du professeur" not in texte


def test_the_page_writes_nothing(functional_demo, site, espace):
    base = functional_demo["zodbDB"]
    for role in ("enseignant", "eleve", "parent"):  # a person's first request of the test may record a login
        client(site, role).page(f"{site['url']}/@@mon-profil")
    avant = base.lastTransaction()
    for role in ("enseignant", "eleve", "parent"):
        assert client(site, role).page(espace["url"]).status_code == 200
        assert client(site, role).get(f"{espace['url']}/@espace-cours").status_code == 200
    assert base.lastTransaction() == avant


def test_the_class_page_lists_its_course_spaces(functional_demo, site, espace):
    reponse, texte = lire(site, "enseignant", site["paths"]["classe"])
    assert reponse.status_code == 200
    assert "Espaces de cours" in texte
    assert f'href="{espace["url"]}"' in reponse.text
    assert site["paths"]["matiere"] not in texte


def test_the_agenda_says_remis_and_offers_no_hand_in_to_a_parent(functional_demo, site, espace):
    eleve = client(site, "eleve").page(f"{site['url']}/@@agenda")
    assert "Remis le mardi 17 novembre" in visible(eleve.text)
    assert "Voir mon rendu" in eleve.text
    # handed in: done (never « en retard »), its state said instead of a tick
    agenda = client(site, "eleve").get(f"{site['url']}/@agenda").json()
    (item,) = [t for j in agenda["jours"] for t in j["travaux"] if t["titre"] == "À rendre : Rédaction en ligne"]
    assert item["fait"] is True and item["remis_texte"] == "Remis le mardi 17 novembre"
    assert f'value="{item["id"]}"' not in eleve.text  # no tick form for it
    parent = client(site, "parent").page(f"{site['url']}/@@agenda")
    assert parent.status_code == 200
    assert "Rendre le devoir" not in parent.text and "Voir mon rendu" not in parent.text
    assert "Remis le mardi 17 novembre" in visible(parent.text)
