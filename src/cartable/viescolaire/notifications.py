"""Background tasks that tell people what concerns them, in their in-app box (cartable.core.notifications).

- ``notifier_changements_edt``: a timetable change of the next 7 days, to the
  students of the classes touched, their legal responsables, and the teachers
  before and after the change;
- ``notifier_absences_du_jour``: one notification per parent and per day
  listing each child's unjustified absences of the day, not one per course.
  Queued by the roll call (``apres_appel``) when a register with absences is
  done; a re-run rebuilds the day and replaces the parent's notification of
  that day (key ``absences:<structure>:<day>``) instead of adding one.

Coalescing per establishment and day: a register done with absences arms the
mark "day D of establishment S pending since t" in the queue's key/value
store (atomic ``put_if_empty``, after its commit); only the register that
arms it queues a run, ``DELAI_ABSENCES`` seconds later. The run takes the
mark away first and only then reads the day, in a fresh snapshot: a register
committed before the mark was taken is in that snapshot, and one committed
after finds no mark, arms it again and queues the next run — no absence is
lost, and at 8:00 an establishment gets a run every ``DELAI_ABSENCES``
seconds, not one per teacher.

Both tasks check who asks again (the queue runs them as that user): the vie
scolaire or direction of the establishment, the regional administrator, and
for the day's absences also whoever took part in one of the day's registers.

Each person's notification is built by one small function: another channel
(e-mail) would be one more call next to ``deposer``.
"""

import time
from datetime import date
from datetime import time as horaire

import transaction

from cartable.core import horloge, notifications
from cartable.core.refus import Refus
from cartable.core.tasks import cartable_task, get_huey
from cartable.regles.acces import responsables_legaux  # noqa: F401  (also read here by the tests)
from cartable.regles.dates_fr import date_fr, heure_fr

TACHE_ABSENCES = "cartable.viescolaire.notifications.notifier_absences_du_jour"
PERMISSION = "zope2.View"  # queued by the application only, never through @cartable-tasks by a user
DELAI_ABSENCES = 60  # seconds: the registers done meanwhile go in the same run
MARQUE_OUBLIEE = 15 * 60  # a mark whose run should have started this long ago lost its job: re-armed
PREFIXE_MARQUE = "cartable:absences-a-notifier:"


def _contexte(site, structure):
    from cartable.annuaire.contenu import id_etablissement
    from cartable.annuaire.stockage import lire_annuaire
    from cartable.viescolaire.stockage import lire_vie_scolaire

    annuaire = lire_annuaire(site)
    fiche = annuaire.structures.get(structure) if annuaire is not None else None
    etablissement = site.get(id_etablissement(fiche.uai)) if fiche is not None else None
    return annuaire, (lire_vie_scolaire(etablissement) if etablissement is not None else None)


def destinataires_changement(annuaire, structure, changement):
    """Students of the class, their legal responsables, the teachers before and after."""
    personnes = set(changement["enseignants"])
    for ident in annuaire.eleves(structure, changement["division"]):
        eleve = annuaire.personne(ident)
        if eleve is not None and eleve.actif:
            personnes.add(eleve.id)
            personnes.update(responsables_legaux(annuaire, eleve))
    return personnes


def _lecteur_habilite(site, structure, vs=None, jour=None):
    """The asking user, when they may have this establishment's people notified (else a Refus)."""
    from cartable.annuaire.lecteur import Lecteur

    lecteur = Lecteur(site)
    if lecteur.est_vie_scolaire(structure) or (vs is not None and prend_part_aux_appels(vs, jour, lecteur)):
        return lecteur
    raise Refus(403, "Forbidden", "Seules la vie scolaire et la direction de l'établissement font envoyer ces notifications.")


def prend_part_aux_appels(vs, jour, lecteur):
    """Whether the reader did, marked or teaches one of the day's registers done (whom the roll-call hook queues for)."""
    if lecteur.login is None:
        return False
    for occurrence, appel in vs.appels_tenus(jour, jour):
        if appel.etat != "fait":
            continue
        if appel.fait_par == lecteur.login or any(entree[1] == lecteur.login for entree in appel.journal):
            return True
        if lecteur.personne is not None and lecteur.personne.id in occurrence.enseignants:
            return True
    return False


@cartable_task(permission=PERMISSION, title="Notifications de changement d'emploi du temps")
def notifier_changements_edt(site, progress, structure, titre, quand, changements):
    _lecteur_habilite(site, structure)
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
    """{élève: [occurrence, …]} of the day's registers done: the absences the half-day rule counts and that no
    recevable motive justifies — never one on a course the student is exempted from, nor one whose motive is
    « présent dans l'établissement » (an exclusion from class, the infirmary): families are told only of
    absences that count."""
    from cartable.regles.declarations import motif_declare

    resultat = {}
    for occurrence, appel in vs.appels_tenus(jour, jour):
        if appel.etat != "fait" or occurrence.annule:
            continue
        for eleve, marque in appel.marques.items():
            if marque["type"] != "absence" or vs.dispense(eleve, occurrence.matiere, occurrence.date) is not None:
                continue
            motif = vs.motifs_absences.get((eleve, occurrence.cle)) or motif_declare(vs.declarations_de(eleve), occurrence.date, occurrence.debut)
            regle = vs.motifs.get(motif) if motif is not None else None
            if regle is not None and regle["present"]:
                continue
            if regle is None or not regle["recevable"]:
                resultat.setdefault(eleve, []).append(occurrence)
    return resultat


