"""Export LSU: the *bilans périodiques* of one period for one collège.

Pure module (standard library + lxml, no Zope). ``manquants`` lists, in
French, every piece of data the LSU needs that is missing or invalid;
``exporter`` writes the file only when that list is empty; ``valider``
checks a file against the official schema
(../shared/formats/lsun/import-complet-strict.xsd) and checks that every
reference points to an id (libxml2 does not). Reading and checking happen in
one pass (``_lire``) that also builds what is written, so the checks and the
file cannot drift apart. ``vie_scolaire_du_decompte`` turns the output of
``cartable.regles.decompte.decompter`` into a student's ``vie_scolaire``.

Input ``donnees`` (a plain dict; dates are ``datetime.date`` or
"AAAA-MM-JJ" strings; optional keys marked ``?``)::

    {
      "editeur"?: str, "application"?: str, "version"?: str,   # entête (≤ 50 car.)
      "etablissement": {"uai": "0751234A", "nom": str, "responsable": "Mme Roux, principale"},
      "millesime": "2024",           # year the school year starts (4 digits)
      "periode": {"indice": 1, "nb_periodes": 3, "debut": date, "fin": date},
      "enseignants": [{"id": str, "id_sts": "12345" | int, "nom": str,
                       "prenom"?: str, "civilite"?: "M" | "MME", "type"?: "epp"}],
      "matieres": [{"code": "061300", "libelle": str (≤ 40 car.),
                    "modalite": "S"|"O"|"F"|"L"|"R"|"X"|"D", "code_national"?: str}],
      "classes": [{"code": "3A", "libelle"?: str, "date_conseil"?: date,
                   "professeurs_principaux"?: [enseignant id, ...],
                   "fin_de_cycle"?: 3 | 4}],  # its students need a bilan de fin de cycle
      "eleves": [{
          "id"?: str, "id_be": "1234567" | int, "nom": str, "prenom": str,
          "classe": code de classe,
          "date_conseil"?: date,          # else the class's
          "date_scolarite"?: date,        # else the period's start
          "acquis": [{"matiere": code, "enseignants": [enseignant id, ...],
                      "moyenne": Fraction | int | Decimal | None,   # None: non noté
                      "appreciation": str (≤ 600 car.),
                      "elements_programme"?: [str (≤ 300 car.), ...],  # éléments du programme travaillés
                      "positionnement"?: 1 | 2 | 3 | 4 | None}],       # regles.positionnement
          "appreciation_generale": str (≤ 1000 car.),
          "vie_scolaire": {"retards": int, "abs_justifiees": n, "abs_injustifiees": n,
                           "heures_manquees"?: nombre | None},
          "bilan_cycle"?: {                    # required when the class has "fin_de_cycle"
              "cycle": 3 | 4,
              "socle": {"CPD_FRA": 0–4, ...},  # the council's decision, all 8 components (0: dispensé)
              "synthese": str (≤ 1500 car.),   # the professeur principal's synthesis
              "enseignement_complement"?: {"code": "AUC"|"LCA"|..., "positionnement"?: 1 | 2},
              "date_creation"?: date,          # else the council's date
          },
      }],
    }

Decisions (see docs/lsu.md):

- ``schemaVersion`` is "7.0": the schema file enumerates 2.0–7.0 only, so a
  "10.0" file would not validate against it.
- Only the teachers and subjects that a bilan refers to are written (and
  checked); a subject is identified by its code, one modality per code.
- Averages are written "15.50" (half up, 2 decimals, from the exact value);
  ``None`` writes ``eleve-non-note="true"`` and no average.
- Half-day counts may be x.5 (*demi-journées calculées*) but the schema
  wants integers: x.5 is rounded up, as a partly missed half-day counts
  whole in *demi-journées brutes*; anything not a multiple of 0.5 is refused.
  ``heures_manquees`` is rounded half up to whole hours.
- Texts are trimmed and line ends made "\\n"; over-long texts are reported,
  never cut.
- ``id_be`` is the numeric Base élèves / SIECLE identifier: the schema types
  it ``positiveInteger``, so an INE (digits and letters) cannot stand in.
- Éléments du programme travaillés are declared once per file
  (``elements-programme``, unique by label, ids EP_1, EP_2… in order of first
  use) and referred to by each acquis. A subject with a positionnement and
  no average is written ``eleve-non-note="true"`` with its positionnement.
- A bilan de fin de cycle carries the council's decision for each of the 8
  components (``regles.socle``), never the computed proposal: a component
  not decided is a missing datum. Its ``millesime`` is the period's.
"""

import re
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from fractions import Fraction
from functools import lru_cache

from lxml import etree

from cartable.regles.moyennes import arrondi
from cartable.regles.socle import CODES_COMPOSANTES, CYCLES, PAR_CODE

