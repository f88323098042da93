"""The frame around every page (cartable.theme): the Cartable look, the header, the bell, the notifications page,
the French error pages and Plone's toolbar only for those who edit where they stand.

Every page is asked of the real test server as a demo persona (Basic auth), as a browser asks for it.
"""

import re

import pytest
import transaction
from plone import api
from zope.component.hooks import setSite

from cartable.core import horloge, notifications
from tests.integration.requetes import client

REGION = "Cartable — région de démonstration"
NAVIGATEUR = {"Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"}  # as a browser asks
ROLES = ("eleve", "parent", "parent_autre", "enseignant", "enseignant_autre", "cpe", "direction", "cpe_autre", "admin")


def entete(page):
    """The header's HTML (div#cartable-entete), as the theme placed it."""
    debut = page.text.index('id="cartable-entete"')
    fin = page.text.index("</nav>", debut) if "</nav>" in page.text[debut:] else debut + 4000
    return page.text[debut:fin]


def sans_liens(html):
    return re.sub(r'(href|src)="[^"]*"', "", html)


def a_la_barre(page):
    return 'id="edit-bar"' in page.text or 'id="edit-zone"' in page.text


def deposer(functional_demo, boite, titre, url=None):
    portal = functional_demo["portal"]
    notification = notifications.deposer(portal, boite, horloge.instant().isoformat(timespec="seconds"), "test",
                                          titre, f"Texte de « {titre} ».", {"url": url} if url else None)
    transaction.commit()
    return notification


# -- the look ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ROLES)
def test_header_says_the_region_and_the_persons_name_never_the_login(site, role):
    page = client(site, role).page(site["url"])
    assert page.status_code == 200
    haut = entete(page)
    assert REGION in haut
    assert "cartable-logo.svg" in haut and f'href="{site["url"]}"' in haut  # logo → Mon bureau
    assert "Se déconnecter" in haut
    assert site["logins"][role] not in sans_liens(haut), f"{role}: the login is shown"
    if role != "admin":  # the directory's full name (Mon bureau's greeting says the same)
        nom = client(site, role).get(f"{site['url']}/@bureau").json()["personne"]
        assert f'<span class="cartable-personne">{nom}</span>' in haut, role


def test_header_names_the_establishment_inside_one(site, functional_demo):
    setSite(functional_demo["portal"])
    etab = api.content.get(path=site["paths"]["etab"][len(site["url"]):])
    page = client(site, "enseignant").page(site["paths"]["espace"])
    assert page.status_code == 200
    assert f'<span class="cartable-etablissement">{etab.Title()}</span>' in entete(page)
    accueil = client(site, "enseignant").page(site["url"])
    assert "cartable-etablissement" not in entete(accueil)  # the site root is in no establishment


def test_no_plone_branding_footer_or_colophon(site):
    # pages in Plone's main_template, themed (Mon bureau and the login page are standalone pages that carry the same
    # header, test_connexion_page.py)
    connexion = client(site, "anonyme").page(f"{site['url']}/login")
    assert connexion.status_code == 200 and REGION in entete(connexion)
    for plone in ('id="portal-footer-wrapper"', 'id="portal-colophon"', "Powered by Plone", 'id="portal-logo"', "logo.png"):
        assert plone not in connexion.text, plone
    for role, url in (("eleve", f"{site['url']}/@@notifications"),
                      ("admin", site["paths"]["espace"]), ("enseignant", site["paths"]["espace"])):
        page = client(site, role).page(url)
        assert page.status_code == 200, role
        assert 'class="cartable-cadre"' in page.text and REGION in entete(page), role
        for plone in ('id="portal-footer-wrapper"', 'id="portal-colophon"', "Powered by Plone", 'id="portal-logo"',
                      "logo.png", 'id="portal-searchbox"', 'id="portal-globalnav"', "favicon.ico", "plone-logo.svg"):
            assert plone not in page.text, f"{role}: {plone}"
        assert re.search(r'<link href="[^"]*/\+\+theme\+\+cartable/cartable-logo.svg" rel="icon"', page.text), role
        # Barceloneta's compiled CSS and ours, the bundle after it
        assert "++theme++barceloneta/css/barceloneta.min.css" in page.text
        assert page.text.index("barceloneta.min.css") < page.text.index("++resource++cartable.theme/cartable.css")


def test_the_theme_applies_on_127_0_0_1(site):
    assert api.portal.get_registry_record("plone.app.theming.interfaces.IThemeSettings.hostnameBlacklist") == []
    port = site["url"].split(":")[2].split("/")[0]
    for hote in ("127.0.0.1", "localhost"):
        page = client(site, "eleve").page(f"http://{hote}:{port}/plone/@@notifications")
        assert page.status_code == 200, hote
        assert 'class="cartable-cadre"' in page.text, hote  # the Diazo theme's own markup
        assert "barceloneta.min.css" in page.text and REGION in page.text, hote


