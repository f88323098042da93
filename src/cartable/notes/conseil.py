"""Class council (conseil de classe): decisions, general appreciations, and the screen's data.

The general appreciation is the professeur principal's (and the
direction's); avis, mentions and the council date are the direction's.
Absence counts come from the half-day module (viescolaire.absences.decompte).
A general appreciation and a decision are their student's fiche
(cartable.notes.registre.Fiche, with its own journal), made for the whole
class on the class's first one: the professeur principal and the direction
typing on one council page write different objects.
"""

import time

from cartable.core import horloge
from cartable.core.refus import Refus
from cartable.notes import droits
from cartable.notes.evaluations import lire_date, refus_acces
from cartable.notes.registre import fiche_pour_ecrire, noter_modification
from cartable.regles.releve import releve_classe, texte
from cartable.viescolaire.absences import decompte, marques_de

MENTIONS = {"felicitations": "Félicitations", "compliments": "Compliments", "encouragements": "Encouragements",
            "mise_en_garde": "Mise en garde"}
LONGUEUR = 1000


def _periode(carnet, code):
    periode = carnet.periodes.get(code) if carnet is not None else None
    if periode is None:
        raise Refus(404, "NotFound", "Période inconnue.")
    return periode


AUCUNE_ABSENCE = {"justifiees": 0, "non_justifiees": 0, "retards": 0, "heures_manquees": 0.0}


def compter_absences(vs, eleve, structure, periode):
    """The half-day module's counts over the period (nothing when there is no timetable).

    A student with no mark in the period counts nothing: their marks are read from the per-student index
    first (a few dozen registers), and only a student who has some gets the whole count (every course of the
    period through the half-day rule: 3 ms each, 30 students were 80 % of the council screen's CPU)."""
    if vs is None or vs.calendrier is None:
        return None
    au = min(periode["au"], vs.calendrier.fin)
    if not marques_de(vs, eleve, structure, periode["du"], au):
        return dict(AUCUNE_ABSENCE)
    compte, _ = decompte(vs, eleve, structure, periode["du"], au)
    return {"justifiees": compte["demi_journees"]["justifiees"], "non_justifiees": compte["demi_journees"]["non_justifiees"],
            "retards": compte["retards"], "heures_manquees": round(compte["minutes_manquees"] / 60, 1)}


def ecran(carnet, annuaire, vs, lecteur, structure, division, code_periode):
    """Every student's averages, appreciations, absences, and the class statistics (direction, PP)."""
    if not isinstance(division, str) or not isinstance(code_periode, str):
        raise Refus(400, "BadRequest", "Précisez division= et periode=.")
    if not (lecteur.admin or droits.est_direction(lecteur.personne, structure)
            or droits.est_principal(annuaire, lecteur.personne, structure, division)):
        raise refus_acces(lecteur, "Le conseil de classe est réservé à la direction et au professeur principal.")
    periode = _periode(carnet, code_periode)
    lignes, matieres, stats, stats_generale = releve_classe(carnet, annuaire, structure, division, code_periode, publiees=False)
    libelles = {m: (annuaire.matieres[m].valeur("ENTLibelleMatiere") if m in annuaire.matieres else m) for m in matieres}
    conseil = carnet.conseils.get((code_periode, division)) or {}
    eleves = []
    for eleve, par_matiere, generale in lignes:
        decision = carnet.decisions.get((code_periode, eleve.id)) or {}
        eleves.append({
            "id": eleve.id, "nom": eleve.nom, "prenom": eleve.prenom,
            "moyennes": {m: texte(par_matiere.get(m)) for m in matieres}, "moyenne_generale": texte(generale),
            "appreciations": {m: (carnet.appreciations.get((code_periode, m, eleve.id)) or {}).get("texte", "") for m in matieres},
            "appreciation_generale": (carnet.appreciations_generales.get((code_periode, eleve.id)) or {}).get("texte", ""),
            "avis": decision.get("avis", ""), "mention": decision.get("mention"),
            "absences": compter_absences(vs, eleve, structure, periode),
        })
    return {
        "division": division, "periode": code_periode, "date": conseil.get("date"),
        "matieres": [{"code": m, "libelle": libelles[m], **{k: texte(v) for k, v in stats[m].items()}} for m in matieres],
        "generale": {k: texte(v) for k, v in stats_generale.items()},
        "eleves": eleves,
    }


