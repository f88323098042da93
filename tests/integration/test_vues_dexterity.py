"""No raw Dexterity view for those who only read (issue 15): every content type of the add-ons, one demo
object each, rendered as each role that may view it without being an editor of it, shows neither a label
of the type's fields, nor an ISO date, nor a login.

- The types: those the add-ons' profiles declare (``src/cartable/*/profiles/default/types/*.xml``) and
  those they let be added inside them (their ``allowed_content_types``: News Item, Document, Event…).
- The object: the demo's, taken first in the access matrix's course space, then in its establishment,
  then anywhere in the region. The test layer's demo region is lean (one course space, one Devoir):
  what it lacks is made here as people make it, and made visible to the space's members (a Sequence,
  a Document, an Event, a Folder, a File, an Image and a Link in the space; a News Item published in
  the establishment; the student's hand-in of the matrix Devoir, through ``@rendu``). A type still
  without an object fails: there would be nothing to check.
- The pages: the object's URL (its default view), ``view``, ``@@view``, every view method of its FTI,
  Plone's display views (listing, summary, tabular, full, album, event listing) and the other pages Plone
  puts under any content (contents, history, sharing, search), those that answer 200 to that role.
- Who: every role of the access matrix but the region's administrator; a role for which the object's
  ``@@edit`` form opens is an editor of it and is skipped (raw fields are the editor's tool).
- The labels: read at test time from the type's schema and its behaviors (``iterSchemata``), in French,
  but title and description (shown as the page's heading and lead, never as labels). A label is found
  when it stands as a whole phrase in the visible text; the rendered widgets of Plone's raw view
  (``formfield-form-widgets-…``) are also refused. ``MEMES_MOTS`` lists the labels a designed page
  may say as ordinary words, and why.
"""

import base64
import re
from pathlib import Path
from xml.etree import ElementTree

import pytest
import transaction
from plone import api
from plone.dexterity.utils import iterSchemata
from zope.i18n import translate

from tests.integration.requetes import client
from tests.integration.test_matrice_acces import ROLES
from tests.integration.test_pages_en_mots import ISO, visible

SRC = Path(__file__).resolve().parents[2] / "src" / "cartable"
VUES = ("", "view", "@@view", "listing_view", "summary_view", "tabular_view", "full_view", "album_view", "event_listing",
        "folder_contents", "@@historyview", "@@contenthistory", "@@history", "@@sharing", "@@search")
CHAMPS_DE_TETE = {"title", "description"}
# (type, field name) → why a designed page may say that label as an ordinary word
MEMES_MOTS = {
    ("Devoir", "ouverture"): "the Devoir's page says « Ouverture » before the opening date in words (devoirs/pages.py)",
    ("Devoir", "echeance"): "the Devoir's page says « À rendre pour le » before the due date in words (devoirs/pages.py)",
    ("Etablissement", "uai"): "the directory page gives its staff the school's official number (UAI) beside its name and town",
}
WIDGETS_BRUTS = re.compile(r'id="formfield-form-widgets-|class="[^"]*\bfield\b[^"]*"[^>]*id="formfield-')


def types_des_modules():
    """Type names: each profile's types/*.xml and what they allow inside them."""
    noms = set()
    for xml in sorted(SRC.glob("*/profiles/default/types/*.xml")):
        racine = ElementTree.parse(xml).getroot()
        noms.add(racine.get("name") or xml.stem)
        for prop in racine.iter("property"):
            if prop.get("name") == "allowed_content_types":
                noms.update(e.get("value") for e in prop.iter("element"))
    return sorted(noms)


TYPES = types_des_modules()


