"""Pedagogy notifications reach the right people, once, from background tasks; the daily e-mail digest."""

import email
import email.header
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import transaction
from plone import api
from Products.CMFPlone.tests.utils import MockMailHost
from zope.event import notify
from zope.globalrequest import getRequest
from zope.interface import alsoProvides, noLongerProvides

from cartable.annuaire import courriels
from cartable.core import horloge, notifications, periodique, tasks
from cartable.pedagogie.content.rendu import ICorrectionEnCours
from cartable.pedagogie.evenements import TravailAjoute
from cartable.pedagogie.suivi import notifications as suivi
from cartable.pedagogie.suivi import periodiques
from cartable.regles.agenda import Travail
from cartable.regles.dates_fr import date_fr
from tests.integration.test_pedagogie_workflows import creer, devoir_ouvert, monde, passer  # noqa: F401

PARIS = ZoneInfo("Europe/Paris")


def executer_les_taches(functional_demo):
    """Run the queued pedagogy jobs here, synchronously, as the worker would; their results."""
    huey = tasks.get_huey()
    resultats = []
    while (message := huey.dequeue()) is not None:
        _, nom, chemin, utilisateur, params = message.args
        if not nom.startswith("cartable.pedagogie.suivi."):
            continue  # the fixture's own jobs
        assert utilisateur == periodique.TECHNIQUE
        resultats.append(periodique.executer(functional_demo["zodbDB"], chemin, periodique.fonction_interne(nom), None, params))
    transaction.begin()  # see what they committed
    return resultats


@pytest.fixture
def prets(monde, functional_demo):
    """``monde``, once the jobs its fixture queued (the matrix Devoir's publication) have run."""
    executer_les_taches(functional_demo)
    return monde


def ids(monde, *roles):
    return {monde["annuaire"].par_login(monde["logins"][r]).id for r in roles}


def familles_de_3a(monde):
    annuaire = monde["annuaire"]
    eleves = [annuaire.personne(i) for i in annuaire.eleves(monde["structure"], "3A")]
    return suivi.avec_familles(annuaire, [e for e in eleves if e.actif])


def recus(portal, genre, cle=None):
    """Who has a notification of this kind (and key)."""
    boites = notifications._boites(portal) or {}
    return {p for p, boite in boites.items()
            if any(n["genre"] == genre and cle in (None, n["cle"]) for n in boite.notifications())}


def test_new_homework_reaches_the_students_and_their_families_once(prets, functional_demo):
    monde = prets
    portal = monde["portal"]
    devoir = devoir_ouvert(monde["espace"], "devoir-notifie", echeance=datetime(2026, 12, 3, 18, 0))
    en_tant_que_prof = monde["logins"]["enseignant"]
    with api.env.adopt_user(username=en_tant_que_prof):
        api.content.transition(obj=devoir, transition="publier")
    transaction.commit()
    cle = f"devoir:{devoir.UID()}"
    assert recus(portal, "devoir", cle) == set()  # nothing in the request: it was queued
    (resultat,) = executer_les_taches(functional_demo)
    attendus = familles_de_3a(monde)
    assert resultat == {"notifications": len(attendus)} and len(attendus) > 40
    assert recus(portal, "devoir", cle) == attendus
    assert ids(monde, "eleve", "parent", "parent_autre", "camarade") <= attendus
    assert not ids(monde, "enseignant", "eleve_autre", "cpe", "direction") & attendus
    (note,) = [n for n in notifications.lire(portal, ids(monde, "parent").pop()) if n["cle"] == cle]
    assert note["texte"] == "Nouveau devoir : Devoir du workflow, à rendre le jeudi 3 décembre à 18 h."
    # the same job again (a retry): merged, not duplicated
    devoir_uid = devoir.UID()
    suivi.lancer(portal, espace="/".join(monde["espace"].getPhysicalPath()), genre="devoir", titre=note["titre"],
                 texte=note["texte"], details=note["details"], cle=f"devoir:{devoir_uid}")
    transaction.commit()
    executer_les_taches(functional_demo)
    eleve = ids(monde, "eleve").pop()
    assert sum(1 for n in notifications.lire(portal, eleve) if n["cle"] == cle) == 1


