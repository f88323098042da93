"""@@gestion-emploi-du-temps: the direction's timetable page (import, week, occurrences, slots, closures, journal)."""

import html
import json
import re

import requests
import transaction

from cartable.annuaire.stockage import lire_annuaire
from cartable.viescolaire.stockage import lire_vie_scolaire
from tests.integration.requetes import client

JSON = {"Accept": "application/json"}


def page(site, role, query=""):
    return client(site, role).page(f"{site['paths']['etab']}/@@gestion-emploi-du-temps{query}", allow_redirects=False)


def donnee(texte, nom):
    """The JSON carried by the data-<nom> attribute of the page's root."""
    return json.loads(html.unescape(re.search(rf'data-{nom}="([^"]*)"', texte).group(1)))


def vie_scolaire(functional_demo, site):
    transaction.begin()
    return lire_vie_scolaire(functional_demo["portal"][site["paths"]["etab"].rsplit("/", 1)[1]])


def test_the_direction_gets_the_page_with_the_slots_of_the_class(functional_demo, site):
    reponse = page(site, "direction", "?division=3A")
    assert reponse.status_code == 200
    texte = reponse.text
    for repere in ('id="import-fichier"', 'id="import-simuler"', 'id="import-confirmer"', 'id="semaine-jours"', 'id="form-annuler"',
                   'id="form-deplacer"', 'id="form-salle"', 'id="form-remplacer"', 'id="form-retablir"', 'id="form-creneau"',
                   'id="form-fermeture"', 'id="journal-liste"', 'id="confirmation"', "gestion_edt.js", "Gestion de l'emploi du temps"):
        assert repere in texte, repere
    assert "<script>" not in texte.split('id="gestion-edt"')[1]  # no inline code: it breaks the theme
    assert 'data-sujet="division=3A"' in texte and '<option value="3A" selected="selected">3A</option>' in texte
    vs = vie_scolaire(functional_demo, site)
    attendus = sorted(c.id for c in vs.creneaux.values() if c.division[1] == "3A")
    creneaux = donnee(texte, "creneaux")
    assert attendus and sorted(c["id"] for c in creneaux) == attendus
    cours = vs.creneaux[site["paths"]["cours"].split("@", 1)[1]]
    (le_cours,) = [c for c in creneaux if c["id"] == cours.id]
    assert le_cours["enseignants"] == list(cours.enseignants) and le_cours["salle"] == cours.salle  # ids, to prefill the slot form
    assert [{k: f[k] for k in ("du", "au", "libelle")} for f in donnee(texte, "fermetures")] == \
        [{"du": f.du.isoformat(), "au": f.au.isoformat(), "libelle": f.libelle} for f in vs.calendrier.fermetures]
    assert all(f["texte"].startswith(("du ", "le ")) for f in donnee(texte, "fermetures"))  # said in words on the page


def test_the_week_of_a_teacher_or_a_room_and_no_subject(functional_demo, site, region):
    vs = vie_scolaire(functional_demo, site)
    enseignant = region["personas"]["enseignant"]
    du_prof = donnee(page(site, "direction", f"?enseignant={enseignant}").text, "creneaux")
    assert du_prof and sorted(c["id"] for c in du_prof) == sorted(c.id for c in vs.creneaux.values() if enseignant in c.enseignants)
    salle = vs.creneaux[site["paths"]["cours"].split("@", 1)[1]].salle
    de_la_salle = donnee(page(site, "admin", f"?salle={salle}").text, "creneaux")
    assert de_la_salle and {c["salle"] for c in de_la_salle} == {salle}
    sans = page(site, "direction")
    assert sans.status_code == 200 and donnee(sans.text, "creneaux") == [] and 'data-sujet=""' in sans.text


def test_cpe_teachers_families_and_anonymous_are_refused(site):
    for role in ("cpe", "cpe_autre", "enseignant", "parent", "eleve", "anonyme"):
        reponse = page(site, role, "?division=3A")
        assert reponse.status_code in (302, 401, 403), role
        assert "data-creneaux" not in reponse.text and "import-fichier" not in reponse.text, role


def test_the_desk_links_the_page_for_the_direction_only(site):
    bureau = f"{site['paths']['etab']}/@@vie-scolaire"
    direction = client(site, "direction").page(bureau)
    cpe = client(site, "cpe").page(bureau)
    assert direction.status_code == cpe.status_code == 200
    assert 'id="lien-gestion-edt"' in direction.text and "@@gestion-emploi-du-temps" in direction.text
    assert 'id="lien-gestion-edt"' not in cpe.text and "gestion-emploi-du-temps" not in cpe.text


