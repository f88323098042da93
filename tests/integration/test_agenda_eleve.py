"""The student agenda: a published Devoir in it, ticks per student, who reads and who ticks, no write on GET,
the standalone page and its no-JavaScript form, the iCalendar feed and its revocation."""

import re
from datetime import datetime, timezone

import icalendar
import requests
import transaction
from plone import api
from zope.event import notify
from zope.lifecycleevent import ObjectModifiedEvent

from cartable.annuaire.stockage import lire_annuaire
from cartable.core import horloge
from tests.integration.requetes import auth, client

JSON = {"Accept": "application/json"}
MAINTENANT = datetime(2026, 11, 25, 17, 0, tzinfo=timezone.utc)  # a Wednesday; the Devoir is due Tuesday 1 December


def agenda(site, role, **params):
    return client(site, role).get(site["paths"]["site"] + "/@agenda", params)


def cocher(site, role, travail, fait, eleve=None, key=None):
    body = {"travail": travail, "fait": fait, "eleve": eleve or site["paths"]["eleve"]}
    return client(site, role).post(site["paths"]["site"] + "/@agenda", body, cle=key)


def travaux(reponse):
    assert reponse.status_code == 200, reponse.text
    return {t["titre"]: t for j in reponse.json()["jours"] for t in j["travaux"]}


def portail(functional_demo):
    transaction.begin()
    return functional_demo["portal"]


def devoir_de(functional_demo, site):
    return portail(functional_demo).unrestrictedTraverse(site["paths"]["devoir"].split("/plone/", 1)[1])


def autre_eleve_de_3a(functional_demo, site):
    portal = portail(functional_demo)
    annuaire = lire_annuaire(portal)
    structure = portal[site["paths"]["etab"].rsplit("/", 1)[1]].jointure
    return next(e for e in annuaire.eleves(structure, "3A") if e != site["paths"]["eleve"])


def test_published_devoir_ticks_per_student_and_who_reads(functional_demo, site, monkeypatch):
    horloge.figer(MAINTENANT)
    mien = travaux(agenda(site, "eleve"))
    devoir = mien["À rendre : Devoir de la matrice"]
    assert devoir["pour_le"] == "2026-12-01" and devoir["devoir_url"].endswith("/devoir-matrice") and not devoir["fait"]
    # the student ticks it: once, even when the answer is lost and the tick sent again
    premier = cocher(site, "eleve", devoir["id"], True, key="coche-1")
    assert premier.status_code == 200 and premier.json()["fait"] is True
    assert cocher(site, "eleve", devoir["id"], True, key="coche-1").json() == premier.json()
    assert travaux(agenda(site, "eleve"))[devoir["titre"]]["fait"] is True
    assert travaux(agenda(site, "parent", eleve=site["paths"]["eleve"]))[devoir["titre"]]["fait"] is True
    # another student of the class: the same work, their own ticks
    autre = autre_eleve_de_3a(functional_demo, site)
    assert travaux(agenda(site, "cpe", eleve=autre))[devoir["titre"]]["fait"] is False
    # nobody ticks for the student; another family reads nothing of theirs
    assert cocher(site, "parent", devoir["id"], False).status_code == 403
    assert cocher(site, "eleve", devoir["id"], True, eleve=autre).status_code == 403
    refus = agenda(site, "parent_autre", eleve=site["paths"]["eleve"])
    assert refus.status_code == 403 and "Devoir" not in refus.text and site["secret"][1] not in refus.text
    assert agenda(site, "enseignant", eleve=site["paths"]["eleve"]).status_code == 403
    assert cocher(site, "eleve", "t-inconnu", True).status_code == 404
    # without eleve: the student's own, a parent's children
    assert agenda(site, "parent").json()["enfants"][0]["id"] == site["paths"]["eleve"]
    # untick
    assert cocher(site, "eleve", devoir["id"], False).status_code == 200
    assert travaux(agenda(site, "eleve"))[devoir["titre"]]["fait"] is False


def test_devoir_due_date_change_and_closing_follow_in_the_agenda(functional_demo, site, monkeypatch):
    horloge.figer(MAINTENANT)
    devoir = devoir_de(functional_demo, site)
    devoir.echeance = datetime(2026, 12, 3, 18)
    notify(ObjectModifiedEvent(devoir))
    transaction.commit()
    assert travaux(agenda(site, "eleve"))["À rendre : Devoir de la matrice"]["pour_le"] == "2026-12-03"
    devoir = devoir_de(functional_demo, site)
    with api.env.adopt_roles(["Manager"]):
        api.content.transition(obj=devoir, transition="clore")
    transaction.commit()
    assert "À rendre : Devoir de la matrice" not in travaux(agenda(site, "eleve"))
    # overdue work: shown, flagged, until ticked
    horloge.figer(datetime(2026, 12, 10, 17, 0, tzinfo=timezone.utc))
    with api.env.adopt_roles(["Manager"]):
        api.content.transition(obj=devoir_de(functional_demo, site), transition="rouvrir")
    transaction.commit()
    en_retard = travaux(agenda(site, "eleve"))["À rendre : Devoir de la matrice"]
    assert en_retard["en_retard"] is True
    assert cocher(site, "eleve", en_retard["id"], True).status_code == 200
    assert "À rendre : Devoir de la matrice" not in travaux(agenda(site, "eleve"))  # done last week: no news


