"""A family's page of absences and lateness: each event's state and its words.

Pure module (standard library and cartable.regles only). An absence is:

- « justifiée » when its motive (the vie scolaire's, or an accepted declaration's) is
  *recevable*; « non justifiée » when it has a motive that is not;
- « déclarée » while no motive is set and a declaration of the family covering it
  waits for the vie scolaire;
- « à justifier » otherwise (a refused declaration leaves it to justify).

Lateness and early departures carry no state: they are said with their minutes or time.
"""

from cartable.regles.bureau_vie_scolaire import marque as marque_en_mots
from cartable.regles.bureau_vie_scolaire import nombre
from cartable.regles.declarations import couvre

ETATS = {"a_justifier": "à justifier", "declaree": "déclarée", "justifiee": "justifiée", "non_justifiee": "non justifiée"}


def etat_absence(motif: dict | None, declarations, jour, heure: str) -> str:
    """The state code of one absence (``motif``: its motive's flags or None; ``declarations``: the child's)."""
    if motif is not None:
        return "justifiee" if motif.get("recevable") else "non_justifiee"
    if any(d["statut"] == "a_traiter" and couvre(d["du"], d["au"], jour, heure) for d in declarations):
        return "declaree"
    return "a_justifier"


def evenement(marque: dict, motif: dict | None, declarations, jour, heure: str) -> dict:
    """{"texte", "etat", "etat_mots"} of one mark of a register (etat None for lateness and departures)."""
    if marque.get("type") != "absence":
        return {"texte": marque_en_mots(marque), "etat": None, "etat_mots": None}
    etat = etat_absence(motif, declarations, jour, heure)
    return {"texte": "Absence", "etat": etat, "etat_mots": ETATS[etat]}


def resume(compte: dict) -> str:
    """The year in one sentence, from regles.decompte's answer: « 3 demi-journées d'absence (2 justifiées,
    1 non justifiée), 2 retards. », « Aucune absence, 1 retard. »."""
    demi = compte["demi_journees"]
    retards = nombre(compte["retards"], "retard")
    if not demi["total"]:
        return f"Aucune absence, {retards}." if compte["retards"] else "Aucune absence, aucun retard."
    details = [nombre(demi["justifiees"], "justifiée"), nombre(demi["non_justifiees"], "non justifiée")]
    texte = f"{nombre(demi['total'], 'demi-journée', 'demi-journées')} d'absence ({', '.join(details)})"
    return f"{texte}, {retards}." if compte["retards"] else f"{texte}, aucun retard."