def test_the_page_shows_what_the_services_wrote_and_never_writes(functional_demo, site):
    ajout = client(site, "direction").post(f"{site['paths']['etab']}/@emploi-du-temps-modifier", {"action": "ajouter_fermeture", "du": "2027-02-01", "au": "2027-02-02", "libelle": "Formation des équipes"})
    assert ajout.status_code == 200, ajout.text
    page(site, "direction")  # the first page of a fresh test site writes Plone's own first-render state: measure after it
    transaction.begin()
    derniere = functional_demo["zodbDB"].lastTransaction()
    texte = page(site, "direction", "?division=3A").text
    assert {"du": "2027-02-01", "au": "2027-02-02", "libelle": "Formation des équipes",
            "texte": "du lundi 1er au mardi 2 février 2027"} in donnee(texte, "fermetures")
    transaction.begin()
    assert functional_demo["zodbDB"].lastTransaction() == derniere  # a GET never commits
    assert len(vie_scolaire(functional_demo, site).journal_edt) == 1


def test_the_script_is_served(site):
    script = requests.get(f"{site['url']}/++resource++cartable.viescolaire/gestion_edt.js", timeout=60)
    assert script.status_code == 200 and "@emploi-du-temps-modifier" in script.text and "@emploi-du-temps-import" in script.text


def test_the_editor_picks_by_name_and_describes_each_course_in_words(functional_demo, site, region):
    texte = page(site, "direction", "?division=3A&du=2026-11-16").text
    for code_a_taper in ("Code matière", "identifiants séparés", "(3a-0-0800)"):
        assert code_a_taper not in texte
    enseignant = region["personas"]["enseignant"]
    transaction.begin()
    nom = lire_annuaire(functional_demo["portal"]).personne(enseignant).nom_complet
    assert re.search(rf'<option value="{enseignant}">{nom}</option>', texte)  # a teacher is chosen by name
    matieres = re.search(r'<select class="form-select" id="creneau-matiere".*?</select>', texte, re.S).group(0)
    assert f'value="{site["paths"]["matiere"]}"' in matieres
    libelle = re.search(rf'value="{site["paths"]["matiere"]}">([^<]+)<', matieres).group(1)
    assert not libelle.isdigit() and libelle != site["paths"]["matiere"]
    assert re.search(r'<select class="form-select" id="choix-salle"', texte) and 'id="remplacant-id"' in texte
    # the week is the grid; each course opens its form, described in words
    bouton = re.search(rf'<button type="button" class="edt-ouvrir[^>]*data-cours="{re.escape(site["paths"]["cours"])}"[^>]*>', texte).group(0)
    description = html.unescape(re.search(r'data-description="([^"]+)"', bouton).group(1))
    assert re.fullmatch(r"Le cours de .+ de la 3A du lundi 16 novembre à \d+ h( \d\d)?", description), description
    assert 'id="deplacer-date"' in texte and "vendredi 4 décembre" in texte and "samedi 21 novembre" in texte  # days in words


def test_the_journal_says_each_change_in_a_sentence(site):
    direction = client(site, "direction")
    etab = site["paths"]["etab"]
    cle = site["paths"]["cours"]
    assert direction.post(f"{etab}/@emploi-du-temps-modifier",
                          {"action": "deplacer", "cle": cle, "date": "2026-11-21", "debut": "10:00", "fin": "11:00"}).ok
    assert direction.post(f"{etab}/@emploi-du-temps-modifier", {"action": "annuler", "cle": cle, "motif": "Sortie pédagogique"}).ok
    items = client(site, "cpe").get(f"{etab}/@emploi-du-temps-journal").json()["items"]
    deplace, annule = items
    assert re.fullmatch(r"Le cours de .+ de la 3A du lundi 16 novembre à \d+ h( \d\d)? a été déplacé au samedi 21 novembre à 10 h "
                        r"par Stéphane Lemoine\.", deplace["phrase"]), deplace["phrase"]
    assert annule["phrase"].endswith("a été annulé (motif : Sortie pédagogique) par Stéphane Lemoine.")
    assert deplace["quand_mots"] == "aujourd'hui à 10 h 30" and deplace["qui"] == "stephane.lemoine"
