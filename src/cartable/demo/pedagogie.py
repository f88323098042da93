"""Demo pedagogy: the course spaces of the region, and in the collège homework to do.

Deterministic (a seeded generator) and idempotent (a space that already has
content is left alone). Dates are relative to the day the demo is loaded, so
that the agenda shows the coming two weeks whenever it is opened:

- every class space of the collège gets, on its courses of the timetable
  (the occurrences of the space's class and subject, so that no entry is « hors
  emploi du temps »), what was done in each session of the past two weeks, and
  work for the next two weeks (one or two items a week, some of them tests to
  prepare, due on a session of the subject) written on its latest session;
- the French and mathematics spaces of the collège's classes get a published
  Devoir to hand in, given at their latest session, due in four to nine days;
- the French spaces also get a Devoir given ten days ago and due yesterday,
  handed in (text online) by about two students in three: the teachers have
  hand-ins to mark.

A space whose class has no course of its subject in the timetable keeps the
former way: its work written on the day of loading, out of the timetable.
"""

import random
from datetime import date, datetime, time, timedelta
from types import SimpleNamespace

from AccessControl import getSecurityManager
from plone import api

from cartable.annuaire.contenu import id_etablissement
from cartable.core import horloge
from cartable.pedagogie import espaces
from cartable.pedagogie.agenda import cahier
from cartable.pedagogie.content.devoir import instant
from cartable.pedagogie.content.espace import IEspaceCours
from cartable.pedagogie.devoirs.acces import nom_de_dossier
from cartable.regles import devoirs as regles_devoirs
from cartable.regles import droits_pedagogie as droits
from cartable.viescolaire.stockage import lire_vie_scolaire

TRAVAUX = ("Exercices de la page {p}", "Relire la leçon et faire la fiche de révision", "Apprendre le vocabulaire",
           "Préparer l'exposé", "Terminer l'activité commencée en classe")
DEVOIRS = {"francais": "Rédaction : raconter un souvenir", "mathematiques": "Devoir maison : problèmes de proportionnalité"}
DEVOIR_RENDU = "Questions sur le texte étudié"
SEANCES = ("Correction des exercices, puis nouvelle notion : {n}.", "Activité en groupes sur {n}, mise en commun.",
           "Cours : {n}. Trace écrite dans le cahier.", "Évaluation courte puis reprise de {n}.",
           "Exercices d'application sur {n}.")
NOTIONS = ("le chapitre en cours", "la leçon de la semaine", "les exemples du manuel", "le document étudié",
           "la méthode vue la semaine dernière")
REPONSES = ("Voici mes réponses aux questions : le narrateur raconte son enfance, le passage montre sa nostalgie.",
            "Question 1 : le texte est écrit à la première personne. Question 2 : le champ lexical du souvenir.",
            "Mes réponses : le personnage principal hésite, puis choisit de partir ; l'auteur crée du suspense.")


def espaces_de_classe(etablissement):
    for classe in etablissement.objectValues():
        for objet in classe.objectValues() if hasattr(classe, "objectValues") else ():
            if IEspaceCours.providedBy(objet) and not objet.libre and objet.genre == "classe":
                yield objet


def pedagogie_demo(site, annuaire, aujourd_hui: date | None = None):
    maintenant = horloge.maintenant() if aujourd_hui is None else datetime.combine(aujourd_hui, time(12, 0))
    aujourd_hui = maintenant.date()

    def ecrire_travaux(espace, jour, travaux, cle=None, contenu="Séance de la semaine."):
        """Through the cahier de textes' own writer, as the space's first teacher: history and agenda index follow."""
        profil = droits.espace_de(espace)
        enseignant = next((annuaire.personne(i) for i in sorted(annuaire.enseignants_de(profil.structure, profil.division))
                           if droits.enseigne_dans(annuaire, annuaire.personne(i), profil)), None)
        if enseignant is None:
            return
        lecteur = SimpleNamespace(annuaire=annuaire, personne=enseignant, login=enseignant.login, admin=False, anonyme=False)
        cahier.ecrire(espace, lecteur, {"date": jour.isoformat(), "contenu": contenu, **({"cle": cle} if cle else {}), "travaux": [
            {**t, "pour_le": t["pour_le"].isoformat()} for t in travaux]})

    with api.env.adopt_roles(["Manager"]):
        espaces.synchroniser(site, annuaire)
        for structure in annuaire.structures.values():
            if structure.type != "CLG":
                continue
            etablissement = site[id_etablissement(structure.uai)]
            seances = _seances(etablissement, structure.id, aujourd_hui)
            for espace in espaces_de_classe(etablissement):
                if len(espace.objectIds()) > 1 or cahier.cahier_de(espace).entrees:  # filled by an earlier run
                    continue
                hasard = random.Random(f"pedagogie-{espace.absolute_url(relative=True)}")
                du_cours = seances.get((espace.division, espace.matiere), [])
                passees = [o for o in du_cours if _debut(o) <= maintenant]
                _cahier(espace, aujourd_hui, hasard, ecrire_travaux, passees, [o for o in du_cours if o.date > aujourd_hui])
                titre = DEVOIRS.get(espace.getId())
                if titre:
                    _devoir(espace, titre, aujourd_hui, hasard, passees[-1] if passees else None)
                if espace.getId() == "francais":
                    _devoir_rendu(espace, annuaire, aujourd_hui, hasard, passees)