ESPACE = "urn:fr:edu:scolarite:lsun:bilans:import"
VERSION_SCHEMA = "7.0"
MODALITES = ("S", "O", "F", "L", "R", "X", "D")
TYPES_ENSEIGNANT = ("epp", "local", "dir", "autre")
CIVILITES = ("M", "MME")
MAX_VIE_SCOLAIRE = 999
ENSEIGNEMENTS_COMPLEMENT = ("AUC", "LCA", "LCE", "LCR", "CHK", "PRO", "LSF", "LVE")
_UAI = re.compile(r"^[0-9]{7}[A-Z]$")
_CODE_MATIERE = re.compile(r"^[0-9A-Z]{6}$")
_ENTIER = re.compile(r"^[0-9]+$")
_DATE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")
_INTERDIT = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


class LsunIncomplet(ValueError):
    """The LSU cannot be written; ``manquants`` says what to fix, one line each."""

    def __init__(self, manquants):
        self.manquants = list(manquants)
        super().__init__(
            f"Export LSU impossible : {len(self.manquants)} donnée(s) manquante(s) ou invalide(s)\n" + "\n".join(self.manquants)
        )


@dataclass(frozen=True)
class Enseignant:
    ref: str
    id_sts: str
    type: str
    civilite: str | None
    nom: str
    prenom: str | None


@dataclass(frozen=True)
class Discipline:
    ref: str
    code: str
    code_national: str | None
    modalite: str
    libelle: str


@dataclass(frozen=True)
class Acquis:
    discipline: str
    enseignants: tuple
    moyenne: str | None  # "15.50", None: non noté
    appreciation: str
    elements: tuple = ()  # labels, then (once resolved) the file's EP_ refs
    positionnement: int | None = None


@dataclass(frozen=True)
class BilanCycle:
    cycle: int
    socle: tuple  # (code, 0–4) in the LSU order
    synthese: str
    date_creation: date
    complement: tuple | None  # (code, positionnement or None)


@dataclass(frozen=True)
class Bilan:
    ref: str
    id_be: str
    nom: str
    prenom: str
    division: str
    acquis: tuple
    conseils: str
    date_conseil: date
    date_scolarite: date
    profs_principaux: tuple
    vie_scolaire: tuple  # retards, justifiées, injustifiées, heures manquées (or None)
    cycle: BilanCycle | None = None


@dataclass(frozen=True)
class Export:
    editeur: str
    application: str
    version: str | None
    uai: str
    responsable: str
    millesime: str
    indice: int
    nb_periodes: int
    enseignants: tuple
    disciplines: tuple
    bilans: tuple
    elements: tuple = ()  # (ref, label)


class _Releve:
    """The problems found, in reading order, each once."""

    def __init__(self):
        self.lignes = []

    def __call__(self, ligne):
        if ligne not in self.lignes:
            self.lignes.append(ligne)


def manquants(donnees) -> list[str]:
    """Every missing or invalid piece of data, one French line each; empty: exportable."""
    return _lire(donnees)[1]


def exporter(donnees) -> bytes:
    """The LSU file (UTF-8, with its XML declaration); LsunIncomplet when data is missing."""
    export, problemes = _lire(donnees)
    if problemes:
        raise LsunIncomplet(problemes)
    return _ecrire(export)


def valider(xml: bytes, xsd_path) -> list[str]:
    """The schema's errors for this file, then its dangling references, "ligne N : message" each; empty: valid."""
    try:
        document = etree.fromstring(xml, _parseur())
    except etree.XMLSyntaxError as erreur:
        return [f"XML mal formé : {erreur}"]
    entites = [e for e in document.iter() if isinstance(e, etree._Entity)]
    if entites:
        return [f"ligne {e.sourceline} : entité {e.text} refusée (un fichier LSU n'en contient pas)" for e in entites]
    schema = _schema(str(xsd_path))
    try:
        valide = schema.validate(document)
    except etree.XMLSchemaValidateError as erreur:
        return [f"Validation impossible : {erreur}"]
    erreurs = [] if valide else [f"ligne {e.line} : {e.message}" for e in schema.error_log]
    return erreurs + _references_orphelines(document)


def _references_orphelines(document):
    """IDREF(S) that point to no id: libxml2's schema validation does not check them."""
    ids = {e.get("id") for e in document.iter() if isinstance(e.tag, str) and e.get("id") is not None}
    erreurs = []
    for element in document.iter():
        if not isinstance(element.tag, str):
            continue
        for nom, valeur in element.attrib.items():
            if nom.endswith(("-ref", "-refs")) or nom == "id-lv":
                for ref in valeur.split():
                    if ref not in ids:
                        erreurs.append(f"ligne {element.sourceline} : référence « {ref} » ({nom}) vers un identifiant absent du fichier")
    return erreurs


def _parseur():
    # External entities, DTDs and the network are never read.
    return etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)


@lru_cache(maxsize=4)
def _schema(chemin):
    return etree.XMLSchema(etree.parse(chemin, _parseur()))


def vie_scolaire_du_decompte(resultat) -> dict:
    """The ``vie_scolaire`` of a student from ``cartable.regles.decompte.decompter``'s output."""
    demi_journees = resultat["demi_journees"]
    return {
        "retards": resultat["retards"],
        "abs_justifiees": demi_journees["justifiees"],
        "abs_injustifiees": demi_journees["non_justifiees"],  # à régulariser included, as in the count
        "heures_manquees": Fraction(resultat["minutes_manquees"], 60),
    }


