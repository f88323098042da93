"""Read and change an establishment's counting settings; the rule is ``cartable.regles.reglages_decompte``.

Readers: the vie scolaire (CPE, direction) and the region. Writers: the direction
and the region. Each change applies from a date not before today (a past count
never changes), is kept in the establishment's timeline and audited: who, when,
the settings before and after. A change not yet in force may be withdrawn
(audited too).
"""

from cartable.core import horloge
from cartable.core.refus import RequeteInvalide, interdit
from cartable.regles import acces
from cartable.regles import reglages_decompte as regle
from cartable.regles.dates_fr import date_fr
from cartable.viescolaire.stockage import lire_vie_scolaire, vie_scolaire_pour_ecrire

LECTURE = "Les réglages du décompte des absences sont réservés à la vie scolaire et à la direction."
ECRITURE = "Seule la direction de l'établissement change les réglages du décompte des absences."


def peut_ecrire(lecteur, structure) -> bool:
    return lecteur.admin or acces.est_direction(lecteur.personne, structure)


def chronologie_de(vs):
    return vs.chronologie_decompte() if vs is not None else regle.Chronologie()


def _etape(quand, reglages, aujourd_hui, suivante):
    en_vigueur = (quand is None or quand <= aujourd_hui) and (suivante is None or suivante > aujourd_hui)
    return {
        "a_partir_du": quand.isoformat() if quand is not None else None,
        "depuis": f"À partir du {date_fr(quand, aujourd_hui.year)}" if quand is not None else "Réglages de départ",
        **reglages.en_dict(), "mode_libelle": regle.MODES[reglages.mode], "texte": regle.en_mots(reglages),
        "en_vigueur": en_vigueur, "a_venir": quand is not None and quand > aujourd_hui,
    }


def etat(vs, lecteur, structure):
    """What GET @reglages-decompte answers: the settings in force today, the timeline, the audit (newest first)."""
    aujourd_hui = horloge.maintenant().date()
    chronologie = chronologie_de(vs)
    etapes = chronologie.etapes()
    suivantes = [d for d, _ in etapes[1:]] + [None]
    actuels = chronologie.en_vigueur(aujourd_hui)
    return {
        "aujourd_hui": aujourd_hui.isoformat(),
        "en_vigueur": {**actuels.en_dict(), "mode_libelle": regle.MODES[actuels.mode], "texte": regle.en_mots(actuels)},
        "chronologie": [_etape(q, r, aujourd_hui, s) for (q, r), s in zip(etapes, suivantes)],
        "journal": list(reversed([dict(e) for e in (getattr(vs, "journal_reglages", None) or ())])),
        "modes": dict(regle.MODES),
        "bornes": {"limite": [regle.LIMITE_MIN, regle.LIMITE_MAX], "seuil": [regle.SEUIL_MIN, regle.SEUIL_MAX]},
        "modifiable": peut_ecrire(lecteur, structure),
    }


def lire(etablissement, lecteur, structure):
    lecteur.exiger_vie_scolaire(structure, LECTURE)
    return etat(lire_vie_scolaire(etablissement), lecteur, structure)


def changer(etablissement, lecteur, structure, donnees):
    """Apply the direction's change ({"a_partir_du", "limite"?, "mode"?, "seuil"?}) or withdrawal ({"annuler": date})."""
    if not peut_ecrire(lecteur, structure):
        raise interdit(lecteur, ECRITURE)
    maintenant = horloge.maintenant()
    aujourd_hui = maintenant.date()
    chronologie = chronologie_de(lire_vie_scolaire(etablissement))
    try:
        if isinstance(donnees, dict) and "annuler" in donnees:
            if set(donnees) != {"annuler"}:
                raise regle.ReglagesInvalides("Pour annuler un changement prévu, envoyez seulement {\"annuler\": \"AAAA-MM-JJ\"}.")
            quand = regle.lire_date(donnees["annuler"], "annuler")
            nouvelle = regle.annuler(chronologie, quand, aujourd_hui)
            action, avant, apres = "annuler", chronologie.en_vigueur(quand), nouvelle.en_vigueur(quand)
        else:
            quand, reglages = regle.valider_changement(donnees, aujourd_hui, chronologie)
            nouvelle = regle.appliquer(chronologie, quand, reglages)
            action, avant, apres = "changer", chronologie.en_vigueur(quand), reglages
    except regle.ReglagesInvalides as exc:
        raise RequeteInvalide(str(exc)) from None
    if nouvelle == chronologie:  # already the settings of that day: nothing written, nothing audited
        return {**etat(lire_vie_scolaire(etablissement), lecteur, structure), "enregistre": False,
                "message": f"Ces réglages sont déjà ceux du {date_fr(quand, aujourd_hui.year)} : rien à changer."}
    vs = vie_scolaire_pour_ecrire(etablissement)
    if vs.journal_reglages is None:
        from persistent.list import PersistentList

        vs.journal_reglages = PersistentList()
    vs.journal_reglages.append({
        "quand": maintenant.isoformat(timespec="seconds"), "qui": lecteur.login,
        "nom": lecteur.personne.nom_complet if lecteur.personne is not None else lecteur.login,
        "action": action, "a_partir_du": quand.isoformat(), "avant": avant.en_dict(), "apres": apres.en_dict(),
    })
    vs.poser_chronologie_decompte(nouvelle)
    return {**etat(vs, lecteur, structure), "enregistre": True,
            "message": "Le changement prévu est annulé." if action == "annuler" else
            f"Réglages enregistrés à partir du {date_fr(quand, aujourd_hui.year)} ; les décomptes des jours d'avant ne changent pas."}
