"""Vie scolaire records of one establishment: timetable, changes, registers.

Persistent objects in BTrees (no Zope app import), annotated on the
Etablissement. Each register (Appel) is its own persistent object keyed by
its occurrence (``AAAA-MM-JJ@créneau``): at 8:00 every teacher writes a
different object, and the BTree only changes when a register is first saved.
"""

from datetime import date

from BTrees.OOBTree import OOBTree
from persistent import Persistent
from persistent.list import PersistentList
from persistent.mapping import PersistentMapping

from cartable.regles.emploi_du_temps import occurrences


class Appel(Persistent):
    """The roll of one course occurrence: marks that differ from "present", and its journal."""

    def __init__(self, cle):
        self.cle = cle
        self.etat = "a_faire"
        self.marques = PersistentMapping()  # élève → {"type": …}
        self.journal = PersistentList()  # (quand, qui, élève, avant, après) — corrections included
        self.reponses = OOBTree()  # idempotency key → the answer first given
        self.fait_par = None
        self.fait_le = None


# Default motives of an establishment (its direction changes them): code →
# (label, recevable, présent dans l'établissement, visible des familles, utilisable par les familles)
MOTIFS_PAR_DEFAUT = {
    "MAL": ("Maladie", True, False, True, True),
    "RDV": ("Rendez-vous médical", True, False, True, True),
    "FAM": ("Raison familiale", True, False, True, True),
    "TRA": ("Problème de transport", False, False, True, True),
    "INF": ("Passage à l'infirmerie", True, True, True, False),
    "SOR": ("Sortie ou activité scolaire", True, True, True, False),
    "EXC": ("Exclusion de cours", False, True, False, False),
    "NJ": ("Motif non recevable", False, False, True, False),
}


class VieScolaire(Persistent):
    limite_demi_journee = "12:30"  # the establishment's half-day boundary
    mode_decompte = "brutes"  # or "calculees"

    def __init__(self):
        self.creneaux = OOBTree()  # id → Creneau
        self.modifications = OOBTree()  # occurrence key → Modification
        self.appels = OOBTree()  # occurrence key → Appel
        self.calendrier = None  # Calendrier
        self.limite_demi_journee = "12:30"
        self.mode_decompte = "brutes"
        self.motifs = OOBTree()  # code → {"libelle", "recevable", "present", "visible_familles", "utilisable_familles"}
        for code, (libelle, recevable, present, visible, utilisable) in MOTIFS_PAR_DEFAUT.items():
            self.motifs[code] = {"libelle": libelle, "recevable": recevable, "present": present,
                                 "visible_familles": visible, "utilisable_familles": utilisable}
        self.motifs_absences = OOBTree()  # (élève, occurrence key) → motive code, set by the vie scolaire
        self.journal_motifs = PersistentList()  # (quand, qui, élève, occurrence key, avant, après)
        self.notes_suivi = OOBTree()  # élève → PersistentList of {"quand", "qui", "code", "texte"} (CPE, direction only)
        self.dispenses = OOBTree()  # élève → PersistentList of {"matiere", "du", "au", "motif", "par", "le"}
        self.declarations = OOBTree()  # id → PersistentMapping (see declarations.py)
        self.declarations_eleve = OOBTree()  # élève → {id}

    # Infirmerie, incidents, punitions, sanctions (incidents.py). Created on first
    # write, so establishments set up before them need no upgrade step; reads
    # tolerate their absence.
    incidents = None  # random id → PersistentMapping: concurrent writers land in different buckets
    incidents_eleve = None  # (élève, id) → quand: a student's events are a range read
    natures_incidents = None  # type → list of labels (None: the defaults of regles.incidents)

    def incidents_(self):
        if self.incidents is None:
            self.incidents, self.incidents_eleve = OOBTree(), OOBTree()
        return self.incidents

    def incidents_de(self, eleve_id):
        if self.incidents_eleve is None:
            return []
        cles = self.incidents_eleve.keys(min=(eleve_id, ""), max=(eleve_id, "\uffff"))
        return [self.incidents[i] for _, i in cles]

    def dispense(self, eleve_id, matiere, jour):
        """The exemption of a student for a subject on a day, or None."""
        for d in self.dispenses.get(eleve_id, ()):
            if d["matiere"] == matiere and d["du"] <= jour <= d["au"]:
                return d
        return None

    def declarations_de(self, eleve_id):
        return [self.declarations[i] for i in self.declarations_eleve.get(eleve_id, ())]

    def occurrence(self, cle):
        """The occurrence of a register key, or None when the key names no course."""
        try:
            jour_texte, creneau_id = cle.split("@", 1)
            jour = date.fromisoformat(jour_texte)
        except (ValueError, AttributeError):
            return None
        creneau = self.creneaux.get(creneau_id)
        if creneau is None or self.calendrier is None:
            return None
        found = [o for o in occurrences([creneau], self.calendrier, self._modifs(cle), jour, jour) if o.cle == cle]
        return found[0] if found else None

    def occurrences(self, du, au, creneaux=None):
        creneaux = list(self.creneaux.values()) if creneaux is None else creneaux
        if self.calendrier is None:
            return []
        modifs = dict(self.modifications.items(min=f"{du.isoformat()}@", max=f"{au.isoformat()}@\uffff"))
        return occurrences(creneaux, self.calendrier, modifs, du, au)

    def _modifs(self, cle):
        modification = self.modifications.get(cle)
        return {cle: modification} if modification is not None else {}