# Reading and checking ---------------------------------------------------------------------------


def _texte(valeur, maximum, ou, quoi, releve, feminin=False, requis=True):
    """A text the schema accepts: trimmed, "\\n" line ends, 1 to ``maximum`` characters."""
    if valeur is not None and not isinstance(valeur, str):
        releve(f"{ou} : {quoi} invalide (texte attendu)")
        return None
    texte = (valeur or "").replace("\r\n", "\n").replace("\r", "\n").strip()
    if not texte:
        if requis:
            releve(f"{ou} : {quoi} manquant{'e' if feminin else ''}")
        return None
    interdit = _INTERDIT.search(texte)
    if interdit:
        releve(f"{ou} : {quoi} contient un caractère interdit (U+{ord(interdit.group()):04X})")
        return None
    if len(texte) > maximum:
        releve(f"{ou} : {quoi} trop long{'ue' if feminin else ''} ({len(texte)} caractères, {maximum} au plus)")
        return None
    return texte


def _date(valeur, ou, quoi, releve):
    if isinstance(valeur, datetime):
        return valeur.date()
    if isinstance(valeur, date):
        return valeur
    if valeur is None or valeur == "":
        releve(f"{ou} : {quoi} manquante")
        return None
    if isinstance(valeur, str) and _DATE.match(valeur):
        try:
            return date.fromisoformat(valeur)
        except ValueError:
            pass
    releve(f"{ou} : {quoi} « {valeur} » invalide (AAAA-MM-JJ attendu)")
    return None


def _entier_positif(valeur):
    """A positive integer given as int or digits, normalised to its digits; else None."""
    if isinstance(valeur, int) and not isinstance(valeur, bool):
        return str(valeur) if valeur > 0 else None
    if isinstance(valeur, str) and _ENTIER.match(valeur.strip()) and int(valeur) > 0:
        return str(int(valeur))
    return None


def _nombre(valeur):
    """An exact number (int, Fraction, Decimal, float), or None when it is not one."""
    if isinstance(valeur, bool) or not isinstance(valeur, (int, Fraction, Decimal, float)):
        return None
    try:
        return Fraction(valeur)
    except (ValueError, OverflowError):  # NaN, infinities
        return None


def _liste(donnees, cle, ou, releve):
    valeur = donnees.get(cle)
    if valeur is None:
        return []
    if not isinstance(valeur, (list, tuple)):
        releve(f"{ou} : liste attendue")
        return []
    return list(valeur)


def _lire(donnees):
    releve = _Releve()
    if not isinstance(donnees, dict):
        releve("Données : dictionnaire attendu")
        return None, releve.lignes
    entete = _lire_entete(donnees, releve)
    periode = _lire_periode(donnees, releve)
    enseignants = _lire_enseignants(donnees, releve)
    matieres = _lire_matieres(donnees, releve)
    classes = _lire_classes(donnees, releve)
    bilans, refs_ens, refs_mat = _lire_eleves(donnees, periode, enseignants, matieres, classes, releve)
    retenus_ens = _verifier_enseignants(enseignants, refs_ens, releve)
    retenues_mat = _verifier_matieres(matieres, refs_mat, releve)
    if releve.lignes:
        return None, releve.lignes
    elements = {}
    for b in bilans:
        for a in b.acquis:
            for libelle in a.elements:
                elements.setdefault(libelle, f"EP_{len(elements) + 1}")
    bilans = tuple(_resoudre(b, retenus_ens, retenues_mat, elements) for b in bilans)
    export = Export(
        **entete,
        millesime=periode["millesime"],
        indice=periode["indice"],
        nb_periodes=periode["nb_periodes"],
        enseignants=tuple(retenus_ens.values()),
        disciplines=tuple(retenues_mat.values()),
        bilans=bilans,
        elements=tuple((ref, libelle) for libelle, ref in elements.items()),
    )
    return export, []


def _lire_entete(donnees, releve):
    etab = donnees.get("etablissement")
    if not isinstance(etab, dict):
        releve("Établissement : informations manquantes (code UAI, responsable)")
        etab = {}
    uai = etab.get("uai")
    uai = uai.strip().upper() if isinstance(uai, str) else uai
    if not uai:
        releve("Établissement : code UAI manquant")
    elif not isinstance(uai, str) or not _UAI.match(uai):
        releve(f"Établissement : code UAI « {uai} » invalide (7 chiffres et une lettre attendus)")
    responsable = _texte(etab.get("responsable"), 100, "Établissement", "responsable (chef d'établissement)", releve)
    return {
        "editeur": _texte(donnees.get("editeur", "Cartable"), 50, "Entête", "éditeur", releve),
        "application": _texte(donnees.get("application", "Cartable"), 50, "Entête", "application", releve),
        "version": _texte(donnees.get("version"), 50, "Entête", "version", releve, feminin=True, requis=False),
        "uai": uai,
        "responsable": responsable,
    }


