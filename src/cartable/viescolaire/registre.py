"""Vie scolaire records of one establishment: timetable, changes, registers.

Persistent objects in BTrees (no Zope app import), annotated on the
Etablissement. Each register (Appel) is its own persistent object keyed by
its occurrence (``AAAA-MM-JJ@créneau``): at 8:00 every teacher writes a
different object, and the BTree only changes when a register is first saved.
"""

from datetime import date, timedelta

from BTrees.OOBTree import OOBTree, OOTreeSet
from persistent import Persistent
from persistent.list import PersistentList
from persistent.mapping import PersistentMapping

from cartable.regles.emploi_du_temps import lire_cle, occurrence, occurrences
from cartable.regles.reglages_decompte import Chronologie, Reglages


class Appel(Persistent):
    """The roll of one course occurrence: marks that differ from "present", and its journal."""

    def __init__(self, cle):
        self.cle = cle
        self.etat = "a_faire"
        self.marques = PersistentMapping()  # élève → {"type": …}
        self.journal = PersistentList()  # (quand, qui, élève, avant, après) — corrections included
        self.reponses = OOBTree()  # idempotency key → the answer first given (a ReponseGardee)
        self.fait_par = None
        self.fait_le = None

    def vierge(self) -> bool:
        """Nothing taken yet: no mark, no journal line, no answer kept, not done — the register the morning's
        preparation made (``VieScolaire.preparer``), which says no more than a register not made."""
        return self.etat == "a_faire" and self.fait_par is None and not self.journal and not self.marques and not len(self.reponses)


class ReponseGardee(Persistent):
    """The answer first given to one roll-call POST, kept for its Idempotency-Key: an object of its own, written
    once and never changed, so that a register's ``reponses`` holds references only. When it held the answers
    themselves, each POST rewrote a bucket of up to 30 whole registers (every other thread then loaded it again),
    a third of a mark's server CPU once a register had had a few dozen POSTs."""

    def __init__(self, valeur):
        self.valeur = valeur


