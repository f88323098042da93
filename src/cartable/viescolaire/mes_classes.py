"""« Mes classes »: the classes a CPE follows, a filter of their lists, never a wall.

Stored per person on the establishment's VieScolaire, in attributes created
on first write (objects made before this feature read as "no classes"), so
no upgrade step is needed. Without ``mes_classes=1`` every list shows the
whole establishment, and a CPE may act on any class whatever they follow.
"""

from BTrees.OOBTree import OOBTree
from persistent.list import PersistentList

from cartable.core import horloge
from cartable.core.refus import Refus

MESSAGE = "« Mes classes » est réservé à la vie scolaire et à la direction."


def _qui(lecteur):
    return lecteur.personne.id if lecteur.personne is not None else lecteur.login


def lire(vs, lecteur) -> list:
    """The reader's classes (sorted), [] when they chose none."""
    suivies = getattr(vs, "mes_classes", None) if vs is not None else None
    return sorted(suivies.get(_qui(lecteur), ())) if suivies is not None else []


def en_json(vs, annuaire, structure, lecteur):
    disponibles = annuaire.divisions_de(structure, "classe")
    return {"classes": lire(vs, lecteur), "disponibles": [{"code": c, "libelle": disponibles[c]} for c in sorted(disponibles)]}


def consulter(vs, annuaire, structure, lecteur):
    lecteur.exiger_vie_scolaire(structure, MESSAGE)
    return en_json(vs, annuaire, structure, lecteur)


def choisir(etablissement, pour_ecrire, annuaire, structure, lecteur, donnees):
    """POST {"classes": [codes]}: replace the reader's classes; audited (who, when, before, after)."""
    lecteur.exiger_vie_scolaire(structure, MESSAGE)
    classes = donnees.get("classes") if isinstance(donnees, dict) else None
    if not isinstance(classes, list) or not all(isinstance(c, str) for c in classes):
        raise Refus(400, "BadRequest", "Corps attendu : {\"classes\": [codes des classes]}.")
    existantes = annuaire.divisions_de(structure, "classe")
    inconnues = sorted(set(classes) - set(existantes))
    if inconnues:
        raise Refus(400, "BadRequest", f"Classe inconnue dans cet établissement : {', '.join(inconnues)}.")
    vs = pour_ecrire(etablissement)
    avant, apres = lire(vs, lecteur), sorted(set(classes))
    if avant != apres:
        if getattr(vs, "mes_classes", None) is None:
            vs.mes_classes = OOBTree()  # person → tuple of class codes
            vs.journal_mes_classes = PersistentList()  # (quand, qui, avant, après)
        vs.mes_classes[_qui(lecteur)] = tuple(apres)
        vs.journal_mes_classes.append((horloge.maintenant().isoformat(timespec="seconds"), lecteur.login, avant, apres))
    return en_json(vs, annuaire, structure, lecteur)


def demande(form) -> bool:
    return str(form.get("mes_classes", "")).lower() in ("1", "true", "oui")


def classes_filtre(vs, lecteur, structure, form):
    """The classes of a vie scolaire reader who asks for ``mes_classes=1`` and chose some; else None (everything)."""
    if not demande(form) or not lecteur.est_vie_scolaire(structure):
        return None
    return set(lire(vs, lecteur)) or None


def divisions_suivies(annuaire, structure, classes) -> set:
    """The classes and the groups that hold at least one of their students (a group course is theirs too)."""
    divisions = set(classes)
    for groupe in annuaire.divisions_de(structure, "groupe"):
        if any(c in classes for i in annuaire.eleves(structure, groupe) for s, c in _classes(annuaire, i) if s == structure):
            divisions.add(groupe)
    return divisions


def _classes(annuaire, ident):
    personne = annuaire.personne(ident)
    return personne.classes if personne is not None else []


def classes_eleve(annuaire, structure, ident) -> set:
    return {c for s, c in _classes(annuaire, ident) if s == structure}


def filtrer_appels(reponse, annuaire, structure, classes):
    divisions = divisions_suivies(annuaire, structure, classes)
    return {**reponse, "items": [i for i in reponse["items"] if i["division"] in divisions]}


def filtrer_declarations(reponse, annuaire, structure, classes):
    return {**reponse, "items": [d for d in reponse["items"] if classes_eleve(annuaire, structure, d["eleve"]) & classes]}


def filtrer_alertes(reponse, classes):
    return {**reponse, "items": [a for a in reponse["items"] if set(a["classes"]) & classes]}
