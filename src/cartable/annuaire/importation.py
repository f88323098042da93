"""Applying AAF records to the directory: idempotent, delta-aware, record by record.

Pure module (no Zope). Each record is checked completely before anything is
changed, so a rejected record leaves the directory as it was; an accepted one
is applied whole. ``point_de_controle`` is called every ``lot`` records (the
Zope side commits there: the import is transactional per batch, and running
the same files again after a crash resumes it, since applying is idempotent).
"""

import os
import re
from collections import Counter
from dataclasses import asdict, dataclass, field
from pathlib import Path

from cartable.annuaire.comptes import generer_code
from cartable.annuaire.registre import Enregistrement, Personne, Structure, normaliser
from cartable.core import horloge
from cartable.regles import aaf

UAI = re.compile(r"^[0-9]{7}[A-Z]$")
EXEMPLES_MAX = 5  # examples kept per kind of warning


@dataclass
class Compteurs:
    created: int = 0
    updated: int = 0
    deactivated: int = 0
    unchanged: int = 0
    rejected: int = 0

    @property
    def total(self):
        return self.created + self.updated + self.deactivated + self.unchanged + self.rejected


@dataclass
class Rapport:
    categories: dict = field(default_factory=lambda: {c: Compteurs() for c in aaf.CATEGORIES})
    rejets: list = field(default_factory=list)
    # kind of warning → count, and a few examples
    avertissements: Counter = field(default_factory=Counter)
    exemples: dict = field(default_factory=dict)
    fichiers: list = field(default_factory=list)

    def resume(self) -> dict:
        """The summary per category, as the command line prints it."""
        return {categorie: asdict(compteurs) for categorie, compteurs in self.categories.items()}

    def avertir(self, genre: str, exemple: str):
        self.avertissements[genre] += 1
        examples = self.exemples.setdefault(genre, [])
        if len(examples) < EXEMPLES_MAX:
            examples.append(exemple)

    def rejeter(self, rejet: aaf.Rejet):
        self.rejets.append(rejet)
        if rejet.categorie in self.categories:
            self.categories[rejet.categorie].rejected += 1
        else:
            self.categories.setdefault("?", Compteurs()).rejected += 1


class Crochets:
    """What the Zope side does when structures and divisions appear (content objects)."""

    def structure(self, structure):
        pass

    def division(self, structure, genre, code, libelle):
        pass

    def desactive(self, enregistrement):
        """A record was deactivated (a person leaves: every way in closes)."""
        pass