def test_work_added_to_the_cahier_de_textes_reaches_the_same_people(prets, functional_demo):
    monde = prets
    espace = monde["espace"]
    travail = Travail(id="t-42", espace=espace.getId(), matiere=espace.matiere, titre="Exercices p. 12",
                      pour_le=date(2026, 12, 2), duree_minutes=20)
    notify(TravailAjoute(espace, travail))
    transaction.commit()
    executer_les_taches(functional_demo)
    assert recus(monde["portal"], "travail") == familles_de_3a(monde)
    (note,) = [n for n in notifications.lire(monde["portal"], ids(monde, "eleve").pop()) if n["genre"] == "travail"]
    assert note["titre"] == "Travail à faire : Exercices p. 12" and "pour le 02/12/2026" in note["texte"]


def test_a_restituted_mark_goes_to_the_student_and_their_parents_only(prets, functional_demo):
    monde = prets
    devoir = devoir_ouvert(monde["espace"], "devoir-corrige")
    passer(devoir, "publier")
    eleve = monde["eleve"]
    rendu = creer(devoir, "Rendu", eleve.id, title="Rendu", eleve=eleve.id, texte="Ma réponse.")
    transaction.commit()
    executer_les_taches(functional_demo)  # the publication's
    with api.env.adopt_user(username=monde["logins"]["eleve"]):
        api.content.transition(obj=rendu, transition="remettre")
    alsoProvides(getRequest(), ICorrectionEnCours)  # as the marking table does (test_devoirs_rendus goes through it)
    passer(rendu, "corriger")
    rendu.note, rendu.appreciation = "15.5", "Bon travail."  # what the marking table keeps
    passer(rendu, "restituer")
    noLongerProvides(getRequest(), ICorrectionEnCours)
    transaction.commit()
    executer_les_taches(functional_demo)
    famille = {eleve.id} | set(suivi.responsables_legaux(monde["annuaire"], eleve))
    assert recus(monde["portal"], "devoir_corrige") == famille
    assert ids(monde, "parent") <= famille and not ids(monde, "parent_autre", "camarade") & famille
    (note,) = [n for n in notifications.lire(monde["portal"], eleve.id) if n["genre"] == "devoir_corrige"]
    assert note["texte"] == "Devoir corrigé : Devoir du workflow. Note : 15,5/20. Appréciation : Bon travail."


def test_due_tomorrow_reminds_each_student_once_not_those_who_handed_in(prets, functional_demo):
    monde = prets
    portal = monde["portal"]
    devoir = devoir_ouvert(monde["espace"], "devoir-rappel", echeance=datetime(2026, 12, 10, 18, 0))
    passer(devoir, "publier")
    eleve = monde["eleve"]
    rendu = creer(devoir, "Rendu", eleve.id, title="Rendu", eleve=eleve.id, texte="Ma réponse.")
    with api.env.adopt_user(username=monde["logins"]["eleve"]):
        api.content.transition(obj=rendu, transition="remettre")
    transaction.commit()
    executer_les_taches(functional_demo)
    taches = {periodiques.RAPPELS.nom: periodiques.RAPPELS}
    huey = tasks.get_huey()
    veille_matin = datetime(2026, 12, 8, 23, 59, tzinfo=PARIS)  # two days before: not yet
    assert periodique.faire_le_tour(functional_demo["zodbDB"], "/plone", huey, veille_matin, taches) == {
        periodiques.RAPPELS.nom: {"rappels": 0}}
    veille = datetime(2026, 12, 9, 0, 1, tzinfo=PARIS)
    assert periodique.faire_le_tour(functional_demo["zodbDB"], "/plone", huey, veille, taches) == {
        periodiques.RAPPELS.nom: {"rappels": 1}}
    transaction.begin()
    eleves_3a = {e.id for e in suivi.eleves_de_l_espace(monde["annuaire"], monde["espace"])}
    assert recus(portal, "echeance") == eleves_3a - {eleve.id}  # students only; handed in: no reminder
    # later tours that day: the work was reminded, nothing more
    assert periodique.faire_le_tour(functional_demo["zodbDB"], "/plone", huey, veille + timedelta(hours=1), taches) == {
        periodiques.RAPPELS.nom: {"rappels": 0}}


