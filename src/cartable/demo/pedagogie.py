"""Demo pedagogy: the course spaces of the region, and in the collège homework to do.

Deterministic (a seeded generator) and idempotent (a space that already has
content is left alone). Dates are relative to the day the demo is loaded, so
that the agenda shows the coming two weeks whenever it is opened:

- every class space of the collège gets work in its cahier de textes for the
  next two weeks (one or two items a week, some of them tests to prepare);
- the French and mathematics spaces of the collège's classes get a published
  Devoir to hand in, due in four to nine days.
"""

import random
from datetime import date, datetime, time, timedelta
from types import SimpleNamespace

from plone import api

from cartable.annuaire.contenu import id_etablissement
from cartable.core import horloge
from cartable.pedagogie import espaces
from cartable.pedagogie.agenda import cahier
from cartable.pedagogie.content.espace import IEspaceCours
from cartable.regles import droits_pedagogie as droits

TRAVAUX = ("Exercices de la page {p}", "Relire la leçon et faire la fiche de révision", "Apprendre le vocabulaire",
           "Préparer l'exposé", "Terminer l'activité commencée en classe")
DEVOIRS = {"francais": "Rédaction : raconter un souvenir", "mathematiques": "Devoir maison : problèmes de proportionnalité"}


def espaces_de_classe(etablissement):
    for classe in etablissement.objectValues():
        for objet in classe.objectValues() if hasattr(classe, "objectValues") else ():
            if IEspaceCours.providedBy(objet) and not objet.libre and objet.genre == "classe":
                yield objet


def pedagogie_demo(site, annuaire, aujourd_hui: date | None = None):
    aujourd_hui = aujourd_hui or horloge.aujourd_hui()

    def ecrire_travaux(espace, jour, travaux):
        """Through the cahier de textes' own writer, as the space's first teacher: history and agenda index follow."""
        profil = droits.espace_de(espace)
        enseignant = next((annuaire.personne(i) for i in sorted(annuaire.enseignants_de(profil.structure, profil.division))
                           if droits.enseigne_dans(annuaire, annuaire.personne(i), profil)), None)
        if enseignant is None:
            return
        lecteur = SimpleNamespace(annuaire=annuaire, personne=enseignant, login=enseignant.login, admin=False, anonyme=False)
        cahier.ecrire(espace, lecteur, {"date": jour.isoformat(), "contenu": "Séance de la semaine.", "travaux": [
            {**t, "pour_le": t["pour_le"].isoformat()} for t in travaux]})

    with api.env.adopt_roles(["Manager"]):
        espaces.synchroniser(site, annuaire)
        for structure in annuaire.structures.values():
            if structure.type != "CLG":
                continue
            for espace in espaces_de_classe(site[id_etablissement(structure.uai)]):
                if len(espace.objectIds()) > 1 or cahier.cahier_de(espace).entrees:  # filled by an earlier run
                    continue
                hasard = random.Random(f"pedagogie-{espace.absolute_url(relative=True)}")
                _cahier(espace, aujourd_hui, hasard, ecrire_travaux)
                titre = DEVOIRS.get(espace.getId())
                if titre:
                    _devoir(espace, titre, aujourd_hui, hasard)


def _cahier(espace, aujourd_hui, hasard, ecrire_travaux):
    for semaine in range(2):
        for rang in range(hasard.randint(1, 2)):
            pour_le = aujourd_hui + timedelta(days=semaine * 7 + hasard.randint(1, 6))
            if pour_le.weekday() >= 5:
                pour_le += timedelta(days=7 - pour_le.weekday())
            titre = hasard.choice(TRAVAUX).format(p=hasard.randint(12, 240))
            evaluation = hasard.random() < 0.2
            if evaluation:
                titre = "Contrôle : réviser le chapitre en cours"
            ecrire_travaux(espace, aujourd_hui, [{"titre": titre, "pour_le": pour_le, "duree_minutes": hasard.choice((15, 20, 30, 45, 60)),
                                                  "evaluation": evaluation}])


def _devoir(espace, titre, aujourd_hui, hasard):
    echeance = datetime.combine(aujourd_hui + timedelta(days=hasard.randint(4, 9)), time(18, 0))
    devoir = api.content.create(
        container=espace, type="Devoir", id="devoir-demo", title=titre,
        ouverture=datetime.combine(aujourd_hui - timedelta(days=1), time(8, 0)), echeance=echeance,
        date_limite=echeance + timedelta(days=3), duree_minutes=60, texte_attendu=True,
    )
    api.content.transition(obj=devoir, transition="publier")
    return devoir
