"""Retention: the daily purge of what is kept too long (registry: years), with a dry run.

- roll-call details of a student deactivated in the directory more than
  ``cartable.rgpd.retention_appels_annees`` years ago: their marks in every
  register of every establishment they attended, the register's correction
  lines about them, the vie scolaire's motives for their absences;
- the CPE's confidential follow-up notes of such a student after
  ``cartable.rgpd.retention_notes_suivi_annees`` years;
- the read log (journal.py) after ``cartable.rgpd.retention_journal_acces_annees`` years.

The counts (half-days, LSU) of closed years are in the exports already sent;
the directory record itself stays (deactivation keeps the history, DESIGN).
A student purged once is remembered (an annotation of the site: student →
day of the purge) so that the next nights do not walk the registers again.
The walk: one pass over an establishment's registers for all its aged
students at once; the students come from one pass over the directory's
people (a nightly job: acceptable, not on any request path).
"""

from datetime import datetime, time

from BTrees.OOBTree import OOBTree
from persistent.list import PersistentList
from plone import api
from zope.annotation.interfaces import IAnnotations

from cartable.annuaire.contenu import id_etablissement
from cartable.annuaire.stockage import lire_annuaire
from cartable.core import horloge
from cartable.core.periodique import Quotidien, TachePeriodique
from cartable.policy.rgpd import journal
from cartable.regles import rgpd as regles
from cartable.viescolaire.stockage import lire_vie_scolaire
from cartable.viescolaire.suivi import etablissements_de

HEURE = "cartable.rgpd.heure_retention"
CLE_PURGES = "cartable.rgpd.purges"  # student id → {"appels": ISO day, "notes_suivi": ISO day}


def annees(genre) -> int:
    nom, defaut = regles.RETENTION[genre]
    try:
        valeur = api.portal.get_registry_record(nom, default=defaut)
    except Exception:  # noqa: BLE001 — a bare site without the registry: the default
        valeur = defaut
    return regles.lire_annees(valeur, defaut)


def _perimes(annuaire, aujourd_hui, purges):
    """{genre: [(student, day they left)]} of the students old enough to purge, not purged yet."""
    seuils = {genre: annees(genre) for genre in ("appels", "notes_suivi")}
    resultat = {genre: [] for genre in seuils}
    for personne in annuaire.personnes.values():
        if personne.categorie != "Eleve" or personne.actif:
            continue
        quitte_le = regles.depart(personne.historique)
        for genre, n in seuils.items():
            if regles.perime(quitte_le, aujourd_hui, n) and genre not in (purges.get(personne.id) or {}):
                resultat[genre].append((personne, quitte_le))
    return resultat


def appliquer(site, essai=True) -> dict:
    """What the purge removes (``essai``: only says it, writes nothing)."""
    aujourd_hui = horloge.aujourd_hui()
    annuaire = lire_annuaire(site)
    purges = IAnnotations(site).get(CLE_PURGES) or {}
    perimes = _perimes(annuaire, aujourd_hui, purges) if annuaire is not None else {"appels": [], "notes_suivi": []}
    par_etab = {}
    for genre, liste in perimes.items():
        for eleve, quitte_le in liste:
            for structure in etablissements_de(eleve):
                par_etab.setdefault(structure, {"appels": {}, "notes_suivi": {}})[genre][eleve.id] = (eleve, quitte_le)
    eleves = {}
    for structure, genres in sorted(par_etab.items()):
        fiche = annuaire.structures.get(structure)
        contenu = site.get(id_etablissement(fiche.uai)) if fiche is not None and fiche.uai else None
        vs = lire_vie_scolaire(contenu) if contenu is not None else None
        if vs is None:
            continue
        nom_etab = fiche.nom or fiche.uai
        compte = _purger_appels(vs, set(genres["appels"]), essai)
        for ident, (eleve, quitte_le) in genres["appels"].items():
            ligne = eleves.setdefault(ident, _ligne(eleve, quitte_le))
            ligne["etablissements"].append(nom_etab)
            ligne["marques"] += compte["marques"].get(ident, 0)
            ligne["corrections"] += compte["corrections"].get(ident, 0)
            ligne["motifs"] += compte["motifs"].get(ident, 0)
        for ident, (eleve, quitte_le) in genres["notes_suivi"].items():
            notes = vs.notes_suivi.get(ident)
            ligne = eleves.setdefault(ident, _ligne(eleve, quitte_le))
            ligne["notes_suivi"] += len(notes) if notes else 0
            if notes is not None and not essai:
                del vs.notes_suivi[ident]
    if not essai:
        if CLE_PURGES not in IAnnotations(site):
            IAnnotations(site)[CLE_PURGES] = OOBTree()
        registre = IAnnotations(site)[CLE_PURGES]
        for genre, liste in perimes.items():
            for eleve, _ in liste:
                registre[eleve.id] = {**(registre.get(eleve.id) or {}), genre: aujourd_hui.isoformat()}
    seuil_journal = datetime.combine(regles.ans_avant(aujourd_hui, annees("journal_acces")), time()).timestamp()
    lignes_journal = journal.magasin().purger(seuil_journal, essai=essai)
    return {
        "essai": essai, "le": aujourd_hui.isoformat(),
        "regles": {genre: annees(genre) for genre in regles.RETENTION},
        "eleves": sorted(eleves.values(), key=lambda e: (e["nom"], e["id"])),
        "journal_acces": lignes_journal,
    }


def _ligne(eleve, quitte_le):
    return {"id": eleve.id, "nom": eleve.nom_complet, "parti_le": quitte_le.isoformat(), "parti_le_texte": regles.quand_fr(quitte_le),
            "etablissements": [], "marques": 0, "corrections": 0, "motifs": 0, "notes_suivi": 0}


def _purger_appels(vs, eleves, essai):
    """One pass over the registers for all these students: their marks, correction lines and motives."""
    compte = {"marques": {}, "corrections": {}, "motifs": {}}
    if not eleves:
        return compte
    for appel in vs.appels.values():
        touches = eleves & set(appel.marques)
        for ident in touches:
            compte["marques"][ident] = compte["marques"].get(ident, 0) + 1
            if not essai:
                del appel.marques[ident]
        lignes = [ligne for ligne in appel.journal if len(ligne) > 2 and ligne[2] in eleves]
        for ligne in lignes:
            compte["corrections"][ligne[2]] = compte["corrections"].get(ligne[2], 0) + 1
        if lignes and not essai:
            appel.journal = PersistentList(ligne for ligne in appel.journal if not (len(ligne) > 2 and ligne[2] in eleves))
    for ident in eleves:
        cles = list(vs.motifs_absences.keys(min=(ident, ""), max=(ident, "\uffff")))
        compte["motifs"][ident] = len(cles)
        if not essai:
            for cle in cles:
                del vs.motifs_absences[cle]
    if not essai:
        vs.journal_motifs = PersistentList(ligne for ligne in vs.journal_motifs if not (len(ligne) > 2 and ligne[2] in eleves))
    return compte


def retention_quotidienne(site, progress, maintenant):
    bilan = appliquer(site, essai=False)
    return {"eleves": len(bilan["eleves"]), "journal_acces": bilan["journal_acces"]}


RETENTION = TachePeriodique("cartable.rgpd.retention", "Durées de conservation (RGPD)", retention_quotidienne,
                            Quotidien(HEURE, "02:30"))
