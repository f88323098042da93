"""The directory's records: structures, people and their links, in BTrees.

Pure module (persistent + BTrees, no Zope): it runs in RelStorage through the
site, and in unit tests in memory. Shaped for 10⁶ accounts: every lookup a
request needs — a person, a login, a class roster, a parent's children, a
teacher's classes, the staff of an establishment by function, a name prefix —
is a BTree access, O(log n); nothing scans all people. Each person is its
own persistent object, so concurrent writers touch different records.

A person keeps the AAF attributes it was built from (``attributs``), and
everything else (names, classes, links) is derived from them: a
``modifyRequest`` replaces attributes, and the indexes follow the difference.
"""

import hashlib
import json
import re
import unicodedata
from collections import namedtuple
from datetime import datetime

from BTrees.Length import Length
from BTrees.OOBTree import OOBTree, OOTreeSet
from persistent import Persistent
from persistent.list import PersistentList

from cartable.regles import aaf


def normaliser(texte: str) -> str:
    """Lower-case ASCII for logins and name search ('Léa Lefèvre' → 'lea lefevre')."""
    text = unicodedata.normalize("NFKD", texte or "").encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", " ", text.lower()).strip()


def empreinte(attributs: dict) -> str:
    """Stable fingerprint of a record's attributes: same file twice → same value."""
    data = json.dumps(sorted((k, list(v)) for k, v in attributs.items()), ensure_ascii=False)
    return hashlib.sha1(data.encode("utf-8")).hexdigest()


class Enregistrement(Persistent):
    """Common part of structures, subjects, MEF and people."""

    def __init__(self, id, categorie, attributs):
        self.id = id
        self.categorie = categorie
        self.attributs = dict(attributs)
        self.empreinte = empreinte(self.attributs)
        self.actif = True
        self.historique = PersistentList()

    def noter(self, quand: datetime, evenement: str, source: str = ""):
        self.historique.append((quand.isoformat(timespec="seconds"), evenement, source))

    def remplacer(self, attributs: dict) -> bool:
        """New attributes; False when nothing changed."""
        nouvelle = empreinte(attributs)
        if nouvelle == self.empreinte:
            return False
        self.attributs = dict(attributs)
        self.empreinte = nouvelle
        return True

    def valeur(self, nom, defaut=""):
        return aaf.premier(self.attributs, nom, defaut)

    def _derive(self, nom, calcul):
        """A list derived from ``attributs`` (``calcul()``), parsed once per loaded state of the record and given
        as a fresh copy. Kept beside the attributes it was parsed from: ``remplacer`` puts a new dict, and the next
        read parses again; a volatile attribute, so nothing is written and a reloaded record parses anew. (A
        teacher's Mon bureau asked its ``enseignements`` and ``fonctions`` about eighty times.)"""
        memo = getattr(self, "_v_derives", None)
        if memo is None or memo[0] is not self.attributs:
            memo = self._v_derives = (self.attributs, {})
        valeurs = memo[1]
        if nom not in valeurs:
            valeurs[nom] = tuple(calcul())
        return list(valeurs[nom])


class Structure(Enregistrement):
    """An establishment (EtabEducNat)."""

    @property
    def uai(self):
        return self.valeur("ENTStructureUAI") or self.valeur("ENTEtablissementUAI")

    @property
    def nom(self):
        return self.valeur("ENTStructureNomCourant")

    @property
    def type(self):
        return self.valeur("ENTStructureTypeStruct")

    @property
    def commune(self):
        return self.valeur("l")

    def divisions_declarees(self, nom_attribut):
        """code → libellé from ENTStructureClasses / ENTStructureGroupes."""
        return {code: libelle for code, libelle in aaf.tuples(self.attributs, nom_attribut, 2) if code}


class Personne(Enregistrement):
    """An élève, a responsable (PersRelEleve) or a member of staff (PersEducNat)."""

    login = None
    mot_de_passe = None  # hashed with Zope's AuthEncoding schemes
    code_activation = None
    jetons_rest = None  # REST tokens issued to this person (cartable.annuaire.jetons): a login writes only here

    @property
    def nom(self):
        return self.valeur("sn")

    @property
    def prenom(self):
        return self.valeur("givenName")

    @property
    def civilite(self):
        return self.valeur("personalTitle")

    @property
    def nom_complet(self):
        return f"{self.prenom} {self.nom}".strip()

    @property
    def date_naissance(self):
        return aaf.date_fr(self.valeur("ENTPersonDateNaissance"))

    @property
    def mail(self):
        return self.valeur("mail")

    @property
    def rattachements(self):
        return tuple(self.attributs.get("ENTPersonStructRattach") or ())

    @property
    def classes(self):
        """(structure, classe) of a student, or of a teacher's classes."""
        name = "ENTEleveClasses" if self.categorie == "Eleve" else "ENTAuxEnsClasses"
        return self._derive("classes", lambda: [(s, c) for s, c in aaf.tuples(self.attributs, name, 2) if s and c])

    @property
    def groupes(self):
        name = "ENTEleveGroupes" if self.categorie == "Eleve" else "ENTAuxEnsGroupes"
        return self._derive("groupes", lambda: [(s, g) for s, g in aaf.tuples(self.attributs, name, 2) if s and g])

    @property
    def responsables(self):
        return aaf.liens_responsables(self.attributs) if self.categorie == "Eleve" else []

    @property
    def fonctions(self):
        """(structure, code, libellé) of ENTPersonFonctions."""
        return self._derive("fonctions", lambda: [(t[0], t[1], t[2]) for t in aaf.tuples(self.attributs, "ENTPersonFonctions", 3)
                                                  if t[0] and t[1]])

    @property
    def enseignements(self):
        """(structure, division, matière) taught: classes and groups."""
        return self._derive("enseignements", lambda: [
            (s, d, m) for name in ("ENTAuxEnsClassesMatieres", "ENTAuxEnsGroupesMatieres")
            for s, d, m in aaf.tuples(self.attributs, name, 3) if s and d])

    @property
    def classes_principal(self):
        return self._derive("classes_principal",
                            lambda: [(s, c) for s, c in aaf.tuples(self.attributs, "ENTAuxEnsClassesPrincipal", 2) if s and c])