def _matiere(annuaire, code):
    matiere = annuaire.matieres.get(code)
    return matiere.valeur("ENTLibelleMatiere") if matiere is not None else code


def _heure(texte):
    """« 08:30 » → « 8 h 30 »."""
    heures, minutes = (int(x) for x in texte.split(":"))
    return heure_fr(horaire(heures, minutes))


def message_famille(annuaire, jour, enfants):
    """(title, text, details) of one parent's notification; ``enfants`` = [(élève, [occurrence])]."""
    titre = f"Absences non justifiées du {date_fr(jour)}"
    phrases, details = [], []
    for eleve, occs in enfants:
        cours = [{"debut": o.debut, "fin": o.fin, "matiere": _matiere(annuaire, o.matiere)} for o in sorted(occs, key=lambda o: o.debut)]
        phrases.append(f"{eleve.nom_complet} : " + ", ".join(f"de {_heure(c['debut'])} à {_heure(c['fin'])} ({c['matiere']})"
                                                           for c in cours) + ".")
        details.append({"eleve": eleve.id, "nom": eleve.nom_complet, "cours": cours})
    texte = " ".join(phrases) + " Vous pouvez les justifier depuis Mon bureau."
    return titre, texte, {"date": jour.isoformat(), "enfants": details}


def cle_marque(site_path, structure, jour) -> str:
    chemin = "/".join(site_path) if isinstance(site_path, (list, tuple)) else site_path
    return f"{PREFIXE_MARQUE}{chemin}:{structure}:{jour}"


def armer(huey, marque, depuis) -> bool:
    """After a register's commit: arm the day's mark; true when this register must queue the run."""
    prevu = time.time() + DELAI_ABSENCES
    if huey.put_if_empty(marque, {"depuis": depuis, "prevu": prevu}):
        return True
    ancienne = huey.get(marque, peek=True)
    if ancienne is not None and ancienne["prevu"] < time.time() - MARQUE_OUBLIEE:
        huey.put(marque, {"depuis": ancienne["depuis"], "prevu": prevu})  # its run was lost (queue down)
        return True
    return False  # a run not started yet will take the mark, after this commit: it reads this register


def prendre_la_marque(site, structure, jour):
    """Take the day's mark away, then read from a fresh snapshot (see the module's docstring)."""
    marque = get_huey().get(cle_marque(site.getPhysicalPath(), structure, jour.isoformat()))  # get = pop
    transaction.begin()  # nothing written yet: the connection syncs to what is committed now
    return marque


@cartable_task(permission=PERMISSION, title="Absences du jour aux familles")
def notifier_absences_du_jour(site, progress, structure, jour):
    jour = date.fromisoformat(jour)
    _lecteur_habilite(site, structure, _contexte(site, structure)[1], jour)  # before the mark is taken: a refusal leaves it
    prendre_la_marque(site, structure, jour)
    annuaire, vs = _contexte(site, structure)
    if vs is None:
        return {"parents": 0}
    par_parent = {}
    for ident, occs in sorted(absences_non_justifiees(vs, jour).items()):
        eleve = annuaire.personne(ident)
        if eleve is None or not eleve.actif:
            continue
        for parent in responsables_legaux(annuaire, eleve):
            par_parent.setdefault(parent, []).append((eleve, occs))
    quand = horloge.maintenant().isoformat(timespec="seconds")
    for parent, enfants in sorted(par_parent.items()):
        titre, texte, details = message_famille(annuaire, jour, enfants)
        notifications.deposer(site, parent, quand, "absences", titre, texte, details, cle=f"absences:{structure}:{jour.isoformat()}")
    return {"parents": len(par_parent)}


def apres_appel(vs, structure, appel, lecteur):
    """Hook of the roll call: a register done with absences arms the day's mark; the one that arms it queues the run.

    Returns the job id (which names no job when the mark was already armed).
    """
    if appel.etat != "fait" or not any(m["type"] == "absence" for m in appel.marques.values()):
        return None
    from plone import api

    from cartable.core import tasks


    jour = appel.cle.split("@", 1)[0]
    site_path = api.portal.get().getPhysicalPath()
    marque, depuis = cle_marque(site_path, structure, jour), horloge.maintenant().isoformat(timespec="seconds")
    return tasks.enqueue(TACHE_ABSENCES, site_path, lecteur.login, {"structure": structure, "jour": jour},
                         delay=DELAI_ABSENCES, condition=lambda huey: armer(huey, marque, depuis))
