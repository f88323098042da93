"""A family's « Absences et retards », declarations by day, half-day or hours, and the CPE's desk in words.

On the demo region over real WSGI (the ``site`` fixture: Monday 16 November 2026, 10:30).
"""

import re
from datetime import datetime

from cartable.core import horloge
from tests.integration.requetes import client

LUNDI = "2026-11-16"
ISO = re.compile(r"\b20\d\d-\d\d-\d\d\b")


def cours_du_lundi(site):
    etab = site["paths"]["etab"]
    items = client(site, "eleve").get(f"{etab}/@emploi-du-temps?du={LUNDI}&au={LUNDI}").json()["items"]
    cours = sorted((i for i in items if not i["annule"]), key=lambda i: i["debut"])
    matin = [c for c in cours if c["debut"] < "12:30"]
    apres_midi = [c for c in cours if c["debut"] >= "12:30"]
    assert matin and apres_midi, "the demo student needs a morning and an afternoon course on Monday"
    return matin, apres_midi


def marquer(site, cle, marque):
    reponse = client(site, "cpe").post(f"{site['paths']['etab']}/@appel/{cle}", {"marques": {site["paths"]["eleve"]: marque}})
    assert reponse.status_code == 200, reponse.text


def evenements(page):
    """{course key: (state code, the line's text)} of the page's events."""
    trouves = {}
    for bloc in re.findall(r'<li class="list-group-item evenement[^"]*"(.*?)</li>', page, re.S):
        cle = re.search(r'data-cle="([^"]+)"', bloc).group(1)
        etat = re.search(r'data-etat="([^"]*)"', bloc)
        trouves[cle] = (etat.group(1) if etat else None, re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", bloc)))
    return trouves


def test_the_parent_justifies_one_morning_absence_with_a_half_day_declaration(site):
    etab, eleve = site["paths"]["etab"], site["paths"]["eleve"]
    matin, apres_midi = cours_du_lundi(site)
    marquer(site, matin[0]["cle"], {"type": "absence"})
    marquer(site, apres_midi[0]["cle"], {"type": "absence"})
    if len(matin) > 1:
        marquer(site, matin[1]["cle"], {"type": "retard", "minutes": 10})
    url = f"{etab}/@@absences-eleve?eleve={eleve}"

    page = client(site, "parent").page(url)
    assert page.status_code == 200
    lignes = evenements(page.text)
    assert lignes[matin[0]["cle"]][0] == "a_justifier" and "à justifier" in lignes[matin[0]["cle"]][1]
    assert "Aujourd'hui — Absence" in lignes[matin[0]["cle"]][1]
    assert lignes[apres_midi[0]["cle"]][0] == "a_justifier"
    if len(matin) > 1:
        assert "Retard de 10 min" in lignes[matin[1]["cle"]][1]
    # « Justifier » opens the declaration form prefilled with that course
    debut, fin = matin[0]["debut"], matin[0]["fin"]
    assert f"@@declarer-absence?eleve={eleve}&amp;du={LUNDI}&amp;au={LUNDI}&amp;de={debut.replace(':', '%3A')}&amp;a={fin.replace(':', '%3A')}" in page.text
    formulaire = client(site, "parent").page(f"{etab}/@@declarer-absence", {"eleve": eleve, "du": LUNDI, "au": LUNDI, "de": debut, "a": fin})
    assert 'id="forme-plage" value="plage" checked' in formulaire.text
    assert re.search(r'<option value="matin" selected', formulaire.text)

    # a half-day: the morning only, said in words; the same key twice declares once
    corps = {"eleve": eleve, "jour": LUNDI, "demi_journee": "matin", "motif": "MAL"}
    declaree = client(site, "parent").post(f"{etab}/@declarations", corps, cle="cle-matin")
    assert declaree.status_code == 201, declaree.text
    assert declaree.json()["periode"] == "le lundi 16 novembre, matin"
    assert client(site, "parent").post(f"{etab}/@declarations", corps, cle="cle-matin").json()["id"] == declaree.json()["id"]
    assert len(client(site, "parent").get(f"{etab}/@declarations?eleve={eleve}").json()["items"]) == 1
    lignes = evenements(client(site, "parent").page(url).text)
    assert lignes[matin[0]["cle"]][0] == "declaree" and lignes[apres_midi[0]["cle"]][0] == "a_justifier"

    # the CPE reads names and words, never logins or ISO dates
    a_traiter = client(site, "cpe").get(f"{etab}/@declarations?statut=a_traiter").json()["items"]
    assert [d["periode"] for d in a_traiter] == ["le lundi 16 novembre, matin"]
    assert a_traiter[0]["declaree_par_nom"] and a_traiter[0]["declaree_par_nom"] != site["logins"]["parent"]
    acceptee = client(site, "cpe").post(f"{etab}/@declarations/{declaree.json()['id']}", {"decision": "accepter"}, cle="cle-decision")
    assert acceptee.status_code == 200 and acceptee.json()["traitee_par_nom"]

    page = client(site, "parent").page(url).text
    lignes = evenements(page)
    assert lignes[matin[0]["cle"]][0] == "justifiee" and "justifiée" in lignes[matin[0]["cle"]][1]
    assert lignes[apres_midi[0]["cle"]][0] == "a_justifier"  # the afternoon is not in the morning's declaration
    assert "Le lundi 16 novembre, matin" in page and "acceptée" in page
    bilan = re.search(r'<p id="bilan">(.*?)</p>', page, re.S).group(1)
    assert re.search(r"Cette année : \d+ demi-journées? d'absence \(\d+ justifiées?, \d+ non justifiées?\)", re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", bilan))), bilan
    assert not ISO.search(re.sub(r'(href|src|data-[a-z]+)="[^"]*"', "", page))

    # the student reads the same page (without « Justifier »: the family declares)
    eleve_page = client(site, "eleve").page(f"{etab}/@@absences-eleve")
    assert eleve_page.status_code == 200 and evenements(eleve_page.text)[matin[0]["cle"]][0] == "justifiee"
    assert "@@declarer-absence" not in eleve_page.text


def test_a_time_range_justifies_only_the_courses_inside_it(site):
    etab, eleve = site["paths"]["etab"], site["paths"]["eleve"]
    matin, apres_midi = cours_du_lundi(site)
    premier, dernier = matin[0], apres_midi[-1]
    marquer(site, premier["cle"], {"type": "absence"})
    marquer(site, dernier["cle"], {"type": "absence"})
    corps = {"eleve": eleve, "jour": LUNDI, "de": premier["debut"], "a": premier["fin"], "motif": "RDV"}
    declaree = client(site, "parent").post(f"{etab}/@declarations", corps).json()
    assert declaree["periode"].startswith("le lundi 16 novembre, de ") and " h" in declaree["periode"]
    client(site, "cpe").post(f"{etab}/@declarations/{declaree['id']}", {"decision": "accepter"})
    absences = client(site, "parent").get(f"{etab}/@absences?eleve={eleve}&du={LUNDI}&au={LUNDI}").json()["evenements"]
    motifs = {e["cle"]: (e["motif"] or {}).get("code") for e in absences}
    assert motifs[premier["cle"]] == "RDV" and motifs[dernier["cle"]] is None
    refus = client(site, "parent").post(f"{etab}/@declarations", {**corps, "de": "10:00", "a": "08:00"})
    assert refus.status_code == 400 and "fin" in refus.json()["error"]["message"]


def test_whole_days_are_said_in_words_on_the_confirmation(site):
    etab, eleve = site["paths"]["etab"], site["paths"]["eleve"]
    corps = {"eleve": eleve, "du": "2026-12-03", "au": "2026-12-04", "motif": "FAM"}
    assert client(site, "parent").post(f"{etab}/@declarations", corps).json()["periode"] == "du jeudi 3 au vendredi 4 décembre"


def test_the_desk_lists_todays_absent_and_late_students_by_name(site):
    etab = site["paths"]["etab"]
    matin, _ = cours_du_lundi(site)
    marquer(site, matin[0]["cle"], {"type": "absence"})
    page = client(site, "cpe").page(f"{etab}/@@vie-scolaire").text
    nom, prenom = site["secret"]
    liste = page.split('id="absents-du-jour"', 1)[1].split("</ul>", 1)[0]
    assert f"{prenom} {nom}" in liste or f"{nom} {prenom}" in liste
    assert site["logins"]["eleve"] not in liste and not ISO.search(re.sub(r'href="[^"]*"', "", liste))


def test_the_suivi_says_states_and_names_in_words(site):
    etab, eleve = site["paths"]["etab"], site["paths"]["eleve"]
    matin, _ = cours_du_lundi(site)
    marquer(site, matin[0]["cle"], {"type": "absence"})
    declaree = client(site, "parent").post(f"{etab}/@declarations", {"eleve": eleve, "jour": LUNDI, "demi_journee": "matin", "motif": "MAL"}).json()
    client(site, "cpe").post(f"{etab}/@declarations/{declaree['id']}", {"decision": "accepter"})
    page = client(site, "cpe").page(f"{etab}/@@suivi-eleve?eleve={eleve}").text
    assert "Le lundi 16 novembre, matin — acceptée (déclarée par " in page
    assert "acceptee" not in page.replace('data-genre="', "")
    assert site["logins"]["parent"] not in page and site["logins"]["cpe"] not in page


def test_mon_bureau_leads_the_family_to_the_page(site):
    bureau = client(site, "parent").get(f"{site['url']}/@bureau").json()
    liens = [l for b in bureau["blocs"] for l in b.get("liens", [])] + bureau.get("menu", [])
    assert any(l["texte"].startswith("Absences et retards") and "@@absences-eleve?eleve=" in l["lien"] for l in liens), liens
    assert horloge.maintenant() == datetime(2026, 11, 16, 10, 30)


def test_a_parent_of_children_in_two_establishments_reaches_each_page(integration_demo):
    from urllib.parse import parse_qsl, urlsplit

    from plone.app.testing import login
    from zope.component import getMultiAdapter
    from zope.interface import alsoProvides

    from cartable.annuaire.lecteur import Lecteur
    from cartable.annuaire.stockage import lire_annuaire
    from cartable.viescolaire.bureau import Famille
    from cartable.viescolaire.interfaces import ICartableViescolaireLayer

    portal, request = integration_demo["portal"], integration_demo["request"]
    alsoProvides(request, ICartableViescolaireLayer)
    annuaire = lire_annuaire(portal)
    parent = annuaire.personne(integration_demo["cartable_demo"]["region"]["personas"]["parent_deux_etablissements"])
    login(portal, parent.login)
    cartes = [b for b in Famille().blocs(portal, Lecteur(portal)) if b["titre"] == "Vie scolaire"]
    liens = [l["lien"] for b in cartes for l in b["liens"] if l["texte"] == "Absences et retards"]
    assert len(liens) == 2 and len(set(liens)) == 2
    vus = set()
    for adresse in liens:
        morceaux = urlsplit(adresse)
        chemin, vue = morceaux.path.split("/@@")
        etablissement = portal.unrestrictedTraverse(chemin[len(urlsplit(portal.absolute_url()).path):].lstrip("/"))
        request.form.clear()
        request.form.update(dict(parse_qsl(morceaux.query)))
        page = getMultiAdapter((etablissement, request), name=vue)
        page.index = lambda *a, **k: "ok"
        assert page() == "ok"
        donnees = page.update()
        assert donnees["eleve"].id in annuaire.enfants_de(parent.id)
        assert [a["lien"] for a in donnees["autres"]] == liens  # each page leads to the other one
        assert [a["actuel"] for a in donnees["autres"]].count(True) == 1
        vus.add((donnees["eleve"].id, etablissement.jointure))
    assert len(vus) == 2