def reponse_gardee(gardee):
    """The answer kept for a key (an answer kept before ReponseGardee is the answer itself)."""
    return gardee.valeur if isinstance(gardee, ReponseGardee) else gardee


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
    # The counting settings in force since always (the base of the timeline): the half-day
    # boundary, the mode ("brutes" or "calculees") and the monthly alert threshold.
    limite_demi_journee = "12:30"
    mode_decompte = "brutes"
    seuil_alerte = 4
    # The direction's changes, each from a date (viescolaire.reglages; created on the first change, so
    # records made before need no upgrade step): ({"a_partir_du": iso, "limite", "mode", "seuil"}, …),
    # replaced as a whole on each change; and their audit, appended.
    reglages_decompte = ()
    journal_reglages = None  # PersistentList of {"quand", "qui", "nom", "action", "a_partir_du", "avant", "apres"}

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
        self.marques_eleves = OOBTree()  # élève → OOTreeSet of occurrence keys (see poser_marques)

    # Infirmerie, incidents, punitions, sanctions (incidents.py). Created on first
    # write, so establishments set up before them need no upgrade step; reads
    # tolerate their absence.
    incidents = None  # random id → PersistentMapping: concurrent writers land in different buckets
    incidents_eleve = None  # (élève, id) → quand: a student's events are a range read
    natures_incidents = None  # type → list of labels (None: the defaults of regles.incidents)

    # The registers each student has a mark in: élève → OOTreeSet of occurrence keys. A student's marks of a
    # period are read from their own registers (``cles_marquees``), not from a year of their courses: Mon
    # bureau's absences to justify. One set per student, so two roll calls of two classes never write the same
    # object. Kept by ``poser_marques`` and ``oublier_marques``; None for establishments made before it
    # until the upgrade step 1001 builds it (readers then read the courses, as before).
    marques_eleves = None

    def poser_marques(self, appel, marques):
        """Replace the marks of a register and keep the per-student index in step."""
        avant = set(appel.marques)
        appel.marques.clear()
        appel.marques.update(marques)
        if self.marques_eleves is None:
            return
        for eleve in avant - set(marques):
            cles = self.marques_eleves.get(eleve)
            if cles is not None:
                cles.discard(appel.cle)
        for eleve in set(marques) - avant:
            cles = self.marques_eleves.get(eleve)
            if cles is None:
                cles = self.marques_eleves[eleve] = OOTreeSet()
            cles.add(appel.cle)

    def preparer(self, occurrences, eleves_de):
        """Make, before the day begins, the registers of ``occurrences`` and the index entries of their students
        (``eleves_de(division)``) that do not exist yet; (registers made, index entries made).

        Why: at 8:00 every teacher's first POST of the day inserted its register into ``appels`` and its new
        absentees into ``marques_eleves``; the day's keys are neighbours, so those inserts land in the same
        buckets and their splits conflicted (16 % of the POSTs retried in bench_appel). Made beforehand by the
        morning's periodic task (``cartable.viescolaire.preparation``), a roll call writes only its own register
        and its students' own sets. Idempotent: what exists is left as it is. A cancelled course gets none (no
        roll call is taken); a course added later in the day is made by its first POST, as before."""
        registres = entrees = 0
        for occ in occurrences:
            if occ.annule:
                continue
            if occ.cle not in self.appels:
                self.appels[occ.cle] = Appel(occ.cle)
                registres += 1
            if self.marques_eleves is None:
                continue
            for eleve in eleves_de(occ.division):
                if eleve not in self.marques_eleves:
                    self.marques_eleves[eleve] = OOTreeSet()
                    entrees += 1
        return registres, entrees

    def oublier_marques(self, eleve_id):
        """A student's marks were removed from every register (retention): their index goes too."""
        if self.marques_eleves is not None:
            self.marques_eleves.pop(eleve_id, None)

    def indexer_marques(self):
        """(Re)build the per-student index from the registers (the upgrade step, the demo)."""
        index = OOBTree()
        for cle, appel in self.appels.items():
            for eleve in appel.marques:
                cles = index.get(eleve)
                if cles is None:
                    cles = index[eleve] = OOTreeSet()
                cles.add(cle)
        self.marques_eleves = index

    def cles_marquees(self, eleve_id):
        """Keys of the registers the student has a mark in; None when the index is not built."""
        if self.marques_eleves is None:
            return None
        return self.marques_eleves.get(eleve_id, ())

    def cles_marquees_entre(self, eleve_id, du, au, deplacees=None):
        """Keys of the registers the student has a mark in whose course is planned from ``du`` to ``au``, and of
        those whose course was moved into that period from another day (``deplacees``: the keys
        ``_deplacees_vers(du, au)`` gives, when the caller has them already); None when the index is not built.

        Why: a year of a class is ~1,000 courses, a student's marks a few dozen; their marks of a period are a
        range read of their own set (its keys begin with the day the course was planned, ``AAAA-MM-JJ@créneau``).
        A moved course's key keeps the day it was planned: the courses moved out of the period are among the
        keys given, so the caller still checks the day each course is held. A plain read: nothing is written."""
        if self.marques_eleves is None:
            return None
        cles = self.marques_eleves.get(eleve_id)
        if cles is None:
            return []
        # every key of the day ``au`` ("AAAA-MM-JJ@…") is below the next day's date, every key of a later day above
        prevues = list(cles.keys(min=du.isoformat(), max=(au + timedelta(days=1)).isoformat(), excludemax=True))
        if deplacees is None:
            deplacees = self._deplacees_vers(du, au)
        deja = set(prevues)
        return prevues + sorted(cle for cle in deplacees if cle in cles and cle not in deja)

    def incidents_(self):
        if self.incidents is None:
            self.incidents, self.incidents_eleve = OOBTree(), OOBTree()
        return self.incidents

    def incidents_de(self, eleve_id):
        if self.incidents_eleve is None:
            return []
        cles = self.incidents_eleve.keys(min=(eleve_id, ""), max=(eleve_id, "\uffff"))
        return [self.incidents[i] for _, i in cles]

    def chronologie_decompte(self):
        """The counting settings with their effective dates (``regles.reglages_decompte.Chronologie``)."""
        base = Reglages(self.limite_demi_journee, self.mode_decompte, self.seuil_alerte)
        return Chronologie.de(base, [(date.fromisoformat(e["a_partir_du"]), Reglages(e["limite"], e["mode"], e["seuil"]))
                                     for e in self.reglages_decompte])

    def poser_chronologie_decompte(self, chronologie):
        """Keep the timeline's changes (its base stays the establishment's defaults)."""
        self.reglages_decompte = tuple({"a_partir_du": d.isoformat(), **r.en_dict()} for d, r in chronologie.changements)

    def dispense(self, eleve_id, matiere, jour):
        """The exemption of a student for a subject on a day, or None."""
        for d in self.dispenses.get(eleve_id, ()):
            if d["matiere"] == matiere and d["du"] <= jour <= d["au"]:
                return d
        return None

    def declarations_de(self, eleve_id):
        return [self.declarations[i] for i in self.declarations_eleve.get(eleve_id, ())]

    # Timetable history (issue 5, review A/B). Created on first write, so records
    # made before need no upgrade step; reads tolerate their absence.
    creneaux_termines = None  # (slot id, last day iso) → Creneau ended (``au`` set): its registers stay counted
    deplacements = None  # (new day iso, occurrence key) → original day iso: moved occurrences by the day they are held

    def tous_creneaux(self):
        """Current slots and ended ones: the occurrences of any date come from those valid that date."""
        termines = list(self.creneaux_termines.values()) if self.creneaux_termines is not None else []
        return list(self.creneaux.values()) + termines

    def creneau_de(self, creneau_id, jour):
        """The version of slot ``creneau_id`` valid on ``jour``, or None."""
        actuel = self.creneaux.get(creneau_id)
        if actuel is not None and actuel.valide_le(jour):
            return actuel
        if self.creneaux_termines is None:
            return None
        for ancien in self.creneaux_termines.values(min=(creneau_id, ""), max=(creneau_id, "\uffff")):
            if ancien.valide_le(jour):
                return ancien
        return None

    def versions_terminees(self, creneau_id):
        if self.creneaux_termines is None:
            return []
        return list(self.creneaux_termines.values(min=(creneau_id, ""), max=(creneau_id, "\uffff")))

    def terminer_creneau(self, termine):
        """Keep an ended slot (``au`` set) among the history."""
        if self.creneaux_termines is None:
            self.creneaux_termines = OOBTree()
        self.creneaux_termines[(termine.id, termine.au.isoformat())] = termine

    def poser_modification(self, cle, modification):
        """Set (or remove, None) the change of one occurrence, and index it by the day it is held."""
        if self.deplacements is None:
            self.deplacements = OOBTree()
            for ancienne_cle, ancienne in self.modifications.items():  # changes made before the index
                if ancienne.date is not None:
                    self.deplacements[(ancienne.date.isoformat(), ancienne_cle)] = ancienne_cle.split("@", 1)[0]
        avant = self.modifications.get(cle)
        if avant is not None and avant.date is not None:
            self.deplacements.pop((avant.date.isoformat(), cle), None)
        if modification is None:
            self.modifications.pop(cle, None)
            return
        self.modifications[cle] = modification
        if modification.date is not None:
            self.deplacements[(modification.date.isoformat(), cle)] = cle.split("@", 1)[0]

    def occurrence(self, cle):
        """The occurrence of a register key (wherever it was moved), or None when the key names no course."""
        origine = lire_cle(cle)
        if origine is None or self.calendrier is None:
            return None
        creneau = self.creneau_de(origine[1], origine[0])
        if creneau is None:
            return None
        return occurrence(creneau, self.calendrier, origine[0], self.modifications.get(cle))

    def occurrences(self, du, au, creneaux=None):
        """Occurrences held from ``du`` to ``au``: moved in included, moved out left out."""
        creneaux = self.tous_creneaux() if creneaux is None else creneaux
        if self.calendrier is None:
            return []
        modifs = dict(self.modifications.items(min=f"{du.isoformat()}@", max=f"{au.isoformat()}@\uffff"))
        for cle in self._deplacees_vers(du, au):
            modifs[cle] = self.modifications[cle]
        return occurrences(creneaux, self.calendrier, modifs, du, au)

    def appels_tenus(self, du, au):
        """(occurrence, register) of the courses held from ``du`` to ``au`` that have a register.

        The one selection of registers by period: a register's key carries the day the course was
        planned, a moved course counts on the day it was held (and a cancelled one is left to the
        caller, as ``occurrence.annule`` says)."""
        for occ in self.occurrences(du, au):
            appel = self.appels.get(occ.cle)
            if appel is not None:
                yield occ, appel

    def _deplacees_vers(self, du, au):
        """Keys of the occurrences moved to a day of [du, au]."""
        if self.deplacements is None:  # no move indexed yet: the (few) changes are read
            return [cle for cle, m in self.modifications.items() if m.date is not None and du <= m.date <= au]
        return [cle for _, cle in self.deplacements.keys(min=(du.isoformat(), ""), max=(au.isoformat(), "\uffff"))]