def _journal(carnet, lecteur, genre, cle, avant, apres):
    carnet.journal[(genre, cle, horloge.maintenant().isoformat(timespec="seconds"), time.time_ns())] = (lecteur.login, avant, apres)


def enregistrer(carnet, annuaire, lecteur, structure, donnees):
    """POST @conseil: council date, decisions (direction), general appreciations (PP, direction)."""
    if not isinstance(donnees, dict):
        raise Refus(400, "BadRequest", "Corps JSON attendu (un objet).")
    division, code_periode = donnees.get("division"), donnees.get("periode")
    if not isinstance(division, str) or not isinstance(code_periode, str):
        raise Refus(400, "BadRequest", "division et periode attendues (textes).")
    _periode(carnet, code_periode)
    direction = lecteur.admin or droits.est_direction(lecteur.personne, structure)
    principal = droits.est_principal(annuaire, lecteur.personne, structure, division)
    if not (direction or principal):
        raise refus_acces(lecteur, "Le conseil de classe est réservé à la direction et au professeur principal.")
    inscrits = set(annuaire.eleves(structure, division))
    decisions, appreciations = donnees.get("decisions", []), donnees.get("appreciations_generales", [])
    if not isinstance(decisions, list) or not isinstance(appreciations, list):
        raise Refus(400, "BadRequest", "decisions et appreciations_generales sont des listes.")
    if (decisions or "date" in donnees) and not direction:
        raise refus_acces(lecteur, "Les avis, mentions et la date du conseil sont ceux de la direction.")
    # everything is checked before anything is written
    date_conseil = (lire_date(donnees["date"], "date") if donnees["date"] else None) if "date" in donnees else None
    for d in decisions + appreciations:
        if not isinstance(d, dict) or d.get("eleve") not in inscrits:
            raise Refus(400, "BadRequest", f"Élève inconnu dans la classe {division}.")
    for d in decisions:
        if d.get("mention") not in (None, "", *MENTIONS):
            raise Refus(400, "BadRequest", f"Mention attendue : {', '.join(MENTIONS)} ou vide.")
        if len(str(d.get("avis") or "")) > LONGUEUR:
            raise Refus(400, "BadRequest", f"Avis trop long ({LONGUEUR} caractères au plus).")
    for a in appreciations:
        if len(str(a.get("texte") or "")) > LONGUEUR:
            raise Refus(400, "BadRequest", f"Appréciation générale trop longue ({LONGUEUR} caractères au plus).")
    quand = horloge.maintenant().isoformat(timespec="seconds")
    if "date" in donnees:
        avant = (carnet.conseils.get((code_periode, division)) or {}).get("date")
        nouvelle = date_conseil.isoformat() if date_conseil else None
        if avant != nouvelle:
            carnet.conseils[(code_periode, division)] = {"date": nouvelle, "par": lecteur.login, "le": quand}
            _journal(carnet, lecteur, "conseil", (code_periode, division), avant, nouvelle)
    classe = sorted(inscrits)
    for d in decisions:
        cle = (code_periode, d["eleve"])
        avant = carnet.decisions.get(cle)
        apres = {"division": division, "avis": str(d.get("avis") or "").strip(), "mention": d.get("mention") or None}
        if not avant or {k: avant.get(k) for k in apres} != apres:
            fiche = fiche_pour_ecrire(carnet.decisions, cle, [(code_periode, e) for e in classe])
            fiche.ecrire({**apres, "par": lecteur.login, "le": quand}, lecteur.login, quand,
                         dict(avant.items()) if avant else None, apres)
            noter_modification(carnet, code_periode, division, quand)
    for a in appreciations:
        cle = (code_periode, a["eleve"])
        avant = (carnet.appreciations_generales.get(cle) or {}).get("texte", "")
        apres = str(a.get("texte") or "").strip()
        if avant != apres:
            fiche = fiche_pour_ecrire(carnet.appreciations_generales, cle, [(code_periode, e) for e in classe])
            fiche.ecrire({"division": division, "texte": apres, "par": lecteur.login, "le": quand}, lecteur.login, quand,
                         avant, apres)
            noter_modification(carnet, code_periode, division, quand)
    return {"enregistre": True, "decisions": len(decisions), "appreciations_generales": len(appreciations)}
