"""Reading the agenda index: a student's agenda, a class's workload, a teacher's work.

The Sunday-evening path: the directory gives the student's classes and
groups (O(log n) each), each is one range read of its establishment's index,
the ticks are one set; no catalog query, no course space or cahier woken up,
nothing written. A Devoir's « Remis le … » is the student's Remise in the same index (one small tree per
student), as Mon bureau's « Devoirs à rendre » reads it.
"""

from datetime import date, timedelta

from cartable.annuaire.contenu import id_etablissement
from cartable.pedagogie.agenda.stockage import lire_faits, lire_index
from cartable.pedagogie.devoirs.rendus import etat_de, rendu_de
from cartable.regles import acces
from cartable.regles import agenda as regles_agenda
from cartable.regles import cahier_de_textes as regles
from cartable.regles.agenda import Remise
from cartable.regles.dates_fr import date_fr
from cartable.regles.devoirs import en_heure_de_paris

CHARGE_MAX_JOURS = 62


def etablissement(site, annuaire, structure):
    fiche = annuaire.structures.get(structure)
    return site.get(id_etablissement(fiche.uai)) if fiche is not None and fiche.uai else None


def divisions_par_structure(couples) -> dict:
    """{structure: {division}} of (structure, division) pairs."""
    par_structure = {}
    for structure, division in couples:
        par_structure.setdefault(structure, set()).add(division)
    return par_structure


def inscriptions_et_index(site, annuaire, couples, du: date, au: date):
    """(Inscription, the establishment's agenda index) of these (structure, division) due from ``du`` to ``au``."""
    for structure, divisions in sorted(divisions_par_structure(couples).items()):
        etab = etablissement(site, annuaire, structure)
        index = lire_index(etab) if etab is not None else None
        if index is None:
            continue
        for division in sorted(divisions):
            bas, haut = regles.bornes(division, du, au)
            for inscription in index.travaux.values(min=bas, max=haut):
                yield inscription, index


def inscriptions(site, annuaire, couples, du: date, au: date) -> list:
    """The Inscriptions of these (structure, division) due from ``du`` to ``au``."""
    return [inscription for inscription, _ in inscriptions_et_index(site, annuaire, couples, du, au)]


def divisions_de_l_eleve(eleve) -> list:
    return list(eleve.classes) + list(eleve.groupes)


def remises_de(site, annuaire, eleve):
    """{travail id: Remise} of the student's hand-ins in their establishments' agenda indexes (a few reads of
    their own tree); None when one of these indexes has no remises yet (made before the upgrade step 1004:
    the caller then opens the Devoirs)."""
    remises = {}
    for structure in sorted(divisions_par_structure(divisions_de_l_eleve(eleve))):
        etab = etablissement(site, annuaire, structure)
        index = lire_index(etab) if etab is not None else None
        if index is None:
            continue
        if index.remises is None:
            return None
        du_eleve = index.remises.get(eleve.id)
        if du_eleve is not None:
            remises.update(du_eleve.items())
    return remises


# --- Who reads a student's agenda ---------------------------------------------------------


def peut_lire(lecteur, eleve) -> bool:
    """The student, their legal responsables, the vie scolaire of their establishments (and the admin)."""
    if eleve is None or eleve.categorie != "Eleve" or not eleve.actif:
        return False
    if lecteur.admin:
        return True
    personne = lecteur.personne
    if personne is None:
        return False
    if personne.id == eleve.id or acces.responsable_legal(personne, eleve):
        return True
    structures = set(eleve.rattachements) | {s for s, _ in divisions_de_l_eleve(eleve)}
    return any(acces.est_vie_scolaire(personne, s) for s in structures)


# --- The agenda ------------------------------------------------------------------------------


def url(portal_url, chemin):
    return f"{portal_url}/{chemin}" if chemin else None


def agenda_eleve(site, annuaire, eleve, aujourd_hui, du=None, au=None, portal_url="") -> dict:
    """The student's agenda as JSON-ready data (``regles.agenda.agenda`` + ``agenda_json``, with links)."""
    du, au, defaut = regles.fenetre(aujourd_hui, du, au)
    trouvees = inscriptions(site, annuaire, divisions_de_l_eleve(eleve), du, au)
    faits_store = lire_faits(site)
    faits = faits_store.de(eleve.id) if faits_store is not None else ()
    # a Devoir handed in is work done: never « en retard », its state said instead of a tick
    remises = remises_de(site, annuaire, eleve)
    remis = {i.travail.id: texte_remis(remises.get(i.travail.id)) if remises is not None else remis_texte(site, i.travail.devoir, eleve.id)
             for i in trouvees if i.source == "devoir" and i.travail.devoir}
    remis = {ident: texte for ident, texte in remis.items() if texte}
    jours = regles_agenda.agenda([i.travail for i in trouvees], set(faits) | set(remis), du, au, aujourd_hui=aujourd_hui)
    if defaut:
        jours = regles.elaguer(jours, aujourd_hui)
    par_id = {i.travail.id: i for i in trouvees}
    donnees = regles_agenda.agenda_json(jours)
    for jour in donnees:
        jour["libelle"] = regles_agenda.date_fr(date.fromisoformat(jour["date"]))
        for travail in jour["travaux"]:
            inscription = par_id[travail["id"]]
            travail["espace_titre"] = inscription.espace_titre
            travail["espace_url"] = url(portal_url, travail["espace"])
            travail["devoir_url"] = url(portal_url, travail["devoir"])
            travail["duree"] = regles_agenda.duree_fr(travail["duree_minutes"]) if travail["duree_minutes"] else ""
            travail["remis_texte"] = remis.get(travail["id"], "")
    return {
        "eleve": {"id": eleve.id, "prenom": eleve.prenom, "nom": eleve.nom},
        "aujourd_hui": aujourd_hui.isoformat(), "du": du.isoformat(), "au": au.isoformat(),
        "jours": donnees,
    }