def _seances(etablissement, structure, aujourd_hui):
    """(division, subject) → the courses of the timetable, not cancelled, from two weeks ago to two weeks ahead."""
    vs = lire_vie_scolaire(etablissement)
    seances = {}
    if vs is None or vs.calendrier is None:
        return seances
    for occ in sorted(vs.occurrences(aujourd_hui - timedelta(days=14), aujourd_hui + timedelta(days=14)),
                      key=lambda o: (o.date, o.debut)):
        if not occ.annule and occ.division[0] == structure:
            seances.setdefault((occ.division[1], occ.matiere), []).append(occ)
    return seances


def _debut(occurrence) -> datetime:
    return datetime.combine(occurrence.date, datetime.strptime(occurrence.debut, "%H:%M").time())


def _cahier(espace, aujourd_hui, hasard, ecrire_travaux, passees, futures):
    """``passees``: the space's sessions begun by now (two weeks back); ``futures``: those after today."""
    travaux = []
    for semaine in range(2):
        for rang in range(hasard.randint(1, 2)):
            dans_la_semaine = [o.date for o in futures if semaine * 7 < (o.date - aujourd_hui).days <= semaine * 7 + 7]
            if dans_la_semaine:
                pour_le = hasard.choice(dans_la_semaine)
            else:
                pour_le = aujourd_hui + timedelta(days=semaine * 7 + hasard.randint(1, 6))
                if pour_le.weekday() >= 5:
                    pour_le += timedelta(days=7 - pour_le.weekday())
            titre = hasard.choice(TRAVAUX).format(p=hasard.randint(12, 240))
            evaluation = hasard.random() < 0.2
            if evaluation:
                titre = "Contrôle : réviser le chapitre en cours"
            travaux.append({"titre": titre, "pour_le": pour_le, "duree_minutes": hasard.choice((15, 20, 30, 45, 60)),
                            "evaluation": evaluation})
    if not passees:  # no course of this subject in the timetable lately: the work on the day of loading
        for travail in travaux:
            ecrire_travaux(espace, aujourd_hui, [travail])
        return
    for occ in passees:  # what was done in each session; the work given at the latest one
        contenu = hasard.choice(SEANCES).format(n=hasard.choice(NOTIONS))
        ecrire_travaux(espace, occ.date, travaux if occ is passees[-1] else [], cle=occ.cle, contenu=contenu)


def _devoir(espace, titre, aujourd_hui, hasard, seance=None):
    echeance = datetime.combine(aujourd_hui + timedelta(days=hasard.randint(4, 9)), time(18, 0))
    ouverture = _debut(seance) if seance is not None else datetime.combine(aujourd_hui - timedelta(days=1), time(8, 0))
    devoir = api.content.create(
        container=espace, type="Devoir", id="devoir-demo", title=titre,
        ouverture=ouverture, echeance=echeance,
        date_limite=echeance + timedelta(days=3), duree_minutes=60, texte_attendu=True,
    )
    api.content.transition(obj=devoir, transition="publier")
    return devoir


def _devoir_rendu(espace, annuaire, aujourd_hui, hasard, passees):
    """Given at a session about ten days ago, due yesterday evening, late hand-ins accepted for a week: about two
    students in three handed in their text on time, the others have not (yet). Left for the teacher to mark."""
    anciennes = [o for o in passees if 8 <= (aujourd_hui - o.date).days <= 14]
    seance = anciennes[-1] if anciennes else None
    ouverture = _debut(seance) if seance is not None else datetime.combine(aujourd_hui - timedelta(days=10), time(8, 0))
    echeance = datetime.combine(aujourd_hui - timedelta(days=1), time(18, 0))
    devoir = api.content.create(
        container=espace, type="Devoir", id="devoir-demo-remis", title=DEVOIR_RENDU,
        ouverture=ouverture, echeance=echeance, date_limite=echeance + timedelta(days=7), duree_minutes=45,
        texte_attendu=True,
    )
    api.content.transition(obj=devoir, transition="publier")
    regle = devoir.regle()
    chargeur = getSecurityManager().getUser().getId()
    profil = droits.espace_de(espace)
    for ident in sorted(annuaire.eleves(profil.structure, profil.division)):
        personne = annuaire.personne(ident)
        if personne is None or hasard.random() >= 0.67:
            continue
        remis = datetime.combine(echeance.date() - timedelta(days=hasard.randint(0, 3)), time(hasard.randint(17, 21), hasard.randint(0, 59)))
        remis = min(max(remis, ouverture + timedelta(hours=2)), echeance - timedelta(minutes=5))
        rendu = api.content.create(container=devoir, type="Rendu", id=personne.id, safe_id=False,
                                   title=f"Rendu de {nom_de_dossier(personne)}", eleve=personne.id)
        rendu.texte = hasard.choice(REPONSES)
        # the workflow's own transition, its guard checked: the loader stands for the student for that moment
        rendu.manage_setLocalRoles(chargeur, ["Auteur du rendu"])
        api.content.transition(obj=rendu, transition="remettre")
        # then the moment it was handed in (before the due date), as the rules compute it
        rendu.retenir(regles_devoirs.appliquer(regle, regles_devoirs.Rendu(eleve=personne.id), "remettre", personne.id,
                                               instant(remis)))
        rendu.manage_delLocalRoles([u for u, _ in rendu.get_local_roles()])  # the student's role comes from the directory
        rendu.reindexObjectSecurity()
    return devoir
