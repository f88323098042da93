"""The roll-call page @@appel, the page of the 8:00 peak: standalone (plain Chameleon, no main_template, no Diazo),
under the header of every page, with what appel.js and the outbox read from it and the little of Bootstrap it uses."""

import re
from urllib.parse import quote

from tests.integration.requetes import client


def appel(site, role, cle=None, **options):
    url = f"{site['paths']['etab']}/@@appel"
    return client(site, role).page(url if cle is None else f"{url}?cle={quote(cle, safe='')}", **options)


def test_the_teachers_roll_call_page_stands_alone_under_the_common_header(site):
    cle = site["paths"]["cours"]
    page = appel(site, "enseignant", cle)
    assert page.status_code == 200 and page.headers["Content-Type"].startswith("text/html")
    texte = page.text
    # what appel.js reads: the establishment, the course, where to log in again (the outbox), the portal's URL
    assert f'data-base="{site["paths"]["etab"]}"' in texte
    assert re.search(r'id="appel" class="appel" data-base="[^"]+" data-cle="([^"]+)"', texte).group(1) == cle.replace(
        "&", "&amp;")
    assert f'data-login-url="{site["url"]}/login"' in texte and f'data-portal-url="{site["url"]}"' in texte
    for ident in ('id="liste" hidden', 'id="registre" hidden', 'id="eleves"', 'id="titre"', 'id="sous-titre"',
                  'id="etat-envoi"', 'role="status" aria-live="polite"', 'id="terminer"', 'id="cours"'):
        assert ident in texte, ident
    assert ">Chargement…</p>" in texte and ">Appel terminé</button>" in texte and "Mes appels du jour" in texte
    assert texte.index("cartable.commun/commun.js") < texte.index("cartable.viescolaire/appel.js")
    assert "++resource++cartable.viescolaire/appel.css" in texte and "++resource++cartable.theme/cartable.css" in texte
    # standalone: not Plone's layout nor the Diazo theme, but the header of every page, phone first
    assert texte.startswith("<!DOCTYPE html>") and 'name="viewport"' in texte and 'lang="fr"' in texte
    for plone in ("portal-footer", 'class="cartable-cadre"', "barceloneta.min.css", 'id="edit-zone"', "main_template"):
        assert plone not in texte, plone
    assert 'id="cartable-entete"' in texte and 'href="#content"' in texte and '<main id="content">' in texte
    assert page.headers["X-Frame-Options"] == "SAMEORIGIN" and "private" in page.headers["Cache-Control"]


def test_without_a_course_the_page_lists_the_days_registers_and_a_strange_cle_is_no_course(site):
    page = appel(site, "enseignant")
    assert page.status_code == 200 and 'data-cle=""' in page.text
    etab = site["paths"]["etab"]
    liste = client(site, "enseignant").page(f"{etab}/@@appel?cle:list=a&cle:list=b")
    assert liste.status_code == 200 and 'data-cle=""' in liste.text
    hostile = appel(site, "enseignant", '"><script>alert(1)</script>')
    assert hostile.status_code == 200 and "<script>alert(1)" not in hostile.text
    assert 'data-cle="&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;"' in hostile.text


def test_only_the_establishments_staff_open_it(site):
    assert appel(site, "cpe").status_code == 200 and appel(site, "direction").status_code == 200
    for role in ("eleve", "parent"):
        page = appel(site, role, allow_redirects=False)
        assert page.status_code in (302, 401, 403), role
        assert 'id="appel"' not in page.text, role
    anonyme = appel(site, "anonyme", allow_redirects=False)
    assert anonyme.status_code in (302, 401) and 'id="appel"' not in anonyme.text


def test_the_bootstrap_it_uses_is_in_its_stylesheet(site):
    feuille = client(site, "anonyme").get(f"{site['url']}/++resource++cartable.viescolaire/appel.css")
    assert feuille.status_code == 200
    # the hidden attribute wins over .btn's display (#terminer, the sections); touch targets of 44 px
    assert "[hidden] { display: none !important; }" in feuille.text
    for classe in (".list-group-item", ".list-group-item-action", ".list-group-item-danger", ".btn-outline-danger",
                   ".btn-outline-warning", ".btn-outline-secondary", ".btn-outline-success", ".btn-lg", ".alert-info",
                   ".alert-warning", ".alert-danger", ".alert-success", ".alert-secondary", ".form-control", ".card-body",
                   ".col-auto", ".text-muted", ".me-auto", ".fw-semibold", ".gap-2"):
        assert classe in feuille.text, classe
    assert "min-height: 44px" in feuille.text