REMIS = ("remis", "corrige", "restitue")


def texte_remis(remise) -> str:
    """« Remis le jeudi 3 décembre » once the student handed this Devoir in (their Remise in the index), else ""."""
    if remise is None or remise.remis_le is None or remise.etat not in REMIS:
        return ""
    return f"Remis le {date_fr(en_heure_de_paris(remise.remis_le).date())}"


def remis_texte(site, chemin_devoir, eleve_id) -> str:
    """``texte_remis`` from the Devoir and its Rendu, for an index made before the upgrade step 1004."""
    devoir = site.unrestrictedTraverse(chemin_devoir, None)
    rendu = rendu_de(devoir, eleve_id) if devoir is not None and hasattr(devoir, "get") else None
    return texte_remis(Remise(etat_de(rendu), rendu.remis_le) if rendu is not None else None)


def travail_de_l_eleve(site, annuaire, eleve, travail_id) -> bool:
    """Is this work item in one of the student's classes or groups? (a tick of anything else is refused)"""
    for structure, divisions in divisions_par_structure(divisions_de_l_eleve(eleve)).items():
        etab = etablissement(site, annuaire, structure)
        index = lire_index(etab) if etab is not None else None
        cle = index.cles.get(travail_id) if index is not None else None
        if cle is not None and cle[0] in divisions:
            return True
    return False


# --- Charge de travail --------------------------------------------------------------------------


def divisions_de_la_charge(annuaire, structure, division) -> set:
    """A class and the groups its students belong to (a group's work weighs on the class: warned on the safe side)."""
    couples = {(structure, division)}
    for eleve_id in annuaire.eleves(structure, division):
        eleve = annuaire.personne(eleve_id)
        if eleve is not None and eleve.actif:
            couples |= {(s, g) for s, g in eleve.groupes if s == structure}
    return couples


def charge(site, annuaire, structure, division, du: date, au: date, sans=None) -> dict:
    """{"jours": [{"date", "minutes", "evaluations", "alerte"}]}, every day from ``du`` to ``au``.

    ``alerte`` is the warning a teacher gets when adding work due that day
    (``regles.agenda.alerte_charge``); ``sans`` leaves out the work item being
    edited, so it does not warn about itself.
    """
    trouvees = [i.travail for i in inscriptions(site, annuaire, divisions_de_la_charge(annuaire, structure, division), du, au)
                if i.travail.id != sans]
    par_jour = regles_agenda.charge_de_travail(trouvees, du, au)
    jours = []
    jour = du
    while jour <= au:
        c = par_jour.get(jour, regles_agenda.Charge())
        jours.append({"date": jour.isoformat(), "minutes": c.minutes, "evaluations": c.evaluations,
                      "alerte": regles_agenda.alerte_charge(par_jour, jour)})
        jour += timedelta(days=1)
    return {"division": division, "du": du.isoformat(), "au": au.isoformat(), "jours": jours}


# --- Feeds ---------------------------------------------------------------------------------------------


def travaux_du_flux(site, annuaire, personne, aujourd_hui):
    """(work items, ticks) of a person's iCalendar feed: a student's own; a parent's children
    (first name in each summary); a teacher the work of the subjects they teach."""
    du, au = aujourd_hui - timedelta(days=regles.FENETRE_JOURS), aujourd_hui + timedelta(days=regles.FENETRE_MAX_JOURS - 14)
    faits_store = lire_faits(site)
    if personne.categorie == "Eleve":
        trouvees = inscriptions(site, annuaire, divisions_de_l_eleve(personne), du, au)
        return [i.travail for i in trouvees], set(faits_store.de(personne.id)) if faits_store is not None else set()
    if personne.categorie == "PersRelEleve":
        travaux, faits = [], set()
        for enfant in acces.enfants_visibles(annuaire, personne):
            coches = set(faits_store.de(enfant.id)) if faits_store is not None else set()
            for i in inscriptions(site, annuaire, divisions_de_l_eleve(enfant), du, au):
                t = regles.pour_un_enfant(i.travail, enfant.id, enfant.prenom)
                travaux.append(t)
                if i.travail.id in coches:
                    faits.add(t.id)
        return travaux, faits
    matieres = {}
    for s, d, m in personne.enseignements:
        if m:
            matieres.setdefault((s, d), set()).add(m)
    travaux = []
    for couple, codes in sorted(matieres.items()):
        travaux += [i.travail for i in inscriptions(site, annuaire, [couple], du, au) if i.matiere_code in codes]
    return travaux, set()
