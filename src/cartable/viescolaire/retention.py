"""Retention (RGPD) inside an establishment's vie scolaire: what the tour (cartable.policy.rgpd.retention)
finds and removes. Which record is aged is cartable.regles.retention; here only the reads and the writes.

Every function takes ``essai``: True only counts (writes nothing, a dry run), False removes.
"""

from persistent.list import PersistentList

from cartable.regles import retention as regles


def purger_appels(vs, eleves, essai):
    """One pass over the registers for all these students: their marks, correction lines and motives.
    {"marques"|"corrections"|"motifs": {élève: count}}."""
    compte = {"marques": {}, "corrections": {}, "motifs": {}}
    if not eleves:
        return compte
    for appel in vs.appels.values():
        for ident in eleves & set(appel.marques):
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
            vs.oublier_marques(ident)
            for cle in cles:
                del vs.motifs_absences[cle]
    if not essai and any(len(ligne) > 2 and ligne[2] in eleves for ligne in vs.journal_motifs):
        vs.journal_motifs = PersistentList(ligne for ligne in vs.journal_motifs if not (len(ligne) > 2 and ligne[2] in eleves))
    return compte


def purger_notes_suivi(vs, eleve_id, essai) -> int:
    notes = vs.notes_suivi.get(eleve_id)
    if notes is None:
        return 0
    if not essai:
        del vs.notes_suivi[eleve_id]
    return len(notes)


def _retirer(vs, ident):
    evenement = vs.incidents.pop(ident)
    for eleve in evenement["eleves"]:
        vs.incidents_eleve.pop((eleve, ident), None)


def retirer_eleve_des_incidents(vs, eleve_id, essai) -> int:
    """A student who left: their name leaves the incidents (the facts) they were named in; an incident
    naming nobody else goes. Punitions, sanctions and infirmerie passages go by their own dates
    (``evenements_perimes``). Returns the number of incidents touched."""
    if vs.incidents_eleve is None:
        return 0
    touches = 0
    for _, ident in list(vs.incidents_eleve.keys(min=(eleve_id, ""), max=(eleve_id, "\uffff"))):
        evenement = vs.incidents.get(ident)
        if evenement is None or evenement["type"] != "incident":
            continue
        touches += 1
        if essai:
            continue
        restants = [e for e in evenement["eleves"] if e != eleve_id]
        if restants:
            evenement["eleves"] = restants
            del vs.incidents_eleve[(eleve_id, ident)]
        else:
            _retirer(vs, ident)
    return touches


def evenements_perimes(vs, aujourd_hui, est_perime):
    """The infirmerie passages, punitions and sanctions aged today: [event]. Reads the per-student index's
    keys and dates; an event is loaded only once its school year has ended (before that none can be aged)."""
    if vs.incidents_eleve is None:
        return []
    vus, perimes = set(), []
    for (_, ident), quand in vs.incidents_eleve.items():
        if ident in vus:
            continue
        vus.add(ident)
        premiere = regles.premiere_echeance_possible(quand)
        if premiere is None or aujourd_hui <= premiere:
            continue
        evenement = vs.incidents.get(ident)
        if evenement is not None and evenement["type"] != "incident" and est_perime(evenement):
            perimes.append(evenement)
    return perimes


def retirer_evenements(vs, evenements, essai) -> int:
    if not essai:
        for evenement in evenements:
            _retirer(vs, evenement["id"])
    return len(evenements)
