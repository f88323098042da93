"""« Mot de passe oublié » never tells an existing login from an unknown one, and sends nothing (issue 13)."""

import re

import requests


def reponse(site, login):
    session = requests.Session()
    formulaire = session.get(f"{site['url']}/mail_password_form", timeout=30)
    assert formulaire.status_code == 200 and "Mot de passe oublié" in formulaire.text
    champs = dict(re.findall(r'<input[^>]*type="hidden"[^>]*name="([^"]+)"[^>]*value="([^"]*)"', formulaire.text))
    envoi = session.post(f"{site['url']}/mail_password", data={**champs, "userid": login, "form.submitted": "1"}, timeout=30)
    texte = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", envoi.text))
    return envoi.status_code, texte.replace(login, "")


def test_the_same_answer_for_a_real_and_an_invented_login(site):
    reelle = reponse(site, site["logins"]["parent"])
    inventee = reponse(site, "personne.inventee")
    assert reelle[0] == inventee[0] == 200
    assert "code d'activation" in reelle[1]
    assert reelle == inventee
    assert requests.get(f"{site['url']}/passwordreset/un-jeton", timeout=30).status_code == 200
