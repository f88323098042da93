"""Grades of one establishment: periods, evaluations and their entries, appreciations, councils.

Persistent objects in BTrees (no Zope app import), annotated on the
Etablissement. Each evaluation is its own persistent object and its entries
an OOBTree keyed by student, so two teachers typing in different columns
write different objects, and two typing in one column touch different keys of
a bucket (resolved by BTrees' conflict resolution). Journals are BTrees keyed
by time, never lists: appends would all conflict.
"""

from BTrees.OOBTree import OOBTree
from persistent import Persistent


class Evaluation(Persistent):
    devoir = None  # UID of the Devoir whose restituted marks fill it (cartable.notes.envoi_devoir), or None
    compte = True  # False: shown, never averaged (a Devoir the teacher said does not count)
    # Skills (issue 17): the référentiel's item ids the evaluation positions students on; ``notee`` False:
    # skills only, no mark. Positions live in ``positions`` (created on the first one, cartable.notes.competences).
    competences = ()
    notee = True

    def __init__(self, id, division, matiere, periode, titre, date, coefficient, bareme, facultative, auteur):
        self.id = id
        self.division = division  # class or group code
        self.matiere = matiere  # subject code
        self.periode = periode  # period code
        self.titre = titre
        self.date = date  # datetime.date
        self.coefficient = coefficient  # canonical decimal string ("1", "0.5")
        self.bareme = bareme  # int: marks are out of bareme
        self.facultative = facultative
        self.auteur = auteur  # directory id of the teacher who created it
        self.publiee = False
        self.saisies = OOBTree()  # élève → (valeur, par, le); valeur canonical ("12.5", "ABS"…)
        self.journal = OOBTree()  # (le, ns, élève) → (par, avant, après)


class Carnet(Persistent):
    """The grades of one establishment."""

    nr_compte_zero = True  # DESIGN.md: NR counts 0 unless the establishment says otherwise

    def __init__(self):
        self.periodes = OOBTree()  # code → {"code", "libelle", "du", "au", "cloture"}
        self.coefficients = OOBTree()  # (division, matière) → canonical decimal string
        self.evaluations = OOBTree()  # id → Evaluation
        self.par_division = OOBTree()  # (division, période, matière, id) → True: range reads
        self.appreciations = OOBTree()  # (période, matière, élève) → {"division", "texte", "par", "le"}
        self.appreciations_generales = OOBTree()  # (période, élève) → {"division", "texte", "par", "le"}
        self.conseils = OOBTree()  # (période, division) → {"date", "par", "le"}
        self.decisions = OOBTree()  # (période, élève) → {"division", "avis", "mention", "date", "par", "le"}
        # (genre, clé, le, ns) → (par, avant, après): appreciations, decisions. Keyed by what
        # changed, not by time: at a council, teachers write different cells of the tree
        # instead of all appending to its last bucket (measured: conflicts there).
        self.journal = OOBTree()
        self.reponses = OOBTree()  # (login, idempotency key) → the answer first given
        self.par_devoir = OOBTree()  # Devoir UID → evaluation id (older carnets get it on the first Devoir mark)
        self.bulletins = OOBTree()  # (période, élève) → {"fichier", "genere_le", "publie"}

    def evaluations_de(self, division, periode=None, matiere=None):
        """Evaluations of a division (and period, subject), by a range read of the index."""
        debut = (division, periode or "", matiere or "", "")
        fin = (division, periode or "\uffff", matiere or "\uffff", "\uffff")
        if periode is not None and matiere is None:
            fin = (division, periode, "\uffff", "\uffff")
        result = []
        for d, p, m, ident in self.par_division.keys(min=debut, max=fin):
            if (periode is None or p == periode) and (matiere is None or m == matiere):
                result.append(self.evaluations[ident])
        return result

    def indexer(self, evaluation):
        self.par_division[(evaluation.division, evaluation.periode, evaluation.matiere, evaluation.id)] = True

    def desindexer(self, evaluation):
        self.par_division.pop((evaluation.division, evaluation.periode, evaluation.matiere, evaluation.id), None)

    def coefficient(self, division, matiere) -> str:
        return self.coefficients.get((division, matiere), "1")


class Competences(Persistent):
    """The skills of one establishment (issue 17): référentiel, period bilans, end-of-cycle bilans.

    Positions on skills are kept on each Evaluation (``positions``), like its marks.
    """

    def __init__(self):
        self.referentiel = OOBTree()  # item id → {"id", "matiere", "cycle", "libelle", "composantes"}
        self.forces = OOBTree()  # (période, matière, élève) → {"niveau", "division", "par", "le"}: the teacher's override
        self.elements = OOBTree()  # (période, division, matière) → {"elements": tuple, "par", "le"}: as edited
        self.fin_de_cycle = OOBTree()  # (cycle, élève) → {"division", "socle", "synthese", "complement", "par", "le"}
        self.journal = OOBTree()  # (genre, clé, le, ns) → (par, avant, après)
        self.reponses = OOBTree()  # (login, idempotency key) → the answer first given
