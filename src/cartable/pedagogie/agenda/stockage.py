"""Records of the cahier de textes and the agenda (persistent classes: their path is in the database).

- ``EntreeCahier``: one entry of a cahier (its ``regles.agenda.Entree`` and its files);
- ``IndexAgenda``: per establishment (annotation of the Etablissement), every
  work item due, keyed ``(division, pour_le ISO, travail id)`` → an immutable
  ``Inscription``: a student's agenda is one range read per class or group;
- ``Faits``: per region (annotation of the site), a student's ticks: student
  id → OOTreeSet of work ids, one persistent set per student, so two students
  ticking on Sunday evening never write the same object;
- ``Jetons``: per region, the iCalendar feeds: SHA-256 of the token → person,
  person → SHA-256 (revocation); the token itself is never stored.

Readers (``lire_*``) never write: the annotation is created by the first write.
"""

from BTrees.Length import Length
from BTrees.OOBTree import OOBTree, OOTreeSet
from persistent import Persistent
from persistent.mapping import PersistentMapping
from zope.annotation.interfaces import IAnnotations

from cartable.core.annotations import lire_annotation

CLE_INDEX = "cartable.pedagogie.agenda"
CLE_FAITS = "cartable.pedagogie.agenda.faits"
CLE_JETONS = "cartable.pedagogie.agenda.jetons"
REMIS = "remis"  # a hand-in waiting to be marked


class EntreeCahier(Persistent):
    def __init__(self, entree):
        self.entree = entree  # regles.agenda.Entree (immutable: replaced whole on each change)
        self.fichiers = PersistentMapping()  # attachment id (its cleaned name) → NamedBlobFile


class IndexAgenda(Persistent):
    # The students' hand-ins of the published Devoirs: student id → OOBTree(travail id → Remise), one tree per
    # student so that hand-ins at the deadline never write the same object. Kept at each commit that touched a
    # Rendu or an extension (pedagogie.devoirs.remises); None in an index made before it until the upgrade
    # step 1004 builds it (readers then open the Devoirs, as before).
    remises = None
    # With them, per Devoir, how many hand-ins are « remis » (Mon bureau's « Copies à corriger »): travail id →
    # Length, a counter whose concurrent changes the ZODB adds up instead of refusing.
    a_corriger = None

    def __init__(self):
        self.travaux = OOBTree()  # (division, pour_le ISO, travail id) → Inscription
        self.cles = OOBTree()  # travail id → its key above (a Devoir whose due date moves; a tick's check)
        self.remises = OOBTree()
        self.a_corriger = OOBTree()

    def noter_remise(self, eleve_id, travail_id, remise):
        """Set (or remove, None) a student's Remise of one Devoir, and the Devoir's count of copies to mark;
        writes only what changes."""
        du_eleve = self.remises.get(eleve_id)
        avant = du_eleve.get(travail_id) if du_eleve is not None else None
        if avant == remise:
            return
        if remise is None:
            del du_eleve[travail_id]
        else:
            if du_eleve is None:
                du_eleve = self.remises[eleve_id] = OOBTree()
            du_eleve[travail_id] = remise
        ecart = (remise is not None and remise.etat == REMIS) - (avant is not None and avant.etat == REMIS)
        if ecart:
            compteur = self.a_corriger.get(travail_id)
            if compteur is None:
                compteur = self.a_corriger[travail_id] = Length()
            compteur.change(ecart)

    def copies_a_corriger(self, travail_id) -> int:
        compteur = self.a_corriger.get(travail_id)
        return compteur() if compteur is not None else 0

    def ecrire(self, retirer, ecrire):
        for cle in retirer:
            if self.travaux.pop(cle, None) is not None and self.cles.get(cle[2]) == cle:
                del self.cles[cle[2]]
        for cle, inscription in ecrire.items():
            self.travaux[cle] = inscription
            self.cles[cle[2]] = cle

    def du_travail(self, travail_id):
        """{key: Inscription} of one work item (empty when it is not indexed)."""
        cle = self.cles.get(travail_id)
        inscription = self.travaux.get(cle) if cle is not None else None
        return {cle: inscription} if inscription is not None else {}


class Faits(Persistent):
    def __init__(self):
        self.par_eleve = OOBTree()  # student id → OOTreeSet of travail ids
        self.reponses = OOBTree()  # (login, Idempotency-Key) → first answer

    def de(self, eleve_id):
        return self.par_eleve.get(eleve_id) or ()

    def cocher(self, eleve_id, travail_id, fait: bool):
        faits = self.par_eleve.get(eleve_id)
        if fait:
            if faits is None:
                faits = self.par_eleve[eleve_id] = OOTreeSet()
            faits.add(travail_id)
        elif faits is not None and travail_id in faits:
            faits.remove(travail_id)


class Jetons(Persistent):
    def __init__(self):
        self.par_empreinte = OOBTree()  # sha256 → (person id, created ISO)
        self.par_personne = OOBTree()  # person id → sha256

    def remplacer(self, personne_id, empreinte, quand_iso):
        self.revoquer(personne_id)
        self.par_empreinte[empreinte] = (personne_id, quand_iso)
        self.par_personne[personne_id] = empreinte

    def revoquer(self, personne_id) -> bool:
        ancienne = self.par_personne.pop(personne_id, None)
        if ancienne is not None:
            self.par_empreinte.pop(ancienne, None)
        return ancienne is not None


def _lire(objet, cle):
    return lire_annotation(objet, cle)


def _pour_ecrire(objet, cle, fabrique):
    annotations = IAnnotations(objet)
    valeur = annotations.get(cle)
    if valeur is None:
        valeur = annotations[cle] = fabrique()
    return valeur


def lire_index(etablissement):
    return _lire(etablissement, CLE_INDEX)


def index_pour_ecrire(etablissement):
    return _pour_ecrire(etablissement, CLE_INDEX, IndexAgenda)


def lire_faits(site):
    return _lire(site, CLE_FAITS)


def faits_pour_ecrire(site):
    return _pour_ecrire(site, CLE_FAITS, Faits)


def lire_jetons(site):
    return _lire(site, CLE_JETONS)


def jetons_pour_ecrire(site):
    return _pour_ecrire(site, CLE_JETONS, Jetons)
