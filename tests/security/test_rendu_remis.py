"""A handed-in Rendu is read-only for the teacher (issue 13, item 7): a PATCH of the student's text, which left
no trace in its history, is refused; the teacher marks through the marking table."""

import transaction
from plone import api

from tests.integration.requetes import client
from tests.integration.test_pedagogie_workflows import creer, devoir_ouvert, en_tant_que, monde, passer  # noqa: F401


def test_a_teacher_cannot_rewrite_a_handed_in_rendu(monde, site):
    devoir = devoir_ouvert(monde["espace"], "devoir-remis")
    passer(devoir, "publier")
    eleve = monde["eleve"].id
    rendu = creer(devoir, "Rendu", eleve, title="Rendu", eleve=eleve, texte="Ma réponse.")
    en_tant_que(monde, "eleve", lambda: api.portal.get_tool("portal_workflow").doActionFor(rendu, "remettre"))
    transaction.commit()
    url = rendu.absolute_url().replace("http://nohost/plone", site["url"])
    reponse = client(site, "enseignant").patch(url, {"texte": "Réponse réécrite par un autre"})
    assert reponse.status_code in (401, 403), reponse.text[:300]
    transaction.begin()
    assert rendu.texte == "Ma réponse."
    # the marking table still marks it
    lignes = client(site, "enseignant").get(f"{devoir.absolute_url().replace('http://nohost/plone', site['url'])}/@correction")
    assert lignes.status_code == 200 and any(l.get("etat") == "remis" for l in lignes.json()["lignes"])
