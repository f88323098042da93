"""Demo vie scolaire: the registers of the past four weeks, taken, with absences and lateness in every class.

Deterministic for a given day (a generator seeded by the establishment and the
course's key) and relative to the clock: every course of every class and group
that ended before now, over the 28 days up to now, has its register « fait »
by its teacher at the end of the course. A student misses a whole day now and
then (absent in each of that day's courses), is late to a course (5 to 20
minutes) a little more often; the absences older than a week mostly have a
motive given by the vie scolaire (illness, appointment, family), the rest stay
« à justifier ». An establishment that already holds registers (an earlier
run, a real roll call) is left alone. Written straight into the storage (no notification: the
families were not told of absences that never happened).
"""

import random
from datetime import datetime, timedelta

from cartable.annuaire.contenu import id_etablissement
from cartable.core import horloge
from cartable.regles.acces import FONCTION_CPE
from cartable.viescolaire.registre import Appel
from cartable.viescolaire.stockage import vie_scolaire_pour_ecrire

JOURS = 28
ABSENCE_JOUR = 0.012  # the chance that a student misses a whole school day
RETARD_COURS = 0.008  # the chance that a student is late to one course
MOTIFS = ("MAL", "MAL", "RDV", "FAM", "TRA")


def vie_scolaire_demo(site, annuaire, maintenant: datetime | None = None):
    """Registers taken over the past four weeks in every establishment; returns how many were written."""
    maintenant = maintenant or horloge.maintenant()
    ecrits = 0
    for structure in sorted(annuaire.structures.values(), key=lambda s: s.id):
        etablissement = site.get(id_etablissement(structure.uai))
        if etablissement is None:
            continue
        ecrits += _registres(vie_scolaire_pour_ecrire(etablissement), annuaire, structure.id, maintenant)
    return ecrits


def _registres(vs, annuaire, structure, maintenant):
    aujourd_hui = maintenant.date()
    if vs.calendrier is None or len(vs.appels):
        return 0
    hasard = random.Random(f"vie-scolaire-{structure}-{aujourd_hui.isoformat()}")
    absents_du_jour = {}  # (day, student) → absent that day
    inscrits = {}
    cpe = sorted(annuaire.membres_fonction(structure, FONCTION_CPE))
    cpe = annuaire.personne(cpe[0]).login if cpe else None
    ecrits = 0
    for occ in sorted(vs.occurrences(aujourd_hui - timedelta(days=JOURS), aujourd_hui), key=lambda o: (o.date, o.debut, o.cle)):
        fin = datetime.combine(occ.date, datetime.strptime(occ.fin, "%H:%M").time())
        if occ.annule or fin > maintenant or not occ.enseignants:
            continue
        eleves = inscrits.setdefault(occ.division, sorted(annuaire.eleves(structure, occ.division[1])))
        if not eleves:
            continue
        enseignant = annuaire.personne(occ.enseignants[0])
        qui = enseignant.login if enseignant is not None else occ.enseignants[0]
        quand = fin.isoformat(timespec="seconds")
        appel, marques = Appel(occ.cle), {}
        for eleve in eleves:
            cle_jour = (occ.date, eleve)
            if cle_jour not in absents_du_jour:
                absents_du_jour[cle_jour] = hasard.random() < ABSENCE_JOUR
            if absents_du_jour[cle_jour]:
                marque = {"type": "absence"}
            elif hasard.random() < RETARD_COURS:
                marque = {"type": "retard", "minutes": hasard.choice((5, 5, 10, 10, 15, 20))}
            else:
                continue
            marques[eleve] = marque
            appel.journal.append((quand, qui, eleve, None, marque))
            if marque["type"] == "absence" and (aujourd_hui - occ.date).days > 7 and hasard.random() < 0.8:
                code = MOTIFS[hash_stable(eleve, occ.date) % len(MOTIFS)]  # one motive for the whole day
                if code in vs.motifs and cpe is not None:  # given by the CPE the next morning
                    vs.motifs_absences[(eleve, occ.cle)] = code
                    le = datetime.combine(occ.date + timedelta(days=1), datetime.min.time()).replace(hour=8)
                    vs.journal_motifs.append((le.isoformat(timespec="seconds"), cpe, eleve, occ.cle, None, code))
        vs.poser_marques(appel, marques)  # the per-student index with them
        appel.etat, appel.fait_par, appel.fait_le = "fait", qui, quand
        vs.appels[occ.cle] = appel
        ecrits += 1
    return ecrits


def hash_stable(eleve, jour) -> int:
    """The same number for a student and a day, whatever the process (``hash`` of a str is salted)."""
    return sum(ord(c) for c in f"{eleve}{jour.isoformat()}")
