"""Retention (RGPD) of the generated bulletins (PDF) of an establishment's grade book: found per period
(a range of the (période, élève) keys), aged by the day they were generated (cartable.regles.retention)."""

from cartable.regles import retention as regles


def bulletins_perimes(carnet, aujourd_hui, base, annees):
    """[(période, élève, record)] of the bulletins aged today. Only the periods that ended in a school year
    already over are read (a bulletin cannot be generated before its period started)."""
    if carnet is None:
        return []
    seuil = regles.seuil(aujourd_hui, base, annees)
    trouves = []
    for code, periode in carnet.periodes.items():
        du = regles.jour_de(periode.get("du"))
        if du is None or du >= seuil:
            continue
        for (p, eleve), fiche in carnet.bulletins.items(min=(code, ""), max=(code, "\uffff")):
            if regles.perime(aujourd_hui, base, annees, jour=fiche.get("genere_le")):
                trouves.append((p, eleve, fiche))
    return trouves


def retirer_bulletins(carnet, trouves, essai) -> int:
    if not essai:
        for periode, eleve, _ in trouves:
            carnet.bulletins.pop((periode, eleve), None)
    return len(trouves)