def _lire_periode(donnees, releve):
    millesime = donnees.get("millesime")
    millesime = str(millesime) if isinstance(millesime, int) and not isinstance(millesime, bool) else millesime
    if not millesime:
        releve("Année scolaire : millésime manquant")
    elif not isinstance(millesime, str) or not re.fullmatch(r"[0-9]{4}", millesime):
        releve(f"Année scolaire : millésime « {millesime} » invalide (année de rentrée sur 4 chiffres attendue)")
        millesime = None
    periode = donnees.get("periode")
    if not isinstance(periode, dict):
        releve("Période : indice, nombre de périodes et dates manquants")
        periode = {}
    lu = {"millesime": millesime}
    for cle, quoi in (("indice", "indice"), ("nb_periodes", "nombre de périodes")):
        valeur = periode.get(cle)
        if valeur is None:
            releve(f"Période : {quoi} manquant")
        elif isinstance(valeur, bool) or not isinstance(valeur, int) or not 1 <= valeur <= 12:
            releve(f"Période : {quoi} « {valeur} » invalide (entier de 1 à 12 attendu)")
            valeur = None
        lu[cle] = valeur
    if lu["indice"] and lu["nb_periodes"] and lu["indice"] > lu["nb_periodes"]:
        releve(f"Période : indice {lu['indice']} supérieur au nombre de périodes ({lu['nb_periodes']})")
    lu["debut"] = _date(periode.get("debut"), "Période", "date de début", releve)
    lu["fin"] = _date(periode.get("fin"), "Période", "date de fin", releve)
    if lu["debut"] and lu["fin"] and lu["debut"] > lu["fin"]:
        releve("Période : la date de début est après la date de fin")
    if millesime and lu["debut"] and lu["debut"].year not in (int(millesime), int(millesime) + 1):
        releve(f"Période : le début ({lu['debut']:%d/%m/%Y}) n'est pas dans l'année scolaire {millesime}-{int(millesime) + 1}")
    return lu


def _nom_personne(personne, genre):
    nom = personne.get("nom") if isinstance(personne.get("nom"), str) else ""
    prenom = personne.get("prenom") if isinstance(personne.get("prenom"), str) else ""
    libelle = " ".join(p.strip() for p in (nom, prenom) if p and p.strip())
    return f"{genre} {libelle}" if libelle else f"{genre} « {personne.get('id', '?')} »"


def _lire_enseignants(donnees, releve):
    """Declared teachers by Cartable id; checked later, only when a bilan refers to them."""
    par_id = {}
    for rang, ens in enumerate(_liste(donnees, "enseignants", "Enseignants", releve), 1):
        if not isinstance(ens, dict):
            releve(f"Enseignant n° {rang} : description invalide")
            continue
        ident = ens.get("id")
        if not isinstance(ident, str) or not ident:
            releve(f"{_nom_personne(ens, 'Enseignant')} : identifiant Cartable manquant")
        elif ident in par_id:
            releve(f"{_nom_personne(ens, 'Enseignant')} : identifiant Cartable « {ident} » en double")
        else:
            par_id[ident] = ens
    return par_id


def _verifier_enseignants(par_id, references, releve):
    """The referenced teachers as written, in declaration order."""
    retenus, par_sts = {}, {}
    for ident, ens in par_id.items():
        if ident not in references:
            continue
        ou = _nom_personne(ens, "Enseignant")
        id_sts = _entier_positif(ens.get("id_sts"))
        if ens.get("id_sts") in (None, ""):
            releve(f"{ou} : identifiant STS manquant")
        elif id_sts is None:
            releve(f"{ou} : identifiant STS « {ens.get('id_sts')} » invalide (nombre entier attendu)")
        genre = ens.get("type", "epp")
        if genre not in TYPES_ENSEIGNANT:
            releve(f"{ou} : type « {genre} » invalide (epp, local, dir ou autre attendu)")
        civilite = ens.get("civilite")
        civilite = civilite.strip().upper() if isinstance(civilite, str) and civilite.strip() else None
        if civilite is not None and civilite not in CIVILITES:
            releve(f"{ou} : civilité « {ens.get('civilite')} » invalide (M ou MME attendu)")
        nom = _texte(ens.get("nom"), 100, ou, "nom", releve)
        prenom = _texte(ens.get("prenom"), 100, ou, "prénom", releve, requis=False)
        if id_sts and (genre, id_sts) in par_sts:
            releve(f"{ou} : identifiant STS {id_sts} déjà utilisé par {par_sts[(genre, id_sts)]}")
        elif id_sts:
            par_sts[(genre, id_sts)] = ou
        if id_sts and nom:
            retenus[ident] = Enseignant(f"ENS_{genre}_{id_sts}", id_sts, genre, civilite, nom, prenom)
    return retenus