LECTURES_MAX = 2000  # index keys read per « prénom nom » split: a short typed nom never walks the region


Inscrit = namedtuple("Inscrit", "nom prenom id")  # a student of a class list: what a register or a grid shows


def ligne_de_liste(personne) -> tuple:
    """A student's entry in their divisions' class lists (a plain tuple: what the index stores)."""
    return (personne.nom, personne.prenom, personne.id)


class Annuaire(Persistent):
    """Every record of the region and the indexes that answer requests in O(log n)."""

    # a directory made before upgrade 1008 has no class lists: readers fall back to the records, the
    # import leaves the index alone until the upgrade builds it whole (``indexer_listes``)
    listes_division = None

    def __init__(self):
        self.structures = OOBTree()  # jointure → Structure
        self.par_uai = OOBTree()  # UAI → jointure
        self.matieres = OOBTree()  # code → Enregistrement
        self.mefs = OOBTree()  # code → Enregistrement
        self.personnes = OOBTree()  # jointure → Personne
        self.logins = OOBTree()  # login → jointure
        self.eleves_division = OOBTree()  # (structure, division) → {élève}
        self.listes_division = OOBTree()  # (structure, division) → {(nom, prénom, élève)}: names without records
        self.enseignants_division = OOBTree()  # (structure, division) → {enseignant}
        self.principaux = OOBTree()  # (structure, classe) → {enseignant}
        self.enfants = OOBTree()  # responsable → {élève}
        self.personnel = OOBTree()  # (structure, code fonction) → {personne}
        self.rattaches = OOBTree()  # structure → {personne}
        self.noms = OOBTree()  # "nom prenom\0id" → id (prefix search)
        self.divisions = OOBTree()  # (structure, "classe"|"groupe", code) → libellé
        self.effectifs = OOBTree()  # categorie → Length of active records

    # -- lookups (all O(log n)) ------------------------------------------------

    def personne(self, id):
        return self.personnes.get(id)

    def par_login(self, login):
        id = self.logins.get(login)
        return self.personnes.get(id) if id is not None else None

    def eleves(self, structure, division):
        return list(self.eleves_division.get((structure, division), ()))

    def liste(self, structure, division):
        """[(nom, prénom, id)] of the active students of a division, read from one index entry, or None when
        the index is not built (then read ``eleves`` and the records).

        Why: a register, a grade grid show a class by name. Each student's record is a whole AAF entry (about
        1.7 kB pickled, 50 µs to wake cold); at 8:00 each register is read once by its teacher, by whichever
        thread of the process serves it, so every one of its ~25 records was woken cold for two names."""
        if self.listes_division is None:
            return None
        return list(self.listes_division.get((structure, division), ()))

    def inscrits(self, structure, division):
        """[Inscrit(nom, prénom, id)] of a division's active students, by name (case-blind, then id): the class
        list, or the records when the list is not built yet."""
        liste = self.liste(structure, division)
        if liste is None:
            personnes = (self.personne(i) for i in self.eleves(structure, division))
            liste = [ligne_de_liste(p) for p in personnes if p is not None and p.actif]
        return [Inscrit(*e) for e in sorted(liste, key=lambda e: (e[0].lower(), e[1].lower(), e[2]))]

    def enfants_de(self, responsable):
        return list(self.enfants.get(responsable, ()))

    def enseignants_de(self, structure, division):
        return list(self.enseignants_division.get((structure, division), ()))

    def membres_fonction(self, structure, fonction):
        return list(self.personnel.get((structure, fonction), ()))

    def divisions_de(self, structure, genre):
        """{code: libellé} of an establishment's classes or groups (a range read)."""
        keys = self.divisions.items(min=(structure, genre, ""), max=(structure, genre, "\uffff"))
        return {code: libelle for (_, _, code), libelle in keys}

    def personnel_de(self, structure):
        """{function code: [person ids]} of an establishment (a range read)."""
        entries = self.personnel.items(min=(structure, ""), max=(structure, "\uffff"))
        return {code: list(ids) for (_, code), ids in entries}

    def chercher_nom(self, debut, limite=20):
        """People whose name starts with ``debut``, typed « nom prénom » or « prénom nom »
        (« Lecomte Aa », « Aaron Lecomte », « Aaron Lec »), accent- and case-blind; bounded work."""
        prefix = normaliser(debut)
        if not prefix:
            return []
        found = self._par_prefixe(prefix, limite)
        mots = prefix.split()
        # « prénom nom »: the index is « nom prénom »; for each split, read the names starting with the
        # typed nom (the last words, maybe cut short) and keep those whose first names start as typed
        for coupure in range(1, len(mots)):
            if len(found) >= limite:
                break
            prenom, nom = " ".join(mots[:coupure]), " ".join(mots[coupure:])
            # the nom typed in full: « nom prénom » is itself a prefix of the index, one range read
            # (a surname shared by thousands in a region would exhaust the bounded walk below first)
            for ident in self._par_prefixe(f"{nom} {prenom}", limite - len(found)):
                if ident not in found:
                    found.append(ident)
            for lus, key in enumerate(self.noms.keys(min=nom)):
                if not key.startswith(nom) or len(found) >= limite or lus >= LECTURES_MAX:
                    break
                nom_complet = key.split("\0", 1)[0]
                if f" {prenom}" in nom_complet[len(nom):] or nom_complet[len(nom):].startswith(prenom):
                    ident = self.noms[key]
                    if ident not in found:
                        found.append(ident)
        return found[:limite]

    def _par_prefixe(self, prefix, limite):
        found = []
        for key in self.noms.keys(min=prefix):
            if not key.startswith(prefix) or len(found) >= limite:
                break
            found.append(self.noms[key])
        return found

    def effectif(self, categorie):
        counter = self.effectifs.get(categorie)
        return counter() if counter is not None else 0

    # -- index maintenance -------------------------------------------------------

    def entrees(self, personne):
        """Index entries of an active person: {(index name, key)}, or (index name, key, member) when the
        member is not the person's id."""
        if not personne.actif:
            return set()
        entries = {("noms", f"{normaliser(personne.nom)} {normaliser(personne.prenom)}\0{personne.id}")}
        for structure in personne.rattachements:
            entries.add(("rattaches", structure))
        if personne.categorie == "Eleve":
            for structure, division in personne.classes + personne.groupes:
                entries.add(("eleves_division", (structure, division)))
                entries.add(("listes_division", (structure, division), ligne_de_liste(personne)))
            for lien in personne.responsables:
                entries.add(("enfants", lien.personne))
        elif personne.categorie == "PersEducNat":
            for structure, division in personne.classes + personne.groupes:
                entries.add(("enseignants_division", (structure, division)))
            for structure, division, _ in personne.enseignements:
                entries.add(("enseignants_division", (structure, division)))
            for structure, classe in personne.classes_principal:
                entries.add(("principaux", (structure, classe)))
            for structure, code, _ in personne.fonctions:
                entries.add(("personnel", (structure, code)))
        return entries

    def reindexer(self, personne, avant: set):
        """Apply the difference between the entries ``avant`` and the current ones."""
        apres = self.entrees(personne)
        for index, key, *membre in avant - apres:
            tree = getattr(self, index)
            if tree is None:  # not built yet: its upgrade builds it whole
                continue
            if index == "noms":
                tree.pop(key, None)
                continue
            membre = membre[0] if membre else personne.id
            members = tree.get(key)
            if members is not None and membre in members:
                members.remove(membre)
                if not members:
                    del tree[key]
        for index, key, *membre in apres - avant:
            tree = getattr(self, index)
            if tree is None:
                continue
            if index == "noms":
                tree[key] = personne.id
                continue
            members = tree.get(key)
            if members is None:
                members = tree[key] = OOTreeSet()
            members.add(membre[0] if membre else personne.id)

    def indexer_listes(self, pause=None, tous=500):
        """(Re)build the class lists from the students' records (upgrade 1008); returns the entries made.
        ``pause`` is called every ``tous`` divisions: a region wakes a million records, which the caller lets
        its cache drop (the records are only read)."""
        listes, entrees = OOBTree(), 0
        for n, ((structure, division), idents) in enumerate(self.eleves_division.items(), 1):
            if pause is not None and n % tous == 0:
                pause()
            membres = OOTreeSet()
            for ident in idents:
                personne = self.personnes.get(ident)
                if personne is not None and personne.actif:
                    membres.add(ligne_de_liste(personne))
            if membres:
                listes[(structure, division)] = membres
                entrees += len(membres)
        self.listes_division = listes
        return entrees

    def compter(self, categorie, delta):
        counter = self.effectifs.get(categorie)
        if counter is None:
            counter = self.effectifs[categorie] = Length()
        counter.change(delta)
