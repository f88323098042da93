"""The council screen's absence counts: a student with no mark in the period is counted without going through every
course of the period, and gets what the whole count gives (zeros); the others get the whole count."""

import transaction

from cartable.annuaire.stockage import lire_annuaire
from cartable.notes import conseil
from cartable.notes.stockage import lire_carnet
from cartable.viescolaire.absences import decompte
from cartable.viescolaire.registre import Appel
from cartable.viescolaire.stockage import lire_vie_scolaire


def test_counts_are_the_half_day_modules_with_and_without_marks(integration_demo):
    portal = integration_demo["portal"]
    etab = portal[integration_demo["cartable_demo"]["chemins"]["etab"].lstrip("/")]
    vs, annuaire, carnet = lire_vie_scolaire(etab), lire_annuaire(portal), lire_carnet(etab)
    periode = carnet.periodes["T1"]
    occurrences = [o for o in vs.occurrences(periode["du"], periode["au"]) if o.division[1] == "3A" and not o.annule][:4]
    eleves = sorted(annuaire.eleves(etab.jointure, "3A"))
    for occ, marques in zip(occurrences, ({eleves[0]: {"type": "absence"}, eleves[1]: {"type": "retard", "minutes": 12}},
                                          {eleves[0]: {"type": "absence"}}, {eleves[2]: {"type": "absence"}},
                                          {eleves[0]: {"type": "absence"}})):
        vs.poser_marques(vs.appels.get(occ.cle) or vs.appels.setdefault(occ.cle, Appel(occ.cle)), marques)
    try:
        comptes = {}
        for ident in eleves:
            eleve = annuaire.personne(ident)
            entier, _ = decompte(vs, eleve, etab.jointure, periode["du"], min(periode["au"], vs.calendrier.fin))
            attendu = {"justifiees": entier["demi_journees"]["justifiees"], "non_justifiees": entier["demi_journees"]["non_justifiees"],
                       "retards": entier["retards"], "heures_manquees": round(entier["minutes_manquees"] / 60, 1)}
            comptes[ident] = conseil.compter_absences(vs, eleve, etab.jointure, periode)
            assert comptes[ident] == attendu, ident
        assert comptes[eleves[0]]["non_justifiees"] >= 1 and comptes[eleves[1]]["retards"] == 1
        assert all(comptes[e] == conseil.AUCUNE_ABSENCE for e in eleves[3:])
    finally:
        transaction.abort()