def _lire_matieres(donnees, releve):
    par_code = {}
    for rang, mat in enumerate(_liste(donnees, "matieres", "Matières", releve), 1):
        if not isinstance(mat, dict):
            releve(f"Matière n° {rang} : description invalide")
            continue
        code = mat.get("code")
        code = code.strip() if isinstance(code, str) else code
        if not code:
            releve(f"Matière n° {rang} ({mat.get('libelle', 'sans libellé')}) : code manquant")
        elif not isinstance(code, str) or not _CODE_MATIERE.match(code):
            releve(f"Matière « {code} » : code invalide (6 chiffres ou lettres majuscules attendus)")
        elif code in par_code:
            releve(f"Matière {code} : déclarée deux fois")
        else:
            par_code[code] = mat
    return par_code


def _verifier_matieres(par_code, references, releve):
    retenues = {}
    for code, mat in par_code.items():
        if code not in references:
            continue
        ou = f"Matière {code}"
        libelle = _texte(mat.get("libelle"), 40, ou, "libellé", releve)
        modalite = mat.get("modalite")
        if modalite in (None, ""):
            releve(f"{ou} : code de modalité manquant")
        elif modalite not in MODALITES:
            releve(f"{ou} : code de modalité « {modalite} » invalide (S, O, F, L, R, X ou D attendu)")
        national = mat.get("code_national")
        if national not in (None, "") and not (isinstance(national, str) and _CODE_MATIERE.match(national)):
            releve(f"{ou} : code national « {national} » invalide (6 chiffres ou lettres majuscules attendus)")
        if libelle and modalite in MODALITES:
            retenues[code] = Discipline(f"DI_{code}_{modalite}", code, national or None, modalite, libelle)
    return retenues


def _lire_classes(donnees, releve):
    par_code = {}
    for rang, classe in enumerate(_liste(donnees, "classes", "Classes", releve), 1):
        code = classe.get("code") if isinstance(classe, dict) else None
        code = code.strip() if isinstance(code, str) else None
        if not code:
            releve(f"Classe n° {rang} : code de division manquant")
        elif len(code) > 20:
            releve(f"Classe {code} : code de division trop long ({len(code)} caractères, 20 au plus)")
        elif code in par_code:
            releve(f"Classe {code} : déclarée deux fois")
        else:
            par_code[code] = classe
    return par_code


def _lire_eleves(donnees, periode, enseignants, matieres, classes, releve):
    """Bilans with teacher ids and subject codes still unresolved, and what they refer to."""
    bilans, refs_ens, refs_mat, par_id_be = [], set(), set(), {}
    eleves = _liste(donnees, "eleves", "Élèves", releve)
    if not eleves:
        releve("Élèves : aucun élève à exporter")
    for rang, eleve in enumerate(eleves, 1):
        if not isinstance(eleve, dict):
            releve(f"Élève n° {rang} : description invalide")
            continue
        bilan = _lire_eleve(eleve, periode, enseignants, matieres, classes, releve, refs_ens, refs_mat)
        if bilan is None:
            continue
        if bilan.id_be in par_id_be:
            releve(f"Élève {bilan.nom} {bilan.prenom} ({bilan.division}) : identifiant base élèves {bilan.id_be} déjà utilisé par {par_id_be[bilan.id_be]}")
            continue
        par_id_be[bilan.id_be] = f"{bilan.nom} {bilan.prenom} ({bilan.division})"
        bilans.append(bilan)
    return bilans, refs_ens, refs_mat


def _lire_eleve(eleve, periode, enseignants, matieres, classes, releve, refs_ens, refs_mat):
    code_classe = eleve.get("classe").strip() if isinstance(eleve.get("classe"), str) else None
    ou = _nom_personne(eleve, "Élève") + (f" ({code_classe})" if code_classe else "")
    classe = classes.get(code_classe)
    if not code_classe:
        releve(f"{ou} : classe manquante")
    elif classe is None:
        releve(f"{ou} : classe {code_classe} inconnue")
    nombre_avant = len(releve.lignes)
    id_be = _entier_positif(eleve.get("id_be"))
    if eleve.get("id_be") in (None, ""):
        releve(f"{ou} : INE/identifiant base élèves manquant (l'identifiant numérique SIECLE est attendu)")
    elif id_be is None:
        releve(f"{ou} : identifiant base élèves « {eleve.get('id_be')} » invalide (nombre entier attendu, un INE ne convient pas)")
    nom = _texte(eleve.get("nom"), 100, ou, "nom", releve)
    prenom = _texte(eleve.get("prenom"), 100, ou, "prénom", releve)
    conseil = eleve.get("date_conseil") or (classe or {}).get("date_conseil")
    date_conseil = _date(conseil, ou, "date du conseil de classe", releve)
    date_scolarite = periode["debut"]
    if eleve.get("date_scolarite") is not None:
        date_scolarite = _date(eleve.get("date_scolarite"), ou, "date de scolarité", releve)
    if date_scolarite and periode["fin"] and date_scolarite > periode["fin"]:
        releve(f"{ou} : date de scolarité après la fin de la période")
    conseils = _texte(eleve.get("appreciation_generale"), 1000, ou, "appréciation générale", releve, feminin=True)
    acquis = _lire_acquis(eleve, ou, enseignants, matieres, releve, refs_ens, refs_mat)
    vie = _lire_vie_scolaire(eleve.get("vie_scolaire"), ou, releve)
    profs = []
    principaux = (classe or {}).get("professeurs_principaux") or []
    for ident in principaux if isinstance(principaux, (list, tuple)) else [principaux]:
        if not isinstance(ident, str) or ident not in enseignants:
            releve(f"Classe {code_classe} : professeur principal « {ident} » inconnu")
        elif ident not in profs:
            profs.append(ident)
            refs_ens.add(ident)
    cycle = _lire_bilan_cycle(eleve.get("bilan_cycle"), (classe or {}).get("fin_de_cycle"), ou, date_conseil, releve)
    if len(releve.lignes) > nombre_avant or classe is None:
        return None
    return Bilan(f"EL_{id_be}", id_be, nom, prenom, code_classe, tuple(acquis), conseils, date_conseil,
                 date_scolarite, tuple(profs), vie, cycle)


