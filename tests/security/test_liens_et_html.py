"""Content hygiene (issue 13, item 3): a Link keeps only an http(s), mailto or relative URL, a page writes
no other into an ``href``, and rich text loses its frames, plugins and forms.

The Devoir of the matrix (its teacher writes, its class reads) is the page others open.
"""

import re

import requests
import transaction
from plone.app.textfield.value import RichTextValue

from cartable.regles import liens
from tests.integration.requetes import PASSWORD, client

HOSTILE = "JaVaScRiPt:alert(document.cookie)"


def objet(functional_demo, url):
    transaction.begin()
    portal = functional_demo["portal"]
    return portal.unrestrictedTraverse(url.split("/plone/", 1)[1])


def test_a_teacher_cannot_store_a_javascript_link_through_rest(site, functional_demo):
    enseignant = client(site, "enseignant")
    avant = functional_demo["zodbDB"].lastTransaction()
    for url in (HOSTILE, " \tjavascript:alert(1)", "data:text/html,<script>alert(1)</script>", "java&#115;cript:alert(1)"):
        reponse = enseignant.post(site["paths"]["devoir"], {"@type": "Link", "title": "Piège", "remoteUrl": url})
        assert reponse.status_code == 400, (url, reponse.status_code, reponse.text[:300])
        assert reponse.json()["message"] == liens.MESSAGE  # plone.restapi's error shape, the French message
    assert functional_demo["zodbDB"].lastTransaction() == avant
    bon = enseignant.post(site["paths"]["devoir"], {"@type": "Link", "title": "Ressource", "remoteUrl": "https://fr.wikipedia.org/"})
    assert bon.status_code == 201, bon.text[:300]
    # an edit (PATCH) is refused the same way, and the link keeps its URL
    refuse = enseignant.patch(bon.json()["@id"], {"remoteUrl": "vbscript:msgbox(1)"})
    assert refuse.status_code == 400 and refuse.json()["message"] == liens.MESSAGE
    assert enseignant.get(bon.json()["@id"]).json()["remoteUrl"] == "https://fr.wikipedia.org/"


def test_plones_link_form_refuses_it_in_french(site):
    session = requests.Session()
    session.auth = (site["logins"]["enseignant"], PASSWORD)
    formulaire = session.get(f"{site['paths']['devoir']}/++add++Link", timeout=60)
    assert formulaire.status_code == 200, formulaire.status_code
    jeton = re.search(r'name="_authenticator"[^>]*value="([^"]+)"|value="([^"]+)"[^>]*name="_authenticator"', formulaire.text)
    assert jeton, formulaire.text[:3000]
    jeton = jeton.group(1) or jeton.group(2)
    donnees = {
        "form.widgets.IDublinCore.title": "Piège",
        "form.widgets.remoteUrl.external": HOSTILE,
        "form.buttons.save": "Enregistrer",
        "_authenticator": jeton,
    }
    reponse = session.post(f"{site['paths']['devoir']}/++add++Link", data=donnees, timeout=60, allow_redirects=False)
    assert reponse.status_code == 200  # the form again, with its error: nothing added
    assert "seules les adresses http(s)://, mailto: et les liens relatifs sont acceptés" in reponse.text
    assert "Piège" not in client(site, "enseignant").get(site["paths"]["devoir"]).text


def test_an_old_javascript_link_is_not_written_into_the_devoir_page(site, functional_demo):
    """Stored before the rule (or by a script): the student's page shows its title, with no executable href."""
    enseignant = client(site, "enseignant")
    cree = enseignant.post(site["paths"]["devoir"], {"@type": "Link", "title": "Lien ancien", "remoteUrl": "https://exemple.fr/"})
    assert cree.status_code == 201
    assert enseignant.post(cree.json()["@id"] + "/@workflow/rendre_visible").status_code == 200  # the class sees it
    lien = objet(functional_demo, cree.json()["@id"])
    lien.remoteUrl = "\x01 JaVa&#x53;cript:alert(document.cookie)"  # bypasses the form and the events, as old data would
    transaction.commit()
    page = client(site, "eleve").page(f"{site['paths']['devoir']}")
    assert page.status_code == 200 and "Lien ancien" in page.text
    hrefs = re.findall(r'(?:href|src)="([^"]*)"', page.text)
    assert hrefs and not [h for h in hrefs if not liens.url_sure(h)], [h for h in hrefs if not liens.url_sure(h)]
    assert "cript:alert" not in page.text


def test_rich_text_loses_its_iframe_when_rendered(site, functional_demo):
    devoir = objet(functional_demo, site["paths"]["devoir"])
    devoir.consignes = RichTextValue(
        '<p>Lisez le chapitre 3.</p><iframe src="https://pieges.example/"></iframe>'
        '<form action="https://pieges.example/"><input name="password"></form><embed src="x.swf">',
        "text/html", "text/x-html-safe")
    transaction.commit()
    page = client(site, "eleve").page(site["paths"]["devoir"])
    assert page.status_code == 200 and "Lisez le chapitre 3." in page.text
    for balise in ("<iframe", "<form action=\"https://pieges", "<embed", "pieges.example"):
        assert balise not in page.text, balise


def test_the_upgrade_cleans_an_existing_sites_policy(site, functional_demo):
    """Upgrade 1002 on a site still holding Plone's old lists: the forbidden tags move, the site's other choices stay."""
    from plone import api
    from zope.component.hooks import setSite

    from cartable.policy.upgrades.v1002 import html_sans_cadres

    transaction.begin()
    portal = functional_demo["portal"]
    setSite(portal)
    try:
        api.portal.set_registry_record("plone.valid_tags", ["a", "iframe", "p", "form", "video"])
        api.portal.set_registry_record("plone.nasty_tags", ["script", "object"])
        html_sans_cadres(portal.portal_setup)
        assert api.portal.get_registry_record("plone.valid_tags") == ["a", "p", "video"]
        assert api.portal.get_registry_record("plone.nasty_tags") == ["script", "object", "iframe", "embed", "form"]
    finally:
        transaction.abort()
        setSite(None)
