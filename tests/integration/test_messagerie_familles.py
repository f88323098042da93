"""Messagerie (issue 16): a mot à signer to the families of students chosen one by one — by a teacher of the
student's class (or the vie scolaire), never by another class's teacher nor a family; each family sees the label,
never another family's names; either parent signs."""

import transaction

from cartable.annuaire.stockage import lire_annuaire
from cartable.messagerie.stockage import lire_messagerie
from cartable.regles import acces
from tests.integration.requetes import client

MOT = {"sujet": "Oubli de la tenue de sport", "texte": "Merci de signer ce mot.", "a_signer": True}


def nombre_de_conversations(functional_demo):
    transaction.begin()
    messagerie = lire_messagerie(functional_demo["portal"])
    return len(messagerie.conversations) if messagerie is not None else 0


def test_a_teacher_sends_a_mot_to_a_chosen_students_family_who_signs_it(site, functional_demo):
    annuaire = lire_annuaire(functional_demo["portal"])
    eleve = annuaire.personne(site["paths"]["eleve"])
    parents = set(acces.responsables_legaux(annuaire, eleve))
    parent = annuaire.par_login(site["logins"]["parent"])
    assert parent.id in parents
    # refused, nothing written: another class's teacher, a family, a student id that is not a student
    for role, eleves in (("enseignant_autre", [eleve.id]), ("parent_autre", [eleve.id]), ("enseignant", [parent.id])):
        refus = client(site, role).post("@messagerie-envoyer", {**MOT, "eleves": eleves})
        assert refus.status_code == 403, (role, refus.text)
    assert nombre_de_conversations(functional_demo) == 0
    offerts = client(site, "enseignant").get("@messagerie-destinataires", params={"q": eleve.nom}).json()["personnes"]
    assert any(p["id"] == eleve.id and p["eleve"] for p in offerts)

    envoye = client(site, "enseignant").post("@messagerie-envoyer", {**MOT, "eleves": [eleve.id]}, cle="mot-famille")
    assert envoye.status_code == 200, envoye.text
    assert envoye.json()["destinataires"] == len(parents)
    conversation = envoye.json()["conversation"]
    transaction.begin()
    mot = lire_messagerie(functional_demo["portal"]).conversations[conversation]
    assert list(mot.familles) == [eleve.id] and set(mot.familles[eleve.id]) == parents
    assert eleve.id not in mot.participants  # the family, not the student

    lu = client(site, "parent").get(f"@messagerie-conversation/{conversation}").json()
    assert lu["messages"][0]["groupes"] == ["La famille d'un élève"] and len(lu["messages"][0]["a"]) == 1
    assert lu["mot"]["a_signer"]
    assert client(site, "eleve").get(f"@messagerie-conversation/{conversation}").status_code == 404
    assert client(site, "parent").post(f"@messagerie-signer/{conversation}", {}).status_code == 200
    tableau = client(site, "enseignant").get(f"@messagerie-conversation/{conversation}").json()["mot"]
    assert tableau["resume"] == "1 signé sur 1"
