"""Whom the new-message form offers: only people and groups the sender may write to."""

from cartable.annuaire import courriels
from cartable.core import horloge
from cartable.messagerie import envoi, personnes
from cartable.regles import dates_fr, envoi_notifications
from cartable.regles import messagerie as regles

LIMITE = 20


def offerts(site, annuaire, personne, texte="") -> dict:
    """{"personnes": [{"id", "nom", "detail"}], "groupes": [{"cle", "libelle"}]}: by name when ``texte`` is given,
    else the sender's usual contacts (a family's teachers, CPE, direction); the groups of the sender's classes."""
    profils = personnes.Profils(annuaire)
    exp = profils(personne.id)
    regle = envoi.reglages(site)
    texte = (texte or "").strip()[:60]
    if texte:
        ids = personnes.chercher(annuaire, exp, texte, regle, LIMITE)
    else:
        ids = personnes.permis(annuaire, exp, personnes.contacts(annuaire, exp), regle, profils)[:LIMITE * 2]
    structures = sorted(exp.etablissements)
    fiches = [personnes.fiche(annuaire, i, structures) for i in ids]
    divisions = {}
    for structure in structures:
        if regles.est_vie_scolaire(exp, structure):
            codes = list(annuaire.divisions_de(structure, "classe")) + list(annuaire.divisions_de(structure, "groupe"))
        else:
            codes = sorted({d for s, d in exp.divisions | exp.principal if s == structure})
        divisions[structure] = codes
    groupes = [{"cle": g.cle, "libelle": envoi.libelle_groupe(annuaire, g)}
               for g in regles.groupes_permis(exp, divisions)]
    return {"personnes": fiches, "groupes": groupes, "recherche": texte,
            "heures_calmes": heures_calmes(site, annuaire, personne)}


def heures_calmes(site, annuaire, personne):
    """What the sender is told before sending during the quiet hours of their establishment, else None."""
    debut, fin = courriels.heures_calmes_etablissement(courriels.etablissement_de(site, annuaire, personne))
    if not envoi_notifications.en_heures_calmes(horloge.maintenant(), debut, fin):
        return None
    return (f"Heures calmes ({dates_fr.heure_fr(debut)} – {dates_fr.heure_fr(fin)}) : votre message arrivera tout de "
            f"suite dans la messagerie, mais les courriels de notification attendront {dates_fr.heure_fr(fin)}.")
