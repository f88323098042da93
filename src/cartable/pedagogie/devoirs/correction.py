"""The marking table of a Devoir and the teacher's actions on it (correct, restitute, reopen, extend).

Rules: ``cartable.regles.devoirs`` (transitions, marks, extensions); every
change is kept in the Rendu's ``journal`` (who, when, what) besides the
rules' ``historique``; an extension is also kept in the Devoir's journal,
since the student may have no Rendu yet.
"""

from dataclasses import replace
from datetime import datetime, timezone
from decimal import Decimal

from persistent.list import PersistentList
from zope.component import getUtilitiesFor
from zope.globalrequest import getRequest
from zope.interface import alsoProvides

from cartable.core.refus import Refus
from cartable.pedagogie.content.devoir import instant
from cartable.pedagogie.content.rendu import ICorrectionEnCours, IRendu
from cartable.pedagogie.devoirs import remises
from cartable.pedagogie.devoirs import rendus as rendus_
from cartable.pedagogie.devoirs.acces import eleves_de_l_espace
from cartable.pedagogie.devoirs.interfaces import IEnvoiNote
from cartable.regles import devoirs as regles

ACTIONS = ("corriger", "restituer", "rouvrir", "restituer_tout", "prolonger")


def rendus_du_devoir(devoir):
    return [objet for objet in devoir.objectValues() if IRendu.providedBy(objet)]


def tableau(acces, maintenant):
    """GET @correction: one row per student (rules' tableau_de_correction) with files and allowed actions."""
    devoir = acces.devoir
    regle = acces.regle()
    eleves = eleves_de_l_espace(acces.espace, acces.lecteur.annuaire)
    rendus = {r.eleve: r for r in rendus_du_devoir(devoir)}
    regles_rendus = {eleve: r.regle() for eleve, r in rendus.items()}
    lignes = []
    for ligne in regles.tableau_de_correction(regle, eleves, list(regles_rendus.values())):
        rendu = rendus.get(ligne["eleve"])
        remis = rendu is not None and ligne["etat"] != "brouillon"
        prolongation = regle.prolongations.get(ligne["eleve"])
        lignes.append({
            **ligne,
            "remis_le": rendus_.iso(ligne["remis_le"]),
            "note": None if ligne["note"] is None else rendus_._note_texte(ligne["note"]),
            "fichiers": rendus_.fichiers_de(devoir, rendu) if remis else [],
            "texte": (rendu.texte or "") if remis else "",
            "prolongation": None if prolongation is None else {
                "echeance": rendus_.iso(prolongation.echeance),
                "date_limite": rendus_.iso(prolongation.date_limite)},
            "actions": regles.transitions_possibles(regle, regles_rendus[ligne["eleve"]], acces.qui, maintenant)
            if rendu is not None and acces.enseignant else [],
        })
    return {
        "@id": f"{devoir.absolute_url()}/@correction",
        "devoir": {"titre": devoir.Title(), "etat": regle.etat, "echeance_texte": regles.date_lisible(regle.echeance),
                   "date_limite_texte": regles.date_lisible(regle.date_limite) if regle.date_limite else None,
                   "bareme": devoir.bareme or 20, "url": devoir.absolute_url()},
        "modifiable": acces.enseignant,
        "lignes": lignes,
        "remis": sum(1 for ligne in lignes if ligne["remis_le"]),
    }


def agir(acces, donnees, maintenant):
    """POST @correction: one action; a French refusal (Refus) changes nothing."""
    if not isinstance(donnees, dict) or donnees.get("action") not in ACTIONS:
        raise Refus(400, "BadRequest", "action attendue : " + ", ".join(ACTIONS) + ".")
    action = donnees["action"]
    if action == "restituer_tout":
        return restituer_tout(acces, maintenant)
    eleve = donnees.get("eleve")
    if not isinstance(eleve, str) or not eleve:
        raise Refus(400, "BadRequest", "eleve : l'identifiant de l'élève est attendu.")
    if action == "prolonger":
        return prolonger(acces, eleve, donnees, maintenant)
    rendu = rendus_.rendu_de(acces.devoir, eleve)
    if rendu is None or rendus_.etat_de(rendu) == "brouillon":
        raise Refus(404, "NotFound", "Cet élève n'a rien remis.")
    etat = rendus_.etat_de(rendu)
    if etat not in regles.TRANSITIONS_RENDU[action][0]:
        raise Refus(409, "Conflict", f"Impossible de {action} un rendu à l'état « {regles.ETATS_RENDU[etat]} ».")
    regle = acces.regle()
    try:
        if action == "corriger":
            note = regles.lire_note(donnees.get("note"), Decimal(acces.devoir.bareme or 20))
            # the Devoir's own scale, not the rules' default /20
            nouveau = replace(regles.appliquer(regle, rendu.regle(), "corriger", acces.qui, maintenant,
                                               appreciation=donnees.get("appreciation") if isinstance(donnees.get("appreciation"), str) else None),
                              note=note)
        else:
            nouveau = regles.appliquer(regle, rendu.regle(), action, acces.qui, maintenant)
    except regles.TransitionRefusee as exc:
        raise Refus(400, "BadRequest", str(exc)) from None
    _executer(acces, rendu, action, nouveau, maintenant)
    return {"eleve": eleve, "etat": rendus_.etat_de(rendu), "note": None if rendu.note is None else rendus_._note_texte(Decimal(rendu.note)),
            "appreciation": rendu.appreciation or ""}


