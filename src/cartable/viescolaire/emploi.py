"""Whose timetable may be read, and the timetable itself (occurrences of a period)."""

from datetime import timedelta

from cartable.core.refus import Refus
from cartable.regles import acces
from cartable.regles.emploi_du_temps import lire_cle, occurrence


def _divisions_eleve(eleve, structure):
    return {d for s, d in eleve.classes + eleve.groupes if s == structure}


def occurrences_de(vs, annuaire, structure, lecteur, form, du, au):
    """(whose timetable, its occurrences from ``du`` to ``au``); the CPE and the direction read every one."""
    personne = lecteur.personne
    remplace = None  # a teacher's timetable also holds the courses given to them as a replacement
    refus = Refus(401 if lecteur.anonyme else 403, "Unauthorized", "Vous ne pouvez pas consulter cet emploi du temps.")
    if lecteur.anonyme:
        raise refus
    if form.get("eleve"):
        eleve = annuaire.personne(form["eleve"]) if annuaire is not None else None
        if eleve is None or not (lecteur.admin or acces.voit_eleve(annuaire, personne, eleve)):
            raise refus
        divisions = _divisions_eleve(eleve, structure)
        garder = lambda c: c.division[1] in divisions  # noqa: E731
        sujet = {"eleve": eleve.id, "nom": eleve.nom_complet}
    elif form.get("enseignant"):
        ident = form["enseignant"]
        enseignant = annuaire.personne(ident) if annuaire is not None else None
        soi = personne is not None and personne.id == ident
        # the vie scolaire reads the timetables of its establishment's staff: an identifier of another
        # establishment (or none) is refused as an unknown one, never turned into a name
        ici = enseignant is not None and (lecteur.admin or acces.est_personnel(enseignant, structure))
        if not (soi or (lecteur.est_vie_scolaire(structure) and ici)):
            raise refus
        garder = lambda c: ident in c.enseignants  # noqa: E731
        remplace = ident
        sujet = {"enseignant": ident, "nom": enseignant.nom_complet if enseignant is not None else ident}
    elif form.get("division"):
        code = form["division"]
        if not (lecteur.admin or acces.voit_division(annuaire, personne, structure, code)):
            raise refus
        garder = lambda c: c.division[1] == code  # noqa: E731
        sujet = {"division": code}
    elif form.get("salle"):
        if not (lecteur.admin or acces.est_personnel(personne, structure)):
            raise refus
        garder = lambda c: c.salle == form["salle"]  # noqa: E731
        sujet = {"salle": form["salle"]}
    elif personne is not None and personne.categorie == "Eleve":
        divisions = _divisions_eleve(personne, structure)
        garder = lambda c: c.division[1] in divisions  # noqa: E731
        sujet = {"eleve": personne.id, "nom": personne.nom_complet}
    elif personne is not None and personne.categorie == "PersEducNat":
        garder = lambda c: personne.id in c.enseignants  # noqa: E731
        remplace = personne.id
        sujet = {"enseignant": personne.id, "nom": personne.nom_complet}
    else:
        raise Refus(400, "BadRequest", "Précisez eleve=, enseignant=, division= ou salle=.")
    if vs is None:
        return sujet, []
    creneaux = [c for c in vs.tous_creneaux() if garder(c)]  # past weeks keep their slots
    sujet["_creneaux"] = {c.id for c in creneaux}  # for the page: the courses moved out of the week (not in the JSON)
    if remplace is None:
        return sujet, vs.occurrences(du, au, creneaux)
    confies = _slots_confies(vs, remplace, du, au) - {c.id for c in creneaux}
    creneaux += [c for c in vs.tous_creneaux() if c.id in confies]
    return sujet, [o for o in vs.occurrences(du, au, creneaux) if o.creneau not in confies or remplace in o.enseignants]


def deplaces_ailleurs(vs, creneaux, du, au):
    """(original occurrence, where it went) of the courses of these slots whose day is ``du``–``au`` and that
    were moved to another day: their empty place says where they went (a course moved within its day is seen there)."""
    partis = []
    if vs is None or vs.calendrier is None:
        return partis
    for cle, modification in vs.modifications.items(min=f"{du.isoformat()}@", max=f"{au.isoformat()}@\uffff"):
        origine = lire_cle(cle)
        if origine is None or origine[1] not in creneaux or modification.annule or (modification.date is None and modification.debut is None):
            continue
        creneau = vs.creneau_de(origine[1], origine[0])
        avant = occurrence(creneau, vs.calendrier, origine[0]) if creneau is not None else None
        apres = vs.occurrence(cle)
        if avant is not None and apres is not None and apres.date != avant.date:
            partis.append((avant, apres))
    return partis


FENETRE_REMPLACEMENTS = timedelta(days=62)  # a course is moved within two months of its day (the REST service's period)


def _slots_confies(vs, enseignant, du, au):
    """Ids of the slots of which an occurrence near ``du``–``au`` was given to ``enseignant`` as a replacement."""
    debut, fin = du - FENETRE_REMPLACEMENTS, au + FENETRE_REMPLACEMENTS
    return {cle.split("@", 1)[1] for cle, m in vs.modifications.items(min=f"{debut.isoformat()}@", max=f"{fin.isoformat()}@\uffff")
            if m.remplacants and enseignant in m.remplacants}


def emploi_du_temps(vs, annuaire, structure, lecteur, form, du, au):
    """The occurrences of one person, class or room as JSON (@emploi-du-temps)."""
    sujet, occ = occurrences_de(vs, annuaire, structure, lecteur, form, du, au)
    sujet.pop("_creneaux", None)
    return {
        **sujet,
        "du": du.isoformat(),
        "au": au.isoformat(),
        "items": [
            {"cle": o.cle, "date": o.date.isoformat(), "debut": o.debut, "fin": o.fin, "division": o.division[1], "code_matiere": o.matiere,
             "matiere": annuaire.matieres[o.matiere].valeur("ENTLibelleMatiere") if o.matiere in annuaire.matieres else o.matiere,
             "enseignants": [annuaire.personne(i).nom_complet if annuaire.personne(i) else i for i in o.enseignants],
             "salle": o.salle, "annule": o.annule, "motif": o.motif}
            for o in occ
        ],
    }