def _lire_bilan_cycle(bilan, fin_de_cycle, ou, date_conseil, releve):
    """The bilan de fin de cycle: required when the class ends a cycle, checked whenever given."""
    if fin_de_cycle is not None and fin_de_cycle not in CYCLES:
        releve(f"{ou} : cycle de fin « {fin_de_cycle} » invalide (3 ou 4 attendu)")
        return None
    if bilan is None:
        if fin_de_cycle is not None:
            releve(f"{ou} : bilan de fin de cycle {fin_de_cycle} manquant (niveaux du socle décidés en conseil, synthèse)")
        return None
    if not isinstance(bilan, dict):
        releve(f"{ou} : bilan de fin de cycle invalide")
        return None
    cycle = bilan.get("cycle", fin_de_cycle)
    if cycle not in CYCLES or isinstance(cycle, bool):
        releve(f"{ou} : cycle « {cycle} » invalide (3 ou 4 attendu)")
        return None
    if fin_de_cycle is not None and cycle != fin_de_cycle:
        releve(f"{ou} : bilan du cycle {cycle}, la classe termine le cycle {fin_de_cycle}")
    ici = f"{ou}, fin du cycle {cycle}"
    socle = bilan.get("socle")
    socle = socle if isinstance(socle, dict) else {}
    for code in socle:
        if code not in PAR_CODE:
            releve(f"{ici} : composante du socle « {code} » inconnue")
    niveaux = []
    for code in CODES_COMPOSANTES:
        niveau = socle.get(code)
        libelle = f"« {PAR_CODE[code].libelle} » ({code})"
        if niveau is None:
            releve(f"{ici} : niveau de la composante {libelle} non décidé par le conseil")
        elif isinstance(niveau, bool) or not isinstance(niveau, int) or not 0 <= niveau <= 4:
            releve(f"{ici} : niveau « {niveau} » de la composante {libelle} invalide (0 dispensé, 1 à 4 attendu)")
        else:
            niveaux.append((code, niveau))
    synthese = _texte(bilan.get("synthese"), 1500, ici, "synthèse du professeur principal", releve, feminin=True)
    date_creation = date_conseil
    if bilan.get("date_creation") is not None:
        date_creation = _date(bilan.get("date_creation"), ici, "date de création", releve)
    complement = None
    ens = bilan.get("enseignement_complement")
    if ens is not None:
        code = ens.get("code") if isinstance(ens, dict) else None
        position = ens.get("positionnement") if isinstance(ens, dict) else None
        if code not in ENSEIGNEMENTS_COMPLEMENT:
            releve(f"{ici} : enseignement de complément « {code} » inconnu ({', '.join(ENSEIGNEMENTS_COMPLEMENT)} attendu)")
        elif cycle != 4:
            releve(f"{ici} : un enseignement de complément n'existe qu'en fin de cycle 4")
        elif code != "AUC" and position not in (1, 2):
            releve(f"{ici} : positionnement de l'enseignement de complément manquant ou invalide (1 objectif atteint, 2 dépassé)")
        else:
            complement = (code, position if code != "AUC" else None)
    if len(niveaux) != len(CODES_COMPOSANTES) or synthese is None or date_creation is None:
        return None
    return BilanCycle(cycle, tuple(niveaux), synthese, date_creation, complement)