class Importateur:
    def __init__(self, annuaire, crochets=None, maintenant=None):
        self.annuaire = annuaire
        self.crochets = crochets or Crochets()
        self.maintenant = maintenant or horloge.maintenant
        self.rapport = Rapport()
        self._ajouts = {}  # (catégorie, id) → where it was added in this run: duplicates
        self._responsables_cites = {}  # responsable id → a student citing it
        self._responsables_vus = []  # PersRelEleve applied in this run
        self._suffixes = {}  # login base → the last number found taken in this run (logins are never freed)

    # -- driving -----------------------------------------------------------------

    def importer(self, fichiers, progression=None, point_de_controle=None, lot=500, lire=aaf.lire_fichier, ordonner=aaf.ordonner) -> Rapport:
        """Apply the files in order; ``lire``/``ordonner`` read another format (CSV) into the same records."""
        fichiers = ordonner(fichiers)
        total_octets = sum(os.path.getsize(f) for f in fichiers) or 1
        fait_octets = 0
        nombre = 0
        for fichier in fichiers:
            self.rapport.fichiers.append(Path(fichier).name)
            taille = os.path.getsize(fichier)
            enregistrements = list(lire(fichier))  # read when reached: earlier files are applied
            for rang, enregistrement in enumerate(enregistrements, 1):
                self.appliquer(enregistrement)
                nombre += 1
                if point_de_controle and nombre % lot == 0:
                    point_de_controle()
                if progression and (nombre % 100 == 0 or rang == len(enregistrements)):
                    fraction = (fait_octets + taille * rang / len(enregistrements)) / total_octets
                    progression(fraction, nombre, Path(fichier).name)
            fait_octets += taille
            if progression:
                progression(fait_octets / total_octets, nombre, Path(fichier).name)
        self.verifier_liens()
        if point_de_controle:
            point_de_controle()
        return self.rapport

    def appliquer(self, enregistrement):
        if isinstance(enregistrement, aaf.Rejet):
            self.rapport.rejeter(enregistrement)
            return
        requete = enregistrement
        if requete.operation == "add":
            key = (requete.categorie, requete.id)
            if key in self._ajouts:
                fichier, ligne = self._ajouts[key]
                self._rejeter(requete, f"identifiant en double : déjà ajouté par {fichier} ligne {ligne}")
                return
            self._ajouts[key] = (requete.fichier, requete.ligne)
        handler = {
            "EtabEducNat": self._structure,
            "MatiereEducNat": self._nomenclature,
            "MefEducNat": self._nomenclature,
        }.get(requete.categorie, self._personne)
        handler(requete)

    def _rejeter(self, requete, motif):
        self.rapport.rejeter(aaf.Rejet(requete.fichier, requete.ligne, requete.id, requete.categorie, motif))

    def _compter(self, requete, resultat):
        compteurs = self.rapport.categories[requete.categorie]
        setattr(compteurs, resultat, getattr(compteurs, resultat) + 1)

    def _source(self, requete):
        return f"{requete.fichier}:{requete.ligne}"

    # -- generic add / modify / delete on a table ---------------------------------

    def _cible(self, requete, table):
        """(existing record, new attributes) or a rejection motive (str)."""
        existant = table.get(requete.id)
        if requete.operation == "add":
            return existant, dict(requete.attributs)
        if existant is None:
            verbe = "modification" if requete.operation == "modify" else "suppression"
            return f"{verbe} d'un enregistrement inconnu ({requete.categorie} {requete.id})"
        if requete.operation == "modify":
            return existant, {**existant.attributs, **requete.attributs}
        return existant, None

    def _desactiver(self, requete, existant):
        if not existant.actif:
            self._compter(requete, "unchanged")
            return False
        existant.actif = False
        existant.noter(self.maintenant(), "désactivé", self._source(requete))
        self._compter(requete, "deactivated")
        self.crochets.desactive(existant)
        return True

    def _enregistrer(self, requete, table, existant, attributs, factory):
        """Create, update, reactivate or leave as is; return (record, result)."""
        if existant is None:
            record = factory(requete.id, requete.categorie, attributs)
            record.noter(self.maintenant(), "créé", self._source(requete))
            table[requete.id] = record
            resultat = "created"
        else:
            record = existant
            changed = record.remplacer(attributs)
            if not record.actif:
                record.actif = True
                record.noter(self.maintenant(), "réactivé", self._source(requete))
                resultat = "updated"
            elif changed:
                record.noter(self.maintenant(), "modifié", self._source(requete))
                resultat = "updated"
            else:
                resultat = "unchanged"
        self._compter(requete, resultat)
        return record, resultat

    # -- structures ---------------------------------------------------------------

    def _structure(self, requete):
        annuaire = self.annuaire
        cible = self._cible(requete, annuaire.structures)
        if isinstance(cible, str):
            return self._rejeter(requete, cible)
        existant, attributs = cible
        if attributs is None:
            if self._desactiver(requete, existant):
                self.crochets.structure(existant)
            return
        uai = aaf.premier(attributs, "ENTStructureUAI") or aaf.premier(attributs, "ENTEtablissementUAI")
        if not UAI.match(uai):
            return self._rejeter(requete, f"UAI absente ou invalide « {uai} » (7 chiffres et une lettre)")
        proprietaire = annuaire.par_uai.get(uai)
        if proprietaire not in (None, requete.id):
            return self._rejeter(requete, f"UAI {uai} déjà portée par la structure {proprietaire}")
        ancienne_uai = existant.uai if existant is not None else None
        structure, resultat = self._enregistrer(requete, annuaire.structures, existant, attributs, Structure)
        if ancienne_uai and ancienne_uai != uai:
            annuaire.par_uai.pop(ancienne_uai, None)
        annuaire.par_uai[uai] = requete.id
        if resultat != "unchanged":
            self.crochets.structure(structure)  # before its divisions: they live inside it
        for genre, nom in (("classe", "ENTStructureClasses"), ("groupe", "ENTStructureGroupes")):
            for code, libelle in structure.divisions_declarees(nom).items():
                self._division(requete.id, genre, code, libelle or code)

    def _division(self, structure, genre, code, libelle=None):
        key = (structure, genre, code)
        known = self.annuaire.divisions.get(key)
        if known is None or (libelle and known != libelle and libelle != code):
            self.annuaire.divisions[key] = libelle or code
            self.crochets.division(structure, genre, code, libelle or code)

    # -- subjects and MEF ---------------------------------------------------------

    def _nomenclature(self, requete):
        table = self.annuaire.matieres if requete.categorie == "MatiereEducNat" else self.annuaire.mefs
        cible = self._cible(requete, table)
        if isinstance(cible, str):
            return self._rejeter(requete, cible)
        existant, attributs = cible
        if attributs is None:
            self._desactiver(requete, existant)
            return
        self._enregistrer(requete, table, existant, attributs, Enregistrement)

    # -- people ---------------------------------------------------------------------

    def _personne(self, requete):
        annuaire = self.annuaire
        cible = self._cible(requete, annuaire.personnes)
        if isinstance(cible, str):
            return self._rejeter(requete, cible)
        existant, attributs = cible
        if existant is not None and existant.categorie != requete.categorie:
            return self._rejeter(requete, f"identifiant déjà utilisé par un(e) {existant.categorie}")
        if attributs is None:
            avant = annuaire.entrees(existant)
            if self._desactiver(requete, existant):
                annuaire.reindexer(existant, avant)
                annuaire.compter(existant.categorie, -1)
            return
        motif = self._verifier_personne(requete, attributs)
        if motif:
            return self._rejeter(requete, motif)
        avant = annuaire.entrees(existant) if existant is not None else set()
        etait_actif = existant is not None and existant.actif
        personne, resultat = self._enregistrer(requete, annuaire.personnes, existant, attributs, Personne)
        if resultat == "unchanged":
            return
        if personne.login is None:
            personne.login = self._nouveau_login(personne)
            personne.code_activation = generer_code()
            annuaire.logins[personne.login] = personne.id
        if not etait_actif:
            annuaire.compter(personne.categorie, 1)
        annuaire.reindexer(personne, avant)
        self._suivre_liens(personne)

    def _verifier_personne(self, requete, attributs) -> str | None:
        """Why this person cannot be applied, or None. Nothing is changed here."""
        if not (aaf.premier(attributs, "sn") or aaf.premier(attributs, "givenName")):
            return "nom et prénom absents (sn, givenName)"
        structures = self.annuaire.structures
        for structure in attributs.get("ENTPersonStructRattach") or ():
            if structure not in structures:
                return f"structure de rattachement inconnue {structure} (ENTPersonStructRattach)"
        if requete.categorie == "Eleve":
            for structure, classe in aaf.tuples(attributs, "ENTEleveClasses", 2):
                if structure not in structures:
                    return f"classe {classe} dans une structure inconnue {structure} (ENTEleveClasses)"
        return None

    def _suivre_liens(self, personne):
        """Make divisions exist; note links to what the files do not (yet) describe."""
        structures = self.annuaire.structures
        if personne.categorie == "Eleve":
            for structure, classe in personne.classes:
                self._division(structure, "classe", classe)
            for structure, groupe in personne.groupes:
                if structure in structures:
                    self._division(structure, "groupe", groupe)
                else:
                    self.rapport.avertir("groupe dans une structure inconnue", f"{personne.id}: {structure}${groupe}")
            for lien in personne.responsables:
                self._responsables_cites.setdefault(lien.personne, personne.id)
        elif personne.categorie == "PersRelEleve":
            self._responsables_vus.append(personne.id)
        elif personne.categorie == "PersEducNat":
            for structure, division, matiere in personne.enseignements:
                if structure not in structures:
                    self.rapport.avertir("enseignement dans une structure inconnue", f"{personne.id}: {structure}${division}")
                elif matiere and matiere not in self.annuaire.matieres:
                    self.rapport.avertir("matière inconnue", f"{personne.id}: {matiere}")
            for structure, code, _ in personne.fonctions:
                if structure not in structures:
                    self.rapport.avertir("fonction dans une structure inconnue", f"{personne.id}: {structure}${code}")

    def verifier_liens(self):
        """Links to people the files do not describe: kept (files come in parts), and reported."""
        for responsable, eleve in self._responsables_cites.items():
            if responsable not in self.annuaire.personnes:
                self.rapport.avertir("responsable absent des fichiers", f"élève {eleve} → {responsable}")
        for responsable in self._responsables_vus:
            if responsable not in self.annuaire.enfants:
                self.rapport.avertir("responsable sans élève décrit", responsable)

    def _nouveau_login(self, personne) -> str:
        """prénom.nom in lower-case ASCII, with a number when taken; never changes afterwards."""
        base = ".".join(p.replace(" ", "-") for p in (normaliser(personne.prenom), normaliser(personne.nom)) if p)
        base = base or f"compte{personne.id}"
        # numbers below the last one taken in this run are all taken: a region of 10⁶ people with a few
        # thousand « lea.martin » tries each number once per run, not once per person (quadratic)
        n = self._suffixes.get(base, 1)
        login = base if n == 1 else f"{base}{n}"
        while login in self.annuaire.logins:
            n += 1
            login = f"{base}{n}"
        self._suffixes[base] = n
        return login
