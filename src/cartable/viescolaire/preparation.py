"""The day's registers made before the day begins: a periodic task of the tour (cartable.core.periodique).

At 8:00 every teacher's first POST inserted its register into the establishment's ``appels`` BTree and its
new absentees into ``marques_eleves``; the day's keys are neighbours, so the inserts fell in the same buckets
and their splits conflicted (16 % of bench_appel's POSTs retried). Each morning at the registry's hour
(default 05:00, Paris) this task makes the day's registers and their students' index entries
(``VieScolaire.preparer``), one establishment per transaction: a roll call then writes only its own register.

Reads never write: the roll call's GET and the pages do not make them. A register made here is empty
(``Appel.vierge``); it says no more than no register (``edition_edt`` reads it so).
"""

import logging

import transaction

from cartable.core import horloge
from cartable.core.periodique import Quotidien, TachePeriodique

logger = logging.getLogger("cartable.viescolaire.preparation")

HEURE_PREPARATION = "cartable.viescolaire.heure_preparation_appels"  # a registry record, if a site wants another hour


def preparer_etablissement(vs, annuaire, structure, jour):
    """(registers made, index entries made) of one establishment's day."""
    return vs.preparer(vs.occurrences(jour, jour), lambda division: annuaire.eleves(structure, division[1]))


def preparer_les_appels(site, progress, maintenant=None):
    """Every establishment's registers of the day (Paris) of ``maintenant``; committed one establishment at a time
    (a conflict retries the task, which skips what is made)."""
    from cartable.annuaire.contenu import etablissements
    from cartable.annuaire.stockage import lire_annuaire
    from cartable.viescolaire.stockage import lire_vie_scolaire

    jour = (maintenant or horloge.instant()).astimezone(horloge.FUSEAU).date()  # the region's day, as the roll call's
    annuaire = lire_annuaire(site)
    bilan = {"jour": jour.isoformat(), "registres": 0, "index": 0}
    if annuaire is None:
        return bilan
    for etablissement in etablissements(site):
        vs = lire_vie_scolaire(etablissement)
        structure = getattr(etablissement, "jointure", None)
        if vs is None or vs.calendrier is None or not structure:
            continue
        registres, entrees = preparer_etablissement(vs, annuaire, structure, jour)
        if registres or entrees:
            transaction.commit()
        bilan["registres"] += registres
        bilan["index"] += entrees
    logger.info("registres du %s préparés : %d, entrées d'index : %d", jour, bilan["registres"], bilan["index"])
    return bilan


PREPARATION = TachePeriodique("cartable.viescolaire.preparation_appels", "Registres du jour préparés",
                              preparer_les_appels, Quotidien(HEURE_PREPARATION, "05:00"))