def _lire_acquis(eleve, ou, enseignants, matieres, releve, refs_ens, refs_mat):
    lus, vues = [], set()
    liste = _liste(eleve, "acquis", f"{ou}, acquis", releve)
    if not liste:
        releve(f"{ou} : aucune matière (le LSU attend au moins un acquis)")
    for rang, acquis in enumerate(liste, 1):
        if not isinstance(acquis, dict):
            releve(f"{ou}, matière n° {rang} : description invalide")
            continue
        code = acquis.get("matiere")
        matiere = matieres.get(code) if isinstance(code, str) else None
        if matiere is None:
            releve(f"{ou} : matière « {code} » inconnue")
            continue
        ici = f"{ou}, {matiere.get('libelle') or code}"
        if code in vues:
            releve(f"{ici} : matière présente deux fois")
            continue
        vues.add(code)
        refs_mat.add(code)
        idents = acquis.get("enseignants") or []
        if not isinstance(idents, (list, tuple)) or not idents:
            releve(f"{ici} : aucun enseignant")
            idents = []
        for ident in idents:
            if not isinstance(ident, str) or ident not in enseignants:
                releve(f"{ici} : enseignant « {ident} » inconnu")
            refs_ens.add(ident)
        moyenne = _lire_moyenne(acquis, ici, releve)
        appreciation = _texte(acquis.get("appreciation"), 600, ici, "appréciation", releve, feminin=True)
        elements = []
        for libelle in _liste(acquis, "elements_programme", f"{ici}, éléments du programme", releve):
            texte = _texte(libelle, 300, ici, "élément du programme travaillé", releve)
            if texte and texte not in elements:
                elements.append(texte)
        position = acquis.get("positionnement")
        if position is not None and (isinstance(position, bool) or not isinstance(position, int) or not 1 <= position <= 4):
            releve(f"{ici} : positionnement « {position} » invalide (1 à 4 attendu)")
            position = None
        lus.append(Acquis(code, tuple(dict.fromkeys(idents)), moyenne, appreciation, tuple(elements), position))
    return lus


def _lire_moyenne(acquis, ou, releve):
    if "moyenne" not in acquis:
        releve(f"{ou} : moyenne manquante (None si l'élève n'est pas noté)")
        return None
    valeur = acquis["moyenne"]
    if valeur is None:
        return None
    exacte = _nombre(valeur) if not isinstance(valeur, float) else None
    if exacte is None:
        releve(f"{ou} : moyenne « {valeur} » invalide (nombre exact attendu : Fraction, entier ou Decimal)")
        return None
    if not 0 <= exacte <= 20:
        releve(f"{ou} : moyenne {float(exacte):.2f} hors de 0–20")
        return None
    return f"{arrondi(exacte):.2f}"


def _lire_vie_scolaire(vie, ou, releve):
    if not isinstance(vie, dict):
        releve(f"{ou} : vie scolaire manquante (retards, demi-journées d'absence)")
        return None
    retards = vie.get("retards")
    if retards is None:
        releve(f"{ou} : nombre de retards manquant")
    elif isinstance(retards, bool) or not isinstance(retards, int) or not 0 <= retards <= MAX_VIE_SCOLAIRE:
        releve(f"{ou} : nombre de retards « {retards} » invalide (entier de 0 à {MAX_VIE_SCOLAIRE} attendu)")
    justifiees = _demi_journees(vie.get("abs_justifiees"), ou, "demi-journées d'absence justifiées", releve)
    injustifiees = _demi_journees(vie.get("abs_injustifiees"), ou, "demi-journées d'absence non justifiées", releve)
    heures = None
    if vie.get("heures_manquees") is not None:
        exactes = _nombre(vie["heures_manquees"])
        heures = _arrondi_entier(exactes) if exactes is not None and exactes >= 0 else None
        if heures is None or heures > MAX_VIE_SCOLAIRE:
            releve(f"{ou} : heures manquées « {vie['heures_manquees']} » invalides (nombre de 0 à {MAX_VIE_SCOLAIRE} attendu)")
    return (retards, justifiees, injustifiees, heures)


def _demi_journees(valeur, ou, quoi, releve):
    """A half-day count as the schema's integer: x.5 rounded up (a part of a half-day counts whole)."""
    if valeur is None:
        releve(f"{ou} : nombre de {quoi} manquant")
        return None
    exact = _nombre(valeur)
    if exact is None or exact < 0 or (exact * 2).denominator != 1:
        releve(f"{ou} : {quoi} « {valeur} » invalide (nombre positif, multiple de 0,5, attendu)")
        return None
    entier = _arrondi_entier(exact)
    if entier > MAX_VIE_SCOLAIRE:
        releve(f"{ou} : {quoi} : {entier} dépasse {MAX_VIE_SCOLAIRE}, le maximum du LSU")
        return None
    return entier