def test_daily_digest_one_mail_per_person_with_unread_notifications_once_a_day(prets, functional_demo):
    monde = prets
    portal = monde["portal"]
    portal.MailHost = MockMailHost("MailHost")
    api.portal.set_registry_record("plone.email_from_address", "ne-pas-repondre@cartable.example")
    api.portal.set_registry_record(periodiques.HEURE_RESUME, "00:00")  # due whenever the test runs
    devoir = devoir_ouvert(monde["espace"], "devoir-resume")
    passer(devoir, "publier")
    transaction.commit()
    executer_les_taches(functional_demo)
    parent, parent_autre = ids(monde, "parent").pop(), ids(monde, "parent_autre").pop()
    notifications.marquer_lues(portal, parent_autre)  # read already: no mail for them
    transaction.commit()

    taches = {periodiques.RESUME.nom: periodiques.RESUME}
    huey = tasks.get_huey()
    maintenant = horloge.instant()
    bilan = periodique.faire_le_tour(functional_demo["zodbDB"], "/plone", huey, maintenant, taches)
    transaction.begin()
    annuaire = monde["annuaire"]
    avec_adresse = {p for p in familles_de_3a(monde) if annuaire.personne(p).mail} - {parent_autre}
    assert bilan == {periodiques.RESUME.nom: {"envoyes": len(avec_adresse)}} and avec_adresse
    courriels.envoyer_differes(portal, None, maintenant)  # the minute tour sends the queued e-mails
    transaction.commit()
    messages = [email.message_from_bytes(m) for m in portal.MailHost.messages]
    assert len(messages) == len(avec_adresse)
    (au_parent,) = [m for m in messages if m["To"] == annuaire.personne(parent).mail]
    sujet = str(email.header.make_header(email.header.decode_header(au_parent["Subject"])))
    assert sujet == f"Cartable : 2 notifications non lues du {date_fr(maintenant.astimezone(PARIS).date())}"  # the matrix's Devoir too
    corps = au_parent.get_payload(decode=True).decode("utf-8")
    assert corps.startswith(f"Bonjour {annuaire.personne(parent).prenom},")
    assert "Nouveau devoir : Devoir du workflow" in corps
    assert not [m for m in messages if m["To"] == annuaire.personne(parent_autre).mail]

    # the next tour of the day: not due; forced anyway, it sends nothing (idempotent per person and day)
    assert periodique.faire_le_tour(functional_demo["zodbDB"], "/plone", huey, maintenant + timedelta(minutes=1), taches) == {}
    huey.delete(f"{periodique.PREFIXE_DERNIERE}/plone:{periodiques.RESUME.nom}")
    assert periodique.faire_le_tour(functional_demo["zodbDB"], "/plone", huey, maintenant + timedelta(minutes=2), taches) == {
        periodiques.RESUME.nom: {"envoyes": 0}}
    transaction.begin()
    assert len(portal.MailHost.messages) == len(avec_adresse)


def test_the_worker_s_heartbeat_runs_every_registered_task_of_the_site(prets, functional_demo, monkeypatch):
    """battement → one tour queued → the internal runner (as the worker calls it) → every registered task, once."""
    import Zope2

    huey = tasks.get_huey()
    while huey.dequeue() is not None:
        pass
    periodique.executeur(huey)
    monkeypatch.setattr(Zope2, "DB", functional_demo["zodbDB"], raising=False)
    assert periodique.sites_de(functional_demo["zodbDB"]) == ["/plone"]
    assert periodique.battement(huey, ["/plone"]) == ["/plone"]
    assert periodique.battement(huey, ["/plone"]) == []  # queued: no second one
    message = huey.dequeue()
    bilan = periodique.executer_job(*message.args)
    enregistrees = set(periodique.taches_enregistrees())
    assert {periodiques.PUBLICATION.nom, periodiques.CLOTURE.nom, periodiques.RAPPELS.nom,
            periodiques.RESUME.nom} <= enregistrees
    # the digest's hour (18:00 Paris) may not have come yet when the test runs: every other one ran
    assert enregistrees - {periodiques.RESUME.nom} <= set(bilan) <= enregistrees
    assert not [r for r in bilan.values() if isinstance(r, dict) and "erreur" in r], bilan
    assert tasks.read_job(message.args[0])["state"] == "done"
    assert periodique.battement(huey, ["/plone"]) == ["/plone"]  # the tour is over: the next minute's comes
