"""Background tasks that tell people what concerns them, in their in-app box (cartable.core.notifications).

- ``notifier_changements_edt``: a timetable change of the next 7 days, to the
  students of the classes touched, their legal responsables, and the teachers
  before and after the change;
- ``notifier_absences_du_jour``: one notification per parent and per day
  listing each child's unjustified absences of the day, not one per course.
  Queued by the roll call (``apres_appel``) when a register with absences is
  done; a re-run rebuilds the day and replaces the parent's notification of
  that day (key ``absences:<structure>:<day>``) instead of adding one.

Each person's notification is built by one small function: another channel
(e-mail) would be one more call next to ``deposer``.
"""

from datetime import date

from cartable.core import notifications
from cartable.core.tasks import cartable_task

TACHE_ABSENCES = "cartable.viescolaire.notifications.notifier_absences_du_jour"
PERMISSION = "zope2.View"  # queued by the application only, never through @cartable-tasks by a user


def _contexte(site, structure):
    from cartable.annuaire.contenu import id_etablissement
    from cartable.annuaire.stockage import lire_annuaire
    from cartable.viescolaire.stockage import lire_vie_scolaire

    annuaire = lire_annuaire(site)
    fiche = annuaire.structures.get(structure) if annuaire is not None else None
    etablissement = site.get(id_etablissement(fiche.uai)) if fiche is not None else None
    return annuaire, (lire_vie_scolaire(etablissement) if etablissement is not None else None)


def responsables_legaux(annuaire, eleve):
    """The active legal responsables of a student (ids)."""
    ids = []
    for lien in eleve.responsables:
        parent = annuaire.personne(lien.personne)
        if lien.representant_legal and parent is not None and parent.actif:
            ids.append(parent.id)
    return ids


def destinataires_changement(annuaire, structure, changement):
    """Students of the class, their legal responsables, the teachers before and after."""
    personnes = set(changement["enseignants"])
    for ident in annuaire.eleves(structure, changement["division"]):
        eleve = annuaire.personne(ident)
        if eleve is not None and eleve.actif:
            personnes.add(eleve.id)
            personnes.update(responsables_legaux(annuaire, eleve))
    return personnes


@cartable_task(permission=PERMISSION, title="Notifications de changement d'emploi du temps")
def notifier_changements_edt(site, progress, structure, titre, quand, changements):
    annuaire, _ = _contexte(site, structure)
    deposees = 0
    for rang, changement in enumerate(changements, start=1):
        texte = f"{changement['division']} : séance(s) concernée(s) {', '.join(changement['seances'])}."
        for personne in sorted(destinataires_changement(annuaire, structure, changement)):
            notifications.deposer(site, personne, quand, "emploi_du_temps", titre, texte,
                                  {"structure": structure, "division": changement["division"], "seances": changement["seances"]})
            deposees += 1
        if progress is not None:
            progress(rang, len(changements))
    return {"notifications": deposees}


# -- the family's grouped notification ---------------------------------------


def absences_non_justifiees(vs, jour):
    """{élève: [occurrence, …]} of the day's registers done: absences without a recevable motive."""
    from cartable.regles.declarations import motif_declare

    resultat = {}
    for cle, appel in vs.appels.items(min=f"{jour.isoformat()}@", max=f"{jour.isoformat()}@\uffff"):
        if appel.etat != "fait":
            continue
        occurrence = vs.occurrence(cle)
        if occurrence is None or occurrence.annule:
            continue
        for eleve, marque in appel.marques.items():
            if marque["type"] != "absence":
                continue
            motif = vs.motifs_absences.get((eleve, cle)) or motif_declare(vs.declarations_de(eleve), occurrence.date, occurrence.debut)
            if motif is None or not vs.motifs[motif]["recevable"]:
                resultat.setdefault(eleve, []).append(occurrence)
    return resultat


def _matiere(annuaire, code):
    matiere = annuaire.matieres.get(code)
    return matiere.valeur("ENTLibelleMatiere") if matiere is not None else code


def message_famille(annuaire, jour, enfants):
    """(title, text, details) of one parent's notification; ``enfants`` = [(élève, [occurrence])]."""
    titre = f"Absences non justifiées du {jour.strftime('%d/%m/%Y')}"
    phrases, details = [], []
    for eleve, occs in enfants:
        cours = [{"debut": o.debut, "fin": o.fin, "matiere": _matiere(annuaire, o.matiere)} for o in sorted(occs, key=lambda o: o.debut)]
        phrases.append(f"{eleve.nom_complet} : " + ", ".join(f"{c['debut']}-{c['fin']} ({c['matiere']})" for c in cours) + ".")
        details.append({"eleve": eleve.id, "nom": eleve.nom_complet, "cours": cours})
    texte = " ".join(phrases) + " Vous pouvez les justifier depuis l'espace vie scolaire."
    return titre, texte, {"date": jour.isoformat(), "enfants": details}


@cartable_task(permission=PERMISSION, title="Absences du jour aux familles")
def notifier_absences_du_jour(site, progress, structure, jour):
    annuaire, vs = _contexte(site, structure)
    if vs is None:
        return {"parents": 0}
    jour = date.fromisoformat(jour)
    par_parent = {}
    for ident, occs in sorted(absences_non_justifiees(vs, jour).items()):
        eleve = annuaire.personne(ident)
        if eleve is None or not eleve.actif:
            continue
        for parent in responsables_legaux(annuaire, eleve):
            par_parent.setdefault(parent, []).append((eleve, occs))
    from cartable.viescolaire.appels import maintenant

    quand = maintenant().isoformat(timespec="seconds")
    for parent, enfants in sorted(par_parent.items()):
        titre, texte, details = message_famille(annuaire, jour, enfants)
        notifications.deposer(site, parent, quand, "absences", titre, texte, details, cle=f"absences:{structure}:{jour.isoformat()}")
    return {"parents": len(par_parent)}


def fenetre(heure: str, limite: str) -> str:
    """The half-day of a time: one task per establishment, day and half-day is enough."""
    return "matin" if heure < limite else "apres-midi"


def apres_appel(vs, structure, appel, lecteur):
    """Hook of the roll call: a register done with absences queues the day's family notification.

    The idempotency key is (establishment, day, half-day) for the user who saves
    (the queue scopes keys per user): a few runs a day at most, each one merging.
    """
    if appel.etat != "fait" or not any(m["type"] == "absence" for m in appel.marques.values()):
        return None
    from plone import api

    from cartable.core import tasks
    from cartable.viescolaire.appels import maintenant

    jour = appel.cle.split("@", 1)[0]
    moment = maintenant()
    cle = f"absences-familles:{structure}:{jour}:{fenetre(moment.strftime('%H:%M'), vs.limite_demi_journee)}"
    return tasks.enqueue(TACHE_ABSENCES, api.portal.get().getPhysicalPath(), lecteur.login,
                         {"structure": structure, "jour": jour}, idempotency_key=cle)