def _arrondi_entier(valeur: Fraction) -> int:
    """Half up to an integer, for values ≥ 0."""
    return int((valeur + Fraction(1, 2)) // 1)


def _resoudre(bilan, enseignants, disciplines, elements):
    """Cartable ids, subject codes and element labels replaced by the file's references."""
    acquis = tuple(
        Acquis(disciplines[a.discipline].ref, tuple(enseignants[e].ref for e in a.enseignants), a.moyenne, a.appreciation,
               tuple(elements[libelle] for libelle in a.elements), a.positionnement)
        for a in bilan.acquis
    )
    profs = tuple(dict.fromkeys(enseignants[e].ref for e in bilan.profs_principaux))
    return Bilan(bilan.ref, bilan.id_be, bilan.nom, bilan.prenom, bilan.division, acquis, bilan.conseils,
                 bilan.date_conseil, bilan.date_scolarite, profs, bilan.vie_scolaire, bilan.cycle)


# Writing ----------------------------------------------------------------------------------------

_RESPONSABLE = "RESP_1"
_PERIODE = "PER_1"


def _element(parent, nom, attributs=None, texte=None):
    attributs = {cle: valeur for cle, valeur in (attributs or {}).items() if valeur is not None}
    element = etree.SubElement(parent, f"{{{ESPACE}}}{nom}", attributs)
    if texte is not None:
        element.text = texte
    return element


def _ecrire(export: Export) -> bytes:
    racine = etree.Element(f"{{{ESPACE}}}lsun-bilans", {"schemaVersion": VERSION_SCHEMA}, nsmap={None: ESPACE})
    entete = _element(racine, "entete")
    _element(entete, "editeur", texte=export.editeur)
    _element(entete, "application", texte=export.application)
    if export.version:
        _element(entete, "appliVersion", texte=export.version)
    _element(entete, "etablissement", texte=export.uai)
    donnees = _element(racine, "donnees")
    responsables = _element(donnees, "responsables-etab")
    _element(responsables, "responsable-etab", {"id": _RESPONSABLE, "libelle": export.responsable})
    eleves = _element(donnees, "eleves")
    for b in export.bilans:
        _element(eleves, "eleve", {"id": b.ref, "id-be": b.id_be, "nom": b.nom, "prenom": b.prenom, "code-division": b.division})
    periodes = _element(donnees, "periodes")
    _element(periodes, "periode", {"id": _PERIODE, "millesime": export.millesime, "indice": str(export.indice),
                                   "nb-periodes": str(export.nb_periodes)})
    disciplines = _element(donnees, "disciplines")
    for d in export.disciplines:
        _element(disciplines, "discipline", {"id": d.ref, "code": d.code, "code-national": d.code_national,
                                             "modalite-election": d.modalite, "libelle": d.libelle})
    enseignants = _element(donnees, "enseignants")
    for e in export.enseignants:
        _element(enseignants, "enseignant", {"id": e.ref, "type": e.type, "id-sts": e.id_sts, "civilite": e.civilite,
                                             "nom": e.nom, "prenom": e.prenom})
    if export.elements:
        elements = _element(donnees, "elements-programme")
        for ref, libelle in export.elements:
            _element(elements, "element-programme", {"id": ref, "libelle": libelle})
    bilans = _element(donnees, "bilans-periodiques")
    for b in export.bilans:
        _ecrire_bilan(bilans, b)
    cycles = [b for b in export.bilans if b.cycle is not None]
    if cycles:
        parent = _element(donnees, "bilans-cycle")
        for b in cycles:
            _ecrire_bilan_cycle(parent, b, export.millesime)
    return etree.tostring(racine, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def _ecrire_bilan(parent, b: Bilan):
    bilan = _element(parent, "bilan-periodique", {
        "eleve-ref": b.ref,
        "periode-ref": _PERIODE,
        "date-conseil-classe": b.date_conseil.isoformat(),
        "date-scolarite": b.date_scolarite.isoformat(),
        "responsable-etab-ref": _RESPONSABLE,
        "prof-princ-refs": " ".join(b.profs_principaux) or None,
    })
    liste = _element(bilan, "liste-acquis")
    for a in b.acquis:
        attributs = {"discipline-ref": a.discipline, "enseignant-refs": " ".join(a.enseignants),
                     "element-programme-refs": " ".join(a.elements) or None}
        if a.moyenne is None:
            attributs["eleve-non-note"] = "true"
        else:
            attributs["moyenne-eleve"] = a.moyenne
        if a.positionnement is not None:
            attributs["positionnement"] = str(a.positionnement)
        acquis = _element(liste, "acquis", attributs)
        _element(acquis, "appreciation", texte=a.appreciation)
    _element(bilan, "acquis-conseils", texte=b.conseils)
    retards, justifiees, injustifiees, heures = b.vie_scolaire
    _element(bilan, "vie-scolaire", {
        "nb-retards": str(retards),
        "nb-abs-justifiees": str(justifiees),
        "nb-abs-injustifiees": str(injustifiees),
        "nb-heures-manquees": None if heures is None else str(heures),
    })


def _ecrire_bilan_cycle(parent, b: Bilan, millesime):
    cycle = b.cycle
    bilan = _element(parent, "bilan-cycle", {
        "eleve-ref": b.ref,
        "cycle": str(cycle.cycle),
        "millesime": millesime,
        "date-creation": cycle.date_creation.isoformat(),
        "responsable-etab-ref": _RESPONSABLE,
        "prof-princ-refs": " ".join(b.profs_principaux) or None,
    })
    socle = _element(bilan, "socle")
    for code, niveau in cycle.socle:
        _element(socle, "domaine", {"code": code, "positionnement": str(niveau)})
    _element(bilan, "synthese", texte=cycle.synthese)
    if cycle.complement is not None:
        code, position = cycle.complement
        _element(bilan, "enseignement-complement", {"code": code, "positionnement": None if position is None else str(position)})