def test_the_header_is_phone_first(site):
    page = client(site, "enseignant").page(site["url"])
    assert 'name="viewport"' in page.text and "width=device-width" in page.text
    haut = entete(page)
    assert 'class="cartable-menu-bouton" aria-expanded="false" aria-controls="cartable-menu"' in haut
    assert re.search(r'<nav id="cartable-menu" class="cartable-menu" aria-label="Menu principal">', haut)
    feuille = client(site, "anonyme").get(f"{site['url']}/++resource++cartable.theme/cartable.css")
    assert feuille.status_code == 200
    assert "min-height: 44px" in feuille.text and "@media (min-width: 768px)" in feuille.text


# -- the menu and the bell ----------------------------------------------------------------------------------


def test_the_teachers_menu_is_in_the_header(site):
    menu = client(site, "enseignant").get(f"{site['url']}/@bureau").json()["menu"]
    assert len(menu) >= 2
    haut = entete(client(site, "enseignant").page(site["url"]))
    for entree in menu:
        assert f'href="{entree["lien"]}"' in haut and entree["texte"].replace("'", "&#x27;") in haut.replace(
            "&#39;", "&#x27;").replace("'", "&#x27;"), entree


def test_anonymous_visitors_get_se_connecter_and_no_bell(site):
    haut = entete(client(site, "anonyme").page(site["url"]))
    assert "Se connecter" in haut and "cartable-cloche" not in haut and "Se déconnecter" not in haut


def test_the_bell_counts_what_notifications_counts(site, region, functional_demo):
    eleve = region["personas"]["eleve"]
    for rang in range(3):
        deposer(functional_demo, eleve, f"Essai {rang}")
    for role in ("eleve", "enseignant", "admin"):
        non_lues = client(site, role).get(f"{site['url']}/@notifications").json()["non_lues"]
        haut = entete(client(site, role).page(site["url"]))
        if non_lues:
            libelle = f"{non_lues} notification{'s' if non_lues > 1 else ''} non lue{'s' if non_lues > 1 else ''}"
            assert f'<span class="cartable-cloche-nombre" aria-hidden="true">{non_lues}</span>' in haut, role
        else:
            libelle = "Aucune notification non lue"
        assert f'aria-label="{libelle}"' in haut, role
        assert f'href="{site["url"]}/@@notifications"' in haut
    assert client(site, "eleve").get(f"{site['url']}/@notifications").json()["non_lues"] >= 3


# -- the notifications page ---------------------------------------------------------------------------------


def test_the_notifications_page_lists_newest_first_and_marks_read(site, region, functional_demo):
    eleve = client(site, "eleve")
    eleve.post(f"{site['url']}/@notifications", {"toutes": True}, cle="tout-lu-avant")
    premiere = deposer(functional_demo, region["personas"]["eleve"], "Première", url=site["paths"]["devoir"])
    seconde = deposer(functional_demo, region["personas"]["eleve"], "Seconde")

    page = eleve.page(f"{site['url']}/@@notifications")
    assert page.status_code == 200
    assert page.text.index("Seconde") < page.text.index("Première")  # newest first
    assert "aujourd&#x27;hui à 10 h 30" in page.text or "aujourd'hui à 10 h 30" in page.text  # in French words
    assert f'href="{site["paths"]["devoir"]}"' in page.text  # its object
    assert page.text.count('class="cartable-notification non-lue"') == 2
    assert "2 notifications non lues" in page.text and "Tout marquer comme lu" in page.text
    assert "++resource++cartable.commun/commun.js" in page.text
    if eleve.page(f"{site['url']}/@@preferences-notifications").status_code == 200:  # the directory offers them
        assert f'href="{site["url"]}/@@preferences-notifications">Choisir mes notifications</a>' in page.text

    reponse = eleve.post(f"{site['url']}/@notifications", {"ids": [premiere["id"]]}, cle="une-lue")
    assert reponse.status_code == 200 and reponse.json()["marquees"] == 1
    page = eleve.page(f"{site['url']}/@@notifications")
    assert page.text.count('class="cartable-notification non-lue"') == 1
    assert re.search(rf'class="cartable-notification non-lue"\s+data-id="{seconde["id"]}"', page.text)
    assert 'aria-label="1 notification non lue"' in entete(page)

    eleve.post(f"{site['url']}/@notifications", {"toutes": True}, cle="toutes-lues")
    page = eleve.page(f"{site['url']}/@@notifications")
    assert 'class="cartable-notification non-lue"' not in page.text
    assert "Tout marquer comme lu" not in page.text
    assert 'aria-label="Aucune notification non lue"' in entete(page)