def serials(functional_demo, site):
    """_p_serial of every persistent object these reads could write: the agenda index, the ticks, the cahier."""
    from zope.annotation.interfaces import IAnnotations

    from cartable.pedagogie.agenda.stockage import lire_faits, lire_index

    portal = portail(functional_demo)
    etab = portal[site["paths"]["etab"].rsplit("/", 1)[1]]
    cahier = portal.unrestrictedTraverse(site["paths"]["cahier"].split("/plone/", 1)[1])
    index, faits = lire_index(etab), lire_faits(portal)
    objets = [IAnnotations(portal).data if hasattr(IAnnotations(portal), "data") else portal, etab, index, index.travaux,
              index.cles, faits, faits.par_eleve, faits.par_eleve[site["paths"]["eleve"]], cahier, cahier.entrees,
              cahier.historique, cahier.reponses]
    return [o._p_serial for o in objets]


def test_reads_never_write_and_the_page_ticks_without_javascript(functional_demo, site, monkeypatch):
    horloge.figer(MAINTENANT)
    devoir = travaux(agenda(site, "eleve"))["À rendre : Devoir de la matrice"]
    assert cocher(site, "eleve", devoir["id"], True).status_code == 200
    assert cocher(site, "eleve", devoir["id"], False).status_code == 200
    seance = {"date": "2026-11-23", "travaux": [{"titre": "Lire", "pour_le": "2026-11-27"}]}
    assert client(site, "enseignant").post(site["paths"]["espace"] + "/@cahier-de-textes", seance).status_code == 200
    avant = serials(functional_demo, site)
    assert agenda(site, "eleve").status_code == 200
    assert agenda(site, "parent", eleve=site["paths"]["eleve"]).status_code == 200
    page = client(site, "eleve").page(site["paths"]["site"] + "/@@agenda")
    assert page.status_code == 200 and "Devoir de la matrice" in page.text and "Lire" in page.text
    assert 'name="viewport"' in page.text and "portal-footer" not in page.text  # standalone, not Plone's layout
    # under the header of every page: the way back to Mon bureau, the menu, the bell
    assert 'id="cartable-entete"' in page.text and 'class="cartable-marque"' in page.text
    assert client(site, "parent").get(site["paths"]["espace"] + "/@cahier-de-textes").status_code == 200
    assert client(site, "enseignant").get(site["paths"]["etab"] + "/@charge-de-travail?division=3A").status_code == 200
    assert client(site, "parent").page(site["paths"]["espace"] + "/@@cahier-de-textes").status_code == 200
    assert client(site, "eleve").get(site["paths"]["site"] + "/@agenda-jeton").status_code == 200
    assert serials(functional_demo, site) == avant  # no write on a read path
    # the plain form of the page (its CSRF token included) ticks, then comes back to the page
    formulaire = re.search(r'<form class="coche" method="post" action="([^"]+)">\s*'
                           r'<input type="hidden" name="_authenticator" value="([^"]+)" />\s*'
                           r'<input type="hidden" name="travail" value="([^"]+)" />', page.text)
    action, jeton, travail = formulaire.groups()
    reponse = requests.post(action, data={"_authenticator": jeton, "travail": travail, "fait": "1"},
                            auth=auth(site, "eleve"), allow_redirects=False, timeout=60)
    assert reponse.status_code in (302, 303), reponse.text[:500]
    assert {t["id"]: t["fait"] for t in travaux(agenda(site, "eleve")).values()}[travail] is True
    # a parent sees the agenda, not the tick buttons
    parent = client(site, "parent").page(site["paths"]["site"] + "/@@agenda")
    assert parent.status_code == 200 and "Devoir de la matrice" in parent.text and 'class="coche"' not in parent.text


def test_ics_feed_with_token_revoked_is_404(functional_demo, site, monkeypatch):
    horloge.figer(MAINTENANT)
    jeton_url = site["paths"]["site"] + "/@agenda-jeton"
    assert client(site, "eleve").get(jeton_url).json()["actif"] is False
    cree = client(site, "eleve").post(jeton_url).json()
    flux = requests.get(cree["url"], timeout=60)  # anonymous: the token is the key
    assert flux.status_code == 200 and flux.headers["Content-Type"].startswith("text/calendar")
    evenements = icalendar.Calendar.from_ical(flux.content).walk("VEVENT")
    assert any("Devoir de la matrice" in str(e["SUMMARY"]) for e in evenements)
    etat = client(site, "eleve").get(jeton_url).json()
    assert etat["actif"] is True and etat["url"] is None  # only a hash is kept: the URL is shown once
    # a new URL replaces the old one
    nouveau = client(site, "eleve").post(jeton_url).json()
    assert requests.get(cree["url"], timeout=60).status_code == 404
    assert requests.get(nouveau["url"], timeout=60).status_code == 200
    # a parent's feed names the child in each summary
    parent = client(site, "parent").post(jeton_url).json()
    resumes = [str(e["SUMMARY"]) for e in icalendar.Calendar.from_ical(requests.get(parent["url"], timeout=60).content).walk("VEVENT")]
    assert any(r.startswith(site["secret"][1] + " — ") and "Devoir de la matrice" in r for r in resumes)
    # revoked: 404, and nothing in the body
    assert requests.delete(jeton_url, headers=JSON, auth=auth(site, "eleve"), timeout=60).json()["revoque"] is True
    revoque = requests.get(nouveau["url"], timeout=60)
    assert revoque.status_code == 404 and "VEVENT" not in revoque.text
    assert requests.get(site["paths"]["site"] + "/@@agenda.ics", timeout=60).status_code == 404
