"""The login page (annuaire/browser/connexion.py): Plone's login form shown standalone — the same form fields, the
same authentication (the __ac session, the throttle), the same came_from checks — without main_template nor Diazo."""

import re
from urllib.parse import quote

import requests

from tests.integration.requetes import PASSWORD


def formulaire(session, site, **params):
    page = session.get(f"{site['url']}/login", params=params, timeout=60)
    champs = dict(re.findall(r'<input[^>]*name="([^"]+)"[^>]*type="hidden"[^>]*value="([^"]*)"', page.text))
    champs.update(re.findall(r'<input[^>]*type="hidden"[^>]*name="([^"]+)"[^>]*value="([^"]*)"', page.text))
    return page, champs


def connecter(session, site, login, mot_de_passe, **params):
    _, champs = formulaire(session, site, **params)
    return session.post(f"{site['url']}/login", allow_redirects=False, timeout=60, data={
        **champs, "__ac_name": login, "__ac_password": mot_de_passe, "buttons.login": "Se connecter"})


def test_the_login_page_stands_alone_with_plones_fields(site):
    page, _ = formulaire(requests.Session(), site)
    assert page.status_code == 200 and page.headers["Content-Type"].startswith("text/html")
    texte = page.text
    assert texte.startswith("<!DOCTYPE html>") and 'lang="fr"' in texte and 'name="viewport"' in texte
    for plone in ('class="cartable-cadre"', "barceloneta.min.css", "portal-footer", "main_template"):
        assert plone not in texte, plone
    assert 'id="cartable-entete"' in texte and '<main id="content">' in texte  # the header of every page
    assert f'<form class="login" method="post" id="LoginForm" action="{site["url"]}/login">' in texte
    for champ in ('name="__ac_name"', 'id="__ac_name"', 'name="__ac_password"', 'id="__ac_password"',
                  'type="password"', 'name="came_from"', 'name="buttons.login"', 'id="buttons-login"'):
        assert champ in texte, champ
    assert f'href="{site["url"]}/@@login-help"' in texte
    assert page.headers["X-Frame-Options"] == "SAMEORIGIN"
    assert "private" in page.headers["Cache-Control"] and page.headers["Expires"].startswith("Sat, 1 Jan 2000")


def test_came_from_is_kept_in_the_portal_only(site):
    dedans = f"{site['paths']['etab']}/@@appel"
    page, champs = formulaire(requests.Session(), site, came_from=dedans)
    assert champs["came_from"] == dedans
    for ailleurs in ("https://exemple.invalid/piege", "//exemple.invalid/piege", f"{site['url']}/login"):
        _, champs = formulaire(requests.Session(), site, came_from=ailleurs)
        assert champs.get("came_from", "") == "", ailleurs


def test_the_form_logs_in_with_plones_session_and_redirects_in_the_portal_only(site):
    login = site["logins"]["enseignant"]
    dedans = f"{site['paths']['etab']}/@@appel"
    session = requests.Session()
    reponse = connecter(session, site, login, PASSWORD, came_from=dedans)
    assert reponse.status_code == 302 and reponse.headers["Location"] == dedans
    assert any(c.name == "__ac" for c in session.cookies)
    assert "David Mathieu" in session.get(site["url"], timeout=60).text  # Mon bureau, logged in by the cookie
    # a came_from posted by hand that leaves the portal is not followed (Plone's check)
    session = requests.Session()
    _, champs = formulaire(session, site)
    reponse = session.post(f"{site['url']}/login", allow_redirects=False, timeout=60, data={
        **champs, "came_from": "https://exemple.invalid/piege", "__ac_name": login, "__ac_password": PASSWORD,
        "buttons.login": "Se connecter"})
    assert reponse.status_code == 302 and reponse.headers["Location"] == site["url"]


def test_a_wrong_password_says_so_on_the_same_page(site):
    session = requests.Session()
    reponse = connecter(session, site, site["logins"]["parent_autre"], "pas-le-bon")
    assert reponse.status_code == 200
    assert 'role="alert"' in reponse.text and "identification a échoué" in reponse.text, reponse.text[-3000:]
    assert 'id="__ac_password"' in reponse.text and not any(c.name == "__ac" and c.value for c in session.cookies)
    assert quote("pas-le-bon") not in reponse.text