def test_the_notifications_page_is_for_logged_in_people_only(site):
    anonyme = client(site, "anonyme").page(f"{site['url']}/@@notifications", allow_redirects=False)
    assert anonyme.status_code == 302 and "login" in anonyme.headers["Location"]
    for role in ROLES:
        assert client(site, role).page(f"{site['url']}/@@notifications").status_code == 200, role


def test_reading_pages_writes_nothing(site, functional_demo):
    db = functional_demo["zodbDB"]
    pages = (site["url"], f"{site['url']}/@@notifications", site["paths"]["espace"])

    def lire_tout():
        for role in ("eleve", "parent", "enseignant", "admin"):
            for url in pages:
                assert client(site, role).page(url).status_code in (200, 302), (role, url)

    lire_tout()  # a fresh test site's first pages write Plone's first-render state (resource registry…)
    transaction.begin()
    avant = db.lastTransaction()
    lire_tout()
    transaction.begin()
    assert db.lastTransaction() == avant


def test_the_header_queries_no_catalog(site, functional_demo, monkeypatch):
    from Products.CMFPlone.CatalogTool import CatalogTool

    from cartable.theme.entete import EnTete

    appels, entetes = [], []
    rendu = EnTete.update

    def compter(self):
        entetes.append(self.request["ACTUAL_URL"])
        origine = CatalogTool.searchResults

        def espion(catalogue, *args, **kwargs):
            appels.append(kwargs or args)
            return origine(catalogue, *args, **kwargs)

        with monkeypatch.context() as m:
            m.setattr(CatalogTool, "searchResults", espion)
            m.setattr(CatalogTool, "__call__", espion)
            return rendu(self)

    monkeypatch.setattr(EnTete, "update", compter)
    for role in ("eleve", "enseignant", "admin"):
        assert client(site, role).page(site["paths"]["espace"]).status_code in (200, 302)
    assert len(entetes) == 3  # the spy ran in the server (same process, another thread)
    assert appels == []


# -- Plone's editing toolbar ----------------------------------------------------------------------------------


def test_toolbar_for_who_edits_where_they_stand(site):
    espace = site["paths"]["espace"]
    # the space's own page is Cartable's (its actions are in the page, issue 15); its contents and its Devoir are
    # where the teacher edits with Plone's toolbar
    for role, url in (("admin", f"{espace}/folder_contents"), ("enseignant", f"{espace}/folder_contents"),
                      ("enseignant", site["paths"]["devoir"])):
        page = client(site, role).page(url)
        assert page.status_code == 200 and a_la_barre(page), f"{role} on {url}"
    for role in ("eleve", "parent"):
        for url in (site["url"], espace, site["paths"]["devoir"]):
            page = client(site, role).page(url)
            assert not a_la_barre(page), f"{role} on {url}"


def test_no_toolbar_on_cartables_own_pages(site):
    etab = site["paths"]["etab"]
    for url in (site["url"], f"{site['url']}/@@notifications", f"{site['url']}/@@mon-bureau",
                f"{site['url']}/@@agenda?eleve={site['paths']['eleve']}", f"{etab}/@@appel", f"{etab}/@@saisie-notes",
                f"{etab}/@@vie-scolaire", f"{site['paths']['espace']}/@@cahier-de-textes", f"{etab}/@@annuaire"):
        page = client(site, "admin").page(url)
        assert page.status_code == 200, url
        assert not a_la_barre(page), url
    # the teacher in their course space has it on its contents, not on the space's page, its cahier de textes nor
    # at the roll call
    for url in (site["paths"]["espace"], f"{site['paths']['espace']}/@@cahier-de-textes", f"{etab}/@@appel",
                f"{etab}/@@saisie-notes"):
        page = client(site, "enseignant").page(url)
        assert page.status_code == 200 and not a_la_barre(page), url


# -- error pages ------------------------------------------------------------------------------------------------


def test_404_in_french_with_the_way_back_to_mon_bureau(site):
    page = client(site, "enseignant").page(f"{site['url']}/cette-page-n-existe-pas", headers=NAVIGATEUR)
    assert page.status_code == 404
    assert "Page introuvable" in page.text
    assert f'href="{site["url"]}">Retour à Mon bureau</a>' in page.text
    assert "Se connecter" not in page.text and "This page does not seem to exist" not in page.text
    assert "cartable-entete" in page.text  # in the frame
    anonyme = client(site, "anonyme").page(f"{site['url']}/cette-page-n-existe-pas", headers=NAVIGATEUR)
    assert anonyme.status_code == 404 and "Page introuvable" in anonyme.text and "Se connecter" in anonyme.text