PNG = base64.b64decode("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR4nGNgYGD4DwABBAEAwS2OUAAAAABJRU5ErkJggg==")
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def completer_la_demo(portal, site):
    """What a reader may open but the lean demo lacks, made visible (kept until the test's end only)."""
    from datetime import datetime

    from plone.namedfile.file import NamedBlobFile, NamedBlobImage
    from zope.globalrequest import setRequest

    racine = "/".join(portal.getPhysicalPath())
    espace = portal.unrestrictedTraverse(racine + site["paths"]["espace"][len(site["url"]):])
    etab = portal.unrestrictedTraverse(racine + site["paths"]["etab"][len(site["url"]):])
    setRequest(portal.REQUEST)
    try:
        with api.env.adopt_roles(["Manager"]):
            faits = [
                api.content.create(container=espace, type="Sequence", id="sequence-vues", title="Le roman au XIXe siècle"),
                api.content.create(container=espace, type="Document", id="document-vues", title="Fiche de lecture"),
                api.content.create(container=espace, type="Event", id="sortie-vues", title="Sortie au théâtre",
                                   start=datetime(2026, 11, 20, 14), end=datetime(2026, 11, 20, 17)),
                api.content.create(container=espace, type="Folder", id="dossier-vues", title="Documents du trimestre"),
                api.content.create(container=espace, type="File", id="fichier-vues", title="Sujet",
                                   file=NamedBlobFile(PDF, filename="sujet.pdf", contentType="application/pdf")),
                api.content.create(container=espace, type="Image", id="image-vues", title="Carte",
                                   image=NamedBlobImage(PNG, filename="carte.png", contentType="image/png")),
                api.content.create(container=espace, type="Link", id="lien-vues", title="Dictionnaire",
                                   remoteUrl="https://www.cnrtl.fr/"),
            ]
            for obj in faits:
                if "rendre_visible" in {t["id"] for t in portal.portal_workflow.getTransitionsFor(obj)}:
                    api.content.transition(obj=obj, transition="rendre_visible")
            nouvelle = api.content.create(container=etab, type="News Item", id="nouvelle-vues",
                                          title="Réunion parents-professeurs")
            if "publish" in {t["id"] for t in portal.portal_workflow.getTransitionsFor(nouvelle)}:
                api.content.transition(obj=nouvelle, transition="publish")
        transaction.commit()
    finally:
        setRequest(None)
    copie = {"fichiers": [{"nom": "copie.pdf", "contenu": base64.b64encode(PDF).decode()}], "remettre": True}
    reponse = client(site, "eleve").post(site["paths"]["devoir"] + "/@rendu", copie)
    assert reponse.status_code == 200, reponse.text
    transaction.begin()  # this connection sees what the server committed


def un_objet(portal, site, portal_type):
    catalogue = portal.portal_catalog
    racine = "/".join(portal.getPhysicalPath())
    for cle in ("espace", "etab", None):
        chemin = racine + site["paths"][cle][len(site["url"]):] if cle else racine
        for brain in catalogue.unrestrictedSearchResults(portal_type=portal_type, path=chemin, sort_on="path"):
            return brain._unrestrictedGetObject()
    return None


def libelles(obj):
    """(field name, French label) of the object's schema and behaviors, but its heading fields."""
    vus = {}
    for schema in iterSchemata(obj):
        for nom, champ in schema.namesAndDescriptions(all=True):
            titre = getattr(champ, "title", None)
            if nom in CHAMPS_DE_TETE or not titre or nom in vus:
                continue
            vus[nom] = translate(titre, domain=getattr(titre, "domain", None), target_language="fr").strip()
    return vus


def montre(libelle, texte):
    return re.search(rf"(?<!\w){re.escape(libelle)}(?!\w)", texte) is not None


@pytest.mark.parametrize("portal_type", TYPES)
def test_no_raw_field_for_readers(site, functional_demo, portal_type):
    portal = functional_demo["portal"]
    completer_la_demo(portal, site)
    obj = un_objet(portal, site, portal_type)
    assert obj is not None, f"the demo region has no {portal_type}: nothing shows how its readers see it"
    url = site["url"] + "/" + "/".join(obj.getPhysicalPath()[len(portal.getPhysicalPath()):])
    fti = portal.portal_types[portal_type]
    vues = list(dict.fromkeys(VUES + tuple(fti.getAvailableViewMethods(obj))))
    champs = {nom: l for nom, l in libelles(obj).items() if (portal_type, nom) not in MEMES_MOTS}
    logins = {login for login in site["logins"].values() if "." in login}
    problemes, lus = [], 0
    for role in ROLES:
        if role == "admin":
            continue
        lecteur = client(site, role)
        if role != "anonyme" and lecteur.page(url + "/@@edit", allow_redirects=False).status_code == 200:
            continue  # an editor of it
        for vue in vues:
            reponse = lecteur.page(f"{url}/{vue}" if vue else url, allow_redirects=False)
            if reponse.status_code != 200 or "html" not in reponse.headers.get("Content-Type", ""):
                continue
            lus += 1
            texte = " ".join(visible(reponse.text).split())
            ou = f"{role} {vue or '(default view)'}"
            trouves = sorted(f"{l} ({nom})" for nom, l in champs.items() if montre(l, texte))
            if trouves:
                problemes.append(f"{ou}: field labels {trouves}")
            if WIDGETS_BRUTS.search(reponse.text):
                problemes.append(f"{ou}: Plone's raw field widgets")
            if ISO.search(texte):
                problemes.append(f"{ou}: ISO date {sorted(set(ISO.findall(texte)))[:3]}")
            if any(montre(login, texte) for login in logins):
                problemes.append(f"{ou}: login shown {sorted(l for l in logins if montre(l, texte))}")
    print(portal_type, url, lus, "pages read;", "labels:", sorted(champs.values()))
    assert lus, f"no reader may open the demo's {portal_type} at {url}: the test checked nothing"
    assert problemes == [], f"{portal_type} at {url}:\n" + "\n".join(problemes)