def _executer(acces, rendu, action, nouveau, maintenant):
    alsoProvides(getRequest(), ICorrectionEnCours)  # the guard of the teacher's transitions
    rendus_.transition(rendu, action, f"Action « {action} » impossible sur ce rendu.")
    rendu.retenir(nouveau)
    journaliser(rendu, action, acces.qui, maintenant, note=rendu.note, appreciation=rendu.appreciation)
    if action == "restituer":
        envoyer_la_note(acces.devoir, rendu)
    rendu.reindexObject()


def restituer_tout(acces, maintenant):
    regle = acces.regle()
    restitues = 0
    for rendu in rendus_du_devoir(acces.devoir):
        if rendus_.etat_de(rendu) != "corrige":
            continue
        try:
            nouveau = regles.appliquer(regle, rendu.regle(), "restituer", acces.qui, maintenant)
        except regles.TransitionRefusee as exc:
            raise Refus(409, "Conflict", str(exc)) from None
        _executer(acces, rendu, "restituer", nouveau, maintenant)
        restitues += 1
    return {"restitues": restitues}


def _date(valeur, quoi, requise):
    if valeur is None and not requise:
        return None
    try:
        # stored in UTC: a ZoneInfo cannot be pickled into the ZODB
        return instant(datetime.fromisoformat(valeur)).astimezone(timezone.utc) if isinstance(valeur, str) else None
    except ValueError:
        pass
    raise Refus(400, "BadRequest", f"{quoi} : une date et une heure AAAA-MM-JJTHH:MM sont attendues.")


def prolonger(acces, eleve, donnees, maintenant):
    """A new due date (and cut-off, None: none) for one student of the space; never earlier than the Devoir's."""
    devoir = acces.devoir
    eleves = eleves_de_l_espace(acces.espace, acces.lecteur.annuaire)
    if eleve not in eleves and rendus_.rendu_de(devoir, eleve) is None:
        raise Refus(404, "NotFound", "Élève inconnu dans cet espace.")
    echeance = _date(donnees.get("echeance"), "Nouvelle date de remise", True)
    limite = _date(donnees.get("date_limite"), "Nouvelle date limite", False)
    regle = acces.regle()
    try:  # the rules check the extension (never earlier, cut-off after due date)
        replace(regle, prolongations={**regle.prolongations, eleve: regles.Prolongation(echeance, limite)})
    except regles.DevoirInvalide as exc:
        raise Refus(400, "BadRequest", str(exc)) from None
    devoir.prolonger(eleve, echeance, limite)
    remises.noter(devoir, eleve)  # their due date in the agenda index, at the commit
    journal = getattr(devoir, "journal_prolongations", None)
    if journal is None:
        journal = devoir.journal_prolongations = PersistentList()
    entree = {"eleve": eleve, "qui": acces.qui, "quand": maintenant, "echeance": echeance, "date_limite": limite}
    journal.append(entree)
    rendu = rendus_.rendu_de(devoir, eleve)
    if rendu is not None:
        journaliser(rendu, "prolonger", acces.qui, maintenant, echeance=echeance, date_limite=limite)
    return {"eleve": eleve, "echeance_texte": regles.date_lisible(echeance),
            "date_limite_texte": regles.date_lisible(limite) if limite else None}


def journaliser(rendu, action, qui, quand, **details):
    """The Rendu's audit trail: every change by whom and when, with what it set."""
    journal = getattr(rendu, "journal", None)
    if journal is None:
        journal = rendu.journal = PersistentList()
    journal.append({"action": action, "qui": qui, "quand": quand, **details})


def envoyer_la_note(devoir, rendu):
    """Call every IEnvoiNote utility with the restituted mark (none when there is no mark)."""
    if rendu.note is None:
        return
    for _nom, envoi in getUtilitiesFor(IEnvoiNote):
        envoi.envoyer(devoir, rendu, Decimal(rendu.note), int(devoir.bareme or 20))