def test_a_refused_page_says_acces_refuse(site):
    page = client(site, "eleve").page(f"{site['paths']['etab']}/@@annuaire")  # the redirect is followed
    assert "insufficient-privileges" in page.url
    assert "Accès refusé" in page.text and "Retour à Mon bureau" in page.text
    assert "Insufficient Privileges" not in page.text and "Se connecter" not in page.text


class Panne:
    """A page that fails (registered for one test): the 500 page."""

    def __init__(self, context, request):
        self.context, self.request = context, request

    def __call__(self):
        raise ValueError("panne de test")


def test_a_server_error_in_french_with_the_way_back(site):
    from plone.base.interfaces import IPloneSiteRoot
    from zope.component import getGlobalSiteManager
    from zope.interface import Interface
    from zope.publisher.interfaces.browser import IDefaultBrowserLayer

    gsm = getGlobalSiteManager()
    gsm.registerAdapter(Panne, (IPloneSiteRoot, IDefaultBrowserLayer), Interface, name="test-panne")
    try:
        page = client(site, "enseignant").page(f"{site['url']}/@@test-panne", headers=NAVIGATEUR)
    finally:
        gsm.unregisterAdapter(Panne, (IPloneSiteRoot, IDefaultBrowserLayer), Interface, name="test-panne")
    assert page.status_code == 500
    assert "Une erreur est survenue" in page.text and "Retour à Mon bureau" in page.text
    assert "panne de test" not in page.text  # the traceback is for administrators only
    assert "cartable-entete" in page.text


def test_rest_errors_stay_json(site):
    reponse = client(site, "eleve").get(f"{site['url']}/cette-page-n-existe-pas")
    assert reponse.status_code == 404
    assert reponse.headers["Content-Type"].startswith("application/json")
    assert reponse.json()["type"] == "NotFound"


def test_server_error_words():
    from cartable.theme.erreurs import textes

    assert textes("NotFound")[0] == "Page introuvable"
    assert textes("Forbidden")[0] == textes("Unauthorized")[0] == "Accès refusé"
    assert textes("KeyError")[0] == "Une erreur est survenue"


# -- installation ---------------------------------------------------------------------------------------------


def test_policy_brings_the_theme(installer, browser_layers):
    from cartable.theme.interfaces import ICartableThemeLayer

    assert installer.is_product_installed("cartable.theme")
    assert ICartableThemeLayer in browser_layers
    assert api.portal.get_registry_record("plone.app.theming.interfaces.IThemeSettings.currentTheme") == "cartable"
    assert api.portal.get_registry_record("cartable.region_nom") == REGION


def test_policy_1003_puts_the_theme_on_an_existing_site(portal, setup_tool):
    from plone.app.theming.utils import applyTheme, getTheme

    applyTheme(getTheme("barceloneta"))  # a site of before: Barceloneta, 127.0.0.1 unthemed
    api.portal.set_registry_record("plone.app.theming.interfaces.IThemeSettings.hostnameBlacklist", ["127.0.0.1"])
    setup_tool.setLastVersionForProfile("cartable.policy:default", "1002")
    setup_tool.upgradeProfile("cartable.policy:default")
    assert setup_tool.listUpgrades("cartable.policy:default") == []
    assert api.portal.get_registry_record("plone.app.theming.interfaces.IThemeSettings.currentTheme") == "cartable"
    assert api.portal.get_registry_record("plone.app.theming.interfaces.IThemeSettings.hostnameBlacklist") == []
    assert setup_tool.getLastVersionForProfile("cartable.theme:default") == ("1000",)


def test_plone_header_navigation_and_footer_viewlets_are_hidden(portal):
    from plone.app.viewletmanager.interfaces import IViewletSettingsStorage
    from zope.component import getUtility

    stockage = getUtility(IViewletSettingsStorage)
    peau = portal.portal_skins.getDefaultSkin()
    assert {"plone.logo", "plone.searchbox", "plone.anontools"} <= set(stockage.getHidden("plone.portalheader", peau))
    assert "plone.global_sections" in stockage.getHidden("plone.mainnavigation", peau)
    assert {"plone.footer", "plone.colophon", "plone.site_actions"} <= set(stockage.getHidden("plone.portalfooter", peau))


def test_a_notifications_link_stays_on_this_site_and_never_runs_script(portal):
    from cartable.theme.notifications import lien_de

    racine = portal.absolute_url()
    assert lien_de(portal, "javascript:alert(1)") is None
    assert lien_de(portal, "data:text/html,x") is None
    assert lien_de(portal, None) is None
    # a background task wrote its own host: the link is under this site's URL
    assert lien_de(portal, "http://nohost/plone/0139101x/devoir?x=1") == f"{racine}/0139101x/devoir?x=1"
