"""Grades of one establishment: periods, evaluations and their entries, appreciations, councils.

Persistent objects in BTrees (no Zope app import), annotated on the
Etablissement. Each evaluation is its own persistent object and its entries
an OOBTree keyed by student, so two teachers typing in different columns
write different objects, and two typing in one column touch different keys of
a bucket (resolved by BTrees' conflict resolution). Journals are BTrees keyed
by time, never lists: appends would all conflict.

Appreciations, general appreciations and council decisions are one ``Fiche``
per student (and period, subject), each with its own journal: at the council,
every teacher writes their own students' fiches and nothing shared. The trees
that hold them (``Fiches``) change only when a class's fiches are created, and
then merge, because their values are persistent references: a bucket holding
dicts can merge nothing, BTrees orders two values to compare them and dicts
have no order (measured: every pair of writers in one bucket conflicted).
"""

import time

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


class Fiche(Persistent):
    """One student's appreciation in a subject, general appreciation, or council decision, of one period.

    Read as the dict it replaced (``get``, ``[]``; false while nothing is written), so that readers outside
    this package (cartable.regles.releve…) are unchanged. Written only by ``ecrire``: value and journal
    together, in this object alone.
    """

    journal = None  # (le, ns) → (par, avant, après), from the first change (a fiche made ahead has none)

    def __init__(self, valeur=None):
        self.valeur = dict(valeur or {})

    def get(self, cle, defaut=None):
        return self.valeur.get(cle, defaut)

    def __getitem__(self, cle):
        return self.valeur[cle]

    def items(self):
        return self.valeur.items()

    def __bool__(self):
        return bool(self.valeur)

    def ecrire(self, valeur, par, le, avant, apres):
        """The new value ({} for none) and its journal line (who, when, before, after)."""
        self.valeur = dict(valeur)
        if self.journal is None:
            self.journal = OOBTree()
        self.journal[(le, time.time_ns())] = (par, avant, apres)


class Horodatage(Persistent):
    """The last moment an appreciation, general appreciation or decision of one (period, class) was written: what
    the direction's bulletins block compares with the bulletins' generation, without reading every fiche.

    Every save of the class writes it; two at once are not a conflict: the later moment is kept."""

    le = ""

    def noter(self, quand):
        if quand and quand > self.le:
            self.le = quand

    def _p_resolveConflict(self, ancien, commis, nouveau):
        return max(commis or {}, nouveau or {}, key=lambda etat: etat.get("le", ""))


def noter_modification(carnet, periode, division, quand):
    """Record that something of this (period, class) was written at ``quand`` (see ``Horodatage``)."""
    if not division:
        return
    if carnet.modifications is None:  # a carnet made before step 1002, which builds it
        carnet.modifications = OOBTree()
    horodatage = carnet.modifications.get((periode, division))
    if horodatage is None:
        horodatage = carnet.modifications[(periode, division)] = Horodatage()
    horodatage.noter(quand)


class Fiches(OOBTree):
    """key → Fiche. A dict set here (the demo, an import, a test) becomes the value of the key's fiche, made if
    need be: the values stay fiches, and a fiche already there is written instead of the tree."""

    def __setitem__(self, cle, valeur):
        if not isinstance(valeur, Fiche):
            fiche = self.get(cle)
            if isinstance(fiche, Fiche):
                fiche.valeur = dict(valeur)
                return
            valeur = Fiche(valeur)
        super().__setitem__(cle, valeur)


def fiche_pour_ecrire(arbre, cle, voisines=()):
    """The fiche of ``cle``; when it is missing, it is made with those of ``voisines`` still missing (the other
    students of the class): the tree is written once for a class, the later saves write their fiche only.
    A value kept as a dict (before fiches, or a plain tree) is moved into a fiche."""
    fiche = arbre.get(cle)
    if isinstance(fiche, Fiche):
        return fiche
    for autre in voisines:
        if autre != cle and autre not in arbre:
            OOBTree.__setitem__(arbre, autre, Fiche())
    fiche = Fiche(fiche)
    OOBTree.__setitem__(arbre, cle, fiche)
    return fiche


def reponses_de(carnet, login, creer=False):
    """A person's grid answers kept per Idempotency-Key (an OOBTree of their own: two teachers saving at once
    write different trees), None before their first save unless ``creer``."""
    par_login = getattr(carnet, "reponses_par_login", None)
    if par_login is None:
        if not creer:
            return None
        par_login = carnet.reponses_par_login = OOBTree()  # a carnet made before: once (the upgrade step makes it)
    reponses = par_login.get(login)
    if reponses is None and creer:
        reponses = par_login[login] = OOBTree()
    return reponses


class Carnet(Persistent):
    """The grades of one establishment."""

    nr_compte_zero = True  # DESIGN.md: NR counts 0 unless the establishment says otherwise
    modifications = None  # (période, division) → Horodatage; carnets made before step 1002 have none

    def __init__(self):
        self.periodes = OOBTree()  # code → {"code", "libelle", "du", "au", "cloture"}
        self.coefficients = OOBTree()  # (division, matière) → canonical decimal string
        self.evaluations = OOBTree()  # id → Evaluation
        self.par_division = OOBTree()  # (division, période, matière, id) → True: range reads
        self.appreciations = Fiches()  # (période, matière, élève) → Fiche {"division", "texte", "par", "le"}
        self.appreciations_generales = Fiches()  # (période, élève) → Fiche {"division", "texte", "par", "le"}
        self.conseils = OOBTree()  # (période, division) → {"date", "par", "le"}
        self.decisions = Fiches()  # (période, élève) → Fiche {"division", "avis", "mention", "date", "par", "le"}
        self.modifications = OOBTree()  # (période, division) → Horodatage of the three trees above
        # (genre, clé, le, ns) → (par, avant, après): council dates (the fiches keep their own journal).
        self.journal = OOBTree()
        self.reponses = OOBTree()  # (login, idempotency key) → the answer first given (evaluations, skills)
        self.reponses_par_login = OOBTree()  # login → {(login, key) → answer}: the grid's saves (reponses_de)
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
