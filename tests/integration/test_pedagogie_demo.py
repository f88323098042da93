"""The demo's pedagogy: course spaces everywhere, work in the collège's agendas, a Devoir per French and maths space."""


import transaction
from plone import api

from cartable.annuaire.stockage import lire_annuaire
from cartable.core import horloge
from cartable.demo.pedagogie import espaces_de_classe, pedagogie_demo
from cartable.pedagogie.agenda import lecture


def test_demo_fills_the_agenda_of_the_colleges_students_once(portal, tmp_path, monkeypatch):
    from cartable.demo.region import creer_region_demo

    monkeypatch.setenv("CARTABLE_VAR", str(tmp_path))
    with api.env.adopt_roles(["Manager"]):
        creer_region_demo(portal)
    # loading the demo is not news: no notification, no follow-up job waits for the commit
    assert [h for h in transaction.get().getAfterCommitHooks() if "enqueue" in getattr(h[0], "__name__", "")] == []
    annuaire = lire_annuaire(portal)
    college = portal["0139101x"]
    spaces = list(espaces_de_classe(college))
    assert len(spaces) > 100  # every class × subject taught
    francais_3a = next(e for e in spaces if e.division == "3A" and e.getId() == "francais")
    assert api.content.get_state(francais_3a["devoir-demo"]) == "publie"

    aujourd_hui = horloge.aujourd_hui()
    eleve = annuaire.personne(annuaire.eleves(college.jointure, "3A")[0])
    agenda = lecture.agenda_eleve(portal, annuaire, eleve, aujourd_hui)
    titres = [t["titre"] for jour in agenda["jours"] for t in jour["travaux"]]
    assert len(titres) >= 10 and any(t.startswith("À rendre") for t in titres), titres

    with api.env.adopt_roles(["Manager"]):
        pedagogie_demo(portal, annuaire)  # again: nothing added
    again = lecture.agenda_eleve(portal, annuaire, eleve, aujourd_hui)
    assert [t["id"] for j in again["jours"] for t in j["travaux"]] == [t["id"] for j in agenda["jours"] for t in j["travaux"]]
